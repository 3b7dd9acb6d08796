"""Work that goes on after an upload's answer: grouping and cross-checking in one background
thread per process (issue 8: an upload to a 300-article store blocked for 115 s), what is still
waiting (read from the store, so every worker process shows the same), and the app's reader,
built on first use."""

from __future__ import annotations

import logging
import threading

from ..store import Store

log = logging.getLogger(__name__)


class Background:
    """Grouping and cross-checking after uploads, in one daemon thread of this process.

    Requests that come while a run is going are served by one more run, not one each.  A run
    reruns while articles are still in no event (uploaded meanwhile, here or in another worker
    process: their grouping would otherwise wait for the next upload); with incremental stories
    a rerun costs only what changed.  A process killed mid-run leaves the previous stories whole
    (they are replaced in one transaction) and its articles waiting for the next upload.
    """

    ERROR = "background_error"  # meta key: what the last run in any process failed on

    def __init__(self, db: str, settings=None):
        self.db = db
        self.settings = settings
        self.wake = threading.Event()
        self.idle = threading.Event()
        self.idle.set()
        self.thread: threading.Thread | None = None
        self.started = threading.Lock()

    def request(self) -> None:
        with self.started:
            self.idle.clear()
            self.wake.set()
            if self.thread is None:
                self.thread = threading.Thread(target=self._loop, name="newsprism-stories", daemon=True)
                self.thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no run is pending (tests, shutdown); False on timeout."""
        return self.idle.wait(timeout)

    def _loop(self) -> None:
        while True:
            self.wake.wait()
            self.wake.clear()
            self.run()
            with self.started:
                if not self.wake.is_set():
                    self.idle.set()

    def run(self, max_runs: int = 3) -> None:
        from ..pipeline import stories

        try:
            with Store(self.db) as store:
                for _ in range(max_runs):
                    # No lock against uploads: a run groups the articles stored when it starts
                    # and replaces only the story tables; what is read meanwhile waits for the
                    # next run, so an upload never waits for grouping.
                    stories(store, settings=self.settings)
                    if not store.count_ungrouped():
                        break
                store.note(self.ERROR, None)
        except Exception as exc:  # the thread must live on; the status page shows what failed
            log.exception("grouping in the background failed")
            with Store(self.db) as store:
                store.note(self.ERROR, f"{type(exc).__name__}: {exc}"[:500])


def status(store: Store) -> dict:
    """What an upload left to do: articles in no event yet, and the last background error."""
    waiting = store.count_ungrouped()
    error = store.noted(Background.ERROR)
    return {"articles": store.count_articles(), "waiting": waiting, "error": error,
            "state": "failed" if error and waiting else "grouping" if waiting else "ready"}


class LazyReader:
    """The app's Reader, built on first use (loading spaCy takes seconds)."""

    def __init__(self, reader=None, options=None):
        self.reader = reader
        self.options = options  # ReadOptions for the reader built here
        self.lock = threading.Lock()

    def get(self):
        with self.lock:
            if self.reader is None:
                from ..read import Reader

                self.reader = Reader(self.options)
            return self.reader
