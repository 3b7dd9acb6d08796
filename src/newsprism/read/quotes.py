"""Quotes and reported speech with their speakers."""

from __future__ import annotations

from ..records import Article, Entity, Quote


def extract_quotes(doc, article: Article, entities: tuple[Entity, ...]) -> tuple[Quote, ...]:
    return ()
