"""Sentence facts: what cross-checking compares in each sentence, read once from the parse.

Needs: the parsed ``Doc`` and the article's entities, figures, dates and quotes (the other
extractors' output).  Adds: one :class:`SentenceFacts` per sentence, with

- ``values``: every comparable value with what it is about and the words that govern it
  in the parse: numbers (the figures, plus counts the figure reader leaves out such as
  durations and ages), people, organisations, places, nationalities, dates, titles, and
  negation cues;
- ``clauses``: every predicate with its named parties and polarity ("Klitschko stopped
  Thompson", "Page has not died"), its act folded to a frame ("asked"/"requested" -> ask);
- ``lemmas``, ``modality`` (current, past, future/planned) and ``quoted``.

Later stages never parse again: they align sentences by their vectors and compare these
records.
"""

from __future__ import annotations

import re
from dataclasses import replace
from collections.abc import Sequence

from .. import lexicon
from ..records import Article, Clause, DateRef, Entity, Figure, Quote, SentenceFacts, Span, Value
from .dates import MONTHS, WEEKDAYS
from .lexicon import PERSON_NOUNS, country_key, fold
from .doc_cache import entity_at, lower_forms, token_starts

_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
_KIND_OF_LABEL = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place",
                  "NORP": "nationality"}
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"})
# the sentence reader's word lists (data/lexicon/sentences.txt): lemmas that say nothing about what a
# sentence is about, verbs of saying and thinking, and verbs that link a subject to a description
_WORDS = {name: frozenset(words) for name, words in lexicon.table("sentences").items()}
_STOP_LEMMAS = _WORDS["stop_lemmas"]
_SAY_LEMMAS = _WORDS["say_lemmas"]
_COPULAS = _WORDS["copulas"]
_SUBJ_DEPS = frozenset({"nsubj"})
_OBJ_DEPS = frozenset({"dobj", "obj", "dative", "nsubjpass"})
_MOD_DEPS = frozenset({"poss", "amod", "compound", "nmod"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")
_DECADE_TAIL = re.compile(r"['\u2019]?s\b")
_DECADE = re.compile(r"\b(1[6-9]\d0|20\d0)['\u2019]?s\b")
_SEASON = re.compile(r"\b(1[6-9]\d\d|20\d\d)[-\u2013/](\d\d|1[6-9]\d\d|20\d\d)\b")
_FUTURE_PHRASES = re.compile(r"\b(next (?:year|month|week|spring|summer|autumn|fall|winter)|early next|"
                             r"by (?:the )?end of|in the coming|later this|from next)\b", re.I)
_PAST_PHRASES = re.compile(r"\b(last (?:year|month|week|spring|summer|autumn|fall|winter)|in (?:19|20)\d\d|"
                           r"since (?:19|20)\d\d|earlier this (?:year|spring|summer|month)|ago)\b", re.I)


def entity_key(text: str, label: str) -> str | None:
    """A key that names one entity across articles: its country, a person's surname, or the name."""
    text = text.strip()
    if not text:
        return None
    nat = country_key(text)
    if nat and label in ("GPE", "NORP", "LOC", "ORG", "ADJ"):
        return nat
    if nat and label == "PERSON" and " " in text:
        return nat  # the tagger takes some capitals for names ("Buenos Aires sent ...")
    if label == "PERSON":
        parts = [p for p in re.split(r"\s+", text) if p.lower() not in ("jr", "jr.", "sr", "sr.", "ii", "iii")]
        if not parts:
            return None
        return "person:" + _POSSESSIVE.sub("", parts[-1].lower()).strip(".,")
    if label in _ENTITY_LABELS:
        return "name:" + re.sub(r"^the\s+", "", fold(text))
    return None


class _Index:
    """Token-level look-ups over one Doc: which entity a token belongs to, and its key."""

    def __init__(self, doc, entities: Sequence[Entity], text: str):
        self.doc = doc
        self.text = text  # the Doc's text (Doc.text would join every token again on every call)
        self.entity_at: dict[int, tuple[Entity, Span]] = {}
        for ent in entities:
            for m in ent.mentions:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is None:
                    continue
                for tok in span:
                    self.entity_at.setdefault(tok.i, (ent, m))

    def key(self, tok) -> str | None:
        """Key of a token that is part of a named entity or is a nationality/country word."""
        found = self.entity_at.get(tok.i)
        if found is not None:
            ent, mention = found
            if ent.label in _ENTITY_LABELS:
                return entity_key(ent.name if ent.label == "PERSON" else self.text[mention.start:mention.end],
                                  ent.label) or None
        ent = entity_at(self.doc, tok.i)
        if ent is not None and ent.label_ in _ENTITY_LABELS:
            return entity_key(ent.text, ent.label_)
        if tok.pos_ in ("ADJ", "PROPN", "NOUN"):
            return country_key(tok.text)
        return None

    def is_person(self, tok) -> bool:
        found = self.entity_at.get(tok.i)
        if found is not None:
            return found[0].label == "PERSON"
        ent = entity_at(self.doc, tok.i)
        return ent is not None and ent.label_ == "PERSON"

    def name(self, tok, key: str) -> str:
        """How an explanation names the entity: a proper name as written, else its country."""
        ent = entity_at(self.doc, tok.i)
        if ent is not None and tok.pos_ == "PROPN":
            return re.sub(r"^(the|The)\s+", "", ent.text).strip()
        if tok.pos_ == "PROPN":
            return tok.text
        if key in ("us", "uk"):
            return key.upper()
        if key == "european union":
            return "EU"
        return key.split(":")[-1].title()

    def root_of(self, tok):
        """The syntactic root of the entity a token is in (one key per mention)."""
        ent = entity_at(self.doc, tok.i)
        return ent.root if ent is not None else tok


# ------------------------------------------------------------------ anchors


def _lemma(tok) -> str:
    return tok.lemma_.lower()


def anchor_of(span) -> tuple[str, ...]:
    """The words that govern a value in the parse, most specific first.

    "Seven men drove a 4x4" -> ("man", "drive"); "off Syria's southern province" ->
    ("province", "off", ...); "died in June 2005" -> ("in", "die").  Two values with
    overlapping anchors stand in the same place of their sentences.
    """
    root = span.root
    out: list[str] = []
    cur = root
    for _ in range(3):
        head = cur.head
        if head is cur:
            break
        if head.pos_ == "ADP":
            out.append(head.lower_)
        elif head.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "AUX") and head.i not in range(span.start, span.end):
            out.append(_lemma(head))
        cur = head
        if head.pos_ == "VERB":
            break
    return tuple(dict.fromkeys(w for w in out if w))


def _doc_span(doc, start: int, end: int):
    return doc.char_span(start, end, alignment_mode="expand")


# ------------------------------------------------------------------ values


def _unit_lemma(unit: str, doc_span) -> str:
    """The counted noun as one lemma: "young women" -> "woman"; "usd" stays."""
    if doc_span is not None:
        nouns = [t for t in doc_span if t.pos_ in ("NOUN", "PROPN") and not t.like_num]
        if nouns:
            return _lemma(nouns[-1])
    words = unit.split()
    return words[-1] if words else ""


def _number_key(amount: float | None, low: float | None, high: float | None) -> str:
    if amount is not None:
        return f"{amount:g}"
    if low is not None and high is not None:
        return f"{low:g}-{high:g}"
    return "?"


def _figure_values(doc, article_id: str, figures: Sequence[Figure]) -> list[Value]:
    out = []
    for f in figures:
        span = _doc_span(doc, f.span.start, f.span.end)
        about = _unit_lemma(f.unit, span)
        out.append(Value(kind="number", key=_number_key(f.value, f.low, f.high), span=f.span, about=about,
                         anchor=anchor_of(span) if span is not None else (), amount=f.value, low=f.low,
                         high=f.high, bound=lexicon.table("bounds").get(f.qualifier or "", ("",))[0]))
    return out


def _count_values(doc, article_id: str, covered: set[int]) -> list[Value]:
    """Counts the figure reader leaves out (durations "nine days", "twelve seasons", "a nine-book
    series", ages "Robert Pitman, 31," and "a 53-year-old woman"): one number reader
    (:func:`newsprism.read.figures.amount_at`), read here for comparing, not for the brief."""
    from .figures import amount_at, could_start_amount

    out = []
    i, n = 0, len(doc)
    lows = lower_forms(doc)
    while i < n:
        if i in covered or not could_start_amount(lows[i]) or doc[i].ent_type_ == "ORDINAL":
            i += 1  # where no amount can start, amount_at would say None: one step on either way
            continue
        amount = amount_at(doc, i)
        if amount is None or amount.value is None or any(k in covered for k in range(amount.start, amount.end)):
            i += 1 if amount is None else max(amount.end - i, 1)
            continue
        first, last = doc[amount.start], doc[amount.end - 1]
        if first.ent_type_ in ("TIME", "ORDINAL", "MONEY", "PERCENT") or _YEAR.fullmatch(first.text):
            i = amount.end
            continue
        j = amount.end
        # "53-year-old", "a nine-book series": the number is glued to its noun by a hyphen
        hyphen = j < n and doc[j].text == "-" and j + 1 < n
        noun_i = j + 1 if hyphen else j
        kind, about = "number", ""
        if hyphen and noun_i + 2 < n and doc[noun_i].lower_ == "year" and doc[noun_i + 1].text == "-" \
                and doc[noun_i + 2].lower_ == "old":
            kind = "age"
            head = doc[noun_i + 2].head
            about = _person_or_lemma(head)
            end_tok = doc[noun_i + 2]
        elif noun_i < n and doc[noun_i].pos_ in ("NOUN", "PROPN") and not doc[noun_i].like_num:
            about = _lemma(doc[noun_i])
            end_tok = doc[noun_i]
        elif _is_age(last):
            kind, about = "age", _person_or_lemma(last.head)
            end_tok = last
        else:
            i = amount.end
            continue
        start, end = first.idx, end_tok.idx + len(end_tok.text)
        span = doc[amount.start:end_tok.i + 1]
        out.append(Value(kind=kind, key=_number_key(amount.value, None, None), span=Span(article_id, start, end),
                         about=about, anchor=anchor_of(span), amount=amount.value))
        i = end_tok.i + 1
    return out


def _is_age(tok) -> bool:
    """"Robert Pitman, 31," and "Page, 85, died": a bare number in apposition to a person."""
    if not tok.like_num or not tok.text.isdigit() or not 0 < int(tok.text) < 120:
        return False
    head = tok.head
    if tok.dep_ in ("appos", "npadvmod", "amod", "nummod") and head.ent_type_ == "PERSON" and head.i < tok.i:
        prev = tok.doc[tok.i - 1] if tok.i else None
        return prev is not None and prev.text == ","
    return False


def _person_or_lemma(tok) -> str:
    """Whom an age describes: a person's key, else the lemma of the noun it is said of."""
    ent = entity_at(tok.doc, tok.i) if tok.ent_type_ else None
    if ent is not None and ent.label_ == "PERSON":
        return entity_key(ent.text, "PERSON") or _lemma(tok)
    if tok.pos_ == "PROPN" and (ent is None or ent.label_ not in ("GPE", "LOC", "FAC")):
        # "15-year-old Jan Kowalski" tagged an organisation: a full name that is given an age is
        # a person's (places and buildings aside)
        name = ent if ent is not None else tok.doc[tok.left_edge.i:tok.i + 1]
        words = [t for t in name if not t.is_punct]
        if 2 <= len(words) <= 4 and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in words):
            return entity_key(name.text, "PERSON") or _lemma(tok)
    return _lemma(tok)


def _date_key(text: str, value: str | None, relative: bool) -> str:
    """One comparable key per date mention, at its own precision: "weekday:1" (Tuesday),
    "month:6", "year:2005", "date:2008-12-11"."""
    low = text.lower()
    words = re.findall(r"[a-z]+", low)
    day = next((WEEKDAYS[w] for w in words if w in WEEKDAYS), None)
    if day is not None:
        return f"weekday:{day}"
    month = next((MONTHS[w] for w in words if w in MONTHS), None)
    if value and not relative and len(value) >= 10 and (month is not None or re.search(r"\d{4}-\d\d-\d\d", low)):
        return f"date:{value[:10]}"
    if month is not None:
        return f"month:{month}"
    decade = _DECADE.search(text)
    if decade:  # "the 1930s", "the 1930's": ten years, one span
        return f"year:{decade.group(1)}-{int(decade.group(1)) + 9}"
    season = _SEASON.search(text)
    if season:  # "the 2004-05 season", "2019/20": both years, one span
        first = int(season.group(1))
        last = int(season.group(1)[: 4 - len(season.group(2))] + season.group(2))
        if last == first + 1:
            return f"year:{first}-{last}"
    year = _YEAR.search(text)
    if year:
        return f"year:{year.group(1)}"
    return "when:" + " ".join(low.split())


_DURATION = re.compile(r"^(?:(?:about|some|nearly|almost|more than|over|under|just)\s+)?"
                       r"(?P<n>[\w,.]+(?:[- ]\w+)?)[- ](?P<unit>second|minute|hour|day|night|week|weekend|month|"
                       r"year|decade|century|season|term|round|inning)s?(?:[- ]long)?$", re.I)


_AGE = re.compile(r"^(?:a |an |the )?([\w-]+?)[- ]years?[- ]old$", re.I)


def _duration(text: str) -> tuple[float, str] | None:
    """"nine days" -> (9, "day"); "a ten-year" -> (10, "year"); None for a date that is a moment."""
    m = _DURATION.match(" ".join(re.sub(r"^(?:a|an|the)\s+", "", text.strip(), flags=re.I).split()))
    if not m:
        return None
    n = m.group("n").lower().replace(",", "")
    try:
        value = float(n)
    except ValueError:
        from text_to_num import text2num

        try:
            value = float(text2num(n.replace("-", " "), "en"))
        except ValueError:
            return None
    return value, m.group("unit").lower()


def _date_values(doc, dates: Sequence[DateRef], body: str) -> list[Value]:
    """Dates with a comparable key; a duration ("nine days", "a ten-year term") is a number of days."""
    out = []
    for d in dates:
        text = body[d.span.start:d.span.end]
        span = _doc_span(doc, d.span.start, d.span.end)
        anchor = anchor_of(span) if span is not None else ()
        age = _AGE.match(text.strip())
        if age is not None and span is not None:
            amount = _duration(age.group(1) + " years")
            if amount is not None:
                out.append(Value(kind="age", key=_number_key(amount[0], None, None), span=d.span,
                                 about=_person_or_lemma(span.root.head if span.root.head.i >= span.end else
                                                        span.root), anchor=anchor, amount=amount[0]))
                continue
        duration = None if d.relative or " ago" in text.lower() else _duration(text)
        if duration is not None:
            out.append(Value(kind="number", key=_number_key(duration[0], None, None), span=d.span,
                             about=duration[1], anchor=anchor, amount=duration[0]))
            continue
        moment, comma, tail = text.rpartition(",")
        tail_duration = _duration(tail) if comma and moment.strip() and " ago" not in tail.lower() else None
        if tail_duration is not None:
            # the model reads "on May 3, nine days before the final" as one date: the moment and
            # the days between two events, each a fact of its own
            at = d.span.start + len(moment) + 1 + (len(tail) - len(tail.lstrip()))
            part = _doc_span(doc, at, d.span.end)
            span_end = d.span.start + len(moment.rstrip())
            out.append(Value(kind="date", key=_date_key(moment, d.value, d.relative),
                             span=Span(d.span.article_id, d.span.start, span_end), anchor=anchor))
            out.append(Value(kind="number", key=_number_key(tail_duration[0], None, None),
                             span=Span(d.span.article_id, at, d.span.end), about=tail_duration[1],
                             anchor=anchor_of(part) if part is not None else anchor, amount=tail_duration[0]))
            continue
        decade = _DECADE_TAIL.match(body, d.span.end) if text.endswith("0") else None
        # "the 1930's" where the tagger's date stops before "'s": the decade, not its first year
        key = _date_key(text + decade.group(0) if decade else text, d.value, d.relative)
        out.append(Value(kind="date", key=key, span=d.span, anchor=anchor))
        year = _YEAR.search(text)
        if key.startswith("month:") and year is not None and len(_YEAR.findall(text)) == 1 \
                and sum(w in MONTHS for w in re.findall(r"[a-z]+", text.lower())) == 1:
            # "the March 2019 floods": the month and the year are two facts; a month key alone
            # would hold "March 2017" and "March 2019" the same (a span of months is neither)
            out.append(Value(kind="date", key=f"year:{year.group(1)}", anchor=anchor,
                             span=Span(d.span.article_id, d.span.start + year.start(1), d.span.start + year.end(1))))
    return out


_PARTY_TAG = re.compile(r"^[DRI]-[A-Z][A-Za-z]*\.?$")
_COMPASS_BEFORE = re.compile(r"(?<![\w-])([A-Za-z]+(?:-[A-Za-z]+)?) $")


def _entity_values(doc, entities: Sequence[Entity], body: str) -> list[Value]:
    out = []
    for ent in entities:
        kind = _KIND_OF_LABEL.get(ent.label)
        if kind is None:
            continue
        for m in ent.mentions:
            text = body[m.start:m.end]
            if _PARTY_TAG.match(text) or _PARTY_TAG.match(body[max(0, m.start - 2):m.end]):
                continue  # "Richard Gephardt, D-Mo.": a lawmaker's party and state, no place of the story
            key = entity_key(ent.name if ent.label == "PERSON" else text, ent.label)
            if not key:
                continue
            if kind in ("place", "org") and country_key(text):
                kind_here = "place"
            elif kind == "nationality" and not country_key(text):
                # a group that is no country: a party ("Tory") is an affiliation, a faith is neither
                party = lexicon.inverse("parties").get(fold(text))
                if party is None:
                    continue
                kind_here, key = "affiliation", party
            else:
                kind_here = kind
            if kind_here == "nationality" and _names_more(doc, m.end):
                continue  # "Australian Open", "American Airlines": part of a name
            span = _doc_span(doc, m.start, m.end)
            where = m
            if kind_here == "place" and (part := _COMPASS_BEFORE.search(body, max(0, m.start - 16), m.start)) \
                    and part.group(1).lower() in lexicon.inverse("compass"):
                where = Span(m.article_id, part.start(1), m.end)  # "southern Iran": the part is the place
            out.append(Value(kind=kind_here, key=key, span=where, anchor=anchor_of(span) if span is not None else ()))
        person = entity_key(ent.name, "PERSON") if ent.label == "PERSON" else None
        if not person:
            continue
        for d in ent.descriptors:
            span = _doc_span(doc, d.span.start, d.span.end)
            anchor = anchor_of(span) if span is not None else ()
            if d.kind == "nationality":
                key = country_key(d.text)
                if key and not _names_more(doc, d.span.end):
                    out.append(Value(kind="nationality", key=key, span=d.span, about=person, anchor=anchor))
            elif d.kind in ("title", "role"):
                # a hyphenated title is one word: "Vice-Chairman", "co-chairman" (the parse may
                # split it and leave the descriptor without its first part)
                start = d.span.start
                while start > 1 and body[start - 1] == "-" and body[start - 2].isalpha():
                    start -= 1
                    while start > 0 and body[start - 1].isalpha():
                        start -= 1
                span_t = Span(d.span.article_id, start, d.span.end)
                text_t = body[start:d.span.end].replace("-", " ")
                out.append(Value(kind="title", key=" ".join(fold(text_t).split()), span=span_t, about=person,
                                 anchor=anchor))
            elif d.kind == "affiliation" and not re.search(r"\d", d.text):
                party = lexicon.inverse("parties").get(fold(d.text))
                out.append(Value(kind="affiliation", key=party or entity_key(d.text, "ORG") or fold(d.text),
                                 span=d.span, about=person, anchor=anchor))
    return out


def _names_more(doc, end: int) -> bool:
    """Is the word after ``end`` the next word of a proper name ("Australian| Open")?"""
    from .lexicon import PORTFOLIO_WORDS, is_title_word

    tok = next((t for t in doc[max(0, _token_at(doc, end) - 1):] if t.idx >= end), None)
    if tok is None or tok.is_space or tok.is_punct or tok.idx > end + 1:
        return False
    low = tok.lower_
    return (tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.ent_type_ != "PERSON"
            and not is_title_word(low) and low not in PORTFOLIO_WORDS)


def _token_at(doc, offset: int) -> int:
    from bisect import bisect_left

    return bisect_left(token_starts(doc), offset)


def _modifier_values(sent, index: _Index, article_id: str, taken: set[tuple[int, int]]) -> list[Value]:
    """Nationality words the tagger left untagged ("Russian troops", "the Canadian star")."""
    out = []
    for tok in sent:
        if tok.dep_ not in ("amod", "compound", "nmod") or tok.head.pos_ != "NOUN":
            continue
        key = country_key(tok.text)
        span = (tok.idx, tok.idx + len(tok.text))
        if not key or span in taken or _names_more(tok.doc, span[1]):
            continue
        out.append(Value(kind="nationality", key=key, span=Span(article_id, *span), about=_lemma(tok.head),
                         anchor=(_lemma(tok.head),)))
    return out


def _negation_values(sent, article_id: str) -> list[Value]:
    out = []
    for tok in sent:
        if tok.dep_ == "neg" or _negation_word(tok) and tok.dep_ in ("det", "neg", "advmod", "preconj"):
            out.append(Value(kind="negation", key="not", span=Span(article_id, tok.idx, tok.idx + len(tok.text)),
                             about=_lemma(tok.head), anchor=(_lemma(tok.head),)))
    return out


# ------------------------------------------------------------------ clauses


def _party_keys(tok, index: _Index, *, modifiers: bool = True) -> list[tuple[str, str, object]]:
    """(key, name, token) of the entities a noun phrase names: the head itself ("Spain"), else its
    modifiers ("Spain's government", "Russian troops", "the government of Spain"); conjuncts included.

    A person's coach, lawyer or wife is another person: a noun for a person never stands for the
    person named beside it ("Yapp's coach backed him" is not Yapp backing him), while a country's
    or a company's people act for it ("Russia's foreign minister", "the Apple engineers")."""
    out = []
    for head in [tok, *(c for c in tok.children if c.dep_ == "conj")]:
        key = index.key(head)
        if key is not None:
            out.append((key, index.name(head, key), index.root_of(head)))
            continue
        if not modifiers or head.pos_ not in ("NOUN", "PROPN"):
            continue
        person_noun = _lemma(head) in PERSON_NOUNS
        for child in head.children:
            if child.dep_ in _MOD_DEPS:
                cands = [child]
            elif child.dep_ == "prep" and child.lower_ == "of":  # "the government of Spain"
                cands = [obj for obj in child.children if obj.dep_ == "pobj"]
            else:
                cands = []
            for c in cands:
                key = None if person_noun and index.is_person(c) else index.key(c)
                if key is not None:
                    out.append((key, index.name(c, key), index.root_of(c)))
    return out


def _place_keys(prep, index: _Index) -> list[tuple[str, str, object, str]]:
    out = []
    place_nouns = lexicon.words("place_nouns")
    preps = [prep, *(c for c in prep.children if c.dep_ == "conj" and c.pos_ == "ADP")]
    for p in preps:
        for obj in p.children:
            if obj.dep_ != "pobj":
                continue
            for noun in [obj, *(c for c in obj.children if c.dep_ == "conj")]:
                key = index.key(noun)
                if key is not None and (noun.ent_type_ in _PLACE_LABELS or country_key(noun.text)):
                    out.append((key, index.name(noun, key), index.root_of(noun), prep.lower_))
                elif _lemma(noun) in place_nouns:
                    out.extend((k, n, t, prep.lower_) for k, n, t in _party_keys(noun, index))
    return out


def _locative_preps(tok):
    preps = lexicon.words("locative_preps")
    return [c for c in tok.children if c.dep_ == "prep" and c.lower_ in preps]


def _nominal_frame(tok) -> str | None:
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    lemma = _lemma(tok)
    if lemma == "up" and any(c.lower_ == "build" for c in tok.children):
        lemma = "build-up"
    if lemma not in lexicon.words("frame_nouns"):
        return None
    return lexicon.inverse("frames").get(lemma, lemma)


def _of_object(tok):
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for obj in c.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _nominal_parties(noun, index: _Index):
    agents, patients = [], []
    places = [pl for p in _locative_preps(noun) for pl in _place_keys(p, index)]
    for child in noun.children:
        if child.dep_ in _MOD_DEPS:
            key = index.key(child)
            if key is not None:
                agents.append((key, index.name(child, key), index.root_of(child)))
            elif child.dep_ == "compound":  # "Russian troop build-up"
                for g in child.children:
                    k = index.key(g) if g.dep_ in _MOD_DEPS else None
                    if k is not None:
                        agents.append((k, index.name(g, k), index.root_of(g)))
        elif child.dep_ == "prep" and child.lower_ == "by":
            agents.extend(k for obj in child.children if obj.dep_ == "pobj" for k in _party_keys(obj, index))
    obj = _of_object(noun)
    if obj is not None:
        key = index.key(obj)
        if key is not None:
            patients.append((key, index.name(obj, key), index.root_of(obj)))  # "the invasion of Ukraine"
        else:  # "the build-up of Russian troops": whoever owns what is moved is the actor
            agents.extend(_party_keys(obj, index))
            places.extend(pl for p in _locative_preps(obj) for pl in _place_keys(p, index))
    return agents, patients, places


def _subjects(verb):
    subj = [c for c in verb.children if c.dep_ in _SUBJ_DEPS]
    cur = verb
    while not subj and cur.dep_ == "conj" and cur.head is not cur:  # "X asked ... and sent"
        cur = cur.head
        subj = [c for c in cur.children if c.dep_ in _SUBJ_DEPS]
    if not subj and cur.dep_ == "advcl" and cur.tag_ == "VBG" and cur.head is not cur:
        # a participle's doer is its clause's subject: "Romney fired back, attacking Trump"
        subj = [c for c in cur.head.children if c.dep_ in _SUBJ_DEPS]
    return subj


def _verb_parties(verb, index: _Index):
    agents = [k for s in _subjects(verb) for k in _party_keys(s, index)]
    for c in verb.children:
        if c.dep_ == "agent":
            agents.extend(k for obj in c.children if obj.dep_ == "pobj" for k in _party_keys(obj, index))
    patients, places = [], []
    for c in verb.children:
        if c.dep_ in _OBJ_DEPS:
            patients.extend(_party_keys(c, index))
            places.extend(pl for p in _locative_preps(c) for pl in _place_keys(p, index))
            obj = _of_object(c)
            if obj is not None:
                places.extend(pl for p in _locative_preps(obj) for pl in _place_keys(p, index))
    places.extend(pl for p in _locative_preps(verb) for pl in _place_keys(p, index))
    return agents, patients, places


def _negated(verb) -> bool:
    return any(c.dep_ == "neg" or _negation_word(c) and c.dep_ in ("advmod", "neg") for c in verb.children)


def _negation_word(tok) -> bool:
    """A negation by its word or by its norm: the parser labels the curly "n’t" of "can’t" an
    advmod, not a neg, and its text is not the lexicon's "n't"; spaCy's norm of both is "not"."""
    negations = lexicon.words("negations")
    return tok.lower_ in negations or tok.norm_ in negations


def _predicate_span(verb, article_id: str) -> Span:
    """The verb with its auxiliaries and negation: "has not died", "did not spot"."""
    toks = [verb] + [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < verb.i]
    start = min(t.idx for t in toks)
    return Span(article_id, start, verb.idx + len(verb.text))


def _subject_head(verb) -> str:
    """The lemma of the verb's subject's head noun: "people" of "three people did not die",
    "roof" of "half of the roof collapsed" (a share's "of" noun is what it is a share of)."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.pos_ not in ("NOUN", "PROPN", "NUM"):
        return ""
    if subj.pos_ == "NUM" or subj.lower_ in lexicon.words("share_words"):
        of = next((p for p in subj.children if p.dep_ == "prep" and p.lower_ == "of"), None)
        obj = next((o for o in of.children if o.dep_ == "pobj"), None) if of is not None else None
        if obj is None:
            return ""
        subj = obj
    return subj.lemma_.lower()


def _tok_span(tok, article_id: str) -> Span:
    return Span(article_id, tok.idx, tok.idx + len(tok.text))


def _clauses(sent, index: _Index, article_id: str) -> tuple[Clause, ...]:
    out: dict[tuple, Clause] = {}
    done_nouns: set[int] = set()
    frames = lexicon.inverse("frames")
    symmetric = lexicon.words("symmetric")
    light = lexicon.words("light_verbs")

    def add(act, verb_tok, verb_text, negated, agents, patients, places):
        span = _predicate_span(verb_tok, article_id) if verb_tok.pos_ in ("VERB", "AUX") else _tok_span(
            verb_tok, article_id)
        lemma = _lemma(verb_tok)
        subject = _subject_head(verb_tok)
        if act in symmetric:
            agents, patients = [], []
        others = [(k, n, t, "patient", "") for k, n, t in patients] + [(k, n, t, "place", p) for k, n, t, p in places]
        if not agents:
            out.setdefault((act, span.start, "", ""), Clause(act=act, span=span, negated=negated, verb=verb_text,
                                                                     lemma=lemma, subject=subject))
        for akey, aname, atok in agents:
            for okey, oname, otok, rel, prep in others:
                if okey != akey:
                    out.setdefault((act, span.start, akey, okey), Clause(
                        act=act, span=span, negated=negated, agent=akey, other=okey, relation=rel,
                        agent_span=_tok_span(atok, article_id), other_span=_tok_span(otok, article_id),
                        agent_name=aname, other_name=oname, verb=verb_text, prep=prep, lemma=lemma,
                        subject=subject))
            out.setdefault((act, span.start, akey, ""), Clause(
                act=act, span=span, negated=negated, agent=akey, agent_span=_tok_span(atok, article_id),
                agent_name=aname, verb=verb_text, lemma=lemma, subject=subject))

    for tok in sent:
        if tok.pos_ == "VERB" or tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "ROOT") and _negated(tok):
            lemma = _lemma(tok)
            if lemma in _SAY_LEMMAS or lemma in _COPULAS:
                # no parties (who says what is the quote extractor's), but its polarity counts:
                # "did not say", "was not elected"
                add(lemma, tok, tok.text, _negated(tok), [], [], [])
                continue
            agents, patients, places = _verb_parties(tok, index)
            act, text, node = frames.get(lemma, lemma), tok.text, tok
            if lemma in light:  # "stop this build-up near X": the act is the noun's
                for c in tok.children:
                    nf = _nominal_frame(c) if c.dep_ in ("dobj", "obj") else None
                    if nf is None:
                        continue
                    done_nouns.add(c.i)
                    n_agents, n_patients, n_places = _nominal_parties(c, index)
                    agents = n_agents or agents
                    patients = n_patients
                    places = n_places + places
                    act, text = nf, "build-up" if c.lower_ == "up" else c.text
                    break
            add(act, node, text, _negated(tok), agents, patients, places)
        elif tok.i not in done_nouns:
            nf = _nominal_frame(tok)
            if nf is not None:
                agents, patients, places = _nominal_parties(tok, index)
                add(nf, tok, "build-up" if tok.lower_ == "up" else tok.text, False, agents, patients, places)
    return tuple(out[k] for k in sorted(out))


# ------------------------------------------------------------------ sentences


def _modality(sent) -> str:
    text = sent.text
    modals = lexicon.words("modals")
    if _FUTURE_PHRASES.search(text) or any(
            _lemma(t) in modals and t.pos_ in ("AUX", "VERB", "NOUN", "ADV", "ADJ") and not _reports(t) for t in sent):
        return "future"
    return "past" if _PAST_PHRASES.search(text) else "current"


# clause boundaries: a modal above one of these governs another clause than the value's
_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "parataxis", "conj", "ROOT"})


def _clause_modality(sent, tok) -> str:
    """The modality of the clause that states the value at ``tok``, in a sentence that a modal
    somewhere puts in the future: "future" when a modal governs the value's own clause ("said
    it would build 200 homes", "plans to hire 40 staff"), else what the sentence would be
    without it ("the three holdouts refused to deliberate" beside "X would not comment")."""
    modals = lexicon.words("modals")

    def planned(t) -> bool:
        return _lemma(t) in modals and t.pos_ in ("AUX", "VERB", "NOUN", "ADV", "ADJ") and not _reports(t) or \
            t.pos_ in ("VERB", "AUX") and any(c.dep_ in ("aux", "auxpass") and _lemma(c) in modals for c in t.children)

    t = tok
    for _ in range(12):
        if planned(t):
            return "future"
        if t.pos_ in ("VERB", "AUX") and t.dep_ in _CLAUSE_DEPS or t.head is t:
            # a clause that completes a verb of planning is the plan ("expect 200,000 to march");
            # one that completes a verb of saying is what was said
            if t.dep_ == "ccomp" and planned(t.head):
                return "future"
            break
        t = t.head
    return "past" if _PAST_PHRASES.search(sent.text) else "current"


def _with_modality(sent, values: tuple[Value, ...], modality: str) -> tuple[Value, ...]:
    """Each value of a future sentence with its own clause's modality, where that is no plan
    (a time phrase such as "next year" holds for the whole sentence)."""
    if modality != "future" or _FUTURE_PHRASES.search(sent.text):
        return values
    doc = sent.doc
    out = []
    for v in values:
        span = _doc_span(doc, v.span.start, v.span.end)
        own = _clause_modality(sent, span.root) if span is not None and len(span) else modality
        out.append(replace(v, modality=own) if own != modality else v)
    return tuple(out)


def _reports(tok) -> bool:
    """A forecasting verb in the past that reports a clause ("Microsoft estimated Monday that one
    in 500 users had been exposed"): what was estimated is said in its clause, whose own tense and
    modals decide, and the estimate itself was made on the day given."""
    return tok.tag_ == "VBD" and any(c.dep_ == "ccomp" for c in tok.children)


def _quoted(text: str) -> bool:
    stripped = text.strip()
    return stripped[:1] in "\"'\u201c\u2018" or stripped.count("\u201c") + stripped.count('"') >= 2 and bool(
        re.search(r"[\"\u201c].{30,}?[\"\u201d]", stripped))


def _dedupe(values: list[Value]) -> tuple[Value, ...]:
    """One value per (kind, span), the most informative kept (a described nationality over a bare one)."""
    best: dict[tuple[str, int, int], Value] = {}
    for v in values:
        k = (v.kind, v.span.start, v.span.end)
        if k not in best or (v.about and not best[k].about):
            best[k] = v
    return tuple(sorted(best.values(), key=lambda v: (v.span.start, v.span.end, v.kind)))


def extract_sentences(doc, article: Article, entities: Sequence[Entity], figures: Sequence[Figure],
                      dates: Sequence[DateRef], quotes: Sequence[Quote] = ()) -> tuple[SentenceFacts, ...]:
    """One :class:`SentenceFacts` per sentence of ``doc`` (the sentences of ``ArticleFacts.sentences``)."""
    aid = article.id
    # the Doc's text is the article's: Doc.text would join every token again on every call
    index = _Index(doc, entities, article.text)
    all_values = (_figure_values(doc, aid, figures) + _date_values(doc, dates, article.text)
                  + _entity_values(doc, entities, article.text))
    covered = {t.i for v in all_values if v.kind in ("number", "date")
               for t in (_doc_span(doc, v.span.start, v.span.end) or ())}
    all_values += _count_values(doc, aid, covered)
    # Who a report cites is its own choice of source, no fact of the story: "a Bonn Finance
    # Ministry spokesman said" and "according to the Treasury Department" name no place or actor
    # that another report can contradict (a title or age of the speaker still can).
    cited = [q.speaker_span for q in quotes if q.speaker_span is not None]
    all_values = [v for v in all_values if v.kind not in ("org", "place") or not any(
        c.start <= v.span.start and v.span.end <= c.end for c in cited)]
    out = []
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        text = article.text[s:e]  # Span.text would join the sentence's tokens again
        if not text.strip():
            continue
        values = [v for v in all_values if s <= v.span.start < e]
        if _stamp(text):  # "21 July 2013 Last updated at 11:11 GMT": when this copy was
            values = [v for v in values if v.kind != "date"]  # published, no date of the story
        taken = {(v.span.start, v.span.end) for v in values}
        values += _modifier_values(sent, index, aid, taken) + _negation_values(sent, aid)
        lemmas = tuple(dict.fromkeys(
            _lemma(t) for t in sent
            if t.pos_ in _CONTENT_POS and not t.is_stop and _lemma(t) not in _STOP_LEMMAS and t.is_alpha))
        modality = _modality(sent)
        out.append(SentenceFacts(span=Span(aid, s, e), lemmas=lemmas,
                                 values=_with_modality(sent, _dedupe(values), modality),
                                 clauses=_clauses(sent, index, aid), modality=modality,
                                 quoted=_quoted(text), predicate=_has_predicate(sent)))
    return tuple(out)


def _stamp(text: str) -> bool:
    """A publication stamp: a date or time and nothing but stamp words ("Last updated at",
    "Posted on"), months, weekdays and time zones."""
    words = re.findall(r"[A-Za-z]+", text)
    return bool(re.search(r"\d", text)) and all(w.lower() in _STAMP_WORDS for w in words)


# the cleaner's stamp words (data/lexicon/cleaning.txt), with the months, weekdays and time zones
_STAMP_WORDS = (frozenset(lexicon.table("cleaning")["stamp_words"]) | frozenset(lexicon.table("cleaning")["time_zones"])
                | frozenset(MONTHS) | frozenset(WEEKDAYS))


def _has_predicate(sent) -> bool:
    """A finite verb, a copula included ("The MPs' term of office is five years."); a bare
    participle is none ("Shr 2.35 dlrs vs not given")."""
    return any(t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm") for t in sent)
