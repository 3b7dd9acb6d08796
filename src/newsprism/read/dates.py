"""Dates mentioned in an article, resolved against the article date.

``extract_dates(doc, article)`` returns one :class:`DateRef` per DATE entity
(plus weekday names the model missed), with ``value`` an ISO date or a partial
one ("2021-12-02", "2021-12", "2014") and ``relative=True`` when the
expression only means something given the article date ("on Tuesday", "last
week", "early next year").

Resolution, cheapest first:

1. Own regexes for absolute dates ("January 9, 2020", "9 Jan 2020",
   "2021-12-02", "March 2021", "in 2014").
2. Own rules for the common relative forms against ``Article.date``: weekdays
   (the most recent one on or before the article date for past reporting, the
   next one for future tense: "will meet on Friday"), today/yesterday/tomorrow,
   this/last/next year|month, "N days ago", month names without a year.
3. dateparser (slow: milliseconds a call) only for what is left and looks
   like a date, cached per (text, base date).

Vague spans ("recent weeks", "the coming days", "last week") stay relative
with ``value=None``: a week or a season is not a date, and a guessed one
would mislead cross-checking.  Ages ("33-year-old") are not dates and are
dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .. import lexicon
from ..records import Article, DateRef, Span
from .doc_cache import entity_spans

# Month and weekday names: data/lexicon/months.txt and weekdays.txt.
MONTHS = {form: int(n) for n, forms in lexicon.table("months").items() for form in forms}
WEEKDAYS = {day: int(n) for n, days in lexicon.table("weekdays").items() for day in days}
_MONTH_RE = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:1[6-9]|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

_ISO_RE = re.compile(r"\b(?P<year>(?:1[6-9]|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
_MDY_RE = re.compile(rf"\b{_MONTH_RE}\s+{_DAY}(?:,?\s+{_YEAR})?\b", re.I)
_DMY_RE = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH_RE}(?:,?\s+{_YEAR})?\b", re.I)
_MY_RE = re.compile(rf"\b{_MONTH_RE}(?:\s+of)?,?\s+{_YEAR}\b", re.I)
_Y_RE = re.compile(rf"\b{_YEAR}s?\b")
_MONTH_ONLY_RE = re.compile(rf"\b{_MONTH_RE}\b", re.I)
_WEEKDAY_RE = re.compile(r"\b(?P<wd>" + "|".join(WEEKDAYS) + r")\b", re.I)
_TRAILING_YEAR_RE = re.compile(r",?\s?(?:1[6-9]|20)\d\d(?!\d)")
_AGO_RE = re.compile(r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.I)
_BARE_NUMBER_RE = re.compile(r"^\d{1,3}(?:\s*(?:to|-|–|and)\s*\d{1,3})?$")
_AGE_RE = re.compile(r"\d+\s*-?\s*years?\s*-?\s*old|\baged\b", re.I)
_RELATIVE_WORDS = re.compile(
    r"\b(today|tonight|yesterday|tomorrow|last|next|this|coming|recent|recently|ago|earlier|later|past|"
    r"previous|following|current|weekend|now|that|same)\b",
    re.I,
)
# Spans without any of these can't be resolved: don't spend dateparser time on them.
_DATEISH_RE = re.compile(r"\d|" + "|".join(MONTHS) + r"|today|yesterday|tomorrow|tonight", re.I)
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10}
# Auxiliaries that put the verb of a date in the future ("will meet on Monday"): data/lexicon/future_aux.txt
_FUTURE_AUX = lexicon.words("future_aux")


@dataclass(frozen=True, kw_only=True)
class DateOptions:
    """``use_dateparser``: fall back to dateparser for spans the rules cannot resolve."""

    use_dateparser: bool = True


def _base_date(article: Article) -> dt.date | None:
    if not article.date:
        return None
    try:
        return dt.date.fromisoformat(article.date[:10])
    except ValueError:
        return None


def _future(span) -> bool | None:
    """Does the clause this span sits in speak of the future ("will meet on Friday")?

    True for the future, False for a past-tense verb, None when the tense does not say
    ("the next meeting is on January 25", "must convene by July 10", no verb near)."""
    low = span.text.lower()
    if re.search(r"\b(next|coming|tomorrow|following)\b", low):
        return True
    verb = span.root
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    if any(c.lower_ in _FUTURE_AUX for c in verb.children) or (
        verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    ):
        return True
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    if verb.tag_ in ("VBD", "VBN") or any(c.tag_ == "VBD" and c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    return None


def _iso(y: int, m: int | None = None, d: int | None = None) -> str | None:
    try:
        if d is not None and m is not None:
            return dt.date(y, m, d).isoformat()
    except ValueError:
        return None
    if m is not None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}"


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def _resolve(text: str, base: dt.date | None, future: bool) -> tuple[str | None, bool, bool]:
    """(value, relative, handled): ``handled`` is False when only dateparser could help."""
    low = text.lower()
    if m := _ISO_RE.search(text):
        return _iso(int(m["year"]), int(m["month"]), int(m["day"])), False, True
    for rx in (_MDY_RE, _DMY_RE):
        if m := rx.search(text):
            month, day = MONTHS[m["month"].lower()], int(m["day"])
            if m["year"]:
                return _iso(int(m["year"]), month, day), False, True
            if base is None:
                return None, True, True
            # a month/day without a year is the nearest such day before (past) or after (future);
            # with no tense to go by ("the next meeting is on January 25") it is the coming one when
            # that is at most three months ahead (news announces schedules), otherwise the past one
            cands = [c for c in (_iso(y, month, day) for y in (base.year - 1, base.year, base.year + 1)) if c]
            if not cands:
                return None, True, True
            past = [c for c in cands if c <= base.isoformat()]
            after = [c for c in cands if c >= base.isoformat()]
            if future is True and after:
                return after[0], True, True
            if future is False and past:
                return past[-1], True, True
            if future is None and after and (dt.date.fromisoformat(after[0]) - base).days <= 92:
                return after[0], True, True
            return (past[-1] if past else after[0]), True, True
    if m := _MY_RE.search(text):
        return _iso(int(m["year"]), MONTHS[m["month"].lower()]), False, True
    if m := _Y_RE.search(text):
        return m["year"], False, True
    if m := _AGO_RE.search(text):
        if base is None:
            return None, True, True
        n = int(m["n"]) if m["n"].isdigit() else _SMALL[m["n"].lower()]
        unit = m["unit"].lower()
        if unit == "day":
            return (base - dt.timedelta(days=n)).isoformat(), True, True
        if unit == "week":
            return None, True, True
        if unit == "month":
            return _iso(*_shift_month(base.year, base.month, -n)), True, True
        return _iso(base.year - n), True, True
    if m := _WEEKDAY_RE.search(text):
        if base is None:
            return None, True, True
        wd = WEEKDAYS[m["wd"].lower()]
        if "next" in low or future:
            delta = (wd - base.weekday()) % 7 or (7 if "next" in low else 0)
            return (base + dt.timedelta(days=delta)).isoformat(), True, True
        delta = (base.weekday() - wd) % 7 or (7 if "last" in low else 0)
        return (base - dt.timedelta(days=delta)).isoformat(), True, True
    for word, days in (("yesterday", -1), ("today", 0), ("tonight", 0), ("tomorrow", 1)):
        if re.search(rf"\b{word}\b", low):
            return (None if base is None else (base + dt.timedelta(days=days)).isoformat()), True, True
    if re.search(r"\b(week|weeks|weekend|days|decade|decades|century)\b", low):
        return None, bool(_RELATIVE_WORDS.search(low)), True
    if re.search(r"\byear\b", low):
        shift = 1 if "next" in low or "coming year" in low else -1 if re.search(r"\b(last|previous|past)\b", low) else 0
        if re.search(r"\b(this|next|last|current|coming|previous|past)\b", low):
            return (None if base is None else _iso(base.year + shift)), True, True
        return None, bool(_RELATIVE_WORDS.search(low)), True
    if re.search(r"\bmonth\b", low):
        shift = 1 if "next" in low else -1 if re.search(r"\b(last|previous|past)\b", low) else 0
        if re.search(r"\b(this|next|last|current|coming|previous|past)\b", low) and "months" not in low:
            return (None if base is None else _iso(*_shift_month(base.year, base.month, shift))), True, True
        return None, True, True
    if re.search(r"\b(spring|summer|autumn|fall|winter)\b", low) and re.search(r"\b(this|next|last)\b", low):
        shift = 1 if "next" in low else -1 if "last" in low else 0
        return (None if base is None else _iso(base.year + shift)), True, True
    if m := _MONTH_ONLY_RE.search(text):
        if m["month"].lower() == "may" and not text[m.start()].isupper():
            return None, False, True
        if base is None:
            return None, True, True
        month = MONTHS[m["month"].lower()]
        year = base.year
        if future is False and month > base.month:
            year -= 1
        elif future is True and month < base.month:
            year += 1
        elif future is None and 1 <= (month - base.month) % 12 <= 3:
            # no tense to go by: a month up to three months ahead is the coming one ("cut in April")
            year += 0 if month > base.month else 1
        elif future is None and month > base.month:
            year -= 1
        return _iso(year, month), True, True
    if not _DATEISH_RE.search(text):
        return None, bool(_RELATIVE_WORDS.search(low)), True
    return None, bool(_RELATIVE_WORDS.search(low)), False


@lru_cache(maxsize=4096)
def _dateparser(text: str, base: str | None) -> str | None:
    """dateparser as a last resort; its ``period`` says how much of the date the text gives."""
    import dateparser.date

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if base:
        settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(base)
    parser = dateparser.date.DateDataParser(languages=["en"], settings=settings)
    data = parser.get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    period = data.period or "day"
    if period == "year":
        return f"{d.year:04d}"
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if period == "week":
        return None
    return d.isoformat()


def extract_dates(doc, article: Article, options: DateOptions | None = None) -> tuple[DateRef, ...]:
    """Every date expression in ``doc``, in text order."""
    opts = options or DateOptions()
    base = _base_date(article)
    spans = []
    covered: set[int] = set()
    for ent in entity_spans(doc):
        if ent.label_ != "DATE":
            continue
        if _AGE_RE.search(ent.text) or _AGE_RE.match(doc[ent.end : ent.end + 3].text):
            continue
        if _BARE_NUMBER_RE.match(ent.text):
            continue  # "Petra Danek, 52, said": an age or a count, never a date without a month or year
        spans.append(ent)
        covered.update(range(ent.start, ent.end))
    # weekday names the model did not tag ("Friday night", sentence-initial "Tuesday")
    for tok in doc:
        if tok.i not in covered and tok.lower_ in WEEKDAYS and tok.text[:1].isupper():
            spans.append(doc[tok.i : tok.i + 1])
    spans.sort(key=lambda s: s.start)
    out: list[DateRef] = []
    body = article.text  # the Doc's text (Doc.text would join every token again)
    for span in spans:
        start, end = span.start_char, span.end_char
        text = span.text
        if not _Y_RE.search(text) and (_MDY_RE.search(text) or _MY_RE.search(text + " 2000")):
            # the model sometimes leaves the year out ("January 9, 2020.Photographer" tokenises badly)
            if m := _TRAILING_YEAR_RE.match(body, end):
                end = m.end()
                text = body[start:end]
        value, relative, handled = _resolve(text, base, _future(span))
        if not handled and opts.use_dateparser:
            value = _dateparser(text, base.isoformat() if base else None)
        out.append(DateRef(span=Span(article.id, start, end), value=value, relative=relative))
    return tuple(out)
