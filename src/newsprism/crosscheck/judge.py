"""Judge disagreements against the whole story: who is the odd one out, and how sure are we.

A disagreement between two aligned sentences says only that two sources differ.  Whether
it is a contradiction worth a reader's attention depends on the rest of the story:

- **majority**: how many independent sources (copy families count once) give the other
  value, and how many give this one;
- **novelty**: a value no other source mentions anywhere is more likely the error than
  one the story repeats;
- **closeness**: a difference inside two copies of one wire sentence is surer than one
  between two paraphrases.

Each minority version becomes one :class:`Contradiction` with a confidence in [0, 1].
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass


from .. import lexicon
from ..read.lexicon import HONORIFICS
from ..read.sentences import entity_key
from .align import Pair, Source
from .compare import (Agreement, Disagreement, Side, _reach, compare, quote_words, rank_apart, same_name,
                      same_quote, same_value)


@dataclass
class Contradiction:
    """One article's version of a fact against the version other articles give."""

    kind: str
    subkind: str
    about: str
    minority: Side  # the odd version (its span is what a finding cites on the opposing side)
    majority: list[Side]  # the versions it contradicts, one or more per other article
    against: int  # independent sources (copy families other than its own) that give another value
    agree: int  # independent sources that give the minority's value too
    copies_against: int  # copies of the same text (its own family) that give another value
    copies_agree: int  # copies of the same text that give the same value
    novel: bool  # no other source mentions the minority's value anywhere
    mode: str
    sim: float
    overlap: float
    derived: bool = False  # the minority is a copy or rewrite contradicting its own original
    own_has_majority: bool = False  # its own article gives the other value elsewhere
    shared: int = 0  # other values the aligned sentences agree on
    blocks: int = 0  # stretches of words that differ between the aligned sentences
    consistent: float = 1.0  # share of the other sources that give one and the same other value
    families: int = 1  # independent sources in the story
    support: int = 0  # independent sources that give the other value anywhere in the story
    confidence: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Weights:
    """The confidence model: a logistic score over the evidence of one contradiction.

    ``bias`` plus ``weight * value`` for every feature of :func:`features` named in ``terms``.
    The weights are fitted on the development cases (``python -m
    newsprism.evaluation.crosscheck_cases --fit``) and rounded; every feature is a general
    property of cross-source evidence (how many sources, how close the sentences, whether
    the odd value appears anywhere else), never a word, a name or a story.
    """

    bias: float = -7.41
    terms: tuple[tuple[str, float], ...] = (
        ('against', 0.7), ('against_share', -0.49), ('agree', -2.45), ('blocks', 0.14), ('consistent', 1.46),
        ('copies_against', 0.79), ('copies_agree', -2.24), ('copy', 0.41), ('derived', 1.05), ('entity_mode', 0.37),
        ('kind:copy:date', -0.28), ('kind:copy:descriptor', -0.36), ('kind:copy:negation', 2.25),
        ('kind:copy:number', -0.24), ('kind:copy:place', -0.63), ('kind:copy:roles', 0.54),
        ('kind:copy:speaker', -0.87), ('kind:entity:descriptor', 0.37), ('kind:paraphrase:date', 0.23),
        ('kind:paraphrase:descriptor', 0.76), ('kind:paraphrase:negation', 1.36), ('kind:paraphrase:number', -2.1),
        ('kind:paraphrase:place', -1.72), ('kind:paraphrase:roles', 0.69), ('novel', 2.83), ('overlap', 1.31),
        ('own_has_majority', -2.08), ('shared', 0.54), ('sim', 0.55), ('sole', -0.03), ('support', 0.6))


def features(c: Contradiction) -> dict[str, float]:
    """The evidence of one contradiction, as the confidence model reads it."""
    f = {"copy": float(c.mode in ("copy", "quote")), "sim": c.sim - 0.5, "overlap": c.overlap,
         "against": math.log2(1 + c.against), "agree": float(c.agree > 0),
         "copies_against": float(c.copies_against > 0), "copies_agree": float(c.copies_agree > 0),
         "novel": float(c.novel), "own_has_majority": float(c.own_has_majority), "derived": float(c.derived),
         "entity_mode": float(c.mode == "entity"), "shared": math.log2(1 + c.shared),
         "blocks": math.log2(1 + c.blocks), "consistent": c.consistent,
         "against_share": c.against / max(1, c.families - 1), "sole": float(c.blocks == 1)}
    mode = "copy" if c.mode == "quote" else c.mode
    f[f"kind:{mode}:{c.kind}"] = 1.0
    f["support"] = math.log2(1 + c.support)
    return f


def confidence(c: Contradiction, w: Weights) -> float:
    terms = dict(w.terms)
    z = w.bias + sum(x * terms.get(name, 0.0) for name, x in features(c).items())
    return round(1 / (1 + math.exp(-max(-30.0, min(30.0, z)))), 3)


# ------------------------------------------------------------------ gathering


def gather(srcs: Sequence[Source], pairs: Sequence[Pair], *, tolerance: float,
           copy_ratio: float) -> tuple[list[Disagreement], list[Agreement]]:
    """Every disagreement and agreement between aligned sentences, seen from both sides."""
    dis, agree = [], []
    for p in pairs:
        x, y = srcs[p.a].sentence(p.a, p.i), srcs[p.b].sentence(p.b, p.j)
        if x.facts.quoted != y.facts.quoted:
            continue
        for one, two in ((x, y), (y, x)):
            d, g = compare(one, two, p.sim, tolerance=tolerance, copy_ratio=copy_ratio)
            dis.extend(d)
            agree.extend(g)
    return dis, agree


def person_descriptors(srcs: Sequence[Source]) -> list[Disagreement]:
    """The same person given another age or nationality by another source, wherever each source
    says it (such a descriptor needs no aligned sentence: it describes the person)."""
    table: dict[tuple[str, str], list[tuple[int, int, object]]] = defaultdict(list)
    for n, src in enumerate(srcs):
        for i, sf in enumerate(src.sentences):
            if i not in src.factual:
                continue
            for v in sf.values:
                if v.kind in ("age", "nationality", "title") and v.about.startswith("person:"):
                    table[(v.about, v.kind)].append((n, i, v))
    from .scope import key_entities, key_names

    keys = [key_names(key_entities(src.facts)) for src in srcs]
    out = []
    for (person, kind), occ in sorted(table.items()):
        # a source that names two people of one surname ("Tom Varga", the mayor, and "Peter
        # Varga", his son) gives descriptors that may be of either: they are not compared
        occ = [(n, i, v) for n, i, v in occ if not _two_of_one_surname(srcs[n], person)]
        for n, i, v in occ:
            for m, j, w in occ:
                if m == n or same_value(v, w, 0.0):
                    continue
                if kind == "title" and not (rank_apart(v.key, w.key) and _full_names(srcs[n], person)
                                            & _full_names(srcs[m], person)):
                    # one person holds several titles ("Mayor" and "a former schoolteacher",
                    # "founder" and "chief executive"), and sources word one role many ways
                    # ("lawyer", "attorney"): two titles clash only when one is the other made
                    # another rank ("vice president" / "president"), said of one person both
                    # name in full (a father and a son share "President Bush")
                    continue
                if len(keys[n] & keys[m] - key_names([person])) < 1:
                    continue  # one surname in two unrelated articles: maybe two people
                if any(same_value(v, w2, 0.0) for m2, _, w2 in occ if m2 == m):
                    continue  # that source also gives this value: two facts, not one in conflict
                mine = Side(n, i, v.span.start, v.span.end, v.key, srcs[n].article.text[v.span.start:v.span.end])
                theirs = Side(m, j, w.span.start, w.span.end, w.key, srcs[m].article.text[w.span.start:w.span.end])
                out.append(Disagreement("descriptor", kind, person, mine, theirs, "entity", 0.5, 0.0))
    return out


def _two_of_one_surname(src: Source, person: str) -> bool:
    """Does the source name two people with the surname of key ``person``?  Full names are one
    person when their given names meet, directly or through a third name: a shared name or one
    the short form of the other ("Katherine Ann Mole", "Kate Mole", "Ann Mole")."""
    from scipy.cluster.hierarchy import DisjointSet

    names = sorted(_full_names(src, person))
    if len(names) < 2:
        return False
    # honorifics are no given names: "Mr John Mole" and "John Mole" (people.txt)
    given = {n: {w.strip(".") for w in n.split()[:-1] if len(w.strip(".")) > 1} - HONORIFICS for n in names}
    people = DisjointSet(names)
    for a in names:
        for b in names:
            if a < b and any(x.startswith(y) or y.startswith(x) for x in given[a] for y in given[b]):
                people.merge(a, b)
    return people.n_subsets > 1


def _full_names(src: Source, person: str) -> set[str]:
    """The full names (two words or more) a source gives the person of key ``person``."""
    return {" ".join(e.name.lower().split()) for e in src.facts.entities
            if e.label == "PERSON" and len(e.name.split()) >= 2 and entity_key(e.name, "PERSON") == person}


def role_reversals(srcs: Sequence[Source], similarity,
                   threshold: float) -> tuple[list[Disagreement], list[Agreement]]:
    """The same act with its parties swapped anywhere in the story, between sentences at least
    ``threshold`` alike: "Russia's build-up near Ukraine" in two sources, "this build-up in and
    around Russia" that Ukraine must stop in a third.  (Aligned pairs only see a sentence's
    best match; a reversal is often told in another sentence.)"""
    acts: dict[tuple[str, str, str], list[tuple[int, int, object]]] = defaultdict(list)
    for n, src in enumerate(srcs):
        for i in src.factual:
            for c in src.sentences[i].clauses:
                if c.agent and c.other:
                    acts[(c.act, c.agent, c.other)].append((n, i, c))
    out, agree = [], []
    acts = {k: [(n, i, c) for n, i, c in v if srcs[n].sentences[i].modality != "future"] for k, v in acts.items()}
    for (act, a, b), mine in sorted(acts.items(), key=lambda kv: kv[0]):
        theirs = acts.get((act, b, a), [])
        if not theirs:
            continue
        for n, i, c in mine:  # other sources telling the act the same way round
            sx, ex = _reach(c)
            side = Side(n, i, sx, ex, f"{act}:{a}>{b}", "")
            for m, j, o in mine:
                if m != n:
                    agree.append(Agreement("roles", side, Side(m, j, *_reach(o), f"{act}:{a}>{b}", "")))
        for n, i, c in mine:
            if any(m == n and j == i for m, j, _ in acts.get((act, b, a), [])):
                continue  # the sentence says both
            for m, j, o in theirs:
                if m == n or any(m2 == m and j2 == j for m2, j2, _ in mine):
                    continue
                sim = similarity(n, i, m, j)
                if sim is None or sim < threshold:
                    continue
                sx, ex = _reach(c)
                sy, ey = _reach(o)
                out.append(Disagreement(
                    "roles", act, f"{act}:{'|'.join(sorted((a, b)))}",
                    Side(n, i, sx, ex, f"{act}:{a}>{b}", f"{c.agent_name} {c.verb} {c.other_name}".strip()),
                    Side(m, j, sy, ey, f"{act}:{b}>{a}", f"{o.agent_name} {o.verb} {o.other_name}".strip()),
                    "paraphrase", sim, 0.0))
    return out, agree


# A speaker written as a pronoun was resolved by rule: too weak to set two sources against each other
# (data/lexicon/crosscheck.txt).
_PRONOUNS = frozenset(lexicon.table("crosscheck")["pronouns"])


def quote_speakers(srcs: Sequence[Source], *, same: float, min_words: int) -> list[Disagreement]:
    """The same quoted words given to different people by different sources."""
    quotes = []
    for n, src in enumerate(srcs):
        for q in src.facts.quotes:
            if not q.direct:
                continue
            # only a named person: "the comedian", "producers" or "a witness" may be anyone
            ent = src.facts.entity(q.speaker) if q.speaker else None
            if ent is None or ent.label != "PERSON" or q.speaker_span is None:
                continue
            sent = src.sentences[_sentence_of(src, q.span.start)].span if src.sentences else None
            if sent is None or not sent.start <= q.speaker_span.start < sent.end:
                continue  # only a speaker named in the quote's own sentence: one found by context can be wrong
            written = src.article.text[q.speaker_span.start:q.speaker_span.end]
            if not any(w[:1].isupper() for w in written.split()) or written.lower() in _PRONOUNS:
                continue  # a pronoun resolved by rule is too weak to set two sources against each other
            key = entity_key(ent.name, "PERSON")
            # The quoted words only: an interrupted quote's span also holds its cue ("..., Steele
            # said, ..."), which another source's copy of the words does not.
            pieces = q.parts or (q.span,)
            text = quote_words(" ".join(src.article.text[p.start:p.end] for p in pieces))
            if key and len(text.split()) >= min_words:
                span = q.speaker_span or q.span
                quotes.append((n, q, key, text, span))
    out = []
    for n, q, key, text, span in quotes:
        for m, q2, key2, text2, span2 in quotes:
            if m == n or key == key2 or same_name(srcs[n].article.text[span.start:span.end],
                                                  srcs[m].article.text[span2.start:span2.end]):
                continue
            if not same_quote(text, text2, same=same, min_words=min_words):
                continue
            i = _sentence_of(srcs[n], q.span.start)
            j = _sentence_of(srcs[m], q2.span.start)
            here, there = srcs[n].sentences[i].span, srcs[m].sentences[j].span
            if _names_in(srcs[m].article.text[span2.start:span2.end], srcs[n].article.text[here.start:here.end]) \
                    or _names_in(srcs[n].article.text[span.start:span.end],
                                 srcs[m].article.text[there.start:there.end]):
                continue  # the other speaker is named beside the quote too: whose words is unclear
            mine = Side(n, i, span.start, span.end, key, srcs[n].article.text[span.start:span.end])
            theirs = Side(m, j, span2.start, span2.end, key2, srcs[m].article.text[span2.start:span2.end])
            out.append(Disagreement("speaker", "speaker", text[:60], mine, theirs, "quote", 1.0, 1.0))
    return out


def _names_in(name: str, text: str) -> bool:
    """Is a speaker's surname written in ``text``?"""
    words = [w for w in re.findall(r"[A-Z][\w'-]+", name) if w not in ("Mr", "Mrs", "Ms", "Dr")]
    return bool(words) and re.search(rf"\b{re.escape(words[-1])}\b", text) is not None


def _sentence_of(src: Source, offset: int) -> int:
    for i, sf in enumerate(src.sentences):
        if sf.span.start <= offset < sf.span.end:
            return i
    return 0


# ------------------------------------------------------------------ judging


def _values_of_story(srcs: Sequence[Source]) -> dict[str, list[tuple[int, object]]]:
    """kind -> (source, value) of every value of the story, for novelty look-ups."""
    out: dict[str, list[tuple[int, object]]] = defaultdict(list)
    for n, src in enumerate(srcs):
        for sf in src.sentences:
            for v in sf.values:
                out[v.kind].append((n, v))
    return out


def _mentions(srcs, values, exclude_family: str | None, kind: str, key: str, tolerance: float,
              only: int | None = None, skip_sent: tuple[int, int] | None = None, about: str | None = None,
              strict: bool = False) -> bool:
    """Does any source (outside family ``exclude_family``; or only source ``only``) give ``key``
    (about ``about``, when given)?"""
    for m, v in values.get(kind, ()):
        if only is not None and m != only:
            continue
        if about and (v.about or strict) and v.about != about:
            continue
        if exclude_family is not None and srcs[m].family == exclude_family:
            continue
        if skip_sent is not None and m == skip_sent[0] and \
                srcs[m].sentences[skip_sent[1]].span.start <= v.span.start < srcs[m].sentences[skip_sent[1]].span.end:
            continue
        if kind in ("number", "age"):
            try:
                amount = float(key)
            except ValueError:
                continue
            if v.amount is not None and abs(v.amount - amount) <= tolerance * max(abs(amount), 1e-9):
                return True
        elif v.key == key:
            return True
    return False


_VALUE_KIND = {"number": ("number", "age"), "descriptor": None, "place": ("place", "org"), "date": ("date",)}


def judge(srcs: Sequence[Source], disagreements: Sequence[Disagreement], agreements: Sequence[Agreement], *,
          weights: Weights, tolerance: float, derived: dict[str, str] | None = None) -> list[Contradiction]:
    """One contradiction per minority version, with its confidence.

    ``derived``: article id -> the id of the original it copies or rewrites."""
    derived = derived or {}
    values = _values_of_story(srcs)
    agree_of: dict[tuple[int, int, int], set[int]] = defaultdict(set)
    for g in agreements:
        agree_of[(g.mine.src, g.mine.start, g.mine.end)].add(g.theirs.src)
    by_occ: dict[tuple[int, int, int, str], list[Disagreement]] = defaultdict(list)
    for d in disagreements:
        by_occ[(d.mine.src, d.mine.start, d.mine.end, d.kind)].append(d)
    out = []
    for (n, start, end, kind), ds in sorted(by_occ.items(), key=lambda kv: kv[0]):
        # Copy families, not outlets: the confidence model was fitted on them, and a copy that
        # changed a value is the error signal; two articles of one outlet that differ are two
        # reports (a toll updated over a day, two companies' results in one template), not a
        # changed copy.  Outlets count once where sources are counted for the reader
        # (findings.py: corroboration, a finding's sources, the outlier).
        family = srcs[n].family
        against = {d.theirs.src for d in ds}
        agreeing = agree_of.get((n, start, end), set()) - against
        best = max(ds, key=lambda d: (d.mode in ("copy", "quote"), d.sim, d.overlap))
        value_kinds = _VALUE_KIND.get(kind) or ((best.subkind,) if kind == "descriptor" else ())
        novel, own_has_majority = True, False
        support = len({srcs[d.theirs.src].family for d in ds} - {family})
        if value_kinds:
            about = best.about if kind in ("number", "descriptor") else None
            novel = not any(_mentions(srcs, values, family, vk, best.mine.key, tolerance, about=about,
                                      strict=kind == "descriptor") for vk in value_kinds)
            support = len({s.family for m, s in enumerate(srcs) if s.family != family and any(
                _mentions(srcs, values, None, vk, d.theirs.key, tolerance, only=m, about=about)
                for d in ds for vk in value_kinds)})
            own_has_majority = any(
                _mentions(srcs, values, None, vk, d.theirs.key, tolerance, only=n, skip_sent=(n, d.mine.sent),
                          about=about, strict=kind == "descriptor")
                for d in ds for vk in value_kinds)
        elif kind == "roles":  # nobody else tells the act this way round
            novel = not agreeing
        elif kind == "negation":
            novel = not any(c.negated and c.act == best.about for s in srcs if s.family != family
                            for sf in s.sentences for c in sf.clauses)
        their_values = [d.theirs.key for d in ds]
        modal = max(their_values.count(k) for k in set(their_values))
        original = derived.get(srcs[n].id)
        c = Contradiction(
            kind=kind, subkind=best.subkind, about=best.about, minority=best.mine, majority=[d.theirs for d in ds],
            against=len({srcs[m].family for m in against} - {family}),
            agree=len({srcs[m].family for m in agreeing} - {family} - {srcs[m].family for m in against}),
            copies_against=sum(srcs[m].family == family for m in against),
            copies_agree=sum(srcs[m].family == family for m in agreeing),
            novel=novel, mode=best.mode, sim=best.sim, overlap=best.overlap,
            derived=original is not None and any(srcs[m].id == original for m in against),
            own_has_majority=own_has_majority, shared=max(d.shared for d in ds),
            blocks=min(d.blocks for d in ds), consistent=modal / len(their_values),
            families=len({s.family for s in srcs}), support=support)
        c.confidence = confidence(c, weights)
        out.append(c)
    return out


def drop_mirrors(cs: list[Contradiction]) -> list[Contradiction]:
    """Of two versions that each contradict the other, keep the one judged the odd one out.

    Every disagreement is seen from both sides; the majority's side is no contradiction
    when the minority's side is surer (more sources against it, or a value nobody else gives;
    a copy that differs from its own original is already weighed by the ``derived`` feature:
    which of two wire reprints is the "original" is often a guess, so it does not decide)."""
    by_span = {(c.minority.src, c.minority.start, c.minority.end, c.kind): c for c in cs}
    # on a tie (one source against one), the article that contradicts the story elsewhere too
    total: dict[int, float] = defaultdict(float)
    by_src: dict[int, list[Contradiction]] = defaultdict(list)
    for c in cs:
        total[c.minority.src] += c.confidence
        by_src[c.minority.src].append(c)

    def rank(c: Contradiction) -> tuple:
        return (c.confidence, total[c.minority.src], -c.minority.src, -c.minority.start)

    def elsewhere(c: Contradiction, values: set[str]) -> float:
        """The strongest contradiction of ``c``'s article about other values than ``values``."""
        return max((x.confidence for x in by_src[c.minority.src]
                    if x.minority.text.lower() not in values and not values & {y.text.lower() for y in x.majority}),
                   default=0.0)

    def odder(m: Contradiction, c: Contradiction) -> bool:
        """Is ``m`` rather than ``c`` the odd one out?  With as many sources on each side the
        sides' confidences differ only by where each sentence stands; an article contradicted
        elsewhere in the story more surely than either side is here is the likelier to be wrong
        (weaker disagreements elsewhere are the noise every long report has)."""
        if (m.against, m.agree) == (c.against, c.agree):
            values = {c.minority.text.lower(), m.minority.text.lower()}
            here = max(m.confidence, c.confidence)
            em, ec = (e if e >= here else 0.0 for e in (elsewhere(m, values), elsewhere(c, values)))
            if em != ec:
                return em > ec
        return rank(m) > rank(c)

    out = []
    for c in cs:
        mirrors = [by_span.get((m.src, m.start, m.end, c.kind)) for m in c.majority]
        if any(m is not None and m is not c and odder(m, c) for m in mirrors):
            continue
        out.append(c)
    return out
