"""The model's lemmatizer with its answers remembered per word form, part of speech and morphology.

spaCy's ``Lemmatizer`` visits every token of every Doc in Python: it makes a ``Token``, asks the
lemma of that token (the rule lemmatizer keeps a cache of its own, but only after the token is
made and its key read from it) and sets ``token.lemma_``, about ten microseconds a token, some 9%
of the whole parse of a news article.  What a rule lemmatizer answers depends only on the token's
form, part of speech and morphology (``rule_lemmatize`` and English's ``is_base_form`` read nothing
else; a lookup lemmatizer only the form), so here the three are read for the whole Doc at once
(``Doc.to_array``), a token whose triple was seen before gets the remembered lemma without a
``Token`` being made, and the lemmas are written back with one ``Doc.from_array``.  A triple seen
for the first time is asked of the model's own lemmatizer, so every lemma is the one it gives:
``tests/test_lemmas.py`` compares the two on the samples.

The rule lemmatizer's first answer for a word was slow too (about 90 microseconds, 1.1 s of 300
BBC articles): it checks each candidate lemma against the model's list of known words of that part
of speech (``lemma_index``, up to 57,000 words a list) with ``in``, a scan of the list.  The lists
are made sets of the same words, so the answers are the same.
"""

from __future__ import annotations

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language

NAME = "memo_lemmatizer"
# the modes whose answer is a function of (form, part of speech, morphology)
_MODES = frozenset({"rule", "lookup"})


class MemoLemmatizer:
    """Sets ``token.lemma`` as ``lemmatizer`` would, remembering each answer."""

    def __init__(self, lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.memo: dict[tuple[int, int, int], int] = {}
        self._first = True

    def __call__(self, doc):
        lemmatizer = self.lemmatizer
        if self._first:  # the model's lemmatizer checks its tables on its first Doc
            self._first = False
            return lemmatizer(doc)
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        memo, strings, overwrite = self.memo, doc.vocab.strings, lemmatizer.overwrite
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            value = memo.get(key)
            if value is None:
                value = memo[key] = strings.add(lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = value
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)


def use_memo_lemmatizer(nlp) -> None:
    """Put a :class:`MemoLemmatizer` in place of the model's ``lemmatizer`` (rule or lookup mode)."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    old = nlp.get_pipe("lemmatizer")
    if isinstance(old, MemoLemmatizer) or getattr(old, "mode", None) not in _MODES:
        return
    if not Language.has_factory(NAME):
        Language.factory(NAME, assigns=["token.lemma"], requires=["token.pos", "token.morph"],
                         func=lambda nlp, name: MemoLemmatizer(None))
    index = old.lookups.get_table("lemma_index", None) if old.lookups.has_table("lemma_index") else None
    for key, words in list((index or {}).items()):
        if isinstance(words, list):  # only ever asked "form in words"
            index[key] = frozenset(words)
    new = nlp.replace_pipe("lemmatizer", NAME)
    new.lemmatizer = old
