"""Dates mentioned in an article, resolved against the article date."""

from __future__ import annotations

from ..records import Article, DateRef, Span


def extract_dates(doc, article: Article) -> tuple[DateRef, ...]:
    return tuple(
        DateRef(span=Span(article.id, e.start_char, e.end_char), value=None)
        for e in doc.ents
        if e.label_ == "DATE"
    )
