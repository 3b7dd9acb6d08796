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
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

from fastapi import Depends, FastAPI, File, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import InputError, NewsprismError, NotFound
from ..publish.assemble import build_brief
from ..publish.stories import STORY_SORTS, StoryFilter, StorySort, list_stories
from ..publish.html import environment, timeline
from ..publish.json import brief_to_dict
from ..publish.reading import reading_to_json
from ..records import to_dict
from ..store import Store
from .article import marks, pieces
from .compare import Encoder, compare
from .options import MB, WebOptions

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent

# What the ingest registry reads: text, HTML, JSONL, WARC (optionally gzipped), feeds.
UPLOAD_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".json",
                   ".warc", ".warc.gz", ".xml", ".rss", ".atom")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")

# No inline scripts, no plugins, nothing from other origins: an article that slips
# markup past escaping still cannot run.  Every page, /docs included.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class _Cache:
    """GET answers by URL, valid while the store is unchanged; least recently used go first.

    The version is :meth:`Store.data_version` on a connection held open for it (SQLite's
    ``PRAGMA data_version``, PostgreSQL's transaction snapshot): it changes whenever another
    connection (an upload, ``newsprism ingest``, ``stories``) commits, and asking costs microseconds
    (a round trip on PostgreSQL).  It is read before an answer is made, so an answer
    made while the store changed is stored under the old version and never served.
    """

    _SKIP = ("/ingest", "/api/ingest", "/api/health", "/static", "/openapi.json")

    def __init__(self, db: str, max_bytes: int):
        self.max_bytes = max_bytes
        self.lock = threading.Lock()
        self.entries: OrderedDict[str, tuple[str, int, list, bytes]] = OrderedDict()
        self.size = 0
        self.store = Store(db) if max_bytes else None

    def key(self, request: Request) -> str | None:
        path = request.url.path
        if self.store is None or request.method != "GET" or path.startswith(self._SKIP):
            return None
        return f"{path}?{request.url.query}"

    def version(self) -> str:
        with self.lock:
            return self.store.data_version()

    def get(self, key: str, version: str) -> Response | None:
        with self.lock:
            hit = self.entries.get(key)
            if hit is None or hit[0] != version:
                return None
            self.entries.move_to_end(key)
        response = Response(content=hit[3], status_code=hit[1])
        response.raw_headers = list(hit[2])
        return response

    def put(self, key: str, version: str, status: int, raw_headers: list, body: bytes) -> None:
        if len(body) > self.max_bytes // 8:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            self.size += len(body) - (len(old[3]) if old else 0)
            self.entries[key] = (version, status, raw_headers, body)
            while self.size > self.max_bytes:
                self.size -= len(self.entries.popitem(last=False)[1][3])


class _Background:
    """Grouping and cross-checking after uploads, in one daemon thread of this process.

    Requests that come while a run is going are served by one more run, not one each.  A run
    reruns while articles are still in no event (uploaded meanwhile, here or in another worker
    process: their grouping would otherwise wait for the next upload); with incremental stories
    a rerun costs only what changed.  A process killed mid-run leaves the previous stories whole
    (they are replaced in one transaction) and its articles waiting for the next upload.
    """

    ERROR = "background_error"  # meta key: what the last run in any process failed on

    def __init__(self, db: str, settings=None):
        self.db = db
        self.settings = settings
        self.wake = threading.Event()
        self.idle = threading.Event()
        self.idle.set()
        self.thread: threading.Thread | None = None
        self.started = threading.Lock()

    def request(self) -> None:
        with self.started:
            self.idle.clear()
            self.wake.set()
            if self.thread is None:
                self.thread = threading.Thread(target=self._loop, name="newsprism-stories", daemon=True)
                self.thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no run is pending (tests, shutdown); False on timeout."""
        return self.idle.wait(timeout)

    def _loop(self) -> None:
        while True:
            self.wake.wait()
            self.wake.clear()
            self.run()
            with self.started:
                if not self.wake.is_set():
                    self.idle.set()

    def run(self, max_runs: int = 3) -> None:
        from ..pipeline import stories

        try:
            with Store(self.db) as store:
                for _ in range(max_runs):
                    # No lock against uploads: a run groups the articles stored when it starts
                    # and replaces only the story tables; what is read meanwhile waits for the
                    # next run, so an upload never waits for grouping.
                    stories(store, settings=self.settings)
                    if not store.count_ungrouped():
                        break
                store.note(self.ERROR, None)
        except Exception as exc:  # the thread must live on; the status page shows what failed
            log.exception("grouping in the background failed")
            with Store(self.db) as store:
                store.note(self.ERROR, f"{type(exc).__name__}: {exc}"[:500])


def status(store: Store) -> dict:
    """What an upload left to do: articles in no event yet, and the last background error."""
    waiting = store.count_ungrouped()
    error = store.noted(_Background.ERROR)
    return {"articles": store.count_articles(), "waiting": waiting, "error": error,
            "state": "failed" if error and waiting else "grouping" if waiting else "ready"}


class _Lazy:
    """The app's Reader, built on first use (loading spaCy takes seconds)."""

    def __init__(self, reader=None, options=None):
        self.reader = reader
        self.options = options  # ReadOptions for the reader built here
        self.lock = threading.Lock()

    def get(self):
        with self.lock:
            if self.reader is None:
                from ..read import Reader

                self.reader = Reader(self.options)
            return self.reader


def create_app(db: str | Path = "newsprism.db", *, reader=None, options: WebOptions | None = None,
               settings=None) -> FastAPI:
    """The web app over the store at ``db``.  ``reader``: a :class:`~newsprism.read.Reader` to reuse.
    ``settings`` (:class:`newsprism.Settings`): the stages' options for uploads, and the app's own
    (its ``web`` table) unless ``options`` are given."""
    opts = options or (settings.web if settings is not None else WebOptions())
    db = str(db)
    Store(db).close()  # create the store now: a bad path or URL fails at start-up, not on first page
    app = FastAPI(title="newsprism", description="What news sources agree on, who said what, where they disagree.",
                  version="1", docs_url=None, redoc_url=None)  # Swagger UI loads from a CDN: our own /docs
    app.state.db = db
    app.state.cache = cache = _Cache(db, opts.cache_bytes)
    app.state.reader = _Lazy(reader, settings.read if settings is not None else None)
    app.state.encoder = Encoder()
    app.state.options = opts
    ingest_lock = threading.Lock()  # one ingest at a time in this process (the reader is not shared)
    app.state.background = background = _Background(db, settings)
    env = environment([HERE / "templates"])
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def get_store() -> Iterator[Store]:
        store = Store(db)
        try:
            yield store
        finally:
            store.close()

    def page(name: str, http_status: int = 200, /, **ctx) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**ctx), status_code=http_status)

    # -- errors: one JSON shape on /api, an error page elsewhere -------------------

    def error(request: Request, status: int, code: str, message: str) -> Response:
        if request.url.path.startswith("/api"):
            return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
        return page("error.html", status, status=status, code=code, message=message, nav="")

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

    # -- stories --------------------------------------------------------------------

    def story_filter(q, entity, outlet, since, until, sort="recent", min_sources=0, contested=False) -> StoryFilter:
        return StoryFilter(text=q or None, entity=entity or None, outlet=outlet or None, since=since or None,
                           until=until or None, sort=sort, min_sources=min_sources, contested=contested)

    @app.get("/api/stories", tags=["stories"])
    def api_stories(store: Store = Depends(get_store), q: str | None = None, entity: str | None = None,
                    outlet: str | None = None, since: str | None = None, until: str | None = None,
                    sort: StorySort = "recent", min_sources: int = Query(0, ge=0), contested: bool = False) -> dict:
        """Storylines and their events for triage: ``sort`` recent (default), sources or conflicts,
        single-source stories last; ``min_sources`` independent sources; ``contested`` only stories
        with a contradiction; ``q`` searches titles and text."""
        stories = list_stories(store, story_filter(q, entity, outlet, since, until, sort, min_sources, contested))
        return {"stories": to_dict(stories), "count": len(stories)}

    @app.get("/api/stories/{story_id}", tags=["stories"])
    def api_story(story_id: str, store: Store = Depends(get_store)) -> dict:
        """The brief of one storyline or event (schema: docs/schema-brief.md)."""
        return brief_to_dict(build_brief(store, story_id))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(store: Store = Depends(get_store), q: str = "", entity: str = "", outlet: str = "",
                     since: str = "", until: str = "", sort: StorySort = "recent",
                     min_sources: int | str = "", contested: bool = False):
        # An emptied number box sends "min_sources=": no minimum, not an error page.
        min_sources = int(min_sources) if str(min_sources).isdigit() else 0
        stories = list_stories(store, story_filter(q, entity, outlet, since, until, sort, min_sources, contested))
        return page("stories.html", stories=stories, nav="stories", total=store.count_articles(), sorts=STORY_SORTS,
                    waiting=store.count_ungrouped(),
                    form={"q": q, "entity": entity, "outlet": outlet, "since": since, "until": until},
                    order={"sort": sort, "min_sources": min_sources or "", "contested": contested})

    def check_story(store: Store, story_id: str, claim: str):
        """``newsprism check`` against one story's articles: each source's verdict and the tally."""
        from ..api import check

        return check(claim, store, story=story_id, reader=app.state.reader.get(), settings=settings)

    @app.get("/api/stories/{story_id}/check", tags=["stories"])
    def api_check(story_id: str, claim: str = Query(..., description="the statement to test"),
                  store: Store = Depends(get_store)) -> dict:
        """Is ``claim`` supported, contradicted or not found in this story's articles: the verdict,
        the tally of independent sources, and each source's own verdict with its spans."""
        build_brief(store, story_id)  # an unknown story is a 404, not an empty check
        return to_dict(check_story(store, story_id, claim))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str, claim: str = "", store: Store = Depends(get_store)):
        brief = build_brief(store, story_id)
        verdict = check_story(store, story_id, claim) if claim.strip() else None
        return page("story.html", brief=brief, tl=timeline(brief), web=True, nav="stories", claim=claim,
                    verdict=verdict, labels={s.article_id: s.label for s in brief.sources})

    # -- compare --------------------------------------------------------------------

    def load_pair(store: Store, a: str, b: str):
        ids = store.resolve_article_id(a), store.resolve_article_id(b)
        items = [(store.article(i), store.facts(i)) for i in ids]
        rel = {f.id: f for sid in _stories_of(store, ids) for f in store.findings(sid)}
        return compare(items[0], items[1], sorted(rel.values(), key=lambda f: f.id), options=opts.compare,
                       encoder=app.state.encoder)

    @app.get("/api/compare", tags=["compare"])
    def api_compare(a: str = Query(..., description="article id (or unique prefix)"),
                    b: str = Query(..., description="article id (or unique prefix)"),
                    store: Store = Depends(get_store)) -> dict:
        """Two sources aligned sentence by sentence, with typed differences per aligned pair."""
        cmp = load_pair(store, a, b)
        data = to_dict(cmp)
        for row, raw in zip(cmp.rows, data["rows"]):
            raw["status"] = row.status
        data["counts"] = cmp.counts
        return data

    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(a: str = "", b: str = "", store: Store = Depends(get_store)):
        articles = [store.article(i) for i in store.article_ids()]
        cmp = load_pair(store, a, b) if a and b else None
        return page("compare.html", cmp=cmp, articles=articles, a=a, b=b, nav="compare")

    # -- articles -------------------------------------------------------------------

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def api_article(article_id: str, store: Store = Depends(get_store)) -> dict:
        """One article: cleaned text, removed lines with reasons, and every fact with its span."""
        aid = store.resolve_article_id(article_id)
        data = reading_to_json(SimpleNamespace(article=store.article(aid), facts=store.facts(aid)))
        data["stories"] = _stories_of(store, (aid,))
        return data

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str, hl: str = "", store: Store = Depends(get_store)):
        aid = store.resolve_article_id(article_id)
        art, facts = store.article(aid), store.facts(aid)
        m = re.fullmatch(r"(\d+)-(\d+)", hl)
        highlight = (int(m.group(1)), int(m.group(2))) if m else None
        return page("article.html", art=art, facts=facts, pieces=pieces(art.text, marks(art, facts, highlight)),
                    stories=_stories_of(store, (aid,)), nav="")

    # -- ingest ---------------------------------------------------------------------

    def run_ingest(files: list[UploadFile]) -> dict:
        if not files:
            raise InputError("upload", "no-file", "choose at least one file")
        if len(files) > opts.max_files:
            raise InputError("upload", "too-many-files", f"at most {opts.max_files} files per upload")
        from ..pipeline import ingest

        with tempfile.TemporaryDirectory(prefix="newsprism-upload-") as tmp:
            # The files live only in this temporary folder, deleted on exit: the store is the one output.
            # Each is copied there block by block, checked on the way: never held in memory whole.
            paths = []
            for n, f in enumerate(files):
                paths.append(Path(tmp) / f"{n:02d}-{_safe_name(f.filename or 'upload.txt')}")
                _copy_checked(f, paths[-1], opts.max_upload_bytes)
            with ingest_lock, Store(db) as store:
                reader = app.state.reader.get()
                report = ingest(paths, store, reader=reader, settings=settings)
        with Store(db) as store:
            if store.count_ungrouped():
                background.request()  # grouping and cross-checking go on after the answer
            articles = [{"id": a, "title": store.article(a).title} for a in report.added]
            return {
                "added": articles,
                "skipped": report.skipped,
                "rejected": [{"source": Path(r.source).name, "record": r.record, "reason": r.reason,
                              "detail": r.detail} for r in report.rejected],
                "stories": _story_links(store, report.added),
                "status": status(store),
            }

    @app.post("/api/ingest", tags=["ingest"])
    def api_ingest(files: list[UploadFile] = File(..., description="text, HTML, JSONL, WARC or feed files")) -> dict:
        """Upload articles: read before the answer comes back (``added``, ``skipped``, ``rejected``);
        grouped and cross-checked in the background (``status``; ``/api/status`` says when it is done,
        ``/api/articles/{id}`` then lists an article's stories)."""
        return run_ingest(files)

    @app.get("/api/status", tags=["ingest"])
    def api_status(store: Store = Depends(get_store)) -> dict:
        """Articles in no event yet (``waiting``) while uploads are grouped and cross-checked in the
        background; ``state``: ready, grouping or failed (with the ``error``)."""
        return status(store)

    @app.get("/status", response_class=HTMLResponse, include_in_schema=False)
    def status_page(a: list[str] = Query(default=[]), store: Store = Depends(get_store)):
        """``a``: the ids of the articles just uploaded, whose stories are listed once grouped."""
        known = [i for i in a[: opts.max_files * 10] if store.has_article(i)]
        added = [{"id": i, "title": store.article(i).title} for i in known]
        return page("status.html", status=status(store), added=added, stories=_story_links(store, known),
                    nav="ingest")

    @app.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
    def ingest_page():
        return page("ingest.html", result=None, problem=None, limit=opts.max_upload_bytes // MB,
                    suffixes=UPLOAD_SUFFIXES, nav="ingest")

    @app.post("/ingest", response_class=HTMLResponse, include_in_schema=False)
    def ingest_form(files: list[UploadFile] = File(default=[])):
        files = [f for f in files if f.filename]
        try:
            result = run_ingest(files)
        except InputError as exc:
            status = {"too-large": 413, "unsupported-type": 415}.get(exc.reason, 400)
            return page("ingest.html", status, result=None, problem=str(exc), limit=opts.max_upload_bytes // MB,
                        suffixes=UPLOAD_SUFFIXES, nav="ingest")
        return page("ingest.html", result=result, problem=None, limit=opts.max_upload_bytes // MB,
                    suffixes=UPLOAD_SUFFIXES, nav="ingest")

    @app.get("/api/health", tags=["meta"])
    def health() -> dict:
        return {"ok": True}

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs_page():
        schema = app.openapi()
        endpoints = [(path, method.upper(), op) for path, ops in schema["paths"].items() for method, op in ops.items()]
        return page("docs.html", endpoints=endpoints, nav="docs")

    return app


def app_from_env() -> FastAPI:
    """The app over ``$NEWSPRISM_DB`` with the settings of ``$NEWSPRISM_CONFIG``: what each uvicorn
    worker process builds (``newsprism serve``)."""
    from ..settings import Settings

    return create_app(os.environ.get("NEWSPRISM_DB", "newsprism.db"), settings=Settings.load())


def _stories_of(store: Store, article_ids) -> list[str]:
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


def _story_links(store: Store, article_ids) -> list[dict]:
    """Id and title of the events and storylines that hold any of ``article_ids``."""
    story_ids = _stories_of(store, article_ids)
    if not story_ids:
        return []
    titles = {s.id: s.title for s in store.storylines()} | {e.id: e.title for e in store.events()}
    return [{"id": s, "title": titles.get(s, s)} for s in story_ids]


def _safe_name(name: str) -> str:
    base = Path(name.replace("\\", "/")).name
    return _SAFE_NAME.sub("_", base)[-120:] or "upload.txt"


def _copy_checked(upload: UploadFile, path: Path, limit: int) -> None:
    """Copy the upload to ``path`` in blocks, checking size and type on the way (raises InputError)."""
    label = upload.filename or "upload"
    name = (upload.filename or "").lower()
    if not name.endswith(UPLOAD_SUFFIXES):
        raise InputError(label, "unsupported-type", "accepted: " + ", ".join(UPLOAD_SUFFIXES))
    gzipped, text = name.endswith(".gz"), not name.endswith((".gz", ".warc"))
    # Text formats must be text: a renamed image or archive is refused here, with a reason.
    utf8 = codecs.getincrementaldecoder("utf-8")()
    size, blank = 0, True
    with open(path, "wb") as out:
        while block := upload.file.read(MB):
            if size == 0 and gzipped and not block.startswith(b"\x1f\x8b"):
                raise InputError(label, "unsupported-type", "not a gzip file")
            if text and size < 65536 and b"\x00" in block[: 65536 - size]:
                raise InputError(label, "unsupported-type", "binary content, not text")
            size += len(block)
            if size > limit:
                raise InputError(label, "too-large", f"over the {limit // MB} MB limit")
            if text:
                try:
                    utf8.decode(block)
                except UnicodeDecodeError as exc:
                    raise InputError(label, "unsupported-type", f"not UTF-8 text ({exc.reason})") from None
            blank = blank and not block.strip()
            out.write(block)
    if text:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise InputError(label, "unsupported-type", f"not UTF-8 text ({exc.reason})") from None
    if blank:
        raise InputError(label, "empty-file")
