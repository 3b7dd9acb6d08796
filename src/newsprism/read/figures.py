"""Figures: numbers with what they count.

``extract_figures(doc, article)`` finds every amount in the parsed text and the
thing it counts: "around 90,000 Russian troops" -> value 90000, qualifier
"around", unit "russian troops".

How it works, in one left-to-right pass over the tokens:

1. *Number phrase*: digits ("90,000", "1.2", "175k", "3.5bn"), written-out
   numbers ("three hundred and twenty", via text2num), scale words
   ("1.2 million"), "a dozen", "half a million", and vague amounts ("tens of
   thousands", "thousands", "dozens", "several hundred"), which get
   ``value=None`` and a ``low``/``high`` range (conventions in ``_VAGUE``).
   Ranges "between 40 and 50", "40 to 50", "40-50" also get ``value=None``.
2. *Qualifier*: the longest hedge right before it ("more than", "up to", ...).
3. *Counted thing*: the noun phrase right after the number (or after "of" for
   vague and partitive amounts: "thousands of combat ready troops",
   "15 of the passengers"); its head is found with the dependency parse, and
   measure nouns keep their "of" complement ("pieces of military equipment").
   Money gets the ISO currency code as unit ("usd", "usd aid" for "$5bn in
   aid"; "17p" is "pence"), percentages "percent" ("percent of voters"),
   "percentage points" their own unit, and fractions in words become percent
   ("a third of patients" 33.3, "one in five adults" 20).  "magnitude 6.4" is
   a measurement with unit "magnitude".  A bare number after a comparison cue
   takes the unit of the sentence's previous figure ("22 lawmakers, up from
   nine"); a collective noun before "of" names what is counted ("a crowd of
   52,000").

What is *not* a figure: anything inside a DATE/TIME/ORDINAL entity or a named
entity (years, "January 9", "33-year-old", "Russia-24"), year-shaped numbers
that do not count a plural noun ("2024 Eurovision"), phone numbers and ids
(digit groups side by side, leading zeros), durations ("three days"), scores and tallies ("won 3-1", "voted 7-2"),
numbers inside names ("Nikkei 225", "Stoxx 600"), the
word "one" on its own ("one way or another"), and numbers with nothing
counted after them (precision first: "the toll rose to 40" is left out).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import lexicon
from ..records import Article, Figure, Span
from .doc_cache import lower_forms

# the figure reader's word lists: data/lexicon/figures.txt
_WORDS = {name: frozenset(words) for name, words in lexicon.table("figures").items()}

# Digits, optionally grouped with commas and with a decimal part, optionally
# glued to a scale suffix: "90,000", "1.2", "175k", "3.5bn", "5m".
_DIGITS_RE = re.compile(
    r"^(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<suf>k|m|mn|mln|bn|b|tn|trn)?$", re.I
)
_YEAR_RE = re.compile(r"^(1[6-9]|20)\d\d$")
_SUFFIX = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12}
_SCALE = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12,
}
# Number words: below a hundred, and the large ones that multiply the number before them.
_LARGE_NUMBERS = _WORDS["large_numbers"]
_NUMBER_WORDS = _WORDS["number_words"] | _LARGE_NUMBERS

# Vague amounts: plural scale word -> (low, high) of what a reader would accept.
# "thousands" is at least two thousand and fewer than ten thousand; "tens of
# thousands" 20,000..99,999; the same pattern for every scale.
_PLURAL_SCALE = {"dozens": 12.0, "scores": 20.0, "hundreds": 1e2, "thousands": 1e3, "millions": 1e6,
                 "billions": 1e9, "trillions": 1e12}
_FEW = {"few": (2, 5), "several": (3, 9), "many": (2, 9)}

# Hedges before a number, longest first so "more than" wins over "more".
_QUALIFIERS = sorted((tuple(q.split()) for q in lexicon.table("figures")["qualifiers"]), key=len, reverse=True)

_CURRENCY_SYMBOLS = {"$": "usd", "us$": "usd", "£": "gbp", "€": "eur", "¥": "jpy", "a$": "aud", "c$": "cad"}
# Currency names written after an amount ("5 million euros"): data/lexicon/currencies.txt
_CURRENCY_WORDS = lexicon.inverse("currencies")
# ISO codes written before the amount: "EUR 5 million" (not a name followed by a number)
_CURRENCY_CODES = _WORDS["currency_codes"]
# "191.4p", "17p": pence written glued to the number (British prices)
_PENCE_RE = re.compile(r"^(?P<num>\d+(?:\.\d+)?)p$")
# Fractions a reporter writes in words: "a third of patients", "one in five adults" -> percent
_FRACTIONS = {"half": 50.0, "third": 100 / 3, "thirds": 100 / 3, "quarter": 25.0, "quarters": 25.0,
              "fifth": 20.0, "fifths": 20.0, "tenth": 10.0, "tenths": 10.0}
_FRACTION_COUNT = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4}
# The words an amount can start with other than digits (each branch of ``amount_at``).
_AMOUNT_STARTS = frozenset({"a", "an", "half", "dozen", "tens", "hundreds"}) | frozenset(
    _PLURAL_SCALE) | frozenset(_FEW) | frozenset(_FRACTION_COUNT) | _NUMBER_WORDS
# Collective nouns that name what is counted when the number follows them: "a crowd of 52,000"
_COLLECTIVES = _WORDS["collectives"]
# Cues after which a bare number repeats the unit of the sentence's previous figure:
# "22 lawmakers, up from nine", "1,200 cyclists a day, up from roughly 700", "on top of 160,000"
_CARRY_CUES = _WORDS["carry_cues"]
_PERCENT_WORDS = _WORDS["percent_words"]

# Heads that make a number a duration, a multiplier or a date, not a count.
_NOT_COUNTED = _WORDS["not_counted"]
# Measure nouns whose "of" complement says what is counted: "15,000 pieces of military equipment".
_MEASURES = _WORDS["measures"]
# Nouns after "in" that say when or where money moved, not what it is for.
_NOT_PURPOSE = _WORDS["not_purpose"]
# Modifiers that say nothing about what is counted.
_DROP_MODIFIERS = _WORDS["drop_modifiers"]
_NAME_ENTS = frozenset("PERSON ORG GPE LOC FAC PRODUCT EVENT WORK_OF_ART LAW NORP LANGUAGE".split())
_SKIP_ENTS = frozenset({"DATE", "TIME", "ORDINAL"})
_NOUNISH = frozenset({"NOUN", "PROPN", "ADJ"})
_PARTITIVE_DETS = _WORDS["partitive_dets"]


@dataclass(frozen=True, kw_only=True)
class FigureOptions:
    """``require_unit``: drop bare numbers with nothing counted after them (precision first)."""

    require_unit: bool = True


@dataclass
class _Amount:
    start: int  # token index, first token of the number phrase
    end: int  # token index after it
    value: float | None
    low: float | None = None
    high: float | None = None
    vague: bool = False  # "thousands", "tens of thousands": "of" may follow
    partitive_ok: bool = True
    fraction: bool = False  # "a third", "one in five": value is a percentage
    pence: bool = False  # "17p"


def _digits_value(text: str) -> float | None:
    m = _DIGITS_RE.match(text)
    if not m:
        return None
    value = float(m.group("num").replace(",", ""))
    if m.group("suf"):
        value *= _SUFFIX[m.group("suf").lower()]
    return value


def _words_value(words: list[str]) -> float | None:
    from text_to_num import text2num

    try:
        return float(text2num(" ".join(words), "en"))
    except ValueError:
        return None


# "per" of "per cent" (two tokens), the rest as the figure reader takes percentages
_PERCENT_AFTER = _PERCENT_WORDS | {"per"}
# the number words of one digit, for decimals said in words ("two point five"): "zero" -> "0"
_DIGIT_WORDS = {w: str(int(v)) for w in sorted(_WORDS["number_words"])
                if (v := _words_value([w])) is not None and v < 10}


def _lower(doc, i: int) -> str:
    return lower_forms(doc)[i] if 0 <= i < len(doc) else ""


def could_start_amount(low: str) -> bool:
    """Whether a token of this lower form can start an amount (:func:`amount_at` is None when not)."""
    return low in _AMOUNT_STARTS or low[:1].isdigit()


def amount_at(doc, i: int) -> _Amount | None:
    """The number phrase starting at token ``i``, if one starts there."""
    n = len(doc)
    low = lower_forms(doc)[i]
    if not could_start_amount(low):
        return None  # asked at every token: most words can start no amount below

    # "a dozen", "half a dozen", "half a million", "a hundred", "a million"
    if low in ("a", "an") and i + 1 < n and doc[i + 1].lower_ in ("dozen", "hundred", "thousand", "million", "billion"):
        base = 12.0 if doc[i + 1].lower_ == "dozen" else _SCALE[doc[i + 1].lower_]
        return _Amount(start=i, end=i + 2, value=base)
    if low == "half" and _lower(doc, i + 1) == "a" and _lower(doc, i + 2) in ("dozen", "million", "billion", "thousand"):
        w = _lower(doc, i + 2)
        return _Amount(start=i, end=i + 3, value=(6.0 if w == "dozen" else 0.5 * _SCALE[w]))
    if low == "dozen":
        return _Amount(start=i, end=i + 1, value=12.0)

    # fractions: "a quarter of sales", "two-thirds of voters", "half of those", "fell by a third",
    # "one in five adults"; only with "of" after or "by" before, so "a quarter" of a year stays out
    frac = _fraction_at(doc, i)
    if frac is not None:
        return frac
    if m := _PENCE_RE.match(doc[i].text):
        return _Amount(start=i, end=i + 1, value=float(m.group("num")), pence=True)

    # vague: "tens of thousands", "hundreds of thousands", "thousands", "dozens"
    if low == "tens" and _lower(doc, i + 1) == "of" and _lower(doc, i + 2) in _PLURAL_SCALE:
        s = _PLURAL_SCALE[_lower(doc, i + 2)]
        return _Amount(start=i, end=i + 3, value=None, low=20 * s, high=100 * s - 1, vague=True)
    if low == "hundreds" and _lower(doc, i + 1) == "of" and _lower(doc, i + 2) in ("thousands", "millions"):
        s = _PLURAL_SCALE[_lower(doc, i + 2)]
        return _Amount(start=i, end=i + 3, value=None, low=200 * s, high=1000 * s - 1, vague=True)
    if low in _PLURAL_SCALE and low != "scores" or (low == "scores" and _lower(doc, i + 1) == "of"):
        s = _PLURAL_SCALE[low]
        if low in ("dozens", "scores"):
            return _Amount(start=i, end=i + 1, value=None, low=2 * s, high=99, vague=True)
        return _Amount(start=i, end=i + 1, value=None, low=2 * s, high=10 * s - 1, vague=True)
    # "several thousand", "a few hundred"
    few_at = i + 1 if low == "a" and _lower(doc, i + 1) == "few" else i
    if doc[few_at].lower_ in _FEW and _lower(doc, few_at + 1) in ("hundred", "thousand", "million", "billion"):
        a, b = _FEW[doc[few_at].lower_]
        s = _SCALE[_lower(doc, few_at + 1)]
        return _Amount(start=i, end=few_at + 2, value=None, low=a * s, high=b * s, vague=True)

    # digits, then optional scale words: "1.2 million", "300 m"
    value = _digits_value(doc[i].text)
    if value is not None:
        j = i + 1
        while j < n and doc[j].lower_ in _SCALE and doc[j].lower_ != "hundred" or (
            j < n and doc[j].lower_ == "hundred" and value < 100
        ):
            value *= _SCALE[doc[j].lower_]
            j += 1
        return _Amount(start=i, end=j, value=value)

    # written-out numbers: "three hundred and twenty", "forty-five", "two million"
    if low in _NUMBER_WORDS and low not in _LARGE_NUMBERS:
        words = [low]
        j = i + 1
        while j < n:
            t = doc[j].lower_
            if t in _NUMBER_WORDS:
                words.append(t)
            elif t == "-" and _lower(doc, j + 1) in _NUMBER_WORDS:
                pass
            elif t == "and" and _lower(doc, j + 1) in _NUMBER_WORDS and words[-1] in ("hundred", "thousand", "million"):
                words.append(t)
            else:
                break
            j += 1
        # a decimal said in words, "one point three per cent", "two point five million": 1.3 and
        # 2.5m, never 1 nor 3; only before a scale or a percentage ("at one point three men were
        # held" is a moment and a count)
        decimals = []
        if _lower(doc, j) == "point":
            k = j + 1
            while k < n and (d := _DIGIT_WORDS.get(lower_forms(doc)[k])) is not None:
                decimals.append(d)
                k += 1
            if decimals and (_lower(doc, k) in _SCALE or _lower(doc, k) in _PERCENT_AFTER):
                j = k
            else:
                decimals = []
        if words == ["one"] and not decimals:  # "one way or another", "one of the...": rarely a count
            return None
        value = _words_value(words)
        if value is not None and decimals:
            value = float(f"{int(value)}.{''.join(decimals)}")
            if _lower(doc, j) in _SCALE:  # "two point five million"
                value *= _SCALE[_lower(doc, j)]
                j += 1
        return None if value is None else _Amount(start=i, end=j, value=value)
    return None


def _fraction_at(doc, i: int) -> _Amount | None:
    low = doc[i].lower_
    n = len(doc)
    # "one in five adults", "one in three"
    if low in ("one", "1") and _lower(doc, i + 1) == "in" and i + 2 < n:
        m = doc[i + 2].lower_
        denom = _digits_value(m) if m[:1].isdigit() else _words_value([m]) if m in _NUMBER_WORDS else None
        if denom and denom >= 2 and not (i + 3 < n and doc[i + 3].lower_ in _SCALE):
            return _Amount(start=i, end=i + 3, value=100.0 / denom, fraction=True)
        return None
    count, j = None, i
    if low in _FRACTION_COUNT:
        count, j = _FRACTION_COUNT[low], i + 1
        if _lower(doc, j) == "-":  # "two-thirds"
            j += 1
    elif low != "half":
        return None
    word = _lower(doc, j)
    if word not in _FRACTIONS or (word == "half" and count is not None):
        return None
    if count is None:
        count = 1
    follows_of = _lower(doc, j + 1) == "of" and _lower(doc, j + 2) not in ("a", "an", "the") or (
        _lower(doc, j + 1) == "of" and _lower(doc, j + 2) == "the" and _lower(doc, j + 3) not in
        ("year", "century", "season", "month", "day", "hour", "match", "game", "way"))
    after_by = i > 0 and doc[i - 1].lower_ == "by"
    # "the second half of 2025", "the first quarter of the year": a period, not a share
    if i > 0 and doc[i - 1].lower_ in ("first", "second", "third", "fourth", "last", "final", "other", "latter", "former"):
        return None
    if follows_of and (doc[j + 2].ent_type_ in ("DATE", "TIME") or _YEAR_RE.match(doc[j + 2].text)):
        return None
    if not (follows_of or after_by):
        return None
    return _Amount(start=i, end=j + 1, value=count * _FRACTIONS[word], fraction=True)


def _skip_number(doc, amount: _Amount) -> bool:
    toks = doc[amount.start : amount.end]
    if amount.fraction:
        return False
    if amount.start > 0 and amount.end - amount.start == 1:
        prev = doc[amount.start - 1]
        # a number after a capitalised name is part of the name: "Nikkei 225", "Stoxx 600 index"
        if (prev.pos_ == "PROPN" and prev.is_alpha and prev.text[:1].isupper() and prev.whitespace_
                and prev.lower_ not in _CURRENCY_CODES and not prev.ent_type_ == "DATE"):
            return True
    for t in toks:
        if t.ent_type_ == "TIME" and all(x.like_num or x.text == "-" for x in toks):
            continue  # the model calls sentence-initial "Forty-five" a TIME; a bare number is not a clock time
        if t.ent_type_ == "DATE" and _counts_plural_noun(doc, amount):
            continue  # the model reads "their last 15 games" as a date; a counted plural is not
        if t.ent_type_ in _SKIP_ENTS or t.ent_type_ in _NAME_ENTS:
            return True
    first = doc[amount.start]
    # a title-cased number word inside a sentence is part of a name: "Group of Seven", "Big Three"
    if first.is_alpha and first.text[:1].isupper() and not first.is_sent_start and amount.start > 0 and doc[amount.start - 1].is_alpha:
        return True
    if amount.start > 0:
        prev = doc[amount.start - 1]
        # phone numbers, ids, scores: "+44 20 7946", "555-1234", "3-1", "No. 10", "#4"
        glued = not prev.whitespace_ and amount.start > 1 and not doc[amount.start - 2].whitespace_
        if prev.text in ("+", "#", "No.", "no.") or (glued and prev.text in ("-", "/", ":", ".") and doc[amount.start - 2].like_num):
            return True
        if prev.like_num and _digits_value(prev.text) is not None and prev.whitespace_:
            return True
    if amount.end < len(doc):
        nxt = doc[amount.end]
        if nxt.text in ("/", ":") or (nxt.text == "-" and amount.end + 1 < len(doc) and doc[amount.end + 1].lower_ in ("year", "years")):
            return True
        if _digits_value(nxt.text) is not None and nxt.text[:1].isdigit():
            return True
    if first.text.startswith("0") and len(first.text) > 1 and not first.text.startswith("0."):
        return True
    return False


def _counts_plural_noun(doc, amount: _Amount) -> bool:
    """A non-year number directly followed by a plural noun phrase that is not a time unit."""
    if amount.end - amount.start == 1 and _YEAR_RE.match(doc[amount.start].text):
        return False
    run = _noun_run(doc, amount.end) if amount.end < len(doc) else None
    if run is None:
        return False
    head = doc[run[1]]
    return head.tag_ == "NNS" and head.lower_ not in _NOT_COUNTED and head.lemma_.lower() not in _NOT_COUNTED


def _qualifier(doc, start: int) -> tuple[str | None, int]:
    """The hedge right before token ``start`` and the index it starts at."""
    lows = lower_forms(doc)
    for q in _QUALIFIERS:
        k = len(q)
        if start - k < 0:
            continue
        if tuple(lows[start - k : start]) == q:
            return " ".join(q), start - k
    return None, start


def _noun_run(doc, i: int, stop: int | None = None) -> tuple[int, int] | None:
    """``(first, head)`` token indices of the noun phrase starting at ``i``; head is its noun."""
    n = len(doc) if stop is None else stop
    j = i
    run: list[int] = []
    while j < n:
        t = doc[j]
        if t.pos_ in _NOUNISH or (t.pos_ == "VERB" and t.tag_ in ("VBN", "VBG") and j + 1 < n and doc[j + 1].pos_ in _NOUNISH):
            if t.ent_type_ in ("DATE", "TIME") and t.pos_ != "NOUN":
                break
            if (t.pos_ == "ADJ" and run and doc[run[-1]].pos_ in ("NOUN", "PROPN")
                    and not (j + 1 < n and doc[j + 1].pos_ in ("NOUN", "PROPN"))):
                break  # adjectives precede their noun: "three points clear", "40,000 troops strong"
            run.append(j)
        elif t.text in ("-", "–") and run and j + 1 < n and doc[j + 1].pos_ in _NOUNISH and not t.whitespace_:
            run.append(j)
        else:
            break
        # a proper noun right after a common noun starts a new phrase: "40,000 troops Russia sent"
        if len(run) >= 2 and t.pos_ == "PROPN" and doc[run[-2]].pos_ == "NOUN":
            run.pop()
            break
        j += 1
    if not run:
        return None
    for k in run:
        t = doc[k]
        if t.pos_ not in ("NOUN", "PROPN"):
            continue
        if t.pos_ == "PROPN" and t.tag_ != "NNPS" and t.ent_type_ != "NORP":
            continue
        modifies_later = (
            t.dep_ in ("compound", "amod", "nmod", "npadvmod", "nummod")
            and t.head.i > k
            and t.head.i in run
        )
        if not modifies_later or k == run[-1]:
            return run[0], k
    return None


def _phrase_text(doc, first: int, last: int) -> str:
    text = doc[first : last + 1].text.lower()
    return " ".join(text.split())


def _unit_after(doc, i: int, allow_of: bool) -> tuple[str, int] | None:
    """What is counted by a number ending before token ``i``: (unit, last token index)."""
    n = len(doc)
    j = i
    if j < n and doc[j].lower_ == "of" and allow_of:
        j += 1
        while j < n and doc[j].lower_ in _PARTITIVE_DETS:
            j += 1
        # "of the country's 7.3 million voters": the possessor is not what is counted
        poss = _noun_run(doc, j) if j < n else None
        if poss is not None and _lower(doc, poss[1] + 1) in ("'s", "’s", "'", "’"):
            j = poss[1] + 2
        # "four of their last 15 games"
        while j < n and doc[j].lower_ in ("last", "first", "past", "next", "remaining", "other"):
            j += 1
        # "15 of the 40 passengers": skip the second number, keep its noun
        inner = amount_at(doc, j) if j < n else None
        if inner is not None and inner.value is not None:
            j = inner.end
    if j >= n:
        return None
    run = _noun_run(doc, j)
    if run is None:
        return None
    first, head = run
    if doc[head].lower_ in _NOT_COUNTED or doc[head].lemma_.lower() in _NOT_COUNTED:
        return None
    while first < head and doc[first].lower_ in _DROP_MODIFIERS:
        first += 1
    last = head
    # measure nouns keep their complement: "pieces of military equipment"
    if doc[head].lower_ in _MEASURES and head + 1 < n and doc[head + 1].lower_ == "of":
        k = head + 2
        while k < n and doc[k].lower_ in _PARTITIVE_DETS:
            k += 1
        inner = _noun_run(doc, k) if k < n else None
        if inner is not None:
            last = inner[1]
            return f"{_phrase_text(doc, first, head)} of {_phrase_text(doc, inner[0], inner[1])}", last
    return _phrase_text(doc, first, head), last


def _currency_before(doc, start: int) -> tuple[str | None, int]:
    if start > 0:
        t = doc[start - 1].lower_
        if t in _CURRENCY_SYMBOLS:
            return _CURRENCY_SYMBOLS[t], start - 1
        if start > 1 and t == "$" and doc[start - 2].text in ("US", "A", "C"):
            return _CURRENCY_SYMBOLS.get(doc[start - 2].lower_ + "$", "usd"), start - 2
    return None, start


def _money_purpose(doc, i: int) -> tuple[str, int] | None:
    """"$5bn in military aid", "£300m of funding", "$2 billion for reconstruction"."""
    n = len(doc)
    j = i
    if j < n and doc[j].lower_ == "worth" and _lower(doc, j + 1) == "of":
        j += 1
    if j < n and doc[j].lower_ in ("in", "of", "for"):
        k = j + 1
        while k < n and doc[k].lower_ in _PARTITIVE_DETS:
            k += 1
        run = _noun_run(doc, k) if k < n else None
        # "rose to €88.10 in early trading", "$2bn in the quarter": when, not what for
        if run is not None and (doc[run[1]].ent_type_ in ("DATE", "TIME")
                                or doc[run[1]].lemma_.lower() in _NOT_PURPOSE):
            return None
        if run is not None and doc[run[0]].ent_type_ not in _NAME_ENTS:
            return _phrase_text(doc, run[0], run[1]), run[1]
        return None
    # "a $5bn aid package"
    run = _noun_run(doc, j) if j < n else None
    if run is not None and doc[run[1]].lower_ not in _NOT_COUNTED:
        return _phrase_text(doc, run[0], run[1]), run[1]
    return None


def _range_end(doc, amount: _Amount, qualifier: str | None) -> _Amount | None:
    """The upper bound of "between 40 and 50", "40 to 50", "40-50"."""
    i = amount.end
    if i >= len(doc) or amount.value is None:
        return None
    word = doc[i].lower_
    if (word == "and" and qualifier == "between") or (word in ("to", "-", "–") and qualifier != "from"):
        k = i + 1
        if k < len(doc) and doc[k].lower_ in _CURRENCY_SYMBOLS:  # "$90 million to $120 million"
            k += 1
        if k < len(doc):
            other = amount_at(doc, k)
            if other is not None and other.value is not None and other.value >= amount.value:
                return other
    return None


def _figure(
    doc, article: Article, amount: _Amount, opts: FigureOptions, carry: str | None = None
) -> tuple[Figure, int] | None:
    """The figure for ``amount``; ``carry`` is the unit a bare number after a comparison cue inherits."""
    if _skip_number(doc, amount):
        return None
    qualifier, qstart = _qualifier(doc, amount.start)
    value, low, high = amount.value, amount.low, amount.high
    end = amount.end
    if qualifier is None and amount.start > 0 and doc[amount.start - 1].lower_ == "between":
        qualifier, qstart = "between", amount.start - 1
    elif (qualifier is None and amount.start > 1 and doc[amount.start - 1].lower_ in _CURRENCY_SYMBOLS
          and doc[amount.start - 2].lower_ == "between"):
        qualifier, qstart = "between", amount.start - 2  # "between $90 million and $120 million"
    if amount.fraction or amount.pence:
        return _special_figure(doc, article, amount, qualifier, qstart)
    magnitude = _magnitude(doc, amount, qstart)
    if magnitude is not None:
        first, last = magnitude
        span = Span(article.id, doc[first].idx, doc[last].idx + len(doc[last].text))
        return Figure(span=span, value=value, unit="magnitude", qualifier=qualifier), last + 1
    # "rose from 40 to 50 percent" is a change, not a range
    after_from = amount.start > 0 and doc[amount.start - 1].lower_ == "from"
    upper = None if after_from else _range_end(doc, amount, qualifier)
    if upper is not None:
        lo = amount.value
        # "between 1 and 2 million": the scale word of the upper bound applies to both
        if upper.value and lo and upper.value >= 1000 * lo and upper.end - upper.start > 1:
            lo = lo * (upper.value / _digits_or_words(doc, upper))
        value, low, high, end = None, lo, upper.value, upper.end
    currency, cstart = _currency_before(doc, qstart if qualifier else amount.start)
    if currency is not None and qualifier is None:
        qualifier, q2 = _qualifier(doc, cstart)
        cstart = q2 if qualifier else cstart
        qstart = cstart
    elif currency is not None:
        # "more than $5bn": the currency sits between hedge and number
        pass
    if currency is None and qualifier is not None:
        cur2, c2 = _currency_before(doc, amount.start)
        if cur2 is not None:
            currency = cur2
    start = min(qstart, cstart)
    last = end - 1
    unit: str | None = None
    n = len(doc)
    if end < n and doc[end].lower_ in _CURRENCY_WORDS and currency is None:
        currency = _CURRENCY_WORDS[doc[end].lower_]
        last = end
        end += 1
    elif amount.vague and currency is None and _lower(doc, end) == "of" and _lower(doc, end + 1) in _CURRENCY_WORDS:
        # "millions of pounds"
        currency = _CURRENCY_WORDS[_lower(doc, end + 1)]
        last = end + 1
        end += 2
    if currency is not None:
        purpose = _money_purpose(doc, end)
        unit = currency if purpose is None else f"{currency} {purpose[0]}"
        if purpose is not None:
            last = purpose[1]
    elif end < n and doc[end].lower_ == "percentage" and _lower(doc, end + 1) in ("point", "points"):
        last, unit = end + 1, "percentage points"
    elif end < n and (doc[end].lower_ in _PERCENT_WORDS or (doc[end].lower_ == "per" and _lower(doc, end + 1) == "cent")):
        last = end + (1 if doc[end].lower_ == "per" else 0)
        unit = "percent"
        if _lower(doc, last + 1) == "of":
            what = _unit_after(doc, last + 1, allow_of=True)
            if what is not None:
                unit, last = f"percent of {what[0]}", what[1]
    elif doc[amount.start].lower_ == "half" and amount.end - amount.start == 1:
        return None
    else:
        # a scare-quoted amount: '"tens of thousands" of troops'
        if amount.vague and _lower(doc, end) in ('"', "”", "'", "’") and _lower(doc, end + 1) == "of":
            end += 1
        what = _unit_after(doc, end, allow_of=True)
        if what is None and (coll := _collective_before(doc, start)) is not None:
            what, start = (coll[0], last), coll[1]
        if what is None and carry and _carry_cue(doc, start):
            what = (carry, last)
        if what is None:
            if opts.require_unit:
                return None
            unit = ""
        else:
            unit, last = what
            # year-shaped numbers only count when they modify a plural noun: "1500 troops"
            tok = doc[amount.start]
            if amount.end - amount.start == 1 and _YEAR_RE.match(tok.text) and (
                doc[last].tag_ != "NNS" or tok.head.i != last
                or (amount.start > 0 and doc[amount.start - 1].pos_ in ("DET", "PRON"))  # "the 2021 floods"
            ):
                return None
    if amount.start == amount.end - 1 and _YEAR_RE.match(doc[amount.start].text) and currency is None and unit is None:
        return None
    span = Span(article.id, doc[start].idx, doc[last].idx + len(doc[last].text))
    fig = Figure(span=span, value=value, unit=unit or "", qualifier=qualifier, low=low, high=high)
    return fig, max(last + 1, end)


def _special_figure(doc, article: Article, amount: _Amount, qualifier: str | None, qstart: int):
    """Fractions ("a third of patients" -> 33.3 percent of patients) and pence ("17p")."""
    start, last = min(qstart, amount.start), amount.end - 1
    if amount.pence:
        unit = "pence"
        if _lower(doc, amount.end) in ("a", "per") and amount.end + 1 < len(doc) and doc[amount.end + 1].tag_ == "NN":
            last = amount.end + 1  # "5p a litre": the rate is part of the phrase
    else:
        unit = "percent"
        what = _unit_after(doc, amount.end, allow_of=True)
        if what is not None and doc[what[1]].ent_type_ not in _NAME_ENTS | {"DATE", "TIME"}:
            unit, last = f"percent of {what[0]}", what[1]
        elif _lower(doc, amount.end) == "of":
            # "half of those who stopped": a pronoun, nothing named
            last = amount.end + 1 if amount.end + 1 < len(doc) and doc[amount.end + 1].pos_ == "PRON" else last
    span = Span(article.id, doc[start].idx, doc[last].idx + len(doc[last].text))
    return Figure(span=span, value=amount.value, unit=unit, qualifier=qualifier), max(last, amount.end - 1) + 1


def _magnitude(doc, amount: _Amount, qstart: int) -> tuple[int, int] | None:
    """"magnitude 6.4", "a 6.4-magnitude quake", "6.4 on the Richter scale": (first, last) tokens."""
    if amount.value is None or amount.end - amount.start != 1:
        return None
    if qstart > 0 and doc[qstart - 1].lower_ == "magnitude":
        return qstart - 1, amount.end - 1
    if amount.start > 0 and doc[amount.start - 1].lower_ == "magnitude":
        return amount.start - 1, amount.end - 1
    k = amount.end + (1 if _lower(doc, amount.end) == "-" else 0)
    if _lower(doc, k) == "magnitude":
        return qstart, k
    if _lower(doc, amount.end) == "on" and _lower(doc, amount.end + 2) == "richter":
        return qstart, min(amount.end + 3, len(doc) - 1)
    return None


def _collective_before(doc, start: int) -> tuple[str, int] | None:
    """"a sell-out crowd of 52,000": the collective noun before "of" names what is counted."""
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in _COLLECTIVES:
        return doc[start - 2].lower_, start - 2
    return None


def _carry_cue(doc, start: int) -> bool:
    if start < 1:
        return False
    prev = doc[start - 1].lower_
    return prev in _CARRY_CUES or (prev == "of" and start >= 2 and doc[start - 2].lower_ == "top")


def _digits_or_words(doc, amount: _Amount) -> float:
    v = _digits_value(doc[amount.start].text)
    if v is None:
        v = _words_value([doc[amount.start].lower_]) or 1.0
    return v or 1.0


_MONEY_UNITS = frozenset(_CURRENCY_SYMBOLS.values()) | frozenset(_CURRENCY_WORDS.values()) | {"pence"}


def _carried_unit(doc, found: list[Figure], i: int) -> str | None:
    """The unit of the previous figure in token ``i``'s sentence, if it counts things (not money)."""
    if not found:
        return None
    prev = found[-1]
    sent = doc[i].sent
    if prev.span.start < sent.start_char or not prev.unit or prev.unit.split()[0] in _MONEY_UNITS:
        return None
    return prev.unit


def extract_figures(doc, article: Article, options: FigureOptions | None = None) -> tuple[Figure, ...]:
    """Every counted amount in ``doc``, in text order."""
    opts = options or FigureOptions()
    out: list[Figure] = []
    i, n = 0, len(doc)
    lows = lower_forms(doc)
    while i < n:
        amount = amount_at(doc, i) if could_start_amount(lows[i]) else None
        if amount is None:
            i += 1
            continue
        found = _figure(doc, article, amount, opts, carry=_carried_unit(doc, out, i))
        if found is None:
            i = amount.end
            continue
        fig, nxt = found
        out.append(fig)
        # a partitive's inner number ("15 of the 40 passengers") is a figure of its own
        i = amount.end if _lower(doc, amount.end) == "of" else nxt
    return tuple(out)
