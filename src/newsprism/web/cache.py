"""GET answers cached per store version (issue 12: each page was rendered afresh, about 15 ms
of CPU, and 50 readers waited in line): a story page does not change until the store does."""

from __future__ import annotations

import threading
from collections import OrderedDict

from fastapi import Request
from fastapi.responses import Response

from ..store import Store


class Cache:
    """GET answers by URL, valid while the store is unchanged; least recently used go first.

    The version is :meth:`Store.data_version` on a connection held open for it (SQLite's
    ``PRAGMA data_version``, PostgreSQL's transaction snapshot): it changes whenever another
    connection (an upload, ``newsprism ingest``, ``stories``) commits, and asking costs microseconds
    (a round trip on PostgreSQL).  It is read before an answer is made, so an answer
    made while the store changed is stored under the old version and never served.
    """

    _SKIP = ("/ingest", "/api/ingest", "/api/health", "/static", "/openapi.json")

    def __init__(self, db: str, max_bytes: int):
        self.max_bytes = max_bytes
        self.lock = threading.Lock()
        self.entries: OrderedDict[str, tuple[str, int, list, bytes]] = OrderedDict()
        self.size = 0
        self.store = Store(db) if max_bytes else None

    def key(self, request: Request) -> str | None:
        path = request.url.path
        if self.store is None or request.method != "GET" or path.startswith(self._SKIP):
            return None
        return f"{path}?{request.url.query}"

    def version(self) -> str:
        with self.lock:
            return self.store.data_version()

    def get(self, key: str, version: str) -> Response | None:
        with self.lock:
            hit = self.entries.get(key)
            if hit is None or hit[0] != version:
                return None
            self.entries.move_to_end(key)
        response = Response(content=hit[3], status_code=hit[1])
        response.raw_headers = list(hit[2])
        return response

    def put(self, key: str, version: str, status: int, raw_headers: list, body: bytes) -> None:
        if len(body) > self.max_bytes // 8:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            self.size += len(body) - (len(old[3]) if old else 0)
            self.entries[key] = (version, status, raw_headers, body)
            while self.size > self.max_bytes:
                self.size -= len(self.entries.popitem(last=False)[1][3])
