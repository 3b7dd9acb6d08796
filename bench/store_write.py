"""The store's own cost, SQLite against PostgreSQL: writing one article with its facts, opening a store.

    python bench/store_write.py [--n 300] [--pg postgresql://postgres@127.0.0.1:54329/newsprism_test]

Articles are small and synthetic (one sentence, one entity with one mention and a descriptor, one
quote, one figure; no model): what is measured is the store, not reading.  --pg (or
NEWSPRISM_TEST_PG) adds a PostgreSQL store in a schema of its own, dropped after; without it
only SQLite is measured.  Prints one line per store; nothing is appended to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from pathlib import Path

from newsprism.records import Article, ArticleFacts, Descriptor, Entity, Figure, Quote, Span
from newsprism.store import Store


def article(n: int) -> tuple[Article, ArticleFacts]:
    aid = f"bench{n:06d}"
    ent = Entity(id=f"{aid}:e0", name="Officials", label="ORG", mentions=(Span(aid, 0, 9),),
                 descriptors=(Descriptor(text="local", kind="affiliation", span=Span(aid, 0, 9)),))
    facts = ArticleFacts(article_id=aid, sentences=(Span(aid, 0, 30),), entities=(ent,),
                         quotes=(Quote(span=Span(aid, 15, 29), direct=False, speaker=ent.id,
                                       speaker_name="Officials", cue="say"),),
                         figures=(Figure(span=Span(aid, 15, 24), value=40.0, unit="people"),))
    return Article(id=aid, text="Officials said 40 people died.", source="bench.txt", format="text"), facts


def measure(target: str, n: int) -> str:
    with Store(target) as store:
        items = [article(i) for i in range(n)]
        start = time.perf_counter()
        for art, facts in items:
            store.save_article(art, facts)
        write = (time.perf_counter() - start) / n
        start = time.perf_counter()
        for art, _ in items:
            store.has_article(art.id)
        has = (time.perf_counter() - start) / n
    start = time.perf_counter()
    for _ in range(20):
        Store(target, create=False).close()
    opened = (time.perf_counter() - start) / 20
    return f"{write * 1000:.2f} ms to write an article, {has * 1000:.3f} ms has_article, {opened * 1000:.1f} ms to open"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--pg", default=os.environ.get("NEWSPRISM_TEST_PG", ""))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"sqlite      ({args.n} articles): {measure(str(Path(tmp) / 'bench.db'), args.n)}")
    if args.pg:
        import psycopg

        schema = f"bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.pg, autocommit=True) as con:
            con.execute(f"CREATE SCHEMA {schema}")
        try:
            url = f"{args.pg}{'&' if '?' in args.pg else '?'}options=-csearch_path%3D{schema}"
            print(f"postgresql  ({args.n} articles): {measure(url, args.n)}")
        finally:
            with psycopg.connect(args.pg, autocommit=True) as con:
                con.execute(f"DROP SCHEMA {schema} CASCADE")


if __name__ == "__main__":
    main()
