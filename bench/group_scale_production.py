"""``bench/group_scale.py --production``: grouping on the path users run (reader's entities, MiniLM).

See the docstring of ``bench/group_scale.py`` for what is real and what is a proxy.  Caches:

* ``<facts-dir>/<model>/facts-*.jsonl.gz``: per base article ``{"id", "key", "entities", "places"}``,
  ``key`` a digest of the text read; the part of ``ArticleFacts`` grouping's ``features`` reads;
* ``<vectors-dir>/minilm-l6-v2/vec-*.npz``: lead text digest -> MiniLM vector.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
import resource
import threading
import time
from pathlib import Path

import numpy as np

from newsprism.embed import MiniLMEmbedder, shared_encoder, text_key
from newsprism.group import GroupOptions, group
from newsprism.group.features import lead_text
from newsprism.read import Reader, ReadOptions
from newsprism.records import Article, ArticleFacts, Entity, Place, Span, to_dict

CHUNK = 500  # articles per cache file


class LoadSampler:
    """The 1-minute load average every ``every`` seconds while running: (mean, max)."""

    def __init__(self, every: float = 5.0):
        self.every = every
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(os.getloadavg()[0])
            self._stop.wait(self.every)

    def __enter__(self) -> LoadSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append(os.getloadavg()[0])

    def text(self) -> str:
        s = self.samples or [os.getloadavg()[0]]
        return f"load avg {sum(s) / len(s):.1f} (max {max(s):.1f})"


def cpu_seconds(children: bool = False) -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    t = r.ru_utime + r.ru_stime
    if children:
        c = resource.getrusage(resource.RUSAGE_CHILDREN)
        t += c.ru_utime + c.ru_stime
    return t


def _key(text: str) -> str:
    return text_key(text)


# -- facts -------------------------------------------------------------------------


def _slim(facts: ArticleFacts) -> dict:
    return {"entities": [[e.name, e.label, [[m.start, m.end] for m in e.mentions]] for e in facts.entities],
            "places": [[p.name, p.span.start, p.span.end] for p in facts.places]}


def _facts_dir(args) -> Path:
    d = Path(args.facts_dir) / re.sub(r"[^\w.-]", "_", ReadOptions().model_name)
    d.mkdir(parents=True, exist_ok=True)
    return d


def load_facts(args) -> dict[str, dict]:
    """Text digest -> slim facts of every base read so far."""
    out = {}
    for f in sorted(_facts_dir(args).glob("facts-*.jsonl.gz")):
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                out[r["key"]] = r
    return out


def read_bases(args, bases: list[Article]) -> tuple[float, float, int]:
    """Read the base articles not cached yet; (wall s, CPU s with workers, articles read)."""
    cached = load_facts(args)
    todo = list({_key(a.text): a for a in bases if _key(a.text) not in cached}.values())
    if not todo:
        return 0.0, 0.0, 0
    reader = Reader(ReadOptions(n_process=2))
    d = _facts_dir(args)
    stamp = time.strftime("%Y%m%d%H%M%S")
    t0, c0 = time.perf_counter(), cpu_seconds(children=True)
    chunks = [(i, todo[i : i + CHUNK]) for i in range(0, len(todo), CHUNK)]
    done = 0
    with reader.workers():
        for i, outcomes in reader.read_batches(chunks):
            arts = dict(chunks)[i]
            path = d / f"facts-{stamp}-{os.getpid()}-{i:06d}.jsonl.gz"
            with gzip.open(path.with_suffix(".tmp"), "wt", encoding="utf-8") as fh:
                for art, facts in zip(arts, outcomes):
                    if not isinstance(facts, ArticleFacts):  # a rejection: no entities (regex fallback)
                        facts = ArticleFacts(article_id=art.id)
                    fh.write(json.dumps({"id": art.id, "key": _key(art.text), **_slim(facts)}) + "\n")
            path.with_suffix(".tmp").rename(path)
            done += len(arts)
            el = time.perf_counter() - t0
            print(f"  read {done:,}/{len(todo):,} bases, {done / el:.1f} articles/s", flush=True)
    return time.perf_counter() - t0, cpu_seconds(children=True) - c0, len(todo)


def _find_all(text: str, surface: str) -> list[tuple[int, int]]:
    if not surface.strip():
        return []
    pat = re.compile(r"(?<!\w)" + re.escape(surface) + r"(?!\w)")
    return [(m.start(), m.end()) for m in pat.finditer(text)]


def facts_for(article: Article, base_text: str, slim: dict) -> ArticleFacts:
    """``ArticleFacts`` with the base's entities and places; mentions moved onto ``article.text``
    (unchanged when the text is the base's)."""
    aid, text = article.id, article.text
    same = text == base_text
    ents = []
    for n, (name, label, mentions) in enumerate(slim["entities"]):
        if same:
            spans = [tuple(m) for m in mentions]
        else:
            spans = sorted({s for surface in {base_text[a:b] for a, b in mentions} for s in _find_all(text, surface)})
        ents.append(Entity(id=f"{aid}:e{n}", name=name, label=label,
                           mentions=tuple(Span(aid, a, b) for a, b in spans)))
    places = []
    for name, a, b in slim["places"]:
        if not same:
            found = _find_all(text, base_text[a:b])
            a, b = found[0] if found else (0, 0)
        places.append(Place(span=Span(aid, a, b), name=name))
    return ArticleFacts(article_id=aid, entities=tuple(ents), places=tuple(places))


# -- vectors -----------------------------------------------------------------------


def _vec_dir(args) -> Path:
    d = Path(args.vectors_dir) / MiniLMEmbedder.kind
    d.mkdir(parents=True, exist_ok=True)
    return d


def load_vectors(args) -> dict[str, np.ndarray]:
    out = {}
    for f in sorted(_vec_dir(args).glob("vec-*.npz")):
        z = np.load(f)
        for k, v in zip(z["keys"].tolist(), z["vecs"]):
            out[k] = v
    return out


def encode_leads(args, leads: list[str]) -> tuple[float, float, int]:
    """MiniLM vectors of the leads not cached yet; (wall s, CPU s, leads encoded)."""
    cached = load_vectors(args)
    todo = sorted({_key(t): t for t in leads if _key(t) not in cached}.items())
    if args.shard:  # "i/k": this process encodes every k-th lead (several processes share the work)
        i, k = (int(x) for x in args.shard.split("/"))
        todo = todo[i::k]
    if not todo:
        return 0.0, 0.0, 0
    # The BLAS threads of the encoder ``newsprism stories`` uses (every core), unless several
    # processes share the cores; a fresh instance, so its text cache is freed before grouping.
    enc = MiniLMEmbedder() if args.shard else MiniLMEmbedder(threads=shared_encoder(all_cores=True).threads)
    stamp = time.strftime("%Y%m%d%H%M%S")
    t0, c0 = time.perf_counter(), cpu_seconds()
    step = 2000
    for i in range(0, len(todo), step):
        part = todo[i : i + step]
        vecs = enc.encode([t for _, t in part])
        path = _vec_dir(args) / f"vec-{stamp}-{os.getpid()}-{i:07d}.npz"  # one name per process
        np.savez(path.with_suffix(".tmp.npz"), keys=np.array([k for k, _ in part]), vecs=vecs)
        path.with_suffix(".tmp.npz").rename(path)
        el = time.perf_counter() - t0
        print(f"  encoded {i + len(part):,}/{len(todo):,} leads, {(i + len(part)) / el:.1f} leads/s", flush=True)
    return time.perf_counter() - t0, cpu_seconds() - c0, len(todo)


class CachedEncoder:
    """MiniLM that serves cached vectors by text digest and encodes the rest with the model."""

    kind = MiniLMEmbedder.kind
    dim = MiniLMEmbedder.dim

    def __init__(self, cached: dict[str, np.ndarray], model: MiniLMEmbedder):
        self.cached = cached
        self.model = model
        self.hits = self.misses = 0

    def encode(self, texts):
        keys = [_key(t) for t in texts]
        missing = [t for k, t in zip(keys, texts) if k not in self.cached]
        self.hits += len(texts) - len(missing)
        self.misses += len(missing)
        fresh = iter(self.model.encode(missing)) if missing else iter(())
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, k in enumerate(keys):
            v = self.cached.get(k)
            out[i] = v if v is not None else next(fresh)
        return out


# -- the run -----------------------------------------------------------------------


def _progress(encoder: CachedEncoder, every: int = 5000) -> None:
    """Print how far grouping got (copy index, event batches, storylines) with wall and CPU time,
    so a run stopped early still says where its time went.  Wraps the stages' entry points only."""
    from newsprism.group import cluster, copies

    t0, c0 = time.perf_counter(), cpu_seconds()
    count = {"add": 0, "batch": 0}

    def say(what: str) -> None:
        print(f"  [{time.perf_counter() - t0:7.0f} s wall, {cpu_seconds() - c0:7.0f} s CPU] {what}; "
              f"sentence texts sent to the encoder {encoder.misses:,}", flush=True)

    add, add_batch, storylines = copies.CopyFinder.add, cluster.EventClusterer.add_batch, cluster.EventClusterer.storylines

    def add_(self, *a, **k):
        count["add"] += 1
        if count["add"] % every == 0:
            say(f"copy index: {count['add']:,} articles")
        return add(self, *a, **k)

    def add_batch_(self, feats, *a, **k):
        if count["batch"] == 0:
            say("copy index done, events start")
        count["batch"] += 1
        out = add_batch(self, feats, *a, **k)
        if count["batch"] % 10 == 0:
            say(f"events: {self.n:,} articles placed")
        return out

    def storylines_(self):
        say("events done, storylines start")
        out = storylines(self)
        say("storylines done")
        return out

    copies.CopyFinder.add, cluster.EventClusterer.add_batch = add_, add_batch_
    cluster.EventClusterer.storylines = storylines_


def run_production(args, make_articles) -> None:
    import group_scale

    t0 = time.perf_counter()
    items, source_of = make_articles(args.n, bases_limit=args.bases)
    base_text = {}
    bases = []
    for art, _ in items:
        if art.id.startswith("b"):
            base_text[art.id] = art.text
            bases.append(art)
    t_make = time.perf_counter() - t0
    print(f"{len(items):,} articles ({len(bases):,} bases) built in {t_make:.0f} s", flush=True)

    leads = [lead_text(a) for a, _ in items]
    with LoadSampler() as prep_load:
        t_read, c_read, n_read = read_bases(args, bases) if args.stage in ("all", "read") else (0.0, 0.0, 0)
        t_enc, c_enc, n_enc = encode_leads(args, leads) if args.stage in ("all", "encode") else (0.0, 0.0, 0)
    read_txt = (f"read {n_read:,} bases {t_read:.0f} s ({n_read / max(t_read, 1e-9):.1f} articles/s, CPU {c_read:.0f} s)"
                if n_read else "read: cached")
    enc_txt = (f"encode {n_enc:,} leads {t_enc:.0f} s ({n_enc / max(t_enc, 1e-9):.1f} leads/s, CPU {c_enc:.0f} s)"
               if n_enc else "encode: cached")
    print(read_txt, "|", enc_txt, "|", prep_load.text(), flush=True)
    if args.prepare_only:
        return

    # Build every article's facts (variants: their base's), then free what is not needed.
    facts_cache = load_facts(args)
    source = {aid: base for aid, (base, _) in source_of.items()}
    prod_items = []
    for art, _ in items:
        base = source.get(art.id, art.id)
        prod_items.append((art, facts_for(art, base_text[base], facts_cache[_key(base_text[base])])))
    del facts_cache, items
    vecs = load_vectors(args)
    need = {_key(t) for t in leads}
    vecs = {k: v for k, v in vecs.items() if k in need}
    del leads, need
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The encoder ``newsprism stories`` groups with (pipeline.stories): BLAS on every core.
    encoder = CachedEncoder(vecs, shared_encoder(all_cores=True))
    encoder.model.encode(["load the model"])  # model load outside the timing, as in a warm process

    _progress(encoder)
    prof = None
    if args.profile:
        import cProfile

        prof = cProfile.Profile()
    with LoadSampler() as load:
        t1, c1 = time.perf_counter(), cpu_seconds()
        if prof:
            prof.enable()
        g = group(prod_items, GroupOptions(embedder="minilm"), encoder=encoder)
        if prof:
            prof.disable()
        t_group, c_group = time.perf_counter() - t1, cpu_seconds() - c1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if prof:
        prof.dump_stats(args.profile)
    if args.dump:
        Path(args.dump).write_text(json.dumps({"events": [to_dict(e) for e in g.events],
                                               "storylines": [to_dict(s) for s in g.storylines],
                                               "copies": [to_dict(c) for c in g.copies]}), encoding="utf-8")

    copy_to, copy_recall, ev_recall = group_scale.quality(g, source_of)
    mem_total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    row = [dt.date.today().isoformat(), "group_scale --production", f"n={len(prod_items):,} ({len(bases):,} bases)",
           f"nproc={os.cpu_count()}, RAM {mem_total:.0f} GiB, {load.text()} during grouping",
           f"group {t_group:.0f} s wall, {c_group:.0f} s CPU; {read_txt}; {enc_txt}; "
           f"sentence texts encoded inside grouping {encoder.misses:,}",
           f"peak RSS {peak:,.0f} MiB ({rss_before:,.0f} MiB before grouping)",
           f"events {len(g.events):,}, storylines {len(g.storylines):,}, copy links {len(copy_to):,}; "
           f"variant found as copy of its base {copy_recall}; variant in base's event {ev_recall}"]
    print(" | ".join(row), flush=True)
    if not args.no_append:
        from report import record

        record("group_scale, production path (`.venv/bin/python bench/group_scale.py --production --n 100000`)",
               ["date", "bench", "size", "machine", "time", "memory", "result"], row)
