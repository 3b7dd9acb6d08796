"""The brief's typed view records: what a reader sees of one story, and of the story list.

:mod:`~newsprism.publish.assemble` fills them from the store; the renderers (``text``,
``markdown``, ``json``, ``html`` and the web app) only format them, so no output can drift
from another.  Every item carries :class:`Cite` records (article id + span + the text of that
span) so a reader can always go back to the source.  Nothing here reads the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..crosscheck.findings import CONFLICT_KINDS
from .sources import kind_label

BRIEF_SCHEMA_VERSION = 2

#: Findings that set one source against another (cross-checking's own list).
#: ``figure-change`` is listed with them (a reader wants to see it) but is not a
#: conflict: a figure that was updated over time does not lower anyone's agreement score.
CHANGE_KINDS = ("figure-change",)
CLAIM_KINDS = ("corroboration",) + CONFLICT_KINDS + CHANGE_KINDS


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
        return unique(a for q in self.quotes for a in q.article_ids)


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


# --------------------------------------------------------------------- helpers


def unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def format_number(value: float) -> str:
    """Thousands separators, no ".0", at most two decimals: 1200.0 -> "1,200", 33.333 -> "33.33"."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
