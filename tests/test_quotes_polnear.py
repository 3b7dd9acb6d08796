"""The PolNeAR scorer (issue 9): BRAT parsing, matching and the five measures, on records built by hand."""

from __future__ import annotations

from newsprism.evaluation.quotes_polnear import Counts, attributions, parse_ann, score_article, summary
from newsprism.records import Quote, Span

TEXT = 'Smith said the plan "will fail badly." "We are ready," Jones said.'
ANN = """T1\tSource 0 5\tSmith
T2\tCue 6 10\tsaid
T3\tContent 11 38\tthe plan "will fail badly."
E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1
T4\tContent 39 54\t"We are ready,"
T5\tSource 55 60\tJones
T6\tCue 61 65\tsaid
E2\tAttribution:T6 Content:T4 Cue:T6 Source:T5
"""


def test_parse_ann_marks_direct_content():
    gold = parse_ann(ANN, TEXT)
    assert [g.content for g in gold] == [(11, 38), (39, 54)]
    assert [g.direct for g in gold] == [True, True]
    assert gold[1].source_text == "Jones"


def quote(s, e, direct, speaker=None, sp=None):
    return Quote(span=Span("a", s, e), direct=direct, speaker_name=speaker,
                 speaker_span=Span("a", *sp) if sp else None)


def test_fragment_inside_reported_speech_is_not_scored():
    reported = quote(11, 37, False, "Smith", (0, 5))
    fragment = quote(21, 37, True, "Smith", (0, 5))
    assert attributions([reported, fragment]) == [reported]


def test_five_measures_from_one_matching():
    gold = parse_ann(ANN, TEXT)
    quotes = [quote(11, 37, False, "Smith", (0, 5)),     # matches E1, speaker right
              quote(40, 52, True, "Smith", (0, 5)),      # matches E2, wrong speaker
              quote(0, 5, True)]                         # matches nothing
    c = score_article("a", quotes, gold).counts
    assert (c.pred, c.gold, c.tp, c.both_tp, c.speaker_n, c.speaker_ok) == (3, 2, 2, 1, 2, 1)
    s = summary(c)
    assert s["all"]["precision"] == round(2 / 3, 4) and s["all"]["recall"] == 1.0
    # direct: two direct predictions, one matched; both gold direct, both matched (one by reported speech)
    assert s["direct"]["precision"] == 0.5 and s["direct"]["recall"] == 1.0
    assert s["quote_and_speaker"]["recall"] == 0.5
    assert s["speaker_accuracy"] == 0.5


def test_lenient_matches_any_overlap():
    gold = parse_ann(ANN, TEXT)
    c = score_article("a", [quote(39, 44, True, "Jones", (55, 60))], gold).counts
    assert c.direct_tp_gold == 0 and c.lenient_direct_tp_gold == 1


def test_counts_add():
    a, b = Counts(pred=1, tp=1), Counts(pred=2, gold=3)
    a.add(b)
    assert (a.pred, a.tp, a.gold) == (3, 1, 3)
