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
from dataclasses import dataclass

from ..records import Article, ArticleFacts, Finding, Verdict
from .findings import (
    Tuning,
    align,
    copy_families,
    corroboration_findings,
    descriptor_findings,
    figure_findings,
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
    role: float = 0.5  # role swaps against the story's majority are trusted from here
    flip: float = 0.75
    figure_tolerance: float = 0.1  # relative difference under which two figures agree
    quote_same: float = 90.0  # rapidfuzz partial_ratio: the same quoted words
    quote_altered: float = 70.0  # ratio: the same quote, reworded
    outlier_ratio: float = 2.0  # an outlier has this many times the conflicts of the next source
    max_articles: int = 200  # larger storylines are checked on their first articles only
    # claim checking
    claim_candidates: int = 5
    claim_found: float = 0.45
    claim_support: float = 0.62

    def __post_init__(self) -> None:
        from ..errors import NewsprismError

        for name in ("align", "corroborate", "flip", "claim_found", "claim_support"):
            v = getattr(self, name)
            if not 0.0 <= v <= 1.0:
                raise NewsprismError(f"CheckOptions.{name} must be in [0, 1], got {v}")

    @property
    def tuning(self) -> Tuning:
        return Tuning(align=self.align, corroborate=self.corroborate, role=self.role, flip=self.flip,
                      quote_same=self.quote_same, quote_altered=self.quote_altered,
                      outlier_ratio=self.outlier_ratio)


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
    out: list[Finding] = []
    for story_id, article_ids in stories:
        members = [by_id[a] for a in article_ids if a in by_id][: options.max_articles]
        if not members:
            continue
        sources = prepare(members, families, events, _nlp(nlp))
        found = opinion_findings(story_id, sources)
        if len({s.family for s in sources}) >= 2:
            vectors = {}
            for n, src in enumerate(sources):
                vectors[n] = encode([src.sentences[i].text for i in src.factual], encoder)
            pairs = align(sources, vectors, tune.align)
            roles = role_findings(story_id, sources, pairs, tune)
            conflicted = {(p.a, p.i) for p in pairs for f in roles
                          if any(e.span == sources[p.a].sentences[p.i].span for e in f.evidence)}
            conflicted |= {(p.b, p.j) for p in pairs for f in roles
                           if any(e.span == sources[p.b].sentences[p.j].span for e in f.evidence)}
            conflicts = (descriptor_findings(story_id, sources) + roles
                         + [f for f in figure_findings(story_id, sources, options.figure_tolerance)]
                         + quote_findings(story_id, sources, tune))
            found += conflicts
            found += corroboration_findings(story_id, sources, pairs, tune, conflicted)
            found += outlier_findings(story_id, sources,
                                      [f for f in conflicts if f.kind != "figure-change"], tune.outlier_ratio)
        out.extend(found)
    order = {k: i for i, k in enumerate(("outlier-copy", "descriptor-conflict", "role-conflict", "figure-conflict",
                                         "quote-conflict", "figure-change", "corroboration", "opinion"))}
    out.sort(key=lambda f: (f.story_id, order.get(f.kind, 99), -f.confidence, f.id))
    return tuple(out)


def check_claim(claim: str, items: Sequence[tuple[Article, ArticleFacts]], reader,
                options: CheckOptions | None = None, *, encoder=None) -> Verdict:
    """Is ``claim`` supported, contradicted, or not found in these articles?"""
    from .claim import ClaimChecker

    return ClaimChecker(reader, options or CheckOptions(), encoder=encoder).check(claim, items)
