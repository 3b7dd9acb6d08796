"""The store's guarantees, on both databases: SQLite (a file) and PostgreSQL (``NEWSPRISM_TEST_PG``).

Every test taking ``store_url`` runs twice: on a new SQLite file and on a new, empty PostgreSQL
schema (skipped with a reason when no server is given; CI sets ``NEWSPRISM_REQUIRE_PG=1``, and then
it fails instead).
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import run_cli
from newsprism.errors import StoreError
from newsprism.records import (
    Article, ArticleFacts, CopyLink, Descriptor, Entity, Event, Figure, Finding, Quote, RemovedLine, Span,
    Rejection, Storyline,
)
from newsprism.store import Store

SRC = Path(__file__).resolve().parents[1] / "src"


def _article(text="Officials said 40 people died.", aid="a1"):
    return Article(id=aid, text=text, source="x.txt", format="text", title="T",
                   removed=(RemovedLine(line_no=3, text="PREV junk", reason="navigation"),))


def _facts(aid="a1"):
    ent = Entity(id=f"{aid}:e0", name="Officials", label="ORG", mentions=(Span(aid, 0, 9),),
                 descriptors=(Descriptor(text="local", kind="affiliation", span=Span(aid, 0, 9)),))
    return ArticleFacts(
        article_id=aid,
        sentences=(Span(aid, 0, 30),),
        entities=(ent,),
        quotes=(Quote(span=Span(aid, 15, 29), direct=False, speaker=ent.id, speaker_name="Officials", cue="say"),),
        figures=(Figure(span=Span(aid, 15, 24), value=40.0, unit="people"),),
    )


def _count(store: Store, table: str) -> int:
    return store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_roundtrip_article_and_facts(store_url):
    with Store(store_url) as store:
        assert store.save_article(_article(), _facts()) is True
        assert store.has_article("a1")
        art = store.article("a1")
        assert art.removed[0].reason == "navigation"
        facts = store.facts("a1")
        assert facts == _facts()
        assert facts.figures[0].span.text(art.text) == "40 people"
        rows = store.db.execute("SELECT text FROM quotes").fetchall()
        assert [r[0] for r in rows] == ["40 people died"]
        row = store.db.execute("SELECT value, unit FROM figures WHERE article_id = ?", ("a1",)).fetchone()
        assert (row["value"], row["unit"]) == (40.0, "people")  # by name, as sqlite3.Row
        assert store.resolve_article_id("A") == "a1"  # a prefix, in any case, on both
        assert store.entity_names() == {"a1": [("Officials", "ORG")]}


def test_saving_twice_is_a_no_op(store_url):
    with Store(store_url) as store:
        store.save_article(_article(), _facts())
        assert store.save_article(_article(), _facts()) is False
        assert store.count_articles() == 1
        assert _count(store, "mentions") == 1


def test_failed_write_leaves_nothing(store_url):
    bad = ArticleFacts(article_id="a1", figures=(Figure(span=Span("a1", 0, 1), value=1.0, unit=None),))
    with Store(store_url) as store:
        with pytest.raises(Exception):
            store.save_article(_article(), bad)  # unit NOT NULL violates the schema mid-transaction
        assert not store.has_article("a1")
        assert _count(store, "articles") == 0
        assert _count(store, "removed_lines") == 0
        assert store.save_article(_article(), _facts()) is True  # the connection is usable after the rollback


def test_rejections_are_kept(store_url):
    with Store(store_url) as store:
        store.save_rejection(Rejection(source="f.jsonl", record=3, stage="ingest", reason="invalid-json"))
        store.save_rejection(Rejection(source="a.txt", record=None, stage="clean", reason="empty-after-clean"))
        assert [str(r) for r in store.rejections()] == ["f.jsonl#3: invalid-json", "a.txt: empty-after-clean"]


def test_articles_come_back_in_ingest_order(store_url):
    ids = ["c9", "a1", "b5"]
    with Store(store_url) as store:
        for aid in ids:
            store.save_article(_article(aid=aid), _facts(aid))
        assert store.article_ids() == ids
        assert list(store.article_texts()) == ids
        assert store.count_ungrouped() == 3


def test_wal_mode(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_upserts_replace_and_notes_are_forgotten(store_url):
    with Store(store_url) as store:
        store.note("k", "one")
        store.note("k", "two")
        assert store.noted("k") == "two"
        store.note("k", None)
        assert store.noted("k") is None
        store.save_vector("a1", "lead", [1.0, 2.0])
        store.save_vector("a1", "lead", [[3.0, 4.0], [5.0, 6.0]])
        assert store.vector("a1", "lead").tolist() == [[3.0, 4.0], [5.0, 6.0]]
        assert store.vector("a1", "other") is None
        store.save_cached("feat", "v1", [("a1", "text one", "x")])
        store.save_cached("feat", "v2", [("a1", "text one", "y")])
        assert store.cached("feat", "v2", {"a1": "text one"}) == {"a1": "y"}
        assert store.cached("feat", "v2", {"a1": "another text"}) == {}
        store.save_copy_judgments("v1", {("a1", "a2"): ("near-copy", 0.9), ("a2", "a1"): None})
        store.save_copy_judgments("v2", {("a1", "a2"): ("duplicate", 1.0)})
        assert store.copy_judgments("v2") == {("a1", "a2"): ("duplicate", 1.0)}
        assert store.copy_judgments("v1") == {}


def _stories(n: int):
    events = [Event(id=f"e{i}", title=f"Event {i}", article_ids=("a1",) if i else ("a1", "b5"), storyline_id="s1",
                    start_date=None if i == 2 else f"2024-0{i + 1}-01") for i in range(n)]
    line = Storyline(id="s1", title="Line", event_ids=tuple(e.id for e in events), article_ids=("a1", "b5"))
    finding = Finding(id="f-e0", story_id="e0", kind="corroboration", explanation="both say so", confidence=0.8,
                      evidence=(), supporting=("a1", "b5"), sources=2)
    return [line], events, [CopyLink(article_id="b5", original_id="a1", kind="rewrite", similarity=0.75)], [finding]


def test_stories_are_replaced_whole_and_read_back_in_the_same_order(store_url):
    with Store(store_url) as store:
        for aid in ("a1", "b5"):
            store.save_article(_article(aid=aid), _facts(aid))
        lines, events, copies, findings = _stories(3)
        store.replace_stories(lines, events, copies, findings, checks={"e0": "k0"})
        # an event without a date first (as SQLite orders NULL), then by date
        assert [e.id for e in store.events()] == ["e2", "e0", "e1"]
        assert [e.id for e in store.events("s1")] == ["e2", "e0", "e1"]
        assert store.storyline("s1") == lines[0] and store.copies() == copies
        assert store.findings("e0") == findings and store.story_checks() == {"e0": "k0"}
        assert store.count_ungrouped() == 0
        # a second run keeps e0's findings (its key is unchanged) and replaces everything else
        store.replace_stories(lines, events[:1], [], [], checks={"e0": "k0"}, keep={"e0"})
        assert [e.id for e in store.events()] == ["e0"] and store.copies() == []
        assert store.findings() == findings
        store.replace_stories([], [], [], [])
        assert store.findings() == [] and store.storylines() == [] and _count(store, "event_articles") == 0


def test_a_missing_store_is_an_error_when_not_to_be_created(store_url):
    with pytest.raises(StoreError, match="no store at .* creates one"):
        Store(store_url, create=False)
    Store(store_url).close()
    with Store(store_url, create=False) as store:  # now it is there
        assert store.count_articles() == 0


def test_data_version_changes_when_another_connection_commits(store_url):
    with Store(store_url) as watcher, Store(store_url) as writer:
        before = watcher.data_version()
        assert watcher.data_version() == before  # reading changes nothing
        writer.save_article(_article(), _facts())
        assert watcher.data_version() != before


def test_concurrent_writers_store_each_article_once(store_url):
    # Two ingests of the same files at once (two processes in real life; two connections here).
    Store(store_url).close()
    ids = [f"a{i}" for i in range(12)]
    errors: list[BaseException] = []

    def write(order: list[str]) -> None:
        try:
            with Store(store_url) as store:
                for aid in order:
                    store.save_article(_article(aid=aid), _facts(aid))
        except BaseException as exc:  # pragma: no cover - the assertion below shows it
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(order,)) for order in (ids, ids[::-1])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Store(store_url) as store:
        assert sorted(store.article_ids()) == sorted(ids)
        for table in ("documents", "articles", "facts", "entities", "mentions", "quotes", "figures",
                      "removed_lines"):
            assert _count(store, table) == len(ids), table


_KILLED_WRITER = """
import sys, time
from newsprism.store import Store
store = Store(sys.argv[1])
with store.transaction():
    store.db.execute("INSERT INTO documents(id, source, record, format, text, ingested_at)"
                     " VALUES ('a1', 'x.txt', 1, 'text', 'half', 0)")
    print("inside", flush=True)
    time.sleep(60)
"""


def test_a_writer_killed_mid_transaction_leaves_nothing_and_the_next_run_resumes(store_url):
    Store(store_url).close()
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_WRITER, store_url], stdout=subprocess.PIPE,
                            env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"})
    try:
        assert proc.stdout.readline().strip() == b"inside"
    finally:
        proc.kill()
        proc.wait(timeout=60)
    with Store(store_url) as store:
        assert _count(store, "documents") == 0  # the half-written article is gone
        assert store.save_article(_article(), _facts()) is True  # and is written whole by the next run
        assert store.save_article(_article(), _facts()) is False
        assert _count(store, "documents") == 1


# -- PostgreSQL only: what its URL and its server add -------------------------------------------


def test_a_postgres_url_without_psycopg_names_the_fix(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg fails
    url = "postgresql://news:secret@db.example:5432/news"
    with pytest.raises(StoreError) as err:
        Store(url)
    assert str(err.value) == ("the store postgresql://news:***@db.example:5432/news is on PostgreSQL, which needs "
                              "psycopg: pip install 'newsprism[postgres]'")


def test_an_unreachable_server_is_one_clear_error():
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError, match=r"^cannot connect to the store postgresql://nobody@127\.0\.0\.1:1/x: "):
        Store("postgresql://nobody@127.0.0.1:1/x")


def test_commands_that_read_a_postgres_store_need_one_there(pg_url, monkeypatch, capsys):
    code, _, lines = run_cli(["stories", "--db", pg_url], monkeypatch, capsys)
    assert code == 2
    assert lines == [f"error: no store at {pg_url} (newsprism ingest PATH --db URL creates one)"]
    code, _, lines = run_cli(["stories", "--db", "postgresql://nobody@127.0.0.1:1/x"], monkeypatch, capsys)
    assert code == 2 and len(lines) == 1
    assert lines[0].startswith("error: cannot connect to the store postgresql://nobody@127.0.0.1:1/x: ")


def test_a_store_lost_partway_through_a_command_is_one_error_line(store_url, monkeypatch, capsys):
    # On PostgreSQL: the server ends the connection (a restart, an administrator); on SQLite: the
    # lock is not given up within the wait.  Either way one line and exit code 2, no traceback.
    import newsprism.pipeline as pipeline

    Store(store_url).close()

    def lost(store, **kwargs):
        if store.dialect.name == "postgresql":
            with Store(store_url) as other:
                other.db.execute("SELECT pg_terminate_backend(?)", (store.db.conn.info.backend_pid,))
            store.count_articles()
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(pipeline, "stories", lost)
    code, _, lines = run_cli(["stories", "--db", store_url], monkeypatch, capsys)
    assert code == 2 and len(lines) == 1 and lines[0].startswith("error: the store cannot be used: "), lines
    if store_url.startswith("postgresql"):
        assert "terminat" in lines[0]
    else:
        assert lines == ["error: the store cannot be used: OperationalError: database is locked"]


TWO_ARTICLES = {
    "quay.txt": "Quay reopens in Porto Alto\n\nThe quay in Porto Alto reopened on Monday after repairs, the port "
                "authority said. Ferries to the islands will run again from Tuesday.\n",
    "quay-again.txt": "Porto Alto quay open again\n\nPorto Alto's quay reopened on Monday after months of repairs, "
                      "the port authority said on Monday. Ferries to the islands run again from Tuesday.\n",
}


@pytest.mark.model
def test_ingest_and_stories_into_postgres_through_the_cli(pg_url, reader, tmp_path, monkeypatch, capsys):
    from newsprism import cli

    monkeypatch.setattr(cli, "_reader", lambda model=None, n_process=1, settings=None: reader)
    for name, text in TWO_ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    paths = [str(tmp_path / name) for name in TWO_ARTICLES]
    code, _, lines = run_cli(["ingest", *paths, "--db", pg_url], monkeypatch, capsys)
    assert code == 0 and lines[-1] == f"2 added, 0 already stored, 0 rejected -> {pg_url}"
    code, _, lines = run_cli(["ingest", *paths, "--db", pg_url], monkeypatch, capsys)  # again: nothing new
    assert code == 0 and lines[-1] == f"0 added, 2 already stored, 0 rejected -> {pg_url}"
    code, _, _ = run_cli(["stories", "--db", pg_url], monkeypatch, capsys)
    assert code == 0
    with Store(pg_url, create=False) as store:
        assert store.count_articles() == 2 and store.count_ungrouped() == 0
        events = store.events()
        assert len(events) == 1 and sorted(events[0].article_ids) == sorted(store.article_ids())
        assert store.storylines() and store.facts(store.article_ids()[0]).entities
