"""End to end on the path users run: `newsprism ingest`, `newsprism stories`, then every brief.

    python bench/pipeline.py [--n 1000] [--no-write]

Real articles from ../shared/corpora: the BBC News articles first (outlet "BBC News", undated),
then Reuters-21578 articles of 60 words or more (outlet "Reuters", dated), as one JSONL input.
Each stage runs as its own process, as a user runs it (interpreter start and model loads
included): `newsprism ingest FILE --db DB -q`, `newsprism stories --db DB`, and a Python process
that renders the JSON brief of every storyline with `newsprism.publish.render`.  For each stage:
wall time, articles/s and the peak resident memory of its largest process (``wait4``: the
stage process or a read worker).  Appends a row to
BENCHMARKS.md with the machine, the load average before the run and the date.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
EXE = Path(sys.executable).with_name("newsprism")

BRIEFS = """
import sys
from newsprism.publish import render
from newsprism.store import Store
with Store(sys.argv[1]) as store:
    n = 0
    for storyline in store.storylines():
        render(store, storyline.id, "json")
        n += 1
print(n)
"""


def make_input(n: int, path: Path) -> int:
    """Write N real articles as JSONL; returns how many were written."""
    written = 0
    with path.open("w", encoding="utf-8") as out:
        for line in gzip.open(CORPORA / "bbc-news.jsonl.gz", "rt", encoding="utf-8"):
            if written == n:
                return written
            row = json.loads(line)
            out.write(json.dumps({"title": row["title"], "text": row["text"], "outlet": "BBC News"}) + "\n")
            written += 1
        for line in gzip.open(CORPORA / "reuters21578.jsonl.gz", "rt", encoding="utf-8"):
            if written == n:
                break
            row = json.loads(line)
            body = row.get("body") or ""
            if len(body.split()) < 60:
                continue
            try:
                day = datetime.strptime(row["date"].split()[0], "%d-%b-%Y").date().isoformat()
            except (ValueError, IndexError):
                day = None
            out.write(json.dumps({"title": (row.get("title") or "").title(), "text": body, "outlet": "Reuters",
                                  "date": day}) + "\n")
            written += 1
    return written


def timed(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MiB) and stdout of one process (reaped with ``wait4``, which gives
    its resource usage; output goes to files, so nothing waits on a full pipe)."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            sys.exit(f"{' '.join(cmd[:3])} failed ({proc.returncode}): {err.read()[-2000:]}")
        return wall, usage.ru_maxrss / 1024, out.read()  # ru_maxrss: KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--no-write", action="store_true", help="do not append to BENCHMARKS.md")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        src, db = Path(tmp) / "input.jsonl", Path(tmp) / "bench.db"
        n = make_input(args.n, src)
        stages = []
        wall, peak, _ = timed([str(EXE), "ingest", str(src), "--db", str(db), "-q"])
        stages.append(("ingest + read", wall, peak))
        wall, peak, _ = timed([str(EXE), "stories", "--db", str(db), "--limit", "5"])
        stages.append(("stories", wall, peak))
        wall, peak, out = timed([sys.executable, "-c", BRIEFS, str(db)])
        stages.append(("briefs", wall, peak))
        briefs = int(out.strip().splitlines()[-1])
    total = sum(w for _, w, _ in stages)
    cells = [f"{w:.0f} s ({n / w:.1f}/s), {p:,.0f} MiB" for _, w, p in stages]
    row = [date.today().isoformat(), f"{platform.machine()}, {os.cpu_count()} cores, load {load:.1f}",
           f"{n:,} articles", *cells, f"{total:.0f} s", f"{briefs:,} briefs"]
    print(" | ".join(row))
    if not args.no_write:
        sys.path.insert(0, str(ROOT / "bench"))
        from report import record

        record(
            "pipeline (`.venv/bin/python bench/pipeline.py --n 1000`)",
            ["date", "machine", "input", "ingest + read (articles/s, peak RSS)", "stories", "every brief (JSON)",
             "end to end", "result"],
            row,
            intro="What a user runs, each stage its own process (interpreter start and model loads included): "
                  "`newsprism ingest`, `newsprism stories`, then the JSON brief of every storyline. Input: "
                  "BBC News articles, then Reuters-21578 articles of 60 words or more. Target (issue 15): "
                  "1,000 articles end to end under 2 minutes on 2 cores.",
        )


if __name__ == "__main__":
    main()
