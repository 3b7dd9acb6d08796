"""Which reader a file needs, told from its first bytes; the extension only breaks ties.

Content wins over the name because scraped files are often misnamed (an
``.html`` that holds JSON, a ``.txt`` that holds a page, a ``.gz`` of anything).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

HEAD_BYTES = 16 * 1024

_EXTENSIONS = (
    ((".warc", ".warc.gz", ".arc", ".arc.gz"), "warc"),
    ((".html", ".htm", ".xhtml", ".shtml", ".html.gz", ".htm.gz"), "html"),
    ((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"), "jsonl"),
    ((".json", ".json.gz"), "json"),
    ((".rss", ".atom", ".xml", ".rdf", ".rss.gz", ".xml.gz"), "feed"),
)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]", re.I)
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title)[\s>]", re.I)
_HTML_TAG = re.compile(rb"<(?:p|div|article|section|h[1-6]|span|a|br|main|header|nav)[\s>/]", re.I)


@dataclass(frozen=True)
class Sniffed:
    format: str | None  # "text" | "html" | "jsonl" | "json" | "warc" | "feed"; None: binary, not readable
    gzipped: bool = False


def sniff(head: bytes, name: str = "") -> Sniffed:
    """The reader for a file that starts with ``head``; ``name`` breaks ties."""
    name = name.lower()
    if head[:2] == b"\x1f\x8b":
        try:
            inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, HEAD_BYTES)
        except zlib.error:
            return Sniffed(None, True)
        fmt = _sniff_plain(inner, name[:-3] if name.endswith(".gz") else name)
        return Sniffed(fmt, True)
    return Sniffed(_sniff_plain(head, name))


def _sniff_plain(head: bytes, name: str) -> str | None:
    h = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if h.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    if h.startswith(b"<?xml"):
        if _FEED_ROOT.search(h[:4096]):
            return "feed"
        if _HTML_ROOT.search(h[:4096]):
            return "html"
        return _by_extension(name) or "feed"
    if _FEED_ROOT.match(h):
        return "feed"
    if h.startswith(b"<") and (_HTML_ROOT.search(h[:4096]) or _HTML_TAG.search(h[:4096])):
        return "html"
    if h.startswith(b"{"):
        return "jsonl"
    if h.startswith(b"[") and h[1:].lstrip()[:1] in (b"{", b"]"):
        return "json"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # images, PDFs, archives: nothing here is an article
    return _by_extension(name) or "text"


def _by_extension(name: str) -> str | None:
    for suffixes, fmt in _EXTENSIONS:
        if name.endswith(suffixes):
            return fmt
    return None
