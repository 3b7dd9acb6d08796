"""Encoding damage repaired at ingest: UTF-8 that was once read as cp1252 or Latin-1 ("Â£5m",
"Lopezâ€™s", "SÃ£o Paulo") becomes the text it was ("£5m", "Lopez’s", "São Paulo").

Scraped articles often carry it in titles and text, and it splits one name into two entities.
ftfy's ``fix_encoding`` only undoes mojibake (it leaves quotes, dashes and spacing alone) and
changes nothing unless the re-decoded text is more plausible than the damaged one; the cheap
check below keeps it off the clean majority of texts.

Old wire copy typed the apostrophe as a double mark ("don"t", "Brazil"s output"): inside a
word it is an apostrophe, or the reader takes "don" for a word, loses the negation and opens
a quotation that never closes.
"""

from __future__ import annotations

import re

from ftfy import fix_encoding

# The lead characters of UTF-8 multi-byte sequences seen through cp1252/Latin-1: every
# mojibake of a non-ASCII character starts with one of them.
_SUSPECT = re.compile("[\u00c2\u00c3\u00c4\u00c5\u00e2\u00ce\u00cf\u00d0\u00d1\u00e0-\u00ef][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")


# a double mark between a letter and a contraction or possessive ending: one character for one
_APOSTROPHE = re.compile(r'(?<=[A-Za-z])"(?=(?:t|s|re|ve|ll|d|m)\b)')


def repair(text: str) -> str:
    """``text`` with mojibake undone; ``text`` itself when there is none."""
    if not text:
        return text
    text = _APOSTROPHE.sub("'", text)
    if not _SUSPECT.search(text):
        return text
    return fix_encoding(text)


def repair_meta(value: str | None) -> str | None:
    return repair(value) if isinstance(value, str) else value
