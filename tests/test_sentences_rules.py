"""Sentence-level reading rules on Docs built by hand (no model), as spaCy's own tests build them."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

import pytest

from newsprism.read.sentences import _date_key, _person_or_lemma, _stamp

VOCAB = spacy.blank("en").vocab


def _doc(words: list[str], pos: list[str], ents: list[str]) -> Doc:
    return Doc(VOCAB, words=words, pos=pos, ents=ents, lemmas=[w.lower() for w in words])


def test_an_age_given_to_a_full_name_is_a_persons_whatever_its_entity_label():
    words = ["death", "of", "11-year-old", "Jan", "Kowalski"]
    pos = ["NOUN", "ADP", "ADJ", "PROPN", "PROPN"]
    for label in ("PERSON", "ORG"):  # the tagger takes some names for organisations
        doc = _doc(words, pos, ["O", "O", "O", f"B-{label}", f"I-{label}"])
        assert _person_or_lemma(doc[4]) == "person:kowalski"


def test_an_age_given_to_a_place_or_a_thing_is_no_persons():
    place = _doc(["the", "80-year-old", "Empire", "State", "Building"], ["DET", "ADJ", "PROPN", "PROPN", "PROPN"],
                 ["O", "O", "B-FAC", "I-FAC", "I-FAC"])
    assert _person_or_lemma(place[4]) == "building"
    boy = _doc(["a", "15-year-old", "boy"], ["DET", "ADJ", "NOUN"], ["O", "O", "O"])
    assert _person_or_lemma(boy[2]) == "boy"


@pytest.mark.parametrize("text, key", [
    ("the 2004-05 season", "year:2004-2005"),  # a season of two years keeps both
    ("2019/20", "year:2019-2020"),
    ("1998-2003", "year:1998"),  # a run of years is no season: its first year, as before
    ("in 2005", "year:2005"),
    ("in the 1930's", "year:1930-1939"),  # a decade is ten years
    ("the 1980s", "year:1980-1989"),
])
def test_a_season_keeps_both_its_years(text, key):
    assert _date_key(text, None, False) == key


@pytest.mark.parametrize("text, stamp", [
    ("21 July 2013 Last updated at 11:11 GMT", True),  # when this copy was published
    ("Posted on Thursday, June 12, 2014", True),
    ("Tuesday, 28 November 2005", True),
    ("The quake struck on 21 July 2013.", False),  # a date of the story
    ("Council Passes 2024 Budget", False),  # a headline
])
def test_a_publication_stamp_gives_no_date_of_the_story(text, stamp):
    assert _stamp(text) is stamp


@pytest.mark.model
def test_a_decade_the_tagger_cut_before_its_s_is_ten_years(reader):
    from newsprism.records import Article

    text = "The club was founded in the 1930's by two brothers, who sold it in 1962."
    facts = reader.read(Article(id="d", text=text, source="d.txt", format="text"))
    keys = {text[v.span.start:v.span.end]: v.key for sf in facts.sentence_facts for v in sf.values if v.kind == "date"}
    assert keys.get("1930") == "year:1930-1939" and keys.get("1962") == "year:1962"



def _parsed(words, heads, deps, pos, lemmas=None):
    return Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas or [w.lower() for w in words],
               sent_starts=[True] + [False] * (len(words) - 1))


def test_a_figure_keeps_its_own_clauses_modality():
    from newsprism.read.sentences import _clause_modality

    # "Police said three men fled, but would not comment": the modal is the other clause's
    words = ["Police", "said", "three", "men", "fled", ",", "but", "would", "not", "comment"]
    heads = [1, 1, 3, 4, 1, 1, 1, 9, 9, 1]
    deps = ["nsubj", "ROOT", "nummod", "nsubj", "ccomp", "punct", "cc", "aux", "neg", "conj"]
    pos = ["PROPN", "VERB", "NUM", "NOUN", "VERB", "PUNCT", "CCONJ", "AUX", "PART", "VERB"]
    doc = _parsed(words, heads, deps, pos)
    sent = next(doc.sents)
    assert _clause_modality(sent, doc[3]) == "current"
    # "The firm said it would build 200 homes": the modal governs the figure's clause
    words = ["The", "firm", "said", "it", "would", "build", "200", "homes"]
    heads = [1, 2, 2, 5, 5, 2, 7, 5]
    deps = ["det", "nsubj", "ROOT", "nsubj", "aux", "ccomp", "nummod", "dobj"]
    pos = ["DET", "NOUN", "VERB", "PRON", "AUX", "VERB", "NUM", "NOUN"]
    doc = _parsed(words, heads, deps, pos)
    assert _clause_modality(next(doc.sents), doc[7]) == "future"
    # "The firm plans to hire 40 staff": a verb of planning above the figure's infinitive
    words = ["The", "firm", "plans", "to", "hire", "40", "staff"]
    heads = [1, 2, 2, 4, 2, 6, 4]
    deps = ["det", "nsubj", "ROOT", "aux", "xcomp", "nummod", "dobj"]
    pos = ["DET", "NOUN", "VERB", "PART", "VERB", "NUM", "NOUN"]
    doc = _parsed(words, heads, deps, pos, lemmas=["the", "firm", "plan", "to", "hire", "40", "staff"])
    assert _clause_modality(next(doc.sents), doc[6]) == "future"


def test_a_sentence_the_parser_ended_at_a_titles_abbreviation_is_joined_again():
    from newsprism.read import join_after_titles

    # '"We left," police Const. Ann Roe told reporters.' parsed as two sentences, as the parser does
    words = ['"', "We", "left", ",", '"', "police", "Const.", "Ann", "Roe", "told", "reporters", "."]
    heads = [2, 2, 2, 2, 2, 2, 2, 8, 9, 9, 9, 9]
    deps = ["punct", "nsubj", "ROOT", "punct", "punct", "npadvmod", "punct", "compound", "nsubj", "ROOT", "dobj",
            "punct"]
    pos = ["PUNCT", "PRON", "VERB", "PUNCT", "PUNCT", "NOUN", "PUNCT", "PROPN", "PROPN", "VERB", "NOUN", "PUNCT"]
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos)
    assert len(list(doc.sents)) == 2
    join_after_titles(doc)
    (sent,) = doc.sents
    assert sent.root.text == "told" and doc[2].head.text == "told" and doc[2].dep_ == "ccomp"
    # a full stop after an ordinary word still ends the sentence
    words[6] = "left."
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos)
    join_after_titles(doc)
    assert len(list(doc.sents)) == 2


def test_a_curly_nt_negates_as_the_straight_one_does():
    from newsprism.read.sentences import _negated, _negation_values

    # "We can’t afford to wait": the parser labels the curly "n’t" an advmod, not a neg; the
    # tokenizer gives both spellings the norm "not"
    words = ["We", "ca", "n’t", "afford", "to", "wait"]
    heads = [3, 3, 3, 3, 5, 3]
    deps = ["nsubj", "aux", "advmod", "ROOT", "aux", "xcomp"]
    pos = ["PRON", "AUX", "PART", "VERB", "PART", "VERB"]
    doc = _parsed(words, heads, deps, pos)
    doc[2].norm_ = "not"
    assert _negated(doc[3])
    (neg,) = _negation_values(next(doc.sents), "a1")
    assert (neg.key, neg.span.start, neg.span.end) == ("not", doc[2].idx, doc[2].idx + len("n’t"))
    # an adverb that is no negation stays none
    doc = _parsed(["We", "can", "barely", "afford", "it"], [3, 3, 3, 3, 3], ["nsubj", "aux", "advmod", "ROOT", "dobj"],
                  ["PRON", "AUX", "ADV", "VERB", "PRON"])
    assert not _negated(doc[3]) and not _negation_values(next(doc.sents), "a1")


def test_a_participles_doer_is_its_clauses_subject():
    from newsprism.read.sentences import _subjects

    # "Romney fired back, attacking Trump": who attacked is who fired back
    words = ["Romney", "fired", "back", ",", "attacking", "Trump"]
    heads = [1, 1, 1, 1, 1, 4]
    deps = ["nsubj", "ROOT", "advmod", "punct", "advcl", "dobj"]
    pos = ["PROPN", "VERB", "ADV", "PUNCT", "VERB", "PROPN"]
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos, tags=["NNP", "VBD", "RB", ",", "VBG", "NNP"])
    assert [t.text for t in _subjects(doc[4])] == ["Romney"]
    # an adverbial clause of its own tense keeps its own (absent) subject: "Romney fired back when attacked"
    tags = ["NNP", "VBD", "RB", ",", "VBN", "NNP"]
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos, tags=tags)
    assert _subjects(doc[4]) == []


@pytest.mark.parametrize("words, party", [
    (["Yapp", "'s", "coach", "backed", "him"], None),  # a person's coach is another person
    (["the", "coach", "of", "Yapp", "backed", "him"], None),
    (["Spain", "'s", "government", "backed", "him"], "spain"),  # a country's government acts for it
    (["Spain", "'s", "minister", "backed", "him"], "spain"),
])
def test_a_persons_coach_is_not_that_person(words, party):
    from newsprism.read.sentences import _Index, _party_keys

    if words[0] == "the":
        heads, deps = [1, 4, 1, 2, 4, 4], ["det", "nsubj", "prep", "pobj", "ROOT", "dobj"]
        pos, ents = ["DET", "NOUN", "ADP", "PROPN", "VERB", "PRON"], ["O", "O", "O", "B-PERSON", "O", "O"]
        subject = 1
    else:
        heads, deps = [2, 0, 3, 3, 3], ["poss", "case", "nsubj", "ROOT", "dobj"]
        label = "B-PERSON" if words[0] == "Yapp" else "B-GPE"
        pos, ents = ["PROPN", "PART", "NOUN", "VERB", "PRON"], [label, "O", "O", "O", "O"]
        subject = 2
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos, ents=ents, lemmas=[w.lower() for w in words])
    keys = [k for k, _, _ in _party_keys(doc[subject], _Index(doc, [], doc.text))]
    assert keys == ([party] if party else [])
