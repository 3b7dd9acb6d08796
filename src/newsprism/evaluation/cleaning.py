"""Cleaning whole web pages rendered to text (issue 11): Dragnet, CleanPortalEval, CleanEval.

The data and the scorer are ``../shared/dev/cleaning/`` (its README.md says how the pages were rendered
and the gold aligned).  Each page is one ``Document`` cleaned on its own with ``Cleaner().clean``; the
system's output is the page's own lines that clean kept, so both of the scorer's measures apply:

* bag-of-words P/R/F1: \\w+ tokens against the gold text, per page, averaged over pages;
* line P/R/F1: kept lines against the page's gold lines, micro-averaged.

The metric functions are the shared scorer's own (``score_clean_text.py``, imported, not re-derived), and
this module is also a system for it::

    python -m newsprism.evaluation.cleaning [--limit N]
    python ../shared/dev/cleaning/score_clean_text.py --system newsprism.evaluation.cleaning --data dragnet
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import time
from collections import Counter
from functools import cache
from pathlib import Path
from types import ModuleType

from ..clean import Cleaner
from ..records import Document, Rejection

ROOT = Path(__file__).resolve().parents[3]
DEV = Path(os.environ.get("NEWSPRISM_SHARED", ROOT.parent / "shared")) / "dev" / "cleaning"
SETS = ("dragnet", "cleanportaleval", "cleaneval")

_CLEANER = Cleaner()


@cache
def scorer() -> ModuleType:
    """The shared scorer, ``score_clean_text.py`` beside the data."""
    path = DEV / "score_clean_text.py"
    spec = importlib.util.spec_from_file_location("score_clean_text", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def clean(text: str, cleaner: Cleaner | None = None) -> str:
    """A whole page in, the lines clean kept out (the scorer's system interface)."""
    art = (cleaner or _CLEANER).clean(Document(id="page", text=text, source="<page>", record=1, format="text"))
    if isinstance(art, Rejection):
        return ""
    removed = {r.line_no for r in art.removed}
    return "\n".join(line.strip() for n, line in enumerate(text.splitlines()) if line.strip() and n not in removed)


def score(name: str, limit: int = 0, cleaner: Cleaner | None = None) -> dict:
    """The scorer's numbers for one set (its first ``limit`` pages when given), as its ``main()`` computes them."""
    s = scorer()
    pages = s.load_pages(s.resolve_data(name), limit)
    bow = []
    tp = n_out = n_gold = 0
    seconds = 0.0
    for page in pages:
        start = time.perf_counter()
        out = clean(page["text"], cleaner)
        seconds += time.perf_counter() - start
        bow.append(s.string_shingle_matching(true=page["gold"], pred=out, ngram_n=1))
        gold_lines = Counter(page["gold_lines"])
        out_lines = Counter(x for x in (re.sub(r"\s+", " ", ln).strip() for ln in out.splitlines()) if x)
        tp += sum((out_lines & gold_lines).values())
        n_out += sum(out_lines.values())
        n_gold += sum(gold_lines.values())
    m = s.metrics_from_tp_fp_fns(bow)
    line_p = tp / n_out if n_out else 0.0
    line_r = tp / n_gold if n_gold else 0.0
    return {
        "pages": len(pages),
        "bow_p": round(m["precision"], 4), "bow_r": round(m["recall"], 4), "bow_f1": round(m["f1"], 4),
        "line_p": round(line_p, 4), "line_r": round(line_r, 4),
        "line_f1": round(2 * line_p * line_r / (line_p + line_r), 4) if line_p + line_r else 0.0,
        "ms_per_page": round(1000 * seconds / len(pages), 2) if pages else None,
    }


def run(limit: int = 0) -> dict:
    """Bag-of-words and line P/R/F1 on each development set (``limit`` pages of each at most)."""
    if not (DEV / "score_clean_text.py").exists():
        return {"skipped": f"{DEV} not found"}
    return {name: score(name, limit) for name in SETS if (DEV / f"{name}.jsonl.gz").exists()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m newsprism.evaluation.cleaning")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N pages of each set")
    print(json.dumps(run(parser.parse_args(argv).limit), indent=2))


if __name__ == "__main__":
    main()
