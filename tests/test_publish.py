"""The brief: one presentation model (publish.brief) rendered as terminal, Markdown, JSON and HTML."""

from __future__ import annotations

import json

import pytest
from brief_fixture import build_store
from rich.console import Console
from typer.testing import CliRunner

from newsprism.errors import NewsprismError, NotFound
from newsprism.publish import render
from newsprism.publish.brief import build_brief, canonical_speakers, source_kind
from newsprism.publish.html import render_html, timeline
from newsprism.publish.json import brief_to_dict
from newsprism.publish.markdown import render_markdown
from newsprism.records import Article


@pytest.fixture(scope="module")
def store(tmp_path_factory):
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
        "wire01": "wire", "copy02": "aggregator", "local03": "unknown", "blog04": "blog"}
    assert rows["local03"].kind_or_format == "unknown (text)"
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
    cites += [i.cite for g in brief.figures for i in g.items] + [o.cite for o in brief.opinions]
    assert len(cites) > 15
    for c in cites:
        assert texts[c.article_id][c.start:c.end] == c.text


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
    assert [o.cite.text for o in brief.opinions] == [
        "Frankly, this strike is the best thing to happen to this town in years."]
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
    assert source_kind(art(outlet="Avalon Courier")) == "unknown"


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
    assert data["schema"] == 1
    for key in ("id", "kind", "title", "events", "sources", "facts", "speakers", "figures", "contradictions",
                "copies", "opinions", "matrix"):
        assert key in data
    assert data["figures"][0]["items"][2]["display"] == "some 400"
    assert data["contradictions"][0]["oppose"][0] == {
        "article_id": "local03", "start": 56, "end": 81, "text": "Port director Maria Lopez",
        "source": "Avalon Courier"}


def test_markdown_escapes_untrusted_text(store):
    md = render(store, "sl-port", "md")
    assert md.startswith("# Port Avalon dock strike\n")
    assert "| Avalon Courier | 2024-03-05 | unknown (text) |  | 33% of 3 | `local03` |" in md
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
    for fmt, marker in (("html", "<!doctype html>"), ("md", "# Port Avalon"), ("json", '"schema": 1'),
                        ("terminal", "Port Avalon dock strike")):
        out = tmp_path / f"brief.{fmt}"
        result = runner.invoke(app, ["brief", "sl-port", "--db", store.path, "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert marker in out.read_text(encoding="utf-8")
