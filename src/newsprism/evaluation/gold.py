"""Score clean + read against our hand-annotated gold articles (tests/data/gold/*.jsonl).

Each line of a gold file is one article::

    {"id": "q01", "title": "...", "date": "2024-03-05", "text": "...",      # or "path" (+ "record")
     "quotes": [{"text": ..., "speaker": ..., "direct": true}],
     "figures": [{"text": ..., "value": 90000, "unit": "troops"}],
     "descriptors": [{"entity": ..., "descriptor": ...}],
     "opinions": ["substring of an opinion sentence", ...],
     "junk": ["exact line that cleaning must remove", ...]}

A task is scored only on the articles that carry its key; such an article lists
*all* its items of that kind, so precision is meaningful.  Matching is lenient
about span boundaries (annotators and extractors disagree on where a quote or a
figure phrase starts) and strict about what matters: the speaker, the value and
what is counted, the descriptor's words.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..clean import Cleaner
from ..ingest import document_id, iter_documents
from ..read import Reader
from ..records import Article, ArticleFacts, Document, Rejection

TASKS = ("quotes", "figures", "descriptors", "opinions", "junk")


@dataclass
class Score:
    """Counts for precision/recall; ``misses`` and ``false`` keep examples for debugging."""

    tp_pred: int = 0  # predictions that match a gold item
    pred: int = 0
    tp_gold: int = 0  # gold items matched by a prediction
    gold: int = 0
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp_pred / self.pred if self.pred else 1.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "gold": self.gold, "predicted": self.pred}


_QUOTES = "\"'“”‘’«»„‚`"
_NON_WORD = re.compile(r"[^\w\s]")
_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    """Lower-case, no quote marks or punctuation, one space: for lenient comparison."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("u.s.", "us").replace("u.k.", "uk").replace("u.n.", "un")
    text = _NON_WORD.sub(" ", text.translate({ord(c): " " for c in _QUOTES}))
    return _WS.sub(" ", text).strip()


def _overlap(a: str, b: str) -> float:
    """Share of the shorter text's words found in the longer one's word set."""
    ta, tb = norm(a).split(), norm(b).split()
    if not ta or not tb:
        return 0.0
    short, long_ = (ta, set(tb)) if len(ta) <= len(tb) else (tb, set(ta))
    return sum(w in long_ for w in short) / len(short)


def _same_phrase(gold: str, pred: str, *, threshold: float = 0.6) -> bool:
    g, p = norm(gold), norm(pred)
    if not g or not p:
        return False
    if g in p or p in g:
        # containment, but a one-word prediction inside a long gold quote is not a match
        return min(len(g), len(p)) / max(len(g), len(p)) >= 0.3
    return _overlap(gold, pred) >= threshold and min(len(g), len(p)) / max(len(g), len(p)) >= 0.3


def _same_name(gold: str | None, pred: str | None) -> bool:
    """The gold speaker/entity and the predicted one agree on the surname (or the whole name).

    An empty gold speaker (an unattributed quote) matches only a prediction with no speaker.
    """
    if not gold:
        return not pred
    if not pred:
        return False
    g, p = norm(gold), norm(pred)
    if not g or not p:
        return False
    if g == p or g in p or p in g:
        return True
    return g.split()[-1] in p.split()


# ----------------------------------------------------------------- per task


def _match_one_to_one(gold_items: list, preds: list, same, s: Score, art_id: str, show_gold, show_pred) -> None:
    """Greedy one-to-one matching: each gold item takes the first unused prediction that ``same`` accepts."""
    used: set[int] = set()
    s.gold += len(gold_items)
    s.pred += len(preds)
    for g in gold_items:
        i = next((i for i, p in enumerate(preds) if i not in used and same(g, p)), None)
        if i is None:
            s.misses.append(f"{art_id}: {show_gold(g)}")
            continue
        used.add(i)
        s.tp_gold += 1
        s.tp_pred += 1
    s.false.extend(f"{art_id}: {show_pred(p)}" for i, p in enumerate(preds) if i not in used)


def score_quotes(items: list[dict], art: Article, facts: ArticleFacts, s: Score) -> None:
    names = {e.id: e.name for e in facts.entities}
    # Our gold lists what was said, one item per quoted piece: a quote its attribution interrupts
    # counts piece by piece, and thoughts, intents and stances (PolNeAR's wider attributions,
    # issue 9) are outside it.
    preds = [(p.text(art.text), names.get(q.speaker or "", q.speaker_name))
             for q in facts.quotes if q.kind == "speech" for p in (q.parts or (q.span,))]
    _match_one_to_one(
        items, preds,
        lambda g, p: _same_phrase(g["text"], p[0]) and _same_name(g["speaker"], p[1]),
        s, art.id,
        lambda g: f"{g['speaker']}: {g['text'][:60]}",
        lambda p: f"{p[1]}: {p[0][:60]}",
    )


def _unit_ok(gold_unit: str, pred_unit: str) -> bool:
    g, p = norm(gold_unit).split(), norm(pred_unit).split()
    if not g:
        return True
    head = g[-1].rstrip("s")
    return any(w.rstrip("s") == head for w in p)


def _value_ok(gold, pred) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    return abs(float(gold) - float(pred)) <= 1e-6 * max(1.0, abs(float(gold)))


def score_figures(items: list[dict], art: Article, facts: ArticleFacts, s: Score) -> None:
    preds = [(f.span.text(art.text), f.value, f.unit) for f in facts.figures]
    _match_one_to_one(
        items, preds,
        lambda g, p: (_same_phrase(g["text"], p[0], threshold=0.5) and _value_ok(g.get("value"), p[1])
                      and _unit_ok(g.get("unit", ""), p[2])),
        s, art.id,
        lambda g: f"{g['text']} = {g.get('value')} {g.get('unit')}",
        lambda p: f"{p[0]} = {p[1]} {p[2]}",
    )


def _same_descriptor(gold: str, pred: str) -> bool:
    g, p = norm(gold), norm(pred)
    g = re.sub(r"^(the|a|an) ", "", g)
    p = re.sub(r"^(the|a|an) ", "", p)
    return g == p


def score_descriptors(items: list[dict], art: Article, facts: ArticleFacts, s: Score) -> None:
    preds = [(e.name, d.text) for e in facts.entities for d in e.descriptors]
    _match_one_to_one(
        items, preds,
        lambda g, p: _same_name(g["entity"], p[0]) and _same_descriptor(g["descriptor"], p[1]),
        s, art.id,
        lambda g: f"{g['entity']}: {g['descriptor']}",
        lambda p: f"{p[0]}: {p[1]}",
    )


def score_opinions(items: list[str], art: Article, facts: ArticleFacts, s: Score) -> None:
    gold_spans = []
    for g in items:
        start = art.text.find(g)
        if start < 0:  # cleaning changed the text (or dropped it): a miss
            s.gold += 1
            s.misses.append(f"{art.id}: (not in cleaned text) {g[:60]}")
            continue
        gold_spans.append((start, start + len(g), g))
    s.gold += len(gold_spans)
    s.pred += len(facts.opinions)
    hit_gold: set[int] = set()
    for o in facts.opinions:
        hits = [i for i, (a, b, _) in enumerate(gold_spans) if o.span.start < b and a < o.span.end]
        if hits:
            s.tp_pred += 1
            hit_gold.update(hits)
        else:
            s.false.append(f"{art.id}: {o.span.text(art.text)[:60]}")
    s.tp_gold += len(hit_gold)
    s.misses.extend(f"{art.id}: {g[:60]}" for i, (_, _, g) in enumerate(gold_spans) if i not in hit_gold)


def score_junk(items: list[str], art: Article, facts: ArticleFacts, s: Score) -> None:
    gold = {_WS.sub(" ", g).strip() for g in items if g.strip()}
    pred = {_WS.sub(" ", r.text).strip() for r in art.removed if r.text.strip()}
    # The title line moves to Article.title, and its repeats are dropped; whether an
    # annotator lists it as junk is a matter of taste, so it only counts when listed.
    title = _WS.sub(" ", art.title or "").strip()
    if title and title not in gold:
        pred.discard(title)
    s.gold += len(gold)
    s.pred += len(pred)
    s.tp_gold += len(gold & pred)
    s.tp_pred += len(gold & pred)
    s.misses.extend(f"{art.id}: {g[:70]}" for g in sorted(gold - pred))
    s.false.extend(f"{art.id}: {p[:70]}" for p in sorted(pred - gold))


SCORERS = {
    "quotes": score_quotes,
    "figures": score_figures,
    "descriptors": score_descriptors,
    "opinions": score_opinions,
    "junk": score_junk,
}


# ------------------------------------------------------------------- driver


def load_gold(paths: Iterable[Path]) -> list[dict]:
    rows = []
    for path in sorted(paths):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                row.setdefault("_file", f"{path.name}:{n}")
                rows.append(row)
    return rows


def _document(row: dict, root: Path) -> Document:
    if "path" in row:
        wanted = int(row.get("record", 1))
        for item in iter_documents([root / row["path"]]):
            if not isinstance(item, Rejection) and item.record == wanted:
                return item
        raise ValueError(f"{row['_file']}: no record {wanted} in {row['path']}")
    text = row["text"]
    return Document(id=document_id(text), text=text, source=f"gold:{row['id']}", record=1, format="text",
                    title=row.get("title"), date=row.get("date"), outlet=row.get("outlet"))


def evaluate(rows: list[dict], reader: Reader, *, root: Path) -> dict[str, Score]:
    """Clean and read every gold article once, then score every task it annotates."""
    docs = [_document(r, root) for r in rows]
    articles = Cleaner().clean_batch(docs)
    scores = {task: Score() for task in TASKS}
    readable = [(r, a) for r, a in zip(rows, articles) if not isinstance(a, Rejection)]
    for (row, art), facts in zip(readable, reader.pipe([a for _, a in readable])):
        for task in TASKS:
            if task in row:
                SCORERS[task](row[task], art, facts, scores[task])
    for row, art in zip(rows, articles):
        if isinstance(art, Rejection):
            for task in TASKS:
                if task in row:
                    scores[task].gold += len(row[task])
                    scores[task].misses.append(f"{row['id']}: rejected ({art.reason})")
    return scores


def default_root() -> Path:
    return Path(__file__).resolve().parents[3]


def run(reader: Reader | None = None, root: Path | None = None) -> dict[str, dict]:
    root = root or default_root()
    rows = load_gold((root / "tests" / "data" / "gold").glob("*.jsonl"))
    scores = evaluate(rows, reader or Reader(), root=root)
    return {task: sc.as_dict() for task, sc in scores.items() if sc.gold or sc.pred}
