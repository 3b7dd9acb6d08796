"""HTML pages: trafilatura finds the article and its metadata.

Text, title, author, date and site name come from trafilatura; the URL from
the page's canonical link or ``og:url`` (or the crawl's target URI when the
page came out of a WARC); the outlet is the site name, else the URL's domain.
When trafilatura finds no article (very short pages, odd markup), takes longer
than ``IngestOptions.html_seconds`` or is not tried (a page of more than
``IngestOptions.html_max_elements`` elements), the visible text of ``<body>`` is
used instead, so nothing is dropped silently.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from lxml import etree
from lxml import html as lxml_html

from ..records import Document, Rejection
from .base import IngestOptions, make_document, reject
from .common import element_text, normalize_date, outlet_from_url
from .limits import Overtime, deadline

log = logging.getLogger(__name__)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_TITLE_SUFFIX = re.compile(r"\s+[|\u2013\u2014-]\s+[^|\u2013\u2014-]{2,60}$")  # "Headline | Site Name"


def parse_html(html: str, source: str, record: int, options: IngestOptions, *, url: str | None = None,
               fmt: str = "html") -> Document | Rejection:
    """A Document from one HTML page (already decoded)."""
    html = _XML_DECL.sub("", html, count=1)  # lxml refuses str input that declares an encoding
    if "\x00" in html:
        html = html.replace("\x00", "")  # lxml refuses NUL characters; a page with one is still a page
    try:
        tree = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        return reject(source, record, "invalid-html", str(exc))
    page_url = _page_url(tree)
    extracted = _trafilatura(html, tree, url or page_url, options)
    text = (extracted.text if extracted is not None else None) or ""
    if not text.strip():
        body = tree.find("body")
        text = element_text(body) if body is not None else ""
        if not text.strip():
            return reject(source, record, "no-text", "no article text found in the page")
    meta = extracted
    title = (getattr(meta, "title", None) or _title_tag(tree) or "").strip() or None
    sitename = getattr(meta, "sitename", None)
    final_url = url or page_url or getattr(meta, "url", None)
    if title and sitename and title.endswith(sitename):
        title = _TITLE_SUFFIX.sub("", title) or title
    return make_document(
        text, source, record, fmt, options,
        title=title,
        url=final_url,
        outlet=sitename or outlet_from_url(final_url),
        date=normalize_date(getattr(meta, "date", None)),
        author=getattr(meta, "author", None),
    )


def _trafilatura(html: str, tree, url: str | None, options: IngestOptions):
    import trafilatura

    # trafilatura takes about 70 µs and 2 KB per element: a page of a million tags
    # would take minutes and gigabytes (issue 12), so big pages skip it.
    if any(n >= options.html_max_elements for n, _ in enumerate(tree.iter())):
        log.warning("a page of over %d elements (IngestOptions.html_max_elements) at %s: using its body text",
                    options.html_max_elements, url)
        return None
    try:
        with deadline(options.html_seconds):
            return trafilatura.bare_extraction(
                html, url=url, with_metadata=True, include_comments=options.include_comments,
                include_tables=False, deduplicate=False,
            )
    except Overtime:
        log.warning("trafilatura took over %g s on %s (IngestOptions.html_seconds): using the page's body text",
                    options.html_seconds, url)
        return None
    except Exception as exc:  # noqa: BLE001 - a third-party extractor failing on one page must not stop a batch
        log.warning("trafilatura failed on %s: %s", url, exc)
        return None


def _page_url(tree) -> str | None:
    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content',
                  '//meta[@name="og:url"]/@content'):
        found = [v.strip() for v in tree.xpath(xpath) if v.strip().startswith(("http://", "https://"))]
        if found:
            return found[0]
    return None


def _title_tag(tree) -> str | None:
    found = tree.xpath("//title/text()")
    return found[0] if found else None


def read_html(data: str, source: str, options: IngestOptions) -> Iterator[Document | Rejection]:
    yield parse_html(data, source, 1, options)
