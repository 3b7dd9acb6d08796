"""Cross-check the sources of a story: corroboration, contradictions, outlier copies.

    crosscheck(items, grouping, options)     -> Findings for every storyline with 2+ independent sources
    check_claim(claim, items, reader, options) -> Verdict on one statement

No NLI model is available offline and embeddings cannot see contradictions, so the
work is split: embeddings *align* sentences across sources, then the facts read off
each aligned pair (roles, nationality modifiers, negation, antonyms, numbers,
descriptors, quote speakers) are *compared* (see :mod:`.compare`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..records import Article, ArticleFacts, Finding, Verdict
from .findings import (
    FigureTuning,
    Source,
    Tuning,
    align,
    copy_families,
    corroboration_findings,
    descriptor_findings,
    figure_findings,
    finding_id,
    opinion_findings,
    outlier_findings,
    prepare,
    quote_findings,
    quotes_by_speaker,
    role_findings,
)

__all__ = ["CheckOptions", "crosscheck", "check_claim", "quotes_by_speaker"]


@dataclass(frozen=True, kw_only=True)
class CheckOptions:
    """Thresholds of the cross-checker (cosine similarities of MiniLM sentence vectors).

    ``align``: two sentences are compared fact by fact above this; ``corroborate``: above
    this they carry the same claim; ``flip``: negation/antonym flips are only trusted
    between sentences this close (looser pairs differ in too many ways).
    """

    align: float = 0.5
    corroborate: float = 0.78
    # a lone source reversing the parties of an act two or more others state is trusted from
    # here (the act itself must match, so the sentences need only be loosely alike)
    role: float = 0.45
    flip: float = 0.75
    flip_overlap: float = 0.5  # ... and share this share (Jaccard) of their content words
    figure_tolerance: float = 0.1  # relative difference under which two figures agree
    figure_align: float = 0.5  # two figures are one measurement only in sentences this alike ...
    figure_synonym_align: float = 0.6  # ... or this alike when they count synonyms ("residents"/"inhabitants")
    unit_similar: float = 0.68  # cosine of two counted nouns taken as synonyms (below dollars/euros, 0.65)
    measure_align: float = 0.75  # money and shares: only between sentences this alike
    quote_same: float = 90.0  # rapidfuzz partial_ratio: the same quoted words
    quote_altered: float = 70.0  # ratio: the same quote, reworded
    quote_words: int = 6  # shorter quoted phrases given to two speakers are stock phrases, not one quote
    outlier_ratio: float = 2.0  # an outlier has this many times the conflicts of the next source
    max_articles: int = 200  # larger storylines are checked on their first articles only
    # claim checking
    claim_candidates: int = 5
    claim_found: float = 0.45
    claim_support: float = 0.62

    def __post_init__(self) -> None:
        from ..errors import NewsprismError

        for name in ("align", "corroborate", "role", "flip", "figure_align", "figure_synonym_align", "unit_similar",
                     "measure_align", "claim_found", "claim_support"):
            v = getattr(self, name)
            if not 0.0 <= v <= 1.0:
                raise NewsprismError(f"CheckOptions.{name} must be in [0, 1], got {v}")

    @property
    def tuning(self) -> Tuning:
        return Tuning(align=self.align, corroborate=self.corroborate, role=self.role, flip=self.flip,
                      quote_same=self.quote_same, quote_altered=self.quote_altered,
                      outlier_ratio=self.outlier_ratio, flip_overlap=self.flip_overlap,
                      quote_words=self.quote_words)

    @property
    def figure_tuning(self) -> FigureTuning:
        return FigureTuning(tolerance=self.figure_tolerance, same_unit_align=self.figure_align,
                            synonym_align=self.figure_synonym_align, unit_similar=self.unit_similar,
                            measure_align=self.measure_align)


def _nlp(nlp):
    if nlp is not None:
        return nlp
    from .claim import default_nlp

    return default_nlp()


def crosscheck(items: Sequence[tuple[Article, ArticleFacts]], grouping,
               options: CheckOptions | None = None, *, nlp=None, encoder=None) -> tuple[Finding, ...]:
    """Findings for every storyline (or, without storylines, every event) of ``grouping``."""
    from .encode import encode

    options = options or CheckOptions()
    tune = options.tuning
    by_id = {a.id: (a, f) for a, f in items}
    stories = [(s.id, s.article_ids) for s in grouping.storylines] or [(e.id, e.article_ids)
                                                                        for e in grouping.events]
    if not stories and by_id:
        stories = [("all", tuple(sorted(by_id)))]
    events = {a: e.id for e in grouping.events for a in e.article_ids}
    families = copy_families(by_id, grouping.copies)
    # A rewrite (a spun copy) confirms nothing, so it joins its original's family when
    # corroboration is counted; but it is its own voice when facts are compared, since
    # what a rewrite changed is exactly what a reader needs to see.  Verbatim copies
    # (duplicates, scrapes, reposts) share their original's voice.
    voices = copy_families(by_id, [c for c in grouping.copies if c.kind != "rewrite"])
    rewritten = {voices.get(c.article_id, c.article_id): voices.get(c.original_id, c.original_id)
                 for c in grouping.copies if c.kind == "rewrite"}
    out: list[Finding] = []
    for story_id, article_ids in stories:
        members = [by_id[a] for a in article_ids if a in by_id][: options.max_articles]
        if not members:
            continue
        sources = prepare(members, voices, events, _nlp(nlp))
        found = opinion_findings(story_id, sources)
        if len({s.family for s in sources}) >= 2:
            vectors = {n: encode([src.sentences[i].text for i in src.factual], encoder)
                       for n, src in enumerate(sources)}
            similarity = _similarity(sources, vectors)
            pairs = align(sources, vectors, tune.align)
            conflicts = (descriptor_findings(story_id, sources)
                         + role_findings(story_id, sources, pairs, tune, similarity)
                         + figure_findings(story_id, sources, options.figure_tuning, similarity,
                                           _unit_similarity(encoder), pairs)
                         + quote_findings(story_id, sources, tune))
            conflicts = _merge_repeats([_rewrite_opposes(f, voices, rewritten) for f in conflicts])
            found += conflicts
            counted = [replace(src, family=families.get(src.id, src.id)) for src in sources]
            found += corroboration_findings(story_id, counted, pairs, tune, _contested(sources, conflicts),
                                            similarity)
            found += outlier_findings(story_id, sources,
                                      [f for f in conflicts if f.kind != "figure-change"], tune.outlier_ratio,
                                      derived=rewritten)
        out.extend(found)
    order = {k: i for i, k in enumerate(("outlier-copy", "descriptor-conflict", "role-conflict", "figure-conflict",
                                         "quote-conflict", "figure-change", "corroboration", "opinion"))}
    out.sort(key=lambda f: (f.story_id, order.get(f.kind, 99), -f.confidence, f.id))
    return tuple(out)


_SWAP_SIDE = {"support": "oppose", "oppose": "support"}


def _merge_repeats(findings: list[Finding]) -> list[Finding]:
    """One finding per conflict: the same statement against copies of one sentence is said once.

    Copies of the majority's sentence (a scrape and its original) each pair with the minority's,
    which gives findings with the same kind, explanation and opposing side; merge their evidence.
    """
    merged: dict[tuple, Finding] = {}
    for f in findings:
        key = (f.kind, f.explanation, f.opposing)
        if key not in merged:
            merged[key] = f
            continue
        first = merged[key]
        evidence = tuple(dict.fromkeys(first.evidence + f.evidence))
        merged[key] = replace(
            first, evidence=evidence, supporting=tuple(sorted(set(first.supporting) | set(f.supporting))),
            id=finding_id(first.story_id, first.kind, [e.span for e in evidence]),
            confidence=max(first.confidence, f.confidence), sources=max(first.sources, f.sources))
    return list(merged.values())


def _rewrite_opposes(f: Finding, voices: dict[str, str], rewritten: dict[str, str]) -> Finding:
    """Put a rewrite on the opposing side of a conflict with its own original.

    With only the two of them, counting sources gives no majority; but the original is the
    reference and the rewrite is what changed, so the original's agreement must not suffer.
    """
    support = {voices.get(a, a) for a in f.supporting}
    oppose = {voices.get(a, a) for a in f.opposing}
    if not any(rewritten.get(v) in oppose for v in support) or any(rewritten.get(v) in support for v in oppose):
        return f
    evidence = tuple(replace(e, side=_SWAP_SIDE.get(e.side, e.side)) for e in f.evidence)
    return replace(f, supporting=f.opposing, opposing=f.supporting, evidence=evidence)


def _similarity(sources: list[Source], vectors):
    """Cosine of any two factual sentences of the story (None for a sentence without a vector)."""
    rows = [{i: r for r, i in enumerate(src.factual)} for src in sources]

    def similarity(a: int, i: int, b: int, j: int) -> float | None:
        r, c = rows[a].get(i), rows[b].get(j)
        if r is None or c is None:
            return None
        return float(vectors[a][r] @ vectors[b][c])

    return similarity


def _unit_similarity(encoder):
    """Cosine of two counted nouns ("resident", "inhabitant"), cached for the story."""
    from .encode import encode

    cache: dict[str, object] = {}

    def unit_sim(u: str, v: str) -> float:
        for w in (u, v):
            if w not in cache:
                cache[w] = encode([w], encoder)[0]
        return float(cache[u] @ cache[v])

    return unit_sim


def _contested(sources: list[Source], conflicts: list[Finding]) -> set[tuple[int, int]]:
    """(source, sentence) of every sentence a conflict cites on its minority side: such a sentence
    does not corroborate the majority's version, however close its wording."""
    index = {src.id: n for n, src in enumerate(sources)}
    out = set()
    for f in conflicts:
        for e in f.evidence:
            n = index.get(e.span.article_id)
            if e.side != "oppose" or n is None:
                continue
            for i, info in enumerate(sources[n].sentences):
                if info.span.start < e.span.end and e.span.start < info.span.end:
                    out.add((n, i))
    return out


def check_claim(claim: str, items: Sequence[tuple[Article, ArticleFacts]], reader,
                options: CheckOptions | None = None, *, encoder=None) -> Verdict:
    """Is ``claim`` supported, contradicted, or not found in these articles?"""
    from .claim import ClaimChecker

    return ClaimChecker(reader, options or CheckOptions(), encoder=encoder).check(claim, items)
