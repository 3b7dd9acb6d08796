"""Milliseconds per page of the clean stage on whole web pages rendered to text.

    python bench/clean_speed.py [--data dragnet,cleanportaleval,cleaneval] [--repeat 3] [--no-write]

Pages come from ../shared/dev/cleaning/ (Dragnet, CleanPortalEval, CleanEval: whole pages with navigation,
teasers and footers, one block per line).  Each page is cleaned on its own, as ``newsprism read`` and the
evaluation adapter do: ``Cleaner().clean(Document)``, rules, page mode and every removed line's reason
included.  The pass is repeated and the fastest pass is reported (the machine is shared), with its median
and 95th percentile per page and the CPU time per page.  Appends a row to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = Path(os.environ.get("NEWSPRISM_SHARED", ROOT.parent / "shared")) / "dev" / "cleaning"


def load_pages(names: list[str]) -> list[str]:
    pages = []
    for name in names:
        with gzip.open(DEV / f"{name}.jsonl.gz", "rt", encoding="utf-8") as f:
            pages += [json.loads(line)["text"] for line in f]
    return pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="dragnet,cleanportaleval,cleaneval")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="do not append to BENCHMARKS.md")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    from newsprism.clean import Cleaner
    from newsprism.records import Document

    names = args.data.split(",")
    docs = [Document(id=str(n), text=t, source="page", record=n + 1, format="text")
            for n, t in enumerate(load_pages(names))]
    cleaner = Cleaner()
    for doc in docs[:50]:  # warm-up: regex caches, imports
        cleaner.clean(doc)
    load = os.getloadavg()[0]  # other jobs on the machine slow every pass
    best: list[float] = []
    cpu = float("inf")
    for _ in range(args.repeat):
        times = []
        cpu_start = time.process_time()
        for doc in docs:
            start = time.perf_counter()
            cleaner.clean(doc)
            times.append(1000 * (time.perf_counter() - start))
        cpu = min(cpu, 1000 * (time.process_time() - cpu_start) / len(docs))
        if not best or sum(times) < sum(best):
            best = times
    mean, median = statistics.mean(best), statistics.median(best)
    p95 = sorted(best)[int(0.95 * (len(best) - 1))]
    lines = statistics.mean(len(d.text.splitlines()) for d in docs)
    print(f"{len(docs)} pages ({lines:.0f} lines on average): mean {mean:.2f} ms, median {median:.2f} ms, "
          f"p95 {p95:.2f} ms per page, CPU {cpu:.2f} ms per page (fastest of {args.repeat} passes; "
          f"load average {load:.1f} at the start)")
    if not args.no_write:
        sys.path.insert(0, str(ROOT / "bench"))
        from report import record

        record(
            "clean_speed (`.venv/bin/python bench/clean_speed.py`)",
            ["date", "machine", "pages", "mean ms/page", "median", "p95", "CPU ms/page"],
            [date.today().isoformat(), f"{platform.machine()}, {os.cpu_count()} cores, shared (load {load:.1f})",
             f"{len(docs):,} ({'+'.join(names)}; {lines:.0f} lines avg)", f"{mean:.2f}", f"{median:.2f}",
             f"{p95:.2f}", f"{cpu:.2f}"],
            intro="`Cleaner().clean(Document)` on each whole page rendered to text (../shared/dev/cleaning), "
            "page mode on; wall-clock time per page of the fastest pass, and process CPU time per page (what "
            "other jobs on the shared machine do not inflate). Target: under 5 ms per page.",
        )


if __name__ == "__main__":
    main()
