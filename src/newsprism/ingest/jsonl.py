"""JSON Lines: one article a line (also a JSON array of articles, or one pretty-printed object).

Field names vary by scraper, so each field is looked up under the names the
common tools use (news-please, NewsAPI, Common Crawl news dumps, Kaggle sets).
A record whose article sits one level down (``{"article": {...}}``) is
unwrapped.  A text field holding HTML is turned into text.  ``record`` is the
1-based line number, so a rejection points at the line to look at.
"""

from __future__ import annotations

import functools
import io
import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..records import Document, Rejection
from ..guard import attempt, describe
from .base import IngestOptions, make_document, reject
from .common import first_text, html_fragment_to_text, looks_like_html, normalize_date, outlet_from_url
from .decode import decode_bytes
from .limits import BoundedStream, StreamStop, read_line

TEXT_KEYS = ("text", "body", "content", "maintext", "article", "article_text", "full_text", "fulltext", "story")
TITLE_KEYS = ("title", "headline", "heading")
URL_KEYS = ("url", "link", "canonical_url", "source_url", "web_url")
OUTLET_KEYS = ("source", "outlet", "site", "sitename", "site_name", "publisher", "publication", "domain",
               "source_domain", "source_name")
DATE_KEYS = ("date", "published", "date_publish", "pubDate", "publishedAt", "published_at", "date_published",
             "pub_date", "datetime", "created_at", "timestamp", "date_modify", "updated")
AUTHOR_KEYS = ("author", "authors", "byline", "creator")
NESTED_KEYS = ("article", "data", "item", "document", "doc", "record", "_source")


def read_jsonl_lines(stream: BinaryIO, source: str, options: IngestOptions) -> Iterator[Document | Rejection]:
    """Records from a (possibly gzipped) binary stream, one JSON object a line.

    A compressed stream that ends early keeps the lines before the cut and gives one
    ``truncated`` rejection for the rest; a line over ``max_record_bytes`` is read past
    (``too-large``), and a stream over ``max_stream_bytes`` stops there (``too-large``).
    """
    bounded = BoundedStream(stream, options.max_stream_bytes)
    line_no = 0
    while True:
        try:
            raw, length = read_line(bounded, options.max_record_bytes)
        except StreamStop as stop:
            yield reject(source, line_no + 1, stop.reason, stop.detail)
            return
        if not length:
            return
        line_no += 1
        if not raw:
            yield reject(source, line_no, "too-large",
                         f"line of {length} bytes, over IngestOptions.max_record_bytes={options.max_record_bytes}")
        elif raw.strip():
            yield attempt(lambda: _line_record(raw, source, line_no, options), source, line_no, "ingest")


def _line_record(raw: bytes, source: str, line_no: int, options: IngestOptions) -> Document | Rejection:
    line = decode_bytes(raw)
    if line is None:
        return reject(source, line_no, "undecodable", "line is not valid text in any encoding tried")
    obj = load_json(line, source, line_no, options)
    return obj if isinstance(obj, Rejection) else record_to_document(obj, source, line_no, options)


def read_json_whole(text: str, source: str, options: IngestOptions) -> Iterator[Document | Rejection]:
    """A JSON array of article objects, or one object, held in a single document.

    The array is read one element at a time, so its records are never all in memory at
    once (a 16 MB array of small objects is a million dicts); an element that is not JSON
    ends the file there, the records before it kept.  A text whose first line is a whole
    JSON value with more lines after it is JSON Lines (issue 12: a ``.jsonl`` starting with
    an array lost every line after the first) and is read line by line.
    """
    first, _, rest = text.partition("\n")
    if first.rstrip().endswith(("]", "}")) and rest.strip():
        yield from read_jsonl_lines(io.BytesIO(text.encode("utf-8")), source, options)
        return
    idx = _skip(text, 0)
    if not text.startswith("[", idx):
        obj = load_json(text, source, 1, options)
        yield obj if isinstance(obj, Rejection) else attempt(
            lambda: record_to_document(obj, source, 1, options), source, 1, "ingest")
        return
    decoder = _decoder(options.max_json_number)()
    idx = _skip(text, idx + 1)
    number = 0
    while not text.startswith("]", idx):
        number += 1
        try:
            obj, idx = decoder.raw_decode(text, idx)
        except (ValueError, RecursionError) as exc:
            yield _json_rejection(exc, source, number, options, _where(text, idx))
            return
        if _depth_over(obj, options.max_json_depth):
            yield reject(source, number, "too-deep", f"nested deeper than IngestOptions.max_json_depth="
                                                     f"{options.max_json_depth}")
        else:
            yield attempt(lambda: record_to_document(obj, source, number, options), source, number, "ingest")
        del obj
        idx = _skip(text, idx)
        if text.startswith(",", idx):
            idx = _skip(text, idx + 1)
        elif not text.startswith("]", idx):
            yield reject(source, number + 1, "invalid-json", f"expected ',' or ']'{_where(text, idx)}")
            return
    if _skip(text, idx + 1) < len(text):
        yield reject(source, number + 1, "invalid-json", f"data after the array's end{_where(text, idx + 1)}")


_SPACE = re.compile(r"[ \t\n\r]*")


def _skip(text: str, idx: int) -> int:
    return _SPACE.match(text, idx).end()


def _where(text: str, idx: int) -> str:
    line = text.count("\n", 0, idx) + 1
    return f" at line {line} column {idx - text.rfind(chr(10), 0, idx)}"


class _LongNumber(ValueError):
    pass


@functools.lru_cache(maxsize=8)
def _decoder(max_number: int) -> type[json.JSONDecoder]:
    def number(kind):
        def parse(literal: str):
            if len(literal) > max_number:
                raise _LongNumber(f"a number of {len(literal)} characters, over IngestOptions.max_json_number="
                                  f"{max_number}")
            try:
                return kind(literal)
            except ValueError as exc:  # int() refuses more than 4,300 digits whatever the option says
                raise _LongNumber(str(exc)) from None
        return parse

    class Decoder(json.JSONDecoder):
        def __init__(self, **kw):
            super().__init__(parse_int=number(int), parse_float=number(float), **kw)

    return Decoder


def load_json(text: str, source: str, record: int, options: IngestOptions) -> Any | Rejection:
    """One JSON value within the limits: ``invalid-json``, ``too-deep`` (nesting over
    ``max_json_depth``) or ``number-too-long`` (a number over ``max_json_number`` characters)."""
    try:
        obj = json.loads(text, cls=_decoder(options.max_json_number))
    except (ValueError, RecursionError) as exc:
        return _json_rejection(exc, source, record, options)
    if _depth_over(obj, options.max_json_depth):
        return reject(source, record, "too-deep", f"nested deeper than IngestOptions.max_json_depth="
                                                   f"{options.max_json_depth}")
    return obj


def _json_rejection(exc: Exception, source: str, record: int, options: IngestOptions, where: str = ""
                    ) -> Rejection:
    if isinstance(exc, _LongNumber):
        return reject(source, record, "number-too-long", str(exc))
    if isinstance(exc, RecursionError):
        return reject(source, record, "too-deep", f"nested deeper than Python's parser can follow; "
                                                   f"IngestOptions.max_json_depth={options.max_json_depth}")
    if isinstance(exc, json.JSONDecodeError):
        return reject(source, record, "invalid-json", f"{exc.msg} (column {exc.colno})" if not where
                      else f"{exc.msg}{_where(exc.doc, exc.pos)}")
    return reject(source, record, "invalid-json", describe(exc))


def _depth_over(obj: Any, limit: int) -> bool:
    stack = [(obj, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        if children and depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def record_to_document(obj: Any, source: str, record: int, options: IngestOptions | None = None
                       ) -> Document | Rejection:
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
        text, source, record, "jsonl", options,
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
