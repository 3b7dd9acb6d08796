"""Publish a story's brief: terminal (Rich), Markdown, JSON, HTML."""

from __future__ import annotations

import json

from rich.console import Console

from ..records import to_dict

FORMATS = ("terminal", "md", "json", "html")


def render(store, story_id: str, fmt: str = "terminal", *, console: Console | None = None) -> str | None:
    """The brief of one storyline or event.  Terminal output goes to ``console`` and returns None."""
    if fmt not in FORMATS:
        from ..errors import NewsprismError

        raise NewsprismError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    try:
        story = store.storyline(story_id)
    except Exception:
        story = store.event(story_id)
    findings = store.findings(story.id)
    if fmt == "json":
        return json.dumps({"story": to_dict(story), "findings": to_dict(findings)}, ensure_ascii=False, indent=2)
    lines = [f"# {story.title}", ""]
    for f in findings:
        lines.append(f"- **{f.kind}**: {f.explanation}")
    text = "\n".join(lines)
    if fmt == "terminal" and console is not None:
        console.print(text, highlight=False)
        return None
    return text
