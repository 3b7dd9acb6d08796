"""The ``newsprism`` command: a thin layer over :mod:`newsprism.pipeline`.

Exit codes: 0 when the command ran to its end (``ingest``, ``run`` and ``scale``
included when they rejected records: each rejection is one line on stderr and a
row of the store's ``rejections`` table); 1 when an input path gave no article at
all (missing, an empty folder, every record rejected: one ``error:`` line naming the
path; the other paths are still ingested); 2 when the library stopped on a
:class:`~newsprism.errors.NewsprismError` (a missing model, a bad option, a store
that cannot be written or does not exist for a command that only reads one, an
output file that cannot be written, a bad row in a folder's ``sources.csv``: checked
before any work), printed as one line on stderr.  Nothing else is
caught.  Lines on stderr never wrap, so that logs can be grepped line by line.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from .dialect import is_unusable_store, shown
from .errors import NewsprismError
from .guard import describe

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

app = typer.Typer(
    help="newsprism: what news sources agree on, who said what, where they disagree.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

# A str, not a Path: a PostgreSQL URL's "//" must survive.
DbOption = Annotated[str, typer.Option(
    "--db", help="The store: an SQLite file, or a PostgreSQL URL (postgresql://user@host/dbname; "
                 "pip install 'newsprism\\[postgres]').", envvar="NEWSPRISM_DB")]
ModelOption = Annotated[
    Optional[str],
    typer.Option("--model", help="spaCy pipeline (package name or path); default: the packaged en_core_web_md.",
                 envvar="NEWSPRISM_SPACY_MODEL"),
]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="terminal | md | json | jsonl | html")]
OutletOption = Annotated[Optional[str], typer.Option(
    "--outlet", help="Outlet of every input of this call (stdin included); wins over what the files say. "
                     "Per file: a sources.csv (file,outlet,url,date) in the folder.")]
UrlOption = Annotated[Optional[str], typer.Option(
    "--url", help="URL of every input of this call; also names the outlet when --outlet does not.")]
DateOption = Annotated[Optional[str], typer.Option(
    "--date", help="Publication date of every input of this call (2024-03-05, or a full timestamp).")]


ConfigOption = Annotated[Optional[Path], typer.Option(
    "--config", help="Settings file (TOML) of every stage's options; `newsprism config --show` prints them all.",
    envvar="NEWSPRISM_CONFIG")]


def _settings(config: Path | None):
    """The settings of ``--config`` (or ``$NEWSPRISM_CONFIG``), else the defaults; a bad file stops
    the command before any work (exit 2, one line naming the file and the key)."""
    from .settings import Settings

    return Settings.load(config)


def _ingest_options(outlet: str | None, url: str | None, date: str | None, settings=None):
    """The options that carry --outlet/--url/--date; a bad value is a usage error naming the option."""
    import dataclasses

    from .errors import MetadataError
    from .ingest import IngestOptions, SourceMeta

    try:
        meta = SourceMeta(outlet=outlet, url=url, date=date, where="<options>")
    except MetadataError as exc:
        raise typer.BadParameter(str(exc).removeprefix("<options>: "), param_hint=f"--{exc.field}") from None
    base = settings.ingest if settings is not None else IngestOptions()
    return dataclasses.replace(base, meta=meta or None)
NProcessOption = Annotated[Optional[int], typer.Option(help="Worker processes that read (spaCy and the "
                                                            "extractors); -1: one per CPU, 1: none. Default: "
                                                            "the settings file's read.n_process, else -1.")]


def _reader(model: str | None, n_process: int | None = -1, settings=None):
    """A reader with the settings' read options; --model and --n-process win over them."""
    import dataclasses

    from .read import Reader, ReadOptions

    base = settings.read if settings is not None else ReadOptions()
    if n_process is None:
        n_process = base.n_process if settings is not None and "read.n_process" in settings.given else -1
    try:
        return Reader(dataclasses.replace(base, model=model or base.model, n_process=n_process))
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--n-process") from exc


def _ingest(paths: list[str], db: str, reader, quiet: bool, options=None, settings=None):
    """Ingest ``paths`` into ``db``; returns the report and the paths that gave no article at all.

    Each path is ingested on its own so that a path that yields nothing (missing, an empty
    folder, a folder of images) is told apart from the others: it gets one ``error:`` line.
    Every folder's ``sources.csv`` is checked first: a bad one stops the call before any work.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .ingest import check_meta
    from .pipeline import IngestReport, ingest
    from .store import Store

    check_meta(paths)

    report = IngestReport()
    barren: list[tuple[str, IngestReport]] = []
    with Store(db) as store, Progress(
        TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("records"),
        TimeElapsedColumn(), console=err, disable=quiet or not err.is_terminal, transient=True,
    ) as bar, reader.workers():  # one pool of read workers for every path
        task = bar.add_task("ingest", total=_expected_records(paths) if bar.live.is_started else None)
        for path in paths:
            part = ingest([path], store, reader=reader, ingest_options=options, settings=settings,
                          progress=lambda n: bar.advance(task, n))
            report.added += part.added
            report.skipped += part.skipped
            report.rejected += part.rejected
            if not part.added and not part.skipped:
                barren.append((path, part))
    whole = {id(rej) for _, part in barren for rej in part.rejected if _refuses_whole(rej, part)}
    _print_rejections([rej for rej in report.rejected if id(rej) not in whole])
    for path, part in barren:
        if len(part.rejected) == 1 and id(part.rejected[0]) in whole:
            _say(f"{part.rejected[0]}", prefix=("error: ", "red"))  # the one reason, said once
        elif part.rejected:
            _say(f"{path}: no article in it ({len(part.rejected)} rejected, listed above)", prefix=("error: ", "red"))
        else:
            _say(f"{path}: no article in it (no files)", prefix=("error: ", "red"))
    _say(f"{len(report.added)} added, {report.skipped} already stored, {len(report.rejected)} rejected -> {shown(db)}")
    return report, [path for path, _ in barren]


def _expected_records(paths: list[str], cap: int = 64 * 1024 * 1024) -> int | None:
    """How many records the inputs hold, when it is cheap to know: a text or HTML file is one, a
    JSON Lines file one a line; None (a bar without a total) for stdin, compressed files, WARC,
    feeds, JSON arrays, or JSON Lines past ``cap`` bytes in all (counting would read them twice)."""
    from .ingest import sniff, sources
    from .ingest.sniff import HEAD_BYTES
    from .records import Rejection

    if any(str(p) == "-" for p in paths):
        return None
    total, read = 0, 0
    for src in sources(paths):
        if isinstance(src, Rejection):
            total += 1
            continue
        try:
            with src.open() as fh:
                found = sniff(fh.read(HEAD_BYTES), src.suffix)
                if found.gzipped or found.format not in ("text", "html", "jsonl"):
                    return None
                if found.format != "jsonl":
                    total += 1
                    continue
                read += src.size or 0
                if read > cap:
                    return None
                fh.seek(0)
                total += sum(1 for line in fh if line.strip())
        except OSError:
            total += 1  # ingest rejects it: one line of the bar
    return total


@contextlib.contextmanager
def _stage_progress(quiet: bool = False):
    """A progress line on stderr for grouping and cross-checking (minutes on a few hundred
    articles): a spinner while grouping, then stories checked of all; the callback that
    :func:`newsprism.pipeline.stories` takes.  Nothing when stderr is not a terminal."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, disable=quiet or not err.is_terminal, transient=True) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                for t in tasks.values():  # a new stage: the earlier ones are done
                    bar.update(t, total=1, completed=1)
                name = {"group": "grouping", "crosscheck": "cross-checking stories"}.get(stage, stage)
                tasks[stage] = bar.add_task(name, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield progress


def _refuses_whole(rej, part) -> bool:
    """The rejection of a whole path (missing, unreadable, empty file): the path's only outcome."""
    return len(part.rejected) == 1 and rej.record is None


def _print_rejections(rejected) -> None:
    """One line per rejection: ``skipped FILE#RECORD: REASON (DETAIL) [STAGE]``."""
    for rej in rejected:
        _say(f"{rej} [{rej.stage}]", prefix=("skipped ", "yellow"))


def _store(db: str):
    """The store a command only reads: it must exist (a typo in --db must not create an empty one)."""
    from .store import Store

    return Store(db, create=False)


def _say(line: str, prefix: tuple[str, str] | None = None) -> None:
    """One line on stderr, as it is: no markup, no wrapping (a file name may hold ``[`` or a newline)."""
    from rich.text import Text

    from .guard import one_line

    text = Text(one_line(line, limit=10_000))
    if prefix:
        text = Text.assemble(prefix, text)
    err.print(text, soft_wrap=True, highlight=False)


@app.command("ingest")
def ingest_cmd(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")],
    db: DbOption = "newsprism.db",
    model: ModelOption = None,
    n_process: NProcessOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar (rejections and the "
                                                               "summary line are still printed).")] = False,
    outlet: OutletOption = None,
    url: UrlOption = None,
    date: DateOption = None,
    config: ConfigOption = None,
) -> None:
    """Ingest, clean and read articles into the store (re-ingesting is a no-op)."""
    settings = _settings(config)
    options = _ingest_options(outlet, url, date, settings)
    _, barren = _ingest(paths, db, _reader(model, n_process, settings), quiet, options, settings)
    if barren:
        raise typer.Exit(1)


@app.command("read")
def read_cmd(
    path: Annotated[str, typer.Argument(help="An article file (text, HTML, JSONL, WARC, feed) or - for stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (schema: docs/schema.md).")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Also list removed lines with reasons.")] = False,
    model: ModelOption = None,
    config: ConfigOption = None,
) -> None:
    """Clean one article and print it with its facts."""
    from .pipeline import read_one
    from .publish.reading import reading_to_json, render_reading

    settings = _settings(config)
    source: str = path
    if path == "-":
        from .errors import InputError

        limit = settings.ingest.max_record_bytes  # one article: read no more than one record may hold
        source = sys.stdin.read(limit + 1)
        if len(source) > limit:
            raise InputError("-", "too-large", f"over {limit} characters (IngestOptions.max_record_bytes)")
    reading = read_one(source, reader=_reader(model, 1, settings),  # one article: no worker pool
                       clean_options=settings.clean)
    if as_json:
        out.print_json(json.dumps(reading_to_json(reading), ensure_ascii=False))
    else:
        render_reading(reading, out, explain=explain)


@app.command("stories")
def stories_cmd(
    db: DbOption = "newsprism.db",
    sort: str = typer.Option("recent", "--sort", help="story order: recent, sources (independent) or "
                             "conflicts; single-source stories come last"),
    recheck: bool = typer.Option(False, "--recheck", help="cross-check every story again, not only those "
                                 "whose articles changed"),
    limit: int = typer.Option(50, "--limit", help="stories to list, the first in that order (0: all)"),
    min_sources: int = typer.Option(0, "--min-sources", min=0, help="list only stories told by this many "
                                    "independent sources or more"),
    contested: bool = typer.Option(False, "--contested", help="list only stories with a contradiction"),
    since: str = typer.Option("", "--since", help="list only stories that end on or after this ISO date"),
    until: str = typer.Option("", "--until", help="list only stories that start on or before this ISO date"),
    config: ConfigOption = None,
) -> None:
    """Group stored articles into events and storylines, and cross-check them (from stored facts:
    no article is parsed again; only new articles are placed and only changed stories checked)."""
    from .errors import NewsprismError
    from .pipeline import stories
    from .publish.stories import STORY_SORTS, StoryFilter
    from .publish.text import print_story_list

    settings = _settings(config)
    if sort not in STORY_SORTS:
        raise typer.BadParameter(f"one of {', '.join(STORY_SORTS)}", param_hint="--sort")
    for name, value in (("--since", since), ("--until", until)):
        try:
            if value:
                date.fromisoformat(value)
        except ValueError:
            raise typer.BadParameter(f"an ISO date (2024-03-05), not {value!r}", param_hint=name) from None
    try:  # the web app's filter, so both list the same stories
        wanted = StoryFilter(sort=sort, min_sources=min_sources, contested=contested, since=since or None,
                             until=until or None)
    except (NewsprismError, ValueError) as exc:
        raise typer.BadParameter(str(exc)) from exc
    with _store(db) as store, _stage_progress() as progress:
        stories(store, settings=settings, recheck=recheck, progress=progress)
    with _store(db) as store:
        print_story_list(store, out, sort, limit, story_filter=wanted, settings=settings)


@app.command("brief")
def brief_cmd(
    story: Annotated[str, typer.Argument(help="Storyline or event id (see `newsprism stories`).")],
    db: DbOption = "newsprism.db",
    fmt: FormatOption = "terminal",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write to this file.")] = None,
    config: ConfigOption = None,
) -> None:
    """Print the brief of one story."""
    from .publish import render

    settings = _settings(config)
    with _store(db) as store:
        _emit(render(store, story, fmt, console=out if output is None else None, settings=settings), output)


@app.command("check")
def check_cmd(
    claim: Annotated[Optional[str], typer.Argument(help="The statement to test.")] = None,
    story: Annotated[Optional[str], typer.Option("--story", help="Test against this story's articles.")] = None,
    against: Annotated[
        Optional[list[str]], typer.Option("--against", help="Test against this file instead of the store "
                                                            "(repeat for more files).")
    ] = None,
    claims_file: Annotated[Optional[Path], typer.Option("--file", help="Test every line of this file (- for "
                                                                       "stdin): one JSON verdict a line.")] = None,
    db: DbOption = "newsprism.db",
    model: ModelOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the verdict as JSON, with its evidence "
                                                         "spans.")] = False,
    config: ConfigOption = None,
) -> None:
    """Verdict on a claim: supported, contradicted or not found, with each source's verdict and
    evidence spans.  `--file` checks many claims, loading the articles once."""
    if (claim is None) == (claims_file is None):
        raise typer.BadParameter("give one claim, or --file with one claim a line", param_hint="CLAIM")
    settings = _settings(config)
    if claims_file is not None:
        text = sys.stdin.read() if str(claims_file) == "-" else _read_text(claims_file)
        claims = [line.strip() for line in text.splitlines() if line.strip()]
    else:
        claims = [claim]
    reader = _reader(model, 1, settings)  # the claims alone are parsed: no worker pool
    if against:
        from .crosscheck.claim import ClaimChecker
        from .ingest import iter_documents
        from .pipeline import read_one

        items = []
        for path in against:
            for doc in iter_documents([path], settings.ingest):
                if hasattr(doc, "text"):
                    r = read_one(doc.text, reader=reader, clean_options=settings.clean)
                    items.append((r.article, r.facts))
        checker = ClaimChecker(reader, settings.check)
        verdicts = (checker.check(c, items) for c in claims)
        _print_verdicts(verdicts, claims_file is not None, as_json)
    else:
        from .api import check_many

        with _store(db) as store:
            verdicts = check_many(claims, store, story=story, reader=reader, settings=settings)
            _print_verdicts(verdicts, claims_file is not None, as_json)


def _read_text(path: Path) -> str:
    from .errors import InputError

    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), "unreadable", str(getattr(exc, "strerror", None) or exc)) from None


def _print_verdicts(verdicts, lines: bool, as_json: bool) -> None:
    from .publish.text import print_verdict
    from .records import to_dict

    for verdict in verdicts:
        if lines:  # one JSON document a line, flushed as each claim is checked
            print(json.dumps(to_dict(verdict), ensure_ascii=False), flush=True)
        elif as_json:
            out.print_json(json.dumps(to_dict(verdict), ensure_ascii=False))
        else:
            print_verdict(verdict, out)


@app.command("run")
def run_cmd(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")],
    db: DbOption = "newsprism.db",
    model: ModelOption = None,
    fmt: FormatOption = "terminal",
    outlet: OutletOption = None,
    url: UrlOption = None,
    date: DateOption = None,
    n_process: NProcessOption = None,
    config: ConfigOption = None,
) -> None:
    """Ingest, read, group, cross-check, and print the brief of every storyline (``-f json``: one JSON
    array of briefs; ``-f jsonl``: one brief a line)."""
    from .publish import FORMATS

    if fmt not in FORMATS:  # before any work, not after minutes of reading
        raise typer.BadParameter(f"one of {', '.join(FORMATS)}", param_hint="--format")
    settings = _settings(config)
    options = _ingest_options(outlet, url, date, settings)
    from .pipeline import stories
    from .publish import render
    from .store import Store

    reader = _reader(model, n_process, settings)
    report, barren = _ingest(paths, db, reader, quiet=False, options=options, settings=settings)
    if not report.added and not report.skipped:
        raise typer.Exit(1)  # nothing to group: each path said why, above
    with Store(db) as store:
        with _stage_progress() as progress:
            grouping = stories(store, settings=settings, progress=progress)
        if fmt == "terminal":
            from .publish.text import print_run_summary

            print_run_summary(store, out)  # one screen first: what the briefs below add up to
        if fmt == "json":  # one document for the whole run (briefs back to back would not parse)
            from .publish.assemble import build_brief
            from .publish.json import render_json_list

            _emit(render_json_list([build_brief(store, s.id, settings=settings) for s in grouping.storylines]), None)
        else:  # jsonl: one brief a line
            for storyline in grouping.storylines:
                _emit(render(store, storyline.id, fmt, console=out, settings=settings), None)
    if barren:
        raise typer.Exit(1)


# The web app's packages are an extra: newsprism reads, groups, checks and writes briefs without them.
INSTALL_WEB = "pip install 'newsprism[web]'"
_WEB_PACKAGES = {"fastapi": "fastapi", "uvicorn": "uvicorn", "python_multipart": "python-multipart"}


def _web():
    """uvicorn and the web app's factory; one error line naming the extra when a package is missing."""
    import importlib.util

    missing = [pip for module, pip in _WEB_PACKAGES.items() if importlib.util.find_spec(module) is None]
    if missing:
        raise NewsprismError(f"newsprism serve needs {', '.join(missing)}: {INSTALL_WEB}")
    import uvicorn

    from .web.app import create_app

    return uvicorn, create_app


@app.command("serve")
def serve_cmd(
    db: DbOption = "newsprism.db",
    host: Annotated[str, typer.Option(help="Interface to bind; 127.0.0.1 keeps it local.")] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
    workers: Annotated[Optional[int], typer.Option(help="Server processes; default: one per CPU.")] = None,
    create: Annotated[bool, typer.Option("--create", help="Start on a new, empty store when --db names none "
                                                          "(to fill it by upload).")] = False,
    config: ConfigOption = None,
) -> None:
    """Browse stories and compare sources in a local web app."""
    uvicorn, create_app = _web()
    from .settings import CONFIG_ENV
    from .store import Store

    settings = _settings(config)  # a bad settings file fails here, once, not in every worker
    Store(db, create=create).close()  # a mistyped --db is an error, not a new empty store
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        uvicorn.run(create_app(db, settings=settings), host=host, port=port, log_level="info")
        return
    create_app(db, settings=settings)  # a bad store path fails here, once, not in every worker
    os.environ["NEWSPRISM_DB"] = str(db)  # each worker builds its own app over the same store
    if config is not None:
        os.environ[CONFIG_ENV] = str(Path(config).resolve())  # ... with the same settings
    uvicorn.run("newsprism.web.app:app_from_env", factory=True, workers=workers, host=host, port=port,
                log_level="info")


@app.command("scale")
def scale_cmd(
    paths: Annotated[list[str], typer.Argument(help="Files or folders (every worker must see them).")],
    db: DbOption = "newsprism.db",
    workers: Annotated[Optional[int], typer.Option(help="Worker processes of the local cluster "
                                                       "(default: the settings' scale.workers, 2).")] = None,
    threads: Annotated[Optional[int], typer.Option(help="Threads per local worker (each loads its own spaCy "
                                                        "model; default: scale.threads, 1).")] = None,
    scheduler: Annotated[
        Optional[str], typer.Option(help="Address of a running Dask scheduler (tcp://host:8786) instead of a "
                                         "local cluster.")
    ] = None,
    partitions: Annotated[Optional[int], typer.Option(help="Shards to cut the input into; default 4 per "
                                                           "worker thread.")] = None,
    model: ModelOption = None,
    stories: Annotated[Optional[bool], typer.Option(help="Group and cross-check on the driver at the end "
                                                        "(default: scale.stories, true).")] = None,
    config: ConfigOption = None,
) -> None:
    """Ingest, clean and read on a Dask cluster (local by default); the store is written here only."""
    # Dask logs every worker start and stop at INFO: a screenful before the first record.  The
    # environment variable reaches the worker processes too (dask reads it when imported).
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")
    logging.getLogger("distributed").setLevel(logging.WARNING)
    import dataclasses

    from .scale import connect, run_distributed
    from .store import Store

    settings = _settings(config)
    base = settings.scale_options()
    given = {k: v for k, v in (("workers", workers), ("threads", threads), ("partitions", partitions),
                               ("stories", stories)) if v is not None}
    try:
        options = dataclasses.replace(base, **given, read=dataclasses.replace(base.read, model=model or base.read.model))
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    with Store(db) as store:
        if scheduler:
            with connect(scheduler) as client:
                report = run_distributed(paths, store, client=client, options=options)
        else:
            report = run_distributed(paths, store, options=options)
    _print_rejections(report.rejected)
    _say(f"{len(report.added)} added, {report.skipped} already stored, {len(report.rejected)} rejected"
         f" ({report.shards} shards, {len(report.failed_shards)} failed) -> {shown(db)}")
    if report.grouping is not None:
        _say(f"{len(report.grouping.events)} events, {len(report.grouping.storylines)} storylines")


@app.command("config")
def config_cmd(
    show: Annotated[bool, typer.Option("--show", help="Print every setting with its effective value (TOML).")] = False,
    config: ConfigOption = None,
) -> None:
    """The settings every command runs with: the defaults, changed by the --config file (or
    $NEWSPRISM_CONFIG).  `--show` prints them as a settings file to start from."""
    settings = _settings(config)  # a bad file is an error even without --show
    if show:
        out.print(settings.to_toml(), end="", markup=False, highlight=False, soft_wrap=True)
    else:
        _say(f"settings: {config or os.environ.get('NEWSPRISM_CONFIG') or 'defaults'} (newsprism config --show "
             f"prints them)")


def _emit(text: str | None, output: Path | None) -> None:
    if text is None:
        return
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:  # a missing folder, no permission: one line, not a traceback
            raise NewsprismError(f"cannot write {output}: {exc.strerror or exc}") from exc
        err.print(f"wrote {output}")


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # trafilatura warns on a page it finds no text in ("discarding data"); that page is already
    # a rejection line of its own, so its warning would say the same thing twice.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    try:
        app()
    except NewsprismError as exc:
        _say(str(exc), prefix=("error: ", "red"))
        sys.exit(2)
    except Exception as exc:
        if not is_unusable_store(exc):
            raise
        # Locked past the wait, its server gone, full, read-only: one line, as at opening, not a traceback.
        _say(f"the store cannot be used: {describe(exc)}", prefix=("error: ", "red"))
        sys.exit(2)


if __name__ == "__main__":
    main()
