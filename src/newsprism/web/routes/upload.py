"""Adding articles: uploads (the form and ``/api/ingest``), read before the answer comes back
(its rejections are part of the answer), then grouped and cross-checked in the background;
``/status`` and ``/api/status`` say what is still waiting."""

from __future__ import annotations

import codecs
import re
import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import HTMLResponse

from ...errors import InputError
from ...store import Store
from ..background import status
from ..deps import get_store, page, story_links
from ..options import MB

# What the ingest registry reads: text, HTML, JSONL, WARC (optionally gzipped), feeds.
UPLOAD_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".json",
                   ".warc", ".warc.gz", ".xml", ".rss", ".atom")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")

router = APIRouter()


def run_ingest(request: Request, files: list[UploadFile]) -> dict:
    """Read the uploaded files into the store; grouping and cross-checking go on in the background."""
    state = request.app.state
    opts = state.options
    if not files:
        raise InputError("upload", "no-file", "choose at least one file")
    if len(files) > opts.max_files:
        raise InputError("upload", "too-many-files", f"at most {opts.max_files} files per upload")
    from ...pipeline import ingest

    with tempfile.TemporaryDirectory(prefix="newsprism-upload-") as tmp:
        # The files live only in this temporary folder, deleted on exit: the store is the one output.
        # Each is copied there block by block, checked on the way: never held in memory whole.
        paths = []
        for n, f in enumerate(files):
            paths.append(Path(tmp) / f"{n:02d}-{_safe_name(f.filename or 'upload.txt')}")
            _copy_checked(f, paths[-1], opts.max_upload_bytes)
        with state.ingest_lock, Store(state.db) as store:
            reader = state.reader.get()
            report = ingest(paths, store, reader=reader, settings=state.settings)
    with Store(state.db) as store:
        if store.count_ungrouped():
            state.background.request()  # grouping and cross-checking go on after the answer
        articles = [{"id": a, "title": store.article(a).title} for a in report.added]
        return {
            "added": articles,
            "skipped": report.skipped,
            "rejected": [{"source": Path(r.source).name, "record": r.record, "reason": r.reason,
                          "detail": r.detail} for r in report.rejected],
            "stories": story_links(store, report.added),
            "status": status(store),
        }


@router.post("/api/ingest", tags=["ingest"])
def api_ingest(request: Request,
               files: list[UploadFile] = File(..., description="text, HTML, JSONL, WARC or feed files")) -> dict:
    """Upload articles: read before the answer comes back (``added``, ``skipped``, ``rejected``);
    grouped and cross-checked in the background (``status``; ``/api/status`` says when it is done,
    ``/api/articles/{id}`` then lists an article's stories)."""
    return run_ingest(request, files)


@router.get("/api/status", tags=["ingest"])
def api_status(store: Store = Depends(get_store)) -> dict:
    """Articles in no event yet (``waiting``) while uploads are grouped and cross-checked in the
    background; ``state``: ready, grouping or failed (with the ``error``)."""
    return status(store)


@router.get("/status", response_class=HTMLResponse, include_in_schema=False)
def status_page(request: Request, a: list[str] = Query(default=[]), store: Store = Depends(get_store)):
    """``a``: the ids of the articles just uploaded, whose stories are listed once grouped."""
    known = [i for i in a[: request.app.state.options.max_files * 10] if store.has_article(i)]
    added = [{"id": i, "title": store.article(i).title} for i in known]
    return page(request, "status.html", status=status(store), added=added, stories=story_links(store, known),
                nav="ingest")


def _ingest_page(request: Request, http_status: int = 200, /, **ctx) -> HTMLResponse:
    return page(request, "ingest.html", http_status, limit=request.app.state.options.max_upload_bytes // MB,
                suffixes=UPLOAD_SUFFIXES, nav="ingest", **ctx)


@router.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
def ingest_page(request: Request):
    return _ingest_page(request, result=None, problem=None)


@router.post("/ingest", response_class=HTMLResponse, include_in_schema=False)
def ingest_form(request: Request, files: list[UploadFile] = File(default=[])):
    files = [f for f in files if f.filename]
    try:
        result = run_ingest(request, files)
    except InputError as exc:
        http_status = {"too-large": 413, "unsupported-type": 415}.get(exc.reason, 400)
        return _ingest_page(request, http_status, result=None, problem=str(exc))
    return _ingest_page(request, result=result, problem=None)


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
