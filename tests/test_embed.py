"""Embedders: unit vectors, deterministic, paraphrase closer than a different story."""

from __future__ import annotations

import numpy as np
import pytest

from newsprism.embed import HashingEmbedder, MiniLMEmbedder, default_embedder

QUAKE_A = "A magnitude 7.1 earthquake struck southern Chile on Monday, killing at least 12 people."
QUAKE_B = "At least 12 people died when a 7.1-magnitude quake hit the south of Chile on Monday."
REHAB = "The actress checked into a rehabilitation clinic in Malibu, her publicist said."


def test_hashing_embedder_is_deterministic_and_lexical():
    emb = HashingEmbedder(dim=128)
    v1 = emb.encode([QUAKE_A, QUAKE_B, REHAB])
    v2 = HashingEmbedder(dim=128).encode([QUAKE_A, QUAKE_B, REHAB])
    assert v1.shape == (3, 128) and v1.dtype == np.float32
    np.testing.assert_array_equal(v1, v2)
    np.testing.assert_allclose(np.linalg.norm(v1, axis=1), 1.0, rtol=1e-5)
    sims = v1 @ v1.T
    assert sims[0, 1] > sims[0, 2] + 0.1


def test_hashing_embedder_empty_text_is_zero_not_nan():
    v = HashingEmbedder().encode(["", "..."])
    assert not np.isnan(v).any() and float(np.abs(v).sum()) == 0.0


def test_default_embedder_rejects_unknown_name():
    with pytest.raises(ValueError, match="unknown embedder"):
        default_embedder("word2vec")


@pytest.mark.model
def test_minilm_paraphrase_beats_other_story_and_caches():
    emb = MiniLMEmbedder()
    v = emb.encode([QUAKE_A, QUAKE_B, REHAB])
    assert v.shape == (3, 384)
    sims = v @ v.T
    assert sims[0, 1] > 0.8 > 0.3 > sims[0, 2]
    again = emb.encode([QUAKE_B])  # served from the cache: identical bits
    np.testing.assert_array_equal(again[0], v[1])
