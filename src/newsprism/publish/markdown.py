"""The brief as Markdown: for pasting into a newsroom doc or a ticket."""

from __future__ import annotations

import re

from .views import Brief, Cite, Contradiction

# Characters that would turn source text into Markdown markup (or raw HTML) when pasted.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def esc(text: str | None) -> str:
    """Escape untrusted text for Markdown; newlines fold to spaces so tables stay intact."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join((text or "").split()))


def quoted(c: Cite) -> str:
    """The cited words in their sentence, the cited span in bold: “the **Russian** minister said”."""
    if not (c.before or c.after):
        return f"\u201c{esc(c.text)}\u201d"
    before, after = esc(c.before), esc(c.after)
    return (f"\u201c{before}{' ' if c.before[-1:].isspace() else ''}**{esc(c.text)}**"
            f"{' ' if c.after[:1].isspace() else ''}{after}\u201d")


def _cite(c: Cite) -> str:
    return f"> {quoted(c)}  \n> \u2014 {esc(c.source)} `{c.ref}`"


def _inline(c: Cite) -> str:
    return f"{quoted(c)} ({esc(c.source)} `{c.ref}`)"


def _dates(start: str | None, end: str | None) -> str:
    if not start and not end:
        return "undated"
    start, end = (start or "")[:10], (end or "")[:10]
    if not end or end == start:
        return start
    return f"{start or '?'} \u2013 {end}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render_markdown(brief: Brief) -> str:
    out: list[str] = [f"# {esc(brief.title)}", ""]
    conflicts = sum(1 for c in brief.contradictions if not c.is_change)
    out.append(f"*{brief.kind} `{brief.id}` \u00b7 {_dates(brief.start_date, brief.end_date)} \u00b7 "
               f"{_plural(len(brief.sources), 'source')}"
               + (f" ({brief.independent} independent)" if brief.independent != len(brief.sources) else "")
               + f" \u00b7 {_plural(conflicts, 'contradiction')}"
               f" \u00b7 {_plural(len(brief.contradictions) - conflicts, 'change')} over time*")
    out.append("")
    labels = {s.article_id: s.label for s in brief.sources}

    out += ["## Events", ""]
    for e in brief.events:
        out.append(f"- **{_dates(e.start_date, e.end_date)}** {esc(e.title)} (`{e.id}`, "
                   f"{_plural(len(e.article_ids), 'source')})")
    out.append("")

    out += ["## Sources", "", "| Source | Headline | Date | Kind | Copy of | Agreement | Article |",
            "|---|---|---|---|---|---|---|"]
    for s in brief.sources:
        copy = f"{esc(labels.get(s.copy_of, s.copy_of))} ({s.copy_kind})" if s.copy_of else ""
        agree = f"{s.agreement:.0%} of {s.claims}" if s.agreement is not None else "\u2014"
        headline = esc(s.title) if s.title and s.title != s.label else ""
        flag = " \u26a0" if s.flagged and not s.copy_of else ""
        out.append(f"| {esc(s.label)}{flag} | {headline} | {s.day} | {s.kind_label} | {copy} | {agree} | "
                   f"`{s.article_id}` |")
    out.append("")

    if brief.contradictions or brief.weaker:
        out += ["## Contradictions", ""]
        for c in brief.contradictions:
            out += _contradiction(c, labels)
        if brief.weaker:
            out += [f"*{_plural(brief.weaker, 'weaker contradiction')} (confidence under {brief.report:.2f}) "
                    f"left out.*"]
        out.append("")

    if brief.facts:
        out += ["## Key facts", ""]
        for k in brief.facts:
            out.append(f"- **{esc(k.explanation)}** \u2014 {_plural(k.sources, 'independent source')}")
            for c in k.cites:
                out.append("  " + _cite(c).replace("\n", "\n  "))
        out.append("")

    if brief.speakers:
        out += ["## Who said what", ""]
        for sp in brief.speakers:
            out += [f"### {esc(sp.name)}", ""]
            for q in sp.quotes:
                carried = ", ".join(esc(labels.get(a, a)) for a in q.article_ids)
                kind = "said" if q.direct else "reported"
                out.append(f"- \u201c{esc(q.text)}\u201d ({kind}; carried by {carried}) "
                           + " ".join(f"`{c.ref}`" for c in q.cites))
            out.append("")

    if brief.figures:
        out += ["## Figures", ""]
        for g in brief.figures:
            flag = "" if g.agree else " \u2014 **sources differ**"
            out.append(f"- **{esc(g.unit)}**{flag}")
            for i in g.items:
                out.append(f"  - {esc(i.display)} ({esc(i.cite.source)}, {i.day or 'undated'}): "
                           f"\u201c{esc(i.cite.text)}\u201d `{i.cite.ref}`")
        out.append("")

    if brief.copies:
        out += ["## Flagged copies", ""]
        for f in brief.copies:
            out.append(f"- **{esc(f.label)}** (`{f.article_id}`): {esc(f.explanation)}")
            listed = [c for c in (brief.contradiction(i) for i in f.conflicts) if c is not None]
            for c in listed:
                mine, theirs = c.sides(f.article_id)
                line = f"  - *{_kind(c)}*: {esc(c.explanation)}: " + "; ".join(_inline(x) for x in mine)
                if theirs:
                    line += " \u2014 against " + "; ".join(_inline(x) for x in theirs)
                out.append(line)
            if not listed:
                for c in f.cites:
                    out.append("  " + _cite(c).replace("\n", "\n  "))
        out.append("")

    if brief.opinions:
        out += ["## Opinion passages", ""]
        for g in brief.opinions:
            out += [f"### {esc(g.label)} \u2014 {_plural(len(g.passages), 'passage')} of the writer's own "
                    "commentary, kept apart from reported facts", ""]
            for o in g.passages:
                out.append(f"- \u201c{esc(o.cite.text)}\u201d *({esc(o.reason)})* `{o.cite.ref}`")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _kind(c: Contradiction) -> str:
    return "change over time" if c.is_change else c.kind


def _contradiction(c: Contradiction, labels: dict[str, str]) -> list[str]:
    out = [f"### {esc(c.explanation)}", "", f"*{_kind(c)}, confidence {c.confidence:.2f}*", ""]
    names = (", ".join(esc(labels.get(a, a[:10])) for a in c.supporting),
             ", ".join(esc(labels.get(a, a[:10])) for a in c.opposing))
    for (side, cites), who in zip((("One side", c.support), ("Other side", c.oppose)), names):
        if cites:
            out += [f"**{side}**{': ' + who if who else ''}", ""]
            for cite in cites:
                out += [_cite(cite), ""]
    if c.context:
        out += ["**Figures compared:**" if c.is_change else "**Context:**", ""]
        for cite in c.context:
            out += [_cite(cite), ""]
    return out
