"""What one task does on a worker: ingest -> clean -> read (-> embed) over one shard.

A task returns plain data (:func:`newsprism.records.to_dict` output, strings, bytes), never
live objects: the driver rebuilds the records with ``from_dict``, and the wire format does not
depend on the engine's pickling.  Only the driver writes the store (SQLite has one writer).

A bad input never fails the task: ingest already turns it into a :class:`Rejection`, and an
unexpected exception while cleaning or reading a batch is retried article by article, so only
the article that raises is rejected (``clean-failed`` / ``read-failed``, stage ``clean`` /
``read``).  A :class:`NewsprismError` (a missing model, a bad option) is no bad record but a
broken setup that every task would hit: it comes back as ``fatal`` and the driver stops.

The spaCy pipeline and the embedder are loaded once per worker thread and kept for the next
task: loading takes seconds, a task should take longer.  Per thread, not per process, because
spaCy does not promise that one pipeline may parse in two threads at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from ..clean import Cleaner
from ..embed import Embedder, default_embedder
from ..errors import NewsprismError
from ..group.features import features
from ..guard import clean_and_read, describe
from ..ingest import IngestOptions, iter_source
from ..ingest.base import Source, reject
from ..ingest.jsonl import read_jsonl_lines
from ..ingest.meta import merge, with_meta
from ..read import Reader, ReadOptions
from ..records import Article, ArticleFacts, Document, Rejection, to_dict
from .options import ScaleOptions
from .plan import Part, Shard

log = logging.getLogger(__name__)

# Per worker thread: {key: loaded model}.  A cache of loaded models, not state the results depend on.
_loaded = threading.local()


def _cached(key: tuple, make):
    cache = _loaded.__dict__.setdefault("models", {})
    if key not in cache:
        cache[key] = make()
    return cache[key]


def worker_reader(options: ReadOptions) -> Reader:
    # n_process=1: a Dask worker is already one of many processes (and may not fork its own).
    return _cached(("reader", options.model_name, options.batch_size),
                   lambda: Reader(replace(options, n_process=1)))


def worker_embedder(name: str) -> Embedder:
    return _cached(("embedder", name), lambda: default_embedder(name))


def iter_part(part: Part, options: IngestOptions) -> Iterator[Document | Rejection]:
    """The records of one part, numbered as a whole-file ingest numbers them."""
    if not part.is_range:
        path = part.path
        yield from iter_source(Source(part.name, lambda: open(path, "rb"), part.size, Path(part.name).name.lower(),
                                      part.meta), options)
        return
    shift = part.first_line - 1
    try:
        with open(part.path, "rb") as fh:
            fh.seek(part.start)
            for item in with_meta(read_jsonl_lines(_Range(fh, part.stop - part.start), part.name, options),
                                  merge(options.meta, part.meta)):
                yield item if item.record is None else replace(item, record=item.record + shift)
    except OSError as exc:
        yield reject(part.name, None, "unreadable", str(exc))


class _Range:
    """The next ``n`` bytes of an open file, as a stream of lines (what ``read_jsonl_lines`` reads)."""

    def __init__(self, fh, n: int):
        self.fh, self.left = fh, n

    def readline(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        line = self.fh.readline(self.left if size is None or size < 0 else min(size, self.left))
        self.left -= len(line)
        return line


def process_shard(shard: Shard, options: ScaleOptions, known: frozenset[str] = frozenset()) -> dict:
    """Read one shard.  ``known``: ids already stored (skipped before any work, so a rerun resumes).

    Returns ``{"shard", "records", "skipped", "articles": [{"article", "facts", "document_text",
    "vector"}], "rejections", "vector_kind", "fatal"}``.
    """
    try:
        return _Task(options, known).run(shard)
    except NewsprismError as exc:
        # Sent as text: the driver raises it.  (Library exceptions with custom constructors do
        # not all survive pickling, and a fatal error must not arrive as a pickling error.)
        return {"shard": shard.index, "fatal": f"{type(exc).__name__}: {exc}"}


class _Task:
    def __init__(self, options: ScaleOptions, known: frozenset[str]):
        self.options = options
        self.known = known
        self.cleaner = Cleaner(options.clean)
        self.out: dict = {"records": 0, "skipped": 0, "articles": [], "rejections": [], "vector_kind": None,
                          "fatal": None}

    def run(self, shard: Shard) -> dict:
        self.out["shard"] = shard.index
        seen: set[str] = set()
        pending: list[Document] = []
        for part in shard.parts:
            try:
                for item in iter_part(part, self.options.ingest):
                    self.out["records"] += 1
                    if isinstance(item, Rejection):
                        self._reject(item)
                    elif item.id in seen or item.id in self.known:
                        self.out["skipped"] += 1
                    else:
                        seen.add(item.id)
                        pending.append(item)
                        if len(pending) >= self.options.batch_size:
                            self._flush(pending)
                            pending = []
            except NewsprismError:
                raise
            except Exception as exc:  # a reader bug on one file must not cost the shard its other files
                log.exception("ingest failed on %s", part.name)
                self._reject(Rejection(source=part.name, record=None, stage="ingest", reason="ingest-failed",
                                       detail=describe(exc)))
        self._flush(pending)
        return self.out

    def _reject(self, rejection: Rejection) -> None:
        self.out["rejections"].append(to_dict(rejection))

    def _flush(self, docs: list[Document]) -> None:
        if not docs:
            return
        read, rejected = clean_and_read(docs, self.cleaner, worker_reader(self.options.read))
        for rej in rejected:
            self._reject(rej)
        texts = {d.id: d.text for d in docs}
        vectors = self._embed(read)
        for (art, facts), vec in zip(read, vectors):
            self.out["articles"].append({"article": to_dict(art), "facts": to_dict(facts),
                                         "document_text": texts[art.id], "vector": vec})

    def _embed(self, read: list[tuple[Article, ArticleFacts]]) -> list[bytes | None]:
        if not self.options.embed or not read:
            return [None] * len(read)
        group = self.options.group
        embedder = worker_embedder(group.embedder)
        # The very text group_store embeds: its vector cache then holds every article.
        leads = [features(a, f, lead_chars=group.lead_chars).lead for a, f in read]
        try:
            vecs = embedder.encode(leads)
        except NewsprismError:
            raise
        except Exception:  # grouping embeds what has no vector: lose time, not articles
            log.exception("embedding failed; the driver will embed these articles")
            return [None] * len(read)
        self.out["vector_kind"] = embedder.kind
        return [v.astype("float32").tobytes() for v in vecs]
