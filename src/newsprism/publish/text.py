"""Terminal output (Rich): the brief, story lists and claim verdicts.

Article text is untrusted: it goes into :class:`rich.text.Text` objects, never
into markup strings, so "[red]" in an article prints as written.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .views import Brief, Cite

KIND_STYLE = {"wire": "cyan", "newspaper": "cyan", "broadcaster": "cyan", "magazine": "blue",
              "aggregator": "magenta", "blog": "yellow", "content-farm": "red"}


#: How many items of each list the terminal shows; ``--format md`` has them all.
CAPS = {"events": 6, "contradictions": 5, "evidence": 3, "facts": 5, "speakers": 6, "quotes": 3,
        "figures": 8, "copies": 4, "opinions": 3}
QUOTE_CHARS = 160


def _dates(start: str | None, end: str | None) -> str:
    if not start and not end:
        return "undated"
    start, end = (start or "")[:10], (end or "")[:10]
    if not end or end == start:
        return start or "?"
    return f"{start or '?'} \u2013 {end}"


def _clip(text: str, n: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


def _clip_left(text: str, n: int) -> str:
    """The last ``n`` characters of ``text`` (what leads into the cited span)."""
    text = " ".join(text.split())
    if len(text) <= n:
        return text
    tail = text[len(text) - n + 1:]
    return "\u2026" + (tail.split(" ", 1)[1] if " " in tail.strip() else tail).lstrip()


def _quoted(c: Cite) -> Text:
    """The cited span in bold inside its sentence, in quotation marks."""
    t = Text("\u201c", style="italic")
    if c.before:
        t.append(_clip_left(c.before, 90) + (" " if c.before[-1:].isspace() else ""), style="italic")
    t.append(_clip(c.text), style="italic bold" if (c.before or c.after) else "italic")
    if c.after:
        t.append((" " if c.after[:1].isspace() else "") + _clip(c.after, 90), style="italic")
    t.append("\u201d", style="italic")
    return t


def _cite(c: Cite) -> Text:
    t = _quoted(c)
    t.append(f"  {c.source} {c.ref}", style="dim")
    return t


_ONE = {"flagged copies": "flagged copy", "contradictions and changes": "contradiction or change"}


def _more(console: Console, shown: int, total: int, what: str, indent: str = "") -> None:
    if total > shown:
        left = total - shown
        word = what if left > 1 else _ONE.get(what, what.removesuffix("s"))  # "1 more event", not "1 more events"
        console.print(Text(f"{indent}\u2026 and {left} more {word} (see --format md)", style="dim"))


def _heading(console: Console, title: str) -> None:
    console.print()
    console.print(Text(title, style="bold underline"))


def render_brief(brief: Brief, console: Console) -> None:
    labels = {s.article_id: s.label for s in brief.sources}
    conflicts = [c for c in brief.contradictions if not c.is_change]
    changes = [c for c in brief.contradictions if c.is_change]
    console.rule(Text(brief.title, style="bold"))
    console.print(Text(f"{brief.kind} {brief.id} \u00b7 {_dates(brief.start_date, brief.end_date)} \u00b7 "
                       f"{_sources_of(brief)} \u00b7 {_plural(len(brief.events), 'event')} \u00b7 "
                       f"{_plural(len(conflicts), 'contradiction')} \u00b7 "
                       f"{_plural(len(changes), 'change')} over time",
                       style="dim"))

    if len(brief.events) > 1:
        t = Table(title="Events", title_justify="left", show_edge=False, box=None, padding=(0, 1))
        t.add_column("dates", no_wrap=True, style="dim")
        t.add_column("event", overflow="fold")
        t.add_column("sources", justify="right")
        for e in brief.events[:CAPS["events"]]:
            t.add_row(_dates(e.start_date, e.end_date), Text(e.title), str(len(e.article_ids)))
        console.print(t)
        _more(console, CAPS["events"], len(brief.events), "events")

    t = Table(title="Sources", title_justify="left", padding=(0, 1))
    t.add_column("source", overflow="fold", ratio=3)
    t.add_column("date", no_wrap=True)
    t.add_column("kind", overflow="fold")
    copies = any(s.copy_of for s in brief.sources)
    if copies:
        t.add_column("copy of", overflow="fold", ratio=1)
    t.add_column("agreement", no_wrap=True)
    t.add_column("article", no_wrap=True)
    for s in brief.sources:
        agree = Text("\u2014", style="dim")
        if s.agreement is not None:
            style = "green" if s.agreement >= 0.8 else "yellow" if s.agreement >= 0.5 else "red"
            agree = Text(f"{s.agreement:.0%} of {s.claims}", style=style)
        # A source known only by its headline shows the headline once.
        by_title = bool(s.title) and s.title.startswith(s.label.rstrip("\u2026"))
        name = Text(_clip(s.title, 70) if by_title else s.label, style="bold")
        if s.flagged and not s.copy_of:
            name.append(" \u26a0", style="yellow")
        # Headlines only where there is room for them beside the other columns.
        if s.title and not by_title and console.width >= 100:
            name.append("\n" + _clip(s.title, 70), style="dim")
        copy = Text(f"{labels.get(s.copy_of, s.copy_of)} ({s.copy_kind})") if s.copy_of else Text("")
        t.add_row(name, s.day, Text(s.kind_label, style=KIND_STYLE.get(s.kind, "")), *([copy] if copies else []),
                  agree, Text(s.article_id[:8], style="dim"))
    console.print(t)

    if brief.contradictions:
        _heading(console, "Contradictions")
        shown = [*conflicts, *changes][:CAPS["contradictions"]]  # strongest first
        for c in shown:
            body: list[Text] = []
            for side, cites, who, style in (("one side", c.support, c.supporting, "green"),
                                            ("other side", c.oppose, c.opposing, "red"),
                                            ("figures" if c.is_change else "context", c.context, (), "dim")):
                for cite in cites[:CAPS["evidence"]]:
                    body.append(Text.assemble((f"{side}: ", style)).append_text(_cite(cite)))
                if len(cites) > CAPS["evidence"]:
                    body.append(Text(f"\u2026 and {len(cites) - CAPS['evidence']} more", style="dim"))
            label = "change over time" if c.is_change else c.kind
            console.print(Panel(Group(*body) if body else Text(""), title=Text(_clip(c.explanation, 90)),
                                subtitle=Text(f"{label} \u00b7 {c.confidence:.2f}"),
                                border_style="yellow" if c.is_change else "red", title_align="left"))
        _more(console, len(shown), len(brief.contradictions), "contradictions and changes")
    if brief.weaker:
        console.print(Text(f"{_plural(brief.weaker, 'weaker contradiction')} (confidence under "
                           f"{brief.report:.2f}) left out", style="dim"))

    if brief.facts:
        _heading(console, "Key facts (corroborated)")
        for k in brief.facts[:CAPS["facts"]]:
            carried = ", ".join(_unique_labels(k.supporting, labels))
            said = k.cites[0].text if k.cites else k.explanation
            console.print(Text.assemble(("\u2714 ", "green"), (_clip(said), ""),
                                        (f"  {_plural(k.sources, 'independent source')}: {carried}", "dim")))
        _more(console, CAPS["facts"], len(brief.facts), "facts")

    if brief.speakers:
        _heading(console, "Who said what")
        for sp in brief.speakers[:CAPS["speakers"]]:
            console.print(Text.assemble((sp.name, "bold cyan"),
                                        (f"  {_plural(len(sp.quotes), 'statement')} in "
                                         f"{_plural(len(sp.article_ids), 'source')}", "dim")))
            for q in sp.quotes[:CAPS["quotes"]]:
                carried = ", ".join(labels.get(a, a) for a in q.article_ids)
                line = Text("  \u201c" + _clip(q.text) + "\u201d", style="" if q.direct else "italic")
                line.append(f"  {'said' if q.direct else 'reported'} \u00b7 {carried}", style="dim")
                console.print(line)
            _more(console, CAPS["quotes"], len(sp.quotes), "statements", "  ")
        _more(console, CAPS["speakers"], len(brief.speakers), "speakers")

    if brief.figures:
        t = Table(title="\nFigures", title_justify="left", padding=(0, 1))
        t.add_column("what is counted", overflow="fold")
        t.add_column("value", overflow="fold", justify="right")
        t.add_column("given by", overflow="fold", ratio=1)
        for g in brief.figures[:CAPS["figures"]]:
            # One row per value, with every source that gives it.
            values: dict[str, list[str]] = {}
            for i in g.items:
                values.setdefault(i.display, [])
                if i.cite.source not in values[i.display]:
                    values[i.display].append(i.cite.source)
            for n, (value, who) in enumerate(values.items()):
                unit = Text(g.unit if n == 0 else "", style="bold" if g.agree else "bold red")
                if n == 0 and not g.agree:
                    unit.append("\nsources differ", style="red")
                t.add_row(unit, value, Text(", ".join(who)))
        console.print(t)
        _more(console, CAPS["figures"], len(brief.figures), "figures")

    if brief.copies:
        _heading(console, "Flagged copies")
        for f in brief.copies[:CAPS["copies"]]:
            console.print(Text.assemble(("\u26a0 ", "yellow"), (f.label, "bold"), "  ", f.explanation))
            for c in (x for x in (brief.contradiction(i) for i in f.conflicts) if x is not None):
                mine, theirs = c.sides(f.article_id)
                line = Text(f"    {c.kind}: ", style="red")
                for x in mine[:1]:
                    line.append_text(_quoted(x))
                for x in theirs[:1]:
                    line.append("  vs ", style="dim")
                    line.append_text(_quoted(x))
                    line.append(f"  {x.source}", style="dim")
                console.print(line)
        _more(console, CAPS["copies"], len(brief.copies), "flagged copies")

    if brief.opinions:
        _heading(console, "Opinion passages (kept apart from reported facts)")
        for g in brief.opinions:
            console.print(Text.assemble((g.label, "bold magenta"),
                                        (f"  {_plural(len(g.passages), 'passage')} of the writer's own commentary",
                                         "dim")))
            for o in g.passages[:CAPS["opinions"]]:
                console.print(Text("  ").append_text(_quoted(o.cite)).append(f"  {o.reason}", style="dim"))
            _more(console, CAPS["opinions"], len(g.passages), "passages", "  ")


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def _unique_labels(ids, labels: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(labels.get(a, a[:10]) for a in ids))


def print_story_list(store, console: Console, sort: str = "recent", limit: int = 0, story_filter=None, *,
                     settings=None) -> None:
    """The story list as the web app shows it (:func:`list_stories`): the same titles and order;
    the first ``limit`` stories when it is above 0 (a terminal table of thousands helps nobody).
    ``story_filter``: a :class:`StoryFilter` (its ``sort`` wins over ``sort``), as the web app's
    Stories page and ``/api/stories`` take it."""
    from .stories import StoryFilter, list_stories

    stories = list_stories(store, story_filter or StoryFilter(sort=sort), settings=settings)
    shown = stories[:limit] if limit > 0 else stories
    t = Table(title="Storylines and events")
    for col in ("id", "title", "dates", "sources", "contradictions"):
        t.add_column(col, overflow="fold")
    for s in shown:
        t.add_row(s.id, Text(s.title), f"{s.start_date or ''} \u2013 {s.end_date or ''}", _sources(s),
                  str(s.conflicts or ""))
        for e in s.events if len(s.events) > 1 else ():
            t.add_row("  " + e.id, Text("  " + e.title), f"{e.start_date or ''} \u2013 {e.end_date or ''}",
                      _sources(e), str(e.conflicts or ""))
    console.print(t)
    if len(shown) < len(stories):
        more = len(stories) - len(shown)
        console.print(f"{more:,} more stor{'y' if more == 1 else 'ies'} not shown (--limit 0 lists them all; "
                      "the web app and /api/stories have them too)")


#: Rows of the run summary: stories by their number of independent sources (the last row: that many or more).
SUMMARY_BUCKETS = (1, 2, 3, 4, 5)
SUMMARY_CONTESTED = 5  # most contested stories named under the table


def print_run_summary(store, console: Console) -> None:
    """One screen before the briefs of ``newsprism run``: how many stories, how many sources each
    has, how many are contested, and the most contested by name (issue 13: 273 briefs with no
    overview).  Rows with no story are left out."""
    from .stories import StoryFilter, list_stories

    stories = list_stories(store, StoryFilter(sort="conflicts"))
    articles = store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    contested = [s for s in stories if s.conflicts]
    console.print(Text(f"{_plural(len(stories), 'story', 'stories')} from {_plural(articles, 'article')}, "
                       f"{len(contested)} with contradictions", style="bold"))
    t = Table(show_edge=False, box=None, padding=(0, 2))
    t.add_column("independent sources")
    t.add_column("stories", justify="right")
    t.add_column("with contradictions", justify="right")
    top = SUMMARY_BUCKETS[-1]
    for n in SUMMARY_BUCKETS:
        row = [s for s in stories if (s.independent >= n if n == top else s.independent == n)]
        if row:
            t.add_row(f"{n}+" if n == top else str(n), str(len(row)), str(sum(1 for s in row if s.conflicts)))
    if stories:
        console.print(t)
    for s in contested[:SUMMARY_CONTESTED]:
        console.print(Text.assemble(("  \u26a0 ", "red"), Text(s.title),
                                    (f"  {_plural(s.conflicts, 'contradiction')}, "
                                     f"{_plural(s.independent, 'source')} \u00b7 {s.id}", "dim")))
    console.print()


def _sources(s) -> str:
    """"3 (+1 copy, +1 same outlet)": independent sources, then the articles that are not."""
    copies = min(s.copies, s.sources - s.independent)
    same = s.sources - s.independent - copies
    extra = [f"+{copies} cop{'y' if copies == 1 else 'ies'}"] * bool(copies) + [f"+{same} same outlet"] * bool(same)
    return f"{s.independent}" + (f" ({', '.join(extra)})" if extra else "")


def _sources_of(brief) -> str:
    """"3 sources" or, when copies or one outlet's articles count once, "3 sources (2 independent)"."""
    n, independent = len(brief.sources), brief.independent
    return _plural(n, "source") + (f" ({independent} independent)" if independent != n else "")


def print_verdict(verdict, console: Console) -> None:
    colour = {"supported": "green", "contradicted": "red"}.get(verdict.verdict, "yellow")
    console.print(Text.assemble((verdict.verdict, f"bold {colour}"), f" ({verdict.confidence:.2f}) ",
                                verdict.explanation))
    for ev in verdict.evidence:
        s = ev.span
        console.print(Text(f"  [{ev.side}] {s.article_id}:{s.start}-{s.end}  {ev.text}"))
    if len(verdict.by_source) > 1:
        console.print(Text("by source:", "bold"))
        for sv in verdict.by_source:
            tint = {"supported": "green", "contradicted": "red"}.get(sv.verdict, "yellow")
            console.print(Text.assemble("  ", (f"{sv.verdict:<12}", tint), f" {sv.source} ({sv.article_id}): ",
                                        sv.explanation))
