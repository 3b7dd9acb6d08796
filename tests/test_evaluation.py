"""Quality gate over every gold-annotated article (tests/data/gold): the numbers `make eval` prints.

Floors sit just under what the code reached when they were set; raise them when quality rises.
The per-file gates (held-out sets, PolNeAR, ECB+, claims) live in the tests of each stage.
"""

from __future__ import annotations

import pytest

from newsprism.evaluation import gold

pytestmark = pytest.mark.model

# (precision, recall) floors per task, measured on 2026-11-23 over all gold files.
FLOORS = {
    "quotes": (0.91, 0.97),
    "figures": (0.95, 0.93),
    "descriptors": (0.95, 0.93),
    "opinions": (0.95, 0.75),
    "junk": (0.98, 0.98),
}


@pytest.fixture(scope="module")
def scores(reader):
    return gold.run(reader=reader)


@pytest.mark.parametrize("task", sorted(FLOORS))
def test_gold_floor(scores, task):
    p_floor, r_floor = FLOORS[task]
    got = scores[task]
    assert got["gold"] >= 30, f"{task}: the gold set shrank to {got['gold']} items"
    assert got["precision"] >= p_floor, f"{task} precision {got['precision']} < {p_floor}"
    assert got["recall"] >= r_floor, f"{task} recall {got['recall']} < {r_floor}"


def test_gold_set_covers_enough_articles():
    rows = gold.load_gold((gold.default_root() / "tests" / "data" / "gold").glob("*.jsonl"))
    assert len(rows) >= 38  # the example corpus plus at least 30 written articles
    keys = {(r["_file"].split(":")[0], r["id"]) for r in rows}
    assert len(keys) == len(rows), "gold article ids must be unique within a file"


def test_scorer_counts_a_wrong_speaker_as_a_miss():
    from newsprism.records import Article, ArticleFacts, Entity, Quote, Span

    art = Article(id="a", text='"We will rebuild," Mayor Ana Costa said.', source="-", format="text")
    ent = Entity(id="a:e0", name="Rui Lopes", label="PERSON", mentions=(Span("a", 24, 33),))
    facts = ArticleFacts(article_id="a", entities=(ent,),
                         quotes=(Quote(span=Span("a", 1, 16), direct=True, speaker="a:e0"),))
    score = gold.Score()
    gold.score_quotes([{"text": "We will rebuild", "speaker": "Ana Costa"}], art, facts, score)
    assert (score.tp_gold, score.gold, score.pred) == (0, 1, 1)
