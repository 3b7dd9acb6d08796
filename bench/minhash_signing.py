"""The copy index's MinHash signing: its time and how well its Jaccard estimates track the exact one.

    .venv/bin/python bench/minhash_signing.py [--n 5000] [--pairs 2000] [--seed 7]

Compares :meth:`CopyFinder.sign` (word hashes combined in NumPy, issue 15) with the signing it
replaced, kept here as the reference: datasketch's ``update_batch`` over the :func:`shingles`
byte strings (a sha1 per shingle), under the same permutations.  On ``--n`` articles drawn from
the corpora of ``bench/group_scale.py`` (Reuters-21578 and BBC News) it prints the CPU seconds
of each (best of three, one after the other in this process); on ``--pairs`` random pairs of
articles and as many article / perturbed variant pairs (``group_scale.perturb``: word drops, swaps,
sentence shuffles) the mean absolute error, mean signed error and largest error of each one's
estimated Jaccard against the exact Jaccard of the shingle sets, for the 5-shingle (128
permutations) and 3-shingle (64) signatures.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]

from group_scale import base_articles, perturb  # noqa: E402
from newsprism.group.copies import CopyFinder, Signature, normalise, shingles  # noqa: E402

Sign = Callable[[str], tuple[np.ndarray, np.ndarray]]


def reference(finder: CopyFinder) -> Sign:
    """The signatures as ``sign`` made them before issue 15's change: datasketch hashes each shingle."""
    def sign(text: str) -> tuple[np.ndarray, np.ndarray]:
        out = []
        for template, k in ((finder._template, finder.shingle), (finder._small_template, finder.reuse.candidate_shingle)):
            mh = template.copy()
            mh.clear()
            mh.update_batch(list(shingles(text, k)))
            out.append(mh.hashvalues)
        normalise(text)  # as the old sign: the length and digest come from the normalised text
        return out[0], out[1]
    return sign


def current(finder: CopyFinder) -> Sign:
    def sign(text: str) -> tuple[np.ndarray, np.ndarray]:
        s: Signature = finder.sign(text)
        return np.asarray(s.hashvalues), np.asarray(s.small_hashvalues)
    return sign


def cpu_seconds(sign: Sign, texts: list[str], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        c0 = time.process_time()
        for t in texts:
            sign(t)
        best = min(best, time.process_time() - c0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--pairs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    bases = [f"{title}\n\n{body}" for title, body, _ in base_articles()]
    rng = random.Random(args.seed)
    finder = CopyFinder()
    signs = {"datasketch (before)": reference(finder), "CopyFinder.sign": current(finder)}

    texts = rng.sample(bases, args.n)
    for name, sign in signs.items():
        sign("warm up")
        print(f"{name:20s} sign {args.n:,} articles: {cpu_seconds(sign, texts):.2f} s CPU", flush=True)

    pairs: dict[str, list[tuple[str, str]]] = {"random": [], "perturbed": []}
    for _ in range(args.pairs):
        pairs["random"].append(tuple(rng.sample(bases, 2)))  # type: ignore[arg-type]
        text = rng.choice(bases)
        title, _, body = text.partition("\n\n")
        pairs["perturbed"].append((text, f"{title}\n\n{perturb(body, rng, rng.choice(('drop', 'swap', 'shuffle')))}"))
    for kind, ps in pairs.items():
        for which, k in ((0, finder.shingle), (1, finder.reuse.candidate_shingle)):
            exact = np.array([len((a := shingles(x, k)) & (b := shingles(y, k))) / max(1, len(a | b)) for x, y in ps])
            for name, sign in signs.items():
                est = np.array([np.mean(sign(x)[which] == sign(y)[which]) for x, y in ps])
                err = est - exact
                print(f"{kind:9s} {k}-shingles (exact J mean {exact.mean():.3f}) {name:20s} MAE {np.abs(err).mean():.4f}, "
                      f"bias {err.mean():+.4f}, max {np.abs(err).max():.3f}", flush=True)


if __name__ == "__main__":
    main()
