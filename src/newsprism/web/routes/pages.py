"""The HTML pages: the story list, a story's brief, two sources compared, one article, the API
listing.  Each renders the same model as its ``/api`` twin with the Jinja2 templates."""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from ...publish.html import timeline
from ...publish.stories import STORY_SORTS, StorySort, list_stories
from ...store import Store
from ..article import marks, pieces
from ..deps import brief, check_story, get_store, load_pair, page, stories_of, story_filter

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def stories_page(request: Request, store: Store = Depends(get_store), q: str = "", entity: str = "",
                 outlet: str = "", since: str = "", until: str = "", sort: StorySort = "recent",
                 min_sources: int | str = "", contested: bool = False):
    # An emptied number box sends "min_sources=": no minimum, not an error page.
    min_sources = int(min_sources) if str(min_sources).isdigit() else 0
    stories = list_stories(store, story_filter(q, entity, outlet, since, until, sort, min_sources, contested),
                           settings=request.app.state.settings)
    return page(request, "stories.html", stories=stories, nav="stories", total=store.count_articles(),
                sorts=STORY_SORTS, waiting=store.count_ungrouped(),
                form={"q": q, "entity": entity, "outlet": outlet, "since": since, "until": until},
                order={"sort": sort, "min_sources": min_sources or "", "contested": contested})


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str, claim: str = "", store: Store = Depends(get_store)):
    b = brief(request, store, story_id)
    verdict = check_story(request, store, story_id, claim) if claim.strip() else None
    return page(request, "story.html", brief=b, tl=timeline(b), web=True, nav="stories", claim=claim,
                verdict=verdict, labels={s.article_id: s.label for s in b.sources})


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, a: str = "", b: str = "", store: Store = Depends(get_store)):
    articles = [store.article(i) for i in store.article_ids()]
    cmp = load_pair(request, store, a, b) if a and b else None
    return page(request, "compare.html", cmp=cmp, articles=articles, a=a, b=b, nav="compare")


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, hl: str = "", store: Store = Depends(get_store)):
    aid = store.resolve_article_id(article_id)
    art, facts = store.article(aid), store.facts(aid)
    m = re.fullmatch(r"(\d+)-(\d+)", hl)
    highlight = (int(m.group(1)), int(m.group(2))) if m else None
    return page(request, "article.html", art=art, facts=facts, pieces=pieces(art.text, marks(art, facts, highlight)),
                stories=stories_of(store, (aid,)), nav="")


@router.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request):
    schema = request.app.openapi()
    endpoints = [(path, method.upper(), op) for path, ops in schema["paths"].items() for method, op in ops.items()]
    return page(request, "docs.html", endpoints=endpoints, nav="docs")
