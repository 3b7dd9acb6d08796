"""The distributed job (newsprism.scale) against the one-machine pipeline, on a 2-worker LocalCluster.

The workers are threads of this process (``processes=False``): the same tasks, scheduler and
result transport as a cluster, without spawning interpreters that each load spaCy.
"""

from __future__ import annotations

import importlib
import json

import pytest

from newsprism.embed import HashingEmbedder
from newsprism.group import GroupOptions, group_store
from newsprism.group.features import features
from newsprism.ingest import iter_documents
from newsprism.pipeline import ingest
from newsprism.records import Rejection
from newsprism.scale import ScaleOptions, local_client, plan_shards, run_distributed
from newsprism.scale import tasks as scale_tasks
from newsprism.scale.tasks import iter_part
from newsprism.store import Store

pytest.importorskip("distributed")

PORT_STRIKE = """Dockworkers walk out at Baltona port
Dockworkers at the port of Baltona walked off the job on Monday, halting the loading of about 40 container ships, union officials said.
"We have waited eleven months for a contract and the company has offered nothing," said Marta Ilves, head of the Baltic Dockers' Union, at a rally outside the main gate.
The port operator, Nordhaven Terminals, said the strike was illegal and that it would seek an injunction. Its chief executive, Piet Aalder, told reporters the union's demand for a 12% raise would make the port uncompetitive.
Around 2,300 workers are covered by the contract. The last strike at Baltona, in 2019, lasted nine days.
"""

FLOOD_HTML = """<!doctype html><html><head><title>Floods cut off villages in the Sarn valley</title></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Floods cut off villages in the Sarn valley</h1>
<p>Heavy rain flooded more than 30 villages in the Sarn valley on Thursday, and rescue teams used boats to reach families trapped on rooftops, the regional government said.</p>
<p>"The water rose faster than anyone expected," said Elena Varga, the mayor of Dolna, one of the worst-hit towns. About 1,200 people spent the night in school gyms.</p>
<p>Forecasters warned that another 80 millimetres of rain could fall over the weekend. Interior Minister Tomas Brandl said the army would send 500 soldiers to help with the evacuation.</p>
</article><footer>Share this article on Facebook</footer></body></html>
"""

RECORDS = [
    {"title": "Baltona strike enters second day",
     "text": "The strike at the port of Baltona entered its second day on Tuesday as talks between the dockers' "
             "union and Nordhaven Terminals failed to resume. Union leader Marta Ilves told a rally that members "
             "would not return \"until there is a fair offer on the table\". The company said it had lost "
             "roughly 4 million euros in the first day of the stoppage and accused the union of holding the "
             "regional economy hostage. Shipping agents said 15 vessels had been diverted to other ports.",
     "date": "2024-05-07", "source": "Coastal Courier"},
    {"title": "Council approves new tram line",
     "text": "The city council of Varno voted 31 to 12 on Wednesday to build a new tram line linking the "
             "central station with the university campus. Deputy mayor Jonas Keller said construction of the "
             "7-kilometre line would start next spring and cost about 180 million euros. Opposition "
             "councillors argued that the money would be better spent on buses, which carry more passengers "
             "today. \"This is a decision for the next fifty years,\" Keller said after the vote.",
     "date": "2024-05-08", "source": "Varno Daily"},
    {"title": "Army sent to flooded Sarn valley",
     "text": "Soldiers began arriving in the Sarn valley on Friday to help evacuate residents after floods "
             "cut off dozens of villages. Interior Minister Tomas Brandl said 500 troops and 40 boats had been "
             "deployed. Mayor Elena Varga of Dolna said some families had refused to leave their homes. "
             "Meteorologists expect the river to peak on Saturday night.",
     "date": "2024-05-10", "source": "National Wire"},
]


def _write_corpus(root):
    """Five good articles in three formats, a repeated record, and four bad records."""
    (root / "a-strike.txt").write_text(PORT_STRIKE, encoding="utf-8")
    (root / "b-flood.html").write_text(FLOOD_HTML, encoding="utf-8")
    lines = [json.dumps(RECORDS[0]), json.dumps(RECORDS[1]), "{not json at all", "",
             json.dumps(RECORDS[0]),  # the same article again: skipped, not stored twice
             "[1, 2, 3]", json.dumps(RECORDS[2])]
    (root / "c-wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "d-photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (root / "e-empty.txt").write_text("   \n", encoding="utf-8")
    return root


def _opts(**kw) -> ScaleOptions:
    # Small shards so the JSONL file is cut into byte ranges and every worker gets work.
    base = dict(partitions=4, max_shard_bytes=900, stories=False, group=GroupOptions(embedder="hash"))
    return ScaleOptions(**{**base, **kw})


def _rejections(store: Store) -> set[tuple]:
    return {(r.source, r.record, r.stage, r.reason) for r in store.rejections()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return _write_corpus(tmp_path_factory.mktemp("scale-corpus"))


@pytest.fixture(scope="module")
def client():
    with local_client(ScaleOptions(workers=2, threads=1, processes=False)) as c:
        yield c


# --------------------------------------------------------------------------- planning (no model)


def test_jsonl_split_into_byte_ranges_keeps_records_and_line_numbers(corpus):
    shards, rejected = plan_shards([corpus], partitions=8, max_shard_bytes=500)
    assert rejected == []
    jsonl_parts = [p for s in shards for p in s.parts if p.name.endswith("c-wire.jsonl")]
    assert len(jsonl_parts) >= 3 and all(p.is_range for p in jsonl_parts)
    # The ranges tile the file exactly, each starting on a line.
    assert jsonl_parts[0].start == 0 and jsonl_parts[-1].stop == jsonl_parts[-1].start + jsonl_parts[-1].size
    assert all(a.stop == b.start for a, b in zip(jsonl_parts, jsonl_parts[1:]))
    split = [item for p in jsonl_parts for item in iter_part(p, ScaleOptions().ingest)]
    whole = list(iter_documents([corpus / "c-wire.jsonl"]))
    assert [(type(x).__name__, x.record, getattr(x, "id", None)) for x in split] == \
           [(type(x).__name__, x.record, getattr(x, "id", None)) for x in whole]
    assert {x.reason for x in split if isinstance(x, Rejection)} == {"invalid-json", "not-an-object"}


def test_shards_keep_input_order_and_missing_paths_are_rejected(corpus):
    shards, rejected = plan_shards([corpus, corpus / "nope.txt"], partitions=2, max_shard_bytes=10**6)
    names = [p.name for s in shards for p in s.parts]
    assert names == [str(corpus / n) for n in ("a-strike.txt", "b-flood.html", "c-wire.jsonl", "d-photo.png",
                                               "e-empty.txt")]
    assert [s.index for s in shards] == list(range(len(shards))) and len(shards) == 2
    assert [(r.reason, r.record) for r in rejected] == [("not-found", None)]


def test_a_long_line_in_a_byte_range_is_read_past(tmp_path):
    # Issue 12: a worker read a part's lines whole, so one 200 MB line was held in memory.
    from newsprism.ingest import IngestOptions

    f = tmp_path / "long.jsonl"
    with open(f, "wb") as out:
        out.write(b'{"text": "First."}\n{"text": "' + b"x" * (3 << 20) + b'"}\n{"text": "Third."}\n')
    options = IngestOptions(max_record_bytes=1 << 20)
    shards, _ = plan_shards([f], partitions=4, max_shard_bytes=1 << 20, ingest=options)
    parts = [p for s in shards for p in s.parts]
    assert len(parts) >= 2 and all(p.is_range for p in parts)
    items = [item for p in parts for item in iter_part(p, options)]
    assert [(x.record, getattr(x, "reason", "doc")) for x in items] == [(1, "doc"), (2, "too-large"), (3, "doc")]


# ------------------------------------------------------------------------------ the job (model)


@pytest.mark.model
def test_distributed_run_stores_what_ingest_stores(corpus, client, reader, tmp_path):
    with Store(tmp_path / "one.db") as one:
        ref = ingest([corpus], one, reader=reader)
        with Store(tmp_path / "many.db") as many:
            report = run_distributed([corpus], many, client=client, options=_opts())
            assert report.shards >= 3 and report.failed_shards == []
            assert len(report.added) == 5 and report.added == ref.added
            assert report.skipped == ref.skipped == 1
            assert many.article_ids() == one.article_ids()
            for article_id in one.article_ids():
                assert many.article(article_id) == one.article(article_id)
                assert many.facts(article_id) == one.facts(article_id)
                assert many.document_text(article_id) == one.document_text(article_id)
            # Bad records are rejected, named by file and line, and the job goes on.
            assert _rejections(many) == _rejections(one)
            assert {(r[0].rsplit("/", 1)[-1], r[1], r[3]) for r in _rejections(many)} == {
                ("c-wire.jsonl", 3, "invalid-json"), ("c-wire.jsonl", 6, "not-an-object"),
                ("d-photo.png", None, "binary"), ("e-empty.txt", None, "empty-text")}

            # Workers computed the grouping vectors, so the driver's grouping only clusters.
            emb = HashingEmbedder()
            for article_id in many.article_ids():
                lead = features(many.article(article_id), many.facts(article_id), lead_chars=600).lead
                assert many.vector(article_id, emb.kind)[0] == pytest.approx(emb.encode([lead])[0], abs=1e-6)
                assert one.vector(article_id, emb.kind) is None
            hashed = GroupOptions(embedder="hash")
            assert group_store(many, hashed).events == group_store(one, hashed).events

            # A rerun finds every article stored and reads nothing again.
            again = run_distributed([corpus], many, client=client, options=_opts())
            assert again.added == [] and again.skipped == 6
            assert many.count_articles() == 5


@pytest.mark.model
def test_an_article_that_breaks_the_reader_is_rejected_alone(corpus, client, tmp_path, monkeypatch):
    # importlib: the package's ``newsprism.read`` attribute is a function, not this module.
    read_module = importlib.import_module("newsprism.read")
    real = read_module.facts_from_doc

    def brittle(doc, article, options=None):  # an extractor bug that only this article triggers
        if "tram line" in article.text:
            raise IndexError("list index out of range")
        return real(doc, article, options)

    monkeypatch.setattr(read_module, "facts_from_doc", brittle)
    with Store(tmp_path / "s.db") as store:
        report = run_distributed([corpus], store, client=client, options=_opts())
        assert len(report.added) == 4 and store.count_articles() == 4
        (failed,) = [r for r in store.rejections() if r.stage == "read"]
        assert (failed.reason, failed.record) == ("read-failed", 2) and failed.source.endswith("c-wire.jsonl")
        assert "IndexError" in failed.detail


@pytest.mark.model
def test_an_article_the_store_refuses_is_rejected_alone(corpus, client, tmp_path, monkeypatch):
    real = Store.save_article

    def picky(self, article, facts, document_text=None):
        if "tram line" in article.text:
            raise ValueError("refused")
        return real(self, article, facts, document_text)

    monkeypatch.setattr(Store, "save_article", picky)
    with Store(tmp_path / "s.db") as store:
        report = run_distributed([corpus], store, client=client, options=_opts())
        assert len(report.added) == 4
        (failed,) = [r for r in store.rejections() if r.stage == "store"]
        assert (failed.reason, failed.record, failed.detail) == ("store-failed", 2, "ValueError: refused")


@pytest.mark.model
def test_a_failed_task_rejects_its_files_and_a_rerun_resumes(corpus, client, tmp_path, monkeypatch):
    real = scale_tasks.process_shard

    def crashing(shard, options, known=frozenset()):  # a worker lost mid-task, as the driver sees it
        if any(p.name.endswith("b-flood.html") for p in shard.parts):
            raise MemoryError("worker killed")
        return real(shard, options, known)

    monkeypatch.setattr(scale_tasks, "process_shard", crashing)
    with Store(tmp_path / "s.db") as store:
        report = run_distributed([corpus], store, client=client, options=_opts())
        assert len(report.failed_shards) == 1
        lost = [r for r in store.rejections() if r.reason == "task-failed"]
        assert lost and all(r.stage == "scale" and "MemoryError" in r.detail for r in lost)
        assert any(r.source.endswith("b-flood.html") for r in lost)
        stored = store.count_articles()
        assert 0 < stored < 5

        monkeypatch.setattr(scale_tasks, "process_shard", real)
        resumed = run_distributed([corpus], store, client=client, options=_opts())
        assert len(resumed.added) == 5 - stored and store.count_articles() == 5
        assert resumed.failed_shards == []


@pytest.mark.model
def test_cli_runs_on_a_running_scheduler(corpus, client, tmp_path):
    from typer.testing import CliRunner

    from newsprism.cli import app

    db = tmp_path / "cli.db"
    result = CliRunner().invoke(app, ["scale", str(corpus), "--db", str(db), "--scheduler", client.scheduler.address,
                                      "--partitions", "3", "--no-stories"])
    assert result.exit_code == 0, result.output
    assert "5 added, 1 already stored, 4 rejected" in result.output
    with Store(db) as store:
        assert store.count_articles() == 5
        assert store.vector(store.article_ids()[0], "minilm-l6-v2") is not None  # workers embedded the leads


def test_an_unreachable_scheduler_is_named():
    from newsprism.errors import NewsprismError
    from newsprism.scale import connect

    with pytest.raises(NewsprismError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        with connect("tcp://127.0.0.1:9", timeout=2):
            pass
