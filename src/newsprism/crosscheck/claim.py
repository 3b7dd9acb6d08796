"""``check_claim``: is one statement supported, contradicted, or not found in a set of articles?

The claim is read like an article sentence; candidate sentences are retrieved by
embedding similarity plus lemma and entity overlap; the best candidates are then
compared fact by fact (:mod:`.compare`) and the claim's names and numbers are looked
up in the whole article, because a swapped name or a changed number is the commonest
way a faithful-looking claim goes wrong and embeddings barely see either.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..records import Article, ArticleFacts, Evidence, Span, Verdict
from .analysis import SentenceInfo, analyse_doc, analyse_sentence
from .compare import compare
from .encode import encode

_NAME = re.compile(r"\b[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*")
_DIGITS = re.compile(r"\d")


@lru_cache(maxsize=1)
def default_nlp():
    from ..read import load_nlp

    return load_nlp()


@dataclass
class _Analysed:
    article: Article
    sentences: tuple[SentenceInfo, ...]
    vectors: np.ndarray
    lower: str  # folded text for name look-ups
    numbers: tuple[float, ...]


class ClaimChecker:
    """Holds the reader, options and the analysed articles (reused across claims)."""

    def __init__(self, reader, options, *, encoder=None):
        self.reader = reader
        self.options = options
        self.encoder = encoder
        self._cache: dict[str, _Analysed] = {}

    @property
    def nlp(self):
        return self.reader.nlp if self.reader is not None else default_nlp()

    def _analyse(self, items: Sequence[tuple[Article, ArticleFacts]]) -> list[_Analysed]:
        todo = [a for a, _ in items if a.id not in self._cache]
        for article, doc in zip(todo, self.nlp.pipe([a.text for a in todo], batch_size=16)):
            sents = tuple(s for s in analyse_doc(doc, article.id) if len(s.text.split()) >= 3)
            self._cache[article.id] = _Analysed(
                article=article, sentences=sents, vectors=encode([s.text for s in sents], self.encoder),
                lower=" ".join(article.text.lower().split()),
                numbers=tuple(n.value for s in sents for n in s.numbers))
        return [self._cache[a.id] for a, _ in items]

    def check(self, claim: str, items: Sequence[tuple[Article, ArticleFacts]]) -> Verdict:
        from ..errors import InputError

        text = " ".join(claim.split())
        if not text:
            raise InputError("<claim>", "empty-claim", "the claim to check is empty")
        doc = self.nlp(text)
        info = analyse_sentence(doc[:], "claim")
        qvec = encode([text], self.encoder)[0]
        best: list[tuple[float, float, _Analysed, int]] = []
        for an in self._analyse(items):
            if not len(an.sentences):
                continue
            sims = an.vectors @ qvec
            for k in np.argsort(-sims)[: self.options.claim_candidates]:
                s = an.sentences[int(k)]
                lex = _coverage(info, s)
                best.append((float(sims[k]) + 0.25 * lex, float(sims[k]), an, int(k)))
        if not best:
            return Verdict(claim=text, verdict="not-found", confidence=0.5, explanation="no articles to check against")
        best.sort(key=lambda t: (-t[0], t[2].article.id, t[3]))
        score, sim, an, k = best[0]
        sent = an.sentences[k]
        ev = (Evidence(span=sent.span, text=an.article.text[sent.span.start:sent.span.end].strip(),
                       side="context"),)
        coverage = _coverage(info, sent)
        if sim < self.options.claim_found and coverage < 0.5:
            return Verdict(claim=text, verdict="not-found", confidence=round(1 - max(sim, 0.0), 3),
                           explanation="no sentence in the coverage says anything close", evidence=ev)
        # facts the claim adds that the article does not carry
        missing_names = [n for n in _names(doc) if n.lower() not in an.lower]
        missing_numbers = [n.value for n in info.numbers
                           if not any(abs(n.value - v) <= 0.02 * max(abs(v), 1e-9) for v in an.numbers)]
        conflicts = []
        for _, s2, an2, k2 in best[:3]:
            if s2 < self.options.claim_found:
                continue
            cands = compare(info, an2.sentences[k2], numbers=True)
            conflicts.extend(c for c in cands if c.kind != "number")
            if s2 == sim and k2 == k and an2 is an:
                conflicts.extend(c for c in cands if c.kind == "number" and missing_numbers)
        reasons = [c.detail for c in conflicts]
        if missing_names:
            reasons.append(f"the coverage never names {', '.join(missing_names[:3])}")
        if missing_numbers:
            reasons.append("the coverage never gives " + ", ".join(f"{v:,g}" for v in missing_numbers[:3]))
        span_ev = (Evidence(span=sent.span, text=ev[0].text, side="oppose" if reasons else "support"),)
        if reasons:
            contradicted = bool(conflicts) or bool(missing_numbers and sent.numbers) or bool(
                missing_names and sent.keys - info.keys)
            return Verdict(claim=text, verdict="contradicted" if contradicted else "not-found",
                           confidence=round(min(0.95, 0.5 + 0.4 * sim), 3),
                           explanation="; ".join(reasons), evidence=span_ev)
        if sim >= self.options.claim_support or coverage >= 0.75 and sim >= self.options.claim_found:
            return Verdict(claim=text, verdict="supported", confidence=round(min(0.95, 0.3 + 0.6 * sim), 3),
                           explanation=f"said by {an.article.outlet or an.article.title or an.article.id}",
                           evidence=span_ev)
        return Verdict(claim=text, verdict="not-found", confidence=round(1 - sim, 3),
                       explanation="the closest sentence does not say this", evidence=ev)


def _coverage(claim: SentenceInfo, sent: SentenceInfo) -> float:
    if not claim.lemmas:
        return 0.0
    return len(claim.lemmas & sent.lemmas) / len(claim.lemmas)


def _names(doc) -> list[str]:
    """Proper names of the claim: entity texts, and capitalised words past the first token."""
    out = []
    for ent in doc.ents:
        if ent.label_ in ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART"):
            name = re.sub(r"^(the|The)\s+", "", ent.text).strip(" .,'\u2019s")
            if name and not _DIGITS.search(name):
                out.append(name)
    return sorted(set(out))


def claim_span(text: str) -> Span:
    return Span("claim", 0, len(text))
