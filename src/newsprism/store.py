"""The store: one SQLite file, written in transactions.

Each article is written with everything read from it (removed lines, entities,
mentions, quotes, figures, dates, opinions) in one transaction, so a run killed
at any point leaves no half-written article, and the next run skips the
articles already there (ids are content hashes: re-ingesting is a no-op).

Stories (events, storylines, copy links, findings) are derived data: grouping
replaces them in one transaction.  So that a rerun only does new work, the store
also keeps what grouping and cross-checking derived per article or per pair and
would otherwise recompute every time (``vectors``, ``article_cache``,
``copy_judgments``) and, per story, a key of everything its findings depend on
(``story_checks``): a story whose key is unchanged keeps its findings.  Each cached
row names the version of the code that made it; another version is a miss.

The query tables (entities, quotes, figures, ...) are for search and for other
tools; the ``facts`` table keeps the whole :class:`ArticleFacts` record as JSON
so that loading it back is exact.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path

from .errors import NotFound, StoreError
from .records import (
    Article,
    ArticleFacts,
    CopyLink,
    Event,
    Finding,
    Rejection,
    RemovedLine,
    Storyline,
    from_dict,
    to_dict,
)

_BUSY_TIMEOUT_S = 60.0  # seconds a writer waits for another's transaction
SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, record INTEGER NOT NULL, format TEXT NOT NULL,
    title TEXT, url TEXT, outlet TEXT, date TEXT, author TEXT, text TEXT NOT NULL,
    ingested_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY REFERENCES documents(id), text TEXT NOT NULL,
    title TEXT, url TEXT, outlet TEXT, date TEXT, author TEXT,
    source TEXT NOT NULL, format TEXT NOT NULL, record INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS removed_lines (
    article_id TEXT NOT NULL REFERENCES articles(id), line_no INTEGER NOT NULL,
    text TEXT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (article_id, line_no)
);
CREATE TABLE IF NOT EXISTS facts (
    article_id TEXT PRIMARY KEY REFERENCES articles(id), data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY, article_id TEXT NOT NULL, name TEXT NOT NULL, label TEXT NOT NULL,
    descriptors TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entities_name ON entities(name);
CREATE INDEX IF NOT EXISTS entities_article ON entities(article_id);
CREATE TABLE IF NOT EXISTS mentions (
    entity_id TEXT NOT NULL, article_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);
CREATE TABLE IF NOT EXISTS quotes (
    article_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, direct INTEGER NOT NULL,
    speaker TEXT, speaker_name TEXT, cue TEXT, text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_id);
CREATE TABLE IF NOT EXISTS figures (
    article_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, value REAL,
    unit TEXT NOT NULL, qualifier TEXT, text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS figures_article ON figures(article_id);
CREATE TABLE IF NOT EXISTS dates (
    article_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, value TEXT,
    relative INTEGER NOT NULL, text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dates_article ON dates(article_id);
CREATE TABLE IF NOT EXISTS opinions (
    article_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, reason TEXT NOT NULL,
    score REAL NOT NULL, text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rejections (
    source TEXT NOT NULL, record INTEGER, stage TEXT NOT NULL, reason TEXT NOT NULL,
    detail TEXT NOT NULL, at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS vectors (
    article_id TEXT NOT NULL, kind TEXT NOT NULL, dim INTEGER NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (article_id, kind)
);
CREATE TABLE IF NOT EXISTS storylines (id TEXT PRIMARY KEY, title TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY, storyline_id TEXT, title TEXT NOT NULL, start_date TEXT, data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS event_articles (
    event_id TEXT NOT NULL, article_id TEXT NOT NULL, PRIMARY KEY (event_id, article_id)
);
CREATE INDEX IF NOT EXISTS event_articles_article ON event_articles(article_id);
CREATE TABLE IF NOT EXISTS copies (
    article_id TEXT PRIMARY KEY, original_id TEXT NOT NULL, kind TEXT NOT NULL, similarity REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS findings (
    id TEXT PRIMARY KEY, story_id TEXT NOT NULL, kind TEXT NOT NULL, data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS findings_story ON findings(story_id);
CREATE TABLE IF NOT EXISTS story_checks (story_id TEXT PRIMARY KEY, key TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS article_cache (
    article_id TEXT NOT NULL, kind TEXT NOT NULL, version TEXT NOT NULL, text_key TEXT NOT NULL,
    data TEXT NOT NULL, PRIMARY KEY (article_id, kind)
);
CREATE TABLE IF NOT EXISTS copy_judgments (
    copy_id TEXT NOT NULL, other_id TEXT NOT NULL, version TEXT NOT NULL, kind TEXT, similarity REAL,
    PRIMARY KEY (copy_id, other_id)
);
"""


def _json(value) -> str:
    return json.dumps(to_dict(value), ensure_ascii=False, sort_keys=True)


class Store:
    """A newsprism store in one SQLite file (``":memory:"`` works for tests).

    Use as a context manager, or call :meth:`close`.
    """

    def __init__(self, path: str | Path = "newsprism.db", *, create: bool = True):
        """``create=False``: the store must exist already (commands that only read one must not
        leave an empty store behind a mistyped ``--db``: issue 13)."""
        self.path = str(path)
        if not create and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError(f"no store at {self.path} (newsprism ingest PATH --db {self.path} creates one)")
        try:
            # isolation_level=None: we open transactions ourselves, explicitly.  A second writer
            # (two ingests, an ingest beside `stories` or the web app) waits for the lock rather than
            # failing with "database is locked" after sqlite3's default 5 s: on a busy 2-core machine
            # one article's transaction can hold it that long.
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                      timeout=_BUSY_TIMEOUT_S)
        except sqlite3.Error as exc:  # pragma: no cover - depends on the file system
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        self.db.row_factory = sqlite3.Row
        try:
            if self.path != ":memory:":
                self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.executescript(SCHEMA)
            self.db.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
        except sqlite3.DatabaseError as exc:  # "file is not a database": a --db naming some other file
            self.db.close()
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc

    # -- lifecycle -------------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def transaction(self):
        return _Transaction(self.db)

    # -- articles ----------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        row = self.db.execute("SELECT 1 FROM facts WHERE article_id = ?", (article_id,)).fetchone()
        return row is not None

    def save_article(self, article: Article, facts: ArticleFacts, document_text: str | None = None) -> bool:
        """Write one article and all its facts in one transaction.

        Returns False (and writes nothing) when the article is already stored.
        """
        with self.transaction():
            if self.has_article(article.id):
                return False
            db = self.db
            db.execute(
                "INSERT OR IGNORE INTO documents(id, source, record, format, title, url, outlet, date, author,"
                " text, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    article.id, article.source, article.record, article.format, article.title,
                    article.url, article.outlet, article.date, article.author,
                    document_text if document_text is not None else article.text, time.time(),
                ),
            )
            db.execute(
                "INSERT OR REPLACE INTO articles(id, text, title, url, outlet, date, author, source, format, record)"
                " VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    article.id, article.text, article.title, article.url, article.outlet, article.date,
                    article.author, article.source, article.format, article.record,
                ),
            )
            db.executemany(
                "INSERT OR REPLACE INTO removed_lines(article_id, line_no, text, reason) VALUES (?,?,?,?)",
                [(article.id, r.line_no, r.text, r.reason) for r in article.removed],
            )
            text = article.text
            for ent in facts.entities:
                db.execute(
                    "INSERT OR REPLACE INTO entities(id, article_id, name, label, descriptors) VALUES (?,?,?,?,?)",
                    (ent.id, article.id, ent.name, ent.label, _json(ent.descriptors)),
                )
                db.executemany(
                    'INSERT INTO mentions(entity_id, article_id, start, "end") VALUES (?,?,?,?)',
                    [(ent.id, article.id, m.start, m.end) for m in ent.mentions],
                )
            db.executemany(
                'INSERT INTO quotes(article_id, start, "end", direct, speaker, speaker_name, cue, text)'
                " VALUES (?,?,?,?,?,?,?,?)",
                [
                    (article.id, q.span.start, q.span.end, int(q.direct), q.speaker, q.speaker_name, q.cue,
                     q.span.text(text))
                    for q in facts.quotes
                ],
            )
            db.executemany(
                'INSERT INTO figures(article_id, start, "end", value, unit, qualifier, text) VALUES (?,?,?,?,?,?,?)',
                [
                    (article.id, f.span.start, f.span.end, f.value, f.unit, f.qualifier, f.span.text(text))
                    for f in facts.figures
                ],
            )
            db.executemany(
                'INSERT INTO dates(article_id, start, "end", value, relative, text) VALUES (?,?,?,?,?,?)',
                [
                    (article.id, d.span.start, d.span.end, d.value, int(d.relative), d.span.text(text))
                    for d in facts.dates
                ],
            )
            db.executemany(
                'INSERT INTO opinions(article_id, start, "end", reason, score, text) VALUES (?,?,?,?,?,?)',
                [
                    (article.id, o.span.start, o.span.end, o.reason, o.score, o.span.text(text))
                    for o in facts.opinions
                ],
            )
            db.execute("INSERT INTO facts(article_id, data) VALUES (?, ?)", (article.id, _json(facts)))
        return True

    def save_rejection(self, rejection: Rejection) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO rejections(source, record, stage, reason, detail, at) VALUES (?,?,?,?,?,?)",
                (rejection.source, rejection.record, rejection.stage, rejection.reason, rejection.detail,
                 time.time()),
            )

    def rejections(self) -> list[Rejection]:
        rows = self.db.execute("SELECT * FROM rejections ORDER BY rowid").fetchall()
        return [
            Rejection(source=r["source"], record=r["record"], stage=r["stage"], reason=r["reason"],
                      detail=r["detail"])
            for r in rows
        ]

    def article_ids(self) -> list[str]:
        """Ids of all fully stored articles, in ingest order."""
        rows = self.db.execute(
            "SELECT a.id FROM articles a JOIN facts f ON f.article_id = a.id ORDER BY a.rowid"
        ).fetchall()
        return [r[0] for r in rows]

    def count_articles(self) -> int:
        return self.db.execute("SELECT count(*) FROM facts").fetchone()[0]

    def count_ungrouped(self) -> int:
        """Stored articles in no event yet: what the next ``stories`` run will place."""
        return self.db.execute(
            "SELECT count(*) FROM facts WHERE article_id NOT IN (SELECT article_id FROM event_articles)").fetchone()[0]

    def note(self, key: str, value: str | None) -> None:
        """Keep (or with None, forget) a short note in the ``meta`` table: a state every process sees."""
        with self.transaction():
            if value is None:
                self.db.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def noted(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def article(self, article_id: str) -> Article:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFound(f"no article {article_id!r} in {self.path}")
        removed = tuple(
            RemovedLine(line_no=r["line_no"], text=r["text"], reason=r["reason"])
            for r in self.db.execute(
                "SELECT line_no, text, reason FROM removed_lines WHERE article_id = ? ORDER BY line_no",
                (article_id,),
            )
        )
        return Article(
            id=row["id"], text=row["text"], source=row["source"], format=row["format"], record=row["record"],
            title=row["title"], url=row["url"], outlet=row["outlet"], date=row["date"], author=row["author"],
            removed=removed,
        )

    def document_text(self, article_id: str) -> str:
        row = self.db.execute("SELECT text FROM documents WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFound(f"no document {article_id!r} in {self.path}")
        return row[0]

    def facts(self, article_id: str) -> ArticleFacts:
        row = self.db.execute("SELECT data FROM facts WHERE article_id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFound(f"no facts for article {article_id!r} in {self.path}")
        return from_dict(ArticleFacts, json.loads(row[0]))

    def articles(self, ids: Iterable[str] | None = None) -> Iterator[tuple[Article, ArticleFacts]]:
        for article_id in self.article_ids() if ids is None else ids:
            yield self.article(article_id), self.facts(article_id)

    def article_texts(self) -> dict[str, str]:
        """Cleaned text of every fully stored article, by id, in ingest order (one query: no facts)."""
        rows = self.db.execute(
            "SELECT a.id, a.text FROM articles a JOIN facts f ON f.article_id = a.id ORDER BY a.rowid")
        return dict(rows.fetchall())

    def entity_names(self) -> dict[str, list[tuple[str, str]]]:
        """``(name, label)`` of every entity of every article, by article id, from the query table
        (what cross-checking needs of all articles to scope stories, without loading their facts)."""
        out: dict[str, list[tuple[str, str]]] = {}
        for article_id, name, label in self.db.execute(
                "SELECT article_id, name, label FROM entities ORDER BY article_id, rowid"):
            out.setdefault(article_id, []).append((name, label))
        return out

    def resolve_article_id(self, prefix: str) -> str:
        """Full article id from a unique prefix (ids are long hashes; people type the start)."""
        rows = self.db.execute(
            "SELECT id FROM articles WHERE id LIKE ? ORDER BY id LIMIT 2", (prefix + "%",)
        ).fetchall()
        if len(rows) != 1:
            raise NotFound(f"no article or several articles with id {prefix!r} in {self.path}")
        return rows[0][0]

    # -- vectors (grouping caches embeddings here) --------------------------------

    def save_vector(self, article_id: str, kind: str, vector) -> None:
        import numpy as np

        arr = np.asarray(vector, dtype=np.float32)
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO vectors(article_id, kind, dim, data) VALUES (?,?,?,?)",
                (article_id, kind, arr.shape[-1], arr.tobytes()),
            )

    def vector(self, article_id: str, kind: str):
        import numpy as np

        row = self.db.execute(
            "SELECT dim, data FROM vectors WHERE article_id = ? AND kind = ?", (article_id, kind)
        ).fetchone()
        if row is None:
            return None
        return np.frombuffer(row["data"], dtype=np.float32).reshape(-1, row["dim"])

    # -- caches of derived data (grouping features, copy signatures, copy judgments) --------

    def cached(self, kind: str, version: str, texts: Mapping[str, str]) -> dict[str, str]:
        """The ``kind`` entries made by code ``version`` for the articles of ``texts`` (id -> text),
        whose text is still the one they were made from."""
        rows = self.db.execute("SELECT article_id, text_key, data FROM article_cache WHERE kind = ? AND version = ?",
                               (kind, version))
        return {a: data for a, key, data in rows if a in texts and key == text_key(texts[a])}

    def save_cached(self, kind: str, version: str, entries: Iterable[tuple[str, str, str]]) -> None:
        """Keep ``(article id, its text, data)`` entries of ``kind``; an entry of another version is replaced."""
        with self.transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO article_cache(article_id, kind, version, text_key, data) VALUES (?,?,?,?,?)",
                [(a, kind, version, text_key(text), data) for a, text, data in entries])

    def copy_judgments(self, version: str) -> dict[tuple[str, str], tuple[str, float] | None]:
        """Copy judgments of ordered article pairs made by code ``version`` (None: not a copy)."""
        rows = self.db.execute("SELECT copy_id, other_id, kind, similarity FROM copy_judgments WHERE version = ?",
                               (version,))
        return {(a, b): (kind, sim) if kind is not None else None for a, b, kind, sim in rows}

    def save_copy_judgments(self, version: str,
                            judgments: Mapping[tuple[str, str], tuple[str, float] | None]) -> None:
        """Keep pair judgments (article ids are content hashes: a pair's texts never change); those of
        other versions go."""
        with self.transaction():
            self.db.execute("DELETE FROM copy_judgments WHERE version != ?", (version,))
            self.db.executemany(
                "INSERT OR REPLACE INTO copy_judgments(copy_id, other_id, version, kind, similarity) VALUES (?,?,?,?,?)",
                [(a, b, version, *(j if j is not None else (None, None))) for (a, b), j in judgments.items()])

    # -- stories -----------------------------------------------------------------

    def replace_stories(
        self,
        storylines: Iterable[Storyline],
        events: Iterable[Event],
        copies: Iterable[CopyLink],
        findings: Iterable[Finding],
        *,
        checks: Mapping[str, str] | None = None,
        keep: Collection[str] = (),
    ) -> None:
        """Replace all derived story data in one transaction.

        ``checks``: story id -> the key its findings were made (or kept) under, for
        :meth:`story_checks`; ``keep``: stories whose stored findings stay as they are (their
        key is unchanged), the others' are replaced by ``findings``.
        """
        with self.transaction():
            db = self.db
            for table in ("storylines", "events", "event_articles", "copies", "story_checks"):
                db.execute(f"DELETE FROM {table}")
            kept = set(keep)
            for (story_id,) in db.execute("SELECT DISTINCT story_id FROM findings").fetchall():
                if story_id not in kept:
                    db.execute("DELETE FROM findings WHERE story_id = ?", (story_id,))
            db.executemany("INSERT INTO story_checks(story_id, key) VALUES (?,?)", sorted((checks or {}).items()))
            for s in storylines:
                db.execute("INSERT INTO storylines(id, title, data) VALUES (?,?,?)", (s.id, s.title, _json(s)))
            for e in events:
                db.execute(
                    "INSERT INTO events(id, storyline_id, title, start_date, data) VALUES (?,?,?,?,?)",
                    (e.id, e.storyline_id, e.title, e.start_date, _json(e)),
                )
                db.executemany(
                    "INSERT OR IGNORE INTO event_articles(event_id, article_id) VALUES (?,?)",
                    [(e.id, a) for a in e.article_ids],
                )
            db.executemany(
                "INSERT OR REPLACE INTO copies(article_id, original_id, kind, similarity) VALUES (?,?,?,?)",
                [(c.article_id, c.original_id, c.kind, c.similarity) for c in copies],
            )
            for f in findings:
                db.execute(
                    "INSERT OR REPLACE INTO findings(id, story_id, kind, data) VALUES (?,?,?,?)",
                    (f.id, f.story_id, f.kind, _json(f)),
                )

    def story_checks(self) -> dict[str, str]:
        """Story id -> the key of what its stored findings were made from (see :meth:`replace_stories`)."""
        return dict(self.db.execute("SELECT story_id, key FROM story_checks").fetchall())

    def storylines(self) -> list[Storyline]:
        rows = self.db.execute("SELECT data FROM storylines ORDER BY id").fetchall()
        return [from_dict(Storyline, json.loads(r[0])) for r in rows]

    def events(self, storyline_id: str | None = None) -> list[Event]:
        if storyline_id is None:
            rows = self.db.execute("SELECT data FROM events ORDER BY start_date, id").fetchall()
        else:
            rows = self.db.execute(
                "SELECT data FROM events WHERE storyline_id = ? ORDER BY start_date, id", (storyline_id,)
            ).fetchall()
        return [from_dict(Event, json.loads(r[0])) for r in rows]

    def storyline(self, storyline_id: str) -> Storyline:
        row = self.db.execute("SELECT data FROM storylines WHERE id = ?", (storyline_id,)).fetchone()
        if row is None:
            raise NotFound(f"no storyline {storyline_id!r} in {self.path}")
        return from_dict(Storyline, json.loads(row[0]))

    def event(self, event_id: str) -> Event:
        row = self.db.execute("SELECT data FROM events WHERE id = ?", (event_id,)).fetchone()
        if row is None:
            raise NotFound(f"no event {event_id!r} in {self.path}")
        return from_dict(Event, json.loads(row[0]))

    def copies(self) -> list[CopyLink]:
        rows = self.db.execute("SELECT * FROM copies ORDER BY article_id").fetchall()
        return [
            CopyLink(article_id=r["article_id"], original_id=r["original_id"], kind=r["kind"],
                     similarity=r["similarity"])
            for r in rows
        ]

    def findings(self, story_id: str | None = None) -> list[Finding]:
        if story_id is None:
            rows = self.db.execute("SELECT data FROM findings ORDER BY id").fetchall()
        else:
            rows = self.db.execute(
                "SELECT data FROM findings WHERE story_id = ? ORDER BY id", (story_id,)
            ).fetchall()
        return [from_dict(Finding, json.loads(r[0])) for r in rows]


def text_key(text: str) -> str:
    """A digest of an article's text: a cached entry made from another text is a miss."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


class StoredArticles(Mapping[str, tuple[Article, ArticleFacts]]):
    """The store's articles and facts by id, each loaded when first asked for (and kept).

    Cross-checking a store reads the stories it checks, not every article: loading the facts of
    one article costs milliseconds, of two thousand tens of seconds.
    """

    def __init__(self, store: Store, ids: Iterable[str] | None = None):
        self.store = store
        self.ids = list(store.article_ids() if ids is None else ids)
        self._known = set(self.ids)
        self._loaded: dict[str, tuple[Article, ArticleFacts]] = {}

    def __getitem__(self, article_id: str) -> tuple[Article, ArticleFacts]:
        if article_id not in self._known:
            raise KeyError(article_id)
        if article_id not in self._loaded:
            self._loaded[article_id] = (self.store.article(article_id), self.store.facts(article_id))
        return self._loaded[article_id]

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` on any exception.  Re-entrant."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.outer = False

    def __enter__(self):
        if not self.db.in_transaction:
            self.db.execute("BEGIN IMMEDIATE")
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
