"""Outlets (issue 13 item 1): names and kinds from data/outlets.tsv, metadata given by option or by
a folder's sources.csv, and articles of one outlet counted as one independent source."""

from __future__ import annotations

import fnmatch
import io
import json
import sys
import tomllib
from importlib import resources

import pytest
from typer.testing import CliRunner

from newsprism import cli, outlets
from newsprism.errors import MetadataError
from newsprism.ingest import IngestOptions, SourceMeta, iter_documents
from newsprism.ingest.meta import read_sidecar
from newsprism.publish.sources import source_kind, source_label
from newsprism.records import Article, Document, Rejection, RemovedLine

from conftest import ROOT

STORY = ("The harbour at Porto Lume closed on Monday after a storm damaged two of its cranes, the port "
         "authority said. Ferries to the islands will resume on Thursday, officials said.")


def _docs(paths, **options) -> list[Document]:
    items = list(iter_documents([str(p) for p in paths], IngestOptions(**options)))
    assert not [i for i in items if isinstance(i, Rejection)], items
    return items


# ------------------------------------------------------------------ the table


def test_the_table_parses_and_is_packaged():
    text = resources.files("newsprism").joinpath("data/outlets.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert len(rows) >= 300
    assert all(len(r) == 3 and r[2] in outlets.KINDS for r in rows)
    domains = [r[0] for r in rows]
    assert len(domains) == len(set(domains)) and all(d == d.lower() and "." in d for d in domains)
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["newsprism"]
    assert any(fnmatch.fnmatch("data/outlets.tsv", p) for p in patterns)


@pytest.mark.parametrize("url, name", [
    ("https://www.bbc.co.uk/news/world-europe-1", "BBC News"),
    ("https://www.bbc.com/news/articles/x", "BBC News"),
    ("https://edition.cnn.com/2024/03/05/europe/x", "CNN"),
    ("https://news.yahoo.com/strike-1.html", "Yahoo News"),  # the longest listed domain wins
    ("https://uk.finance.yahoo.com/news/x", "Yahoo Finance"),  # a subdomain of a listed one
    ("https://www.mirror.co.uk/news/article-1/x.html", "Daily Mirror"),
    ("https://riverwatch.substack.com/p/strike", "riverwatch.substack.com"),  # a platform: each site its own
    ("https://www.portnews.example/cranes", "portnews.example"),  # unknown: the domain
    ("https://[bold]x.example/a", None),
    ("not a url", None),
    (None, None),
])
def test_outlet_from_url(url, name):
    assert outlets.outlet_from_url(url) == name


def test_kind_from_the_url_first_then_from_the_name():
    assert outlets.outlet_kind("Reuters", None) == "wire"
    assert outlets.outlet_kind("Reuters", "https://news.yahoo.com/x") == "aggregator"  # the platform decides
    assert outlets.outlet_kind("BBC", None) == "broadcaster"  # "BBC News" shortened
    assert outlets.outlet_kind("the guardian", None) == "newspaper"
    assert outlets.outlet_kind(None, "https://someone.wordpress.com/x") == "blog"
    assert outlets.outlet_kind("Avalon Courier", "https://avaloncourier.example/x") is None


def test_one_outlet_one_key():
    keys = {outlets.outlet_key(o, u) for o, u in [("BBC", None), ("BBC News", None), ("bbc.co.uk", None),
                                                   (None, "https://www.bbc.com/news/x"), ("The BBC News", None)]}
    assert len(keys) == 1
    assert outlets.outlet_key("Reuters", "https://news.yahoo.com/x") == outlets.outlet_key("Reuters", None)
    assert outlets.outlet_key("Reuters", None) != outlets.outlet_key("Associated Press", None)
    assert outlets.outlet_key("Harbour Times", None) == outlets.outlet_key("The harbour times", None)
    assert outlets.outlet_key(None, None) is None


def _art(aid, outlet=None, url=None, **kw):
    return Article(id=aid, text=kw.pop("text", STORY), source=kw.pop("source", f"{aid}.txt"), format=kw.pop("format", "text"),
                   outlet=outlet, url=url, **kw)


def test_copies_and_one_outlets_articles_are_one_independent_source():
    arts = [_art("a1", "BBC News"), _art("a2", None, "https://www.bbc.co.uk/news/x"), _art("a3", "Reuters"),
            _art("a4", "Yahoo News"), _art("a5"), _art("a6")]
    voices = outlets.independent_sources(arts, {"a4": "a3"})  # a4 copies a3
    assert voices == {"a1": "a1", "a2": "a1", "a3": "a3", "a4": "a3", "a5": "a5", "a6": "a6"}
    # without outlets or copies, each article stands alone
    assert outlets.independent_sources([_art("x"), _art("y")]) == {"x": "x", "y": "y"}


# ------------------------------------------------------------------ ingest names the outlet


def test_ingest_names_the_outlet_from_the_url_or_a_listed_domain(tmp_path):
    (tmp_path / "a.txt").write_text(f"URL: https://www.bbc.co.uk/news/x\n\nHarbour closed\n\n{STORY}\n", encoding="utf-8")
    lines = [{"text": STORY + " One.", "domain": "reuters.com"},
             {"text": STORY + " Two.", "source": "Harbour Wire", "url": "https://www.cnn.com/x"},
             {"text": STORY + " Three.", "url": "https://www.portnews.example/x"},
             {"text": STORY + " Four."}]
    (tmp_path / "b.jsonl").write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    docs = _docs([tmp_path / "a.txt", tmp_path / "b.jsonl"])
    assert [d.outlet for d in docs] == ["BBC News", "Reuters", "Harbour Wire", "portnews.example", None]


def test_source_label_falls_back_to_the_file_name():
    assert source_label(_art("a", "Reuters", title="Harbour closed")) == "Reuters"
    assert source_label(_art("a", None, "https://www.portnews.example/x", title="Harbour closed")) == "portnews.example"
    assert source_label(_art("a", source="/data/scraped/harbour.txt", title="Harbour closed")) == "harbour.txt"
    assert source_label(_art("a", source="dump/bbc300.jsonl", format="jsonl", record=17,
                             title="Harbour closed")) == "bbc300.jsonl#17"
    assert source_label(_art("a", source="-", title="Harbour closed")) == "Harbour closed"  # stdin has no name


def test_source_kind_uses_the_table():
    credit = (RemovedLine(line_no=9, text="Read the original article on Business Insider", reason="read-more"),)
    assert source_kind(_art("a", "Business Insider", "https://www.businessinsider.com/x", removed=credit)) == "magazine"
    assert source_kind(_art("a", None, "https://www.msn.com/en-us/news/x")) == "aggregator"
    assert source_kind(_art("a", "NPR")) == "broadcaster"
    assert source_kind(_art("a", "Daily Mirror")) == "newspaper"
    assert source_kind(_art("a", None, "https://worldnews24.example/x")) == "content-farm"  # patterns still apply


# ------------------------------------------------------------------ metadata given for the input


def test_options_give_every_input_its_outlet_url_and_date(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(f"Source: Harbour Wire\nDate: 2024-01-01\n\nHarbour closed\n\n{STORY}\n",
                                    encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": STORY + " B.", "url": "https://www.cnn.com/x"}) + "\n"
                                      + json.dumps({"text": STORY + " C."}) + "\n", encoding="utf-8")
    meta = SourceMeta(outlet="The Lume Gazette", date="5 March 2024")
    docs = _docs([tmp_path / "a.txt", tmp_path / "b.jsonl"], meta=meta)
    assert [(d.outlet, d.date) for d in docs] == [("The Lume Gazette", "2024-03-05")] * 3
    # a URL alone: the outlet its own URL named gives way to the one the given URL names
    docs = _docs([tmp_path / "b.jsonl"], meta=SourceMeta(url="https://www.npr.org/2024/x"))
    assert [(d.outlet, d.url) for d in docs] == [("NPR", "https://www.npr.org/2024/x")] * 2
    # ... but an outlet the file names itself stays
    (doc,) = _docs([tmp_path / "a.txt"], meta=SourceMeta(url="https://www.npr.org/2024/x"))
    assert (doc.outlet, doc.date) == ("Harbour Wire", "2024-01-01")
    # stdin too
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(f"Harbour closed\n\n{STORY}\n".encode())))
    (doc,) = _docs(["-"], meta=SourceMeta(outlet="Lume Radio"))
    assert (doc.source, doc.outlet) == ("-", "Lume Radio")


@pytest.mark.parametrize("field, value, words", [("date", "next week", "is not a date"),
                                                 ("url", "bbc.co.uk/news", "not an http(s) URL"),
                                                 ("outlet", "x" * 300, "not one line")])
def test_bad_metadata_is_refused_with_the_field(field, value, words):
    with pytest.raises(MetadataError) as err:
        SourceMeta(**{field: value})
    assert err.value.field == field and words in str(err.value)


def _folder(tmp_path, rows: str):
    folder = tmp_path / "scraped"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(f"Harbour closed\n\n{STORY}\n", encoding="utf-8")
    (folder / "b.txt").write_text(f"URL: https://www.cnn.com/x\n\nFerries resume\n\n{STORY} B.\n", encoding="utf-8")
    (folder / "sub" / "c.txt").write_text(f"Cranes damaged\n\n{STORY} C.\n", encoding="utf-8")
    (folder / "sources.csv").write_text(rows, encoding="utf-8")
    return folder


def test_a_sidecar_gives_each_file_its_metadata(tmp_path):
    folder = _folder(tmp_path, "file,outlet,url,date\n"
                               "a.txt,Lume Gazette,,2024-03-05\n"
                               "b.txt,,https://www.npr.org/x,\n"
                               "\n"
                               "sub/c.txt,\"Daily Mirror\",,6 March 2024\n")
    docs = _docs([folder])
    got = {d.source.rsplit("/", 1)[-1]: (d.outlet, d.url, d.date) for d in docs}
    assert got == {"a.txt": ("Lume Gazette", None, "2024-03-05"),
                   "b.txt": ("NPR", "https://www.npr.org/x", None),
                   "c.txt": ("Daily Mirror", None, "2024-03-06")}  # sources.csv itself is no article
    # the call's options win over the sidecar
    docs = _docs([folder], meta=SourceMeta(outlet="Lume Radio"))
    assert {d.outlet for d in docs} == {"Lume Radio"} and {d.date for d in docs} == {"2024-03-05", None,
                                                                                      "2024-03-06"}


@pytest.mark.parametrize("rows, where, words", [
    ("file,outlet,date\na.txt,Gazette,2024-03-05\nb.txt,Gazette,soon\n", "row 2 (line 3)", "date 'soon' is not a date"),
    ("file,outlet\nnosuch.txt,Gazette\n", "row 1 (line 2)", "no file 'nosuch.txt'"),
    ("file,outlet\na.txt,Gazette\na.txt,Herald\n", "row 2 (line 3)", "listed already in row 1"),
    ("file,outlet\n../a.txt,Gazette\n", "row 1 (line 2)", "not a path inside"),
    ("file,publisher\na.txt,Gazette\n", "row 0 (line 1)", "unknown column 'publisher'"),
    ("outlet,date\nGazette,2024-03-05\n", "row 0 (line 1)", "no 'file' column"),
    ("file,outlet\na.txt,Gazette,extra\n", "row 1 (line 2)", "3 cells under a header of 2"),
    ("file,url\nb.txt,ftp://x.example/\n", "row 1 (line 2)", "not an http(s) URL"),
])
def test_a_bad_sidecar_row_is_an_error_naming_file_and_row(tmp_path, rows, where, words):
    folder = _folder(tmp_path, rows)
    with pytest.raises(MetadataError) as err:
        read_sidecar(folder / "sources.csv")
    assert str(err.value).startswith(f"{folder / 'sources.csv'} {where}: ") and words in str(err.value)
    with pytest.raises(MetadataError):  # the walk refuses it before the first file
        next(iter(iter_documents([folder])))


# ------------------------------------------------------------------ the command line


@pytest.fixture()
def runner(reader, monkeypatch):
    monkeypatch.setattr(cli, "_reader", lambda model=None, n_process=1, settings=None: reader)
    return CliRunner()


def _stored(db) -> list[tuple]:
    from newsprism.store import Store

    with Store(db, create=False) as store:
        return sorted(tuple(r) for r in store.db.execute("SELECT source, outlet, url, date FROM articles"))


@pytest.mark.model
def test_ingest_and_run_take_outlet_url_and_date(runner, tmp_path):
    db = tmp_path / "s.db"
    result = runner.invoke(cli.app, ["ingest", "-", "--db", str(db), "--outlet", "Lume Radio", "--date", "2024-03-05",
                                     "--url", "https://lumeradio.example/harbour"],
                           input=f"Harbour shut\n\n{STORY} Radio.\n")
    assert result.exit_code == 0, result.output
    assert _stored(db) == [("-", "Lume Radio", "https://lumeradio.example/harbour", "2024-03-05")]
    folder = _folder(tmp_path, "file,outlet\na.txt,Lume Gazette\n")
    result = runner.invoke(cli.app, ["run", str(folder), "--db", str(db), "--date", "6 March 2024", "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = {r[0].rsplit("/", 1)[-1]: r[1:] for r in _stored(db)}
    assert rows["a.txt"] == ("Lume Gazette", None, "2024-03-06")
    assert rows["b.txt"] == ("CNN", "https://www.cnn.com/x", "2024-03-06")


@pytest.mark.model
def test_bad_metadata_stops_the_command_before_any_work(runner, tmp_path, monkeypatch, capsys):
    db = tmp_path / "s.db"
    result = runner.invoke(cli.app, ["ingest", "-", "--db", str(db), "--date", "someday"], input=STORY)
    assert result.exit_code == 2 and "--date" in result.output and "is not a date" in result.output
    folder = _folder(tmp_path, "file,outlet,date\na.txt,Gazette,2024-03-05\nb.txt,Gazette,someday\n")
    (tmp_path / "good.txt").write_text(f"Harbour closed\n\n{STORY}\n", encoding="utf-8")
    monkeypatch.setattr("sys.argv", ["newsprism", "ingest", str(tmp_path / "good.txt"), str(folder), "--db", str(db)])
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines() == [
        f"error: {folder / 'sources.csv'} row 2 (line 3): date 'someday' is not a date (e.g. 2024-03-05)"]
    assert not db.exists() or _stored(db) == []  # nothing was read, not even the good file


# ------------------------------------------------------------------ counting independent sources


@pytest.mark.model
def test_articles_of_one_outlet_count_once_in_corroboration(reader):
    from newsprism.crosscheck import crosscheck
    from newsprism.records import Event, Storyline
    from newsprism.group import Grouping

    text = ("Heavy snow closed Oslo airport on Friday, stranding thousands of travellers before the holiday "
            "weekend, the airport operator said.")
    other = ("The airport operator said heavy snow shut Oslo airport on Friday and stranded thousands of "
             "travellers ahead of the holiday weekend.")
    third = ("Thousands of travellers were stranded on Friday when heavy snow closed Oslo airport before the "
             "holiday weekend, its operator said.")
    arts = [Article(id="a", text=text, source="a.txt", format="text", url="https://www.bbc.co.uk/news/a"),
            Article(id="b", text=other, source="b.txt", format="text", outlet="BBC"),
            Article(id="c", text=third, source="c.txt", format="text", outlet="Reuters")]
    items = [(a, reader.read(a)) for a in arts]

    def grouping(items):
        ids = tuple(a.id for a, _ in items)
        return Grouping((Storyline(id="s1", title="snow", event_ids=("e1",), article_ids=ids),),
                        (Event(id="e1", title="snow", article_ids=ids, storyline_id="s1"),), ())

    corr = [f for f in crosscheck(items, grouping(items)) if f.kind == "corroboration"]
    assert corr and max(f.sources for f in corr) == 2  # BBC twice and Reuters: two independent sources
    alone = crosscheck(items[:2], grouping(items[:2]))  # two BBC reports confirm nothing
    assert not [f for f in alone if f.kind == "corroboration"]


def test_the_brief_and_the_story_list_count_one_outlet_once(tmp_path):
    from brief_fixture import build_store
    from newsprism.publish.assemble import build_brief
    from newsprism.publish.stories import list_stories
    from newsprism.publish.json import brief_to_dict

    with build_store(tmp_path / "s.db") as store:
        story = "sl-port"  # a Reuters report, its Yahoo copy, a local paper, a blog
        before = build_brief(store, story)
        listed = {s.id: s for s in list_stories(store)}[story]
        ids = [s.article_id for s in before.sources if not s.copy_of]
        assert len(ids) >= 2 and before.independent == listed.independent
        # the same story, its two first independent sources now from one outlet
        store.db.execute("UPDATE articles SET outlet = 'BBC News', url = NULL WHERE id = ?", (ids[0],))
        store.db.execute("UPDATE articles SET outlet = 'BBC', url = 'https://www.bbc.com/news/x' WHERE id = ?",
                         (ids[1],))
        store.db.commit()
        after = build_brief(store, story)
        assert after.independent == before.independent - 1
        row = after.source(ids[1])
        assert row.independent_of == ids[0] and row.kind == "broadcaster"  # named by its first source
        assert brief_to_dict(after)["independent"] == after.independent
        listed = {s.id: s for s in list_stories(store)}[story]
        assert listed.independent == after.independent


def test_a_distributed_run_carries_the_sidecar_and_the_options(tmp_path):
    from newsprism.scale.plan import plan_shards
    from newsprism.scale.tasks import iter_part

    folder = _folder(tmp_path, "file,outlet\na.txt,Lume Gazette\n")
    shards, rejected = plan_shards([folder], partitions=1, max_shard_bytes=1 << 20)
    assert not rejected
    options = IngestOptions(meta=SourceMeta(date="2024-03-05"))
    docs = [d for shard in shards for part in shard.parts for d in iter_part(part, options)]
    assert {d.source.rsplit("/", 1)[-1]: (d.outlet, d.date) for d in docs} == {
        "a.txt": ("Lume Gazette", "2024-03-05"), "b.txt": ("CNN", "2024-03-05"), "c.txt": (None, "2024-03-05")}


@pytest.mark.parametrize("line, name", [
    ("read more from mirror.....", "Daily Mirror"),
    ("Read the original article on Business Insider", "Business Insider"),
    ("This article originally appeared on Vox.", "Vox"),
    ("This story was first published on portnews.example", "portnews.example"),
    ("Read more from our correspondents about the war", None),  # no name: lower-case words
    ("read more from here", None),
    ("read more from eveningstandard.....", "Evening Standard"),  # an unlisted site's label, split
    ("Read more from harbourgazette", "Harbour Gazette"),
    ("read more from somewhere", None),  # one word: no outlet guessed
    ("The minister read the original report on Monday.", None),  # prose, not a credit
])
def test_a_credit_line_names_the_outlet(line, name):
    assert outlets.outlet_from_credit(line) == name


def test_an_article_without_metadata_takes_its_outlet_from_its_credit_line(samples_available):
    from newsprism.clean import Cleaner
    from newsprism.ingest.text import parse_text

    from conftest import sample_path

    got = {}
    for prefix in ("01", "02", "03", "04"):
        path = sample_path(prefix)
        got[prefix] = Cleaner().clean(parse_text(path.read_text(encoding="utf-8"), str(path))).outlet
    # Business Insider's own credit; the aggregator's credit names, in lower case, a site label
    # the table does not list, read as its words; the blog and the unknown site name none
    assert got == {"01": "Daily Mail", "02": None, "03": None, "04": "Business Insider"}
    text = "Harbour reopens\n\nThe harbour in Porto Alto reopened on Monday, the port said.\n\nRead more from Reuters\n"
    assert Cleaner().clean(parse_text(text, "a.txt")).outlet == "Reuters"
    given = parse_text("Source: Harbour Daily\n\n" + text, "b.txt")
    assert Cleaner().clean(given).outlet == "Harbour Daily"  # metadata wins over the credit
