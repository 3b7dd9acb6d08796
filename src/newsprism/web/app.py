"""The local web app: FastAPI over the store, Jinja2 pages and a JSON API for each page.

Pages and their API twins::

    /                    /api/stories            storylines and events, newest first, searchable
    /stories/{id}        /api/stories/{id}       the brief: timeline, sources, claims matrix, ...
    /compare?a=&b=       /api/compare?a=&b=      two sources aligned sentence by sentence
    /articles/{id}       /api/articles/{id}      cleaned text with its facts, removed lines
    /ingest (POST)       /api/ingest (POST)      upload files: read, then grouped in the background
    /status              /api/status             articles waiting to be grouped and cross-checked

Article text and metadata are untrusted: every template is autoescaped, pages
carry a Content-Security-Policy that forbids inline scripts, and errors have
one JSON shape, ``{"error": {"code", "message"}}``, on every ``/api`` path.
The spaCy model loads on the first upload, not at start-up.

Pages and API answers are cached per store version (issue 12: each page was
rendered afresh, about 15 ms of CPU, and 50 readers waited in line): a story
page does not change until the store does.  ``/docs`` lists the API from its
OpenAPI schema, offline and under the same CSP.

An upload is read before the answer comes back (its rejections are part of the
answer); grouping and cross-checking continue in one background thread per
process (issue 8: an upload to a 300-article store blocked for 115 s).  What is
still waiting is read from the store (articles in no event yet, the last
background error), so every worker process shows the same status.

This module wires the app: the shared state on ``app.state`` (:mod:`.deps` lists it),
error handlers, security headers and the cache.  The routes are FastAPI routers:
:mod:`.routes.api` (JSON), :mod:`.routes.pages` (HTML), :mod:`.routes.upload` (ingest and
status); :mod:`.cache` and :mod:`.background` hold the answer cache and the background worker.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import InputError, NewsprismError, NotFound
from ..publish.html import environment
from ..store import Store
from .background import Background, LazyReader
from .cache import Cache
from .compare import Encoder
from .deps import page
from .options import MB, WebOptions
from .routes import api, pages, upload

__all__ = ["CSP", "WebOptions", "app_from_env", "create_app"]

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent

# No inline scripts, no plugins, nothing from other origins: an article that slips
# markup past escaping still cannot run.  Every page, /docs included.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def create_app(db: str | Path = "newsprism.db", *, reader=None, options: WebOptions | None = None,
               settings=None) -> FastAPI:
    """The web app over the store at ``db``.  ``reader``: a :class:`~newsprism.read.Reader` to reuse.
    ``settings`` (:class:`newsprism.Settings`): the stages' options for uploads and the brief, and
    the app's own (its ``web`` table) unless ``options`` are given."""
    opts = options or (settings.web if settings is not None else WebOptions())
    db = str(db)
    Store(db).close()  # create the store now: a bad path or URL fails at start-up, not on first page
    app = FastAPI(title="newsprism", description="What news sources agree on, who said what, where they disagree.",
                  version="1", docs_url=None, redoc_url=None)  # Swagger UI loads from a CDN: our own /docs
    app.state.db = db
    app.state.settings = settings
    app.state.options = opts
    app.state.cache = cache = Cache(db, opts.cache_bytes)
    app.state.reader = LazyReader(reader, settings.read if settings is not None else None)
    app.state.encoder = Encoder()
    app.state.ingest_lock = threading.Lock()  # one ingest at a time in this process (the reader is not shared)
    app.state.background = Background(db, settings)
    app.state.templates = environment([HERE / "templates"])
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    # -- errors: one JSON shape on /api, an error page elsewhere -------------------

    def error(request: Request, status: int, code: str, message: str) -> Response:
        if request.url.path.startswith("/api"):
            return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
        return page(request, "error.html", status, status=status, code=code, message=message, nav="")

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound):
        return error(request, 404, exc.code, str(exc))

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError):
        status = {"too-large": 413, "unsupported-type": 415}.get(exc.reason, 400)
        return error(request, status, exc.reason, str(exc))

    @app.exception_handler(NewsprismError)
    async def newsprism_error(request: Request, exc: NewsprismError):
        return error(request, 500, exc.code, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        code = {404: "not-found", 405: "method-not-allowed", 413: "too-large"}.get(exc.status_code, "http-error")
        return error(request, exc.status_code, code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        parts = ["/".join(str(x) for x in e.get("loc", ())) + ": " + e.get("msg", "") for e in exc.errors()]
        return error(request, 422, "invalid-request", "; ".join(parts) or "invalid request")

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception):
        log.exception("unhandled error on %s", request.url.path)
        return error(request, 500, "internal", "internal error (see the server log)")

    @app.middleware("http")
    async def headers(request: Request, call_next):
        # Refuse oversized uploads before the multipart parser spools them.
        if request.method == "POST" and request.url.path in ("/ingest", "/api/ingest"):
            length = request.headers.get("content-length")
            if length and length.isdigit() and int(length) > opts.max_upload_bytes * 2 + MB:
                return error(request, 413, "too-large",
                             f"upload of {int(length) / MB:.1f} MB is over the {opts.max_upload_bytes // MB} MB limit")
        key = cache.key(request)
        if key is not None:
            version = cache.version()
            hit = cache.get(key, version)
            if hit is not None:
                return hit
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = CSP
        if key is not None and response.status_code in (200, 404):
            body = b"".join([chunk async for chunk in response.body_iterator])
            cache.put(key, version, response.status_code, response.raw_headers, body)
            fresh = Response(content=body, status_code=response.status_code)
            fresh.raw_headers = response.raw_headers
            return fresh
        return response

    # -- routes: the API first (its order is /docs' order), then the pages --------

    app.include_router(api.router)
    app.include_router(upload.router)
    app.include_router(pages.router)

    @app.get("/api/health", tags=["meta"])
    def health() -> dict:
        return {"ok": True}

    return app


def app_from_env() -> FastAPI:
    """The app over ``$NEWSPRISM_DB`` with the settings of ``$NEWSPRISM_CONFIG``: what each uvicorn
    worker process builds (``newsprism serve``)."""
    from ..settings import Settings

    return create_app(os.environ.get("NEWSPRISM_DB", "newsprism.db"), settings=Settings.load())
