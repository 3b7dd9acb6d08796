"""Quotes and reported speech against PolNeAR (Newell, Margolin & Ruths, LREC 2018), issue 9.

PolNeAR annotates every attribution in US political news as Source, Cue and
Content spans (BRAT standoff, one ``.ann`` per article and annotator).  Articles
are built straight from the raw ``text/*.txt`` (no cleaning) so offsets align.
``python -m newsprism.evaluation.quotes_polnear [dev|train] [LIMIT] [--without NAME]`` scores
one split; ``make eval`` scores dev (train, ten times larger, is run by hand).

Matching, stated so the numbers can be compared with the issue's:

* a predicted quote matches a gold Content when their character overlap divided
  by their union is at least ``MATCH`` (0.5); each gold and each prediction
  matches at most once (greedy, best overlap first);
* PolNeAR is univocal (no nested attributions), so a prediction lying inside
  another prediction (a quoted fragment inside reported speech) is not scored;
* every attribution is scored, not only those cued by speech verbs: PolNeAR also
  annotates beliefs, polls and documents ("polls show", "she believes");
* a gold attribution is *direct* when its content holds a double quote mark (the
  annotators draw the marks inside the content); a prediction is direct when
  ``Quote.direct``.  Direct precision is over direct predictions, direct recall over
  direct gold, both read off the one matching of all predictions with all gold;
* *lenient* is the same greedy matching with any character overlap instead of 0.5;
* the speaker is right when the predicted speaker mention (``speaker_span``)
  overlaps the gold Source; a quote with no speaker span (a quote paragraph that
  continues the previous speaker) is right when its speaker's last name appears in
  the gold Source.  A gold attribution without a Source is right only for a quote
  without a speaker.  *Speaker accuracy* is over matched pairs whose gold has a
  Source; *quote and speaker* counts a pair only when both are right;
* one annotator per article (the first ``.ann`` file by name).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..records import Article, Quote

MATCH = 0.5
SPLITS = ("dev", "train")
_WORD = re.compile(r"\w+")
_DOUBLE_MARK = re.compile(r"[\"\u201c\u201d\u201e]|''|``")


def default_dir(split: str = "dev") -> Path:
    return Path(__file__).resolve().parents[3].parent / "shared" / "dev" / "polnear" / split


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    content: tuple[int, int]
    source: tuple[int, int] | None
    source_text: str
    cue: tuple[int, int] | None
    cue_text: str
    direct: bool = False


def parse_ann(text: str, article_text: str | None = None) -> list[GoldAttribution]:
    """The attributions of one BRAT ``.ann`` file (discontinuous spans are joined end to end).

    ``direct`` is set from the article text when it is given.
    """
    spans: dict[str, tuple[str, int, int, str]] = {}
    events: list[dict[str, str]] = []
    for line in text.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            nums = [int(n) for n in re.findall(r"\d+", offsets)]
            if nums:
                spans[parts[0]] = (label, min(nums), max(nums), parts[2] if len(parts) > 2 else "")
        elif line.startswith("E") and len(parts) >= 2:
            args = dict(a.split(":", 1) for a in parts[1].split() if ":" in a)
            events.append(args)
    out = []
    for ev in events:
        content = spans.get(ev.get("Content", ""))
        if content is None:
            continue
        src = spans.get(ev.get("Source", ""))
        cue = spans.get(ev.get("Cue", ""))
        direct = article_text is not None and bool(_DOUBLE_MARK.search(article_text[content[1]:content[2]]))
        out.append(GoldAttribution(
            content=(content[1], content[2]),
            source=(src[1], src[2]) if src else None, source_text=src[3] if src else "",
            cue=(cue[1], cue[2]) if cue else None, cue_text=cue[3] if cue else "", direct=direct))
    return out


def _jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def speaker_ok(q: Quote, att: GoldAttribution) -> bool:
    """Whether ``q`` names the source of ``att`` (see the module docstring)."""
    if att.source is None:
        return q.speaker_name is None
    if q.speaker_span is not None:
        return q.speaker_span.start < att.source[1] and att.source[0] < q.speaker_span.end
    if q.speaker_name and att.source_text:
        words = _WORD.findall(q.speaker_name.lower())
        return bool(words) and words[-1] in _WORD.findall(att.source_text.lower())
    return False


def attributions(quotes: Iterable[Quote]) -> list[Quote]:
    """The quotes that are scored: not one lying inside a longer one (PolNeAR is univocal)."""
    quotes = list(quotes)
    return [q for q in quotes
            if not any(o is not q and o.span.contains(q.span) and len(o.span) > len(q.span) for o in quotes)]


def match(quotes: list[Quote], gold: list[GoldAttribution], threshold: float = MATCH,
          ) -> dict[int, int]:
    """Greedy one-to-one matching, best overlap first: ``{quote index: gold index}``.

    ``threshold`` 0 is the lenient matching: any character overlap.
    """
    pairs = sorted(((_jaccard((q.span.start, q.span.end), g.content), qi, gi)
                    for qi, q in enumerate(quotes) for gi, g in enumerate(gold)), reverse=True)
    q_match: dict[int, int] = {}
    taken: set[int] = set()
    for score, qi, gi in pairs:
        if score <= 0 or score < threshold:
            break
        if qi not in q_match and gi not in taken:
            q_match[qi] = gi
            taken.add(gi)
    return q_match


@dataclass(slots=True)
class Counts:
    """Counts over articles; every measure is derived from them."""

    pred: int = 0
    gold: int = 0
    tp: int = 0
    direct_pred: int = 0
    direct_gold: int = 0
    direct_tp_pred: int = 0
    direct_tp_gold: int = 0
    lenient_direct_tp_pred: int = 0
    lenient_direct_tp_gold: int = 0
    both_tp: int = 0
    speaker_n: int = 0
    speaker_ok: int = 0

    def add(self, other: Counts) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass(slots=True)
class ArticleScore:
    """One article's counts and, for error analysis, its misses and false quotes."""

    name: str
    counts: Counts
    pairs: list[tuple[Quote, GoldAttribution]] = field(default_factory=list)
    false: list[Quote] = field(default_factory=list)
    missed: list[GoldAttribution] = field(default_factory=list)


def score_article(name: str, quotes: Iterable[Quote], gold: list[GoldAttribution]) -> ArticleScore:
    quotes = attributions(quotes)
    c = Counts(pred=len(quotes), gold=len(gold))
    strict = match(quotes, gold)
    lenient = match(quotes, gold, threshold=0.0)
    c.direct_pred = sum(q.direct for q in quotes)
    c.direct_gold = sum(g.direct for g in gold)
    c.tp = len(strict)
    c.direct_tp_pred = sum(quotes[qi].direct for qi in strict)
    c.direct_tp_gold = sum(gold[gi].direct for gi in strict.values())
    c.lenient_direct_tp_pred = sum(quotes[qi].direct for qi in lenient)
    c.lenient_direct_tp_gold = sum(gold[gi].direct for gi in lenient.values())
    for qi, gi in strict.items():
        ok = speaker_ok(quotes[qi], gold[gi])
        c.both_tp += ok
        if gold[gi].source is not None:
            c.speaker_n += 1
            c.speaker_ok += ok
    matched_gold = set(strict.values())
    return ArticleScore(
        name=name, counts=c,
        pairs=[(quotes[qi], gold[gi]) for qi, gi in sorted(strict.items())],
        false=[q for qi, q in enumerate(quotes) if qi not in strict],
        missed=[g for gi, g in enumerate(gold) if gi not in matched_gold])


def _prf(tp_pred: int, pred: int, tp_gold: int, gold: int) -> dict:
    p = tp_pred / pred if pred else 1.0
    r = tp_gold / gold if gold else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def summary(c: Counts) -> dict:
    """The issue's five measures (and their parts) from summed counts."""
    return {
        "direct": {**_prf(c.direct_tp_pred, c.direct_pred, c.direct_tp_gold, c.direct_gold),
                   "gold": c.direct_gold, "predicted": c.direct_pred},
        "direct_lenient": _prf(c.lenient_direct_tp_pred, c.direct_pred, c.lenient_direct_tp_gold, c.direct_gold),
        "all": {**_prf(c.tp, c.pred, c.tp, c.gold), "gold": c.gold, "predicted": c.pred},
        "quote_and_speaker": _prf(c.both_tp, c.pred, c.both_tp, c.gold),
        "speaker_accuracy": round(c.speaker_ok / c.speaker_n, 4) if c.speaker_n else None,
    }


def articles(data_dir: Path) -> list[tuple[str, Path, Path]]:
    """``(name, text path, first .ann path)`` for every article of a split, by name."""
    by_article: dict[str, Path] = {}
    for ann in sorted((data_dir / "attributions").glob("*.ann")):
        by_article.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    return [(name, data_dir / "text" / f"{name}.txt", ann) for name, ann in sorted(by_article.items())]


def evaluate(data_dir: Path, extract: Callable[[Article], Iterable[Quote]],
             limit: int | None = None) -> list[ArticleScore]:
    """Score ``extract`` (article -> quotes) on the articles of ``data_dir``, one score each."""
    out = []
    for name, text_path, ann in articles(data_dir)[:limit]:
        raw = text_path.read_text(encoding="utf-8")
        art = Article(id=name, text=raw, source=str(text_path), format="text")
        gold = parse_ann(ann.read_text(encoding="utf-8"), raw)
        out.append(score_article(name, extract(art), gold))
    return out


def run(limit: int | None = None, reader=None, data_dir: Path | None = None, split: str = "dev",
        without: str | None = None) -> dict:
    """The five measures on one PolNeAR split (``limit`` articles at most; ``without``: leave out
    the articles whose name holds it, to see what one article weighs)."""
    from ..read import Reader
    from ..read.entities import extract_entities
    from ..read.quotes import extract_quotes

    data_dir = data_dir or default_dir(split)
    if not data_dir.exists():
        return {"skipped": f"{data_dir} not found"}
    reader = reader or Reader()
    # One nlp.pipe pass over the split, in the order evaluate() reads the articles.
    texts = (path.read_text(encoding="utf-8") for _, path, _ in articles(data_dir)[:limit])
    docs = iter(reader.nlp.pipe(texts, batch_size=16))

    def extract(art: Article) -> tuple[Quote, ...]:
        doc = next(docs)
        assert doc.text == art.text
        return extract_quotes(doc, art, extract_entities(doc, art))

    scores = [s for s in evaluate(data_dir, extract, limit) if not without or without not in s.name]
    total = Counts()
    for s in scores:
        total.add(s.counts)
    return {"split": data_dir.name, "articles": len(scores), "match": f"char overlap/union >= {MATCH}",
            **summary(total)}


if __name__ == "__main__":  # pragma: no cover
    import json
    import sys

    args = sys.argv[1:]
    without = None
    if "--without" in args:  # --without NAME: leave out the articles whose name holds NAME
        at = args.index("--without")
        without = args[at + 1]
        del args[at:at + 2]
    split = args.pop(0) if args and args[0] in SPLITS else "dev"
    print(json.dumps(run(int(args[0]) if args else None, split=split, without=without), indent=2))
