"""WARC and WARC.gz archives (warcio): one Document per HTML ``response`` record.

The record's ``WARC-Target-URI`` is the article URL; the HTTP ``Content-Type``
charset is tried first when decoding.  Requests, metadata, ``warcinfo``,
revisits, redirects and non-HTML responses are not articles and are passed
over; an HTTP error page is a ``http-error`` rejection.  ``record`` is the
1-based position of the record in the archive.

A gzipped archive is decompressed here, not by warcio, so that every limit counts
decompressed bytes: the archive stops at ``max_stream_bytes``, a record's header block at
``max_record_bytes`` (``too-large``), and an HTML body over ``max_record_bytes`` is read
past and rejected (``too-large``) without being held.  An archive cut short keeps the
records read before the cut and rejects the rest as ``truncated``: a gzip stream that ends
early raises, and a body shorter than its ``Content-Length`` (warcio returns it quietly)
is checked here.
"""

from __future__ import annotations

import functools
import gzip
import logging
from collections.abc import Iterator
from typing import BinaryIO

from ..guard import attempt, describe
from ..records import Document, Rejection
from .base import IngestOptions, reject
from .decode import declared_charset, decode_bytes
from .html import parse_html
from .limits import BoundedStream, StreamStop

log = logging.getLogger(__name__)
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(stream: BinaryIO, source: str, options: IngestOptions, *, gzipped: bool = False
              ) -> Iterator[Document | Rejection]:
    """Documents from an open archive (``gzipped``: a WARC.gz, decompressed here)."""
    from warcio.exceptions import ArchiveLoadFailed

    bounded = BoundedStream(gzip.GzipFile(fileobj=stream) if gzipped else stream, options.max_stream_bytes)
    records = _archive_iterator()(bounded)
    walk = iter(records)
    number = 0  # records read whole
    while True:
        try:
            # Between two bodies warcio reads the blank lines and the next header block
            # line by line, without a limit: the window bounds them.
            with bounded.window(options.max_record_bytes, "max_record_bytes"):
                rec = next(walk, None)
            if rec is None:
                break
            if not rec.rec_type:  # parsed, but no WARC-Type: not a WARC header block
                yield reject(source, number + 1, "invalid-warc", "record without a WARC-Type header")
                return
            item, complete = _record(rec, source, number + 1, options)  # reads the body to its end
            with bounded.window(options.max_record_bytes, "max_record_bytes"):
                records.read_to_end(rec)
        except StreamStop as stop:
            yield reject(source, number + 1, stop.reason, stop.detail)
            return
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, AttributeError) as exc:
            # AttributeError: warcio 1.7/1.8 trips over a header block cut short.
            yield reject(source, number + 1, "invalid-warc" if number == 0 else "truncated", describe(exc))
            return
        number += 1
        if not complete:
            yield reject(source, number, "truncated", "archive ends inside this record; later records lost")
            return
        if item is not None:
            yield item
    if number == 0:
        yield reject(source, None, "invalid-warc", "no complete WARC record found")


@functools.cache
def _archive_iterator():
    from warcio.archiveiterator import ArchiveIterator

    class Archive(ArchiveIterator):
        """warcio's iterator, but a record not followed by a blank line is logged on one line
        (warcio 1.8.1 writes a warning of several lines, with the stray bytes, to stderr)."""

        def _consume_blanklines(self):
            empty_size = 0
            first_line = True
            while True:
                line = self.reader.readline()
                if not line:
                    return None, empty_size
                if not line.rstrip() or first_line:
                    empty_size += len(line)
                    if line.rstrip():
                        log.info("WARC record not followed by a blank line (a wrong Content-Length?): %r",
                                 line[:80])
                    first_line = False
                    continue
                return line, empty_size

    return Archive


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
    limit = options.max_record_bytes
    try:
        body = rec.content_stream().read(limit + 1)
    except StreamStop:
        raise
    except Exception as exc:  # noqa: BLE001 - a bad chunked/gzip body is one bad record
        _drain(rec)
        return reject(source, number, "undecodable", f"body: {describe(exc)}"), _complete(rec)
    if len(body) > limit:
        del body
        _drain(rec)
        return (reject(source, number, "too-large", f"HTML body over {limit} bytes after decompression; raise "
                                                    "IngestOptions.max_record_bytes"), _complete(rec))
    if not _complete(rec):
        return None, False
    url = rec.rec_headers.get_header("WARC-Target-URI")
    page = attempt(lambda: _page(body, ctype, url, source, number, options), source, number, "ingest")
    return page, True


def _page(body: bytes, ctype: str, url: str | None, source: str, number: int, options: IngestOptions
          ) -> Document | Rejection:
    text = decode_bytes(body, declared_charset(ctype.encode("latin-1", "ignore")) or declared_charset(body))
    if text is None:
        return reject(source, number, "undecodable", "HTML body is not valid text in any encoding tried")
    return parse_html(text, source, number, options, url=url, fmt="warc")


def _drain(rec) -> None:
    while rec.raw_stream.read(1 << 16):
        pass


def _complete(rec) -> bool:
    # warcio's LimitReader counts down what the Content-Length promised; left over = the file ended early.
    return getattr(rec.raw_stream, "limit", 0) <= 0
