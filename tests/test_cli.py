"""The command line over real files: read --json / --explain, ingest, errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsprism import cli

from conftest import sample_path
from page_fixture import PAGE_ARTICLE, PAGE_FOOT, PAGE_HEAD, PAGE_RELATED

pytestmark = pytest.mark.model


@pytest.fixture()
def runner(reader, monkeypatch):
    monkeypatch.setattr(cli, "_reader", lambda model=None, n_process=1: reader)
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
    assert calls == [{"recheck": False}, {"recheck": True}]
