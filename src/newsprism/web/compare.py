"""Two sources side by side, aligned sentence by sentence, differences marked.

Each judgement is cross-checking's, made once and read from the store: sentences that a
stored finding cites together are aligned before any others, and a row's differences are
first the stored findings (contradictions and changes over time) whose evidence falls in both
of its sentences, worded as the brief words them.

What the store does not hold is done here, for display only:

- *the rest of the alignment*: cross-checking keeps its findings, not the sentence pairs it
  aligned (nor every sentence: it pairs only factual ones), so the other sentences are aligned
  by meaning (the shared MiniLM sentence encoder when it is installed, else rapidfuzz's
  token-set ratio; the thresholds are ``Settings.web.compare``), one to one, best pairs first;
- *fact differences no finding covers*: two aligned sentences whose descriptors, figures or
  speakers differ and which no stored finding of that kind covers (two sources in no common
  story were never cross-checked; the store cannot tell a pair judged consistent from a pair
  never compared).  They are listed after the findings, by their fact kind ("descriptor",
  "figure", "speaker"), never as a finding kind.

Embeddings cannot see a changed title or number (they score "Ukrainian minister" and "Russian
minister" as near-identical), which is exactly why they are good for *alignment*; each aligned
pair is also diffed word by word.
"""

from __future__ import annotations

import difflib
import logging
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..crosscheck.findings import CONFLICT_KINDS
from ..publish.sources import source_label
from ..publish.speakers import canonical_speakers
from ..publish.titles import finding_title
from ..publish.views import CHANGE_KINDS
from ..records import Article, ArticleFacts, Finding, Span
from .options import CompareOptions

log = logging.getLogger(__name__)

# Fallback sentence splitter when the reader stored no sentence spans.
_SENT_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]?\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])|\n\s*\n")
_TOKEN = re.compile(r"\w+(?:[.,']\w+)*|[^\w\s]+|\s+")


@dataclass(frozen=True, slots=True, kw_only=True)
class Segment:
    text: str
    changed: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    article_id: str
    start: int
    end: int
    text: str
    segments: tuple[Segment, ...]
    opinion: str | None = None  # the opinion reason when the sentence is the writer's own view


@dataclass(frozen=True, slots=True, kw_only=True)
class Difference:
    # a stored finding's kind ("descriptor-conflict", "figure-change", ...), or, where no finding
    # covers the row, a fact that differs: "descriptor" | "figure" | "speaker"
    kind: str
    subject: str  # who or what differs (a finding: its explanation as the brief shows it)
    a: str
    b: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    a: Sentence | None
    b: Sentence | None
    similarity: float | None  # 0..1
    differences: tuple[Difference, ...] = ()

    @property
    def status(self) -> str:
        if self.a is None:
            return "only-b"
        if self.b is None:
            return "only-a"
        if self.differences:
            return "differs"
        return "same" if all(not s.changed for s in self.a.segments + self.b.segments) else "reworded"


@dataclass(frozen=True, slots=True, kw_only=True)
class Side:
    article_id: str
    label: str
    title: str | None
    outlet: str | None
    date: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    a: Side
    b: Side
    method: str  # what aligned the sentences: "embeddings" | "fuzzy"
    rows: tuple[Row, ...]

    @property
    def counts(self) -> dict[str, int]:
        out = {"same": 0, "reworded": 0, "differs": 0, "only-a": 0, "only-b": 0}
        for r in self.rows:
            out[r.status] += 1
        return out


class Encoder:
    """The shared sentence embedder (:mod:`newsprism.embed`), loaded on first use.

    :meth:`get` returns None when the model is not installed: compare then falls
    back to token-set ratio instead of failing the page.
    """

    def __init__(self) -> None:
        self._embedder = None
        self._failed = False
        self._lock = threading.Lock()

    def get(self):
        with self._lock:
            if self._embedder is None and not self._failed:
                try:
                    from ..embed import MiniLMEmbedder

                    embedder = MiniLMEmbedder()
                    _ = embedder.model  # load now, inside the lock, so a missing model is found here
                    self._embedder = embedder
                except Exception as exc:  # ModelNotInstalled, or a broken install
                    log.warning("sentence encoder unavailable (%s); aligning by token-set ratio", exc)
                    self._failed = True
            return self._embedder


def sentences(article: Article, facts: ArticleFacts) -> list[Span]:
    spans = [s for s in facts.sentences if s.end > s.start]
    if spans:
        return sorted(spans, key=lambda s: s.start)
    out, start = [], 0
    text = article.text
    for m in _SENT_END.finditer(text):
        out.append((start, m.end()))  # trailing whitespace is stripped below
        start = m.end()
    out.append((start, len(text)))
    spans = []
    for s, e in out:
        seg = text[s:e]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg.rstrip())
        if seg.strip():
            spans.append(Span(article.id, s + lead, s + trail))
    return spans


def _similarities(a: list[str], b: list[str], options: CompareOptions, encoder: Encoder | None):
    model = None
    if options.method != "fuzzy" and encoder is not None and a and b:
        model = encoder.get()
    if model is not None:
        va, vb = model.encode(a), model.encode(b)  # unit-length rows: the dot product is the cosine
        return "embeddings", (va @ vb.T).tolist(), options.min_cosine
    scores = [[fuzz.token_set_ratio(x, y) / 100.0 for y in b] for x in a]
    return "fuzzy", scores, options.min_ratio / 100.0


def _align(scores: list[list[float]], threshold: float, paired: dict[tuple[int, int], int] | None = None
           ) -> dict[int, int]:
    """One to one: the pairs that stored findings cite (``paired``: pair -> how many findings),
    most cited first, then in text order; then the others at or above ``threshold``, most similar first."""
    paired = paired or {}
    pairs = sorted([(0, -n, i, j) for (i, j), n in paired.items()]
                   + [(1, -s, i, j) for i, row in enumerate(scores) for j, s in enumerate(row)
                      if s >= threshold and (i, j) not in paired])
    used_a, used_b, match = set(), set(), {}
    for _pinned, _s, i, j in pairs:
        if i not in used_a and j not in used_b:
            match[i] = j
            used_a.add(i)
            used_b.add(j)
    return match


def _word_diff(a: str, b: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    sm = difflib.SequenceMatcher(None, [t.casefold() for t in ta], [t.casefold() for t in tb], autojunk=False)
    sa: list[Segment] = []
    sb: list[Segment] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        changed = op != "equal"
        for out, toks in ((sa, ta[i1:i2]), (sb, tb[j1:j2])):
            text = "".join(toks)
            if not text:
                continue
            flag = changed and bool(text.strip())
            if out and out[-1].changed == flag:
                out[-1] = Segment(text=out[-1].text + text, changed=flag)
            else:
                out.append(Segment(text=text, changed=flag))
    return tuple(sa), tuple(sb)


def _inside(span: Span, sent: Span) -> bool:
    return span.start < sent.end and sent.start < span.end


def _facts_in(facts: ArticleFacts, sent: Span):
    ents = {}
    for e in facts.entities:
        descs = {d.text.casefold().removeprefix("the ").strip(): d.text for d in e.descriptors if _inside(d.span, sent)}
        if any(_inside(m, sent) for m in e.mentions) and descs:
            ents[e.name] = descs
    figs: dict[str, set[float]] = {}
    for f in facts.figures:
        if _inside(f.span, sent) and f.value is not None:
            figs.setdefault(f.unit.casefold(), set()).add(f.value)
    names = {e.id: e.name for e in facts.entities}
    speakers = {names.get(q.speaker or "") or q.speaker_name for q in facts.quotes if _inside(q.span, sent)}
    return ents, figs, {s for s in speakers if s}


def _differences(fa, sa: Span, fb, sb: Span, findings: Sequence[Finding]) -> tuple[Difference, ...]:
    """The stored findings with evidence in both sentences, then the fact differences that no
    finding of their kind covers."""
    judged: list[Difference] = []
    covered: set[str] = set()
    for f in findings:
        if f.kind not in CONFLICT_KINDS + CHANGE_KINDS:
            continue
        in_a = [ev for ev in f.evidence if ev.span.article_id == sa.article_id and _inside(ev.span, sa)]
        in_b = [ev for ev in f.evidence if ev.span.article_id == sb.article_id and _inside(ev.span, sb)]
        if in_a and in_b:
            judged.append(Difference(kind=f.kind, subject=finding_title(f, {}), a=in_a[0].text, b=in_b[0].text))
            covered.add(_SHORT.get(f.kind, f.kind))
    ea, figa, spa = _facts_in(fa, sa)
    eb, figb, spb = _facts_in(fb, sb)
    canon = canonical_speakers(list(ea) + list(eb) + list(spa) + list(spb))
    out: list[Difference] = []
    da = {canon[n]: d for n, d in ea.items()}
    db = {canon[n]: d for n, d in eb.items()}
    for name in sorted(set(da) & set(db)):
        if set(da[name]) != set(db[name]):
            out.append(Difference(kind="descriptor", subject=name, a=", ".join(sorted(da[name].values())),
                                  b=", ".join(sorted(db[name].values()))))
    for unit in sorted(set(figa) & set(figb)):
        if figa[unit] != figb[unit]:
            out.append(Difference(kind="figure", subject=unit, a=", ".join(f"{v:,.0f}" for v in sorted(figa[unit])),
                                  b=", ".join(f"{v:,.0f}" for v in sorted(figb[unit]))))
    ca, cb = {canon[s] for s in spa}, {canon[s] for s in spb}
    if ca and cb and ca != cb:
        out.append(Difference(kind="speaker", subject="quote", a=", ".join(sorted(ca)), b=", ".join(sorted(cb))))
    return tuple(judged) + tuple(d for d in out if d.kind not in covered)


# The fact a finding kind judges: a finding of that kind covers the row's difference in that fact.
_SHORT = {"descriptor-conflict": "descriptor", "figure-conflict": "figure", "figure-change": "figure",
          "quote-conflict": "speaker"}


def compare(
    a: tuple[Article, ArticleFacts],
    b: tuple[Article, ArticleFacts],
    findings: Sequence[Finding] = (),
    *,
    options: CompareOptions | None = None,
    encoder: Encoder | None = None,
) -> Comparison:
    """Align the sentences of two articles and mark what differs between aligned pairs."""
    options = options or CompareOptions()
    (art_a, fa), (art_b, fb) = a, b
    sents_a, sents_b = sentences(art_a, fa), sentences(art_b, fb)
    text_a = [s.text(art_a.text) for s in sents_a]
    text_b = [s.text(art_b.text) for s in sents_b]
    method, scores, threshold = _similarities(text_a, text_b, options, encoder)
    relevant = [f for f in findings
                if {art_a.id, art_b.id} <= {ev.span.article_id for ev in f.evidence}]
    # Cross-checking already paired these sentences (a finding cites both): its pairing comes
    # first, whatever the surface similarity, which is low exactly where sources disagree
    # ("4,000" vs "some 400").
    paired: dict[tuple[int, int], int] = {}
    for f in relevant:
        for i, sa in enumerate(sents_a):
            for j, sb in enumerate(sents_b):
                if any(ev.span.article_id == art_a.id and _inside(ev.span, sa) for ev in f.evidence) and any(
                        ev.span.article_id == art_b.id and _inside(ev.span, sb) for ev in f.evidence):
                    paired[i, j] = paired.get((i, j), 0) + 1
    match = _align(scores, threshold, paired)

    def opinion(facts: ArticleFacts, span: Span) -> str | None:
        for o in facts.opinions:
            if _inside(o.span, span):
                return o.reason
        return None

    def plain(facts, span: Span, text: str) -> Sentence:
        return Sentence(article_id=span.article_id, start=span.start, end=span.end, text=text,
                        segments=(Segment(text=text),), opinion=opinion(facts, span))

    rows: list[Row] = []
    emitted_b: set[int] = set()
    matched_b = set(match.values())
    for i, sa in enumerate(sents_a):
        j = match.get(i)
        if j is None:
            rows.append(Row(a=plain(fa, sa, text_a[i]), b=None, similarity=None))
            continue
        for k in range(j):  # B's unaligned sentences go where they stand in B
            if k not in matched_b and k not in emitted_b:
                rows.append(Row(a=None, b=plain(fb, sents_b[k], text_b[k]), similarity=None))
                emitted_b.add(k)
        seg_a, seg_b = _word_diff(text_a[i], text_b[j])
        sb = sents_b[j]
        rows.append(Row(
            a=Sentence(article_id=art_a.id, start=sa.start, end=sa.end, text=text_a[i], segments=seg_a,
                       opinion=opinion(fa, sa)),
            b=Sentence(article_id=art_b.id, start=sb.start, end=sb.end, text=text_b[j], segments=seg_b,
                       opinion=opinion(fb, sb)),
            similarity=round(float(scores[i][j]), 3),
            differences=_differences(fa, sa, fb, sb, relevant),
        ))
    for k in range(len(sents_b)):
        if k not in matched_b and k not in emitted_b:
            rows.append(Row(a=None, b=plain(fb, sents_b[k], text_b[k]), similarity=None))

    def side(art: Article) -> Side:
        return Side(article_id=art.id, label=source_label(art), title=art.title, outlet=art.outlet, date=art.date)

    return Comparison(a=side(art_a), b=side(art_b), method=method, rows=tuple(rows))
