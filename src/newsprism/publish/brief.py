"""The brief of one story: a typed presentation model, rendered four ways.

:func:`build_brief` reads a storyline (or one event) from the store and lays
out what a reader needs: the events with dates, the sources with their kind,
copy family and agreement score, the corroborated facts, who said what, the
figures, the contradictions, the flagged copies and the opinion passages.  The
renderers (``text``, ``markdown``, ``json``, ``html`` and the web app) only
format this model; none of them reads the store, so the four outputs cannot
drift apart.  Every item carries :class:`Cite` records (article id + span +
the text of that span) so a reader can always go back to the source.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, get_args
from urllib.parse import urlparse

from rapidfuzz import fuzz

from ..errors import NotFound
from ..records import Article, ArticleFacts, CopyLink, Event, Finding, Span, Storyline
from ..crosscheck.findings import CONFLICT_KINDS, copy_families
from ..outlets import independent_sources
from .sources import KINDS, kind_label, source_kind, source_label

BRIEF_SCHEMA_VERSION = 2

#: Findings that set one source against another (cross-checking's own list).
#: ``figure-change`` is listed with them (a reader wants to see it) but is not a
#: conflict: a figure that was updated over time does not lower anyone's agreement score.
CHANGE_KINDS = ("figure-change",)
CLAIM_KINDS = ("corroboration",) + CONFLICT_KINDS + CHANGE_KINDS

# How a copy link reads in a sentence: "<kind words> <original>".
COPY_KIND_WORDS = {
    "duplicate": "duplicate of",
    "near-copy": "near-copy of",
    "rewrite": "rewrite of",
    "partial": "reposts part of",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Cite:
    """One piece of evidence: an article span and its text, with a readable source label."""

    article_id: str
    start: int
    end: int
    text: str
    source: str  # the source's label (outlet, host or title)
    # The sentence around a short span (a descriptor, a figure, a quote without its
    # speaker), so "Russian" reads as "Russian Secretary of State ... offered ...".
    # ``before + text + after`` is a stretch of the article text; "\u2026" marks a cut.
    before: str = ""
    after: str = ""

    @property
    def ref(self) -> str:
        return f"{self.article_id}:{self.start}-{self.end}"


@dataclass(frozen=True, slots=True, kw_only=True)
class EventLine:
    id: str
    title: str
    start_date: str | None
    end_date: str | None
    article_ids: tuple[str, ...]
    findings: int = 0
    conflicts: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceRow:
    article_id: str
    label: str
    title: str | None
    outlet: str | None
    url: str | None
    date: str | None
    kind: str  # "wire" | "magazine" | "blog" | "aggregator" | "unknown"
    format: str  # what the input was: text, html, jsonl, warc, feed
    copy_of: str | None = None  # article id of the original, when this is a copy
    copy_kind: str | None = None  # "duplicate" | "near-copy" | "rewrite" | "partial"
    family: str = ""  # article id of the copy family's root (itself when independent)
    # the independent source it belongs to (its copy family and the other articles of its outlet:
    # newsprism.outlets.independent_sources), named by its first source in the brief's order
    independent_of: str = ""
    claims: int = 0  # cross-checked claims this source takes part in
    conflicts: int = 0  # of those, the ones where it conflicts with other sources
    agreement: float | None = None  # (claims - conflicts) / claims; None with no claims
    flagged: bool = False  # a copy, or the outlier that cross-checking flagged

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def day(self) -> str:
        """The publication day (tables show dates, not timestamps)."""
        return (self.date or "")[:10]


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyFact:
    finding_id: str
    explanation: str
    sources: int  # independent sources (copy families and outlets count once)
    supporting: tuple[str, ...]
    confidence: float
    cites: tuple[Cite, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteGroup:
    """One statement, as carried by one or more sources (near-identical wording merged)."""

    text: str
    direct: bool
    cue: str | None
    article_ids: tuple[str, ...]
    cites: tuple[Cite, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Speaker:
    name: str
    quotes: tuple[QuoteGroup, ...]

    @property
    def article_ids(self) -> tuple[str, ...]:
        return _unique(a for q in self.quotes for a in q.article_ids)


@dataclass(frozen=True, slots=True, kw_only=True)
class FigureItem:
    value: float | None
    low: float | None
    high: float | None
    qualifier: str | None
    date: str | None
    cite: Cite
    words: str | None = None  # a vague amount in the source's words: "tens of thousands"

    @property
    def display(self) -> str:
        """The value as a reader writes it: "about 4,000", "tens of thousands", never a midpoint."""
        if self.value is not None:
            v = format_number(self.value)
        elif self.words:
            return self.words
        elif self.low is not None and self.high is not None:
            v = f"{format_number(self.low)}\u2013{format_number(self.high)}"
        else:
            v = "?"
        return f"{self.qualifier} {v}" if self.qualifier else v

    @property
    def day(self) -> str:
        return (self.date or "")[:10]


@dataclass(frozen=True, slots=True, kw_only=True)
class FigureGroup:
    unit: str  # what is counted
    items: tuple[FigureItem, ...]  # ordered by date, then value

    @property
    def agree(self) -> bool:
        values = {i.value for i in self.items if i.value is not None}
        return len(values) <= 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Contradiction:
    finding_id: str
    kind: str
    explanation: str
    confidence: float
    supporting: tuple[str, ...]
    opposing: tuple[str, ...]
    support: tuple[Cite, ...]  # evidence on one side
    oppose: tuple[Cite, ...]  # and on the other
    context: tuple[Cite, ...] = ()
    merged: tuple[str, ...] = ()  # findings with the same explanation and a shared side, shown as this one

    @property
    def is_change(self) -> bool:
        return self.kind in CHANGE_KINDS

    def sides(self, article_id: str) -> tuple[tuple[Cite, ...], tuple[Cite, ...]]:
        """(this source's evidence, the other sources' evidence) for one source in the conflict."""
        if article_id in self.opposing or any(c.article_id == article_id for c in self.oppose):
            mine, theirs = self.oppose, self.support
        else:
            mine, theirs = self.support, self.oppose
        if not mine and not theirs:  # no sides given: split the context by source
            mine = tuple(c for c in self.context if c.article_id == article_id)
            theirs = tuple(c for c in self.context if c.article_id != article_id)
        return (tuple(c for c in mine if c.article_id == article_id) or mine,
                tuple(c for c in theirs if c.article_id != article_id) or theirs)


@dataclass(frozen=True, slots=True, kw_only=True)
class CopyFlag:
    article_id: str
    label: str
    original_id: str | None
    original_label: str | None
    kind: str  # copy kind, or "outlier-copy"
    similarity: float | None
    explanation: str
    cites: tuple[Cite, ...] = ()
    conflicts: tuple[str, ...] = ()  # for an outlier: the contradictions (finding ids) it is flagged for


@dataclass(frozen=True, slots=True, kw_only=True)
class OpinionItem:
    reason: str  # why the reader extracted it: "first-person", "sarcasm", ...
    score: float
    cite: Cite


@dataclass(frozen=True, slots=True, kw_only=True)
class OpinionGroup:
    """The opinion passages of one article, in text order."""

    article_id: str
    label: str
    passages: tuple[OpinionItem, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class MatrixRow:
    finding_id: str
    kind: str
    label: str
    cells: tuple[str, ...]  # per source column: "supports" | "contradicts" | "silent"


@dataclass(frozen=True, slots=True, kw_only=True)
class Brief:
    id: str
    kind: str  # "storyline" | "event"
    title: str
    start_date: str | None
    end_date: str | None
    events: tuple[EventLine, ...]
    sources: tuple[SourceRow, ...]
    facts: tuple[KeyFact, ...]
    speakers: tuple[Speaker, ...]
    figures: tuple[FigureGroup, ...]
    contradictions: tuple[Contradiction, ...]
    copies: tuple[CopyFlag, ...]
    opinions: tuple[OpinionGroup, ...]  # one group per article, in source order
    matrix: tuple[MatrixRow, ...]  # columns are ``sources`` in order
    entities: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    weaker: int = 0  # contradictions below the reporting confidence, counted but not shown
    report: float = 0.0  # that confidence

    @property
    def independent(self) -> int:
        """Independent sources: copies of one original, and articles of one outlet, count once."""
        return len({s.independent_of or s.article_id for s in self.sources})

    def source(self, article_id: str) -> SourceRow | None:
        for s in self.sources:
            if s.article_id == article_id:
                return s
        return None

    def contradiction(self, finding_id: str) -> Contradiction | None:
        for c in self.contradictions:
            if c.finding_id == finding_id:
                return c
        return None


# --------------------------------------------------------------------- helpers


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def format_number(value: float) -> str:
    """Thousands separators, no ".0", at most two decimals: 1200.0 -> "1,200", 33.333 -> "33.33"."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]?(?=\s)")

#: Characters of context shown on each side of a short span, at most.
CONTEXT_WINDOW = 100


def _cite(span: Span, texts: dict[str, str], labels: dict[str, str], text: str | None = None,
          sentences: dict[str, tuple[Span, ...]] | None = None) -> Cite:
    """A cite of ``span``; with ``sentences``, a short span also carries the sentence around it."""
    body = texts.get(span.article_id)
    if text is None:
        text = span.text(body) if body is not None else ""
    before = after = ""
    if sentences is not None and body is not None and span.text(body) == text:
        before, after = context(body, span, sentences.get(span.article_id, ()))
    return Cite(article_id=span.article_id, start=span.start, end=span.end, text=text,
                source=labels.get(span.article_id, span.article_id[:10]), before=before, after=after)


def context(body: str, span: Span, sentences: Sequence[Span] = (), window: int = CONTEXT_WINDOW) -> tuple[str, str]:
    """The text before and after ``span`` within its sentence (its line when no sentences are known),
    cut at a word boundary ``window`` characters out, with "\u2026" where it was cut."""
    sent = next((x for x in sentences if x.start <= span.start < x.end), None)
    if sent is not None:
        lo, hi = sent.start, max(sent.end, span.end)
    else:  # no parse: the line, cut at the sentence ends around the span
        lo = body.rfind("\n", 0, span.start) + 1
        hi = body.find("\n", span.end)
        hi = len(body) if hi < 0 else hi
        ends = [m.end() for m in _SENTENCE_END.finditer(body, lo, span.start)]
        lo = ends[-1] if ends else lo
        m = _SENTENCE_END.search(body, span.end, hi)
        hi = m.end() if m else hi
    before, after = body[lo:span.start], body[span.end:hi]
    if len(before) > window:
        cut = before[-window:]
        before = "\u2026" + cut[cut.find(" ") + 1:] if " " in cut else "\u2026" + cut
    if len(after) > window:
        cut = after[:window]
        after = (cut[:cut.rfind(" ")] if " " in cut.strip() else cut).rstrip(" ,;:") + "\u2026"
    # A span that is its whole sentence needs no context.
    if not before.strip() and not after.strip():
        return "", ""
    return before.lstrip(), after.rstrip()


_NAME_WS = re.compile(r"\s+")
_HONORIFIC = re.compile(r"^(mr|mrs|ms|dr|sir|dame|prof)\.?\s+", re.I)


def _norm_name(name: str) -> str:
    return _HONORIFIC.sub("", _NAME_WS.sub(" ", name.strip().strip(",.;:"))).strip()


def canonical_speakers(names: Iterable[str]) -> dict[str, str]:
    """Map each speaker name to the fullest name it abbreviates across articles.

    "Smith" and "John Smith" are one speaker when the short name's words end the
    long one (surname, or given name + surname); an ambiguous short name (two
    different long names end with it) is left alone rather than guessed.
    """
    norm = {n: _norm_name(n) for n in names}
    distinct = sorted(set(norm.values()), key=lambda s: (-len(s.split()), s))
    mapping: dict[str, str] = {}
    for short in distinct:
        words = short.casefold().split()
        fuller = [
            long for long in distinct
            if len(long.split()) > len(words) and long.casefold().split()[-len(words):] == words
        ]
        roots = {mapping.get(f, f) for f in fuller}
        mapping[short] = roots.pop() if len(roots) == 1 else short
    return {n: mapping[v] for n, v in norm.items()}


def _group_quotes(items: Sequence[tuple[str, bool, str | None, Cite]]) -> tuple[QuoteGroup, ...]:
    """Merge near-identical wordings of one speaker's statement carried by several sources."""
    groups: list[list[tuple[str, bool, str | None, Cite]]] = []
    for item in items:
        key = item[0].casefold()
        for g in groups:
            other = g[0][0].casefold()
            # Same wording, or one source quoting a longer stretch of the same statement
            # (six words or more, so "serious consequences" alone does not merge statements).
            short = min(key, other, key=len)
            if fuzz.token_set_ratio(key, other) >= 88 and (
                    fuzz.ratio(key, other) >= 60 or (len(short.split()) >= 6 and fuzz.partial_ratio(key, other) >= 95)):
                g.append(item)
                break
        else:
            groups.append([item])
    out = []
    for g in groups:
        longest = max(g, key=lambda it: len(it[0]))
        out.append(QuoteGroup(
            text=longest[0], direct=any(it[1] for it in g), cue=longest[2],
            article_ids=_unique(it[3].article_id for it in g), cites=tuple(it[3] for it in g),
        ))
    out.sort(key=lambda q: (-len(q.article_ids), q.cites[0].article_id, q.cites[0].start))
    return tuple(out)


# ---------------------------------------------------------------------- build


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


def build_brief(store, story_id: str) -> Brief:
    """The presentation model of one storyline or event (raises NotFound)."""
    kind, story, events = load_story(store, story_id)
    article_ids = _unique(list(story.article_ids) + [a for e in events for a in e.article_ids])
    items: list[tuple[Article, ArticleFacts]] = list(store.articles(article_ids))
    story_ids = {story.id} | {e.id for e in events}
    findings = [f for sid in sorted(story_ids) for f in store.findings(sid)]
    findings.sort(key=lambda f: f.id)
    copies = [c for c in store.copies() if c.article_id in set(article_ids)]
    return assemble_brief(kind, story, events, items, findings, copies)


def assemble_brief(
    kind: str,
    story: Storyline | Event,
    events: Sequence[Event],
    items: Sequence[tuple[Article, ArticleFacts]],
    findings: Sequence[Finding],
    copies: Sequence[CopyLink],
    report: float | None = None,
) -> Brief:
    """Build the brief from records already loaded (no store needed: handy for tests and tools).

    Contradictions below ``report`` confidence (default: cross-checking's own) are counted,
    not shown, unless they are what an outlier is named for."""
    from ..crosscheck import CheckOptions

    report = CheckOptions().report if report is None else report
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
    outliers = _unique(aid for f in findings if f.kind == "outlier-copy"
                       for aid in (f.opposing or _unique(ev.span.article_id for ev in f.evidence)))
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
        return tuple(_cite(ev.span, texts, labels, ev.text or None, sentences if around else None)
                     for ev in f.evidence if side is None or ev.side == side)

    titles = {f.id: finding_title(f, figure_at) for f in findings}
    facts = tuple(sorted(
        (KeyFact(finding_id=f.id, explanation=titles[f.id],
                 sources=f.sources or len({voices.get(a, a) for a in f.supporting}),
                 supporting=tuple(f.supporting), confidence=f.confidence, cites=cites(f))
         for f in findings if f.kind == "corroboration"),
        key=lambda k: (-k.sources, -k.confidence, k.finding_id),
    ))
    contradictions = _merge_contradictions([
        Contradiction(finding_id=f.id, kind=f.kind, explanation=titles[f.id], confidence=f.confidence,
                      supporting=tuple(f.supporting), opposing=tuple(f.opposing),
                      support=_distinct(cites(f, "support", around=True)),
                      oppose=_distinct(cites(f, "oppose", around=True)),
                      context=_distinct(cites(f, "context", around=True)))
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
        for aid in (f.opposing or f.supporting or _unique(ev.span.article_id for ev in f.evidence)):
            # The contradictions the outlier is flagged for: those whose evidence it lists.
            listed = _unique(shown_as[g.id] for g in findings
                             if g.id in shown_as and g.evidence and {ev.span for ev in g.evidence} <= spans
                             and (aid in g.supporting + g.opposing
                                  or any(ev.span.article_id == aid for ev in g.evidence)))
            own = _distinct(tuple(x for x in cites(f, around=True) if x.article_id == aid)) or _distinct(cites(f))
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
        speakers=_speakers(items, texts, labels), figures=figures,
        contradictions=contradictions, copies=tuple(flags),
        opinions=_opinions(items, findings, texts, labels, [s.article_id for s in sources]),
        matrix=matrix, entities=tuple(story.entities), places=tuple(story.places),
        weaker=len(weak), report=report,
    )


def _merge_contradictions(items: Sequence[Contradiction]) -> tuple[Contradiction, ...]:
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
                g, support=_distinct(g.support + sup), oppose=_distinct(g.oppose + opp),
                supporting=_unique(g.supporting + s_ids), opposing=_unique(g.opposing + o_ids),
                context=_distinct(g.context + c.context), confidence=max(g.confidence, c.confidence),
                merged=g.merged + (c.finding_id,))
            break
        else:
            out.append(c)
    return tuple(out)


def _distinct(cites: tuple[Cite, ...]) -> tuple[Cite, ...]:
    """Evidence without repeats: one line per span, and no span that another one's shown
    sentence already holds (a quote's speaker name beside the quote)."""
    out: list[Cite] = []
    for c in sorted(cites, key=lambda c: -(len(c.before) + len(c.text) + len(c.after))):
        lo, hi = c.start - len(c.before), c.end + len(c.after)
        if any(o.article_id == c.article_id and o.start - len(o.before) <= lo and hi <= o.end + len(o.after)
               for o in out):
            continue
        out.append(c)
    order = {id(c): n for n, c in enumerate(cites)}
    return tuple(sorted(out, key=lambda c: order[id(c)]))


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
            shown = _unique(x[1].display + (f" ({tag})" if tag not in ("", "reported") else "")
                            for (_ev, x), tag in zip(found, tags) if x is not None)
            return f"{units[0]}: {', '.join(shown)} \u2014 different moments or plans, not a contradiction"
    if f.kind == "descriptor-conflict":
        m = _DESCRIPTOR_HEAD.match(text)
        sides = [_unique(" ".join(ev.text.split()) for ev in f.evidence if ev.side == side and ev.text)
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


def _speakers(items, texts, labels) -> tuple[Speaker, ...]:
    raw: list[tuple[str, tuple[str, bool, str | None, Cite]]] = []
    for art, fx in items:
        names = {e.id: e.name for e in fx.entities}
        for q in fx.quotes:
            if q.kind != "speech":
                continue  # who *said* what: not what the writer says a source thinks, wants or backs
            name = names.get(q.speaker or "") or q.speaker_name or "Unattributed"
            body = texts.get(q.span.article_id)
            # a quote its attribution interrupts: its quoted words, without the "X said" between
            words = " \u2026 ".join(p.text(body) for p in q.parts) if q.parts and body is not None else None
            cite = _cite(q.span, texts, labels, text=words)
            raw.append((name, (cite.text.strip(), q.direct, q.cue, cite)))
    canon = canonical_speakers(n for n, _ in raw if n != "Unattributed")
    canon["Unattributed"] = "Unattributed"
    grouped: dict[str, list] = defaultdict(list)
    for name, item in raw:
        grouped[canon[name]].append(item)
    speakers = [Speaker(name=n, quotes=_group_quotes(g)) for n, g in grouped.items()]
    speakers.sort(key=lambda s: (s.name == "Unattributed", -len(s.article_ids), -len(s.quotes), s.name))
    return tuple(speakers)


def _figures(items, texts, labels) -> tuple[FigureGroup, ...]:
    grouped: dict[str, list[FigureItem]] = defaultdict(list)
    for art, fx in items:
        for fig in fx.figures:
            unit = _NAME_WS.sub(" ", fig.unit.strip().casefold()) or "(unspecified)"
            cite = _cite(fig.span, texts, labels)
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
            cite=_cite(span, texts, labels))
    return tuple(
        OpinionGroup(article_id=aid, label=labels.get(aid, aid[:10]),
                     passages=tuple(p for _k, p in sorted(passages[aid].items())))
        for aid in order if passages.get(aid)
    )


# ----------------------------------------------------------------- story list


StorySort = Literal["recent", "sources", "conflicts"]
STORY_SORTS: tuple[str, ...] = get_args(StorySort)


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryFilter:
    """Search options for the story list (web Stories page, ``/api/stories``)."""

    text: str | None = None  # in titles and article text
    entity: str | None = None  # an entity name in the story's articles
    outlet: str | None = None  # an outlet (or url host) among the sources
    since: str | None = None  # ISO date: stories that end on or after it
    until: str | None = None  # ISO date: stories that start on or before it
    min_sources: int = 0  # independent sources (copies count once with their original)
    contested: bool = False  # only stories with at least one contradiction
    # "recent": newest first; "sources": most independent sources first; "conflicts": most
    # contradictions first.  In every order single-source stories come last: nothing to compare.
    sort: StorySort = "recent"

    def __post_init__(self) -> None:
        if self.sort not in STORY_SORTS:
            raise ValueError(f"sort must be one of {', '.join(STORY_SORTS)}, not {self.sort!r}")




@dataclass(frozen=True, slots=True, kw_only=True)
class StorySummary:
    id: str
    kind: str
    title: str
    start_date: str | None
    end_date: str | None
    sources: int
    findings: int
    conflicts: int
    # independent sources: copies of one original, and the articles of one outlet, count once
    independent: int = 0
    copies: int = 0  # sources that copy another source
    outlets: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    events: tuple["StorySummary", ...] = ()


@dataclass(frozen=True, slots=True)
class _Meta:
    """What counting a story's independent sources needs of an article (no text loaded)."""

    id: str
    outlet: str | None
    url: str | None


def list_stories(store, options: StoryFilter | None = None) -> list[StorySummary]:
    """Storylines (and events outside any storyline) for triage, filtered and ordered by ``options``:
    newest first by default, single-source stories last."""
    opts = options or StoryFilter()
    findings_by: dict[str, list[Finding]] = defaultdict(list)
    for f in store.findings():
        findings_by[f.story_id].append(f)
    meta = {r["id"]: r for r in store.db.execute("SELECT id, outlet, url, title FROM articles")}
    links = store.copies()
    copied = {c.article_id for c in links}
    families = copy_families(meta, links)

    def independent(ids: Sequence[str]) -> int:
        known = [_Meta(a, meta[a]["outlet"], meta[a]["url"]) for a in ids if a in meta]
        return len(set(independent_sources(known, families).values())) + sum(1 for a in ids if a not in meta)

    def outlets(ids: Sequence[str]) -> tuple[str, ...]:
        out = []
        for a in ids:
            r = meta.get(a)
            if r is not None:
                out.append(r["outlet"] or (urlparse(r["url"]).netloc.removeprefix("www.") if r["url"] else ""))
        return tuple(sorted({o for o in out if o}))

    def summary(kind, s, events: Sequence[Event]) -> StorySummary:
        ids = {s.id} | {e.id for e in events}
        fs = [f for i in ids for f in findings_by.get(i, [])]
        evs = tuple(summary("event", e, [e]) for e in events) if kind == "storyline" else ()
        start = s.start_date or min((e.start_date for e in events if e.start_date), default=None)
        end = s.end_date or max((e.end_date or e.start_date for e in events if e.end_date or e.start_date),
                                default=None)
        article_ids = _unique(list(s.article_ids) + [a for e in events for a in e.article_ids])
        # The list names a story as its brief does: not after a flagged copy or outlier.
        flagged = copied & set(article_ids) | {a for f in fs if f.kind == "outlier-copy" for a in f.opposing}
        title = s.title
        if any(" ".join((meta[a]["title"] or "").split()) == " ".join(s.title.split()) for a in flagged if a in meta):
            title = build_brief(store, s.id).title
        return StorySummary(
            id=s.id, kind=kind, title=title, start_date=start, end_date=end or start,
            sources=len(article_ids), independent=independent(article_ids),
            copies=sum(1 for a in article_ids if a in copied), findings=len(fs),
            conflicts=sum(1 for f in fs if f.kind in CONFLICT_KINDS),
            outlets=outlets(article_ids), entities=tuple(s.entities), events=evs,
        )

    all_events = store.events()
    by_line: dict[str, list[Event]] = defaultdict(list)
    for e in all_events:
        by_line[e.storyline_id or ""].append(e)
    lines = store.storylines()
    known = {s.id for s in lines}
    out = [summary("storyline", s, by_line.get(s.id, [])) for s in lines]
    out += [summary("event", e, [e]) for e in all_events if not e.storyline_id or e.storyline_id not in known]
    out = [s for s in out if s.independent >= opts.min_sources and (s.conflicts or not opts.contested)
           and _matches(store, s, opts)]
    # Stable sorts, last key first: ties by id, then newest first (undated last), then the chosen
    # count, then single-source stories after every story that has something to compare.
    out.sort(key=lambda s: s.id)
    out.sort(key=lambda s: (s.end_date or s.start_date or ""), reverse=True)
    if opts.sort == "sources":
        out.sort(key=lambda s: -s.independent)
    elif opts.sort == "conflicts":
        out.sort(key=lambda s: (-s.conflicts, -s.independent))
    out.sort(key=lambda s: s.independent < 2)
    return out


def _story_article_ids(store, s: StorySummary) -> list[str]:
    ids = set()
    for sid in [s.id] + [e.id for e in s.events]:
        ids |= {r[0] for r in store.db.execute("SELECT article_id FROM event_articles WHERE event_id = ?", (sid,))}
    if s.kind == "storyline":
        try:
            ids |= set(store.storyline(s.id).article_ids)
        except NotFound:  # pragma: no cover - listed from the store just now
            pass
    return sorted(ids)


def _matches(store, s: StorySummary, o: StoryFilter) -> bool:
    if o.since and (s.end_date or s.start_date or "") [:10] < o.since[:10]:
        return False
    if o.until and (s.start_date or s.end_date or "9999")[:10] > o.until[:10]:
        return False
    if not (o.text or o.entity or o.outlet):
        return True
    ids = _story_article_ids(store, s)
    if not ids:  # nothing to search (and "IN ()" is an error on PostgreSQL)
        return False
    marks = ",".join("?" * len(ids))
    op = store.dialect.like  # case-insensitive on both databases (PostgreSQL's LIKE is not)
    if o.text:
        needle = o.text.strip().casefold()
        titles = [s.title] + [e.title for e in s.events]
        if not any(needle in t.casefold() for t in titles):
            like = f"%{o.text.strip()}%"
            row = store.db.execute(
                f"SELECT 1 FROM articles WHERE id IN ({marks}) AND (text {op} ? OR title {op} ?) LIMIT 1",
                (*ids, like, like),
            ).fetchone()
            if row is None:
                return False
    if o.entity:
        like = f"%{o.entity.strip()}%"
        in_story = any(o.entity.strip().casefold() in e.casefold() for e in s.entities)
        if not in_story and store.db.execute(
            f"SELECT 1 FROM entities WHERE article_id IN ({marks}) AND name {op} ? LIMIT 1", (*ids, like)
        ).fetchone() is None:
            return False
    if o.outlet:
        like = f"%{o.outlet.strip()}%"
        if store.db.execute(
            f"SELECT 1 FROM articles WHERE id IN ({marks}) AND (outlet {op} ? OR url {op} ?) LIMIT 1",
            (*ids, like, like),
        ).fetchone() is None:
            return False
    return True
