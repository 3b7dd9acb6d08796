"""Compare two aligned sentences of two sources, value by value and clause by clause.

Embeddings put "Seven men drove a 4x4 through the window" and "Four men rammed their car
into the store" side by side; only the stored sentence facts (:class:`SentenceFacts`) say
that both count men and disagree on how many.  Two ways to find a value's counterpart:

- **copy**: when the two sentences share most of their words (one outlet's wire copy
  against another's), a word diff pins the differing words down; a value inside a
  replaced stretch is compared with the other side's value in the same stretch;
- **paraphrase**: otherwise a value's counterpart is a value of the same kind about the
  same thing (the same counted noun, the same person) or in the same place of the parse
  (the same governing words).

Each comparison gives :class:`Agreement` (the same value) or :class:`Disagreement`
records; judging them against the whole story is :mod:`.judge`'s job.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from .. import lexicon
from ..read.lexicon import COMPANY_FORMS, GENDERED_WORDS, RANK_WORDS, ROLE_WORDS, TITLE_ABBREVIATIONS
from ..records import Clause, SentenceFacts, Value

_WORD = re.compile(r"[^\W_]+(?:[-'\u2019][^\W_]+)*")
# Value kinds that can stand for one another in the other sentence.
# (People are not compared as values: two versions of one story quote and name different
# people all the time; who said what and who did what to whom are compared as quotes and clauses.)
_COMPATIBLE = {
    "number": ("number",), "age": ("age",), "org": ("org",), "place": ("place",),
    "nationality": ("nationality",), "date": ("date",), "title": ("title",), "affiliation": ("affiliation",),
}
# What a disagreement between two values of a kind is, in the six kinds a reader sees.
KIND_OF_VALUE = {"number": "number", "age": "descriptor", "nationality": "descriptor", "title": "descriptor",
                 "affiliation": "descriptor", "place": "place", "org": "place", "date": "date"}


@dataclass(frozen=True, slots=True)
class Side:
    """One source's version: where it is, and its value as a key and as written."""

    src: int  # index of the source in the story
    sent: int  # index of the sentence in the source's sentence facts
    start: int  # the value's span in the article text
    end: int
    key: str
    text: str


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Two aligned sentences give different values for one thing."""

    kind: str  # "number" | "descriptor" | "place" | "date" | "speaker" | "roles" | "negation"
    subkind: str  # the value kind: "age", "title", "weekday", "month", ...
    about: str  # what both values are about ("man", "person:hefner", the governing words)
    mine: Side
    theirs: Side
    mode: str  # "copy" | "paraphrase" | "entity" | "quote"
    sim: float  # cosine of the two sentences (1.0 for story-level comparisons)
    overlap: float  # share of the two sentences' words in common (difflib ratio)
    shared: int = 0  # values the two sentences agree on (the same event, told twice)
    blocks: int = 0  # stretches of words that differ between the two sentences


@dataclass(frozen=True, slots=True)
class Agreement:
    """Two aligned sentences give the same value (a corroboration of one value)."""

    kind: str
    mine: Side
    theirs: Side


def words(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """(lower-case word, start, end) of every word; offsets into the article when ``offset`` is the
    sentence's start."""
    return [(m.group().lower(), m.start() + offset, m.end() + offset) for m in _WORD.finditer(text)]


@dataclass
class _Diff:
    """The word alignment of two sentences."""

    ratio: float
    same_a: set[int]  # word indexes of a matched in b
    same_b: set[int]
    blocks: list[tuple[int, int, int, int]]  # replaced/inserted/deleted stretches (i1, i2, j1, j2)


def _diff(wa: list[tuple[str, int, int]], wb: list[tuple[str, int, int]]) -> _Diff:
    sm = difflib.SequenceMatcher(a=[w for w, _, _ in wa], b=[w for w, _, _ in wb], autojunk=False)
    same_a, same_b, blocks = set(), set(), []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            same_a.update(range(i1, i2))
            same_b.update(range(j1, j2))
        else:
            blocks.append((i1, i2, j1, j2))
    return _Diff(sm.ratio(), same_a, same_b, blocks)


def _word_range(ws: list[tuple[str, int, int]], start: int, end: int) -> range:
    idx = [k for k, (_, s, e) in enumerate(ws) if s < end and start < e]
    return range(idx[0], idx[-1] + 1) if idx else range(0)


def _in_base(v: Value) -> tuple[str, float]:
    """The base unit of a measure and its factor: ("km", 1.609) for miles; ("", 1.0) for counts."""
    conv = lexicon.table("unit_conversions").get(v.about)
    return (conv[0], float(conv[1])) if conv else ("", 1.0)


def _scaled(x: float | None, factor: float) -> float | None:
    return None if x is None else x * factor


def _numbers_differ(v: Value, w: Value, tolerance: float) -> bool:
    # one measure in two systems ("30 miles", "48km") is compared in its base unit
    (base_v, fv), (base_w, fw) = _in_base(v), _in_base(w)
    if base_v != base_w:
        fv = fw = 1.0
    a_v, a_w = _scaled(v.amount, fv), _scaled(w.amount, fw)
    if a_v is not None and a_w is not None:
        # a bound holds every value on its side: "more than 100,000" and "120,000" agree
        if v.bound == "min" and a_w >= a_v or w.bound == "min" and a_v >= a_w \
                or v.bound == "max" and a_w <= a_v or w.bound == "max" and a_v <= a_w:
            return False
        return abs(a_v - a_w) > tolerance * max(abs(a_v), abs(a_w), 1e-9)
    lo_v = a_v if a_v is not None else _scaled(v.low, fv)
    hi_v = a_v if a_v is not None else _scaled(v.high, fv)
    lo_w = a_w if a_w is not None else _scaled(w.low, fw)
    hi_w = a_w if a_w is not None else _scaled(w.high, fw)
    if None in (lo_v, hi_v, lo_w, hi_w):
        return False
    return hi_v < lo_w or hi_w < lo_v  # vague amounts disagree only when their ranges do not meet


def _scale_apart(v: Value, w: Value) -> bool:
    """"$143" against "$141 billion": one lost its scale word; neither the same nor in conflict."""
    if v.amount is None or w.amount is None:
        return False
    small, big = sorted((abs(v.amount), abs(w.amount)))
    return bool(small) and big / small >= 500


# a figure written with a word of the figure reader's percent_words (data/lexicon/figures.txt)
_SHARE = re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" if w.isalpha() else re.escape(w)
                             for w in lexicon.table("figures")["percent_words"]), re.I)


def _share_apart(v_text: str, w_text: str) -> bool:
    """"40 percent of the oil" against "five people": a share and a count are never one figure,
    even where two copies of a sentence put them in the same place."""
    return (_SHARE.search(v_text) is None) != (_SHARE.search(w_text) is None)


def same_value(v: Value, w: Value, tolerance: float, v_text: str = "", w_text: str = "") -> bool:
    """Do two values say the same?  ``v_text``/``w_text``: the values as written, for names
    ("117th St." and "117th Street", "AFC" and "American Football Conference")."""
    if v.kind in ("number", "age"):
        return not _numbers_differ(v, w, tolerance)
    if v.kind == "title" and w.kind == "title":
        return same_title(v.key, w.key)
    if v.kind == "place" and _compass_apart(v_text, w_text):
        return False  # "northern Iran" / "southern Iran": one country, two parts of it
    if v.key == w.key or _name_within(v.key, w.key):
        return True
    if v.kind == "date":
        # a date's key is its meaning; as words, "June, 2019" would hold "2019".  A season of two
        # years holds each of them: "the 2004-05 season" and "2005"
        return _years_meet(v.key, w.key)
    return bool(v_text and w_text) and same_name(v_text, w_text)


def _years(key: str) -> tuple[int, int] | None:
    if not key.startswith("year:"):
        return None
    first, _, last = key[5:].partition("-")
    return (int(first), int(last or first)) if first.isdigit() and (last or first).isdigit() else None


def _years_meet(a: str, b: str) -> bool:
    """Two year keys of which one is a season holding the other ("year:2004-2005", "year:2005")."""
    ya, yb = _years(a), _years(b)
    return ya is not None and yb is not None and ya != yb and (ya[0] != ya[1] or yb[0] != yb[1]) \
        and ya[0] <= yb[1] and yb[0] <= ya[1]


def _apart_as_written(v: Value, v_text: str, w_text: str) -> bool:
    """What the other value's words show it is not the same thing as ``v``: a firm, not a place;
    a share, not a count; a count of another named subject."""
    if v.kind == "place":
        return _company(w_text)
    return v.kind == "number" and (_named_apart(v_text, w_text) or _share_apart(v_text, w_text))


def _company(text: str) -> bool:
    """A name with a company's legal form ("TallGrass Distribution Ltd"): a firm, whatever the
    tagger called it, so never a place of the story."""
    return any(w in COMPANY_FORMS for w in re.findall(r"[a-z]+", text.lower()))


def _compass_part(text: str) -> str:
    """The compass part a place is written with ("north" for "northern Iran"), or ""."""
    return lexicon.inverse("compass").get(text.split(" ", 1)[0].lower(), "")


def _compass_apart(a: str, b: str) -> bool:
    """Do two places written with a compass part name opposite parts ("northern" / "southern",
    "east" / "west")?  A part against the whole ("northern Iran" / "Iran") is no clash."""
    pa, pb = _compass_part(a), _compass_part(b)
    return bool(pa and pb) and any(x in pa and y in pb or y in pa and x in pb
                                   for x, y in (("north", "south"), ("east", "west")))


def _name_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in ("the", "of", "and", "s")]


_QUOTE_WORD = re.compile(r"[a-z0-9]+")


def quote_words(text: str) -> str:
    """A quote's words as compared: lower case, no punctuation ("It's over," -> "it s over")."""
    return " ".join(_QUOTE_WORD.findall(text.lower()))


def same_quote(a: str, b: str, *, same: float, min_words: int) -> bool:
    """Two sources' quoted words are one statement: the same words (rapidfuzz ``ratio`` at
    ``same`` or more), or one quoting a stretch of the other's (``partial_ratio``) when the shorter
    holds ``min_words`` words or more: "serious consequences" alone is a stock phrase, not one
    statement.  Cross-checking (a quote given to two speakers) and the brief (one speaker's
    statement carried by several sources) ask this one question."""
    a, b = quote_words(a), quote_words(b)
    if not a or not b:
        return False
    if fuzz.ratio(a, b) >= same:
        return True
    return min(len(a.split()), len(b.split())) >= min_words and fuzz.partial_ratio(a, b) >= same


def same_name(a: str, b: str) -> bool:
    """One name written two ways: a part of the other ("Athens Acropolis" / "Athens"), an
    abbreviation ("St." / "Street", "AFC" / "American Football Conference"), or spelt apart
    ("Del Giudice" / "DelGiudice", "Heffner" / "Hefner")."""
    wa, wb = _name_words(a), _name_words(b)
    if not wa or not wb:
        return False
    if "".join(wa) == "".join(wb) or _initials(a, b) or _initials(b, a):
        return True
    wa, wb = _spelt_out(wa, wb), _spelt_out(wb, wa)  # "L.A. County" / "Los Angeles County"
    short, long = sorted((wa, wb), key=len)
    if all(any(_word_match(x, y) for y in long) for x in short):
        return True
    if len(short) == 1:
        return fuzz.ratio(short[0], long[-1]) >= 85
    return len(short) == len(long) and all(fuzz.ratio(x, y) >= 80 for x, y in zip(short, long))


# Words that make a title another role ("vice president" is not the president); "former",
# "acting" or "interim" do not: sources drop them freely.
_ROLE_CHANGING = frozenset(lexicon.table("crosscheck")["role_changing"])  # data/lexicon/crosscheck.txt
_CANDIDACY = frozenset(lexicon.table("crosscheck")["candidacy"])


def _spelt_out(words: list[str], other: list[str]) -> list[str]:
    """``words`` with a run of single letters (a dotted abbreviation, "L.A.") replaced by the words
    of ``other`` whose first letters they are."""
    out, i = [], 0
    while i < len(words):
        j = i
        while j < len(words) and len(words[j]) == 1 and words[j].isalpha():
            j += 1
        if j - i >= 2:
            run = "".join(words[i:j])
            at = next((k for k in range(len(other) - len(run) + 1)
                       if "".join(w[0] for w in other[k:k + len(run)]) == run
                       and all(len(w) > 1 for w in other[k:k + len(run)])), None)
            if at is not None:
                out += other[at:at + len(run)]
                i = j
                continue
        out.append(words[i])
        i += 1
    return out


def _title_words(title: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", title.lower()) if w not in ("the", "of", "a", "an", "s")]


def _word_match(a: str, b: str) -> bool:
    """The same word, an abbreviation of it ("lt", "gov", "mt" for "mount", "blvd") or another form
    ("athletic", "athletics")."""
    if a == b or min(len(a), len(b)) >= 2 and (a.startswith(b) or b.startswith(a)):
        return True
    short, long = sorted((a, b), key=len)
    # an abbreviation of consonants only keeps the word's first letter and its letters in order
    return 2 <= len(short) <= 4 and not set(short) & set("aeiou") and short[0] == long[0] \
        and _in_order(short, long)


def _in_order(short: str, long: str) -> bool:
    letters = iter(long)
    return all(c in letters for c in short)


def same_title(a: str, b: str) -> bool:
    """Two titles of one role: "police Lt" and "police lieutenant", "governor of Qeshm" and "governor".

    Titles differ only in their heads ("chief executive" / "chief financial officer", "founder")
    or in a word that makes another role ("vice president" / "president")."""
    wa, wb = _title_words(a), _title_words(b)
    if not wa or not wb:
        return True
    # a role-changing word counts before a head ("lieutenant governor"), not as the head itself
    # ("police lieutenant")
    if _changers(wa, a) != _changers(wb, b):
        return False
    ha, hb = _head(a), _head(b)
    if _word_match(ha, hb) or _initials(a, b) or _initials(b, a):
        return True
    ca = [w for w in wa if w not in _ROLE_CHANGING]
    cb = [w for w in wb if w not in _ROLE_CHANGING]
    return all(any(_word_match(x, y) for y in cb) for x in ca) or all(any(_word_match(x, y) for y in ca) for x in cb)


def rank_apart(a: str, b: str) -> bool:
    """One title is the other made another rank: "vice president" / "president",
    "lieutenant governor" / "Gov.", "assistant coach" / "coach"."""
    wa, wb = _title_words(a), _title_words(b)
    if not wa or not wb or not _word_match(_head(a), _head(b)):
        return False
    return _changers(wa, a) != _changers(wb, b)


def _changers(words: list[str], title: str) -> set[str]:
    """The role-changing words before a title's head.  Before a rank, "deputy" is the job, not
    a lower rank: "Deputy Sgt. X" is a sheriff's deputy who is a sergeant, "Sgt. X" in another
    report (while "Lt. Col." is not "Col.")."""
    last = max((k for k, w in enumerate(words[:-1]) if w in _CANDIDACY), default=-1)
    out = {_role_changer(w) for w in words[last + 1:-1]} - {""}
    if _head(title).strip(".") in RANK_WORDS:
        out.discard("deputy")
    return out


def _role_changer(word: str) -> str:
    """The role-changing word ``word`` is or abbreviates ("lt" of "Lt. Gov.", "asst"), or ""."""
    if word in _ROLE_CHANGING:
        return word
    if word in TITLE_ABBREVIATIONS:
        return next((w for w in sorted(_ROLE_CHANGING) if len(w) > len(word) and w[0] == word[0]
                     and _in_order(word, w)), "")
    return ""


def _rank_and_role(a: str, b: str) -> bool:
    """One title a rank ("Inspector", "Sgt."), the other a function ("spokesman"): both can be
    true of one person at once, so they are not two versions of one title."""
    ha, hb = _head(a).strip("."), _head(b).strip(".")
    return ha in RANK_WORDS and hb in ROLE_WORDS or hb in RANK_WORDS and ha in ROLE_WORDS


def _head(title: str) -> str:
    """The head of a title: its last word before "of" ("governor" of "governor of Qeshm")."""
    words = _title_words(title.lower().split(" of ")[0]) or _title_words(title)
    return words[-1] if words else ""


def _initials(short: str, long: str) -> bool:
    """"CEO" and "chief executive (officer)"."""
    s, words = short.replace(".", "").lower(), _title_words(long)
    return len(s) >= 2 and " " not in s and len(words) >= 2 and "".join(w[0] for w in words).startswith(s[:len(words)])


def _name_within(a: str, b: str) -> bool:
    """"name:los angeles county" and "name:los angeles" name one place; "person:x" keys are surnames."""
    if not a.startswith("name:") or not b.startswith("name:"):
        return False
    a, b = a[5:], b[5:]
    return bool(a and b) and (f" {a} " in f" {b} " or f" {b} " in f" {a} ")


def same_unit(a: str, b: str) -> bool:
    """Two counted nouns of one thing: the same lemma, or one class of the unit lexicon
    ("resident" / "inhabitant", "death" / "fatality")."""
    classes = lexicon.inverse("unit_classes")
    conv = lexicon.table("unit_conversions")
    return a == b or a in classes and classes.get(a) == classes.get(b) or \
        a in conv and b in conv and conv[a][0] == conv[b][0]


def _date_precision(key: str) -> str:
    return key.split(":", 1)[0]


def _comparable(v: Value, w: Value) -> bool:
    """Can ``w`` be the other source's version of ``v`` at all?"""
    if w.kind not in _COMPATIBLE.get(v.kind, ()):
        return False
    if v.kind == "number" and w.kind == "number" and (_in_base(v)[0] or _in_base(w)[0]) \
            and _in_base(v)[0] != _in_base(w)[0]:
        return False  # a distance against a speed, or against a count
    measures = lexicon.words("measure_units")
    if v.kind == "number" and w.kind == "number" and v.about in measures and w.about in measures \
            and not same_unit(v.about, w.about):
        return False  # "32 billion dlrs" and "20.2 billion roubles": one sum in two currencies
    if v.kind == "date":  # (weekday against weekday, month against month, ...)
        return _date_precision(v.key) == _date_precision(w.key) and _date_precision(v.key) != "when"
    if v.kind in ("place", "org") and v.key.startswith("name:") != w.key.startswith("name:"):
        return False  # a country against a city or region: "West Germany" holds "Frankfurt"
    if v.kind == "title" and _rank_and_role(v.key, w.key):
        return False  # "Inspector X" / "police spokesman X": one officer's rank and function
    if v.kind in ("age", "title", "affiliation"):
        return bool(v.about) and v.about == w.about
    if v.kind == "nationality" and (v.about.startswith("person:") or w.about.startswith("person:")):
        return v.about == w.about  # a person's nationality, not any nationality word nearby
    if v.kind == "nationality" and v.about and w.about:
        return v.about == w.about
    return True


# Kinds compared between paraphrases, not only between copies: a person or an organisation in
# one sentence and another in a loosely similar one are as often two actors as one in conflict.
# Titles are not: one person is "founder" in one report and "former chief executive" in
# another, both true; only two copies of one sentence that differ in the title disagree.
_PARAPHRASED = frozenset({"number", "age", "nationality", "place", "date"})


def _anchored(v: Value, w: Value) -> bool:
    """Do two values stand in the same place of their sentences (paraphrase mode)?"""
    if v.kind not in _PARAPHRASED or w.kind != v.kind:
        return False
    if v.kind == "number":
        return bool(v.about) and same_unit(v.about, w.about) and v.about not in lexicon.words("measure_units")
    if v.kind == "age" and v.about == w.about and v.about in GENDERED_WORDS:
        return True  # "a 15-year-old boy" / "an 11-year-old boy" in two sentences that say the same
    if v.kind in ("age", "nationality"):  # a person's; "the Indian firm" and "Russian oil firm" are two
        return v.about.startswith("person:") and v.about == w.about
    # the words that govern each value: the verb or noun when both have one ("born in 1923" and
    # "began modelling in 1950" share only "in": two facts of one life, not one date told twice)
    own = [a for a in v.anchor[:2] if a not in _PREPOSITIONS]
    other = [a for a in w.anchor[:2] if a not in _PREPOSITIONS]
    if own and other:
        return bool(set(own) & set(other))
    return bool(set(v.anchor[:2]) & set(w.anchor[:2]))


_PREPOSITIONS = frozenset(lexicon.table("crosscheck")["prepositions"])


def _side(src: int, sent: int, v: Value, text: str) -> Side:
    return Side(src, sent, v.span.start, v.span.end, v.key, text[v.span.start:v.span.end])


_COMPARED = frozenset(_COMPATIBLE)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of one source as the comparison needs it."""

    src: int
    index: int
    facts: SentenceFacts
    text: str  # the article text (values' spans point into it)

    @property
    def start(self) -> int:
        return self.facts.span.start

    @property
    def words(self) -> list[tuple[str, int, int]]:
        s = self.facts.span
        return words(self.text[s.start:s.end], s.start)


def compare(x: Sentence, y: Sentence, sim: float, *, tolerance: float = 0.1,
            copy_ratio: float = 0.5, opposites: bool = False) -> tuple[list[Disagreement], list[Agreement]]:
    """Disagreements and agreements between two aligned sentences, seen from ``x``.

    Only ``x``'s values are looked up in ``y``; call it both ways round for both views.
    ``opposites``: also antonyms ("rose" / "fell") and negations outside a predicate ("no man
    is playing").  A claim checked against its closest sentence needs them; between two
    sources' sentences they mostly pair two different facts ("the dollar fell against the euro"
    / "climbed against the yen"), so cross-checking leaves them out.
    """
    wx, wy = x.words, y.words
    d = _diff(wx, wy)
    copy = d.ratio >= copy_ratio
    dis: list[Disagreement] = []
    agree: list[Agreement] = []
    y_values = [w for w in y.facts.values if w.kind in _COMPARED]
    # a plan against a report: when something is planned moves ("next Tuesday" / "on Wednesday");
    # two plans told for one moment are one schedule, and two days for it disagree
    plans = ("future" in (x.facts.modality, y.facts.modality)) and x.facts.modality != y.facts.modality
    # one act of two different named actors ("Hechinger Co is raising 125 mln dlrs through an
    # offering ..." / "Guilford Mills Inc is raising 40 mln dlrs ..."): one template told of two
    # subjects, whose figures, dates and places are theirs, not one fact in conflict
    others = _other_actors(x, y)
    template = _template(x, y, tolerance)
    for v in x.facts.values:
        if v.kind not in _COMPARED or v.kind == "date" and plans:
            continue
        if template and v.kind == "number" or others:
            continue
        rx = _word_range(wx, v.span.start, v.span.end)
        if not len(rx):
            continue
        vt = x.text[v.span.start:v.span.end]
        if v.kind == "place" and _company(vt):
            continue
        cands = [w for w in y_values if _comparable(v, w) and not _scale_apart(v, w)
                 and not _apart_as_written(v, vt, y.text[w.span.start:w.span.end])]
        if not cands:
            continue
        # the same value anywhere in the other sentence: agreement, whatever else differs
        same = [w for w in cands if same_value(v, w, tolerance, vt, y.text[w.span.start:w.span.end])
                and (v.kind not in ("number", "age") or not v.about or not w.about or same_unit(v.about, w.about))]
        if same:
            w = same[0]
            if v.kind == "place" and _compass_part(vt) != _compass_part(y.text[w.span.start:w.span.end]):
                continue  # "northern Iran" / "Iran": no clash, and no confirmation of the part either
            agree.append(Agreement(KIND_OF_VALUE[v.kind], _side(x.src, x.index, v, x.text),
                                   _side(y.src, y.index, w, y.text)))
            continue
        # the other sentence gives this very value too, for something else: no conflict (the very
        # value: "nine villages ... 10 persons" against "seven villages ... 10 people" are one
        # rounding apart, not the same figure)
        if any(same_value(v, w, 0.0, vt, y.text[w.span.start:w.span.end]) for w in y_values
               if w.kind in _COMPATIBLE.get(v.kind, ())):
            continue
        mode, w = None, None
        if copy:
            block = next((b for b in d.blocks if b[0] < rx.stop and rx.start < b[1]), None)
            if block is not None:
                j1, j2 = block[2], block[3]
                inside = [w for w in cands if set(_word_range(wy, w.span.start, w.span.end)) & set(range(j1, j2))]
                if inside:
                    mode, w = "copy", inside[0]
        if w is None:
            anchored = [w for w in cands if _anchored(v, w)]
            if len(anchored) == 1 or anchored and v.kind == "age":
                mode, w = "paraphrase", anchored[0]
        if w is None:
            continue
        wt = y.text[w.span.start:w.span.end]
        if any(same_value(w, v2, 0.0, wt, x.text[v2.span.start:v2.span.end]) for v2 in x.facts.values
               if v2 is not v and v2.kind in _COMPATIBLE.get(w.kind, ())):
            continue  # this sentence also has the other's value: they are two different things
        sub = v.kind if v.kind != "date" else _date_precision(v.key)
        dis.append(Disagreement(KIND_OF_VALUE[v.kind], sub, v.about or "/".join(v.anchor[:2]),
                                _side(x.src, x.index, v, x.text), _side(y.src, y.index, w, y.text),
                                mode, sim, d.ratio))
    dis.extend(_negation(x, y, d, sim, opposites=opposites))
    dis.extend(_roles(x, y, sim, d.ratio))
    dis = [replace(q, shared=len(agree), blocks=len(d.blocks)) for q in dis]
    return dis, agree


def _other_actors(x: Sentence, y: Sentence) -> bool:
    """Do the two sentences tell one act (the same verb) of two different named agents, each
    unknown to the other article?  (An agent the other article names is one more party of the
    same event: "Varga struck the cyclist with his van" / "she was struck by a Ford van".)"""
    for cx in x.facts.clauses:
        if not cx.agent_name:
            continue
        for cy in y.facts.clauses:
            if cy.act == cx.act and cy.agent_name and cy.agent != cx.agent \
                    and not same_name(cx.agent_name, cy.agent_name) \
                    and not _named_in(cx.agent_name, y.text) and not _named_in(cy.agent_name, x.text):
                return True
    return False


# Words of an organisation's name that do not identify it: company suffixes, articles.
_SUFFIXES = frozenset(lexicon.table("crosscheck")["name_suffixes"])


def _named_in(name: str, text: str) -> bool:
    """Does ``text`` name ``name``, by any of its distinctive words?"""
    words = [w for w in re.findall(r"[A-Z][\w'&-]{2,}", name) if w.lower() not in _SUFFIXES]
    return any(re.search(rf"\b{re.escape(w)}\b", text) for w in words)


_CAPITALISED = re.compile(r"\b[A-Z][\w'&-]+")


def _named_apart(a: str, b: str) -> bool:
    """Two figures whose own words name different things ("586,500 Smith common shares" /
    "81,200 Suave Shoe common shares"): counts of two subjects, not one count told twice."""
    # (not a figure's first word: "Seven men" opens a sentence)
    na, nb = (set(_CAPITALISED.findall(t.split(None, 1)[1] if " " in t.strip() else "")) for t in (a, b))
    return bool(na) and bool(nb) and not na & nb


def _template(x: Sentence, y: Sentence, tolerance: float) -> bool:
    """Two sentences of one template filled in for two subjects: two or more figures of each
    differ, and at least as many as agree ("Net 27.8 mln vs 28.6 mln" / "Net 12.1 mln vs 11.7
    mln"; "nine mths includes gain 10.5 mln dlrs and 33.2 mln dlrs" / "... 6,016,000 dlrs and
    18.7 mln dlrs").  A copy that changed a figure keeps the others; a template changes most."""
    xs = [v for v in x.facts.values if v.kind == "number"]
    ys = [w for w in y.facts.values if w.kind == "number"]
    if len(xs) < 2 or len(ys) < 2:
        return False
    # a figure the other sentence does not give for that thing at all ("a 5.9 magnitude quake"
    # against a sentence without the magnitude) neither differs nor agrees: only figures of one
    # counted thing in both sentences tell a template from a copy
    differ = agree = 0
    for v in xs:
        of_it = [w for w in ys if same_unit(v.about, w.about)]
        if any(same_value(v, w, tolerance) for w in ys):
            agree += 1
        elif of_it:
            differ += 1
    return differ >= 2 and differ >= agree


def _party_named(claimed: Clause, other: Clause) -> bool:
    """Is the party of a claim's clause (its subject, else its agent) among the other clause's
    parties: "the dam" of "the dam did not collapse" in "the Alcova Dam collapsed"?  (Subjects
    are lemmas, agents entity keys such as "name:alcova dam": both lower case.)"""
    party = set((claimed.subject or claimed.agent.partition(":")[2]).split())
    return bool(party) and party <= set(other.subject.split()) | set(other.agent.partition(":")[2].split())


def _negation(x: Sentence, y: Sentence, d: _Diff, sim: float, *,
              overlap: float = 0.35, held: float = 0.5, opposites: bool = False) -> list[Disagreement]:
    """``x`` negates a predicate ``y`` asserts: "has not died" against "has died".

    Not in plans, forecasts or hypotheticals ("would not have placed"), and only between
    sentences that say one thing (a word-diff ratio or a share of content lemmas of at least
    ``overlap``): two sentences that share a topic can negate different things."""
    out = []
    if x.facts.modality != y.facts.modality:
        return out  # "would not have placed" against "has been placed": a hypothetical, not a denial
    la, lb = set(x.facts.lemmas), set(y.facts.lemmas)
    topical = d.ratio >= overlap or len(la & lb) >= overlap * len(la | lb)
    # A claim (``opposites``) is short against the sentence closest to it: a predicate it denies
    # is also compared where that sentence holds ``held`` of the claim's lemmas ("the dam
    # did not collapse" / "a section of the dam collapsed before dawn on Tuesday after a week of
    # heavy rain, forcing ...").  Antonyms keep to sentences that say one thing.
    if not topical and not (opposites and len(la & lb) >= held * len(la)):
        return out
    if lb & lexicon.words("denials") or la & lexicon.words("denials"):
        return out  # "denied that they conspired" asserts nothing to negate
    if any(v.kind == "negation" for v in y.facts.values):
        return out  # "issued no instructions" / "has not issued any": both deny
    y_neg = {c.act for c in y.facts.clauses if c.negated}
    y_pos = {c.act for c in y.facts.clauses if not c.negated}
    seen = set()
    for c in x.facts.clauses:
        if not c.negated or c.act in y_neg or c.act not in y_pos or c.act in seen:
            continue
        if any(v.kind == "negation" for v in y.facts.values if v.about == c.act):
            continue
        other = next(cc for cc in y.facts.clauses if cc.act == c.act and not cc.negated)
        if c.agent and other.agent and c.agent != other.agent:
            continue  # "the German firm wanted" / "Agnelli did not want": two people, two facts
        if c.subject and other.subject and c.subject != other.subject and not c.agent and not other.agent:
            continue  # "the Senate measure does not require" / "the War Powers Act could require"
        if d.ratio < 0.6 and not (c.agent and c.agent == other.agent) and not (
                c.subject and c.subject == other.subject and not (c.agent or other.agent)) and not (
                opposites and _party_named(c, other)):
            # between paraphrases, only the same party doing and not doing one thing: the same
            # named party, or the same unnamed subject ("the roof did not collapse"); a claim's
            # party among the other clause's ("the dam did not collapse" / "a section of the
            # Alcova Dam collapsed")
            continue
        seen.add(c.act)
        mine = Side(x.src, x.index, c.span.start, c.span.end, "not " + c.act, x.text[c.span.start:c.span.end])
        theirs = Side(y.src, y.index, other.span.start, other.span.end, c.act,
                      y.text[other.span.start:other.span.end])
        out.append(Disagreement("negation", "negation", c.act, mine, theirs,
                                "copy" if d.ratio >= 0.5 else "paraphrase", sim, d.ratio))
    if not opposites:
        return out
    # a negation outside any predicate ("no man is playing", "nobody was hurt") in one of two
    # sentences that otherwise say one thing
    if not out and d.ratio >= 0.5:
        mine_neg = [v for v in x.facts.values if v.kind == "negation"]
        mine_neg = [v for v in mine_neg if v.about in lb]  # "not given" against a row without "give"
        if mine_neg and not any(v.kind == "negation" for v in y.facts.values):
            v = mine_neg[0]
            mine = Side(x.src, x.index, v.span.start, v.span.end, "not", x.text[v.span.start:v.span.end])
            theirs = Side(y.src, y.index, y.facts.span.start, y.facts.span.end, "",
                          y.text[y.facts.span.start:y.facts.span.end])
            out.append(Disagreement("negation", "negation", v.about, mine, theirs, "copy", sim, d.ratio))
    # an act against its opposite ("rose" / "fell", "approved" / "rejected"), neither negated
    if not topical:
        return out
    opposite = lexicon.relation("antonyms")
    for c in x.facts.clauses:
        for other in y.facts.clauses:
            if c.negated or other.negated or other.lemma not in opposite.get(c.lemma, ()) or c.act in seen:
                continue
            if c.agent and other.agent and c.agent != other.agent:
                continue
            if any(cc.lemma == other.lemma for cc in x.facts.clauses) or \
                    any(cc.lemma == c.lemma for cc in y.facts.clauses):
                continue  # each sentence has both acts
            seen.add(c.act)
            mine = Side(x.src, x.index, c.span.start, c.span.end, c.act, x.text[c.span.start:c.span.end])
            theirs = Side(y.src, y.index, other.span.start, other.span.end, other.act,
                          y.text[other.span.start:other.span.end])
            out.append(Disagreement("negation", "antonym", c.act, mine, theirs,
                                    "copy" if d.ratio >= 0.5 else "paraphrase", sim, d.ratio))
    if not out and d.ratio >= 0.5:  # opposite words outside the predicates ("higher" / "lower")
        only_x, only_y = set(x.facts.lemmas) - set(y.facts.lemmas), set(y.facts.lemmas) - set(x.facts.lemmas)
        for word in sorted(only_x):
            other = sorted(opposite.get(word, set()) & only_y)
            if other:
                mine = _word_side(x, word)
                theirs = _word_side(y, other[0])
                out.append(Disagreement("negation", "antonym", word, mine, theirs, "copy", sim, d.ratio))
                break
    return out


def _word_side(s: Sentence, lemma: str) -> Side:
    """Where a lemma is written in a sentence (its first word starting like it), else the sentence."""
    for w, start, end in s.words:
        if w.startswith(lemma[: max(3, len(lemma) - 2)]):
            return Side(s.src, s.index, start, end, lemma, s.text[start:end])
    span = s.facts.span
    return Side(s.src, s.index, span.start, span.end, lemma, s.text[span.start:span.end])


def _roles(x: Sentence, y: Sentence, sim: float, ratio: float) -> list[Disagreement]:
    """The same act with its two named parties swapped: A stopped B against B stopped A."""
    out = []
    if "future" in (x.facts.modality, y.facts.modality):
        return out  # "Scotland could have beaten France": a hypothetical reverses nothing
    dx = {(c.act, c.agent, c.other): c for c in x.facts.clauses if c.agent and c.other}
    dy = {(c.act, c.agent, c.other): c for c in y.facts.clauses if c.agent and c.other}
    for (act, a, b), c in sorted(dx.items()):
        if (act, b, a) not in dy or (act, a, b) in dy or (act, b, a) in dx:
            continue
        o = dy[(act, b, a)]
        sx, ex = _reach(c)
        mine = Side(x.src, x.index, sx, ex, f"{act}:{a}>{b}", f"{c.agent_name} {c.verb} {c.other_name}".strip())
        sy, ey = _reach(o)
        theirs = Side(y.src, y.index, sy, ey, f"{act}:{b}>{a}", f"{o.agent_name} {o.verb} {o.other_name}".strip())
        out.append(Disagreement("roles", act, f"{act}:{'|'.join(sorted((a, b)))}", mine, theirs,
                                "copy" if ratio >= 0.5 else "paraphrase", sim, ratio))
    return out


def _reach(c) -> tuple[int, int]:
    """From the first to the last of a clause's agent, predicate and other party."""
    spans = [s for s in (c.agent_span, c.span, c.other_span) if s is not None]
    return min(s.start for s in spans), max(s.end for s in spans)
