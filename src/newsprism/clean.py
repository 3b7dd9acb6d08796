"""Clean: Document -> Article, every removed line kept with its reason.

What the stage needs and adds
-----------------------------
It takes :class:`~newsprism.records.Document` records and returns an
:class:`~newsprism.records.Article` (or a :class:`~newsprism.records.Rejection`
when nothing of the article is left) for each, in the same order.

Decisions, stated once:

* ``Article.text`` is the **body only**.  The title lives in ``Article.title``;
  the first line of the document, when it is the title, moves there and is not
  listed as removed (it was not judged junk).  ``CleanOptions(title_in_text=True)``
  keeps it as the first paragraph instead.  Later copies of the title are
  removed as ``"title-repeat"``.
* ``Article.text`` is paragraphs joined by ``"\\n\\n"``.  Inside a paragraph,
  whitespace is normalised (non-breaking and other Unicode spaces become one
  space, zero-width characters go) and list bullets ("•", "▪", "- " ...) are
  stripped while the text after them is kept.  Fixed-width copy (wire stories
  wrapped at ~70 columns) is unwrapped into paragraphs first.
* Lines are ``Document.text.splitlines()``, numbered from 0.  Every line is
  exactly one of: blank, the title line, part of ``Article.text``, or listed in
  ``Article.removed`` as ``RemovedLine(line_no, text, reason)`` where ``text`` is
  the original line with only its surrounding whitespace stripped.
* The output depends only on the input batch, in order: no randomness, no state
  kept between calls.

How a line is judged (first that applies wins)
----------------------------------------------
1. Rules for the widgets scrapers leave behind, one reason each (the table
   ``REASONS``): paging/navigation, share and comment widgets, error banners,
   read-time stamps, "read more"/"read the original" pointers, photo credits and
   captions, bylines, timestamps, copyright/subscription/advert boilerplate.
   Rules match whole lines (anchored) so that a real sentence that merely
   contains "comments" or "next" is never touched.
2. Context: a short alt-text line ("Smith") right before a photo-credit
   line is a caption; later copies of the title are title repeats; later copies
   of any other line (captions are often scraped twice) are duplicates.
3. Batch statistics (:meth:`Cleaner.clean_batch`): a line that several
   *unrelated* documents of the batch share is site boilerplate.  Documents that
   share most of their lines (syndicated copies) count once, so a sentence two
   copies of one story share is never taken for boilerplate.
4. Edge statistics, after jusText (Pomikálek 2011): at the head and the tail of
   a document, short lines without sentence punctuation, figures or many stop
   words (menus, tag lists, author names, section labels) are boilerplate when
   they lie between the edge and a line already judged junk by a rule or by
   batch repetition ("Tags:" then "Russia", "Ukraine").  A lone short line (a
   truncated last sentence, a dateline, a list of fixtures before the share
   buttons) stays.  Lines inside the body are never removed by statistics alone:
   "never drop a real sentence" outweighs catching the last bit of junk.
5. Page mode (issue 11), for the plain text of a *whole web page* (aggregator
   scrapes, text exports of crawls: navigation, teasers, sidebars, comments and
   footers around the article).  Each line gets a score: a prose line (sentence-like,
   stop-word rich) its number of words, any other line a small cost, a line junk by a
   rule above the same cost.  The article's block of prose is the run of lines with
   the largest sum (maximum-sum segment, as in Pasternack & Roth's maximum subsequence
   segmentation): a menu of thirty items or a teaser list costs more than the odd
   caption or sub-head inside the article, which stay.  The block ends at the comment
   section (a "Comments"/"Leave a reply" header, or comment by-lines over and over:
   ``"comments"``) and at a bare "Related stories" header; cookie banners and sign-up
   boxes do not count as prose.  Above the block, the headline (a short line whose
   words are the article's words) and the lines between it and the block that are
   prose are kept.  Everything else not already removed is ``"outside-article"``.  A
   line of the article that a teaser or menu above it had already shown is the
   article's own (the earlier copy is the junk), so it loses ``"duplicate-line"``.
   The text is treated as a page only when there is evidence: at least
   ``page_min_menus`` menu-like lines *and* ``page_min_widgets`` widget lines outside
   the block (or a comment section below it).  A clean article has one or the other
   (a list of fixtures, share buttons), never both, so it is cleaned as before.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from . import lexicon
from .outlets import outlet_from_credit
from .records import Article, Document, Rejection, RemovedLine

# the cleaner's word lists: data/lexicon/cleaning.txt
_WORDS = {name: frozenset(words) for name, words in lexicon.table("cleaning").items()}

#: Every reason code this stage emits, with what it means.
REASONS: dict[str, str] = {
    "navigation": "paging, breadcrumbs, 'PREV'/'NEXT', 'Skip to content', bare links",
    "share-widget": "share/follow/send buttons and social network names",
    "comments-widget": "comment counters and 'Loading comments...'",
    "error-banner": "'Oops! Something went wrong', 'enable JavaScript', media player errors",
    "read-time": "'2 minutes', '5 min read'",
    "timestamp": "'Published 3 hours ago', 'Updated: Dec. 2, 2021 10:15 a.m.' on a line of its own",
    "read-more": "'read more from ...', 'Read the original article on ...', 'Related:', 'You Might Like'",
    "byline": "'By Jane Doe, Associated Press' on a line of its own (copied to Article.author if unset)",
    "title-repeat": "a later copy of the title",
    "duplicate-line": "a later copy of a line already seen in the document (captions are often scraped twice)",
    "caption": "image captions: 'Image caption ...', alt text right before a photo credit",
    "photo-credit": "a line that is or ends with a photo credit ('Name/Getty Images', '(AP Photo/Name)')",
    "comments": "page mode: the comment section below the article ('Comments', 'Leave a Reply', 'Jane said,' "
    "by-lines over and over) and everything after it",
    "outside-article": "page mode: a line of a whole web page outside the article (menus, teasers, sidebars, "
    "related stories, footers, cookie banners)",
    "boilerplate": "copyright, adverts, newsletters, wire sign-offs, reporting credits, separators, "
    "lines shared by unrelated documents of a batch, junk runs at the document's edges",
}


@dataclass(frozen=True, kw_only=True)
class CleanOptions:
    """Options of the clean stage (validated once, shared by CLI, library and web app)."""

    title_in_text: bool = False  # keep the title line as the first paragraph of Article.text
    unwrap: bool = True  # join fixed-width (hard-wrapped) lines into paragraphs
    bylines: bool = True  # remove 'By Jane Doe' lines (and fill Article.author)
    min_duplicate_words: int = 6  # shorter repeated lines (list items, table headers) are kept
    edge_statistics: bool = True  # jusText-style junk runs at the head and tail
    # A line that is not prose is boilerplate when this many unrelated documents of
    # a batch hold it (0 turns batch statistics off) ...
    batch_min_docs: int = 3
    # ... and a prose line only when this share of the batch's documents (and at
    # least twice batch_min_docs) hold it: "The company declined to comment." is
    # common but real.
    batch_prose_share: float = 0.2
    # jusText thresholds (its defaults: length_low 70, stopwords_low 0.30).
    good_min_chars: int = 70
    good_min_stopwords: float = 0.25
    bad_max_words: int = 6
    bad_max_stopwords: float = 0.3
    # Page mode (issue 11): when the text is a whole web page rendered to text (menus,
    # teasers, footers, comments), keep only the article: its block of prose and the
    # headline above it.  Text that is already an article is left as the rules above
    # leave it.
    page_mode: bool = True
    # Shorter texts are never pages: a headline and a few paragraphs are an article.
    page_min_lines: int = 12
    # A prose line: this many words, ending like a sentence (or twice as long without
    # a full stop: truncated or unpunctuated paragraphs), and this share of stop words
    # (menus and headline lists hold few).  It counts its words towards the block.
    page_prose_words: int = 10
    page_prose_stopwords: float = 0.2
    # What a line that is not prose costs the block: a menu item or teaser headline, and
    # a line already judged junk by a rule.  A caption or a sub-head inside the article is
    # paid for by the paragraphs around it; a menu of thirty items is not.
    page_line_cost: float = 4.0
    page_junk_cost: float = 4.0
    # Words of prose a block needs to be taken for the article, and to be the article
    # that a comment section or a related-stories header ends.
    page_min_article: float = 30.0
    # Evidence that the text is a whole page and not an article: at least this many
    # menu-like lines (jusText 'bad') and lines of widgets outside the block.  Clean
    # articles have one kind or the other (a list of fixtures, share buttons) but not
    # both: their lists stay.
    page_min_menus: int = 8
    page_min_widgets: int = 2
    # "Jane said," / "Reply" / "Tim 11.06.12 at 11:06 am": this many comment by-lines
    # below the article start a comment section that has no header.
    page_comment_metas: int = 3
    # The headline is one of this many lines above the block (not counting lines junk by a
    # rule: bylines, dates, share buttons), and more than a third of its content words are
    # words of the article (menu items and teasers of other stories share few or none).
    page_head_lines: int = 4
    page_head_overlap: float = 0.34

    def __post_init__(self) -> None:
        for name in ("min_duplicate_words", "batch_min_docs", "good_min_chars", "bad_max_words", "page_min_lines",
                     "page_prose_words", "page_line_cost", "page_junk_cost", "page_min_article", "page_min_menus",
                     "page_min_widgets", "page_comment_metas", "page_head_lines"):
            if getattr(self, name) < 0:
                raise ValueError(f"CleanOptions.{name} must be >= 0, got {getattr(self, name)!r}")
        for name in ("batch_prose_share", "good_min_stopwords", "bad_max_stopwords", "page_prose_stopwords",
                     "page_head_overlap"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"CleanOptions.{name} must be within [0, 1], got {getattr(self, name)!r}")


# ------------------------------------------------------------------ normalising

_SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
# A list bullet, then the item.  "- " and "– " count only with a space after them,
# so "-5C" or a hyphenated word is untouched.
_BULLET = re.compile(r"^(?:[•·▪▫◦‣∙●○■□◆◇►▶▸➤➢✓✔★☆*]+|[-–—](?=\s))\s*")
_KEY_DROP = re.compile(r"[^\w\s]+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_ASCII_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")  # _WORD on case-folded ASCII, twice as fast
_TERMINAL = re.compile(r"(?<!\.\.)[.!?;:](?:['\"’”)\]»]*)$")
_DATA = re.compile(r"\d")


def normalise_line(line: str) -> str:
    """One line as it goes into Article.text: spaces normalised, bullet stripped."""
    if line.isascii():  # no invisible or Unicode spaces: str.split() splits on what _SPACES matches
        text = " ".join(line.split())
    else:
        text = _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()
    return _BULLET.sub("", text, count=1)


# ASCII punctuation (what _KEY_DROP removes from an ASCII line) -> space
_ASCII_DROP = str.maketrans({c: " " for c in map(chr, range(128)) if not (c.isalnum() or c == "_" or c.isspace())})


def _key(text: str) -> str:
    """Comparison key: case-folded words only, so copies differing in quotes or spaces match."""
    folded = text.casefold()
    if folded.isascii():
        return " ".join(folded.translate(_ASCII_DROP).split())
    return " ".join(_KEY_DROP.sub(" ", folded).split())


# jusText-style English stop words: their density tells prose from menus and labels
# (data/lexicon/function_words.txt).
_STOPWORDS = frozenset(lexicon.table("function_words")["prose"])


@dataclass(slots=True)
class _Stats:
    words: int
    stop_density: float
    terminal: bool  # ends like a sentence
    digits: bool


_CLOSERS = "'\"’”)]»"


def _terminal(text: str) -> bool:
    """``_TERMINAL.search(text)`` without the regex (this runs on every line of a page)."""
    core = text.rstrip(_CLOSERS)
    return core[-1:] in (".", "!", "?", ";", ":") and core[-3:-1] != ".."


def _stats(text: str) -> _Stats:
    folded = text.casefold().replace("’", "'")
    words = (_ASCII_WORD if folded.isascii() else _WORD).findall(folded)
    stops = sum(map(_STOPWORDS.__contains__, words))
    return _Stats(
        words=len(words),
        stop_density=stops / len(words) if words else 0.0,
        terminal=_terminal(text),
        digits=bool(_DATA.search(text)),
    )


# ------------------------------------------------------------------------ rules
# Each rule is anchored on the whole (normalised) line.  Order matters: the first
# reason that matches wins, and the most specific reasons come first.

_I = re.IGNORECASE
_NUMBER_WORDS = r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty)"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
_CLOCK = r"\d{1,2}[:.]\d{2}(?:\s*(?:a\.?m\.?|p\.?m\.?))?(?:\s*[A-Z]{2,4})?"
_AGENCY = (
    r"(?:Getty(?:\s+Images)?|AFP|AP(?:\s+Photo)?|Reuters|REUTERS|EPA(?:-EFE)?|EFE|Shutterstock|Alamy|"
    r"Bloomberg|PA(?:\s+(?:Media|Wire|Images))?|Rex|REX|Anadolu(?:\s+Agency)?|NurPhoto|SOPA\s+Images|"
    r"LightRocket|Sipa(?:\s+USA)?|Xinhua|TASS|Sputnik|Pool|POOL|Handout|HANDOUT|ZUMA(?:\s+(?:Wire|Press))?|"
    r"Zuma|Imago|IMAGO|dpa|DPA|iStock(?:photo)?|Corbis|WireImage|FilmMagic|Redux|Polaris|UPI|"
    r"Kyodo|Yonhap|KCNA|Abaca|ABACA|Avalon|Splash\s+News|Backgrid|BACKGRID|Kremlin|Photo\s+illustration)"
)
# "Name Surname/Getty Images" (or "/AFP via Getty Images") at the end of a line;
# the name part must be capitalised words, so "a Reuters/Ipsos poll" is not a credit.
_CREDIT_TAIL = re.compile(
    r"(?:^|[\s.(:,;])(?:[A-Z][\w.'’-]*\.?\s+){0,4}[A-Z][\w.'’-]*\s*/\s*" + _AGENCY
    + r"(?:\s*(?:via|/|for)\s+[A-Z][\w .-]{1,30})?\s*\)?\.?$"
)
_CREDIT_AGENCY_FIRST = re.compile(
    r"\(?\b(?:AP|AFP|Reuters|EPA|PA|UPI)\s+Photos?\s*/\s*[^)]{1,60}\)?\.?$"  # (AP Photo/Evan Vucci)
)
_CREDIT_LABEL = re.compile(
    r"(?:^|[\s.(])(?:photo(?:graph)?s?|pictures?|image(?:s)?|credit|photo credit|image credit|"
    r"image source|image copyright|illustration)\s*(?:by|:|,|©)\s*[^\s].{0,80}$",
    _I,
)
_CREDIT_BY = re.compile(r"\(\s*(?:photo|image|picture)s?\s+(?:by|courtesy(?:\s+of)?)\s+[^)]{2,80}\)\.?$", _I)
_COPYRIGHT_CREDIT = re.compile(r"^(?:©|\(c\)\s)\s*\S.{0,60}$", _I)
# "Credit...Doug Mills/The New York Times", a bare "Getty Images" or "AFP via Getty Images".
_CREDIT_BARE = re.compile(r"^(?:credit\s*(?:\.\.\.|…|:)\s*\S.{0,80}|(?:[A-Z][\w.-]*\s+)?" + _AGENCY
                          + r"(?:\s+(?:via|/)\s+" + _AGENCY + r")?)$", _I)

class _Guarded:
    """A rule tried only on lines that hold one of its words: patterns that start with ``.{0,N}``
    (the words may come anywhere in a short line) are slow to try on every line of a page."""

    __slots__ = ("words", "pattern")

    def __init__(self, words: tuple[str, ...], pattern: re.Pattern[str]):
        self.words = words
        self.pattern = pattern

    def match(self, text: str) -> re.Match[str] | None:
        folded = text.casefold()
        return self.pattern.match(text) if any(w in folded for w in self.words) else None


_RULES: tuple[tuple[str, re.Pattern[str] | _Guarded], ...] = (
    (
        "error-banner",
        re.compile(
            r"^(?:oops\b.*|(?:sorry,?\s+)?something went wrong\b.*|(?:please\s+)?try again(?: later)?[.!]?"
            r"|(?:sorry,?\s+)?(?:an?\s+)?(?:unexpected\s+)?error (?:has\s+)?occurred\b.*|there was an error\b.*"
            r"|(?:please\s+)?(?:enable|turn on) javascript\b.*|javascript is (?:disabled|required)\b.*"
            r"|your browser (?:does not|doesn't|cannot|can't) (?:support|play)\b.*"
            r"|media playback is (?:unsupported|not supported)\b.*|this (?:video|content|media|page) is "
            r"(?:not|no longer|currently un) ?available\b.*|(?:please\s+)?refresh the page\b.*"
            r"|(?:this )?page not found\.?|unable to load\b.*|failed to load\b.*)$",
            _I,
        ),
    ),
    (
        "comments-widget",
        re.compile(
            r"^(?:\(?\d*\)?\s*comments?(?:\s*\(\d+\))?|loading comments\b.*|comments? (?:are|is|have been) "
            r"(?:closed|disabled|turned off)\b.*|(?:show|view|read|hide|see|post|add|leave|write|load|open)"
            r"(?: all| more)?(?: \d+)? (?:a |your )?comments?\b.{0,20}|be the first to comment\b.*"
            r"|join the (?:conversation|discussion|debate)\b.{0,40}|(?:log|sign) in to (?:comment|reply)\b.*"
            r"|\d+ (?:comments?|replies|responses)|comment(?:s)? on this (?:story|article)\b.{0,10}"
            r"|conversation|discussion)$",
            _I,
        ),
    ),
    (
        "share-widget",
        re.compile(
            r"^(?:send (?:this|it|any friend a story) to a friend\b.*|send any friend a story|follow\b.{0,40}:"
            r"|follow [A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3} on (?:twitter|x|facebook|instagram|linkedin|threads|bluesky)\b.*|share(?: or comment)?(?: on)?(?: this| the| full)?(?: article| story| page| post"
            r"| video| link)?(?: (?:on|via|with) \w+(?: \w+)?)?:?|(?:click|tap) to (?:share|email|print)\b.*"
            r"|e-?mail (?:this|to a friend)\b.{0,20}|copy (?:the )?(?:link|url)|link copied\b.*"
            r"|(?:gift|save|print) (?:this )?(?:article|story)|follow us\b.{0,60}|follow @\w+.*"
            r"|like us on facebook\b.*|(?:share|tweet|email|e-mail|print|pin|facebook|twitter|x|whatsapp|"
            r"linkedin|reddit|pinterest|telegram|messenger|flipboard|sms|mail|copy|link|save|"
            r"|[\d.,]+\s*[kmb]?\s+(?:shares?|likes?|views?|reactions?|retweets?|reposts?|upvotes?)"  # "1.2K shares"
            r"|instagram|youtube|tiktok|threads|bluesky)(?:[\s,|/·•]+(?:share|tweet|email|e-mail|print|pin|"
            r"facebook|twitter|x|whatsapp|linkedin|reddit|pinterest|telegram|messenger|flipboard|sms|mail|"
            r"copy|link|save|instagram|youtube|tiktok|threads|bluesky))*)$",
            _I,
        ),
    ),
    (
        "read-time",
        re.compile(
            r"^(?:" + _NUMBER_WORDS + r"[\s-]*(?:min(?:ute)?s?|mins?)\.?(?:\s+(?:read|reading|listen|watch)"
            r"(?:ing)?(?:\s+time)?)?|(?:estimated\s+)?(?:reading|read|listening)\s+time\s*:?.{0,20}"
            r"|(?:listen|audio)\b.{0,20}\d+\s*min(?:ute)?s?\.?)$",
            _I,
        ),
    ),
    (
        "timestamp",
        re.compile(
            r"^(?:(?:published|updated|posted|last updated|last modified|modified|first published|"
            r"created|date)\b\s*(?:on|at)?\s*:?\s*(?=.{0,70}$)(?=.*(?:\d|ago\b|yesterday|today)).*"
            r"|" + _NUMBER_WORDS + r"\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago"
            r"|(?:" + _WEEKDAY + r",?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+\d{4}"
            r"(?:,?\s*(?:at\s+)?" + _CLOCK + r")?"
            r"|(?:" + _WEEKDAY + r",?\s+)?" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
            r"(?:,?\s*(?:at\s+)?" + _CLOCK + r")?(?:\s*\|\s*" + _CLOCK + r")?"
            r"|\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?"
            r"|\d{1,2}/\d{1,2}/\d{2,4}(?:\s+" + _CLOCK + r")?)$",
            _I,
        ),
    ),
    (
        "read-more",
        re.compile(
            r"^(?:read (?:more|next)(?:\s*(?:from|on|at|about|in)\b[^.!?]{0,80}|\s*[:»›>|…-].{0,150}|\s+here"
            r"|\s+(?:stories|articles|news))?[.…]*|(?:also|see|must) read\b.*|see also\b.*"
            r"|read (?:the )?(?:original|full|complete|rest of the) (?:article|story|report|piece)\b.*"
            r"|continue reading\b.{0,60}|click here\b.*"
            r"|(?:reposted|re-posted|cross-?posted|republished|reprinted|syndicated) (?:from|with permission)\b.{0,80}"
            r"|posted by [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}(?: (?:in|under) [A-Z][\w &'’-]{0,40})?|this (?:article|story|piece) (?:was|is|first) "
            r"(?:originally |first )?(?:published|appeared)\b.*|originally published\b.*"
            r"|(?:more|latest|top) (?:from|on|about|in) [^.!?]{1,60}|more (?:stories|news|articles|videos)\b.{0,40}"
            r"|related(?:\s+(?:articles?|stories|content|coverage|topics|news|reading|links|video|posts?))?"
            r"(?:\s*[:|-].{0,150})?|you (?:might|may|will) (?:also )?(?:like|enjoy|be interested in)\b.{0,40}"
            r"|recommended(?: for you| stories| articles| reading| videos)?:?|(?:most|the most) (?:read|popular|"
            r"viewed|shared|watched|emailed)(?: (?:stories|articles|now|today))?:?|trending(?: now| stories)?:?"
            r"|(?:top|more top|editor'?s'?|editors'?) (?:stories|picks|choice)|latest (?:news|stories|videos)"
            r"|(?:watch|listen|video|podcast|gallery|in pictures|photos)\s*:\s*.{1,150}"
            r"|(?:don't|do not) miss\b.{0,60}|this (?:article|story) (?:originally |first )?appeared\b.*|up next\b.{0,80}|what to read next\b.*|keep reading\b.*"
            r"|(?:sponsored|promoted|partner) (?:stories|links|content)\b.{0,40})$",
            _I,
        ),
    ),
    (
        "navigation",
        re.compile(
            r"^(?:(?:PREV|PREVIOUS|NEXT)\b.*|(?i:(?:[«‹<←]\s*)?(?:prev|previous|next|older|newer)"
            r"(?: (?:article|story|post|page|slide|image|photo|item|chapter))?(?:\s*[»›>→])?"
            r"|(?:previous|next) (?:article|story|post|page|slide)\b.{0,150}|back to (?:top|home|the top)\b.*"
            r"|skip to (?:main )?(?:content|navigation|search|footer)\b.*|jump to\b.{0,40}|go to page\b.*"
            r"|page \d+(?: of \d+)?|(?:\d+\s+){2,}(?:next|»|›).*|home|menu|search|sections?|close|more|"
            r"(?:show|load|see|view) (?:more|all|less)|(?:https?://|www\.)\S+))$"
        ),
    ),
    (
        "caption",
        re.compile(
            r"^(?:(?:image|photo|media|video|picture) caption\b.*|caption\s*[:|-].*|file photo\s*[:|-].*"
            r"|(?:enlarge|expand) (?:this )?(?:image|photo)|(?:toggle|hide|show) caption"
            r"|(?:above|top|pictured|below|left|right|main picture|main image)\s*:.{1,300})$",
            _I,
        ),
    ),
    (
        "boilerplate",
        re.compile(
            r"^(?:advertisement|advertising|ad|ads|sponsored(?: content)?|promoted|paid (?:content|post)"
            r"|story continues(?: below)?(?: (?:the )?advertisement)?|continues? (?:below|after) (?:the )?"
            r"(?:advertisement|ad)|article continues (?:below|after)\b.{0,30}|scroll (?:down|to continue)\b.{0,30}"
            r"|(?:©|\(c\)\s|copyright\s*(?:©|\(c\))?\s*(?:\d{4}|©)).{0,150}"
            r"|this material may not be published\b.*"
            r"|our standards:.*|(?:sign up|subscribe|register)\b.{0,100}"
            r"\b(?:newsletters?|updates|alerts|inbox|email|briefing|digest|free|now|today|here)\b.{0,80}"
            r"|(?:sign up|subscribe(?: now)?|register|log ?in|sign ?in|sign out|log ?out|create (?:an|a free) "
            r"account)[.!]?|already (?:a subscriber|have an account)\b.*|(?:get|receive) (?:our|the latest|"
            r"breaking|the best)\b.{0,80}\b(?:newsletters?|alerts|inbox|email)\b.{0,40}"
            r"|this (?:article|story|content) is (?:for|available to|only available to) (?:subscribers|members)\b.*"
            r"|we use cookies\b.*|(?:accept|manage|reject) (?:all )?cookies\b.{0,40}|cookie (?:policy|settings)"
            r"|(?:terms (?:of (?:use|service)|and conditions)|privacy policy|contact us|about us)"
            r"(?:\s*[|·•]\s*.{1,40})*|tags?\s*:.*|topics?\s*:.*|filed under\s*:?.*|categor(?:y|ies)\s*:.*"
            r"|keywords?\s*:.*|reuters?|ap|afp|upi|dpa|ends|-+\s*(?:reuters|ap|afp)\s*-*|tags|topics|"
            r"reuse this (?:content|article)|(?:report|flag) (?:an? )?(?:error|correction|typo)|corrections?"
            r"|(?:listen to|play) (?:this )?(?:article|story)\b.{0,40}|supported by|skip advertisement|ad feedback"
            r"|advertisement\s*[-–—:]\s*scroll to continue|subscribe to our \w+ channel\b.*"
            r"|(?:download|get) (?:the|our) (?:\w+ )?app\b.{0,40}|our new app\b.{0,40}|(?:please )?enable cookies\b.*"
            r"|recommended by \w+|this (?:story|article) has been updated\b.*|have a (?:news )?tip\b.*"
            r"|contact the (?:author|reporter|writer)\b.*|breaking news|live updates|watch live|live"
            r"|source\s*:\s*[A-Z][\w .,&/-]{1,60}|(?:advertisement|ad)\s*[-–—:]"
            r"\s*(?:story )?continue(?:s)? (?:reading )?below\b.*|loading\.*|please wait\.*)$",
            _I,
        ),
    ),
    (
        "boilerplate",
        _Guarded(
            ("rights reserved", "may not be", "trust principles"),
            re.compile(
                r"^(?:.{0,100}\ball rights reserved\.?|.{0,60}may not be (?:published|reproduced|redistributed)"
                r"(?:,? (?:broadcast|rewritten|redistributed|reproduced|or|and|in whole or in part))*\.?"
                r"|.{0,40}\btrust principles\.?)$",
                _I,
            ),
        ),
    ),
)

_BYLINE = re.compile(
    r"^(?i:(?:by|written by|words by|story by|reporting by)\s+)"
    r"(?P<name>(?:[A-Z][\w.'’-]*|[A-Z]{2,})(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|van|von|da|del|der|la|le|bin|al|di|dos)){0,7})"
    r"(?:\s*(?:[,|–—-]|\bfor\b|\bof\b)\s*(?:the\s+)?[A-Z][\w.'’&-]*(?:\s+(?:[A-Z][\w.'’&-]*|of|the|and|for|in|at|&)){0,6})?"
    r"\s*\.?$",
)
_BY_WORD = re.compile(r"^(?:by|written by|words by|story by|reporting by)\s", _I)
# "Reporting by Jane Doe in Kyiv; Editing by John Roe": credits hold names and
# connectors only, so "Reporting by the Guardian found that ..." is not one.
_CREDIT_START = re.compile(
    r"^\(?\s*(?:(?:additional|further)\s+)?(?:reporting|writing|editing|compiled|research|translation|"
    r"translated|graphics?|video|production|produced|written|photography|photos)\s+by\b",
    _I,
)
# The words a credit may hold besides names.
_CREDIT_CONNECTORS = _WORDS["credit_connectors"]
_CONTRIBUTED = re.compile(
    r"\b(?:contributed|contributing) (?:reporting )?(?:to|for) (?:this|the) (?:report|story|article)\.?\)?$"
    r"|\bcontributed reporting\.?\)?$",
    _I,
)
_SEPARATOR = re.compile(r"^[\W_]*$")
# A dateline on its own line is article text: "KYIV, Ukraine (AP) —", "WASHINGTON".
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’-]+(?:[ -][A-Z][A-Z.'’-]+)*(?:,\s*[A-Z][\w.'’ -]{1,40})?(?:,?\s*" + _MONTH
    + r"\s+\d{1,2}(?:,?\s*\d{4})?)?\s*(?:\([^)]{1,30}\))?\s*[-–—:]*$",
)
_LINKLIKE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+|(?<!\w)[@#]\w+")
_MENU_SEP = re.compile(r"\s[|»›>/·•]\s")
_WIDGET_SEP = re.compile(r"\s+[|·•]\s+")


def _credit_line(text: str) -> bool:
    if not _CREDIT_START.match(text):
        return False
    for word in _WORD.findall(text):
        if word[0].islower() and word.casefold() not in _CREDIT_CONNECTORS:
            return False
    return True


# A bare agency name on the last line is the wire's sign-off, not a photo credit.
_SIGN_OFFS = _WORDS["sign_offs"]


def _photo_credit(text: str) -> bool:
    if len(text) > 600 or text.casefold() in _SIGN_OFFS:
        return False
    # (the substring tests only skip patterns that cannot match: credits are checked on every line)
    slash = "/" in text
    return bool(
        (slash and (_CREDIT_TAIL.search(text) or _CREDIT_AGENCY_FIRST.search(text)))
        or ("(" in text and _CREDIT_BY.search(text))
        or _CREDIT_BARE.match(text)
        or (len(text) <= 120 and (_CREDIT_LABEL.search(text) or _COPYRIGHT_CREDIT.match(text))
            and not _stats(text).terminal)
    )


# Words a "Published ..."/"Updated ..." stamp may hold besides numbers and capitalised
# month or zone names; "Updated figures show ..." holds others and is a sentence.
_STAMP_WORDS = _WORDS["stamp_words"]


def _stamp_only(text: str) -> bool:
    return all(w in _STAMP_WORDS for w in _WORD.findall(text) if w[0].islower())


def _rule_reason(text: str, options: CleanOptions) -> str | None:
    """The reason a line is junk on its own, or None."""
    if _SEPARATOR.match(text):
        return "boilerplate"
    if _photo_credit(text):
        return "photo-credit"
    if len(text) > 300:  # widgets are short; a long line is prose
        return None
    if options.bylines and _BY_WORD.match(text) and _BYLINE.match(text):
        return "byline"
    if _credit_line(text) or (len(text) < 250 and "ontribut" in text.casefold() and _CONTRIBUTED.search(text)):
        return "boilerplate"
    for reason, pattern in _RULES:
        if pattern.match(text):
            if reason == "timestamp" and not _stamp_only(text):
                continue
            return reason
    # widgets run together on one line: "Updated 2 hours ago · 1.1K shares", "Advertisement · Scroll to
    # continue": junk when every part is junk on its own
    parts = [p.strip() for p in _WIDGET_SEP.split(text)]
    if len(parts) > 1 and all(parts):
        reasons = [_rule_reason(p, options) for p in parts]
        if all(reasons):
            return reasons[0]
    if _link_like(text):
        return "navigation"
    return None


def _link_like(text: str) -> bool:
    """Bare links and menus: 'Home | World | Europe', '@handle #tag'."""
    if "@" in text or "#" in text or "www." in text or "://" in text:  # what _LINKLIKE needs
        link_chars = sum(len(m) for m in _LINKLIKE.findall(text))
        if link_chars and link_chars >= 0.5 * len(text):
            return True
    parts = _MENU_SEP.split(text)
    return len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts) and not _stats(text).terminal


# ------------------------------------------------------------------ line units


@dataclass(slots=True)
class _Unit:
    """One paragraph: a line, or several lines of fixed-width copy joined."""

    line_nos: list[int]
    raw: list[str]  # original lines, surrounding whitespace stripped
    text: str  # normalised
    reason: str | None = None
    title: bool = False
    stats: _Stats | None = None
    _key: str | None = None

    @property
    def key(self) -> str:
        if self._key is None:
            self._key = _key(self.text)
        return self._key

    def get_stats(self) -> _Stats:
        if self.stats is None:
            self.stats = _stats(self.text)
        return self.stats


def _is_wrapped(lines: Sequence[str]) -> bool:
    """Fixed-width copy: short lines of similar width, mostly running on into the next line."""
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    if len(nonblank) < 6:
        return False
    lengths = sorted(len(lines[i].rstrip()) for i in nonblank)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if width > 100:
        return False
    pairs = [(i, i + 1) for i in nonblank if i + 1 < len(lines) and lines[i + 1].strip()]
    if len(pairs) < 0.6 * len(nonblank):
        return False
    wide = sum(1 for i, _ in pairs if len(lines[i].rstrip()) >= 0.6 * width)
    if wide < 0.5 * len(pairs):
        return False
    running_on = sum(1 for i, j in pairs if lines[j].lstrip()[:1].islower() or not _ends_sentence(lines[i]))
    return running_on >= 0.4 * len(pairs)


def _ends_sentence(line: str) -> bool:
    return _TERMINAL.search(line.rstrip()) is not None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _units(lines: Sequence[str], unwrap: bool) -> list[_Unit]:
    units: list[_Unit] = []
    if not (unwrap and _is_wrapped(lines)):
        for i, line in enumerate(lines):
            if line.strip():
                units.append(_Unit([i], [line.strip()], normalise_line(line)))
        return units
    # Fixed-width copy: a paragraph starts after a blank line, at an indented line
    # (wire copy indents paragraph starts and table rows), at a bullet, or after a
    # short line that ends a sentence; every other line runs on.
    nonblank = [len(line.rstrip()) for line in lines if line.strip()]
    width = sorted(nonblank)[int(0.9 * (len(nonblank) - 1))]
    base = min(_indent(line) for line in lines if line.strip())
    current: _Unit | None = None
    prev = ""
    for i, line in enumerate(lines):
        if not line.strip():
            current, prev = None, ""
            continue
        starts = (
            current is None
            or _indent(line) > base
            or _BULLET.match(line.strip()) is not None
            or (len(prev.rstrip()) < 0.6 * width and _ends_sentence(prev))
            or len(prev.rstrip()) < 0.4 * width
        )
        if starts:
            current = _Unit([i], [line.strip()], normalise_line(line))
            units.append(current)
        else:
            assert current is not None
            piece = normalise_line(line)
            glue = "" if current.text.endswith("-") and piece[:1].islower() else " "
            current.line_nos.append(i)
            current.raw.append(line.strip())
            current.text = f"{current.text}{glue}{piece}"
        prev = line
    return units


# ---------------------------------------------------------------------- cleaner


@dataclass(slots=True)
class _Prepared:
    doc: Document
    units: list[_Unit]
    keys: dict[str, str] = field(default_factory=dict)  # comparison key -> line text


class Cleaner:
    """Document -> Article.  Stateless between calls: the same batch always cleans the same way."""

    def __init__(self, options: CleanOptions | None = None):
        self.options = options or CleanOptions()

    def clean_batch(self, docs: Sequence[Document]) -> list[Article | Rejection]:
        """Clean a batch; lines shared by several unrelated documents of it count as boilerplate."""
        prepared = [self._prepare(doc) for doc in docs]
        common = self._batch_boilerplate(prepared)
        return [self._finish(p, common) for p in prepared]

    def clean(self, doc: Document) -> Article | Rejection:
        """Clean one document on its own (no batch statistics)."""
        return self._finish(self._prepare(doc), frozenset())

    # -- steps

    def _prepare(self, doc: Document) -> _Prepared:
        units = _units(doc.text.splitlines(), self.options.unwrap)
        return _Prepared(doc, units, {k: u.text for u in units if (k := u.key)})

    def _batch_boilerplate(self, prepared: Sequence[_Prepared]) -> frozenset[str]:
        """Keys of lines that several unrelated documents of the batch share."""
        min_docs = self.options.batch_min_docs
        if not min_docs or len(prepared) < min_docs:
            return frozenset()
        holders: dict[str, list[int]] = {}
        for n, p in enumerate(prepared):
            for k in p.keys:
                holders.setdefault(k, []).append(n)
        prose_docs = max(2 * min_docs, int(self.options.batch_prose_share * len(prepared) + 0.999))
        common: set[str] = set()
        for k in sorted(holders):
            docs = holders[k]
            if len(docs) < min_docs:
                continue
            needed = prose_docs if self._good(_Unit([], [], prepared[docs[0]].keys[k])) else min_docs
            if len(docs) >= needed and _unrelated(prepared, docs, needed):
                common.add(k)
        return frozenset(common)

    def _finish(self, p: _Prepared, common: frozenset[str]) -> Article | Rejection:
        doc, units, opts = p.doc, p.units, self.options
        title_key = _key(normalise_line(doc.title)) if doc.title else ""
        if units and title_key and units[0].key == title_key:
            units[0].title = True

        for unit in units:
            if not unit.title:
                unit.reason = _rule_reason(unit.text, opts)

        # Alt text right before a photo credit ("Smith" / "Minister Jane Smith.A Photographer/Getty Images").
        for prev, unit in zip(units, units[1:]):
            if (
                unit.reason == "photo-credit"
                and prev.reason is None
                and not prev.title
                and unit.line_nos[0] - prev.line_nos[-1] <= 2
                and prev.get_stats().words <= 12
                and not prev.get_stats().terminal
                and not _DATELINE.match(prev.text)
            ):
                prev.reason = "caption"

        seen: set[str] = set()
        for unit in units:
            key = unit.key
            if unit.title or not key:
                seen.add(key)
                continue
            if unit.reason is None and title_key and _is_title_repeat(key, title_key):
                unit.reason = "title-repeat"
            elif unit.reason is None and key in seen and self._long_enough(unit):
                unit.reason = "duplicate-line"
            seen.add(key)

        _mark_link_lists(units)
        if common:
            self._mark_common(units, common)
        if opts.edge_statistics:
            self._mark_edges(units, common)
        if opts.page_mode:
            self._mark_page(units)

        kept = [u for u in units if u.reason is None and (opts.title_in_text or not u.title)]
        if not kept:
            # a document that is its title line alone (a one-sentence brief): the line is the
            # article, not only its title -- when it reads as a sentence, not as a label or garbage
            kept = [u for u in units if u.reason is None and u.title and len(_WORD.findall(u.text)) >= 6]
        removed = tuple(
            RemovedLine(line_no=n, text=raw, reason=u.reason)
            for u in units
            if u.reason is not None
            for n, raw in zip(u.line_nos, u.raw)
        )
        text = "\n\n".join(u.text for u in kept)
        author = doc.author or _byline_author(units)
        if not text:
            counts = Counter(r.reason for r in removed)
            detail = ", ".join(f"{r}: {n}" for r, n in sorted(counts.items())) or "no text"
            return Rejection(source=doc.source, record=doc.record, stage="clean", reason="empty-after-clean",
                             detail=detail)
        # no outlet from the record's metadata or URL: the text's own credit line may name it
        outlet = doc.outlet or next((o for r in removed for o in [outlet_from_credit(r.text)] if o), None)
        return Article(
            id=doc.id, text=text, source=doc.source, format=doc.format, record=doc.record, title=doc.title,
            url=doc.url, outlet=outlet, date=doc.date, author=author, removed=removed,
        )

    # -- helpers

    def _long_enough(self, unit: _Unit) -> bool:
        return unit.get_stats().words >= self.options.min_duplicate_words

    def _good(self, unit: _Unit) -> bool:
        """jusText 'good': long enough and stop-word rich, i.e. prose."""
        s = unit.get_stats()
        if len(unit.text) >= self.options.good_min_chars:
            return s.stop_density >= self.options.good_min_stopwords
        return s.terminal and s.words >= 5 and s.stop_density >= self.options.bad_max_stopwords

    def _bad(self, unit: _Unit) -> bool:
        """jusText 'bad' for a short line: no sentence, few stop words, no figures."""
        if _DATELINE.match(unit.text):
            return False
        s = unit.get_stats()
        return (
            s.words <= self.options.bad_max_words
            and not s.terminal
            and not s.digits
            and s.stop_density < self.options.bad_max_stopwords
        )

    def _mark_common(self, units: list[_Unit], common: frozenset[str]) -> None:
        """Batch-repeated lines inside the body: only those long enough not to be table labels.

        "Nine mths" or "Year" recur in many unrelated earnings tables and are content;
        shorter repeated lines are left to the edge statistics.
        """
        for unit in units:
            if unit.reason is None and not unit.title and unit.key in common:
                s = unit.get_stats()
                if s.words >= 3 and not s.digits:
                    unit.reason = "boilerplate"

    def _mark_edges(self, units: list[_Unit], common: frozenset[str]) -> None:
        def bad(unit: _Unit) -> bool:
            return self._bad(unit) or (unit.key in common and not _DATELINE.match(unit.text))

        body = sum(1 for u in units if not u.title)
        for run in (_edge_run(units, bad), _edge_run(list(reversed(units)), bad)):
            if len(run) == body:  # no body to tell the edges from (a bare list, a table)
                continue
            # The junk zone reaches from the edge to the innermost line that is junk
            # for a stronger reason (a widget rule, batch repetition).  Short lines
            # further in are kept: a list of fixtures before a "Share" button is content.
            inner = max((n for n, u in enumerate(run) if u.reason is not None or u.key in common), default=0)
            for n, unit in enumerate(run):
                if unit.reason is None and (n < inner or unit.key in common):
                    unit.reason = "boilerplate"


    # -- page mode (issue 11)

    def _page_score(self, unit: _Unit) -> float:
        """What a line adds to a block of article text: its words if it is prose, a cost if it is not."""
        opts = self.options
        if unit.reason is not None:
            return -opts.page_junk_cost
        # n words take at least 2n - 1 characters: most menu items are decided without counting
        if len(unit.text) < (7 if _terminal(unit.text) else 4 * opts.page_prose_words - 1):
            return -opts.page_line_cost
        s = unit.get_stats()
        if s.words >= opts.page_prose_words and (s.terminal or s.words >= 2 * opts.page_prose_words) \
                and s.stop_density >= opts.page_prose_stopwords:
            score = float(s.words)
        elif s.terminal and s.words >= 4:
            score = 0.0  # a short sentence: inside the article it stays, at its edge it adds nothing
        else:
            return -opts.page_line_cost
        # cookie banners and sign-up boxes are sentences too (a long paragraph may mention cookies)
        if len(unit.text) < 400 and _FURNITURE.search(unit.text):
            return -opts.page_junk_cost
        return score

    def _mark_page(self, units: list[_Unit]) -> None:
        """Whole page: every line outside the article's header and block of prose is junk."""
        body = [u for u in units if not u.title]
        block = self._find_article(body)
        if block is None:
            return
        first: dict[str, int] = {}
        for n, u in enumerate(body):
            first.setdefault(u.key, n)
        for n, u in enumerate(body):
            if block.head <= n <= block.end:
                # a copy of a teaser or menu line above the article is the article's own line
                if u.reason in ("duplicate-line", "title-repeat") and first[u.key] < block.head:
                    u.reason = None
                if n < block.start and u.reason is None and block.scores[n] <= 0 \
                        and not self._headline_like(u, block.words):
                    u.reason = "outside-article"  # between the headline and the prose: a toolbar, a teaser
            elif u.reason is None:
                u.reason = "comments" if n >= block.stop else "outside-article"

    def _find_article(self, body: list[_Unit]) -> _Block | None:
        """The article in a whole page, or None when the text is not a page (or holds no article)."""
        opts = self.options
        if len(body) < opts.page_min_lines:
            return None
        scores = [self._page_score(u) for u in body]
        start, end, best = _best_block(scores)
        if best < opts.page_min_article:
            return None  # no block of prose: a list, a table, a link page; the rules are enough
        prefix = list(accumulate(scores, initial=0.0))
        stop = self._comment_section(body, prefix, start)
        if stop <= end:
            start, end, _ = _best_block(scores[:stop])
        end = self._related_stories(body, scores, prefix, start, end)
        while end + 1 < stop and scores[end + 1] == 0:
            end += 1  # short sentences right after the block end it ("And there you have it.")
        words = _content_words(" ".join(u.text for u in body[start:end + 1]))
        head, seen = start, 0
        for n in range(start - 1, -1, -1):  # lines junk by a rule (bylines, share buttons) are not counted
            if body[n].reason is None:
                seen += 1
                if seen > opts.page_head_lines:
                    break
                if self._headline_like(body[n], words):
                    head = n
        if stop == len(body) and not self._page_evidence(body[:head] + body[end + 1:]):
            return None  # already an article
        return _Block(head=head, start=start, end=end, stop=stop, words=words, scores=scores)

    def _page_evidence(self, outside: list[_Unit]) -> bool:
        """Menu-like lines and widget lines, enough of both, outside the block."""
        opts = self.options
        menus = widgets = 0
        for u in outside:
            if u.reason is not None:
                widgets += 1
            elif self._bad(u):
                menus += 1
            if menus >= opts.page_min_menus and widgets >= opts.page_min_widgets:
                return True
        return False

    def _comment_section(self, body: list[_Unit], prefix: list[float], start: int) -> int:
        """Index of the first line of the comment section below the article at ``start`` (len(body): none)."""
        opts = self.options
        stop = next((n for n in range(start + 1, len(body)) if _COMMENTS_HEAD.match(body[n].text)
                     and prefix[n] - prefix[start] >= opts.page_min_article), len(body))
        # comment by-lines over and over, with or without a header further down
        metas = [n for n in range(start + 1, len(body))
                 if len(body[n].text) <= 100 and _COMMENT_META.match(body[n].text)]
        for n in metas[: len(metas) - opts.page_comment_metas + 1]:
            if n >= stop:
                break
            if prefix[n] - prefix[start] >= opts.page_min_article:
                return n
        return stop

    def _related_stories(self, body: list[_Unit], scores: list[float], prefix: list[float], start: int,
                         end: int) -> int:
        """End of the block: a bare "Related stories" header inside it ends the article there, unless
        what follows the header is more article than what precedes it (a box in the middle)."""
        for n in range(start + 1, end + 1):
            if body[n].reason == "read-more" and _RELATED_HEAD.match(body[n].text):
                before = prefix[n] - prefix[start]
                if before >= self.options.page_min_article and _best_block(scores[n:end + 1])[2] < before:
                    return start + _best_block(scores[start:n])[1]
                break
        return end

    def _headline_like(self, unit: _Unit, article_words: set[str]) -> bool:
        """A short line sharing more than ``page_head_overlap`` of its content words with the article (its
        headline, deck, topic); the site's name, menus and teasers of other stories share few or none."""
        s = unit.get_stats()
        if not 2 <= s.words <= 30 or _link_like(unit.text):
            return False
        own = _content_words(unit.text)
        return len(own) >= 2 and len(own & article_words) >= self.options.page_head_overlap * len(own)


@dataclass(slots=True)
class _Block:
    """Where page mode found the article among the body lines of a page (indexes into them)."""

    head: int  # first line of the article's header (its headline); == start when none was found
    start: int  # first line of the block of prose
    end: int  # last line of the block
    stop: int  # first line of the comment section; len(body) when there is none
    words: set[str]  # the block's content words
    scores: list[float]  # every line's score


def _best_block(scores: Sequence[float]) -> tuple[int, int, float]:
    """The run of consecutive lines with the largest sum of scores: (first, last, sum); (-1, -1, 0) if none.

    Maximum-sum segment (Kadane), as in Pasternack & Roth's maximum subsequence segmentation
    of article text (WWW 2009), over lines instead of tokens.
    """
    best, best_a, best_b = 0.0, -1, -1
    run, start = 0.0, 0
    for n, x in enumerate(scores):
        if run <= 0:
            run, start = x, n
        else:
            run += x
        if run > best:
            best, best_a, best_b = run, start, n
    return best_a, best_b, best


# The site's own furniture in sentences: cookie banners, sign-up boxes, legal notices.
_FURNITURE = re.compile(
    r"\b(?:cookies?|consent|privacy (?:policy|notice|settings|statement)|personal (?:data|information)"
    r"|terms (?:of (?:use|service|sale)|and conditions)|newsletters?|subscri(?:be|ber|bers|ption)|sign(?:ed)? (?:up|in)"
    r"|log(?:ged)? in|javascript|browser|ad ?blocker|all rights reserved|copyright)\b",
    re.IGNORECASE,
)
_CONTENT_WORD = re.compile(r"[^\W\d_]{3,}")


def _content_words(text: str) -> set[str]:
    return {w for w in _CONTENT_WORD.findall(text.casefold()) if w not in _STOPWORDS}


# A bare header of a list of other stories: the article is over.
_RELATED_HEAD = re.compile(
    r"^\W*(?:related(?:\s+\w+)?|more (?:on|from|in|about) (?:this|the)\b.{0,30}|more (?:stories|news|articles)\b.{0,20}"
    r"|you (?:might|may) (?:also )?(?:like|enjoy)\b.{0,20}|recommended\b.{0,20}"
    r"|(?:most|the most) (?:read|popular|viewed|shared).{0,20}|(?:top|latest) (?:stories|news)\b.{0,20}"
    r"|(?:editor'?s'?|editors'?) (?:picks|choice)|trending\b.{0,20})\W*$",
    re.IGNORECASE,
)
# A comment's by-line: "Jane said," "JC Says:", "[Reply]", "Tim Worstall 11.06.12 at 11:06 am".
_COMMENT_META = re.compile(
    r"^(?:.{1,60}\s(?:said|says|wrote|writes)\s*(?:on\s.{0,40})?[:,.…]*|(?:\[\s*)?reply(?:\s*\])?"
    r"|report(?: abuse| comment)?|permalink|posted by:\s.{1,80}|.{1,60}\sat\s\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)$",
    re.IGNORECASE,
)
# The header of a comment section: "Comments", "35 Responses to “...”", "Leave a Reply", "Join the discussion".
_COMMENTS_HEAD = re.compile(
    r"^(?:\W*(?:\d+\s*)?(?:(?:user|reader|readers'?)\s+)?(?:comments?|responses?|replies|reply|reactions|discussion)"
    r"(?:\s*\(\d*\))?(?:\s*(?:on|to)\s.{0,150}|\s*[:»]|\s+\w+)?\W*"
    r"|(?:leave|post|add|write|submit|make)\s+(?:a |an |your |new |the |all )?(?:\d+ )?"
    r"(?:comments?|reply|replies|responses?)\b.{0,30}"
    r"|\W*\d+ (?:comments?|responses?|replies|thoughts|reactions)\b.{0,150}"
    r"|join the (?:conversation|discussion)\b.{0,30})$",
    re.IGNORECASE,
)


def _mark_link_lists(units: Sequence[_Unit]) -> None:
    """Below a bare recommendation header ("More on this story", "Related articles"),
    a tail of headline-like lines (short, no full stop) is a list of links."""
    body = [u for u in units if not u.title]
    for n, unit in enumerate(body):
        if unit.reason != "read-more" or len(unit.text.rstrip(":").split()) > 5:
            continue
        rest = body[n + 1 :]
        if rest and all(u.reason is not None or _headline_like(u) for u in rest):
            for u in rest:
                if u.reason is None:
                    u.reason = "read-more"
            return


def _headline_like(unit: _Unit) -> bool:
    return unit.get_stats().words <= 20 and not unit.text.rstrip("'\"’”)]").endswith(".")


def _edge_run(units: Sequence[_Unit], bad) -> list[_Unit]:
    """Units from one edge inwards while they are junk already or 'bad' (title skipped)."""
    run: list[_Unit] = []
    for unit in units:
        if unit.title:
            continue
        if unit.reason is not None or bad(unit):
            run.append(unit)
        else:
            break
    return run


def _is_title_repeat(key: str, title_key: str) -> bool:
    if key == title_key:
        return True
    # "Title | Site name", "Title - BBC News"
    return key.startswith(title_key) and len(key.split()) - len(title_key.split()) <= 4 and len(title_key) >= 20


def _unrelated(prepared: Sequence[_Prepared], docs: Sequence[int], needed: int) -> bool:
    """Do at least ``needed`` of ``docs`` differ from each other (not copies of one story)?"""
    reps: list = []
    for n in docs:
        keys = prepared[n].keys.keys()
        for rep in reps:
            # Copies share most of their *other* lines; the line in question is shared by all.
            others = len(keys & rep) - 1
            if others >= 1 and others >= 0.5 * (min(len(keys), len(rep)) - 1):
                break
        else:
            reps.append(keys)
            if len(reps) >= needed:
                return True
    return False


def _byline_author(units: Sequence[_Unit]) -> str | None:
    for unit in units:
        if unit.reason == "byline":
            m = _BYLINE.match(unit.text)
            if m:
                return m.group("name").strip(" ,")
    return None


__all__ = ["Cleaner", "CleanOptions", "REASONS", "normalise_line"]
