"""The story list: storylines and events for triage, searched, filtered and ordered.

Counts come from what the store holds (findings, copy links, article metadata); a story's
title is its brief's when the grouping named it after a flagged source.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args
from urllib.parse import urlparse

from ..crosscheck.findings import CONFLICT_KINDS, copy_families
from ..errors import NotFound
from ..outlets import independent_sources
from ..records import Event, Finding
from .assemble import build_brief
from .views import StorySummary, unique

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


@dataclass(frozen=True, slots=True)
class _Meta:
    """What counting a story's independent sources needs of an article (no text loaded)."""

    id: str
    outlet: str | None
    url: str | None


def list_stories(store, options: StoryFilter | None = None, *, settings=None) -> list[StorySummary]:
    """Storylines (and events outside any storyline) for triage, filtered and ordered by ``options``:
    newest first by default, single-source stories last.  ``settings``: as for
    :func:`~newsprism.publish.assemble.build_brief`, whose title a story takes when the grouping
    named it after a flagged source."""
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
        article_ids = unique(list(s.article_ids) + [a for e in events for a in e.article_ids])
        # The list names a story as its brief does: not after a flagged copy or outlier.
        flagged = copied & set(article_ids) | {a for f in fs if f.kind == "outlier-copy" for a in f.opposing}
        title = s.title
        if any(" ".join((meta[a]["title"] or "").split()) == " ".join(s.title.split()) for a in flagged if a in meta):
            title = build_brief(store, s.id, settings=settings).title
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
