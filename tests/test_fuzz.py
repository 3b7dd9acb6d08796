"""Issue 12: no input kills a batch.  A fixed-seed fuzz run over every format.

Mutated text, HTML, JSON Lines, JSON arrays, gzip, WARC, RSS/Atom and bytes in odd encodings
go through the real pipeline (ingest, clean, read, store), each file on its own and then all
together.  Asserted: no exception escapes, no input takes 10 s, every good record in a
mixed file is stored, every rejection names its file (and its record, in a multi-record file).
"""

from __future__ import annotations

import gzip
import io
import json
import random
import time
from xml.sax.saxutils import escape

import pytest

from newsprism.pipeline import ingest
from newsprism.store import Store

pytestmark = pytest.mark.model

SEED = 12
SINGLE = 220  # mutated files, one record each (or a broken multi-record file)
MIXED = 16  # files of several records, good ones among bad ones

ARTICLE = ("Port workers strike in Valmora\n\nDock workers walked out on Monday, union leader Ana Ruiz said.\n\n"
           "The strike could last a week, the port authority warned.")
PAGE = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Quay reopens | Port News</title>'
        '<link rel="canonical" href="https://www.portnews.example/quay"></head><body><nav>Home</nav><article>'
        + "".join(f"<p>Paragraph {i}: the quay in Porto Alto reopened on Monday after repairs, the port said.</p>"
                  for i in range(5))
        + "</article><footer>(c) Port News</footer></body></html>")
# What broke ingest before (issue 12), and a few more of the same kind.
PAYLOADS = (
    "[" * 3000, '{"a":' * 200, "9" * 5000, "\\ud800", "\udc80", "\x00", "\x1b[31m", "\r", "\u2028",
    "1e400", "-" + "9" * 400, 'charset="hex"', "charset=uu", 'encoding="punycode"', "charset=rot13",
    "&#xD800;", "&#0;", "&#x110000;", "<div>" * 3000, "to Paulo Neves, an engineer at the " * 60,
    "Mr. " * 200, "\n" * 500, " " * 5000, "<![CDATA[", "]]>", "<!--", "\ufeff", "[bold]x[/]", "%s%n{0}",
)


def good_text(token: str) -> str:
    return (f"Harbour berth {token} reopens\n\nThe harbour authority in Porto Lume said on Monday that berth "
            f"{token} would reopen after repairs.\n\nWorkers finished the job two weeks early, it said.")


class Fuzzer:
    def __init__(self, seed: int):
        self.rnd = random.Random(seed)

    def text(self, s: str) -> str:
        rnd = self.rnd
        for _ in range(rnd.randint(1, 4)):
            pos = rnd.randint(0, len(s))
            op = rnd.random()
            if op < 0.5:
                s = s[:pos] + rnd.choice(PAYLOADS) + s[pos:]
            elif op < 0.7:
                s = s[:pos] + s[pos + rnd.randint(1, 50):]
            elif op < 0.85:
                s = s[:pos] + chr(rnd.randint(0, 0x10FFFF)) + s[pos:]
            else:
                s = s[:pos] + s[pos:pos + rnd.randint(1, 200)] * rnd.randint(2, 20) + s[pos:]
        return s

    def bytes(self, b: bytes) -> bytes:
        rnd, b = self.rnd, bytearray(b)
        for _ in range(rnd.randint(1, 6)):
            pos = rnd.randint(0, len(b))
            op = rnd.random()
            if op < 0.4 and b:
                b[min(pos, len(b) - 1)] = rnd.randint(0, 255)
            elif op < 0.6:
                b[pos:pos] = bytes(rnd.randint(0, 255) for _ in range(rnd.randint(1, 8)))
            elif op < 0.75:
                del b[pos:pos + rnd.randint(1, 100)]
            elif op < 0.85:
                del b[pos:]
            else:
                b[pos:pos] = rnd.choice(PAYLOADS).encode("utf-8", "surrogatepass")
        return bytes(b)

    def encode(self, s: str) -> bytes:
        enc = self.rnd.choice(["utf-8", "utf-8", "latin-1", "utf-16", "cp1252", "utf-8-sig"])
        return s.encode(enc, "surrogatepass" if enc in ("utf-8", "utf-8-sig") else "replace")

    def single(self) -> tuple[str, bytes]:
        kind = self.rnd.choice(["txt", "html", "jsonl", "json", "rss", "atom", "warc", "warc.gz", "jsonl.gz",
                                "html.gz", "bin"])
        if kind == "txt":
            return kind, self.encode(self.text(ARTICLE))
        if kind == "html":
            return kind, self.encode(self.text(PAGE))
        if kind == "jsonl":
            return kind, self.text(jsonl([ARTICLE, ARTICLE + " Again."])).encode("utf-8", "surrogatepass")
        if kind == "json":
            return kind, self.text(json.dumps([{"text": ARTICLE}])).encode("utf-8", "surrogatepass")
        if kind in ("rss", "atom"):
            return kind, self.encode(self.text(feed([ARTICLE], atom=kind == "atom")))
        if kind == "warc":
            return kind, self.bytes(warc([PAGE]))
        if kind == "warc.gz":
            return kind, self.bytes(warc([PAGE], gz=True))
        if kind == "jsonl.gz":
            return kind, self.bytes(gzip.compress(self.text(jsonl([ARTICLE])).encode("utf-8", "surrogatepass")))
        if kind == "html.gz":
            return kind, gzip.compress(self.encode(self.text(PAGE)))
        return self.rnd.choice(["txt", "xml", "jsonl", "bin"]), self.bytes(self.rnd.choice([ARTICLE, PAGE]).encode())

    def mixed(self, tokens: list[str]) -> tuple[str, bytes]:
        """A multi-record file: one good record per token, a bad one after each."""
        kind = self.rnd.choice(["jsonl", "json", "rss", "warc", "warc.gz", "jsonl.gz"])
        goods = [good_text(t) for t in tokens]
        bads = [self.text(ARTICLE) for _ in tokens]
        if kind in ("jsonl", "jsonl.gz"):
            lines = [line for g, b in zip(goods, bads)
                     for line in (json.dumps({"text": g}), self.text(json.dumps({"text": b})).replace("\n", " "))]
            data = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
            return kind, gzip.compress(data) if kind.endswith(".gz") else data
        if kind == "json":  # bad records that are still JSON: a JSON array has no line to skip to
            records = [r for g, b in zip(goods, bads)
                       for r in ({"text": g}, self.rnd.choice([[b], {"body": None}, {"text": b[:40] + "\udc80"}, 7]))]
            return kind, json.dumps(records).encode("utf-8", "surrogatepass")
        if kind == "rss":  # entries whose text is mutated, still well-formed XML
            return kind, feed([x for g, b in zip(goods, bads) for x in (g, _xml_safe(b))]).encode("utf-8")
        pages = [x for g, b in zip(goods, bads)
                 for x in ("<html><body><article>" + "".join(f"<p>{escape(p)}</p>" for p in g.split("\n\n"))
                           + "</article></body></html>", self.text(PAGE))]
        return kind, warc(pages, gz=kind == "warc.gz", charsets=[self.rnd.choice(["utf-8", "hex", "uu", "punycode"])
                                                                  for _ in pages])


def _xml_safe(s: str) -> str:
    return "".join(ch for ch in s if ch in "\t\n\r" or 0x20 <= ord(ch) < 0xD800 or 0xE000 <= ord(ch) < 0xFFFE)


def jsonl(texts: list[str]) -> str:
    return "".join(json.dumps({"title": f"T{i}", "text": t, "url": f"https://x.example/{i}", "date": "2024-03-05"})
                   + "\n" for i, t in enumerate(texts))


def feed(texts: list[str], atom: bool = False) -> str:
    if atom:
        entries = "".join(f'<entry><title>E{i}</title><link href="https://co.example/{i}"/>'
                          f"<content>{escape(t)}</content></entry>" for i, t in enumerate(texts))
        return f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>CO</title>{entries}</feed>'
    items = "".join(f"<item><title>S{i}</title><link>https://vh.example/{i}</link>"
                    f"<description>{escape(t)}</description></item>" for i, t in enumerate(texts))
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>VH</title>{items}</channel></rss>'


def warc(pages: list[str], gz: bool = False, charsets: list[str] | None = None) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for i, page in enumerate(pages):
        ctype = f"text/html; charset={(charsets or ['utf-8'] * len(pages))[i]}"
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://portnews.example/{i}", "response",
                                                      payload=io.BytesIO(page.encode("utf-8", "surrogatepass")),
                                                      http_headers=http))
    return buf.getvalue()


def test_fuzzed_inputs_never_stop_a_batch(tmp_path, reader):
    fuzz = Fuzzer(SEED)
    folder = tmp_path / "in"
    folder.mkdir()
    files, multi, tokens = [], set(), []
    for i in range(SINGLE):
        kind, data = fuzz.single()
        files.append(folder / f"s{i:03d}.{kind}")
        files[-1].write_bytes(data)
    for i in range(MIXED):
        batch = [f"Kestrel{i:02d}x{j}" for j in range(3)]
        tokens += batch
        kind, data = fuzz.mixed(batch)
        files.append(folder / f"m{i:03d}.{kind}")
        files[-1].write_bytes(data)
        multi.add(str(files[-1]))
    names = {str(f) for f in files}

    with Store(tmp_path / "each.db") as store:
        for f in files:  # each file on its own: an escaped exception fails here, naming the file
            start = time.monotonic()
            report = ingest([f], store, reader=reader)
            assert time.monotonic() - start < 10, f
            for rej in report.rejected:
                assert rej.source == str(f) and rej.stage in ("ingest", "clean", "read", "store"), rej
                assert rej.record is not None or str(f) not in multi, rej
    with Store(tmp_path / "all.db") as store:  # all together, in one batch
        report = ingest([folder], store, reader=reader)
        assert {r.source for r in report.rejected} <= names
        for token in tokens:
            row = store.db.execute("SELECT count(*) FROM documents d JOIN facts f ON f.article_id = d.id"
                                   " WHERE d.text LIKE ?", (f"%{token}%",)).fetchone()
            assert row[0] == 1, f"good record {token} was not stored"
        assert report.seen >= SINGLE
