"""Grouping evaluation: ECB+ story B-cubed and BBC News copy families.

(a) ECB+ train and dev (../shared/dev/ecbplus-train-dev.jsonl: train 575 articles in 25 topics, dev
    197 in 8; 66 incidents).  Each topic pairs two different real incidents of the same kind;
    ``story_id`` is topic+incident.  Each split is grouped on its own, and we report B-cubed
    precision/recall/F1 of our events against ``story_id``, and of our storylines against
    ``story_id`` and against ``topic``.  The pair model is fitted on train (:func:`fit_pair_weights`).  Articles are detokenised lightly and read with the
    spaCy Reader; facts and embeddings are cached under ``.eval-cache/`` (keyed by text hash).
(b) BBC News (../shared/corpora/bbc-news.jsonl.gz, 2,225 articles).  Gold copy families are derived
    exactly, all pairs, with a strict definition: word 5-shingle Jaccard >= 0.8 between the normalised
    title+text, families = connected components.  We score the pairs inside our copy families
    (pairwise precision/recall: a family of n articles has n(n-1)/2 pairs).  A second gold,
    ``containment``, also joins a pair when >= 50% of the smaller article's 5-shingles are in the
    larger (an earlier version of a story inside its update, a scrape inside a longer page): the
    strict gold calls those independent, so it understates the precision of containment-aware
    copy detection; recall is gated on the strict gold, precision on the containment gold.

    python -m newsprism.evaluation.grouping          # prints the numbers
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

import numpy as np

from ..records import Article, ArticleFacts, from_dict, to_dict

ROOT = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("NEWSPRISM_SHARED", ROOT.parent / "shared"))
ECBPLUS = SHARED / "dev" / "ecbplus-train-dev.jsonl"
BBC = SHARED / "corpora" / "bbc-news.jsonl.gz"
CACHE = ROOT / ".eval-cache"
GOLD_COPY_JACCARD = 0.8
GOLD_COPY_CONTAINMENT = 0.5

_DETOK = [
    (re.compile(r"``\s*|\s*''"), '"'),
    (re.compile(r" ([,.;:!?%)\]])"), r"\1"),
    (re.compile(r"([(\[$]) "), r"\1"),
    (re.compile(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", re.I), r"\1"),
    (re.compile(r"(\w) - (\w)"), r"\1-\2"),
]


def detokenise(text: str) -> str:
    for pat, rep in _DETOK:
        text = pat.sub(rep, text)
    return text


# ------------------------------------------------------------------ metrics


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering ``pred`` (item -> cluster) against ``gold``."""
    items = sorted(gold)
    pc: dict[str, set[str]] = defaultdict(set)
    gc: dict[str, set[str]] = defaultdict(set)
    for i in items:
        pc[pred[i]].add(i)
        gc[gold[i]].add(i)
    p = r = 0.0
    for i in items:
        both = len(pc[pred[i]] & gc[gold[i]])
        p += both / len(pc[pred[i]])
        r += both / len(gc[gold[i]])
    p, r = p / len(items), r / len(items)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0, 4)}


def pairwise(pred_groups: Sequence[Sequence[str]], gold_groups: Sequence[Sequence[str]]) -> dict[str, float]:
    def pairs(groups):
        return {tuple(sorted(p)) for g in groups for p in combinations(sorted(g), 2)}

    pp, gp = pairs(pred_groups), pairs(gold_groups)
    tp = len(pp & gp)
    p = tp / len(pp) if pp else 1.0
    r = tp / len(gp) if gp else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0, 4),
            "pred_pairs": len(pp), "gold_pairs": len(gp)}


# ------------------------------------------------------------------ ECB+


def ecbplus_articles(path: Path = ECBPLUS) -> tuple[list[Article], dict[str, dict]]:
    arts, meta = [], {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            text = detokenise(row["text"]).strip()
            title = text.split("\n", 1)[0].strip()
            arts.append(Article(id=row["doc_id"], text=text, source=str(path), format="jsonl", title=title))
            meta[row["doc_id"]] = row
    return arts, meta


def _key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=10).hexdigest()


_LOADED: dict[Path, dict[str, ArticleFacts]] = {}  # cache files already read in this process


def _loaded(name: str) -> tuple[Path, dict[str, ArticleFacts]]:
    """The cache file of ``name`` and what it holds (read once per process)."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"{name}-facts.jsonl"
    if path not in _LOADED:
        _LOADED[path] = {}
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    row = json.loads(line)
                except ValueError:
                    continue  # a line cut short by a killed run: that article is read again
                _LOADED[path][row["key"]] = from_dict(ArticleFacts, row["facts"])
    return path, _LOADED[path]


def reader_version() -> str:
    """A digest of the code whose output the facts caches hold (the reader, the word lists it
    reads and the records it fills): facts read by other code are never scored."""
    pkg = Path(__file__).resolve().parents[1]
    h = hashlib.blake2b(digest_size=8)
    for path in sorted((pkg / "read").rglob("*")) + sorted((pkg / "data" / "lexicon").rglob("*")) \
            + [pkg / "records.py"]:
        if path.is_file() and path.suffix in (".py", ".txt", ".tsv", ".json", ".toml"):
            h.update(path.read_bytes())
    return h.hexdigest()


def cached_keys(articles: Sequence[Article], name: str) -> set[str]:
    """The keys of ``articles`` already in the cache ``name``."""
    _, cached = _loaded(name)
    return {k for k in (_key(a.id + a.text) for a in articles) if k in cached}


def read_cached(articles: Sequence[Article], name: str, reader=None) -> list[ArticleFacts]:
    """Facts for ``articles``, read with the spaCy Reader once and cached under .eval-cache/
    (the file is read once per process: callers ask story by story)."""
    path, cached = _loaded(name)
    todo = list({_key(a.id + a.text): a for a in articles if _key(a.id + a.text) not in cached}.values())
    if todo:
        from ..read import Reader

        reader = reader or Reader()
        with open(path, "a", encoding="utf-8") as fh:
            for art, facts in zip(todo, reader.pipe(todo)):
                k = _key(art.id + art.text)
                cached[k] = facts
                fh.write(json.dumps({"key": k, "facts": to_dict(facts)}, ensure_ascii=False) + "\n")
    return [cached[_key(a.id + a.text)] for a in articles]


class CachedEmbedder:
    """Wraps an embedder with an on-disk cache (an .npz of text key -> vector)."""

    def __init__(self, inner, name: str):
        self.inner, self.kind, self.dim = inner, inner.kind, inner.dim
        CACHE.mkdir(exist_ok=True)
        self.path = CACHE / f"{name}-{inner.kind}.npz"
        self.table: dict[str, np.ndarray] = {}
        if self.path.exists():
            data = np.load(self.path)
            self.table = dict(zip(data["keys"].tolist(), data["vecs"]))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        todo = sorted({_key(t): t for t in texts if _key(t) not in self.table}.items())
        if todo:
            vecs = self.inner.encode([t for _, t in todo])
            self.table.update({k: v for (k, _), v in zip(todo, vecs)})
            np.savez(self.path, keys=np.array(list(self.table)), vecs=np.stack(list(self.table.values())))
        return np.stack([self.table[_key(t)] for t in texts]) if texts else np.zeros((0, self.dim), np.float32)


def ecbplus_eval(options=None, *, split: str | None = None, embedder=None, reader=None) -> dict:
    from ..embed import MiniLMEmbedder
    from ..group import group

    arts, meta = ecbplus_articles()
    if split:
        arts = [a for a in arts if meta[a.id]["split"] == split]
    facts = read_cached(arts, f"ecbplus-{reader_version()}", reader)
    embedder = embedder or CachedEmbedder(MiniLMEmbedder(), "ecbplus")
    grouping = group(list(zip(arts, facts)), options, embedder=embedder)
    ev = {a: e.id for e in grouping.events for a in e.article_ids}
    sl = {a: s.id for s in grouping.storylines for a in s.article_ids}
    story = {a.id: meta[a.id]["story_id"] for a in arts}
    topic = {a.id: str(meta[a.id]["topic"]) for a in arts}
    return {
        "articles": len(arts),
        "gold_stories": len(set(story.values())),
        "events": len(grouping.events),
        "storylines": len(grouping.storylines),
        "event_bcubed": bcubed(ev, story),
        "storyline_bcubed_story": bcubed(sl, story),
        "storyline_bcubed_topic": bcubed(sl, topic),
    }


def tfidf_baseline(thresholds: Sequence[float] = (0.7, 0.75, 0.8, 0.85, 0.9)) -> dict:
    """The plain baseline issue 8 compares with: TF-IDF of the whole text (lower-cased words of two
    letters or more, stop words out, sublinear counts, smoothed IDF, unit rows) and average-link
    clustering cut at a cosine distance; the cut is the one best on train, then applied to dev."""
    from scipy import sparse
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.sparse import linalg as splinalg
    from scipy.spatial.distance import squareform

    from ..lexicon import words

    stop = words("stop_words")
    token = re.compile(r"(?u)\b\w\w+\b")
    arts, meta = ecbplus_articles()

    def labels(split: str) -> tuple[list[Article], np.ndarray]:
        chosen = [a for a in arts if meta[a.id]["split"] == split]
        vocab: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for i, a in enumerate(chosen):
            counts = Counter(w for w in token.findall(a.text.lower()) if w not in stop)
            for w, c in counts.items():
                rows.append(i)
                cols.append(vocab.setdefault(w, len(vocab)))
                vals.append(1.0 + np.log(c))
        m = sparse.csr_matrix((vals, (rows, cols)), shape=(len(chosen), len(vocab)))
        df = np.bincount(m.indices, minlength=len(vocab))
        m = m @ sparse.diags(np.log((1 + len(chosen)) / (1 + df)) + 1)
        m = sparse.diags(1 / np.maximum(splinalg.norm(m, axis=1), 1e-12)) @ m
        dist = np.clip(1 - (m @ m.T).toarray(), 0, None)
        np.fill_diagonal(dist, 0)
        return chosen, linkage(squareform(dist, checks=False), "average")

    def score(split: str, cut: float) -> dict:
        chosen, tree = trees[split]
        lab = fcluster(tree, cut, "distance")
        return bcubed({a.id: str(k) for a, k in zip(chosen, lab)}, {a.id: meta[a.id]["story_id"] for a in chosen})

    trees = {split: labels(split) for split in ("train", "dev")}
    cut = max(thresholds, key=lambda t: score("train", t)["f1"])
    return {"cut": cut, "train": score("train", cut), "dev": score("dev", cut)}


# ------------------------------------------------------------------ BBC copies


def bbc_articles(path: Path = BBC) -> list[Article]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return [Article(id=r["id"], text=f"{r['title']}\n\n{r['text']}", source=str(path), format="jsonl",
                    title=r["title"]) for r in rows]


def bbc_gold(articles: Sequence[Article], threshold: float = GOLD_COPY_JACCARD,
             containment: float | None = None) -> list[list[str]]:
    """Exact all-pairs Jaccard of word 5-shingle sets (sparse product), families = components >= threshold.

    ``containment``: also join pairs whose smaller shingle set is at least this much inside the larger.
    """
    from scipy import sparse

    from ..group.copies import shingles

    vocab: dict[bytes, int] = {}
    rows, cols = [], []
    sizes = []
    for i, a in enumerate(articles):
        sh = shingles(a.text, 5)
        sizes.append(len(sh))
        for s in sh:
            rows.append(i)
            cols.append(vocab.setdefault(s, len(vocab)))
    m = sparse.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(len(articles), len(vocab)))
    inter = (m @ m.T).tocoo()
    from scipy.cluster.hierarchy import DisjointSet

    copies = DisjointSet(range(len(articles)))
    for i, j, v in zip(inter.row, inter.col, inter.data):
        if i < j and (v / (sizes[i] + sizes[j] - v) >= threshold
                      or (containment is not None and v / max(1, min(sizes[i], sizes[j])) >= containment)):
            copies.merge(int(i), int(j))
    return sorted(sorted(articles[i].id for i in g) for g in copies.subsets() if len(g) > 1)


def bbc_eval(options=None) -> dict:
    from ..group import GroupOptions
    from ..group.copies import copy_links

    o = options or GroupOptions()
    arts = bbc_articles()
    gold = bbc_gold(arts)
    gold_contained = bbc_gold(arts, containment=GOLD_COPY_CONTAINMENT)
    links = copy_links(((a.id, a.text, None) for a in sorted(arts, key=lambda a: a.id)), num_perm=o.num_perm,
                       shingle=o.shingle, lsh_threshold=min(0.5, o.copy_threshold),
                       rewrite_threshold=o.copy_threshold, near_threshold=o.near_copy,
                       duplicate_threshold=o.duplicate, reuse=o.reuse)
    fams = defaultdict(set)
    for c in links:
        fams[c.original_id].update((c.original_id, c.article_id))
    kinds = defaultdict(int)
    for c in links:
        kinds[c.kind] += 1
    return {"articles": len(arts), "gold_families": len(gold), "families": len(fams), "links": dict(kinds),
            "pairwise": pairwise([sorted(f) for f in fams.values()], gold),
            "pairwise_containment": pairwise([sorted(f) for f in fams.values()], gold_contained)}


def run() -> dict:
    """All grouping numbers (what ``make eval`` prints)."""
    out = {}
    if ECBPLUS.exists():
        # Kept apart: the pair model and its threshold are fitted on train; dev is the check.
        out["ecbplus_train"] = ecbplus_eval(split="train")
        out["ecbplus_dev"] = ecbplus_eval(split="dev")
        out["ecbplus_tfidf_baseline"] = tfidf_baseline()
    if BBC.exists():
        out["bbc_copies"] = bbc_eval()
    return out


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))


# ------------------------------------------------------------------ fitting the pair model


def fit_pair_weights(split: str = "train", *, l2: float = 1.0) -> dict[str, float]:
    """Logistic regression (IRLS, numpy) of "same story" over ECB+ within-topic article pairs.

    Only pairs inside one topic are used: across topics the embedding alone separates stories,
    inside a topic (two incidents of the same kind) is where the other features must work.
    The printed weights are the defaults of :class:`newsprism.group.cluster.ClusterOptions`.
    """
    from ..embed import MiniLMEmbedder
    from ..group.cluster import EventClusterer
    from ..group.features import features

    arts, meta = ecbplus_articles()
    arts = [a for a in arts if meta[a.id]["split"] == split]
    facts = read_cached(arts, f"ecbplus-{reader_version()}")
    feats = [features(a, f) for a, f in zip(arts, facts)]
    emb = CachedEmbedder(MiniLMEmbedder(), "ecbplus").encode([f.lead for f in feats])
    cl = EventClusterer(emb.shape[1])
    cl.count(feats)  # document frequencies for the IDF weights, as grouping would have them
    x, y = [], []
    by_topic = defaultdict(list)
    for i, a in enumerate(arts):
        by_topic[meta[a.id]["topic"]].append(i)
    for members in by_topic.values():
        for i, j in combinations(members, 2):
            x.append((1.0, *cl.pair_features(feats[i], feats[j], float(emb[i] @ emb[j]))))
            y.append(float(meta[arts[i].id]["story_id"] == meta[arts[j].id]["story_id"]))
    X, Y = np.array(x), np.array(y)
    w = np.zeros(X.shape[1])
    for _ in range(30):
        p = 1 / (1 + np.exp(-X @ w))
        g = X.T @ (p - Y) + l2 * np.r_[0, w[1:]]
        H = (X * (p * (1 - p))[:, None]).T @ X + l2 * np.diag(np.r_[0, np.ones(len(w) - 1)])
        w -= np.linalg.solve(H, g)
    names = ("bias", "cos", "names", "figures", "far", "years", "places", "day", "venue", "counterpart", "text")
    return {n: round(float(v), 3) for n, v in zip(names, w)} | {"pairs": len(Y), "positive": int(Y.sum())}
