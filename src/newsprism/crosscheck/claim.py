"""``check_claim``: is one statement supported, contradicted, or not found in a set of articles?

The claim is read like an article (the only text parsed here); candidate sentences are
retrieved by embedding similarity plus lemma overlap; the best candidates' stored sentence
facts are then compared with the claim's (:mod:`.compare`) and the claim's names and
numbers are looked up in the whole article, because a swapped name or a changed number is
the commonest way a faithful-looking claim goes wrong and embeddings barely see either.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..records import Article, ArticleFacts, Evidence, SentenceFacts, Span, Verdict
from .compare import Sentence, compare
from .encode import encode

_DIGITS = re.compile(r"\d")
_NAME_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART")


@dataclass
class _Analysed:
    article: Article
    sentences: tuple[SentenceFacts, ...]
    vectors: np.ndarray
    lower: str  # folded text for name look-ups
    numbers: tuple[float, ...]


class ClaimChecker:
    """Holds the reader, options and the articles' sentence vectors (reused across claims).

    The articles are never parsed again: their stored sentence facts are compared with the
    claim, which is the only text read here.
    """

    def __init__(self, reader, options, *, encoder=None):
        self.reader = reader
        self.options = options
        self.encoder = encoder
        self._cache: dict[str, _Analysed] = {}

    def _read_claim(self, text: str) -> ArticleFacts:
        claim = Article(id="claim", text=text, source="<claim>", format="text")
        if self.reader is not None:
            return self.reader.read(claim)
        from ..read import Reader

        return Reader().read(claim)

    def _analyse(self, items: Sequence[tuple[Article, ArticleFacts]]) -> list[_Analysed]:
        for article, facts in items:
            if article.id in self._cache:
                continue
            sents = tuple(s for s in facts.sentence_facts
                          if len(article.text[s.span.start:s.span.end].split()) >= 3)
            self._cache[article.id] = _Analysed(
                article=article, sentences=sents,
                vectors=encode([article.text[s.span.start:s.span.end] for s in sents], self.encoder),
                lower=" ".join(article.text.lower().split()),
                numbers=tuple(v.amount for s in sents for v in s.values
                              if v.kind in ("number", "age") and v.amount is not None))
        return [self._cache[a.id] for a, _ in items]

    def check(self, claim: str, items: Sequence[tuple[Article, ArticleFacts]]) -> Verdict:
        from ..errors import InputError

        text = " ".join(claim.split())
        if not text:
            raise InputError("<claim>", "empty-claim", "the claim to check is empty")
        cfacts = self._read_claim(text)
        info = _merge(cfacts, text)
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
        missing_names = [n for n in _names(cfacts, text) if n.lower() not in an.lower]
        numbers = [v.amount for v in info.values if v.kind in ("number", "age") and v.amount is not None]
        missing_numbers = [n for n in numbers if not any(abs(n - v) <= 0.02 * max(abs(v), 1e-9) for v in an.numbers)]
        conflicts = []
        claim_sentence = Sentence(-1, 0, info, text)
        for _, s2, an2, k2 in best[:3]:
            if s2 < self.options.claim_found:
                continue
            found, _ = compare(claim_sentence, Sentence(0, k2, an2.sentences[k2], an2.article.text), s2,
                               opposites=True)
            conflicts.extend(d for d in found if d.kind != "number" or missing_numbers)
        reasons = list(dict.fromkeys(f"{d.mine.text} in the claim, {d.theirs.text} in the coverage"
                                     for d in conflicts))
        if missing_names:
            reasons.append(f"the coverage never names {', '.join(missing_names[:3])}")
        if missing_numbers:
            reasons.append("the coverage never gives " + ", ".join(f"{v:,g}" for v in missing_numbers[:3]))
        span_ev = (Evidence(span=sent.span, text=ev[0].text, side="oppose" if reasons else "support"),)
        if reasons:
            sent_numbers = any(v.kind in ("number", "age") for v in sent.values)
            sent_keys = {v.key for v in sent.values if v.kind in ("person", "org", "place", "nationality")}
            claim_keys = {v.key for v in info.values if v.kind in ("person", "org", "place", "nationality")}
            contradicted = bool(conflicts) or bool(missing_numbers and sent_numbers) or bool(
                missing_names and sent_keys - claim_keys)
            return Verdict(claim=text, verdict="contradicted" if contradicted else "not-found",
                           confidence=round(min(0.95, 0.5 + 0.4 * sim), 3),
                           explanation="; ".join(reasons), evidence=span_ev)
        if sim >= self.options.claim_support or coverage >= 0.75 and sim >= self.options.claim_found:
            return Verdict(claim=text, verdict="supported", confidence=round(min(0.95, 0.3 + 0.6 * sim), 3),
                           explanation=f"said by {an.article.outlet or an.article.title or an.article.id}",
                           evidence=span_ev)
        return Verdict(claim=text, verdict="not-found", confidence=round(1 - sim, 3),
                       explanation="the closest sentence does not say this", evidence=ev)


def _merge(facts: ArticleFacts, text: str) -> SentenceFacts:
    """The claim as one sentence (a claim the parser splits is still one statement)."""
    sents = facts.sentence_facts
    if len(sents) == 1:
        return sents[0]
    return SentenceFacts(span=Span("claim", 0, len(text)),
                         lemmas=tuple(dict.fromkeys(lemma for s in sents for lemma in s.lemmas)),
                         values=tuple(v for s in sents for v in s.values),
                         clauses=tuple(c for s in sents for c in s.clauses),
                         modality=sents[0].modality if sents else "current")


def _coverage(claim: SentenceFacts, sent: SentenceFacts) -> float:
    if not claim.lemmas:
        return 0.0
    return len(set(claim.lemmas) & set(sent.lemmas)) / len(set(claim.lemmas))


def _names(facts: ArticleFacts, text: str) -> list[str]:
    """Proper names of the claim, as written."""
    out = []
    for ent in facts.entities:
        if ent.label not in _NAME_LABELS:
            continue
        for m in ent.mentions:
            name = re.sub(r"^(the|The)\s+", "", text[m.start:m.end]).strip(" .,'\u2019s")
            if name and not _DIGITS.search(name):
                out.append(name)
    return sorted(set(out))


def claim_span(text: str) -> Span:
    return Span("claim", 0, len(text))
