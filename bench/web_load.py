"""Concurrent readers against a real uvicorn serving the web app on 127.0.0.1.

    python bench/web_load.py --db STORE [--readers 50 100] [--seconds 20] [--workers N] [--no-cache]
    python bench/web_load.py --build 543 [...]   # a store of that many BBC articles first (takes minutes)

Each reader fetches story pages and article pages (the two pages people read most) one
after another, over its own keep-alive connection, until the time is up; the client (plain
asyncio streams) runs on the same machine.  Every page is fetched first (see :func:`warm`):
the numbers are those of a server whose store has not changed since, which is what the
per-version cache is for.  Prints p50/p99 latency and errors per reader count and appends a
row to BENCHMARKS.md (``--no-write`` to skip).  ``tests/test_web_load.py`` runs the same readers.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(db: Path, *, workers: int = 1, cache: bool = True, compare: str = "auto", port: int | None = None):
    """A uvicorn process serving ``db``; yields (its base URL, the process) once it answers.

    ``compare="fuzzy"`` aligns sentences without the embedding model (a server that loads no model)."""
    import httpx

    port = port or free_port()
    code = ("import sys, uvicorn\n"
            "from newsprism.web.app import WebOptions, create_app\n"
            "from newsprism.web.compare import CompareOptions\n"
            f"options = WebOptions(cache_bytes={64 << 20 if cache else 0}, compare=CompareOptions(method={compare!r}))\n"
            f"uvicorn.run(create_app(sys.argv[1], options=options), host='127.0.0.1', port={port}, "
            "log_level='warning')\n")
    if workers > 1:
        cmd = [str(Path(sys.executable).with_name("newsprism")), "serve", "--db", str(db), "--port", str(port),
               "--workers", str(workers)]
    else:
        cmd = [sys.executable, "-c", code, str(db)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {proc.stderr.read().decode()[-2000:]}")
            try:
                if httpx.get(url + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not answer within 60 s")
            time.sleep(0.1)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def reader_paths(db: Path, limit: int = 200) -> list[str]:
    """Story pages (storylines and events) and article pages of the store."""
    with sqlite3.connect(db) as con:
        stories = [r[0] for r in con.execute("SELECT id FROM storylines ORDER BY id LIMIT ?", (limit,))]
        events = [r[0] for r in con.execute("SELECT id FROM events ORDER BY id LIMIT ?", (limit,))]
        articles = [r[0] for r in con.execute("SELECT article_id FROM facts ORDER BY rowid LIMIT ?", (limit,))]
    return [f"/stories/{s}" for s in stories + events] + [f"/articles/{a}" for a in articles]


def _address(url: str) -> tuple[str, int]:
    host, port = url.split("//", 1)[1].rsplit(":", 1)
    return host, int(port)


async def _get(rd, wr, host: str, path: str) -> int:
    """One GET on an open keep-alive connection; the status (the body is read and dropped)."""
    wr.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    await wr.drain()
    head = await rd.readuntil(b"\r\n\r\n")
    fields = {k.strip().lower(): v for k, v in
              (line.split(b":", 1) for line in head.split(b"\r\n")[1:] if b":" in line)}
    if b"content-length" not in fields:
        raise ValueError("answer without Content-Length")
    await rd.readexactly(int(fields[b"content-length"]))
    return int(head.split(b" ", 2)[1])


def read_concurrently(url: str, paths: list[str], readers: int, seconds: float) -> dict:
    """``readers`` clients fetching ``paths`` round-robin for ``seconds``: latencies and errors.

    Each reader is one keep-alive HTTP/1.1 connection on plain asyncio streams: a client as light
    as can be, because it shares the machine with the server (httpx's async client spent more CPU
    per request than the cached server did, and its numbers were the client's).
    """
    host, port = _address(url)

    async def one(n: int, deadline: float, out: list, errors: list) -> None:
        rd, wr = await asyncio.open_connection(host, port)
        i = n
        try:
            while time.monotonic() < deadline:
                path = paths[i % len(paths)]
                i += readers
                start = time.perf_counter()
                try:
                    status = await asyncio.wait_for(_get(rd, wr, host, path), 30)
                    if status != 200:
                        errors.append(f"{path}: HTTP {status}")
                except (OSError, ValueError, asyncio.IncompleteReadError, asyncio.TimeoutError) as exc:
                    errors.append(f"{path}: {type(exc).__name__}: {exc}")
                    wr.close()
                    rd, wr = await asyncio.open_connection(host, port)
                out.append(time.perf_counter() - start)
        finally:
            wr.close()

    async def run() -> tuple[list, list]:
        out: list[float] = []
        errors: list[str] = []
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(one(n, deadline, out, errors) for n in range(readers)))
        return out, errors

    latencies, errors = asyncio.run(run())
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    return {"requests": len(latencies), "errors": errors, "p50_ms": pick(0.50), "p99_ms": pick(0.99),
            "rps": len(latencies) / seconds}


def warm(url: str, paths: list[str], workers: int = 1) -> None:
    """Every page fetched on 4 connections per worker process at once, each connection asking for
    all of them: the steady state of a server whose store does not change (each worker has its
    own cache, and the kernel hands each new connection to one of them)."""
    host, port = _address(url)

    async def one() -> None:
        rd, wr = await asyncio.open_connection(host, port)
        for path in paths:
            await _get(rd, wr, host, path)
        wr.close()

    async def run() -> None:
        await asyncio.gather(*(one() for _ in range(4 * workers)))

    asyncio.run(run())


def build_store(n: int, db: Path) -> None:
    import gzip
    import itertools
    import tempfile

    corpus = ROOT.parent / "shared" / "corpora" / "bbc-news.jsonl.gz"
    with tempfile.TemporaryDirectory() as tmp:
        part = Path(tmp) / "bbc.jsonl"
        with gzip.open(corpus, "rb") as src, open(part, "wb") as out:
            out.writelines(itertools.islice(src, n))
        exe = str(Path(sys.executable).with_name("newsprism"))
        subprocess.run([exe, "ingest", str(part), "--db", str(db), "-q"], check=True)
        subprocess.run([exe, "stories", "--db", str(db)], check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path)
    parser.add_argument("--build", type=int, help="first build a store of this many BBC articles at --db")
    parser.add_argument("--readers", type=int, nargs="+", default=[50, 100])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="do not append to BENCHMARKS.md")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    db = args.db or ROOT / "bench-web.db"
    if args.build:
        build_store(args.build, db)
    with sqlite3.connect(db) as con:
        articles = con.execute("SELECT count(*) FROM facts").fetchone()[0]
    paths = reader_paths(db)
    with serve(db, workers=args.workers, cache=not args.no_cache) as (url, _):
        warm(url, paths, args.workers)
        for readers in args.readers:
            res = read_concurrently(url, paths, readers, args.seconds)
            row = [date.today().isoformat(), f"{platform.machine()}, {os.cpu_count()} cores",
                   f"{articles} articles, {len(paths)} story and article pages, "
                   f"{args.workers} worker{'s' if args.workers > 1 else ''}, cache {'off' if args.no_cache else 'on'}",
                   f"{readers} readers for {args.seconds:g} s", f"{res['p50_ms']:.0f} ms", f"{res['p99_ms']:.0f} ms",
                   f"{res['rps']:.0f}", str(len(res["errors"]))]
            print(" | ".join(row))
            if not args.no_write:
                from report import record

                record("web_load (`.venv/bin/python bench/web_load.py --db STORE`)",
                       ["date", "machine", "store", "load", "p50", "p99", "requests/s", "errors"], row,
                       intro="Concurrent readers (one keep-alive connection each, plain asyncio streams) of story and "
                             "article pages against a real uvicorn on 127.0.0.1, after every page was fetched once; "
                             "the client runs on the same machine. Target (issue 12): "
                             "100 readers, p99 under 300 ms on 2 cores, no errors.")


if __name__ == "__main__":
    main()
