"""The brief as JSON (schema: docs/schema-brief.md)."""

from __future__ import annotations

import json as _json

from ..records import to_dict
from .views import BRIEF_SCHEMA_VERSION, Brief


def brief_to_dict(brief: Brief) -> dict:
    """A JSON-ready dict: the :class:`Brief` fields plus ``schema`` (the version of this layout)."""
    data = to_dict(brief)
    # Derived values a consumer would otherwise recompute: the display of each figure,
    # whether a figure group agrees, and the number of independent sources.
    for group, raw in zip(brief.figures, data["figures"]):
        raw["agree"] = group.agree
        for item, raw_item in zip(group.items, raw["items"]):
            raw_item["display"] = item.display
    data["independent"] = brief.independent
    return {"schema": BRIEF_SCHEMA_VERSION, **data}


def render_json(brief: Brief) -> str:
    return _json.dumps(brief_to_dict(brief), ensure_ascii=False, indent=2)


def render_jsonl(brief: Brief) -> str:
    """The same object on one line (no newline inside): one line of a JSON Lines stream."""
    return _json.dumps(brief_to_dict(brief), ensure_ascii=False, separators=(",", ":"))


def render_json_list(briefs: list[Brief]) -> str:
    """Several briefs as ONE JSON document (an array), so that ``json.load`` reads a whole run."""
    return _json.dumps([brief_to_dict(b) for b in briefs], ensure_ascii=False, indent=2)
