"""Throughput and peak memory of ingest + clean + read on real-size articles.

    python bench/read_throughput.py [--n 2000] [--n-process 2] [--batch-size 64] [--blas numpy|blis]

Articles come from ../shared/corpora/bbc-news.jsonl.gz (real articles of
300-1000 words, written out as a JSONL file so ingest parses them as it would
any input); with fewer than N there, they are cycled with a numbered line so
every id is new.  Appends a row to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news.jsonl.gz"


def make_input(n: int, folder: Path) -> tuple[Path, int]:
    rows = [json.loads(line) for line in gzip.open(CORPUS, "rt", encoding="utf-8")]
    path = folder / "articles.jsonl"
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            row = rows[i % len(rows)]
            text = row["text"] if i < len(rows) else f"{row['text']}\n\nUpdate {i // len(rows)}."
            words += len(text.split())
            out.write(json.dumps({"title": row["title"], "text": text, "source": "bbc"}) + "\n")
    return path, words


def bare_pipe(nlp, path: Path, n_process: int) -> float:
    """Articles/s of spaCy alone on the same texts: ``nlp.pipe`` of the full model,
    ``n_process`` workers, the docs thrown away; what issue 15 compares with."""
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    start = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=n_process, batch_size=64):
        pass
    return len(texts) / (time.perf_counter() - start)


def bare_same_blas(nlp, path: Path, n_process: int, blas: str) -> float:
    """:func:`bare_pipe` of the model as shipped but with the reader's BLAS (one thread a worker),
    so the ratio shows what the extractors and the store cost, apart from the BLAS."""
    from threadpoolctl import threadpool_limits

    from newsprism.read import use_blas

    use_blas(nlp, blas)
    with threadpool_limits(1 if n_process > 1 else None, user_api="blas"):
        return bare_pipe(nlp, path, n_process)


def peak_rss_mb() -> float:
    self_ = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (self_ + children) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--blas", default="numpy", help="ReadOptions.blas: numpy (default) or blis")
    parser.add_argument("--no-bare", action="store_true",
                        help="skip the side-by-side run of bare nlp.pipe (the full model, no extractors)")
    parser.add_argument("--no-write", action="store_true", help="do not append to BENCHMARKS.md")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    from newsprism.pipeline import ingest
    from newsprism.read import Reader, ReadOptions, stock_nlp
    from newsprism.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        path, words = make_input(args.n, Path(tmp))
        reader = Reader(ReadOptions(n_process=args.n_process, batch_size=args.batch_size, blas=args.blas))
        reader.nlp  # load the model outside the timed part, as a long-running service would
        start = time.perf_counter()
        with Store(Path(tmp) / "bench.db") as store:
            report = ingest([path], store, reader=reader, batch_size=256)
        seconds = time.perf_counter() - start
        peak = peak_rss_mb()  # before the stock model is loaded for the side-by-side run
        # the model as its package ships it, none of the reader's changes
        bare = None if args.no_bare else bare_pipe(stock_nlp(reader.options.model_name), path, args.n_process)
        same = (None if args.no_bare or reader.options.blas == "blis"
                else bare_same_blas(stock_nlp(reader.options.model_name), path, args.n_process, reader.options.blas))
    rate = len(report.added) / seconds
    row = [
        date.today().isoformat(), f"{platform.machine()}, {os.cpu_count()} cores",
        f"{len(report.added)} BBC articles ({words / max(1, args.n):.0f} words avg), "
        f"n_process={args.n_process}, batch {args.batch_size}, blas {args.blas}",
        f"{rate:.1f} articles/s, {words / seconds:,.0f} words/s"
        + ("" if bare is None else f" (bare `nlp.pipe` of the same texts in the same run: {bare:.1f} articles/s; "
                                   f"{rate / bare:.2f}x"
                                   + ("" if same is None else f"; with the reader's BLAS: {same:.1f} articles/s, "
                                                              f"{rate / same:.2f}x")
                                   + ")"),
        f"{peak:,.0f} MB",
    ]
    print(" | ".join(row))
    if not args.no_write:
        from report import record

        record(
            "read_throughput (`.venv/bin/python bench/read_throughput.py`)",
            ["date", "machine", "input", "ingest + clean + read", "peak RSS (main + largest worker)"],
            row,
            intro="Ingest (JSONL) + clean + read (spaCy en_core_web_md via nlp.pipe, all extractors) + "
                  "store writes, model load excluded. Target: 20 articles/s on 2 cores, under 2 GB.",
        )

if __name__ == "__main__":
    main()
