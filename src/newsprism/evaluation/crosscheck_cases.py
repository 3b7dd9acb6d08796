"""Cross-checking on story cases with planted contradictions (../shared/dev/crosscheck).

Each case is one real story told by 4 to 20 outlets; in a corrupted case one article carries
1-3 planted contradictions of facts other articles state, a control is the story unchanged.
This module is the adapter that ``../shared/tools/score_crosscheck.py`` imports: its
``crosscheck(articles)`` runs the path users run (ingest the texts, clean, read, group,
cross-check) and reports the contradiction findings a brief would show, mapped back to
offsets in the case's files.

    python ../shared/tools/score_crosscheck.py --system newsprism.evaluation.crosscheck_cases
    python -m newsprism.evaluation crosscheck_cases      # the same, as a suite of ``make eval``
    python -m newsprism.evaluation.crosscheck_cases --fit   # refit the confidence model (Weights)
    python -m newsprism.evaluation.crosscheck_cases --cv    # the four numbers, the model fitted out of fold
    python -m newsprism.evaluation.crosscheck_cases --controls  # every finding shown on the controls, to read

The confidence model (:class:`newsprism.crosscheck.Weights`) is a logistic regression over
general features of each contradiction's evidence, fitted here on the development cases:
a contradiction is a positive when it points at a planted change.  ``--fit`` prints the
weights, their cross-validated scores (five folds by story, so no story is scored by a
model that saw it), and the ``Weights(...)`` to paste.

Facts are cached under ``.eval-cache/`` keyed by the text *and* the source of ``read/`` and
``records.py``, so a change to the reader invalidates the cache.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .grouping import SHARED, cached_keys, read_cached, reader_version

CASES = SHARED / "dev" / "crosscheck"
SCORER = SHARED / "tools" / "score_crosscheck.py"

_state: dict = {}
# the scorer's names for our kinds of contradiction
SCORER_KIND = {"descriptor-conflict": "descriptor", "figure-conflict": "number", "place-conflict": "place_date",
               "quote-conflict": "quote_speaker", "role-conflict": "agent_patient", "negation-conflict": "negation"}


def warmup() -> None:
    from ..embed import shared_encoder
    from .grouping import CachedEmbedder

    if "encoder" not in _state:
        from ..read import Reader

        # every core, as ``newsprism stories`` encodes: the cases are checked one after another
        # with nothing beside them (the articles are read first, in the workers of _prefetch)
        _state["encoder"] = CachedEmbedder(shared_encoder(all_cores=True), "crosscheck")
        _state["reader"] = Reader()  # the model loads on the first article not in the cache
        _prefetch()


def _articles(articles: dict[str, str]) -> tuple[list, dict[str, str]]:
    """The cleaned articles of one case (what ``newsprism ingest`` would store), and id -> file name."""
    from ..clean import Cleaner
    from ..ingest.text import parse_text
    from ..records import Rejection

    docs, names = [], {}
    for name, text in sorted(articles.items()):
        doc = parse_text(text, name)
        if isinstance(doc, Rejection):
            continue
        docs.append(doc)
        names[doc.id] = name
    arts = [a for a in Cleaner().clean_batch(docs) if not isinstance(a, Rejection) and a.text.strip()]
    return arts, names


def _prefetch() -> None:
    """Read every development case's articles not yet cached in one stream over all cores: on a
    fresh checkout (CI) that is about 1,200 distinct articles, which story by story in one
    process took most of the test run."""
    import os

    from ..read import Reader, ReadOptions

    if not CASES.exists():
        return
    todo = []
    for case in sorted(p for p in CASES.iterdir() if p.name.startswith("case_")):
        texts = {}
        for f in sorted((case / "articles").iterdir()):
            with open(f, encoding="utf-8", newline="") as fh:
                texts[f.name] = fh.read()
        todo.extend(_articles(texts)[0])
    name = f"crosscheck-{reader_version()}"
    if todo and len(cached_keys(todo, name)) < len({a.id for a in todo}) and (os.cpu_count() or 1) > 1:
        read_cached(todo, name, Reader(ReadOptions(n_process=2)))


def _offset_map(original: str, cleaned: str) -> list[int]:
    """For each character of the cleaned text, its offset in the original file text.

    Cleaning drops whole lines and never rewrites one, so the kept lines are found in order.
    """
    out: list[int] = []
    pos = 0
    for line in cleaned.split("\n"):
        at = original.find(line, pos) if line else pos
        if at < 0:
            at = pos
        out.extend(range(at, at + len(line)))
        pos = at + len(line)
        out.append(min(pos, len(original) - 1) if original else 0)  # the newline
    return out


def crosscheck(articles: dict[str, str], observe=None, options=None) -> dict:
    """The scorer's interface: file name -> text in; outlier file and findings (file offsets) out.

    ``observe(names, maps, sources, contradictions)`` sees every judged contradiction (for fitting);
    ``options``: the :class:`~newsprism.crosscheck.CheckOptions` (default: the shipped ones)."""
    from ..crosscheck import CONFLICT_KINDS, CheckOptions
    from ..crosscheck import crosscheck as check
    from ..group import group

    warmup()
    arts, names = _articles(articles)
    # facts cached per version of the reader's code, so a change to read/ is never scored stale
    facts = read_cached(arts, f"crosscheck-{reader_version()}", _state["reader"])
    items = list(zip(arts, facts))
    grouping = group(items, encoder=_state["encoder"])
    maps = {a.id: _offset_map(articles[names[a.id]], a.text) for a in arts}
    spy = None if observe is None else (lambda srcs, judged: observe(names, maps, srcs, judged))
    findings = check(items, grouping, options, encoder=_state["encoder"], observe=spy)
    report = (options or CheckOptions()).report
    # what the brief shows: contradictions at ``report`` or above, and the weaker ones an outlier is
    # named for (``publish.assemble.build_brief``); the others are only counted there
    cited = {ev.span for f in findings if f.kind == "outlier-copy" for ev in f.evidence}
    out, outlier = [], None
    for f in findings:
        if f.kind == "outlier-copy":
            if f.opposing and outlier is None:
                outlier = names.get(f.opposing[0])
            continue
        if f.kind not in CONFLICT_KINDS or f.confidence < report and not any(
                ev.span in cited for ev in f.evidence if ev.side == "oppose"):
            continue
        for e in f.evidence:
            if e.side != "oppose" or e.span.article_id not in maps or not maps[e.span.article_id]:
                continue
            m = maps[e.span.article_id]
            start = m[min(e.span.start, len(m) - 1)]
            end = m[min(max(e.span.end - 1, e.span.start), len(m) - 1)] + 1
            out.append({"article": names[e.span.article_id], "start": start, "end": end,
                        "kind": SCORER_KIND.get(f.kind, f.kind), "confidence": f.confidence,
                        "explanation": f.explanation})
            break  # one finding, one cited span on the opposing side
    return {"outlier": outlier, "findings": out}


def run(limit: int = 0) -> dict:
    """Score every development case with the shared scorer; its JSON result, less bookkeeping."""
    if not SCORER.exists() or not CASES.exists():
        return {"skipped": f"no cases at {CASES}"}
    # ``__name__`` is "__main__" under ``python -m``: the scorer imports the module by its own name.
    cmd = [sys.executable, str(SCORER), "--system", __spec__.name if __spec__ else __name__, "--cases", str(CASES)]
    if limit:
        cmd += ["--limit", str(limit)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=str(Path(__file__).resolve().parents[3]),
                          check=True)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    keep = ("outlier_acc", "false_alarm_rate", "edit_recall", "finding_precision", "finding_f1",
            "findings_on_corrupted", "edit_recall_by_kind", "ms_per_case", "cases")
    return {k: result[k] for k in keep if k in result}


def controls() -> list[dict]:
    """Every finding a brief would show on the unchanged stories, with the sentence it cites: what a
    reader judges to tell real disagreements between the outlets from false alarms (docs/crosscheck.md)."""
    out = []
    for gold, arts in _cases():
        if gold.get("outlier") is not None:
            continue
        for f in crosscheck(arts)["findings"]:
            text = arts[f["article"]]
            start = max(text.rfind("\n", 0, f["start"]), text.rfind(". ", 0, f["start"])) + 1
            end = min([k for k in (text.find("\n", f["end"]), text.find(". ", f["end"])) if k > 0] or [len(text)])
            out.append({"case": gold["case_id"], "explanation": f["explanation"],
                        "confidence": round(f["confidence"], 3), "article": f["article"],
                        "cited": text[f["start"]:f["end"]], "sentence": text[start:end + 1].strip()})
    return out


# ------------------------------------------------------------------ fitting the confidence model


def _cases() -> list[tuple[dict, dict[str, str]]]:
    out = []
    for case in sorted(p for p in CASES.iterdir() if p.name.startswith("case_")):
        gold = json.loads((case / "gold.json").read_text(encoding="utf-8"))
        arts = {}
        for f in sorted((case / "articles").iterdir()):
            with open(f, encoding="utf-8", newline="") as fh:
                arts[f.name] = fh.read()
        out.append((gold, arts))
    return out


def candidates() -> list[dict]:
    """Every judged contradiction of every development case: its features, its story, and
    whether it points at a planted change."""
    from ..crosscheck.judge import features

    rows: list[dict] = []
    for gold, arts in _cases():
        def observe(names, maps, srcs, judged, gold=gold):
            for c in judged:
                src = srcs[c.minority.src]
                m = maps[src.id]
                start = m[min(c.minority.start, len(m) - 1)]
                end = m[min(max(c.minority.end - 1, c.minority.start), len(m) - 1)] + 1
                span = {"article": names[src.id], "start": start, "end": end}
                hit = any(_points_at(span, e) for e in gold["edits"])
                rows.append({"story": gold["story_id"], "case": gold["case_id"], "hit": hit, "features": features(c)})

        crosscheck(dict(arts), observe=observe)
    return rows


def cross_validated(rows: list[dict] | None = None, folds: int = 5) -> dict:
    """The scorer's four numbers with the confidence model fitted out of fold: each case is
    judged by weights fitted on the candidates of the other folds' stories (folds by story, as in
    :func:`fit`), so no case is scored by a model that saw its story.  What the held-out cases
    (other incidents) can expect of the fitting, where the shipped weights saw every case."""
    import numpy as np

    from ..crosscheck import CheckOptions
    from ..crosscheck.judge import Weights

    rows = rows if rows is not None else candidates()
    names, x, y = _design(rows)
    fold = _folds({r["story"] for r in rows} | {g["story_id"] for g, _ in _cases()}, folds)
    options = {}
    for k in range(folds):
        train = np.array([fold[r["story"]] != k for r in rows])
        b, w = logistic(x[train], y[train])
        options[k] = CheckOptions(weights=Weights(bias=b, terms=tuple(zip(names, map(float, w)))))
    corrupted = found = edits = hits = shown = controls = alarms = named = 0
    flagged: dict[str, list[str]] = {}  # control case -> what it was flagged for (to read by hand)
    for gold, arts in _cases():
        result = crosscheck(dict(arts), options=options[fold[gold["story_id"]]])
        findings = result["findings"]
        if gold.get("outlier") is None:
            controls += 1
            alarms += bool(findings or result["outlier"])
            if findings or result["outlier"]:
                flagged[gold["case_id"]] = [f["explanation"] for f in findings] or [f"outlier {result['outlier']}"]
            continue
        corrupted += 1
        named += result["outlier"] == gold["outlier"]
        edits += len(gold["edits"])
        found += sum(any(_points_at(f, e) for f in findings) for e in gold["edits"])
        shown += len(findings)
        hits += sum(any(_points_at(f, e) for e in gold["edits"]) for f in findings)
    return {"folds": folds, "outlier_acc": round(named / max(1, corrupted), 3),
            "false_alarm_rate": round(alarms / max(1, controls), 3), "edit_recall": round(found / max(1, edits), 3),
            "finding_precision": round(hits / max(1, shown), 3), "findings": shown, "controls_flagged": flagged}


def _points_at(finding: dict, edit: dict) -> bool:
    """Does a finding's span overlap a planted change (the scorer's test of a hit)?"""
    return finding["article"] == edit["article"] and finding["start"] < edit["end"] and edit["start"] < finding["end"]


def _design(rows: list[dict]):
    """The candidates as a feature matrix: (feature names, x, y)."""
    import numpy as np

    names = sorted({k for r in rows for k in r["features"]})
    x = np.array([[r["features"].get(k, 0.0) for k in names] for r in rows])
    y = np.array([float(r["hit"]) for r in rows])
    return names, x, y


def _folds(stories, folds: int) -> dict[str, int]:
    """Story -> fold: whole stories go to one fold, so no story is scored by a model that saw it."""
    return {s: i % folds for i, s in enumerate(sorted(stories))}


def logistic(x, y, l2: float = 1.0, steps: int = 50):
    """L2-regularised logistic regression by Newton's method: (bias, weights)."""
    import numpy as np

    xb = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(xb.shape[1])
    reg = np.eye(xb.shape[1]) * l2
    reg[0, 0] = 0.0  # the bias is not shrunk
    for _ in range(steps):
        p = 1 / (1 + np.exp(-np.clip(xb @ w, -30, 30)))
        grad = xb.T @ (p - y) + reg @ w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return float(w[0]), w[1:]


def fit(rows: list[dict] | None = None, folds: int = 5) -> dict:
    """Fit the weights on all cases; AUC of out-of-fold scores with folds by story."""
    import numpy as np

    rows = rows if rows is not None else candidates()
    names, x, y = _design(rows)
    fold = _folds({r["story"] for r in rows}, folds)
    oof = np.zeros(len(rows))
    for k in range(folds):
        test = np.array([fold[r["story"]] == k for r in rows])
        b, w = logistic(x[~test], y[~test])
        oof[test] = 1 / (1 + np.exp(-(x[test] @ w + b)))
    b, w = logistic(x, y)
    order = np.argsort(-oof)
    ranks = np.empty(len(oof))
    ranks[order] = np.arange(len(oof), 0, -1)
    pos = y == 1
    auc = (ranks[pos].sum() - pos.sum() * (pos.sum() + 1) / 2) / max(1, pos.sum() * (~pos).sum())
    terms = tuple((n, round(float(v), 2)) for n, v in zip(names, w) if abs(v) >= 0.005)
    return {"candidates": len(rows), "positives": int(y.sum()), "cv_auc": round(float(auc), 3),
            "weights": f"Weights(bias={round(b, 2)}, terms={terms!r})"}


if __name__ == "__main__":
    if "--fit" in sys.argv[1:]:
        warmup()
        print(json.dumps(fit(), indent=2))
    elif "--controls" in sys.argv[1:]:
        print(json.dumps(controls(), indent=2, ensure_ascii=False))
    elif "--cv" in sys.argv[1:]:
        warmup()
        print(json.dumps(cross_validated(), indent=2))
    else:
        print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 0), indent=2))
