"""The article page's model: the cleaned text cut into segments, each with the facts over it.

Facts overlap (a quote contains names and figures), so the text is cut at every
span boundary and each piece carries the set of kinds covering it; the
template renders flat ``<span>`` elements, never nested markup from the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..records import Article, ArticleFacts


@dataclass(frozen=True, slots=True, kw_only=True)
class Mark:
    kind: str  # "entity" | "quote" | "figure" | "opinion" | "hl"
    start: int
    end: int
    note: str  # tooltip: what this span is


@dataclass(frozen=True, slots=True, kw_only=True)
class Piece:
    text: str
    start: int
    kinds: tuple[str, ...] = ()
    note: str = ""


def marks(article: Article, facts: ArticleFacts, highlight: tuple[int, int] | None = None) -> list[Mark]:
    out: list[Mark] = []
    names = {e.id: e.name for e in facts.entities}
    for e in facts.entities:
        descs = "; ".join(dict.fromkeys(d.text for d in e.descriptors))
        note = f"{e.label}: {e.name}" + (f" ({descs})" if descs else "")
        out += [Mark(kind="entity", start=m.start, end=m.end, note=note) for m in e.mentions]
    for q in facts.quotes:
        who = names.get(q.speaker or "") or q.speaker_name or "unattributed"
        out.append(Mark(kind="quote", start=q.span.start, end=q.span.end,
                        note=f"{'quote' if q.direct else 'reported speech'} \u2014 {who}"))
    for f in facts.figures:
        value = f"{f.value:,.0f}" if f.value is not None else "vague amount"
        out.append(Mark(kind="figure", start=f.span.start, end=f.span.end, note=f"figure: {value} {f.unit}"))
    for o in facts.opinions:
        out.append(Mark(kind="opinion", start=o.span.start, end=o.span.end, note=f"opinion: {o.reason}"))
    if highlight is not None:
        s, e = highlight
        if 0 <= s < e <= len(article.text):
            out.append(Mark(kind="hl", start=s, end=e, note="cited span"))
    return [m for m in out if 0 <= m.start < m.end <= len(article.text)]


def pieces(text: str, spans: list[Mark]) -> list[Piece]:
    cuts = sorted({0, len(text)} | {m.start for m in spans} | {m.end for m in spans})
    out: list[Piece] = []
    for s, e in zip(cuts, cuts[1:]):
        over = [m for m in spans if m.start <= s and e <= m.end]
        # The tooltip names the innermost fact: the shortest span covering this piece.
        inner = min(over, key=lambda m: (m.end - m.start, m.kind), default=None)
        out.append(Piece(text=text[s:e], start=s, kinds=tuple(sorted({m.kind for m in over})),
                         note=inner.note if inner else ""))
    return out
