"""The sources of one story and the alignment of their sentences.

Needs: the articles with their stored facts (``ArticleFacts.sentence_facts``) and one vector
per sentence.  Adds: :class:`Source` (an article with its copy family) and :class:`Pair` (two sentences of two
articles that say nearly the same thing).

Vectors come from a :class:`SentenceVectors` provider: the pipeline keeps them in the store,
so a rerun encodes only new articles; nothing here parses text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..outlets import independent_sources
from ..records import Article, ArticleFacts, SentenceFacts, Span
from .compare import Sentence

# [(article, sentence indexes into its sentence_facts, their texts)] -> unit vectors per article,
# one row per index; one call for many sentences (:class:`Prefetched`: several stories), so the
# encoder sees one large batch rather than one small one per article
SentenceVectors = Callable[[Sequence[tuple[Article, Sequence[int], Sequence[str]]]], list[np.ndarray]]


@dataclass
class Source:
    """One article of a story, as cross-checking sees it."""

    article: Article
    facts: ArticleFacts
    family: str  # copy family: copies of one original text
    event: str | None
    # independent source: the copy family merged with every article of the same outlet
    # (newsprism.outlets.independent_sources); what counts once as confirmation
    voice: str = ""
    opinion_spans: tuple[Span, ...] = ()
    factual: list[int] = field(default_factory=list)  # sentence indexes that report facts

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def sentences(self) -> tuple[SentenceFacts, ...]:
        return self.facts.sentence_facts

    def text(self, i: int) -> str:
        s = self.facts.sentence_facts[i].span
        return self.article.text[s.start:s.end]

    def sentence(self, n: int, i: int) -> Sentence:
        return Sentence(n, i, self.facts.sentence_facts[i], self.article.text)


def _overlaps(span: Span, spans: Sequence[Span]) -> bool:
    return any(s.start < span.end and span.start < s.end for s in spans)


def sources(items: Sequence[tuple[Article, ArticleFacts]], families: dict[str, str], events: dict[str, str], *,
            min_words: int = 5) -> list[Source]:
    """The story's sources; a sentence of fewer than ``min_words`` words or of the writer's own
    opinion is no claim to compare.  Copies of one original and articles of one outlet are one
    independent source (``Source.voice``)."""
    out = []
    voices = independent_sources([article for article, _ in items], families)
    for article, facts in items:
        opinions = tuple(o.span for o in facts.opinions)
        src = Source(article=article, facts=facts, family=families.get(article.id, article.id),
                     event=events.get(article.id), voice=voices[article.id],
                     opinion_spans=opinions)
        # a claim has a predicate: team sheets, listings and table rows ("Shr 31 cts vs nine
        # cts") have none, and are not set against each other; a copula is one ("The death
        # toll is 12.")
        src.factual = [i for i, sf in enumerate(facts.sentence_facts)
                       if len(article.text[sf.span.start:sf.span.end].split()) >= min_words
                       and (sf.clauses or sf.predicate) and not _overlaps(sf.span, opinions)]
        out.append(src)
    return out


@dataclass(frozen=True, slots=True)
class Pair:
    a: int  # index into sources
    i: int  # sentence index in a
    b: int
    j: int
    sim: float


def to_encode(srcs: Sequence[Source], *, shared: int = 3) -> list[list[int]]:
    """Per source, the factual sentences worth a vector.  Only a sentence that shares ``shared``
    content lemmas with some sentence of another article can align with anything, so only those
    are encoded (the encoder is most of the cost of cross-checking); the others get a zero row,
    which aligns with nothing."""
    owners: dict[str, list[tuple[int, int]]] = {}
    for n, src in enumerate(srcs):
        for i in src.factual:
            for lemma in set(src.sentences[i].lemmas):
                owners.setdefault(lemma, []).append((n, i))

    def needed(n: int, i: int) -> bool:
        others: dict[tuple[int, int], int] = {}
        for lemma in set(srcs[n].sentences[i].lemmas):
            for m, j in owners[lemma]:
                if m != n:
                    others[m, j] = others.get((m, j), 0) + 1
                    if others[m, j] >= shared:
                        return True
        return False

    return [[i for i in src.factual if needed(n, i)] for n, src in enumerate(srcs)]


def vectors_for(srcs: Sequence[Source], provider: SentenceVectors, *, shared: int = 3,
                keep: list[list[int]] | None = None) -> dict[int, np.ndarray]:
    """One row per factual sentence: the vectors of :func:`to_encode`'s sentences (``keep``, when
    already picked), zero rows for the rest."""
    keep = keep if keep is not None else to_encode(srcs, shared=shared)
    encoded = provider([(src.article, keep[n], [src.text(i) for i in keep[n]]) for n, src in enumerate(srcs)])
    dim = next((e.shape[1] for e in encoded if len(e)), 1)  # the encoder's (any width: all rows may be zero)
    out = {}
    for n, src in enumerate(srcs):
        rows = np.zeros((len(src.factual), dim), dtype=np.float32)
        at = {i: r for r, i in enumerate(keep[n])}
        for r, i in enumerate(src.factual):
            if i in at:
                rows[r] = encoded[n][at[i]]
        out[n] = rows
    return out


class Prefetched:
    """A :data:`SentenceVectors` provider that fetched the sentences of several stories at once.

    The encoder costs far less per sentence in one large batch sorted by length than in one small
    batch per story (a 2-article story has a few dozen sentences); :meth:`fetch` asks ``provider``
    once for every sentence :func:`to_encode` picks in a run of stories, each article once, and
    the stories are then checked from what it got.  A sentence not fetched is asked for on its own.
    """

    def __init__(self, provider: SentenceVectors):
        self.provider = provider
        self.rows: dict[tuple[str, int], np.ndarray] = {}

    def fetch(self, stories: Sequence[Sequence[Source]], keeps: Sequence[list[list[int]]]) -> None:
        """Encode, in one call, the sentences ``keeps`` picks (:func:`to_encode`, per story)."""
        self.rows.clear()
        wanted: dict[str, tuple[Article, dict[int, str]]] = {}
        for srcs, story_keep in zip(stories, keeps):
            for src, keep in zip(srcs, story_keep):
                texts = wanted.setdefault(src.id, (src.article, {}))[1]
                for i in keep:
                    texts.setdefault(i, src.text(i))
        batch = [(article, sorted(texts), [texts[i] for i in sorted(texts)]) for article, texts in wanted.values()]
        for (article, idx, _), vecs in zip(batch, self.provider(batch) if batch else ()):
            for i, vec in zip(idx, vecs):
                self.rows[article.id, i] = vec

    def __call__(self, batch):
        missing = [(article, [i for i in idx if (article.id, i) not in self.rows],
                    [t for i, t in zip(idx, texts) if (article.id, i) not in self.rows]) for article, idx, texts in batch]
        if any(m[1] for m in missing):
            for (article, idx, _), vecs in zip(missing, self.provider(missing)):
                for i, vec in zip(idx, vecs):
                    self.rows[article.id, i] = vec
        dim = next((v.shape[0] for v in self.rows.values()), 1)
        return [np.stack([self.rows[article.id, i] for i in idx]) if len(idx) else np.zeros((0, dim), np.float32)
                for article, idx, _ in batch]


def align(srcs: Sequence[Source], vectors: dict[int, np.ndarray], threshold: float,
          distinct: float = 0.95) -> list[Pair]:
    """Sentence pairs across articles (copies included): each sentence's best match, both directions.

    Two articles that name no entity in common are seldom about one thing (two companies'
    results that grouping put side by side): only their near-identical sentences (``distinct``)
    are paired, and only when one is a copy of the other -- two companies' earnings notes share
    their template sentence by sentence ("Net includes loan loss provisions of 500,000 dlrs vs")
    and differ in every figure."""
    from .scope import key_entities, key_names

    keys = [key_names(key_entities(src.facts)) for src in srcs]
    pairs: dict[tuple[int, int, int, int], Pair] = {}
    for a in range(len(srcs)):
        for b in range(a + 1, len(srcs)):
            if not keys[a] & keys[b] and srcs[a].family != srcs[b].family:
                continue
            floor = threshold if keys[a] & keys[b] else distinct
            va, vb = vectors[a], vectors[b]
            if not len(va) or not len(vb):
                continue
            sim = va @ vb.T
            ia, ib = srcs[a].factual, srcs[b].factual
            best_c = sim.argmax(axis=1)
            best_r = sim.argmax(axis=0)
            for r in range(len(ia)):
                c = int(best_c[r])
                if sim[r, c] >= floor:
                    pairs[(a, ia[r], b, ib[c])] = Pair(a, ia[r], b, ib[c], float(sim[r, c]))
            for c in range(len(ib)):
                r = int(best_r[c])
                if sim[r, c] >= floor:
                    pairs[(a, ia[r], b, ib[c])] = Pair(a, ia[r], b, ib[c], float(sim[r, c]))
    return [pairs[k] for k in sorted(pairs)]


def similarity(srcs: Sequence[Source], vectors: dict[int, np.ndarray]):
    """Cosine of any two factual sentences of the story (None for a sentence without a vector)."""
    rows = [{i: r for r, i in enumerate(src.factual)} for src in srcs]

    def sim(a: int, i: int, b: int, j: int) -> float | None:
        r, c = rows[a].get(i), rows[b].get(j)
        if r is None or c is None:
            return None
        return float(vectors[a][r] @ vectors[b][c])

    return sim
