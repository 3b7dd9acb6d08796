"""Cross-checking stored articles against reading them: the path `newsprism stories` runs.

    python bench/crosscheck_speed.py [--n 1000] [--n-process 2]

Ingests the first N BBC articles (../shared/corpora/bbc-news.jsonl.gz) into a fresh store with
`newsprism.ingest` (clean + read, timed), then runs `newsprism.stories` on the store and times
its two stages apart: grouping, and cross-checking (sentence vectors encoded and kept in the
store, every story compared; spaCy is not loaded).  A second `stories(recheck=True)` call shows
checking every story again with the vectors from the store (a plain rerun keeps the stored
findings of every unchanged story: bench/stories_incremental.py).  Model loads are outside the
timed parts.  Appends a row to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news.jsonl.gz"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--no-write", action="store_true", help="do not append to BENCHMARKS.md")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    import newsprism.crosscheck as crosscheck_module
    import newsprism.pipeline as pipeline
    from newsprism.embed import shared_encoder
    from newsprism.read import Reader, ReadOptions
    from newsprism.store import Store

    rows = [json.loads(line) for line in gzip.open(CORPUS, "rt", encoding="utf-8")][: args.n]
    timings: dict[str, float] = {}
    real_crosscheck = pipeline.check_stories

    def timed_crosscheck(*a, **kw):  # the stage inside stories(), timed on its own
        start = time.perf_counter()
        try:
            return real_crosscheck(*a, **kw)
        finally:
            timings["crosscheck"] = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bbc.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for r in rows:
                out.write(json.dumps({"title": r["title"], "text": r["text"], "source": "bbc"}) + "\n")
        reader = Reader(ReadOptions(n_process=args.n_process))
        reader.nlp
        encoder = shared_encoder(all_cores=True)  # as `newsprism stories` runs it: alone, on every core
        encoder.encode(["warm up"])
        with Store(Path(tmp) / "bench.db") as store:
            start = time.perf_counter()
            report = pipeline.ingest([path], store, reader=reader, batch_size=256)
            read_s = time.perf_counter() - start
            pipeline.check_stories = timed_crosscheck
            try:
                start = time.perf_counter()
                pipeline.stories(store, encoder=encoder)
                stories_s = time.perf_counter() - start
                first = timings["crosscheck"]
                pipeline.stories(store, encoder=encoder, recheck=True)
                rerun = timings["crosscheck"]
            finally:
                pipeline.check_stories = real_crosscheck
            findings = store.findings()
    conflicts = sum(f.kind in crosscheck_module.CONFLICT_KINDS for f in findings)
    row = [
        date.today().isoformat(), f"{platform.machine()}, {os.cpu_count()} cores",
        f"{len(report.added)} BBC articles",
        f"{read_s:.0f} s", f"{stories_s - first:.0f} s", f"{first:.0f} s", f"{rerun:.0f} s",
        f"{len(findings)} findings, {conflicts} contradictions",
    ]
    print(" | ".join(row))
    if not args.no_write:
        from report import record

        record(
            "crosscheck_speed (`.venv/bin/python bench/crosscheck_speed.py --n 1000`)",
            ["date", "machine", "input", "ingest + read", "grouping", "cross-checking",
             "cross-checking again (vectors stored)", "result"],
            row,
            intro="`newsprism.ingest` then `newsprism.stories` on a fresh store; cross-checking is the "
                  "`crosscheck` stage inside `stories` (sentence vectors encoded and stored, no parse). "
                  "Target: cross-checking takes less time than reading did.",
        )


if __name__ == "__main__":
    main()
