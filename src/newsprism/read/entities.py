"""Entities merged per article, with the descriptors the article attaches; places.

Stage: read.  Needs a Doc over ``Article.text`` with tagger, parser and NER.
Adds ``Entity`` records (one per person, organisation, place or group, with all
its mentions and descriptors) and ``Place`` records.

The steps, each a small function over the parse:

1. ``_ner_mentions``: the model's entity spans, corrected by rules.  The model
   tags titles as organisations ("Secretary of *State*", "*Sec*. Marsh") and
   surnames as places or organisations ("with *Ozola*"); we drop title-only
   spans, strip titles and possessives from names, and re-tag a span as a person
   when a title stands before it or another mention gives it a first name.
2. ``_bare_name_mentions``: a known surname the model left untagged.
3. ``_cluster``: one entity per person (a surname or a full name links to the
   longer full name), per country ("US", "U.S.", "America") and per name.
4. ``_person_descriptors``: titles, roles, nationalities and affiliations from
   the words before a name ("Latvian Foreign Minister Anna Ozola"), an
   apposition ("X, a deputy speaker of ..."), a relative clause ("X, who served
   as ...") and a copula ("X is the ...").
5. ``_link_descriptions``: a definite description ("the top US diplomat") whose
   head is a title noun becomes a mention of the most recent person the article
   gave that title, when nationality and affiliation do not contradict it.

No coreference model works offline, so all of this is deliberately
conservative: an unlinked description is better than a wrong one, because
cross-checking compares descriptors between sources.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .. import lexicon
from ..records import Article, Descriptor, Entity, Place, Span
from .doc_cache import entity_at, entity_spans
from .lexicon import (
    CAPITALS,
    COMPANY_FORMS,
    HONORIFIC_GENDER,
    HONORIFICS,
    PERSON_NOUNS,
    PORTFOLIO_WORDS,
    SPEECH_LEMMAS,
    TITLE_ABBREVIATIONS,
    TITLE_BODY_WORDS,
    TITLE_WORDS,
    first_name_gender,
    fold,
    is_demonym,
    known_nationality,
    nationality_key,
)

__all__ = ["EntityOptions", "extract_entities", "extract_places", "nationality_key", "known_nationality"]

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
# When an entity's mentions disagree on the label, most votes win; ties go to the
# label first in this order (a place tagged ORG once and GPE once is a place).
_LABEL_ORDER = ("PERSON", "GPE", "LOC", "ORG", "FAC", "NORP")

# the entity reader's word lists: data/lexicon/entities.txt (titles and roles: people.txt)
_WORDS = {name: frozenset(words) for name, words in lexicon.table("entities").items()}

_HEAD_WORDS = PERSON_NOUNS
_DETERMINERS = _WORDS["determiners"]
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_PP_IN_TITLE = _WORDS["pp_in_title"]
_PP_AFFILIATION = _WORDS["pp_affiliation"]
# A country name (not a demonym) before these heads names a topic, not a
# nationality: "the top Russia adviser", "a China expert", "the Ukraine envoy".
_TOPICAL_HEADS = _WORDS["topical_heads"]
# Descriptions that usually point at someone *other* than the current holder.
_NOT_CURRENT = _WORDS["not_current"]
_INTENSIFIERS = _WORDS["intensifiers"]
# Title classes: a definite description headed by the key can refer to a person
# holding any title that contains one of the values (data/lexicon/title_groups.txt).
_TITLE_GROUPS = lexicon.table("title_groups")
_REGIME_NOUNS = _WORDS["regime_nouns"]
# Heads of descriptions worth linking: offices, not relations ("the father" is anyone's father).
_LINKABLE = TITLE_WORDS | _WORDS["linkable"]
# Offices bound to a place keep it in the title: "mayor of Lyon", "Governor of Texas".
_PLACE_BOUND_HEADS = _WORDS["place_bound_heads"]
_HYPHEN_ADJECTIVES = _WORDS["hyphen_adjectives"]
_LOCATIVE_PREPS = _WORDS["locative_preps"]
_PLACE_NOUNS = _WORDS["place_nouns"]


@dataclass(frozen=True, kw_only=True)
class EntityOptions:
    """Options for :func:`extract_entities`.

    ``labels``: NER labels kept as entities.  ``place_labels``: labels that make a
    place.  ``link_descriptions``: link "the top US diplomat" to a named person.
    ``max_prefix``: the most tokens read before a name for its title.
    """

    labels: frozenset[str] = ENTITY_LABELS
    place_labels: frozenset[str] = PLACE_LABELS
    link_descriptions: bool = True
    max_prefix: int = 12


@dataclass(eq=False)
class _Mention:
    """A working mention: token range [start, end) and its (possibly corrected) label."""

    start: int
    end: int
    label: str
    person_hint: bool = False  # re-tagged as a person by a rule
    cluster: int = -1


@dataclass(eq=False)
class _Cluster:
    label: str
    mentions: list[_Mention] = field(default_factory=list)
    extra_spans: list[tuple[int, int]] = field(default_factory=list)  # linked descriptions (char offsets)
    descriptors: list[tuple[str, str, int, int]] = field(default_factory=list)  # kind, text, start, end


# ------------------------------------------------------------------ helpers


def _name_tokens(doc, m: _Mention) -> tuple[str, ...]:
    return tuple(fold(t.text) for t in doc[m.start : m.end] if fold(t.text))


def _looks_like_name(tokens) -> bool:
    """Every word capitalised, none a known country, demonym or capital."""
    words = [t for t in tokens if t.is_alpha]
    if not words:
        return False
    for t in words:
        if not t.text[0].isupper() or (t.text.isupper() and len(t.text) > 1):
            return False
        if known_nationality(t.text) or fold(t.text) in CAPITALS:
            return False
    return True


def _is_title_token(tok) -> bool:
    w = fold(tok.text)
    return w in _HEAD_WORDS or w in TITLE_ABBREVIATIONS


def _is_titleish(tok) -> bool:
    """A word that can be part of a title: a head, an abbreviation or a portfolio word."""
    w = fold(tok.text)
    return w in _HEAD_WORDS or w in TITLE_ABBREVIATIONS or w in PORTFOLIO_WORDS or w in HONORIFICS or w == "of"


# ------------------------------------------------------------- 1. mentions

# A stock symbol in brackets after a company's name, as wire copy writes it: "Apple Inc (AAPL.O)",
# "Rugby Portland Cement Plc <RBYL.L>", "Tesla Inc (TSLA)".
_TICKER = re.compile(r"[A-Z][A-Z0-9]{0,5}(?P<exchange>\.[A-Z]{1,2})?")


def ticker_owner(doc, i: int) -> int | None:
    """The index of the last token of the company name that the symbol at token ``i`` stands
    for, or None.  A symbol is in brackets right after a capitalised name, and has an exchange
    suffix ("AAPL.O"), or angle brackets (old Reuters copy), or follows a legal form ("Inc");
    an acronym in brackets ("the World Health Organization (WHO)") is none."""
    if not (1 < i < len(doc) - 1 and (m := _TICKER.fullmatch(doc[i].text))
            and (doc[i - 1].text, doc[i + 1].text) in (("(", ")"), ("<", ">"))):
        return None
    before = doc[i - 2]
    if not before.text[:1].isupper() or before.ent_type_ not in ("ORG", ""):
        return None
    if m.group("exchange") or doc[i - 1].text == "<":
        return i - 2
    if fold(before.text) in COMPANY_FORMS and doc[i].text not in _initials(doc, i - 2):
        return i - 2  # "Tesla Inc (TSLA)", but "Development Bank of Singapore Ltd (DBS)" is its acronym
    return None


def _initials(doc, last: int) -> tuple[str, str]:
    """The initials of the capitalised name that ends at token ``last``, small words left out,
    without and with its legal form: ("DBS", "DBSL") for "The Development Bank of Singapore Ltd",
    ("NTP", "NTPC") for "National Thermal Power Corporation"."""
    small = ("of", "and", "&", "the")
    k, words = last, []
    while k >= 0 and (doc[k].text[:1].isupper() or doc[k].lower_ in small):
        if doc[k].text[:1].isupper() and doc[k].lower_ not in small:
            words.append(doc[k].text)
        k -= 1
    words.reverse()
    return ("".join(w[0] for w in words if fold(w) not in COMPANY_FORMS), "".join(w[0] for w in words))


def _ner_mentions(doc, options: EntityOptions) -> list[_Mention]:
    out: list[_Mention] = []
    for ent in entity_spans(doc):
        if ent.label_ not in options.labels:
            continue
        start, end, label = ent.start, ent.end, ent.label_
        # trim determiners, honorifics, punctuation and possessives at the edges
        while start < end and (doc[start].lower_ in _DETERMINERS or not doc[start].text.strip("-/|.,'’\"")
                               or fold(doc[start].text) in HONORIFICS):
            start += 1
        while end > start and (doc[end - 1].text in _POSSESSIVE or not doc[end - 1].text.strip("-/|.,'’\"")):
            end -= 1
        if start >= end:
            continue
        if end - start == 1 and ticker_owner(doc, start) is not None:
            continue  # "Apple Inc (AAPL.O)": the company's symbol, no other organisation
        toks = doc[start:end]
        if label in ("ORG", "PERSON", "GPE", "NORP") and all(_is_titleish(t) or not t.is_alpha for t in toks):
            # "State" in "Secretary of State", "Sec" in "Sec. Marsh": a title, not an entity
            if label != "NORP" or not known_nationality(toks.text):
                if any(_is_titleish(t) for t in toks) and label != "GPE":
                    continue
        if label in ("ORG", "PERSON", "GPE") and _is_titleish(toks[0]):
            # "Foreign Minister Anna Ozola" tagged as one span: keep the name
            k = start
            while k < end and (_is_titleish(doc[k]) or doc[k].is_punct or known_nationality(doc[k].text)):
                k += 1
            if start < k < end and _looks_like_name(doc[k:end]) and any(_is_title_token(t) for t in doc[start:k]):
                start, label = k, "PERSON"
        m = _Mention(start, end, label)
        if label != "PERSON" and _title_before(doc, start) and _looks_like_name(doc[start:end]):
            # "Foreign Minister Ozola" with Ozola tagged GPE
            m.label, m.person_hint = "PERSON", True
        elif label == "GPE" and end - start == 1 and _speaker_subject(doc[start]) and _looks_like_name(toks):
            # "Ozola said": a place does not speak unless it is a capital standing for a government
            m.label, m.person_hint = "PERSON", True
        elif (label in ("ORG", "GPE") and end - start == 1 and doc[start].dep_ in ("compound", "nmod", "poss")
              and doc[start].head.lower_ in _REGIME_NOUNS and _looks_like_name(toks)):
            # "the Trump administration", "the Obama presidency": a person's name, tagged ORG
            m.label, m.person_hint = "PERSON", True
        elif label == "NORP" and not known_nationality(toks.text) and _locative(doc[end - 1]):
            # "the port of Sevastopol" tagged NORP
            m.label = "GPE"
        out.append(m)
    return out


def _title_before(doc, start: int) -> bool:
    """A title word (or abbreviation) stands right before token ``start``."""
    k = start - 1
    if k >= 0 and doc[k].text == "." and k - 1 >= 0 and fold(doc[k - 1].text) in TITLE_ABBREVIATIONS:
        return True
    return k >= 0 and _is_title_token(doc[k]) and doc[k].text[:1].isupper()


def _speaker_subject(tok) -> bool:
    return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in SPEECH_LEMMAS


def _locative(tok) -> bool:
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    if prep.lower_ in _LOCATIVE_PREPS:
        return True
    return prep.lower_ == "of" and prep.head.lower_ in _PLACE_NOUNS


def _vote_places(doc, mentions: list[_Mention]) -> None:
    """A name tagged PERSON once but GPE/LOC more often is a place ("Vila Serena"), and a
    PERSON in apposition to a place noun ("X, a whitewashed town ...") is one too."""
    votes: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for m in mentions:
        votes[_name_tokens(doc, m)][m.label] += 1
    for m in mentions:
        if m.label != "PERSON" or m.person_hint:
            continue
        v = votes[_name_tokens(doc, m)]
        place = max(("GPE", "LOC"), key=lambda lab: v[lab])
        root = doc[m.start : m.end].root
        if v[place] > v["PERSON"] or any(c.dep_ == "appos" and c.lemma_.lower() in _PLACE_NOUNS
                                         for c in root.rights):
            m.label = place


def _person_name_index(doc, mentions: list[_Mention]) -> set[tuple[str, ...]]:
    """Every full name of two or more words and each of its words."""
    names: set[tuple[str, ...]] = set()
    for m in mentions:
        if m.label == "PERSON":
            toks = _name_tokens(doc, m)
            if len(toks) >= 2:
                names.add(toks)
                names.update((w,) for w in toks)
    return names


def _retag_people(doc, mentions: list[_Mention]) -> None:
    """A GPE/ORG/LOC/NORP span that is a person's name elsewhere in the article is that person."""
    names = _person_name_index(doc, mentions)
    surnames = {_name_tokens(doc, m)[-1] for m in mentions if m.label == "PERSON" and _name_tokens(doc, m)}
    for m in mentions:
        if m.label == "PERSON":
            continue
        toks = _name_tokens(doc, m)
        if not toks or not _looks_like_name(doc[m.start : m.end]):
            continue
        if toks in names or (len(toks) >= 2 and toks[-1] in surnames):
            # "Ozola" tagged GPE beside "Anna Ozola"; "Florence Adeyemi" tagged GPE beside "Adeyemi said"
            m.label, m.person_hint = "PERSON", True


def _trim_to_known_names(doc, mentions: list[_Mention]) -> None:
    """"Kuznetsov Vladimir Putin" (a caption run together) is "Vladimir Putin" when that name occurs alone."""
    names = Counter(_name_tokens(doc, m) for m in mentions if m.label == "PERSON" and m.end - m.start >= 2)
    for m in mentions:
        if m.label != "PERSON" or m.end - m.start < 3:
            continue
        for cut in range(m.start + 1, m.end - 1):
            if names.get(_name_tokens(doc, _Mention(cut, m.end, "PERSON")), 0) > 0:
                m.start = cut
                break


def _bare_name_mentions(doc, mentions: list[_Mention]) -> list[_Mention]:
    """Surnames of named people that the model did not tag at all."""
    surnames: dict[str, str] = {}
    for m in mentions:
        if m.label == "PERSON" and m.end - m.start >= 2:
            last = doc[m.end - 1]
            if last.is_alpha and len(last.text) >= 3 and last.text[0].isupper():
                surnames[last.text] = last.text
    if not surnames:
        return []
    taken = set()
    for m in mentions:
        taken.update(range(m.start, m.end))
    for ent in entity_spans(doc):
        taken.update(range(ent.start, ent.end))
    out = []
    for tok in doc:
        if tok.i in taken or tok.text not in surnames:
            continue
        prev = doc[tok.i - 1] if tok.i > 0 else None
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        # "Capitol Hill" is not Ms Hill: a neighbouring capitalised word makes another name
        if prev is not None and prev.text[:1].isupper() and prev.is_alpha and not _is_titleish(prev) \
                and not prev.is_sent_start:
            continue
        if nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha and not nxt.is_sent_start:
            continue
        out.append(_Mention(tok.i, tok.i + 1, "PERSON", person_hint=True))
    return out


# --------------------------------------------------------------- 3. clusters


def _cluster(doc, mentions: list[_Mention]) -> list[_Cluster]:
    mentions.sort(key=lambda m: (m.start, m.end))
    clusters: list[_Cluster] = []
    persons = [m for m in mentions if m.label == "PERSON"]
    others = [m for m in mentions if m.label != "PERSON"]

    # People: full names first (longest first), then shorter names link to a longer one.
    by_name: dict[tuple[str, ...], int] = {}
    keyed = sorted({_name_tokens(doc, m) for m in persons if _name_tokens(doc, m)}, key=lambda k: (-len(k), k))
    for key in keyed:
        longer = [k for k in by_name if len(k) > len(key) and k[-len(key):] == key]
        if longer:
            targets = {by_name[k] for k in longer}
            if len(targets) == 1:
                by_name[key] = targets.pop()
                continue
            by_name[key] = -1  # ambiguous surname: decided per mention below
            continue
        clusters.append(_Cluster("PERSON"))
        by_name[key] = len(clusters) - 1
    last_seen: dict[int, int] = {}
    for m in persons:
        key = _name_tokens(doc, m)
        if not key:
            continue
        ci = by_name[key]
        if ci == -1:
            # "Biden" with both "Joe Biden" and "Hunter Biden" named: the one named last,
            # unless an honorific tells them apart ("Mrs Hughes" is Susan, not Robert)
            full = {by_name[k]: k for k in by_name if len(k) > len(key) and k[-len(key):] == key and by_name[k] != -1}
            options = set(full)
            gender = _honorific_gender(doc, m.start)
            if gender is not None:
                agree = {c for c in options if first_name_gender(" ".join(full[c])) == gender}
                options = agree or options
            seen = [(last_seen.get(c, -1), c) for c in options]
            ci = max(seen)[1]
        m.cluster = ci
        last_seen[ci] = m.start
        clusters[ci].mentions.append(m)

    # Everything else: by country key or folded name; an acronym joins its expansion.
    by_key: dict[str, int] = {}
    for m in others:
        key = _other_key(doc, m)
        if not key:
            continue
        if key not in by_key:
            clusters.append(_Cluster(m.label))
            by_key[key] = len(clusters) - 1
        m.cluster = by_key[key]
        clusters[m.cluster].mentions.append(m)
    _merge_acronyms(doc, clusters)
    clusters = [c for c in clusters if c.mentions]
    for c in clusters:
        c.label = _vote_label(c)
    return clusters


def _honorific_gender(doc, start: int) -> str | None:
    """"f"/"m" from an honorific right before token ``start`` ("Mrs Hughes", "Mr. Hughes")."""
    k = start - 1
    if k >= 0 and doc[k].text == ".":
        k -= 1
    return HONORIFIC_GENDER.get(fold(doc[k].text)) if k >= 0 else None


def _other_key(doc, m: _Mention) -> str:
    text = doc[m.start : m.end].text
    country = known_nationality(text)
    if country:
        # "Russian" (a group) and "Russia" (the state) stay apart; "US" and "America" merge
        return ("norp:" if m.label == "NORP" else "country:") + country
    key = fold(text)
    if m.label == "ORG":
        # "British Airways Plc" and "British Airways" are one company: its legal form is no part
        # of the name (wire copy gives it at the first mention only)
        words = key.split()
        while len(words) > 1 and words[-1] in COMPANY_FORMS:
            words.pop()
        key = " ".join(words)
    return key


def _merge_acronyms(doc, clusters: list[_Cluster]) -> None:
    """"NATO" joins "the North Atlantic Treaty Organization" when both are named."""
    expansions: dict[str, _Cluster] = {}
    for c in clusters:
        if c.label == "PERSON" or not c.mentions:
            continue
        for m in c.mentions:
            words = [t.text for t in doc[m.start : m.end] if t.is_alpha and t.lower_ not in ("of", "the", "and", "for")]
            if len(words) >= 2 and all(w[0].isupper() for w in words):
                expansions.setdefault("".join(w[0] for w in words), c)
    for c in clusters:
        if c.label == "PERSON" or not c.mentions:
            continue
        first = c.mentions[0]
        text = doc[first.start : first.end].text.replace(".", "")
        target = expansions.get(text)
        if first.end - first.start == 1 and text.isupper() and target is not None and target is not c:
            target.mentions.extend(c.mentions)
            target.mentions.sort(key=lambda m: m.start)
            c.mentions = []


def _vote_label(c: _Cluster) -> str:
    if any(m.label == "PERSON" for m in c.mentions):
        return "PERSON"
    votes = Counter(m.label for m in c.mentions)
    return min(votes, key=lambda lab: (-votes[lab], _LABEL_ORDER.index(lab) if lab in _LABEL_ORDER else 99))


def _canonical_name(doc, c: _Cluster) -> str:
    forms: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for m in c.mentions:
        forms[_name_tokens(doc, m)].append(doc[m.start : m.end].text)
    keys = list(forms)
    if c.label == "PERSON" and any(len(k) >= 2 for k in keys):
        keys = [k for k in keys if len(k) >= 2]
    # most frequent form; ties go to the longer, then the first named
    best = max(keys, key=lambda k: (len(forms[k]), len(k), -keys.index(k)))
    return " ".join(forms[best][0].split())  # a name broken over two lines is one name


# ------------------------------------------------------------ 4. descriptors


def _entity_of(tok, by_token: dict[int, _Mention], doc):
    """The (start, end, label) of the entity a token belongs to: ours, else the model's."""
    m = by_token.get(tok.i)
    if m is not None:
        return m.start, m.end, m.label
    if tok.ent_type_:
        ent = entity_at(doc, tok.i)
        if ent is not None:
            return ent.start, ent.end, ent.label_
    return None


def _prefix_tokens(doc, m: _Mention, max_prefix: int, by_token) -> list:
    """Tokens before a name that belong to its noun phrase: "Russian Foreign Minister"."""
    root = doc[m.start : m.end].root
    subtree = {t.i for t in root.subtree}
    out: list = []
    k = m.start - 1
    while k >= 0 and len(out) < max_prefix:
        tok = doc[k]
        if tok.text == "." and k - 1 >= 0 and fold(doc[k - 1].text) in TITLE_ABBREVIATIONS:
            # "Sec. Marsh": the model often ends a sentence at the abbreviation's dot
            out[:0] = [doc[k - 1], tok]
            k -= 2
            continue
        if doc[k + 1].is_sent_start or (tok.is_space and "\n" in tok.text):
            break
        if tok.is_space:
            k -= 1
            continue
        if tok.text in _POSSESSIVE and k - 1 >= 0:
            # the possessor ("Putin's adviser") ends the phrase
            owner = _entity_of(doc[k - 1], by_token, doc)
            lo = owner[0] if owner else k - 1
            if doc[k - 1].pos_ not in ("PROPN", "NOUN"):
                break
            out[:0] = list(doc[lo : k + 1])
            break
        if tok.is_punct and tok.text not in ("-", "–"):
            break
        if (tok.lower_ in ("and", "&") and out and k - 1 >= 0 and doc[k - 1].text[:1].isupper()
                and fold(doc[k - 1].text) in PORTFOLIO_WORDS and fold(out[0].text) in PORTFOLIO_WORDS):
            out.insert(0, tok)  # "Agriculture and Fisheries Minister"
            k -= 1
            continue
        if tok.lower_ in _DETERMINERS or tok.pos_ in ("VERB", "AUX", "CCONJ", "PRON", "SCONJ", "PART"):
            break
        if tok.i not in subtree and not (_is_titleish(tok) and tok.text[:1].isupper()):
            break
        if tok.pos_ == "ADP" and tok.lower_ not in _PP_IN_TITLE:
            break
        if by_token.get(tok.i) is not None and by_token[tok.i].label == "PERSON":
            # "Whitcombe spokeswoman Dana Ortiz": another person's name describes this one only
            # as the owner of a title ("Biden Marsh" never describes Marsh)
            other = by_token[tok.i]
            if out and _is_title_token(out[0]) and other.end == k + 1:
                out[:0] = list(doc[other.start : other.end])
            break
        if (tok.pos_ == "PROPN" and tok.i not in by_token and tok.ent_type_ in ("", "PERSON")
                and not _is_titleish(tok) and fold(tok.text) not in TITLE_BODY_WORDS):
            break  # an untagged name ("carrier Admiral Kuznetsov Vladimir Putin") is no title
        out.insert(0, tok)
        k -= 1
    # a phrase must not begin with a preposition or hyphen
    while out and (out[0].pos_ == "ADP" or out[0].text in ("-", "–")):
        out.pop(0)
    return out


def _np_tokens(head, stop: set[int]) -> list:
    """A title noun phrase: the head, its left modifiers and its of/to/for/on/at phrases."""
    keep = {head.i}
    for child in head.lefts:
        keep.update(t.i for t in child.subtree)
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in _PP_IN_TITLE:
            sub = [t for t in child.subtree]
            cut = next((t.i for t in sub if t.is_punct or t.dep_ in ("relcl", "acl", "appos")), None)
            keep.update(t.i for t in sub if cut is None or t.i < cut)
        elif child.dep_ in ("compound", "amod", "nmod", "nummod"):
            keep.update(t.i for t in child.subtree)  # "world number one"
    keep -= stop
    doc = head.doc
    # the phrase is the contiguous run around the head
    lo = hi = head.i
    while lo - 1 in keep:
        lo -= 1
    while hi + 1 in keep:
        hi += 1
    return [doc[i] for i in range(lo, hi + 1)]


def _describe(tokens: list, by_token, doc, head_tok=None) -> list[tuple[str, str, int, int, str]]:
    """Split a title phrase into descriptors: (kind, text, start_char, end_char, head word).

    The head word is the title noun ("minister"); it is "" for non-title descriptors.
    ``head_tok`` is a noun the syntax makes a descriptor even outside the lexicon
    (the head of an apposition: "X, a former schoolteacher").
    """

    def is_title(t) -> bool:
        return _is_title_token(t) or (head_tok is not None and t.i == head_tok.i)

    tokens = [t for t in tokens if not t.is_space and fold(t.text) not in HONORIFICS]
    out: list[tuple[str, str, int, int, str]] = []
    # The possessor comes first and is never part of the title: in "Russian President
    # Vladimir Putin's spokesman", "President" belongs to Putin, not to the spokesman.
    marks = [n for n, t in enumerate(tokens) if t.text in _POSSESSIVE]
    if marks:
        owner = [t for t in tokens[: marks[-1]] if t.pos_ in ("PROPN", "NOUN", "ADJ")]
        if owner and owner[-1].pos_ == "PROPN":
            ent = _entity_of(owner[-1], by_token, doc)
            group = [t for t in owner if ent is None or ent[0] <= t.i < ent[1]]
            if ent is None:
                group = [owner[-1]]
            _add_named(out, group, by_token, doc, possessive=True)
        tokens = tokens[marks[-1] + 1 :]
    first_title = next((n for n, t in enumerate(tokens) if is_title(t)), None)
    if first_title is None:
        if not marks and tokens and is_demonym(tokens[-1].text):
            # "the Canadian boxer X" has a title; "the Canadian X" is the same nationality said
            # of the name alone (the demonym right before it, not "Canadian-born")
            ent = _entity_of(tokens[-1], by_token, doc)
            if ent is not None and ent[2] in ("NORP", "GPE", "ORG") and ent[1] == tokens[-1].i + 1:
                _add(out, "nationality", [t for t in tokens if ent[0] <= t.i < ent[1]], "")
        return out
    # determiners go only before the title: "speaker of the upper house" keeps its "the"
    tokens = [t for n, t in enumerate(tokens)
              if n >= first_title or not (t.lower_ in _DETERMINERS or t.lower_ in ("his", "her", "their", "its"))]
    first_title = next(n for n, t in enumerate(tokens) if is_title(t))
    head = _title_head(tokens[first_title:], is_title)
    title_toks: list = []
    n = 0
    while n < len(tokens):
        tok = tokens[n]
        if n < first_title:
            ent = _entity_of(tok, by_token, doc)
            if ent is not None and not all(_is_titleish(t) or fold(t.text) in TITLE_BODY_WORDS
                                           for t in doc[ent[0] : ent[1]]):
                group = [t for t in tokens[n:first_title] if ent[0] <= t.i < ent[1]] or [tok]
                topical = (head in _TOPICAL_HEADS and group[-1].i + 1 == tokens[first_title].i
                           and not is_demonym(group[-1].text) and ent[2] == "GPE")
                after = group[-1].i + 1
                compound = (after + 1 < len(doc) and doc[after].text in ("-", "–")
                            and doc[after + 1].lower_ in _HYPHEN_ADJECTIVES)
                if topical or compound:
                    # "top Russia adviser", "Dallas-based investor": part of the description
                    title_toks.extend(group)
                else:
                    _add_named(out, group, by_token, doc, possessive=False)
                n += len(group)
                continue
            title_toks.append(tok)
            n += 1
            continue
        # after the title word: "of NATO" is an affiliation, "of Russia" a nationality,
        # "of State" and "of Lyon" part of the title
        if tok.pos_ == "ADP" and tok.lower_ in _PP_AFFILIATION and n + 1 < len(tokens) \
                and head not in _PLACE_BOUND_HEADS:
            rest_core = [t for t in tokens[n + 1 :] if t.lower_ not in _DETERMINERS]
            ent = _entity_of(rest_core[0], by_token, doc) if rest_core else None
            if ent is not None and tok.lower_ != "of":
                if ent[2] == "NORP" and any(t.i >= ent[1] for t in rest_core):
                    ent = None  # "spokesman for a Galician fishing cooperative": not an affiliation
                else:
                    # "analyst at Sanford C. Bernstein and Co Inc.": the first organisation named
                    rest_core = [t for t in rest_core if ent[0] <= t.i < ent[1]]
            if ent is not None and all(ent[0] <= t.i < ent[1] for t in rest_core) \
                    and not all(_is_titleish(t) for t in rest_core):
                country = known_nationality(" ".join(t.text for t in rest_core))
                if country and tok.lower_ == "of" and ent[2] in ("GPE", "LOC", "ORG"):
                    _add(out, "nationality", rest_core, "")
                    break
                if not country and ent[2] in ("ORG", "FAC", "PERSON", "NORP", "GPE"):
                    _add(out, "affiliation", rest_core, "")
                    break
        title_toks.append(tok)
        n += 1
    while title_toks and (title_toks[-1].pos_ == "ADP" or title_toks[-1].is_punct):
        title_toks.pop()
    while title_toks and (title_toks[0].is_punct or title_toks[0].pos_ == "ADP"):
        title_toks.pop(0)
    if title_toks and any(is_title(t) for t in title_toks):
        kind = "title" if head in TITLE_WORDS or head in TITLE_ABBREVIATIONS or not head else "role"
        _add(out, kind, title_toks, head)
    return out


def _title_head(tokens: list, is_title=_is_title_token) -> str:
    """The title noun: the last title word before any preposition ("speaker" in "deputy speaker of ...")."""
    head = ""
    for t in tokens:
        if t.pos_ == "ADP":
            break
        if is_title(t):
            head = fold(t.text)
    return head


def _add_named(out, group, by_token, doc, *, possessive: bool) -> None:
    text = " ".join(t.text for t in group)
    ent = _entity_of(group[0], by_token, doc)
    if known_nationality(text) and (ent is None or ent[2] in ("GPE", "NORP", "LOC", "ORG")):
        _add(out, "nationality", group, "")
    elif ent is not None or possessive:
        _add(out, "affiliation", group, "")


def _add(out, kind: str, toks: list, head: str) -> None:
    doc = toks[0].doc
    runs: list[str] = []
    start = prev = toks[0]
    for t in toks[1:] + [None]:
        if t is None or t.i != prev.i + 1:
            runs.append(doc[start.i : prev.i + 1].text)  # not doc.text[...]: that joins the whole Doc
            start = t
        prev = t if t is not None else prev
    text = " ".join(runs)
    out.append((kind, text, toks[0].idx, toks[-1].idx + len(toks[-1].text), head))


# A name whose phrase in the parse spans more tokens than this is in run-on text with no
# sentence ends (issue 12: 28 KB of "to Paulo Neves, an engineer at the" parsed as one
# chain in which each name heads everything after it); reading its subtree for every
# mention made the article quadratic, and what it would find there is a guess anyway.
_MAX_NAME_PHRASE = 200


def _person_descriptors(doc, m: _Mention, by_token, options: EntityOptions, used: set[int]):
    """All the descriptors one mention of a person carries in its sentence."""
    found: list[tuple[str, str, int, int, str]] = []
    root = doc[m.start : m.end].root
    if root.right_edge.i - root.left_edge.i >= _MAX_NAME_PHRASE:
        return found
    prefix = _prefix_tokens(doc, m, options.max_prefix, by_token)
    if prefix:
        found += _describe(prefix, by_token, doc)
        used.update(t.i for t in prefix)
    name_toks = set(range(m.start, m.end))
    phrases = []
    syntactic: set[int] = set()  # heads the syntax alone makes descriptors
    for child in root.rights:
        if child.dep_ == "appos" and child.i >= m.end and (child.i not in by_token
                                                          or by_token[child.i].label == "NORP"):
            phrases.append(child)  # "X, a deputy speaker of ..."
            syntactic.add(child.i)
        elif child.dep_ == "relcl":
            found_as = _relative_title(child)  # "X, who served as ..."
            phrases += found_as
            if child.lemma_ != "be":
                syntactic.update(t.i for t in found_as)
    if m.end + 2 < len(doc) and doc[m.end].text == "(" and doc[m.end + 1].i in by_token:
        # "engineer Paulo Neves (National Dam Safety Laboratory)"
        inner = by_token[doc[m.end + 1].i]
        if inner.label in ("ORG", "NORP") and inner.end < len(doc) and doc[inner.end].text == ")":
            _add(found, "affiliation", list(doc[inner.start : inner.end]), "")
    if root.dep_ == "appos" and root.head.i < m.start and _is_title_token(root.head) and root.head.i not in by_token:
        phrases.append(root.head)  # "the foreign minister, Anna Ozola"
    elif root.dep_ != "appos":
        # The same apposition when the parser made the name a conjunct: "Britain's Foreign
        # Secretary, Edward Hale, and ..."; "the study's lead author, Dr. Hannah Weiss, a ...".
        k = m.start - 1
        while k >= 0 and (doc[k].text == "." or fold(doc[k].text) in HONORIFICS
                          or fold(doc[k].text) in TITLE_ABBREVIATIONS):
            k -= 1
        after = doc[m.end].text if m.end < len(doc) else "."
        if (k >= 1 and doc[k].text == "," and after in (",", ".", ";") and _is_title_token(doc[k - 1])
                and doc[k - 1].i not in by_token and doc[k - 1].pos_ in ("NOUN", "PROPN")):
            phrases.append(doc[k - 1])
    subject = root.head if root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass") else root
    if subject.dep_ in ("nsubj", "nsubjpass") and subject.head.i > subject.i:
        phrases += _copula_title(subject.head)  # "X is the ...", "Her coach, X, is also her father"
    for child in root.rights:
        # "Dr. X of the World Health Organization", "Sen. X of Wyoming", "X of France"
        if child.dep_ == "prep" and child.lower_ == "of" and child.i == m.end and child.i + 1 < len(doc):
            first = child.i + 2 if doc[child.i + 1].lower_ == "the" else child.i + 1
            ent = _entity_of(doc[first], by_token, doc) if first < len(doc) else None
            if ent is not None and ent[2] in ("ORG", "GPE", "LOC", "FAC") and ent[0] == first:
                kind = "nationality" if known_nationality(doc[ent[0]:ent[1]].text) else "affiliation"
                _add(found, kind, list(doc[ent[0]:ent[1]]), "")
    for head in phrases:
        if head.ent_type_ == "NORP" and head.tag_ in ("NNP", "NN", "JJ") and not any(
                c.dep_ in ("prep", "relcl", "acl") and c.i < head.i for c in head.children):
            # "X, a Republican, ...": a party (affiliation) or a demonym (nationality)
            _add_named(found, [head], by_token, doc, possessive=True)
            continue
        if head.tag_ in ("NNS", "NNPS"):
            continue
        extra = None
        if head.i in syntactic and head.tag_ == "NN" and not _is_title_token(head):
            if not any(c.dep_ in ("det", "poss") for c in head.children):
                continue
            if (head.lower_.endswith("ing") or any(c.tag_ in ("VBG", "VBN") for c in head.children)) and any(
                    t.dep_ == "poss" and t.pos_ == "PRON" for t in head.subtree):
                continue  # "X, her voice breaking, said": an absolute phrase, not a description
            extra = head
        elif not _is_title_token(head):
            continue
        toks = _np_tokens(head, stop=name_toks | set(t.i for t in root.subtree if t.dep_ == "appos" and t is not head))
        found += _describe(toks, by_token, doc, head_tok=extra)
        used.update(t.i for t in toks)
    return found


def _relative_title(verb) -> list:
    subj = [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ in ("who", "that")]
    if not subj or any(c.dep_ == "neg" for c in verb.children):
        return []
    if verb.lemma_ == "be":
        return [c for c in verb.children if c.dep_ == "attr"]
    if verb.lemma_ in ("serve", "work", "act"):
        return [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children
                if g.dep_ == "pobj"]
    return []


def _copula_title(verb) -> list:
    if any(c.dep_ == "neg" for c in verb.children):
        return []
    if verb.lemma_ == "be":
        return [c for c in verb.children if c.dep_ == "attr"]
    if verb.lemma_ in ("name", "appoint", "elect", "make"):
        return [c for c in verb.children if c.dep_ in ("oprd", "attr")]
    return []


# -------------------------------------------------- 5. definite descriptions


def _title_classes(text: str, head: str) -> set[str]:
    words = fold(text)
    classes = {head, words}
    toks = words.split()
    if head in toks:
        i = toks.index(head)
        classes.update(" ".join(toks[j : i + 1]) for j in range(i + 1))
    for group, members in _TITLE_GROUPS.items():
        if any(f" {mem} " in f" {words} " for mem in members):
            classes.add(group)
    return classes


def _link_descriptions(doc, clusters: list[_Cluster], by_token, used: set[int]) -> None:
    persons = [c for c in clusters if c.label == "PERSON"]
    if not persons:
        return
    ent_tokens = set(by_token)
    for tok in doc:
        if (tok.i in used or tok.i in ent_tokens or tok.tag_ not in ("NN", "NNP") or fold(tok.text) not in _LINKABLE
                or tok.dep_ in ("compound", "amod", "nmod", "appos", "attr", "poss", "conj")):
            continue
        dets = [c for c in tok.lefts if c.dep_ == "det"]
        owners = [c for c in tok.lefts if c.dep_ == "poss"]
        if not (any(d.lower_ == "the" for d in dets) or (owners and owners[0].i in ent_tokens
                                                           and by_token[owners[0].i].label != "PERSON")):
            continue
        if any(c.dep_ == "appos" for c in tok.rights) or any(c.dep_ in ("compound",) and c.i > tok.i
                                                             for c in tok.children):
            continue
        toks = _np_tokens(tok, stop=set())
        if any(fold(t.text).rstrip("-") in _NOT_CURRENT for t in toks) or any(
                t.i in ent_tokens and by_token[t.i].label == "PERSON" for t in toks):
            continue
        described = _describe(toks, by_token, doc)
        title = next((d for d in described if d[0] in ("title", "role")), None)
        if title is None:
            continue
        key = " ".join(w for w in fold(title[1]).split() if w not in _INTENSIFIERS)
        nat = {nationality_key(d[1]) for d in described if d[0] == "nationality"}
        aff = {fold(d[1]) for d in described if d[0] == "affiliation"}
        best = None
        for c in persons:
            before = [m.start for m in c.mentions if m.end <= toks[0].i]
            if not before:
                continue
            classes = set()
            for kind, text, _s, _e, head in c.descriptors:
                if kind in ("title", "role"):
                    classes |= _title_classes(text, head)
            if key not in classes:
                continue
            c_nat = {nationality_key(d[1]) for d in c.descriptors if d[0] == "nationality"}
            c_aff = {fold(d[1]) for d in c.descriptors if d[0] == "affiliation"}
            if (nat and c_nat and not nat & c_nat) or (aff and c_aff and not aff & c_aff):
                continue  # "the top US diplomat" is not the Latvian foreign minister
            rank = (bool(nat & c_nat) + bool(aff & c_aff), max(before))
            if best is None or rank > best[0]:
                best = (rank, c)
        if best is None:
            continue
        c = best[1]
        start = min([d.idx for d in dets] + [toks[0].idx])
        c.extra_spans.append((start, toks[-1].idx + len(toks[-1].text)))
        known = [fold(d[1]) for d in c.descriptors if d[0] in ("title", "role")]
        # "the minister" adds nothing to "Foreign Minister"; "the top US diplomat" adds "top diplomat"
        c.descriptors.extend(d for d in described
                             if d[0] not in ("title", "role") or not any(key in k for k in known))
        used.update(t.i for t in toks)


# ------------------------------------------------------------------ public


def extract_entities(doc, article: Article, options: EntityOptions | None = None) -> tuple[Entity, ...]:
    """Entities of one article, each merged over its mentions, with descriptors.

    ``doc`` must be parsed from exactly ``article.text`` (spans are its offsets).
    Entities come in order of first mention; ids are ``<article_id>:e<n>``.
    """
    options = options or EntityOptions()
    mentions = _ner_mentions(doc, options)
    _vote_places(doc, mentions)
    _retag_people(doc, mentions)
    _trim_to_known_names(doc, mentions)
    mentions += _bare_name_mentions(doc, mentions)
    clusters = _cluster(doc, mentions)
    by_token: dict[int, _Mention] = {}
    for c in clusters:
        for m in c.mentions:
            m.label = c.label
            for i in range(m.start, m.end):
                by_token[i] = m
    used: set[int] = set()
    for c in clusters:
        if c.label != "PERSON":
            continue
        for m in c.mentions:
            c.descriptors += _person_descriptors(doc, m, by_token, options, used)
    if options.link_descriptions:
        _link_descriptions(doc, clusters, by_token, used)

    built = []
    for c in clusters:
        spans = {(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text)) for m in c.mentions}
        spans.update(c.extra_spans)
        mentions_out = tuple(Span(article.id, s, e) for s, e in sorted(spans))
        seen: set[tuple[str, str]] = set()
        descs = []
        for kind, text, s, e, _head in sorted(c.descriptors, key=lambda d: (d[2], d[3], d[0])):
            key = (kind, fold(text))
            if key in seen:
                continue
            seen.add(key)
            descs.append(Descriptor(text=text, kind=kind, span=Span(article.id, s, e)))
        built.append((mentions_out[0].start, _canonical_name(doc, c), c.label, mentions_out, tuple(descs)))
    built.sort(key=lambda b: (b[0], b[1]))
    return tuple(
        Entity(id=f"{article.id}:e{n}", name=name, label=label, mentions=spans, descriptors=descs)
        for n, (_first, name, label, spans, descs) in enumerate(built)
    )


def extract_places(doc, article: Article, entities: tuple[Entity, ...],
                   options: EntityOptions | None = None) -> tuple[Place, ...]:
    """One Place per mention of a GPE/LOC entity, in text order."""
    options = options or EntityOptions()
    places = [Place(span=m, name=e.name, entity=e.id) for e in entities if e.label in options.place_labels
              for m in e.mentions]
    return tuple(sorted(places, key=lambda p: (p.span.start, p.span.end)))

