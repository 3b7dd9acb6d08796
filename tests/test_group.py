"""Grouping: events vs storylines, copy families, incremental store grouping, quality gates."""

from __future__ import annotations

import random

import pytest

from conftest import SAMPLES
from newsprism.embed import HashingEmbedder, MiniLMEmbedder
from newsprism.group import GroupOptions, group, group_store, stable_id
from newsprism.group.copies import CopyFinder
from newsprism.group.features import features, figure_keys, full_dates, lead_day, regex_entities
from newsprism.records import Article, ArticleFacts
from newsprism.store import Store


def art(aid: str, title: str, body: str, date: str | None = None) -> tuple[Article, ArticleFacts]:
    a = Article(id=aid, text=f"{title}\n\n{body}", source="test", format="text", title=title, date=date)
    return a, ArticleFacts(article_id=aid)


QUAKE_TURKEY = art(
    "q-tr", "Powerful earthquake kills hundreds in southern Turkey",
    "A magnitude 7.8 earthquake struck southern Turkey near Gaziantep on Monday, killing at least 1,500 people "
    "and toppling apartment blocks across the region. Rescue teams in Kahramanmaras searched the rubble "
    "through the night, the Turkish disaster agency AFAD said.", "2023-02-06")
QUAKE_MOROCCO = art(
    "q-ma", "Strong earthquake strikes Morocco, hundreds dead",
    "A magnitude 6.8 earthquake hit Morocco's High Atlas mountains on Friday night, killing more than 800 "
    "people, the Moroccan interior ministry said. Buildings collapsed in villages near Marrakech and "
    "residents slept in the streets.", "2023-09-08")
MEETING_A = art(
    "m-a", "EU and Canada sign fisheries pact in Ottawa",
    "European Commissioner Helena Varga and Canadian Fisheries Minister Paul Lemieux signed a fisheries "
    "agreement in Ottawa on Tuesday, setting cod quotas for the North Atlantic until 2030. Lemieux called "
    "the deal a fair balance for coastal communities.", "2024-03-05")
MEETING_B = art(
    "m-b", "Canada, EU agree North Atlantic cod quotas",
    "Canada and the European Union on Tuesday agreed cod catch limits in the North Atlantic through 2030, "
    "as Fisheries Minister Paul Lemieux and EU Commissioner Helena Varga put their names to the accord "
    "in Ottawa. Varga said the pact protected stocks and jobs.", "2024-03-05")
JUNK = "Share this article\nFollow us on Twitter\nAdvertisement\n"


@pytest.fixture(scope="module")
def minilm():
    return MiniLMEmbedder()


# ---------------------------------------------------------------- features


def test_full_dates_and_lead_day():
    assert full_dates("Posted May 03 , 2013 by staff; 6 June 2014; 2020-01-31") == [
        "2013-05-03", "2014-06-06", "2020-01-31"]
    tuesday = 738859  # 2023-12-26 is a Tuesday
    assert lead_day("The minister said on Friday that", tuesday) == tuesday - 4
    assert lead_day("Rebels attacked the town yesterday", tuesday) == tuesday - 1
    assert lead_day("on Friday", None) is None


def test_figure_keys_skip_years_and_small_counts():
    assert figure_keys("In 2014, around 90,000 troops and 5 tanks; inflation hit 2.5 percent") == {"90000", "2.5%"}


def test_regex_entities_drop_sentence_start_words():
    names = [n for n, _ in regex_entities("The Prime Minister met Angela Weiss in New York. However the talks")]
    assert "Angela Weiss" in names and "New York" in names
    assert not any(n.startswith(("The", "However")) for n in names)


# ---------------------------------------------------------------- events


@pytest.mark.model
def test_two_earthquakes_are_different_events(minilm):
    g = group([QUAKE_TURKEY, QUAKE_MOROCCO], embedder=minilm)
    assert len(g.events) == 2
    assert g.event_of("q-tr").id != g.event_of("q-ma").id
    assert g.event_of("q-tr").start_date == "2023-02-06"


@pytest.mark.model
def test_paraphrased_reports_of_one_meeting_are_one_event(minilm):
    g = group([MEETING_A, MEETING_B, QUAKE_TURKEY], embedder=minilm)
    ev = g.event_of("m-a")
    assert ev.article_ids == ("m-a", "m-b")
    assert ev.id == stable_id("ev", ["m-b", "m-a"])
    assert any("Lemieux" in name for name in ev.entities)
    assert g.event_of("q-tr").id != ev.id


def test_exact_copy_with_junk_is_a_duplicate_link():
    orig, _ = QUAKE_TURKEY
    copy = Article(id="q-copy", text=JUNK + orig.text + "\nRead more: related stories", source="scrape",
                   format="text", title=orig.title, date="2023-02-07")
    g = group([(copy, ArticleFacts(article_id="q-copy")), QUAKE_TURKEY, QUAKE_MOROCCO],
              embedder=HashingEmbedder())
    assert len(g.copies) == 1
    link = g.copies[0]
    assert (link.article_id, link.original_id) == ("q-copy", "q-tr")  # the earlier one is the original
    assert link.kind == "near-copy" and link.similarity > 0.6  # the whole original is inside the scrape
    assert g.event_of("q-copy").id == g.event_of("q-tr").id  # a copy sits in its original's event


def test_distinct_articles_have_no_copy_links():
    finder = CopyFinder()
    for a, _ in (QUAKE_TURKEY, QUAKE_MOROCCO, MEETING_A, MEETING_B):
        assert finder.add(a.id, a.text) == []
    assert finder.links() == ()


def test_grouping_is_deterministic_whatever_the_input_order():
    items = [QUAKE_TURKEY, QUAKE_MOROCCO, MEETING_A, MEETING_B]
    first = group(items, embedder=HashingEmbedder())
    shuffled = items[:]
    random.Random(7).shuffle(shuffled)
    second = group(shuffled, embedder=HashingEmbedder())
    assert first == second


def test_options_are_validated():
    with pytest.raises(ValueError):
        GroupOptions(copy_threshold=0.9, near_copy=0.5)


# ---------------------------------------------------------------- store, incremental


def test_group_store_is_incremental_and_caches_vectors():
    emb = HashingEmbedder()
    with Store(":memory:") as store:
        for a, f in (QUAKE_TURKEY, MEETING_A):
            store.save_article(a, f)
        g1 = group_store(store, embedder=emb)
        store.replace_stories(g1.storylines, g1.events, g1.copies, [])
        assert store.vector("q-tr", emb.kind).shape == (1, emb.dim)
        copy = Article(id="m-copy", text=MEETING_A[0].text + "\n" + JUNK, source="s", format="text",
                       title=MEETING_A[0].title, date="2024-03-06")
        store.save_article(copy, ArticleFacts(article_id="m-copy"))
        store.save_article(*QUAKE_MOROCCO)
        g2 = group_store(store, embedder=emb)
    assert g2.event_of("q-tr") == g1.event_of("q-tr")  # untouched event keeps its id
    assert g2.event_of("m-copy").article_ids == ("m-a", "m-copy")
    assert g2.event_of("q-ma").article_ids == ("q-ma",)
    assert [c.article_id for c in g2.copies] == ["m-copy"]


# ---------------------------------------------------------------- the four samples


@pytest.mark.model
def test_samples_one_storyline_four_events(samples_available, reader, minilm):
    # Publication dates as the outlets printed them (scraped articles carry them as metadata).
    dates = {"01": "2021-11-10", "02": "2021-12-02", "03": "2021-04-13", "04": "2021-11-30"}
    arts = []
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        arts.append(Article(id=path.name[:2], text=text, source=str(path), format="text",
                            title=text.split("\n", 1)[0], date=dates[path.name[:2]]))
    g = group(list(zip(arts, reader.pipe(arts))), embedder=minilm)
    assert len(g.events) == 4
    assert len(g.storylines) == 1
    line = g.storylines[0]
    assert set(line.article_ids) == {"01", "02", "03", "04"}
    assert (line.start_date, line.end_date) == ("2021-04-13", "2021-12-02")
    assert line.entities[0] == "Antony Blinken"  # every source names him
    assert g.copies == ()


# ---------------------------------------------------------------- gates


@pytest.mark.slow
@pytest.mark.model
def test_gate_ecbplus_event_bcubed():
    from newsprism.evaluation.grouping import ECBPLUS, ecbplus_eval

    if not ECBPLUS.exists():
        pytest.skip("ECB+ dev data not beside the checkout")
    res = ecbplus_eval()
    assert res["event_bcubed"]["f1"] >= 0.84
    assert res["storyline_bcubed_story"]["f1"] >= 0.84


@pytest.mark.slow
def test_gate_bbc_copy_families():
    from newsprism.evaluation.grouping import BBC, bbc_eval

    if not BBC.exists():
        pytest.skip("BBC corpus not beside the checkout")
    res = bbc_eval()["pairwise"]
    assert res["recall"] >= 0.98
    assert res["precision"] >= 0.92
