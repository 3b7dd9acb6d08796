"""Assembly: the brief of one story, built from what the store holds.

:func:`build_brief` reads a storyline (or one event) from the store and lays out what a reader
needs: the events with dates, the sources with their kind, copy family and agreement score, the
corroborated facts, who said what, the figures, the contradictions, the flagged copies and the
opinion passages.  It reads the findings, copy links and facts that grouping and
cross-checking stored and judges nothing again: agreement scores count the stored findings,
contradictions are the stored ones at or above the reporting confidence, and findings that
say the same thing about shared evidence are shown once (:func:`merge_contradictions`).
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Sequence

from ..crosscheck.findings import CONFLICT_KINDS
from ..errors import NotFound
from ..outlets import independent_sources
from ..records import Article, ArticleFacts, CopyLink, Event, Finding, Storyline
from .cites import cite_span, distinct
from .sources import source_kind, source_label
from .speakers import speakers
from .titles import finding_title, headline, vague_words
from .views import (
    CHANGE_KINDS,
    CLAIM_KINDS,
    Brief,
    Cite,
    Contradiction,
    CopyFlag,
    EventLine,
    FigureGroup,
    FigureItem,
    KeyFact,
    MatrixRow,
    OpinionGroup,
    OpinionItem,
    SourceRow,
    unique,
)

_WS = re.compile(r"\s+")

# How a copy link reads in a sentence: "<kind words> <original>".
COPY_KIND_WORDS = {
    "duplicate": "duplicate of",
    "near-copy": "near-copy of",
    "rewrite": "rewrite of",
    "partial": "reposts part of",
}


def load_story(store, story_id: str) -> tuple[str, Storyline | Event, list[Event]]:
    """The storyline (with its events) or the single event that ``story_id`` names."""
    try:
        story = store.storyline(story_id)
        return "storyline", story, store.events(story.id)
    except NotFound:
        pass
    try:
        event = store.event(story_id)
    except NotFound:
        raise NotFound(f"no storyline or event {story_id!r} in {store.path}") from None
    return "event", event, [event]


def build_brief(store, story_id: str, *, settings=None) -> Brief:
    """The presentation model of one storyline or event (raises NotFound).  ``settings``
    (:class:`newsprism.Settings`): its ``check.report`` is the reporting confidence."""
    kind, story, events = load_story(store, story_id)
    article_ids = unique(list(story.article_ids) + [a for e in events for a in e.article_ids])
    items: list[tuple[Article, ArticleFacts]] = list(store.articles(article_ids))
    story_ids = {story.id} | {e.id for e in events}
    findings = [f for sid in sorted(story_ids) for f in store.findings(sid)]
    findings.sort(key=lambda f: f.id)
    copies = [c for c in store.copies() if c.article_id in set(article_ids)]
    return assemble_brief(kind, story, events, items, findings, copies,
                          check=settings.check if settings is not None else None)


def assemble_brief(
    kind: str,
    story: Storyline | Event,
    events: Sequence[Event],
    items: Sequence[tuple[Article, ArticleFacts]],
    findings: Sequence[Finding],
    copies: Sequence[CopyLink],
    check=None,
) -> Brief:
    """Build the brief from records already loaded (no store needed: handy for tests and tools).

    ``check``: cross-checking's options (default: its own).  Contradictions below its ``report``
    confidence are counted, not shown, unless they are what an outlier is named for; its quote
    thresholds say which wordings are one statement."""
    from ..crosscheck import CheckOptions

    check = check or CheckOptions()
    report = check.report
    cited = {ev.span for f in findings if f.kind == "outlier-copy" for ev in f.evidence}
    weak = {f.id for f in findings if f.kind in CONFLICT_KINDS and f.confidence < report
            and not any(ev.span in cited for ev in f.evidence if ev.side == "oppose")}
    findings = [f for f in findings if f.id not in weak]
    # Sources ordered by date, originals before their copies, then id: deterministic,
    # and the oldest report first.
    copy_of = {c.article_id: c for c in copies}
    items = sorted(items, key=lambda it: (it[0].date or "9999", it[0].id in copy_of, it[0].id))
    texts = {a.id: a.text for a, _ in items}
    labels = _distinct_labels([a for a, _ in items])
    copy_of = {k: c for k, c in copy_of.items() if k in texts}

    def family(aid: str) -> str:
        seen = set()
        while aid in copy_of and aid not in seen:
            seen.add(aid)
            aid = copy_of[aid].original_id
        return aid

    # Copies of one original and the articles of one outlet are one independent source.
    # Each is named by its first source in the brief's order (the oldest report, an original
    # before its copies).
    voices = independent_sources([a for a, _ in items], {a.id: family(a.id) for a, _ in items})
    first_of: dict[str, str] = {}
    voices = {a.id: first_of.setdefault(voices[a.id], a.id) for a, _ in items}

    # Agreement: share of a source's cross-checked claims that do not conflict with others.
    claims: dict[str, int] = defaultdict(int)
    conflicts: dict[str, int] = defaultdict(int)
    for f in findings:
        if f.kind not in CLAIM_KINDS:
            continue
        involved = set(f.supporting) | set(f.opposing) | {ev.span.article_id for ev in f.evidence}
        for aid in involved:
            claims[aid] += 1
        if f.kind in CONFLICT_KINDS:
            for aid in _conflicting(f):
                conflicts[aid] += 1

    # Sources that a reader should not take as the story's voice: copies, and the
    # outlier that cross-checking flagged.
    outliers = unique(aid for f in findings if f.kind == "outlier-copy"
                       for aid in (f.opposing or unique(ev.span.article_id for ev in f.evidence)))
    flagged = set(copy_of) | set(outliers)
    sources = []
    for art, _facts in items:
        link = copy_of.get(art.id)
        n, c = claims.get(art.id, 0), conflicts.get(art.id, 0)
        sources.append(SourceRow(
            article_id=art.id, label=labels[art.id], title=art.title, outlet=art.outlet, url=art.url,
            date=art.date, kind=source_kind(art), format=art.format,
            copy_of=link.original_id if link else None, copy_kind=link.kind if link else None,
            family=family(art.id), independent_of=voices[art.id], claims=n, conflicts=c, agreement=(n - c) / n if n else None,
            flagged=art.id in flagged,
        ))
    opinion_counts = {a.id: len(fx.opinions) for a, fx in items}
    rows = {s.article_id: s for s in sources}

    by_story: dict[str, int] = defaultdict(int)
    conflicts_by: dict[str, int] = defaultdict(int)
    for f in findings:
        by_story[f.story_id] += 1
        conflicts_by[f.story_id] += f.kind in CONFLICT_KINDS
    event_lines = tuple(
        EventLine(id=e.id, title=headline(e.title, [rows[a] for a in e.article_ids if a in rows], opinion_counts),
                  start_date=e.start_date, end_date=e.end_date,
                  article_ids=tuple(e.article_ids), findings=by_story.get(e.id, 0),
                  conflicts=conflicts_by.get(e.id, 0))
        for e in sorted(events, key=lambda e: (e.start_date or "9999", e.id))
    )
    sentences = {a.id: fx.sentences for a, fx in items}
    figures = _figures(items, texts, labels)
    figure_at = {(i.cite.article_id, i.cite.start, i.cite.end): (g.unit, i) for g in figures for i in g.items}

    def cites(f: Finding, side: str | None = None, *, around: bool = False) -> tuple[Cite, ...]:
        return tuple(cite_span(ev.span, texts, labels, ev.text or None, sentences if around else None)
                     for ev in f.evidence if side is None or ev.side == side)

    titles = {f.id: finding_title(f, figure_at) for f in findings}
    facts = tuple(sorted(
        (KeyFact(finding_id=f.id, explanation=titles[f.id],
                 sources=f.sources or len({voices.get(a, a) for a in f.supporting}),
                 supporting=tuple(f.supporting), confidence=f.confidence, cites=cites(f))
         for f in findings if f.kind == "corroboration"),
        key=lambda k: (-k.sources, -k.confidence, k.finding_id),
    ))
    contradictions = merge_contradictions([
        Contradiction(finding_id=f.id, kind=f.kind, explanation=titles[f.id], confidence=f.confidence,
                      supporting=tuple(f.supporting), opposing=tuple(f.opposing),
                      support=distinct(cites(f, "support", around=True)),
                      oppose=distinct(cites(f, "oppose", around=True)),
                      context=distinct(cites(f, "context", around=True)))
        for f in sorted(findings, key=lambda f: (f.kind in CHANGE_KINDS, -f.confidence, f.id))
        if f.kind in CONFLICT_KINDS + CHANGE_KINDS
    ])
    shown_as = {m: c.finding_id for c in contradictions for m in (c.finding_id, *c.merged)}

    flags: list[CopyFlag] = []
    for c in sorted(copy_of.values(), key=lambda c: c.article_id):
        flags.append(CopyFlag(
            article_id=c.article_id, label=labels[c.article_id], original_id=c.original_id,
            original_label=labels.get(c.original_id, c.original_id[:10]), kind=c.kind,
            similarity=c.similarity,
            explanation=f"{COPY_KIND_WORDS.get(c.kind, c.kind)} {labels.get(c.original_id, c.original_id[:10])} "
                        f"(similarity {c.similarity:.2f})",
        ))
    for f in findings:
        if f.kind != "outlier-copy":
            continue
        spans = {ev.span for ev in f.evidence}
        for aid in (f.opposing or f.supporting or unique(ev.span.article_id for ev in f.evidence)):
            # The contradictions the outlier is flagged for: those whose evidence it lists.
            listed = unique(shown_as[g.id] for g in findings
                             if g.id in shown_as and g.evidence and {ev.span for ev in g.evidence} <= spans
                             and (aid in g.supporting + g.opposing
                                  or any(ev.span.article_id == aid for ev in g.evidence)))
            own = distinct(tuple(x for x in cites(f, around=True) if x.article_id == aid)) or distinct(cites(f))
            flags.append(CopyFlag(
                article_id=aid, label=labels.get(aid, aid[:10]), original_id=None, original_label=None,
                kind="outlier-copy", similarity=None, explanation=titles[f.id], cites=own, conflicts=listed,
            ))

    matrix = tuple(
        MatrixRow(finding_id=f.id, kind=f.kind, label=titles[f.id],
                  cells=tuple(_cell(f, s.article_id) for s in sources))
        for f in sorted((f for f in findings if f.kind in CLAIM_KINDS),
                        key=lambda f: (CLAIM_KINDS.index(f.kind), f.id))
    )

    return Brief(
        id=story.id, kind=kind, title=headline(story.title, sources, opinion_counts),
        start_date=story.start_date or (event_lines[0].start_date if event_lines else None),
        end_date=story.end_date or (event_lines[-1].end_date if event_lines else None),
        events=event_lines, sources=tuple(sources), facts=facts,
        speakers=speakers(items, texts, labels, check), figures=figures,
        contradictions=contradictions, copies=tuple(flags),
        opinions=_opinions(items, findings, texts, labels, [s.article_id for s in sources]),
        matrix=matrix, entities=tuple(story.entities), places=tuple(story.places),
        weaker=len(weak), report=report,
    )


def merge_contradictions(items: Sequence[Contradiction]) -> tuple[Contradiction, ...]:
    """One contradiction per claim: findings that say the same thing about the same
    evidence on one side ("Y quotes X differently" from two other sources) merge, the
    shared side once and the other sides together.  Order is kept; the first id stays."""
    out: list[Contradiction] = []
    for c in items:
        for n, g in enumerate(out):
            if g.kind != c.kind or g.explanation != c.explanation or c.is_change:
                continue
            refs = lambda cs: {x.ref for x in cs}  # noqa: E731
            if refs(g.support) & refs(c.support) or refs(g.oppose) & refs(c.oppose):
                sup, opp, s_ids, o_ids = c.support, c.oppose, c.supporting, c.opposing
            elif refs(g.support) & refs(c.oppose) or refs(g.oppose) & refs(c.support):
                sup, opp, s_ids, o_ids = c.oppose, c.support, c.opposing, c.supporting
            else:
                continue
            out[n] = dataclasses.replace(
                g, support=distinct(g.support + sup), oppose=distinct(g.oppose + opp),
                supporting=unique(g.supporting + s_ids), opposing=unique(g.opposing + o_ids),
                context=distinct(g.context + c.context), confidence=max(g.confidence, c.confidence),
                merged=g.merged + (c.finding_id,))
            break
        else:
            out.append(c)
    return tuple(out)


def _conflicting(f: Finding) -> set[str]:
    """Sources on the conflicting side of a conflict finding.

    Cross-checking puts the odd one out in ``opposing``; when it names no side,
    every source with evidence in the finding is in conflict with another.
    """
    if f.opposing:
        return set(f.opposing)
    sides = {ev.span.article_id for ev in f.evidence if ev.side == "oppose"}
    return sides or {ev.span.article_id for ev in f.evidence} | set(f.supporting)


def _cell(f: Finding, aid: str) -> str:
    if aid in f.opposing:
        return "contradicts"
    if aid in f.supporting:
        return "supports"
    sides = {ev.side for ev in f.evidence if ev.span.article_id == aid}
    if "oppose" in sides:
        return "contradicts"
    if "support" in sides:
        return "supports"
    return "silent"


def _distinct_labels(articles: Sequence[Article]) -> dict[str, str]:
    """Source labels, numbered where two sources share one (two stories from one outlet)."""
    base = {a.id: source_label(a) for a in articles}
    counts: dict[str, int] = defaultdict(int)
    for label in base.values():
        counts[label] += 1
    seen: dict[str, int] = defaultdict(int)
    out = {}
    for a in articles:
        label = base[a.id]
        if counts[label] > 1:
            seen[label] += 1
            label = f"{label} #{seen[label]}"
        out[a.id] = label
    return out


def _figures(items, texts, labels) -> tuple[FigureGroup, ...]:
    grouped: dict[str, list[FigureItem]] = defaultdict(list)
    for art, fx in items:
        for fig in fx.figures:
            unit = _WS.sub(" ", fig.unit.strip().casefold()) or "(unspecified)"
            cite = cite_span(fig.span, texts, labels)
            grouped[unit].append(FigureItem(value=fig.value, low=fig.low, high=fig.high,
                                            qualifier=fig.qualifier, date=art.date, cite=cite,
                                            words=vague_words(cite.text, fig.unit) if fig.value is None else None))
    groups = [
        FigureGroup(unit=u, items=tuple(sorted(
            # Stable sort: equal figures keep the sources' order (originals before copies).
            g, key=lambda i: (i.date or "9999", i.value if i.value is not None else -1))))
        for u, g in grouped.items()
    ]
    groups.sort(key=lambda g: (-len({i.cite.article_id for i in g.items}), g.unit))
    return tuple(groups)


def _opinions(items, findings, texts, labels, order: Sequence[str]) -> tuple[OpinionGroup, ...]:
    """Opinion passages (opinion findings and per-article facts), grouped by article."""
    reasons = {(o.span.article_id, o.span.start, o.span.end): o for _a, fx in items for o in fx.opinions}
    passages: dict[str, dict[tuple[int, int], OpinionItem]] = defaultdict(dict)
    spans = [ev.span for f in findings if f.kind == "opinion" for ev in f.evidence]
    spans += [o.span for _a, fx in items for o in fx.opinions]
    for span in spans:
        if span.article_id not in texts or (span.start, span.end) in passages[span.article_id]:
            continue
        fact = reasons.get((span.article_id, span.start, span.end))
        passages[span.article_id][(span.start, span.end)] = OpinionItem(
            reason=fact.reason if fact else "commentary", score=fact.score if fact else 0.6,
            cite=cite_span(span, texts, labels))
    return tuple(
        OpinionGroup(article_id=aid, label=labels.get(aid, aid[:10]),
                     passages=tuple(p for _k, p in sorted(passages[aid].items())))
        for aid in order if passages.get(aid)
    )
