"""Compare two aligned sentences fact by fact: roles, nationality modifiers, negation, antonyms, numbers.

Embeddings put "Russia must stop its build-up near Ukraine" and "Ukraine must stop its
build-up near Russia" side by side (they are near neighbours); only the extracted facts
tell them apart.  Each check returns the spans it rests on in both sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

from .analysis import SentenceInfo
from .lexicon import ANTONYMS


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: str  # "roles" | "modifier" | "negation" | "antonym" | "number"
    detail: str  # one line, for the finding's explanation
    fact: tuple[str, ...] = ()  # what side ``a`` holds: (frame, actor, acted-on) or (noun, nationality)


def directions(info: SentenceInfo) -> frozenset[tuple[str, str, str]]:
    """(frame, actor, acted-on) triples of a sentence: "Russia masses troops near Ukraine" ->
    ("build-up", "russia", "ukraine").  Acts without a second named party are left out."""
    return frozenset((f.frame, f.agent, f.other) for f in info.frames if f.other)


def role_swap(a: SentenceInfo, b: SentenceInfo) -> Conflict | None:
    """Two entities that trade places in one act: A asks B in one sentence, B asks A in the other.

    Only the same act counts (same frame: "ask"/"request", "mass"/"build-up"): two
    sentences about different acts can name the same two parties either way round.
    """
    da, db = directions(a), directions(b)
    for frame, x, y in sorted(da):
        if (frame, y, x) in db and (frame, x, y) not in db and (frame, y, x) not in da:
            fa = next(f for f in a.frames if (f.frame, f.agent, f.other) == (frame, x, y))
            return Conflict("roles", f"{fa.agent_name} {fa.verb} {fa.other_name} in one source, "
                                     f"the other way round in the other", (frame, x, y))
    return None


def modifier_swap(a: SentenceInfo, b: SentenceInfo) -> Conflict | None:
    """The same noun given another nationality: "Russian troops" vs "Ukrainian troops"."""
    by_noun_a: dict[str, set[str]] = {}
    by_noun_b: dict[str, set[str]] = {}
    for noun, key in a.modifiers:
        by_noun_a.setdefault(noun, set()).add(key)
    for noun, key in b.modifiers:
        by_noun_b.setdefault(noun, set()).add(key)
    for noun in sorted(set(by_noun_a) & set(by_noun_b)):
        ka, kb = by_noun_a[noun], by_noun_b[noun]
        if ka.isdisjoint(kb):
            wa, wb = dict(a.modifier_words), dict(b.modifier_words)
            said_a = "/".join(sorted(wa.get(k, k) for k in ka))
            said_b = "/".join(sorted(wb.get(k, k) for k in kb))
            return Conflict("modifier", f"{said_a} {noun} in one source, {said_b} {noun} in the other",
                            (noun, min(ka)))
    return None


def negation_flip(a: SentenceInfo, b: SentenceInfo) -> Conflict | None:
    if a.negated == b.negated:
        return None
    neg, pos = (a, b) if a.negated else (b, a)
    # the negated predicate must be one the other sentence asserts
    # the negated predicate must be one the other sentence asserts (light verbs such as
    # "say" or "be" are not content lemmas: then any shared predicate will do)
    light = neg.negated_lemmas - neg.lemmas
    if neg.negated_lemmas & pos.words or light or not neg.negated_lemmas:
        return Conflict("negation", "one source negates what the other asserts")
    return None


def antonym_flip(a: SentenceInfo, b: SentenceInfo) -> Conflict | None:
    for x in sorted(a.words - b.words):
        opposite = ANTONYMS.get(x)
        if opposite:
            for y in sorted(opposite & (b.words - a.words)):
                return Conflict("antonym", f"'{x}' in one source, '{y}' in the other")
    return None


def number_change(a: SentenceInfo, b: SentenceInfo, *, tolerance: float = 0.02) -> Conflict | None:
    """A number of the same unit that no number in the other sentence matches."""
    for na in a.numbers:
        same_unit = [nb for nb in b.numbers if nb.unit == na.unit or not na.unit or not nb.unit]
        if not same_unit:
            continue
        if any(_close(na.value, nb.value, tolerance) for nb in b.numbers):
            continue
        nb = same_unit[0]
        return Conflict("number", f"{_fmt(na.value)} {na.unit} in one source, {_fmt(nb.value)} in the other".strip())
    return None


def compare(a: SentenceInfo, b: SentenceInfo, *, numbers: bool = False) -> list[Conflict]:
    """All fact-level conflicts between two aligned sentences."""
    checks = [role_swap, modifier_swap, negation_flip, antonym_flip]
    if numbers:
        checks.append(number_change)
    out = []
    for check in checks:
        found = check(a, b)
        if found is not None:
            out.append(found)
    return out


def _close(x: float, y: float, tolerance: float) -> bool:
    return abs(x - y) <= tolerance * max(abs(x), abs(y), 1e-9)


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if v == int(v) else f"{v:,}"
