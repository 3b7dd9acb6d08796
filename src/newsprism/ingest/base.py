"""What every reader gets: the options, the source, and the record helpers."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import BinaryIO, Callable

from ..errors import InputError
from ..records import Document, Rejection

_WS = re.compile(r"\s+")
FORMATS = ("text", "html", "jsonl", "warc", "feed")


@dataclass(frozen=True, kw_only=True)
class IngestOptions:
    """Options for :func:`newsprism.ingest.iter_documents`, validated once."""

    # Force one reader for every file instead of sniffing ("text", "html", "jsonl", "warc", "feed").
    format: str | None = None
    # Single-document files (text, HTML, feeds) are read whole; bigger ones are refused.
    # JSONL and WARC stream record by record and have no limit.
    max_bytes: int = 64 * 1024 * 1024
    # Reader comments below an article are other people's opinions, not the article's.
    include_comments: bool = False
    # Files a folder walk passes over (fnmatch patterns, case-insensitive); named explicitly they are read.
    skip: tuple[str, ...] = ("README*", "LICENSE*", "LICENCE*", "CHANGELOG*", "*.py", "*.pyc", "*.db",
                             "*.sqlite", "*.db-wal", "*.db-shm", "*.lock")

    def __post_init__(self) -> None:
        if self.format is not None and self.format not in FORMATS:
            raise InputError("<options>", "unknown-format", f"{self.format!r}; one of {', '.join(FORMATS)}")
        if self.max_bytes <= 0:
            raise InputError("<options>", "bad-option", "max_bytes must be positive")


@dataclass(frozen=True)
class Source:
    """One input file (or stdin): a name for reports and a way to open it again."""

    name: str
    open: Callable[[], BinaryIO]
    size: int | None = None  # bytes on disk (compressed), when known
    suffix: str = ""  # lower-case file name, for the extension fallback


def document_id(text: str) -> str:
    """Stable id from the normalised content: NFKC, case-folded, whitespace collapsed."""
    norm = _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def make_document(text: str, source: str, record: int, fmt: str, **meta: str | None) -> Document | Rejection:
    """A Document, or an ``empty-text`` Rejection when nothing but whitespace is left."""
    if not text or not text.strip():
        return reject(source, record, "empty-text")
    clean = {k: (v.strip() or None) if isinstance(v, str) else v for k, v in meta.items()}
    return Document(id=document_id(text), text=text, source=source, record=record, format=fmt, **clean)


def reject(source: str, record: int | None, reason: str, detail: str = "") -> Rejection:
    return Rejection(source=source, record=record, stage="ingest", reason=reason, detail=detail[:300])
