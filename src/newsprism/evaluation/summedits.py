"""Claim checking on SummEdits, the seven non-news domains (../shared/dev/summedits).

Each record is a document and a one-sentence claim labelled by humans as consistent with it
or not.  The benchmark's protocol: balanced accuracy on each domain's ``test`` split; a
system with a threshold chooses it on the ``evaluation`` split of the same domain.  The news
domain is held out (issue 10's bar: 0.72 there).

Two numbers per domain:

* ``verdict``: ``check`` as a user gets it -- a claim is consistent when the verdict is
  "supported" (no threshold, nothing chosen on the data);
* ``tuned``: the claim's support score (:func:`support_score`) against a threshold chosen on
  the domain's evaluation split, as the protocol allows.

    python -m newsprism.evaluation.summedits [LIMIT]       # LIMIT records per split and domain

Documents are read once each (a domain has about 20); claims are read as claims are.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from ..records import Article, Verdict

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
DATA = SHARED / "dev" / "summedits"
DOMAINS = ("podcast", "samsum", "sales_call", "sales_email", "scitldr", "qmsumm", "ectsum")


def records(domain: str) -> list[dict]:
    with gzip.open(DATA / f"summedits_{domain}.json.gz", "rt", encoding="utf-8") as fh:
        return json.load(fh)


def support_score(v: Verdict) -> float:
    """How strongly the document supports the claim, 0..1: a supported verdict above one half
    by its confidence, a contradicted one below by its confidence, not-found in between."""
    if v.verdict == "supported":
        return 0.5 + 0.5 * v.confidence
    if v.verdict == "contradicted":
        return 0.5 - 0.5 * v.confidence
    return 0.25


def balanced(pairs: list[tuple[bool, bool]]) -> float:
    """(share of consistent claims accepted + share of inconsistent claims flagged) / 2."""
    pos = [p for g, p in pairs if g]
    neg = [p for g, p in pairs if not g]
    if not pos or not neg:
        return float("nan")
    return (sum(pos) / len(pos) + sum(not p for p in neg) / len(neg)) / 2


def best_threshold(scored: list[tuple[bool, float]]) -> float:
    """The threshold of highest balanced accuracy on ``scored`` (gold, score); ties: the lowest."""
    cuts = sorted({s for _, s in scored})
    best, best_t = -1.0, 0.5
    for t in cuts:
        acc = balanced([(g, s >= t) for g, s in scored])
        if acc > best:
            best, best_t = acc, t
    return best_t


def run_domain(domain: str, checker, reader, limit: int | None = None) -> dict:
    rows = records(domain)
    docs: dict[str, tuple[Article, object]] = {}
    scored: dict[str, list[tuple[bool, float, bool]]] = {"evaluation": [], "test": []}
    for split in scored:
        chosen = [r for r in rows if r["split"] == split][: limit or None]
        for r in chosen:
            if r["doc"] not in docs:
                art = Article(id=f"{domain}{len(docs)}", text=r["doc"], source=domain, format="text")
                docs[r["doc"]] = (art, reader.read(art))
            v = checker.check(r["summary"], [docs[r["doc"]]])
            scored[split].append((r["label"] == 1, support_score(v), v.verdict == "supported"))
    t = best_threshold([(g, s) for g, s, _ in scored["evaluation"]])
    test = scored["test"]
    return {f"{domain}.n": len(test),
            f"{domain}.verdict": round(balanced([(g, ok) for g, _, ok in test]), 3),
            f"{domain}.tuned": round(balanced([(g, s >= t) for g, s, _ in test]), 3),
            f"{domain}.threshold": round(t, 3)}


def run(limit: int | None = None, reader=None, domains=DOMAINS) -> dict:
    """Every domain's numbers, and their means over the domains."""
    from ..crosscheck import CheckOptions
    from ..crosscheck.claim import ClaimChecker

    if not DATA.exists():
        return {"skipped": f"no SummEdits at {DATA}"}
    if reader is None:
        from ..read import Reader

        reader = Reader()
    checker = ClaimChecker(reader, CheckOptions())
    out: dict = {}
    for domain in domains:
        out.update(run_domain(domain, checker, reader, limit))
    for kind in ("verdict", "tuned"):
        vals = [out[f"{d}.{kind}"] for d in domains]
        out[f"mean.{kind}"] = round(sum(vals) / len(vals), 3)
    return out


if __name__ == "__main__":
    lim = int(sys.argv[1]) if len(sys.argv) > 1 else None
    for k, v in run(lim).items():
        print(f"{k:28s} {v}")
