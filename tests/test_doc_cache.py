"""read/doc_cache.py: the per-Doc lists the extractors read equal what spaCy gives token by token."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from newsprism.read.doc_cache import entity_at, entity_spans, lower_forms, token_starts


def _doc() -> Doc:
    vocab = spacy.blank("en").vocab
    words = ["Antony", "Blinken", "met", "Dmytro", "Kuleba", "in", "Kyiv", "on", "Thursday", "."]
    ents = ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "B-GPE", "O", "B-DATE", "O"]
    return Doc(vocab, words=words, spaces=[True] * 8 + [False, False], ents=ents)


def test_forms_offsets_and_entities_equal_spacys():
    doc = _doc()
    assert lower_forms(doc) == [t.lower_ for t in doc]
    assert token_starts(doc) == [t.idx for t in doc]
    assert [(e.start, e.end, e.label_) for e in entity_spans(doc)] == [(e.start, e.end, e.label_) for e in doc.ents]
    for tok in doc:
        found = entity_at(doc, tok.i)
        expected = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
        assert (found is None) == (expected is None)
        if found is not None:
            assert (found.start, found.end, found.label_) == (expected.start, expected.end, expected.label_)
    assert entity_at(doc, 4).text == "Dmytro Kuleba" and entity_at(doc, 2) is None


def test_a_retokenised_doc_is_read_again():
    doc = _doc()
    assert len(lower_forms(doc)) == 10 and entity_at(doc, 6).text == "Kyiv"
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:2])
    assert lower_forms(doc)[0] == "antony blinken"
    assert entity_at(doc, 5).text == "Kyiv" and token_starts(doc)[1] == len("Antony Blinken ")
