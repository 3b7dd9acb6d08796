"""What grouping looks at in one article: a small, cheap record built from the article and its facts.

Grouping never goes back to the parse: it needs the title and lead (for the embedding), name
tokens (people, organisations, places), the dates the article is anchored to, the figures it
reports, and the word shingles of its body (for copy detection).  When an article has no facts
(the scale benchmark skips spaCy) the same record is built from regular expressions over the text.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ..lexicon import table as lexicon_table
from ..lexicon import words as lexicon_words
from ..read.lexicon import is_demonym, is_title_word, known_nationality
from ..read.dates import MONTHS, WEEKDAYS
from ..records import Article, ArticleFacts

# grouping's word lists: data/lexicon/grouping.txt
_WORDS = {name: frozenset(words) for name, words in lexicon_table("grouping").items()}
_MONTHS = MONTHS  # one table of month names (data/lexicon/months.txt)
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
_NOT_NAMES = _WORDS["not_names"]
_NAME_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART")
_PLACE_LABELS = ("GPE", "LOC", "FAC")
# Places too large to say where a development happened: continents, world regions and US states
# (one report says "in California", another names the town).  Countries are left out too
# (known_nationality): every report on a conflict names the countries in it.
_NOT_VENUES = _WORDS["not_venues"]
# Words that may stand between a locative preposition and a place: "in the Lithuanian capital, Vilnius",
# "near the southern city of Basra", "on the outskirts of Kabul".
_VENUE_FILLER = _WORDS["venue_filler"]
_VENUE_PREP = _WORDS["venue_prep"]
# "to" names a venue only after a verb or noun of travel: "returning to Paris", not "a warning to Beijing".
_TRAVEL = re.compile(r"^(?:return|travel|flew|fly|flies|flying|trip|visit|head|went|go|goes|going|came|come|"
                     r"coming|arriv|journey|tour|back)", re.I)
# Who the lead's protagonist meets: "met X", "alongside X", "talks with Foreign Minister X".
_MEETING_CUE = _WORDS["meeting_cue"]
_PREV_WORDS = re.compile(r"[\w’'-]+|[.;:!?\n]")
_TOKEN_STOP = _WORDS["token_stop"]


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """Everything grouping compares, for one article."""

    id: str
    lead: str  # title + first sentences: what is embedded
    event_day: int | None  # the day the lead says it happened ("on Tuesday", "yesterday"), resolved
    day: int | None  # proleptic ordinal of the anchor date (article date, else first full date in the text)
    date: str | None  # ISO day the development happened, for event date ranges (see event_date)
    date_estimated: bool  # ``date`` comes from a date written in the lead, not the publication date
    years: frozenset[int]  # years mentioned in the text
    names: frozenset[str]  # lower-cased name tokens of people, organisations, places
    entities: tuple[tuple[str, str], ...]  # (canonical name, label), one per entity, for event summaries
    places: tuple[str, ...]
    place_keys: frozenset[str]  # normalised names of every place the article mentions
    lead_places: frozenset[str]  # ... of the places mentioned in its title and lead: where it happens
    lead_venues: frozenset[str]  # lead places below country level in a locative frame ("in Vilnius"): the venue
    lead_counterparts: frozenset[str]  # surnames of the people the lead says were met ("alongside X")
    figures: frozenset[str]  # "90000", "2.5%": numbers worth comparing across articles
    title: str
    length: int  # characters of cleaned text: the most complete copy is the original
    # The whole text as hashed terms (words and word pairs) with sublinear counts: what the
    # article is about beyond its lead, for a TF-IDF cosine (see :func:`term_vector`).
    term_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint32), compare=False, repr=False)
    term_tf: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32), compare=False, repr=False)


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


# The top of an article (title, dateline, first sentence): the only place a written date is taken
# to be the date of the development itself rather than background.
_HEAD_CHARS = 300
_LEAD_DAY = re.compile(r"\b(?:on\s+(" + "|".join(WEEKDAYS) + r")|(yesterday|today|tonight))\b", re.I)


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
        want = WEEKDAYS[m.group(1).lower()]
        have = dt.date.fromordinal(anchor).weekday()
        return anchor - ((have - want) % 7)
    return anchor - 1 if m.group(2).lower() == "yesterday" else anchor


def event_date(article: Article, event_day: int | None, head: str) -> tuple[str | None, bool]:
    """The day an article's development happened, and whether that day is an estimate.

    1. The lead's own day ("on Tuesday", "yesterday") resolved against the publication date;
       else the publication date itself.  Exact.
    2. Without a publication date: the latest explicit calendar date (day, month and year) written
       in the title or the first ``_HEAD_CHARS`` of the body, a dateline included.  An estimate: a
       lead may also name a deadline.
    3. Otherwise None.  Years and months alone never date an event ("since the 1998 floods",
       "the 2003 to 2005 talks" are background), nor do dates deeper in the body (photo captions,
       history paragraphs), nor relative dates without a publication date to resolve them against.
    """
    if event_day is not None:
        return dt.date.fromordinal(event_day).isoformat(), False
    if iso_day(article.date) is not None:
        return article.date[:10], False
    written = full_dates(head)
    return (max(written), True) if written else (None, False)


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


_DATELINE_TAIL = re.compile(r"(?:,\s*[A-Z][\w .’'-]{1,30})?\s*(?:\([^)\n]{1,40}\)\s*)?[-–—]")


def is_venue(name: str) -> bool:
    """A place small enough to say where something happened: not a country, continent or world region."""
    key = place_key(name)
    if not key or key in _NOT_VENUES or not name[:1].isupper() or any(c.isdigit() or c == "\n" for c in name):
        return False
    return known_nationality(name) is None


def locative(text: str, start: int, end: int) -> bool:
    """Does the place at ``text[start:end]`` say where something happens?

    True for "in Vilnius", "at a UN meeting in Geneva", "near the southern city of Basra",
    "returning to Paris", "on the outskirts of Kabul" and datelines ("NAIROBI, Kenya (AP) --");
    False for a place as actor or topic ("warned Beijing", "a message to London", "Beijing's
    intentions"), which is how leads name the capitals that every report of a conflict names.
    """
    if text[end:end + 2] in ("'s", "’s"):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip() and _DATELINE_TAIL.match(text, end):
        return True
    before = _PREV_WORDS.findall(text[max(0, start - 80):start])
    fillers = 0
    for k in range(len(before) - 1, -1, -1):
        word = before[k].lower()
        if word in _VENUE_PREP:
            return True
        if word == "to":
            return k > 0 and bool(_TRAVEL.match(before[k - 1]))
        if word == "on":
            return fillers > 0  # "on the outskirts of", never "pressure on Beijing"
        if fillers < 4 and (word in _VENUE_FILLER or is_demonym(before[k])):
            fillers += 1
            continue
        return False
    return False


def counterpart(text: str, start: int) -> bool:
    """Is the person named at ``text[start:]`` someone met ("met X", "alongside her Kenyan counterpart X",
    "held talks with Foreign Minister X")?  Titles and nationalities may stand between cue and name."""
    before = _PREV_WORDS.findall(text[max(0, start - 80):start])
    skipped = 0
    for k in range(len(before) - 1, -1, -1):
        word = before[k]
        if word.lower() in _MEETING_CUE:
            return True
        if skipped < 6 and (word[:1].isupper() or word.lower() in ("the", "his", "her", "their", "counterpart")
                            or is_title_word(word) or is_demonym(word)):
            skipped += 1
            continue
        return False
    return False


# Hashed term space: 4M buckets keep collisions rare for news vocabularies (words and word pairs)
# while document frequencies stay one fixed array (16 MB) however many articles are grouped.
TERM_BUCKETS = 1 << 22
_TERM = re.compile(r"(?u)\b\w\w+\b")


def term_vector(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The whole text as sorted hashed term ids and sublinear counts (1 + log tf).

    Terms are lower-cased words of two or more characters that are not stop words, and pairs of
    neighbouring such words: "police arrested" and "arrested suspect" say more about which
    incident it is than either word.  Two reports of one incident with different leads share
    their body's people, places and details; two incidents of one kind share mostly topic words.
    """
    stop = lexicon_words("stop_words")
    words = [w for w in _TERM.findall(text.lower()) if w not in stop]
    counts = Counter(zlib.crc32(t.encode("utf-8")) & (TERM_BUCKETS - 1)
                     for t in (*words, *(f"{a} {b}" for a, b in zip(words, words[1:]))))
    if not counts:
        return np.zeros(0, np.uint32), np.zeros(0, np.float32)
    ids = np.fromiter(sorted(counts), dtype=np.uint32, count=len(counts))
    tf = 1.0 + np.log(np.array([counts[int(i)] for i in ids], dtype=np.float32))
    return ids, tf.astype(np.float32)


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
    day = iso_day(article.date)
    if day is None:
        # Without a publication date only an explicit date at the very top (a dateline) anchors the
        # article: dates further down are as often background ("since the 1998 floods").
        head = full_dates(text[:_HEAD_CHARS])
        day = iso_day(head[0]) if head else None
    years = frozenset(int(y) for y in _YEAR.findall(text))
    lead = lead_text(article, max_chars=lead_chars)
    lead_end = len(article.title or "") + lead_chars
    event_day = lead_day(lead, day)
    date, estimated = event_date(article, event_day, lead_text(article, max_chars=_HEAD_CHARS))
    lead_places: set[str] = set()
    venues: set[str] = set()
    counterparts: set[str] = set()
    if facts is not None and facts.entities:
        ents = [(e.name, e.label) for e in facts.entities if e.label in _NAME_LABELS]
        places = [p.name for p in facts.places] or [e.name for e in facts.entities if e.label in _PLACE_LABELS]
        for e in facts.entities:
            if e.label in _PLACE_LABELS and any(m.start < lead_end for m in e.mentions):
                lead_places.add(place_key(e.name))
                if is_venue(e.name) and any(m.start < lead_end and locative(text, m.start, m.end)
                                            for m in e.mentions):
                    venues.add(place_key(e.name))
            elif e.label == "PERSON" and any(m.start < lead_end and counterpart(text, m.start) for m in e.mentions):
                tokens = name_tokens(e.name)
                if tokens:
                    counterparts.add(tokens[-1])
    else:
        ents = regex_entities(text)
        places = []
        for m in _CAPS.finditer(text, 0, lead_end):
            first = m.group(0).split()[0].lower().strip(".'’")
            if first not in _NOT_NAMES and is_venue(m.group(0)) and locative(text, m.start(), m.end()):
                venues.add(place_key(m.group(0)))
    names = {t for name, _ in ents for t in name_tokens(name)}
    if article.title:  # headline names count for matching, but a headline run is no display name
        names.update(t for name, _ in regex_entities(article.title) for t in name_tokens(name))
    names = frozenset(names)
    term_ids, term_tf = term_vector(f"{article.title}\n{text}" if article.title and not text.startswith(article.title)
                                    else text)
    # One (name, label) per distinct name, ordered by how often the article mentions it.
    counts = Counter(name for name, _ in ents)
    label_of = {}
    for name, label in ents:
        label_of.setdefault(name, label)
    entities = tuple((n, label_of[n]) for n, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return ArticleFeatures(
        id=article.id,
        lead=lead,
        event_day=event_day,
        day=day,
        date=date,
        date_estimated=estimated,
        years=years,
        names=names,
        entities=entities,
        places=tuple(dict.fromkeys(places)),
        place_keys=frozenset(place_key(p) for p in places),
        lead_places=frozenset(lead_places),
        lead_venues=frozenset(venues),
        lead_counterparts=frozenset(counterparts),
        figures=figure_keys(text),
        title=(article.title or text.strip().split("\n", 1)[0])[:200].strip(),
        length=len(text),
        term_ids=term_ids,
        term_tf=term_tf,
    )
