"""Group: (Article, ArticleFacts) -> events, storylines and copy families.

    group(items, options)        everything from scratch, in memory
    group_store(store, options)  incremental over a store: earlier events keep their articles,
                                 new articles join them or start new ones; what each article's
                                 grouping needs is kept in the store (below)

What :func:`group_store` keeps in the store, so that a rerun only works on new articles (issue 8:
every ``newsprism stories`` redid all of it, minutes on a few hundred articles):

* lead vectors (``vectors``, per encoder kind);
* each article's :class:`ArticleFeatures` (``article_cache``, kind "features"): building them
  needs the article's stored facts, and loading those is most of the cost of a rerun;
* each article's MinHash :class:`~.copies.Signature` (kind "copy-signature") and every copy
  judgment of a pair (``copy_judgments``): copy detection replays every article in the same
  order with these, so it finds exactly what a fresh run would, and only pairs with a new article
  are judged (the sentence check with sentence vectors is what a judgment costs).

Each entry carries the version of the code and settings that made it (a digest) and, per
article, a digest of the text; either changed is a miss, recomputed and replaced.

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

import base64
import dataclasses
import functools
import hashlib
import json
import logging
import typing
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..embed import Embedder, default_embedder
from ..records import Article, ArticleFacts, CopyLink, Event, Storyline, from_dict, to_dict
from ..versions import code_digest, digest
from .cluster import ClusterOptions, EventClusterer
from .copies import CopyFinder, ReuseOptions, Signature
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
    feats = {a.id: features(a, f, lead_chars=options.lead_chars) for a, f in items}
    texts = {a.id: a.text for a, _ in items}
    return _Grouper(options, embedder).run(feats, texts, vectors=lambda ids, texts: embedder.encode(texts))


def group_store(store, options: GroupOptions | None = None, *, encoder: Embedder | None = None,
                embedder: Embedder | None = None) -> Grouping:
    """Group the stored articles, keeping earlier events (incremental) and caching per-article work
    in the store (see the module docstring).

    ``encoder`` as for :func:`group`: pass the one the run shares with cross-checking so the model
    loads once.
    """
    options = options or GroupOptions()
    embedder = _encoder(options, encoder, embedder)
    texts = store.article_texts()
    feats = _stored_features(store, texts, options)
    previous: list[tuple[str, ...]] = []
    if options.incremental:
        for ev in store.events():
            kept = tuple(a for a in ev.article_ids if a in texts)
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

    grouper = _Grouper(options, embedder)
    memo = _CopyMemo(store, texts, grouper.copy_finder()) if options.copies else None
    grouping = grouper.run(feats, texts, vectors=vectors, previous=previous, memo=memo)
    if memo is not None:
        memo.save()
    return grouping


# -- what group_store keeps in the store -------------------------------------------------

_FEATURES = "features"
_SIGNATURE = "copy-signature"


def _features_version(options: GroupOptions) -> str:
    """Features depend on their module, the lexicons it reads, the record's fields, and the lead length."""
    fields = [(f.name, str(f.type)) for f in dataclasses.fields(ArticleFeatures)]
    return digest(code_digest("group/features.py", "read/lexicon.py", "lexicon.py", "records.py", "data"), fields,
                  options.lead_chars)


def _stored_features(store, texts: Mapping[str, str], options: GroupOptions) -> dict[str, ArticleFeatures]:
    """Every article's :class:`ArticleFeatures`: kept ones from the store, the others built from the
    article and its facts (the facts are loaded only for these) and kept."""
    version = _features_version(options)
    out = {}
    for article_id, data in store.cached(_FEATURES, version, texts).items():
        try:
            out[article_id] = _decode_features(data)
        except (TypeError, ValueError, KeyError):  # a record that no longer fits: build it again
            pass
    todo = [a for a in texts if a not in out]
    fresh = []
    for article, facts in store.articles(todo):
        feat = features(article, facts, lead_chars=options.lead_chars)
        out[article.id] = feat
        data = _encode_features(feat)
        if data is not None:
            fresh.append((article.id, article.text, data))
    if fresh:
        store.save_cached(_FEATURES, version, fresh)
    return {a: out[a] for a in texts}


@functools.cache
def _feature_types() -> dict[str, typing.Any]:
    return typing.get_type_hints(ArticleFeatures)


def _encode_features(feat: ArticleFeatures) -> str | None:
    """JSON of the record, or None when it would not come back the same (a field of a type the
    JSON form does not keep): such records are built again on every run, never served wrong."""
    try:
        data = json.dumps({f.name: _plain(getattr(feat, f.name)) for f in dataclasses.fields(feat)},
                          ensure_ascii=False)
        if _same(_decode_features(data), feat):
            return data
    except (TypeError, ValueError, KeyError):
        pass
    log.debug("grouping features of %s are not kept: their JSON form differs", feat.id)
    return None


def _plain(value):
    if isinstance(value, np.ndarray):  # raw bytes: exact, and fast to read back
        return {"dtype": value.dtype.str, "shape": list(value.shape),
                "data": base64.b64encode(np.ascontiguousarray(value).tobytes()).decode("ascii")}
    if isinstance(value, (frozenset, set)):
        return sorted(value)
    if isinstance(value, (tuple, list)):
        return [_plain(x) for x in value]
    return value


def _decode_features(data: str) -> ArticleFeatures:
    types = _feature_types()

    def typed(tp, value):
        if tp is np.ndarray:
            raw = base64.b64decode(value["data"])
            return np.frombuffer(raw, dtype=np.dtype(value["dtype"])).reshape(value["shape"]).copy()
        if typing.get_origin(tp) is frozenset:
            (item,) = typing.get_args(tp)
            return frozenset(typed(item, x) for x in value)
        return from_dict(tp, value)

    return ArticleFeatures(**{name: typed(types[name], value) for name, value in json.loads(data).items()})


def _same(a: ArticleFeatures, b: ArticleFeatures) -> bool:
    """Field by field, those left out of ``==`` (arrays) included, types too."""
    for f in dataclasses.fields(ArticleFeatures):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
            if not (isinstance(x, np.ndarray) and isinstance(y, np.ndarray) and x.dtype == y.dtype
                    and np.array_equal(x, y)):
                return False
        elif type(x) is not type(y) or x != y:
            return False
    return True


class _CopyMemo:
    """The copy finder's MinHash signatures and pair judgments, read from and kept in the store."""

    def __init__(self, store, texts: Mapping[str, str], finder: CopyFinder):
        self.store = store
        self.texts = texts
        self.signature_version = finder.signature_version
        self.version = finder.version
        self.signatures: dict[str, Signature] = {}
        for article_id, data in store.cached(_SIGNATURE, self.signature_version, texts).items():
            self.signatures[article_id] = from_dict(Signature, json.loads(data))
        self.judgments = store.copy_judgments(self.version)
        self.fresh: dict[str, Signature] = {}
        self.finder: CopyFinder | None = None

    def signature(self, article_id: str, text: str, finder: CopyFinder) -> Signature:
        if article_id not in self.signatures:
            self.signatures[article_id] = self.fresh[article_id] = finder.sign(text)
        return self.signatures[article_id]

    def save(self) -> None:
        """Keep the signatures and judgments this run made (each a transaction: a run killed before
        only makes them again)."""
        if self.fresh:
            self.store.save_cached(_SIGNATURE, self.signature_version,
                                   [(a, self.texts[a], json.dumps(to_dict(sig))) for a, sig in self.fresh.items()])
        if self.finder is not None and self.finder.new_judgments:
            self.store.save_copy_judgments(self.version, self.finder.new_judgments)


class _Grouper:
    def __init__(self, options: GroupOptions, embedder: Embedder):
        self.options = options
        self.embedder = embedder

    def copy_finder(self, judgments: Mapping | None = None) -> CopyFinder:
        o = self.options
        return CopyFinder(num_perm=o.num_perm, shingle=o.shingle, lsh_threshold=min(0.5, o.copy_threshold),
                          rewrite_threshold=o.copy_threshold, near_threshold=o.near_copy,
                          duplicate_threshold=o.duplicate, reuse=o.reuse, encoder=self.embedder, judgments=judgments)

    def run(self, feats: Mapping[str, ArticleFeatures], texts: Mapping[str, str], *, vectors: VectorCache,
            previous: Sequence[Sequence[str]] = (), memo: _CopyMemo | None = None) -> Grouping:
        """Group the articles of ``feats`` (their texts in ``texts``); ``previous``: events to keep;
        ``memo``: signatures and judgments kept from earlier runs (and where this run's go)."""
        o = self.options
        order = sorted(feats, key=lambda i: (feats[i].day if feats[i].day is not None else _NO_DAY, i))
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

        finder = None
        if o.copies:
            finder = self.copy_finder(memo.judgments if memo else None)
            if memo is not None:
                memo.finder = finder
        copy_of: dict[str, str] = {}
        for a in order:
            if finder is None:
                break
            signature = memo.signature(a, texts[a], finder) if memo is not None else None
            hits = finder.add(a, texts[a], day=feats[a].day, signature=signature)
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
        return self._records(clusterer, feats, copies)

    # -- records -------------------------------------------------------------------

    def _records(self, clusterer: EventClusterer, feats: Mapping[str, ArticleFeatures],
                 copies: tuple[CopyLink, ...]) -> Grouping:
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
