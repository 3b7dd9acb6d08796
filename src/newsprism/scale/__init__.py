"""Scale: the per-article stages and the grouping as a job on a Dask cluster.

    run_distributed(paths, store, client=None, options=ScaleOptions(...)) -> ScaleReport

One machine runs ``newsprism ingest`` over a day of news; beyond that, the same stages run as
Dask tasks (a LocalCluster, or a scheduler given by address): workers ingest, clean and read a
shard of the input (and embed each article for grouping), and return plain records; the driver
alone writes the SQLite store, then groups and cross-checks.  Why Dask, and how to run it on a
cluster: docs/scale.md.

Dask is an optional dependency (``pip install 'newsprism[scale]'``): importing this package
does not need it, running a job does.
"""

from __future__ import annotations

from .job import ScaleReport, connect, local_client, run_distributed
from .options import ScaleOptions
from .plan import Part, Shard, plan_shards
from .tasks import process_shard

__all__ = ["ScaleOptions", "ScaleReport", "run_distributed", "local_client", "connect", "plan_shards", "Part",
           "Shard", "process_shard"]
