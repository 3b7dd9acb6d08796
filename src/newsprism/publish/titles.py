"""How a story and its findings are worded for a reader: the story's headline (never a
flagged source's), a finding's explanation in the sources' words, a vague figure's amount."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ..records import Finding
from .sources import KINDS
from .views import FigureItem, SourceRow, unique

def headline(title: str, sources: Sequence[SourceRow], opinions: dict[str, int] | None = None) -> str:
    """The story's title: the grouping's one, unless it is the headline of a flagged source.

    A copy or the outlier of a story should not name it (an outlier's headline is
    often the very claim the others contradict).  Then the headline comes from the
    independent source that agrees most with the others; ties go to the source with
    fewer opinion passages, then the more reliable kind, more cross-checked claims,
    the earlier date and the article id, so the choice is deterministic.
    """
    def norm(t: str | None) -> str:
        return " ".join((t or "").split()).casefold()

    if not any(s.flagged and norm(s.title) == norm(title) for s in sources):
        return title
    candidates = [s for s in sources if not s.flagged and s.family == s.article_id and norm(s.title)]
    if not candidates:
        return title
    opinions = opinions or {}
    best = min(candidates, key=lambda s: (
        -(s.agreement if s.agreement is not None else -1.0), opinions.get(s.article_id, 0),
        KINDS.index(s.kind) if s.kind in KINDS else len(KINDS), -s.claims, s.date or "9999", s.article_id))
    return " ".join((best.title or title).split())


_KEY_PREFIX = re.compile(r"\b(?:name|person|org|gpe|norp|loc|fac|event):(?=\w)")
_CARRY = re.compile(r"^\d+ independent sources? carr(?:y|ies): ")
_DESCRIPTOR_HEAD = re.compile(r"^(?P<who>[^:]+): (?P<what>[\w -]+?) given as\b")
_WORD = re.compile(r"\w[\w'-]*")
# Words of the explanations themselves: never recased after a sentence-initial capital.
_FUNCTION_WORDS = frozenset(
    "a an and as at by for from given in into is it of on one or other same the their to vs with "
    "acts source sources differs between wording quote nationality affiliation party title role".split())
_MOMENT = re.compile(r"\((reported|planned/expected|earlier)\b[^)]*\)")


def finding_title(f: Finding, figure_at: dict[tuple[str, int, int], tuple[str, FigureItem]]) -> str:
    """A finding's explanation as a reader should see it.

    Figures are named in the sources' words ("tens of thousands", never the midpoint
    that cross-checking compares), descriptors by the words the sources used, and
    internal entity keys ("person:", "name:") are dropped.
    """
    text = _KEY_PREFIX.sub("", f.explanation)
    if f.kind == "corroboration":  # the count is shown beside it: "4 independent sources"
        text = _CARRY.sub("", text)
    if f.kind in ("figure-conflict", "figure-change"):
        found = [(ev, figure_at.get((ev.span.article_id, ev.span.start, ev.span.end))) for ev in f.evidence]
        # The unit most of the figures use ("troops" over "combat ready troops").
        units = sorted(Counter(x[0] for _ev, x in found if x is not None).items(),
                       key=lambda kv: (-kv[1], len(kv[0]), kv[0]))
        units = [u for u, _n in units]
        if f.kind == "figure-conflict":
            a, b = (next((x[1] for ev, x in found if x is not None and ev.side == side), None)
                    for side in ("support", "oppose"))
            if a is not None and b is not None:
                return f"{units[0]}: {a.display} ({a.cite.source}) vs {b.display} ({b.cite.source}) for the same moment"
        elif units:
            # Cross-checking tags each value with its moment, in evidence order; keep the
            # tags that explain the difference ("planned/expected", "earlier").
            moments = _MOMENT.findall(f.explanation)
            tags = moments if len(moments) == len(found) else [""] * len(found)
            shown = unique(x[1].display + (f" ({tag})" if tag not in ("", "reported") else "")
                            for (_ev, x), tag in zip(found, tags) if x is not None)
            return f"{units[0]}: {', '.join(shown)} \u2014 different moments or plans, not a contradiction"
    if f.kind == "descriptor-conflict":
        m = _DESCRIPTOR_HEAD.match(text)
        sides = [unique(" ".join(ev.text.split()) for ev in f.evidence if ev.side == side and ev.text)
                 for side in ("support", "oppose")]
        if m and sides[0] and sides[1]:
            def count(side: str) -> str:
                n = len({ev.span.article_id for ev in f.evidence if ev.side == side})
                return f"{n} source{'' if n == 1 else 's'}"
            return (f"{m['who']}: {m['what']} given as {' / '.join(sides[0])} ({count('support')}) "
                    f"or {' / '.join(sides[1])} ({count('oppose')})")
    if f.kind == "role-conflict":
        # Cross-checking compares lower-cased names: give them back the sources' capitals.
        words = [w for ev in f.evidence for w in _WORD.findall(ev.text or "")]
        lower = {w for w in words if w.islower()} | _FUNCTION_WORDS
        caps = {w.casefold(): w for w in words if w[:1].isupper() and w.casefold() not in lower}
        text = _WORD.sub(lambda m: caps.get(m.group(0), m.group(0)) if m.group(0).islower() else m.group(0), text)
    return text[:1].upper() + text[1:]


_OF_TAIL = re.compile(r"[\s,]*(\bof(\s+(the|those|these|their|its|her|his|our))?)?[\s,]*$", re.I)


def vague_words(phrase: str, unit: str) -> str | None:
    """The amount of a vague figure in the source's words: "Tens of thousands of households"
    counting "households" -> "tens of thousands".  None when the unit is not in the phrase."""
    flat = " ".join(phrase.split())
    at = flat.casefold().rfind(" ".join(unit.split()).casefold()) if unit.strip() else -1
    if at <= 0:
        return None
    words = _OF_TAIL.sub("", flat[:at]).strip()
    if not words:
        return None
    # Sentence case belongs to the source's sentence, not to the amount.
    return words[0].lower() + words[1:] if not words[:2].isupper() else words
