"""Grouping: events vs storylines, copy families, incremental store grouping, quality gates."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
import random

import numpy as np
import pytest

from conftest import EXAMPLES, ROOT, SAMPLES, missing_data
from newsprism.embed import HashingEmbedder, MiniLMEmbedder
from newsprism.group import ClusterOptions, GroupOptions, group, group_store, stable_id
from newsprism.group.copies import (
    CopyFinder,
    ReuseOptions,
    normalise,
    reuse,
    reuse_kind,
    sentences,
    shingle_hashes,
    shingles,
    word_hashes,
)
from newsprism.group.features import (
    counterpart,
    event_date,
    features,
    figure_keys,
    full_dates,
    is_venue,
    lead_day,
    locative,
    regex_entities,
)
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
# Two meetings of the same two ministers on the same subject, no publication dates: only the venue
# and the wording tell them apart.  The third is another outlet's report of the first meeting.
TALKS_VIENNA = (
    "Grain talks: Lindqvist and Brandt seek deal on Black Sea exports",
    "Swedish Foreign Minister Maria Lindqvist met her German counterpart Tomas Brandt in Vienna to press "
    "for a new agreement on grain exports through the Black Sea. Lindqvist said shipments had to resume "
    "before the winter, while Brandt warned that Russia was blocking the corridor.")
TALKS_GENEVA = (
    "Lindqvist and Brandt return to grain talks at UN conference",
    "Sweden's Maria Lindqvist and Germany's Tomas Brandt resumed their talks on Black Sea grain exports at "
    "a United Nations conference in Geneva, joined this time by Turkish and Ukrainian delegations. Brandt "
    "told reporters the new proposal would let insured ships sail under escort; Lindqvist called it the "
    "last chance before the winter.")
TALKS_VIENNA_2 = (
    "Sweden and Germany press for Black Sea grain deal",
    "Meeting in the Austrian capital, Vienna, Maria Lindqvist of Sweden and Tomas Brandt of Germany "
    "called for a new agreement on grain exports through the Black Sea. Brandt said Russia was "
    "blocking the corridor and Lindqvist said shipments must resume before winter.")


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


@pytest.mark.parametrize("text, place, expected", [
    ("Blinken, speaking in Washington alongside his counterpart, said", "Washington", True),
    ("held talks at an OSCE meeting in Stockholm where he warned", "Stockholm", True),
    ("Blinken, returning to Brussels less than a week later, said", "Brussels", True),
    ("shelling on the outskirts of Kharkiv continued", "Kharkiv", True),
    ("near the southern city of Basra", "Basra", True),
    ("KYIV, Ukraine (AP) — Officials said", "KYIV", True),
    ("The US warned Moscow against an invasion", "Moscow", False),
    ("sent a clear message to Washington on Friday", "Washington", False),
    ("talks failed in Moscow's view", "Moscow", False),
    ("Sweden stood in talks with Moscow", "Moscow", False),
])
def test_locative_frames_say_where_it_happens(text, place, expected):
    start = text.index(place)
    assert locative(text, start, start + len(place)) is expected


def test_countries_and_regions_are_not_venues():
    assert is_venue("Riga") and is_venue("Black Sea") and is_venue("Madison Square Garden")
    assert not any(is_venue(p) for p in ("Ukraine", "U.S.", "the United States", "Europe", "Middle East",
                                         "California"))


def test_counterparts_are_the_people_met():
    text = ("Blinken, speaking alongside Ukrainian counterpart Dmytro Kuleba, and later met Foreign "
            "Minister Sergei Lavrov, said Jens Stoltenberg agreed.")
    assert counterpart(text, text.index("Dmytro"))
    assert counterpart(text, text.index("Sergei"))
    assert not counterpart(text, text.index("Jens"))


def test_event_date_is_the_lead_day_else_the_publication_date():
    head = "Ministers met in Riga on Tuesday, as they did in 2014 and from 2009 to 2013."
    dated = Article(id="d", text=head, source="t", format="text", date="2021-12-02")
    tuesday = dt.date(2021, 11, 30).toordinal()
    assert event_date(dated, tuesday, head) == ("2021-11-30", False)
    assert event_date(dated, None, head) == ("2021-12-02", False)


def test_undated_event_date_never_comes_from_background_years_or_the_body():
    undated = Article(id="u", text="", source="t", format="text")
    assert event_date(undated, None, "Ministers met again, as in 2014 and from 2009 to 2013.") == (None, False)
    written = "RIGA, Nov. 30, 2021 -- Ministers met, a year after the March 3, 2020 summit."
    assert event_date(undated, None, written) == ("2021-11-30", True)  # latest full date: an estimate
    body = ("The dam, finished in 1998 and repaired in 2009, gave way after days of rain. " * 5
            + "Photo: the valley on January 9, 2020, before the dam failed.")
    a, f = art("cap", "Old dam fails", body)
    assert features(a, f).date is None  # a caption date deep in the body is not the event date


def test_undated_event_range_is_marked_estimated():
    g = group([art("x1", "Dam bursts in river valley", "Floodwater swept through three villages on 4 March "
                   "2024, years after the dam was built in 1998. Rescue teams searched the valley.")],
              embedder=HashingEmbedder())
    (ev,) = g.events
    assert (ev.start_date, ev.end_date, ev.dates_estimated) == ("2024-03-04", "2024-03-04", True)
    assert g.storylines[0].dates_estimated


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


@pytest.mark.model
def test_undated_meetings_in_different_venues_are_different_events(reader, minilm):
    arts = [Article(id=aid, text=f"{title}\n\n{body}", source="t", format="text", title=title)
            for aid, (title, body) in zip(("vienna", "geneva", "vienna-2"), (TALKS_VIENNA, TALKS_GENEVA,
                                                                             TALKS_VIENNA_2))]
    items = list(zip(arts, reader.pipe(arts)))
    assert features(*items[0]).lead_venues == {"vienna"}
    assert features(*items[1]).lead_venues == {"geneva"}
    blind = GroupOptions(cluster=ClusterOptions(w_venue=0.0, w_counterpart=0.0))
    assert len(group(items, blind, encoder=minilm).events) == 1  # words and names alone merge them
    g = group(items, encoder=minilm)
    assert g.event_of("vienna").article_ids == ("vienna", "vienna-2")
    assert g.event_of("geneva").article_ids == ("geneva",)
    assert len(g.storylines) == 1  # the same ministers and subject: one storyline
    assert all(ev.start_date is None for ev in g.events)  # nothing dates them


# Two arrests of two players of one team, reported twice each: the same kind of incident, the same
# club and charge; nothing dates them apart, and no venue or counterpart tells them apart either.
ARRESTS = [
    art("okafor-1", "Mariners linebacker Tom Okafor arrested on drink-driving charge",
        "Harbour City Mariners linebacker Tom Okafor was arrested early on Sunday and charged with driving "
        "under the influence, police said. The Mariners said they were aware of the arrest."),
    art("okafor-2", "Police charge Mariners' Okafor with drink-driving",
        "Tom Okafor, the Harbour City Mariners linebacker, faces a drink-driving charge after police stopped "
        "his car on Sunday morning. The club declined to comment on the Okafor arrest."),
    art("varga-1", "Mariners defensive end Luis Varga arrested for drunk driving",
        "Harbour City Mariners defensive end Luis Varga was arrested and charged with drunk driving, police "
        "said. The Mariners said they were gathering information about the Varga arrest."),
    art("varga-2", "Mariners' Varga faces drunk-driving charge",
        "Luis Varga of the Harbour City Mariners was booked on a drunk-driving charge, police said. "
        "The club said it was aware of the arrest of Varga."),
]


def _two_events(items, options: ClusterOptions) -> list[list[int]]:
    """Storylines over two events given as decided (the first two articles, the last two)."""
    from newsprism.group.cluster import EventClusterer

    feats = [features(a, f) for a, f in items]
    vecs = HashingEmbedder().encode([f.lead for f in feats])
    clusterer = EventClusterer(vecs.shape[1], options)
    clusterer.restore(feats, vecs, [[0, 1], [2, 3]])
    return clusterer.storylines()


def test_storyline_needs_a_development_between_its_events():
    # However close the two events score without the priors (any link joins here), two incidents of
    # one kind that no date, day, venue or counterpart tells apart are two storylines.
    close = ClusterOptions(storyline_join=0.0)
    assert _two_events(ARRESTS, replace(close, storyline_development=0.0)) == [[0, 1]]
    assert _two_events(ARRESTS, close) == [[0], [1]]
    # Dated a month apart, they are two developments the same model would call one event: one storyline.
    dated = [art(a.id, a.title, a.text.split("\n\n", 1)[1], date)
             for (a, _), date in zip(ARRESTS, ("2024-05-05", "2024-05-05", "2024-06-09", "2024-06-09"))]
    assert _two_events(dated, close) == [[0, 1]]


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


def test_one_encoder_is_passed_once():
    emb = HashingEmbedder()
    with Store(":memory:") as store:
        store.save_article(*QUAKE_TURKEY)
        assert len(group_store(store, encoder=emb).events) == 1
        assert store.vector("q-tr", emb.kind) is not None  # the encoder given is the one used
        with pytest.raises(ValueError, match="encoder"):
            group_store(store, encoder=emb, embedder=HashingEmbedder())


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


def _copy_of(article: Article, aid: str) -> tuple[Article, ArticleFacts]:
    copy = Article(id=aid, text=article.text + "\n" + JUNK, source="s", format="text", title=article.title,
                   date=article.date)
    return copy, ArticleFacts(article_id=aid)


def test_group_store_rerun_reads_no_facts_and_judges_no_pair_again(monkeypatch):
    # Issue 8: each article's features, MinHash signatures and copy judgments are kept in the store;
    # a rerun loads the facts of new articles only and judges only pairs with a new article, and
    # finds exactly what the first run found.
    from newsprism.store import Store as StoreClass

    emb = HashingEmbedder()
    with Store(":memory:") as store:
        for a, f in (QUAKE_TURKEY, MEETING_A, _copy_of(MEETING_A[0], "m-copy")):
            store.save_article(a, f)
        first = group_store(store, encoder=emb)
        store.replace_stories(first.storylines, first.events, first.copies, [])
        cached = store.db.execute("SELECT kind, count(*) FROM article_cache GROUP BY kind ORDER BY kind").fetchall()
        assert [tuple(r) for r in cached] == [("copy-signature", 3), ("features", 3)]
        assert store.db.execute("SELECT count(*) FROM copy_judgments").fetchone()[0] >= 1

        loaded: list[str] = []
        real_facts = StoreClass.facts

        def facts(self, article_id):
            loaded.append(article_id)
            return real_facts(self, article_id)

        def no_judging(self, a, b):
            raise AssertionError(f"judged {a}, {b} again")

        monkeypatch.setattr(StoreClass, "facts", facts)
        monkeypatch.setattr(CopyFinder, "judge", no_judging)
        again = group_store(store, encoder=emb)
        assert loaded == [] and again == first

        monkeypatch.undo()
        monkeypatch.setattr(StoreClass, "facts", facts)
        store.save_article(*QUAKE_MOROCCO)
        third = group_store(store, encoder=emb)
        assert loaded == ["q-ma"]
        assert third.copies == first.copies and third.event_of("q-ma").article_ids == ("q-ma",)
        # nothing is kept twice
        assert store.db.execute("SELECT count(*) FROM article_cache").fetchone()[0] == 8


def test_group_store_cache_misses_on_changed_text_or_code(monkeypatch):
    import newsprism.group as group_module

    emb = HashingEmbedder()
    with Store(":memory:") as store:
        for a, f in (QUAKE_TURKEY, MEETING_A):
            store.save_article(a, f)
        first = group_store(store, encoder=emb)
        loaded: list[str] = []
        real_facts = Store.facts
        monkeypatch.setattr(Store, "facts", lambda self, aid: loaded.append(aid) or real_facts(self, aid))
        # an entry made from another text is a miss (ids are content hashes, but the cache checks)
        store.db.execute("UPDATE article_cache SET text_key = 'x' WHERE article_id = 'q-tr'")
        assert group_store(store, encoder=emb) == first
        assert loaded == ["q-tr"]
        # the features code changed: every article's features are built again
        loaded.clear()
        monkeypatch.setattr(group_module, "_features_version", lambda options: "another version")
        assert group_store(store, encoder=emb) == first
        assert sorted(loaded) == ["m-a", "q-tr"]


def test_copy_finder_replay_with_kept_judgments_finds_the_same_links():
    texts = [(a.id, a.text) for a, _ in (QUAKE_TURKEY, MEETING_A, MEETING_B)]
    texts.append(("m-copy", _copy_of(MEETING_A[0], "m-copy")[0].text))
    fresh = CopyFinder()
    for aid, text in texts:
        fresh.add(aid, text)
    replay = CopyFinder(judgments=fresh.new_judgments)
    for aid, text in texts:
        replay.add(aid, text, signature=fresh.sign(text))
    assert replay.links() == fresh.links() and replay.links()
    assert replay.new_judgments == {}
    assert replay.version == fresh.version
    assert CopyFinder(near_threshold=0.9).version != fresh.version
    assert CopyFinder(near_threshold=0.9).signature_version == fresh.signature_version


WIRE = (EXAMPLES / "01-wire-iberia-press.txt").read_text(encoding="utf-8")


def _estimate(a, b, small: bool = False) -> float:
    pick = (lambda s: s.small_hashvalues) if small else (lambda s: s.hashvalues)
    return float(np.mean(np.array(pick(a)) == np.array(pick(b))))


def _exact(a: str, b: str, k: int) -> float:
    sa, sb = shingles(a, k), shingles(b, k)
    return len(sa & sb) / len(sa | sb)


def test_signing_is_datasketchs_minhash_of_the_shingle_hashes():
    """The signatures are what datasketch's MinHash holds for the same 32-bit shingle hashes under
    the finder's permutations (so LeanMinHash and MinHashLSH read them as before), and there is
    one hash per shingle (the counts turn Jaccard into containment)."""
    from datasketch import MinHash

    finder = CopyFinder()
    sig = finder.sign(WIRE)
    words = word_hashes(normalise(WIRE))
    for k, template, values, count in ((5, finder._template, sig.hashvalues, sig.shingles),
                                       (3, finder._small_template, sig.small_hashvalues, sig.small_shingles)):
        hashes = shingle_hashes(words, k)
        assert count == len(hashes) == len(shingles(WIRE, k))
        mh = MinHash(num_perm=len(values), seed=1, scheme=template.scheme, hashfunc=int)
        mh.update_batch(hashes.tolist())
        assert mh.hashvalues.dtype == template.hashvalues.dtype
        assert tuple(mh.hashvalues.tolist()) == values
    assert finder.sign(WIRE) == sig  # identical texts, identical signatures
    assert len(shingle_hashes(word_hashes("two words"), 5)) == 1  # shorter than k: one shingle of all
    empty = finder.sign("")
    assert empty.shingles == 0 and set(empty.hashvalues) == {2**32 - 1}


def test_signatures_estimate_the_shingle_jaccard():
    """A one-word change, word drops and the same words in another order: the estimate stays near
    the exact Jaccard of the shingle sets (the order of a shingle's words counts)."""
    finder = CopyFinder()
    base = finder.sign(WIRE)
    words = WIRE.split()
    one = " ".join(words[:100] + ["glacier"] + words[101:])
    assert abs(_estimate(base, finder.sign(one)) - _exact(WIRE, one, 5)) < 0.1
    reordered = " ".join(reversed(words))
    assert _exact(WIRE, reordered, 5) == 0 and _estimate(base, finder.sign(reordered)) < 0.05
    rng = random.Random(5)
    errors, small_errors = [], []
    for _ in range(30):
        dropped = " ".join(w for w in words if rng.random() > 0.08)
        sig = finder.sign(dropped)
        errors.append(abs(_estimate(base, sig) - _exact(WIRE, dropped, 5)))
        small_errors.append(abs(_estimate(base, sig, small=True) - _exact(WIRE, dropped, 3)))
    # MinHash's own error: about 0.035 with 128 permutations at these Jaccards, 0.045 with 64
    assert np.mean(errors) < 0.06 and np.mean(small_errors) < 0.08


def test_signatures_are_the_same_in_another_process():
    """Word hashes are blake2b, not Python's salted ``hash``: stored signatures stay valid."""
    import json
    import os
    import subprocess
    import sys

    code = ("import json, sys; from newsprism.group.copies import CopyFinder; "
            "s = CopyFinder().sign(sys.stdin.read()); print(json.dumps([s.hashvalues, s.small_hashvalues]))")
    env = {**os.environ, "PYTHONHASHSEED": "12345",
           "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)}
    out = subprocess.run([sys.executable, "-c", code], input=WIRE, capture_output=True, text=True, env=env,
                         check=True).stdout
    sig = CopyFinder().sign(WIRE)
    assert json.loads(out) == [list(sig.hashvalues), list(sig.small_hashvalues)]


# ---------------------------------------------------------------- the four samples


@pytest.mark.model
def test_samples_as_ingested_one_storyline_four_events(samples_available, reader, minilm):
    # Issue #3 acceptance: `newsprism ingest samples && newsprism stories` on the files as they are,
    # with no dates: four meetings (Washington, Stockholm, Brussels, Riga) of one storyline.
    from newsprism.pipeline import ingest

    with Store(":memory:") as store:
        report = ingest([SAMPLES], store, reader=reader)
        assert len(report.added) == 4
        g = group_store(store, encoder=minilm)
        by_file = {a.id: a.source.rsplit("/", 1)[-1][:2] for a, _ in store.articles()}
    assert len(g.events) == 4
    assert sorted(by_file[a] for ev in g.events for a in ev.article_ids) == ["01", "02", "03", "04"]
    assert len(g.storylines) == 1
    line = g.storylines[0]
    assert len(line.article_ids) == 4 and len(line.event_ids) == 4
    assert line.entities[0] == "Antony Blinken"  # every source names him
    # Undated, and the only dates written are background years ("in 2014", "2009 to 2013") and a
    # photo caption: no range rather than a wrong one.
    assert (line.start_date, line.end_date) == (None, None)
    assert all((ev.start_date, ev.end_date) == (None, None) for ev in g.events)
    assert g.copies == ()


@pytest.mark.model
def test_samples_dated_one_storyline_four_events(samples_available, reader, minilm):
    # Publication dates as the outlets printed them (scraped articles carry them as metadata).
    dates = {"01": "2021-11-10", "02": "2021-12-02", "03": "2021-04-13", "04": "2021-11-30"}
    arts = []
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        arts.append(Article(id=path.name[:2], text=text, source=str(path), format="text",
                            title=text.split("\n", 1)[0], date=dates[path.name[:2]]))
    g = group(list(zip(arts, reader.pipe(arts))), encoder=minilm)
    assert len(g.events) == 4
    assert len(g.storylines) == 1
    line = g.storylines[0]
    assert set(line.article_ids) == {"01", "02", "03", "04"}
    assert (line.start_date, line.end_date, line.dates_estimated) == ("2021-04-13", "2021-12-02", False)
    assert [ev.start_date for ev in g.events] == ["2021-04-13", "2021-11-10", "2021-11-30", "2021-12-02"]
    assert line.entities[0] == "Antony Blinken"
    assert g.copies == ()


# ---------------------------------------------------------------- gates


@pytest.mark.slow
@pytest.mark.model
def test_gate_ecbplus_event_bcubed():
    from newsprism.evaluation.grouping import ECBPLUS, ecbplus_eval

    if not ECBPLUS.exists():
        missing_data("ECB+ dev data")
    # Each split grouped on its own (the pair model is fitted on train); floors just under
    # train 0.923 / 0.923 and dev 0.884 / 0.889 (events / storylines against the incidents).
    train, dev = ecbplus_eval(split="train"), ecbplus_eval(split="dev")
    assert train["event_bcubed"]["f1"] >= 0.91
    assert train["storyline_bcubed_story"]["f1"] >= 0.915
    assert dev["event_bcubed"]["f1"] >= 0.87
    assert dev["storyline_bcubed_story"]["f1"] >= 0.88


@pytest.mark.slow
def test_gate_bbc_copy_families():
    from newsprism.evaluation.grouping import BBC, bbc_eval

    if not BBC.exists():
        missing_data("BBC corpus")
    res = bbc_eval()
    # Recall on the strict (Jaccard >= 0.8) families; precision on the families that also count an
    # article contained in another: links found through containment are copies the strict gold misses.
    assert res["pairwise"]["recall"] >= 0.98
    assert res["pairwise_containment"]["precision"] >= 0.95
    assert res["pairwise_containment"]["recall"] >= 0.95
    assert res["pairwise"]["precision"] >= 0.85


# ---------------------------------------------------------------- scrapes, reposts, spun rewrites

# One fictional event told by two independent wire services: the same names, figures and quotes
# (a press conference), different wording and order.  Neither copies the other.
PORT_WIRE = (
    "HALDEN BAY — Dock workers at the port of Halden Bay walked out on Monday, halting the loading of "
    "about 40 cargo ships, the port authority said.\n\n"
    "The strike was called by the Coastal Transport Union after talks on a 6 percent pay rise broke down "
    "late on Sunday. Union leader Marta Kessler said the walkout would last 48 hours.\n\n"
    "\"We have been patient for two years and the port has made record profits,\" Kessler told reporters "
    "outside the main gate.\n\n"
    "Port director Olav Brenn said the authority had offered 4 percent and remained open to talks. "
    "He warned that fuel deliveries to three northern towns could be delayed.\n\n"
    "The port handles roughly a fifth of the country's container traffic. Shipping agents said some "
    "vessels were already being diverted to Kirkwall.")
PORT_OTHER = (
    "Roughly 40 cargo ships sat idle at Halden Bay on Monday as dock workers began a 48-hour strike over "
    "pay, in the biggest stoppage at the port in a decade.\n\n"
    "Marta Kessler, who leads the Coastal Transport Union, said members had rejected the port's offer of "
    "a 4 percent rise and wanted 6 percent. \"We have been patient for two years and the port has made "
    "record profits,\" she said at a rally.\n\n"
    "Shipping agents diverted several vessels to Kirkwall overnight, and exporters warned of costly "
    "delays if the dispute dragged on.\n\n"
    "Olav Brenn, the port director, told local radio that the authority's door remained open. Three "
    "northern towns that rely on the port for fuel could see shortages by the weekend, he said.\n\n"
    "About a fifth of the country's containers pass through Halden Bay.")
# A content-farm spin of PORT_WIRE: synonyms swapped sentence by sentence, names, numbers and the
# quote kept, the order kept.
PORT_SPUN = (
    "HALDEN BAY — Harbour employees at the port of Halden Bay went on strike on Monday, stopping the "
    "loading of approximately 40 freight vessels, the port administration stated.\n\n"
    "The stoppage was declared by the Coastal Transport Union after negotiations on a 6 percent salary "
    "increase collapsed late on Sunday. Union chief Marta Kessler stated the walkout would continue 48 hours.\n\n"
    "\"We have been patient for two years and the port has made record profits,\" Kessler informed "
    "journalists outside the principal gate.\n\n"
    "Port director Olav Brenn stated the administration had proposed 4 percent and stayed open to "
    "negotiations. He cautioned that fuel shipments to three northern towns might be postponed.\n\n"
    "The port manages approximately a fifth of the nation's container traffic.")
# A blog that reposts the top of PORT_WIRE around its own opinions; and a follow-up story that reuses
# background paragraphs of it under a new lead (a new development, not a copy).
PORT_BLOG = (
    "Here we go again. Every winter the same story, and every winter the same excuses from the port.\n\n"
    "From the wires this morning:\n\n" + PORT_WIRE.split("\n\n", 1)[0].split("— ", 1)[1] + "\n\n"
    + "\n\n".join(PORT_WIRE.split("\n\n")[1:3]) + "\n\n"
    "Honestly, I would strike too. Management has had two years to fix this and chose to do nothing. "
    "If you need fuel up north, fill your tank today, because nobody in charge will warn you in time.")
PORT_FOLLOW_UP = (
    "Dock workers at Halden Bay returned to work on Wednesday after the port authority raised its pay "
    "offer to 5 percent, ending a two-day strike that left cargo ships stranded.\n\n"
    "Union members voted by a large majority to accept the deal, which also includes a bonus for night "
    "shifts. The first container ships were being loaded by midday.\n\n"
    + "\n\n".join(PORT_WIRE.split("\n\n")[3:5]))


def _links(*texts, encoder=None, same_event=True):
    finder = CopyFinder(encoder=encoder)
    for day, (aid, text) in enumerate(texts):
        finder.add(aid, text, day=day)
    if same_event:
        finder.verify_groups([[aid for aid, _ in texts]])
    return {c.article_id: (c.original_id, c.kind) for c in finder.links()}


@pytest.mark.parametrize("semantic", [False, True])
def test_independent_reports_of_one_event_are_not_copies(semantic, minilm):
    # Same names, figures and even a shared quote, verified pair by pair as one event's members.
    enc = minilm if semantic else None
    assert _links(("wire", PORT_WIRE), ("other", PORT_OTHER), encoder=enc) == {}
    assert _links(("wire", PORT_WIRE), ("follow-up", PORT_FOLLOW_UP), encoder=enc) == {}


@pytest.mark.parametrize("semantic", [False, True])
def test_spun_rewrite_and_partial_repost_link_to_the_wire(semantic, minilm):
    # Found by the shingle indexes alone (not told they share an event).
    got = _links(("wire", PORT_WIRE), ("other", PORT_OTHER), ("spun", PORT_SPUN), ("blog", PORT_BLOG),
                 ("follow-up", PORT_FOLLOW_UP), encoder=minilm if semantic else None, same_event=False)
    if semantic:
        assert got == {"spun": ("wire", "rewrite"), "blog": ("wire", "partial")}
    else:
        # Words alone cannot tell this hard a spin from an independent report: no link rather
        # than a false one (the example corpus's lighter spin is found without an encoder).
        assert got == {"blog": ("wire", "partial")}


def test_sentence_reuse_rules(minilm):
    finder = CopyFinder(encoder=minilm)
    for day, (aid, text) in enumerate([("wire", PORT_WIRE), ("other", PORT_OTHER), ("spun", PORT_SPUN),
                                       ("blog", PORT_BLOG), ("follow-up", PORT_FOLLOW_UP)]):
        finder.add(aid, text, day=day)
    spun = finder.verify("spun", "wire")
    assert spun.verbatim == 0 and spun.aligned >= 5  # nothing verbatim, yet sentence for sentence
    other = finder.verify("other", "wire")
    assert other.aligned_share < finder.reuse.rewrite_share  # shared facts, not in the same order
    blog, follow_up = finder.verify("blog", "wire"), finder.verify("follow-up", "wire")
    assert blog.lead and blog.verbatim >= 3
    assert follow_up.verbatim >= 3 and not follow_up.lead  # background reused under a new lead
    assert finder.judge("follow-up", "wire") is None


def test_only_sentences_of_like_length_go_to_the_encoder():
    # A rewrite keeps its original's length.  Each short sentence here takes its words from a long
    # one (a digest, not a spin): the encoder is never asked, so even one that calls everything the
    # same cannot make the pair a rewrite.  The spin of PORT_WIRE, sentence for sentence, is asked.
    long_ = sentences(
        "Port director Olav Brenn said on Monday evening that the authority had offered the striking dock "
        "workers a rise of 4 percent and remained open to further talks with the union.\n\n"
        "Union leader Marta Kessler told a crowd of several hundred members outside the main gate that the "
        "walkout over pay would last at least 48 hours and could be extended.\n\n"
        "Shipping agents in the capital said late on Sunday that some container vessels bound for Halden "
        "Bay were already being diverted north to Kirkwall because of the dispute.\n\n"
        "Fuel deliveries to three northern towns that depend on the port for heating oil could be delayed "
        "by the weekend, according to the regional energy office.")
    short = sentences("Brenn offered dock workers 4 percent.\n\nKessler said the walkout would last 48 hours.\n\n"
                      "Agents diverted vessels to Kirkwall.\n\nFuel deliveries to northern towns could be delayed.")
    asked: list[int] = []

    def cosine(rows, cols):
        asked.append(len(rows))
        return np.ones(len(rows))

    options = ReuseOptions()
    assert reuse_kind(reuse(short, long_, options, cosine), options) is None and asked == []
    spun = reuse(sentences(PORT_SPUN), sentences(PORT_WIRE), options, cosine)
    assert asked and reuse_kind(spun, options)[0] == "rewrite"


# A light spin of PORT_WIRE: three sentences kept, in the others a word or three changed; every
# rewritten sentence keeps at least 70% of the content words of both versions.
PORT_LIGHT = (
    "HALDEN BAY — Dock workers at the port of Halden Bay went on strike on Monday, stopping the loading of "
    "about 40 cargo ships, the port authority stated.\n\n"
    "The strike was declared by the Coastal Transport Union after talks on a 6 percent pay rise collapsed "
    "late on Sunday. Union chief Marta Kessler said the stoppage would last 48 hours.\n\n"
    "\"We have been patient for two years and the port has made record profits,\" Kessler informed journalists "
    "outside the main gate.\n\n"
    "Port chief Olav Brenn said the authority had proposed 4 percent and stayed open to talks. "
    "He cautioned that fuel shipments to three northern towns could be delayed.\n\n"
    "The port manages roughly a fifth of the nation's container traffic. Shipping firms said some "
    "vessels were already being sent to Kirkwall.")


def test_sentences_that_keep_most_words_need_no_encoder():
    # The word rule alone (rewrite_lexical_alone of both sentences' content words) makes the light
    # spin a rewrite: the encoder is not asked.  The hard spin (PORT_SPUN) still is.
    asked: list[int] = []

    def cosine(rows, cols):
        asked.append(len(rows))
        return np.zeros(len(rows))  # an encoder that would turn every pair down

    options = ReuseOptions()
    light = reuse(sentences(PORT_LIGHT), sentences(PORT_WIRE), options, cosine, kind_only=True)
    assert light.verbatim == 3 and reuse_kind(light, options)[0] == "rewrite" and asked == []
    hard = reuse(sentences(PORT_SPUN), sentences(PORT_WIRE), options, cosine, kind_only=True)
    assert asked and reuse_kind(hard, options) is None


def test_low_overlap_index_proposes_what_datasketch_proposes():
    from datasketch import MinHashLSH

    from newsprism.group.copies import _BandIndex

    finder = CopyFinder()
    texts = [PORT_WIRE, PORT_OTHER, PORT_SPUN, PORT_BLOG, PORT_FOLLOW_UP, PORT_LIGHT, WIRE]
    rng = random.Random(3)
    for text in list(texts):  # word-drop variants: buckets shared by several articles
        words = text.split()
        texts += [" ".join(w for w in words if rng.random() > share) for share in (0.1, 0.3, 0.5)]
    lsh = MinHashLSH(threshold=finder.reuse.candidate_threshold, num_perm=finder._small_perm)
    index = _BandIndex(finder.reuse.candidate_threshold, finder._small_perm)
    assert (index.b, index.r) == (lsh.b, lsh.r)
    for row, text in enumerate(texts):
        values = np.asarray(finder.sign(text).small_hashvalues, dtype=np.uint64)
        mh = finder._minhash(finder._small_template, tuple(values.tolist()))
        assert sorted(index.query(values).tolist()) == sorted(lsh.query(mh))
        lsh.insert(row, mh)
        index.insert(values, row)
    assert sum(len(index.query(np.asarray(finder.sign(t).small_hashvalues))) > 1 for t in texts) > 10


def test_text_cosines_of_one_article_with_many_are_its_pairwise_cosines():
    from newsprism.group.cluster import EventClusterer

    texts = [PORT_WIRE, PORT_OTHER, PORT_SPUN, PORT_BLOG, PORT_FOLLOW_UP, PORT_LIGHT, WIRE, ""]
    feats = [features(Article(id=f"a{i}", text=t, source="t", format="text"), ArticleFacts(article_id=f"a{i}"))
             for i, t in enumerate(texts)]
    clusterer = EventClusterer(8, ClusterOptions(), expected=len(feats))
    clusterer.count(feats)
    for a in feats:
        got = clusterer.text_cosines(a, feats)
        assert got == pytest.approx([clusterer.text_cosine(a, b) for b in feats], abs=1e-6)
        assert not clusterer._dense.any()  # the scatter row is clean for the next article
    assert clusterer.text_cosines(feats[0], feats)[2] > 0.3 and clusterer.text_cosines(feats[0], feats)[-1] == 0.0


def test_verbatim_sentences_are_the_same_as_the_pairwise_check():
    # _verbatim skips the partial ratio where a bound rules it out; the verdicts are the ones the
    # partial ratio of every pair gives, here on the PORT texts and their cut or extended sentences.
    from rapidfuzz import fuzz

    from newsprism.group.copies import _verbatim

    base = sentences(" ".join([PORT_WIRE, PORT_OTHER, PORT_SPUN, PORT_FOLLOW_UP, PORT_LIGHT, WIRE]))
    rng = random.Random(7)
    variants = []
    for s in base:
        words = s.text.split()
        cut = rng.randint(1, 4)
        variants += [" ".join(words[cut:]), " ".join(words[:-cut]), s.text + " officials said on Monday",
                     " ".join(w if rng.random() > 0.15 else "the" for w in words)]
    other = sentences("\n".join(variants))
    options = ReuseOptions()
    got = _verbatim(base, other, options)
    hits = 0
    for i, x in enumerate(base):
        for j, y in enumerate(other):
            short, long_ = min(x.words, y.words), max(x.words, y.words)
            want = (fuzz.ratio(x.norm, y.norm) >= options.verbatim_ratio and short >= options.min_words) or (
                short >= 8 and short >= 0.6 * long_ and fuzz.partial_ratio(x.norm, y.norm) >= 95)
            assert got[i, j] == want, (x.text, y.text)
            hits += want
    assert hits > len(base)


@pytest.mark.model
def test_example_corpus_copy_families(reader, minilm):
    # examples/README.md: the aggregator scrape (03), the River Watch blog repost (04 record 1) and
    # the spun content-farm rewrite (05) copy the wire story (01); everything else is independent.
    from pathlib import Path

    from newsprism.pipeline import ingest

    examples = Path(__file__).resolve().parents[1] / "examples"
    with Store(":memory:") as store:
        ingest([examples], store, reader=reader)
        g = group_store(store, encoder=minilm)
        name = {a.id: a.source.rsplit("/", 1)[-1][:2] + (":blog" if "Told You So" in (a.title or "") else "")
                for a, _ in store.articles()}
    got = {name[c.article_id]: (name[c.original_id], c.kind) for c in g.copies}
    # The scrape's 5-shingle Jaccard with the wire story is 0.513, on rewrite_threshold (0.5), so
    # its MinHash estimate may land either side (0.383 with sha1 shingle hashes, 0.555 since issue
    # 15); either way its verbatim sentences make it a near-copy, not a rewrite.
    assert got == {"03": ("01", "near-copy"), "04:blog": ("01", "partial"), "05": ("01", "rewrite")}
    for c in g.copies:
        assert g.event_of(c.article_id).id == g.event_of(c.original_id).id


def test_a_copy_never_titles_its_event():
    # Two scrapes re-headline the story: same text, one sensational title.  They outnumber the
    # original, so the event's centre leans their way; the original's headline titles it anyway.
    orig, _ = QUAKE_TURKEY
    scrapes = [(Article(id=f"s-{k}", text=orig.text + tail, source="scrape", format="text",
                        title="SHOCK as quake horror unfolds", date=f"2023-02-0{7 + k}"),
                ArticleFacts(article_id=f"s-{k}")) for k, tail in enumerate(("\nRead more", "\nShare this"))]
    g = group([*scrapes, QUAKE_TURKEY], embedder=HashingEmbedder())
    assert sorted(c.article_id for c in g.copies) == ["s-0", "s-1"]
    (ev,) = g.events
    assert ev.title == orig.title and g.storylines[0].title == orig.title


def test_one_template_told_of_two_subjects_is_no_copy():
    """Two notes of one template about two companies share nearly every word, but each opens on
    its own subject and never names the other's in its first sentence: two reports, not one
    copied.  A rewrite that opens on another name but names the original's subject, or a repost
    that opens further down its original, is still a copy."""
    from newsprism.group.copies import subjects_apart

    first = ("The Norvale Aerospace division of Norvale Corp is being awarded a 212.5 mln dlr Navy contract for "
             "radar work, the Defense Department said. It said the contract, similar to one awarded to Kestrel "
             "Systems Inc, runs for 30 months.")
    second = ("Kestrel Systems Inc's Kestrel Avionics unit is being awarded a 213 mln dlr Navy contract for radar "
              "work, the Defense Department said. It said the work runs for 30 months.")
    assert subjects_apart(first, second)
    rewrite = "Harbour officials in Porto Lume said Mayor Ana Duarte closed the port on Monday after the storm."
    original = "Mayor Ana Duarte closed the port of Porto Lume on Monday after the storm, harbour officials said."
    assert not subjects_apart(rewrite, original)
    repost = "Ships were sent to Porto Alto instead, officials said. The port reopens on Friday."
    assert not subjects_apart(repost, original + " " + repost)
    headline = "Storm shuts Porto Lume\n\n" + original  # a headline above the text is no opening
    assert not subjects_apart(headline, "Port closed by storm\n\n" + original)
