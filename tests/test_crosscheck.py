"""Cross-checking: the four sample articles (one storyline) and short written cases."""

from __future__ import annotations

import pytest

from newsprism.crosscheck import CheckOptions, crosscheck, quotes_by_speaker
from newsprism.crosscheck.analysis import analyse_sentence
from newsprism.crosscheck.compare import compare
from newsprism.crosscheck.findings import copy_families, prepare
from newsprism.crosscheck.lexicon import nationality_key
from newsprism.group import Grouping
from newsprism.records import Article, ArticleFacts, CopyLink, Event, Storyline

from conftest import SAMPLES


def _article(aid: str, text: str, date: str | None = None) -> Article:
    return Article(id=aid, text=text, source=f"{aid}.txt", format="text", title=text.split("\n")[0], date=date)


def _grouping(items, *, events=None, copies=()) -> Grouping:
    ids = tuple(a.id for a, _ in items)
    events = events or {a: f"e-{a}" for a in ids}
    evs = {}
    for aid, eid in events.items():
        evs.setdefault(eid, []).append(aid)
    event_recs = tuple(Event(id=e, title=e, article_ids=tuple(a), storyline_id="s1") for e, a in sorted(evs.items()))
    return Grouping((Storyline(id="s1", title="story", event_ids=tuple(sorted(evs)), article_ids=ids),),
                    event_recs, tuple(copies))


def _read(reader, texts: dict[str, str], date="2024-03-05"):
    return [(a, reader.read(a)) for a in (_article(k, v, date) for k, v in texts.items())]


def test_nationality_key_folds_forms():
    assert nationality_key("U.S.") == nationality_key("American") == nationality_key("US") == "us"
    assert nationality_key("Russian") == nationality_key("Moscow") == "russia"
    assert nationality_key("Secretary") is None


def test_copy_families_count_once():
    fam = copy_families(["a", "b", "c", "d"], [CopyLink(article_id="b", original_id="a", kind="duplicate",
                                                        similarity=1.0),
                                               CopyLink(article_id="c", original_id="b", kind="near-copy",
                                                        similarity=0.9)])
    assert fam["a"] == fam["b"] == fam["c"] == "a"
    assert fam["d"] == "d"


@pytest.mark.model
def test_role_swap_and_negation_on_the_parse(nlp):
    a = analyse_sentence(nlp("Russia must stop its military build-up near Ukraine.")[:], "a")
    b = analyse_sentence(nlp("Ukraine must stop its military build-up near Russia.")[:], "b")
    assert [c.kind for c in compare(a, b)] == ["roles"]
    assert compare(a, a) == []
    x = analyse_sentence(nlp("The central bank raised interest rates on Tuesday.")[:], "x")
    y = analyse_sentence(nlp("The central bank did not raise interest rates on Tuesday.")[:], "y")
    assert "negation" in [c.kind for c in compare(x, y)]


@pytest.fixture(scope="module")
def samples(reader, samples_available):
    items = []
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        items.append((_article(path.name[:2], text), None))
    items = [(a, reader.read(a)) for a, _ in items]
    return items, crosscheck(items, _grouping(items), nlp=reader.nlp)


@pytest.mark.model
def test_samples_unknown_site_is_the_outlier(samples):
    _items, findings = samples
    outliers = [f for f in findings if f.kind == "outlier-copy"]
    assert len(outliers) == 1
    assert outliers[0].opposing == ("03",)
    assert outliers[0].sources >= 2


@pytest.mark.model
def test_samples_conflicts_cited_on_both_sides(samples):
    items, findings = samples
    texts = {a.id: a.text for a, _ in items}
    descriptor = [f for f in findings if f.kind == "descriptor-conflict"]
    # Blinken: US vs Russian; Kuleba: Ukrainian vs Russian -- 03 on one side every time
    assert len(descriptor) >= 2
    for f in descriptor:
        assert "03" in f.supporting + f.opposing
        sides = {e.side for e in f.evidence}
        assert {"support", "oppose"} <= sides
        assert {e.span.article_id for e in f.evidence} - {"03"}
        for e in f.evidence:
            assert texts[e.span.article_id][e.span.start:e.span.end] == e.text
    values = {nationality_key(e.text) for f in descriptor for e in f.evidence}
    assert {"us", "russia", "ukraine"} <= values
    roles = [f for f in findings if f.kind == "role-conflict" and "03" in f.opposing]
    assert roles, "who is building up troops: 03 reverses it"
    assert any("build-up" in e.text and e.span.article_id == "03" for f in roles for e in f.evidence)


@pytest.mark.model
def test_samples_troop_figures_are_different_moments(samples):
    _items, findings = samples
    assert not [f for f in findings if f.kind == "figure-conflict"]
    change = [f for f in findings if f.kind == "figure-change"]
    shown = " ".join(e.text for f in change for e in f.evidence)
    assert "90,000" in shown and "175" in shown


@pytest.mark.model
def test_samples_opinion_and_quotes_by_speaker(samples, reader):
    items, findings = samples
    opinions = [f for f in findings if f.kind == "opinion" and f.supporting == ("02",)]
    assert opinions and any(e.text.startswith("Geez") for e in opinions[0].evidence)
    sources = prepare(items, copy_families([a.id for a, _ in items], ()), {}, reader.nlp)
    by_speaker = quotes_by_speaker(sources)
    assert {a for a, _ in by_speaker["person:blinken"]} >= {"01", "02", "04"}


@pytest.mark.model
def test_figure_conflict_at_the_same_moment(reader):
    items = _read(reader, {
        "a": "Flooding on Monday forced 12,000 residents from their homes in the river valley, officials said.",
        "b": "Officials said flooding on Monday forced 30,000 residents from their homes in the river valley.",
    })
    findings = crosscheck(items, _grouping(items, events={"a": "e1", "b": "e1"}), nlp=reader.nlp)
    conflicts = [f for f in findings if f.kind == "figure-conflict"]
    assert len(conflicts) == 1
    assert {e.text for e in conflicts[0].evidence if e.side != "context"} >= {"12,000 residents"} or \
        any("12,000" in e.text for e in conflicts[0].evidence)
    assert not [f for f in findings if f.kind == "figure-change"]


@pytest.mark.model
def test_figures_planned_versus_now_are_a_change(reader):
    items = _read(reader, {
        "a": "The company now employs 4,000 workers at the plant, its spokesman said.",
        "b": "The company plans to employ 9,000 workers at the plant by the end of next year, its spokesman said.",
    })
    findings = crosscheck(items, _grouping(items, events={"a": "e1", "b": "e1"}), nlp=reader.nlp)
    assert [f.kind for f in findings if f.kind.startswith("figure")] == ["figure-change"]


@pytest.mark.model
def test_same_quote_given_to_two_speakers(reader):
    items = _read(reader, {
        "a": 'Mayor Anna Lopez said: "We will rebuild every bridge that the storm destroyed, whatever it costs."',
        "b": 'Governor Tom Reed said: "We will rebuild every bridge that the storm destroyed, whatever it costs."',
    })
    findings = crosscheck(items, _grouping(items), nlp=reader.nlp)
    quotes = [f for f in findings if f.kind == "quote-conflict"]
    assert len(quotes) == 1
    assert "Lopez" in quotes[0].explanation and "Reed" in quotes[0].explanation


@pytest.mark.model
def test_negation_flip_between_sources(reader):
    items = _read(reader, {
        "a": "The city council approved the new stadium budget on Thursday after a long debate.",
        "b": "The city council did not approve the new stadium budget on Thursday after a long debate.",
    })
    findings = crosscheck(items, _grouping(items, events={"a": "e1", "b": "e1"}), nlp=reader.nlp)
    roles = [f for f in findings if f.kind == "role-conflict"]
    assert len(roles) == 1 and "negates" in roles[0].explanation
    assert {e.span.article_id for e in roles[0].evidence} == {"a", "b"}


@pytest.mark.model
def test_copy_family_counts_once(reader):
    text = ("Heavy snow closed the main airport on Friday, stranding thousands of travellers before the holiday "
            "weekend, the airport operator said.")
    other = ("The airport operator said heavy snow shut the main airport on Friday and stranded thousands of "
             "travellers ahead of the holiday weekend.")
    items = _read(reader, {"a": text, "b": text + " ", "c": other})
    copies = (CopyLink(article_id="b", original_id="a", kind="duplicate", similarity=1.0),)
    findings = crosscheck(items, _grouping(items, copies=copies), nlp=reader.nlp)
    corr = [f for f in findings if f.kind == "corroboration"]
    assert corr and max(f.sources for f in corr) == 2
    # a lone family of copies is not cross-checked against itself
    alone = crosscheck(items[:2], _grouping(items[:2], copies=copies), nlp=reader.nlp)
    assert not [f for f in alone if f.kind == "corroboration"]


def test_options_are_validated():
    from newsprism.errors import NewsprismError

    with pytest.raises(NewsprismError):
        CheckOptions(align=1.5)
