"""Entities merged per article, with the descriptors the article attaches."""

from __future__ import annotations

from ..records import Article, Entity, Place, Span


def extract_entities(doc, article: Article) -> tuple[Entity, ...]:
    out = []
    for i, e in enumerate(doc.ents):
        if e.label_ in ("PERSON", "ORG", "GPE", "LOC", "NORP"):
            out.append(Entity(id=f"{article.id}:e{i}", name=e.text, label=e.label_,
                              mentions=(Span(article.id, e.start_char, e.end_char),)))
    return tuple(out)


def extract_places(doc, article: Article, entities: tuple[Entity, ...]) -> tuple[Place, ...]:
    return tuple(
        Place(span=m, name=e.name, entity=e.id) for e in entities if e.label in ("GPE", "LOC") for m in e.mentions
    )
