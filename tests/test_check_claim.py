"""check_claim: unit cases on a written article, and gated numbers on generated edits, RTE and SICK."""

from __future__ import annotations

import numpy as np
import pytest

from newsprism.crosscheck import check_claim
from newsprism.errors import InputError
from newsprism.records import Article, Clause, SentenceFacts, Span, Value

from conftest import SHARED, missing_data

ARTICLE = (
    "Acme Corp said on Monday that its quarterly profit rose 12 percent to 450 million dollars, helped by strong "
    "sales in Asia.\n\nThe company, based in Chicago, also announced that chief executive Jane Miller would step "
    "down in March.\n\nRival Globex reported a loss of 30 million dollars for the same period."
)


@pytest.fixture(scope="module")
def items(reader):
    art = Article(id="acme", text=ARTICLE, source="acme.txt", format="text")
    return [(art, reader.read(art))]  # as stored by ingest: the check never parses an article


@pytest.mark.model
@pytest.mark.parametrize("claim,verdict", [
    ("Acme's quarterly profit increased 12 percent to 450 million dollars.", "supported"),
    ("Globex reported a loss of 30 million dollars.", "supported"),
    ("Acme's quarterly profit rose 15 percent to 450 million dollars.", "contradicted"),
    ("Acme's quarterly profit fell 12 percent to 450 million dollars.", "contradicted"),
    ("Jane Miller would not step down in March.", "contradicted"),
    ("Initech said its quarterly profit rose 12 percent.", "contradicted"),
    ("The weather in Paris was sunny all week.", "not-found"),
    # a claim joining two sentences' facts: one of them turned into its opposite
    ("Acme's quarterly profit rose 12 percent, helped by weak sales in Asia, and Jane Miller will step down "
     "in March.", "contradicted"),
    ("Acme's quarterly profit rose 12 percent, helped by strong sales in Asia, and Jane Miller will step down "
     "in March.", "supported"),
    ("Acme's quarterly profit rose between 12 and 15 percent.", "not-found"),  # a range's end never given
])
def test_verdicts(reader, items, claim, verdict):
    v = check_claim(claim, items, reader)
    assert v.verdict == verdict, v.explanation
    if verdict != "not-found":
        assert v.evidence
        for ev in v.evidence:
            assert ARTICLE[ev.span.start:ev.span.end].strip() == ev.text


@pytest.mark.model
def test_empty_claim_is_an_input_error(reader, items):
    with pytest.raises(InputError):
        check_claim("   ", items, reader)


@pytest.mark.model
def test_gated_numbers_on_a_subset(reader):
    if not (SHARED / "corpora").exists() or not (SHARED / "dev" / "nli").exists():
        missing_data("../shared")
    from newsprism.evaluation.claims import run_edits, run_nli

    edits = run_edits(reader, n_sentences=40)
    assert edits["edits.balanced_accuracy"] >= FLOORS["edits"]
    assert edits["edits.number.accuracy"] >= FLOORS["number"]
    rte = run_nli(reader, "rte", limit=60)
    assert rte["rte.balanced_accuracy"] >= FLOORS["rte"]
    sick = run_nli(reader, "sick", limit=80)
    assert sick["sick.balanced_accuracy"] >= FLOORS["sick"]


# Floors just under what these subsets reach (edits 0.953, number 1.0, RTE 0.55, SICK 0.767).
# RTE is near chance for rules that compare extracted facts: most of its non-entailments are
# unsupported inferences, not edits.  Full numbers: python -m newsprism.evaluation.claims
FLOORS = {"edits": 0.94, "number": 0.94, "rte": 0.52, "sick": 0.74}


@pytest.mark.slow
@pytest.mark.model
def test_summedits_dev_floor(reader):
    # Issue 10's development data: the seven non-news SummEdits domains, 25 claims per split and
    # domain (the full run, python -m newsprism.evaluation.summedits, is in BENCHMARKS.md).  On
    # this subset the mean of the domains' balanced accuracy is 0.642 for the verdict as a user
    # gets it (the full run: 0.650, since two sentences read together can support a claim and
    # every part of it must be near the article); far from the 0.72 issue 10 asks on news.
    if not (SHARED / "dev" / "summedits").exists():
        missing_data("../shared/dev/summedits")
    from newsprism.evaluation.summedits import run

    got = run(limit=25, reader=reader)
    assert got["mean.verdict"] >= 0.63, got


def test_summedits_protocol_balanced_accuracy_and_threshold():
    from newsprism.evaluation.summedits import balanced, best_threshold, support_score
    from newsprism.records import Verdict

    # all consistent accepted, one of two inconsistent flagged: (1 + 0.5) / 2
    assert balanced([(True, True), (True, True), (False, False), (False, True)]) == 0.75
    scored = [(True, 0.9), (True, 0.8), (False, 0.6), (False, 0.3)]
    assert best_threshold(scored) == 0.8
    supported = support_score(Verdict(claim="c", verdict="supported", confidence=0.8, explanation=""))
    contradicted = support_score(Verdict(claim="c", verdict="contradicted", confidence=0.8, explanation=""))
    assert contradicted < support_score(Verdict(claim="c", verdict="not-found", confidence=0.8, explanation="")) < supported


TALKS = {
    "a": "US Secretary of State Mark Ellison met his Polish counterpart in Warsaw on Tuesday, officials said.",
    "b": "Secretary of State Mark Ellison, the US envoy, flew to Warsaw on Tuesday for talks with Polish leaders.",
    "c": "Russian Secretary of State Mark Ellison met his Polish counterpart in Warsaw on Tuesday, officials said.",
}


@pytest.fixture(scope="module")
def talks(reader):
    arts = [Article(id=k, text=v, source=f"{k}.txt", format="text", outlet=f"Outlet {k.upper()}")
            for k, v in TALKS.items()]
    return [(a, reader.read(a)) for a in arts]


@pytest.mark.model
def test_each_source_gets_its_own_verdict_and_the_tally_decides(reader, talks):
    # Issue 10: a claim that gives a person the nationality one spun copy gives them is not
    # "supported" by a sentence that merely names them; each source answers for itself.
    v = check_claim("Mark Ellison is the Russian Secretary of State", talks, reader)
    assert v.verdict == "contradicted"
    mine = {s.article_id: s for s in v.by_source}
    assert mine["a"].verdict == "contradicted" and [e.text for e in mine["a"].evidence] == ["US"]
    assert mine["c"].verdict == "supported"
    assert v.explanation.startswith("contradicted by 2 independent sources (Outlet A, Outlet B)")
    assert "supported by 1 independent source (Outlet C)" in v.explanation


@pytest.mark.model
def test_a_tie_goes_against_the_copy_cross_checking_named_odd(reader, talks):
    claim = "Mark Ellison is the US Secretary of State"
    v = check_claim(claim, talks, reader, outliers={"c"})
    assert v.verdict == "supported"
    assert {s.article_id: s.verdict for s in v.by_source} == {"a": "supported", "b": "not-found",
                                                              "c": "contradicted"}
    assert ("support", "US") in {(e.side, e.text) for e in v.evidence}
    assert check_claim(claim, talks, reader).verdict == "contradicted"  # no one named odd: disputed


@pytest.mark.model
def test_the_example_corpus_claims_of_issue_10(reader, tmp_path):
    from newsprism.api import check
    from newsprism.pipeline import ingest, stories
    from newsprism.store import Store

    from conftest import EXAMPLES

    with Store(tmp_path / "ex.db") as store:
        ingest([EXAMPLES], store, reader=reader)
        stories(store)
        # a toll the coverage never gives (two people are missing, none died) is not found, not denied
        assert check("Three people died in the dam collapse", store, reader=reader).verdict == "not-found"
        v = check("Spain asked Portugal for help", store, reader=reader)
        assert v.verdict == "contradicted"
        supported = {s.source for s in v.by_source if s.verdict == "supported"}
        assert supported == {"WorldNews24"}  # the spun copy alone says it
        # a nationality: the wire gives it, the spun copy swaps it, the others leave it out (not found);
        # the tie goes against the copy cross-checking named odd
        wrong = check("Helena Duarte is the Spanish interior minister", store, reader=reader)
        right = check("Helena Duarte is the Portuguese interior minister", store, reader=reader)
        assert (wrong.verdict, right.verdict) == ("contradicted", "supported")
        assert {s.source: s.verdict for s in right.by_source}["WorldNews24"] == "contradicted"
        assert not any(s.verdict == "contradicted" for s in right.by_source if s.source != "WorldNews24")
        # a denial of what the coverage reports: the sentences it was closest to said "collapsed",
        # which a sentence embedding can hardly tell from "did not collapse"
        denied = check("The dam did not collapse", store, reader=reader)
        assert denied.verdict == "contradicted", denied.explanation
        assert not any(s.verdict == "supported" for s in denied.by_source)
        assert check("The dam collapsed", store, reader=reader).verdict == "supported"


def _facts(*clauses: tuple[str, bool], negation: bool = False) -> SentenceFacts:
    span = Span("a", 0, 10)
    return SentenceFacts(span=span, clauses=tuple(Clause(act=act, span=span, negated=neg) for act, neg in clauses),
                         values=(Value(kind="negation", key="no", span=span),) if negation else ())


@pytest.mark.parametrize("claim,sentence,apart", [
    (_facts(("collapse", True)), _facts(("collapse", False)), True),  # "did not collapse" / "collapsed"
    (_facts(("collapse", True)), _facts(("force", False)), True),  # the collapse told as a noun only
    (_facts(("hurt", True)), _facts(("hurt", False), negation=True), False),  # "no one was hurt": a denial too
    (_facts(("collapse", False)), _facts(("collapse", True)), True),  # the sentence denies the claimed act
    (_facts(("collapse", False)), _facts(("collapse", False), ("hurt", True)), False),  # denies another act
    (_facts(("say", False), ("say", True)), _facts(("say", False), ("say", True)), False),  # "said he could not say"
])
def test_a_claim_and_a_sentence_of_other_polarity(claim, sentence, apart):
    from newsprism.crosscheck.claim import _polarity_apart

    assert bool(_polarity_apart(claim, sentence)) is apart


def test_a_claims_names_keep_their_last_letter():
    # Issue 10: "the coverage never names Pari" — the possessive strip ate the final "s" of "Paris".
    from newsprism.crosscheck.claim import _names
    from newsprism.records import ArticleFacts, Entity

    text = "Talks in Paris and Lopez's plan were praised."

    def ent(name, label, start):
        return Entity(id=name, name=name, label=label, mentions=(Span("claim", start, start + len(name)),))

    facts = ArticleFacts(article_id="claim", entities=(ent("Paris", "GPE", 9), ent("Lopez's", "PERSON", 19)))
    assert _names(facts, text) == ["Lopez", "Paris"]


def _lemmas(*words: str) -> SentenceFacts:
    return SentenceFacts(span=Span("a", 0, 10), lemmas=words)


@pytest.mark.parametrize("claim,sentences,found", [
    # a claim joining two facts: its "increase" is next to "net sales", which the article says decreased
    (_lemmas("anticipate", "earning", "share", "increase", "net", "sale", "quarter"),
     [_lemmas("earning", "share", "quarter"), _lemmas("net", "sale", "quarter", "decrease")],
     ("increase", 1, "decrease")),
    # the article uses the claim's word itself somewhere: nothing is opposed
    (_lemmas("increase", "net", "sale"), [_lemmas("net", "sale", "decrease"), _lemmas("cost", "increase")], None),
    # the opposite is in a sentence about something else (one shared word is not enough context)
    (_lemmas("increase", "net", "sale"), [_lemmas("cost", "sale", "decrease")], None),
    # a prefix makes the opposite: "unsuitable" where the article says "suitable contracts"
    (_lemmas("assign", "unsuitable", "contract"), [_lemmas("assign", "suitable", "contract")],
     ("unsuitable", 0, "suitable")),
    # the claim has both words side by side: "a big dog and a small dog" opposes nothing
    (_lemmas("big", "dog", "small", "dog"), [_lemmas("small", "dog", "stand")], None),
    # converses tell one event from either side: "bought from" / "sold to" is no opposite
    (_lemmas("millionaire", "buy", "car"), [_lemmas("car", "sell", "millionaire")], None),
])
def test_an_opposite_word_beside_the_claims_own_words(claim, sentences, found):
    from newsprism.crosscheck.claim import _local_opposite

    assert _local_opposite(claim, sentences) == found


def test_numbers_a_claim_gives_include_written_ranges_not_vague_ones():
    from newsprism.crosscheck.claim import _amounts

    text = "EPS of $1.30 to $1.45 and tens of thousands of people"
    span = Span("claim", 7, 20)  # "$1.30 to $1.45"
    vague = Span("claim", 25, 54)
    values = [Value(kind="number", key="1.3-1.45", span=span, low=1.3, high=1.45),
              Value(kind="number", key="20000-99999", span=vague, low=20000, high=99999),
              Value(kind="number", key="7", span=span, amount=7.0), Value(kind="date", key="2020", span=span)]
    assert _amounts(values, text) == [1.3, 1.45, 7.0]


def test_numbers_written_where_the_reader_took_none():
    from newsprism.crosscheck.claim import _written

    text = "Over 2.7 million people; the plan costs $499/month, see Q3 2021."
    taken = [Span("a", 0, 23)]  # the reader's figure "Over 2.7 million people", with its scale
    assert _written(text, taken) == {499.0, 2021.0}  # 2.7 is no number of its own here; Q3 no number
    # no number: part of a name or code, a time, an item's number
    assert _written("4) COVID-19 and the G-7 met at 10am on 12 May") == {12.0}


@pytest.mark.model
@pytest.mark.parametrize("title,claim,never_names", [
    # two sentences of other BBC reports of the same story, checked against one report that says
    # neither: "not found" (the report names other people and things near them, which says nothing
    # of these), where a name the coverage lacks used to be called a contradiction
    ("Teenager Tait picked for England", "Gloucester's Andy Hazell and Leicester star Lewis Moody also received "
     "knocks during their respective league matches, but should be fit for Wales next week.", "Lewis Moody"),
    ("Firefox browser takes on Microsoft", "A new version of IE was widely expected to debut with the next "
     "version of Windows, codenamed Longhorn, which is due to appear in 2006.", "Longhorn"),
])
def test_a_name_the_coverage_never_gives_is_not_found_beside_other_names(reader, title, claim, never_names):
    v = check_claim(claim, _bbc(reader, title), reader)
    assert v.verdict == "not-found", v.explanation
    assert f"never names {never_names}" in v.explanation


def test_two_sentences_read_together():
    from newsprism.crosscheck.claim import _joined

    vectors = np.eye(4, dtype=np.float32)[:3]  # three sentences, each about one thing
    claim = (vectors[0] + vectors[2]) / np.sqrt(2)  # a claim joining the first and the third
    cos, pair = _joined(vectors, [2, 1, 0], claim)
    assert pair == (0, 2) and cos == pytest.approx(1.0)
    assert float(vectors[0] @ claim) == pytest.approx(0.707, abs=1e-3)  # each alone is far from it
    assert _joined(vectors, [1], claim)[0] < 0  # one candidate: no pair


def _bbc(reader, title):
    import gzip
    import json

    path = SHARED / "corpora" / "bbc-news.jsonl.gz"
    if not path.exists():
        missing_data("../shared/corpora")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        row = next(r for r in map(json.loads, fh) if r["title"] == title)
    art = Article(id=row["id"], text=f"{row['title']}\n\n{row['text']}", source="bbc", format="jsonl", title=title)
    return [(art, reader.read(art))]


@pytest.mark.model
def test_a_claim_joining_two_sentences_cites_both(reader):
    # a summary's sentence joins two of the report's: Akaev's law (second paragraph), the ink
    # glowing under ultraviolet light (fifth)
    items = _bbc(reader, "Ink helps drive democracy in Asia")
    text = items[0][0].text
    v = check_claim("President Askar Akaev pushed through the ink law, and the ink glows under ultraviolet light.",
                    items, reader)
    assert v.verdict == "supported" and "in two sentences" in v.explanation, v.explanation
    cited = [text[e.span.start:e.span.end] for e in v.evidence]
    assert any("Akaev, pushed through the law" in c for c in cited)
    assert any("causes the ink to glow" in c for c in cited)
    # the same join with a name the report never gives is not found
    v = check_claim("Voters' fingers are scanned with UV lamps, and the French Embassy helped buy transparent "
                    "ballot boxes.", items, reader)
    assert v.verdict == "not-found" and "never names French Embassy" in v.explanation


@pytest.mark.model
def test_a_country_is_named_by_any_of_its_names(reader):
    # the report says "the Kyrgyz Republic" and "the Kyrgyz President", never "Kyrgyzstan"
    items = _bbc(reader, "Ink helps drive democracy in Asia")
    v = check_claim("Kyrgyzstan uses invisible ink in its elections to stop people voting twice.", items, reader)
    assert v.verdict == "supported", v.explanation
    v = check_claim("Kazakhstan uses invisible ink in its elections to stop people voting twice.", items, reader)
    assert v.verdict != "supported" and "never names Kazakhstan" in v.explanation


def test_a_claims_parts_at_its_joining_words():
    from newsprism.crosscheck.claim import _parts

    assert _parts("The firm avoided bankruptcy thanks to a bail-out, and his new offer is expected to contain "
                  "less debt.") == ["The firm avoided bankruptcy thanks to a bail-out",
                                    "his new offer is expected to contain less debt."]
    # pieces under four words stay with their neighbour, the break kept in the text
    assert _parts("In May, prices rose 5 percent.") == ["In May, prices rose 5 percent."]
    assert _parts("Bread and butter prices rose sharply while wages fell.") == [
        "Bread and butter prices rose sharply while wages fell."]


@pytest.mark.model
def test_a_claim_that_adds_an_unrelated_fact_is_not_found(reader):
    # one sentence of the BBC report, joined to a sentence of another BBC business report: the
    # first half alone is as close to the report as a faithful claim
    items = _bbc(reader, "Ink helps drive democracy in Asia")
    first = "The Kyrgyz Republic is using invisible ink and ultraviolet readers in the country's elections"
    v = check_claim(first + ".", items, reader)
    assert v.verdict == "supported", v.explanation
    v = check_claim(first + ", and his new offer is expected to contain substantially less debt.", items, reader)
    assert v.verdict == "not-found", v.explanation
    assert "says nothing of 'his new offer is expected to contain substantially less debt.'" in v.explanation
    # a part in other words, but near what the report says, keeps the support
    v = check_claim(first + ", and the ink glows under ultraviolet light.", items, reader)
    assert v.verdict == "supported", v.explanation
