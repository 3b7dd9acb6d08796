"""The rest of the public Python API: the brief of a story and a verdict on one claim, over a store,
as the ``brief`` and ``check`` commands give them (``newsprism.brief``, ``newsprism.check``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .errors import NewsprismError
from .publish.assemble import build_brief
from .publish.views import Brief
from .read import Reader
from .records import Verdict
from .store import Store


def brief(store: Store, story_id: str) -> Brief:
    """The brief of one storyline or event (after :func:`newsprism.stories`): sources, findings,
    contradictions with their evidence; render it with :func:`newsprism.publish.render_brief`."""
    return build_brief(store, story_id)


def check(claim: str, store: Store, *, story: str | None = None, reader: Reader | None = None,
          settings=None) -> Verdict:
    """Is ``claim`` supported, contradicted or not found in the stored articles (those of ``story``,
    a storyline or event id, when given)?  ``settings``: its ``check`` table, and its ``read``
    table for the reader when none is given."""
    return next(check_many([claim], store, story=story, reader=reader, settings=settings))


def check_many(claims: Iterable[str], store: Store, *, story: str | None = None, reader: Reader | None = None,
               settings=None) -> Iterator[Verdict]:
    """A verdict for each claim, in order: the articles are loaded and their sentences encoded
    once for all of them (``newsprism check --file``)."""
    from .crosscheck import CheckOptions
    from .crosscheck.claim import ClaimChecker

    ids = None
    if story:
        try:
            ids = store.storyline(story).article_ids
        except NewsprismError:
            ids = store.event(story).article_ids
    if settings is not None:
        reader = reader or Reader(settings.read)
    # the odd copies cross-checking already named (one judgement, made once: stored findings)
    outliers = frozenset(a for f in store.findings(story) if f.kind == "outlier-copy" for a in f.opposing)
    items = list(store.articles(ids))
    checker = ClaimChecker(reader or Reader(), settings.check if settings is not None else CheckOptions())
    for claim in claims:
        yield checker.check(claim, items, outliers=outliers)
