"""Ingest: files, folders or stdin -> a stream of :class:`Document` or :class:`Rejection`.

One reader per format (``text``, ``html``, ``jsonl``, ``warc``, ``feed``);
:func:`~newsprism.ingest.sniff.sniff` picks it from the content, the file
extension only breaking ties.  A bad record never stops the stream: it becomes
a :class:`Rejection` naming file, record and reason, and the batch goes on.

Rejection reasons (``stage="ingest"``)::

    not-found       the path does not exist
    unreadable      the file cannot be opened or read (permissions, I/O error)
    too-large       a single-document file over IngestOptions.max_bytes
    binary          not text (image, PDF, unknown archive)
    undecodable     bytes that are no text in any encoding tried
    empty-text      nothing but whitespace where the article should be
    invalid-json    a JSONL line that is not JSON
    not-an-object   a JSONL line that is JSON but not an object
    no-text         a record or page with no article text in it
    invalid-html    markup lxml cannot parse at all
    invalid-warc    not a WARC archive
    truncated       the archive or compressed stream ends early; earlier records are kept
    http-error      a WARC response with HTTP status 4xx/5xx
    invalid-feed    an RSS/Atom file that does not parse and has no entries
    empty-feed      a well-formed feed with no entries

Record numbers are 1-based: the line for JSONL, the entry for feeds, the
record's position for WARC, 1 for single-article files, ``None`` when the
whole file is refused.
"""

from __future__ import annotations

import fnmatch
import gzip
import io
import logging
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..records import Document, Rejection
from .base import IngestOptions, Source, document_id, reject
from .decode import declared_charset, decode_bytes
from .feed import read_feed
from .html import read_html
from .jsonl import read_json_whole, read_jsonl_lines
from .sniff import HEAD_BYTES, Sniffed, sniff
from .text import read_text
from .warc import read_warc

log = logging.getLogger(__name__)

__all__ = ["IngestOptions", "document_id", "iter_documents", "iter_source", "sources", "sniff"]


def iter_documents(paths: Iterable[str | Path], options: IngestOptions | None = None
                   ) -> Iterator[Document | Rejection]:
    """Documents from files, folders (walked in sorted order, hidden files skipped) or ``"-"`` (stdin)."""
    options = options or IngestOptions()
    for item in sources(paths, options):
        if isinstance(item, Rejection):
            yield item
        else:
            yield from iter_source(item, options)


def sources(paths: Iterable[str | Path], options: IngestOptions | None = None) -> Iterator[Source | Rejection]:
    """The files behind ``paths``, deterministic order; a missing path is a ``not-found`` rejection."""
    options = options or IngestOptions()
    for path in paths:
        if str(path) == "-":
            data = sys.stdin.buffer.read()
            yield Source("-", lambda data=data: io.BytesIO(data), len(data), "")
            continue
        p = Path(path)
        if p.is_dir():
            for f in _walk(p, options):
                yield _file_source(f)
        elif p.is_file():
            yield _file_source(p)
        elif p.exists():
            yield reject(str(p), None, "unreadable", "not a regular file")
        else:
            yield reject(str(p), None, "not-found", "no such file or directory")


def _walk(root: Path, options: IngestOptions) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or any(fnmatch.fnmatch(name.lower(), pat.lower()) for pat in options.skip):
                continue
            yield Path(dirpath) / name


def _file_source(p: Path) -> Source:
    try:
        size = p.stat().st_size
    except OSError:
        size = None
    return Source(str(p), lambda p=p: open(p, "rb"), size, p.name.lower())


def iter_source(src: Source, options: IngestOptions) -> Iterator[Document | Rejection]:
    """Documents from one file (or stdin); the reader is sniffed unless the options force one."""
    try:
        with src.open() as stream:
            head = stream.read(HEAD_BYTES)
    except OSError as exc:
        yield reject(src.name, None, "unreadable", str(exc))
        return
    if not head.strip():
        yield reject(src.name, None, "empty-text", "empty file")
        return
    found = sniff(head, src.suffix)
    if options.format is not None:
        found = Sniffed(options.format, found.gzipped)
    if found.format is None:
        yield reject(src.name, None, "binary", "not a text, HTML, JSON, WARC or feed file")
        return
    try:
        with src.open() as raw:
            yield from _dispatch(raw, src, found, options)
    except OSError as exc:
        yield reject(src.name, None, "unreadable", str(exc))


def _dispatch(raw: BinaryIO, src: Source, found: Sniffed, options: IngestOptions
              ) -> Iterator[Document | Rejection]:
    if found.format == "warc":
        yield from read_warc(raw, src.name, options, size=src.size, gzipped=found.gzipped)
        return
    stream: BinaryIO = gzip.GzipFile(fileobj=raw) if found.gzipped else raw
    if found.format == "jsonl":
        yield from read_jsonl_lines(stream, src.name, options)
        return
    data = _read_whole(stream, src.name, options)
    if isinstance(data, Rejection):
        yield data
        return
    if found.format == "feed":
        yield from read_feed(data, src.name, options)
        return
    text = decode_bytes(data, declared_charset(data) if found.format == "html" else None)
    if text is None:
        yield reject(src.name, None, "undecodable", "not valid text in any encoding tried")
        return
    if found.format == "html":
        yield from read_html(text, src.name, options)
    elif found.format == "json":
        yield from read_json_whole(text, src.name, options)
    else:
        yield from read_text(text, src.name, options)


def _read_whole(stream: BinaryIO, name: str, options: IngestOptions) -> bytes | Rejection:
    try:
        data = stream.read(options.max_bytes + 1)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        return reject(name, None, "truncated", f"compressed stream ends early: {exc}")
    if len(data) > options.max_bytes:
        return reject(name, None, "too-large", f"over {options.max_bytes} bytes; raise IngestOptions.max_bytes")
    return data
