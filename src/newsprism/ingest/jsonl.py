"""JSON Lines: one article a line (also a JSON array of articles, or one pretty-printed object).

Field names vary by scraper, so each field is looked up under the names the
common tools use (news-please, NewsAPI, Common Crawl news dumps, Kaggle sets).
A record whose article sits one level down (``{"article": {...}}``) is
unwrapped.  A text field holding HTML is turned into text.  ``record`` is the
1-based line number, so a rejection points at the line to look at.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

from ..records import Document, Rejection
from .base import IngestOptions, make_document, reject
from .common import first_text, html_fragment_to_text, looks_like_html, normalize_date, outlet_from_url
from .decode import decode_bytes

TEXT_KEYS = ("text", "body", "content", "maintext", "article", "article_text", "full_text", "fulltext", "story")
TITLE_KEYS = ("title", "headline", "heading")
URL_KEYS = ("url", "link", "canonical_url", "source_url", "web_url")
OUTLET_KEYS = ("source", "outlet", "site", "sitename", "site_name", "publisher", "publication", "domain",
               "source_domain", "source_name")
DATE_KEYS = ("date", "published", "date_publish", "pubDate", "publishedAt", "published_at", "date_published",
             "pub_date", "datetime", "created_at", "timestamp", "date_modify", "updated")
AUTHOR_KEYS = ("author", "authors", "byline", "creator")
NESTED_KEYS = ("article", "data", "item", "document", "doc", "record", "_source")


def read_jsonl_lines(lines: Iterable[bytes], source: str, options: IngestOptions) -> Iterator[Document | Rejection]:
    """Records from raw lines; the caller streams them from a (possibly gzipped) file.

    A compressed stream that ends early keeps the lines before the cut and
    gives one ``truncated`` rejection for the rest.
    """
    line_no = 0
    it = iter(lines)
    while True:
        try:
            raw = next(it)
        except StopIteration:
            return
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            yield reject(source, line_no + 1, "truncated", f"compressed stream ends early: {exc}")
            return
        line_no += 1
        if not raw.strip():
            continue
        line = decode_bytes(raw)
        if line is None:
            yield reject(source, line_no, "undecodable", "line is not valid text in any encoding tried")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield reject(source, line_no, "invalid-json", f"{exc.msg} (column {exc.colno})")
            continue
        yield record_to_document(obj, source, line_no)


def read_json_whole(text: str, source: str, options: IngestOptions) -> Iterator[Document | Rejection]:
    """A JSON array of article objects, or one object, held in a single document."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        yield reject(source, exc.lineno, "invalid-json", f"{exc.msg} at line {exc.lineno} column {exc.colno}")
        return
    items = obj if isinstance(obj, list) else [obj]
    for i, item in enumerate(items, start=1):
        yield record_to_document(item, source, i)


def record_to_document(obj: Any, source: str, record: int) -> Document | Rejection:
    """A Document from one decoded JSON record."""
    if not isinstance(obj, dict):
        return reject(source, record, "not-an-object", f"a JSON {type(obj).__name__}, expected an object")
    obj = _unwrap(obj)
    text = _pick_text(obj)
    if text is None:
        keys = ", ".join(sorted(obj)[:12])
        return reject(source, record, "no-text", f"no text field ({'/'.join(TEXT_KEYS[:5])}...); keys: {keys}")
    if looks_like_html(text):
        text = html_fragment_to_text(text)
    url = _pick(obj, URL_KEYS)
    date = None
    for key in DATE_KEYS:
        if obj.get(key) not in (None, ""):
            date = normalize_date(obj[key])
            if date:
                break
    return make_document(
        text, source, record, "jsonl",
        title=_pick(obj, TITLE_KEYS),
        url=url,
        outlet=_pick(obj, OUTLET_KEYS) or outlet_from_url(url),
        date=date,
        author=_pick(obj, AUTHOR_KEYS),
    )


def _unwrap(obj: dict) -> dict:
    if _pick_text(obj) is not None:
        return obj
    for key in NESTED_KEYS:
        inner = obj.get(key)
        if isinstance(inner, dict) and _pick_text(inner) is not None:
            merged = {k: v for k, v in obj.items() if k != key}
            merged.update(inner)  # the article's own fields win over the wrapper's
            return merged
    return obj


def _pick_text(obj: dict) -> str | None:
    for key in TEXT_KEYS:
        value = obj.get(key)
        if isinstance(value, str):
            return value
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return "\n\n".join(value)  # paragraphs given as a list
    return None


def _pick(obj: dict, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = first_text(obj.get(key))
        if value:
            return value
    return None
