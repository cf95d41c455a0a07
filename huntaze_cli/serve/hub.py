"""What the server shares across requests, and each request's own Session.

Settings are loaded once. The ledger is one connection per worker thread (a SQLite connection belongs to the
thread that opened it; PostgreSQL connections are not shared either): each request runs whole in one thread
with its own Session (request id, creator, hooks) on that thread's connection. Quotas and rate limits are then
enforced by the ledger's transactions exactly as across processes.
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from huntaze_cli.core.session import GlobalFlags, Session

if TYPE_CHECKING:
    from huntaze_cli.config.settings import Settings
    from huntaze_cli.ledger import Ledger


@dataclass
class Hub:
    db: str | None            # --db as the command line gave it (None: HUNTAZE_DB, config, default file)
    settings: Settings
    loopback: bool            # bound to a loopback address: without tokens, local callers need none
    _local: threading.local = field(default_factory=threading.local)
    _opened: list[Ledger] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def new_session(self) -> Session:
        return Session(flags=GlobalFlags(json=True, quiet=True, db=self.db), _settings=self.settings)

    def ledger(self) -> Ledger:
        """This thread's connection, opened on its first request."""
        found: Ledger | None = getattr(self._local, "ledger", None)
        if found is None:
            found = self.new_session().open_ledger()
            self._local.ledger = found
            with self._lock:
                self._opened.append(found)
        return found

    @contextmanager
    def session(self, request_id: str, *, own_ledger: bool = False) -> Iterator[Session]:
        """A request's Session on this thread's ledger (or, `own_ledger`, on a connection of its own that is
        closed with it: a streamed chat runs in a thread made for it)."""
        s = self.new_session()
        s.request_id = request_id
        s._ledger = s.open_ledger() if own_ledger else self.ledger()
        try:
            yield s
        finally:
            try:
                s.finish_hooks()
            finally:
                if own_ledger:
                    s.close()
                s._ledger = None  # the thread's connection outlives the request

    def close(self) -> None:
        with self._lock:
            opened, self._opened = self._opened, []
        for ledger in opened:
            with contextlib.suppress(Exception):  # SQLite refuses a close from another thread: exit closes it
                ledger.close()


def new_request_id() -> str:
    return f"req_{uuid.uuid4().hex[:20]}"
