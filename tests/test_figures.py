"""Figures: numbers with what they count, on the samples, gold articles and short texts."""

from __future__ import annotations

import pytest

from conftest import sample_path
from newsprism.read.figures import extract_figures
from newsprism.records import Article

pytestmark = pytest.mark.model


def figures(nlp, text: str):
    art = Article(id="t", text=text, source="-", format="text")
    return [(text[f.span.start : f.span.end], f) for f in extract_figures(nlp(text), art)]


def by_text(found, phrase):
    hits = [f for t, f in found if t == phrase]
    assert hits, f"{phrase!r} not in {[t for t, _ in found]}"
    return hits[0]


def test_sample_figures(nlp, samples_available):
    f01 = figures(nlp, sample_path("01").read_text())
    fig = by_text(f01, "around 90,000 Russian troops")
    assert (fig.value, fig.qualifier) == (90000, "around") and "troops" in fig.unit
    assert not any(f.value == 2024 for _, f in f01)  # "Eurovision 2024": a year, not a count

    f02 = figures(nlp, sample_path("02").read_text())
    assert by_text(f02, "175k troops").value == 175000
    assert by_text(f02, "175,000 troops").value == 175000
    assert by_text(f02, "100 battalion tactical groups").unit == "battalion tactical groups"

    f03 = figures(nlp, sample_path("03").read_text())
    assert by_text(f03, "40,000 troops").value == 40000
    eq = by_text(f03, "15,000 pieces of military equipment")
    assert (eq.value, eq.unit) == (15000, "pieces of military equipment")
    vague = by_text(f03, "thousands of combat ready troops")
    assert vague.value is None and (vague.low, vague.high) == (2000, 9999) and "troops" in vague.unit
    assert not any(t.startswith("Seven") for t, _ in f03)  # "Group of Seven" is a name

    f04 = figures(nlp, sample_path("04").read_text())
    tens = by_text(f04, "tens of thousands of troops")
    assert tens.value is None and (tens.low, tens.high) == (20000, 99999)
    lives = by_text(f04, "over 13,000 lives")
    assert (lives.value, lives.qualifier, lives.unit) == (13000, "over", "lives")
    assert not any(f.value in (2009, 2013, 2014, 2020) for _, f in f04)


def test_numbers_in_words_money_percent_and_ranges(nlp):
    found = figures(
        nlp,
        "Some 1.2 million people fled, and three hundred and twenty civilians died. The fund holds "
        "$5bn in aid and £300m of funding. More than 60% of voters backed it. Between 40 and 50 tanks "
        "and nearly a dozen ships were seen.",
    )
    assert by_text(found, "Some 1.2 million people").value == 1_200_000
    assert by_text(found, "three hundred and twenty civilians").value == 320
    money = by_text(found, "$5bn in aid")
    assert (money.value, money.unit) == (5e9, "usd aid")
    assert by_text(found, "£300m of funding").unit.startswith("gbp")
    pct = by_text(found, "More than 60% of voters")
    assert (pct.value, pct.unit, pct.qualifier) == (60, "percent of voters", "more than")
    rng = by_text(found, "Between 40 and 50 tanks")
    assert (rng.value, rng.low, rng.high, rng.unit) == (None, 40, 50, "tanks")
    assert by_text(found, "nearly a dozen ships").value == 12


def test_not_counts(nlp):
    found = figures(
        nlp,
        "Call 555-1234 at 10:30 on 12 March 2021. A 33-year-old man was arrested in 2019, "
        "and the 2020 election went one way or another.",
    )
    assert found == []


def test_gold_precision_recall(gold_scores):
    # measured 0.973 / 0.973 (the miss: "about 1,700 of them", a partitive over a pronoun)
    s = gold_scores("figures.jsonl")["figures"]
    assert s.precision >= 0.95, s.false
    assert s.recall >= 0.95, s.misses


# ------------------------------------------------------- held-out set (written blind)


def test_heldout_figures_precision_recall(gold_scores):
    # measured blind: P 0.894 / R 0.809 before the fixes, P 1.000 / R 0.994 after
    s = gold_scores("heldout_facts.jsonl")["figures"]
    assert s.gold >= 150
    assert s.precision >= 0.97, s.false
    assert s.recall >= 0.97, s.misses


def test_fractions_pence_magnitude_and_currency_ranges(nlp):
    found = figures(
        nlp,
        "One in five adults takes the drug, and a third of patients stop within a year. A magnitude 6.4 "
        "earthquake struck. Diesel hit 199.1p a litre. Costs will be between $90 million and $120 million, "
        "and the margin narrowed by 1.5 percentage points. The army sent 500 million lira in emergency funds.",
    )
    assert (by_text(found, "One in five adults").value, by_text(found, "One in five adults").unit) == (20, "percent of adults")
    assert abs(by_text(found, "a third of patients").value - 100 / 3) < 1e-9
    assert by_text(found, "magnitude 6.4").unit == "magnitude"
    assert (by_text(found, "199.1p a litre").value, by_text(found, "199.1p a litre").unit) == (199.1, "pence")
    rng = by_text(found, "between $90 million and $120 million")
    assert (rng.value, rng.low, rng.high, rng.unit) == (None, 90e6, 120e6, "usd")
    assert by_text(found, "1.5 percentage points").unit == "percentage points"
    assert by_text(found, "500 million lira in emergency funds").unit == "try emergency funds"
    assert not [t for t, _ in found if t in ("five adults", "6.4 earthquake")]


def test_elided_units_partitives_and_names(nlp):
    found = figures(
        nlp,
        "The party will send 22 lawmakers to the chamber, up from nine. About 4.6 million of the country's "
        "7.3 million registered voters cast ballots. Riverside moved three points clear after a 3-1 win, "
        "before a crowd of 52,000. Japan's Nikkei 225 index fell 12.4%. They won four of their last 15 games.",
    )
    assert (by_text(found, "nine").value, by_text(found, "nine").unit) == (9, "lawmakers")
    part = by_text(found, "About 4.6 million of the country's 7.3 million registered voters")
    assert (part.value, part.unit) == (4.6e6, "registered voters")
    assert by_text(found, "three points").value == 3
    assert by_text(found, "crowd of 52,000").unit == "crowd"
    assert by_text(found, "15 games").value == 15
    texts = [t for t, _ in found]
    # a score is not a count, a number in a name is not one either
    assert not [t for t in texts if t.startswith(("3-1", "1 win", "225"))], texts
    # "the toll rose to 40" stays out: a bare number needs a comparison cue and a unit before it
    assert figures(nlp, "The toll rose to 40 on Monday.") == []


def test_decimals_said_in_words(nlp):
    """A spokesman's "one point three per cent" is 1.3%, not 3%; "point" only before a scale or a
    percentage ("at one point three men were held" is a moment and a count)."""
    found = figures(nlp, "In Ireland, sales fell only one point three per cent where they were declining before.")
    fig = by_text(found, "only one point three per cent")
    assert (fig.value, fig.unit) == (1.3, "percent")
    found = figures(nlp, "The deal is worth two point five million pounds, he said.")
    assert by_text(found, "two point five million pounds").value == 2_500_000
    assert not any(t.endswith("point") for t, _ in found)
    assert by_text(figures(nlp, "At one point three men were held by police."), "three men").value == 3
