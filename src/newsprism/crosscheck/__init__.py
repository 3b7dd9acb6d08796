"""Cross-check the sources of a story: corroboration, contradictions, the outlier copy.

    crosscheck(items, grouping, options, vectors=...)   -> Findings for every story
    check_stories(articles, grouping, options, ...)     -> StoryCheck per story: its findings and the key
                                                           of what they depend on (a story whose key is
                                                           stored keeps its stored findings)
    check_claim(claim, items, reader, options)          -> Verdict on one statement

Works from what ``read`` stored (``ArticleFacts.sentence_facts``) and one vector per
sentence; nothing here parses text.  No NLI model is available offline and embeddings
cannot see contradictions, so the work is split:

1. :mod:`.align`: embeddings *align* the sentences of independent sources;
2. :mod:`.compare`: the values and clauses of each aligned pair are *compared* (numbers
   about the same thing, people, places, dates, descriptors, negation, who did what to whom);
   quotes and person descriptors are also compared across the whole story;
3. :mod:`.judge`: each disagreement is *judged* against the story (how many independent
   sources give each version, whether the odd version appears anywhere else, how close the
   two sentences are) into a confidence;
4. :mod:`.findings`: the contradictions become findings, strongest first, and the source
   the sure ones oppose is named the outlier.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..records import Article, ArticleFacts, Finding, Verdict
from ..versions import code_digest, digest
from .align import Prefetched, SentenceVectors, align, similarity, sources, to_encode, vectors_for
from .findings import (
    CONFLICT_KINDS,
    change_findings,
    contradiction_findings,
    copy_families,
    corroboration_findings,
    opinion_findings,
    outlier_findings,
    quotes_by_speaker,
)
from .judge import Weights, drop_mirrors, gather, judge, person_descriptors, quote_speakers, role_reversals
from .scope import key_entities, story_scopes

__all__ = ["CheckOptions", "CONFLICT_KINDS", "Weights", "StoryCheck", "crosscheck", "check_stories", "check_claim",
           "quotes_by_speaker", "encoder_vectors"]

# The code a story's findings come from: this package and the reader's lexicons and records it
# compares.  A stored story key made by other code is a miss, so an upgrade rechecks every story.
_CODE = ("crosscheck", "read", "lexicon.py", "records.py", "outlets.py", "data")


@dataclass(frozen=True, kw_only=True)
class CheckOptions:
    """Settings of the cross-checker.

    Similarities are cosines of MiniLM sentence vectors.  ``align``: two sentences are
    compared value by value above this; ``corroborate``: above this they carry the same claim;
    ``copy_ratio``: sentences sharing this share of their words (difflib ratio) are compared
    as copies of one sentence, by a word diff; ``report``: contradictions at or above this
    confidence are shown as contradictions (weaker ones are kept, counted and listed apart).
    """

    align: float = 0.55
    distinct: float = 0.95  # ... or this, between articles that name no entity in common
    corroborate: float = 0.78
    copy_ratio: float = 0.6
    role: float = 0.45  # a reversed act is looked for between any two sentences this alike
    figure_tolerance: float = 0.1  # relative difference under which two figures agree
    quote_same: float = 90.0  # rapidfuzz partial_ratio: the same quoted words
    quote_words: int = 6  # shorter quoted phrases given to two speakers are stock phrases, not one quote
    report: float = 0.25
    outlier_min: float = 0.25  # expected errors (summed confidences) that make an article the outlier ...
    outlier_ratio: float = 1.0  # ... when they are more than this many times the next article's
    outlier_cite: float = 0.1  # the outlier is shown with its contradictions of this confidence or more
    attach: int = 2  # a lone article sharing this many key entities with a story is checked with it
    moment_days: int = 1  # reports published this many days apart give figures of different moments
    min_words: int = 5  # shorter sentences are no claims to compare
    max_articles: int = 200  # larger stories are checked on their first articles only
    weights: Weights = field(default_factory=Weights)
    # claim checking
    claim_candidates: int = 5
    claim_found: float = 0.45
    claim_support: float = 0.62
    # a sentence holding this share of the claim's content words is close to it, however low the
    # cosine; and one that also names someone the claim does not says it of someone else
    claim_words: float = 0.5
    # a claim word the article never uses, its opposite used among the claim's words around it:
    # that many content words either side, at least ``claim_opposite_context`` of them beside it
    claim_opposite_window: int = 3
    claim_opposite_context: int = 2
    # a claim as close to two of the closest sentences read together as ``claim_support`` asks of
    # one is supported by them: summaries join sentences
    claim_joined: bool = True
    # a part of a claim (a clause joined by "and", "but", ...) that no sentence comes this near, and
    # whose content words the article mostly lacks (under ``claim_words``), is a fact the article does
    # not give: the claim is not found, however close the rest ("X rose 5%, and Y resigned")
    claim_part: float = 0.3

    def __post_init__(self) -> None:
        from ..errors import NewsprismError

        for name in ("align", "distinct", "corroborate", "copy_ratio", "role", "report", "outlier_cite",
                     "claim_found", "claim_support", "claim_words", "claim_part"):
            v = getattr(self, name)
            if not 0.0 <= v <= 1.0:
                raise NewsprismError(f"CheckOptions.{name} must be in [0, 1], got {v}")


def encoder_vectors(encoder=None) -> SentenceVectors:
    """Sentence vectors straight from the encoder (no store): for one-off checks and tests."""
    from .encode import encode

    def vectors(batch):
        flat = encode([t for _, _, ts in batch for t in ts], encoder)
        out, at = [], 0
        for _, _, ts in batch:
            out.append(flat[at:at + len(ts)])
            at += len(ts)
        return out

    return vectors


@dataclass(frozen=True, slots=True)
class StoryCheck:
    """One story's cross-check: ``key`` digests everything its findings are made from (the code,
    the options, the sentence vectors' encoder, its articles in order with their events, copy
    families and originals).  ``findings`` is None when the key was already stored: nothing the
    story is made of changed, so the stored findings stand (they are what checking it again gives)."""

    story_id: str
    key: str
    findings: tuple[Finding, ...] | None


def crosscheck(items: Sequence[tuple[Article, ArticleFacts]], grouping, options: CheckOptions | None = None, *,
               vectors: SentenceVectors | None = None, encoder=None, observe=None) -> tuple[Finding, ...]:
    """Findings for every story of ``grouping`` (storylines, lone articles attached to them).

    ``observe(sources, contradictions)``, when given, sees every judged contradiction of each
    story before weaker mirrors are dropped (the evaluation fits the confidence model on them).
    """
    checks = check_stories({a.id: (a, f) for a, f in items}, grouping, options, vectors=vectors, encoder=encoder,
                           observe=observe)
    return sort_findings(f for c in checks for f in c.findings or ())


def check_stories(articles: Mapping[str, tuple[Article, ArticleFacts]], grouping, options: CheckOptions | None = None,
                  *, vectors: SentenceVectors | None = None, encoder=None, observe=None,
                  entities: Mapping[str, Iterable[tuple[str, str]]] | None = None,
                  stored: Mapping[str, str] | None = None, basis: str = "",
                  progress: Callable[[int, int], None] | None = None) -> list[StoryCheck]:
    """A :class:`StoryCheck` for every story of ``grouping``, in scope order.

    ``articles``: every article by id (a mapping that loads on access serves: only the members of
    the stories checked are read).  ``entities``: ``(name, label)`` of each article's entities,
    when they come cheaper than its facts (the store's entity table); stories are scoped on them.
    ``stored``: story id -> key of the findings already stored; those stories are not checked again.
    ``basis``: what else the findings depend on that the options do not say (the kind of the
    sentence vectors).  ``progress(done, total)`` is called after each story.
    """
    options = options or CheckOptions()
    vectors = vectors or encoder_vectors(encoder)
    stored = stored or {}
    events = {a: e.id for e in grouping.events for a in e.article_ids}
    # Copies of one original count once when sources are counted (a scrape confirms nothing), and
    # so do the articles of one outlet (Source.voice, in align.sources); but every article is
    # compared with every other, its own original included: a copy that changed a fact of the
    # text it copies is exactly the broken copy a reader must see.
    families = copy_families(articles, grouping.copies)
    derived = {c.article_id: (c.original_id, c.kind) for c in grouping.copies}
    if entities is None:
        keys = {a: key_entities(f) for a, (_, f) in articles.items()}
    else:
        keys = {a: key_entities(entities.get(a, ())) for a in articles}
    version = digest(code_digest(*_CODE), options, basis)
    out: list[StoryCheck | None] = []
    scopes = list(story_scopes(grouping, keys, attach=options.attach))
    fetched = Prefetched(vectors)
    # (place in out, story, key, its sources, the sentences to encode), factual sentences held
    pending: list[tuple[int, str, str, list, list[list[int]]]] = []
    held = 0
    done = 0

    def check_pending() -> None:
        nonlocal held, done
        fetched.fetch([srcs for *_, srcs, _ in pending], [keep for *_, keep in pending])
        for at, story_id, key, srcs, keep in pending:
            found = _check_story(story_id, srcs, derived, options, fetched, observe, keep=keep)
            out[at] = StoryCheck(story_id=story_id, key=key, findings=tuple(sort_findings(found)))
            done += 1
            if progress is not None:
                progress(done, len(scopes))
        pending.clear()
        held = 0

    if progress is not None:
        progress(0, len(scopes))
    for story_id, article_ids in scopes:
        ids = [a for a in article_ids if a in articles][: options.max_articles]
        if not ids:
            continue
        key = digest(version, story_id, [(a, events.get(a), families[a], derived.get(a)) for a in ids])
        if stored.get(story_id) == key:
            out.append(StoryCheck(story_id=story_id, key=key, findings=None))
            done += 1
            continue
        srcs = sources([articles[a] for a in ids], families, events, min_words=options.min_words)
        pending.append((len(out), story_id, key, srcs, to_encode(srcs) if len(srcs) > 1 else [[] for _ in srcs]))
        out.append(None)
        held += sum(len(s.factual) for s in srcs)
        if held >= _FETCH_SENTENCES:
            check_pending()
    check_pending()
    if progress is not None:
        progress(len(scopes), len(scopes))
    return [c for c in out if c is not None]


# stories whose sentences are encoded in one batch: this many factual sentences (a few hundred
# articles' worth) keep the encoder's batches full without holding many stories in memory
_FETCH_SENTENCES = 4096


def sort_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Story by story: the outlier first, contradictions strongest first, then by kind and id."""
    order = {k: i for i, k in enumerate(("outlier-copy",) + CONFLICT_KINDS + ("figure-change", "corroboration",
                                                                              "opinion"))}
    return tuple(sorted(findings, key=lambda f: (f.story_id, f.kind != "outlier-copy",
                                                 -f.confidence if f.kind in CONFLICT_KINDS else 0,
                                                 order.get(f.kind, 99), f.id)))


def _check_story(story_id, srcs, derived, options: CheckOptions, provider: SentenceVectors,
                 observe=None, *, keep: list[list[int]] | None = None) -> list[Finding]:
    found = opinion_findings(story_id, srcs)
    if len(srcs) < 2:
        return found
    vecs = vectors_for(srcs, provider, keep=keep)
    sim = similarity(srcs, vecs)
    pairs = align(srcs, vecs, options.align, options.distinct)
    dis, agree = gather(srcs, pairs, tolerance=options.figure_tolerance, copy_ratio=options.copy_ratio)
    dis += person_descriptors(srcs)
    reversed_acts, same_acts = role_reversals(srcs, sim, options.role)
    dis += reversed_acts
    agree += same_acts
    dis += quote_speakers(srcs, same=options.quote_same, min_words=options.quote_words)
    # a figure in a plan or forecast against one reported as fact is a change over time; so is a
    # figure in reports of different days (a toll updated, a weekly index, a daily market
    # operation), and their dates and places are of different moments too: not compared
    # two reports of one outlet that are no copies of one text are no two sources: where they
    # differ, the later one updates or covers another subject (two companies' notes in one
    # template, a toll revised); a copy that changed its text still is checked against it
    kept, planned = [], []
    for d in dis:
        if _one_outlet(srcs, d):
            continue
        apart = d.kind in _OF_A_MOMENT and _days_apart(srcs, d) >= options.moment_days
        if d.kind == "number" and (apart or _moment(srcs, d.mine) != _moment(srcs, d.theirs)):
            planned.append(d)
        elif not apart:
            kept.append(d)
    dis = kept
    originals = {a: o for a, (o, _) in derived.items()}
    judged = judge(srcs, dis, agree, weights=options.weights, tolerance=options.figure_tolerance, derived=originals)
    if observe is not None:
        observe(srcs, judged)
    judged = drop_mirrors(judged)
    conflicts = contradiction_findings(story_id, srcs, judged)
    changes = drop_mirrors(judge(srcs, planned, agree, weights=options.weights, tolerance=options.figure_tolerance))
    found += conflicts + change_findings(story_id, srcs, changes)
    contested = {(c.minority.src, c.minority.sent) for c in judged if c.confidence >= options.report}
    found += corroboration_findings(story_id, srcs, pairs, options.corroborate, contested, sim)
    found += outlier_findings(story_id, srcs, conflicts, minimum=options.outlier_min, ratio=options.outlier_ratio,
                              cite=options.outlier_cite, derived=derived)
    return found


# kinds of disagreement whose values hold for one moment (a person's nationality or a quote's
# speaker does not change from one day's report to the next)
_OF_A_MOMENT = frozenset({"number", "date", "place"})


def _one_outlet(srcs, d) -> bool:
    mine, theirs = srcs[d.mine.src], srcs[d.theirs.src]
    return mine.voice == theirs.voice and mine.family != theirs.family


def _days_apart(srcs, d) -> int:
    """Days between the publication dates of the two articles (0 when either has none)."""
    from datetime import date

    a, b = srcs[d.mine.src].article.date, srcs[d.theirs.src].article.date
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days) if a and b else 0
    except ValueError:
        return 0


def _moment(srcs, side) -> bool:
    """Is the value about a plan or forecast?  Its own clause says, where the reader found it
    differs from its sentence (a modal in another clause plans nothing of this figure)."""
    sf = srcs[side.src].sentences[side.sent]
    own = next((v.modality for v in sf.values if (v.span.start, v.span.end) == (side.start, side.end)
                and v.modality), "")
    return (own or sf.modality) == "future"


def check_claim(claim: str, items: Sequence[tuple[Article, ArticleFacts]], reader,
                options: CheckOptions | None = None, *, encoder=None,
                outliers: Iterable[str] = ()) -> Verdict:
    """Is ``claim`` supported, contradicted, or not found in these articles?  Each article's own
    verdict is in ``Verdict.by_source``.  ``outliers``: the articles cross-checking named the odd
    copy of their story (a tie between sources goes against them)."""
    from .claim import ClaimChecker

    return ClaimChecker(reader, options or CheckOptions(), encoder=encoder).check(
        claim, items, outliers=frozenset(outliers))
