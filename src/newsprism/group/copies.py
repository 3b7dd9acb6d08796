"""Families of copies: syndication, aggregator scrapes, light rewrites.

MinHash signatures of word shingles go into an LSH index (datasketch), so each new article is
compared only with the few articles that share LSH buckets with it, never with all of them.
A candidate pair is kept when its estimated Jaccard similarity clears ``rewrite_threshold``
(``CopyLink.similarity`` is that Jaccard estimate); its kind is "duplicate" (same normalised
text), "near-copy" (high Jaccard, or the smaller text almost wholly inside the larger) or
"rewrite";
families are the connected components of kept pairs; inside a family every member links to the
original: the earliest dated member, then the longest (the most complete), then the smallest id.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..records import CopyLink

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_SEED = 1  # fixed: signatures (and so copy links) must be the same on every run


def normalise(text: str) -> str:
    """Lower-cased words joined by single spaces: whitespace, punctuation and case never make a copy new."""
    return " ".join(_WORD.findall(text.lower()))


def shingles(text: str, k: int) -> set[bytes]:
    words = normalise(text).split()
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


@dataclass(frozen=True, slots=True)
class CopyCandidate:
    id: str
    day: int | None
    length: int
    digest: str  # hash of the normalised text: equal digests are exact duplicates
    shingles: int  # size of the shingle set, to turn a Jaccard estimate into containment


class CopyFinder:
    """Incremental near-duplicate detection.  ``add`` returns the earlier articles this one copies."""

    def __init__(self, *, num_perm: int = 128, shingle: int = 5, lsh_threshold: float = 0.5,
                 rewrite_threshold: float = 0.5, near_threshold: float = 0.8, duplicate_threshold: float = 0.97):
        self.num_perm = num_perm
        self.shingle = shingle
        self.rewrite_threshold = rewrite_threshold
        self.near_threshold = near_threshold
        self.duplicate_threshold = duplicate_threshold
        self.lsh = MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)
        self.signatures: dict[str, np.ndarray] = {}
        self.info: dict[str, CopyCandidate] = {}
        self.pairs: list[tuple[str, str, float]] = []
        self._template = MinHash(num_perm=num_perm, seed=_SEED)

    def signature(self, text: str) -> MinHash:
        mh = self._template.copy()
        mh.clear()
        mh.update_batch(list(shingles(text, self.shingle)))
        return mh

    def add(self, article_id: str, text: str, *, day: int | None = None) -> list[tuple[str, float]]:
        """Index one article; returns ``(earlier_id, similarity)`` for each earlier article it copies."""
        if article_id in self.info:
            return []
        norm = normalise(text)
        digest = hashlib.blake2b(norm.encode("utf-8"), digest_size=16).hexdigest()
        sh = shingles(text, self.shingle)
        mh = self._template.copy()
        mh.clear()
        mh.update_batch(list(sh))
        hits = []
        for other in sorted(self.lsh.query(mh)):
            sim = 1.0 if self.info[other].digest == digest else float(
                np.mean(self.signatures[other] == mh.hashvalues))
            if sim >= self.rewrite_threshold:
                hits.append((other, round(sim, 4)))
        self.lsh.insert(article_id, mh)
        # uint32 is enough: datasketch hash values are below 2**32.
        self.signatures[article_id] = mh.hashvalues.astype(np.uint32)
        self.info[article_id] = CopyCandidate(id=article_id, day=day, length=len(norm), digest=digest,
                                               shingles=len(sh))
        self.pairs += [(article_id, other, sim) for other, sim in hits]
        return hits

    def containment(self, sim: float, a: str, b: str) -> float:
        """Share of the smaller article's shingles found in the larger, from the Jaccard estimate.

        An aggregator scrape is the original plus menus and "read more" lines: a low Jaccard
        but the whole original inside it.
        """
        na, nb = self.info[a].shingles, self.info[b].shingles
        inter = sim * (na + nb) / (1 + sim)
        return min(1.0, inter / max(1, min(na, nb)))

    def kind(self, sim: float, a: str, b: str) -> str:
        if self.info[a].digest == self.info[b].digest or sim >= self.duplicate_threshold:
            return "duplicate"
        if sim >= self.near_threshold or self.containment(sim, a, b) >= self.near_threshold + 0.1:
            return "near-copy"
        return "rewrite"

    def links(self) -> tuple[CopyLink, ...]:
        """One link per copy, to its family's original; sorted by copy id."""
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            while parent.get(x, x) != x:
                parent[x] = parent.get(parent[x], parent[x])
                x = parent[x]
            return x

        for a, b, _ in self.pairs:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        families: dict[str, list[str]] = {}
        for a in {x for p in self.pairs for x in p[:2]}:
            families.setdefault(find(a), []).append(a)
        out = []
        for members in families.values():
            original = min(members, key=self._original_key)
            orig_sig = self.signatures[original]
            for m in members:
                if m == original:
                    continue
                sim = 1.0 if self.info[m].digest == self.info[original].digest else float(
                    np.mean(self.signatures[m] == orig_sig))
                out.append(CopyLink(article_id=m, original_id=original, kind=self.kind(sim, m, original),
                                    similarity=round(sim, 4)))
        return tuple(sorted(out, key=lambda c: c.article_id))

    def _original_key(self, article_id: str):
        info = self.info[article_id]
        return (info.day if info.day is not None else 10**9, -info.length, article_id)


def copy_links(items: Iterable[tuple[str, str, int | None]], **options) -> tuple[CopyLink, ...]:
    """Copy links among ``(id, text, day)`` items (a convenience over :class:`CopyFinder`)."""
    finder = CopyFinder(**options)
    for article_id, text, day in items:
        finder.add(article_id, text, day=day)
    return finder.links()
