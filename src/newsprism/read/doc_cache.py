"""What the extractors read from a Doc again and again, made once per Doc and kept in its ``user_data``.

spaCy makes a new object on every access: ``doc[i]`` a ``Token``, ``doc.ents`` a new tuple of
``Span`` objects for every entity of the article.  The figure and count readers ask whether an
amount starts at each token and look back over a few tokens for a hedge ("about", "more than");
several readers ask which of the model's entities holds a token, and did so by walking
``doc.ents``.  Over a few hundred articles that was millions of ``Token`` objects (issue 15).
Nothing downstream of the parse changes a Doc's tokens or entities, so these are read once.
"""

from __future__ import annotations

_LOWERS = "newsprism.lowers"
_STARTS = "newsprism.starts"
_ENTS = "newsprism.ents"


def lower_forms(doc) -> list[str]:
    """``[t.lower_ for t in doc]``, made on the first call for ``doc``."""
    forms = doc.user_data.get(_LOWERS)
    if forms is None or len(forms) != len(doc):  # a Doc retokenised since has other tokens
        forms = doc.user_data[_LOWERS] = [t.lower_ for t in doc]
    return forms


def token_starts(doc) -> list[int]:
    """Every token's character offset (``t.idx``), made on the first call for ``doc``."""
    starts = doc.user_data.get(_STARTS)
    if starts is None or len(starts) != len(doc):
        starts = doc.user_data[_STARTS] = doc.to_array("IDX").tolist()  # no Token made for each
    return starts


def entity_spans(doc) -> tuple:
    """``doc.ents``, made on the first call for ``doc``."""
    return _entities(doc)[0]


def entity_at(doc, i: int):
    """The model's entity (a ``Span``) that holds token ``i``, or None."""
    return _entities(doc)[1].get(i)


def _entities(doc) -> tuple[tuple, dict]:
    cached = doc.user_data.get(_ENTS)
    if cached is None or cached[2] != len(doc):
        ents = doc.ents
        cached = doc.user_data[_ENTS] = (ents, {i: e for e in ents for i in range(e.start, e.end)}, len(doc))
    return cached[0], cached[1]
