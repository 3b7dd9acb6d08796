"""Where one process's read time goes: each pipeline component and each extractor, in seconds.

    python bench/read_components.py [--n 300] [--blas numpy|blis] [--stock]

The first N articles of ../shared/corpora/bbc-news.jsonl.gz, read in this process: the reader's
pipeline (``--stock``: the model as shipped) run one component at a time over all of them
(``pipe``, batches of 64), then the extractors of :func:`newsprism.read.facts_from_doc` one at a
time over the parsed Docs.  A warm-up on ten articles comes first.  Prints the seconds; what
BENCHMARKS.md's read_throughput notes quote per component come from this.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news.jsonl.gz"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--blas", default="numpy", help="ReadOptions.blas: numpy (default) or blis")
    parser.add_argument("--stock", action="store_true", help="the model as shipped, not the reader's pipeline")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    from threadpoolctl import threadpool_limits

    from newsprism.read import ReadOptions, dates, entities, figures, load_nlp, opinion, quotes, sentences
    from newsprism.read import stock_nlp, use_blas
    from newsprism.records import Article

    rows = [json.loads(line) for line in gzip.open(CORPUS, "rt", encoding="utf-8")][: args.n]
    texts = [r["text"] for r in rows]
    if args.stock:
        nlp = stock_nlp()
        use_blas(nlp, args.blas)
    else:
        nlp = load_nlp(blas=args.blas)
    opts = ReadOptions(blas=args.blas)
    seconds: Counter[str] = Counter()
    with threadpool_limits(1, user_api="blas"):  # as in a read worker
        list(nlp.pipe(texts[:10]))
        start = time.perf_counter()
        docs = [nlp.make_doc(t) for t in texts]
        seconds["tokenizer"] = time.perf_counter() - start
        for name, component in nlp.pipeline:
            start = time.perf_counter()
            docs = list(component.pipe(docs, batch_size=64)) if hasattr(component, "pipe") else [
                component(d) for d in docs]
            seconds[name] = time.perf_counter() - start
    parse = sum(seconds.values())
    steps = Counter()
    for i, (doc, text) in enumerate(zip(docs, texts)):
        art = Article(id=f"a{i}", source="bbc", format="text", text=text)

        def timed(name, fn, *a):
            start = time.perf_counter()
            out = fn(*a)
            steps[name] += time.perf_counter() - start
            return out

        ents = timed("entities", entities.extract_entities, doc, art, opts.entities)
        found = timed("quotes", quotes.extract_quotes, doc, art, ents, opts.quotes)
        figs = timed("figures", figures.extract_figures, doc, art, opts.figures)
        dated = timed("dates", dates.extract_dates, doc, art, opts.dates)
        timed("places", entities.extract_places, doc, art, ents, opts.entities)
        timed("opinion", opinion.extract_opinions, doc, art, found, opts.opinion)
        timed("sentences", sentences.extract_sentences, doc, art, ents, figs, dated, found)
    print(f"{len(texts)} BBC articles, {'stock model' if args.stock else 'reader pipeline'}, blas {args.blas}")
    for name, s in list(seconds.items()) + [("parse", parse)] + list(steps.items()) + [
            ("extractors", sum(steps.values()))]:
        print(f"  {name:<16} {s:6.2f} s")


if __name__ == "__main__":
    main()
