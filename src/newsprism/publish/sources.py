"""Who a source is: a short label and a kind (wire, newspaper, blog, content farm ...).

Told from metadata (outlet, url, author), the lines cleaning removed, and a wire
credit in the dateline.  Lexicons of name *patterns* ("... Press Agency",
"... Weekly", "...blog.example"), not a list of every outlet: the few outlets
named are the big wires and platforms whose names follow no pattern.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

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
    if not url:
        return ""
    return urlparse(url).netloc.lower().removeprefix("www.")


def source_label(article: Article) -> str:
    """A short human name for a source: outlet, else the web host, else the title."""
    if article.outlet and article.outlet.strip():
        return article.outlet.strip()
    if host(article.url):
        return host(article.url)
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
