"""What the routes share: a store per request, the page renderer, and the few reads that
several routes make (a story's brief, a claim checked against a story, two sources compared,
the stories that hold an article).

Everything comes from ``request.app.state``, set once by :func:`~newsprism.web.app.create_app`:
``db`` (the store's path or URL), ``settings`` (:class:`newsprism.Settings` or None),
``options`` (:class:`~newsprism.web.options.WebOptions`), ``templates`` (the Jinja2
environment), ``reader`` (:class:`~newsprism.web.background.LazyReader`), ``encoder``
(:class:`~newsprism.web.compare.Encoder`), ``background``, ``cache`` and ``ingest_lock``.
No module globals: two apps in one process (the tests make several) share nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Request
from fastapi.responses import HTMLResponse

from ..publish.assemble import build_brief
from ..publish.stories import StoryFilter
from ..publish.views import Brief
from ..store import Store
from .compare import Comparison, compare


def get_store(request: Request) -> Iterator[Store]:
    """A store for one request (a FastAPI dependency), closed after the answer."""
    store = Store(request.app.state.db)
    try:
        yield store
    finally:
        store.close()


def page(request: Request, name: str, http_status: int = 200, /, **ctx) -> HTMLResponse:
    """The HTML page ``name`` rendered with ``ctx`` (autoescaped)."""
    return HTMLResponse(request.app.state.templates.get_template(name).render(**ctx), status_code=http_status)


def brief(request: Request, store: Store, story_id: str) -> Brief:
    """The brief of one storyline or event (raises NotFound), with the app's settings."""
    return build_brief(store, story_id, settings=request.app.state.settings)


def check_story(request: Request, store: Store, story_id: str, claim: str):
    """``newsprism check`` against one story's articles: each source's verdict and the tally."""
    from ..api import check

    return check(claim, store, story=story_id, reader=request.app.state.reader.get(),
                 settings=request.app.state.settings)


def story_filter(q, entity, outlet, since, until, sort="recent", min_sources=0, contested=False) -> StoryFilter:
    """The story list's search options from query parameters (an empty box is no filter)."""
    return StoryFilter(text=q or None, entity=entity or None, outlet=outlet or None, since=since or None,
                       until=until or None, sort=sort, min_sources=min_sources, contested=contested)


def load_pair(request: Request, store: Store, a: str, b: str) -> Comparison:
    """Two sources compared, with the findings of every story that holds either of them."""
    ids = store.resolve_article_id(a), store.resolve_article_id(b)
    items = [(store.article(i), store.facts(i)) for i in ids]
    rel = {f.id: f for sid in stories_of(store, ids) for f in store.findings(sid)}
    return compare(items[0], items[1], sorted(rel.values(), key=lambda f: f.id),
                   options=request.app.state.options.compare, encoder=request.app.state.encoder)


def stories_of(store: Store, article_ids) -> list[str]:
    """Events and storylines that hold any of ``article_ids`` (events first, then their storylines)."""
    ids = list(article_ids)
    if not ids:
        return []
    marks_ = ",".join("?" * len(ids))
    events = [r[0] for r in store.db.execute(
        f"SELECT DISTINCT event_id FROM event_articles WHERE article_id IN ({marks_}) ORDER BY event_id", ids)]
    lines = []
    for e in events:
        row = store.db.execute("SELECT storyline_id FROM events WHERE id = ?", (e,)).fetchone()
        if row and row[0] and row[0] not in lines:
            lines.append(row[0])
    return lines + events


def story_links(store: Store, article_ids) -> list[dict]:
    """Id and title of the events and storylines that hold any of ``article_ids``."""
    story_ids = stories_of(store, article_ids)
    if not story_ids:
        return []
    titles = {s.id: s.title for s in store.storylines()} | {e.id: e.title for e in store.events()}
    return [{"id": s, "title": titles.get(s, s)} for s in story_ids]
