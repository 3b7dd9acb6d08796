"""Claims per second with `newsprism check --file` on a stored story of 10 articles.

    python bench/check_speed.py [--case case_066] [--no-write]

The story is the unchanged control of one development cross-checking case (real multi-outlet
coverage of one incident, ../shared/dev/crosscheck), ingested and grouped into a fresh store as
a user would (`newsprism.ingest`, `newsprism.stories`).  The claims are the first two sentences of
every article, each also with its first figure changed (true and false claims alike).  Timed:
`newsprism.api.check_many` over all claims, as `check --file` runs it (the articles loaded and
their sentences encoded once, then each claim read and compared), with the spaCy and MiniLM loads
outside.  Appends a row to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT.parent / "shared" / "dev" / "crosscheck"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--case", default=None, help="a control case with 10 articles (default: the first)")
    parser.add_argument("--no-write", action="store_true", help="do not append to BENCHMARKS.md")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from newsprism.api import check_many
    from newsprism.embed import shared_encoder
    from newsprism.pipeline import ingest, stories
    from newsprism.read import Reader
    from newsprism.store import Store

    folder = _case(args.case)
    reader = Reader()
    reader.nlp
    shared_encoder().encode(["warm up"])
    texts = [p.read_text(encoding="utf-8") for p in sorted((folder / "articles").iterdir())]
    claims = []
    for text in texts:
        body = text.split("\n", 1)[-1]
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", body.strip())[:2]:
            sentence = " ".join(sentence.split())
            if len(sentence.split()) < 5:
                continue
            claims.append(sentence)
            changed = re.sub(r"\d+", lambda m: str(int(m.group(0)) + 3), sentence, count=1)
            if changed != sentence:
                claims.append(changed)
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "s.db") as store:
            ingest([folder / "articles"], store, reader=reader)
            stories(store)
            story = max(store.storylines(), key=lambda s: len(s.article_ids))
            start = time.perf_counter()
            first = None
            verdicts = []
            for v in check_many(claims, store, story=story.id, reader=reader):
                verdicts.append(v)
                first = first or time.perf_counter() - start
            total = time.perf_counter() - start
    counts = {k: sum(v.verdict == k for v in verdicts) for k in ("supported", "contradicted", "not-found")}
    row = [date.today().isoformat(), f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
           f"{folder.name}: {len(story.article_ids)} articles in the story, {len(claims)} claims",
           f"{first:.1f} s", f"{len(claims) / total:.1f}", f"{1000 * (total - first) / max(1, len(claims) - 1):.0f} ms",
           ", ".join(f"{n} {k}" for k, n in counts.items())]
    print(" | ".join(row))
    if not args.no_write:
        sys.path.insert(0, str(ROOT / "bench"))
        from report import record

        record("check_speed (`.venv/bin/python bench/check_speed.py`)",
               ["date", "machine", "input", "first claim (articles loaded and encoded)", "claims/s",
                "each further claim", "verdicts"], row,
               intro="`newsprism check --file` on a stored story: `api.check_many` over every claim, models "
                     "loaded before. Target (issue 10): a claim well under a second once the story is stored.")


def _case(name: str | None) -> Path:
    for case in sorted(p for p in CASES.iterdir() if p.name.startswith("case_")):
        gold = json.loads((case / "gold.json").read_text(encoding="utf-8"))
        if (name is None and not gold.get("edits") and len(list((case / "articles").iterdir())) == 10) or \
                case.name == name:
            return case
    sys.exit(f"no control case with 10 articles under {CASES}")


if __name__ == "__main__":
    main()
