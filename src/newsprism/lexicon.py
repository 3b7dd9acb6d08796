"""The word lists of newsprism, loaded once from ``newsprism/data/lexicon/``.

Word lists are data: each file holds one list, with ``#`` comments saying what it is for.
Two shapes are used:

- a *set*: words separated by white space (``negations.txt``);
- a *table*: one ``key: word word ...`` line per entry (``frames.txt``); multi-word entries
  are written with ``_`` for the space.

Every stage reads its lists here, so one word is never spelled out in two modules.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

LEXICON = Path(__file__).resolve().parent / "data" / "lexicon"


def _lines(name: str) -> list[str]:
    path = LEXICON / f"{name}.txt"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """The set of words in ``<name>.txt``."""
    return frozenset(w.replace("_", " ") for line in _lines(name) for w in line.split())


@lru_cache(maxsize=None)
def table(name: str) -> dict[str, tuple[str, ...]]:
    """``key -> words`` of ``<name>.txt`` (one ``key: word word ...`` line per entry)."""
    out: dict[str, tuple[str, ...]] = {}
    for line in _lines(name):
        key, _, rest = line.partition(":")
        out[key.strip()] = tuple(w.replace("_", " ") for w in rest.split())
    return out


@lru_cache(maxsize=None)
def pairs(name: str) -> tuple[tuple[str, str], ...]:
    """``(key, word)`` for every word of every line of a table, repeated keys kept (a word can
    have several opposites: "rise: fall", "rise: drop")."""
    out: list[tuple[str, str]] = []
    for line in _lines(name):
        key, _, rest = line.partition(":")
        out.extend((key.strip(), w.replace("_", " ")) for w in rest.split())
    return tuple(out)


@lru_cache(maxsize=None)
def relation(name: str) -> dict[str, frozenset[str]]:
    """A table of word pairs read both ways ("rise: fall" gives rise -> {fall} and fall -> {rise}):
    for symmetric relations such as antonyms."""
    out: dict[str, set[str]] = {}
    for a, b in pairs(name):
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return {w: frozenset(ws) for w, ws in out.items()}


@lru_cache(maxsize=None)
def inverse(name: str) -> dict[str, str]:
    """``word -> key`` of a table: every form of an entry maps to its key."""
    return {w: key for key, ws in table(name).items() for w in ws}


@lru_cache(maxsize=None)
def phrases(name: str) -> dict[str, tuple[str, ...]]:
    """``key -> parts`` of a table whose values are ``|``-separated phrases."""
    out: dict[str, tuple[str, ...]] = {}
    for line in _lines(name):
        key, _, rest = line.partition(":")
        out[key.strip()] = tuple(p.strip() for p in rest.split("|"))
    return out
