"""The command line over real files: read --json / --explain, ingest, errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsprism import cli
from newsprism.settings import Settings

from conftest import run_cli as _main
from conftest import sample_path
from page_fixture import PAGE_ARTICLE, PAGE_FOOT, PAGE_HEAD, PAGE_RELATED

pytestmark = pytest.mark.model


@pytest.fixture()
def runner(reader, monkeypatch):
    monkeypatch.setattr(cli, "_reader", lambda model=None, n_process=1, settings=None: reader)
    return CliRunner()


def test_read_json_spans_match_their_text(runner, samples_available):
    result = runner.invoke(cli.app, ["read", str(sample_path("02")), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    text = data["article"]["text"]
    assert data["schema"] == 1
    assert data["quotes"] and data["entities"]
    for kind in ("quotes", "figures", "dates", "opinions"):
        for fact in data[kind]:
            span = fact["span"]
            assert text[span["start"] : span["end"]] == fact["text"]


def test_read_explain_lists_removed_lines_with_reasons(runner, samples_available):
    result = runner.invoke(cli.app, ["read", str(sample_path("01")), "--explain"])
    assert result.exit_code == 0, result.output
    assert "Removed lines" in result.stdout
    assert "read more from dailymail" in result.stdout


def test_read_explain_on_a_whole_page_gives_page_mode_reasons(runner, tmp_path):
    # Issue 11: a web page saved as text; the menus and related stories are listed with their reason.
    path = tmp_path / "page.txt"
    path.write_text("\n".join([PAGE_HEAD, PAGE_ARTICLE, PAGE_RELATED, PAGE_FOOT]), encoding="utf-8")
    result = runner.invoke(cli.app, ["read", str(path), "--explain"])
    assert result.exit_code == 0, result.output
    removed = result.stdout.split("Removed lines", 1)[1]
    assert "outside-article" in removed and "Fishermen in the Algarve" in removed
    assert "Help from Spain" in result.stdout.split("Removed lines", 1)[0]  # the sub-head is article text


def test_read_stdin(runner):
    text = "Harbour closed\n\nThe harbour at Porto Lume closed on Monday, the port authority said.\n"
    result = runner.invoke(cli.app, ["read", "-", "--json"], input=text)
    assert result.exit_code == 0, result.output
    assert "Porto Lume" in json.loads(result.stdout)["article"]["text"]


def test_missing_file_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(cli.app, ["ingest", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "s.db")])
    assert "nope.txt" in result.output


def test_each_rejection_is_one_whole_line_when_stderr_is_no_terminal(runner, tmp_path):
    # Issue 12: Rich wrapped rejection lines at 80 columns in logs, and read "[...]" in a file name as markup.
    folder = tmp_path / ("a-folder-with-a-rather-long-name-" * 3 + "[bold]")
    folder.mkdir()
    (folder / "good.txt").write_text("Quay reopens\n\nThe quay in Porto Alto reopened on Monday, the port said.\n",
                                     encoding="utf-8")
    (folder / "records.jsonl").write_text('{"text": "The cranes arrived."}\nnot json [/]\n{"x": 1}\n'
                                          '{"text": "deep", "n": ' + "[" * 100 + "]" * 100 + "}\n", encoding="utf-8")
    result = runner.invoke(cli.app, ["ingest", str(folder), "--db", str(tmp_path / "s.db")], terminal_width=80)
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    skipped = [line for line in lines if line.startswith("skipped ")]
    assert [line.split(": ")[1].split(" ")[0] for line in skipped] == ["invalid-json", "no-text", "too-deep"]
    for line, record in zip(skipped, (2, 3, 4)):
        assert f"{folder / 'records.jsonl'}#{record}: " in line and line.endswith("[ingest]")
    assert lines[-1].startswith("2 added, 0 already stored, 3 rejected")
    assert len(lines) == 4


def test_a_store_that_cannot_be_opened_is_one_line_and_exit_code_2(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    (tmp_path / "a.txt").write_text("Quay\n\nThe quay reopened.", encoding="utf-8")
    exe = Path(sys.executable).with_name("newsprism")
    res = subprocess.run([str(exe), "ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path)], capture_output=True,
                         timeout=300)
    assert res.returncode == 2
    assert res.stderr.decode().splitlines() == [f"error: cannot open store {tmp_path}: unable to open database file"]


def test_stories_lists_for_triage_and_checks_the_order(tmp_path):
    from brief_fixture import build_store
    from rich.console import Console

    from newsprism.publish.text import print_story_list
    from newsprism.store import Store

    db = tmp_path / "s.db"
    build_store(db).close()
    runner = CliRunner()
    bad = runner.invoke(cli.app, ["stories", "--db", str(db), "--sort", "loudest"])
    assert bad.exit_code == 2 and "recent, sources, conflicts" in bad.output
    # The list the web app shows: copies counted apart from independent sources.
    console = Console(record=True, width=200)
    with Store(db) as store:
        print_story_list(store, console, "conflicts")
    text = console.export_text()
    assert text.index("Port Avalon dock strike") < text.index("Harbour notice")
    assert "3 (+1 copy)" in text
    console = Console(record=True, width=200)
    with Store(db) as store:
        print_story_list(store, console, "recent", limit=1)
    text = console.export_text()
    assert "Port Avalon dock strike" in text and "Harbour notice" not in text
    assert "1 more story not shown" in text
    # filtered as the web app's Stories page filters: a single-source notice is neither told by two
    # independent sources nor contested
    from newsprism.publish.stories import StoryFilter

    for wanted in (StoryFilter(min_sources=2), StoryFilter(contested=True)):
        console = Console(record=True, width=200)
        with Store(db) as store:
            print_story_list(store, console, story_filter=wanted)
        text = console.export_text()
        assert "Port Avalon dock strike" in text and "Harbour notice" not in text
    bad = runner.invoke(cli.app, ["stories", "--db", str(db), "--since", "last week"])
    assert bad.exit_code == 2 and "ISO date" in bad.output


def test_stories_checks_only_what_changed_unless_recheck(tmp_path, monkeypatch):
    # Issue 8: `stories` is incremental; `--recheck` asks for every story to be checked again.
    from brief_fixture import build_store

    import newsprism.pipeline as pipeline

    calls = []
    monkeypatch.setattr(pipeline, "stories", lambda store, **options: calls.append(options))
    db = tmp_path / "s.db"
    build_store(db).close()
    runner = CliRunner()
    assert runner.invoke(cli.app, ["stories", "--db", str(db)]).exit_code == 0
    assert runner.invoke(cli.app, ["stories", "--db", str(db), "--recheck"]).exit_code == 0
    assert [{k: v for k, v in c.items() if k not in ("progress", "settings")} for c in calls] == [
        {"recheck": False}, {"recheck": True}]
    assert all(callable(c["progress"]) for c in calls)
    assert all(c["settings"] == Settings() for c in calls)  # no --config: the defaults


# -- issue 13: wrong input must not succeed silently -------------------------------------------


def test_run_and_ingest_of_inputs_that_give_no_article_fail_with_one_line_each(reader, tmp_path, monkeypatch,
                                                                               capsys):
    monkeypatch.setattr(cli, "_reader", lambda model=None, n_process=1, settings=None: reader)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "imgs").mkdir()
    (tmp_path / "imgs" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01")
    (tmp_path / "imgs" / "b.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x02")
    (tmp_path / "empty_dir").mkdir()
    code, _, lines = _main(["run", "nosuch.txt", "--db", "s.db"], monkeypatch, capsys)
    assert code == 1
    assert lines[0] == "error: nosuch.txt: not-found (no such file or directory)"
    assert len(lines) == 2 and lines[1].startswith("0 added")
    code, _, lines = _main(["run", "imgs/", "--db", "s.db"], monkeypatch, capsys)
    assert code == 1
    assert [line.split(": ")[1].split(" ")[0] for line in lines[:2]] == ["binary", "binary"]
    assert lines[2] == "error: imgs/: no article in it (2 rejected, listed above)"
    code, _, lines = _main(["ingest", "empty_dir", "--db", "s.db"], monkeypatch, capsys)
    assert code == 1 and lines[0] == "error: empty_dir: no article in it (no files)"
    # A good path beside a bad one: the good one is stored, the bad one still fails the command.
    (tmp_path / "good.txt").write_text("Quay reopens\n\nThe quay in Porto Alto reopened on Monday, the port said.\n",
                                       encoding="utf-8")
    code, _, lines = _main(["ingest", "good.txt", "nosuch.txt", "--db", "s.db"], monkeypatch, capsys)
    assert code == 1 and lines[-1].startswith("1 added, 0 already stored, 1 rejected")


def test_a_page_with_no_text_is_one_line_not_a_warning_and_a_line(reader, tmp_path, monkeypatch, capsys, caplog):
    monkeypatch.setattr(cli, "_reader", lambda model=None, n_process=1, settings=None: reader)
    caplog.set_level("WARNING")
    (tmp_path / "blank.html").write_text("<html><body><div></div></body></html>", encoding="utf-8")
    (tmp_path / "good.txt").write_text("Quay reopens\n\nThe quay in Porto Alto reopened on Monday, the port said.\n",
                                       encoding="utf-8")
    code, _, lines = _main(["ingest", str(tmp_path), "--db", str(tmp_path / "s.db")], monkeypatch, capsys)
    assert code == 0
    assert [line for line in lines if "blank.html" in line] == [
        f"skipped {tmp_path / 'blank.html'}#1: no-text (no article text found in the page) [ingest]"]
    assert len(lines) == 2
    assert not [r for r in caplog.records if r.name.startswith("trafilatura")]  # the CLI's log shows WARNING


@pytest.mark.parametrize("command", [["stories"], ["brief", "s1"], ["check", "The quay reopened."], ["serve"]])
def test_commands_that_read_a_store_never_create_one(command, tmp_path, monkeypatch, capsys):
    db = tmp_path / "typo.db"
    monkeypatch.setattr(cli, "_reader", lambda model=None, n_process=1, settings=None: None)  # never reached
    code, out, lines = _main([*command, "--db", str(db)], monkeypatch, capsys)
    assert code == 2 and not db.exists()
    assert lines == [f"error: no store at {db} (newsprism ingest PATH --db {db} creates one)"]


def test_a_file_that_is_no_store_and_an_output_that_cannot_be_written_are_one_line(tmp_path, monkeypatch, capsys):
    from brief_fixture import build_store

    not_a_db = tmp_path / "README.md"
    not_a_db.write_text("# newsprism\n\nnot a database, but long enough to be read as one " * 20, encoding="utf-8")
    code, _, lines = _main(["stories", "--db", str(not_a_db)], monkeypatch, capsys)
    assert code == 2 and lines == [f"error: cannot open store {not_a_db}: file is not a database"]
    db = tmp_path / "s.db"
    with build_store(db) as store:
        story = store.db.execute("SELECT id FROM storylines LIMIT 1").fetchone()[0]
    code, _, lines = _main(["brief", story, "--db", str(db), "-f", "md", "-o", "/nonexistent/dir/x.md"],
                           monkeypatch, capsys)
    assert code == 2 and lines == ["error: cannot write /nonexistent/dir/x.md: No such file or directory"]


TWO_STORIES = {
    "quay.txt": "Quay reopens in Porto Alto\n\nThe quay in Porto Alto reopened on Monday after repairs, the port "
                "authority said. Ferries to the islands will run again from Tuesday.\n",
    "budget.txt": "Valdora council passes budget\n\nThe council of Valdora passed its budget on Thursday by 31 votes "
                  "to 12. The mayor, Ines Carvalho, said schools would get 4 million euros more.\n",
}


def test_run_json_is_one_document_and_jsonl_one_brief_a_line(runner, tmp_path):
    # Issue 13 item 6: several storylines were written as JSON objects back to back.
    for name, text in TWO_STORIES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = runner.invoke(cli.app, ["run", str(tmp_path / "quay.txt"), str(tmp_path / "budget.txt"),
                                     "--db", str(tmp_path / "s.db"), "-f", "json"])
    assert result.exit_code == 0, result.output
    briefs = json.loads(result.stdout)
    assert isinstance(briefs, list) and len(briefs) == 2
    assert {b["kind"] for b in briefs} == {"storyline"} and all(b["schema"] for b in briefs)
    result = runner.invoke(cli.app, ["run", str(tmp_path / "quay.txt"), "--db", str(tmp_path / "s.db"),
                                     "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [b["id"] for b in briefs]
    bad = runner.invoke(cli.app, ["run", str(tmp_path / "quay.txt"), "--db", str(tmp_path / "s.db"), "-f", "yaml"])
    assert bad.exit_code == 2 and "jsonl" in bad.output


def test_run_prints_a_summary_before_the_briefs(runner, tmp_path):
    # Issue 13 item 7: hundreds of briefs and no overview first.
    for name, text in TWO_STORIES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = runner.invoke(cli.app, ["run", str(tmp_path), "--db", str(tmp_path / "s.db")], terminal_width=120)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("2 stories from 2 articles, 0 with contradictions")
    assert out.index("independent sources") < out.index("Quay reopens") and "1 source \u00b7" in out


def test_read_prints_no_empty_table_and_each_place_once(runner, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Storm in Portugal\n\nA storm hit Portugal on Monday. Boats in Portugal stayed in port, "
                    "and the road to Lisbon in Portugal was closed.\n", encoding="utf-8")
    result = runner.invoke(cli.app, ["read", str(path), "--explain"], terminal_width=120)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Quotes" not in out and "Opinion" not in out  # no quote, no opinion: no empty frame
    assert "Removed lines (0): none" in out
    places = [line for line in out.splitlines() if "\u2502 place" in line and "Portugal" in line]
    assert len(places) == 1 and "(3\u00d7)" in places[0]


def test_flags_have_help_text():
    runner = CliRunner()
    for command, flag, words in (("ingest", "--quiet", "No progress bar"), ("check", "--json", "verdict as JSON"),
                                 ("read", "--json", "Print JSON")):
        result = runner.invoke(cli.app, [command, "--help"], terminal_width=200)
        line = next(line for line in result.stdout.splitlines() if flag in line)
        assert words in line, line


def test_scale_keeps_dask_info_logs_off_the_terminal(tmp_path, monkeypatch):
    import logging

    import newsprism.scale as scale

    monkeypatch.delenv("DASK_LOGGING__DISTRIBUTED", raising=False)
    logging.getLogger("distributed").setLevel(logging.INFO)
    seen = {}

    def fake_run(paths, store, options=None, client=None):
        import os

        seen["env"] = os.environ.get("DASK_LOGGING__DISTRIBUTED")
        seen["level"] = logging.getLogger("distributed").getEffectiveLevel()
        return scale.ScaleReport()

    monkeypatch.setattr(scale, "run_distributed", fake_run)
    CliRunner().invoke(cli.app, ["scale", str(tmp_path), "--db", str(tmp_path / "s.db")])
    assert seen == {"env": "warning", "level": logging.WARNING}


def test_a_header_without_headline_keeps_the_opening_paragraph(runner, tmp_path):
    # Issue 13 item 5: the first paragraph became the title and vanished from the text.
    path = tmp_path / "a.txt"
    path.write_text("Source: Harbour Wire\nDate: 2024-03-05\n\nThe harbour at Porto Lume closed on Monday after a "
                    "storm, the port authority said.\n\nShips were sent to Porto Alto instead, officials said.\n",
                    encoding="utf-8")
    result = runner.invoke(cli.app, ["read", str(path), "--json"])
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)["article"]
    assert article["text"].startswith("The harbour at Porto Lume closed on Monday")
    assert "Porto Alto instead" in article["text"]
    assert (article["outlet"], article["date"][:10]) == ("Harbour Wire", "2024-03-05")
    # A headline after the header is still the title, and is not in the text.
    path.write_text("Source: Harbour Wire\n\nHarbour closes after storm\n\nThe harbour at Porto Lume closed on "
                    "Monday, the port authority said.\n", encoding="utf-8")
    article = json.loads(runner.invoke(cli.app, ["read", str(path), "--json"]).stdout)["article"]
    assert article["title"] == "Harbour closes after storm"
    assert article["text"].startswith("The harbour at Porto Lume")


def test_check_many_claims_from_a_file_gives_one_json_line_each(reader, tmp_path, monkeypatch, capsys):
    # Issue 10 item 4: `check --file` reads the story once and answers every claim, JSON lines out.
    from brief_fixture import build_store

    monkeypatch.setattr(cli, "_reader", lambda model=None, n_process=1, settings=None: reader)
    db = tmp_path / "s.db"
    build_store(db).close()
    claims = tmp_path / "claims.txt"
    claims.write_text("About 4,000 workers joined the strike.\n\nThe weather in Oslo was sunny.\n", encoding="utf-8")
    code, out, err = _main(["check", "--file", str(claims), "--db", str(db)], monkeypatch, capsys)
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [v["claim"] for v in lines] == ["About 4,000 workers joined the strike.",
                                                         "The weather in Oslo was sunny."]
    assert all({"verdict", "by_source", "evidence"} <= set(v) for v in lines)
    code, _, err = _main(["check", "--db", str(db)], monkeypatch, capsys)
    assert code == 2  # neither a claim nor --file


def test_the_ingest_bar_knows_its_total_when_counting_is_cheap(tmp_path):
    # Issue 13 item 8: the bar showed "0/?" until the end.  Text and HTML files are one record each,
    # JSON Lines one a line; a feed, a WARC, a gzip or stdin leave the total unknown.
    (tmp_path / "a.txt").write_text("Harbour reopens\n\nThe harbour reopened on Monday, officials said.\n",
                                    encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "One."}\n{"text": "Two."}\n\n{"text": "Three."}\n', encoding="utf-8")
    assert cli._expected_records([str(tmp_path)]) == 4
    assert cli._expected_records([str(tmp_path / "a.txt"), str(tmp_path / "missing.txt")]) == 2
    assert cli._expected_records(["-"]) is None
    (tmp_path / "c.rss").write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
                                    "<item><title>y</title></item></channel></rss>", encoding="utf-8")
    assert cli._expected_records([str(tmp_path)]) is None


def test_brief_takes_the_reporting_confidence_from_the_settings_file(tmp_path, monkeypatch, capsys):
    from brief_fixture import build_store

    db = tmp_path / "s.db"
    build_store(db).close()
    code, out, _ = _main(["brief", "sl-port", "--db", str(db), "-f", "json"], monkeypatch, capsys)
    assert code == 0 and '"f3"' in out
    config = tmp_path / "strict.toml"
    config.write_text("[check]\nreport = 0.79\n", encoding="utf-8")
    code, out, _ = _main(["brief", "sl-port", "--db", str(db), "-f", "json", "--config", str(config)],
                         monkeypatch, capsys)
    assert code == 0 and '"f3"' not in out and '"f2"' in out  # f3 (0.75) is under the file's line
