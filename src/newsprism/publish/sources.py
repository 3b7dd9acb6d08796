"""Who a source is: a short label and a kind (wire, newspaper, blog, content farm ...).

Told first from the table of known outlets (:mod:`newsprism.outlets`, ``data/outlets.tsv``:
a few hundred well-known English-language outlets by domain), then from metadata (outlet,
url, author), the lines cleaning removed, and a wire credit in the dateline, with lexicons of
name *patterns* ("... Press Agency", "... Weekly", "...blog.example") for the outlets the
table does not list.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from .. import outlets
from ..records import Article

#: Every kind a source can have, in the order a brief prefers a source's headline
#: (wire copy first, content farms last).  ``unknown`` means "no evidence either way".
KINDS = ("wire", "newspaper", "broadcaster", "magazine", "unknown", "aggregator", "blog", "content-farm")

_WIRE = re.compile(
    r"\b(associated press|reuters|agence france[- ]presse|afp|upi|united press international|dpa|efe|ansa|"
    r"pa media|press association|xinhua|tass|kyodo|yonhap|anadolu|bloomberg news|apnews\.com|"
    r"reuters\.com|afp\.com)\b",
    re.I,
)
# Wire services name themselves for what they are: "Iberia Press Agency", "Anadolu Agency",
# "Jiji Press", "Kyodo News Service", "PR Newswire".  "Press" alone is not enough
# ("Detroit Free Press", "The Press" are newspapers), so it needs "agency" or a
# wire word next to it.
_WIRE_NAME = re.compile(
    r"\bagen(cy|cia|ce|zia|tur)\b|\bnews ?wire\b|\b(wire|news) service\b|^(?!the\b)\w+ press$|"
    r"\bpress (international|trust)\b",
    re.I,
)
_WIRE_SHORT = re.compile(r"^(ap|afp|upi|dpa|efe|ap news)$", re.I)
# A wire credit in the dateline ("KYIV (AP) —", "(Reuters) -") marks carried wire copy.
_WIRE_DATELINE = re.compile(r"\((AP|Reuters|AFP|UPI|dpa)\)\s*[-\u2014\u2013]")
_AGGREGATOR = re.compile(
    r"(yahoo|msn\.com|\bmsn\b|news\.google|google news|newsbreak|flipboard|ground\.news|smartnews|"
    r"\baol\b|newsnow|aggregat|headtopics|inkl\.com|pressreader|newsbeezer|\bdnyuz\b|\bmenafn\b)",
    re.I,
)
# A page that sends its reader to the outlet it took the story from republishes
# that story: "read more from <outlet>", "this article originally appeared in ...".
_CREDIT = re.compile(
    r"^\W*(read (more|the (full|original) (story|article)) (from|at|on)\b|"
    r"(this (story|article) )?(was )?(originally|first) (published|appeared) (in|on|at|by)\b)",
    re.I,
)
_BLOG = re.compile(
    r"(blogspot\.|wordpress\.|medium\.com|substack\.com|tumblr\.|livejournal|\bblogs?\b|blog\.|blog\b)", re.I
)
_MAGAZINE = re.compile(
    r"(magazine|\bmag\b|\bweekly\b|\bmonthly\b|\bquarterly\b|\breview\b|newsweek|\btime\.com\b|theatlantic|"
    r"the atlantic|newyorker|new yorker|economist|foreign policy|foreignpolicy|\bvox\b|wired|the nation|"
    r"new statesman|spectator|rolling stone|vanity fair|politico magazine|businessinsider|business insider|"
    r"forbes|fortune)",
    re.I,
)
_BROADCASTER = re.compile(
    r"\b(bbc|cnn|nbc|abc news|cbs|fox news|sky news|npr|pbs|al jazeera|aljazeera|deutsche welle|dw|"
    r"france ?24|rfi|cbc|rt[eé]|itv|channel \d+|euronews|radio|tv|television|broadcast(ing)?)\b",
    re.I,
)
_NEWSPAPER = re.compile(
    r"\b(times|post|herald|courier|gazette|tribune|journal|chronicle|observer|telegraph|guardian|independent|"
    r"examiner|inquirer|dispatch|globe|mail|mirror|express|standard|star|sun|bulletin|sentinel|"
    r"courant|register|newspaper|daily news|evening news)\b",
    re.I,
)
# Content farms: a made-up generic name ("WorldNews24", "DailyNews365", "TopNews247")
# and pages posted by "admin".  A real outlet's name says where or who it is.
_FARM_NAME = re.compile(
    r"^(the)?(world|global|daily|breaking|latest|top|trending|hot|viral|live|best|all|usa?|uk|info|just|fresh|"
    r"today)[\s_-]*news[\s_-]*(24|247|24x7|24-7|365|360|\d{1,3})$|"
    r"^[a-z]*news[\s_-]*(24x7|247|365|360)$",
    re.I,
)
_FARM_AUTHOR = re.compile(r"^(by\s+)?(admin|administrator|webmaster|site ?admin)$", re.I)
_FARM_LINE = re.compile(r"\bposted\b.*\bby admin\b", re.I)


def host(url: str | None) -> str:
    """The web host of ``url`` without ``www.`` ("" when there is none)."""
    return outlets.host(url) or ""


#: Sources that name no file a reader would know: stdin, a text given to ``read_one``.
_NO_FILE = ("-", "<text>", "")
#: Formats that hold many records in one file: the label names the record too.
_MANY = ("jsonl", "warc", "feed")


def source_label(article: Article) -> str:
    """A short human name for a source: its outlet, else its web host, else the file it came from
    ("bbc300.jsonl#17" for a record of a file of many), else its title, else its id."""
    if article.outlet and article.outlet.strip():
        return article.outlet.strip()
    if host(article.url):
        return host(article.url)
    if article.source not in _NO_FILE and not article.source.startswith("<"):
        name = PurePath(article.source).name or article.source
        return f"{name}#{article.record}" if article.format in _MANY else name
    if article.title and article.title.strip():
        title = article.title.strip()
        return title if len(title) <= 48 else title[:47].rstrip() + "\u2026"
    return article.id[:10]


def kind_label(kind: str) -> str:
    """The kind as a reader sees it ("content farm", not "content-farm")."""
    return kind.replace("-", " ")


def source_kind(article: Article) -> str:
    """One of :data:`KINDS`, told from metadata, removed lines and a wire dateline."""
    outlet = (article.outlet or "").strip()
    site = host(article.url)
    name = site.rsplit(".", 1)[0] if site else ""  # "worldnews24.example" -> "worldnews24"
    meta = " ".join(x for x in (outlet, site, article.author) if x)
    if outlet and _WIRE_SHORT.match(outlet):
        return "wire"
    if (_FARM_NAME.match(outlet) or _FARM_NAME.match(name) or _FARM_AUTHOR.match((article.author or "").strip())
            or any(_FARM_LINE.search(r.text) for r in article.removed)):
        return "content-farm"
    # A known outlet (data/outlets.tsv): the site's host first (the platform decides), then the name.
    known = outlets.outlet_kind(outlet, article.url)
    if known is not None:
        return known
    # Aggregators and blogs often carry wire copy: the platform decides what the source is.
    if _AGGREGATOR.search(meta):
        return "aggregator"
    if _BLOG.search(" ".join(x for x in (outlet, site) if x)):
        return "blog"
    if _WIRE.search(meta) or _WIRE_NAME.search(outlet):
        return "wire"
    if any(_CREDIT.search(r.text) for r in article.removed):
        return "aggregator"
    if _MAGAZINE.search(meta):
        return "magazine"
    if _BROADCASTER.search(outlet) or _BROADCASTER.search(name):
        return "broadcaster"
    if _NEWSPAPER.search(outlet) or _NEWSPAPER.search(name):
        return "newspaper"
    if _WIRE_DATELINE.search(article.text[:400]):
        return "wire"
    return "unknown"


__all__ = ["KINDS", "host", "kind_label", "source_kind", "source_label"]
