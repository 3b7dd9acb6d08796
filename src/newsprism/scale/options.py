"""The options of a distributed run: one keyword-only object, validated once, shipped to every task."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..clean import CleanOptions
from ..group import GroupOptions
from ..ingest import IngestOptions
from ..read import ReadOptions


@dataclass(frozen=True, kw_only=True)
class ScaleOptions:
    """``workers``/``threads``/``processes`` shape the LocalCluster started when no client is given.

    ``partitions``: how many shards to cut the input into (default: four per worker thread, so a
    slow shard does not leave the others idle); ``max_shard_bytes`` bounds one task's input, and
    with it the records a task returns.  ``window``: shards in flight at once (default: two per
    worker thread); finished results wait on the workers (which spill to disk) until the driver,
    storing them in input order, fetches them one at a time.

    ``embed``: workers also compute the grouping vector of each article (title + lead, embedded
    with ``group.embedder``) and the driver caches it in the store, so grouping on the driver only
    clusters.  ``stories``: group and cross-check on the driver at the end.
    """

    workers: int = 2
    threads: int = 1
    processes: bool = True
    partitions: int | None = None
    # 4 MB of news is 1-2 thousand articles, a few minutes on one thread; its records come back
    # about 8 times bigger (facts with spans, both texts), so the driver holds tens of MB at a time.
    max_shard_bytes: int = 4 * 1024 * 1024
    window: int | None = None
    batch_size: int = 64  # documents cleaned (batch statistics) and parsed together in a task
    embed: bool = True
    stories: bool = True
    ingest: IngestOptions = field(default_factory=IngestOptions)
    clean: CleanOptions = field(default_factory=CleanOptions)
    read: ReadOptions = field(default_factory=ReadOptions)
    group: GroupOptions = field(default_factory=GroupOptions)

    def __post_init__(self) -> None:
        for name in ("workers", "threads", "max_shard_bytes", "batch_size"):
            if getattr(self, name) < 1:
                raise ValueError(f"ScaleOptions.{name} must be >= 1, got {getattr(self, name)!r}")
        for name in ("partitions", "window"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise ValueError(f"ScaleOptions.{name} must be >= 1 or None, got {value!r}")
