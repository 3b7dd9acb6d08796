"""Grouping at scale: N articles (default 100,000) in bounded memory, no all-pairs step.

Articles are made from the real corpora beside the checkout (Reuters-21578, 21k wire stories,
and BBC News, 2.2k) plus perturbed variants of them: exact copies, word drops and swaps,
sentence shuffles.  Grouping runs "once articles are read", so the spaCy pass is skipped:
features come from regular expressions (capitalised-name entities, dates) and the embedding is
the model-free hashing embedder (``GroupOptions(embedder="hash")``).

    .venv/bin/python bench/group_scale.py [--n 100000] [--bases N] [--no-append]
    .venv/bin/python bench/group_scale.py --production [--n 100000] [--bases N] [--prepare-only] [--profile FILE]

``--bases N`` builds the articles from N bases evenly spaced over the corpora (default: all
19,756): ``--n 10000 --bases 2500`` gives each base three variants (copy, drop, swap), as
``--n 100000`` gives each about four (and shuffles).

``--production`` runs the path users run instead of the stand-in: the reader's entities and the
MiniLM encoder (``GroupOptions(embedder="minilm")``, the default).  Each **base** article is read
once with ``newsprism.read.Reader`` (spaCy, all extractors) and the part of its facts grouping
looks at (entities with their mentions, places) is cached on disk (``--facts-dir``, default
``/tmp/gs_facts``, keyed by text digest, one folder per spaCy model), so a rerun reads nothing.  A
perturbed variant gets its base's facts: an exact copy the base's facts unchanged; a word-drop,
swap or shuffle variant the base's entities and places with each mention moved to where its
surface text occurs in the variant (mentions whose text no longer occurs are dropped; an entity
left with no mention keeps its name and label).  Lead vectors (title + lead, as ``group`` embeds
them) are MiniLM encodings of each article's own lead, computed once and cached
(``--vectors-dir``, default ``/tmp/gs_vectors``); grouping then runs ``group(items,
GroupOptions(embedder="minilm"), encoder=...)`` with an encoder that serves the cached lead
vectors and encodes anything else (the copy check's sentences) with the real model, configured
as ``newsprism stories`` configures it (``shared_encoder(all_cores=True)``: BLAS on every core),
so that sentence work is inside the timed grouping.  Read and encode times are printed separately.

Prints grouping's wall and CPU time, the load average while it ran, and peak memory (ru_maxrss),
and appends a line to BENCHMARKS.md with the machine (nproc, RAM) and the date.  ``--production``
also prints progress (copy index, events, storylines) with wall and CPU time as it goes, so a run
stopped early still says how far it got.  It also checks the result: the share of generated
copies found as copies and placed in their source article's event.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprism.group import GroupOptions, group  # noqa: E402
from newsprism.records import Article, ArticleFacts  # noqa: E402

CORPORA = Path(os.environ.get("NEWSPRISM_SHARED", ROOT.parent / "shared")) / "corpora"
_MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}


def base_articles() -> list[tuple[str, str, str | None]]:
    out = []
    with gzip.open(CORPORA / "reuters21578.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            body = (r.get("body") or "").strip()
            if len(body) < 200:
                continue
            date = None
            try:
                d, mon, y = r["date"].split()[0].split("-")
                date = dt.date(int(y), _MONTHS[mon.upper()], int(d)).isoformat()
            except (KeyError, ValueError):
                pass
            out.append((r.get("title") or "", body, date))
    with gzip.open(CORPORA / "bbc-news.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            out.append((r["title"], r["text"], None))
    return out


def perturb(text: str, rng: random.Random, how: str) -> str:
    if how == "copy":
        return text
    if how == "shuffle":
        sents = [s for s in text.replace("\n", " ").split(". ") if s]
        rng.shuffle(sents)
        return ". ".join(sents)
    words = text.split()
    if how == "drop":
        return " ".join(w for w in words if rng.random() > 0.08)
    for _ in range(max(1, len(words) // 20)):  # swaps
        i = rng.randrange(len(words) - 1) if len(words) > 1 else 0
        words[i : i + 2] = words[i : i + 2][::-1]
    return " ".join(words)


def make_articles(n: int, seed: int = 13, bases_limit: int = 0):
    """``bases_limit``: build from that many bases, evenly spaced over the corpora (0: all)."""
    rng = random.Random(seed)
    bases = base_articles()
    if bases_limit:
        bases = bases[:: max(1, len(bases) // bases_limit)][:bases_limit]
    items, source_of = [], {}
    kinds = ("copy", "drop", "swap", "shuffle")
    i = 0
    while len(items) < n:
        title, body, date = bases[i % len(bases)]
        rnd = i // len(bases)
        if rnd == 0:
            aid, text = f"b{i:06d}", body
        else:
            how = kinds[(rnd - 1) % len(kinds)]
            aid, text = f"v{i:06d}", perturb(body, rng, how)
            source_of[aid] = (f"b{i % len(bases):06d}", how)
        art = Article(id=aid, text=f"{title}\n\n{text}", source="bench", format="jsonl", title=title, date=date)
        items.append((art, ArticleFacts(article_id=aid)))
        i += 1
    return items, source_of


def quality(g, source_of):
    """Copy links, the share of variants found as copies of their base (per kind), and the share
    of variants in their base's event."""
    event_of = {a: e.id for e in g.events for a in e.article_ids}
    copy_to = {c.article_id: c.original_id for c in g.copies}
    # A variant and its base are one family: the link may point either way, or both to an earlier copy.
    fam = {}
    for c in g.copies:
        fam[c.article_id] = c.original_id
        fam.setdefault(c.original_id, c.original_id)
    found = {h: [0, 0] for h in ("copy", "drop", "swap", "shuffle")}
    same_event = 0
    for aid, (base, how) in source_of.items():
        found[how][1] += 1
        if aid in fam and base in fam and fam[aid] == fam[base]:
            found[how][0] += 1
        same_event += event_of[aid] == event_of[base]
    copy_recall = {h: round(a / b, 3) for h, (a, b) in found.items() if b}
    ev_recall = round(same_event / max(1, len(source_of)), 3)
    return copy_to, copy_recall, ev_recall


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--no-append", action="store_true")
    ap.add_argument("--production", action="store_true", help="reader's entities and MiniLM (see the docstring)")
    ap.add_argument("--prepare-only", action="store_true", help="--production: read and encode, do not group")
    ap.add_argument("--stage", choices=("all", "read", "encode"), default="all",
                    help="--production: which preparation steps to run (the others must be cached)")
    ap.add_argument("--shard", default="", help="--production --stage encode: 'i/k', encode every k-th lead")
    ap.add_argument("--bases", type=int, default=0,
                    help="build the articles from this many bases, evenly spaced (0: all; for quick checks)")
    ap.add_argument("--facts-dir", default="/tmp/gs_facts")
    ap.add_argument("--vectors-dir", default="/tmp/gs_vectors")
    ap.add_argument("--profile", default="", help="--production: cProfile the grouping into this file")
    ap.add_argument("--dump", default="", help="--production: write the Grouping records (JSON) here")
    args = ap.parse_args()
    if args.production:
        from group_scale_production import run_production

        run_production(args, make_articles)
        return

    t0 = time.perf_counter()
    items, source_of = make_articles(args.n, bases_limit=args.bases)
    t_make = time.perf_counter() - t0
    from group_scale_production import LoadSampler, cpu_seconds

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with LoadSampler() as load:
        t1, c1 = time.perf_counter(), cpu_seconds()
        g = group(items, GroupOptions(embedder="hash"))
        t_group, c_group = time.perf_counter() - t1, cpu_seconds() - c1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    copy_to, copy_recall, ev_recall = quality(g, source_of)

    mem_total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    size = f"n={len(items):,}" + (f" ({args.bases:,} bases)" if args.bases else "")
    row = [dt.date.today().isoformat(), "group_scale", size,
           f"nproc={os.cpu_count()}, RAM {mem_total:.0f} GiB, {load.text()} during grouping",
           f"group {t_group:.0f} s wall, {c_group:.0f} s CPU (+{t_make:.0f} s to build the articles)",
           f"peak RSS {peak:,.0f} MiB ({rss_before:,.0f} MiB after building articles)",
           f"events {len(g.events):,}, storylines {len(g.storylines):,}, copy links {len(copy_to):,}; "
           f"variant found as copy of its base {copy_recall}; variant in base's event {ev_recall}"]
    print(" | ".join(row))
    if not args.no_append:
        from report import record

        record("group_scale (`.venv/bin/python bench/group_scale.py --n 100000`)",
               ["date", "bench", "size", "machine", "time", "memory", "result"], row)

if __name__ == "__main__":
    main()
