"""The store: one SQLite file (the default) or a PostgreSQL database, written in transactions.

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

``Store(path)`` opens an SQLite file; ``Store("postgresql://user@host/db")`` a PostgreSQL
database (``pip install 'newsprism[postgres]'``), with the same tables, the same transactions
and the same answers.  The SQL here is written once for both; what differs between them is in
:mod:`newsprism.dialect`.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path

from .dialect import Transaction, dialect_for, shown
from .errors import NotFound
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


def _upsert(table: str, columns: str, key: str) -> str:
    """``INSERT`` of one row that replaces the row with the same ``key`` (SQLite and PostgreSQL alike)."""
    cols = [c.strip() for c in columns.split(",")]
    keys = {k.strip() for k in key.split(",")}
    updates = ", ".join(f"{c} = excluded.{c}" for c in cols if c not in keys)
    return (f"INSERT INTO {table}({columns}) VALUES ({','.join('?' * len(cols))})"
            f" ON CONFLICT ({key}) DO UPDATE SET {updates}")


def _insert_new(table: str, columns: str) -> str:
    """``INSERT`` of one row unless a row with the same key is there."""
    n = len(columns.split(","))
    return f"INSERT INTO {table}({columns}) VALUES ({','.join('?' * n)}) ON CONFLICT DO NOTHING"


class Store:
    """A newsprism store: an SQLite file (``":memory:"`` works for tests), or a PostgreSQL database
    named by a ``postgresql://`` (or ``postgres://``) URL.

    Use as a context manager, or call :meth:`close`.  ``db`` is the connection, for queries of
    one's own: ``?`` placeholders, rows read by position or column name, on either database.
    """

    def __init__(self, path: str | Path = "newsprism.db", *, create: bool = True):
        """``create=False``: the store must exist already (commands that only read one must not
        leave an empty store behind a mistyped ``--db``: issue 13).  A :class:`StoreError` when it
        cannot be opened: no such file or server, psycopg not installed, not a store."""
        target = path if isinstance(path, str) else str(path)
        self.dialect = dialect_for(target)
        self.path = shown(target)  # for messages: a URL's password hidden
        self.db = self.dialect.connect(target, SCHEMA, SCHEMA_VERSION, create=create)

    # -- lifecycle -------------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def transaction(self) -> Transaction:
        """A write transaction: all of it or nothing.  Re-entrant (an inner one joins the outer)."""
        return Transaction(self.db, self.dialect.begin)

    def data_version(self) -> str:
        """Changes whenever another connection commits a change to the store (the web app's cache key)."""
        return self.dialect.data_version(self.db)

    # -- articles ----------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        row = self.db.execute("SELECT 1 FROM facts WHERE article_id = ?", (article_id,)).fetchone()
        return row is not None

    def save_article(self, article: Article, facts: ArticleFacts, document_text: str | None = None) -> bool:
        """Write one article and all its facts in one transaction.

        Returns False (and writes nothing) when the article is already stored.
        """
        with self.transaction():
            # Two writers of the same article (two ingests of one file) take turns; the second finds it stored.
            self.dialect.lock(self.db, f"article:{article.id}")
            if self.has_article(article.id):
                return False
            db = self.db
            db.execute(
                _insert_new("documents", "id, source, record, format, title, url, outlet, date, author, text,"
                            " ingested_at"),
                (
                    article.id, article.source, article.record, article.format, article.title,
                    article.url, article.outlet, article.date, article.author,
                    document_text if document_text is not None else article.text, time.time(),
                ),
            )
            db.execute(
                _upsert("articles", "id, text, title, url, outlet, date, author, source, format, record", "id"),
                (
                    article.id, article.text, article.title, article.url, article.outlet, article.date,
                    article.author, article.source, article.format, article.record,
                ),
            )
            db.executemany(
                _upsert("removed_lines", "article_id, line_no, text, reason", "article_id, line_no"),
                [(article.id, r.line_no, r.text, r.reason) for r in article.removed],
            )
            text = article.text
            for ent in facts.entities:
                db.execute(
                    _upsert("entities", "id, article_id, name, label, descriptors", "id"),
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
        rows = self.db.execute(f"SELECT * FROM rejections ORDER BY {self.dialect.order}").fetchall()
        return [
            Rejection(source=r["source"], record=r["record"], stage=r["stage"], reason=r["reason"],
                      detail=r["detail"])
            for r in rows
        ]

    def article_ids(self) -> list[str]:
        """Ids of all fully stored articles, in ingest order."""
        rows = self.db.execute(
            f"SELECT a.id FROM articles a JOIN facts f ON f.article_id = a.id ORDER BY a.{self.dialect.order}"
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
                self.db.execute(_upsert("meta", "key, value", "key"), (key, value))

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
            f"SELECT a.id, a.text FROM articles a JOIN facts f ON f.article_id = a.id ORDER BY a.{self.dialect.order}")
        return dict(rows.fetchall())

    def entity_names(self) -> dict[str, list[tuple[str, str]]]:
        """``(name, label)`` of every entity of every article, by article id, from the query table
        (what cross-checking needs of all articles to scope stories, without loading their facts)."""
        out: dict[str, list[tuple[str, str]]] = {}
        for article_id, name, label in self.db.execute(
                f"SELECT article_id, name, label FROM entities ORDER BY article_id, {self.dialect.order}"):
            out.setdefault(article_id, []).append((name, label))
        return out

    def resolve_article_id(self, prefix: str) -> str:
        """Full article id from a unique prefix (ids are long hashes; people type the start)."""
        rows = self.db.execute(
            f"SELECT id FROM articles WHERE id {self.dialect.like} ? ORDER BY id LIMIT 2", (prefix + "%",)
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
                _upsert("vectors", "article_id, kind, dim, data", "article_id, kind"),
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
                _upsert("article_cache", "article_id, kind, version, text_key, data", "article_id, kind"),
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
                _upsert("copy_judgments", "copy_id, other_id, version, kind, similarity", "copy_id, other_id"),
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
            self.dialect.lock(db, "stories")  # two runs replacing the stories at once take turns
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
                    _insert_new("event_articles", "event_id, article_id"),
                    [(e.id, a) for a in e.article_ids],
                )
            db.executemany(
                _upsert("copies", "article_id, original_id, kind, similarity", "article_id"),
                [(c.article_id, c.original_id, c.kind, c.similarity) for c in copies],
            )
            for f in findings:
                db.execute(
                    _upsert("findings", "id, story_id, kind, data", "id"),
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
            rows = self.db.execute("SELECT data FROM events ORDER BY start_date NULLS FIRST, id").fetchall()
        else:
            rows = self.db.execute(
                "SELECT data FROM events WHERE storyline_id = ? ORDER BY start_date NULLS FIRST, id", (storyline_id,)
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
