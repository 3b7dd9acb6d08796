"""Per-sentence facts read off the dependency parse, for comparing aligned sentences.

The Reader's records say *what* an article mentions; comparing two sources also needs
*how* each sentence arranges it: which entity acts and which is acted on or is the
place, which nationality modifies which noun, whether the clause is negated, which
numbers count what, and whether the sentence talks about a plan or forecast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Span
from .lexicon import (
    FRAME_NOUNS,
    FRAME_OF,
    FUTURE_PHRASES,
    LIGHT_VERBS,
    LOCATIVE_PREPS,
    MODAL_LEMMAS,
    NEGATIONS,
    PAST_PHRASES,
    PLACE_NOUNS,
    SYMMETRIC,
    TITLE_WORDS,
    nationality_key,
    party_key,
)

_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"})
_STOP_LEMMAS = frozenset({"be", "have", "do", "say", "tell", "also", "then", "just", "so", "very", "as", "there",
                          "now", "only", "even", "still", "well", "mr", "mrs", "ms"})
_SAY_LEMMAS = frozenset({"say", "tell", "add", "warn", "state", "declare", "insist", "argue", "claim", "note",
                         "write", "explain", "announce", "report", "quote", "accuse", "deny", "cite", "believe",
                         "think", "fear", "worry", "know", "view"})
_NUM_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
              "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
              "hundred": 100, "dozen": 12}
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9, "bln": 1e9, "bn": 1e9,
          "trillion": 1e12, "tn": 1e12, "hundred": 100, "pct": 1, "percent": 1}
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_NUMBER = re.compile(r"^([0-9][0-9,]*(?:\.[0-9]+)?)([a-z]*)$", re.I)


@dataclass(frozen=True, slots=True)
class FrameRef:
    """Who does one act to whom: "Portugal asked Spain" -> ask(agent=portugal, other=spain).

    ``other`` is empty for an act whose only named party is its agent ("Madrid sent 120
    workers"); ``relation`` says whether the other party is acted on ("patient") or is
    where the act happens ("place": "troops near Ukraine's border").
    """

    frame: str  # frame key of the predicate: "ask", "build-up", or the verb lemma
    agent: str  # entity key
    other: str = ""
    relation: str = ""  # "patient" | "place" | ""
    agent_name: str = ""  # as written
    other_name: str = ""
    verb: str = ""  # the predicate as written: "asked", "build-up"
    prep: str = ""  # for places: "near", "along"


@dataclass(frozen=True, slots=True)
class NumberRef:
    value: float
    unit: str  # lemma of the counted noun ("troop"), "%" or "" when unknown
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PersonRef:
    key: str  # "surname:smith"
    name: str
    start: int
    end: int
    nationalities: tuple[tuple[str, int, int], ...]  # (key, start, end) in article text
    parties: tuple[tuple[str, int, int], ...]
    title: str  # the title words before the name, as written


@dataclass(frozen=True, slots=True)
class SentenceInfo:
    span: Span
    text: str
    lemmas: frozenset[str]
    words: frozenset[str]  # every word's lemma, stop words included ("more", "up", "before")
    keys: frozenset[str]
    numbers: tuple[NumberRef, ...]
    negated: bool
    negated_lemmas: frozenset[str]  # verbs/adjectives under a negation
    modifiers: frozenset[tuple[str, str]]  # (noun lemma, nationality key): "russian troops" -> ("troop", "russia")
    people: tuple[PersonRef, ...]
    modality: str  # "current" | "future" | "past"
    quoted: bool  # sentence is (mostly) inside quotation marks
    frames: tuple[FrameRef, ...] = ()
    modifier_words: tuple[tuple[str, str], ...] = ()  # (nationality key, the word as written)


def entity_key(text: str, label: str) -> str | None:
    """A cross-article key for an entity mention: country key, surname, or org name."""
    text = text.strip()
    if not text:
        return None
    nat = nationality_key(text)
    if nat and label in ("GPE", "NORP", "LOC", "ORG", "ADJ"):
        return nat
    if nat and label == "PERSON" and " " in text.strip():
        return nat  # the tagger takes some capitals for names ("Buenos Aires sent ...")
    if label == "PERSON":
        parts = [p for p in re.split(r"\s+", text) if p.lower() not in ("jr", "jr.", "sr", "sr.", "ii", "iii")]
        if not parts:
            return None
        return "person:" + _POSSESSIVE.sub("", parts[-1].lower()).strip(".,")
    if label in _ENTITY_LABELS:
        return "name:" + re.sub(r"^the\s+", "", text.lower())
    return None


def _token_key(tok) -> str | None:
    """Key of a token that is part of a named entity or is a nationality adjective."""
    if tok.ent_type_ in _ENTITY_LABELS:
        ent = _ent_of(tok)
        if ent is not None:
            return entity_key(ent.text, ent.label_)
    if tok.pos_ in ("ADJ", "PROPN", "NOUN"):
        nat = nationality_key(tok.text)
        if nat:
            return nat
    return None


def _ent_of(tok):
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return None


def _numbers(sent, offset: int) -> tuple[NumberRef, ...]:
    out: list[NumberRef] = []
    toks = list(sent)
    i = 0
    while i < len(toks):
        tok = toks[i]
        if not (tok.like_num or tok.pos_ == "NUM") or tok.ent_type_ in ("DATE", "TIME", "ORDINAL"):
            i += 1
            continue
        m = _NUMBER.match(tok.text.replace("$", ""))
        if m:
            try:
                value = float(m.group(1).replace(",", ""))
            except ValueError:
                i += 1
                continue
            if m.group(2):
                value *= _SCALE.get(m.group(2).lower(), 1)
        elif tok.lower_ in _NUM_WORDS:
            value = float(_NUM_WORDS[tok.lower_])
        else:
            i += 1
            continue
        j = i + 1
        while j < len(toks) and toks[j].lower_ in _SCALE and toks[j].lower_ not in ("pct", "percent"):
            value *= _SCALE[toks[j].lower_]
            j += 1
        unit = ""
        if j < len(toks) and toks[j].lower_ in ("%", "pct", "percent", "per"):
            unit = "%"
        else:
            head = tok.head if tok.dep_ in ("nummod", "quantmod", "compound") else None
            if head is not None and head.pos_ in ("NOUN", "PROPN"):
                unit = head.lemma_.lower()
            elif tok.dep_ == "pobj" or tok.head.lower_ in ("of",):
                unit = ""
            else:
                for t in toks[j:j + 3]:
                    if t.pos_ == "NOUN":
                        unit = t.lemma_.lower()
                        break
        start = toks[i].idx
        end = toks[j - 1].idx + len(toks[j - 1].text)
        out.append(NumberRef(value=value, unit=unit, start=start + offset, end=end + offset))
        i = j
    return tuple(out)


def _person_refs(sent, offset: int) -> tuple[PersonRef, ...]:
    out = []
    for ent in sent.ents:
        if ent.label_ != "PERSON":
            continue
        key = entity_key(ent.text, "PERSON")
        if not key:
            continue
        nats: list[tuple[str, int, int]] = []
        parties: list[tuple[str, int, int]] = []
        title_toks = []
        k = ent.start - 1
        while k >= sent.start and ent.start - k <= 7:
            t = sent.doc[k]
            low = t.lower_.strip(".")
            nat = nationality_key(t.text)
            if t.is_space:
                k -= 1
                continue
            if t.ent_type_ == "PERSON" or t.pos_ in ("VERB", "AUX", "PUNCT", "DET", "PRON", "CCONJ") and not nat:
                break
            if t.pos_ == "ADP" and low != "of":
                break
            if t.pos_ == "PART" and t.lower_ in ("'s", "\u2019s"):
                break
            if not (nat or party_key(t.text) or low in TITLE_WORDS or t.is_title or t.pos_ == "PROPN"):
                break
            if nat:
                nats.append((nat, t.idx + offset, t.idx + len(t.text) + offset))
            elif party_key(t.text):
                parties.append((party_key(t.text), t.idx + offset, t.idx + len(t.text) + offset))
            title_toks.append(t)
            k -= 1
        # an apposition after the name: "X, Russia's foreign minister,"
        for child in ent.root.children:
            if child.dep_ == "appos":
                # only what qualifies the apposed noun itself ("a Russian diplomat", "Russia's envoy"),
                # not any country further down ("a close ally of Moscow")
                for t in child.children:
                    nat = nationality_key(t.text)
                    if nat and t.dep_ in ("amod", "compound", "poss", "nmod") and t.ent_type_ != "PERSON":
                        nats.append((nat, t.idx + offset, t.idx + len(t.text) + offset))
        title_toks.reverse()
        title = " ".join(t.text for t in title_toks if not nationality_key(t.text))
        out.append(PersonRef(key=key, name=ent.text, start=ent.start_char + offset, end=ent.end_char + offset,
                             nationalities=tuple(nats), parties=tuple(parties), title=title))
    return tuple(out)


# ------------------------------------------------------------------ frames

_COPULAS = frozenset({"be", "become", "remain", "seem", "have", "get", "appear"})
_SUBJ_DEPS = frozenset({"nsubj"})
_OBJ_DEPS = frozenset({"dobj", "obj", "dative", "nsubjpass"})
_MOD_DEPS = frozenset({"poss", "amod", "compound", "nmod"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _display(tok, key: str) -> str:
    """How to name an entity in an explanation: a proper name as written, else its country."""
    ent = _ent_of(tok)
    if ent is not None and tok.pos_ == "PROPN":
        return re.sub(r"^(the|The)\s+", "", ent.text).strip()
    if tok.pos_ == "PROPN":
        return tok.text
    if key in ("us", "uk"):
        return key.upper()
    if key == "european union":
        return "EU"
    return key.split(":")[-1].title()


def _own_key(tok) -> tuple[str, str] | None:
    key = _token_key(tok)
    if key is None:
        return None
    return key, _display(tok, key)


def _party_keys(tok, *, modifiers: bool = True) -> list[tuple[str, str]]:
    """Entities a noun phrase names: the head itself ("Spain"), else its modifiers ("Spain's
    government", "Russian troops", "the government of Spain"); conjuncts included."""
    out: list[tuple[str, str]] = []
    for head in [tok, *(c for c in tok.children if c.dep_ == "conj")]:
        own = _own_key(head)
        if own is not None:
            out.append(own)
            continue
        if not modifiers or head.pos_ not in ("NOUN", "PROPN"):
            continue
        for child in head.children:
            if child.dep_ in _MOD_DEPS:
                found = _own_key(child)
                if found is not None:
                    out.append(found)
            elif child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        found = _own_key(obj)
                        if found is not None:
                            out.append(found)
    return out


def _place_keys(prep) -> list[tuple[str, str, str]]:
    """(key, name, prep) of the places a locative preposition names, "in and around X" included."""
    out: list[tuple[str, str, str]] = []
    preps = [prep, *(c for c in prep.children if c.dep_ == "conj" and c.pos_ == "ADP")]
    for p in preps:
        for obj in p.children:
            if obj.dep_ != "pobj":
                continue
            for noun in [obj, *(c for c in obj.children if c.dep_ == "conj")]:
                own = _own_key(noun)
                if own is not None and (noun.ent_type_ in _PLACE_LABELS or nationality_key(noun.text)):
                    out.append((own[0], own[1], prep.text.lower()))
                elif noun.lemma_.lower() in PLACE_NOUNS:
                    out.extend((k, n, prep.text.lower()) for k, n in _party_keys(noun))
    return out


def _locative_preps(tok):
    return [c for c in tok.children if c.dep_ == "prep" and c.lower_ in LOCATIVE_PREPS]


def _nominal_frame(tok) -> str | None:
    """Frame key of a nominalisation: "build-up" (two tokens in spaCy: build - up), "invasion"."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    lemma = tok.lemma_.lower()
    if lemma == "up" and any(c.lower_ == "build" for c in tok.children):
        lemma = "build-up"
    if lemma not in FRAME_NOUNS:
        return None
    return FRAME_OF.get(lemma, lemma)


def _of_object(tok):
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for obj in c.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _nominal_parties(noun):
    """Agents, patients and places of a nominalisation ("Russia's build-up of troops near X")."""
    agents: list[tuple[str, str]] = []
    patients: list[tuple[str, str]] = []
    places = [pl for p in _locative_preps(noun) for pl in _place_keys(p)]
    for child in noun.children:
        if child.dep_ in ("poss", "amod", "compound", "nmod"):
            found = _own_key(child)
            if found is not None:
                agents.append(found)
            elif child.dep_ == "compound":  # "Russian troop build-up"
                agents.extend(f for g in child.children if g.dep_ in _MOD_DEPS
                              for f in [_own_key(g)] if f is not None)
        elif child.dep_ == "prep" and child.lower_ == "by":
            agents.extend(k for obj in child.children if obj.dep_ == "pobj" for k in _party_keys(obj))
    obj = _of_object(noun)
    if obj is not None:
        own = _own_key(obj)
        if own is not None:
            patients.append(own)  # "the invasion of Ukraine"
        else:  # "the build-up of Russian troops": whoever owns what is moved is the actor
            agents.extend(_party_keys(obj))
            places.extend(pl for p in _locative_preps(obj) for pl in _place_keys(p))
    return agents, patients, places


def _subjects(verb):
    subj = [c for c in verb.children if c.dep_ in _SUBJ_DEPS]
    cur = verb
    while not subj and cur.dep_ == "conj" and cur.head is not cur:  # "X asked ... and sent"
        cur = cur.head
        subj = [c for c in cur.children if c.dep_ in _SUBJ_DEPS]
    return subj


def _verb_parties(verb):
    agents = [k for s in _subjects(verb) for k in _party_keys(s)]
    for c in verb.children:
        if c.dep_ == "agent":
            agents.extend(k for obj in c.children if obj.dep_ == "pobj" for k in _party_keys(obj))
    patients, places = [], []
    for c in verb.children:
        if c.dep_ in _OBJ_DEPS:
            patients.extend(_party_keys(c))
            places.extend(pl for p in _locative_preps(c) for pl in _place_keys(p))  # "troops along X"
            obj = _of_object(c)  # "tens of thousands of troops along X"
            if obj is not None:
                places.extend(pl for p in _locative_preps(obj) for pl in _place_keys(p))
    places.extend(pl for p in _locative_preps(verb) for pl in _place_keys(p))
    return agents, patients, places


def _frames(sent) -> tuple[FrameRef, ...]:
    """Every act of the sentence with its named parties (see :class:`FrameRef`)."""
    out: dict[tuple[str, str, str], FrameRef] = {}
    done_nouns: set[int] = set()

    def add(frame, verb_text, agents, patients, places):
        if frame in SYMMETRIC:
            return
        for akey, aname in agents:
            others = [(k, n, "patient", "") for k, n in patients] + [(k, n, "place", p) for k, n, p in places]
            for okey, oname, rel, prep in others:
                if okey != akey:
                    out.setdefault((frame, akey, okey), FrameRef(frame, akey, okey, rel, aname, oname, verb_text,
                                                                 prep))
            out.setdefault((frame, akey, ""), FrameRef(frame, akey, "", "", aname, "", verb_text))

    for tok in sent:
        if tok.pos_ == "VERB":
            lemma = tok.lemma_.lower()
            if lemma in _SAY_LEMMAS or lemma in _COPULAS:
                continue
            agents, patients, places = _verb_parties(tok)
            frame, text = FRAME_OF.get(lemma, lemma), tok.text
            if lemma in LIGHT_VERBS:  # "stop this build-up near X": the act is the noun's
                for c in tok.children:
                    nf = _nominal_frame(c) if c.dep_ in ("dobj", "obj") else None
                    if nf is None:
                        continue
                    done_nouns.add(c.i)
                    n_agents, n_patients, n_places = _nominal_parties(c)
                    # "stop Russia's build-up": the owner of the act, not the one asked to stop it
                    agents = n_agents or agents
                    patients = n_patients  # the verb's own object is the act itself
                    places = n_places + places
                    frame, text = nf, "build-up" if c.lower_ == "up" else c.text
                    break
            add(frame, text, agents, patients, places)
        elif tok.i not in done_nouns:
            nf = _nominal_frame(tok)
            if nf is not None:
                agents, patients, places = _nominal_parties(tok)
                add(nf, "build-up" if tok.lower_ == "up" else tok.text, agents, patients, places)
    return tuple(out[k] for k in sorted(out))


def analyse_sentence(sent, article_id: str, offset: int = 0) -> SentenceInfo:
    """Facts of one parsed sentence (a spaCy Span); ``offset`` maps doc offsets to article offsets."""
    lemmas, keys, modifiers = set(), set(), set()
    words: dict[str, str] = {}  # nationality key -> the modifier as written ("Indian")
    negated_lemmas = set()
    negated = False
    for tok in sent:
        low = tok.lower_
        if tok.pos_ in _CONTENT_POS and not tok.is_stop and tok.lemma_.lower() not in _STOP_LEMMAS:
            lemmas.add(tok.lemma_.lower())
        if tok.dep_ == "neg" or low in NEGATIONS and tok.dep_ in ("det", "neg", "advmod", "preconj", "dobj",
                                                                    "nsubj", "pobj", "prep"):
            negated = True
            negated_lemmas.add(tok.head.lemma_.lower())
        key = _token_key(tok)
        if key is None:
            continue
        ent = _ent_of(tok)
        if ent is not None and tok.i != ent.root.i:
            continue  # one key per entity mention: its syntactic root
        keys.add(key)
        if tok.dep_ in ("amod", "compound", "nmod") and tok.head.pos_ == "NOUN" and nationality_key(tok.text):
            noun = tok.head
            words.setdefault(key, tok.text)
            modifiers.add((noun.lemma_.lower(), key))
            # "Ukrainian troop numbers": the nationality also qualifies the compound noun
            for sib in noun.children:
                if sib.dep_ == "compound" and sib.pos_ == "NOUN":
                    modifiers.add((sib.lemma_.lower(), key))
            # "Russian troop buildup": the nationality reaches the noun the compound modifies
            if noun.dep_ == "compound" and noun.head.pos_ == "NOUN":
                modifiers.add((noun.head.lemma_.lower(), key))
    text = sent.text
    future = bool(FUTURE_PHRASES.search(text)) or any(
        t.lemma_.lower() in MODAL_LEMMAS and t.pos_ in ("AUX", "VERB", "NOUN", "ADV", "ADJ") for t in sent)
    past = bool(PAST_PHRASES.search(text))
    modality = "future" if future else "past" if past else "current"
    stripped = text.strip()
    quoted = stripped[:1] in "\"'\u201c\u2018" or stripped.count("\u201c") + stripped.count('"') >= 2 and (
        len(re.findall(r"[\"\u201c].{30,}?[\"\u201d]", stripped)) > 0)
    return SentenceInfo(
        span=Span(article_id, sent.start_char + offset, sent.end_char + offset),
        text=text, lemmas=frozenset(lemmas),
        words=frozenset(t.lemma_.lower() for t in sent if t.is_alpha), keys=frozenset(keys), numbers=_numbers(sent, offset),
        negated=negated, negated_lemmas=frozenset(negated_lemmas),
        modifiers=frozenset(modifiers), people=_person_refs(sent, offset), modality=modality, quoted=quoted,
        frames=_frames(sent), modifier_words=tuple(sorted(words.items())),
    )


def sentences(doc):
    """The doc's sentences, also split at blank lines (the parser runs headlines into the lead)."""
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.i > start and tok.is_space and "\n" in tok.text:
                piece = doc[start:tok.i + 1]
                if piece.text.strip():
                    yield piece
                start = tok.i + 1
        piece = doc[start:sent.end]
        if piece.text.strip():
            yield piece


def analyse_doc(doc, article_id: str) -> tuple[SentenceInfo, ...]:
    return tuple(analyse_sentence(s, article_id) for s in sentences(doc))
