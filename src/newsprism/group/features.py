"""What grouping looks at in one article: a small, cheap record built from the article and its facts.

Grouping never goes back to the parse: it needs the title and lead (for the embedding), name
tokens (people, organisations, places), the dates the article is anchored to, the figures it
reports, and the word shingles of its body (for copy detection).  When an article has no facts
(the scale benchmark skips spaCy) the same record is built from regular expressions over the text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from ..records import Article, ArticleFacts

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")]
    )
    for m in names
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
# "May 03, 2013", "May 3 2013", "3 May 2013", "2013-05-03", "26-FEB-1987": explicit full dates only;
# relative ones ("on Tuesday") need the article date and come resolved in ArticleFacts.dates.
_FULL_DATES = [
    re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s+((?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?,?\s+((?:19|20)\d\d)\b", re.I),
    re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b"),
    re.compile(rf"\b(\d{{1,2}})-({_MONTH_RE})-((?:19|20)\d\d)\b", re.I),
]
_YEAR = re.compile(r"(?<![\d$£€.,])((?:19[5-9]|20[0-4])\d)(?![\d%])")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s*(?:%|percent|per cent|million|billion|mln|bn))?",
                     re.I)
# A run of capitalised words (allowing "of", "de", "al-" inside names): the cheap stand-in for NER.
_CAPS = re.compile(r"\b(?:[A-Z][\w'’.-]*[a-z0-9][\w'’-]*|[A-Z]{2,})(?:\s+(?:(?:of|de|van|von|al|bin|la|del|the)\s+)?"
                   r"(?:[A-Z][\w'’.-]*[a-z0-9][\w'’-]*|[A-Z]{2,}))*")
# Capitalised words that are not names (sentence starts, days, months, titles, pronouns).
_NOT_NAMES = frozenset(
    """a an the this that these those it its he she they we i you his her their our there here
    in on at for from by with and or but if when while after before as also however but meanwhile
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    january february march april may june july august september october november december
    mr mrs ms dr sir president minister secretary prime chief officials official police says said
    according reuters ap afp update updated photo video read more share comments advertisement
    breaking news one two three first last some many most all no not""".split()
)
_NAME_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART")
_PLACE_LABELS = ("GPE", "LOC", "FAC")
_TOKEN_STOP = frozenset("the of and de la del van von al bin for in on at & co inc ltd corp plc llc".split())


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """Everything grouping compares, for one article."""

    id: str
    lead: str  # title + first sentences: what is embedded
    event_day: int | None  # the day the lead says it happened ("on Tuesday", "yesterday"), resolved
    day: int | None  # proleptic ordinal of the anchor date (article date, else first full date in the text)
    dates: tuple[str, ...]  # ISO dates and partial dates known for the article (for event date ranges)
    years: frozenset[int]  # years mentioned in the text
    names: frozenset[str]  # lower-cased name tokens of people, organisations, places
    entities: tuple[tuple[str, str], ...]  # (canonical name, label), one per entity, for event summaries
    places: tuple[str, ...]
    place_keys: frozenset[str]  # normalised names of every place the article mentions
    lead_places: frozenset[str]  # ... of the places mentioned in its title and lead: where it happens
    figures: frozenset[str]  # "90000", "2.5%": numbers worth comparing across articles
    title: str
    length: int  # characters of cleaned text: the most complete copy is the original


def iso_day(value: str | None) -> int | None:
    """Ordinal day of an ISO date or timestamp; ``None`` for partial or missing dates."""
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def full_dates(text: str) -> list[str]:
    """Explicit calendar dates in ``text`` (ISO), in order of appearance."""
    found: list[tuple[int, str]] = []
    for i, pat in enumerate(_FULL_DATES):
        for m in pat.finditer(text):
            g = m.groups()
            try:
                if i == 0:
                    d = dt.date(int(g[2]), _MONTHS[g[0].lower()], int(g[1]))
                elif i == 1 or i == 3:
                    d = dt.date(int(g[2]), _MONTHS[g[1].lower()], int(g[0]))
                else:
                    d = dt.date(int(g[0]), int(g[1]), int(g[2]))
            except (ValueError, KeyError):
                continue
            found.append((m.start(), d.isoformat()))
    return [iso for _, iso in sorted(found)]


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_LEAD_DAY = re.compile(r"\b(?:on\s+(" + "|".join(_WEEKDAYS) + r")|(yesterday|today|tonight))\b", re.I)


def lead_day(lead: str, anchor: int | None) -> int | None:
    """Resolve the first "on <weekday>" / "yesterday" / "today" of the lead against the anchor date.

    News leads date the development itself this way; a weekday means the latest such day on or
    before the publication date.
    """
    if anchor is None:
        return None
    m = _LEAD_DAY.search(lead)
    if not m:
        return None
    if m.group(1):
        want = _WEEKDAYS.index(m.group(1).lower())
        have = dt.date.fromordinal(anchor).weekday()
        return anchor - ((have - want) % 7)
    return anchor - 1 if m.group(2).lower() == "yesterday" else anchor


def lead_text(article: Article, *, max_chars: int = 600) -> str:
    """Title and the first sentences of the body, without repeating the title."""
    title = (article.title or "").strip()
    body = article.text.strip()
    if title and body.startswith(title):
        body = body[len(title):].lstrip()
    lead = body[:max_chars]
    cut = max(lead.rfind(". "), lead.rfind(".\n"))
    if cut > max_chars // 3:
        lead = lead[: cut + 1]
    return f"{title}. {lead}" if title else lead


def name_tokens(name: str) -> list[str]:
    return [t for t in _WORD.findall(name.lower().replace("’", "'")) if t not in _TOKEN_STOP and len(t) > 1
            and not t.isdigit()]


def place_key(name: str) -> str:
    """ "U.S." and "US", "the Netherlands" and "Netherlands" are one place."""
    key = re.sub(r"[.’']", "", name.lower()).strip()
    return key[4:] if key.startswith("the ") else key


def regex_entities(text: str) -> list[tuple[str, str]]:
    """Capitalised-word runs as ``(name, "NAME")``: the stand-in for NER when there are no facts."""
    out = []
    for m in _CAPS.finditer(text):
        words = m.group(0).split()
        while words and words[0].lower().strip(".'’") in _NOT_NAMES:
            words.pop(0)
        if not words:
            continue
        name = " ".join(words).rstrip(".'’")
        if len(name) > 1:
            out.append((name, "NAME"))
    return out


def figure_keys(text: str) -> frozenset[str]:
    """Numbers with at least two significant digits (or a scale word): "90000", "2.5%", "3million".

    Small counts ("two", "5") and years are too common to say two articles report the same thing.
    """
    keys = set()
    for m in _NUMBER.finditer(text):
        num = m.group(1).replace(",", "")
        scale = (m.group(2) or "").strip().lower()
        if _YEAR.fullmatch(num) and not scale:
            continue
        if len(num.replace(".", "").lstrip("0")) < 2 and not scale:
            continue
        scale = {"percent": "%", "per cent": "%", "mln": "million", "bn": "billion"}.get(scale, scale)
        keys.add(num + scale)
    return frozenset(keys)


def features(article: Article, facts: ArticleFacts | None = None, *, lead_chars: int = 600) -> ArticleFeatures:
    """The grouping record of one article, from its facts when they carry entities, else from regexes."""
    text = article.text
    dates: list[str] = []
    if article.date:
        dates.append(article.date[:10])
    if facts is not None:
        dates += [d.value for d in facts.dates if d.value]
    explicit = full_dates(text[:4000])
    dates += explicit
    day = iso_day(article.date)
    if day is None:
        # Without a publication date only an explicit date at the very top (a dateline) anchors the
        # article: dates further down are as often background ("since the 2014 annexation").
        head = full_dates(text[:300])
        day = iso_day(head[0]) if head else None
    years = frozenset(int(y) for y in _YEAR.findall(text))
    lead = lead_text(article, max_chars=lead_chars)
    lead_end = len(article.title or "") + lead_chars
    lead_places: set[str] = set()
    if facts is not None and facts.entities:
        ents = [(e.name, e.label) for e in facts.entities if e.label in _NAME_LABELS]
        places = [p.name for p in facts.places] or [e.name for e in facts.entities if e.label in _PLACE_LABELS]
        for e in facts.entities:
            if e.label in _PLACE_LABELS and any(m.start < lead_end for m in e.mentions):
                lead_places.add(place_key(e.name))
    else:
        ents = regex_entities(text)
        places = []
    names = {t for name, _ in ents for t in name_tokens(name)}
    if article.title:  # headline names count for matching, but a headline run is no display name
        names.update(t for name, _ in regex_entities(article.title) for t in name_tokens(name))
    names = frozenset(names)
    # One (name, label) per distinct name, ordered by how often the article mentions it.
    counts = Counter(name for name, _ in ents)
    label_of = {}
    for name, label in ents:
        label_of.setdefault(name, label)
    entities = tuple((n, label_of[n]) for n, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return ArticleFeatures(
        id=article.id,
        lead=lead,
        event_day=lead_day(lead, day),
        day=day,
        dates=tuple(dict.fromkeys(d for d in dates if d)),
        years=years,
        names=names,
        entities=entities,
        places=tuple(dict.fromkeys(places)),
        place_keys=frozenset(place_key(p) for p in places),
        lead_places=frozenset(lead_places),
        figures=figure_keys(text),
        title=(article.title or text.strip().split("\n", 1)[0])[:200].strip(),
        length=len(text),
    )
