"""`newsprism stories` after adding one article to a store of 2,000 grouped articles (issue 8), or
100 to a store of 10,000 (issue 15).

    .venv/bin/python bench/stories_incremental.py [--n 2000] [--store INGESTED.db] [--no-write]
    .venv/bin/python bench/stories_incremental.py --store TEN_THOUSAND.db --add 100 --more MORE.jsonl

1. a store of N distinct BBC articles (../shared/corpora/bbc-news.jsonl.gz): `newsprism ingest`
   into a fresh store, or a copy of ``--store`` (a store those articles were ingested into, to
   skip the spaCy pass);
2. `newsprism stories` on it: the first grouping and cross-checking (timed, as set-up);
3. `newsprism ingest` of one more BBC article (``--add K``: K more articles, one `ingest` of them all;
   ``--more``: take them from this JSON Lines file of records, in its order, instead of BBC);
4. `newsprism stories` again: **the timed command**, a process of its own as a user runs it
   (interpreter start, model load, grouping, cross-checking, writing the stories and printing
   the list), with its peak RSS.

Prints the row and appends it to BENCHMARKS.md.  Target: under 5 s.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news.jsonl.gz"
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
       "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}


def newsprism(*args: str) -> tuple[float, float]:
    """Run ``newsprism ARGS`` as its own process: (wall seconds, its peak RSS in MiB)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "newsprism", *args], env=ENV, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own resource usage
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            sys.exit(f"newsprism {' '.join(args)} failed ({proc.returncode}):\n{err.read().decode()}")
    return wall, usage.ru_maxrss / 1024


def write_rows(rows: list[dict], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for r in rows:  # a record of --more as it is; a BBC row with its title and text
            out.write(json.dumps(r if "outlet" in r else {"title": r["title"], "text": r["text"], "source": "bbc"}) + "\n")
    return path


def count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as con:
        return con.execute(sql).fetchone()[0]


def story_checks(db: Path) -> dict[str, str]:
    """Story id -> check key (none before the store kept them)."""
    with sqlite3.connect(db) as con:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'story_checks'").fetchone():
            return {}
        return dict(con.execute("SELECT story_id, key FROM story_checks").fetchall())


def build(args, tmp: Path) -> tuple[Path, list[dict], str]:
    """The store of N distinct articles, and the rows not yet in it."""
    rows = [json.loads(line) for line in gzip.open(CORPUS, "rt", encoding="utf-8")]
    db = tmp / "bench.db"
    if args.store:
        with sqlite3.connect(args.store) as src, sqlite3.connect(db) as dst:
            src.backup(dst)  # a copy: the given store is not changed
        made = f"copy of {Path(args.store).name}"
    else:
        wall, _ = newsprism("ingest", str(write_rows(rows[: args.n], tmp / "first.jsonl")), "--db", str(db))
        made = f"ingested in {wall:.0f} s"
    # BBC repeats some articles: top up one row at a time until N distinct articles are stored
    at = args.n
    while count(db, "SELECT count(*) FROM facts") < args.n:
        newsprism("ingest", str(write_rows(rows[at : at + 1], tmp / "more.jsonl")), "--db", str(db))
        at += 1
    return db, rows[at:], made


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--store", help="a store the first N BBC articles were ingested into (copied)")
    parser.add_argument("--add", type=int, default=1, help="articles to add before the timed command")
    parser.add_argument("--more", help="JSON Lines records to add (default: the BBC articles after the first N)")
    parser.add_argument("--no-write", action="store_true", help="do not append to BENCHMARKS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db, rest, made = build(args, tmp)
        first, _ = newsprism("stories", "--db", str(db))
        before = story_checks(db)
        n = count(db, "SELECT count(*) FROM facts")
        if args.more:
            rest = [json.loads(line) for line in Path(args.more).open(encoding="utf-8")]
        at = 0
        while count(db, "SELECT count(*) FROM facts") < n + args.add and at < len(rest):
            # the next articles not stored yet (BBC repeats some: top up until K are new)
            need = n + args.add - count(db, "SELECT count(*) FROM facts")
            newsprism("ingest", str(write_rows(rest[at : at + need], tmp / "more.jsonl")), "--db", str(db))
            at += need
        added = count(db, "SELECT count(*) FROM facts") - n
        load = os.getloadavg()[0]  # other work on the machine slows the timed command
        wall, peak = newsprism("stories", "--db", str(db))
        lines, events, findings = (count(db, f"SELECT count(*) FROM {t}") for t in ("storylines", "events", "findings"))
        after = story_checks(db)
    rechecked = sum(1 for sid, key in after.items() if before.get(sid) != key)
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    row = [
        date.today().isoformat(), f"{platform.machine()}, {os.cpu_count()} cores, {mem:.0f} GiB, load {load:.1f}",
        f"{n:,} articles ({made}), grouped and checked in {first:.0f} s; +{added:,} article{'s' if added > 1 else ''}",
        f"{wall:.1f} s", f"{peak:,.0f} MiB",
        f"{lines:,} storylines, {events:,} events, {findings:,} findings; "
        + (f"{rechecked} of {len(after):,} stories checked again" if before else "every story checked again"),
    ]
    print(" | ".join(row))
    if not args.no_write:
        sys.path.insert(0, str(ROOT / "bench"))
        from report import record

        record("stories_incremental (`.venv/bin/python bench/stories_incremental.py`)",
               ["date", "machine", "store", "`newsprism stories`", "peak RSS", "result"], row,
               intro="`newsprism stories` as its own process (interpreter start and model load included) after "
                     "`newsprism ingest` of one article into a store of 2,000 grouped and cross-checked BBC "
                     "articles. Target (issue 8): under 5 s.")


if __name__ == "__main__":
    main()
