"""What every reader gets: the options, the source, and the record helpers."""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import BinaryIO, Callable

from ..errors import InputError
from ..guard import one_line
from ..outlets import canonical_outlet
from ..records import Document, Rejection
from .limits import break_long_words, limit_text, squeeze_repeats
from .meta import SourceMeta
from .mojibake import repair

log = logging.getLogger(__name__)

_WS = re.compile(r"\s+")
FORMATS = ("text", "html", "jsonl", "warc", "feed")
LONG_TEXT = ("truncate", "reject")
_SURROGATE = re.compile("[\ud800-\udfff\x00]")


@dataclass(frozen=True, kw_only=True)
class IngestOptions:
    """Options for :func:`newsprism.ingest.iter_documents`, validated once.

    Every size limit counts bytes after decompression (a gzip member of 1 MB may hold 1 GB),
    so that no single input makes ingest hold more than a few hundred MB (issue 12).
    """

    # Force one reader for every file instead of sniffing ("text", "html", "jsonl", "warc", "feed").
    format: str | None = None
    # Files read whole (text, HTML, a JSON array, feeds); bigger ones are refused (too-large).
    # feedparser holds about 20 times a feed's size (a 60 MB feed took 1.25 GB).
    max_bytes: int = 16 * 1024 * 1024
    # Files streamed record by record (JSON Lines, WARC): the rest of a bigger one is refused.
    max_stream_bytes: int = 8 * 1024**3
    # One record: a JSON line, the body or header block of a WARC record, a text or HTML file.
    max_record_bytes: int = 16 * 1024 * 1024
    # Characters of one article's text.  Reading takes about 5 s per 100,000 characters on one
    # core, and spaCy refuses texts over 1,000,000 (E088): a longer text is cut at the last
    # paragraph break before the limit ("truncate", with a warning) or rejected ("reject", too-long).
    max_chars: int = 100_000
    long_text: str = "truncate"
    # A run of more characters than this without a space gets a space every so many characters:
    # spaCy's tokenizer is quadratic on such a run ("[" * 6000 took 5 s); words and most URLs are shorter.
    max_word_chars: int = 200
    # A run of one symbol ("=====", "[[[[", "$$$$") longer than this is cut to this many: each
    # symbol is a token, and 20,000 of them kept the tagger and parser busy for 10 s.
    max_repeat_chars: int = 40
    # JSON records nested deeper than this, or with a number longer than this many characters,
    # are rejected (too-deep, number-too-long): Python's parser recurses, and its int() of a
    # long digit string is quadratic and refused past 4,300 digits.
    max_json_depth: int = 64
    max_json_number: int = 100
    # Seconds trafilatura may spend on one HTML page, and the most elements a page may have for
    # trafilatura to be tried (it takes about 70 µs and 2 KB per element); past either, the
    # page's plain body text is used.
    html_seconds: float = 5.0
    html_max_elements: int = 50_000
    # Reader comments below an article are other people's opinions, not the article's.
    include_comments: bool = False
    # Files a folder walk passes over (fnmatch patterns, case-insensitive); named explicitly they are read.
    # Outlet, URL and date given for every input of the call (they win over what a file says; see
    # newsprism.ingest.meta): what `newsprism ingest --outlet/--url/--date` sets.
    meta: SourceMeta | None = None
    skip: tuple[str, ...] = ("README*", "LICENSE*", "LICENCE*", "CHANGELOG*", "*.py", "*.pyc", "*.db",
                             "*.sqlite", "*.db-wal", "*.db-shm", "*.lock")

    def __post_init__(self) -> None:
        if self.format is not None and self.format not in FORMATS:
            raise InputError("<options>", "unknown-format", f"{self.format!r}; one of {', '.join(FORMATS)}")
        for name in ("max_bytes", "max_stream_bytes", "max_record_bytes", "max_chars", "max_word_chars",
                     "max_repeat_chars", "max_json_depth", "max_json_number", "html_max_elements"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise InputError("<options>", "bad-option", f"{name} must be a positive integer, not {value!r}")
        if self.meta is not None and not isinstance(self.meta, SourceMeta):
            raise InputError("<options>", "bad-option", "meta must be a SourceMeta")
        if self.long_text not in LONG_TEXT:
            raise InputError("<options>", "bad-option", f"long_text must be one of {', '.join(LONG_TEXT)}")
        if not isinstance(self.html_seconds, (int, float)) or isinstance(self.html_seconds, bool) \
                or not self.html_seconds > 0:
            raise InputError("<options>", "bad-option", "html_seconds must be a positive number")


DEFAULT_OPTIONS = IngestOptions()


@dataclass(frozen=True)
class Source:
    """One input file (or stdin): a name for reports and a way to open it again."""

    name: str
    open: Callable[[], BinaryIO]
    size: int | None = None  # bytes on disk (compressed), when known
    suffix: str = ""  # lower-case file name, for the extension fallback
    meta: SourceMeta | None = None  # what a sources.csv in its folder gives for it


def document_id(text: str) -> str:
    """Stable id from the normalised content: NFKC, case-folded, whitespace collapsed."""
    norm = _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()
    return hashlib.sha256(no_surrogates(norm).encode("utf-8")).hexdigest()[:16]


def no_surrogates(text: str) -> str:
    """``text`` with lone surrogates (from JSON ``\\ud800`` escapes, feeds, file names) and NUL
    characters (a JSON ``\\u0000``) as U+FFFD: the first cannot be encoded or hashed, and PostgreSQL
    refuses to store the second in a text column."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def make_document(text: str, source: str, record: int, fmt: str, options: IngestOptions | None = None,
                  **meta: str | None) -> Document | Rejection:
    """A Document, or a Rejection: ``empty-text`` when nothing but whitespace is left, ``too-long``
    when the text is over ``options.max_chars`` and cannot be cut (see :func:`limit_text`)."""
    if not text or not text.strip():
        return reject(source, record, "empty-text")
    options = options or DEFAULT_OPTIONS
    text = repair(text)  # "Â£" -> "£" before the id, so a damaged and a clean copy are one article
    length = len(text)
    text, why = limit_text(no_surrogates(text), options.max_chars, options.long_text)
    if why:
        return reject(source, record, "too-long", why)
    if len(text) < length:
        log.warning("%s#%s: text of %d characters cut to %d at a paragraph break (IngestOptions.max_chars=%d)",
                    one_line(source), record, length, len(text), options.max_chars)
    text = break_long_words(squeeze_repeats(text, options.max_repeat_chars), options.max_word_chars)
    clean = {k: (repair(no_surrogates(v)).strip() or None) if isinstance(v, str) else v for k, v in meta.items()}
    # The outlet a record names, else the one its URL names ("bbc.co.uk" and a BBC URL both give
    # "BBC News"; an unknown site its domain): newsprism.outlets.
    clean["outlet"] = canonical_outlet(clean.get("outlet"), clean.get("url"))
    return Document(id=document_id(text), text=text, source=source, record=record, format=fmt, **clean)


def reject(source: str, record: int | None, reason: str, detail: str = "") -> Rejection:
    return Rejection(source=no_surrogates(source), record=record, stage="ingest", reason=reason,
                     detail=one_line(detail))
