"""Sentence vectors for alignment: the shared MiniLM embedder from :mod:`newsprism.embed`."""

from __future__ import annotations

from collections.abc import Sequence
import numpy as np

from ..embed import shared_encoder


def encode(texts: Sequence[str], encoder=None) -> np.ndarray:
    """Unit-length float32 rows, one per text."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    enc = encoder or shared_encoder()
    vecs = np.asarray(enc.encode([" ".join(t.split()) for t in texts]), dtype=np.float32)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vecs / norms
