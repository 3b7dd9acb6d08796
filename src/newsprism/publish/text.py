"""Terminal output (Rich): the brief, story lists and claim verdicts.

Article text is untrusted: it goes into :class:`rich.text.Text` objects, never
into markup strings, so "[red]" in an article prints as written.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .brief import Brief, Cite

KIND_STYLE = {"wire": "cyan", "aggregator": "magenta", "blog": "yellow", "magazine": "blue"}


def _dates(start: str | None, end: str | None) -> str:
    if not start and not end:
        return "undated"
    if not end or end == start:
        return start or "?"
    return f"{start or '?'} \u2013 {end}"


def _cite(c: Cite) -> Text:
    t = Text("\u201c", style="italic")
    t.append(c.text, style="italic")
    t.append("\u201d  ", style="italic")
    t.append(f"{c.source} {c.ref}", style="dim")
    return t


def render_brief(brief: Brief, console: Console) -> None:
    labels = {s.article_id: s.label for s in brief.sources}
    console.rule(Text(brief.title, style="bold"))
    console.print(Text(f"{brief.kind} {brief.id} \u00b7 {_dates(brief.start_date, brief.end_date)} \u00b7 "
                       f"{len(brief.sources)} sources \u00b7 {len(brief.contradictions)} contradictions",
                       style="dim"))

    t = Table(title="Events", title_justify="left", show_edge=False)
    for col in ("dates", "event", "sources"):
        t.add_column(col, overflow="fold")
    for e in brief.events:
        t.add_row(_dates(e.start_date, e.end_date), Text(e.title), str(len(e.article_ids)))
    console.print(t)

    t = Table(title="Sources", title_justify="left")
    for col in ("source", "date", "kind", "copy of", "agreement", "article"):
        t.add_column(col, overflow="fold")
    for s in brief.sources:
        agree = Text("\u2014", style="dim")
        if s.agreement is not None:
            style = "green" if s.agreement >= 0.8 else "yellow" if s.agreement >= 0.5 else "red"
            agree = Text(f"{s.agreement:.0%} of {s.claims}", style=style)
        copy = Text(f"{labels.get(s.copy_of, s.copy_of)} ({s.copy_kind})") if s.copy_of else Text("")
        t.add_row(Text(s.label), s.date or "", Text(s.kind_or_format, style=KIND_STYLE.get(s.kind, "")),
                  copy, agree, Text(s.article_id, style="dim"))
    console.print(t)

    if brief.facts:
        console.print(Text("Key facts", style="bold underline"))
        for k in brief.facts:
            console.print(Text.assemble(("\u2714 ", "green"), (k.explanation, "bold"),
                                        (f"  {k.sources} independent source(s)", "dim")))
            for c in k.cites:
                console.print(Text("    ").append_text(_cite(c)))

    if brief.speakers:
        console.print(Text("Who said what", style="bold underline"))
        for sp in brief.speakers:
            console.print(Text(sp.name, style="bold cyan"))
            for q in sp.quotes:
                carried = ", ".join(labels.get(a, a) for a in q.article_ids)
                line = Text("  \u201c" + q.text + "\u201d", style="" if q.direct else "italic")
                line.append(f"  [{carried}]", style="dim")
                console.print(line)

    if brief.figures:
        t = Table(title="Figures", title_justify="left")
        for col in ("counts", "value", "source", "date", "phrase"):
            t.add_column(col, overflow="fold")
        for g in brief.figures:
            for n, i in enumerate(g.items):
                t.add_row(Text(g.unit if n == 0 else "", style="bold" if g.agree else "bold red"),
                          i.display, Text(i.cite.source), i.date or "", Text(i.cite.text))
        console.print(t)

    if brief.contradictions:
        console.print(Text("Contradictions", style="bold underline"))
        for c in brief.contradictions:
            body = []
            for side, cites, style in (("one side", c.support, "green"), ("other side", c.oppose, "red"),
                                       ("context", c.context, "dim")):
                for cite in cites:
                    body.append(Text.assemble((f"{side}: ", style)).append_text(_cite(cite)))
            label = "change over time" if c.is_change else c.kind
            console.print(Panel(Group(*body) if body else Text(""), title=Text(c.explanation),
                                subtitle=Text(f"{label} \u00b7 {c.confidence:.2f}"),
                                border_style="yellow" if c.is_change else "red", title_align="left"))

    if brief.copies:
        console.print(Text("Flagged copies", style="bold underline"))
        for f in brief.copies:
            console.print(Text.assemble(("\u26a0 ", "yellow"), (f.label, "bold"), "  ", f.explanation))

    if brief.opinions:
        console.print(Text("Opinion passages", style="bold underline"))
        for o in brief.opinions:
            console.print(Text.assemble(("  " + o.reason + ": ", "magenta")).append_text(_cite(o.cite)))


def print_story_list(store, console: Console) -> None:
    t = Table(title="Storylines and events")
    for col in ("id", "title", "dates", "articles"):
        t.add_column(col, overflow="fold")
    for s in store.storylines():
        t.add_row(s.id, Text(s.title), f"{s.start_date or ''} \u2013 {s.end_date or ''}", str(len(s.article_ids)))
        for e in store.events(s.id):
            t.add_row("  " + e.id, Text("  " + e.title), f"{e.start_date or ''} \u2013 {e.end_date or ''}",
                      str(len(e.article_ids)))
    console.print(t)


def print_verdict(verdict, console: Console) -> None:
    colour = {"supported": "green", "contradicted": "red"}.get(verdict.verdict, "yellow")
    console.print(Text.assemble((verdict.verdict, f"bold {colour}"), f" ({verdict.confidence:.2f}) ",
                                verdict.explanation))
    for ev in verdict.evidence:
        s = ev.span
        console.print(Text(f"  [{ev.side}] {s.article_id}:{s.start}-{s.end}  {ev.text}"))
