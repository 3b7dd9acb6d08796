"""Findings over one story: align the sources' sentences, compare their facts, count sources.

Needs: the articles and their ArticleFacts, the grouping (storylines, events, copy links).
Adds: Finding records, each citing spans on every side.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

from ..records import Article, ArticleFacts, CopyLink, Evidence, Finding, Span
from .analysis import SentenceInfo, analyse_doc
from .compare import compare, directions
from .lexicon import nationality_key, party_key

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
    family: str  # copy family: copies of one original count once
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


def role_findings(story: str, sources: list[Source], pairs: list[Pair], tune: Tuning) -> list[Finding]:
    """Aligned sentences that reverse who did what to whom, or flip negation or polarity.

    A role swap is judged against the whole story: the direction ("Russia acts on
    Ukraine") that more independent sources state is the majority, and only the
    minority sentence is flagged; a tie is only trusted between very close sentences.
    """
    held: dict[tuple[str, str], set[str]] = defaultdict(set)
    mods: dict[tuple[str, str], set[str]] = defaultdict(set)
    for src in sources:
        for i in src.factual:
            for d in directions(src.sentences[i]):
                held[d].add(src.family)
            for m in src.sentences[i].modifiers:
                mods[m].add(src.family)
    out = []
    for p in pairs:
        sa, sb = sources[p.a], sources[p.b]
        x, y = sa.sentences[p.i], sb.sentences[p.j]
        if x.quoted != y.quoted:
            continue
        kept, minority_is_a = [], None
        for c in compare(x, y):
            if c.kind == "roles":
                mine, theirs = len(held[c.fact]), len(held[(c.fact[1], c.fact[0])])
            elif c.kind == "modifier":
                other = next((m for m in y.modifiers if m[0] == c.fact[0]), c.fact)
                mine, theirs = len(mods[c.fact]), len(mods[other])
            else:
                mine = theirs = 0
            if mine == theirs and p.sim < tune.flip or c.kind == "roles" and p.sim < tune.role:
                continue
            if c.kind == "modifier" and p.sim < tune.flip:
                continue
            kept.append(c)
            if mine != theirs and minority_is_a is None:
                minority_is_a = mine < theirs
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
                           conflicted: set[tuple[int, int]]) -> list[Finding]:
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
        first = sources[members[0][0]].sentences[members[0][1]].text.strip()
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
            label = ", ".join(f"{v} ({len(fams[v])} source{'s' if len(fams[v]) > 1 else ''})" for v in ranked)
            out.append(Finding(
                id=finding_id(story, "descriptor-conflict", [e.span for e in ev]), story_id=story,
                kind="descriptor-conflict", explanation=f"{names[pkey]}: {kind} given as {label}",
                confidence=0.6 if tie else 0.8, evidence=tuple(ev), supporting=tuple(sorted(supporting)),
                opposing=tuple(sorted(opposing)), sources=len({sources[n].family for occ in values.values()
                                                               for n, _, _ in occ})))
    return out


@dataclass(frozen=True, slots=True)
class _Fig:
    src: int
    start: int
    end: int
    value: float
    low: float
    high: float
    unit: str
    modality: str
    dates: tuple[str, ...]
    sentence: SentenceInfo


def _unit(text: str) -> str:
    words = re.findall(r"[a-z%]+", text.lower())
    if not words:
        return ""
    w = words[-1]
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def _figures(sources: list[Source]) -> list[_Fig]:
    out = []
    for n, src in enumerate(sources):
        def sentence_of(start: int) -> SentenceInfo | None:
            for info in src.sentences:
                if info.span.start <= start < info.span.end:
                    return info
            return None

        def dates_in(info: SentenceInfo) -> tuple[str, ...]:
            return tuple(sorted({d.value for d in src.facts.dates if d.value and
                                 info.span.start <= d.span.start < info.span.end}))

        seen: set[int] = set()
        for fig in src.facts.figures:
            info = sentence_of(fig.span.start)
            if info is None or _overlaps(info.span, src.opinion_spans):
                continue
            value = fig.value if fig.value is not None else None
            low = fig.low if fig.low is not None else value
            high = fig.high if fig.high is not None else value
            if low is None or high is None:
                continue
            seen.add(fig.span.start)
            out.append(_Fig(n, fig.span.start, fig.span.end, value if value is not None else (low + high) / 2,
                            low, high, _unit(fig.unit), info.modality, dates_in(info), info))
        if src.facts.figures:
            continue
        for info in src.sentences:  # facts read without the figure extractor: use the parse
            if _overlaps(info.span, src.opinion_spans):
                continue
            for num in info.numbers:
                if num.unit and num.unit != "%" and num.value >= 2:
                    out.append(_Fig(n, num.start, num.end, num.value, num.value, num.value, _unit(num.unit),
                                    info.modality, dates_in(info), info))
    return out


def _agree(a: _Fig, b: _Fig, tolerance: float) -> bool:
    lo_a, hi_a = a.low * (1 - tolerance), a.high * (1 + tolerance)
    return lo_a <= b.high and b.low <= hi_a


def figure_findings(story: str, sources: list[Source], tolerance: float) -> list[Finding]:
    """Different values of the same counted thing: a conflict at one moment, a change across moments."""
    figs = _figures(sources)
    by_unit: dict[str, list[_Fig]] = defaultdict(list)
    for f in figs:
        if f.unit:
            by_unit[f.unit].append(f)
    out = []
    for unit in sorted(by_unit):
        group = sorted(by_unit[unit], key=lambda f: (f.value, f.src, f.start))
        changes: list[tuple[_Fig, _Fig]] = []
        for x in range(len(group)):
            for y in range(x + 1, len(group)):
                f, g = group[x], group[y]
                if sources[f.src].family == sources[g.src].family or _agree(f, g, tolerance):
                    continue
                same_moment = (f.modality == g.modality == "current"
                               and sources[f.src].event == sources[g.src].event
                               and (not f.dates or not g.dates or set(f.dates) & set(g.dates)))
                if same_moment:
                    sf, sg = sources[f.src], sources[g.src]
                    ev = (_ev(sf, f.start, f.end, "support"), _ev(sg, g.start, g.end, "oppose"),
                          _sent_ev(sf, f.sentence, "context"), _sent_ev(sg, g.sentence, "context"))
                    out.append(Finding(
                        id=finding_id(story, "figure-conflict", [e.span for e in ev]), story_id=story,
                        kind="figure-conflict",
                        explanation=f"{unit}: {_num(f.value)} vs {_num(g.value)} for the same moment",
                        confidence=0.7, evidence=ev, supporting=(sf.id,), opposing=(sg.id,), sources=2))
                else:
                    changes.append((f, g))
        if changes:
            figs_in = sorted({f for pair in changes for f in pair}, key=lambda f: (f.value, f.src, f.start))
            ev = tuple(_ev(sources[f.src], f.start, f.end, "context") for f in figs_in)
            values = ", ".join(f"{_num(f.value)} ({_moment(f, sources)})" for f in figs_in)
            out.append(Finding(
                id=finding_id(story, "figure-change", [e.span for e in ev]), story_id=story, kind="figure-change",
                explanation=f"{unit}: {values} - different moments or plans, not a contradiction",
                confidence=0.6, evidence=ev, supporting=tuple(sorted({sources[f.src].id for f in figs_in})),
                sources=len({sources[f.src].family for f in figs_in})))
    return out


def _moment(f: _Fig, sources: list[Source]) -> str:
    when = {"future": "planned/expected", "past": "earlier", "current": "reported"}[f.modality]
    date = f.dates[0] if f.dates else sources[f.src].article.date
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
            out.append(QuoteRef(n, q.span.start, q.span.end, key, name, sp))
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


def quote_findings(story: str, sources: list[Source], tune: Tuning) -> list[Finding]:
    qs = _quotes(sources)
    out = []
    for x in range(len(qs)):
        for y in range(x + 1, len(qs)):
            a, b = qs[x], qs[y]
            if sources[a.src].family == sources[b.src].family:
                continue
            ta = _norm_quote(sources[a.src].article.text[a.start:a.end])
            tb = _norm_quote(sources[b.src].article.text[b.start:b.end])
            if min(len(ta), len(tb)) < 15:
                continue
            # a quote trimmed by one outlet is the same quote: partial_ratio sees through that
            same = fuzz.partial_ratio(ta, tb) >= tune.quote_same
            similar_length = min(len(ta), len(tb)) >= 0.7 * max(len(ta), len(tb))
            if same and a.speaker and b.speaker and a.speaker != b.speaker:
                detail = f"the same words are given to {a.speaker_name} and to {b.speaker_name}"
            elif (not same and similar_length and fuzz.ratio(ta, tb) >= tune.quote_altered
                  and (not a.speaker or not b.speaker or a.speaker == b.speaker)):
                detail = f"the wording of {a.speaker_name or 'a'} quote differs between sources"
            else:
                continue
            sa, sb = sources[a.src], sources[b.src]
            ev = [_ev(sa, a.start, a.end, "support"), _ev(sb, b.start, b.end, "oppose")]
            if a.speaker_span:
                ev.append(_ev(sa, *a.speaker_span, "support"))
            if b.speaker_span:
                ev.append(_ev(sb, *b.speaker_span, "oppose"))
            out.append(Finding(
                id=finding_id(story, "quote-conflict", [e.span for e in ev]), story_id=story, kind="quote-conflict",
                explanation=detail, confidence=0.75, evidence=tuple(ev), supporting=(sa.id,), opposing=(sb.id,),
                sources=2))
    return out


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


def outlier_findings(story: str, sources: list[Source], conflicts: list[Finding], ratio: float) -> list[Finding]:
    """A source that disagrees with the independent majority far more often than the others."""
    family_of = {s.id: s.family for s in sources}
    partners: dict[str, set[str]] = defaultdict(set)
    for f in conflicts:
        sides = [family_of.get(a) for a in f.supporting], [family_of.get(a) for a in f.opposing]
        for x in sides[0]:
            for y in sides[1]:
                if x and y and x != y:
                    partners[x].add(y)
                    partners[y].add(x)
    n_families = len({s.family for s in sources})
    if n_families < 3:
        return []
    blame: dict[str, list[Finding]] = defaultdict(list)
    for f in conflicts:
        fams = {family_of[a] for a in f.supporting + f.opposing if a in family_of}
        if f.kind == "descriptor-conflict" and f.confidence >= 0.8:  # a clear majority: blame the minority
            for a in f.opposing:
                blame[family_of[a]].append(f)
            continue
        ranked = sorted(fams, key=lambda x: -len(partners[x]))
        if len(ranked) >= 2 and len(partners[ranked[0]]) > len(partners[ranked[1]]):
            blame[ranked[0]].append(f)
    out = []
    counts = sorted(((len(v), k) for k, v in blame.items()), reverse=True)
    if not counts:
        return out
    top_n, top = counts[0]
    runner = counts[1][0] if len(counts) > 1 else 0
    if top_n >= 2 and len(partners[top]) >= 2 and top_n >= ratio * max(runner, 1):
        members = sorted(s.id for s in sources if s.family == top)
        listed = blame[top]
        ev = tuple(e for f in listed for e in f.evidence)
        kinds = sorted({f.kind for f in listed})
        out.append(Finding(
            id=finding_id(story, "outlier-copy", [e.span for e in ev]), story_id=story, kind="outlier-copy",
            explanation=(f"{_label(sources, top)} conflicts with {len(partners[top])} of the other "
                         f"{n_families - 1} independent sources ({top_n} conflicts: {', '.join(kinds)})"),
            confidence=round(min(0.95, 0.5 + 0.1 * top_n), 3), evidence=ev, supporting=tuple(sorted(
                s.id for s in sources if s.family in partners[top])), opposing=tuple(members),
            sources=len(partners[top])))
    return out


def _label(sources: list[Source], family: str) -> str:
    for s in sources:
        if s.family == family:
            return s.article.outlet or s.article.title or s.id
    return family


def _clip(text: str, n: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "\u2026"
