"""Plain text: the first non-empty line is the title; a leading ``Key: value`` header block is metadata.

A first line that reads as a sentence (it ends with a full stop, or is longer than a headline)
is no headline: headlines carry no full stop.  It is the opening paragraph, the lede that holds
the story's key facts, and stays in the text to be read and cross-checked; the title is left
empty.

A header block such as ``Source: Harbour Wire`` / ``Date: 2024-03-05`` at the
top (before or right after the title line) is read into the Document and taken
out of its text: it is metadata, not article text.  Anything else stays as it
is, junk lines included; cleaning is the next stage's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..records import Document, Rejection
from .base import IngestOptions, make_document
from .common import normalize_date, outlet_from_url

_HEADER = re.compile(
    r"^\s*(source|outlet|publisher|publication|site|date|published|updated|author|byline|url|link|title|headline)"
    r"\s*:\s*(\S.{0,200}?)\s*$",
    re.I,
)
_FIELD = {
    "source": "outlet", "outlet": "outlet", "publisher": "outlet", "publication": "outlet", "site": "outlet",
    "date": "date", "published": "date", "updated": "date",
    "author": "author", "byline": "author",
    "url": "url", "link": "url",
    "title": "title", "headline": "title",
}
_MAX_TITLE = 300
_HEADER_SCAN = 12  # lines from the top that may hold the header block


def parse_text(text: str, source: str, record: int = 1, fmt: str = "text", options: IngestOptions | None = None
               ) -> Document | Rejection:
    """A Document from plain article text (already decoded)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    meta, header_rows = _header(lines)
    if header_rows:
        lines = [line for i, line in enumerate(lines) if i not in header_rows]
        text = "\n".join(lines).strip("\n")
    title = meta.get("title")
    if title is None:
        first = next((line.strip() for line in lines if line.strip()), "")
        title = first if 0 < len(first) <= _MAX_TITLE else None
        # The first line is the headline only if it reads as one.  A sentence there is the opening
        # paragraph, and taking it for the title would drop it from the article (issue 13), and
        # with it the facts every other outlet's lede is compared with (issue 7).
        if title and _reads_as_sentence(title):
            title = None
    date = normalize_date(meta.get("date")) if meta.get("date") else None
    url = meta.get("url")
    return make_document(
        text, source, record, fmt, options,
        title=title, url=url, outlet=meta.get("outlet") or outlet_from_url(url), date=date, author=meta.get("author"),
    )


# A full stop ends a sentence; "?" and "!" end headlines as often ("Is the port safe?").  An
# initialism ("... to U.S.") ends a headline without ending a sentence.
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])\.[\"'\u2019\u201d)]*$")


def _reads_as_sentence(line: str) -> bool:
    """A line that ends a sentence ("... the port authority said.") or runs past a headline's length."""
    return bool(_SENTENCE_END.search(line)) or len(line.split()) > 25




def _header(lines: list[str]) -> tuple[dict[str, str], set[int]]:
    """Header fields and the line numbers they occupy: one contiguous block, at the top or after the title."""
    meta: dict[str, str] = {}
    rows: set[int] = set()
    seen_text = 0  # non-header, non-empty lines passed (the title may come first)
    for i, line in enumerate(lines[:_HEADER_SCAN]):
        if not line.strip():
            if rows:
                break  # a blank line ends a started block
            continue
        m = _HEADER.match(line)
        if m:
            meta.setdefault(_FIELD[m.group(1).lower()], m.group(2))
            rows.add(i)
            continue
        if rows:
            break
        seen_text += 1
        if seen_text > 1:
            break
    return meta, rows


def read_text(data: str, source: str, options: IngestOptions) -> Iterator[Document | Rejection]:
    yield parse_text(data, source, options=options)
