"""The pipeline as plain functions over the store: the public Python API.

    ingest(paths, store)   files -> Document -> Article -> ArticleFacts, one transaction per article
    stories(store)         group into events/storylines, find copies, cross-check -> findings
    read_one(text_or_path) one article, no store: what ``newsprism read`` shows

The CLI and the web app are thin layers over these functions.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from pathlib import Path

from .clean import Cleaner, CleanOptions
from .crosscheck import CheckOptions, check_stories
from .group import GroupOptions, Grouping, group_store
from .guard import attempt, clean_guarded, split_read
from .ingest import IngestOptions, check_meta, iter_documents
from .read import Reader, ReadOptions
from .records import Article, ArticleFacts, Document, Rejection
from .store import Store, StoredArticles

if TYPE_CHECKING:
    from .settings import Settings

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)  # article ids newly stored
    skipped: int = 0  # already in the store (or seen twice in this run)
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return len(self.added) + self.skipped + len(self.rejected)


Progress = Callable[[int], None]  # called with the number of records just handled


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    *,
    reader: Reader | None = None,
    clean_options: CleanOptions | None = None,
    ingest_options: IngestOptions | None = None,
    settings: Settings | None = None,
    batch_size: int = 64,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest, clean and read every article under ``paths`` into ``store``.

    Articles already stored are skipped before any work is done, so a killed
    run resumes where it stopped; each article is committed on its own.  Every
    record goes through one guarded path (:mod:`newsprism.guard`): whatever
    ingest, clean, read or store raises on one record becomes that record's
    :class:`Rejection` and the batch goes on.  A batch the cleaner or the reader
    fails on is redone record by record, so only the bad record is rejected.

    Outlet, URL and date can be given for every input (``IngestOptions(meta=SourceMeta(...))``)
    and per file in a folder's ``sources.csv`` (:mod:`newsprism.ingest.meta`); a bad sidecar
    raises :class:`~newsprism.errors.MetadataError` before anything is read.

    ``settings`` (:class:`newsprism.Settings`) gives the options not given here: its ``clean``
    and ``ingest`` tables, and its ``read`` table for the reader when none is given.
    Without a ``reader`` or ``settings``, one with a worker process per CPU (``n_process=-1``).  The
    reader's worker pool is opened once for the whole call (issue 15): while the workers
    read the next batches, this process reads and cleans the input and stores each batch
    as it comes back, in input order.
    """
    paths = list(paths)
    check_meta(paths)  # a bad sources.csv stops the run before any article is read
    if settings is not None:
        clean_options = clean_options or settings.clean
        ingest_options = ingest_options or settings.ingest
        reader = reader or Reader(settings.read)
    reader = reader or Reader(ReadOptions(n_process=-1))
    cleaner = Cleaner(clean_options)
    report = IngestReport()
    seen: set[str] = set()

    def reject(rej: Rejection) -> None:
        log.info("rejected %s", rej)
        store.save_rejection(rej)
        report.rejected.append(rej)

    def cleaned(docs: list[Document]):
        articles, rejected = clean_guarded(docs, cleaner)
        return (docs, rejected, articles), articles  # the batch as tag, and what the reader reads

    def batches():
        """Each batch of ``batch_size`` new documents, cleaned."""
        pending: list[Document] = []
        for item in iter_documents(paths, ingest_options):
            if isinstance(item, Rejection):
                reject(item)
                if progress:
                    progress(1)
                continue
            # ``seen`` holds the documents read ahead too: the store does not have them yet.
            if item.id in seen or store.has_article(item.id):
                report.skipped += 1
                if progress:
                    progress(1)
                continue
            seen.add(item.id)
            pending.append(item)
            if len(pending) >= batch_size:
                yield cleaned(pending)
                pending = []
        if pending:
            yield cleaned(pending)

    def commit(docs: list[Document], rejected: list[Rejection], read: list[tuple]) -> None:
        for rej in rejected:
            reject(rej)
        texts = {d.id: d.text for d in docs}
        for art, facts in read:
            saved = attempt(lambda: store.save_article(art, facts, document_text=texts[art.id]), art.source,
                            art.record, "store")
            if isinstance(saved, Rejection):
                reject(saved)
            elif saved:
                report.added.append(art.id)
            else:
                report.skipped += 1
        if progress:
            progress(len(docs))

    with reader.workers():
        for (docs, rejected, articles), outcomes in reader.read_batches(batches()):
            read, unread = split_read(articles, outcomes)
            commit(docs, rejected + unread, read)
    return report


def stories(
    store: Store,
    *,
    encoder=None,
    group_options: GroupOptions | None = None,
    check_options: CheckOptions | None = None,
    settings: Settings | None = None,
    recheck: bool = False,
    progress: Callable[[str, int, int | None], None] | None = None,
) -> Grouping:
    """Group the stored articles into events and storylines, cross-check them, store the result.

    One sentence encoder (default: :func:`newsprism.embed.shared_encoder`) serves both
    stages.  Cross-checking works from the stored sentence facts and sentence vectors (kept
    in the store, so a rerun encodes only new articles): nothing is parsed again and spaCy
    is not loaded.

    Incremental (issue 8): grouping keeps each article's features, signatures and copy
    judgments in the store, and a story is checked again only when something its findings
    depend on changed (its articles, their events, copy families or originals; the options;
    the code): the others keep their stored findings, which are what checking them again
    gives.  ``recheck=True`` checks every story again.  Everything is written in one
    transaction at the end, so a killed run leaves the previous stories whole.

    ``progress(stage, done, total)``: "group" once before grouping (total None), then
    "crosscheck" after each story (done of total).
    """
    from .embed import shared_encoder

    if settings is not None:  # the options given here win over the settings' tables
        group_options = group_options or settings.group
        check_options = check_options or settings.check
    encoder = encoder or shared_encoder(all_cores=True)  # grouping and checking run alone here
    if progress is not None:
        progress("group", 0, None)
    grouping = group_store(store, group_options, encoder=encoder)
    checks = check_stories(StoredArticles(store), grouping, check_options, vectors=store_vectors(store, encoder),
                           entities=store.entity_names(), stored={} if recheck else store.story_checks(),
                           basis=getattr(encoder, "kind", "encoder"),
                           progress=None if progress is None else (lambda d, t: progress("crosscheck", d, t)))
    findings = [f for c in checks for f in c.findings or ()]
    store.replace_stories(grouping.storylines, grouping.events, grouping.copies, findings,
                          checks={c.story_id: c.key for c in checks},
                          keep=[c.story_id for c in checks if c.findings is None])
    return grouping


SENTENCE_VECTORS = "sentences"


def store_vectors(store: Store, encoder):
    """Sentence vectors for cross-checking, kept in the store per article: one row per sentence of
    ``ArticleFacts.sentence_facts``, a zero row for one not encoded yet.  Which sentences a story
    needs depends on the other articles in it, so rows are filled in as stories ask for them."""
    import numpy as np

    from .crosscheck.encode import encode

    kind = f"{SENTENCE_VECTORS}:{getattr(encoder, 'kind', 'encoder')}"

    def vectors(batch):
        stored = [store.vector(article.id, kind) for article, _, _ in batch]
        missing = [(k, i, text) for k, ((_, idx, texts), m) in enumerate(zip(batch, stored))
                   for i, text in zip(idx, texts) if m is None or i >= len(m) or not m[i].any()]
        fresh = encode([text for _, _, text in missing], encoder)  # one batch for the story
        dim = fresh.shape[1] if len(missing) else next((m.shape[1] for m in stored if m is not None), 1)
        full = []
        for (article, idx, _), m in zip(batch, stored):
            rows = max([len(m) if m is not None else 0] + [i + 1 for i in idx])
            grown = np.zeros((rows, dim), dtype=np.float32)
            if m is not None and len(m):
                grown[: len(m)] = m
            full.append(grown)
        for (k, i, _), vec in zip(missing, fresh):
            full[k][i] = vec
        for k in sorted({k for k, _, _ in missing}):
            store.save_vector(batch[k][0].id, kind, full[k])
        return [full[k][list(idx)] for k, (_, idx, _) in enumerate(batch)]

    return vectors


@dataclass(frozen=True)
class Reading:
    """One article read without a store: what ``newsprism read`` prints."""

    document: Document
    article: Article
    facts: ArticleFacts


def read_one(
    source: str | Path,
    *,
    reader: Reader | None = None,
    clean_options: CleanOptions | None = None,
    read_options: ReadOptions | None = None,
) -> Reading:
    """Read one article from a path or from the text itself.

    A path that holds several records (JSONL, WARC, a feed) gives its first good one.
    """
    from .errors import InputError
    from .ingest.base import make_document

    reader = reader or Reader(read_options)
    p = Path(str(source)) if len(str(source)) < 4096 and "\n" not in str(source) else None
    if p is not None and _exists(p):
        first_rejection = None
        for item in iter_documents([p]):
            if isinstance(item, Rejection):
                first_rejection = first_rejection or item
                continue
            doc = item
            break
        else:
            if first_rejection:
                raise _refused(first_rejection)
            raise InputError(str(p), "no-article", "no article found")
    else:
        text = str(source)
        if not text.strip():
            raise InputError("<text>", "empty-text")
        title = text.lstrip()[:1000].splitlines()[0].strip()
        made = make_document(text, "<text>", 1, "text", title=title)  # limits and clean-up as for a file
        if isinstance(made, Rejection):
            raise _refused(made)
        doc = made
    art = Cleaner(clean_options).clean_batch([doc])[0]
    if isinstance(art, Rejection):
        raise _refused(art)
    return Reading(document=doc, article=art, facts=reader.read(art))


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (ValueError, UnicodeError):  # a NUL or a lone surrogate: text, not a path
        return False


def _refused(rej: Rejection):
    from .errors import InputError

    return InputError(rej.source, rej.reason, rej.detail, rej.record)
