"""Shared fixtures.  Models are loaded once per test session (they take seconds)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "samples" / "blinken-2021"
EXAMPLES = ROOT / "examples"
DATA = Path(__file__).resolve().parent / "data"
# CI (.ci/run) sets this: there a gate whose data is missing fails instead of skipping, since a
# gate that skips silently gates nothing.
REQUIRE_SHARED = os.environ.get("NEWSPRISM_REQUIRE_SHARED") == "1"


# A PostgreSQL database the store tests may use (.ci/postgres.sh start prints it); each test gets a
# schema of its own in it.  Unset: the postgresql cases skip, unless NEWSPRISM_REQUIRE_PG=1 (CI).
TEST_PG = os.environ.get("NEWSPRISM_TEST_PG", "")
REQUIRE_PG = os.environ.get("NEWSPRISM_REQUIRE_PG") == "1"


def missing_data(what: str):
    """Skip (a developer's machine without ../shared) or fail (CI) a test whose data is missing."""
    message = f"{what} is not beside the checkout"
    if REQUIRE_SHARED:
        pytest.fail(f"{message} (NEWSPRISM_REQUIRE_SHARED=1)")
    pytest.skip(message)


def sample_path(prefix: str) -> Path:
    """A sample article by its number ("01" ... "04")."""
    (path,) = sorted(SAMPLES.glob(f"{prefix}-*"))
    return path


def run_cli(args, monkeypatch, capsys) -> tuple[int, str, list[str]]:
    """``newsprism ARGS`` through :func:`cli.main` in this process: (exit code, stdout, stderr lines),
    so a test sees the one error line and the exit code a user would."""
    from newsprism import cli

    monkeypatch.setattr("sys.argv", ["newsprism", *args])
    code = 0
    try:
        cli.main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err.splitlines()


def missing_postgres(why: str):
    """Skip (a developer without a PostgreSQL server) or fail (CI) a PostgreSQL case."""
    message = f"PostgreSQL store not tested: {why} (.ci/postgres.sh start; export NEWSPRISM_TEST_PG=...)"
    if REQUIRE_PG:
        pytest.fail(f"{message} (NEWSPRISM_REQUIRE_PG=1)")
    pytest.skip(message)


def postgres_url(request) -> str:
    """The URL of a new, empty schema in $NEWSPRISM_TEST_PG, dropped after the test: a clean store."""
    if not TEST_PG:
        missing_postgres("NEWSPRISM_TEST_PG is not set")
    try:
        import psycopg
    except ImportError:
        missing_postgres("psycopg is not installed (pip install 'newsprism[postgres]')")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(TEST_PG, autocommit=True, connect_timeout=10) as con:
            con.execute(f"CREATE SCHEMA {schema}")
    except psycopg.OperationalError as exc:
        missing_postgres(f"cannot connect to {TEST_PG}: {exc}")

    def drop() -> None:
        with psycopg.connect(TEST_PG, autocommit=True, connect_timeout=10) as con:
            con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")

    request.addfinalizer(drop)
    # libpq's options: every connection to this URL works in the schema (its tables are created there).
    return f"{TEST_PG}{'&' if '?' in TEST_PG else '?'}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """What ``--db`` names for a new, empty store: an SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        return str(tmp_path / "s.db")
    return postgres_url(request)


@pytest.fixture()
def pg_url(request) -> str:
    """A new, empty PostgreSQL store (a test that is about PostgreSQL only)."""
    return postgres_url(request)


@pytest.fixture(scope="session")
def nlp():
    from newsprism.read import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def reader(nlp):
    from newsprism.read import Reader

    return Reader(nlp=nlp)


@pytest.fixture(scope="session")
def samples_available() -> bool:
    if not SAMPLES.exists():
        missing_data("../shared/samples")
    return True


@pytest.fixture(scope="session")
def gold_scores(reader):
    """``gold_scores("figures.jsonl")`` -> {task: Score} from the evaluation harness, once per file."""
    from newsprism.evaluation.gold import evaluate, load_gold

    cache: dict[str, dict] = {}

    def scores(name: str) -> dict:
        if name not in cache:
            cache[name] = evaluate(load_gold([DATA / "gold" / name]), reader, root=ROOT)
        return cache[name]

    return scores
