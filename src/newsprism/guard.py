"""One guarded path for every record: an exception on one record is that record's rejection.

Each stage that works record by record (ingest, clean, read, store) runs a record through
:func:`attempt` or a batch through :func:`batch_or_each`.  What a record raises becomes a
:class:`~newsprism.records.Rejection` naming the file, the record number, the stage, the
reason ``<stage>-failed`` and the exception in one line; the batch goes on.

Two kinds of exception are no bad record and still stop the run: a
:class:`~newsprism.errors.NewsprismError` other than :class:`~newsprism.errors.InputError`
(a missing model, a bad option, an unusable store: every record would hit it) and anything
that is not an ``Exception`` (``KeyboardInterrupt``, ``SystemExit``: a killed run resumes
from the store).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from .dialect import is_unusable_store
from .errors import InputError, NewsprismError, StoreError
from .records import Rejection

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

_MAX_DETAIL = 300


def one_line(text: str, limit: int = _MAX_DETAIL) -> str:
    """``text`` on one line: line breaks and other control characters escaped, at most ``limit`` characters."""
    if text.isprintable():
        return text[:limit]
    out = "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in text[: limit * 2])
    return out[:limit]


def describe(exc: BaseException) -> str:
    """An exception as one line: ``TypeName: message``."""
    message = str(exc)
    return one_line(f"{type(exc).__name__}: {message}" if message else type(exc).__name__)


def is_fatal(exc: BaseException) -> bool:
    """True for what no single record causes: a broken setup, or not an ``Exception`` at all."""
    return not isinstance(exc, Exception) or (isinstance(exc, NewsprismError) and not isinstance(exc, InputError))


def rejection(source: str, record: int | None, stage: str, exc: BaseException) -> Rejection:
    """The rejection for a record on which ``stage`` raised ``exc``."""
    if isinstance(exc, InputError):
        return Rejection(source=source, record=record, stage=stage, reason=exc.reason, detail=one_line(exc.detail))
    return Rejection(source=source, record=record, stage=stage, reason=f"{stage}-failed", detail=describe(exc))


def attempt(fn: Callable[[], R], source: str, record: int | None, stage: str) -> R | Rejection:
    """``fn()``, or the rejection of record ``record`` of ``source`` when it raises.

    A store that cannot be written (locked, full, read-only, its server gone: an ``OperationalError``
    of ``sqlite3`` or psycopg) is no record's fault: it stops the run as a
    :class:`~newsprism.errors.StoreError`.
    """
    try:
        return fn()
    except BaseException as exc:
        if is_unusable_store(exc):
            raise StoreError(f"the store cannot be written: {exc}") from exc
        if is_fatal(exc):
            raise
        # The rejection is the report (stored, printed by the CLI); the traceback is for debugging.
        log.debug("%s failed on %s#%s", stage, source, record, exc_info=True)
        return rejection(source, record, stage, exc)


def batch_or_each(items: Sequence[T], batch: Callable[[list[T]], Iterable[R]], each: Callable[[T], R],
                  stage: str) -> list[R | Rejection]:
    """``batch(items)``; when the batch raises, ``each`` item on its own, so only the item that
    still raises is rejected (a :class:`Rejection` in its place).  Items have ``source`` and ``record``."""
    items = list(items)
    if not items:
        return []
    try:
        out = list(batch(items))
        if len(out) == len(items):
            return out
        raise RuntimeError(f"{stage} gave {len(out)} results for {len(items)} records")
    except BaseException as exc:
        if is_fatal(exc):
            raise
        log.info("%s failed on a batch of %d (%s); retrying its records one by one", stage, len(items),
                 describe(exc))
    return [attempt(lambda item=item: each(item), item.source, item.record, stage) for item in items]


def clean_guarded(docs: Sequence, cleaner) -> tuple[list, list[Rejection]]:
    """Clean one batch of documents through the guarded path: ``([article], [rejection])``, the
    articles in input order and every record cleaning rejected (``empty-after-clean`` included)."""
    rejected: list[Rejection] = []
    articles = []
    cleaned = batch_or_each(docs, cleaner.clean_batch, lambda doc: cleaner.clean_batch([doc])[0], "clean")
    for doc, art in zip(docs, cleaned):
        if isinstance(art, Rejection):
            rejected.append(art)
        elif not art.text.strip():
            rejected.append(Rejection(source=doc.source, record=doc.record, stage="clean", reason="empty-after-clean"))
        else:
            articles.append(art)
    return articles, rejected


def split_read(articles: Sequence, outcomes: Iterable) -> tuple[list[tuple], list[Rejection]]:
    """Articles and their read outcomes (facts or a rejection) -> ``([(article, facts)], [rejection])``."""
    read, rejected = [], []
    for art, facts in zip(articles, outcomes):
        if isinstance(facts, Rejection):
            rejected.append(facts)
        else:
            read.append((art, facts))
    return read, rejected


def clean_and_read(docs: Sequence, cleaner, reader) -> tuple[list[tuple], list[Rejection]]:
    """Clean then read one batch of documents through the guarded path.

    Returns ``([(article, facts)], [rejection])``: the articles in input order with their
    facts, and every record cleaning or reading rejected (``empty-after-clean`` included).
    """
    articles, rejected = clean_guarded(docs, cleaner)
    read, unread = split_read(articles, batch_or_each(articles, reader.pipe, reader.read, "read"))
    return read, rejected + unread
