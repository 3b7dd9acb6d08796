"""The brief as one self-contained HTML page (Jinja2, inline CSS, no scripts needed).

The web app renders its story page from the same templates
(``templates/_brief.html`` inside its own layout), so ``newsprism brief STORY
--format html`` writes the page the app shows.  Autoescaping is on for every
template: article text and metadata are untrusted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jinja2

from .views import Brief

TEMPLATES = Path(__file__).resolve().parent / "templates"


def environment(extra: Sequence[Path] = ()) -> jinja2.Environment:
    """The Jinja2 environment for briefs; ``extra`` template folders come first (the web app's)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*map(str, extra), str(TEMPLATES)]),
        autoescape=True,  # everywhere, whatever the template's extension
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda v: "\u2014" if v is None else f"{v:.0%}"
    env.filters["dates"] = format_dates
    env.filters["short"] = lambda s, n=60: s if s is None or len(s) <= n else s[: n - 1].rstrip() + "\u2026"
    return env


def format_dates(start: str | None, end: str | None = None) -> str:
    if not start and not end:
        return "undated"
    if not end or end[:10] == (start or "")[:10]:
        return (start or "?")[:10]
    return f"{(start or '?')[:10]} \u2013 {end[:10]}"


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelinePoint:
    id: str
    x: float
    y: float  # label baseline (alternates above/below the axis so labels do not collide)
    label: str
    date: str
    sources: int
    conflicts: int
    anchor: str  # SVG text-anchor: labels near the ends grow inwards so they are not clipped


@dataclass(frozen=True, slots=True, kw_only=True)
class Timeline:
    width: int
    height: int
    axis_y: int
    points: tuple[TimelinePoint, ...]
    ticks: tuple[tuple[float, str], ...]


def _parse(d: str | None) -> date | None:
    try:
        return date.fromisoformat(d[:10]) if d else None
    except ValueError:
        return None


def timeline(brief: Brief, *, width: int = 960, height: int = 150) -> Timeline:
    """Positions of the events on a date axis (even spacing when the events are undated)."""
    margin = 60
    axis_y = height // 2
    events = list(brief.events)
    days = [_parse(e.start_date) for e in events]
    known = [d for d in days if d]
    lo, hi = (min(known), max(known)) if known else (None, None)
    span = (hi - lo).days if lo and hi else 0
    points = []
    for n, (e, d) in enumerate(zip(events, days)):
        if d and span:
            frac = (d - lo).days / span
        elif len(events) > 1:
            frac = n / (len(events) - 1)
        else:
            frac = 0.5
        x = margin + frac * (width - 2 * margin)
        y = axis_y - 22 if n % 2 == 0 else axis_y + 34
        anchor = "start" if x < width * 0.25 else "end" if x > width * 0.75 else "middle"
        points.append(TimelinePoint(id=e.id, x=round(x, 1), y=y, label=e.title, date=format_dates(e.start_date),
                                    sources=len(e.article_ids), conflicts=e.conflicts, anchor=anchor))
    # Each point carries its date; ticks only mark the month starts inside a long span.
    ticks: list[tuple[float, str]] = []
    if lo and hi and span > 60:
        d = date(lo.year, lo.month, 1)
        while d <= hi:
            if d > lo:
                ticks.append((round(margin + (d - lo).days / span * (width - 2 * margin), 1), d.strftime("%b %Y")))
            d = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return Timeline(width=width, height=height, axis_y=axis_y, points=tuple(points), ticks=tuple(ticks))


def render_html(brief: Brief, *, env: jinja2.Environment | None = None) -> str:
    """One standalone page: inline CSS, no external resources, no scripts."""
    env = env or environment()
    return env.get_template("brief.html").render(brief=brief, tl=timeline(brief), web=False)
