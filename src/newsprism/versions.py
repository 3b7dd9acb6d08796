"""Digests of code, for caches of derived data.

What grouping and cross-checking keep in the store between runs (grouping features, MinHash
signatures, copy judgments, a story's findings) is valid only for the code that made it.  Each
cache is keyed by a digest of the source files (and data files) that code reads, so an upgrade
invalidates it instead of serving stale results; a digest over a little more code than strictly
needed only costs one recomputation.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
_SUFFIXES = (".py", ".txt", ".tsv", ".json")


@functools.cache
def code_digest(*parts: str) -> str:
    """Digest of the files under ``parts``: paths relative to the package, a file or a folder
    (its ``.py`` and data files, recursively).  Computed once per process."""
    h = hashlib.blake2b(digest_size=8)
    for part in parts:
        path = PACKAGE / part
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in _SUFFIXES) if path.is_dir() else [path]
        for file in files:
            h.update(str(file.relative_to(PACKAGE)).encode())
            h.update(file.read_bytes())
    return h.hexdigest()


def digest(*values: object) -> str:
    """A short, stable digest of the ``repr`` of ``values`` (options objects, names, numbers)."""
    return hashlib.blake2b(repr(values).encode("utf-8"), digest_size=8).hexdigest()
