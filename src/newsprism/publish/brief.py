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

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

from rapidfuzz import fuzz

from ..errors import NotFound
from ..records import Article, ArticleFacts, CopyLink, Event, Finding, Span, Storyline

BRIEF_SCHEMA_VERSION = 1

#: Findings that set one source against another.  ``figure-change`` is listed
#: with them (a reader wants to see it) but is not a conflict: a figure that
#: was updated over time does not lower anyone's agreement score.
CONFLICT_KINDS = ("descriptor-conflict", "figure-conflict", "quote-conflict", "role-conflict")
CHANGE_KINDS = ("figure-change",)
CLAIM_KINDS = ("corroboration",) + CONFLICT_KINDS + CHANGE_KINDS

# Source kinds told from metadata (outlet, url, author).  Lexicons, not a list
# of every outlet: the names are the big wires and common platform domains.
_WIRE = re.compile(
    r"\b(associated press|reuters|agence france[- ]presse|afp|upi|united press international|dpa|efe|ansa|"
    r"pa media|press association|xinhua|tass|kyodo|yonhap|anadolu|bloomberg news|apnews\.com|"
    r"reuters\.com|afp\.com)\b",
    re.I,
)
_WIRE_SHORT = re.compile(r"^(ap|afp|upi|dpa|efe|ap news)$", re.I)
_AGGREGATOR = re.compile(
    r"(yahoo|msn\.com|\bmsn\b|news\.google|google news|newsbreak|flipboard|ground\.news|smartnews|"
    r"\baol\b|newsnow|aggregat|headtopics|inkl\.com|pressreader|newsbeezer|\bdnyuz\b|\bmenafn\b)",
    re.I,
)
_BLOG = re.compile(
    r"(blogspot\.|wordpress\.|medium\.com|substack\.com|tumblr\.|livejournal|\bblog\b|\bblogs?\.)", re.I
)
_MAGAZINE = re.compile(
    r"(magazine|\bmag\b|newsweek|\btime\.com\b|theatlantic|the atlantic|newyorker|new yorker|economist|"
    r"foreign policy|foreignpolicy|\bvox\b|wired|the nation|new statesman|spectator|rolling stone|"
    r"vanity fair|politico magazine|businessinsider|business insider|forbes|fortune)",
    re.I,
)
# A wire credit in the dateline ("KYIV (AP) —", "(Reuters) -") marks carried wire copy.
_WIRE_DATELINE = re.compile(r"\((AP|Reuters|AFP|UPI|dpa)\)\s*[-\u2014\u2013]")


@dataclass(frozen=True, slots=True, kw_only=True)
class Cite:
    """One piece of evidence: an article span and its text, with a readable source label."""

    article_id: str
    start: int
    end: int
    text: str
    source: str  # the source's label (outlet, host or title)

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
    copy_kind: str | None = None  # "duplicate" | "near-copy" | "rewrite"
    family: str = ""  # article id of the copy family's root (itself when independent)
    claims: int = 0  # cross-checked claims this source takes part in
    conflicts: int = 0  # of those, the ones where it conflicts with other sources
    agreement: float | None = None  # (claims - conflicts) / claims; None with no claims

    @property
    def kind_or_format(self) -> str:
        return self.kind if self.kind != "unknown" else f"unknown ({self.format})"


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyFact:
    finding_id: str
    explanation: str
    sources: int  # independent sources (copy families count once)
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

    @property
    def display(self) -> str:
        if self.value is not None:
            v = f"{self.value:,.0f}" if float(self.value).is_integer() else f"{self.value:,.2f}"
        elif self.low is not None and self.high is not None:
            v = f"{self.low:,.0f}\u2013{self.high:,.0f}"
        else:
            v = "?"
        return f"{self.qualifier} {v}" if self.qualifier else v


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

    @property
    def is_change(self) -> bool:
        return self.kind in CHANGE_KINDS


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


@dataclass(frozen=True, slots=True, kw_only=True)
class OpinionItem:
    reason: str
    score: float
    cite: Cite


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
    opinions: tuple[OpinionItem, ...]
    matrix: tuple[MatrixRow, ...]  # columns are ``sources`` in order
    entities: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    def source(self, article_id: str) -> SourceRow | None:
        for s in self.sources:
            if s.article_id == article_id:
                return s
        return None


# --------------------------------------------------------------------- helpers


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def source_label(article: Article) -> str:
    """A short human name for a source: outlet, else the web host, else the title."""
    if article.outlet and article.outlet.strip():
        return article.outlet.strip()
    if article.url:
        host = urlparse(article.url).netloc.lower()
        if host:
            return host.removeprefix("www.")
    if article.title and article.title.strip():
        title = article.title.strip()
        return title if len(title) <= 48 else title[:47].rstrip() + "\u2026"
    return article.id[:10]


def source_kind(article: Article) -> str:
    """wire / aggregator / blog / magazine / unknown, told from metadata (and a wire dateline)."""
    meta = " ".join(x for x in (article.outlet, article.url, article.author) if x)
    if article.outlet and _WIRE_SHORT.match(article.outlet.strip()):
        return "wire"
    # Aggregators and blogs often carry wire copy: the platform decides what the source is.
    if _AGGREGATOR.search(meta):
        return "aggregator"
    if _BLOG.search(meta):
        return "blog"
    if _WIRE.search(meta):
        return "wire"
    if _MAGAZINE.search(meta):
        return "magazine"
    if _WIRE_DATELINE.search(article.text[:400]):
        return "wire"
    return "unknown"


def _cite(span: Span, texts: dict[str, str], labels: dict[str, str], text: str | None = None) -> Cite:
    body = texts.get(span.article_id)
    if text is None:
        text = span.text(body) if body is not None else ""
    return Cite(article_id=span.article_id, start=span.start, end=span.end, text=text,
                source=labels.get(span.article_id, span.article_id[:10]))


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
) -> Brief:
    """Build the brief from records already loaded (no store needed: handy for tests and tools)."""
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

    sources = []
    for art, _facts in items:
        link = copy_of.get(art.id)
        n, c = claims.get(art.id, 0), conflicts.get(art.id, 0)
        sources.append(SourceRow(
            article_id=art.id, label=labels[art.id], title=art.title, outlet=art.outlet, url=art.url,
            date=art.date, kind=source_kind(art), format=art.format,
            copy_of=link.original_id if link else None, copy_kind=link.kind if link else None,
            family=family(art.id), claims=n, conflicts=c, agreement=(n - c) / n if n else None,
        ))

    by_story: dict[str, int] = defaultdict(int)
    conflicts_by: dict[str, int] = defaultdict(int)
    for f in findings:
        by_story[f.story_id] += 1
        conflicts_by[f.story_id] += f.kind in CONFLICT_KINDS
    event_lines = tuple(
        EventLine(id=e.id, title=e.title, start_date=e.start_date, end_date=e.end_date,
                  article_ids=tuple(e.article_ids), findings=by_story.get(e.id, 0),
                  conflicts=conflicts_by.get(e.id, 0))
        for e in sorted(events, key=lambda e: (e.start_date or "9999", e.id))
    )

    def cites(f: Finding, side: str | None = None) -> tuple[Cite, ...]:
        return tuple(_cite(ev.span, texts, labels, ev.text or None) for ev in f.evidence
                     if side is None or ev.side == side)

    facts = tuple(sorted(
        (KeyFact(finding_id=f.id, explanation=f.explanation,
                 sources=f.sources or len({family(a) for a in f.supporting}),
                 supporting=tuple(f.supporting), confidence=f.confidence, cites=cites(f))
         for f in findings if f.kind == "corroboration"),
        key=lambda k: (-k.sources, -k.confidence, k.finding_id),
    ))
    contradictions = tuple(
        Contradiction(finding_id=f.id, kind=f.kind, explanation=f.explanation, confidence=f.confidence,
                      supporting=tuple(f.supporting), opposing=tuple(f.opposing),
                      support=cites(f, "support"), oppose=cites(f, "oppose"), context=cites(f, "context"))
        for f in sorted(findings, key=lambda f: (f.kind in CHANGE_KINDS, -f.confidence, f.id))
        if f.kind in CONFLICT_KINDS + CHANGE_KINDS
    )

    flags: list[CopyFlag] = []
    for c in sorted(copy_of.values(), key=lambda c: c.article_id):
        flags.append(CopyFlag(
            article_id=c.article_id, label=labels[c.article_id], original_id=c.original_id,
            original_label=labels.get(c.original_id, c.original_id[:10]), kind=c.kind,
            similarity=c.similarity,
            explanation=f"{c.kind} of {labels.get(c.original_id, c.original_id[:10])} "
                        f"(similarity {c.similarity:.2f})",
        ))
    for f in findings:
        if f.kind != "outlier-copy":
            continue
        for aid in (f.opposing or f.supporting or _unique(ev.span.article_id for ev in f.evidence)):
            flags.append(CopyFlag(
                article_id=aid, label=labels.get(aid, aid[:10]), original_id=None, original_label=None,
                kind="outlier-copy", similarity=None, explanation=f.explanation,
                cites=tuple(c for c in cites(f) if c.article_id == aid) or cites(f),
            ))

    opinions: list[OpinionItem] = []
    seen_spans: set[tuple[str, int, int]] = set()
    for f in findings:
        if f.kind == "opinion":
            for ev in f.evidence:
                key = (ev.span.article_id, ev.span.start, ev.span.end)
                if key not in seen_spans:
                    seen_spans.add(key)
                    opinions.append(OpinionItem(reason=f.explanation, score=f.confidence,
                                                cite=_cite(ev.span, texts, labels, ev.text or None)))
    for _art, fx in items:
        for o in fx.opinions:
            key = (o.span.article_id, o.span.start, o.span.end)
            if key not in seen_spans:
                seen_spans.add(key)
                opinions.append(OpinionItem(reason=o.reason, score=o.score, cite=_cite(o.span, texts, labels)))

    matrix = tuple(
        MatrixRow(finding_id=f.id, kind=f.kind, label=f.explanation,
                  cells=tuple(_cell(f, s.article_id) for s in sources))
        for f in sorted((f for f in findings if f.kind in CLAIM_KINDS),
                        key=lambda f: (CLAIM_KINDS.index(f.kind), f.id))
    )

    return Brief(
        id=story.id, kind=kind, title=story.title,
        start_date=story.start_date or (event_lines[0].start_date if event_lines else None),
        end_date=story.end_date or (event_lines[-1].end_date if event_lines else None),
        events=event_lines, sources=tuple(sources), facts=facts,
        speakers=_speakers(items, texts, labels), figures=_figures(items, texts, labels),
        contradictions=contradictions, copies=tuple(flags),
        opinions=tuple(sorted(opinions, key=lambda o: (o.cite.article_id, o.cite.start))),
        matrix=matrix, entities=tuple(story.entities), places=tuple(story.places),
    )


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
            name = names.get(q.speaker or "") or q.speaker_name or "Unattributed"
            cite = _cite(q.span, texts, labels)
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
            grouped[unit].append(FigureItem(value=fig.value, low=fig.low, high=fig.high,
                                            qualifier=fig.qualifier, date=art.date,
                                            cite=_cite(fig.span, texts, labels)))
    groups = [
        FigureGroup(unit=u, items=tuple(sorted(
            # Stable sort: equal figures keep the sources' order (originals before copies).
            g, key=lambda i: (i.date or "9999", i.value if i.value is not None else -1))))
        for u, g in grouped.items()
    ]
    groups.sort(key=lambda g: (-len({i.cite.article_id for i in g.items}), g.unit))
    return tuple(groups)


# ----------------------------------------------------------------- story list


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryFilter:
    """Search options for the story list (web Stories page, ``/api/stories``)."""

    text: str | None = None  # in titles and article text
    entity: str | None = None  # an entity name in the story's articles
    outlet: str | None = None  # an outlet (or url host) among the sources
    since: str | None = None  # ISO date: stories that end on or after it
    until: str | None = None  # ISO date: stories that start on or before it


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
    outlets: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    events: tuple["StorySummary", ...] = ()


def list_stories(store, options: StoryFilter | None = None) -> list[StorySummary]:
    """Storylines (and events outside any storyline), newest first, filtered by ``options``."""
    opts = options or StoryFilter()
    findings_by: dict[str, list[Finding]] = defaultdict(list)
    for f in store.findings():
        findings_by[f.story_id].append(f)
    meta = {r["id"]: r for r in store.db.execute("SELECT id, outlet, url, title FROM articles")}

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
        return StorySummary(
            id=s.id, kind=kind, title=s.title, start_date=start, end_date=end or start,
            sources=len(article_ids), findings=len(fs),
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
    out = [s for s in out if _matches(store, s, opts)]
    # Newest first; undated stories last; ties by id for a stable order.
    out.sort(key=lambda s: s.id)
    out.sort(key=lambda s: (s.end_date or s.start_date or ""), reverse=True)
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
    marks = ",".join("?" * len(ids))
    if o.text:
        needle = o.text.strip().casefold()
        titles = [s.title] + [e.title for e in s.events]
        if not any(needle in t.casefold() for t in titles):
            like = f"%{o.text.strip()}%"
            row = store.db.execute(
                f"SELECT 1 FROM articles WHERE id IN ({marks}) AND (text LIKE ? OR title LIKE ?) LIMIT 1",
                (*ids, like, like),
            ).fetchone()
            if row is None:
                return False
    if o.entity:
        like = f"%{o.entity.strip()}%"
        in_story = any(o.entity.strip().casefold() in e.casefold() for e in s.entities)
        if not in_story and store.db.execute(
            f"SELECT 1 FROM entities WHERE article_id IN ({marks}) AND name LIKE ? LIMIT 1", (*ids, like)
        ).fetchone() is None:
            return False
    if o.outlet:
        like = f"%{o.outlet.strip()}%"
        if store.db.execute(
            f"SELECT 1 FROM articles WHERE id IN ({marks}) AND (outlet LIKE ? OR url LIKE ?) LIMIT 1",
            (*ids, like, like),
        ).fetchone() is None:
            return False
    return True
