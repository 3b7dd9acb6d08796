"""check_claim: unit cases on a written article, and gated numbers on generated edits, RTE and SICK."""

from __future__ import annotations

import pytest

from newsprism.crosscheck import check_claim
from newsprism.errors import InputError
from newsprism.records import Article

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
])
def test_verdicts(reader, items, claim, verdict):
    v = check_claim(claim, items, reader)
    assert v.verdict == verdict, v.explanation
    if verdict != "not-found":
        (ev,) = v.evidence
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


# Floors just under what these subsets reach (edits 0.917, number 0.882, RTE 0.517, SICK 0.736).
# RTE is at chance for rules that compare extracted facts: most of its non-entailments are
# unsupported inferences, not edits.  Full numbers: python -m newsprism.evaluation.claims
FLOORS = {"edits": 0.90, "number": 0.85, "rte": 0.45, "sick": 0.70}


@pytest.mark.slow
@pytest.mark.model
def test_summedits_dev_floor(reader):
    # Issue 10's development data: the seven non-news SummEdits domains, 25 claims per split and
    # domain (the full run, python -m newsprism.evaluation.summedits, is in BENCHMARKS.md).  On
    # this subset the mean of the domains' balanced accuracy is 0.545 for the verdict as a user
    # gets it: near chance, which is what this gate holds the line at until checking improves.
    if not (SHARED / "dev" / "summedits").exists():
        missing_data("../shared/dev/summedits")
    from newsprism.evaluation.summedits import run

    got = run(limit=25, reader=reader)
    assert got["mean.verdict"] >= 0.53, got


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
