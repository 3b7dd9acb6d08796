"""Families of copies: syndication, aggregator scrapes, reposts and spun rewrites.

Candidates come from two MinHash LSH indexes (datasketch), so each new article is compared only
with the few articles that share buckets with it, never with all of them:

* word 5-shingles at Jaccard >= ``lsh_threshold``: syndication and exact copies with junk;
* word 3-shingles at a low Jaccard (``ReuseOptions.candidate_threshold``), kept when the
  estimated 3-shingle containment of the smaller text in the larger clears ``min_containment``:
  the scrape that adds menus, the blog that reposts part of a wire story, the spun rewrite that
  swaps every third word (spinning leaves names, numbers and quotes, so 3-grams survive where
  5-grams do not).

Grouping also hands over the members of each (small) event (:meth:`CopyFinder.verify_groups`):
a rewrite spun too hard for any shingle index still sits in its original's event.

Every candidate below the near-copy Jaccard is **verified sentence by sentence** (rules in
:func:`reuse`): the sentences of the smaller article against those of the larger.

* *verbatim* sentence (>= ``min_words`` words): normalised text near-identical (rapidfuzz ratio
  >= ``verbatim_ratio``), or the whole of it inside a longer sentence it mostly covers (a repost
  that drops a dateline or a trailing clause: partial ratio >= 95, >= 60% of the longer);
* *aligned* sentence: verbatim, or a rewrite of the other sentence: they share >= 3 content words
  and >= ``rewrite_lexical`` of the shorter one's (spinning swaps synonyms but keeps names,
  numbers and most words) and, with a semantic encoder, >= ``rewrite_lexical`` of the longer
  one's too (a rewrite keeps its original's length) and their embeddings have cosine >=
  ``rewrite_cosine``.  Without one (the hashing embedder is lexical) the word share must be
  >= ``rewrite_lexical_alone``; a pair that shares that much of both sentences' content words is
  aligned by the word rule alone even with an encoder, which is asked only about the pairs
  between (and about none once the sure pairs decide the kind).  Aligned sentences are counted along a monotone alignment (the
  longest in-order chain): a rewrite follows its original sentence by sentence, two independent
  reports of one event share names and figures but not the order of every sentence.

The kinds (``CopyLink.kind``), strongest first:

* "duplicate": the same normalised text, or 5-shingle Jaccard >= ``duplicate_threshold``;
* "near-copy": Jaccard >= ``near_threshold``, the smaller text (almost) wholly inside the larger
  (5-shingle containment), or verbatim sentences making >= ``near_share`` of the smaller
  article's words: the aggregator scrape with quotes retyped and junk added;
* "rewrite": aligned sentences >= ``rewrite_sentences`` and >= ``rewrite_share`` of the sentences
  of the article with fewer: the spun copy; also (as before) a 5-shingle Jaccard >= ``rewrite_threshold``;
* "partial": >= ``partial_sentences`` verbatim sentences making >= ``partial_share`` of the smaller
  article's words, one of them a lead sentence (the first two of either article): a blog or site
  that reposts the top of the original around its own text.  A follow-up story that reuses the
  background paragraphs of an earlier one under a new lead is a new report, not a copy (BBC News
  has dozens of those; none reuses a lead).

``CopyLink.similarity`` is the 5-shingle Jaccard estimate for links the index alone decides, else
the share the verification measured (verbatim words for near-copy and partial, aligned sentences
for rewrite).  Families are the connected components of kept pairs; inside a family every member
links to the original: the earliest dated member, then the longest (the most complete), then the
smallest id.  A member's link is judged against the original; if that pair does not verify (it
joined through another copy) it keeps the kind of the pair that brought it in.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import datasketch
import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH
from rapidfuzz import fuzz
from rapidfuzz.process import cdist
from scipy.cluster.hierarchy import DisjointSet

from .. import lexicon
from ..records import CopyLink
from ..versions import code_digest, digest

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Sentence ends: terminal punctuation (and closing quotes) before a capital, digit or opening
# quote; paragraph breaks always end one.  Regular expressions suffice: copies are found
# before (and without) the spaCy parse, and both sides are split the same way.
_SENT = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")
# Function and reporting words: spinning swaps "said" for "stated", sharing them proves nothing.
_STOP = frozenset(lexicon.table("function_words")["copies"])  # data/lexicon/function_words.txt
_SEED = 1  # fixed: signatures (and so copy links) must be the same on every run
# The MinHash permutations of datasketch's default scheme (2.0): h -> a * fmix32(h) + b mod 2**32.
# Named here because :meth:`CopyFinder.sign` applies them itself (:func:`_min_permuted`).
_SCHEME = "affine32"


def normalise(text: str) -> str:
    """Lower-cased words joined by single spaces: whitespace, punctuation and case never make a copy new."""
    return " ".join(_WORD.findall(text.lower()))


def shingles(text: str, k: int) -> set[bytes]:
    """The word ``k``-shingles of ``text`` (all its words when it has fewer); the sets that
    :meth:`CopyFinder.sign` hashes (:func:`shingle_hashes`)."""
    words = normalise(text).split()
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


class _WordHashes(dict[str, int]):
    """64-bit blake2b of each distinct word, computed once (a bounded memo: cleared when full)."""

    limit = 1 << 18

    def __missing__(self, word: str) -> int:
        if len(self) >= self.limit:
            self.clear()
        h = self[word] = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
        return h


_WORD_HASHES = _WordHashes()
_POLY = np.uint64(0x9E3779B97F4A7C15)  # odd: the shingle's polynomial in its word hashes, mod 2**64


# MurmurHash3's finalizers, 32- and 64-bit: (integer type, shifts, multipliers).
_FMIX32 = (np.uint32, (16, 13, 16), (0x85EBCA6B, 0xC2B2AE35))
_FMIX64 = (np.uint64, (33, 33, 33), (0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53))


def _fmix(h: np.ndarray, form=_FMIX64) -> np.ndarray:
    """MurmurHash3's finalizer (``_FMIX64``: every input bit reaches the high 32 bits kept as a
    shingle's hash; ``_FMIX32``: as datasketch pre-mixes every input hash, scheme affine32)."""
    kind, (s1, s2, s3), (m1, m2) = form
    h = h ^ (h >> kind(s1))
    h = h * kind(m1)
    h = h ^ (h >> kind(s2))
    h = h * kind(m2)
    return h ^ (h >> kind(s3))


def word_hashes(norm: str) -> np.ndarray:
    """The 64-bit hash of each word of the normalised text ``norm``, in order (uint64)."""
    words = norm.split()
    return np.fromiter(map(_WORD_HASHES.__getitem__, words), dtype=np.uint64, count=len(words))


def shingle_hashes(words: np.ndarray, k: int) -> np.ndarray:
    """The distinct 32-bit hashes of the ``k``-shingles of :func:`word_hashes` ``words`` (uint32,
    sorted): one per element of :func:`shingles` (the same set, barring 32-bit collisions).

    Each shingle is a polynomial in its word hashes mod 2**64 (so the order of the words counts),
    mixed, its high half kept.  Hashing each distinct word once and combining in NumPy replaces
    a sha1 per shingle in a Python loop, which was a sixth of grouping's time (issue 15)."""
    n = len(words) - k + 1
    if len(words) == 0:
        return np.zeros(0, dtype=np.uint32)
    if n < 1:  # fewer words than k: one shingle of them all, as shingles() has
        n, k = 1, len(words)
    h = words[:n].copy()
    for j in range(1, k):
        h *= _POLY
        h += words[j : j + n]
    out = np.sort((_fmix(h) >> np.uint64(32)).astype(np.uint32))
    return out[np.concatenate(([True], out[1:] != out[:-1]))]  # np.unique, at a seventh of its cost here


def _min_permuted(hashes: np.ndarray, template: MinHash, rows: int = 2048) -> np.ndarray:
    """The MinHash values of a set of 32-bit hashes under ``template``'s permutations: what
    ``update_batch`` on an empty copy of it gives when its hash function returns these values
    (``tests/test_group.py`` checks it), in NumPy (uint32 arithmetic wraps: the mod 2**32)."""
    a, b = template.permutations
    out = np.full(len(a), np.iinfo(np.uint32).max, dtype=np.uint32)
    mixed = _fmix(hashes.astype(np.uint32), _FMIX32)
    for at in range(0, len(mixed), rows):  # in blocks: a long text's (shingles, permutations) matrix stays small
        block = mixed[at : at + rows, None] * a + b
        np.minimum(out, block.min(axis=0), out=out)
    return out


_FIGURE = re.compile(r"\d(?:[\d,.]*\d)?")
# The opening sentence: up to the first full stop followed by a capital or a quote, or a line end.
_FIRST_SENTENCE = re.compile(r'.+?(?:[.!?](?=\s+[A-Z"\u201c\u2018\'])|\n|$)', re.S)


@dataclass(frozen=True, slots=True)
class Profile:
    """What :func:`figures_apart` and :func:`subjects_apart` read of one text, computed once per
    article (a judged pair used to recompute both sides: at 100k articles, 700,000 judgments)."""

    figures: frozenset[str]  # distinct figures, thousands separators dropped
    first: str  # the first word of the first name in the opening sentence ("" without one)
    name_words: frozenset[str]  # the words of the names in the opening sentence
    lede: str  # the opening sentence's words, lower-cased, joined by spaces
    flat: str  # the whole text's words, lower-cased, joined by spaces (:func:`normalise`)


def profile(text: str, *, chars: int = 400) -> Profile:
    """The :class:`Profile` of ``text`` (``chars``: how far the opening sentence may reach)."""
    from .features import regex_entities

    # the first sentence that ends as one: a headline above the text (rewritten by every outlet
    # that reposts it) is no opening
    body = text.lstrip()
    m = None
    for m in _FIRST_SENTENCE.finditer(body, 0, len(body)):
        if m.group(0).rstrip().endswith((".", "!", "?")) or m.start() > chars:
            break
    sentence = m.group(0)[:chars] if m else ""
    names = [n for n, _ in regex_entities(sentence)]
    first = _WORD.findall(names[0].lower())[:1] if names else []
    return Profile(figures=frozenset(f.replace(",", "") for f in _FIGURE.findall(text)),
                   first=first[0] if first else "",
                   name_words=frozenset(w for n in names for w in _WORD.findall(n.lower())),
                   lede=" ".join(_WORD.findall(sentence.lower())), flat=normalise(text))


def figures_apart(a: str | Profile, b: str | Profile, *, least: int = 3, shared: float = 0.5) -> bool:
    """Do two texts that share their wording give mostly different figures?  A copy keeps its
    figures (a broken or spun one changes one or three); two earnings notes, results tables or
    weather reports of one template change nearly all: they are two reports, not one copied.
    True when each text has ``least`` distinct figures and under ``shared`` of the smaller set is
    in the other.  Texts or their :func:`profile`."""
    fa = (a if isinstance(a, Profile) else profile(a)).figures
    fb = (b if isinstance(b, Profile) else profile(b)).figures
    if min(len(fa), len(fb)) < least:
        return False
    return len(fa & fb) < shared * min(len(fa), len(fb))


def subjects_apart(a: str | Profile, b: str | Profile) -> bool:
    """Do two texts open on two different subjects, neither named in the other's first sentence?

    "The Grumman unit is being awarded a 303.9 mln dlr contract ..." and "Lockheed Corp's unit is
    being awarded a 304 mln dlr contract ...": one template told of two companies, two reports and
    not one copied, however many words they share.  A copy, a scrape or a spun rewrite opens on
    the subject of its original or names it in its first sentence.  Texts or their :func:`profile`."""
    pa = a if isinstance(a, Profile) else profile(a)
    pb = b if isinstance(b, Profile) else profile(b)
    if not (pa.first and pb.first) or pa.first in pb.name_words or pb.first in pa.name_words:
        return False
    # a copy may open further down its original (a partial repost): its opening is in the other
    return pa.lede not in pb.flat and pb.lede not in pa.flat


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str  # as written, for the encoder
    norm: str  # normalised words joined by spaces, for rapidfuzz
    words: int
    content: frozenset[str]  # words that are not function or reporting words


def sentences(text: str, *, min_words: int = 4) -> list[Sentence]:
    """The sentences of ``text`` with >= ``min_words`` words (headings and bylines are shorter)."""
    out = []
    for s in _SENT.split(text):
        words = _WORD.findall(s.lower())
        if len(words) >= min_words:
            out.append(Sentence(s.strip(), " ".join(words), len(words),
                                frozenset(w for w in words if w not in _STOP)))
    return out


@dataclass(frozen=True, kw_only=True)
class ReuseOptions:
    """Thresholds of the low-overlap candidates and of the sentence verification (module docstring)."""

    candidate_shingle: int = 3
    candidate_threshold: float = 0.1
    min_containment: float = 0.15
    min_words: int = 6
    verbatim_ratio: float = 90.0
    near_share: float = 0.6
    partial_sentences: int = 3
    partial_share: float = 0.25
    rewrite_sentences: int = 4
    rewrite_share: float = 0.6
    rewrite_lexical: float = 0.5
    rewrite_lexical_alone: float = 0.7
    rewrite_cosine: float = 0.85
    max_group: int = 40  # larger groups are not verified pair by pair
    max_candidates: int = 3  # low-overlap candidates verified per new article, most contained first

    def __post_init__(self) -> None:
        if not 0 < self.candidate_threshold < 1 or self.candidate_shingle < 1:
            raise ValueError("candidate_threshold must be in (0, 1) and candidate_shingle >= 1")
        if not 0 < self.partial_share <= self.near_share <= 1:
            raise ValueError("need 0 < partial_share <= near_share <= 1")


@dataclass(frozen=True, slots=True)
class Reuse:
    """What the smaller article of a pair takes from the larger, sentence by sentence."""

    verbatim: int  # verbatim sentences
    lead: bool  # one of them is among the first two sentences (the lead) of either article
    verbatim_share: float  # their words / all words of the smaller article's sentences
    aligned: int  # sentences on the monotone alignment (verbatim or rewritten)
    aligned_share: float  # aligned / the sentences of the article with fewer


def _monotone(ok: np.ndarray) -> int:
    """Length of the longest in-order chain of True cells (each row and column used once)."""
    n, m = ok.shape
    if not ok.any():
        return 0
    # The LCS recurrence best[j+1] = max(prev[j+1], best[j], prev[j] + ok[i, j]) is, row by
    # row, a running maximum over max(prev[j+1], prev[j] + ok[i, j]): one vector step per row.
    best = np.zeros(m + 1, dtype=np.int32)
    cells = ok.astype(np.int32)
    for i in range(n):
        best[1:] = np.maximum.accumulate(np.maximum(best[1:], best[:-1] + cells[i]))
    return int(best[m])


def _shared_words(small: Sequence[Sentence], large: Sequence[Sentence]) -> np.ndarray:
    """Content words each sentence of ``small`` shares with each of ``large`` (a 0/1 matrix product)."""
    vocab: dict[str, int] = {}
    for s in (*small, *large):
        for w in s.content:
            vocab.setdefault(w, len(vocab))
    a = np.zeros((len(small), len(vocab)), dtype=np.float32)
    b = np.zeros((len(large), len(vocab)), dtype=np.float32)
    for m, sents in ((a, small), (b, large)):
        for i, s in enumerate(sents):
            m[i, [vocab[w] for w in s.content]] = 1.0
    return (a @ b.T).astype(np.int32)


def _verbatim(small: Sequence[Sentence], large: Sequence[Sentence], o: ReuseOptions) -> np.ndarray:
    """Which sentence pairs are one sentence reposted: near-identical, or the one wholly inside the
    other (a repost that drops a dateline or a trailing clause)."""
    a, b = [s.norm for s in small], [s.norm for s in large]
    ratio = cdist(a, b, scorer=fuzz.ratio, dtype=np.uint8)
    na = np.array([s.words for s in small])[:, None]
    nb = np.array([s.words for s in large])[None, :]
    short, long_ = np.minimum(na, nb), np.maximum(na, nb)
    verbatim = (ratio >= o.verbatim_ratio) & (short >= o.min_words)
    maybe = ~verbatim & (short >= 8) & (short >= 0.6 * long_)
    # A bound, so nothing changes but the time (each partial ratio is a Python call, and most
    # pairs of one story's sentences fail the bound).  A partial ratio >= 95 means a window of the
    # longer text of k >= 0.905 m characters (m: the shorter's; rapidfuzz also tries windows cut
    # at either end) that matches >= 0.95 (m + k) / 2 >= 0.905 m of the shorter's characters, and
    # those matches count in the whole-text ratio too: ratio >= 181 m / (m + longer), less one for
    # rounding.
    ca = np.array([len(x) for x in a])[:, None]
    cb = np.array([len(y) for y in b])[None, :]
    maybe &= ratio >= 181 * np.minimum(ca, cb) / np.maximum(1, ca + cb) - 1
    for i, j in zip(*np.nonzero(maybe)):
        if fuzz.partial_ratio(a[i], b[j]) >= 95:
            verbatim[i, j] = True
    return verbatim


def verbatim_share(small: Sequence[Sentence], large: Sequence[Sentence], options: ReuseOptions) -> float:
    """The share of ``small``'s words in sentences ``large`` reposts verbatim (:func:`reuse`'s
    ``verbatim_share`` alone: no alignment, no encoder)."""
    if not small or not large:
        return 0.0
    words = np.array([s.words for s in small])
    return float(words[_verbatim(small, large, options).any(axis=1)].sum() / max(1, words.sum()))


def reuse(small: Sequence[Sentence], large: Sequence[Sentence], options: ReuseOptions,
          cosine=None, *, kind_only: bool = False) -> Reuse:
    """Sentence-level reuse of ``small`` in ``large``.

    ``cosine(i_rows, j_cols) -> matrix``: embedding cosines of the given sentences (None: lexical only).
    ``kind_only``: the caller only wants :func:`reuse_kind` of the result; when the verbatim
    sentences already make it a near-copy (which the alignment cannot change) nothing more is
    computed, no cosine asked for, and ``aligned`` counts verbatim sentences only; when the sure
    pairs (verbatim, or sharing ``rewrite_lexical_alone`` of both sentences' words) already make
    it a rewrite, no cosine is asked for and ``aligned`` counts those.  Encoding the
    sentences of both articles for those cosines was nine tenths of grouping's time with MiniLM
    (issue 15).
    """
    if not small or not large:
        return Reuse(0, False, 0.0, 0, 0.0)
    o = options
    verbatim = _verbatim(small, large, o)
    vrows = verbatim.any(axis=1)
    na = np.array([s.words for s in small])[:, None]
    total = int(na.sum())
    verbatim_words = int(na[vrows, 0].sum())
    lead = bool(verbatim[:2].any() or verbatim[:, :2].any())
    if kind_only and verbatim_words / max(1, total) >= o.near_share:  # reuse_kind: a near-copy
        aligned = _monotone(verbatim)
        return Reuse(int(vrows.sum()), lead, verbatim_words / max(1, total), aligned,
                     aligned / min(len(small), len(large)))

    shared = _shared_words(small, large)
    ca, cb = [[len(x.content)] for x in small], [[len(y.content) for y in large]]
    smaller = np.maximum(1, np.minimum(ca, cb))
    lexical = (shared >= 3) & (shared / smaller >= (o.rewrite_lexical if cosine else o.rewrite_lexical_alone))
    if cosine is not None:
        # A rewrite keeps its original's length: the shared words make the same share of the
        # longer sentence too.  A short sentence inside a long one is a partial repost (the
        # verbatim rule's business), never a rewrite, so it is not sent to the encoder: on
        # perturbed wire copy such pairs were four in five of the cells encoded, and the encoder
        # turned down all but about one in fifty of them (issue 15).
        lexical &= shared >= o.rewrite_lexical * np.maximum(ca, cb)
    ok = verbatim | lexical
    aligned = _monotone(ok)  # an upper bound: the encoder can only turn cells down
    needed = max(o.rewrite_sentences, o.rewrite_share * len(small))
    if cosine is not None and aligned >= needed:
        # A pair of sentences that shares ``rewrite_lexical_alone`` of the content words of both is
        # a rewrite by the word rule alone (the rule without an encoder): the encoder is asked
        # only about pairs that share less.  When the sure pairs alone already make the articles
        # a rewrite, a caller that wants the kind asks nothing (encoding was three quarters of
        # grouping's time at 100k articles, issue 15).
        sure = verbatim | (lexical & (shared >= o.rewrite_lexical_alone * np.maximum(ca, cb)))
        ok = sure.copy()
        aligned = _monotone(sure)
        rows, cols = np.nonzero(lexical & ~sure)
        if len(rows) and not (kind_only and aligned >= needed):
            keep = cosine(rows, cols) >= o.rewrite_cosine
            ok[rows[keep], cols[keep]] = True
            aligned = _monotone(ok)
    # Aligned share of the article with fewer sentences: a spinner that drops the original's last
    # paragraph still rewrote everything it kept.
    return Reuse(int(vrows.sum()), lead, verbatim_words / max(1, total), aligned,
                 aligned / min(len(small), len(large)))


def reuse_kind(r: Reuse, options: ReuseOptions) -> tuple[str, float] | None:
    """The kind of link a sentence-level :class:`Reuse` makes, with its share; None: independent."""
    o = options
    if r.verbatim_share >= o.near_share:
        return "near-copy", r.verbatim_share
    if r.aligned >= o.rewrite_sentences and r.aligned_share >= o.rewrite_share:
        return "rewrite", r.aligned_share
    if r.lead and r.verbatim >= o.partial_sentences and r.verbatim_share >= o.partial_share:
        return "partial", r.verbatim_share
    return None


V = TypeVar("V")


class _Recent(OrderedDict[str, V]):
    """The ``limit`` most recently used entries (least recently used out first)."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def get(self, key: str, default=None):  # type: ignore[override]
        hit = super().get(key, default)
        if hit is not default:
            self.move_to_end(key)
        return hit

    def put(self, key: str, value: V) -> V:
        self[key] = value
        if len(self) > self.limit:
            self.popitem(last=False)
        return value

    def fetch(self, key: str, make) -> V:
        """The entry of ``key``, made by ``make(key)`` and kept when missing."""
        hit = self.get(key)
        return self.put(key, make(key)) if hit is None else hit


class _BandIndex:
    """MinHash LSH for the low-overlap candidates, returning row numbers in NumPy.

    The same banding as datasketch's :class:`MinHashLSH` at this threshold and number of
    permutations (its own choice of ``b`` bands of ``r`` values; at 0.1 and 64 permutations 15
    bands of one value each), so it proposes the same candidates.  At a low threshold a band is
    one MinHash value, and the values of common phrases ("said on Monday") fill buckets with
    thousands of articles at 100k: datasketch gathers them in Python sets of ids, where here they
    are rows gathered and deduplicated in NumPy (issue 15).
    """

    def __init__(self, threshold: float, num_perm: int):
        probe = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.b, self.r = probe.b, probe.r
        self.buckets: list[dict[bytes, list[int]]] = [{} for _ in range(self.b)]

    def _keys(self, values: np.ndarray) -> Iterable[bytes]:
        v = np.asarray(values, dtype=np.uint32)
        return (v[k * self.r : (k + 1) * self.r].tobytes() for k in range(self.b))

    def query(self, values: np.ndarray) -> np.ndarray:
        """The rows sharing at least one band with ``values`` (sorted, each once)."""
        found = [hit for bucket, key in zip(self.buckets, self._keys(values)) if (hit := bucket.get(key))]
        if not found:
            return np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate([np.asarray(h, dtype=np.int64) for h in found]))

    def insert(self, values: np.ndarray, row: int) -> None:
        for bucket, key in zip(self.buckets, self._keys(values)):
            bucket.setdefault(key, []).append(row)


@dataclass(frozen=True, slots=True)
class CopyCandidate:
    id: str
    day: int | None
    length: int
    digest: str  # hash of the normalised text: equal digests are exact duplicates
    shingles: int  # size of the shingle set, to turn a Jaccard estimate into containment
    small_shingles: int = 0  # size of the candidate_shingle set


@dataclass(frozen=True, slots=True)
class Signature:
    """What the copy index keeps of one text: a pure function of the text and the finder's
    shingle settings, so the store keeps it between runs (:attr:`CopyFinder.signature_version`)."""

    length: int  # characters of the normalised text
    digest: str  # hash of the normalised text: equal digests are exact duplicates
    shingles: int  # size of the word shingle set
    small_shingles: int  # size of the candidate shingle set
    hashvalues: tuple[int, ...]  # MinHash of the word shingles
    small_hashvalues: tuple[int, ...]  # MinHash of the candidate shingles


Judgment = tuple[str, float] | None  # (kind, similarity) of a pair, None: neither copies the other


class CopyFinder:
    """Incremental copy detection.  ``add`` returns the earlier articles this one copies.

    ``encoder``: a sentence encoder (``encode(texts) -> unit rows``) for the rewrite check; one
    whose ``kind`` starts with "hash" is lexical and is not used (the word rule decides alone).

    ``judgments``: pairs judged by an earlier run (``(copy, other) -> Judgment``, valid for
    :attr:`version`).  A judgment is a pure function of the two texts, and the sentence check
    behind it (with sentence vectors) is most of the cost of a rerun, so a rerun that replays
    every article in the same order reuses them and finds exactly what a fresh run finds;
    :attr:`new_judgments` holds the pairs judged here for the first time.
    """

    def __init__(self, *, num_perm: int = 128, shingle: int = 5, lsh_threshold: float = 0.5,
                 rewrite_threshold: float = 0.5, near_threshold: float = 0.8, duplicate_threshold: float = 0.97,
                 reuse: ReuseOptions | None = None, encoder=None,
                 judgments: Mapping[tuple[str, str], Judgment] | None = None):
        self.num_perm = num_perm
        self.shingle = shingle
        self.rewrite_threshold = rewrite_threshold
        self.near_threshold = near_threshold
        self.duplicate_threshold = duplicate_threshold
        self.reuse = reuse or ReuseOptions()
        self.encoder = encoder if encoder is not None and not str(getattr(encoder, "kind", "")).startswith(
            "hash") else None
        self.lsh = MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)
        # Fewer permutations suffice for the low-overlap index: it only proposes pairs to verify.
        self._small_perm = max(16, num_perm // 2)
        self._low = _BandIndex(self.reuse.candidate_threshold, self._small_perm)
        self.signatures: dict[str, np.ndarray] = {}
        # The low-overlap index's signatures as rows of one array (and each text's shingle count
        # beside them): a new article is compared with every low-overlap candidate, thousands at
        # 100k articles, in one fancy-indexed comparison instead of stacking thousands of arrays.
        self._row: dict[str, int] = {}
        self._ids: list[str] = []  # row -> id
        self._small = np.zeros((256, self._small_perm), dtype=np.uint32)
        self._small_sizes = np.zeros(256, dtype=np.int64)
        self.info: dict[str, CopyCandidate] = {}
        self.texts: dict[str, str] = {}  # references to the caller's texts, for verification
        self.pairs: list[tuple[str, str, str, float]] = []  # (copy, other, kind, similarity)
        self._judged: set[tuple[str, str]] = set()
        # Per-article work for judging pairs, kept for the articles of recent pairs (bounded: the
        # texts themselves are the caller's)
        self._sentences: _Recent[list[Sentence]] = _Recent(4096)
        self._profiles: _Recent[Profile] = _Recent(8192)
        self._vectors: dict[str, list] = {}  # id -> [sentence vectors or None, which are encoded]
        self._template = MinHash(num_perm=num_perm, seed=_SEED, scheme=_SCHEME)
        self._small_template = MinHash(num_perm=self._small_perm, seed=_SEED, scheme=_SCHEME)
        self.judgments = judgments or {}
        self.new_judgments: dict[tuple[str, str], Judgment] = {}

    @property
    def signature_version(self) -> str:
        """What a :class:`Signature` depends on: this code, datasketch's hashing, the shingle settings."""
        return digest(code_digest("group/copies.py", "data/lexicon/function_words.txt"), datasketch.__version__,
                      self._template.scheme, _SEED, self.num_perm, self.shingle, self._small_perm,
                      self.reuse.candidate_shingle)

    @property
    def version(self) -> str:
        """What a pair's judgment depends on: the signatures, every threshold, the sentence encoder."""
        return digest(self.signature_version, self.rewrite_threshold, self.near_threshold, self.duplicate_threshold,
                      self.reuse, getattr(self.encoder, "kind", None))

    def sign(self, text: str) -> Signature:
        """The MinHash signatures of ``text``'s word shingles (:func:`shingle_hashes`), as
        datasketch's MinHash of the same hashes under the same permutations would hold them."""
        norm = normalise(text)
        words = word_hashes(norm)
        sh, small = shingle_hashes(words, self.shingle), shingle_hashes(words, self.reuse.candidate_shingle)
        return Signature(length=len(norm), digest=hashlib.blake2b(norm.encode("utf-8"), digest_size=16).hexdigest(),
                         shingles=len(sh), small_shingles=len(small),
                         hashvalues=tuple(_min_permuted(sh, self._template).tolist()),
                         small_hashvalues=tuple(_min_permuted(small, self._small_template).tolist()))

    def _minhash(self, template: MinHash, values: tuple[int, ...]) -> LeanMinHash:
        return LeanMinHash(seed=_SEED, hashvalues=np.asarray(values, dtype=template.hashvalues.dtype),
                           scheme=template.scheme)

    def add(self, article_id: str, text: str, *, day: int | None = None,
            signature: Signature | None = None) -> list[tuple[str, float]]:
        """Index one article; returns ``(earlier_id, similarity)`` for each earlier article it copies.

        ``signature``: ``sign(text)`` kept from an earlier run (of :attr:`signature_version`).
        """
        if article_id in self.info:
            return []
        sig = signature or self.sign(text)
        mh, mh3 = self._minhash(self._template, sig.hashvalues), self._minhash(self._small_template,
                                                                               sig.small_hashvalues)
        near = set(self.lsh.query(mh))
        low_rows = self._low.query(mh3.hashvalues)
        self.lsh.insert(article_id, mh)
        # uint32 is enough: datasketch hash values are below 2**32.
        self.signatures[article_id] = mh.hashvalues.astype(np.uint32)
        row = self._row[article_id] = len(self._row)
        self._ids.append(article_id)
        self._low.insert(mh3.hashvalues, row)
        if row >= len(self._small):
            self._small = np.concatenate([self._small, np.zeros_like(self._small)])
            self._small_sizes = np.concatenate([self._small_sizes, np.zeros_like(self._small_sizes)])
        self._small[row] = mh3.hashvalues
        self._small_sizes[row] = sig.small_shingles
        self.info[article_id] = CopyCandidate(id=article_id, day=day, length=sig.length, digest=sig.digest,
                                               shingles=sig.shingles, small_shingles=sig.small_shingles)
        self.texts[article_id] = text
        # Low-overlap candidates are only worth a sentence-level check when enough of the
        # smaller text is contained; and only the few most contained (a day's news has many
        # same-topic articles sharing stock phrases, and each check costs a sentence alignment).
        # (The most contained of those above min_containment are the most contained overall that
        # clear it: the threshold filters first, so only the few that clear it are sorted.)
        shares = self._row_containments(row, low_rows)
        contained = sorted(((float(shares[i]), self._ids[low_rows[i]]) for i in np.flatnonzero(
            shares >= self.reuse.min_containment) if self._ids[low_rows[i]] not in near), reverse=True)
        low = {o for _, o in contained[: self.reuse.max_candidates]}
        hits = []
        for other in sorted(near | low):
            judged = self._judge_new(article_id, other)
            if judged is not None:
                hits.append((other, judged[1]))
        return hits

    def verify_groups(self, groups: Iterable[Sequence[str]]) -> None:
        """Verify every not yet judged pair inside each group (the members of one event).

        Two members already in one copy family need no check: the family links them to its
        original whatever their own pair would say.
        """
        families = DisjointSet(self.info)
        for a, b, *_ in self.pairs:
            families.merge(a, b)
        for group in groups:
            members = sorted(a for a in group if a in self.info)
            if not 2 <= len(members) <= self.reuse.max_group:
                continue
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    if families.connected(a, b):
                        continue
                    copy, other = (a, b) if self._original_key(b) < self._original_key(a) else (b, a)
                    if self._judge_new(copy, other) is not None:
                        families.merge(a, b)

    def _judge_new(self, a: str, b: str) -> Judgment:
        key = (min(a, b), max(a, b))
        if key in self._judged:
            return None
        self._judged.add(key)
        judged = self._judgment(a, b)
        if judged is not None:
            self.pairs.append((a, b, *judged))
        return judged

    def _judgment(self, a: str, b: str) -> Judgment:
        """:meth:`judge`, or the judgment an earlier run made of this pair."""
        if (a, b) in self.judgments:
            return self.judgments[(a, b)]
        if (a, b) not in self.new_judgments:
            self.new_judgments[(a, b)] = self.judge(a, b)
        return self.new_judgments[(a, b)]

    def jaccard(self, a: str, b: str) -> float:
        if self.info[a].digest == self.info[b].digest:
            return 1.0
        return float(np.mean(self.signatures[a] == self.signatures[b]))

    def judge(self, a: str, b: str) -> Judgment:
        """``(kind, similarity)`` of the pair, or None when neither copies the other."""
        sim = self.jaccard(a, b)
        if self.info[a].digest == self.info[b].digest or sim >= self.duplicate_threshold:
            return "duplicate", round(sim, 4)
        if (sim < self.rewrite_threshold and self.containment(sim, a, b) < self.near_threshold + 0.1
                and self._small_containments(a, [b])[0] < self.reuse.min_containment):
            return None  # too little shared for any kind below (the last check, asked first: it is cheap)
        pa, pb = self._profile(a), self._profile(b)
        if figures_apart(pa, pb) or subjects_apart(pa, pb):
            return None  # one template filled in for two subjects (earnings notes, contract awards)
        if sim >= self.near_threshold or self.containment(sim, a, b) >= self.near_threshold + 0.1:
            return "near-copy", round(sim, 4)
        if sim >= self.rewrite_threshold:
            # Half the 5-word shingles shared is a copy whatever the sentences say: no encoder is
            # asked.  Which copy, strongest kind first: a scrape that keeps the sentences word for
            # word (quotes retyped, junk added) is a near-copy, not a rewrite; the verbatim count
            # is lexical, so the estimate's noise around the threshold no longer picks the kind.
            a, b = (a, b) if self.info[a].length <= self.info[b].length else (b, a)
            share = verbatim_share(self._sents(a), self._sents(b), self.reuse)
            if share >= self.reuse.near_share:
                return "near-copy", round(max(sim, share), 4)
            return "rewrite", round(sim, 4)
        # The sentence check only where enough text is shared to hold a reposted or spun copy
        # (pairs from verify_groups come here unfiltered).
        if self._small_containments(a, [b])[0] < self.reuse.min_containment:
            return None
        verified = reuse_kind(self.verify(a, b, kind_only=True), self.reuse)
        if verified is not None:
            kind, share = verified
            return kind, round(max(share, sim), 4)
        return None

    def verify(self, a: str, b: str, *, kind_only: bool = False) -> Reuse:
        """Sentence-level reuse between two indexed articles (the smaller against the larger);
        ``kind_only`` as for :func:`reuse`."""
        if self.info[a].length > self.info[b].length:
            a, b = b, a
        sa, sb = self._sents(a), self._sents(b)
        cosine = None
        if self.encoder is not None:
            def cosine(rows, cols):
                va, vb = self._vecs(a, np.unique(rows)), self._vecs(b, np.unique(cols))
                return np.einsum("ij,ij->i", va[rows], vb[cols])
        return reuse(sa, sb, self.reuse, cosine, kind_only=kind_only)

    def _sents(self, article_id: str) -> list[Sentence]:
        return self._sentences.fetch(article_id, lambda k: sentences(self.texts[k]))

    def _profile(self, article_id: str) -> Profile:
        return self._profiles.fetch(article_id, lambda k: profile(self.texts[k]))

    def _vecs(self, article_id: str, needed: np.ndarray) -> np.ndarray:
        """Sentence vectors of an article (one row per sentence): those at ``needed`` encoded, the
        others zero until asked for.  Only the sentences a rewrite check compares are encoded (the
        check asks for few of an article's sentences; encoding them all was most of its cost)."""
        hit = self._vectors.get(article_id)
        if hit is None:
            if len(self._vectors) > 1024:
                self._vectors.clear()
            hit = self._vectors[article_id] = [None, np.zeros(len(self._sents(article_id)), dtype=bool)]
        done = hit[1]
        todo = [int(i) for i in needed if not done[i]]
        if todo:
            sents = self._sents(article_id)
            fresh = np.asarray(self.encoder.encode([sents[i].text for i in todo]), dtype=np.float32)
            if hit[0] is None:
                hit[0] = np.zeros((len(sents), fresh.shape[1]), dtype=np.float32)
            hit[0][todo] = fresh
            done[todo] = True
        return hit[0]

    def _small_containments(self, a: str, others: Sequence[str]) -> np.ndarray:
        """Estimated share of the smaller text's 3-shingles in the larger, for ``a`` against each of ``others``."""
        if not others:
            return np.zeros(0)
        rows = np.fromiter((self._row[o] for o in others), dtype=np.int64, count=len(others))
        return self._row_containments(self._row[a], rows)

    def _row_containments(self, row: int, rows: np.ndarray) -> np.ndarray:
        """:meth:`_small_containments` by row numbers."""
        if not len(rows):
            return np.zeros(0)
        sims = (self._small[rows] == self._small[row]).mean(axis=1)
        na = self._small_sizes[row]
        nb = self._small_sizes[rows]
        return np.minimum(1.0, sims * (na + nb) / (1 + sims) / np.maximum(1, np.minimum(na, nb)))

    def containment(self, sim: float, a: str, b: str) -> float:
        """Share of the smaller article's shingles found in the larger, from the Jaccard estimate.

        An aggregator scrape is the original plus menus and "read more" lines: a low Jaccard
        but the whole original inside it.
        """
        na, nb = self.info[a].shingles, self.info[b].shingles
        inter = sim * (na + nb) / (1 + sim)
        return min(1.0, inter / max(1, min(na, nb)))

    def kind(self, sim: float, a: str, b: str) -> str:
        """The kind the 5-shingle index alone gives a pair with Jaccard estimate ``sim``."""
        if self.info[a].digest == self.info[b].digest or sim >= self.duplicate_threshold:
            return "duplicate"
        if sim >= self.near_threshold or self.containment(sim, a, b) >= self.near_threshold + 0.1:
            return "near-copy"
        return "rewrite"

    def links(self) -> tuple[CopyLink, ...]:
        """One link per copy, to its family's original; sorted by copy id."""
        families = DisjointSet()
        via: dict[str, tuple[str, float]] = {}  # member -> the strongest pair that brought it in
        for a, b, kind, sim in self.pairs:
            families.add(a)
            families.add(b)
            families.merge(a, b)
            for x in (a, b):
                if sim > via.get(x, ("", -1.0))[1]:
                    via[x] = (kind, sim)
        done = {(min(a, b), max(a, b)): (kind, sim) for a, b, kind, sim in self.pairs}
        out = []
        for members in families.subsets():
            original = min(members, key=self._original_key)
            for m in sorted(members):
                if m == original:
                    continue
                judged = done.get((min(m, original), max(m, original))) or self._judgment(m, original) or via[m]
                out.append(CopyLink(article_id=m, original_id=original, kind=judged[0], similarity=judged[1]))
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
