"""What differs between the store's two databases, in one place: SQLite (a file, the default) and
PostgreSQL (a server, chosen by a ``postgresql://`` URL).

:class:`~newsprism.store.Store` writes its SQL once, in the subset both understand: ``?``
placeholders, ``INSERT ... ON CONFLICT`` for upserts, ``"end"`` quoted.  What is left differs
here: how to connect and what a failure to connect says, the schema's types, how a write
transaction begins, how concurrent writers are kept apart, which column keeps insertion order,
and what tells a reader that the store changed.

On PostgreSQL the store's connection is a :class:`PgConnection`: the same ``execute`` /
``executemany`` as ``sqlite3.Connection``, ``?`` placeholders included, and rows read by position or
by column name, as ``sqlite3.Row`` is, so that code which queries ``store.db`` runs on both.
"""

from __future__ import annotations

import functools
import hashlib
import re
import sqlite3
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, SupportsIndex
from urllib.parse import urlsplit, urlunsplit

from .errors import StoreError

BUSY_TIMEOUT_S = 60.0  # seconds a writer waits for another's transaction (or lock) before it fails
POSTGRES_SCHEMES = ("postgresql://", "postgres://")
INSTALL_POSTGRES = "pip install 'newsprism[postgres]'"


def is_postgres(target: str | Path) -> bool:
    """Does ``--db`` name a PostgreSQL server (a URL) rather than an SQLite file?"""
    return isinstance(target, str) and target.startswith(POSTGRES_SCHEMES)


def shown(target: str | Path) -> str:
    """``target`` as messages may show it: a URL's password is hidden."""
    text = str(target)
    if not is_postgres(text):
        return text
    parts = urlsplit(text)
    if parts.password is None:
        return text
    netloc = parts.netloc.rsplit("@", 1)
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{netloc[1]}"))


def dialect_for(target: str | Path) -> Dialect:
    return Postgres() if is_postgres(target) else SQLite()


def is_unusable_store(exc: BaseException) -> bool:
    """True for an error no record causes: the store is locked, gone, full or read-only."""
    if isinstance(exc, sqlite3.OperationalError):
        return True
    psycopg = sys.modules.get("psycopg")  # only loaded when a PostgreSQL store was opened
    return psycopg is not None and isinstance(exc, psycopg.OperationalError)


class Dialect:
    """The part of the store's SQL, connection and concurrency that depends on the database."""

    name = ""
    begin = "BEGIN"  # opens a write transaction
    order = "rowid"  # the column that keeps insertion order (``ORDER BY`` it: ingest order)
    like = "LIKE"  # case-insensitive (for ASCII) as SQLite's LIKE is

    def connect(self, target: str, schema: str, version: int, *, create: bool) -> Any:
        raise NotImplementedError

    def lock(self, db: Any, key: str) -> None:
        """Inside a write transaction: wait until no other transaction holds ``key``, then hold it
        until this one ends (two writers of the same article, or of the stories, one after the other)."""

    def data_version(self, db: Any) -> str:
        """A value that changes whenever another connection commits a change to the store."""
        raise NotImplementedError


class SQLite(Dialect):
    """One file; ``BEGIN IMMEDIATE`` takes the whole database's write lock, so writers never interleave."""

    name = "sqlite"
    begin = "BEGIN IMMEDIATE"
    order = "rowid"

    def connect(self, target: str, schema: str, version: int, *, create: bool) -> sqlite3.Connection:
        if not create and target != ":memory:" and not Path(target).exists():
            raise StoreError(f"no store at {target} (newsprism ingest PATH --db {target} creates one)")
        try:
            # isolation_level=None: we open transactions ourselves, explicitly.  A second writer
            # (two ingests, an ingest beside `stories` or the web app) waits for the lock rather than
            # failing with "database is locked" after sqlite3's default 5 s: on a busy 2-core machine
            # one article's transaction can hold it that long.
            db = sqlite3.connect(target, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_S)
        except sqlite3.Error as exc:  # pragma: no cover - depends on the file system
            raise StoreError(f"cannot open store {target}: {exc}") from exc
        db.row_factory = sqlite3.Row
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                self._prepare(db, target, schema, version)
                return db
            except sqlite3.OperationalError as exc:
                # Two processes creating one new store at once: switching the file to WAL returns
                # "database is locked" at once, without sqlite's busy wait; try again until the
                # other has finished (the schema is idempotent).
                if "locked" in str(exc) and time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                db.close()
                raise StoreError(f"cannot open store {target}: {exc}") from exc
            except sqlite3.DatabaseError as exc:  # "file is not a database": a --db naming some other file
                db.close()
                raise StoreError(f"cannot open store {target}: {exc}") from exc

    @staticmethod
    def _prepare(db: sqlite3.Connection, target: str, schema: str, version: int) -> None:
        if target != ":memory:":
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.executescript(schema)
        db.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)", (str(version),))

    def data_version(self, db: sqlite3.Connection) -> str:
        # Changes when another connection commits; asking costs microseconds.
        return str(db.execute("PRAGMA data_version").fetchone()[0])


class Postgres(Dialect):
    """A PostgreSQL database (or a schema of one: ``?options=-csearch_path%3Dname`` in the URL).

    Every statement outside a transaction commits on its own (autocommit), as on SQLite with
    ``isolation_level=None``: a reader never sits idle inside a transaction.  Writers of different
    articles run side by side; :meth:`lock` (a transaction-scoped advisory lock) makes two writers
    of the same article, or two runs replacing the stories, take turns.
    """

    name = "postgresql"
    begin = "BEGIN"
    order = "seq"  # PostgreSQL has no rowid: the tables read in ingest order get an identity column
    like = "ILIKE"  # PostgreSQL's LIKE tells case apart; SQLite's does not

    def connect(self, target: str, schema: str, version: int, *, create: bool) -> PgConnection:
        try:
            import psycopg
        except ImportError:
            raise StoreError(f"the store {shown(target)} is on PostgreSQL, which needs psycopg: "
                             f"{INSTALL_POSTGRES}") from None
        try:
            kwargs: dict[str, Any] = {} if "connect_timeout" in target else {"connect_timeout": 10}
            conn = psycopg.connect(target, autocommit=True, row_factory=_row_factory, **kwargs)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to the store {shown(target)}: {_first_line(exc)}") from None
        db = PgConnection(conn)
        try:
            # A writer waits this long for another's locks, then fails (SQLite's busy timeout);
            # CREATE ... IF NOT EXISTS says NOTICE "already exists" otherwise.
            db.execute(f"SET lock_timeout = '{int(BUSY_TIMEOUT_S * 1000)}ms'")
            db.execute("SET client_min_messages = warning")
            self._ensure_schema(db, target, postgres_schema(schema), version, create=create)
        except psycopg.Error as exc:
            db.close()
            raise StoreError(f"cannot open store {shown(target)}: {_first_line(exc)}") from None
        except BaseException:
            db.close()
            raise
        return db

    def _ensure_schema(self, db: PgConnection, target: str, schema: str, version: int, *, create: bool) -> None:
        # The schema is created only when it is missing or another version: CREATE INDEX IF NOT EXISTS
        # takes a lock on its table even when the index is there, and every web request opens the store.
        digest = hashlib.blake2b(schema.encode(), digest_size=8).hexdigest()
        if db.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()[0]:
            row = db.execute("SELECT value FROM meta WHERE key = 'schema_digest'").fetchone()
            if row is not None and row[0] == digest:
                return
        elif not create:
            raise StoreError(f"no store at {shown(target)} (newsprism ingest PATH --db URL creates one)")
        with db.transaction(self.begin):
            self.lock(db, "schema")  # two processes creating the tables at once would collide in the catalogue
            db.execute(schema)
            db.execute("INSERT INTO meta(key, value) VALUES ('schema_version', ?) ON CONFLICT DO NOTHING",
                       (str(version),))
            db.execute("INSERT INTO meta(key, value) VALUES ('schema_digest', ?)"
                       " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (digest,))

    def lock(self, db: PgConnection, key: str) -> None:
        # Per schema: two stores in one database (a schema each) do not wait for each other.
        db.execute("SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':' || ?, 0))", (key,))

    def data_version(self, db: PgConnection) -> str:
        # The server's transaction snapshot: it changes when any write transaction starts or ends
        # (on the whole server: more often than this store changes, never less), one round trip.
        return db.execute("SELECT pg_current_snapshot()::text").fetchone()[0]


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


# The tables read back in insertion order (``ORDER BY rowid`` on SQLite).
_ORDERED_TABLES = ("articles", "entities", "rejections")


def postgres_schema(sqlite_schema: str) -> str:
    """The SQLite schema in PostgreSQL's types.

    REAL is a 4-byte float in PostgreSQL (8 in SQLite): DOUBLE PRECISION.  INTEGER is 4 bytes:
    BIGINT.  TEXT compares by the database's locale: ``COLLATE "C"`` orders by code point, as SQLite
    does, so ``ORDER BY id`` gives the same order on both.  BLOB is BYTEA.  The tables SQLite reads
    in ``rowid`` order get a ``seq`` identity column.
    """
    sql = re.sub(r"\bREAL\b", "DOUBLE PRECISION", sqlite_schema)
    sql = re.sub(r"\bINTEGER\b", "BIGINT", sql)
    sql = re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', sql)
    sql = re.sub(r"\bBLOB\b", "BYTEA", sql)
    for table in _ORDERED_TABLES:
        sql, n = re.subn(rf"(CREATE TABLE IF NOT EXISTS {table} \()",
                         r"\1seq BIGINT GENERATED ALWAYS AS IDENTITY, ", sql)
        assert n == 1, table
    return sql


@functools.lru_cache(maxsize=1024)
def _placeholders(sql: str) -> str:
    """``?`` placeholders as psycopg's ``%s`` (a literal ``%`` doubled).  Our SQL has no ``?`` in a
    string literal: the values always travel as parameters."""
    return sql.replace("%", "%%").replace("?", "%s")


class Row(tuple):
    """A result row read by position or by column name, as ``sqlite3.Row`` is."""

    __slots__ = ()
    _index: dict[str, int] = {}

    def __getitem__(self, key: SupportsIndex | slice | str) -> Any:  # by name as well as by position
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


@functools.lru_cache(maxsize=256)
def _row_class(names: tuple[str, ...]) -> type[Row]:
    return type("Row", (Row,), {"__slots__": (), "_index": {n: i for i, n in enumerate(names)}})


def _row_factory(cursor) -> Any:
    """psycopg's row factory: a :class:`Row` class per result's column names (made once, cached)."""
    if cursor.description is None:
        return tuple
    return _row_class(tuple(c.name for c in cursor.description))


class PgConnection:
    """A psycopg connection with ``sqlite3.Connection``'s ``execute``/``executemany`` and ``?`` placeholders."""

    def __init__(self, conn):
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] | None = None):
        if params is None:
            return self.conn.execute(sql)
        return self.conn.execute(_placeholders(sql), params)

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]):
        cur = self.conn.cursor()
        cur.executemany(_placeholders(sql), list(seq))
        return cur

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.conn.info.transaction_status != TransactionStatus.IDLE

    def transaction(self, begin: str = "BEGIN") -> Transaction:
        return Transaction(self, begin)

    def close(self) -> None:
        self.conn.close()


class Transaction:
    """``begin`` ... ``COMMIT``, or ``ROLLBACK`` on any exception.  Re-entrant: an inner one is part
    of the outer (one article with all its rows, one replacement of the stories)."""

    def __init__(self, db: Any, begin: str):
        self.db = db
        self.begin = begin
        self.outer = False

    def __enter__(self):
        if not self.db.in_transaction:
            self.db.execute(self.begin)
            self.outer = True
        return self.db

    def __exit__(self, exc_type, exc, tb):
        if not self.outer:
            return False
        if exc_type is None:
            self.db.execute("COMMIT")
        else:
            self.db.execute("ROLLBACK")
        return False
