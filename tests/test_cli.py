"""The command line over real files: read --json / --explain, ingest, errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsprism import cli

from conftest import sample_path

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


def test_read_stdin(runner):
    text = "Harbour closed\n\nThe harbour at Porto Lume closed on Monday, the port authority said.\n"
    result = runner.invoke(cli.app, ["read", "-", "--json"], input=text)
    assert result.exit_code == 0, result.output
    assert "Porto Lume" in json.loads(result.stdout)["article"]["text"]


def test_missing_file_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(cli.app, ["ingest", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "s.db")])
    assert "nope.txt" in result.output
