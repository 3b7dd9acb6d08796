"""The brief as Markdown: for pasting into a newsroom doc or a ticket."""

from __future__ import annotations

import re

from .brief import Brief, Cite

# Characters that would turn source text into Markdown markup (or raw HTML) when pasted.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def esc(text: str | None) -> str:
    """Escape untrusted text for Markdown; newlines fold to spaces so tables stay intact."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join((text or "").split()))


def _cite(c: Cite) -> str:
    return f"> {esc(c.text)}  \n> \u2014 {esc(c.source)} `{c.ref}`"


def _dates(start: str | None, end: str | None) -> str:
    if not start and not end:
        return "undated"
    if not end or end == start:
        return start or ""
    return f"{start or '?'} \u2013 {end}"


def render_markdown(brief: Brief) -> str:
    out: list[str] = [f"# {esc(brief.title)}", ""]
    out.append(f"*{brief.kind} `{brief.id}` \u00b7 {_dates(brief.start_date, brief.end_date)} \u00b7 "
               f"{len(brief.sources)} sources \u00b7 {len(brief.contradictions)} contradictions*")
    out.append("")
    labels = {s.article_id: s.label for s in brief.sources}

    out += ["## Events", ""]
    for e in brief.events:
        out.append(f"- **{_dates(e.start_date, e.end_date)}** {esc(e.title)} (`{e.id}`, "
                   f"{len(e.article_ids)} source{'' if len(e.article_ids) == 1 else 's'})")
    out.append("")

    out += ["## Sources", "", "| Source | Date | Kind | Copy of | Agreement | Article |",
            "|---|---|---|---|---|---|"]
    for s in brief.sources:
        copy = f"{esc(labels.get(s.copy_of, s.copy_of))} ({s.copy_kind})" if s.copy_of else ""
        agree = f"{s.agreement:.0%} of {s.claims}" if s.agreement is not None else "\u2014"
        out.append(f"| {esc(s.label)} | {s.date or ''} | {s.kind_or_format} | {copy} | {agree} | "
                   f"`{s.article_id}` |")
    out.append("")

    if brief.facts:
        out += ["## Key facts", ""]
        for k in brief.facts:
            out.append(f"- **{esc(k.explanation)}** \u2014 {k.sources} independent source(s)")
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
                out.append(f"  - {i.display} ({esc(i.cite.source)}, {i.date or 'undated'}): "
                           f"\u201c{esc(i.cite.text)}\u201d `{i.cite.ref}`")
        out.append("")

    if brief.contradictions:
        out += ["## Contradictions", ""]
        for c in brief.contradictions:
            label = "change over time" if c.is_change else c.kind
            out += [f"### {esc(c.explanation)}", "", f"*{label}, confidence {c.confidence:.2f}*", ""]
            for side, cites in (("One side", c.support), ("Other side", c.oppose), ("Context", c.context)):
                if cites:
                    out.append(f"**{side}:**")
                    out.append("")
                    for cite in cites:
                        out += [_cite(cite), ""]
        out.append("")

    if brief.copies:
        out += ["## Flagged copies", ""]
        for f in brief.copies:
            out.append(f"- **{esc(f.label)}** (`{f.article_id}`): {esc(f.explanation)}")
            for c in f.cites:
                out.append("  " + _cite(c).replace("\n", "\n  "))
        out.append("")

    if brief.opinions:
        out += ["## Opinion passages", ""]
        for o in brief.opinions:
            out.append(f"- *{esc(o.reason)}* \u2014 \u201c{esc(o.cite.text)}\u201d "
                       f"({esc(o.cite.source)} `{o.cite.ref}`)")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
