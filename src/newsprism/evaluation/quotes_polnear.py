"""Quotes and reported speech against PolNeAR dev (Newell, Margolin & Ruths, LREC 2018).

PolNeAR annotates every attribution in US political news as Source, Cue and
Content spans (BRAT standoff, one ``.ann`` per article and annotator).  Articles
are built straight from the raw ``text/*.txt`` (no cleaning) so offsets align.

Matching, stated so the numbers can be compared:

* a predicted quote matches a gold Content when their character overlap divided
  by their union is at least ``MATCH`` (0.5); each gold and each prediction
  matches at most once (greedy, best overlap first);
* PolNeAR is univocal (no nested attributions), so a prediction lying inside
  another prediction (a quoted fragment inside reported speech) is not scored;
* source accuracy, on matched pairs whose gold has a Source: the predicted speaker
  mention overlaps the gold Source span, or the predicted speaker name's last word
  appears in the gold Source text (the gold "he" is matched by our span of "he");
* ``speech`` restricts the gold to attributions whose cue is a speech verb (our
  lexicon), "according to", or a punctuation cue (``Trump: "..."``), because PolNeAR
  also annotates beliefs, polls and documents ("polls show", "she believes") that a
  speech extractor does not try to cover.  A prediction matching a gold attribution
  outside that subset counts neither for nor against precision there.
* one annotator per article (the first ``.ann`` file by name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..read import Reader, facts_from_doc
from ..read.quotes import SPEECH_VERBS
from ..records import Article

MATCH = 0.5
_WORD = re.compile(r"\w+")


def default_dir() -> Path:
    return Path(__file__).resolve().parents[3].parent / "shared" / "dev" / "polnear" / "dev"


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    content: tuple[int, int]
    source: tuple[int, int] | None
    source_text: str
    cue: tuple[int, int] | None
    cue_text: str


def parse_ann(text: str) -> list[GoldAttribution]:
    """The attributions of one BRAT ``.ann`` file (discontinuous spans are joined end to end)."""
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
        out.append(GoldAttribution(
            content=(content[1], content[2]),
            source=(src[1], src[2]) if src else None, source_text=src[3] if src else "",
            cue=(cue[1], cue[2]) if cue else None, cue_text=cue[3] if cue else ""))
    return out


def _is_speech(att: GoldAttribution, doc) -> bool:
    if att.cue is None:
        return False
    if not _WORD.search(att.cue_text):
        return True  # "Trump: ..." or a dash: a punctuation cue introduces a quote
    if "according" in att.cue_text.lower():
        return True
    span = doc.char_span(att.cue[0], att.cue[1], alignment_mode="expand")
    return span is not None and any(t.lemma_.lower() in SPEECH_VERBS for t in span)


def _jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def _source_ok(q, att: GoldAttribution, text: str) -> bool:
    if q.speaker_span is not None and att.source is not None:
        if q.speaker_span.start < att.source[1] and att.source[0] < q.speaker_span.end:
            return True
    if q.speaker_name and att.source_text:
        words = _WORD.findall(q.speaker_name.lower())
        return bool(words) and words[-1] in _WORD.findall(att.source_text.lower())
    return False


def run(limit: int | None = None, reader: Reader | None = None, data_dir: Path | None = None) -> dict:
    """Content-span precision/recall and source accuracy on PolNeAR dev (``limit`` articles at most)."""
    data_dir = data_dir or default_dir()
    if not data_dir.exists():
        return {"skipped": f"{data_dir} not found"}
    reader = reader or Reader()
    anns = sorted((data_dir / "attributions").glob("*.ann"))
    by_article: dict[str, Path] = {}
    for ann in anns:
        by_article.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    names = sorted(by_article)[:limit] if limit else sorted(by_article)
    counts = {k: {"pred": 0, "tp_pred": 0, "gold": 0, "tp_gold": 0, "src_ok": 0, "src_n": 0}
              for k in ("all", "speech")}
    for name in names:
        raw = (data_dir / "text" / f"{name}.txt").read_text(encoding="utf-8")
        art = Article(id=name, text=raw, source=str(data_dir / "text" / f"{name}.txt"), format="text")
        doc = reader.nlp(raw)
        facts = facts_from_doc(doc, art)
        quotes = [q for q in facts.quotes
                  if not any(o is not q and o.span.contains(q.span) and len(o.span) > len(q.span)
                             for o in facts.quotes)]
        gold = parse_ann(by_article[name].read_text(encoding="utf-8"))
        speech = [_is_speech(g, doc) for g in gold]
        pairs = sorted(((_jaccard((q.span.start, q.span.end), g.content), qi, gi)
                        for qi, q in enumerate(quotes) for gi, g in enumerate(gold)), reverse=True)
        q_match: dict[int, int] = {}
        g_match: dict[int, int] = {}
        for score, qi, gi in pairs:
            if score < MATCH:
                break
            if qi not in q_match and gi not in g_match:
                q_match[qi], g_match[gi] = gi, qi
        for key in counts:
            c = counts[key]
            in_scope = [gi for gi in range(len(gold)) if key == "all" or speech[gi]]
            c["gold"] += len(in_scope)
            c["tp_gold"] += sum(gi in g_match for gi in in_scope)
            for qi, q in enumerate(quotes):
                gi = q_match.get(qi)
                if gi is not None and key == "speech" and not speech[gi]:
                    continue  # matched an attribution outside the speech subset: not scored
                c["pred"] += 1
                if gi is not None:
                    c["tp_pred"] += 1
                    if gold[gi].source is not None:
                        c["src_n"] += 1
                        c["src_ok"] += _source_ok(q, gold[gi], raw)
    out: dict = {"articles": len(names), "match": f"char overlap/union >= {MATCH}"}
    for key, c in counts.items():
        p = c["tp_pred"] / c["pred"] if c["pred"] else 1.0
        r = c["tp_gold"] / c["gold"] if c["gold"] else 1.0
        out[key] = {
            "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "gold": c["gold"], "predicted": c["pred"],
            "source_accuracy": round(c["src_ok"] / c["src_n"], 4) if c["src_n"] else None,
        }
    return out


if __name__ == "__main__":  # pragma: no cover
    import json
    import sys

    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else None), indent=2))
