"""Opinion: sentences that are the writer's commentary rather than reporting."""

from __future__ import annotations

from ..records import Article, Opinion, Quote


def extract_opinions(doc, article: Article, quotes: tuple[Quote, ...]) -> tuple[Opinion, ...]:
    return ()
