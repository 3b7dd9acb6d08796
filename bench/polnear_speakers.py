"""Speaker mismatches on PolNeAR (issue 9): gold Source against ours, with the sentence.

``python bench/polnear_speakers.py [train|dev] [--cache DIR] [--out FILE]``

Parses the split once (cached as a spaCy DocBin under ``--cache``, so rule changes in
``read/quotes.py`` rerun in seconds), scores it as ``newsprism.evaluation.quotes_polnear`` does,
prints the five measures and writes every matched pair whose speaker is wrong, one block each:
the gold Source, ours (mention and resolved name), the cue, and the sentence.  For error
analysis on train; dev is only checked.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from newsprism.evaluation import quotes_polnear as qp
from newsprism.records import Article


def load_docs(split: str, cache: Path, reader=None):
    from spacy.tokens import DocBin

    data_dir = qp.default_dir(split)
    arts = qp.articles(data_dir)
    path = cache / f"polnear-{split}.spacy"
    if path.exists():
        from newsprism.read import load_nlp

        nlp = load_nlp()
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    else:
        from newsprism.read import Reader

        reader = reader or Reader()
        texts = [p.read_text(encoding="utf-8") for _, p, _ in arts]
        docs = list(reader.nlp.pipe(texts, batch_size=16))
        cache.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=False, docs=docs).to_disk(path)
    return data_dir, docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("split", nargs="?", default="train", choices=qp.SPLITS)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/newsprism-polnear"))
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)

    from newsprism.read.entities import extract_entities
    from newsprism.read.quotes import extract_quotes

    data_dir, docs = load_docs(args.split, args.cache)
    it = iter(docs)

    def extract(art: Article):
        doc = next(it)
        assert doc.text == art.text
        return extract_quotes(doc, art, extract_entities(doc, art))

    scores = qp.evaluate(data_dir, extract)
    total = qp.Counts()
    for s in scores:
        total.add(s.counts)
    print(json.dumps(qp.summary(total)))
    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    texts = {name: p.read_text(encoding="utf-8") for name, p, _ in qp.articles(data_dir)}
    for s in scores:
        text = texts[s.name]
        for q, g in s.pairs:
            if g.source is None or qp.speaker_ok(q, g):
                continue
            lo = text.rfind("\n", 0, min(g.content[0], g.source[0], q.span.start)) + 1
            hi = text.find("\n", max(g.content[1], g.source[1]))
            ours = text[q.speaker_span.start:q.speaker_span.end] if q.speaker_span else None
            print(f"## {s.name} {g.source[0]}", file=out)
            print(f"gold: {g.source_text!r}  cue {g.cue_text!r}", file=out)
            print(f"ours: {ours!r} -> {q.speaker_name!r}  cue {q.cue!r} kind {q.kind} direct {q.direct}", file=out)
            print("    " + text[lo:hi if hi > 0 else len(text)][:600].replace("\n", " / "), file=out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
