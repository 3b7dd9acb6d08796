"""Known news outlets: web domain -> outlet name and kind (``data/outlets.tsv``).

Three questions are answered here, for ingest, publish and cross-checking alike:

- *who published this?* :func:`outlet_from_url` names a page's outlet from its URL
  ("https://www.bbc.co.uk/news/x" -> "BBC News"; an unknown site -> its host, "portnews.example");
  :func:`canonical_outlet` is what ingest stores when a record gives an outlet, a URL or neither;
- *what kind of source is it?* :func:`outlet_kind` (wire, broadcaster, newspaper, magazine,
  aggregator, blog) from the URL's host first (the platform decides: a Yahoo page carrying a
  Reuters story is an aggregator's page), then from the outlet's name;
- *are two articles one source?* :func:`outlet_key` is one string per outlet (two BBC pages, one
  on bbc.com and one on bbc.co.uk, or labelled "BBC" and "BBC News", share it), and
  :func:`independent_sources` merges copy families with articles of one outlet: what
  corroboration counts.

The table lists well-known English-language outlets from general knowledge; it is not fitted
to any test data.  A domain matches itself and every subdomain (the longest listed domain wins:
news.yahoo.com before yahoo.com).  Blog platforms (substack.com, blogspot.com ...) are listed
with the name ``-``: each site on them is its own outlet, named by its host.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

#: The kinds the table gives (publish.sources adds "content-farm" and "unknown").
KINDS = ("wire", "broadcaster", "newspaper", "magazine", "aggregator", "blog")


@dataclass(frozen=True, slots=True)
class Outlet:
    """One row of ``data/outlets.tsv``; ``name`` is None for a platform that hosts many sites."""

    domain: str
    name: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class _Table:
    by_domain: dict[str, Outlet]
    by_name: dict[str, Outlet]


@lru_cache(maxsize=1)
def _table() -> _Table:
    text = resources.files("newsprism").joinpath("data/outlets.tsv").read_text(encoding="utf-8")
    by_domain: dict[str, Outlet] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 3 or cells[2] not in KINDS:
            raise ValueError(f"data/outlets.tsv line {n}: expected domain<TAB>name<TAB>kind, got {line!r}")
        domain, name, kind = (c.strip() for c in cells)
        by_domain[domain.lower()] = Outlet(domain.lower(), None if name == "-" else name, kind)
    by_name: dict[str, Outlet] = {}
    stems: dict[str, set[Outlet]] = {}
    for o in by_domain.values():
        if o.name is None:
            continue
        by_name.setdefault(_norm(o.name), o)
        # "BBC News" is also "BBC", "Fox News" also "Fox": outlets shorten their own names so
        short = re.sub(r"\s+news$", "", _norm(o.name))
        if short and short != _norm(o.name):
            by_name.setdefault(short, o)
        # and credit lines name a site by its domain's label ("read more from theguardian")
        stems.setdefault(o.domain.split(".")[0] if o.domain.count(".") == 1 or _is_cc_second(o.domain)
                         else "", set()).add(o)
    for stem, found in stems.items():
        if stem and len({o.name for o in found}) == 1:
            by_name.setdefault(stem, next(iter(found)))
    return _Table(by_domain, by_name)


def _is_cc_second(domain: str) -> bool:
    """bbc.co.uk, smh.com.au: a name under a country's second-level domain."""
    parts = domain.split(".")
    return len(parts) == 3 and parts[1] in ("co", "com", "org", "net", "or", "ac", "gov") and len(parts[2]) == 2


_NOT_WORD = re.compile(r"[^\w]+")


def _norm(name: str) -> str:
    """Case, accents, punctuation and a leading "The" do not tell two outlet names apart."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = _NOT_WORD.sub(" ", text.replace("&", " and ")).strip()
    return text.removeprefix("the ").strip()


def host(url: str | None) -> str | None:
    """The host of ``url`` in lower case without ``www.``; None when there is none (or no dot in it)."""
    if not url or not url.strip():
        return None
    url = url.strip()
    try:
        name = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:  # "https://x.example/[bold]": "Invalid IPv6 URL"
        return None
    if not name or "." not in name:
        return None
    return name.removeprefix("www.")


def by_host(name: str | None) -> Outlet | None:
    """The listed outlet of a host or of its nearest listed parent domain."""
    if not name:
        return None
    table = _table().by_domain
    labels = name.lower().rstrip(".").removeprefix("www.").split(".")
    for i in range(len(labels) - 1):
        found = table.get(".".join(labels[i:]))
        if found is not None:
            return found
    return None


_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+/?$", re.I)


def by_name(name: str | None) -> Outlet | None:
    """The listed outlet a name stands for ("The Guardian", "guardian", "BBC", "bbc.co.uk")."""
    if not name or not name.strip():
        return None
    if _DOMAIN.match(name.strip()):
        return by_host(host(name.strip()))
    return _table().by_name.get(_norm(name))


def outlet_from_url(url: str | None) -> str | None:
    """The outlet a URL names: a listed outlet's name, else the host ("portnews.example")."""
    h = host(url)
    found = by_host(h)
    return found.name if found is not None and found.name else h


def canonical_outlet(outlet: str | None, url: str | None) -> str | None:
    """What ingest stores as a record's outlet: the outlet it names (a listed domain given as the
    outlet, "bbc.co.uk", becomes its name), else the one its URL names, else None."""
    if outlet and outlet.strip():
        outlet = outlet.strip()
        if _DOMAIN.match(outlet):
            found = by_host(host(outlet))
            if found is not None and found.name:
                return found.name
        return outlet
    return outlet_from_url(url)


def outlet_kind(outlet: str | None, url: str | None) -> str | None:
    """The listed kind: of the URL's host first (the platform decides), then of the outlet's name."""
    found = by_host(host(url)) or by_name(outlet)
    return found.kind if found is not None else None


def outlet_key(outlet: str | None, url: str | None) -> str | None:
    """One string per outlet, for telling whether two articles come from one source.

    The outlet's name decides when there is one (a Yahoo page carrying Reuters is Reuters'
    report); a listed outlet is keyed by its listed name, so "BBC", "BBC News" and "bbc.co.uk"
    are one; without an outlet, the URL's outlet.  None when neither is known: such an article
    is a source of its own."""
    name = outlet.strip() if outlet and outlet.strip() else outlet_from_url(url)
    if not name:
        return None
    found = by_name(name)
    if found is not None and found.name:
        return _norm(found.name)
    return _norm(name) or name.casefold()


def independent_sources(articles: Iterable, families: Mapping[str, str] | None = None) -> dict[str, str]:
    """article id -> id of its independent source: the smallest article id among its copy family
    (``families``: article id -> family id) and every article of the same outlet (:func:`outlet_key`).

    Copies of one original say nothing new, and neither do two reports by one newsroom: each
    such group counts once when sources are counted.  Without outlets this is the copy families."""
    from scipy.cluster.hierarchy import DisjointSet

    arts = list(articles)
    families = families or {}
    sources = DisjointSet(a.id for a in arts)
    first_of: dict[str, str] = {}
    for a in arts:
        for key in (("family", families.get(a.id, a.id)), ("outlet", outlet_key(a.outlet, a.url))):
            if key[1] is None:
                continue
            k = f"{key[0]}:{key[1]}"
            if k in first_of:
                sources.merge(first_of[k], a.id)
            else:
                first_of[k] = a.id
    smallest = {x: min(group) for group in sources.subsets() for x in group}
    return {a.id: smallest[a.id] for a in arts}


__all__ = ["KINDS", "Outlet", "by_host", "by_name", "canonical_outlet", "host", "independent_sources",
           "outlet_from_url", "outlet_key", "outlet_kind"]


# A credit line that names where the text comes from: "read more from theguardian",
# "Read the original article on Vox", "This story was first published by The New York Times".
_CREDIT = re.compile(
    r"^\W*(?:(?:read|see|view) (?:more|the (?:original|full) (?:article|story|report|post)) (?:from|on|at)"
    r"|(?:this (?:article|story|report|post) )?(?:was )?(?:originally|first) (?:published|appeared|ran)"
    r" (?:on|in|at|by))\s+(?P<name>[\w][\w .&'-]{0,60}?)[\s.…!]*$", re.I)


_SITE_LABEL = re.compile(r"[a-z]{6,}\d*")


def _site_label_words(label: str) -> str | None:
    """A site's label written as one lower-case word ("eveningstandard", as in its domain) as the
    outlet's words, capitalised ("Evening Standard"), when it splits into two or more English
    words (wordninja's word frequencies: the most probable split); None for one word ("here")."""
    if not _SITE_LABEL.fullmatch(label):
        return None
    import wordninja

    parts = wordninja.split(label)
    if len(parts) < 2 or any(len(p) < 2 for p in parts if not p.isdigit()):
        return None
    return " ".join(p[:1].upper() + p[1:] for p in parts)


def outlet_from_credit(line: str) -> str | None:
    """The outlet a credit line names: its listed name ("theguardian" -> "The Guardian"), else the
    name as written when it reads as one (capitalised words or a domain), else a site label
    split into its words ("eveningstandard" -> "Evening Standard"); None for no credit."""
    m = _CREDIT.match(line.strip())
    if m is None:
        return None
    name = m["name"].strip()
    found = by_name(name)
    if found is not None and found.name:
        return found.name
    if _DOMAIN.match(name):
        return outlet_from_url(name)
    joined = _site_label_words(name)
    if joined:
        return joined
    words = name.split()
    return name if words and len(words) <= 5 and all(w[0].isupper() or w[0].isdigit() or w in ("of", "and", "&")
                                                     for w in words) else None
