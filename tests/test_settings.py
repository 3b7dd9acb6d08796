"""One settings object: every stage's options from one TOML file, through the API and the CLI."""

from __future__ import annotations

import tomllib

import pytest
from typer.testing import CliRunner

from newsprism import cli
from newsprism.crosscheck import CheckOptions
from newsprism.read import ReadOptions
from newsprism.read.quotes import QuoteOptions
from newsprism.settings import Settings, SettingsError


def _file(tmp_path, text: str):
    path = tmp_path / "newsprism.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_defaults_written_out_read_back_the_same():
    text = Settings().to_toml()
    assert Settings.from_dict(tomllib.loads(text)) == Settings()
    tables = {line for line in text.splitlines() if line.startswith("[")}
    assert {"[ingest]", "[clean]", "[read]", "[read.quotes]", "[group.cluster]", "[check]", "[check.weights]",
            "[web.compare]", "[scale]"} <= tables
    assert "\nmeta" not in text and "[ingest.meta]" not in text  # an input's outlet, URL and date: per call


def test_a_file_names_only_what_it_changes(tmp_path):
    path = _file(tmp_path, "[read.quotes]\nmin_words = 6\n\n[check]\nreport = 0.4\n\n"
                           "[group.cluster]\njoin = 0.35\n")
    settings = Settings.from_toml(path)
    assert settings.read.quotes == QuoteOptions(min_words=6)
    assert settings.check == CheckOptions(report=0.4)
    assert settings.group.cluster.join == 0.35 and settings.group.shingle == 5
    assert settings.given == {"read.quotes.min_words", "check.report", "group.cluster.join"}
    assert Settings.from_toml(_file(tmp_path, "")) == Settings()


@pytest.mark.parametrize("text,message", [
    ("[check]\nreprot = 0.4\n", "unknown setting check.reprot"),
    ("[checks]\nreport = 0.4\n", "unknown setting checks"),
    ("[read.quotes]\nmin_words = \"four\"\n", "read.quotes.min_words must be a whole number"),
    ("[group]\ncopies = 1\n", "group.copies must be true or false"),
    ("[check]\nreport = 2\n", "report must be in [0, 1]"),
    ("[check\nreport = 2\n", "not a TOML file"),
])
def test_a_bad_file_names_itself_and_the_key(tmp_path, text, message):
    path = _file(tmp_path, text)
    with pytest.raises(SettingsError) as caught:
        Settings.from_toml(path)
    assert str(caught.value).startswith(str(path)) and message in str(caught.value)


def test_a_missing_file_is_an_error_not_the_defaults(tmp_path):
    with pytest.raises(SettingsError, match="cannot read"):
        Settings.from_toml(tmp_path / "nope.toml")


def test_the_environment_names_the_file(tmp_path, monkeypatch):
    path = _file(tmp_path, "[check]\nreport = 0.5\n")
    monkeypatch.setenv("NEWSPRISM_CONFIG", str(path))
    assert Settings.load().check.report == 0.5
    monkeypatch.delenv("NEWSPRISM_CONFIG")
    assert Settings.load() == Settings()


def test_config_show_prints_the_effective_settings(tmp_path, monkeypatch, capsys):
    runner = CliRunner()
    path = _file(tmp_path, "[check]\nreport = 0.4\n")
    result = runner.invoke(cli.app, ["config", "--show", "--config", str(path)])
    assert result.exit_code == 0, result.output
    assert Settings.from_dict(tomllib.loads(result.output)) == Settings.from_toml(path)
    bad = _file(tmp_path, "[check]\nreprot = 1\n")
    monkeypatch.setattr("sys.argv", ["newsprism", "stories", "--config", str(bad), "--db", str(tmp_path / "s.db")])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    err = capsys.readouterr().err
    assert exited.value.code == 2 and err.count("\n") == 1 and "unknown setting check.reprot" in err


def test_stories_take_their_options_from_the_settings(tmp_path, monkeypatch):
    import newsprism.pipeline as pipeline
    from newsprism.embed import HashingEmbedder
    from newsprism.store import Store

    seen = {}

    def spy(articles, grouping, options, **kwargs):
        seen["check"] = options
        return []

    monkeypatch.setattr(pipeline, "check_stories", spy)
    settings = Settings.from_dict({"check": {"report": 0.4}, "group": {"embedder": "hash"}})
    with Store(tmp_path / "s.db") as store:
        pipeline.stories(store, settings=settings, encoder=HashingEmbedder())
        assert seen["check"] == CheckOptions(report=0.4)
        pipeline.stories(store, settings=settings, encoder=HashingEmbedder(), check_options=CheckOptions())
        assert seen["check"] == CheckOptions()  # an option given in the call wins


@pytest.mark.model
def test_the_extractors_read_with_the_settings_options(nlp):
    from newsprism.read import Reader
    from newsprism.records import Article

    text = ("The minister said the port would reopen on Monday after repairs. "
            "\"We have done all we could,\" the harbour master said.")
    art = Article(id="a", text=text, source="-", format="text")
    default = Reader(nlp=nlp).read(art)
    direct_only = Reader(ReadOptions(quotes=QuoteOptions(reported=False)), nlp=nlp).read(art)
    assert any(not q.direct for q in default.quotes)
    assert direct_only.quotes and all(q.direct for q in direct_only.quotes)
