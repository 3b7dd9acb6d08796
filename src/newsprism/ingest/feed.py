"""RSS and Atom feeds (feedparser): one Document per entry.

The entry's full content, else its summary, holds the article (HTML inside it
becomes text); the entry's link, title, published date and author are its
metadata, and the feed's own title is the outlet.  ``record`` is the 1-based
entry number.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..guard import attempt, describe
from ..records import Document, Rejection
from .base import IngestOptions, make_document, reject
from .common import html_fragment_to_text, looks_like_html, normalize_date, outlet_from_url


def read_feed(data: bytes, source: str, options: IngestOptions) -> Iterator[Document | Rejection]:
    import feedparser

    # feedparser decodes by itself (XML declaration, BOM, HTTP-less heuristics): give it the bytes.
    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # noqa: BLE001 - e.g. encoding="punycode": feedparser's codec raises (issue 12)
        yield reject(source, None, "invalid-feed", describe(exc))
        return
    if not parsed.entries:
        detail = str(parsed.get("bozo_exception", "")) or "no entries"
        yield reject(source, None, "invalid-feed" if parsed.bozo else "empty-feed", detail)
        return
    outlet = _text(parsed.feed.get("title")) or None
    feed_link = _text(parsed.feed.get("link"))
    for number, entry in enumerate(parsed.entries, start=1):
        yield attempt(lambda: _entry(entry, source, number, outlet, feed_link, options), source, number, "ingest")


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _entry(entry, source: str, number: int, outlet: str | None, feed_link: str | None,
           options: IngestOptions) -> Document | Rejection:
    body = _longest_content(entry)
    if body is None:
        return reject(source, number, "no-text", "entry has neither content nor summary")
    text = html_fragment_to_text(body) if looks_like_html(body) or "&" in body else body.strip()
    link = entry.get("link") or None
    date = None
    for key in ("published", "updated", "created"):
        if entry.get(key):
            date = normalize_date(entry[key])
            if date:
                break
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            date = normalize_date(parsed)
            break
    return make_document(
        text, source, number, "feed", options,
        title=entry.get("title"),
        url=link,
        outlet=outlet or outlet_from_url(link or feed_link),
        date=date,
        author=entry.get("author"),
    )


def _longest_content(entry) -> str | None:
    candidates = [c.get("value", "") for c in entry.get("content", []) or []]
    candidates.append(entry.get("summary", "") or "")
    candidates = [c for c in candidates if c and c.strip()]
    return max(candidates, key=len) if candidates else None
