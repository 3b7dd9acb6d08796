"""Clean stage: every removed line has a reason, no article sentence is lost."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import DATA, SHARED, missing_data, sample_path
from page_fixture import PAGE_ARTICLE, PAGE_COMMENTS, PAGE_FOOT, PAGE_HEAD, PAGE_RELATED
from newsprism.clean import REASONS, Cleaner, CleanOptions, normalise_line
from newsprism.ingest import iter_documents
from newsprism.records import Article, Document, Rejection

GOLD = DATA / "gold" / "junk.jsonl"
CORPORA = SHARED / "corpora"


def doc(text: str, title: str | None = None, id: str = "d1") -> Document:
    return Document(id=id, text=text, source="<test>", record=1, format="text", title=title)


def clean_file(path: Path) -> tuple[Document, Article]:
    (document,) = list(iter_documents([path]))
    article = Cleaner().clean(document)
    assert isinstance(article, Article)
    return document, article


def assert_accounted(document: Document, article: Article) -> None:
    """Every non-blank line is the title, in Article.text, or removed with a known reason."""
    removed = {r.line_no: r for r in article.removed}
    for r in article.removed:
        assert r.reason in REASONS
        assert document.text.splitlines()[r.line_no].strip() == r.text
    for n, line in enumerate(document.text.splitlines()):
        if not line.strip() or n in removed:
            continue
        if n == 0 and document.title and line.strip() == document.title:
            continue
        assert normalise_line(line) in article.text, f"line {n} lost: {line!r}"


# ----------------------------------------------------------------- samples

SAMPLE_REMOVED = {
    "01": [
        (2, "title-repeat", "US warns Putin against making another 'serious mistake' in Ukraine"),
        (3, "title-repeat", "US warns Putin against making another 'serious mistake' in Ukraine"),
        (13, "duplicate-line", "America has warned Russia against making a 'serious mistake' by trying to annex "
         "more Ukrainian territory after troops were spotted massing on the border (pictured)"),
        (17, "duplicate-line", "Ukraine says there are now around 90,000 Russian troops near its border with tanks "
         "and artillery pieces spotted in camps near\u00a0Yelnya, Bryansk and Kursk"),
        (33, "read-more", "read more from dailymail....."),
        (35, "navigation", "PREV Eurovision 2024 semi-final results: Israel defy pro-Palestinian crowds and are "
         "... trends now"),
        (36, "navigation", "NEXT ANSWERS TO CORRESPONDENTS: After Buddy Holly died, did the Crickets re-record "
         "... trends now"),
    ],
    "02": [
        (36, "read-more", "You Might Like"),
        (37, "share-widget", "Send this to a friend"),
    ],
    "03": [
        (2, "read-time", "2 minutes"),
        (3, "title-repeat", "State Secretary Blinken offers U.S. full support to Ukraine"),
        (25, "comments-widget", "\u2022 Comments"),
        (26, "comments-widget", "Loading comments..."),
    ],
    "04": [
        (2, "caption", "Blinken"),
        (3, "photo-credit", "Secretary of State Antony Blinken.Chris J Ratcliffe/Getty Images"),
        (4, "error-banner", "\u2022 Oops!"),
        (5, "error-banner", "Something went wrong."),
        (6, "error-banner", "Please try again later."),
        (25, "caption", "Russia aircraft carrier Admiral Kuznetsov Vladimir Putin"),
        (26, "photo-credit", "Russian President Vladimir Putin looks over a mockup of Russian aircraft carrier "
         "Admiral Kuznetsov while at a military exposition in Sevastopol, Crimea, January 9, 2020."
         "Mikhail Svetlov/Getty Images"),
        (38, "read-more", "Read the original article on Business Insider"),
    ],
}


@pytest.mark.parametrize("number", sorted(SAMPLE_REMOVED))
def test_sample_junk_removed_and_every_sentence_kept(samples_available, number):
    document, article = clean_file(sample_path(number))
    got = [(r.line_no, r.reason, r.text) for r in article.removed]
    assert got == SAMPLE_REMOVED[number]
    assert article.title == document.text.splitlines()[0].strip()
    assert not article.text.startswith(article.title)  # the body only
    assert_accounted(document, article)


def test_sample_text_is_normalised_paragraphs(samples_available):
    _, a1 = clean_file(sample_path("01"))
    assert "\u00a0" not in a1.text
    assert "Ukrainian counterpart Dmytro Kuleba" in a1.text  # NBSP + space became one space
    # the truncated last sentence of the scrape is article text
    assert a1.text.endswith("after holding a referendum which showed overwhelming support for")
    assert a1.text.count("around 90,000 Russian troops") == 1  # caption kept once
    _, a4 = clean_file(sample_path("04"))
    paragraphs = a4.text.split("\n\n")
    assert paragraphs[0] == "Blinken on Tuesday warned Russia against taking aggressive actions toward Ukraine."
    assert "\u2022" not in a4.text and "Getty" not in a4.text


# -------------------------------------------------------------------- gold


def load_gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_gold_junk_precision_recall_and_nothing_real_lost():
    gold = load_gold()
    assert len(gold) >= 8
    docs = [doc(g["text"], g.get("title"), g["id"]) for g in gold]
    tp = fp = fn = 0
    for g, document, article in zip(gold, docs, Cleaner().clean_batch(docs)):
        assert isinstance(article, Article), g["id"]
        got, want = Counter(r.text for r in article.removed), Counter(g["junk"])
        tp += sum((got & want).values())
        fp += sum((got - want).values())
        fn += sum((want - got).values())
        assert_accounted(document, article)
        for n, line in enumerate(g["text"].splitlines()):
            if line.strip() and line.strip() not in want and n > 0:
                assert normalise_line(line) in article.text, (g["id"], line)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    # Floors recorded from the measured 1.00 / 1.00; lower them only with a reason.
    assert precision >= 0.97, (precision, recall)
    assert recall >= 0.95, (precision, recall)


# ---------------------------------------------------------- short texts

REAL_LINES = [
    "Share prices fell 3% in early trading.",
    "More than 200 people were killed in the blast.",
    "Next week, ministers will meet in Geneva.",
    "Comments by the minister drew criticism from the opposition.",
    "Read more carefully, the report suggests otherwise.",
    "Published in 1987, the book sold a million copies.",
    "Updated figures show 40,000 people displaced.",
    "By Tuesday, the troops had crossed the river.",
    "Watch out for more storms, the forecaster warned.",
    "Copyright lawyers said the ruling would change the industry.",
    "A Reuters/Ipsos poll found 41% support.",
    '"Please try again," the negotiator told the union.',
    "Reporting by the Guardian found that the firm had misled investors.",
    "Home prices rose 5% last year.",
    '"No."',
    "WASHINGTON (AP) \u2014",
]


def test_real_sentences_that_look_like_widgets_are_kept():
    text = "\n\n".join(["Ministers meet as talks resume", *REAL_LINES])
    article = Cleaner().clean(doc(text, "Ministers meet as talks resume"))
    assert article.removed == ()
    assert article.text.split("\n\n") == REAL_LINES


def test_widgets_get_their_reason():
    lines = {
        "Advertisement": "boilerplate",
        "Story continues below advertisement": "boilerplate",
        "5 min read": "read-time",
        "Updated: Dec. 2, 2021 10:15 a.m. ET": "timestamp",
        "Share this article": "share-widget",
        "Facebook Twitter WhatsApp Email": "share-widget",
        "View 12 comments": "comments-widget",
        "Media playback is unsupported on your device": "error-banner",
        "Home | World | Europe": "navigation",
        "Skip to main content": "navigation",
        "Related: Five things to know about the summit": "read-more",
        "Image caption, Rescue workers at the scene": "caption",
        "Firefighters at the scene on Monday. (AP Photo/Jane Roe)": "photo-credit",
        "(Reporting by Jane Roe; Editing by John Doe)": "boilerplate",
        "\u00a9 2024 Example Media Ltd": "photo-credit",
        "By Jane Roe and John Doe, Associated Press": "byline",
    }
    body = "The summit ended on Friday with a joint statement on trade, the host government said."
    text = "\n\n".join([body, *lines, "Leaders agreed to meet again next year, officials said."])
    article = Cleaner().clean(doc(text))
    assert {r.text: r.reason for r in article.removed} == lines
    assert article.author == "Jane Roe and John Doe"


def test_alt_text_before_a_photo_credit_is_a_caption():
    text = (
        "Wildfire spreads north\n\n"
        "A wildfire has forced 2,000 people from their homes in the hills north of the city, officials said.\n\n"
        "Firefighters\n"
        "Firefighters battle the blaze on Sunday.Maria Lopez/Getty Images\n\n"
        "The fire service said it expected to contain the blaze by Wednesday."
    )
    article = Cleaner().clean(doc(text, "Wildfire spreads north"))
    assert [(r.line_no, r.reason) for r in article.removed] == [(4, "caption"), (5, "photo-credit")]
    assert article.text.count("\n\n") == 1


def test_tail_link_list_and_tag_zone():
    text = "\n".join([
        "Storm closes schools",
        "Heavy snow closed more than 300 schools across the region on Monday, the council said.",
        "Buses were cancelled in three towns.",
        "Topics",
        "Weather",
        "Education",
        "More on this story",
        "Snow: how to check if your school is open",
    ])
    article = Cleaner().clean(doc(text, "Storm closes schools"))
    assert [r.text for r in article.removed] == text.splitlines()[3:]
    assert article.text.endswith("Buses were cancelled in three towns.")


def test_short_list_before_share_buttons_is_kept():
    # a list of real items at the end, then a widget: only the widget goes
    text = "\n".join([
        "Cup draw",
        "The draw for the quarter-finals was made on Sunday, with the holders facing a trip north.",
        "Newcastle v Tottenham",
        "Bolton v Arsenal",
        "Share",
    ])
    article = Cleaner().clean(doc(text, "Cup draw"))
    assert [(r.text, r.reason) for r in article.removed] == [("Share", "share-widget")]


def test_whitespace_and_bullets_normalised_deterministically():
    text = "Title here\n\n  \u2022 First\u00a0 point   of the\u200b report.\n\n\u25aa Second point.\n\n* * *\n\nEnd\u2009of story."
    d = doc(text, "Title here")
    a1, a2 = Cleaner().clean(d), Cleaner().clean(d)
    assert a1 == a2
    assert a1.text == "First point of the report.\n\nSecond point.\n\nEnd of story."
    assert [(r.line_no, r.reason) for r in a1.removed] == [(6, "boilerplate")]


def test_fixed_width_wire_copy_is_unwrapped():
    text = (
        "The central bank raised its main interest rate by half a\n"
        "point to 6.5 pct on Tuesday, the first rise in two years,\n"
        "citing a weaker currency.\n"
        "    The bank said inflation had risen to 4.2 pct in\n"
        "February from 3.8 pct a month earlier.\n"
        "    Shr 34 cts vs 1.19 dlrs\n"
        "    Net 807,000 vs 2,858,000\n"
        " Reuter\n"
    )
    article = Cleaner().clean(doc(text))
    assert article.text.split("\n\n") == [
        "The central bank raised its main interest rate by half a point to 6.5 pct on Tuesday, "
        "the first rise in two years, citing a weaker currency.",
        "The bank said inflation had risen to 4.2 pct in February from 3.8 pct a month earlier.",
        "Shr 34 cts vs 1.19 dlrs",
        "Net 807,000 vs 2,858,000",
    ]
    assert [(r.line_no, r.text, r.reason) for r in article.removed] == [(7, "Reuter", "boilerplate")]


def test_batch_boilerplate_needs_unrelated_documents():
    footer = "Valdoria Ledger Media Group Network"
    stories = [
        "Police in the capital arrested four men after a jewellery shop was robbed on Friday night.",
        "The national football team will play two friendlies in June before the qualifiers begin.",
        "Farmers say the late frost has destroyed up to half of this year's apricot harvest.",
    ]
    docs = [doc(f"{s}\n\n{footer}", id=f"d{n}") for n, s in enumerate(stories)]
    for article in Cleaner().clean_batch(docs):
        assert [(r.text, r.reason) for r in article.removed] == [(footer, "boilerplate")]
    # alone, or with syndicated copies of one story, the line is kept
    assert Cleaner().clean(docs[0]).removed == ()
    copies = [doc(f"{stories[0]}\n\nA second paragraph of the same story.\n\n{footer}", id=f"c{n}")
              for n in range(3)]
    assert all(a.removed == () for a in Cleaner().clean_batch(copies))


def test_title_in_text_option_and_rejection():
    text = "Talks resume\n\nTalks resume\n\nNegotiators met again on Monday, officials said."
    article = Cleaner(CleanOptions(title_in_text=True)).clean(doc(text, "Talks resume"))
    assert article.text == "Talks resume\n\nNegotiators met again on Monday, officials said."
    assert [r.reason for r in article.removed] == ["title-repeat"]
    rejected = Cleaner().clean(doc("Loading comments...\n\nAdvertisement"))
    assert isinstance(rejected, Rejection)
    assert (rejected.stage, rejected.reason) == ("clean", "empty-after-clean")
    with pytest.raises(ValueError):
        CleanOptions(batch_prose_share=2.0)


# ---------------------------------------------------------------- corpora


def read_corpus(name: str, n: int) -> list[Document]:
    path = CORPORA / f"{name}.jsonl.gz"
    if not path.exists():
        missing_data(str(path))
    docs = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if len(docs) >= n:
                break
            rec = json.loads(line)
            text = rec.get("text") or rec.get("body") or ""
            if text.strip():
                docs.append(Document(id=str(i), text=text, source=name, record=i + 1, format="jsonl",
                                     title=rec.get("title")))
    return docs


def test_clean_bbc_articles_lose_almost_nothing():
    docs = read_corpus("bbc-news", 200)
    lines = sum(1 for d in docs for line in d.text.splitlines() if line.strip())
    out = [a for k in range(0, len(docs), 64) for a in Cleaner().clean_batch(docs[k : k + 64])]
    assert all(isinstance(a, Article) for a in out)
    removed = sum(len(a.removed) for a in out)
    assert removed / lines < 0.01, removed


def test_reuters_wire_copy_keeps_its_text():
    docs = read_corpus("reuters21578", 200)
    out = Cleaner().clean_batch(docs)
    # Headline-only flashes ("******HEADLINE" + "Blah blah blah." filler, shared by many
    # unrelated flashes in the batch) have no body left: rejected, with the reason.
    rejected = [(d, a) for d, a in zip(docs, out) if isinstance(a, Rejection)]
    assert len(rejected) < 0.1 * len(docs)
    for d, a in rejected:
        assert a.reason == "empty-after-clean"
        assert d.text.split("\n")[-1] == "Blah blah blah."
    articles = [(d, a) for d, a in zip(docs, out) if isinstance(a, Article)]
    reasons = Counter((r.reason, r.text.casefold()) for _, a in articles for r in a.removed)
    # nearly everything removed is the "Reuter" sign-off
    assert reasons[("boilerplate", "reuter")] >= 0.9 * sum(reasons.values())
    words_in = sum(len(d.text.split()) for d, _ in articles)
    words_out = sum(len(a.text.split()) for _, a in articles)
    assert words_out >= 0.97 * words_in


# ------------------------------------------------------- held-out set (written blind)
HELDOUT = DATA / "gold" / "heldout_facts.jsonl"


def test_heldout_junk_precision_recall_and_nothing_real_lost():
    gold = [g for g in (json.loads(x) for x in HELDOUT.read_text(encoding="utf-8").splitlines() if x.strip())
            if "junk" in g]
    assert len(gold) >= 14
    docs = [doc(g["text"], g.get("title"), g["id"]) for g in gold]
    tp = fp = fn = 0
    for g, document, article in zip(gold, docs, Cleaner().clean_batch(docs)):
        assert isinstance(article, Article), g["id"]
        # the headline line moves to Article.title; it is junk only where annotated (as in the harness)
        got = Counter(r.text for r in article.removed if r.text != g.get("title") or r.text in g["junk"])
        want = Counter(g["junk"])
        tp += sum((got & want).values())
        fp += sum((got - want).values())
        fn += sum((want - got).values())
        assert_accounted(document, article)
        for line in g["text"].splitlines():
            if line.strip() and line.strip() not in want and line.strip() != g.get("title"):
                assert normalise_line(line) in article.text, (g["id"], line)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    # measured blind: P 1.00 / R 0.90 before the fixes, 1.00 / 1.00 after
    assert precision >= 0.97, (precision, recall)
    assert recall >= 0.95, (precision, recall)


@pytest.mark.parametrize(
    "line",
    ["1.2K shares", "Updated 2 hours ago · 1.1K shares", "Advertisement · Scroll to continue",
     "Reposted from The Fenwick Ledger blog", "Posted by Ellen Marsh in Columns | 12 comments"],
)
def test_social_counts_reposts_and_joined_widgets_are_junk(line):
    text = f"The council met on Monday and voted to close the library.\n{line}\nThe vote was 7-2."
    article = Cleaner().clean(doc(text))
    assert [r.text for r in article.removed] == [line]


@pytest.mark.parametrize(
    "line",
    ["Share prices in South Korea and Taiwan fell more than 8%, forcing exchanges to halt trading.",
     "Updated figures from the Tokyo exchange showed that more than 4.3 billion shares changed hands.",
     "Related concerns about demand weighed on the Australian dollar, which fell 1.4% · analysts said.",
     "Follow-on selling hit European markets when they opened."],
)
def test_prose_that_starts_like_a_widget_is_kept(line):
    text = f"Markets fell sharply on Monday across Asia.\n{line}\nTraders said the selling would go on."
    article = Cleaner().clean(doc(text))
    assert article.removed == () or all(r.text != line for r in article.removed)
    assert line in article.text


# ------------------------------------------------- whole web pages (issue 11)
# A whole page around the example corpus's wire story: tests/page_fixture.py.
PAGE_MODE_REASONS = {"outside-article", "comments"}


def page(*parts: str) -> Document:
    return doc("\n".join(parts), id="page")


def kept_lines(document: Document, article: Article) -> list[str]:
    removed = {r.line_no for r in article.removed}
    return [line for n, line in enumerate(document.text.splitlines()) if line.strip() and n not in removed]


def test_whole_page_keeps_the_article_and_nothing_else():
    document = page(PAGE_HEAD, PAGE_ARTICLE, PAGE_RELATED, PAGE_COMMENTS, PAGE_FOOT)
    article = Cleaner().clean(document)
    assert isinstance(article, Article)
    assert_accounted(document, article)
    # the headline, the dateline, the quoted one-liner and the sub-head stay with the paragraphs
    headline = "Hundreds flee as Alcova Dam wall gives way in southern Portugal"
    assert kept_lines(document, article) == [headline, *PAGE_ARTICLE.splitlines()[:7], *PAGE_ARTICLE.splitlines()[8:]]
    reasons = {r.text: r.reason for r in article.removed}
    assert reasons["Advertisement"] == "boilerplate"  # rules still give their own reasons
    assert reasons["By Marta Soares"] == "byline" and article.author == "Marta Soares"
    for line in ("The Tagus Ledger", "Climate", "Storm warnings for the Douro valley"):
        assert reasons[line] == "outside-article", line
    # the comment section and everything below it
    for line in PAGE_COMMENTS.splitlines()[1:] + PAGE_FOOT.splitlines()[:1]:
        assert reasons[line] == "comments", line


def test_cookie_banner_and_footer_of_a_page_go():
    document = page(PAGE_HEAD, PAGE_ARTICLE, PAGE_FOOT)
    article = Cleaner().clean(document)
    assert kept_lines(document, article)[-1] == PAGE_ARTICLE.splitlines()[-1]
    reasons = {r.text: r.reason for r in article.removed}
    assert reasons[PAGE_FOOT.splitlines()[0]] == "outside-article"  # a long sentence, but about cookies
    assert set(PAGE_FOOT.splitlines()) <= set(reasons)


def test_the_same_article_without_the_page_is_left_as_it_was():
    # Already clean text: page mode finds no menus or widgets around it and changes nothing.
    for text in (PAGE_ARTICLE, "\n".join([PAGE_ARTICLE, "Share", "Facebook", "Twitter"])):
        document = doc(text)
        assert Cleaner().clean(document) == Cleaner(CleanOptions(page_mode=False)).clean(document)


def test_comments_without_a_header_end_the_article():
    comments = PAGE_COMMENTS.split("\n", 1)[1]  # no "Comments (3)" line: the by-lines tell
    document = page(PAGE_HEAD, PAGE_ARTICLE, comments, PAGE_FOOT)
    article = Cleaner().clean(document)
    assert kept_lines(document, article)[-1] == PAGE_ARTICLE.splitlines()[-1]
    assert {r.reason for r in article.removed if r.text in comments.splitlines()} == {"comments"}


def test_a_related_box_inside_the_article_does_not_end_it():
    # A "Related stories" box after the first paragraphs, with more of the article below it than above.
    lines = PAGE_ARTICLE.splitlines()
    document = page(PAGE_HEAD, *lines[:3], PAGE_RELATED, *lines[3:], PAGE_FOOT)
    article = Cleaner().clean(document)
    kept = kept_lines(document, article)
    for line in lines:
        assert line in kept or line == "Advertisement", line
    related = PAGE_RELATED.splitlines()
    # at the end of the article the same box ends it
    document = page(PAGE_HEAD, PAGE_ARTICLE, PAGE_RELATED, PAGE_FOOT)
    article = Cleaner().clean(document)
    assert not set(related) & set(kept_lines(document, article))


def test_page_mode_never_fires_on_articles(samples_available):
    # The samples, the example corpus and 500 real BBC and Reuters articles are articles, not pages.
    docs = [d for d in iter_documents([SHARED / "samples" / "blinken-2021", Path(__file__).parents[1] / "examples"])
            if isinstance(d, Document)]
    docs += read_corpus("bbc-news", 250) + read_corpus("reuters21578", 250)
    assert len(docs) > 500
    for d in docs:
        article = Cleaner().clean(d)
        if isinstance(article, Article):
            assert not [r for r in article.removed if r.reason in PAGE_MODE_REASONS], d.source


def test_page_mode_reasons_are_explained():
    assert PAGE_MODE_REASONS <= set(REASONS)
    with pytest.raises(ValueError):
        CleanOptions(page_head_overlap=1.5)
    with pytest.raises(ValueError):
        CleanOptions(page_min_lines=-1)


# Dev data: whole pages rendered to text with gold text (../shared/dev/cleaning, not shipped).
# Floors sit just under what the cleaner reached on 2026-12-06 (BENCHMARKS.md, "cleaning").
# The fast gate scores a subset (all 69 CleanPortalEval pages, the first 300 Dragnet and the
# first 150 CleanEval pages, about 3 s); the slow gate scores every page (about 12 s).
CLEANING_SUBSET = {"dragnet": 300, "cleanportaleval": 0, "cleaneval": 150}
SUBSET_FLOORS = {  # set: (bag-of-words F1, line F1); measured 0.887/0.710, 0.967/0.925, 0.893/0.784
    "dragnet": (0.884, 0.705),
    "cleanportaleval": (0.964, 0.92),
    "cleaneval": (0.89, 0.78),
}
FULL_FLOORS = {  # measured 0.883/0.673, 0.967/0.925, 0.915/0.792
    "dragnet": (0.88, 0.67),
    "cleanportaleval": (0.964, 0.92),
    "cleaneval": (0.912, 0.788),
}


def _cleaning_dev():
    from newsprism.evaluation import cleaning

    if not (cleaning.DEV / "score_clean_text.py").exists():
        missing_data(str(cleaning.DEV))
    return cleaning


@pytest.mark.parametrize("name", sorted(CLEANING_SUBSET))
def test_gate_page_cleaning_subset(name):
    res = _cleaning_dev().score(name, CLEANING_SUBSET[name])
    bow, line = SUBSET_FLOORS[name]
    assert res["bow_f1"] >= bow and res["line_f1"] >= line, res


@pytest.mark.slow
def test_gate_page_cleaning_all_pages():
    res = _cleaning_dev().run()
    for name, (bow, line) in FULL_FLOORS.items():
        assert res[name]["bow_f1"] >= bow and res[name]["line_f1"] >= line, (name, res[name])


def test_cleaning_suite_scores_as_the_shared_scorer_does():
    # The shared scorer, run on the evaluation module as its system, prints the same numbers.
    import subprocess
    import sys

    cleaning = _cleaning_dev()
    out = subprocess.run([sys.executable, str(cleaning.DEV / "score_clean_text.py"), "--system",
                          "newsprism.evaluation.cleaning", "--data", "cleanportaleval", "--limit", "20"],
                         capture_output=True, text=True, check=True, cwd=Path(__file__).parents[1])
    theirs = json.loads(out.stdout.strip().splitlines()[-1])
    ours = cleaning.score("cleanportaleval", 20)
    for key in ("pages", "bow_p", "bow_r", "bow_f1", "line_p", "line_r", "line_f1"):
        assert ours[key] == theirs[key], key


def test_a_real_news_page_keeps_its_paragraphs():
    # One BBC News page of CleanPortalEval: the navigation and "most popular" lists go, every
    # paragraph of the article stays.
    cleaning = _cleaning_dev()
    (p,) = [p for p in cleaning.scorer().load_pages(cleaning.DEV / "cleanportaleval.jsonl.gz")
            if p["id"] == "bbc.co.uk_news_06"]
    kept = set(cleaning.clean(p["text"]).splitlines())
    paragraphs = [g for g in p["gold_lines"] if len(g.split()) >= 15]
    assert len(paragraphs) >= 20 and all(g in kept for g in paragraphs)
    lines = p["text"].splitlines()
    assert not kept & set(lines[:40])  # the navigation above the headline
    assert "Most Popular" in lines and not kept & set(lines[lines.index("Most Popular"):])


def test_a_document_that_is_its_title_line_alone_keeps_it_as_text():
    # a one-sentence brief: the line is the article (it was rejected as empty before)
    text = "Four robbers stormed the Harry Winston store in Paris on Thursday, police said.\n"
    article = Cleaner().clean(doc(text, text.strip()))
    assert isinstance(article, Article)
    assert article.text == text.strip()
