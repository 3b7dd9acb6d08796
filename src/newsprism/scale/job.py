"""The driver: plan shards, run them on a Dask cluster, store the results, then group.

    workers (many)                          driver (one)
    shard -> ingest -> clean -> read   ---> Store.save_article, one transaction per article
             (-> grouping vector)           (skips ids already stored: a killed job resumes)
                                            then pipeline.stories: group_store + crosscheck

Tasks are submitted through a sliding window and their results stored in input order: the
driver fetches one shard's records at a time, the workers never run more than ``window`` shards
ahead of the one writer, and the store ends up in the same order as after ``newsprism ingest``
over the same paths.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import NewsprismError
from ..guard import attempt
from ..records import Article, ArticleFacts, Rejection, from_dict
from ..store import Store
from . import tasks
from .options import ScaleOptions
from .plan import Shard, plan_shards

log = logging.getLogger(__name__)

DASK_PACKAGES = "'newsprism[scale]' (dask==2026.8.0 distributed==2026.8.0)"

Progress = Callable[[int], None]  # called with the number of input records a finished shard held


@dataclass
class ScaleReport:
    added: list[str] = field(default_factory=list)  # article ids newly stored, in input order
    skipped: int = 0  # already stored (or seen earlier in this run)
    rejected: list[Rejection] = field(default_factory=list)
    shards: int = 0
    failed_shards: list[int] = field(default_factory=list)  # tasks that raised; their files are rejected
    grouping: object | None = None  # newsprism.group.Grouping when options.stories

    @property
    def seen(self) -> int:
        return len(self.added) + self.skipped + len(self.rejected)


def _distributed():
    try:
        import distributed
    except ImportError as exc:
        raise NewsprismError(f"the distributed run needs Dask: pip install {DASK_PACKAGES}") from exc
    return distributed


@contextlib.contextmanager
def local_client(options: ScaleOptions | None = None) -> Iterator[object]:
    """A Dask client on a LocalCluster shaped by ``options`` (workers x threads, processes or not)."""
    options = options or ScaleOptions()
    distributed = _distributed()
    # No dashboard: it needs bokeh and a free port, and a batch job has no one to look at it.
    with distributed.LocalCluster(n_workers=options.workers, threads_per_worker=options.threads,
                                  processes=options.processes, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        yield client


@contextlib.contextmanager
def connect(address: str, *, timeout: float = 30) -> Iterator[object]:
    """A Dask client connected to a running scheduler (``tcp://host:8786``)."""
    distributed = _distributed()
    try:
        client = distributed.Client(address, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise NewsprismError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    with client:
        yield client


def run_distributed(
    paths: Iterable[str | Path],
    store: str | Path | Store,
    *,
    client=None,
    options: ScaleOptions | None = None,
    progress: Progress | None = None,
) -> ScaleReport:
    """Ingest, clean and read every article under ``paths`` on a Dask cluster into ``store``.

    ``client``: a ``distributed.Client``; without one a LocalCluster is started for the run and
    shut down after.  ``store``: a Store, or what ``--db`` names (an SQLite file's path or a
    PostgreSQL URL; only this process writes it).  Same records as :func:`newsprism.pipeline.ingest`, then (``options.stories``) the same
    grouping and cross-checking as :func:`newsprism.pipeline.stories`.
    """
    options = options or ScaleOptions()
    # The model name is resolved here: a worker's environment may not carry NEWSPRISM_SPACY_MODEL.
    options = replace(options, read=replace(options.read, model=options.read.model_name, n_process=1))
    with contextlib.ExitStack() as stack:
        if not isinstance(store, Store):
            store = stack.enter_context(Store(store))
        if client is None:
            client = stack.enter_context(local_client(options))
        report = _Driver(client, store, options, progress).run(paths)
        if options.stories:
            from ..pipeline import stories

            report.grouping = stories(store, group_options=options.group)
        return report


class _Driver:
    def __init__(self, client, store: Store, options: ScaleOptions, progress: Progress | None):
        self.client = client
        self.store = store
        self.options = options
        self.progress = progress
        self.report = ScaleReport()

    def run(self, paths: Iterable[str | Path]) -> ScaleReport:
        import numpy as np

        self._np = np
        nthreads = max(1, sum(self.client.nthreads().values()))
        o = self.options
        shards, rejected = plan_shards(paths, partitions=o.partitions or 4 * nthreads,
                                       max_shard_bytes=o.max_shard_bytes, ingest=o.ingest)
        self.report.shards = len(shards)
        for rej in rejected:
            self._reject(rej)
        known = frozenset(self.store.article_ids())
        # Every task needs the stored ids: sent to each worker once, not once per task.  (A list
        # around it: scatter would otherwise spread the set's elements.)
        known_arg = self.client.scatter([known], broadcast=True)[0] if known else frozenset()
        log.info("%d shards on %d worker threads; %d articles already stored", len(shards), nthreads, len(known))

        run = uuid.uuid4().hex[:8]
        todo = iter(shards)
        window: deque[tuple[Shard, object]] = deque()

        def submit() -> None:
            shard = next(todo, None)
            if shard is not None:
                key = f"newsprism-shard-{run}-{shard.index}"
                window.append((shard, self.client.submit(tasks.process_shard, shard, o, known_arg, key=key,
                                                          pure=False)))

        for _ in range(o.window or 2 * nthreads):
            submit()
        try:
            while window:
                shard, future = window.popleft()
                self._collect(shard, future)
                del future  # drop the reference: the cluster can free the result
                submit()
        finally:
            for _, future in window:
                future.cancel()
        return self.report

    def _collect(self, shard: Shard, future) -> None:
        try:
            result = future.result()
        except Exception as exc:  # the task died (a crash in a C extension, a lost worker, a bug)
            log.error("shard %d failed: %s", shard.index, exc)
            self.report.failed_shards.append(shard.index)
            for part in shard.parts:
                self._reject(Rejection(source=part.name, record=part.first_line if part.is_range else None,
                                       stage="scale", reason="task-failed",
                                       detail=f"{type(exc).__name__}: {exc}"[:300]))
            return
        if result.get("fatal"):
            raise NewsprismError(f"shard {shard.index} stopped the run: {result['fatal']}")
        for rej in result["rejections"]:
            self._reject(from_dict(Rejection, rej))
        self.report.skipped += result["skipped"]
        kind = result["vector_kind"]
        for item in result["articles"]:
            self._save(item, kind)
        if self.progress:
            self.progress(result["records"])

    def _save(self, item: dict, vector_kind: str | None) -> None:
        article = from_dict(Article, item["article"])
        facts = from_dict(ArticleFacts, item["facts"])

        def write() -> bool:
            # The vector goes in the article's transaction: a stored article always has its vector.
            with self.store.transaction():
                added = self.store.save_article(article, facts, document_text=item["document_text"])
                if added and item["vector"] is not None and vector_kind:
                    self.store.save_vector(article.id, vector_kind,
                                           self._np.frombuffer(item["vector"], dtype="float32"))
            return added

        added = attempt(write, article.source, article.record, "store")  # one article's failure is its own
        if isinstance(added, Rejection):
            self._reject(added)
        elif added:
            self.report.added.append(article.id)
        else:
            self.report.skipped += 1

    def _reject(self, rejection: Rejection) -> None:
        log.info("rejected %s", rejection)  # the report and the CLI list every rejection once
        self.store.save_rejection(rejection)
        self.report.rejected.append(rejection)
