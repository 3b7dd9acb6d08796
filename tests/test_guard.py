"""The guarded path (issue 12): what one record raises in any stage is that record's rejection."""

from __future__ import annotations

import sqlite3

import pytest

from newsprism.errors import InputError, ModelNotInstalled, StoreError
from newsprism.guard import attempt, batch_or_each, describe, one_line
from newsprism.records import Rejection


class Item:
    def __init__(self, n: int):
        self.source, self.record, self.n = "f.jsonl", n, n


def test_an_exception_is_one_line():
    assert describe(ValueError("bad\nworse")) == "ValueError: bad\\nworse"
    assert describe(KeyError()) == "KeyError"
    assert one_line("lone \ud800 and \x1b[31m") == "lone \\ud800 and \\x1b[31m"
    assert len(one_line("x" * 1000)) == 300


def test_attempt_rejects_the_record_and_lets_a_broken_setup_through():
    rej = attempt(lambda: 1 / 0, "f.txt", 3, "read")
    assert rej == Rejection(source="f.txt", record=3, stage="read", reason="read-failed",
                            detail="ZeroDivisionError: division by zero")

    def bad_input():
        raise InputError("f.txt", "too-long", "over the limit", 3)

    assert attempt(bad_input, "f.txt", 3, "clean").reason == "too-long"
    assert attempt(lambda: 7, "f.txt", 3, "read") == 7

    def no_model():
        raise ModelNotInstalled("The model", "pkg")

    def killed():
        raise KeyboardInterrupt

    for fatal in (no_model, killed):
        with pytest.raises((ModelNotInstalled, KeyboardInterrupt)):
            attempt(fatal, "f.txt", 3, "read")


def test_a_failed_batch_is_redone_one_by_one():
    calls = []

    def batch(items):
        calls.append(len(items))
        if any(i.n == 2 for i in items):
            raise RuntimeError("one bad apple")
        return [i.n * 10 for i in items]

    def each(item):
        return batch([item])[0]

    out = batch_or_each([Item(1), Item(2), Item(3)], batch, each, "read")
    assert out[0] == 10 and out[2] == 30 and calls == [3, 1, 1, 1]
    assert (out[1].record, out[1].stage, out[1].reason) == (2, "read", "read-failed")
    # A batch that loses results is not trusted either.
    assert batch_or_each([Item(1), Item(3)], lambda items: [1], lambda i: i.n, "clean") == [1, 3]
    assert batch_or_each([], batch, each, "read") == []


# ---------------------------------------------------------------- pipeline (model)


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, word in (("a", "GOOD"), ("b", "CLEANBOMB"), ("c", "READBOMB"), ("d", "STOREBOMB")):
        (folder / f"{name}.txt").write_text(f"Harbour report {word}\n\nThe harbour at Porto Lume reopened on Monday, "
                                            f"the port authority said ({word}).\n", encoding="utf-8")
    return folder


@pytest.mark.model
def test_each_stage_rejects_only_the_record_that_fails(tmp_path, corpus, reader, monkeypatch):
    from newsprism.clean import Cleaner
    from newsprism.pipeline import ingest
    from newsprism.read import Reader
    from newsprism.store import Store

    clean, read, save = Cleaner.clean_batch, Reader.read, Store.save_article

    def trap(word, fn):
        def wrapped(self, first, *args, **kwargs):
            texts = [x.text for x in first] if isinstance(first, list) else [first.text]
            if any(word in t for t in texts):
                raise ValueError(f"{word} went off")
            return fn(self, first, *args, **kwargs)
        return wrapped

    monkeypatch.setattr(Cleaner, "clean_batch", trap("CLEANBOMB", clean))
    monkeypatch.setattr(Reader, "pipe", lambda self, arts: [self.read(a) for a in arts])
    monkeypatch.setattr(Reader, "read", trap("READBOMB", read))
    monkeypatch.setattr(Store, "save_article", trap("STOREBOMB", save))
    with Store(tmp_path / "s.db") as store:
        report = ingest([corpus], store, reader=reader)
        assert len(report.added) == 1 and store.count_articles() == 1
        got = sorted((r.source.rsplit("/", 1)[-1], r.record, r.stage, r.reason, r.detail) for r in report.rejected)
        assert got == [("b.txt", 1, "clean", "clean-failed", "ValueError: CLEANBOMB went off"),
                       ("c.txt", 1, "read", "read-failed", "ValueError: READBOMB went off"),
                       ("d.txt", 1, "store", "store-failed", "ValueError: STOREBOMB went off")]
        assert store.rejections() == report.rejected
        assert store.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 1  # d.txt rolled back


@pytest.mark.model
@pytest.mark.parametrize("workers", [1, 2])
def test_a_text_spacy_refuses_is_rejected_alone(tmp_path, reader, monkeypatch, workers):
    from newsprism.ingest import IngestOptions
    from newsprism.pipeline import ingest
    from newsprism.read import Reader, ReadOptions
    from newsprism.store import Store

    if workers == 2:  # issue 15: in a worker process the bad text is rejected alone too
        reader = Reader(ReadOptions(n_process=2), nlp=reader.nlp)

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Short one\n\nThe quay reopened on Monday, the port said.", encoding="utf-8")
    (folder / "b.txt").write_text("Long one\n\n" + "The harbour works went on through the winter. " * 40,
                                  encoding="utf-8")
    (folder / "c.txt").write_text("Short two\n\nThe ferry sailed on Tuesday, its captain said.", encoding="utf-8")
    monkeypatch.setattr(reader.nlp, "max_length", 1000)  # spaCy's E088, as for a text over 1,000,000 chars
    with Store(tmp_path / "s.db") as store:
        report = ingest([folder], store, reader=reader, ingest_options=IngestOptions(max_chars=10_000))
        assert len(report.added) == 2
        (rej,) = report.rejected
        assert (rej.source.endswith("b.txt"), rej.record, rej.stage, rej.reason) == (True, 1, "read", "read-failed")
        assert "E088" in rej.detail


@pytest.mark.model
def test_a_store_that_cannot_be_written_stops_the_run(tmp_path, corpus, reader, monkeypatch):
    from newsprism.pipeline import ingest
    from newsprism.store import Store

    def locked(self, *args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(Store, "save_article", locked)
    with Store(tmp_path / "s.db") as store, pytest.raises(StoreError, match="database is locked"):
        ingest([corpus], store, reader=reader)


@pytest.mark.model
def test_read_one_takes_any_text(reader):
    from newsprism.pipeline import read_one

    reading = read_one("Mayor resigns\x00\n\nMayor Lena Ortiz resigned on Tuesday \ud800, her office said.\n",
                       reader=reader)
    assert "Lena Ortiz" in reading.article.text and "\ufffd" in reading.article.text
