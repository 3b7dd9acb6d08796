"""The web app over a real store, through FastAPI's TestClient (in-process HTTP)."""

from __future__ import annotations

import pytest
from brief_fixture import build_store
from fastapi.testclient import TestClient

from newsprism.publish.assemble import build_brief
from newsprism.records import Event
from newsprism.publish.json import brief_to_dict
from newsprism.web.app import WebOptions, create_app
from newsprism.web.compare import CompareOptions

FUZZY = CompareOptions(method="fuzzy")  # no model in these tests: alignment by token-set ratio


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db(request, tmp_path_factory):
    """The example store, on SQLite and on PostgreSQL (``NEWSPRISM_TEST_PG``; skipped without it)."""
    if request.param == "postgresql":
        from conftest import postgres_url

        path = postgres_url(request)
    else:
        path = tmp_path_factory.mktemp("web") / "web.db"
    build_store(path).close()
    return path


@pytest.fixture(scope="module")
def app(db):
    return create_app(db, options=WebOptions(compare=FUZZY, max_upload_bytes=2048))


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app) as c:
        yield c


def assert_error(resp, status: int, code: str) -> None:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code and body["error"]["message"]


def test_stories_newest_first_with_counts(client):
    data = client.get("/api/stories").json()
    assert [s["id"] for s in data["stories"]] == ["sl-port", "sl-evil"]
    port = data["stories"][0]
    assert (port["sources"], port["findings"], port["conflicts"]) == (4, 5, 2)
    assert [e["id"] for e in port["events"]] == ["ev-walkout", "ev-talks"]
    page = client.get("/").text
    assert page.index("Port Avalon dock strike") < page.index("Harbour notice")


@pytest.mark.parametrize("query, expected", [
    ({"q": "walkout"}, ["sl-port"]),  # in article text only
    ({"q": "harbour notice"}, ["sl-evil"]),  # in a title
    ({"entity": "becker"}, ["sl-port"]),
    ({"outlet": "courier"}, ["sl-port"]),
    ({"outlet": "blogspot"}, ["sl-port"]),  # the url host counts as the outlet
    ({"since": "2024-03-01"}, ["sl-port"]),
    ({"until": "2024-02-15"}, ["sl-evil"]),
    ({"q": "no such words"}, []),
])
def test_story_search(client, query, expected):
    assert [s["id"] for s in client.get("/api/stories", params=query).json()["stories"]] == expected


def test_story_list_for_triage(client):
    port = client.get("/api/stories").json()["stories"][0]
    assert (port["id"], port["sources"], port["independent"]) == ("sl-port", 4, 3)  # copy02 is a copy
    for query in ({"min_sources": 2}, {"contested": "true"}, {"sort": "conflicts"}, {"sort": "sources"}):
        ids = [s["id"] for s in client.get("/api/stories", params=query).json()["stories"]]
        assert ids[0] == "sl-port" and ids == (["sl-port"] if "sort" not in query else ["sl-port", "sl-evil"])
    assert_error(client.get("/api/stories", params={"sort": "loudest"}), 422, "invalid-request")
    page = client.get("/", params={"sort": "conflicts"}).text
    assert "most contradictions first" in page and "3 independent sources + 1 copy" in page


def test_single_source_stories_come_last_however_new(tmp_path):
    from newsprism.publish.stories import StoryFilter, list_stories
    from newsprism.records import Event, Storyline

    with build_store(tmp_path / "late.db") as store:
        lines, events = list(store.storylines()), list(store.events())
        late = Event(id="ev-late", title="Late harbour note", article_ids=("evil05",), storyline_id="sl-late",
                     start_date="2024-05-01")
        lines.append(Storyline(id="sl-late", title="Late harbour note", event_ids=("ev-late",),
                               article_ids=("evil05",), start_date="2024-05-01", end_date="2024-05-01"))
        store.replace_stories(lines, [*events, late], store.copies(), store.findings())
        assert [s.id for s in list_stories(store)] == ["sl-port", "sl-late", "sl-evil"]
        assert [s.id for s in list_stories(store, StoryFilter(min_sources=2))] == ["sl-port"]


def test_story_api_is_the_brief(client, db):
    from newsprism.store import Store

    with Store(db) as store:
        expected = brief_to_dict(build_brief(store, "sl-port"))
    assert client.get("/api/stories/sl-port").json() == expected


def test_story_page_has_timeline_matrix_and_contradictions(client):
    page = client.get("/stories/sl-port").text
    assert '<svg id="timeline-svg"' in page
    assert page.count('class="cell supports"') == 8 and page.count('class="cell contradicts"') == 3
    assert 'id="f-f2"' in page and "Port director Maria Lopez" in page
    assert 'href="/compare?a=wire01&amp;b=local03"' in page
    assert client.get("/stories/ev-walkout").status_code == 200  # an event has a page too


def test_errors_have_one_json_shape(client):
    assert_error(client.get("/api/stories/nope"), 404, "not-found")
    assert_error(client.get("/api/articles/zzz"), 404, "not-found")
    assert_error(client.get("/api/no-such-endpoint"), 404, "not-found")
    assert_error(client.get("/api/compare", params={"a": "wire01"}), 422, "invalid-request")
    assert_error(client.delete("/api/stories"), 405, "method-not-allowed")
    page = client.get("/stories/nope")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"] and "Not found" in page.text


def test_untrusted_text_is_escaped_everywhere(client):
    for url in ("/", "/stories/sl-evil", "/stories/ev-notice", "/articles/evil05", "/compare?a=evil05&b=wire01"):
        resp = client.get(url)
        assert resp.status_code == 200, url
        body = resp.text
        assert "<script>alert" not in body and "<img src=x" not in body and 'href="javascript:' not in body, url
        assert "script-src 'self'" in resp.headers["content-security-policy"]
    body = client.get("/articles/evil05").text
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in body
    # The JSON API returns the text as data, unchanged.
    assert "<script>alert('pwned')</script>" in client.get("/api/articles/evil05").json()["article"]["text"]


def test_article_page_highlights_facts_and_lists_removed_lines(client):
    page = client.get("/articles/local03", params={"hl": "0-16"}).text
    assert '<span class="figure hl" title="figure: 400 workers" id="hl">Some 400 workers</span>' in page
    assert 'class="entity"' in page and 'class="quote"' in page
    removed = client.get("/articles/copy02").text
    assert "<details class=\"removed\"" in removed and "share-widget" in removed and "Share this article" in removed
    data = client.get("/api/articles/copy0").json()  # a unique id prefix is enough
    assert data["article"]["id"] == "copy02" and [r["reason"] for r in data["removed"]] == [
        "share-widget", "navigation"]
    assert data["stories"] == ["sl-port", "ev-walkout"]


def test_compare_aligns_sentences_and_names_differences(client):
    data = client.get("/api/compare", params={"a": "wire01", "b": "local03"}).json()
    assert data["method"] == "fuzzy"
    differing = [r for r in data["rows"] if r["status"] == "differs"]
    assert differing, data["rows"]
    diffs = [d for r in differing for d in r["differences"]]
    # Cross-checking's stored finding, worded as the brief words it; not judged again here.
    assert diffs == [{"kind": "descriptor-conflict", "subject": "Maria Lopez: union leader or port director?",
                      "a": "union leader Maria Lopez", "b": "Port director Maria Lopez"}]
    row = differing[0]
    changed = {s["text"].strip() for s in row["b"]["segments"] if s["changed"]}
    assert "director" in " ".join(changed)
    # Every aligned sentence is quoted with its span.
    for r in data["rows"]:
        for side in ("a", "b"):
            if r[side]:
                assert "".join(s["text"] for s in r[side]["segments"]) == r[side]["text"]


def test_compare_reads_the_findings_and_judges_only_what_none_covers(client, db):
    # A figure that cross-checking judged a change over time is that, not a bare "figure" difference.
    data = client.get("/api/compare", params={"a": "wire01", "b": "blog04"}).json()
    (row,) = [r for r in data["rows"] if r["status"] == "differs"]
    assert row["differences"] == [{"kind": "figure-change",
                                   "subject": "Strikers grew from about 4,000 to about 6,000 by Wednesday",
                                   "a": "About 4,000 workers", "b": "about 6,000 workers"}]
    # Sentences a finding cites together are aligned first, at their measured similarity.
    pair = client.get("/api/compare", params={"a": "wire01", "b": "local03"}).json()
    (lopez,) = [r for r in pair["rows"] if r["status"] == "differs"]
    assert "Port director" in lopez["b"]["text"] and lopez["similarity"] < FUZZY.min_ratio / 100
    # Two sources with no stored finding between them (never cross-checked together): the facts
    # that differ in aligned sentences are still shown, by their fact kind.
    from newsprism.store import Store
    from newsprism.web.compare import compare

    with Store(db) as store:
        items = [(store.article(i), store.facts(i)) for i in ("wire01", "local03")]
    bare = compare(items[0], items[1], (), options=FUZZY)
    assert [d.kind for r in bare.rows for d in r.differences] == []  # nothing aligned above the threshold
    bare = compare(items[0], items[1], (), options=CompareOptions(method="fuzzy", min_ratio=45))
    assert [(d.kind, d.subject, d.a, d.b) for r in bare.rows for d in r.differences] == [
        ("figure", "workers", "4,000", "400")]


def test_compare_marks_opinion_and_copies(client):
    data = client.get("/api/compare", params={"a": "wire01", "b": "blog04"}).json()
    opinions = [r["b"]["opinion"] for r in data["rows"] if r["b"] and r["b"]["opinion"]]
    assert opinions == ["first-person"]
    same = client.get("/api/compare", params={"a": "wire01", "b": "copy02"}).json()
    assert same["counts"] == {"same": 3, "reworded": 0, "differs": 0, "only-a": 1, "only-b": 0}
    page = client.get("/compare", params={"a": "wire01", "b": "blog04"}).text
    assert "opinion: first-person" in page


def test_upload_checks_type_and_size(client):
    assert_error(client.post("/api/ingest", files={"files": ("a.exe", b"MZ\x00\x01", "application/octet-stream")}),
                 415, "unsupported-type")
    assert_error(client.post("/api/ingest", files={"files": ("a.txt", b"GIF89a\x00\x00", "text/plain")}),
                 415, "unsupported-type")
    assert_error(client.post("/api/ingest", files={"files": ("big.txt", b"word " * 1000, "text/plain")}),
                 413, "too-large")
    assert_error(client.post("/api/ingest", files={"files": ("e.txt", b"  \n", "text/plain")}), 400, "empty-file")
    form = client.post("/ingest", files={"files": ("a.pdf", b"%PDF-1.4", "application/pdf")})
    assert form.status_code == 415 and 'id="ingest-error"' in form.text


def test_app_does_not_load_the_model_until_an_upload(app, client):
    client.get("/")
    client.get("/stories/sl-port")
    assert app.state.reader.reader is None


@pytest.mark.model
def test_upload_is_ingested_and_appears(tmp_path, nlp):
    from newsprism.read import Reader

    app = create_app(tmp_path / "up.db", reader=Reader(nlp=nlp), options=WebOptions(compare=FUZZY))
    text = ("Ferry service resumes on Lake Orla\n\nThe ferry between Orla and Vesk resumed on Tuesday after a "
            "two-week halt, the operator said. About 1,200 passengers crossed on the first day, "
            "harbour master Ines Varga told reporters.\n")
    with TestClient(app) as c:
        resp = c.post("/api/ingest", files={"files": ("ferry.txt", text.encode(), "text/plain")})
        assert resp.status_code == 200, resp.text
        data = resp.json()
        assert len(data["added"]) == 1 and data["rejected"] == []
        assert app.state.background.wait(timeout=300)  # grouped and cross-checked in the background
        assert c.get("/api/status").json() == {"articles": 1, "waiting": 0, "error": None, "state": "ready"}
        assert c.get(f"/api/articles/{data['added'][0]['id']}").json()["stories"]
        titles = [s["title"] for s in c.get("/api/stories").json()["stories"]]
        assert any("Ferry" in t for t in titles)
        again = c.post("/api/ingest", files={"files": ("ferry.txt", text.encode(), "text/plain")}).json()
        assert again["added"] == [] and again["skipped"] == 1 and again["status"]["state"] == "ready"
    assert not list(tmp_path.glob("*.txt"))  # nothing but the store is written


@pytest.mark.model
def test_upload_answers_before_grouping_which_shows_its_status(tmp_path, nlp, monkeypatch):
    # Issue 8: an upload blocked until the whole store was grouped and cross-checked (115 s on
    # 300 articles); now it answers once the files are read, and the status says what is left.
    import threading
    import time

    import newsprism.pipeline as pipeline
    from newsprism.read import Reader

    real_stories, release, calls = pipeline.stories, threading.Event(), []

    def slow_stories(store, **kwargs):
        calls.append(store.count_ungrouped())
        if len(calls) == 1:
            assert release.wait(timeout=60)
            raise RuntimeError("the encoder went away")
        return real_stories(store, **kwargs)

    monkeypatch.setattr(pipeline, "stories", slow_stories)
    app = create_app(tmp_path / "bg.db", reader=Reader(nlp=nlp), options=WebOptions(compare=FUZZY))
    texts = [f"Bridge {n} reopens in Tarn\n\nThe bridge over the Tarn river reopened on Monday after repairs "
             f"that cost {n} million euros, the mayor said.\n" for n in (2, 3)]
    with TestClient(app) as c:
        first = c.post("/ingest", files={"files": ("a.txt", texts[0].encode(), "text/plain")})
        assert first.status_code == 200 and 'id="ingest-waiting"' in first.text
        added = first.text.split('href="/articles/')[1].split('"')[0]
        waiting = c.get(f"/status?a={added}")
        assert 'id="status-waiting"' in waiting.text and 'http-equiv="refresh"' in waiting.text
        assert 'id="stories-waiting"' in c.get("/").text
        assert c.get("/api/status").json()["state"] == "grouping"
        # a second upload while the first is being grouped answers at once; one more run serves it
        start = time.perf_counter()
        assert c.post("/api/ingest", files={"files": ("b.txt", texts[1].encode(), "text/plain")}).status_code == 200
        assert time.perf_counter() - start < 30 and not release.is_set()
        release.set()
        assert app.state.background.wait(timeout=300)
        status = c.get("/api/status").json()
        assert status == {"articles": 2, "waiting": 0, "error": None, "state": "ready"}, status
        assert calls[0] == 1 and len(calls) >= 2
        done = c.get(f"/status?a={added}&a=no-such-article")
        assert 'id="status-ready"' in done.text and 'class="new-story"' in done.text
        assert "refresh" not in done.text


def test_background_failure_is_shown_until_a_run_succeeds(store_url, monkeypatch):
    import newsprism.pipeline as pipeline
    from newsprism.records import Article, ArticleFacts
    from newsprism.store import Store

    db = store_url
    with Store(db) as store:
        store.save_article(Article(id="a1", text="Quay\n\nThe quay reopened.", source="a.txt", format="text"),
                           ArticleFacts(article_id="a1"))
    app = create_app(db, options=WebOptions(compare=FUZZY))

    def broken(store, **kwargs):
        raise RuntimeError("no encoder")

    monkeypatch.setattr(pipeline, "stories", broken)
    app.state.background.run()
    with TestClient(app) as c:
        assert c.get("/api/status").json() == {"articles": 1, "waiting": 1, "error": "RuntimeError: no encoder",
                                               "state": "failed"}
        assert 'id="status-error"' in c.get("/status").text
        monkeypatch.setattr(pipeline, "stories", lambda store, **kwargs: store.replace_stories(
            [], [Event(id="ev-1", title="Quay", article_ids=("a1",))], [], []))
        app.state.background.run()
        assert c.get("/api/status").json()["state"] == "ready"


def test_answers_are_cached_until_the_store_changes(db, monkeypatch):
    # Issue 12: every page was rendered afresh (about 15 ms of CPU each), so 50 readers queued.
    from newsprism.records import Rejection
    from newsprism.store import Store
    from newsprism.web import deps as web

    calls = []
    real = web.build_brief
    monkeypatch.setattr(web, "build_brief", lambda *a, **k: calls.append(1) or real(*a, **k))
    with TestClient(create_app(db, options=WebOptions(compare=FUZZY))) as c:
        first = c.get("/stories/sl-port")
        again = c.get("/stories/sl-port")
        assert first.text == again.text and first.headers == again.headers and len(calls) == 1
        assert c.get("/api/stories/sl-port").json()["id"] == "sl-port" and len(calls) == 2
        with Store(db) as store:  # any commit by another connection is a new store version
            store.save_rejection(Rejection(source="x.txt", record=1, stage="ingest", reason="empty-text"))
        assert c.get("/stories/sl-port").text == first.text and len(calls) == 3
    with TestClient(create_app(db, options=WebOptions(compare=FUZZY, cache_bytes=0))) as c:
        c.get("/stories/sl-port")
        c.get("/stories/sl-port")
        assert len(calls) == 5


def test_docs_are_served_offline_under_the_csp(client):
    resp = client.get("/docs")
    assert resp.status_code == 200 and "script-src 'self'" in resp.headers["content-security-policy"]
    assert "/api/stories/{story_id}" in resp.text and "/api/ingest" in resp.text
    assert "cdn" not in resp.text.lower() and "<script src=\"/static/app.js\"" in resp.text
    assert client.get("/redoc").status_code == 404


@pytest.mark.model
def test_a_claim_checked_on_the_story_page_shows_each_sources_verdict(tmp_path, reader):
    # Issue 10 item 5: a claim box on the story page, the tally and each source's evidence.
    from newsprism.pipeline import ingest, stories
    from newsprism.store import Store

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Dock strike\n\nAbout 4,000 workers joined the strike at Port Avalon on Monday, "
                                  "the union said.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Port walkout\n\nAbout 4,000 dockworkers walked out at Port Avalon on Monday, "
                                  "union officials said.\n", encoding="utf-8")
    db = tmp_path / "c.db"
    with Store(db) as store:
        ingest([folder], store, reader=reader)
        stories(store)
        story = store.storylines()[0].id
    with TestClient(create_app(db, reader=reader)) as c:
        got = c.get(f"/api/stories/{story}/check", params={"claim": "About 4,000 workers joined the strike"}).json()
        assert got["verdict"] == "supported" and len(got["by_source"]) == 2
        page = c.get(f"/stories/{story}", params={"claim": "About 4,000 workers joined the strike"})
        assert page.status_code == 200 and 'id="check"' in page.text
        assert page.text.count('class="badge ok">supported') >= 2  # the verdict and a source's
        assert c.get("/api/stories/nope/check", params={"claim": "x"}).status_code == 404
        assert 'class="by-source"' not in c.get(f"/stories/{story}").text  # no claim, no check
