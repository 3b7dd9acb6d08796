"""The pipeline over a real store: idempotent ingest, resume after a crash, bad records isolated."""

from __future__ import annotations

import pytest

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


def test_killed_run_resumes_without_duplicates(tmp_path, corpus, reader, monkeypatch):
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
    with Store(db) as store:
        report = ingest([corpus], store, reader=reader)
        assert len(report.added) == 2 and report.skipped == 1
        assert store.count_articles() == 3
        ids = store.article_ids()
        assert len(ids) == len(set(ids)) == 3


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
