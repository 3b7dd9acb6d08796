"""Planning a distributed run: the input files, cut into shards of about equal bytes.

A **part** is one input file, or a byte range of one plain JSON Lines file (a day of news
often arrives as a few dumps of hundreds of megabytes: splitting them by file alone would leave
all but one worker idle).  A **shard** is a run of consecutive parts: one task.

Shards keep the input order (the order :func:`newsprism.ingest.iter_documents` walks), so a
site's files tend to share a shard and cleaning's batch statistics see them together, and the
driver stores articles in the same order as a one-machine ingest.

Only paths travel to the workers: they must see the same files (a local cluster, a shared
mount).  Record names stay as given, so articles carry the same ``source`` as with
``newsprism ingest``; opening uses the absolute path.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..ingest import IngestOptions, SourceMeta, check_meta, sniff, sources
from ..ingest.sniff import HEAD_BYTES
from ..records import Rejection

_BLOCK = 1 << 20


@dataclass(frozen=True, slots=True)
class Part:
    """One file, or the byte range ``[start, stop)`` of a plain JSON Lines file."""

    name: str  # as the records name it (the path as walked from the arguments)
    path: str  # absolute, for opening on a worker
    size: int
    start: int = 0
    stop: int | None = None  # None: the whole file, read by the sniffed reader
    first_line: int = 1  # line number at ``start``: JSONL record numbers are line numbers
    meta: SourceMeta | None = None  # what a sources.csv in the file's folder gives for it

    @property
    def is_range(self) -> bool:
        return self.stop is not None


@dataclass(frozen=True, slots=True)
class Shard:
    """The parts one task reads, in input order."""

    index: int
    parts: tuple[Part, ...]

    @property
    def size(self) -> int:
        return sum(p.size for p in self.parts)


def plan_shards(
    paths: Iterable[str | Path],
    *,
    partitions: int,
    max_shard_bytes: int,
    ingest: IngestOptions | None = None,
) -> tuple[list[Shard], list[Rejection]]:
    """Shards of about ``total / partitions`` bytes each (never over ``max_shard_bytes`` when a
    file can be split), and the rejections found while listing (paths that do not exist)."""
    if partitions < 1:
        raise ValueError("partitions must be >= 1")
    ingest = ingest or IngestOptions()
    paths = list(paths)
    check_meta(paths)  # a bad sources.csv stops the run before any shard is made
    files: list[Part] = []
    rejected: list[Rejection] = []
    for src in sources(paths, ingest):
        if isinstance(src, Rejection):
            rejected.append(src)
        elif src.name == "-":
            # A worker cannot read the driver's stdin; `newsprism ingest -` can.
            raise InputError("-", "stdin-not-supported", "a distributed run reads files; save stdin to a file")
        else:
            files.append(Part(name=src.name, path=os.path.abspath(src.name), size=src.size or 0, meta=src.meta))
    total = sum(f.size for f in files)
    target = max(1, min(max_shard_bytes, math.ceil(total / partitions)))
    parts: list[Part] = []
    for f in files:
        parts.extend(_split_jsonl(f, target, ingest) if f.size > target else [f])
    return _pack(parts, target), rejected


def _pack(parts: list[Part], target: int) -> list[Shard]:
    """Consecutive parts into shards of about ``target`` bytes.

    A part goes to the shard its middle byte falls in (counting bytes over all parts): greedy
    filling would overshoot the number of shards asked for whenever files do not add up exactly.
    """
    shards: list[Shard] = []
    run: list[Part] = []
    key = None
    done = 0
    for p in parts:
        k = (done + p.size // 2) // target
        if run and k != key:
            shards.append(Shard(len(shards), tuple(run)))
            run = []
        run.append(p)
        key = k
        done += p.size
    if run:
        shards.append(Shard(len(shards), tuple(run)))
    return shards


def _split_jsonl(f: Part, target: int, ingest: IngestOptions) -> list[Part]:
    """Byte ranges of about ``target`` bytes, cut after a newline, with the line number each starts at.

    Only plain (uncompressed) JSON Lines can be cut: a gzip stream has no entry points, and a
    WARC archive would need its record index; those stay whole parts.
    """
    try:
        with open(f.path, "rb") as fh:
            found = sniff(fh.read(HEAD_BYTES), Path(f.name).name.lower())
            fmt = ingest.format or found.format
            if fmt != "jsonl" or found.gzipped:
                return [f]
            out: list[Part] = []
            start, line = 0, 1
            while start < f.size:
                want = start + target
                if want >= f.size:
                    out.append(Part(name=f.name, path=f.path, size=f.size - start, start=start, stop=f.size,
                                    first_line=line, meta=f.meta))
                    break
                fh.seek(start)
                newlines = _count_newlines(fh, want - start)
                stop = want + _to_line_end(fh)  # finish the line the cut falls in
                newlines += 1
                out.append(Part(name=f.name, path=f.path, size=stop - start, start=start, stop=stop,
                                first_line=line, meta=f.meta))
                start, line = stop, line + newlines
            return out
    except OSError:
        return [f]  # the worker meets the same error and turns it into an `unreadable` rejection


def _to_line_end(fh) -> int:
    """Bytes read up to and including the next newline, in blocks (a line may be gigabytes long)."""
    n = 0
    while block := fh.readline(_BLOCK):
        n += len(block)
        if block.endswith(b"\n"):
            break
    return n


def _count_newlines(fh, n: int) -> int:
    count = 0
    while n > 0:
        block = fh.read(min(_BLOCK, n))
        if not block:
            break
        count += block.count(b"\n")
        n -= len(block)
    return count
