"""Terminal output (Rich) for story lists and claim verdicts."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table


def print_story_list(store, console: Console) -> None:
    t = Table(title="Storylines and events")
    for col in ("id", "title", "dates", "articles"):
        t.add_column(col, overflow="fold")
    for s in store.storylines():
        t.add_row(s.id, s.title, f"{s.start_date or ''} – {s.end_date or ''}", str(len(s.article_ids)))
        for e in store.events(s.id):
            t.add_row("  " + e.id, "  " + e.title, f"{e.start_date or ''} – {e.end_date or ''}",
                      str(len(e.article_ids)))
    console.print(t)


def print_verdict(verdict, console: Console) -> None:
    colour = {"supported": "green", "contradicted": "red"}.get(verdict.verdict, "yellow")
    console.print(f"[bold {colour}]{verdict.verdict}[/] ({verdict.confidence:.2f}) {verdict.explanation}",
                  highlight=False)
    for ev in verdict.evidence:
        s = ev.span
        console.print(f"  [{ev.side}] {s.article_id}:{s.start}-{s.end}  {ev.text}", highlight=False)
