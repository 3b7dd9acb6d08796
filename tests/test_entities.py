"""Entities, descriptors and places: on the real sample articles and on short texts."""

from __future__ import annotations

import pytest

from conftest import sample_path
from newsprism.read.entities import extract_entities, extract_places
from newsprism.read.quotes import extract_quotes
from newsprism.read.lexicon import CAPITALS, country_key, country_of_place, known_nationality, nationality_key
from newsprism.records import Article

# ------------------------------------------------------------ lexicon (no model)


@pytest.mark.parametrize(
    ("text", "key"),
    [("US", "us"), ("U.S.", "us"), ("American", "us"), ("United States", "us"), ("the United States", "us"),
     ("Russian", "russia"), ("Russia", "russia"), ("Ukrainian", "ukraine"), ("British", "uk"), ("UK", "uk"),
     ("Latvian", "latvia"), ("Côte d'Ivoire", "ivory coast"), ("Americans", "us")],
)
def test_nationality_key_maps_names_and_demonyms_to_one_key(text, key):
    assert nationality_key(text) == key


def test_nationality_key_of_unknown_text_is_folded_not_empty():
    assert known_nationality("Kremlin") is None
    assert nationality_key("Kremlin") == "kremlin"
    assert nationality_key("Moscow") != nationality_key("Russia")  # capitals are places, not nationalities


@pytest.mark.parametrize(
    ("text", "key"),
    [("U.S.", "us"), ("American", "us"), ("Washington", "us"), ("White House", "us"), ("the White House", "us"),
     ("Russians", "russia"), ("Moscow", "russia"), ("the Kremlin", "russia"), ("Kyiv", "ukraine"),
     ("Kiev", "ukraine"), ("Whitehall", "uk"), ("The Hague", "netherlands"), ("Buenos Aires", "argentina"),
     ("Brasília", "brazil"), ("EU", "european union"), ("Brussels", "european union"), ("Gaza", "palestine"),
     ("Juba", "south sudan")],
)
def test_country_key_maps_names_demonyms_capitals_and_metonyms_to_one_key(text, key):
    assert country_key(text) == key


def test_places_are_not_nationalities_and_count_only_as_names():
    # the one table serves both sides: descriptors see names and demonyms only ...
    assert known_nationality("Moscow") is None and known_nationality("White House") is None
    assert country_of_place("Moscow") == "russia" and country_of_place("Russia") is None
    # ... and a capital is a government only when written as a name
    assert country_of_place("Lima") == country_key("Peru") == "peru"
    assert country_of_place("lima") is None and country_key("lima") is None
    assert country_key("the Kremlin") == country_key("Russian")


def test_unknown_text_has_no_country():
    for text in ("Secretary", "Foreign Minister", "New York", "", "  ", "Tom White"):
        assert country_key(text) is None
        assert country_of_place(text) is None


def test_capital_words_stop_name_guesses_but_generic_words_do_not():
    assert {"moscow", "kremlin", "buenos", "dhabi", "juba"} <= CAPITALS
    assert not {"white", "house", "new", "city"} & CAPITALS


# ------------------------------------------------------------------ helpers


def _read(nlp, text: str, aid: str = "t"):
    art = Article(id=aid, text=text, source="test", format="text")
    doc = nlp(text)
    ents = extract_entities(doc, art)
    return art, ents, extract_places(doc, art, ents)


def _person(ents, surname: str):
    found = [e for e in ents if e.label == "PERSON" and e.name.split()[-1] == surname]
    assert len(found) == 1, [(e.name, e.label) for e in ents]
    return found[0]


def _descs(ent, kind: str | None = None) -> set[str]:
    return {d.text for d in ent.descriptors if kind is None or d.kind == kind}


def _mentions(art, ent) -> list[str]:
    return [m.text(art.text) for m in ent.mentions]


# ------------------------------------------------------ the sample articles


@pytest.fixture(scope="module")
def samples(nlp, samples_available):
    out = {}
    for n in ("01", "02", "03", "04"):
        text = sample_path(n).read_text(encoding="utf-8")
        out[n] = _read(nlp, text, aid=n)
    return out


@pytest.mark.model
def test_sample03_keeps_the_wrong_nationalities_the_article_states(samples):
    _art, ents, _ = samples["03"]
    blinken = _person(ents, "Blinken")
    assert blinken.name == "Antony Blinken"
    assert "Secretary of State" in _descs(blinken, "title")
    assert "Russian" in _descs(blinken, "nationality")
    kuleba = _person(ents, "Kuleba")  # tagged GPE once ("with Kuleba"): still one person
    assert _descs(kuleba, "title") == {"Foreign Minister"}
    assert _descs(kuleba, "nationality") == {"Russian"}
    assert len(kuleba.mentions) == 2
    stoltenberg = _person(ents, "Stoltenberg")
    assert _descs(stoltenberg, "title") == {"Secretary-General"}
    assert _descs(stoltenberg, "affiliation") == {"NATO"}


@pytest.mark.model
def test_sample01_counterpart_role_and_merged_surnames(samples):
    art, ents, _ = samples["01"]
    kuleba = _person(ents, "Kuleba")
    assert _descs(kuleba, "role") == {"counterpart"}
    assert _descs(kuleba, "nationality") == {"Ukrainian"}
    blinken = _person(ents, "Blinken")
    assert set(_mentions(art, blinken)) == {"Antony Blinken", "Blinken"}
    assert _descs(blinken, "title") == {"Secretary of State"}
    # "State" of "Secretary of State" is part of a title, not an organisation
    assert not [e for e in ents if e.name == "State"]


@pytest.mark.model
def test_sample02_titles_nationalities_affiliations(samples):
    _art, ents, _ = samples["02"]
    blinken = _person(ents, "Blinken")
    assert {"Secretary of State"} <= _descs(blinken, "title")
    assert _descs(blinken, "nationality") == {"US"}
    lavrov = _person(ents, "Lavrov")
    assert (_descs(lavrov, "title"), _descs(lavrov, "nationality")) == ({"Foreign Minister"}, {"Russian"})
    maas = _person(ents, "Maas")
    assert (_descs(maas, "title"), _descs(maas, "nationality")) == ({"Foreign Minister"}, {"German"})
    kosachev = _person(ents, "Kosachev")
    assert _descs(kosachev) == {"deputy speaker of the upper house of parliament"}
    ushakov = _person(ents, "Ushakov")
    assert _descs(ushakov, "affiliation") == {"Putin"}
    assert "foreign affairs adviser" in _descs(ushakov)


@pytest.mark.model
def test_sample04_definite_description_links_to_the_us_diplomat(samples):
    art, ents, _ = samples["04"]
    blinken = _person(ents, "Blinken")
    assert "The top US diplomat" in _mentions(art, blinken)
    assert "US" in _descs(blinken, "nationality")
    assert "Secretary of State" in _descs(blinken, "title")
    rinkevics = _person(ents, "Rinkēvičs")
    assert (_descs(rinkevics, "title"), _descs(rinkevics, "nationality")) == ({"Foreign Minister"}, {"Latvian"})
    assert "top US diplomat" not in " ".join(_mentions(art, rinkevics))
    daalder = _person(ents, "Daalder")
    assert _descs(daalder) == {"US", "ambassador to NATO"}
    assert _descs(daalder, "nationality") == {"US"}
    hill = _person(ents, "Hill")
    assert hill.name == "Fiona Hill"
    assert any("advisor" in d for d in _descs(hill))


@pytest.mark.model
def test_sample_places_are_gpe_and_loc_with_their_mentions(samples):
    art, ents, places = samples["03"]
    names = {p.name for p in places}
    assert {"Ukraine", "Russia", "Moscow", "Brussels", "Crimea"} <= names
    assert "Blinken" not in names and "Kuleba" not in names  # people tagged GPE are corrected
    for p in places:
        ent = next(e for e in ents if e.id == p.entity)
        assert ent.label in ("GPE", "LOC") and ent.name == p.name
        assert p.span in ent.mentions
    assert [p.span.start for p in places] == sorted(p.span.start for p in places)
    # "U.S." is one place however often it is named
    assert len({p.entity for p in places if p.name in ("U.S.", "United States")}) == 1


# ------------------------------------------------------------- short texts


@pytest.mark.model
def test_apposition_copula_and_relative_clause(nlp):
    text = ("Ivo Marsh, the U.S. ambassador to NATO, met Petra Lind, a deputy speaker of the upper house of "
            "parliament. Lind is a former prosecutor. Carl Berg, who served as mayor of Lyon, joined them.")
    _art, ents, _ = _read(nlp, text)
    assert _descs(_person(ents, "Marsh")) == {"U.S.", "ambassador to NATO"}
    assert _descs(_person(ents, "Lind")) == {"deputy speaker of the upper house of parliament",
                                              "former prosecutor"}
    assert _descs(_person(ents, "Berg")) == {"mayor of Lyon"}


@pytest.mark.model
def test_possessor_is_an_affiliation_not_part_of_the_title(nlp):
    text = "Russian President Vladimir Putin's spokesman, Dmitry Peskov, said Moscow had not been consulted."
    _art, ents, _ = _read(nlp, text)
    putin = _person(ents, "Putin")
    assert (_descs(putin, "title"), _descs(putin, "nationality")) == ({"President"}, {"Russian"})
    peskov = _person(ents, "Peskov")
    assert _descs(peskov, "affiliation") == {"Vladimir Putin"}
    assert _descs(peskov, "role") == {"spokesman"}


@pytest.mark.model
def test_description_does_not_link_across_a_nationality_conflict(nlp):
    text = ("Latvian Foreign Minister Anna Ozola met German Foreign Minister Kai Brandt in Riga. "
            "The German minister said talks went well.")
    art, ents, _ = _read(nlp, text)
    brandt, ozola = _person(ents, "Brandt"), _person(ents, "Ozola")
    assert "The German minister" in _mentions(art, brandt)
    assert "The German minister" not in _mentions(art, ozola)


@pytest.mark.model
def test_unrelated_description_is_not_linked(nlp):
    text = "Foreign Minister Anna Ozola arrived on Monday. The president was not in the capital."
    art, ents, _ = _read(nlp, text)
    assert _mentions(art, _person(ents, "Ozola")) == ["Anna Ozola"]


@pytest.mark.model
def test_surname_links_to_full_name_and_ambiguous_surname_to_latest(nlp):
    text = ("Joe Biden met Hunter Biden on Sunday. Hunter Biden left early. Biden said little. "
            "Later, Joe Biden spoke. Biden smiled.")
    art, ents, _ = _read(nlp, text)
    people = {e.name: _mentions(art, e) for e in ents if e.label == "PERSON"}
    assert set(people) == {"Joe Biden", "Hunter Biden"}
    assert len(people["Hunter Biden"]) == 3 and len(people["Joe Biden"]) == 3


@pytest.mark.model
def test_a_demonym_right_before_a_name_is_its_nationality(nlp):
    _, ents, _ = _read(nlp, "Novak won a lopsided victory over the Canadian Arlen Pryce in the seventh round.")
    assert _descs(_person(ents, "Pryce"), "nationality") == {"Canadian"}
    _, ents, _ = _read(nlp, "Canadian-born Arlen Pryce won the title in Berlin on Sunday.")
    assert not _descs(_person(ents, "Pryce"), "nationality")  # born there, not of there


@pytest.mark.model
def test_title_tagged_as_org_is_no_entity(nlp):
    text = "State Secretary Ellen Marsh met Defence Secretary Tom Price. Sec. Marsh said little."
    art, ents, _ = _read(nlp, text)
    assert not [e for e in ents if e.label == "ORG" and e.name in ("State", "Sec", "Defence")]
    marsh = _person(ents, "Marsh")
    assert "State Secretary" in _descs(marsh, "title")
    assert _descs(_person(ents, "Price"), "title") == {"Defence Secretary"}
    assert all(art.text[m.start : m.end] in ("Ellen Marsh", "Marsh") for m in marsh.mentions)


@pytest.mark.model
def test_entities_are_deterministic_and_spans_point_into_the_text(nlp, samples_available):
    text = sample_path("02").read_text(encoding="utf-8")
    a1 = _read(nlp, text, "x")[1]
    a2 = _read(nlp, text, "x")[1]
    assert a1 == a2
    for e in a1:
        assert e.id.startswith("x:e")
        for m in e.mentions:
            assert 0 <= m.start < m.end <= len(text)
        for d in e.descriptors:
            assert d.kind in ("title", "nationality", "affiliation", "role")
            assert d.span.start < d.span.end and d.span.article_id == "x"


@pytest.mark.model
def test_gold_descriptor_set_scores_above_floor(nlp):
    """Our hand-annotated descriptor articles (tests/data/gold/descriptors.jsonl), scored like ``make eval``."""
    import json
    from pathlib import Path

    from newsprism.evaluation import gold as G
    from newsprism.records import ArticleFacts

    rows = [json.loads(line) for line in
            (Path(__file__).parent / "data" / "gold" / "descriptors.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    assert len(rows) >= 8
    score = G.Score()
    for row in rows:
        art, ents, _ = _read(nlp, row["text"], row["id"])
        G.score_descriptors(row["descriptors"], art, ArticleFacts(article_id=art.id, entities=ents), score)
    assert score.precision >= 0.95, score.false
    assert score.recall >= 0.95, score.misses


@pytest.mark.model
def test_run_on_text_reads_in_linear_time(nlp):
    """Issue 12: 28 KB repeating "to Paulo Neves, an engineer at the" took 112 s (each name headed the
    rest of the run-on parse, and every descriptor joined the whole Doc text)."""
    import time

    text = "Officials spoke " + "to Paulo Neves, an engineer at the " * 800 + "port."
    doc = nlp(text)
    start = time.monotonic()
    ents = extract_entities(doc, Article(id="t", text=text, source="test", format="text"))
    assert time.monotonic() - start < 10
    assert _person(ents, "Neves").name == "Paulo Neves"


@pytest.mark.model
def test_a_stock_symbol_in_brackets_is_the_company_not_another_organisation(nlp):
    art, ents, _ = _read(nlp, "Apple Inc (AAPL.O) said on Tuesday it would buy back more shares. "
                              "Rugby Portland Cement Plc <RBYL.L> said it was well placed.")
    names = {e.name for e in ents}
    assert {"Apple Inc", "Rugby Portland Cement Plc"} <= names
    assert not names & {"AAPL.O", "RBYL.L"}


@pytest.mark.model
def test_an_acronym_in_brackets_after_a_company_stays_a_mention_of_it(nlp):
    art, ents, _ = _read(nlp, "The Development Bank of Singapore Ltd (DBS) said growth could reach two "
                              "percent. National Thermal Power Corporation (NTPC) said it would build a plant.")
    mentioned = {m for e in ents for m in _mentions(art, e)}
    assert {"DBS", "NTPC"} <= mentioned, sorted(mentioned)


@pytest.mark.model
def test_a_stock_symbol_as_the_subject_gives_the_company_as_speaker(nlp):
    art = Article(id="t", text="Rugby Portland Cement Plc <RBYL.L> said it was well placed to operate "
                               "in the new circumstances.", source="test", format="text")
    doc = nlp(art.text)
    said = next(q for q in extract_quotes(doc, art, extract_entities(doc, art)) if q.cue == "say")
    assert said.speaker_name == "Rugby Portland Cement Plc"


@pytest.mark.model
def test_a_company_named_with_and_without_its_legal_form_is_one_entity(nlp):
    art, ents, _ = _read(nlp, "British Airways Plc said on Monday it would order ten new aircraft. "
                              "British Airways has flown the route since 1987, and shares of British "
                              "Airways rose two percent.")
    airline = [e for e in ents if "British Airways" in e.name]
    assert len(airline) == 1, [(e.name, _mentions(art, e)) for e in ents]
    assert len(airline[0].mentions) == 3
