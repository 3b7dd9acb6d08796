"""Limits that hold after decompression and per record, so that no input can exhaust memory or time.

Compressed sizes say nothing about what a file holds (a 1 MB gzip member expands to 1 GB), so
every limit counts decompressed bytes, as the readers see them:

* :class:`BoundedStream` counts the bytes a streamed file (JSON Lines, WARC) gives and stops at
  ``IngestOptions.max_stream_bytes``; :meth:`BoundedStream.window` bounds what a parser may read
  before the next record starts (a WARC header block that never ends);
* :func:`read_line` reads one JSON line of at most ``IngestOptions.max_record_bytes`` and skips
  the rest of a longer one without holding it;
* :func:`limit_text` keeps an article's text under ``IngestOptions.max_chars`` (cut at a
  paragraph break, or rejected), so the parser never gets a text it cannot read in seconds;
* :func:`break_long_words` keeps runs without a space under ``IngestOptions.max_word_chars``,
  on which spaCy's tokenizer is quadratic;
* :func:`squeeze_repeats` cuts a run of one repeated symbol to ``IngestOptions.max_repeat_chars``:
  each symbol is a token, and the tagger and parser take a second per few thousand tokens;
* :func:`deadline` stops a third-party extractor that runs past its time budget.

A limit that stops a whole file raises :class:`StreamStop`; the reader turns it into a rejection.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gzip
import logging
import re
import threading
import zlib
from typing import BinaryIO

log = logging.getLogger(__name__)

_GZIP_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)


class StreamStop(Exception):
    """The rest of a streamed file cannot be read: ``reason`` is the rejection reason."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


class BoundedStream:
    """A binary stream that counts the (decompressed) bytes it gives and stops at a limit.

    A compressed stream that ends early raises ``StreamStop("truncated")`` (not ``EOFError``,
    which parsers such as warcio take for a clean end of file).
    """

    def __init__(self, stream: BinaryIO, limit: int, option: str = "max_stream_bytes"):
        self.stream = stream
        self.limit = limit
        self.option = option
        self.pos = 0
        self._window_end: int | None = None
        self._window = (0, "")

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes; fewer when the stream has fewer at hand (``read1``): a gzip
        stream cut short raises on a read that would also have given the data before the cut."""
        if size is None or size < 0:  # all of it, in blocks: never one allocation of the whole limit
            return b"".join(iter(lambda: self.read(1 << 20), b""))
        return self._count(self._call(getattr(self.stream, "read1", self.stream.read), size))

    def readline(self, size: int = -1) -> bytes:
        return self._count(self._call(self.stream.readline, size))

    @contextlib.contextmanager
    def window(self, size: int, option: str):
        """At most ``size`` more bytes may be read inside this block (``option`` names the limit)."""
        self._window_end, self._window = self.pos + size, (size, option)
        try:
            yield
        finally:
            self._window_end = None

    def _call(self, fn, size: int) -> bytes:
        if size == 0:
            return b""
        # Never ask for more than the limits leave (+1, to notice going over).
        room = self.limit - self.pos + 1
        if self._window_end is not None:
            room = min(room, self._window_end - self.pos + 1)
        try:
            return fn(room if size is None or size < 0 else min(size, room))
        except _GZIP_ERRORS as exc:
            raise StreamStop("truncated", f"compressed stream ends early: {exc}") from exc

    def _count(self, data: bytes) -> bytes:
        self.pos += len(data)
        if self.pos > self.limit:
            raise StreamStop("too-large", f"over {self.limit} bytes after decompression; raise IngestOptions."
                                          f"{self.option}")
        if self._window_end is not None and self.pos > self._window_end:
            size, option = self._window
            raise StreamStop("too-large", f"a record header over {size} bytes; raise IngestOptions.{option}")
        return data


def read_line(stream, max_bytes: int) -> tuple[bytes, int]:
    """The next line (``b""`` at the end) and its full length; a line over ``max_bytes`` comes
    back empty with its length, its bytes read past in blocks, never held."""
    line = stream.readline(max_bytes + 1)
    if len(line) <= max_bytes or line.endswith(b"\n"):
        return line, len(line)
    length = len(line)
    del line
    while True:
        block = stream.readline(1 << 20)
        length += len(block)
        if not block or block.endswith(b"\n"):
            return b"", length


def limit_text(text: str, max_chars: int, long_text: str) -> tuple[str, str | None]:
    """``(text, None)`` when it is short enough; ``(cut, None)`` cut at the last paragraph break
    before ``max_chars`` (in the second half); ``("", why)`` when it must be rejected."""
    if len(text) <= max_chars:
        return text, None
    if long_text == "reject":
        return "", f"{len(text)} characters, over IngestOptions.max_chars={max_chars}"
    cut = text.rfind("\n", max_chars // 2, max_chars + 1)
    if cut < 0:
        return "", (f"{len(text)} characters with no paragraph break between {max_chars // 2} and {max_chars} "
                    f"(IngestOptions.max_chars)")
    return text[:cut].rstrip(), None


def break_long_words(text: str, max_word_chars: int) -> str:
    """``text`` with a space put into every run of more than ``max_word_chars`` characters without
    one.  spaCy's tokenizer peels prefixes and suffixes off a run one at a time, scanning the rest
    each time: 6,000 ``[``, ``=``, ``$`` or emoji in a row took 5 to 10 s (issue 12)."""
    if len(text) <= max_word_chars:
        return text
    pattern = _long_run(max_word_chars)
    if not pattern.search(text):
        return text
    return pattern.sub(lambda m: " ".join(m[0][i:i + max_word_chars]
                                          for i in range(0, len(m[0]), max_word_chars)), text)


def squeeze_repeats(text: str, max_repeat_chars: int) -> str:
    """``text`` with every run of one symbol (not a letter, digit or space) repeated more than
    ``max_repeat_chars`` times cut to that many.  ``"[" * 20000`` is 20,000 tokens, which the
    tagger and parser read for 10 s; a rule line of 40 ``=`` says all that 1,000 do."""
    if len(text) <= max_repeat_chars:
        return text
    return _repeat_run(max_repeat_chars).sub(lambda m: m[1] * max_repeat_chars, text)


@functools.lru_cache(maxsize=4)
def _repeat_run(n: int) -> re.Pattern:
    return re.compile(rf"([^\w\s])\1{{{n},}}")


@functools.lru_cache(maxsize=4)
def _long_run(n: int) -> re.Pattern:
    return re.compile(rf"\S{{{n + 1},}}")


class Overtime(BaseException):
    """Raised inside a call that ran past its :func:`deadline`.  Not an ``Exception``, so that
    the ``except Exception`` inside third-party code does not swallow it."""


@contextlib.contextmanager
def deadline(seconds: float):
    """Raise :class:`Overtime` in this thread once ``seconds`` have passed inside the block.

    The exception is set asynchronously (``PyThreadState_SetAsyncExc``), so it works in any
    thread (signals only reach the main one) and lands at the next Python bytecode; one long
    call into C code runs to its end first, so callers bound their inputs as well.
    """
    if seconds is None or seconds <= 0:
        yield
        return
    tid = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(Overtime))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        try:
            yield
        finally:
            with lock:
                state["done"] = True
            timer.cancel()
            if state["fired"]:  # set but perhaps not raised yet: it must not land after the block
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), None)
    except Overtime:
        raise Overtime(f"over {seconds:g} s") from None
