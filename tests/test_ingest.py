"""Ingest: every format, every bad-input case (exact reason codes), folders, stdin, idempotence."""

from __future__ import annotations

import gzip
import io
import json
import sys
import time
from pathlib import Path

import pytest

from conftest import DATA
from newsprism.ingest import IngestOptions, document_id, iter_documents
from newsprism.clean import Cleaner
from newsprism.ingest.common import html_fragment_to_text, normalize_date
from newsprism.ingest.decode import decode_bytes
from newsprism.ingest.sniff import sniff
from newsprism.records import Document, Rejection

FIX = DATA / "ingest"


def run(*paths, **opts) -> list[Document | Rejection]:
    return list(iter_documents([str(p) for p in paths], IngestOptions(**opts) if opts else None))


def docs(items) -> list[Document]:
    return [d for d in items if isinstance(d, Document)]


def reasons(items) -> list[tuple[int | None, str]]:
    return [(r.record, r.reason) for r in items if isinstance(r, Rejection)]


# ----------------------------------------------------------------- plain text


def test_text_title_and_header_block(tmp_path):
    f = tmp_path / "wire.txt"
    f.write_text("Source: Harbour Wire\nDate: 5 March 2024\nURL: https://www.harbourwire.example/a\n\n"
                 "Port strike ends\n\nDock workers returned on Tuesday.\n", encoding="utf-8")
    (doc,) = run(f)
    assert doc.format == "text" and doc.record == 1
    assert doc.title == "Port strike ends"
    assert doc.outlet == "Harbour Wire" and doc.date == "2024-03-05"
    assert doc.url == "https://www.harbourwire.example/a"
    assert "Source:" not in doc.text and doc.text.startswith("Port strike ends")
    assert doc.id == document_id(doc.text)


def test_text_without_header_keeps_every_line(samples_available):
    from conftest import sample_path

    (doc,) = run(sample_path("01"))
    raw = sample_path("01").read_text(encoding="utf-8")
    assert doc.text == raw.strip("\n")
    assert doc.title.startswith("US warns Putin")
    assert doc.outlet is None and doc.date is None


@pytest.mark.parametrize("first, title", [
    ("Port strike ends", "Port strike ends"),
    ("Storm hits U.S.", "Storm hits U.S."),  # an initialism ends a headline, not a sentence
    ("Is the port safe?", "Is the port safe?"),
    ("Dock workers returned on Tuesday after a three-week strike, the port authority said.", None),
])
def test_a_first_line_that_is_a_sentence_is_the_lede_not_the_title(tmp_path, first, title):
    f = tmp_path / "a.txt"
    f.write_text(f"{first}\n\nThe first ship left at noon.\n", encoding="utf-8")
    (doc,) = run(f)
    assert doc.title == title
    article = Cleaner().clean(doc)
    # the lede of an article with no headline is part of the text that is read and cross-checked
    assert article.text.startswith(first) == (title is None)


def test_latin1_text_is_decoded():
    (doc,) = run(FIX / "latin1.txt")
    assert doc.title == "Câmara aprova orçamento"
    assert "sexta-feira o orçamento" in doc.text


def test_undecodable_bytes_are_rejected():
    assert reasons(run(FIX / "undecodable.txt")) == [(None, "undecodable")]


def test_decode_prefers_declared_charset_and_bom():
    assert decode_bytes("Zürich".encode("cp1252"), "windows-1252") == "Zürich"
    assert decode_bytes("\ufeffolá".encode("utf-8")) == "olá"
    assert decode_bytes("olá mundo".encode("utf-16")) == "olá mundo"


def test_empty_and_missing_and_binary(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n\n", encoding="utf-8")
    (tmp_path / "img.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    items = run(tmp_path / "empty.txt", tmp_path / "img.png", tmp_path / "nope.txt")
    assert [(r.reason, r.record) for r in items] == [("empty-text", None), ("binary", None), ("not-found", None)]
    assert all(r.stage == "ingest" for r in items)


def test_too_large(tmp_path):
    f = tmp_path / "big.txt"
    f.write_text("Title\n\n" + "word " * 100, encoding="utf-8")
    assert reasons(run(f, max_bytes=100)) == [(None, "too-large")]


def test_unknown_forced_format_is_an_input_error():
    from newsprism.errors import InputError

    with pytest.raises(InputError, match="unknown-format"):
        IngestOptions(format="pdf")


# ----------------------------------------------------------------------- HTML


def test_html_page_text_and_metadata():
    from conftest import EXAMPLES

    (doc,) = run(EXAMPLES / "02-magazine-meridian-weekly.html")
    assert doc.format == "html"
    assert doc.title == "The night the Alcova Dam broke"  # "| Meridian Weekly" suffix dropped
    assert doc.outlet == "Meridian Weekly" and doc.author == "Clara Fonseca" and doc.date == "2025-11-06"
    assert doc.url == "https://www.meridianweekly.example/2025/11/06/alcova-dam-vila-serena"
    assert "I left with my cat and my medicines" in doc.text
    for junk in ("Most read", "Sign up", "nobody did anything", "All rights reserved", "Accept all", "dataLayer"):
        assert junk not in doc.text


def test_broken_html_still_gives_text():
    (doc,) = run(FIX / "broken.html")
    assert doc.title == "Broken page"
    assert "Council approves new bus lanes" in doc.text and "Shopkeepers on Rua Nova" in doc.text


def test_html_outlet_falls_back_to_url_domain(tmp_path):
    f = tmp_path / "page.html"
    body = "".join(f"<p>Paragraph {i} of a story about the harbour and its new cranes, told at length.</p>"
                   for i in range(6))
    f.write_text(f'<html><head><link rel="canonical" href="https://www.portnews.example/cranes"><title>Cranes</title>'
                 f"</head><body><article>{body}</article></body></html>", encoding="utf-8")
    (doc,) = run(f)
    assert doc.url == "https://www.portnews.example/cranes" and doc.outlet == "portnews.example"


def test_content_beats_extension(tmp_path):
    f = tmp_path / "page.txt"
    f.write_text("<!DOCTYPE html><html><head><title>Quay</title></head><body><p>The quay reopened on Monday "
                 "after repairs.</p></body></html>", encoding="utf-8")
    (doc,) = run(f)
    assert doc.format == "html" and "<p>" not in doc.text and "quay reopened" in doc.text
    assert sniff(b'{"text": "x"}\n', "a.html").format == "jsonl"
    assert sniff(b"WARC/1.0\r\n", "a.bin").format == "warc"
    assert sniff(b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', "a.txt").format == "feed"
    assert sniff(b"Just words", "a.json").format == "json"
    assert sniff(gzip.compress(b'{"a": 1}\n'), "x.gz") .format == "jsonl"


def test_same_article_in_two_formats_gets_one_id(tmp_path):
    (tmp_path / "a.txt").write_text("Quay reopens\n\nThe quay reopened on Monday.\n\nTraffic resumed.\n",
                                    encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": "Quay reopens\nThe quay reopened on Monday.\nTraffic resumed."})
                                      + "\n", encoding="utf-8")
    a, b = run(tmp_path / "a.txt", tmp_path / "b.jsonl")
    assert a.format != b.format and a.id == b.id


# ---------------------------------------------------------------------- JSONL


def test_jsonl_good_and_bad_records_keep_going():
    items = run(FIX / "records.jsonl")
    assert reasons(items) == [(2, "invalid-json"), (3, "not-an-object"), (4, "no-text"), (5, "empty-text")]
    good, nested = docs(items)
    assert (good.record, good.title, good.text) == (1, "Good record", "The first line of a good record.")
    # {"article": {...}} is unwrapped; its HTML content becomes text; {"source": {"name": ...}} is the outlet
    assert (nested.record, nested.title, nested.outlet) == (6, "Nested record", "Nested Gazette")
    assert nested.text == "Text inside a nested article object."


def test_jsonl_field_aliases_and_dates(tmp_path):
    rows = [
        {"maintext": "A", "headline": "H1", "link": "https://www.a.example/1", "date_publish": "2021-12-02 10:00:00"},
        {"body": "B", "title": "H2", "domain": "b.example", "pubDate": "Thu, 02 Dec 2021 10:00:00 GMT"},
        {"content": "C", "title": "H3", "published": "26-FEB-1987 15:01:01.79", "authors": ["X", "Y"]},
        {"article": "D", "title": "H4", "publishedAt": "2021-12-02T10:00:00Z", "sitename": "Site D"},
    ]
    f = tmp_path / "rows.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    a, b, c, d = run(f)
    assert (a.text, a.title, a.outlet, a.date) == ("A", "H1", "a.example", "2021-12-02T10:00:00")
    assert (b.outlet, b.date) == ("b.example", "2021-12-02T10:00:00+00:00")
    assert (c.date, c.author) == ("1987-02-26T15:01:01", "X, Y")
    assert (d.text, d.outlet, d.date) == ("D", "Site D", "2021-12-02T10:00:00+00:00")


def test_json_array_file(tmp_path):
    f = tmp_path / "dump.json"
    f.write_text(json.dumps([{"text": "One.", "title": "1"}, {"text": "Two.", "title": "2"}, 3]), encoding="utf-8")
    items = run(f)
    assert [d.title for d in docs(items)] == ["1", "2"] and reasons(items) == [(3, "not-an-object")]


def test_truncated_jsonl_gz_keeps_earlier_lines(tmp_path):
    data = gzip.compress(b"".join(json.dumps({"text": f"Story number {i}. " * 20}).encode() + b"\n"
                                  for i in range(200)))
    f = tmp_path / "cut.jsonl.gz"
    f.write_bytes(data[: len(data) // 2])
    items = run(f)
    assert len(docs(items)) > 10
    assert reasons(items)[-1][1] == "truncated" and len(reasons(items)) == 1


# ----------------------------------------------------------------------- WARC


def test_warc_gz_html_responses_only():
    items = run(FIX / "crawl.warc.gz")
    # 1 warcinfo, 2 request, 3 article, 4 image, 5 404 page, 6 article (windows-1252)
    assert reasons(items) == [(5, "http-error")]
    a, b = docs(items)
    assert (a.record, a.format, a.url) == (3, "warc", "https://harbourtimes.example/ferry")
    assert a.outlet == "harbourtimes.example" and a.title == "Ferry service resumes after storm"
    assert "about 2,000 passengers" in a.text and "© Harbour Times" not in a.text
    assert b.record == 6 and "raises pay by four per cent" in b.text


def test_truncated_warc_gz_keeps_earlier_records():
    items = run(FIX / "truncated.warc.gz")
    assert [d.record for d in docs(items)] == [3]
    assert reasons(items) == [(5, "http-error"), (6, "truncated")]


def test_truncated_plain_warc_and_garbage(tmp_path):
    plain = gzip.decompress((FIX / "crawl.warc.gz").read_bytes())  # members concatenate to a plain WARC
    whole = tmp_path / "whole.warc"
    whole.write_bytes(plain)
    assert [d.record for d in docs(run(whole))] == [3, 6]
    cut = tmp_path / "cut.warc"
    cut.write_bytes(plain[: len(plain) - 200])
    items = run(cut)
    assert [d.record for d in docs(items)] == [3] and reasons(items)[-1] == (6, "truncated")
    bad = tmp_path / "bad.warc"
    bad.write_bytes(b"WARC/1.0\r\nthis is not a header block\r\n\r\n")
    assert [r for _, r in reasons(run(bad))] == ["invalid-warc"]


# ---------------------------------------------------------------------- feeds


def test_rss_entries():
    items = run(FIX / "feed.rss")
    (doc,) = docs(items)
    assert reasons(items) == [(2, "no-text")]
    assert (doc.format, doc.record, doc.outlet) == ("feed", 1, "Valley Herald")
    assert doc.url == "https://valleyherald.example/bridge" and doc.date == "2025-03-03T07:45:00+00:00"
    assert doc.text == ("Repairs to the Ponte Velha finished two weeks ahead of schedule, the council said on "
                        "Monday.\n\nThe bridge carries around 9,000 vehicles a day.")


def test_atom_content_beats_summary():
    a, b = run(FIX / "feed.atom")
    assert a.title == "Lighthouse reopens to visitors" and a.author == "Rita Lobo"
    assert a.text.startswith("The Cabo Negro lighthouse reopened") and "112 steps" in a.text
    assert a.date == "2025-06-01T08:00:00+01:00" and a.outlet == "Coastal Observer"
    assert b.text == "Lifeguards return to twelve beaches on the coast from Monday." and b.date.startswith("2025-06-02")


def test_broken_feed():
    assert reasons(run(FIX / "broken-feed.xml")) == [(None, "invalid-feed")]


# -------------------------------------------------------------- folders, stdin


def test_folder_walk_is_sorted_and_skips_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Two\n\nSecond.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("One\n\nFirst.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden\n\nNo.", encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text("Git\n\nNo.", encoding="utf-8")
    (tmp_path / "README.md").write_text("About this folder\n\nNot an article.", encoding="utf-8")
    assert [d.title for d in run(tmp_path)] == ["One", "Two"]
    assert [d.title for d in run(tmp_path / "README.md")] == ["About this folder"]  # named explicitly: read


def test_stdin_bytes(monkeypatch):
    page = (FIX / "feed.rss").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page)))
    items = list(iter_documents(["-"]))
    assert [d.source for d in docs(items)] == ["-"] and docs(items)[0].outlet == "Valley Herald"


# ---------------------------------------------------------------------- dates


@pytest.mark.parametrize("raw, iso", [
    ("2025-11-04", "2025-11-04"),
    ("2025-11-04T09:30:00Z", "2025-11-04T09:30:00+00:00"),
    ("Tue, 04 Nov 2025 09:30:00 +0100", "2025-11-04T09:30:00+01:00"),
    ("26-FEB-1987 15:01:01.79", "1987-02-26T15:01:01"),
    ("27-MAR-1987 00:02:59.13RM", "1987-03-27T00:02:59"),
    ("November 4, 2025", "2025-11-04"),
    ("4 November 2025", "2025-11-04"),
    (1762248600, "2025-11-04T09:30:00+00:00"),
    ("3 minutes ago", None),
    ("not a date", None),
    ("", None),
])
def test_normalize_date(raw, iso):
    assert normalize_date(raw) == iso


def test_html_fragment_paragraphs():
    assert html_fragment_to_text("<p>One <b>bold</b>&amp;ok</p><script>x()</script><p>Two<br>Three</p>") == \
        "One bold&ok\n\nTwo\n\nThree"


# ------------------------------------------ bad records and bombs (issue 12)
# Each cause of a crash, hang or unbounded memory the fault-injection run of issue 12 found,
# and each limit, tested with inputs the test makes itself (limits lowered where that still
# takes the same code path, so the tests stay fast and small).


def test_jsonl_records_that_crashed_ingest_are_rejections(tmp_path):
    f = tmp_path / "bad.jsonl"
    f.write_text("\n".join([
        '{"title": "Good", "text": "The first good line."}',
        '{"text": "deep", "x": ' + "[" * 5000 + "]" * 5000 + "}",  # RecursionError in json
        '{"text": "long number", "n": ' + "9" * 5000 + "}",  # int() refuses 4,300+ digits
        '{"text": "lone \\ud800 surrogate", "url": "https://x.example/\\udc80"}',
        '{"text": "huge date", "date": ' + "9" * 400 + "}",  # OverflowError in normalize_date
        '{"text": "nested ok", "x": ' + "[" * 60 + "]" * 60 + "}",
        '{"text": "The last good line."}',
    ]) + "\n", encoding="utf-8")
    items = run(f)
    assert reasons(items) == [(2, "too-deep"), (3, "number-too-long"), (5, "number-too-long")]
    good, surrogate, nested, last = docs(items)
    assert (good.record, nested.record, last.record) == (1, 6, 7)
    assert surrogate.text == "lone \ufffd surrogate" and surrogate.url == "https://x.example/\ufffd"
    surrogate.id.encode("ascii")
    items = run(f, max_json_depth=50, max_json_number=500)
    assert reasons(items) == [(2, "too-deep"), (3, "number-too-long"), (6, "too-deep")]
    assert [(d.record, d.date) for d in docs(items)] == [(1, None), (4, None), (5, None), (7, None)]


def test_a_url_python_cannot_split_names_no_outlet():
    from newsprism.ingest.common import outlet_from_url

    assert outlet_from_url("https://[bold]x.example/a") is None and outlet_from_url("https://x[.example/") is None
    assert outlet_from_url("https://www.x.example/a") == "x.example"


def test_huge_numbers_are_no_date():
    assert normalize_date(10**400) is None and normalize_date(-(10**400)) is None
    assert normalize_date("9" * 400) is None and normalize_date(float("inf")) is None


def test_charsets_that_are_no_text_encoding_are_ignored(tmp_path):
    from newsprism.ingest.decode import declared_charset

    assert decode_bytes("café".encode(), "hex") == "café" and decode_bytes("café".encode(), "rot13") == "café"
    assert declared_charset(b'<meta charset="uu">') is None
    body = "".join(f"<p>Paragraph {i} about the new cranes in the harbour, told at length.</p>" for i in range(5))
    for charset in ("hex", "uu", "rot13", "punycode"):
        page = tmp_path / f"{charset}.html"
        page.write_text(f'<html><head><meta charset="{charset}"><title>Cranes</title></head><body>{body}</body></html>',
                        encoding="utf-8")
        (doc,) = run(page)
        assert "new cranes in the harbour" in doc.text
    crawl = tmp_path / "hex.warc"
    crawl.write_bytes(_warc([("https://a.example/1", body.encode(), "text/html; charset=hex")]))
    (doc,) = run(crawl)
    assert doc.url == "https://a.example/1" and "new cranes" in doc.text


def test_feed_declaring_punycode_is_an_invalid_feed(tmp_path):
    f = tmp_path / "puny.rss"
    f.write_bytes(b'<?xml version="1.0" encoding="punycode"?><rss><channel><title>F</title><item><title>a</title>'
                  b"<description>Hello there</description></item></channel></rss>")
    assert reasons(run(f)) == [(None, "invalid-feed")]


def test_a_nul_character_in_a_record_becomes_a_replacement_character(tmp_path):
    # JSON allows "\u0000"; PostgreSQL refuses NUL in a text column, so no store may get one
    f = tmp_path / "nul.jsonl"
    f.write_text('{"title": "Bridge\\u0000 closed", "text": "The bridge\\u0000 closed on Monday."}\n', encoding="utf-8")
    (doc,) = docs(run(f))
    assert doc.text == "The bridge\ufffd closed on Monday." and doc.title == "Bridge\ufffd closed"


@pytest.mark.parametrize("name", ["first-array.jsonl", "first-array.json"])
def test_jsonl_whose_first_line_is_an_array_keeps_its_other_lines(tmp_path, name):
    f = tmp_path / name
    f.write_text('[{"text": "In an array."}]\n{"text": "Line two."}\n{"text": "Line three."}\n', encoding="utf-8")
    items = run(f)
    assert reasons(items) == [(1, "not-an-object")] and [d.text for d in docs(items)] == ["Line two.", "Line three."]


def test_json_array_is_read_element_by_element(tmp_path):
    f = tmp_path / "dump.json"
    f.write_text('[\n{"text": "One."},\n{"text": "Two.", "n": ' + "1" * 200 + '},\n{"text": "Three."} {"x": 1}]',
                 encoding="utf-8")
    items = run(f)
    assert [d.text for d in docs(items)] == ["One."]
    assert reasons(items) == [(2, "number-too-long")]  # the element's end is unknown: the file stops there
    f.write_text('[{"text": "One."}, {"text": "Two."} {"text": "Three."}]', encoding="utf-8")
    items = run(f)
    assert [d.text for d in docs(items)] == ["One.", "Two."] and reasons(items) == [(3, "invalid-json")]


def test_long_text_is_cut_at_a_paragraph_break_with_a_warning(tmp_path, caplog):
    paragraphs = [f"Paragraph {i} of a long report on the harbour works." for i in range(400)]
    f = tmp_path / "long.txt"
    f.write_text("Long report\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    with caplog.at_level("WARNING", logger="newsprism.ingest"):
        (doc,) = run(f, max_chars=5000)
    assert len(doc.text) <= 5000 and doc.text.endswith(".") and doc.text.count("Paragraph") >= 80
    assert any("cut to" in r.message and "long.txt#1" in r.message for r in caplog.records)
    assert reasons(run(f, max_chars=5000, long_text="reject")) == [(1, "too-long")]
    one_line = tmp_path / "one-line.txt"
    one_line.write_text("word " * 2000, encoding="utf-8")  # no paragraph break to cut at
    assert reasons(run(one_line, max_chars=5000)) == [(1, "too-long")]


def test_runs_without_a_space_are_broken(tmp_path):
    from newsprism.ingest.limits import break_long_words

    assert break_long_words("ab " + "x" * 7 + " cd", 3) == "ab xxx xxx x cd"
    assert break_long_words("short words only", 5) == "short words only"
    f = tmp_path / "runs.txt"
    f.write_text("Runs\n\nA hash " + "ab" * 500 + " and a link https://x.example/" + "a" * 150 + ".",
                 encoding="utf-8")
    (doc,) = run(f)
    assert "ab" * 100 + " " + "ab" * 100 in doc.text and "ab" * 101 not in doc.text
    assert "https://x.example/" + "a" * 150 in doc.text  # under max_word_chars: left whole


def gzip_file(path, parts) -> None:
    """Write a gzip stream from ``parts`` (bytes, or (bytes, times) repeated): a bomb never held whole."""
    import zlib

    with open(path, "wb") as out:
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)
        for part in parts:
            chunk, times = part if isinstance(part, tuple) else (part, 1)
            for _ in range(times):
                out.write(packer.compress(chunk))
        out.write(packer.flush())


def _peak(fn):
    """(result, peak bytes Python allocated while ``fn`` ran)."""
    import tracemalloc

    tracemalloc.start()
    try:
        return fn(), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


MB = 1 << 20


def test_gzip_bomb_line_is_read_past_in_bounded_memory(tmp_path):
    f = tmp_path / "bomb.jsonl.gz"  # 40 MB of one line in 40 KB (the issue's: 1.18 GB in 1.15 MB)
    gzip_file(f, [b'{"text": "Good one."}\n{"text": "', (b"a" * MB, 40), b'"}\n{"text": "Good two."}\n'])
    items, peak = _peak(lambda: run(f, max_record_bytes=MB))
    assert reasons(items) == [(2, "too-large")] and [d.record for d in docs(items)] == [1, 3]
    assert peak < 8 * MB
    assert reasons(run(f, max_stream_bytes=10 * MB)) == [(2, "too-large")]  # the stream stops there
    assert "max_stream_bytes" in run(f, max_stream_bytes=10 * MB)[-1].detail


def test_200_mb_one_line_jsonl_is_rejected_without_holding_it(tmp_path):
    f = tmp_path / "line.jsonl"  # sparse: 200 MB on paper, nothing written
    with open(f, "wb") as out:
        out.write(b'{"text": "')
        out.seek(200 * MB)
        out.write(b'"}\n{"text": "The line after it."}\n')
    items, peak = _peak(lambda: run(f))  # default limits
    assert reasons(items) == [(1, "too-large")] and "16777216" in items[0].detail
    assert [d.text for d in docs(items)] == ["The line after it."]
    assert peak < 64 * MB


def test_whole_file_limits_count_decompressed_bytes(tmp_path):
    f = tmp_path / "page.html.gz"
    gzip_file(f, [b"<html><body><p>", (b"x" * MB, 20), b"</p></body></html>"])
    assert reasons(run(f, max_record_bytes=4 * MB)) == [(None, "too-large")]
    feed_bomb = tmp_path / "feed.rss.gz"
    gzip_file(feed_bomb, [b'<?xml version="1.0"?><rss><channel>', (b"<item><title>x</title></item>" * 1000, 800),
                           b"</channel></rss>"])
    assert reasons(run(feed_bomb, max_bytes=4 * MB)) == [(None, "too-large")]


def _warc(records, gz=False) -> bytes:
    """A WARC of HTML responses: (url, body, content type[, extra HTTP headers])."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for url, body, ctype, *extra in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype), *(extra[0] if extra else [])],
                                protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
    return buf.getvalue()


PAGE = b"<html><body><article>" + b"<p>The ferry service resumed on Monday after the storm.</p>" * 4 + \
    b"</article></body></html>"


def warc_bomb(mb: int) -> list:
    """The parts of a WARC response with an HTML body of ``mb`` MB (for :func:`gzip_file`)."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.example/bomb\r\n"
            b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
            b"Content-Type: application/http; msgtype=response\r\nContent-Length: "
            + str(len(http) + mb * MB).encode() + b"\r\n\r\n")
    return [head + http, (b"x" * MB, mb), b"\r\n\r\n"]


def test_warc_bomb_response_is_refused_and_the_next_record_read(tmp_path):
    f = tmp_path / "bomb.warc.gz"
    gzip_file(f, warc_bomb(40))
    with open(f, "ab") as out:
        out.write(_warc([("https://x.example/good", PAGE, "text/html")], gz=True))
    items, peak = _peak(lambda: run(f, max_record_bytes=MB))
    assert reasons(items) == [(1, "too-large")] and [d.url for d in docs(items)] == ["https://x.example/good"]
    assert peak < 8 * MB
    # The same body sent with Content-Encoding: gzip: 40 MB from 40 KB inside one record.
    packed = tmp_path / "packed.gz"
    gzip_file(packed, [b"<html><body><p>", (b"x" * MB, 40), b"</p></body></html>"])
    crawl = tmp_path / "encoded.warc"
    crawl.write_bytes(_warc([("https://x.example/zip", packed.read_bytes(), "text/html",
                              [("Content-Encoding", "gzip")]), ("https://x.example/good", PAGE, "text/html")]))
    items, peak = _peak(lambda: run(crawl, max_record_bytes=MB))
    # warcio inflates a block of the body at a time: up to about 1,000 times 16 KB, whatever the bomb's size
    assert reasons(items) == [(1, "too-large")] and len(docs(items)) == 1 and peak < 64 * MB


def test_warc_header_that_never_ends_is_refused(tmp_path):
    f = tmp_path / "header.warc.gz"
    gzip_file(f, [b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: ", (b"j" * MB, 40), b"\r\n\r\n"])
    items, peak = _peak(lambda: run(f, max_record_bytes=MB))
    assert reasons(items) == [(1, "too-large")] and "header" in items[0].detail and peak < 8 * MB


def test_html_extraction_has_a_time_budget(tmp_path, monkeypatch, caplog):
    import trafilatura

    def endless(*args, **kwargs):  # pure Python, as trafilatura's slow parts are; gives up after 30 s
        start = time.monotonic()
        while time.monotonic() - start < 30:
            pass

    monkeypatch.setattr(trafilatura, "bare_extraction", endless)
    f = tmp_path / "page.html"
    f.write_bytes(PAGE)
    start = time.monotonic()
    with caplog.at_level("WARNING", logger="newsprism.ingest"):
        (doc,) = run(f, html_seconds=0.2)
    assert time.monotonic() - start < 5 and "ferry service resumed" in doc.text
    assert any("html_seconds" in r.message for r in caplog.records)


def test_pages_with_too_many_elements_skip_trafilatura(tmp_path, monkeypatch):
    import trafilatura

    calls = []
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: calls.append(1))
    f = tmp_path / "page.html"
    f.write_bytes(PAGE)
    assert "ferry service" in run(f, html_max_elements=5)[0].text and calls == []
    run(f)
    assert calls == [1]


def test_deadline_stops_python_code_in_any_thread():
    import threading

    from newsprism.ingest.limits import Overtime, deadline

    def spin(out):
        start = time.monotonic()
        try:
            with deadline(0.1):
                while time.monotonic() - start < 10:
                    pass
        except Overtime:
            out.append(time.monotonic() - start)

    out: list[float] = []
    worker = threading.Thread(target=spin, args=(out,))
    worker.start()
    worker.join(10)
    spin(out)
    assert len(out) == 2 and all(t < 2 for t in out)
    with deadline(5):  # a block that ends in time is left alone, and nothing fires later
        pass
    time.sleep(0.05)


@pytest.mark.parametrize("bad", [dict(max_chars=0), dict(max_record_bytes=True), dict(long_text="cut"),
                                 dict(html_seconds=0), dict(max_json_depth=-1), dict(max_stream_bytes=1.5)])
def test_limits_are_validated(bad):
    from newsprism.errors import InputError

    with pytest.raises(InputError, match="bad-option"):
        IngestOptions(**bad)
    with pytest.raises(TypeError):
        IngestOptions(None)  # keyword-only


def test_a_reader_bug_on_one_record_is_that_records_rejection(tmp_path, monkeypatch):
    from newsprism.ingest import jsonl, text

    real = jsonl.record_to_document

    def buggy(obj, source, record, options=None):
        if record == 2:
            raise RuntimeError("boom\nsecond line")
        return real(obj, source, record, options)

    monkeypatch.setattr(jsonl, "record_to_document", buggy)
    f = tmp_path / "a.jsonl"
    f.write_text("".join(json.dumps({"text": f"Line {i}."}) + "\n" for i in range(1, 4)), encoding="utf-8")
    items = run(f)
    assert reasons(items) == [(2, "ingest-failed")] and items[1].detail == "RuntimeError: boom\\nsecond line"
    assert [d.record for d in docs(items)] == [1, 3]

    monkeypatch.setattr(text, "parse_text", lambda *a, **k: 1 / 0)  # escapes the reader itself
    (tmp_path / "b.txt").write_text("Broken\n\nText.", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Hmm", encoding="utf-8")
    items = run(tmp_path / "b.txt", f)
    assert (items[0].record, items[0].reason, items[0].detail) == (1, "ingest-failed", "ZeroDivisionError: division by zero")
    assert len(docs(items)) == 2


def test_stdin_is_spooled_and_bounded(monkeypatch):
    data = b'{"text": "From stdin."}\n' * 100
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert len(docs(list(iter_documents(["-"])))) == 100
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert reasons(list(iter_documents(["-"], IngestOptions(max_stream_bytes=1000)))) == [(None, "too-large")]


def test_special_files_in_a_folder_are_refused_without_opening_them(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.txt")  # opening it would wait for a writer for ever
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere")
    (tmp_path / "good.txt").write_text("Quay\n\nThe quay reopened.", encoding="utf-8")
    items = run(tmp_path)
    assert [d.title for d in docs(items)] == ["Quay"]
    assert sorted((Path(r.source).name, r.reason) for r in items if isinstance(r, Rejection)) == \
        [("gone.txt", "unreadable"), ("pipe.txt", "unreadable"), ("zero.txt", "unreadable")]


def test_undecodable_file_name_is_still_a_source(tmp_path):
    import os

    name = os.fsdecode(b"caf\xe9.txt")  # not UTF-8: Python holds it with a lone surrogate
    (tmp_path / name).write_text("Quay\n\nThe quay reopened.", encoding="utf-8")
    (doc,) = run(tmp_path)
    assert doc.source.endswith("caf\ufffd.txt")
    doc.source.encode("utf-8")


# ------------------------------------------------------ pipeline + CLI (model)


@pytest.mark.model
def test_ingest_folder_twice_adds_nothing(tmp_path, reader):
    from newsprism.pipeline import ingest
    from newsprism.store import Store

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Quay reopens\n\nThe quay in Porto Alto reopened on Monday, the port said.",
                                  encoding="utf-8")
    (folder / "b.jsonl").write_text(json.dumps({"title": "Cranes", "text": "Two new cranes arrived on Friday."})
                                    + "\nnot json\n", encoding="utf-8")
    with Store(tmp_path / "s.db") as store:
        first = ingest([folder], store, reader=reader)
        second = ingest([folder], store, reader=reader)
        assert len(first.added) == 2 and [r.reason for r in first.rejected] == ["invalid-json"]
        assert second.added == [] and second.skipped == 2
        assert store.count_articles() == 2


def test_runs_of_one_symbol_are_cut_before_the_parser_sees_them(tmp_path):
    # Issue 12 fuzzing: 3,000 "[" in a 6 KB file took 15 s to read; split into words, 20,000 "[" are
    # still 20,000 tokens for the tagger and parser (10 s).  Words and figures are left alone.
    from newsprism.ingest.limits import squeeze_repeats

    assert squeeze_repeats("a " + "=" * 9 + " b ..." + "$" * 3, 4) == "a ==== b ...$$$"
    assert squeeze_repeats("aaaaaaaa 1000000000", 4) == "aaaaaaaa 1000000000"
    f = tmp_path / "runs.txt"
    f.write_text("Runs\n\nThe port said " + "[" * 20000 + " and " + "$" * 20000 + " on Monday.", encoding="utf-8")
    (doc,) = run(f)
    assert doc.text == "Runs\n\nThe port said " + "[" * 40 + " and " + "$" * 40 + " on Monday."


@pytest.mark.model
def test_cli_ingest_from_stdin(tmp_path):
    import subprocess
    from pathlib import Path

    exe = Path(sys.executable).with_name("newsprism")
    text = "Quay reopens\n\nThe quay in Porto Alto reopened on Monday after a week of repairs, the port said.\n"
    res = subprocess.run([str(exe), "ingest", "-", "--db", str(tmp_path / "s.db"), "-q"], input=text.encode(),
                         capture_output=True, timeout=300)
    assert res.returncode == 0, res.stderr.decode()
    assert "1 added" in res.stderr.decode()


def test_mojibake_is_repaired_in_title_and_text_and_clean_text_is_left_alone(tmp_path):
    # Issue 13 item 7: "Â£" from UTF-8 once read as cp1252 passed into titles.
    damaged = tmp_path / "damaged.txt"
    damaged.write_text("Harbour gets Â£5m in SÃ£o Paulo deal\n\nThe port will spend Â£5m, Lopezâ€™s office said.\n",
                       encoding="utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text("Harbour gets £5m in São Paulo deal\n\nThe port will spend £5m, Lopez’s office said.\n",
                     encoding="utf-8")
    (fixed,) = iter_documents([damaged])
    (kept,) = iter_documents([clean])
    assert fixed.title == "Harbour gets £5m in São Paulo deal"
    assert "Lopez’s office" in fixed.text and "Â" not in fixed.text
    assert (kept.title, kept.text) == (fixed.title, fixed.text) and kept.id == fixed.id
    odd = tmp_path / "odd.txt"  # accented capitals that are no mojibake stay as written
    odd.write_text("Ârvore e Ãgua\n\nÂ a ÃO são nomes de lugares, Ça va.\n", encoding="utf-8")
    (same,) = iter_documents([odd])
    assert same.text.strip() == odd.read_text(encoding="utf-8").strip()


def test_a_double_mark_inside_a_word_is_an_apostrophe(tmp_path):
    # old wire copy typed the apostrophe as a double mark; read as a quote it loses the negation
    f = tmp_path / "wire.txt"
    f.write_text('Coffee talks fail\n\n"We don"t believe there is a problem," he said of Brazil"s output.\n',
                 encoding="utf-8")
    (doc,) = run(f)
    assert "We don't believe" in doc.text and "Brazil's output" in doc.text
    assert doc.text.count('"') == 2  # the quotation itself is kept
