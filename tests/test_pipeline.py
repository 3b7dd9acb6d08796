"""The pipeline over a real store: idempotent ingest, resume after a crash, bad records isolated."""

from __future__ import annotations

import json

import pytest

from conftest import SAMPLES, SHARED, missing_data
from newsprism.pipeline import ingest, read_one
from newsprism.store import Store

pytestmark = pytest.mark.model

ARTICLES = {
    "a.txt": "Port workers strike in Valmora\n\nDock workers walked out on Monday, union leader Ana Ruiz said.\n",
    "b.txt": "Flood warning for the Serra valley\n\nAbout 1,200 residents were told to leave their homes.\n",
    "c.txt": "Minister resigns over bridge contract\n\nThe transport minister quit on Friday after an audit.\n",
}


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_ingest_twice_adds_nothing_the_second_time(tmp_path, corpus, reader):
    with Store(tmp_path / "s.db") as store:
        first = ingest([corpus], store, reader=reader)
        second = ingest([corpus], store, reader=reader)
        assert len(first.added) == 3
        assert second.added == [] and second.skipped == 3
        assert store.count_articles() == 3
        assert store.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 3


def _pool(nlp, **options):
    """A reader with a pool of two worker processes over the session's loaded pipeline."""
    from newsprism.read import Reader, ReadOptions

    return Reader(ReadOptions(n_process=2, **options), nlp=nlp)


@pytest.mark.parametrize("workers", [1, 2])
def test_killed_run_resumes_without_duplicates(tmp_path, corpus, reader, monkeypatch, workers):
    if workers == 2:  # issue 15: an interrupted run stops its worker pool and resumes as well
        reader = _pool(reader.nlp, batch_size=1)
    calls = {"n": 0}
    original = Store.save_article

    def dying_save(self, article, facts, document_text=None):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the process is killed while writing the second article
        return original(self, article, facts, document_text)

    db = tmp_path / "s.db"
    with Store(db) as store:
        monkeypatch.setattr(Store, "save_article", dying_save)
        with pytest.raises(KeyboardInterrupt):
            ingest([corpus], store, reader=reader, batch_size=1)
        monkeypatch.setattr(Store, "save_article", original)
        assert store.count_articles() == 1
        assert reader._pool is None  # the workers were stopped
    with Store(db) as store:
        report = ingest([corpus], store, reader=reader)
        assert len(report.added) == 2 and report.skipped == 1
        assert store.count_articles() == 3
        ids = store.article_ids()
        assert len(ids) == len(set(ids)) == 3


def test_a_worker_pool_stores_what_one_process_stores(tmp_path, corpus, reader):
    """Issue 15: the read workers live for the whole ingest, several batches in flight; the store
    holds the same rows, in the same order, as when this process reads everything itself."""
    for i in range(5):
        (corpus / f"wire{i}.txt").write_text(f"Grain deal extended, round {i}\n\nRussia and Ukraine agreed on "
                                             f"Tuesday to extend the grain corridor by {60 + i} days, Turkey said.\n",
                                             encoding="utf-8")
    (corpus / "empty.txt").write_text("   \n", encoding="utf-8")
    pool = _pool(reader.nlp, batch_size=1)
    reports = {}
    for name, r in (("one", reader), ("pool", pool)):
        with Store(tmp_path / f"{name}.db") as store:
            reports[name] = ingest([corpus], store, reader=r, batch_size=2)
    assert reports["one"].added == reports["pool"].added and len(reports["pool"].added) == 8
    assert reports["one"].rejected == reports["pool"].rejected
    assert pool._pool is None  # closed at the end of the ingest
    for table, cols in (("documents", "id, source, record, text"), ("articles", "*"), ("facts", "*"),
                        ("entities", "*"), ("quotes", "*"), ("figures", "*"),
                        ("rejections", "source, record, stage, reason, detail")):
        sql = f"SELECT {cols} FROM {table} ORDER BY rowid"
        assert _table(tmp_path / "one.db", sql) == _table(tmp_path / "pool.db", sql), table


def test_a_read_worker_that_dies_costs_no_article(tmp_path, corpus, reader, monkeypatch):
    """A worker killed under it (out of memory, a crash in compiled code): its chunk is read in the
    parent, and a new pool reads what comes after."""
    import multiprocessing
    import os
    import signal

    from newsprism.read import Reader

    real = Reader.read_guarded

    def dies_in_a_worker(self, articles):
        if multiprocessing.parent_process() is not None and any("Flood" in a.text for a in articles):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(self, articles)

    monkeypatch.setattr(Reader, "read_guarded", dies_in_a_worker)
    pool = _pool(reader.nlp, batch_size=1)
    with Store(tmp_path / "s.db") as store:
        report = ingest([corpus], store, reader=pool, batch_size=1)
        assert len(report.added) == 3 and report.rejected == [] and store.count_articles() == 3


def test_bad_file_is_reported_and_the_rest_goes_on(tmp_path, corpus, reader):
    (corpus / "empty.txt").write_text("   \n", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\xff\xfe\x00\x81\x9f garbage \xc3\x28")
    with Store(tmp_path / "s.db") as store:
        report = ingest([corpus], store, reader=reader)
        assert len(report.added) == 3
        reasons = {(r.source.rsplit("/", 1)[-1], r.reason) for r in report.rejected}
        assert ("empty.txt", "empty-text") in reasons
        assert any(name == "binary.txt" for name, _ in reasons)
        assert len(store.rejections()) == len(report.rejected)


def test_read_one_from_text_keeps_spans_into_the_cleaned_text(reader):
    reading = read_one(
        "Mayor resigns\n\nMayor Lena Ortiz resigned on Tuesday, her office said.\n", reader=reader
    )
    text = reading.article.text
    assert "Lena Ortiz" in text
    for ent in reading.facts.entities:
        for m in ent.mentions:
            assert m.article_id == reading.article.id
            assert 0 <= m.start < m.end <= len(text)


# ------------------------------------------------- real processes: kill -9, two writers (issue 12)

TOWNS = ("Valmora", "Porto Lume", "Serra", "Baltona", "Dolna", "Varno", "Alcova", "Ribeira")


def _wire(path, numbers) -> None:
    rows = [{"title": f"Harbour report {n}",
             "text": f"Harbour report {n}\n\nThe port of {TOWNS[n % len(TOWNS)]} handled {n * 37 + 100} containers "
                     f"on day {n}, harbour master Ines Duarte said on Monday.\n\nDock workers unloaded {n + 3} ships "
                     f"and the night shift will add {n % 5 + 1} cranes, the port authority said."}
            for n in numbers]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _newsprism(*args):
    import subprocess
    import sys
    from pathlib import Path

    return subprocess.Popen([str(Path(sys.executable).with_name("newsprism")), *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _table(db, sql):
    import sqlite3

    with sqlite3.connect(db) as con:
        return con.execute(sql).fetchall()


@pytest.mark.slow
def test_kill_9_during_ingest_then_the_same_command_resumes(tmp_path, reader):
    import signal
    import sqlite3
    import time

    corpus = tmp_path / "wire.jsonl"
    _wire(corpus, range(240))
    db = tmp_path / "killed.db"
    proc = _newsprism("ingest", corpus, "--db", db, "-q")
    stored = 0
    deadline = time.monotonic() + 240
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            stored = _table(db, "SELECT count(*) FROM facts")[0][0]
        except sqlite3.OperationalError:  # the file or its tables are not there yet
            stored = 0
        if stored:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "ingest ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    after_kill = _table(db, "SELECT count(*) FROM facts")[0][0]
    assert _table(db, "PRAGMA integrity_check") == [("ok",)] and 0 < after_kill < 240

    resumed = _newsprism("ingest", corpus, "--db", db, "-q")
    _, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err.decode()
    assert f"{240 - after_kill} added, {after_kill} already stored, 0 rejected" in err.decode()
    with Store(tmp_path / "whole.db") as store:  # the same corpus, never interrupted
        ingest([corpus], store, reader=reader)
    for table, key in (("documents", "id"), ("articles", "id"), ("facts", "article_id"), ("entities", "id"),
                       ("quotes", "article_id, start"), ("figures", "article_id, start")):
        cols = "id, source, record, format, title, text" if table == "documents" else "*"
        sql = f"SELECT {cols} FROM {table} ORDER BY {key}"
        assert _table(db, sql) == _table(tmp_path / "whole.db", sql), table


@pytest.mark.slow
def test_two_ingest_processes_write_one_store(tmp_path):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    _wire(first, range(0, 90))
    _wire(second, range(45, 135))  # half of it is in the first file too
    db = tmp_path / "s.db"
    procs = [_newsprism("ingest", f, "--db", db, "-q") for f in (first, second)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0 and "locked" not in err.decode(), err.decode()
    assert _table(db, "SELECT count(*), count(DISTINCT article_id) FROM facts") == [(135, 135)]
    assert _table(db, "SELECT count(*) FROM documents") == [(135,)]
    assert _table(db, "SELECT count(*) FROM rejections") == [(0,)]
    assert _table(db, "PRAGMA integrity_check") == [("ok",)]


# ------------------------------------------------- incremental stories (issue 8)

BBC = SHARED / "corpora" / "bbc-news.jsonl.gz"
# Four BBC reports on the Da Vinci Code film (one storyline, with contradictions): three are
# grouped first, the fourth is the article added.
DA_VINCI = ("entertainment/098.txt", "entertainment/009.txt", "entertainment/068.txt", "entertainment/376.txt")


def _bbc(ids, path):
    import gzip

    rows = {}
    with gzip.open(BBC, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["id"] in ids:
                rows[row["id"]] = {"title": row["title"], "text": row["title"] + "\n\n" + row["text"],
                                   "source": "bbc"}
    path.write_text("".join(json.dumps(rows[i]) + "\n" for i in ids), encoding="utf-8")
    return path


def _state(store):
    return ([(e.id, e.article_ids) for e in store.events()], store.copies(), store.findings(), store.story_checks())


def test_incremental_stories_recheck_only_what_changed_and_equal_a_full_rerun(tmp_path, reader, samples_available,
                                                                              monkeypatch):
    import shutil

    from types import SimpleNamespace

    import newsprism.crosscheck as crosscheck_module
    from newsprism.crosscheck import CheckOptions
    from newsprism.crosscheck.scope import key_entities, story_scopes
    from newsprism.pipeline import stories

    if not BBC.exists():
        missing_data("../shared/corpora")
    first, added = _bbc(DA_VINCI[:3], tmp_path / "first.jsonl"), _bbc(DA_VINCI[3:], tmp_path / "added.jsonl")
    checked: list[str] = []
    real_check = crosscheck_module._check_story

    def spy(story_id, *args, **kwargs):
        checked.append(story_id)
        return real_check(story_id, *args, **kwargs)

    monkeypatch.setattr(crosscheck_module, "_check_story", spy)
    db = tmp_path / "s.db"
    with Store(db) as store:
        ingest([SAMPLES, first], store, reader=reader)
        stories(store)
        samples_story = next(s.id for s in store.storylines() if len(s.article_ids) == 4)
        samples_findings = store.findings(samples_story)
        assert any(f.kind == "outlier-copy" for f in samples_findings)
        before = _state(store)

        # a run killed before it wrote the stories leaves the previous ones whole ...
        ingest([added], store, reader=reader)
        real_replace = Store.replace_stories

        def killed(*args, **kwargs):
            raise KeyboardInterrupt

        monkeypatch.setattr(Store, "replace_stories", killed)
        with pytest.raises(KeyboardInterrupt):
            stories(store)
        monkeypatch.setattr(Store, "replace_stories", real_replace)
        assert _state(store) == before

        # ... and the next run does the work once: only the stories whose key changed are checked
        # again, the one the new article is compared in among them; the samples' storyline keeps
        # its stored findings unchecked.
        checked.clear()
        stories(store)
        after = _state(store)
        changed = {sid for sid, key in after[3].items() if before[3].get(sid) != key}
        assert set(checked) == changed and samples_story not in changed
        new_id = store.article_ids()[-1]
        keys = {a: key_entities(names) for a, names in store.entity_names().items()}
        grouping = SimpleNamespace(storylines=store.storylines(), events=store.events())
        scopes = story_scopes(grouping, keys, attach=CheckOptions().attach)
        assert any(new_id in ids for sid, ids in scopes if sid in changed)
        assert store.findings(samples_story) == samples_findings
        for table in ("article_cache", "copy_judgments", "story_checks", "findings"):
            rows = _table(db, f"SELECT count(*) FROM {table}")[0][0]
            assert rows > 0
        assert _table(db, "SELECT count(*) FROM article_cache")[0][0] == 2 * store.count_articles()

        # A full rerun (every story checked again) gives the same stories and findings ...
        checked.clear()
        calls: list[tuple] = []
        stories(store, recheck=True, progress=lambda *call: calls.append(call))
        assert samples_story in checked and changed < set(checked)
        # what the CLI's progress line shows: grouping, then stories checked of all (issue 13 item 8)
        assert calls[0] == ("group", 0, None) and {c[0] for c in calls[1:]} == {"crosscheck"}
        assert calls[-1][1] == calls[-1][2] >= len(set(checked)) and calls[1][1] == 0
        assert _state(store) == after
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # ... and so does one with nothing kept but the articles, the events and the vectors.
    shutil.copy(db, tmp_path / "bare.db")
    with Store(tmp_path / "bare.db") as bare:
        for table in ("article_cache", "copy_judgments", "story_checks"):
            bare.db.execute(f"DELETE FROM {table}")
        stories(bare)
        assert _state(bare) == after
