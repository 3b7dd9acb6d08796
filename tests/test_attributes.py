"""The indexed attribute ruler (read/attributes.py) against spaCy's own, on real articles and by hand."""

from __future__ import annotations

import pytest
import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from conftest import SAMPLES, missing_data
from newsprism.read.attributes import IndexedAttributeRuler

# One of each kind of pattern the model's ruler holds: an exact tag, a form with a tag, an IN
# list, a NOT_IN, a regular expression, a dependency, is-space, two tokens with an index, and a
# later pattern overriding an earlier one on the same token.
PATTERNS = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"TAG": "VBZ", "LOWER": {"IN": ["is", "'s"]}}]], "attrs": {"POS": "AUX", "LEMMA": "be"}},
    {"patterns": [[{"TAG": {"NOT_IN": ["TO", ""]}, "DEP": {"IN": ["aux"]}}]], "attrs": {"POS": "AUX"}},
    {"patterns": [[{"LOWER": {"REGEX": "^n[ou]thin'$"}}]], "attrs": {"LEMMA": "nothing"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": 1},
    {"patterns": [[{"TAG": "NN", "LOWER": "dog"}]], "attrs": {"POS": "PROPN"}},
]


def _doc(vocab) -> Doc:
    words = ["The", "dog", "is", "gon", "na", "do", "nothin'", " ", "today"]
    tags = ["DT", "NN", "VBZ", "VBG", "TO", "VB", "NN", "_SP", "NN"]
    deps = ["det", "nsubj", "aux", "ROOT", "aux", "xcomp", "dobj", "dep", "npadvmod"]
    heads = [1, 3, 3, 3, 5, 3, 5, 6, 3]
    return Doc(vocab, words=words, spaces=[True] * 6 + [False] * 3, tags=tags, deps=deps, heads=heads)


def _annotate(cls, vocab) -> list[tuple[str, str]]:
    ruler = cls(vocab)
    ruler.add_patterns(PATTERNS)
    doc = ruler(_doc(vocab))
    return [(t.pos_, t.lemma_) for t in doc]


def test_indexed_ruler_sets_what_spacys_ruler_sets_on_a_doc_built_by_hand():
    vocab = spacy.blank("en").vocab  # lower forms and is-space come from the language's lexeme getters
    got = _annotate(IndexedAttributeRuler, vocab)
    assert got == _annotate(AttributeRuler, vocab)
    assert got[1] == ("PROPN", "")  # the later pattern wins on "dog"
    assert got[2] == ("AUX", "be") and got[4] == ("", "to") and got[6] == ("NOUN", "nothing")
    assert got[7][0] == "SPACE"


@pytest.mark.model
def test_indexed_ruler_equals_the_models_ruler_on_real_articles(nlp):
    if not SAMPLES.exists():
        missing_data("../shared/samples")
    assert isinstance(nlp.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    stock = AttributeRuler(nlp.vocab)
    stock.add_patterns(nlp.get_pipe("attribute_ruler").patterns)
    disabled = ["attribute_ruler", "lemmatizer", "ner"]
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        ours, theirs = nlp(text, disable=disabled), nlp(text, disable=disabled)
        assert nlp.get_pipe("attribute_ruler").match(ours) == stock.match(theirs), path.name
        nlp.get_pipe("attribute_ruler")(ours)
        stock(theirs)
        assert [(t.pos_, str(t.morph), t.lemma_, t.dep_) for t in ours] == \
               [(t.pos_, str(t.morph), t.lemma_, t.dep_) for t in theirs], path.name
