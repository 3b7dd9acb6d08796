"""Cites: evidence spans turned into what a reader sees (the span's text, its source, the
sentence around a short span), and evidence without repeats."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import Span
from .views import Cite

_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]?(?=\s)")

#: Characters of context shown on each side of a short span, at most.
CONTEXT_WINDOW = 100


def cite_span(span: Span, texts: dict[str, str], labels: dict[str, str], text: str | None = None,
               sentences: dict[str, tuple[Span, ...]] | None = None) -> Cite:
    """A cite of ``span``; with ``sentences``, a short span also carries the sentence around it."""
    body = texts.get(span.article_id)
    if text is None:
        text = span.text(body) if body is not None else ""
    before = after = ""
    if sentences is not None and body is not None and span.text(body) == text:
        before, after = context(body, span, sentences.get(span.article_id, ()))
    return Cite(article_id=span.article_id, start=span.start, end=span.end, text=text,
                source=labels.get(span.article_id, span.article_id[:10]), before=before, after=after)


def context(body: str, span: Span, sentences: Sequence[Span] = (), window: int = CONTEXT_WINDOW) -> tuple[str, str]:
    """The text before and after ``span`` within its sentence (its line when no sentences are known),
    cut at a word boundary ``window`` characters out, with "\u2026" where it was cut."""
    sent = next((x for x in sentences if x.start <= span.start < x.end), None)
    if sent is not None:
        lo, hi = sent.start, max(sent.end, span.end)
    else:  # no parse: the line, cut at the sentence ends around the span
        lo = body.rfind("\n", 0, span.start) + 1
        hi = body.find("\n", span.end)
        hi = len(body) if hi < 0 else hi
        ends = [m.end() for m in _SENTENCE_END.finditer(body, lo, span.start)]
        lo = ends[-1] if ends else lo
        m = _SENTENCE_END.search(body, span.end, hi)
        hi = m.end() if m else hi
    before, after = body[lo:span.start], body[span.end:hi]
    if len(before) > window:
        cut = before[-window:]
        before = "\u2026" + cut[cut.find(" ") + 1:] if " " in cut else "\u2026" + cut
    if len(after) > window:
        cut = after[:window]
        after = (cut[:cut.rfind(" ")] if " " in cut.strip() else cut).rstrip(" ,;:") + "\u2026"
    # A span that is its whole sentence needs no context.
    if not before.strip() and not after.strip():
        return "", ""
    return before.lstrip(), after.rstrip()


def distinct(cites: tuple[Cite, ...]) -> tuple[Cite, ...]:
    """Evidence without repeats: one line per span, and no span that another one's shown
    sentence already holds (a quote's speaker name beside the quote)."""
    out: list[Cite] = []
    for c in sorted(cites, key=lambda c: -(len(c.before) + len(c.text) + len(c.after))):
        lo, hi = c.start - len(c.before), c.end + len(c.after)
        if any(o.article_id == c.article_id and o.start - len(o.before) <= lo and hi <= o.end + len(o.after)
               for o in out):
            continue
        out.append(c)
    order = {id(c): n for n, c in enumerate(cites)}
    return tuple(sorted(out, key=lambda c: order[id(c)]))
