"""Bytes -> text, robustly: BOM, declared charset, UTF-8, then detection.

Web pages and feeds lie about their encoding often enough that a declared
charset is only tried first, never trusted blindly; legacy Western pages are
mostly windows-1252, which detectors tend to confuse with its Baltic and
Central European siblings, so it is preferred when it reads as cleanly.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# <meta charset="x">, <meta http-equiv=... content="text/html; charset=x">, <?xml encoding="x"?>
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{2,40})""", re.I)
_MAX_CHAOS = 0.2


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML/XML head (or an HTTP Content-Type value) declares, if Python knows it."""
    m = _DECLARED.search(head[:4096])
    if not m:
        return None
    return _known(m.group(1).decode("ascii", "ignore"))


def _known(name: str | None) -> str | None:
    """The codec's name when ``name`` is a text encoding Python has; a page may declare
    ``charset=hex``, ``uu`` or ``rot13``, which are codecs but no text encodings (issue 12)."""
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip())
    except (LookupError, ValueError):
        return None
    # Codecs such as hex and rot13 say so themselves (CodecInfo._is_text_encoding, set since Python 3.4).
    return info.name if getattr(info, "_is_text_encoding", True) else None


def decode_bytes(data: bytes, declared: str | None = None) -> str | None:
    """Decode ``data``; ``None`` when no encoding gives readable text."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc)
            except UnicodeDecodeError:
                return None
    for enc in (_known(declared), "utf-8"):
        if enc:
            try:
                return data.decode(enc)
            except (UnicodeError, LookupError):  # punycode and idna raise plain UnicodeError
                pass
    return _detect(data)


def _detect(data: bytes) -> str | None:
    try:
        import charset_normalizer
    except ImportError:  # pragma: no cover - shipped with trafilatura
        return _cp1252_if_plausible(data)
    if len(data) < 200:  # too little for a detector to judge: the common case wins
        return _cp1252_if_plausible(data)
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None or best.chaos > _MAX_CHAOS:
        return None
    western = next((m for m in matches if m.encoding == "cp1252"), None)
    if western is not None and western.chaos <= min(best.chaos + 0.1, _MAX_CHAOS):
        return str(western)
    return str(best)


def _cp1252_if_plausible(data: bytes) -> str | None:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    # Mojibake from a wrong guess is dense in symbols and lone accented capitals.
    odd = sum(1 for ch in text if not (ch.isascii() or ch.isalpha()) or (ch.isupper() and not ch.isascii()))
    return text if odd <= 0.1 * max(len(text), 1) else None
