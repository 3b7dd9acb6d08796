"""newsprism: read many news articles about the same events and tell what the sources
agree on, who said what, where they disagree, and which copies are broken or slanted.

    >>> import newsprism
    >>> reading = newsprism.read("path/to/article.html")     # one article, no store
    >>> with newsprism.Store("news.db") as store:
    ...     newsprism.ingest(["corpus/"], store)
    ...     grouping = newsprism.stories(store)          # events, storylines, copies
    ...     newsprism.brief(store, grouping.storylines[0].id)  # sources, findings, contradictions
    ...     newsprism.check("The port closed on Monday.", store)

Every stage's options come from one :class:`Settings` (``Settings.from_toml("newsprism.toml")``),
passed as ``settings=`` to ``ingest``, ``stories`` and ``check``.
"""

from __future__ import annotations

from .api import brief, check
from .ingest import IngestOptions, SourceMeta
from .pipeline import IngestReport, Reading, ingest, stories
from .pipeline import read_one as read
from .settings import Settings
from .store import Store

__version__ = "0.1.0"

__all__ = ["read", "ingest", "stories", "brief", "check", "Store", "Reading", "IngestReport", "IngestOptions",
           "SourceMeta", "Settings", "__version__"]
