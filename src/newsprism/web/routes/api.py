"""The JSON API: stories, briefs, a claim checked against a story, two sources compared, one
article.  Each page has its twin here; errors are ``{"error": {"code", "message"}}``."""

from __future__ import annotations

from types import SimpleNamespace

from fastapi import APIRouter, Depends, Query, Request

from ...publish.json import brief_to_dict
from ...publish.reading import reading_to_json
from ...publish.stories import StorySort, list_stories
from ...records import to_dict
from ...store import Store
from ..deps import brief, check_story, get_store, load_pair, stories_of, story_filter

router = APIRouter()


@router.get("/api/stories", tags=["stories"])
def api_stories(request: Request, store: Store = Depends(get_store), q: str | None = None, entity: str | None = None,
                outlet: str | None = None, since: str | None = None, until: str | None = None,
                sort: StorySort = "recent", min_sources: int = Query(0, ge=0), contested: bool = False) -> dict:
    """Storylines and their events for triage: ``sort`` recent (default), sources or conflicts,
    single-source stories last; ``min_sources`` independent sources; ``contested`` only stories
    with a contradiction; ``q`` searches titles and text."""
    stories = list_stories(store, story_filter(q, entity, outlet, since, until, sort, min_sources, contested),
                           settings=request.app.state.settings)
    return {"stories": to_dict(stories), "count": len(stories)}


@router.get("/api/stories/{story_id}", tags=["stories"])
def api_story(request: Request, story_id: str, store: Store = Depends(get_store)) -> dict:
    """The brief of one storyline or event (schema: docs/schema-brief.md)."""
    return brief_to_dict(brief(request, store, story_id))


@router.get("/api/stories/{story_id}/check", tags=["stories"])
def api_check(request: Request, story_id: str, claim: str = Query(..., description="the statement to test"),
              store: Store = Depends(get_store)) -> dict:
    """Is ``claim`` supported, contradicted or not found in this story's articles: the verdict,
    the tally of independent sources, and each source's own verdict with its spans."""
    brief(request, store, story_id)  # an unknown story is a 404, not an empty check
    return to_dict(check_story(request, store, story_id, claim))


@router.get("/api/compare", tags=["compare"])
def api_compare(request: Request, a: str = Query(..., description="article id (or unique prefix)"),
                b: str = Query(..., description="article id (or unique prefix)"),
                store: Store = Depends(get_store)) -> dict:
    """Two sources aligned sentence by sentence, with typed differences per aligned pair."""
    cmp = load_pair(request, store, a, b)
    data = to_dict(cmp)
    for row, raw in zip(cmp.rows, data["rows"]):
        raw["status"] = row.status
    data["counts"] = cmp.counts
    return data


@router.get("/api/articles/{article_id}", tags=["articles"])
def api_article(article_id: str, store: Store = Depends(get_store)) -> dict:
    """One article: cleaned text, removed lines with reasons, and every fact with its span."""
    aid = store.resolve_article_id(article_id)
    data = reading_to_json(SimpleNamespace(article=store.article(aid), facts=store.facts(aid)))
    data["stories"] = stories_of(store, (aid,))
    return data
