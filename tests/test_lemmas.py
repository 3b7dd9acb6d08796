"""The reader's pipeline changes how the model's lemmatizer and matrix products run, never what they
give: read/lemmas.py's remembering lemmatizer and ``use_blas``, against the model as shipped."""

from __future__ import annotations

import pytest
import spacy
from spacy.lookups import Lookups
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from conftest import SAMPLES, missing_data
from newsprism.read.lemmas import MemoLemmatizer


def _lookup_lemmatizer(vocab) -> Lemmatizer:
    lemmatizer = Lemmatizer(vocab, None, mode="lookup")
    lookups = Lookups()
    lookups.add_table("lemma_lookup", {"dogs": "dog", "ran": "run", "geese": "goose"})
    lemmatizer.lookups = lookups
    return lemmatizer


def test_memo_lemmatizer_gives_the_lemmatizers_answers_and_keeps_a_set_lemma():
    vocab = spacy.blank("en").vocab
    words = ["The", "dogs", "ran", "and", "the", "geese", "ran", "dogs"]
    memo = MemoLemmatizer(_lookup_lemmatizer(vocab))
    memo(Doc(vocab, words=["first"]))  # the first Doc goes through the lemmatizer itself
    doc = Doc(vocab, words=words, lemmas=["", "", "", "", "", "", "", "hound"])
    expected = [t.lemma_ for t in _lookup_lemmatizer(vocab)(Doc(vocab, words=words))]
    got = [t.lemma_ for t in memo(doc)]
    assert got[:7] == expected[:7] == ["The", "dog", "run", "and", "the", "goose", "run"]
    assert got[7] == "hound"  # set before (as the attribute ruler sets some): not overwritten
    assert len(memo.memo) == 6  # "ran" asked once
    assert [t.lemma_ for t in memo(Doc(vocab, words=["dogs", "ran"]))] == ["dog", "run"]


@pytest.mark.model
def test_reader_pipeline_lemmas_and_parse_equal_the_stock_models_on_the_samples(nlp):
    """Every token's lemma equals the stock lemmatizer's, and the parse with thinc's BLIS equals
    the parse with numpy's BLAS (tag, morphology, dependency, head, sentence start, entity)."""
    if not SAMPLES.exists():
        missing_data("../shared/samples")
    from newsprism.read import stock_nlp, use_blas

    assert isinstance(nlp.get_pipe("lemmatizer"), MemoLemmatizer)
    stock = stock_nlp().get_pipe("lemmatizer")
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))]
    assert texts
    for text in texts:
        ours = nlp(text)
        theirs = stock(nlp(text, disable=["lemmatizer"]))
        assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]

    def parse(text):
        return [(t.tag_, str(t.morph), t.dep_, t.head.i, t.is_sent_start, t.ent_iob_, t.ent_type_)
                for t in nlp(text)]

    try:
        use_blas(nlp, "blis")
        with_blis = [parse(text) for text in texts]
    finally:
        use_blas(nlp, "numpy")
    assert [parse(text) for text in texts] == with_blis
