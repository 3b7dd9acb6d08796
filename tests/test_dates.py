"""Dates resolved against the article date."""

from __future__ import annotations

import pytest

from conftest import sample_path
from newsprism.read.dates import extract_dates
from newsprism.records import Article

pytestmark = pytest.mark.model


def dates(nlp, text: str, date: str | None = "2021-12-02"):
    art = Article(id="t", text=text, source="-", format="text", date=date)
    return {text[d.span.start : d.span.end]: d for d in extract_dates(nlp(text), art)}


def test_sample_02_relative_dates(nlp, samples_available):
    found = dates(nlp, sample_path("02").read_text())  # a Thursday
    assert found["Thursday"].value == "2021-12-02" and found["Thursday"].relative
    assert found["early next year"].value == "2022" and found["early next year"].relative
    assert found["the coming days"].value is None and found["the coming days"].relative
    assert found["April"].value == "2021-04"


def test_sample_04_absolute_dates(nlp, samples_available):
    found = dates(nlp, sample_path("04").read_text())
    assert found["2014"].value == "2014" and not found["2014"].relative
    # the year is glued to a photo credit ("2020.Mikhail"); the span is widened to take it
    assert found["January 9, 2020"].value == "2020-01-09"


def test_weekdays_past_and_future(nlp):
    found = dates(nlp, "Officials met on Tuesday. The minister will travel to Paris on Friday.")
    assert found["Tuesday"].value == "2021-11-30"
    assert found["Friday"].value == "2021-12-03"


def test_relative_forms_and_no_article_date(nlp):
    found = dates(nlp, "The deal was signed last year, three days ago, and an election is due next month.")
    assert found["last year"].value == "2020"
    assert found["three days ago"].value == "2021-11-29"
    assert found["next month"].value == "2022-01"
    undated = dates(nlp, "Officials met on Tuesday, and in 2014 the war began.", date=None)
    assert undated["Tuesday"].value is None and undated["Tuesday"].relative
    assert undated["2014"].value == "2014"


def test_ages_are_not_dates(nlp):
    assert "33-year-old" not in dates(nlp, "A 33-year-old man was arrested on Monday.")


def test_month_day_without_year_or_tense_is_the_coming_one_within_three_months(nlp):
    found = dates(nlp, "Its next policy meeting is on January 25. Prices fell in April.", date="2024-01-22")
    assert found["January 25"].value == "2024-01-25"
    found = dates(nlp, "The new parliament must convene by July 10.", date="2024-06-10")
    assert found["July 10"].value == "2024-07-10"
    # past tense keeps the past one; far-off months without tense stay in the past
    found = dates(nlp, "The first case was confirmed on April 19.", date="2024-05-07")
    assert found["April 19"].value == "2024-04-19"
    found = dates(nlp, "Russia moved troops before, withdrawing them in April.", date="2021-12-02")
    assert found["April"].value == "2021-04"


def test_bare_ages_are_not_dates(nlp):
    found = dates(nlp, "Civic Union leader Petra Danek, 52, told supporters on Monday that she would win.")
    assert not [t for t in found if t.strip().isdigit()], found
    assert found["Monday"].value == "2021-11-29"


def test_heldout_dates(nlp):
    """Day-level dates annotated blind in the held-out set resolve to the right day."""
    import json

    from conftest import DATA

    hit = total = 0
    for line in (DATA / "gold" / "heldout_facts.jsonl").read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        found = dates(nlp, g["text"], date=g["date"])
        for want in g.get("dates", []):
            total += 1
            hit += any(want["text"].endswith(t) or t in want["text"] for t, d in found.items()
                       if d.value == want["value"])
    # measured blind: 25/28 before the fixes, 27/28 after (a VBD verb two hops away misleads one)
    assert total >= 25 and hit / total >= 0.92, (hit, total)
