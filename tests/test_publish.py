"""The brief: one presentation model (publish.views, built by publish.assemble) rendered as terminal, Markdown, JSON and HTML."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from brief_fixture import build_store
from rich.console import Console
from typer.testing import CliRunner

from newsprism.errors import NewsprismError, NotFound
from newsprism.publish import render
from newsprism.publish.assemble import assemble_brief, build_brief, merge_contradictions
from newsprism.publish.sources import source_kind
from newsprism.publish.speakers import canonical_speakers
from newsprism.publish.titles import vague_words
from newsprism.publish.views import format_number
from newsprism.publish import render_brief
from newsprism.publish.html import render_html, timeline
from newsprism.publish.json import brief_to_dict
from newsprism.publish.markdown import render_markdown
from newsprism.records import Article, ArticleFacts, Event, Evidence, Figure, Finding, Opinion, RemovedLine, Span


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(request, tmp_path_factory):
    """The example store, on SQLite and on PostgreSQL (``NEWSPRISM_TEST_PG``; skipped without it)."""
    if request.param == "postgresql":
        from conftest import postgres_url

        s = build_store(postgres_url(request))
    else:
        s = build_store(tmp_path_factory.mktemp("publish") / "brief.db")
    yield s
    s.close()


@pytest.fixture(scope="module")
def brief(store):
    return build_brief(store, "sl-port")


def test_sources_table_kinds_copies_and_agreement(brief):
    rows = {s.article_id: s for s in brief.sources}
    # Oldest first, the original before its copy on the same day.
    assert [s.article_id for s in brief.sources] == ["wire01", "copy02", "local03", "blog04"]
    assert {a: r.kind for a, r in rows.items()} == {
        "wire01": "wire", "copy02": "aggregator", "local03": "newspaper", "blog04": "blog"}
    assert rows["copy02"].copy_of == "wire01" and rows["copy02"].family == "wire01"
    # local03 is on the losing side of both conflicts it takes part in, and agrees on one fact.
    assert (rows["local03"].claims, rows["local03"].conflicts) == (3, 2)
    assert rows["local03"].agreement == pytest.approx(1 / 3)
    # A figure that changed over time is no conflict: the blog keeps full agreement.
    assert rows["blog04"].agreement == 1.0
    assert rows["wire01"].agreement == 1.0


def test_events_facts_and_contradictions(brief):
    assert [e.id for e in brief.events] == ["ev-walkout", "ev-talks"]
    assert brief.events[0].conflicts == 2
    assert [k.finding_id for k in brief.facts] == ["f1"] and brief.facts[0].sources == 2
    kinds = [c.kind for c in brief.contradictions]
    assert kinds == ["descriptor-conflict", "figure-conflict", "figure-change"]  # changes come last
    desc = brief.contradictions[0]
    assert [c.text for c in desc.support] == ["union leader Maria Lopez"]
    assert [(c.article_id, c.text) for c in desc.oppose] == [("local03", "Port director Maria Lopez")]


def test_every_cite_points_into_the_cleaned_text(store, brief):
    texts = {a: store.article(a).text for a in ("wire01", "copy02", "local03", "blog04")}
    cites = [c for k in brief.facts for c in k.cites]
    cites += [c for x in brief.contradictions for c in x.support + x.oppose]
    cites += [c for sp in brief.speakers for q in sp.quotes for c in q.cites]
    cites += [i.cite for g in brief.figures for i in g.items]
    cites += [o.cite for g in brief.opinions for o in g.passages]
    assert len(cites) > 15
    for c in cites:
        assert texts[c.article_id][c.start:c.end] == c.text
        # The context shown around a span is the article's own text on either side of it.
        assert texts[c.article_id][c.start - len(c.before):c.end + len(c.after)] == c.before + c.text + c.after


def test_quotes_grouped_by_speaker_across_articles(brief):
    names = [s.name for s in brief.speakers]
    # The blog names only "Lopez": merged into the full name used by the other sources.
    assert names == ["Maria Lopez", "Tom Becker"]
    lopez = brief.speakers[0]
    carried = {q.text: q.article_ids for q in lopez.quotes}
    assert carried["We will not go back until the contract is fair,"] == ("wire01", "copy02")
    assert lopez.article_ids == ("wire01", "copy02", "blog04", "local03")


def test_canonical_speakers_merges_surnames_but_not_ambiguous_ones():
    m = canonical_speakers(["Lopez", "Maria Lopez", "Ms. Lopez", "Becker", "Tom Becker", "Anna Becker"])
    assert m["Lopez"] == m["Ms. Lopez"] == "Maria Lopez"
    assert m["Becker"] == "Becker"  # two Beckers: left alone rather than guessed


def test_figures_grouped_by_what_they_count(brief):
    (workers,) = brief.figures
    assert workers.unit == "workers" and not workers.agree
    assert [(i.display, i.cite.article_id) for i in workers.items] == [
        ("about 4,000", "wire01"), ("about 4,000", "copy02"), ("some 400", "local03"), ("about 6,000", "blog04")]


def test_copies_opinions_and_matrix(brief):
    assert [(f.article_id, f.kind, f.original_id) for f in brief.copies] == [("copy02", "near-copy", "wire01")]
    # One group per article; the passage keeps the reader's reason, not the finding's sentence.
    (group,) = brief.opinions
    assert (group.article_id, group.label) == ("blog04", "harbourwatch.blogspot.com")
    assert [(o.reason, o.cite.text) for o in group.passages] == [
        ("first-person", "Frankly, this strike is the best thing to happen to this town in years.")]
    rows = {r.finding_id: r.cells for r in brief.matrix}
    assert set(rows) == {"f1", "f2", "f3", "f4"}  # opinions are not claims
    assert rows["f2"] == ("supports", "supports", "contradicts", "silent")
    assert rows["f4"] == ("supports", "silent", "silent", "contradicts")


def test_source_kind_from_metadata():
    def art(**kw):
        return Article(id="x", text=kw.pop("text", "Body."), source="x", format="html", **kw)

    assert source_kind(art(outlet="Associated Press")) == "wire"
    assert source_kind(art(url="https://www.msn.com/en-us/news/world/x")) == "aggregator"
    assert source_kind(art(url="https://someone.substack.com/p/x")) == "blog"
    assert source_kind(art(outlet="Newsweek")) == "magazine"
    assert source_kind(art(text="KYIV, Ukraine (AP) \u2014 Officials said ...")) == "wire"
    assert source_kind(art(outlet="Avalon Courier")) == "newspaper"
    assert source_kind(art(outlet="Avalon")) == "unknown"
    # Wire agencies name themselves; "Press" alone is a newspaper's name too.
    assert source_kind(art(outlet="Iberia Press Agency")) == "wire"
    assert source_kind(art(outlet="Anadolu Agency")) == "wire"
    assert source_kind(art(outlet="Canadian Press")) == "wire"
    assert source_kind(art(outlet="Harbour Weekly")) == "magazine"
    assert source_kind(art(url="https://riverwatchblog.example/2025/11/05/x")) == "blog"
    # Content farms: a made-up generic name with a number, or pages posted by "admin".
    assert source_kind(art(outlet="WorldNews24", url="https://worldnews24.example/x")) == "content-farm"
    assert source_kind(art(outlet="Harbour Times", author="admin")) == "content-farm"
    assert source_kind(art(outlet="Daily News")) == "newspaper"
    # A page that sends the reader to the outlet it took the story from republishes it.
    removed = (RemovedLine(line_no=9, text="read more from harbourtimes.....", reason="read-more"),)
    assert source_kind(art(url="https://newshub.example/x", removed=removed)) == "aggregator"


def test_event_brief_and_errors(store):
    b = build_brief(store, "ev-walkout")
    assert b.kind == "event" and [s.article_id for s in b.sources] == ["wire01", "copy02", "local03"]
    assert [c.kind for c in b.contradictions] == ["descriptor-conflict", "figure-conflict"]
    with pytest.raises(NotFound):
        build_brief(store, "no-such-story")
    with pytest.raises(NewsprismError):
        render(store, "sl-port", "pdf")


def test_json_follows_the_documented_schema(store, brief):
    data = json.loads(render(store, "sl-port", "json"))
    assert data == json.loads(json.dumps(brief_to_dict(brief)))
    assert data["schema"] == 2
    for key in ("id", "kind", "title", "events", "sources", "facts", "speakers", "figures", "contradictions",
                "copies", "opinions", "matrix"):
        assert key in data
    assert data["figures"][0]["items"][2]["display"] == "some 400"
    assert data["contradictions"][0]["oppose"][0] == {
        "article_id": "local03", "start": 56, "end": 81, "text": "Port director Maria Lopez",
        "source": "Avalon Courier", "before": "", "after": " said the walkout would last all week."}


def test_markdown_escapes_untrusted_text(store):
    md = render(store, "sl-port", "md")
    assert md.startswith("# Port Avalon dock strike\n")
    assert ("| Avalon Courier | Port Avalon strike: talks fail | 2024-03-05 | newspaper |  | 33% of 3 | `local03` |"
            in md)
    evil = render_markdown(build_brief(store, "sl-evil"))
    assert "<script>" not in evil and "\\<script\\>" in evil


def test_html_is_standalone_and_escaped(store, brief):
    page = render_html(brief)
    assert page.startswith("<!doctype html>") and "<style>" in page
    assert "<script" not in page and 'src="http' not in page  # no scripts, nothing fetched
    assert '<svg id="timeline-svg"' in page and page.count('class="event"') == 2
    assert 'class="cell contradicts"' in page and "Port director Maria Lopez" in page
    evil = render(store, "sl-evil", "html")
    assert "<script>" not in evil and "<img" not in evil and 'href="javascript' not in evil
    assert "&lt;script&gt;alert(&#39;storyline&#39;)&lt;/script&gt;" in evil


def test_timeline_positions_follow_dates(brief):
    tl = timeline(brief)
    first, last = tl.points
    assert first.x < last.x and first.anchor == "start" and last.anchor == "end"
    assert first.conflicts == 2 and last.conflicts == 0


def test_terminal_output_prints_text_not_markup(store):
    console = Console(record=True, width=120, color_system=None)
    render(store, "sl-port", "terminal", console=console)
    out = console.export_text()
    assert "Port Avalon dock strike" in out and "Who said what" in out and "33% of 3" in out
    console = Console(record=True, width=200, color_system=None)
    render(store, "sl-evil", "terminal", console=console)
    assert "<script>alert('storyline')</script>Harbour notice" in console.export_text()


def test_cli_brief_writes_each_format(store, tmp_path):
    from newsprism.cli import app

    runner = CliRunner()
    for fmt, marker in (("html", "<!doctype html>"), ("md", "# Port Avalon"), ("json", '"schema": 2'),
                        ("terminal", "Port Avalon dock strike")):
        out = tmp_path / f"brief.{fmt}"
        result = runner.invoke(app, ["brief", "sl-port", "--db", store.path, "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert marker in out.read_text(encoding="utf-8")


# --------------------------------------------------------------- a story with an outlier
# Three sources on one (fictional) ministerial visit: a wire story, a local paper, and a
# spun copy that makes the minister Spanish.  Findings are written the way cross-checking
# words them, midpoints of vague figures included.

WIRE_T = ("Portuguese Interior Minister Ana Reis visited the flooded town on Monday. "
          "Tens of thousands of troops were sent to the region, the ministry said.")
PAPER_T = ("Interior Minister Ana Reis, who is Portuguese, toured the town on Monday. "
           "About 40,000 troops were in the region by Wednesday.")
SPUN_T = ("Spanish Interior Minister Ana Reis inspected the flooded town on Monday. "
          "I honestly think the ministry was far too slow. What a farce. "
          "Thousands of soldiers were sent to the region.")


def _span(aid, text, phrase):
    start = text.index(phrase)
    return Span(aid, start, start + len(phrase))


def _outlier_brief(story_title="Spanish minister inspects flooded town"):
    arts = [Article(id="w", text=WIRE_T, source="w.txt", format="text", outlet="Reuters", date="2024-05-06",
                    title="Minister visits flooded town"),
            Article(id="p", text=PAPER_T, source="p.txt", format="text", outlet="Avalon Courier",
                    date="2024-05-07", title="Reis tours the town"),
            Article(id="s", text=SPUN_T, source="s.html", format="html", outlet="WorldNews24",
                    date="2024-05-07", title="Spanish minister inspects flooded town")]
    texts = {a.id: a.text for a in arts}
    sents = {aid: tuple(_span(aid, t, x.strip() + ("." if not x.strip().endswith(".") else ""))
                        for x in t.split(". ") if x.strip()) for aid, t in texts.items()}
    facts = {
        "w": ArticleFacts(article_id="w", sentences=sents["w"], figures=(Figure(
            span=_span("w", WIRE_T, "Tens of thousands of troops"), value=None, unit="troops",
            low=20_000, high=99_999),)),
        "p": ArticleFacts(article_id="p", sentences=sents["p"], figures=(Figure(
            span=_span("p", PAPER_T, "About 40,000 troops"), value=40_000.0, unit="troops", qualifier="about"),)),
        "s": ArticleFacts(article_id="s", sentences=sents["s"], figures=(Figure(
            span=_span("s", SPUN_T, "Thousands of soldiers"), value=None, unit="soldiers", low=2_000,
            high=9_999),), opinions=(
            Opinion(span=_span("s", SPUN_T, "I honestly think the ministry was far too slow."), reason="first-person",
                    score=0.9),
            Opinion(span=_span("s", SPUN_T, "What a farce."), reason="exclamation", score=0.7))),
    }

    def ev(aid, phrase, side):
        return Evidence(span=_span(aid, texts[aid], phrase), text=phrase, side=side)

    desc = Finding(id="d1", story_id="ev1", kind="descriptor-conflict",
                   explanation="Ana Reis: nationality given as portugal (2 sources), spain (1 source)",
                   confidence=0.8, evidence=(ev("w", "Portuguese", "support"), ev("p", "Portuguese", "support"),
                                             ev("s", "Spanish", "oppose")),
                   supporting=("w", "p"), opposing=("s",), sources=3)
    change = Finding(id="c1", story_id="ev1", kind="figure-change",
                     explanation="troop: 59,999.5 (reported, 2024-05-06), 40,000 (reported, 2024-05-08) - "
                                 "different moments or plans, not a contradiction",
                     confidence=0.6, evidence=(ev("w", "Tens of thousands of troops", "context"),
                                               ev("p", "About 40,000 troops", "context")),
                     supporting=("w", "p"), sources=2)
    fact = Finding(id="k1", story_id="ev1", kind="corroboration", explanation="2 independent sources carry: ...",
                   confidence=0.8, evidence=(ev("w", WIRE_T.split(". ")[0] + ".", "support"),
                                             ev("p", PAPER_T.split(". ")[0] + ".", "support")),
                   supporting=("w", "p"), sources=2)
    outlier = Finding(id="o1", story_id="ev1", kind="outlier-copy",
                      explanation="WorldNews24 conflicts with 2 of the other 2 independent sources",
                      confidence=0.7, evidence=desc.evidence + desc.evidence, supporting=("w", "p"),
                      opposing=("s",), sources=2)
    opinion = Finding(id="op1", story_id="ev1", kind="opinion",
                      explanation="2 passages of the writer's own commentary in WorldNews24, kept apart from reported "
                                  "facts", confidence=0.6,
                      evidence=(ev("s", "I honestly think the ministry was far too slow.", "context"),
                                ev("s", "What a farce.", "context")), supporting=("s",), sources=1)
    story = Event(id="ev1", title=story_title, article_ids=("w", "p", "s"))
    return assemble_brief("event", story, [story], [(a, facts[a.id]) for a in arts],
                          [change, desc, fact, opinion, outlier], [])


def test_vague_figures_show_the_sources_words_never_a_midpoint():
    b = _outlier_brief()
    shown = {i.cite.article_id: i.display for g in b.figures for i in g.items}
    assert shown == {"w": "tens of thousands", "p": "about 40,000", "s": "thousands"}
    (change,) = [c for c in b.contradictions if c.is_change]
    assert change.explanation.startswith("troops: tens of thousands, about 40,000")
    for text in (render_markdown(b), render_brief(b, "terminal"), render_html(b)):
        assert "59,999.5" not in text and "5,999.5" not in text and "20,000\u201399,999" not in text
    assert (format_number(1200.0), format_number(33.3333), format_number(2.5)) == ("1,200", "33.33", "2.5")
    assert vague_words("Tens of thousands of households", "households") == "tens of thousands"
    assert vague_words("more than 300 of her neighbours", "neighbours") == "more than 300"


def test_opinions_grouped_by_article_with_one_heading():
    b = _outlier_brief()
    (group,) = b.opinions
    assert group.label == "WorldNews24"
    assert [(o.reason, o.cite.text) for o in group.passages] == [
        ("first-person", "I honestly think the ministry was far too slow."), ("exclamation", "What a farce.")]
    md = render_markdown(b)
    assert md.count("of the writer's own commentary") == 1
    assert "- \u201cWhat a farce.\u201d *(exclamation)* `s:" in md
    assert "kept apart from reported facts" not in md.split("## Opinion passages")[1].split("\n- ")[1]


def test_title_comes_from_the_most_agreeing_independent_source_not_the_outlier():
    b = _outlier_brief()
    assert {s.article_id: s.flagged for s in b.sources} == {"w": False, "p": False, "s": True}
    # The wire and the paper both agree on everything; the wire ranks first as a kind.
    assert b.title == "Minister visits flooded town"
    assert render_markdown(b).startswith("# Minister visits flooded town\n")
    # A grouping title that is not the outlier's headline is kept.
    assert _outlier_brief("Floods: the minister's visit").title == "Floods: the minister's visit"
    assert _outlier_brief().title == b.title  # deterministic


def test_descriptor_evidence_shows_its_sentence_and_keeps_the_descriptor_span():
    b = _outlier_brief()
    desc = b.contradiction("d1")
    assert desc.explanation == "Ana Reis: nationality given as Portuguese (2 sources) or Spanish (1 source)"
    (spun,) = desc.oppose
    assert (spun.text, spun.ref) == ("Spanish", "s:0-7")
    assert spun.after.startswith(" Interior Minister Ana Reis inspected the flooded town")
    assert "\u201c**Spanish** Interior Minister Ana Reis inspected" in render_markdown(b)


def test_outlier_flag_lists_each_conflict_once_with_both_sides():
    b = _outlier_brief()
    (flag,) = b.copies
    assert (flag.article_id, flag.kind, flag.conflicts) == ("s", "outlier-copy", ("d1",))
    assert len({c.ref for c in flag.cites}) == len(flag.cites)  # no duplicate evidence
    mine, theirs = b.contradiction("d1").sides("s")
    assert [c.ref for c in mine] == ["s:0-7"] and {c.article_id for c in theirs} == {"w", "p"}
    section = render_markdown(b).split("## Flagged copies")[1].split("##")[0]
    assert section.count("descriptor-conflict") == 1 and section.count("**Spanish**") == 1
    kinds = {s.article_id: s.kind_label for s in b.sources}
    assert kinds == {"w": "wire", "p": "newspaper", "s": "content farm"}


def test_merged_contradictions_keep_the_shared_side_once():
    b = _outlier_brief()
    base = b.contradiction("d1")
    other = replace(base, finding_id="d2", support=(), supporting=("x",),
                    oppose=base.oppose)
    merged = merge_contradictions([base, other])
    assert len(merged) == 1 and merged[0].merged == ("d2",)
    assert [c.ref for c in merged[0].oppose] == ["s:0-7"] and "x" in merged[0].supporting


# -- issue 13 item 7: a summary first, counts in the singular where they are one --------------------


def test_run_summary_counts_stories_by_sources_and_contradictions(store):
    from newsprism.publish.text import print_run_summary

    console = Console(record=True, width=120)
    print_run_summary(store, console)
    text = console.export_text()
    lines = [line.split() for line in text.splitlines()]
    assert lines[0] == "2 stories from 5 articles, 1 with contradictions".split()
    rows = {line[0]: line[1:] for line in lines[2:4]}
    assert rows == {"1": ["1", "0"], "3": ["1", "1"]}  # no row for the counts no story has
    assert "Port Avalon dock strike" in text and "2 contradictions" in text


def test_terminal_brief_says_one_source_not_one_sources(store):
    console = Console(record=True, width=120)
    render(store, "ev-notice", "terminal", console=console)
    head = console.export_text().splitlines()[1]
    assert "1 source \u00b7 1 event \u00b7 0 contradictions" in head


def test_the_package_exports_brief_and_check_as_the_readme_uses_them(store):
    # Issue 13 item 11: `check` and `brief` were not exported.
    import newsprism

    b = newsprism.brief(store, "sl-port")
    assert b.title == "Port Avalon dock strike" and b.contradictions
    assert {"brief", "check", "stories"} <= set(newsprism.__all__) and callable(newsprism.check)


def test_the_reporting_confidence_comes_from_the_settings(store):
    from newsprism.crosscheck import CheckOptions
    from newsprism.settings import Settings

    shown = build_brief(store, "sl-port")
    assert shown.weaker == 0 and {c.finding_id for c in shown.contradictions} >= {"f2", "f3"}
    strict = build_brief(store, "sl-port", settings=Settings(check=CheckOptions(report=0.79)))
    assert strict.report == 0.79 and strict.weaker == 1  # f3 (0.75) counted, not shown
    assert "f3" not in {c.finding_id for c in strict.contradictions}
    assert "f3" not in render(store, "sl-port", "json", settings=Settings(check=CheckOptions(report=0.79)))
