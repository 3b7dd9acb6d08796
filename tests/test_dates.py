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
