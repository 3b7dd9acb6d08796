"""Faithful claims that deny something: does `check` still support them?

    python bench/negated_sentences.py [--n 40] [--seed 7]

For ``--n`` random BBC News articles (../shared/corpora) that have a sentence of 8 to 30 words
holding a negation ("not", "n't", "no", "never", "nobody"), one such sentence is checked, word for
word, against its own article (read once, as ingest stores it) with the checker `newsprism check`
uses.  Every one is true, so each verdict other than "supported" is a miss.  Prints each verdict
and the count supported; issue 10's polarity rule must not lower it (BENCHMARKS.md, claims_nli).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("NEWSPRISM_SHARED", ROOT.parent / "shared")) / "corpora" / "bbc-news.jsonl.gz"
_NEGATED = re.compile(r"\b(not|n't|no|never|nobody)\b")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from newsprism.crosscheck import CheckOptions
    from newsprism.crosscheck.claim import ClaimChecker
    from newsprism.read import Reader
    from newsprism.records import Article

    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    rng = random.Random(args.seed)
    rng.shuffle(rows)
    reader = Reader()
    checker = ClaimChecker(reader, CheckOptions())
    verdicts = []
    for row in rows:
        sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", row["text"])
                     if _NEGATED.search(s) and 8 <= len(s.split()) <= 30]
        if not sentences:
            continue
        article = Article(id=row["id"], text=row["text"], source="bbc", format="text")
        claim = rng.choice(sentences)
        v = checker.check(claim, [(article, reader.read(article))])
        verdicts.append(v.verdict)
        print(f"{v.verdict:13} {claim[:110]} | {v.explanation[:80]}")
        if len(verdicts) >= args.n:
            break
    print(f"supported: {verdicts.count('supported')} / {len(verdicts)}")


if __name__ == "__main__":
    main()
