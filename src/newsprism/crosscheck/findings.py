"""Findings of one story: contradictions, changed figures, corroboration, the outlier, opinion.

Needs: the story's sources, aligned sentence pairs and judged :class:`Contradiction` records.
Adds: :class:`Finding` records, each citing spans on every side, with a confidence.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence

from scipy.cluster.hierarchy import DisjointSet

from .. import lexicon
from ..records import CopyLink, Evidence, Finding, Span
from .align import Pair, Source
from .judge import Contradiction

#: finding kind of each contradiction kind
FINDING_KIND = {"number": "figure-conflict", "descriptor": "descriptor-conflict", "place": "place-conflict",
                "date": "place-conflict", "roles": "role-conflict",
                "negation": "negation-conflict", "speaker": "quote-conflict"}
CONFLICT_KINDS = ("descriptor-conflict", "figure-conflict", "place-conflict", "quote-conflict", "role-conflict",
                  "negation-conflict")


def copy_families(article_ids: Iterable[str], copies: Sequence[CopyLink]) -> dict[str, str]:
    """article id -> family id (the smallest id in its copy family)."""
    ids = list(article_ids)
    sets = DisjointSet(ids)
    for link in copies:
        if link.article_id in sets and link.original_id in sets:
            sets.merge(link.article_id, link.original_id)
    return {a: min(sets.subset(a)) for a in ids}


def finding_id(story_id: str, kind: str, spans: Iterable[Span]) -> str:
    key = "|".join([story_id, kind] + sorted(f"{s.article_id}:{s.start}:{s.end}" for s in spans))
    return "f" + hashlib.blake2b(key.encode(), digest_size=6).hexdigest()


def _ev(src: Source, start: int, end: int, side: str) -> Evidence:
    return Evidence(span=Span(src.id, start, end), text=src.article.text[start:end], side=side)


def _n_sources(n: int) -> str:
    return f"{n} source{'s' if n != 1 else ''}"


def _label(src: Source) -> str:
    return _clip(src.article.outlet or src.article.title or src.id, 60)


def _clip(text: str, n: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def _what(c: Contradiction) -> str:
    """What the two versions are about, in words: "number of men", "Hefner's age", "who stopped whom"."""
    if c.kind == "number":
        return f"number of {c.about}" if c.about and "/" not in c.about else "figure"
    if c.kind == "descriptor":
        if c.about.startswith("person:"):
            return f"{c.about.split(':', 1)[-1].title()}'s {c.subkind}"
        return f"{c.subkind} of the {c.about.split('/')[0]}" if c.about else c.subkind
    if c.kind == "roles":
        question = lexicon.phrases("frame_phrases").get(c.subkind)
        return question[0] if question else f"who {c.subkind} whom"
    if c.kind == "negation":
        return f"whether it happened ({c.about})"
    if c.kind == "speaker":
        return "who said it"
    if c.kind == "date":
        return "when"
    if c.subkind == "org":
        return "which organisation"  # "Banner Industries Inc" / "Oak Industries Inc": no place
    return "where"


def contradiction_findings(story: str, srcs: Sequence[Source], judged: Sequence[Contradiction]) -> list[Finding]:
    """One finding per judged contradiction, the minority on the opposing side."""
    out = []
    for c in judged:
        mine = srcs[c.minority.src]
        majority_srcs = sorted({m.src for m in c.majority})
        ev = [_ev(srcs[m.src], m.start, m.end, "support") for m in c.majority]
        ev.append(_ev(mine, c.minority.start, c.minority.end, "oppose"))
        for m in sorted({(m.src, m.sent) for m in c.majority}) + [(c.minority.src, c.minority.sent)]:
            sf = srcs[m[0]].sentences[m[1]]
            ev.append(_ev(srcs[m[0]], sf.span.start, sf.span.end, "context"))
        ev = list(dict.fromkeys(ev))
        theirs = list(dict.fromkeys(" ".join(m.text.split()) for m in c.majority))
        their_fams = len({srcs[m.src].voice for m in c.majority})
        explanation = (f"{_what(c)}: {' / '.join(theirs[:3])} ({_n_sources(their_fams)}) vs "
                       f"{' '.join(c.minority.text.split())} ({_n_sources(1 + c.agree)})")
        kind = FINDING_KIND[c.kind]
        out.append(Finding(
            id=finding_id(story, kind, [e.span for e in ev]), story_id=story, kind=kind, explanation=explanation,
            confidence=c.confidence, evidence=tuple(ev),
            supporting=tuple(sorted({srcs[m].id for m in majority_srcs})), opposing=(mine.id,),
            sources=len({srcs[m].voice for m in majority_srcs} | {mine.voice})))
    return out


def _why_apart(srcs: Sequence[Source], c: Contradiction) -> str:
    """A change is a plan against a report, or else (the same modality on both sides) two reports
    of different days."""
    future = {srcs[s.src].sentences[s.sent].modality == "future" for s in [*c.majority, c.minority]}
    return "a plan or forecast against what is reported" if len(future) > 1 else "reports of different days"


def change_findings(story: str, srcs: Sequence[Source], changes: Sequence[Contradiction]) -> list[Finding]:
    """Figures that differ between a plan or forecast and what is reported now: a change over
    time, not a contradiction."""
    out = []
    for c in changes:
        mine = srcs[c.minority.src]
        ev = [_ev(srcs[m.src], m.start, m.end, "context") for m in c.majority]
        ev.append(_ev(mine, c.minority.start, c.minority.end, "context"))
        ev = list(dict.fromkeys(ev))
        theirs = " / ".join(dict.fromkeys(m.text for m in c.majority))
        out.append(Finding(
            id=finding_id(story, "figure-change", [e.span for e in ev]), story_id=story, kind="figure-change",
            explanation=f"{_what(c)}: {theirs} and {c.minority.text} are given for different moments "
                        f"({_why_apart(srcs, c)})",
            confidence=round(c.confidence * 0.5, 3), evidence=tuple(ev),
            supporting=tuple(sorted({srcs[m.src].id for m in c.majority} | {mine.id})),
            sources=len({srcs[m.src].voice for m in c.majority} | {mine.voice})))
    return out


def corroboration_findings(story: str, srcs: Sequence[Source], pairs: Sequence[Pair], threshold: float,
                           contested: set[tuple[int, int]], similarity) -> list[Finding]:
    """Clusters of matching sentences across sources; a copy family, and an outlet, counts once."""
    nodes = sorted({(p.a, p.i) for p in pairs} | {(p.b, p.j) for p in pairs})
    sets = DisjointSet(nodes)
    fams: dict[tuple[int, int], set[str]] = {n: {srcs[n[0]].voice} for n in nodes}
    for p in sorted(pairs, key=lambda p: (-p.sim, p.a, p.i, p.b, p.j)):
        x, y = (p.a, p.i), (p.b, p.j)
        if p.sim < threshold or x in contested or y in contested or sets.connected(x, y):
            continue
        fx, fy = fams[sets[x]], fams[sets[y]]
        if fx & fy:  # a claim is one sentence per source: refuse to chain loosely related ones
            continue
        sets.merge(x, y)
        fams[sets[x]] = fx | fy
    out = []
    for members in sets.subsets():
        members = sorted(members)
        families = {srcs[a].voice for a, _ in members}
        if len(families) < 2:
            continue
        ev = tuple(_ev(srcs[a], srcs[a].sentences[i].span.start, srcs[a].sentences[i].span.end, "support")
                   for a, i in members)
        # the claim in the words closest to all the others: the wire's, not one outlet's rewording
        a, i = max(members, key=lambda m: (sum(similarity(*m, *o) or 0.0 for o in members if o != m), -m[0]))
        out.append(Finding(
            id=finding_id(story, "corroboration", [e.span for e in ev]), story_id=story, kind="corroboration",
            explanation=f"{len(families)} independent sources carry: {_clip(srcs[a].text(i))}",
            confidence=round(min(0.95, 0.5 + 0.15 * len(families)), 3), evidence=ev,
            supporting=tuple(sorted({srcs[a].id for a, _ in members})), sources=len(families)))
    return out


def opinion_findings(story: str, srcs: Sequence[Source]) -> list[Finding]:
    out = []
    for src in srcs:
        spans = sorted(src.opinion_spans, key=lambda s: s.start)
        if not spans:
            continue
        ev = tuple(_ev(src, s.start, s.end, "context") for s in spans)
        out.append(Finding(
            id=finding_id(story, "opinion", [e.span for e in ev]), story_id=story, kind="opinion",
            explanation=f"{len(spans)} passage{'s' if len(spans) > 1 else ''} of the writer's own commentary "
                        f"in {_label(src)}, kept apart from reported facts",
            confidence=0.6, evidence=ev, supporting=(src.id,), sources=1))
    return out


_COPY_WORDS = {"rewrite": "a rewrite", "duplicate": "a duplicate", "near-copy": "a near-copy",
               "partial": "a partial repost"}
_KIND_WORDS = {"descriptor-conflict": "descriptor", "figure-conflict": "figure", "role-conflict": "roles",
               "quote-conflict": "quote", "place-conflict": "place or date", "negation-conflict": "negation"}


def outlier_findings(story: str, srcs: Sequence[Source], conflicts: Sequence[Finding], *, minimum: float,
                     ratio: float, cite: float, derived: dict[str, tuple[str, str]] | None = None) -> list[Finding]:
    """The source that contradicts the others: the article the contradictions oppose most.

    Each contradiction's confidence is the chance that it is a real error of its opposing
    article, so their sum per article is the number of its errors to expect.  The article
    with the largest sum is the outlier when the sum reaches ``minimum`` and is more than
    ``ratio`` times the next article's.  A copy or rewrite contradicting its own original is
    named as such.  The outlier cites its contradictions of confidence ``cite`` or more (the
    brief shows these even when they are under its reporting confidence).  ``derived``: copy id
    -> (original id, copy kind).
    """
    derived = derived or {}
    blame: dict[str, list[Finding]] = defaultdict(list)
    for f in conflicts:
        for a in f.opposing:
            blame[a].append(f)
    if not blame:
        return []
    scores = sorted(((sum(f.confidence for f in fs), a) for a, fs in blame.items()), key=lambda t: (-t[0], t[1]))
    top_score, top = scores[0]
    runner = scores[1][0] if len(scores) > 1 else 0.0
    if top_score < minimum or top_score <= ratio * runner:
        return []
    # the contradictions the outlier is named for: all that add to its case, else its strongest one
    shown = [f for f in blame[top] if f.confidence >= cite] or [max(blame[top], key=lambda f: f.confidence)]
    blame = {top: shown}
    by_id = {s.id: s for s in srcs}
    me = by_id[top]
    listed = sorted(blame[top], key=lambda f: -f.confidence)
    ev = tuple(dict.fromkeys(Evidence(span=e.span, text=e.text, side="oppose")
                             for f in listed for e in f.evidence if e.side == "oppose" and e.span.article_id == top))
    partners = {a for f in listed for a in f.supporting} - {top}
    partner_families = {by_id[a].voice for a in partners if a in by_id}
    n_families = len({s.voice for s in srcs} - {me.voice})
    summary = "; ".join(dict.fromkeys(f"{_KIND_WORDS.get(f.kind, f.kind)}: {f.explanation}" for f in listed))
    original, copy_kind = derived.get(top, (None, None))
    if original is not None and original in partners:
        what = _COPY_WORDS.get(copy_kind, "a copy")
        headline = f"{_label(me)}, {what} of {_label(by_id[original])}, changes it in {len(listed)} places"
    elif not partner_families - {me.voice}:
        # the other side is the same outlet's copy of this text (no copy link says which came first)
        headline = f"{_label(me)} differs from another copy of the same text in {len(listed)} places"
    else:
        headline = (f"{_label(me)} disagrees with {len(partner_families - {me.voice})} of the other "
                    f"{n_families} independent sources in {len(listed)} places")
    return [Finding(
        id=finding_id(story, "outlier-copy", [e.span for e in ev]), story_id=story, kind="outlier-copy",
        explanation=f"{headline} - {summary}", confidence=round(min(0.95, max(f.confidence for f in listed)), 3),
        evidence=ev, supporting=tuple(sorted(partners)), opposing=(top,), sources=len(partner_families))]


def quotes_by_speaker(srcs: Sequence[Source]) -> dict[str, list[tuple[str, Span]]]:
    """Speaker (entity key) -> (article id, quote span), over all sources of a story."""
    from ..read.sentences import entity_key

    out: dict[str, list[tuple[str, Span]]] = defaultdict(list)
    for src in srcs:
        for q in src.facts.quotes:
            name = q.speaker_name
            if q.speaker:
                ent = src.facts.entity(q.speaker)
                name = ent.name if ent is not None else name
            key = entity_key(name, "PERSON") if name else None
            if key:
                out[key].append((src.id, q.span))
    return dict(out)
