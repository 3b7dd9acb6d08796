"""The model's attribute ruler, matched through an index instead of spaCy's Matcher (issue 15).

en_core_web_md's ``attribute_ruler`` maps fine tags to parts of speech, morphology and some
lemmas with 179 token patterns.  spaCy's ``Matcher`` tries every pattern at every token: 15% of
the whole pipeline's time on news text, more than the parser.  Almost every pattern is one
token with an exact ``TAG`` or ``LOWER`` (or a short ``IN`` list), so the patterns that can
match a token are found by looking its tag and lower form up in a dict, and only those are
checked.  The few patterns of several tokens stay with a ``Matcher`` of their own.

The result is the same as the original ruler's, token for token: matches are applied in the
original's order (pattern by pattern, each from left to right, a later pattern overriding an
earlier one), through its own ``set_annotations``.  ``tests/test_attributes.py`` compares the
two on real articles.
"""

from __future__ import annotations

import re
from collections import defaultdict

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler

NAME = "indexed_attribute_ruler"
_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}


class IndexedAttributeRuler(AttributeRuler):
    """An :class:`AttributeRuler` whose ``match`` looks single-token patterns up by tag and form."""

    def __init__(self, vocab, name: str = "attribute_ruler", *, validate: bool = False) -> None:
        super().__init__(vocab, name, validate=validate)
        self._index = None

    def add(self, patterns, attrs, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._index = None  # rebuilt on the next call

    def match(self, doc):
        if self._index is None:
            self._index = _Index(self)
        return self._index.match(doc)


class _Index:
    """The patterns of one ruler, sorted into single-token checks found by key and a Matcher."""

    def __init__(self, ruler: AttributeRuler) -> None:
        strings = ruler.vocab.strings
        self.strings = strings
        # a pattern is filed under the first of its tag, form, dependency or is-space that it
        # requires to be one of a few values; the rest are tried at every token
        self.by: tuple[dict[int, list], ...] = tuple(defaultdict(list) for _ in _COLUMNS)
        self.always: list = []
        self.multi = Matcher(ruler.vocab, validate=False)
        # ``ruler.patterns`` lists the patterns in the order they were added, and the match key
        # of the i-th is str(i): the original applies matches sorted by that number.
        for attr_id, entry in enumerate(ruler.patterns):
            key = strings.add(str(attr_id))
            for pattern in entry["patterns"]:
                if len(pattern) != 1 or not _simple(pattern[0]):
                    self.multi.add(str(attr_id), [pattern])
                    continue
                check = (attr_id, key, _checks(pattern[0], strings))
                spec = pattern[0]
                for attr, col in _COLUMNS.items():
                    if (values := _exact_values(spec.get(attr))) is not None:
                        for value in values:
                            self.by[col][value if attr == "IS_SPACE" else strings.add(value)].append(check)
                        break
                else:
                    self.always.append(check)
        self.has_multi = len(self.multi) > 0

    def match(self, doc) -> list[tuple[int, int, int, int]]:
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        found: list[tuple[int, int, int, int]] = []
        by_tag, by_lower, by_dep, by_space = self.by
        always = self.always
        for i, row in enumerate(rows):
            for candidates in (by_tag.get(row[0]), by_lower.get(row[1]), by_dep.get(row[2]),
                               by_space.get(row[3]), always):
                if not candidates:
                    continue
                for attr_id, key, checks in candidates:
                    for col, test in checks:
                        if not test(row[col]):
                            break
                    else:
                        found.append((attr_id, key, i, i + 1))
        if self.has_multi:
            for key, start, end in self.multi(doc, allow_missing=True):
                found.append((int(self.strings[key]), key, start, end))
        # a pattern found through both its tag and its form is one match, as in the Matcher
        return sorted(set(found))


def _exact_values(value) -> list | None:
    """The values a pattern value matches when it is one value or an ``IN`` list, else None."""
    if isinstance(value, (str, bool)):
        return [int(value) if isinstance(value, bool) else value]
    if isinstance(value, dict) and set(value) == {"IN"}:
        return list(value["IN"])
    return None


def _simple(spec: dict) -> bool:
    """Whether one token's pattern uses only what :func:`_checks` can test."""
    for attr, value in spec.items():
        if attr not in _COLUMNS:
            return False
        if attr == "IS_SPACE":
            if not isinstance(value, bool):
                return False
        elif not (isinstance(value, str) or isinstance(value, dict) and len(value) == 1
                  and next(iter(value)) in ("IN", "NOT_IN", "REGEX")):
            return False
    return True


def _checks(spec: dict, strings) -> tuple:
    """``(column, test)`` for each attribute of a one-token pattern, on the hashes of
    ``Doc.to_array``; a regular expression is tested once per distinct value."""
    out = []
    for attr, value in spec.items():
        col = _COLUMNS[attr]
        if attr == "IS_SPACE":
            out.append((col, lambda v, want=int(value): v == want))
        elif isinstance(value, str):
            out.append((col, lambda v, h=strings.add(value): v == h))
        elif "IN" in value:
            out.append((col, frozenset(strings.add(s) for s in value["IN"]).__contains__))
        elif "NOT_IN" in value:
            out.append((col, lambda v, hs=frozenset(strings.add(s) for s in value["NOT_IN"]): v not in hs))
        else:
            out.append((col, _regex_test(re.compile(value["REGEX"]), strings)))
    return tuple(out)


def _regex_test(rx: re.Pattern, strings):
    seen: dict[int, bool] = {}

    def test(v: int) -> bool:
        if v not in seen:
            seen[v] = rx.search(strings[v]) is not None
        return seen[v]

    return test


def use_indexed_ruler(nlp) -> None:
    """Put the indexed ruler in place of the model's ``attribute_ruler``, with its patterns."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    old = nlp.get_pipe("attribute_ruler")
    if isinstance(old, IndexedAttributeRuler):
        return
    if not Language.has_factory(NAME):
        Language.factory(NAME, assigns=["token.pos", "token.morph", "token.lemma", "token.dep"],
                         func=lambda nlp, name: IndexedAttributeRuler(nlp.vocab, name))
    patterns = old.patterns
    new = nlp.replace_pipe("attribute_ruler", NAME)
    new.add_patterns(patterns)
