"""Show one read article: cleaned text, removed lines, and its facts (Rich or JSON)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..records import to_dict

JSON_SCHEMA_VERSION = 1


def reading_to_json(reading) -> dict:
    """The JSON form of ``newsprism read --json`` (documented in docs/schema.md).

    Every fact keeps its span and gains a ``text`` field derived from it.
    """
    art, facts = reading.article, reading.facts
    text = art.text

    def with_text(rec: dict, span_key: str = "span") -> dict:
        span = rec.get(span_key)
        if span:
            rec[span_key + "_text" if span_key != "span" else "text"] = text[span["start"] : span["end"]]
        return rec

    entities = []
    for ent in facts.entities:
        d = to_dict(ent)
        d["mentions"] = [dict(m, text=text[m["start"] : m["end"]]) for m in d["mentions"]]
        entities.append(d)
    quotes = []
    for q in facts.quotes:
        d = with_text(to_dict(q))
        if d.get("speaker_span"):
            with_text(d, "speaker_span")
        if d.get("cue_span"):
            with_text(d, "cue_span")
        d["parts"] = [dict(p, text=text[p["start"] : p["end"]]) for p in d["parts"]]
        quotes.append(d)
    return {
        "schema": JSON_SCHEMA_VERSION,
        "article": {k: v for k, v in to_dict(art).items() if k != "removed"},
        "removed": to_dict(art.removed),
        "sentences": [with_text(to_dict({"span": s})) for s in facts.sentences],
        "entities": entities,
        "quotes": quotes,
        "figures": [with_text(to_dict(f)) for f in facts.figures],
        "dates": [with_text(to_dict(d)) for d in facts.dates],
        "places": [with_text(to_dict(p)) for p in facts.places],
        "opinions": [with_text(to_dict(o)) for o in facts.opinions],
        "sentence_facts": [_sentence_facts(sf, with_text) for sf in facts.sentence_facts],
    }


def _sentence_facts(sf, with_text) -> dict:
    """What cross-checking compares in one sentence, each span with its text."""
    d = with_text(to_dict(sf))
    d["values"] = [with_text(v) for v in d["values"]]
    clauses = []
    for c in d["clauses"]:
        with_text(c)
        for key in ("agent_span", "other_span"):
            if c.get(key):
                with_text(c, key)
        clauses.append(c)
    d["clauses"] = clauses
    return d


def render_reading(reading, console: Console, *, explain: bool = False) -> None:
    art, facts = reading.article, reading.facts
    text = art.text
    console.rule(f"[bold]{art.title or art.id}")
    meta = ", ".join(f"{k}: {v}" for k, v in (("id", art.id), ("outlet", art.outlet), ("date", art.date),
                                                ("url", art.url), ("format", art.format)) if v)
    console.print(meta, style="dim", highlight=False)
    console.print(text, highlight=False)

    if explain:
        rows = [(str(r.line_no + 1), r.reason, r.text) for r in art.removed]
        _table(console, f"Removed lines ({len(rows)})", ("line", "reason", "text"), rows, always=True)

    names = {e.id: e.name for e in facts.entities}
    _table(console, "Entities", ("name", "type", "mentions", "descriptors"),
           [(e.name, e.label, str(len(e.mentions)), "; ".join(f"{d.text} ({d.kind})" for d in e.descriptors))
            for e in facts.entities])

    rows = []
    for q in facts.quotes:
        who = names.get(q.speaker or "", q.speaker_name or "?")
        kind = "direct" if q.direct else ("reported" if q.kind == "speech" else q.kind)
        # a quote its attribution interrupts shows its quoted words only
        words = " \u2026 ".join(p.text(text) for p in q.parts) if q.parts else q.span.text(text)
        rows.append((who, q.cue or "", kind, words))
    _table(console, "Quotes", ("speaker", "cue", "kind", "quote"), rows)

    rows = []
    for f in facts.figures:
        value = f"{f.value:,.0f}" if f.value is not None else (
            f"{f.low:,.0f}-{f.high:,.0f}" if f.low is not None and f.high is not None else "?")
        rows.append((value, f.unit, f.qualifier or "", f.span.text(text)))
    _table(console, "Figures", ("value", "counts", "qualifier", "text"), rows)

    rows = [("date" + (" (relative)" if d.relative else ""), d.span.text(text), d.value or "") for d in facts.dates]
    # One row per place, however often the article names it (issue 13: 40 rows for one article).
    mentions: dict[str, list[str]] = {}
    for p in facts.places:
        mentions.setdefault(p.name, []).append(p.span.text(text))
    for name, said in mentions.items():
        rows.append(("place", ", ".join(dict.fromkeys(said)) + (f" ({len(said)}\u00d7)" if len(said) > 1 else ""),
                     name))
    _table(console, "Dates and places", ("kind", "text", "value"), rows)

    _table(console, "Opinion (the writer's own remarks)", ("reason", "score", "sentence"),
           [(o.reason, f"{o.score:.2f}", o.span.text(text)) for o in facts.opinions])


def _table(console: Console, title: str, columns: tuple[str, ...], rows: list[tuple[str, ...]],
           always: bool = False) -> None:
    """A table of ``rows``; none at all when there are no rows (an empty frame says nothing), or
    only its title when ``always`` (``--explain`` answers "what was removed?" even with "nothing")."""
    if not rows:
        if always:
            console.print(f"{title}: none", highlight=False)
        return
    t = Table(title=title)
    for col in columns:
        t.add_column(col, overflow="fold")
    for row in rows:
        t.add_row(*row)
    console.print(t)
