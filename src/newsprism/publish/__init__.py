"""Publish a story's brief: terminal (Rich), Markdown, JSON, HTML.

One presentation model (:func:`~newsprism.publish.assemble.build_brief`) rendered
four ways; the web app renders the same model with the same HTML templates.
"""

from __future__ import annotations

from rich.console import Console

from ..errors import NewsprismError
from .assemble import build_brief
from .views import Brief

FORMATS = ("terminal", "md", "json", "jsonl", "html")


def render_brief(brief: Brief, fmt: str = "terminal", *, console: Console | None = None) -> str | None:
    """Render a built brief.  Terminal output goes to ``console`` (and returns None) when one is given."""
    if fmt not in FORMATS:
        raise NewsprismError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "json":
        from .json import render_json

        return render_json(brief)
    if fmt == "jsonl":  # one line: several briefs make JSON Lines (``newsprism run -f jsonl``)
        from .json import render_jsonl

        return render_jsonl(brief)
    if fmt == "md":
        from .markdown import render_markdown

        return render_markdown(brief)
    if fmt == "html":
        from .html import render_html

        return render_html(brief)
    from .text import render_brief as render_text

    if console is not None:
        render_text(brief, console)
        return None
    # No console (``-o FILE``): capture the terminal rendering as plain text.
    capture = Console(record=True, width=110, color_system=None, file=_Null())
    render_text(brief, capture)
    return capture.export_text()


def render(store, story_id: str, fmt: str = "terminal", *, console: Console | None = None,
           settings=None) -> str | None:
    """The brief of one storyline or event.  Terminal output goes to ``console`` and returns None.
    ``settings`` (:class:`newsprism.Settings`): its ``check.report`` is the reporting confidence."""
    if fmt not in FORMATS:
        raise NewsprismError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return render_brief(build_brief(store, story_id, settings=settings), fmt, console=console)


class _Null:
    def write(self, _text: str) -> int:
        return 0

    def flush(self) -> None:
        pass


__all__ = ["FORMATS", "Brief", "build_brief", "render", "render_brief"]
