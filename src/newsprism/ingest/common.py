"""Helpers every reader shares: dates, outlets, HTML fragments -> text."""

from __future__ import annotations

import re
import time
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime

from lxml import etree
from lxml import html as lxml_html

from .. import outlets

# Formats seen in real dumps that fromisoformat() does not take (Reuters-21578: "26-FEB-1987 15:01:01.79").
_FORMATS = (
    "%d-%b-%Y %H:%M:%S.%f",
    "%d-%b-%Y %H:%M:%S",
    "%d-%b-%Y",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d",
    "%d/%m/%Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%Y%m%d",
)
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANKS = re.compile(r"\n\s*\n\s*")
# Plausible publication years; guards epoch numbers and two-digit nonsense.
_MIN_YEAR, _MAX_YEAR = 1800, 2200


def normalize_date(value: object) -> str | None:
    """ISO 8601: ``YYYY-MM-DD``, or a full timestamp when the source gives a time of day.

    Accepts ISO strings, RFC 822 (feeds, HTTP), a few dump formats, epoch
    seconds or milliseconds, ``datetime``/``date`` and ``time.struct_time``;
    dateparser (absolute dates only) is the last resort.  ``None`` when
    nothing sensible comes out: a wrong date is worse than no date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, time.struct_time):
        try:
            value = datetime(*value[:6], tzinfo=timezone.utc)
        except (ValueError, OverflowError):
            return None
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:  # a huge int overflows the division to float, not just fromtimestamp (issue 12)
            secs = value / 1000 if value > 1e11 else value
            return _iso(datetime.fromtimestamp(secs, tz=timezone.utc))
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    if text.isdigit() and len(text) in (10, 13):
        return normalize_date(int(text))
    for parse in (_from_iso, _from_rfc822, _from_formats, _from_dateparser):
        try:
            dt = parse(text)
        except (ValueError, OverflowError, TypeError, IndexError, KeyError):  # a parser's bug is no date
            continue
        if dt is not None:
            return _iso(dt) if isinstance(dt, datetime) else dt.isoformat()
    return None


def _iso(dt: datetime) -> str | None:
    if not _MIN_YEAR <= dt.year <= _MAX_YEAR:
        return None
    if (dt.hour, dt.minute, dt.second, dt.microsecond) == (0, 0, 0, 0) and dt.tzinfo is None:
        return dt.date().isoformat()
    return dt.replace(microsecond=0).isoformat()


def _from_iso(text: str) -> datetime | date | None:
    if len(text) == 10 and text[4] == "-":
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(text.replace(" UTC", "+00:00"))
    except ValueError:
        return None


def _from_rfc822(text: str) -> datetime | None:
    if not text[:1].isalpha() and "," not in text[:5]:
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


_TRAILING_CODE = re.compile(r"(?<=\d)[A-Z]{1,3}$")  # Reuters-21578: "27-MAR-1987 00:02:59.13RM"


def _from_formats(text: str) -> datetime | None:
    text = _TRAILING_CODE.sub("", text)
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def _from_dateparser(text: str) -> datetime | None:
    if len(text) > 60 or not any(ch.isdigit() for ch in text):
        return None  # "yesterday", "3 minutes ago": relative to an unknown now
    try:
        import dateparser
    except ImportError:  # pragma: no cover - a pinned dependency
        return None
    return dateparser.parse(
        text, settings={"PARSERS": ["custom-formats", "absolute-time"], "STRICT_PARSING": True}
    )


def outlet_from_url(url: str | None) -> str | None:
    """The outlet a page's URL names when the page names none: a known outlet's name
    (:mod:`newsprism.outlets`, "https://www.bbc.co.uk/news/x" -> "BBC News"), else the site's
    domain without ``www.``."""
    return outlets.outlet_from_url(url)


def first_text(value: object, keys: tuple[str, ...] = ("name", "title", "main", "value")) -> str | None:
    """A string from a JSON value that may be a string, a list, or an object such as ``{"name": ...}``."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict):
        for key in keys:
            if key in value:
                return first_text(value[key], keys)
        return None
    if isinstance(value, list):
        parts = [p for p in (first_text(v, keys) for v in value) if p]
        return ", ".join(dict.fromkeys(parts)) or None
    return None


# Elements that separate paragraphs when an HTML fragment becomes text.
_BLOCK = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre tr table section article header footer figure "
    "figcaption dd dt dl hr".split()
)
_DROP = frozenset("script style noscript template iframe svg form button nav aside".split())
_LOOKS_HTML = re.compile(r"<(?:p|br|div|span|a|h[1-6]|li|ul|strong|em|b|i|img|figure|blockquote)\b[^>]*>", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_HTML.search(text[:5000]))


def html_fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed entry, a JSON ``content`` field): one paragraph a line."""
    if not fragment.strip():
        return ""
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return normalize_text(fragment)
    return element_text(root)


def element_text(el: etree._Element) -> str:
    """Text of a parsed element (and its tail), one paragraph a line, scripts and widgets left out."""
    parts: list[str] = []
    _walk(el, parts)
    return normalize_text("".join(parts))


def _walk(el: etree._Element, out: list[str]) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag in _DROP or not isinstance(el.tag, str):
        if el.tail:
            out.append(el.tail)
        return
    block = tag in _BLOCK
    if block:
        out.append("\n\n")
    if el.text:
        out.append(el.text)
    for child in el:
        _walk(child, out)
    if block:
        out.append("\n\n")
    if el.tail:
        out.append(el.tail)


def normalize_text(text: str) -> str:
    """Newlines unified, runs of blank lines collapsed to one; line content left as it is."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()
