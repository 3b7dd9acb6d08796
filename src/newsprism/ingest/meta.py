"""Metadata given for the input rather than found in it: options and ``sources.csv`` sidecars.

A scraped article often carries no outlet, URL or date.  They can be given

- for every input of one call: ``IngestOptions(meta=SourceMeta(outlet=..., url=..., date=...))``,
  which is what ``newsprism ingest/run --outlet/--url/--date`` set (stdin included);
- per file: a ``sources.csv`` in an input folder, with a header row and the columns
  ``file,outlet,url,date`` (``file`` required, the others optional; ``file`` is a path relative to
  the folder the sidecar is in, subfolders allowed).  An empty cell gives nothing.

What is given wins over what a file says about itself, and the call's options win over a
sidecar: the user's word is the last.  A record whose outlet came from its own URL takes the
outlet of the URL given instead.  Everything given is checked before any article is read: a
bad date or URL, an unknown column, a file the folder does not hold or one listed twice is a
:class:`~newsprism.errors.MetadataError` naming the sidecar, its row and its line.

The article id is a hash of the text, so metadata given for an article already stored changes
nothing: the stored article is kept as it was (``ingest`` counts it as already stored).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from ..errors import MetadataError
from ..outlets import outlet_from_url
from ..records import Document, Rejection
from .common import normalize_date

#: The name of the per-folder metadata file; a folder walk reads it as metadata, never as an article.
SIDECAR = "sources.csv"
COLUMNS = ("file", "outlet", "url", "date")
_MAX_OUTLET = 200


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceMeta:
    """Outlet, URL and publication date given for an input; ``None`` gives nothing.

    Checked once, here: ``date`` is stored as ISO 8601 (``2024-03-05``, or a full timestamp), and
    ``url`` must be an http(s) URL with a host.  ``where`` names what gave it, for error messages.
    """

    outlet: str | None = None
    url: str | None = None
    date: str | None = None
    where: str = "<options>"

    def __post_init__(self) -> None:
        outlet = (self.outlet or "").strip() or None
        if outlet is not None and (len(outlet) > _MAX_OUTLET or "\n" in outlet or "\r" in outlet):
            raise MetadataError(self.where, f"outlet {outlet[:60]!r} is not one line of at most {_MAX_OUTLET} "
                                            "characters", "outlet")
        url = (self.url or "").strip() or None
        if url is not None:
            try:
                parts = urlsplit(url)
                ok = parts.scheme in ("http", "https") and bool(parts.hostname)
            except ValueError:
                ok = False
            if not ok:
                raise MetadataError(self.where, f"url {url[:100]!r} is not an http(s) URL with a host", "url")
        date = (self.date or "").strip() or None
        if date is not None:
            iso = normalize_date(date)
            if iso is None:
                raise MetadataError(self.where, f"date {date[:60]!r} is not a date (e.g. 2024-03-05)", "date")
            date = iso
        object.__setattr__(self, "outlet", outlet)
        object.__setattr__(self, "url", url)
        object.__setattr__(self, "date", date)

    def __bool__(self) -> bool:
        return bool(self.outlet or self.url or self.date)

    def over(self, other: SourceMeta | None) -> SourceMeta:
        """This metadata, with ``other``'s fields where this gives none."""
        if other is None:
            return self
        return SourceMeta(outlet=self.outlet or other.outlet, url=self.url or other.url,
                          date=self.date or other.date, where=self.where)


def merge(first: SourceMeta | None, second: SourceMeta | None) -> SourceMeta | None:
    """``first`` over ``second``: either may be None."""
    if first is None:
        return second
    return first.over(second)


def apply_meta(doc: Document, meta: SourceMeta | None) -> Document:
    """``doc`` with the given fields in place of its own."""
    if not meta:
        return doc
    url = meta.url or doc.url
    outlet = meta.outlet
    if outlet is None:
        outlet = doc.outlet
        # an outlet the record's own URL named goes with that URL
        if meta.url and (outlet is None or outlet == outlet_from_url(doc.url)):
            outlet = outlet_from_url(meta.url)
    return replace(doc, url=url, outlet=outlet, date=meta.date or doc.date)


def with_meta(items: Iterator[Document | Rejection], meta: SourceMeta | None) -> Iterator[Document | Rejection]:
    """Every document of ``items`` with ``meta`` applied; rejections as they are."""
    for item in items:
        yield apply_meta(item, meta) if meta and isinstance(item, Document) else item


def read_sidecar(path: str | Path) -> dict[str, SourceMeta]:
    """The rows of one ``sources.csv``: the listed file's absolute path -> its metadata.

    Raises :class:`MetadataError` naming the sidecar, the row (1 is the first after the header)
    and its line for anything it cannot use."""
    path = Path(path)
    folder = path.parent
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise MetadataError(name, "not UTF-8 text") from None
    except OSError as exc:
        raise MetadataError(name, f"cannot be read ({exc.strerror or exc})") from None
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header is None:
        raise MetadataError(name, f"empty; the first row names the columns: {','.join(COLUMNS)}")
    header = [h.strip().lower() for h in header]
    unknown = [h for h in header if h not in COLUMNS]
    if "file" not in header or unknown or len(set(header)) != len(header):
        what = (f"unknown column {unknown[0]!r}" if unknown else "a column named twice"
                if "file" in header else "no 'file' column")
        raise MetadataError(f"{name} row 0 (line 1)", f"{what}; the header names columns among "
                                                      f"{','.join(COLUMNS)}, 'file' required")
    out: dict[str, SourceMeta] = {}
    rows: dict[str, int] = {}
    for row_no, cells in enumerate(reader, 1):
        where = f"{name} row {row_no} (line {reader.line_num})"
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise MetadataError(where, f"{len(cells)} cells under a header of {len(header)} columns")
        row = dict(zip(header, (c.strip() for c in cells)))
        listed = row.get("file", "")
        if not listed:
            raise MetadataError(where, "no file named")
        rel = PurePosixPath(listed.replace("\\", "/"))
        if rel.is_absolute() or ".." in rel.parts:
            raise MetadataError(where, f"file {listed!r} is not a path inside {folder}")
        target = folder.joinpath(*rel.parts)
        if not target.is_file():
            raise MetadataError(where, f"no file {listed!r} in {folder}")
        key = os.path.abspath(target)
        if key in rows:
            raise MetadataError(where, f"file {listed!r} is listed already in row {rows[key]}")
        rows[key] = row_no
        out[key] = SourceMeta(outlet=row.get("outlet"), url=row.get("url"), date=row.get("date"), where=where)
    return out


def folder_meta(root: str | Path) -> dict[str, SourceMeta]:
    """The metadata every ``sources.csv`` under ``root`` gives (hidden folders skipped, as the walk
    skips them), by absolute file path; a sidecar deeper in the tree wins over one above it."""
    out: dict[str, SourceMeta] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        if SIDECAR in filenames:
            out.update(read_sidecar(Path(dirpath) / SIDECAR))
    return out


__all__ = ["COLUMNS", "SIDECAR", "SourceMeta", "apply_meta", "folder_meta", "merge", "read_sidecar", "with_meta"]
