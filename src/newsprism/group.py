"""Group articles into events and storylines, and find families of copies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .records import Article, ArticleFacts, CopyLink, Event, Storyline


@dataclass(frozen=True, kw_only=True)
class GroupOptions:
    pass


@dataclass(frozen=True)
class Grouping:
    storylines: tuple[Storyline, ...]
    events: tuple[Event, ...]
    copies: tuple[CopyLink, ...]


def group(items: Sequence[tuple[Article, ArticleFacts]], options: GroupOptions | None = None) -> Grouping:
    events, storylines = [], []
    for i, (article, _facts) in enumerate(items):
        sid, eid = f"s{i + 1}", f"e{i + 1}"
        events.append(Event(id=eid, title=article.title or article.id, article_ids=(article.id,), storyline_id=sid,
                            start_date=article.date, end_date=article.date))
        storylines.append(Storyline(id=sid, title=article.title or article.id, event_ids=(eid,),
                                    article_ids=(article.id,)))
    return Grouping(tuple(storylines), tuple(events), ())


def group_store(store, options: GroupOptions | None = None) -> Grouping:
    return group(list(store.articles()), options)
