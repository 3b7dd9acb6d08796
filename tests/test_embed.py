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


def test_shared_encoder_is_one_instance():
    from newsprism.embed import shared_encoder

    assert shared_encoder() is shared_encoder()
    assert default_embedder("minilm") is shared_encoder()  # grouping's default is the shared one
    assert default_embedder("hash") is not default_embedder("hash")


def test_quiet_transformers_restores_the_settings_it_changed():
    from transformers.utils import logging as tf_logging

    from newsprism.embed import quiet_transformers

    before = (tf_logging.is_progress_bar_enabled(), tf_logging.get_verbosity())
    with quiet_transformers():
        assert not tf_logging.is_progress_bar_enabled()
        assert tf_logging.get_verbosity() == tf_logging.ERROR
    assert (tf_logging.is_progress_bar_enabled(), tf_logging.get_verbosity()) == before


@pytest.mark.model
def test_minilm_loads_and_encodes_without_printing(capfd):
    emb = MiniLMEmbedder()  # a fresh instance: its model loads inside this test
    emb.encode([QUAKE_A])
    out, err = capfd.readouterr()
    assert "Loading weights" not in err + out
    assert "it/s" not in err + out  # no tqdm bar of any kind
