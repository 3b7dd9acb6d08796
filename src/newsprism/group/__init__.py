"""Group: (Article, ArticleFacts) -> events, storylines and copy families.

    group(items, options)        everything from scratch, in memory
    group_store(store, options)  incremental over a store: earlier events keep their articles,
                                 new articles join them or start new ones; vectors are cached
                                 in the store's ``vectors`` table

A run shares one sentence encoder between stages: ``group_store(store, options, encoder=enc)``
with ``enc = newsprism.embed.shared_encoder()``, and the same ``enc`` to cross-checking.

An **event** is one real-world development (one meeting, one announcement, one incident); a
**storyline** chains related events over time.  A **copy** (syndication, aggregator scrape,
light rewrite) links to the original of its family and always sits in the original's event:
it is not independent confirmation.

Event and storyline dates (``start_date``/``end_date``) span the days their articles' developments
happened (:func:`features.event_date`), never any date the text mentions:

1. a dated article counts on the day its lead gives ("on Tuesday", "yesterday", resolved against
   the publication date), else on its publication date: exact;
2. an undated article counts on the latest full calendar date (day, month, year) written in its
   title or lead, a dateline included: an estimate, and the range says so
   (``dates_estimated=True``);
3. otherwise it has no date and does not widen the range; a range with no dated member is None.
   Years and months alone ("since the 1998 floods"), dates deeper in the body (history
   paragraphs, photo captions) and relative dates with nothing to resolve them against are
   background, not the event date.

The output is deterministic for the same input: articles are taken in (anchor date, id) order,
MinHash uses a fixed seed, and every id is a hash of the sorted article ids it covers.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..embed import Embedder, default_embedder
from ..records import Article, ArticleFacts, CopyLink, Event, Storyline
from .cluster import ClusterOptions, EventClusterer
from .copies import CopyFinder, ReuseOptions
from .features import ArticleFeatures, features

log = logging.getLogger(__name__)

_KEY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NAME")
_NO_DAY = 10**9  # undated articles sort after dated ones


@dataclass(frozen=True, kw_only=True)
class GroupOptions:
    """``embedder``: ``"minilm"`` (all-MiniLM-L6-v2, the default) or ``"hash"`` (no model, lexical).

    ``copy_threshold`` is the estimated Jaccard of word ``shingle``-grams above which two articles
    are one family; ``near_copy`` and ``duplicate`` split families' links by kind.
    ``reuse``: the low-overlap candidates and sentence verification that find aggregator scrapes,
    partial reposts and spun rewrites (:mod:`newsprism.group.copies`); the run's sentence encoder
    checks rewritten sentences.
    ``incremental``: :func:`group_store` keeps the events already stored and only places new articles.
    """

    embedder: str = "minilm"
    lead_chars: int = 600
    copies: bool = True
    shingle: int = 5
    num_perm: int = 128
    copy_threshold: float = 0.5
    near_copy: float = 0.8
    duplicate: float = 0.97
    incremental: bool = True
    max_entities: int = 8
    max_places: int = 5
    reuse: ReuseOptions = field(default_factory=ReuseOptions)
    cluster: ClusterOptions = field(default_factory=ClusterOptions)

    def __post_init__(self) -> None:
        if not 0 < self.copy_threshold <= self.near_copy <= self.duplicate <= 1:
            raise ValueError("need 0 < copy_threshold <= near_copy <= duplicate <= 1")
        if self.shingle < 1 or self.num_perm < 16:
            raise ValueError("shingle must be >= 1 and num_perm >= 16")


@dataclass(frozen=True)
class Grouping:
    storylines: tuple[Storyline, ...]
    events: tuple[Event, ...]
    copies: tuple[CopyLink, ...]

    def event_of(self, article_id: str) -> Event | None:
        for e in self.events:
            if article_id in e.article_ids:
                return e
        return None


VectorCache = Callable[[list[str], list[str]], np.ndarray]  # (ids, texts) -> unit vectors


def stable_id(prefix: str, article_ids: Sequence[str]) -> str:
    digest = hashlib.blake2b("\n".join(sorted(article_ids)).encode("utf-8"), digest_size=6).hexdigest()
    return f"{prefix}-{digest}"


def _encoder(options: GroupOptions, encoder: Embedder | None, embedder: Embedder | None) -> Embedder:
    if encoder is not None and embedder is not None and encoder is not embedder:
        raise ValueError("pass the sentence encoder once: encoder= (embedder= is its older name)")
    return encoder or embedder or default_embedder(options.embedder)


def group(
    items: Sequence[tuple[Article, ArticleFacts]],
    options: GroupOptions | None = None,
    *,
    encoder: Embedder | None = None,
    embedder: Embedder | None = None,
) -> Grouping:
    """Group articles from scratch.

    ``encoder``: the sentence encoder to embed leads with (anything with ``kind``, ``dim`` and
    ``encode(texts)``, e.g. :func:`newsprism.embed.shared_encoder`); it overrides
    ``options.embedder``.  ``embedder`` is the same argument under its older name.
    """
    options = options or GroupOptions()
    embedder = _encoder(options, encoder, embedder)
    return _Grouper(options, embedder).run(items, vectors=lambda ids, texts: embedder.encode(texts))


def group_store(store, options: GroupOptions | None = None, *, encoder: Embedder | None = None,
                embedder: Embedder | None = None) -> Grouping:
    """Group the stored articles, keeping earlier events (incremental) and caching vectors in the store.

    ``encoder`` as for :func:`group`: pass the one the run shares with cross-checking so the model
    loads once.
    """
    options = options or GroupOptions()
    embedder = _encoder(options, encoder, embedder)
    items = list(store.articles())
    previous: list[tuple[str, ...]] = []
    if options.incremental:
        present = {a.id for a, _ in items}
        for ev in store.events():
            kept = tuple(a for a in ev.article_ids if a in present)
            if kept:
                previous.append(kept)

    def vectors(ids: list[str], texts: list[str]) -> np.ndarray:
        out = np.zeros((len(ids), embedder.dim), dtype=np.float32)
        todo = []
        for i, article_id in enumerate(ids):
            v = store.vector(article_id, embedder.kind)
            if v is not None and v.shape[-1] == embedder.dim:
                out[i] = v[0]
            else:
                todo.append(i)
        if todo:
            fresh = embedder.encode([texts[i] for i in todo])
            with store.transaction():
                for i, v in zip(todo, fresh):
                    out[i] = v
                    store.save_vector(ids[i], embedder.kind, v)
        return out

    return _Grouper(options, embedder).run(items, vectors=vectors, previous=previous)


class _Grouper:
    def __init__(self, options: GroupOptions, embedder: Embedder):
        self.options = options
        self.embedder = embedder

    def run(self, items, *, vectors: VectorCache, previous: Sequence[Sequence[str]] = ()) -> Grouping:
        o = self.options
        arts = {a.id: a for a, _ in items}
        feats = {a.id: features(a, f, lead_chars=o.lead_chars) for a, f in items}
        order = sorted(arts, key=lambda i: (feats[i].day if feats[i].day is not None else _NO_DAY, i))
        vecs = dict(zip(order, vectors(order, [feats[i].lead for i in order]))) if order else {}

        clusterer = EventClusterer(self.embedder.dim, o.cluster, expected=len(order))
        placed = {a for ev in previous for a in ev}
        rank = {a: i for i, a in enumerate(order)}
        prev_order = [sorted(ev, key=rank.__getitem__) for ev in previous]
        flat = [a for ev in prev_order for a in ev]
        if flat:
            pos = {a: i for i, a in enumerate(flat)}
            clusterer.restore([feats[a] for a in flat], np.stack([vecs[a] for a in flat]),
                              [[pos[a] for a in ev] for ev in prev_order])
        index_of = {f.id: i for i, f in enumerate(clusterer.feats)}

        finder = CopyFinder(num_perm=o.num_perm, shingle=o.shingle, lsh_threshold=min(0.5, o.copy_threshold),
                            rewrite_threshold=o.copy_threshold, near_threshold=o.near_copy,
                            duplicate_threshold=o.duplicate, reuse=o.reuse,
                            encoder=self.embedder) if o.copies else None
        copy_of: dict[str, str] = {}
        for a in order:
            if finder is None:
                break
            hits = finder.add(a, arts[a].text, day=feats[a].day)
            if hits:
                copy_of[a] = max(hits, key=lambda h: (h[1], h[0]))[0]

        new = [a for a in order if a not in placed]
        step = o.cluster.batch_size
        for start in range(0, len(new), step):
            batch = new[start : start + step]
            base = clusterer.n
            forced = {}
            for j, a in enumerate(batch):
                index_of[a] = base + j
                orig = copy_of.get(a)
                if orig is not None and index_of.get(orig, base + j) < base + j:
                    forced[j] = index_of[orig]
            clusterer.add_batch([feats[a] for a in batch], np.stack([vecs[a] for a in batch]), forced)
        if finder is not None:
            # A rewrite spun past every shingle index still sits in its original's event: events
            # are small, so their members are verified pair by pair.
            finder.verify_groups([[clusterer.feats[i].id for i in ev] for ev in clusterer.events])
        copies = finder.links() if finder else ()
        return self._records(clusterer, arts, feats, copies)

    # -- records -------------------------------------------------------------------

    def _records(self, clusterer: EventClusterer, arts: dict[str, Article],
                 feats: dict[str, ArticleFeatures], copies: tuple[CopyLink, ...]) -> Grouping:
        # Titles come from independent reports only: a copy (a scrape, a spun rewrite) is never the
        # voice of the story, whatever its headline.
        copied = {c.article_id for c in copies}
        cents = clusterer.centroids() if clusterer.events else np.zeros((0, clusterer.dim))
        vecs = clusterer.vectors
        members = [[clusterer.feats[i].id for i in ev] for ev in clusterer.events]
        lines = clusterer.storylines()
        event_ids = [stable_id("ev", m) for m in members]
        line_of: dict[int, str] = {}
        storylines = []
        for line in lines:
            ids = sorted(a for e in line for a in members[e])
            sid = stable_id("sl", ids)
            for e in line:
                line_of[e] = sid
            biggest = min(line, key=lambda e: (-len(members[e]), event_ids[e]))
            central = self._central(clusterer.events[biggest], vecs, cents[biggest], clusterer, copied)
            start, end, estimated = self._date_range([feats[a] for a in ids])
            storylines.append(Storyline(
                id=sid, title=feats[central].title, event_ids=(),
                article_ids=tuple(ids), entities=self._key_entities([feats[a] for a in ids]),
                places=self._places([feats[a] for a in ids]), start_date=start, end_date=end,
                dates_estimated=estimated))
        events = []
        for e, ids in enumerate(members):
            fs = [feats[a] for a in ids]
            start, end, estimated = self._date_range(fs)
            central = self._central(clusterer.events[e], vecs, cents[e], clusterer, copied)
            events.append(Event(
                id=event_ids[e], title=feats[central].title, article_ids=tuple(sorted(ids)),
                storyline_id=line_of.get(e), entities=self._key_entities(fs), places=self._places(fs),
                start_date=start, end_date=end, dates_estimated=estimated))
        events.sort(key=lambda ev: (ev.start_date or "9999", ev.id))
        by_line: dict[str, list[str]] = {}
        for ev in events:
            by_line.setdefault(ev.storyline_id or "", []).append(ev.id)
        storylines = [
            Storyline(id=s.id, title=s.title, event_ids=tuple(by_line.get(s.id, ())), article_ids=s.article_ids,
                      entities=s.entities, places=s.places, start_date=s.start_date, end_date=s.end_date,
                      dates_estimated=s.dates_estimated)
            for s in storylines
        ]
        storylines.sort(key=lambda s: (s.start_date or "9999", s.id))
        return Grouping(tuple(storylines), tuple(events), copies)

    @staticmethod
    def _central(member_idx: list[int], vecs: np.ndarray, centroid: np.ndarray, clusterer: EventClusterer,
                 copied: frozenset[str] | set[str] = frozenset()) -> str:
        """The member closest to the event's centroid (the report most others agree with), among
        the members that are not copies of another when there is one."""
        originals = [i for i in member_idx if clusterer.feats[i].id not in copied]
        member_idx = originals or member_idx
        sims = vecs[member_idx] @ centroid
        best = max(range(len(member_idx)), key=lambda j: (round(float(sims[j]), 5), -member_idx[j]))
        return clusterer.feats[member_idx[best]].id

    def _key_entities(self, fs: list[ArticleFeatures]) -> tuple[str, ...]:
        # Each article votes once per name: the names most sources use are the story's key entities.
        c = Counter(n for f in fs for n in {name for name, label in f.entities if label in _KEY_LABELS})
        return tuple(n for n, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[: self.options.max_entities])

    def _places(self, fs: list[ArticleFeatures]) -> tuple[str, ...]:
        c = Counter(p for f in fs for p in set(f.places))
        return tuple(p for p, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[: self.options.max_places])

    @staticmethod
    def _date_range(fs: list[ArticleFeatures]) -> tuple[str | None, str | None, bool]:
        """First and last day of the members' development days (:func:`features.event_date`), and
        whether any of them is an estimate; members with no date do not widen the range."""
        dated = [(f.date, f.date_estimated) for f in fs if f.date]
        if not dated:
            return None, None, False
        days = sorted(d for d, _ in dated)
        return days[0], days[-1], any(est for _, est in dated)

__all__ = ["GroupOptions", "Grouping", "ClusterOptions", "group", "group_store", "stable_id", "features",
           "ArticleFeatures", "CopyFinder", "ReuseOptions"]
