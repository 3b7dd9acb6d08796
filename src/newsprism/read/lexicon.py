"""Word lists for entities: titles and roles, countries, their demonyms and capitals.

Data, not code: the words for people (titles, roles, honorifics) live in
``newsprism/data/lexicon/people.txt``, the words that tell a person's gender in ``gender.txt``,
and the country table in ``newsprism/data/countries.txt`` (one country a line: names,
demonyms, capitals and metonyms).  It is the one country table of newsprism:
the Reader and the cross-checker both look countries up here.  Everything is
read once at import time and never mutated.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from .. import lexicon
from ..errors import InputError

# words for people: data/lexicon/people.txt
_WORDS = {name: frozenset(words) for name, words in lexicon.table("people").items()}

# Head nouns of official titles ("Foreign Minister", "Secretary of State",
# "Secretary-General").  Lower case; matched against token text and lemma.
TITLE_WORDS = _WORDS["title_words"]

# Relational nouns: a person described by their relation to someone else.
ROLE_WORDS = _WORDS["role_words"]

# Occupations: descriptors too ("engineer Paulo Neves", "X, a lawyer"), but never
# linked as definite descriptions ("the engineer" is rarely one named person).
OCCUPATION_WORDS = _WORDS["occupation_words"]

# Every noun for a person: titles, relations, occupations.
PERSON_NOUNS = TITLE_WORDS | ROLE_WORDS | OCCUPATION_WORDS

# Abbreviated titles as written before names ("Sec. Marsh", "Gen. Price").
TITLE_ABBREVIATIONS = _WORDS["title_abbreviations"]
# (British police ranks: "DS Dobson", "DCI Hart".  "DC" and "PC" are left out: far
# more often "Washington, DC" and a computer than a constable.)

# Police and military ranks: held together with a function ("Inspector X", "police spokesman X"
# are one officer), so a rank and a role word never clash as two titles of one person.
RANK_WORDS = _WORDS["rank_words"]

# Honorifics are stripped from names but are no descriptor.
HONORIFICS = _WORDS["honorifics"]

# A company's legal form ("Plc", "Inc"): no part of the company's name for telling two mentions
# apart, a firm rather than a place, and before a bracketed symbol its stock ticker.
COMPANY_FORMS = frozenset(lexicon.table("crosscheck")["company_forms"])

# Words that make a department or portfolio inside a title: "State Secretary",
# "Secretary of State", "Foreign Minister".  The NER model tags some of them
# (notably "State") as ORG; an ORG made only of these words is part of a title.
PORTFOLIO_WORDS = _WORDS["portfolio_words"]
# Nouns that, written before a title, belong to the title rather than naming an
# organisation the person works for: "Council leader", "Cabinet Secretary",
# "Party chairman", "Opposition leader".  Kept out of PORTFOLIO_WORDS because an
# organisation named only by them ("the Security Council") is still an entity.
TITLE_BODY_WORDS = _WORDS["title_body_words"]

# Verbs of saying: a GPE tagged as the subject of one of these that looks like a
# personal name is probably a person.
SPEECH_LEMMAS = _WORDS["speech_lemmas"]

# Gender of a person from the words an article uses of them, for agreeing "he"
# and "she" with an antecedent: honorifics, gendered titles and relations, pronouns
# (data/lexicon/gender.txt).
_GENDER = lexicon.table("gender")
HONORIFIC_GENDER = {w: g for g in "fm" for w in _GENDER[f"honorific_{g}"]}
GENDERED_WORDS = {w: g for g in "fm" for w in _GENDER[f"word_{g}"]}
PRONOUN_GENDER = {w: g for g in "fm" for w in _GENDER[f"pronoun_{g}"]}

_DATA = Path(__file__).resolve().parents[1] / "data" / "countries.txt"
_NAMES = Path(__file__).resolve().parents[1] / "data" / "first_names.txt"
_DOTS = re.compile(r"\.(?=\w|$)")
_NON_WORD = re.compile(r"[^\w\s-]")
_WS = re.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    """Lower case, no accents, no dots or apostrophes, single spaces (cached: the readers fold
    the same words over and over)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"['’]s$", "", text.strip())
    text = _DOTS.sub("", text)
    text = _NON_WORD.sub(" ", text)
    text = _WS.sub(" ", text).strip()
    return re.sub(r"^the ", "", text)


def _load_countries() -> tuple[dict[str, str], frozenset[str], dict[str, str]]:
    """(name or demonym -> key, demonyms, capital or metonym -> key), all folded."""
    table: dict[str, str] = {}
    adjectives: set[str] = set()
    places: dict[str, str] = {}
    raw = _DATA.read_text(encoding="utf-8")
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 4:
            raise InputError(str(_DATA), "expected 4 columns: key | names | demonyms | capitals", line, number)
        key, names, demonyms, capitals = parts
        adjectives.update(_fold(d) for d in demonyms.split(",") if d.strip())
        for form in [key, *names.split(","), *demonyms.split(",")]:
            form = _fold(form)
            if form:
                # first line wins: "Dominican" belongs to Dominica, not the Dominican Republic
                table.setdefault(form, key)
                table.setdefault(form.replace("-", " "), key)
        for form in capitals.split(","):
            if _fold(form):
                places.setdefault(_fold(form), key)
    return table, frozenset(adjectives), places


_COUNTRIES, _DEMONYMS, _PLACES = _load_countries()

# Words of capitals and of places that stand for governments ("Moscow said", "Abu
# Dhabi"): a mention containing one is a place, not a person's name.  Token-level,
# so the generic words of multi-word places are left out ("White House", "New
# Delhi", "Mexico City", "La Paz"): "Tom White" is still a name.
_GENERIC_PLACE_WORDS = frozenset("new city white house la el the san st".split())
CAPITALS = frozenset(w for form in _PLACES for w in form.split() if w not in _GENERIC_PLACE_WORDS)


def _load_first_names() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in _NAMES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        gender, *names = line.split()
        for name in names:
            table.setdefault(name, gender)
    return table


_FIRST_NAMES = _load_first_names()


def first_name_gender(name: str) -> str | None:
    """"f" or "m" for a common given name ("Susan Hughes" -> "f"), None when unknown or ambiguous."""
    words = [w for w in _fold(name).split() if w not in HONORIFICS]
    return _FIRST_NAMES.get(words[0]) if len(words) >= 2 else None


def is_demonym(text: str) -> bool:
    """"Russian", "American": the adjective, as opposed to the country's name."""
    return _fold(text) in _DEMONYMS


def known_nationality(text: str) -> str | None:
    """The country key of a country name or demonym ("U.S." -> "us"), or None if unknown."""
    form = _fold(text)
    if form in _COUNTRIES:
        return _COUNTRIES[form]
    # plural demonyms and "-born"/"-based" forms: "Russians", "British-born"
    for suffix in ("s", "-born", "-based", "-led", "-backed"):
        if form.endswith(suffix) and form[: -len(suffix)] in _COUNTRIES:
            return _COUNTRIES[form[: -len(suffix)]]
    return None


def country_of_place(text: str) -> str | None:
    """The country key of a capital or metonym written as a name, or None.

    "Moscow", "the Kremlin" -> "russia"; "White House" -> "us"; "Brussels" ->
    "european union".  Only capitalised forms count ("lima" is a bean, "Lima" a
    government), and no country names or demonyms: see :func:`country_key`.
    """
    name = re.sub(r"^the\s+", "", text.strip(), flags=re.I)
    if not name[:1].isupper():
        return None
    return _PLACES.get(_fold(name))


def country_key(text: str) -> str | None:
    """The country a name, demonym, capital or metonym stands for, or None.

    "U.S.", "American", "Washington" -> "us"; "Russian", "Kremlin" -> "russia";
    "Secretary" -> None.  For telling which party an act or a descriptor is about,
    where "Moscow said" and "Russia said" are the same actor.
    """
    return known_nationality(text) or country_of_place(text)


def nationality_key(text: str) -> str:
    """One key per country for comparing descriptors across sources.

    "US", "U.S.", "American", "United States" -> "us"; "Russian", "Russia" -> "russia".
    Text that names no known country or demonym comes back folded (lower case,
    no dots or accents), so two unknown forms still compare equal only when
    they are the same words.
    """
    return known_nationality(text) or _fold(text)


def is_title_word(word: str) -> bool:
    w = _fold(word)
    return w in TITLE_WORDS or w in ROLE_WORDS or w in TITLE_ABBREVIATIONS


def fold(text: str) -> str:
    """The normalisation used for all lexicon lookups (public for other readers)."""
    return _fold(text)
