"""Findings over one story: align the sources' sentences, compare their facts, count sources.

Needs: the articles and their ArticleFacts, the grouping (storylines, events, copy links).
Adds: Finding records, each citing spans on every side.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

from ..records import Article, ArticleFacts, CopyLink, Evidence, Finding, Span
from .analysis import FrameRef, SentenceInfo, analyse_doc
from .compare import compare, directions
from .lexicon import FRAME_PHRASES, MEASURE_UNITS, UNIT_CLASS, nationality_key, party_key

_SAY_LEMMAS = frozenset({"say", "tell", "add", "warn", "state", "declare", "insist", "argue", "claim", "note",
                         "write", "explain", "announce", "stress", "urge", "ask", "reply"})
_QUOTED = re.compile(r"[\"\u201c\u2018']([^\"\u201c\u201d\u2018\u2019']{12,}?)[\"\u201d\u2019']|[\"\u201c](.{12,}?)[\"\u201d]")
_FIRST_PERSON = re.compile(r"\b(I|I'm|I've|me|my|we|our|us)\b")
_INTERJECTION = re.compile(r"^\W*(geez|gee|wow|yea|yeah|well|sure|oh|ugh|lol|hmm|yikes|duh)\b", re.I)
_RHETORICAL = re.compile(r"^\W*(?:but |and |so )?who knows\b|\?\s*$", re.I)


@dataclass
class Source:
    """One article of a story, analysed for comparison."""

    article: Article
    facts: ArticleFacts
    family: str  # copies of one original count once (see crosscheck(): voices vs families)
    event: str | None
    sentences: tuple[SentenceInfo, ...]
    opinion_spans: tuple[Span, ...] = ()
    factual: list[int] = field(default_factory=list)  # indexes of sentences that are reported fact

    @property
    def id(self) -> str:
        return self.article.id


@dataclass(frozen=True, slots=True)
class Tuning:
    align: float
    corroborate: float
    role: float
    flip: float
    quote_same: float
    quote_altered: float
    outlier_ratio: float
    flip_overlap: float = 0.5
    quote_words: int = 6


# similarity(source a, sentence i, source b, sentence j): cosine of the two sentences, None when
# either has no vector (opinion, or too short to be a claim)
Similarity = Callable[[int, int, int, int], "float | None"]


def copy_families(article_ids: Iterable[str], copies: Sequence[CopyLink]) -> dict[str, str]:
    """article id -> family id (the smallest id in its copy family)."""
    parent: dict[str, str] = {a: a for a in article_ids}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in copies:
        ra, rb = find(link.article_id), find(link.original_id)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {a: find(a) for a in article_ids}


def finding_id(story_id: str, kind: str, spans: Iterable[Span]) -> str:
    key = "|".join([story_id, kind] + sorted(f"{s.article_id}:{s.start}:{s.end}" for s in spans))
    return "f" + hashlib.blake2b(key.encode(), digest_size=6).hexdigest()


def _ev(src: Source, start: int, end: int, side: str) -> Evidence:
    return Evidence(span=Span(src.id, start, end), text=src.article.text[start:end], side=side)


def _sent_ev(src: Source, info: SentenceInfo, side: str) -> Evidence:
    return _ev(src, info.span.start, info.span.end, side)


def _overlaps(span: Span, spans: Sequence[Span]) -> bool:
    return any(s.start < span.end and span.start < s.end for s in spans)


def heuristic_opinions(src: Source) -> list[SentenceInfo]:
    """Writer's commentary when the facts carry none: first person, interjections, rhetorical asides.

    Only a fallback for facts read without the opinion extractor; quotes are never commentary.
    """
    out = []
    for info in src.sentences:
        text = info.text.strip()
        if info.quoted or _QUOTED.search(text):
            continue
        if _INTERJECTION.search(text) or _RHETORICAL.search(text) or (
                _FIRST_PERSON.search(text) and not re.search(r"\bU\.?S\b", text)):
            out.append(info)
    return out


def prepare(items: Sequence[tuple[Article, ArticleFacts]], families: dict[str, str],
            events: dict[str, str], nlp) -> list[Source]:
    articles = [a for a, _ in items]
    docs = nlp.pipe([a.text for a in articles], batch_size=16)
    out = []
    for (article, facts), doc in zip(items, docs):
        sents = analyse_doc(doc, article.id)
        src = Source(article=article, facts=facts, family=families.get(article.id, article.id),
                     event=events.get(article.id), sentences=sents,
                     opinion_spans=tuple(o.span for o in facts.opinions))
        out.append(src)
    if not any(s.opinion_spans for s in out):
        for src in out:
            src.opinion_spans = tuple(i.span for i in heuristic_opinions(src))
    for src in out:
        src.factual = [i for i, info in enumerate(src.sentences)
                       if len(info.text.split()) >= 5 and not _overlaps(info.span, src.opinion_spans)]
    return out


# ----------------------------------------------------------------- alignment


@dataclass(frozen=True, slots=True)
class Pair:
    a: int  # index into sources
    i: int  # sentence index in a
    b: int
    j: int
    sim: float


def align(sources: list[Source], vectors: dict[int, np.ndarray], threshold: float) -> list[Pair]:
    """Sentence pairs across independent sources: each sentence's best match, both directions."""
    pairs: dict[tuple[int, int, int, int], Pair] = {}
    for a in range(len(sources)):
        for b in range(a + 1, len(sources)):
            if sources[a].family == sources[b].family:
                continue
            va, vb = vectors[a], vectors[b]
            if not len(va) or not len(vb):
                continue
            sim = va @ vb.T
            ia, ib = sources[a].factual, sources[b].factual
            for r in range(len(ia)):
                c = int(sim[r].argmax())
                if sim[r, c] >= threshold:
                    pairs[(a, ia[r], b, ib[c])] = Pair(a, ia[r], b, ib[c], float(sim[r, c]))
            for c in range(len(ib)):
                r = int(sim[:, c].argmax())
                if sim[r, c] >= threshold:
                    pairs[(a, ia[r], b, ib[c])] = Pair(a, ia[r], b, ib[c], float(sim[r, c]))
    return [pairs[k] for k in sorted(pairs)]


# ------------------------------------------------------------------ findings


def _frame_of(info: SentenceInfo, d: tuple[str, str, str]) -> FrameRef | None:
    return next((f for f in info.frames if (f.frame, f.agent, f.other) == d), None)


def _n_sources(n: int) -> str:
    return f"{n} source{'s' if n != 1 else ''}"


def _act(f: FrameRef) -> str:
    """ "Portugal asked Spain", "Russia near Ukraine" (the frame's own wording when it has one)."""
    phrase = FRAME_PHRASES.get(f.frame)
    if phrase is not None:
        return phrase[1].format(x=f.agent_name, y=f.other_name)
    if f.relation == "place":
        return f"{f.agent_name} {f.verb} {f.prep} {f.other_name}"
    return f"{f.agent_name} {f.verb} {f.other_name}"


def _question(f: FrameRef) -> str:
    phrase = FRAME_PHRASES.get(f.frame)
    if phrase is not None:
        return phrase[0]
    return f"who {f.verb} {f.prep} whom" if f.relation == "place" else f"who {f.verb} whom"


def role_findings(story: str, sources: list[Source], pairs: list[Pair], tune: Tuning,
                  similarity: Similarity) -> list[Finding]:
    """Sentences that reverse who did what to whom, and aligned sentences that flip negation or polarity.

    A reversal is the same act (one frame: "asked"/"requested", "amassed"/"build-up") with its
    two named parties swapped, between sentences at least ``tune.role`` alike.  It is judged
    against the whole story: the direction more independent sources state is the majority and
    each minority sentence gets one finding citing every majority sentence it contradicts; a
    tie is only trusted between very close sentences (``tune.flip``).
    """
    held: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    where: dict[tuple[str, str, str], list[tuple[int, int]]] = defaultdict(list)
    for n, src in enumerate(sources):
        for i in src.factual:
            for d in directions(src.sentences[i]):
                held[d].add(src.family)
                where[d].append((n, i))
    # minority sentence -> [(direction it states, majority sentence, similarity)]
    against: dict[tuple[int, int], list[tuple[tuple[str, str, str], int, int, float]]] = defaultdict(list)
    for d in sorted(where):
        frame, x, y = d
        r = (frame, y, x)
        if r not in where:
            continue
        mine, theirs = len(held[d]), len(held[r] - held[d])
        if mine > 1 or theirs < 1 or mine == theirs and d > r:
            # several sources saying each direction report two acts ("A struck B", later "B
            # struck A"), not a reversal; a tie is judged once, from its first direction
            continue
        threshold = tune.role if mine < theirs else tune.flip
        for n, i in where[d]:
            x_info = sources[n].sentences[i]
            if r in directions(x_info):
                continue  # the sentence says both: no reversal to claim
            for m, j in where[r]:
                y_info = sources[m].sentences[j]
                if sources[m].family == sources[n].family or d in directions(y_info) \
                        or x_info.quoted != y_info.quoted:
                    continue
                sim = similarity(n, i, m, j)
                if sim is not None and sim >= threshold:
                    against[(n, i)].append((d, m, j, sim))
    out = []
    for (n, i), rows in sorted(against.items()):
        src, info = sources[n], sources[n].sentences[i]
        details, seen_d = [], set()
        for d, m, j, _ in rows:
            if d in seen_d:
                continue
            seen_d.add(d)
            mine = _frame_of(info, d)
            first = next((sources[m2].sentences[j2] for d2, m2, j2, _ in rows if d2 == d), None)
            theirs = _frame_of(first, (d[0], d[2], d[1]))
            n_mine, n_theirs = len(held[d]), len(held[(d[0], d[2], d[1])] - held[d])
            details.append(f"{_question(theirs)}: {_act(theirs)} ({_n_sources(n_theirs)}) vs "
                           f"{_act(mine)} ({_n_sources(n_mine)})")
            details.extend(_agent_changes(info, [sources[m2].sentences[j2] for d2, m2, j2, _ in rows if d2 == d],
                                          d, n_theirs, n_mine))
        supporters = sorted({(m, j) for _, m, j, _ in rows})
        ev = tuple(_sent_ev(sources[m], sources[m].sentences[j], "support") for m, j in supporters) + (
            _sent_ev(src, info, "oppose"),)
        best = max(sim for *_, sim in rows)
        tie = all(len(held[d]) == len(held[(d[0], d[2], d[1])] - held[d]) for d, *_ in rows)
        out.append(Finding(
            id=finding_id(story, "role-conflict", [e.span for e in ev]), story_id=story, kind="role-conflict",
            explanation="; ".join(dict.fromkeys(details)),
            confidence=round(min(0.95, (0.3 if tie else 0.45) + 0.5 * best), 3), evidence=ev,
            supporting=tuple(sorted({sources[m].id for m, _ in supporters})), opposing=(src.id,),
            sources=len({sources[m].family for m, _ in supporters} | {src.family})))
    out.extend(_flip_findings(story, sources, pairs, tune))
    return out


def _agent_changes(info: SentenceInfo, others: list[SentenceInfo], swapped: tuple[str, str, str],
                   n_theirs: int, n_mine: int) -> list[str]:
    """Other acts of a reversed sentence that changed hands between the same two parties:
    "… and Lisbon sent" where the others say "… and Madrid sent"."""
    out = []
    frame, *parties = swapped
    mine = {f.frame: f for f in info.frames if not f.other and f.agent in parties and f.frame != frame}
    for other in others:
        for f in other.frames:
            g = mine.get(f.frame)
            if f.other or g is None or f.agent not in parties or f.agent == g.agent:
                continue
            out.append(f"who {f.verb}: {f.agent_name} ({_n_sources(n_theirs)}) vs "
                       f"{g.agent_name} ({_n_sources(n_mine)})")
            del mine[f.frame]
    return out


def _overlap(x: SentenceInfo, y: SentenceInfo) -> float:
    """Jaccard overlap of two sentences' content lemmas."""
    union = x.lemmas | y.lemmas
    return len(x.lemmas & y.lemmas) / len(union) if union else 0.0


def _flip_findings(story: str, sources: list[Source], pairs: list[Pair], tune: Tuning) -> list[Finding]:
    """Closely aligned sentences that negate each other, use antonyms, or give one noun two nationalities."""
    mods: dict[tuple[str, str], set[str]] = defaultdict(set)
    for src in sources:
        for i in src.factual:
            for mod in src.sentences[i].modifiers:
                mods[mod].add(src.family)
    out = []
    for p in pairs:
        if p.sim < tune.flip:
            continue
        sa, sb = sources[p.a], sources[p.b]
        x, y = sa.sentences[p.i], sb.sentences[p.j]
        if x.quoted != y.quoted:
            continue
        kept, minority_is_a = [], None
        for c in compare(x, y):
            if c.kind == "roles":
                continue  # judged over the whole story in role_findings
            if c.kind in ("negation", "antonym") and _overlap(x, y) < tune.flip_overlap:
                continue  # the sentences share a topic but say different things, not one thing and its opposite
            if c.kind == "modifier":
                other = next((m for m in y.modifiers if m[0] == c.fact[0]), c.fact)
                mine, theirs = len(mods[c.fact]), len(mods[other])
                if min(mine, theirs) > 1:
                    continue  # each version from several sources: two facts ("A's posts", "B's posts")
                if mine != theirs and minority_is_a is None:
                    minority_is_a = mine < theirs
            kept.append(c)
        if not kept:
            continue
        if minority_is_a:
            (sa, x), (sb, y) = (sb, y), (sa, x)
        ev = (_sent_ev(sa, x, "support"), _sent_ev(sb, y, "oppose"))
        out.append(Finding(
            id=finding_id(story, "role-conflict", [e.span for e in ev]), story_id=story, kind="role-conflict",
            explanation="; ".join(c.detail for c in kept),
            confidence=round(min(0.95, 0.4 + 0.5 * p.sim), 3), evidence=ev,
            supporting=(sa.id,), opposing=(sb.id,), sources=2))
    return out


def corroboration_findings(story: str, sources: list[Source], pairs: list[Pair], tune: Tuning,
                           conflicted: set[tuple[int, int]], similarity: Similarity | None = None) -> list[Finding]:
    """Clusters of matching sentences across sources; a copy family counts once."""
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    members_of: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for p in sorted(pairs, key=lambda p: -p.sim):
        for node in ((p.a, p.i), (p.b, p.j)):
            if node not in parent:
                parent[node] = node
                members_of[node] = [node]
        if p.sim < tune.corroborate or (p.a, p.i) in conflicted or (p.b, p.j) in conflicted:
            continue
        ra, rb = find((p.a, p.i)), find((p.b, p.j))
        if ra == rb:
            continue
        fa = {sources[a].family for a, _ in members_of[ra]}
        fb = {sources[a].family for a, _ in members_of[rb]}
        if fa & fb:  # a claim is one sentence per source: refuse to chain loosely related ones
            continue
        root, other = min(ra, rb), max(ra, rb)
        parent[other] = root
        members_of[root] = members_of[root] + members_of.pop(other)
    clusters: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for node in list(parent):
        clusters[find(node)].append(node)
    out = []
    for members in clusters.values():
        members.sort()
        families = {sources[a].family for a, _ in members}
        if len(families) < 2:
            continue
        ev = tuple(_sent_ev(sources[a], sources[a].sentences[i], "support") for a, i in members)
        # the claim in the words closest to all the others: the wire's, not one outlet's rewording
        first = sources[members[0][0]].sentences[members[0][1]].text.strip()
        if similarity is not None:
            a, i = max(members, key=lambda m: sum(similarity(*m, *o) or 0.0 for o in members if o != m))
            first = sources[a].sentences[i].text.strip()
        out.append(Finding(
            id=finding_id(story, "corroboration", [e.span for e in ev]), story_id=story, kind="corroboration",
            explanation=f"{len(families)} independent sources carry: {_clip(first)}",
            confidence=round(min(0.95, 0.5 + 0.15 * len(families)), 3), evidence=ev,
            supporting=tuple(sorted({sources[a].id for a, _ in members})), sources=len(families)))
    return out


def descriptor_findings(story: str, sources: list[Source]) -> list[Finding]:
    """The same person given incompatible nationalities or party affiliations."""
    # person key -> value kind -> value -> list of (source index, start, end)
    table: dict[str, dict[str, dict[str, list[tuple[int, int, int]]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list)))
    names: dict[str, str] = {}
    for n, src in enumerate(sources):
        for info in src.sentences:
            if _overlaps(info.span, src.opinion_spans):
                continue
            for person in info.people:
                names.setdefault(person.key, person.name)
                if len(person.name) > len(names[person.key]):
                    names[person.key] = person.name
                for key, s, e in person.nationalities:
                    table[person.key]["nationality"][key].append((n, s, e))
                for key, s, e in person.parties:
                    table[person.key]["affiliation"][key].append((n, s, e))
        for ent in src.facts.entities:  # descriptors the Reader attached
            if ent.label != "PERSON":
                continue
            from .analysis import entity_key
            pkey = entity_key(ent.name, "PERSON")
            if not pkey:
                continue
            for d in ent.descriptors:
                val = nationality_key(d.text) if d.kind == "nationality" else party_key(d.text)
                kind = "nationality" if d.kind == "nationality" else "affiliation"
                if val and not any(s <= d.span.start < e for (_, s, e) in table[pkey][kind][val]):
                    table[pkey][kind][val].append((n, d.span.start, d.span.end))
    out = []
    for pkey in sorted(table):
        for kind in sorted(table[pkey]):
            values = table[pkey][kind]
            fams = {v: {sources[n].family for n, _, _ in occ} for v, occ in values.items()}
            if len(fams) < 2:
                continue
            # sources that give several values (a "Ukrainian" minister's "Russian" counterpart) are ambiguous
            ranked = sorted(fams, key=lambda v: (-len(fams[v]), v))
            major = ranked[0]
            tie = len(fams[ranked[1]]) == len(fams[major])
            ev, supporting, opposing = [], set(), set()
            for v in ranked:
                side = "support" if v == major else "oppose"
                for n, s, e in values[v]:
                    ev.append(_ev(sources[n], s, e, side))
                    (supporting if v == major else opposing).add(sources[n].id)
            opposing -= supporting
            if not opposing:
                continue
            label = " vs ".join(f"{_as_written(sources, values[v])} ({_n_sources(len(fams[v]))})" for v in ranked)
            out.append(Finding(
                id=finding_id(story, "descriptor-conflict", [e.span for e in ev]), story_id=story,
                kind="descriptor-conflict", explanation=f"{names[pkey]}: {label}",
                confidence=0.6 if tie else 0.8, evidence=tuple(ev), supporting=tuple(sorted(supporting)),
                opposing=tuple(sorted(opposing)), sources=len({sources[n].family for occ in values.values()
                                                               for n, _, _ in occ})))
    return out


def _as_written(sources: list[Source], occurrences: list[tuple[int, int, int]]) -> str:
    """The commonest wording of one descriptor value: "Portuguese", "US" (never the internal key)."""
    counts: dict[str, int] = defaultdict(int)
    for n, s, e in occurrences:
        counts[" ".join(sources[n].article.text[s:e].split())] += 1
    return max(sorted(counts), key=lambda w: counts[w])


@dataclass(frozen=True, slots=True)
class _Fig:
    src: int
    start: int
    end: int
    value: float
    low: float
    high: float
    unit: str  # singular head noun: "resident"
    unit_text: str  # as written: "residents"
    amount: str  # the amount as written for a reader: "around 1,200", "tens of thousands"
    modality: str
    dates: tuple[str, ...]
    sentence: int  # index into the source's sentences
    measure: bool = False  # money or a share, not a count (see MEASURE_UNITS)


def _unit(text: str) -> str:
    words = re.findall(r"[a-z%]+", text.lower())
    if not words:
        return ""
    w = words[-1]
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


_OF_AMOUNT = re.compile(r"^(.*\b(?:tens|hundreds|thousands|millions|billions|dozens|scores))\b", re.I)


def _amount(text: str, value: float | None, qualifier: str | None, low: float | None, high: float | None) -> str:
    """How much, as a reader would say it: vague amounts keep their words, never a midpoint."""
    if value is None:
        m = _OF_AMOUNT.match(" ".join(text.split()))
        if m:
            words = m.group(1)
            return words[:1].lower() + words[1:] if words[1:].islower() else words
        if low is not None and high is not None:
            return f"{_num(low)}\u2013{_num(high)}"
        return text
    return f"{qualifier} {_num(value)}" if qualifier else _num(value)


def _figures(sources: list[Source]) -> list[_Fig]:
    out = []
    for n, src in enumerate(sources):
        def sentence_of(start: int) -> int | None:
            for k, info in enumerate(src.sentences):
                if info.span.start <= start < info.span.end:
                    return k
            return None

        def dates_in(info: SentenceInfo) -> tuple[str, ...]:
            return tuple(sorted({d.value for d in src.facts.dates if d.value and
                                 info.span.start <= d.span.start < info.span.end}))

        for fig in src.facts.figures:
            k = sentence_of(fig.span.start)
            if k is None or _overlaps(src.sentences[k].span, src.opinion_spans):
                continue
            info = src.sentences[k]
            value = fig.value
            low = fig.low if fig.low is not None else value
            high = fig.high if fig.high is not None else value
            if low is None or high is None:
                continue
            words = re.findall(r"[A-Za-z%][\w%-]*", fig.unit)
            text = src.article.text[fig.span.start:fig.span.end]
            out.append(_Fig(n, fig.span.start, fig.span.end, value if value is not None else (low + high) / 2,
                            low, high, _unit(fig.unit), words[-1].lower() if words else "",
                            _amount(text, value, fig.qualifier, fig.low, fig.high), info.modality,
                            dates_in(info), k, bool(words) and words[0].lower() in MEASURE_UNITS))
        if src.facts.figures:
            continue
        for k, info in enumerate(src.sentences):  # facts read without the figure extractor: use the parse
            if _overlaps(info.span, src.opinion_spans):
                continue
            for num in info.numbers:
                if num.unit and num.unit != "%" and num.value >= 2:
                    out.append(_Fig(n, num.start, num.end, num.value, num.value, num.value, _unit(num.unit),
                                    num.unit, _num(num.value), info.modality, dates_in(info), k))
    return out


def _agree(a: _Fig, b: _Fig, tolerance: float) -> bool:
    lo_a, hi_a = a.low * (1 - tolerance), a.high * (1 + tolerance)
    return lo_a <= b.high and b.low <= hi_a


@dataclass(frozen=True, kw_only=True)
class FigureTuning:
    tolerance: float = 0.1  # relative difference under which two figures agree
    same_unit_align: float = 0.5  # sentences this alike carry one measurement of one counted thing
    measure_align: float = 0.75  # ... and this alike for money and shares
    synonym_align: float = 0.6  # ... and this alike when the counted nouns differ ("residents"/"inhabitants")
    unit_similar: float = 0.68  # counted nouns this close (MiniLM, single words) name the same thing


def _unit_relation(u: str, v: str, unit_sim: Callable[[str, str], float] | None, tune: FigureTuning) -> str:
    """"same" (one counted noun), "synonym" (two words for it) or "" (different things)."""
    if not u or not v:
        return ""
    if u == v:
        return "same"
    if UNIT_CLASS.get(u, u) == UNIT_CLASS.get(v, v):
        return "synonym"
    if unit_sim is not None and not ({u, v} & set(UNIT_CLASS)) and unit_sim(u, v) >= tune.unit_similar:
        return "synonym"
    return ""


def figure_findings(story: str, sources: list[Source], tune: FigureTuning, similarity: Similarity | None = None,
                    unit_sim: Callable[[str, str], float] | None = None,
                    pairs: Sequence[Pair] | None = None) -> list[Finding]:
    """Different values of one counted thing: a conflict at one moment, a change across moments.

    A conflict needs one measurement: the same moment (same event, both stated as current, no
    disagreeing dates), counted nouns that are the same or synonyms, and sentences that align
    (their cosine similarity), so that "two people missing" is never weighed against "1,200
    residents evacuated".  All pairs between the same two groups of agreeing values make one
    finding, the majority's figures on the support side.
    """
    figs = _figures(sources)
    aligned_pairs = None if pairs is None else {
        k for p in pairs for k in ((p.a, p.i, p.b, p.j), (p.b, p.j, p.a, p.i))}
    conflicts: list[tuple[_Fig, _Fig]] = []
    changes: dict[str, set[_Fig]] = defaultdict(set)
    by_sentence: dict[tuple[int, int], list[_Fig]] = defaultdict(list)
    for f in figs:
        by_sentence[(f.src, f.sentence)].append(f)
    for x in range(len(figs)):
        for y in range(x + 1, len(figs)):
            f, g = figs[x], figs[y]
            if sources[f.src].family == sources[g.src].family or _agree(f, g, tune.tolerance):
                continue
            relation = _unit_relation(f.unit, g.unit, unit_sim, tune)
            if not relation:
                continue
            same_moment = (f.modality == g.modality == "current"
                           and sources[f.src].event == sources[g.src].event
                           and (not f.dates or not g.dates or bool(set(f.dates) & set(g.dates))))
            sim = similarity(f.src, f.sentence, g.src, g.sentence) if similarity is not None else 1.0
            needed = tune.same_unit_align if relation == "same" else tune.synonym_align
            if f.measure or g.measure:
                needed = max(needed, tune.measure_align)
                if not _context(sources, f) & _context(sources, g):
                    continue  # "$6bn lent" and "bought for $9.3bn": two amounts, not one
            # one measurement is reported in sentences that align: each the other's closest
            # match in its source ("900 firefighters sent" is not weighed against "Y sent 60")
            aligned = aligned_pairs is None or (f.src, f.sentence, g.src, g.sentence) in aligned_pairs
            if same_moment and aligned and sim is not None and sim >= needed:
                if not (_matched(f, by_sentence[(g.src, g.sentence)], tune)
                        or _matched(g, by_sentence[(f.src, f.sentence)], tune)):
                    conflicts.append((f, g))
            elif relation == "same" and not same_moment:
                changes[f.unit].update((f, g))
    out = _conflict_findings(story, sources, figs, conflicts, tune)
    for unit in sorted(changes):
        figs_in = sorted(changes[unit], key=lambda f: (f.value, f.src, f.start))
        ev = tuple(_ev(sources[f.src], f.start, f.end, "context") for f in figs_in)
        shown: dict[tuple[str, str], set[str]] = defaultdict(set)
        for f in figs_in:
            shown[(f.amount, _moment(f, sources))].add(sources[f.src].family)
        values = ", ".join(f"{amount} ({moment}{', ' + _n_sources(len(fams)) if len(fams) > 1 else ''})"
                           for (amount, moment), fams in shown.items())
        out.append(Finding(
            id=finding_id(story, "figure-change", [e.span for e in ev]), story_id=story, kind="figure-change",
            explanation=f"{_plural_label(figs_in)}: {values} - different moments or plans, not a contradiction",
            confidence=0.6, evidence=ev, supporting=tuple(sorted({sources[f.src].id for f in figs_in})),
            sources=len({sources[f.src].family for f in figs_in})))
    return out


_CONTEXT_WORD = re.compile(r"(?<![^\W\d_])[a-z]{4,}(?![^\W\d_])")
_CONTEXT_STOP = frozenset("that this with from which were have been will would said says their there they "
                          "than into about also over some more most such only other after before while".split())


def _context(sources: list[Source], f: _Fig, width: int = 30) -> set[str]:
    """Stems of the common words right around a figure ("profit rose 12% to"): what the amount
    is of.  Names are left out: they are what the two sentences share anyway."""
    text = sources[f.src].article.text
    left, right = text[max(0, f.start - width):f.start], text[f.end:f.end + width]
    around = left.split(" ", 1)[-1] + " " + right.rsplit(" ", 1)[0]  # whole words only
    return {w[:5] for w in _CONTEXT_WORD.findall(around) if w not in _CONTEXT_STOP}


def _matched(f: _Fig, others: list[_Fig], tune: FigureTuning) -> bool:
    """The other sentence also gives f's value (with several figures in a sentence, the one
    that differs is another of its figures, not this one)."""
    return any(_agree(f, g, tune.tolerance) and _unit_relation(f.unit, g.unit, None, tune) for g in others)


def _plural_label(figs: Iterable[_Fig]) -> str:
    counted: dict[str, int] = defaultdict(int)
    for f in figs:
        counted[f.unit_text or f.unit] += 1
    return max(sorted(counted), key=lambda u: counted[u])


def _conflict_findings(story: str, sources: list[Source], figs: list[_Fig], conflicts: list[tuple[_Fig, _Fig]],
                       tune: FigureTuning) -> list[Finding]:
    if not conflicts:
        return []
    # groups of agreeing values among the figures in conflict, chained by value
    involved = sorted({f for pair in conflicts for f in pair}, key=lambda f: (f.value, f.src, f.start))
    group_of: dict[_Fig, int] = {}
    for k, f in enumerate(involved):
        prev = involved[k - 1] if k else None
        group_of[f] = group_of[prev] if prev is not None and _agree(prev, f, tune.tolerance) \
            and prev.unit == f.unit else k
    by_groups: dict[tuple[int, int], list[tuple[_Fig, _Fig]]] = defaultdict(list)
    for f, g in conflicts:
        by_groups[tuple(sorted((group_of[f], group_of[g])))].append((f, g))
    out = []
    for (ga, gb), pairs in sorted(by_groups.items()):
        side = {ga: {f for p in pairs for f in p if group_of[f] == ga},
                gb: {f for p in pairs for f in p if group_of[f] == gb}}
        fams = {k: {sources[f.src].family for f in v} for k, v in side.items()}
        major, minor = (ga, gb) if (len(fams[ga]), -ga) >= (len(fams[gb]), -gb) else (gb, ga)
        ev: list[Evidence] = []
        for k, which in ((major, "support"), (minor, "oppose")):
            for f in sorted(side[k], key=lambda f: (f.src, f.start)):
                src = sources[f.src]
                ev.append(_ev(src, f.start, f.end, which))
        for k in (major, minor):
            for f in sorted(side[k], key=lambda f: (f.src, f.start)):
                ev.append(_sent_ev(sources[f.src], sources[f.src].sentences[f.sentence], "context"))
        ev = list(dict.fromkeys(ev))
        units = list(dict.fromkeys(f.unit_text or f.unit for k in (major, minor) for f in sorted(
            side[k], key=lambda f: (f.src, f.start))))

        def said(k: int) -> str:
            amounts = list(dict.fromkeys(f.amount for f in sorted(side[k], key=lambda f: (f.src, f.start))))
            return f"{' / '.join(amounts)} ({_n_sources(len(fams[k]))})"

        tie = len(fams[major]) == len(fams[minor])
        out.append(Finding(
            id=finding_id(story, "figure-conflict", [e.span for e in ev]), story_id=story, kind="figure-conflict",
            explanation=f"{' / '.join(units)}: {said(major)} vs {said(minor)} for the same moment",
            confidence=0.6 if tie else 0.75, evidence=tuple(ev),
            supporting=tuple(sorted({sources[f.src].id for f in side[major]})),
            opposing=tuple(sorted({sources[f.src].id for f in side[minor]} - {sources[f.src].id for f in side[major]})),
            sources=len(fams[major] | fams[minor])))
    return out


def _moment(f: _Fig, sources: list[Source]) -> str:
    when = {"future": "planned/expected", "past": "earlier", "current": "reported"}[f.modality]
    date = f.dates[0] if f.dates else (sources[f.src].article.date or "")[:10]
    return f"{when}, {date}" if date else when


def _num(v: float) -> str:
    return f"{v:,.0f}" if v == int(v) else f"{v:,}"


@dataclass(frozen=True, slots=True)
class QuoteRef:
    src: int
    start: int
    end: int
    speaker: str | None  # person key
    speaker_name: str | None
    speaker_span: tuple[int, int] | None
    direct: bool = True  # the source's own words in quotation marks, not reported speech


def _quotes(sources: list[Source]) -> list[QuoteRef]:
    from .analysis import entity_key

    out = []
    for n, src in enumerate(sources):
        for q in src.facts.quotes:
            name = q.speaker_name
            if q.speaker:
                ent = src.facts.entity(q.speaker)
                name = ent.name if ent is not None else name
            key = entity_key(name, "PERSON") if name else None
            sp = (q.speaker_span.start, q.speaker_span.end) if q.speaker_span else None
            out.append(QuoteRef(n, q.span.start, q.span.end, key, name, sp, q.direct))
        if src.facts.quotes:
            continue
        for info in src.sentences:  # facts read without the quote extractor: quoted text + a named sayer
            for m in _QUOTED.finditer(info.text):
                g = 1 if m.group(1) else 2
                if len(m.group(g).split()) < 3:
                    continue
                speaker = info.people[-1] if info.people else None
                out.append(QuoteRef(n, info.span.start + m.start(g), info.span.start + m.end(g),
                                    speaker.key if speaker else None, speaker.name if speaker else None,
                                    (speaker.start, speaker.end) if speaker else None))
    return out


def quotes_by_speaker(sources: list[Source]) -> dict[str, list[tuple[str, Span]]]:
    """Speaker (surname key) -> (article id, quote span), over all sources of a story."""
    out: dict[str, list[tuple[str, Span]]] = defaultdict(list)
    for q in _quotes(sources):
        if q.speaker:
            out[q.speaker].append((sources[q.src].id, Span(sources[q.src].id, q.start, q.end)))
    return dict(out)


def _norm_quote(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _wording_diff(a: str, b: str) -> str:
    """The first words that differ between two versions of a quote: '"sounded" vs "went off"'."""
    wa, wb = a.split(), b.split()
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes():
        if op != "equal":
            left, right = " ".join(wa[i1:i2]) or "\u2026", " ".join(wb[j1:j2]) or "\u2026"
            return f"\u201c{left}\u201d vs \u201c{right}\u201d"
    return "the same words"


def quote_findings(story: str, sources: list[Source], tune: Tuning) -> list[Finding]:
    """The same words given to two speakers, and quoted words that one source altered.

    An altered quote is one finding per minority version (the version fewer independent
    sources give word for word), citing every other version of it.
    """
    qs = _quotes(sources)
    texts = [_norm_quote(sources[q.src].article.text[q.start:q.end]) for q in qs]
    same: dict[int, set[str]] = {k: {sources[q.src].family} for k, q in enumerate(qs)}
    altered: list[tuple[int, int]] = []
    out = []
    for x in range(len(qs)):
        for y in range(x + 1, len(qs)):
            a, b = qs[x], qs[y]
            if sources[a.src].family == sources[b.src].family:
                continue
            ta, tb = texts[x], texts[y]
            if min(len(ta), len(tb)) < 15:
                continue
            # a quote trimmed by one outlet is the same quote: partial_ratio sees through that
            is_same = fuzz.partial_ratio(ta, tb) >= tune.quote_same
            similar_length = min(len(ta), len(tb)) >= 0.7 * max(len(ta), len(tb))
            if is_same and (not a.speaker or not b.speaker or a.speaker == b.speaker):
                same[x].add(sources[b.src].family)
                same[y].add(sources[a.src].family)
            if is_same and a.speaker and b.speaker and a.speaker != b.speaker \
                    and min(len(ta.split()), len(tb.split())) >= tune.quote_words:
                # a stock phrase ("recruiting sergeant") can come from two mouths; a sentence cannot
                detail = f"the same words are given to {a.speaker_name} and to {b.speaker_name}"
                out.append(_quote_finding(story, sources, detail, [a], [b]))
            elif (a.direct and b.direct and not is_same and similar_length
                  and fuzz.ratio(ta, tb) >= tune.quote_altered
                  and (not a.speaker or not b.speaker or a.speaker == b.speaker)):
                # only words given in quotation marks on both sides: two outlets paraphrasing
                # reported speech differently is ordinary journalism, not an altered quote
                altered.append((x, y))
    by_minority: dict[int, list[int]] = defaultdict(list)
    for x, y in altered:
        minor, major = (y, x) if len(same[x]) >= len(same[y]) else (x, y)
        by_minority[minor].append(major)
    for minor, majors in sorted(by_minority.items()):
        q = qs[minor]
        who = f"{q.speaker_name}'s" if q.speaker_name else "a"
        detail = (f"{who} quoted words differ between sources: "
                  f"{_wording_diff(texts[majors[0]], texts[minor])}")
        out.append(_quote_finding(story, sources, detail, [qs[k] for k in sorted(set(majors))], [q]))
    return out


def _quote_finding(story: str, sources: list[Source], detail: str, support: list[QuoteRef],
                   oppose: list[QuoteRef]) -> Finding:
    ev = []
    for side, refs in (("support", support), ("oppose", oppose)):
        for q in refs:
            ev.append(_ev(sources[q.src], q.start, q.end, side))
            if q.speaker_span:
                ev.append(_ev(sources[q.src], *q.speaker_span, side))
    ev = list(dict.fromkeys(ev))
    return Finding(
        id=finding_id(story, "quote-conflict", [e.span for e in ev]), story_id=story, kind="quote-conflict",
        explanation=detail, confidence=0.75, evidence=tuple(ev),
        supporting=tuple(sorted({sources[q.src].id for q in support})),
        opposing=tuple(sorted({sources[q.src].id for q in oppose})),
        sources=len({sources[q.src].family for q in support + oppose}))


def opinion_findings(story: str, sources: list[Source]) -> list[Finding]:
    out = []
    for src in sources:
        spans = sorted(src.opinion_spans, key=lambda s: s.start)
        if not spans:
            continue
        ev = tuple(_ev(src, s.start, s.end, "context") for s in spans)
        out.append(Finding(
            id=finding_id(story, "opinion", [e.span for e in ev]), story_id=story, kind="opinion",
            explanation=f"{len(spans)} passage{'s' if len(spans) > 1 else ''} of the writer's own commentary "
                        f"in {src.article.outlet or src.article.title or src.id}, kept apart from reported facts",
            confidence=0.6, evidence=ev, supporting=(src.id,), sources=1))
    return out


_CONFLICT_KINDS = ("descriptor-conflict", "figure-conflict", "quote-conflict", "role-conflict")


def outlier_findings(story: str, sources: list[Source], conflicts: list[Finding], ratio: float,
                     derived: dict[str, str] | None = None) -> list[Finding]:
    """A source that disagrees with the independent majority far more often than the others.

    Each conflict is blamed on its minority side when one side has fewer independent sources;
    a rewrite that disagrees with its own original (``derived``: rewrite's family -> the
    original's) is to blame whatever the counts, and one such original is enough to flag it;
    otherwise, on a tie, on the side whose source is in conflict with more of the others.  The
    evidence is the flagged source's own spans, each once, and the explanation lists its conflicts.
    """
    derived = derived or {}
    family_of = {s.id: s.family for s in sources}
    partners: dict[str, set[str]] = defaultdict(set)
    for f in conflicts:
        for x in {family_of.get(a) for a in f.supporting}:
            for y in {family_of.get(a) for a in f.opposing}:
                if x and y and x != y:
                    partners[x].add(y)
                    partners[y].add(x)
    n_families = len({s.family for s in sources})
    if n_families < 3 and not derived:
        return []
    blame: dict[str, list[Finding]] = defaultdict(list)
    for f in conflicts:
        support = {family_of[a] for a in f.supporting if a in family_of}
        oppose = {family_of[a] for a in f.opposing if a in family_of} - support
        altered = {x for x in support | oppose if derived.get(x) in support | oppose}
        if altered:
            for fam in altered:
                blame[fam].append(f)
            continue
        if support and oppose and len(oppose) < len(support):
            for fam in oppose:
                blame[fam].append(f)
            continue
        ranked = sorted(support | oppose, key=lambda x: (-len(partners[x]), x))
        if len(ranked) >= 2 and len(partners[ranked[0]]) > len(partners[ranked[1]]):
            blame[ranked[0]].append(f)
    counts = sorted(((len(v), k) for k, v in blame.items()), reverse=True)
    if not counts:
        return []
    top_n, top = counts[0]
    runner = counts[1][0] if len(counts) > 1 else 0
    # Two sources that disagree give no majority, unless one is a rewrite of the other.
    if not (top_n >= 2 and (len(partners[top]) >= 2 and n_families >= 3 or top in derived)
            and top_n >= ratio * max(runner, 1)):
        return []
    members = {s.id for s in sources if s.family == top}
    listed = blame[top]
    ev = tuple(dict.fromkeys(Evidence(span=e.span, text=e.text, side="oppose")
                             for f in listed for e in f.evidence if e.span.article_id in members))
    summary = "; ".join(dict.fromkeys(f"{_KIND_WORDS.get(f.kind, f.kind)}: {f.explanation}" for f in listed))
    if top in derived:
        headline = (f"{_label(sources, top)}, a rewrite of {_label(sources, derived[top])}, "
                    f"changes it in {top_n} places")
    else:
        headline = (f"{_label(sources, top)} disagrees with {len(partners[top])} of the other "
                    f"{n_families - 1} independent sources in {top_n} places")
    return [Finding(
        id=finding_id(story, "outlier-copy", [e.span for e in ev]), story_id=story, kind="outlier-copy",
        explanation=f"{headline} - {summary}",
        confidence=round(min(0.95, 0.5 + 0.1 * top_n), 3), evidence=ev, supporting=tuple(sorted(
            s.id for s in sources if s.family in partners[top])), opposing=tuple(sorted(members)),
        sources=len(partners[top]))]


_KIND_WORDS = {"descriptor-conflict": "descriptor", "figure-conflict": "figure", "role-conflict": "roles",
               "quote-conflict": "quote"}


def _label(sources: list[Source], family: str) -> str:
    for s in sources:
        if s.family == family:
            return s.article.outlet or s.article.title or s.id
    return family


def _clip(text: str, n: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "\u2026"
