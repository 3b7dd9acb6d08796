"""Which articles are checked against which: the whole story, not one event at a time.

Grouping splits a story into events (one development each) and chains events into
storylines; the sources of a storyline are compared with each other even when grouping put
them in different events.  An article left alone in a storyline of its own is compared with
the storyline it shares most key entities with (at least ``attach`` people, places or
organisations; a country alone ties nothing): a corrupted copy that grouping set apart must
still be checked.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping

from ..read.sentences import entity_key
from ..records import ArticleFacts

# Stories are scoped on the key entities of every article of the store, and the same names
# ("UK", "Government") recur across articles: each (name, label) is keyed once per process.
_entity_key = functools.lru_cache(maxsize=1 << 16)(entity_key)

_KEY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT")


def key_entities(facts: ArticleFacts | Iterable[tuple[str, str]]) -> set[str]:
    """The entities an article names (as cross-article keys), from its facts or from the
    ``(name, label)`` of each of its entities."""
    names = ((e.name, e.label) for e in facts.entities) if isinstance(facts, ArticleFacts) else facts
    out = set()
    for name, label in names:
        # a name is capitalised: the tagger's lower-case "entities" ("cts", "mths") name nothing
        if label in _KEY_LABELS and any(w[:1].isupper() for w in name.split()):
            key = _entity_key(name, label)
            if key:
                out.add(key)
    return out


def key_names(keys: Iterable[str]) -> set[str]:
    """The names of key entities whatever the tagger labelled them: "Staunton police" is a
    person in one article and a place in another, and the name is the text's, the label a guess."""
    return {k.split(":", 1)[-1] for k in keys}


def story_scopes(grouping, keys: Mapping[str, set[str]], *, attach: int) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(story id, article ids) of every story to check; ``keys``: the :func:`key_entities` of every article."""
    stories = [(s.id, tuple(s.article_ids)) for s in grouping.storylines] or [
        (e.id, tuple(e.article_ids)) for e in grouping.events]
    if not stories and keys:
        stories = [("all", tuple(sorted(keys)))]
    groups = [(sid, list(ids)) for sid, ids in stories if len(ids) >= 2]
    story_keys = []
    for _, ids in groups:
        counts = Counter(k for a in ids for k in keys.get(a, ()))
        story_keys.append(key_names(k for k, n in counts.items() if n >= 2 and ":" in k))
    for sid, ids in stories:
        if len(ids) != 1 or not groups:
            continue
        lone = ids[0]
        # countries do not count: half the store names "us" or "uk" (a country's key is its bare
        # name; people, places and organisations are "person:..." and "name:...")
        own = key_names(k for k in keys.get(lone, set()) if ":" in k)
        shared = [(len(own & sk), -len(g[1]), g[0]) for g, sk in zip(groups, story_keys)]
        best = max(shared)
        if best[0] >= attach:
            target = next(g for g in groups if g[0] == best[2])
            target[1].append(lone)
    for sid, ids in groups:
        yield sid, tuple(ids)
