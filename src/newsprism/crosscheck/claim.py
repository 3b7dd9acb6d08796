"""``check_claim``: is one statement supported, contradicted, or not found in a set of articles?

The claim is read like an article (the only text parsed here); candidate sentences are
retrieved by embedding similarity plus lemma overlap; the best candidates' stored sentence
facts are then compared with the claim's (:mod:`.compare`) and the claim's names and
numbers are looked up in the whole article, because a swapped name or a changed number is
the commonest way a faithful-looking claim goes wrong and embeddings barely see either.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from .. import lexicon
from ..read.lexicon import known_nationality
from ..records import Article, ArticleFacts, Descriptor, Evidence, SentenceFacts, SourceVerdict, Span, Value, Verdict
from .compare import Sentence, compare
from .encode import encode

_DIGITS = re.compile(r"\d")
_JOINS = "|".join(lexicon.table("crosscheck")["clause_joins"])
# a comma or semicolon, with or without a joining word, or a joining word alone
_PART_BREAK = re.compile(rf"\s*(?:[,;]\s*(?:(?:{_JOINS})\b)?|\s(?:{_JOINS})\b)\s+")
_WORD = re.compile(r"[a-z][a-z'-]+")
_FUNCTION_WORDS = frozenset(lexicon.words("function_words"))
_NAME_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART")


@dataclass
class _Analysed:
    article: Article
    sentences: tuple[SentenceFacts, ...]
    vectors: np.ndarray
    lower: str  # folded text for name look-ups
    numbers: tuple[float, ...]
    written: frozenset[float]  # numbers written in figures where the reader took no figure
    countries: frozenset[str]  # the countries its names and demonyms stand for ("Kyrgyz" -> kyrgyzstan)
    stems: frozenset[str]  # the first five letters of each word it uses


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
                numbers=tuple(n for s in sents for n in _amounts(s.values, article.text)),
                written=_written(article.text, _figure_spans(sents)),
                countries=_countries(article, facts),
                stems=frozenset(w[:5] for w in _WORD.findall(article.text.lower())))
        return [self._cache[a.id] for a, _ in items]

    def check(self, claim: str, items: Sequence[tuple[Article, ArticleFacts]], *,
              outliers: frozenset[str] = frozenset()) -> Verdict:
        """The claim against every article: each article's own verdict, then the side more
        independent sources take.  ``outliers``: articles cross-checking named the odd copy of
        their story (stored findings); on a tie the other side wins."""
        from ..errors import InputError
        from ..outlets import independent_sources

        text = " ".join(claim.split())
        if not text:
            raise InputError("<claim>", "empty-claim", "the claim to check is empty")
        cfacts = self._read_claim(text)
        info = _merge(cfacts, text)
        parts = _parts(text)
        vecs = encode([text, *parts] if len(parts) > 1 else [text], self.encoder)
        qvec, pvecs = vecs[0], vecs[1:]
        analysed = self._analyse(items)
        if not analysed:
            return Verdict(claim=text, verdict="not-found", confidence=0.5, explanation="no articles to check against")
        ranked = [self._candidates(an, info, qvec) for an in analysed]
        described = _described_people(cfacts, info)
        verdicts = [self._one(an, facts, cands, text, cfacts, info, described, qvec)
                    for an, (_, facts), cands in zip(analysed, items, ranked)]
        verdicts = [self._all_parts_near(an, v, parts, pvecs) for an, v in zip(analysed, verdicts)]
        by_source = tuple(SourceVerdict(article_id=an.article.id, source=_label(an.article), verdict=v.verdict,
                                        explanation=v.explanation, evidence=v.evidence)
                          for an, v in zip(analysed, verdicts))
        voices = independent_sources([an.article for an in analysed])
        sides = {kind: [(an, v) for an, v in zip(analysed, verdicts) if v.verdict == kind]
                 for kind in ("supported", "contradicted")}
        counts = {kind: len({voices[an.article.id] for an, _ in pairs}) for kind, pairs in sides.items()}
        if not counts["supported"] and not counts["contradicted"]:
            # no source says it either way: the closest sentence of all, as context
            best = max(zip(analysed, verdicts, ranked), key=lambda t: (t[2][0][0] if t[2] else -1.0))
            return replace(best[1], by_source=by_source)
        winner = _winner(counts, sides, outliers)
        pairs = sides[winner]
        lead = max(pairs, key=lambda t: t[1].confidence)[1]
        tally = "; ".join(
            f"{kind} by {n} independent source{'s' if n != 1 else ''} "
            f"({', '.join(dict.fromkeys(_label(an.article) for an, _ in sides[kind]))})"
            for kind, n in sorted(counts.items(), key=lambda kv: kv[0] != winner) if n)
        explanation = f"{tally}: {lead.explanation}" if len(by_source) > 1 else lead.explanation
        # each span once, though a descriptor and its sentence, or two copies, cite it twice
        evidence = tuple({(e.span.article_id, e.span.start, e.span.end, e.side): e
                          for _, v in sides["supported"] + sides["contradicted"] for e in v.evidence}.values())
        return Verdict(claim=text, verdict=winner, confidence=lead.confidence, explanation=explanation,
                       evidence=evidence, by_source=by_source)

    def _all_parts_near(self, an: _Analysed, verdict: Verdict, parts: list[str], pvecs: np.ndarray) -> Verdict:
        """A supported verdict stands only if every part of the claim is near something the article
        says: a claim that adds an unrelated fact to one the article gives ("the firm avoided
        bankruptcy, and parliament will vote on Tuesday") is as close to that one sentence as a
        faithful claim is.  A part is far when no sentence comes ``claim_part`` near it and the
        article lacks most of its content words (a paraphrase keeps its words or its meaning)."""
        if verdict.verdict != "supported" or not len(pvecs) or not len(an.sentences):
            return verdict
        for part, near in zip(parts, (an.vectors @ pvecs.T).max(axis=0)):
            if float(near) >= self.options.claim_part:
                continue
            words = [w for w in _WORD.findall(part.lower()) if w not in _FUNCTION_WORDS and len(w) > 2]
            if len(words) < 3:
                continue
            if sum(w[:5] in an.stems for w in words) / len(words) < self.options.claim_words:
                return Verdict(claim=verdict.claim, verdict="not-found", confidence=round(1 - float(near), 3),
                               explanation=f"the coverage says nothing of {part!r}",
                               evidence=tuple(replace(e, side="context") for e in verdict.evidence))
        return verdict

    def _candidates(self, an: _Analysed, info: SentenceFacts, qvec) -> list[tuple[float, float, int]]:
        """The article's sentences closest to the claim: (score, cosine, index), best first."""
        if not len(an.sentences):
            return []
        sims = an.vectors @ qvec
        out = [(float(sims[k]) + 0.25 * _coverage(info, an.sentences[int(k)]), float(sims[k]), int(k))
               for k in np.argsort(-sims)[: self.options.claim_candidates]]
        return sorted(out, key=lambda t: (-t[0], t[2]))

    def _one(self, an: _Analysed, facts: ArticleFacts, best, text: str, cfacts: ArticleFacts,
             info: SentenceFacts, claimed: list[tuple[str, tuple]], qvec: np.ndarray) -> Verdict:
        """What one article says of the claim (``claimed``: who the claim describes, and how)."""
        described = _descriptors(claimed, an.article, facts)
        if described.oppose:
            return Verdict(claim=text, verdict="contradicted", confidence=0.8,
                           explanation="; ".join(described.reasons), evidence=described.oppose)
        if described.unsaid and not described.support and _describes_only(info):
            # "X is the Portuguese interior minister" where the article calls X "Interior Minister"
            # only: it neither says nor denies the nationality
            return Verdict(claim=text, verdict="not-found", confidence=0.6,
                           explanation="; ".join(described.unsaid))
        if described.support and not described.unsaid and _describes_only(info):
            # "X is the US Secretary of State": who the person is, which the article says of them
            return Verdict(claim=text, verdict="supported", confidence=0.8,
                           explanation=f"said by {_label(an.article)}", evidence=described.support)
        verdict = self._sentence_verdict(an, best, text, cfacts, info, qvec)
        if verdict.verdict == "supported" and described.unsaid:
            # a claim that says more of a person than the article ("the Russian Secretary of State"
            # where it says "Secretary of State") is not what the article says
            return Verdict(claim=text, verdict="not-found", confidence=verdict.confidence,
                           explanation="; ".join(described.unsaid), evidence=(
                               replace(verdict.evidence[0], side="context"),) if verdict.evidence else ())
        if verdict.verdict == "supported" and described.support:
            return replace(verdict, evidence=described.support + verdict.evidence)
        return verdict

    def _sentence_verdict(self, an: _Analysed, best, text: str, cfacts: ArticleFacts,
                          info: SentenceFacts, qvec: np.ndarray) -> Verdict:
        if not best:
            return Verdict(claim=text, verdict="not-found", confidence=0.5, explanation="the article has no sentences")
        score, sim, k = best[0]
        sent = an.sentences[k]
        ev = (_sentence_evidence(an, k, "context"),)
        coverage = _coverage(info, sent)
        if sim < self.options.claim_found and coverage < self.options.claim_words:
            return Verdict(claim=text, verdict="not-found", confidence=round(1 - max(sim, 0.0), 3),
                           explanation="no sentence in the coverage says anything close", evidence=ev)
        # facts the claim adds that the article does not carry
        # a country counts as named by any of its names or demonyms ("Kyrgyzstan", "the Kyrgyz
        # Republic", "the Kyrgyz president"); a capital is another place
        missing_names = [n for n in _names(cfacts, text) if n.lower() not in an.lower
                         and known_nationality(n) not in an.countries]
        # the claim's figures, and any number it writes that the reader took no figure for (an
        # inverted range, "40,500 to 33,000 tonnes", reads as its second end alone)
        numbers = _amounts(info.values, text) + sorted(_written(text, _figure_spans([info])))
        missing_numbers = [n for n in numbers if n not in an.written
                           and not any(abs(n - v) <= 0.02 * max(abs(v), 1e-9) for v in an.numbers)]
        conflicts = []
        claim_sentence = Sentence(-1, 0, info, text)
        close = [(s2, k2) for _, s2, k2 in best[:3] if s2 >= self.options.claim_found]
        for s2, k2 in close:
            found, _ = compare(claim_sentence, Sentence(0, k2, an.sentences[k2], an.article.text), s2,
                               opposites=True)
            # a figure clashes only in a sentence that says the same ("two people are missing"
            # does not deny "three people died"): numbers are compared by what they count alone
            conflicts.extend(d for d in found if d.kind != "number" or missing_numbers
                             and s2 >= self.options.claim_support)
        reasons = list(dict.fromkeys(f"{d.mine.text} in the claim, {d.theirs.text} in the coverage"
                                     for d in conflicts))
        if missing_names:
            reasons.append(f"the coverage never names {', '.join(missing_names[:3])}")
        if missing_numbers:
            reasons.append("the coverage never gives " + ", ".join(_shown(v) for v in missing_numbers[:3]))
        span_ev = (Evidence(span=sent.span, text=ev[0].text, side="oppose" if reasons else "support"),)
        if reasons:
            sent_keys = {v.key for v in sent.values if v.kind in ("person", "org", "place", "nationality")}
            claim_keys = {v.key for v in info.values if v.kind in ("person", "org", "place", "nationality")}
            # a name the coverage never gives contradicts only where a sentence says the same of
            # someone else ("Initech's profit rose 12 percent" / "Acme's ..."); a sentence merely
            # near it, naming others, leaves the claim not found
            said_alike = sim >= self.options.claim_support or coverage >= self.options.claim_words
            contradicted = bool(conflicts) or bool(missing_names and sent_keys - claim_keys and said_alike)
            return Verdict(claim=text, verdict="contradicted" if contradicted else "not-found",
                           confidence=round(min(0.95, 0.5 + 0.4 * sim), 3),
                           explanation="; ".join(reasons),
                           evidence=span_ev if contradicted else (replace(span_ev[0], side="context"),))
        flip = _local_opposite(info, an.sentences, window=self.options.claim_opposite_window,
                               context=self.options.claim_opposite_context)
        if flip:
            word, k2, theirs = flip
            return Verdict(claim=text, verdict="contradicted", confidence=round(min(0.95, 0.5 + 0.4 * sim), 3),
                           explanation=f"{word!r} in the claim, {theirs!r} in the coverage",
                           evidence=(_sentence_evidence(an, k2, "oppose"),))
        apart = _polarity_apart(info, sent, [an.sentences[k2] for _, k2 in close])
        if apart:
            return Verdict(claim=text, verdict="not-found", confidence=0.6, explanation=apart, evidence=ev)
        if sim >= self.options.claim_support or coverage >= 0.75 and sim >= self.options.claim_found:
            return Verdict(claim=text, verdict="supported", confidence=round(min(0.95, 0.3 + 0.6 * sim), 3),
                           explanation=f"said by {_label(an.article)}", evidence=span_ev)
        joined, pair = _joined(an.vectors, [k2 for _, _, k2 in best], qvec) if self.options.claim_joined \
            else (-1.0, (k, k))
        if joined >= self.options.claim_support:
            # a summary sentence often joins two of the article's ("X rose 5%, and Y fell"): the
            # claim is as close to those two read together as a supported claim is to one sentence
            return Verdict(claim=text, verdict="supported", confidence=round(min(0.95, 0.3 + 0.6 * joined), 3),
                           explanation=f"said by {_label(an.article)}, in two sentences",
                           evidence=tuple(_sentence_evidence(an, k2, "support") for k2 in pair))
        return Verdict(claim=text, verdict="not-found", confidence=round(1 - sim, 3),
                       explanation="the closest sentence does not say this", evidence=ev)


def _parts(text: str, min_words: int = 4) -> list[str]:
    """The claim's clauses as its commas and joining words part them, a piece shorter than
    ``min_words`` kept with its neighbour ("In May, prices rose" is one part)."""
    bounds = [0, *(x for m in _PART_BREAK.finditer(text) for x in (m.start(), m.end())), len(text)]
    spans: list[tuple[int, int]] = []
    for start, end in zip(bounds[::2], bounds[1::2]):
        if not text[start:end].strip():
            continue
        if spans and (len(text[start:end].split()) < min_words
                      or len(text[spans[-1][0]:spans[-1][1]].split()) < min_words):
            spans[-1] = (spans[-1][0], end)  # the break between them stays in the part
        else:
            spans.append((start, end))
    return [text[start:end] for start, end in spans]


def _sentence_evidence(an: _Analysed, k: int, side: str) -> Evidence:
    span = an.sentences[k].span
    return Evidence(span=span, text=an.article.text[span.start:span.end].strip(), side=side)


def _joined(vectors: np.ndarray, ks: Sequence[int], qvec: np.ndarray) -> tuple[float, tuple[int, int]]:
    """The cosine of the claim with the best two of the candidate sentences read together (the
    normalised sum of their stored unit vectors: nothing is encoded again), and those two in
    article order."""
    best, pair = -1.0, (0, 0)
    for i, a in enumerate(ks):
        for b in ks[i + 1:]:
            v = vectors[a] + vectors[b]
            norm = float(np.linalg.norm(v))
            cos = float(v @ qvec) / norm if norm else -1.0
            if cos > best:
                best, pair = cos, (min(a, b), max(a, b))
    return best, pair


def _polarity_apart(claim: SentenceFacts, sent: SentenceFacts, close: Sequence[SentenceFacts] = ()) -> str:
    """A sentence alike in words cannot support a claim of the other polarity: the claim denies
    something ("did not collapse", "no one", "never") where neither the sentence nor the other
    ``close`` ones (a claim may join two sentences) deny anything, or the sentence denies an act
    the claim asserts.  Sentence embeddings barely tell "collapsed" from "did not collapse", and
    the claim's denial may sit on a noun ("the collapse of the dam") where no clause of the
    sentence can clash with it.  Returns why (the verdict's explanation), or "" when they agree."""
    def denies(s: SentenceFacts) -> bool:
        return any(c.negated for c in s.clauses) or any(v.kind == "negation" for v in s.values)

    if denies(claim) and not any(denies(s) for s in (sent, *close)):
        return "the claim denies something; the closest sentences deny nothing"
    # ("he said he could not say" asserts and denies one act: no clash with itself)
    asserted = {c.act for c in claim.clauses if not c.negated} - {c.act for c in claim.clauses if c.negated}
    denied = next((c for c in sent.clauses if c.negated and c.act in asserted), None)
    return f"the closest sentence negates {denied.verb or denied.act!r}" if denied else ""


def _amounts(values: Sequence[Value], text: str) -> list[float]:
    """The numbers a sentence gives: each figure's and age's value, and both ends of a range
    written in figures ("between $1.30 and $1.40", "10 to 12 people").  A vague amount ("tens of
    thousands") also has a range, the one a reader would accept, but its ends are not written:
    no claim gives them, so they are left out."""
    out = []
    for v in values:
        if v.kind not in ("number", "age"):
            continue
        if v.amount is not None:
            out.append(v.amount)
        elif v.low is not None and v.high is not None and any(c.isdigit() for c in text[v.span.start:v.span.end]):
            out.extend((v.low, v.high))
    return out


# A number in figures, not part of a word or code ("Q3", "10am", "v2.0", "COVID-19", "G-7") or of
# a fraction ("3/8"), nor an item's number at the start of a line ("4) The document ...").
_WRITTEN = re.compile(r"(?<![^\W\d_]-)(?<!\d/)(?:(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?)"
                      r"(?![\w.]\w|\w|/\d)")
_ITEM = re.compile(r"^[ \t]*(\d+)[.)]\s", re.M)


def _shown(v: float) -> str:
    """A number as a reader writes it: 200,000,000 (not 2e+08), 1.45, and a year as 2003."""
    if v != int(v):
        return f"{v:,.6g}"
    return str(int(v)) if 1000 <= v < 10000 else f"{int(v):,}"


def _figure_spans(sentences: Sequence[SentenceFacts]) -> list[Span]:
    return [v.span for s in sentences for v in s.values if v.kind in ("number", "age")]


def _written(text: str, read: Sequence[Span] = ()) -> frozenset[float]:
    """The numbers written in figures in ``text`` outside the ``read`` spans (the figures the
    reader took, with their scale: "2.7 million" is no 2.7): what it left ("$499/month", "Q3
    2021", a table cell).  An article gives these too; a claim must find them as it finds its
    figures."""
    taken = sorted((s.start, s.end) for s in read)
    starts = [a for a, _ in taken]
    out = set()
    items = {m.start(1) for m in _ITEM.finditer(text)}
    for m in _WRITTEN.finditer(text):
        k = bisect.bisect_right(starts, m.start()) - 1
        if m.start() in items or k >= 0 and m.start() < taken[k][1]:
            continue
        out.add(float(m.group(0).replace(",", "")))
    return frozenset(out)


def _opposites(word: str) -> set[str]:
    """The antonyms of a lemma: the word list's, but for converses, and the word with or without
    a negating prefix ("unsuitable" / "suitable")."""
    # converses ("sold to" / "bought from") are one event told from either party's side
    out = set(lexicon.relation("antonyms").get(word, ())) - lexicon.relation("converses").get(word, frozenset())
    for p in lexicon.words("negating_prefixes"):
        if word.startswith(p) and len(word) - len(p) >= 4:
            out.add(word[len(p):])
        out.add(p + word)
    return out


def _local_opposite(claim: SentenceFacts, sentences: Sequence[SentenceFacts], *, window: int = 3,
                    context: int = 2) -> tuple[str, int, str] | None:
    """A word of the claim that the article never uses, whose opposite the article uses among
    the claim's words around it: "an increase in net sales" where the article's net sales
    "decreased".  A claim that joins several facts has no one closest sentence, so each
    antonym is looked up with its own context (``window`` content words either side, at least
    ``context`` of them in the article's sentence).  (word, sentence index, the article's word)."""
    lemmas = list(claim.lemmas)
    said = [set(s.lemmas) for s in sentences]
    used = set().union(*said)
    for i, word in enumerate(lemmas):
        if word in used:
            continue
        near = set(lemmas[max(0, i - window):i] + lemmas[i + 1:i + 1 + window])
        opposite = _opposites(word) & used
        if not opposite or opposite & near:  # "a big dog and a small dog" opposes nothing
            continue
        need = min(context, len(near))
        if not need:
            continue
        best = max(((len(near & ls), -k) for k, ls in enumerate(said) if opposite & ls), default=None)
        if best is not None and best[0] >= need:
            k = -best[1]
            return word, k, sorted(opposite & said[k])[0]
    return None


def _describes_only(claim: SentenceFacts) -> bool:
    """Does the claim only say who someone is ("X is the Ukrainian foreign minister"): no act
    but the copula?"""
    return all(c.lemma in ("be", "") for c in claim.clauses)


def _label(article: Article) -> str:
    return article.outlet or article.title or article.id


def _winner(counts: dict[str, int], sides, outliers: frozenset[str]) -> str:
    """The side more independent sources take; on a tie, the side the story's odd copy is not on,
    else "contradicted" (a claim the coverage disputes is not established)."""
    if counts["supported"] != counts["contradicted"]:
        return max(counts, key=counts.get)
    odd = {kind for kind, pairs in sides.items() if any(an.article.id in outliers for an, _ in pairs)}
    if len(odd) == 1:
        return "supported" if odd == {"contradicted"} else "contradicted"
    return "contradicted"


@dataclass
class _Described:
    support: tuple[Evidence, ...] = ()
    oppose: tuple[Evidence, ...] = ()
    reasons: tuple[str, ...] = ()
    unsaid: tuple[str, ...] = ()  # descriptors the claim gives that the article gives no one


def _descriptors(claimed: list[tuple[str, tuple]], article: Article, facts: ArticleFacts) -> _Described:
    """The nationality and title the claim gives a named person (``claimed``) against those the
    article gives the same person (by surname): read from the stored entities, never from the
    text again."""
    from ..read.lexicon import country_key
    from ..read.sentences import entity_key
    from .compare import rank_apart, same_title

    out = _Described()
    people = {}
    for ent in facts.entities:
        if ent.label == "PERSON" and (key := entity_key(ent.name, "PERSON")):
            people.setdefault(key, []).append(ent)
    for name, described in claimed:
        named = people.get(entity_key(name, "PERSON") or "")
        if not named:
            continue  # the article does not name this person: nothing to say of them
        theirs = [d for e in named for d in e.descriptors]
        for d in described:
            if d.kind == "nationality":
                mine = country_key(d.text)
                given = [t for t in theirs if t.kind == "nationality" and country_key(t.text)]
                same = [t for t in given if country_key(t.text) == mine]
                other = [t for t in given if country_key(t.text) != mine]
            elif d.kind == "title":
                given = [t for t in theirs if t.kind == "title"]
                same = [t for t in given if same_title(d.text.lower(), t.text.lower())]
                other = [t for t in given if rank_apart(d.text.lower(), t.text.lower())]
            else:
                continue
            if same:
                out.support += tuple(_evidence(article, t, "support") for t in same[:1])
            elif other:
                out.oppose += tuple(_evidence(article, t, "oppose") for t in other[:1])
                out.reasons += (f"{name}'s {d.kind}: {d.text} in the claim, {other[0].text} in the coverage",)
            elif d.kind == "nationality":
                out.unsaid += (f"the coverage never gives {name}'s nationality ({d.text} in the claim)",)
    return out


def _described_people(cfacts: ArticleFacts, claim: SentenceFacts) -> list[tuple[str, tuple]]:
    """(name, descriptors) of the people the claim describes.  A short claim parses with little
    context, and the tagger may take a name for a place ("X is the Spanish interior minister"):
    a claim that only says who one named someone is, with one nationality in it, gives them that
    nationality (the article, which names them as a person, decides whether they are one)."""
    people = [(e.name, e.descriptors) for e in cfacts.entities if e.label == "PERSON" and e.descriptors]
    if people or not cfacts.sentence_facts or not _describes_only(claim):
        return people
    names = [e for e in cfacts.entities if e.label != "NORP"]
    nations = [e for e in cfacts.entities if e.label == "NORP" and known_nationality(e.name)]
    if len(names) == 1 and len(nations) == 1:
        nation = nations[0]
        return [(names[0].name, (Descriptor(text=nation.name, kind="nationality", span=nation.mentions[0]),))]
    return []


def _evidence(article: Article, d, side: str) -> Evidence:
    return Evidence(span=d.span, text=article.text[d.span.start:d.span.end], side=side)


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


def _countries(article: Article, facts: ArticleFacts) -> frozenset[str]:
    out = set()
    for ent in facts.entities:
        if ent.label in ("GPE", "NORP", "LOC"):
            out.update(known_nationality(article.text[m.start:m.end]) for m in ent.mentions)
    out.discard(None)
    return frozenset(out)


def _names(facts: ArticleFacts, text: str) -> list[str]:
    """Proper names of the claim, as written."""
    out = []
    for ent in facts.entities:
        if ent.label not in _NAME_LABELS:
            continue
        for m in ent.mentions:
            # the possessive goes, not a final "s" of the name ("Paris" stays "Paris")
            name = re.sub(r"['\u2019]s$", "", re.sub(r"^(the|The)\s+", "", text[m.start:m.end]).strip(" .,"))
            name = name.strip(" .,'\u2019")
            if name and not _DIGITS.search(name):
                out.append(name)
    return sorted(set(out))


def claim_span(text: str) -> Span:
    return Span("claim", 0, len(text))
