"""The bundled example corpus ingests cleanly, and its gold annotations point at real text."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from conftest import DATA, EXAMPLES, ROOT
from newsprism.ingest import iter_documents
from newsprism.records import Document, Rejection

GOLD = [json.loads(line) for line in (DATA / "gold" / "examples.jsonl").read_text(encoding="utf-8").splitlines()]

EXPECTED = {  # file -> [(format, outlet, date prefix)] per record
    "01-wire-iberia-press.txt": [("text", "Iberia Press Agency", "2025-11-04")],
    "02-magazine-meridian-weekly.html": [("html", "Meridian Weekly", "2025-11-06")],
    "03-aggregator-newshub.txt": [("text", "newshub-daily.example", "2025-11-05")],
    "04-blog-and-courier.jsonl": [("jsonl", "River Watch", "2025-11-05"), ("jsonl", "The Lisbon Courier", "2025-11-05")],
    "05-spun-worldnews24.html": [("html", "WorldNews24", "2025-11-05")],
    "06-iberia-press-feed.rss": [("feed", "Iberia Press Agency", "2025-11-06"), ("feed", "Iberia Press Agency", "2025-11-06")],
}


@pytest.fixture(scope="module")
def corpus() -> list[Document | Rejection]:
    return list(iter_documents([EXAMPLES]))


def _doc(corpus, path: str, record: int = 1) -> Document:
    name = path.rsplit("/", 1)[-1]
    return next(d for d in corpus if d.source.endswith(name) and d.record == record)


def test_every_example_ingests_without_rejection(corpus):
    assert [r for r in corpus if isinstance(r, Rejection)] == []
    assert Counter(d.source.rsplit("/", 1)[-1] for d in corpus) == {k: len(v) for k, v in EXPECTED.items()}
    assert len({d.id for d in corpus}) == len(corpus)  # README.md is not read as an article


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_metadata(corpus, name):
    found = [d for d in corpus if d.source.endswith(name)]
    assert [(d.format, d.outlet) for d in found] == [(f, o) for f, o, _ in EXPECTED[name]]
    for doc, (_, _, date) in zip(found, EXPECTED[name]):
        assert doc.title and doc.date.startswith(date)


@pytest.mark.parametrize("gold", GOLD, ids=[g["id"] for g in GOLD])
def test_gold_annotations_point_at_the_ingested_text(corpus, gold):
    assert (ROOT / gold["path"]).exists()
    doc = _doc(corpus, gold["path"], gold.get("record", 1))
    assert doc.title == gold["title"] and doc.date.startswith(gold["date"])
    for item in gold["quotes"] + gold["figures"]:
        assert item["text"] in doc.text, item
    for sentence in gold["opinions"]:
        assert sentence in doc.text
    lines = Counter(doc.text.split("\n"))
    for line, n in Counter(gold["junk"]).items():
        assert lines[line] >= n, line
    for desc in gold["descriptors"]:
        assert desc["descriptor"] in doc.text and desc["entity"].split()[-1] in doc.text


def test_planted_differences_in_the_spun_copy(corpus):
    wire = _doc(corpus, "01-wire-iberia-press.txt")
    spun = _doc(corpus, "05-spun-worldnews24.html")
    assert "Portuguese Interior Minister Helena Duarte" in wire.text
    assert "Spanish Interior Minister Helena Duarte" in spun.text
    assert "around 1,200 residents" in wire.text and "around 12,000 inhabitants" in spun.text
    assert "Portugal asked Spain for help" in wire.text and "Spain asked Portugal for assistance" in spun.text
