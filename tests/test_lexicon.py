"""The word lists: data files under ``data/lexicon/``, each said what it is for, each read by code."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from newsprism import lexicon

SRC = Path(lexicon.__file__).resolve().parent
FILES = sorted(lexicon.LEXICON.glob("*.txt"))


@cache
def _code() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_list_says_what_it_is_for_and_holds_words(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and len(first) > 20, f"{path.name}: a one-line '#' header first"
    assert lexicon.words(path.stem), f"{path.name} is empty"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_list_is_read_by_the_code(path):
    assert f'"{path.stem}"' in _code(), f"{path.name} is read by no module"


def test_tables_keep_their_order_and_multiword_entries():
    groups = lexicon.table("title_groups")
    assert list(groups)[0] == "diplomat" and "secretary of state" in groups["diplomat"]
    qualifiers = lexicon.table("figures")["qualifiers"]
    assert qualifiers[:4] == ("around", "about", "over", "more than")
    assert lexicon.inverse("currencies")["euros"] == "eur"


def test_one_word_list_in_one_place():
    """Lists that were spelled out twice are read from one file: month and weekday names, honorifics."""
    from newsprism.crosscheck import judge
    from newsprism.read import dates, lexicon as people

    assert not hasattr(judge, "_HONORIFICS") and {"mr", "mrs", "ms", "dr"} <= people.HONORIFICS
    assert dates.WEEKDAYS["monday"] == 0 and dates.MONTHS["sept"] == 9
    assert '"wednesday"' not in _code() and "|wednesday|" not in _code()
