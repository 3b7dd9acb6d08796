"""Typed records that flow through the pipeline.

Every stage takes the previous stage's records and returns its own:

    Document --clean--> Article --read--> ArticleFacts --group--> Event/Storyline
                                                         --crosscheck--> Finding

Records are frozen, slotted dataclasses: hashable (so cross-checking can use
sets), cheap, and impossible to mutate behind a later stage's back.  Every
extracted fact points into the *cleaned* article text by character offsets
(:class:`Span`); its text is derived from those offsets, never stored apart
from them, so a fact can always be shown in context.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, dataclass_transform

_R = TypeVar("_R")


@dataclass_transform(frozen_default=True, kw_only_default=True)
def record(cls: type[_R]) -> type[_R]:
    """Decorator for all records: frozen, slotted, keyword-only (``dataclass_transform`` tells type
    checkers so)."""
    return dataclass(frozen=True, slots=True, kw_only=True)(cls)


@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets ``[start, end)`` into the cleaned text of one article."""

    article_id: str
    start: int
    end: int

    def text(self, article_text: str) -> str:
        return article_text[self.start : self.end]

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: "Span") -> bool:
        return (
            self.article_id == other.article_id
            and self.start <= other.start
            and other.end <= self.end
        )


# --------------------------------------------------------------------- ingest


@record
class Document:
    """One input record as read from a file, before cleaning.

    ``id`` is a hash of the normalised text, so the same article read twice (or
    from two formats) gets the same id and ingesting it again is a no-op.
    """

    id: str
    text: str
    source: str  # file path, or "-" for stdin
    record: int  # 1-based record number inside the source (1 for single-article files)
    format: str  # "text" | "html" | "jsonl" | "warc" | "feed"
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD or full timestamp)
    author: str | None = None


@record
class Rejection:
    """An input record (or a whole file) that could not be used, and why."""

    source: str
    record: int | None
    stage: str  # "ingest" | "clean" | "read" ...
    reason: str  # short machine-readable code, e.g. "invalid-json", "empty-text"
    detail: str = ""

    def __str__(self) -> str:
        where = self.source if self.record is None else f"{self.source}#{self.record}"
        return f"{where}: {self.reason}" + (f" ({self.detail})" if self.detail else "")


# ---------------------------------------------------------------------- clean


@record
class RemovedLine:
    """A line of the document text that clean() judged not to be article text."""

    line_no: int  # 0-based line number in Document.text
    text: str
    reason: str  # e.g. "navigation", "share-widget", "duplicate-line", "caption"


@record
class Article:
    """A cleaned article.  ``text`` never changes after this point."""

    id: str  # same as the Document id
    text: str
    source: str
    format: str
    record: int = 1
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    date: str | None = None
    author: str | None = None
    removed: tuple[RemovedLine, ...] = ()


# ----------------------------------------------------------------------- read


@record
class Descriptor:
    """A title, role, nationality or affiliation that an article attaches to an entity."""

    text: str  # e.g. "Secretary of State", "Russian", "Ukrainian counterpart"
    kind: str  # "title" | "nationality" | "affiliation" | "role"
    span: Span


@record
class Entity:
    """One person, organisation or place, merged over all its mentions in an article."""

    id: str  # "<article_id>:e<n>"
    name: str  # canonical (longest proper) name
    label: str  # "PERSON" | "ORG" | "GPE" | "LOC" | "NORP" | ...
    mentions: tuple[Span, ...]
    descriptors: tuple[Descriptor, ...] = ()


@record
class Quote:
    """Direct or reported speech with its speaker."""

    span: Span  # the quoted or reported content
    direct: bool
    speaker: str | None = None  # Entity.id
    speaker_name: str | None = None  # canonical name, or the source text ("a Biden administration official")
    speaker_span: Span | None = None  # the mention that names the speaker in this sentence, if any
    cue: str | None = None  # lemma of the cue verb: "say", "tell", "warn", "according to"
    cue_span: Span | None = None
    # A quote its attribution interrupts ('"The offer," said Lopez, "is an insult."', or a
    # second quoted sentence after the cue's): the quoted pieces in text order, and ``span``
    # runs from the first to the last, as annotators draw one attribution (PolNeAR, issue 9).
    # Empty for a quote in one piece.
    parts: tuple[Span, ...] = ()
    # What the source is given: "speech" (said, told, wrote, "according to", a quote), or, from
    # the verbs of data/lexicon/attribution.txt, a "thought" ("believes that ..."), an "intent"
    # ("wants to ...") or a "stance" ("endorsed Clinton"): PolNeAR's attributions (issue 9).
    kind: str = "speech"


@record
class Figure:
    """A number and what it counts: "around 90,000 Russian troops"."""

    span: Span  # whole phrase: qualifier + number + what is counted
    value: float | None  # None for vague amounts ("tens of thousands")
    unit: str  # what is counted, normalised lower-case head phrase: "russian troops"
    qualifier: str | None = None  # "around", "over", "up to", ...
    low: float | None = None  # range for vague amounts: "tens of thousands" -> 20_000..99_999
    high: float | None = None


@record
class DateRef:
    """A date or time expression, resolved where the article date allows."""

    span: Span
    value: str | None  # ISO date "2021-12-02", or a partial "2021-12" / "2014"
    relative: bool = False  # "on Tuesday", "last week", "Friday"


@record
class Place:
    span: Span
    name: str
    entity: str | None = None  # Entity.id


@record
class Opinion:
    """A sentence that is the writer's own commentary rather than reporting."""

    span: Span
    reason: str  # "first-person", "sarcasm", "evaluative", "rhetorical-question", ...
    score: float


@record
class Value:
    """One comparable value of a sentence, with what it is about.

    Cross-checking compares values of the same ``kind`` that are ``about`` the same thing
    in aligned sentences of two sources: "Seven men" and "Four men" are two numbers about
    "man"; "Syria's southern province" and "Iran's southern coast" two places.
    """

    kind: str  # "number" | "age" | "person" | "org" | "place" | "nationality" | "date" | "title" | "negation"
    key: str  # normalised value: "7", "20000-99999", "person:hefner", "iran", "weekday:tuesday", "not"
    span: Span
    about: str = ""  # counted noun lemma ("man"), the person key an age/title/nationality describes, ...
    anchor: tuple[str, ...] = ()  # lemmas that govern it in the parse: its head, the preposition, the verb
    amount: float | None = None  # numbers and ages: the value (None for a vague amount)
    low: float | None = None  # vague amounts: the range a reader would accept
    high: float | None = None
    bound: str = ""  # "min" for "more than 100,000", "max" for "up to 40" (lexicon bounds); "" a value
    # the modality of the clause that states it where that differs from its sentence's: "the three
    # holdouts refused ..." is a report in a sentence whose other clause "would not comment"
    modality: str = ""


@record
class Clause:
    """One predicate with its parties and polarity: "Klitschko stopped Thompson".

    ``act`` is the frame key of the predicate ("ask" for asked/requested, "build-up" for a
    troop build-up); ``agent`` and ``other`` are entity keys; ``relation`` says whether the
    other party is acted on ("patient") or is where the act happens ("place").
    """

    act: str
    span: Span  # the predicate as written, a negation included ("did not die")
    negated: bool = False
    agent: str = ""
    other: str = ""
    relation: str = ""  # "patient" | "place" | ""
    agent_span: Span | None = None
    other_span: Span | None = None
    agent_name: str = ""
    other_name: str = ""
    verb: str = ""  # the predicate word as written: "asked", "build-up"
    prep: str = ""  # for places: "near", "along"
    lemma: str = ""  # the predicate's own lemma ("buy", where ``act`` is the frame "acquire")
    subject: str = ""  # the lemma of its subject's head noun, named or not ("roof" of "half the roof")


@record
class SentenceFacts:
    """What cross-checking compares in one sentence, read once from the parse.

    ``lemmas`` are the content lemmas (for overlap between aligned sentences); ``values``
    and ``clauses`` are its comparable facts; ``modality`` says whether it reports what is
    ("current"), what was ("past") or what is planned or forecast ("future").
    """

    span: Span
    lemmas: tuple[str, ...] = ()
    values: tuple[Value, ...] = ()
    clauses: tuple[Clause, ...] = ()
    modality: str = "current"
    quoted: bool = False  # the sentence is (mostly) inside quotation marks
    # a finite verb or a copula ("The death toll is 12."): a statement, where a team sheet, a
    # listing or a table row ("Shr 31 cts vs nine cts") has none
    predicate: bool = False


@record
class ArticleFacts:
    article_id: str
    sentences: tuple[Span, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    figures: tuple[Figure, ...] = ()
    dates: tuple[DateRef, ...] = ()
    places: tuple[Place, ...] = ()
    opinions: tuple[Opinion, ...] = ()
    sentence_facts: tuple[SentenceFacts, ...] = ()  # one per sentence, for cross-checking

    def entity(self, entity_id: str) -> Entity | None:
        for ent in self.entities:
            if ent.id == entity_id:
                return ent
        return None


# ---------------------------------------------------------------- group/check


@record
class CopyLink:
    """``article_id`` is a copy (or rewrite) of ``original_id``: not an independent source."""

    article_id: str
    original_id: str
    kind: str  # "duplicate" | "near-copy" | "rewrite"
    similarity: float


@record
class Event:
    """One real-world development reported by one or more articles."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    storyline_id: str | None = None
    entities: tuple[str, ...] = ()  # key entity names, most central first
    places: tuple[str, ...] = ()
    start_date: str | None = None
    end_date: str | None = None
    dates_estimated: bool = False  # no publication date: the range comes from dates written in leads


@record
class Storyline:
    """Related events over time."""

    id: str
    title: str
    event_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    entities: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    start_date: str | None = None
    end_date: str | None = None
    dates_estimated: bool = False


@record
class Claim:
    """A normalised statement extracted from one sentence, for alignment across sources."""

    id: str
    span: Span  # the sentence (or clause) the claim comes from
    subject: str
    relation: str
    object: str = ""
    negated: bool = False


@record
class Evidence:
    span: Span
    text: str
    side: str  # "support" | "oppose" | "context"


@record
class Finding:
    """One cross-checking result, with the spans it rests on."""

    id: str
    story_id: str  # event or storyline id
    kind: str  # "corroboration" | "descriptor-conflict" | "figure-conflict" | "figure-change" |
    # "quote-conflict" | "role-conflict" | "outlier-copy" | "opinion"
    explanation: str
    confidence: float
    evidence: tuple[Evidence, ...]
    supporting: tuple[str, ...] = ()  # article ids
    opposing: tuple[str, ...] = ()
    sources: int = 0  # independent sources behind it (copy families count once)


@record
class SourceVerdict:
    """What one article says of a checked claim, with the spans it rests on."""

    article_id: str
    source: str  # the outlet, else the title, else the id: what a reader knows the article by
    verdict: str  # "supported" | "contradicted" | "not-found"
    explanation: str
    evidence: tuple[Evidence, ...] = ()


@record
class Verdict:
    """Answer to ``newsprism check "CLAIM"``: is the claim supported by the coverage?

    ``by_source``: every article's own verdict; the overall one is the side more independent
    sources take (copies and one outlet's articles count once)."""

    claim: str
    verdict: str  # "supported" | "contradicted" | "not-found"
    confidence: float
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    by_source: tuple[SourceVerdict, ...] = ()


_LEAVES = (str, int, float, type(None))


def to_dict(rec: Any) -> Any:
    """JSON-ready dict of a record (recursively); ``None`` fields are kept."""
    if isinstance(rec, _LEAVES):  # most calls: the store writes every fact of every article
        return rec
    if (names := _field_names(rec.__class__)) is not None:
        return {name: to_dict(getattr(rec, name)) for name in names}
    if isinstance(rec, (list, tuple)):
        return [to_dict(x) for x in rec]
    if isinstance(rec, dict):
        return {k: to_dict(v) for k, v in rec.items()}
    return rec


@functools.cache
def _field_names(tp: Any) -> tuple[str, ...] | None:
    """The field names of a dataclass type, once per type; None for any other type."""
    return tuple(f.name for f in dataclasses.fields(tp)) if dataclasses.is_dataclass(tp) else None


def from_dict(cls: type, data: Any) -> Any:
    """Rebuild a record (recursively) from :func:`to_dict` output."""
    return _builder(cls)(data)


def _plain(data: Any) -> Any:
    return data


@functools.cache
def _builder(tp: Any) -> Callable[[Any], Any]:
    """A function that rebuilds a ``tp`` from its :func:`to_dict` form, made once per type.

    Resolving type hints (string annotations, evaluated) for every nested record cost about
    100 ms per stored ``ArticleFacts`` (issue 8: loading 2,000 articles took minutes); the
    hints are resolved here once per type instead.
    """
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _optional(_builder(args[0])) if len(args) == 1 else _plain
    if origin is tuple:
        item = _builder(typing.get_args(tp)[0])
        return _optional(tuple if item is _plain else lambda data: tuple(item(x) for x in data))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        fields = {f.name: _builder(hints[f.name]) for f in dataclasses.fields(tp)}

        def build(data: dict) -> Any:
            return tp(**{k: fields[k](v) for k, v in data.items() if k in fields})

        return _optional(build)
    return _plain


def _optional(build: Callable[[Any], Any]) -> Callable[[Any], Any]:
    if build is _plain:
        return _plain
    return lambda data: None if data is None else build(data)


__all__ = [
    "Span",
    "Document",
    "Rejection",
    "RemovedLine",
    "Article",
    "Descriptor",
    "SourceVerdict",
    "Entity",
    "Quote",
    "Figure",
    "DateRef",
    "Place",
    "Opinion",
    "Value",
    "Clause",
    "SentenceFacts",
    "ArticleFacts",
    "CopyLink",
    "Event",
    "Storyline",
    "Claim",
    "Evidence",
    "Finding",
    "Verdict",
    "to_dict",
    "from_dict",
]
