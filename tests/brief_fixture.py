"""A small hand-made store for the publish, web and browser tests.

Fictional coverage of a port strike: four sources (a wire story, a copy of it
on an aggregator, a local paper and a blog), two events, and the findings that
cross-checking would make, written by hand so these tests do not depend on the
grouping and cross-checking stages.  A second storyline holds one hostile
article (script tags, event handlers, javascript: links) to prove escaping.
"""

from __future__ import annotations

from pathlib import Path

from newsprism.records import (
    Article,
    ArticleFacts,
    CopyLink,
    Descriptor,
    Entity,
    Event,
    Evidence,
    Figure,
    Finding,
    Opinion,
    Quote,
    RemovedLine,
    Span,
    Storyline,
)
from newsprism.store import Store

WIRE = (
    "Dockworkers at Port Avalon walked off the job on Monday, halting cargo traffic at the region's busiest "
    "harbour. About 4,000 workers joined the strike, union leader Maria Lopez told reporters. "
    "\"We will not go back until the contract is fair,\" Lopez said. "
    "Port authority chief Tom Becker said the port would reopen by Friday."
)
COPY = (
    "Dockworkers at Port Avalon walked off the job on Monday, halting cargo traffic at the region's busiest "
    "harbour. About 4,000 workers joined the strike, union leader Maria Lopez told reporters. "
    "\"We will not go back until the contract is fair,\" Lopez said."
)
LOCAL = (
    "Some 400 workers stopped work at Port Avalon on Monday. Port director Maria Lopez said the walkout "
    "would last all week. \"The contract talks have failed,\" said Tom Becker, the port authority chief."
)
BLOG = (
    "Frankly, this strike is the best thing to happen to this town in years. "
    "By Wednesday about 6,000 workers had joined the walkout, union leader Maria Lopez said. "
    "Talks resumed on Wednesday with a mediator."
)
EVIL = (
    "Harbour notice <script>alert('pwned')</script> posted on Tuesday. "
    "See <img src=x onerror=\"alert('img')\"> and <a href=\"javascript:alert('link')\">this link</a>. "
    "Officials said 12 ships were waiting."
)


def at(aid: str, text: str, phrase: str, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``phrase`` in ``text`` (fails loudly if absent)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Span(aid, start, start + len(phrase))


def _article(aid, text, *, title, outlet=None, url=None, date, removed=()):
    return Article(id=aid, text=text, source=f"{aid}.txt", format="text", title=title, outlet=outlet, url=url,
                   date=date, removed=removed)


def _person(aid, n, text, name, mentions, descriptors=()):
    spans: list[Span] = []
    for m in mentions:  # a repeated phrase ("Lopez" after "Maria Lopez") takes its next free occurrence
        nth = 0
        while any(s.contains(at(aid, text, m, nth)) for s in spans):
            nth += 1
        spans.append(at(aid, text, m, nth))
    return Entity(id=f"{aid}:e{n}", name=name, label="PERSON", mentions=tuple(spans),
                  descriptors=tuple(Descriptor(text=d, kind=k, span=at(aid, text, d)) for d, k in descriptors))


def build_store(path: str | Path) -> Store:
    """Write the fixture into a new store at ``path`` and return it (open)."""
    store = Store(path)
    arts = {
        "wire01": _article("wire01", WIRE, title="Dockworkers strike at Port Avalon", outlet="Reuters",
                           date="2024-03-04"),
        "copy02": _article("copy02", COPY, title="Dockworkers strike at Port Avalon", outlet="Yahoo News",
                           url="https://news.yahoo.com/dockworkers-strike", date="2024-03-04",
                           removed=(RemovedLine(line_no=0, text="Share this article", reason="share-widget"),
                                    RemovedLine(line_no=5, text="Sign up for our newsletter", reason="navigation"))),
        "local03": _article("local03", LOCAL, title="Port Avalon strike: talks fail", outlet="Avalon Courier",
                            date="2024-03-05"),
        "blog04": _article("blog04", BLOG, title="Why the strike matters", url="https://harbourwatch.blogspot.com/strike",
                           date="2024-03-06"),
        "evil05": _article("evil05", EVIL, title="<script>alert('title')</script>Harbour notice",
                           outlet="<img src=x onerror=alert('outlet')>", date="2024-02-01"),
    }
    facts = {
        "wire01": ArticleFacts(
            article_id="wire01",
            entities=(
                _person("wire01", 1, WIRE, "Maria Lopez", ["Maria Lopez", "Lopez"], [("union leader", "role")]),
                _person("wire01", 2, WIRE, "Tom Becker", ["Tom Becker"], [("Port authority chief", "title")]),
            ),
            quotes=(
                Quote(span=at("wire01", WIRE, "We will not go back until the contract is fair,"), direct=True,
                      speaker="wire01:e1", cue="say"),
                Quote(span=at("wire01", WIRE, "the port would reopen by Friday"), direct=False,
                      speaker="wire01:e2", cue="say"),
            ),
            figures=(Figure(span=at("wire01", WIRE, "About 4,000 workers"), value=4000, unit="workers",
                            qualifier="about"),),
        ),
        "copy02": ArticleFacts(
            article_id="copy02",
            entities=(_person("copy02", 1, COPY, "Maria Lopez", ["Maria Lopez", "Lopez"],
                              [("union leader", "role")]),),
            quotes=(Quote(span=at("copy02", COPY, "We will not go back until the contract is fair,"), direct=True,
                          speaker="copy02:e1", cue="say"),),
            figures=(Figure(span=at("copy02", COPY, "About 4,000 workers"), value=4000, unit="workers",
                            qualifier="about"),),
        ),
        "local03": ArticleFacts(
            article_id="local03",
            entities=(
                _person("local03", 1, LOCAL, "Maria Lopez", ["Maria Lopez"], [("Port director", "title")]),
                _person("local03", 2, LOCAL, "Tom Becker", ["Tom Becker"], [("the port authority chief", "title")]),
            ),
            quotes=(
                Quote(span=at("local03", LOCAL, "the walkout would last all week"), direct=False,
                      speaker="local03:e1", cue="say"),
                Quote(span=at("local03", LOCAL, "The contract talks have failed,"), direct=True,
                      speaker="local03:e2", cue="say"),
            ),
            figures=(Figure(span=at("local03", LOCAL, "Some 400 workers"), value=400, unit="workers",
                            qualifier="some"),),
        ),
        "blog04": ArticleFacts(
            article_id="blog04",
            entities=(_person("blog04", 1, BLOG, "Lopez", ["Maria Lopez"], [("union leader", "role")]),),
            quotes=(Quote(span=at("blog04", BLOG, "By Wednesday about 6,000 workers had joined the walkout"),
                          direct=False, speaker="blog04:e1", cue="say"),),
            figures=(Figure(span=at("blog04", BLOG, "about 6,000 workers"), value=6000, unit="workers",
                            qualifier="about"),),
            opinions=(Opinion(span=at("blog04", BLOG, "Frankly, this strike is the best thing to happen to this "
                                                        "town in years."), reason="first-person", score=0.9),),
        ),
        "evil05": ArticleFacts(
            article_id="evil05",
            figures=(Figure(span=at("evil05", EVIL, "12 ships"), value=12, unit="ships"),),
        ),
    }
    for aid, art in arts.items():
        store.save_article(art, facts[aid])

    events = [
        Event(id="ev-walkout", title="Dockworkers walk out at Port Avalon",
              article_ids=("wire01", "copy02", "local03"), storyline_id="sl-port", start_date="2024-03-04",
              end_date="2024-03-05"),
        Event(id="ev-talks", title="Talks resume as the strike grows", article_ids=("blog04",),
              storyline_id="sl-port", start_date="2024-03-06", end_date="2024-03-06"),
        Event(id="ev-notice", title="<script>alert('event')</script>Harbour notice", article_ids=("evil05",),
              storyline_id="sl-evil", start_date="2024-02-01"),
    ]
    storylines = [
        Storyline(id="sl-port", title="Port Avalon dock strike", event_ids=("ev-walkout", "ev-talks"),
                  article_ids=("wire01", "copy02", "local03", "blog04"), entities=("Maria Lopez", "Tom Becker"),
                  places=("Port Avalon",), start_date="2024-03-04", end_date="2024-03-06"),
        Storyline(id="sl-evil", title="<script>alert('storyline')</script>Harbour notice", event_ids=("ev-notice",),
                  article_ids=("evil05",), start_date="2024-02-01", end_date="2024-02-01"),
    ]
    copies = [CopyLink(article_id="copy02", original_id="wire01", kind="near-copy", similarity=0.97)]

    def ev(aid, text, phrase, side):
        span = at(aid, text, phrase)
        return Evidence(span=span, text=phrase, side=side)

    findings = [
        Finding(id="f1", story_id="ev-walkout", kind="corroboration",
                explanation="Dockworkers at Port Avalon went on strike on Monday", confidence=0.9,
                evidence=(ev("wire01", WIRE, "Dockworkers at Port Avalon walked off the job on Monday", "support"),
                          ev("local03", LOCAL, "Some 400 workers stopped work at Port Avalon on Monday", "support")),
                supporting=("wire01", "copy02", "local03"), sources=2),
        Finding(id="f2", story_id="ev-walkout", kind="descriptor-conflict",
                explanation="Maria Lopez: union leader or port director?", confidence=0.8,
                evidence=(ev("wire01", WIRE, "union leader Maria Lopez", "support"),
                          ev("local03", LOCAL, "Port director Maria Lopez", "oppose")),
                supporting=("wire01", "copy02"), opposing=("local03",), sources=2),
        Finding(id="f3", story_id="ev-walkout", kind="figure-conflict",
                explanation="Strikers on Monday: about 4,000 or some 400?", confidence=0.75,
                evidence=(ev("wire01", WIRE, "About 4,000 workers", "support"),
                          ev("local03", LOCAL, "Some 400 workers", "oppose")),
                supporting=("wire01", "copy02"), opposing=("local03",), sources=2),
        Finding(id="f4", story_id="sl-port", kind="figure-change",
                explanation="Strikers grew from about 4,000 to about 6,000 by Wednesday", confidence=0.6,
                evidence=(ev("wire01", WIRE, "About 4,000 workers", "support"),
                          ev("blog04", BLOG, "about 6,000 workers", "oppose")),
                supporting=("wire01",), opposing=("blog04",), sources=2),
        Finding(id="f5", story_id="ev-talks", kind="opinion", explanation="first-person commentary",
                confidence=0.9,
                evidence=(ev("blog04", BLOG, "Frankly, this strike is the best thing to happen to this town in "
                                             "years.", "context"),),
                supporting=("blog04",)),
        Finding(id="f6", story_id="ev-notice", kind="corroboration",
                explanation="<script>alert('finding')</script> ships waiting", confidence=0.5,
                evidence=(ev("evil05", EVIL, "<script>alert('pwned')</script>", "support"),),
                supporting=("evil05",), sources=1),
    ]
    store.replace_stories(storylines, events, copies, findings)
    return store
