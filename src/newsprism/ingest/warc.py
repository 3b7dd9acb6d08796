"""WARC and WARC.gz archives (warcio): one Document per HTML ``response`` record.

The record's ``WARC-Target-URI`` is the article URL; the HTTP ``Content-Type``
charset is tried first when decoding.  Requests, metadata, ``warcinfo``,
revisits, redirects and non-HTML responses are not articles and are passed
over; an HTTP error page is a ``http-error`` rejection.  ``record`` is the
1-based position of the record in the archive.

warcio stops quietly at a truncated archive (gzip member cut short) or returns
a short body (uncompressed), so both are checked here: a truncated archive
keeps the records read before the cut and rejects the rest as ``truncated``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import BinaryIO

from ..records import Document, Rejection
from .base import IngestOptions, reject
from .decode import declared_charset, decode_bytes
from .html import parse_html

log = logging.getLogger(__name__)
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(stream: BinaryIO, source: str, options: IngestOptions, *, size: int | None = None,
              gzipped: bool = False) -> Iterator[Document | Rejection]:
    """Documents from an open archive; ``size`` (bytes) lets a cut-short gzip archive be told from a whole one."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    end = 0  # byte offset just past the last complete record
    records = ArchiveIterator(stream)
    try:
        for rec in records:
            number += 1
            if not rec.rec_type:  # parsed, but no WARC-Type: not a WARC header block
                yield reject(source, number, "invalid-warc", "record without a WARC-Type header")
                return
            item, complete = _record(rec, source, number, options)
            records.read_to_end(rec)
            end = records.get_record_offset() + records.get_record_length()
            if not complete:
                yield reject(source, number, "truncated", "archive ends inside this record; later records lost")
                return
            if item is not None:
                yield item
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, AttributeError) as exc:
        # AttributeError: warcio 1.7/1.8 trips over a header block cut short.
        reason = "invalid-warc" if number == 0 and end == 0 else "truncated"
        yield reject(source, number + 1, reason, f"{type(exc).__name__}: {exc}")
        return
    # A gzip member cut short ends the iteration without an error: compare with the file size.
    if number == 0:
        yield reject(source, None, "invalid-warc" if not gzipped else "truncated", "no complete WARC record found")
    elif gzipped and size is not None and end < size:
        yield reject(source, number + 1, "truncated", f"{size - end} bytes after the last complete record")


def _record(rec, source: str, number: int, options: IngestOptions) -> tuple[Document | Rejection | None, bool]:
    """(document, rejection or None when the record is no article; whether the record is complete)."""
    if rec.rec_type not in ("response", "resource"):
        _drain(rec)
        return None, _complete(rec)
    http = rec.http_headers
    ctype = (http.get_header("Content-Type") if http else rec.rec_headers.get_header("Content-Type")) or ""
    if not ctype.lower().startswith(_HTML_TYPES):
        _drain(rec)
        return None, _complete(rec)
    status = http.get_statuscode() if http else "200"
    if status and status.isdigit() and int(status) >= 300:
        _drain(rec)
        if int(status) < 400:
            return None, _complete(rec)  # redirects carry no article
        return reject(source, number, "http-error", f"HTTP {status}"), _complete(rec)
    try:
        body = rec.content_stream().read()
    except Exception as exc:  # noqa: BLE001 - a bad chunked/gzip body is one bad record
        return reject(source, number, "undecodable", f"body: {type(exc).__name__}: {exc}"), _complete(rec)
    if not _complete(rec):
        return None, False
    url = rec.rec_headers.get_header("WARC-Target-URI")
    text = decode_bytes(body, declared_charset(ctype.encode("latin-1", "ignore")) or declared_charset(body))
    if text is None:
        return reject(source, number, "undecodable", "HTML body is not valid text in any encoding tried"), True
    return parse_html(text, source, number, options, url=url, fmt="warc"), True


def _drain(rec) -> None:
    while rec.raw_stream.read(1 << 16):
        pass


def _complete(rec) -> bool:
    # warcio's LimitReader counts down what the Content-Length promised; left over = the file ended early.
    return getattr(rec.raw_stream, "limit", 0) <= 0
