"""Ingest: files, folders or stdin -> a stream of :class:`Document` or :class:`Rejection`.

One reader per format (``text``, ``html``, ``jsonl``, ``warc``, ``feed``);
:func:`~newsprism.ingest.sniff.sniff` picks it from the content, the file
extension only breaking ties.  A bad record never stops the stream: it becomes
a :class:`Rejection` naming file, record and reason, and the batch goes on.

Rejection reasons (``stage="ingest"``)::

    not-found       the path does not exist
    unreadable      the file cannot be opened or read (permissions, I/O error)
    too-large       over a size limit after decompression: a file read whole over
                    IngestOptions.max_bytes, one record (JSON line, WARC record, text or
                    HTML file) over max_record_bytes, a JSONL or WARC stream over
                    max_stream_bytes (its earlier records are kept)
    too-long        article text over max_chars that cannot be cut at a paragraph break,
                    or any text over it with long_text="reject"
    too-deep        a JSON record nested deeper than max_json_depth
    number-too-long a JSON number longer than max_json_number characters
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
    ingest-failed   anything else a reader raised on a record ("TypeName: message" in the detail)

A text over max_chars with a paragraph break in its second half is cut there, with a
warning in the log, and stored.

Record numbers are 1-based: the line for JSONL, the entry for feeds, the
record's position for WARC, 1 for single-article files, ``None`` when the
whole file is refused.
"""

from __future__ import annotations

import fnmatch
import gzip
import logging
import os
import sys
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..guard import describe, is_fatal
from ..records import Document, Rejection
from .base import IngestOptions, Source, document_id, no_surrogates, reject
from .decode import declared_charset, decode_bytes
from .feed import read_feed
from .html import read_html
from .jsonl import read_json_whole, read_jsonl_lines
from .meta import SIDECAR, SourceMeta, folder_meta, merge, with_meta
from .sniff import HEAD_BYTES, Sniffed, sniff
from .text import read_text
from .warc import read_warc

log = logging.getLogger(__name__)

__all__ = ["IngestOptions", "SourceMeta", "check_meta", "document_id", "iter_documents", "iter_source", "sources",
           "sniff"]


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
    """The files behind ``paths``, deterministic order; a missing path is a ``not-found`` rejection.

    A folder's ``sources.csv`` (:mod:`newsprism.ingest.meta`) is read before its files, as the
    metadata of the files it lists, and is not itself an article; a bad one raises
    :class:`~newsprism.errors.MetadataError`."""
    options = options or IngestOptions()
    for path in paths:
        if str(path) == "-":
            yield _stdin_source(options)
            continue
        p = Path(path)
        try:
            if p.is_dir():
                given = folder_meta(p)
                # A FIFO, a device or a dangling link in a folder is no article (opening a FIFO
                # would wait for a writer for ever: issue 12).
                for f in _walk(p, options):
                    if f.name == SIDECAR:
                        continue
                    yield _file_source(f, given.get(os.path.abspath(f))) if f.is_file() else reject(
                        str(f), None, "unreadable", "not a regular file")
            elif p.is_file():
                yield _file_source(p)
            elif p.exists():
                yield reject(str(p), None, "unreadable", "not a regular file")
            else:
                yield reject(str(p), None, "not-found", "no such file or directory")
        except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
            yield reject(str(p), None, "unreadable", str(exc))


def check_meta(paths: Iterable[str | Path]) -> None:
    """Read every ``sources.csv`` under the folders among ``paths``: a bad one raises
    :class:`~newsprism.errors.MetadataError` here, before any article is read."""
    for path in paths:
        try:
            is_dir = str(path) != "-" and Path(path).is_dir()
        except (OSError, ValueError):
            continue
        if is_dir:
            folder_meta(path)


def _walk(root: Path, options: IngestOptions) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or any(fnmatch.fnmatch(name.lower(), pat.lower()) for pat in options.skip):
                continue
            yield Path(dirpath) / name


def _file_source(p: Path, meta: SourceMeta | None = None) -> Source:
    try:
        size = p.stat().st_size
    except OSError:
        size = None
    return Source(no_surrogates(str(p)), lambda p=p: open(p, "rb"), size, p.name.lower(), meta)


def _stdin_source(options: IngestOptions) -> Source | Rejection:
    """Stdin, spooled to a temporary file (it is read twice: once to sniff, once to read)."""
    spool = tempfile.TemporaryFile()
    limit = options.max_stream_bytes
    size = 0
    while block := sys.stdin.buffer.read(1 << 20):
        size += len(block)
        if size > limit:
            spool.close()
            return reject("-", None, "too-large", f"over {limit} bytes; raise IngestOptions.max_stream_bytes")
        spool.write(block)
    spool.flush()

    def reopen() -> BinaryIO:
        stream = os.fdopen(os.dup(spool.fileno()), "rb")
        stream.seek(0)
        return stream

    return Source("-", reopen, size, "")


def iter_source(src: Source, options: IngestOptions) -> Iterator[Document | Rejection]:
    """Documents from one file (or stdin); the reader is sniffed unless the options force one.

    Nothing a reader raises escapes: each reader guards its records one by one
    (:func:`newsprism.guard.attempt`), and what escapes a reader anyway ends the file with one
    ``ingest-failed`` rejection after the records already given.
    """
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
    last = 0
    try:
        with src.open() as raw:
            for item in with_meta(_dispatch(raw, src, found, options), merge(options.meta, src.meta)):
                last = item.record or last
                yield item
    except OSError as exc:
        yield reject(src.name, last + 1 if last else None, "unreadable", str(exc))
    except Exception as exc:  # noqa: BLE001 - a reader bug on one file must not stop the batch
        if is_fatal(exc):
            raise
        log.debug("ingest failed on %s after record %d", src.name, last, exc_info=True)
        single = found.format in ("text", "html")
        yield reject(src.name, last + 1 if last or single else None, "ingest-failed", describe(exc))


def _dispatch(raw: BinaryIO, src: Source, found: Sniffed, options: IngestOptions
              ) -> Iterator[Document | Rejection]:
    if found.format == "warc":
        yield from read_warc(raw, src.name, options, gzipped=found.gzipped)
        return
    stream: BinaryIO = gzip.GzipFile(fileobj=raw) if found.gzipped else raw
    if found.format == "jsonl":
        yield from read_jsonl_lines(stream, src.name, options)
        return
    # A text or HTML file is one record; a feed or a JSON array holds many.
    limit, option = options.max_bytes, "max_bytes"
    if found.format in ("text", "html") and options.max_record_bytes < limit:
        limit, option = options.max_record_bytes, "max_record_bytes"
    data = _read_whole(stream, src.name, limit, option)
    if isinstance(data, Rejection):
        yield data
        return
    if found.format == "feed":
        yield from read_feed(data, src.name, options)
        return
    text = decode_bytes(data, declared_charset(data) if found.format == "html" else None)
    del data
    if text is None:
        yield reject(src.name, None, "undecodable", "not valid text in any encoding tried")
        return
    if found.format == "html":
        yield from read_html(text, src.name, options)
    elif found.format == "json":
        yield from read_json_whole(text, src.name, options)
    else:
        yield from read_text(text, src.name, options)


def _read_whole(stream: BinaryIO, name: str, limit: int, option: str) -> bytes | Rejection:
    try:
        data = stream.read(limit + 1)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        return reject(name, None, "truncated", f"compressed stream ends early: {exc}")
    if len(data) > limit:
        return reject(name, None, "too-large", f"over {limit} bytes after decompression; raise IngestOptions.{option}")
    return data
