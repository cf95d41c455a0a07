"""One command invocation: global flags, the effective settings, the ledger (opened on first use) and the
creator the command runs for."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from huntaze_cli.errors import NotFound

if TYPE_CHECKING:
    from huntaze_cli.config.settings import Settings
    from huntaze_cli.core.context import RequestContext
    from huntaze_cli.core.hooks import HookPool, HookRun
    from huntaze_cli.ledger import Ledger
    from huntaze_cli.ledger.records import Creator

DEFAULT_CREATOR = "default"


@dataclass
class GlobalFlags:
    json: bool = False
    quiet: bool = False
    debug: bool = False
    db: str | None = None


class Session:
    """A plain class, not a dataclass: it is made at every start-up, and a dataclass of this size costs ~1 ms
    to create."""

    def __init__(self, flags: GlobalFlags | None = None, request_id: str | None = None,
                 started: float | None = None, *, feature: str | None = None, creator_label: str | None = None,
                 _settings: Settings | None = None, _ledger: Ledger | None = None,
                 _hook_pool: HookPool | None = None) -> None:
        self.flags = flags if flags is not None else GlobalFlags()
        # 80 random bits as hex, like the uuid4 prefix it replaces, without the uuid module (~5 ms to import).
        self.request_id = request_id if request_id is not None else f"req_{os.urandom(10).hex()}"
        self.started = started if started is not None else time.perf_counter()
        # What the error envelope's meta reports when a command fails midway.
        self.feature = feature
        self.creator_label = creator_label
        self._settings = _settings
        self._ledger = _ledger
        # Looked up once per command: a batch asks for the same creator and hooks a thousand times.
        self._creators: dict[str, Creator] = {}
        self._hooks: dict[str, list[dict[str, Any]]] = {}
        # Shared with a batch's worker sessions, drained by the command's own session (finish_hooks).
        self._hook_pool = _hook_pool

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from huntaze_cli.config.settings import Settings

            self._settings = Settings.load()
        return self._settings

    @property
    def ledger(self) -> Ledger:
        if self._ledger is None:
            self._ledger = self.open_ledger()
        return self._ledger

    def open_ledger(self) -> Ledger:
        """A new connection to this command's ledger (`ledger` is the session's own; a batch opens more)."""
        from huntaze_cli.config.paths import ledger_path
        from huntaze_cli.ledger import open_ledger

        explicit = bool(self.flags.db or os.environ.get("HUNTAZE_DB"))
        config_url = None if explicit else self.settings.file.ledger_url
        return open_ledger(ledger_path(self.flags.db, config_url), create_dir=not (explicit or config_url))

    def close(self) -> None:
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None

    def elapsed_ms(self) -> int:
        return int((time.perf_counter() - self.started) * 1000)

    def creator_name(self, explicit: str | None) -> str:
        return explicit or self.settings.default_creator() or DEFAULT_CREATOR

    def creator(self, explicit: str | None = None) -> Creator:
        """--creator, else HUNTAZE_CREATOR, else config default_creator, else `default` (created on first
        use). A named creator that does not exist is an error: a typo never creates a phantom creator."""
        name = self.creator_name(explicit)
        if name in self._creators:
            return self._creators[name]
        if name == DEFAULT_CREATOR:
            found = self.ledger.ensure_creator(DEFAULT_CREATOR)
        else:
            found = self.ledger.get_creator(name)
        if found is None:
            raise NotFound(f"Creator '{name}' does not exist; add it with `huntaze creators add {name}` "
                           "or pick one from `huntaze creators list`.")
        self._creators[name] = found
        return found

    def context(self, creator: Creator) -> RequestContext:
        """What the request pipeline needs for one request of an already resolved creator (no CLI flags)."""
        from huntaze_cli.core.context import RequestContext

        return RequestContext(creator=creator, settings=self.settings, ledger=self.ledger,
                              request_id=self.request_id, events=self)

    def find_creator(self, explicit: str | None = None) -> Creator | None:
        """Like creator(), but never creates `default`: None when it does not exist yet. For validation and
        for commands that only read, so that a refused or read-only command leaves the ledger as it was."""
        name = self.creator_name(explicit)
        if name in self._creators:
            return self._creators[name]
        if name != DEFAULT_CREATOR:
            return self.creator(name)
        found = self.ledger.get_creator(name)
        if found is not None:
            self._creators[name] = found
        return found

    def hooks(self, event: str) -> list[dict[str, Any]]:
        if event not in self._hooks:
            self._hooks[event] = self.ledger.list_hooks(event=event)
        return self._hooks[event]

    def emit(self, event: str, payload: dict[str, Any]) -> None:
        """Queue the hooks registered for an event (they run in the background); never fails the request."""
        from huntaze_cli.core.hooks import dispatch

        dispatch(self, event, payload)

    def hook_pool(self) -> HookPool:
        if self._hook_pool is None:
            from huntaze_cli.core.hooks import HookPool

            self._hook_pool = HookPool()
        return self._hook_pool

    def finish_hooks(self) -> list[HookRun]:
        """Wait for every queued hook, log the runs in the ledger, return the failed ones (for the CLI to
        report). Called once at the end of a command, in the thread that owns this session's ledger."""
        if self._hook_pool is None:
            return []
        from huntaze_cli.core.hooks import record_runs

        pool, self._hook_pool = self._hook_pool, None
        runs = pool.drain()
        pool.close()
        if not runs:
            return []
        try:
            ledger = self.ledger
        except Exception:  # the ledger failing is the command's error to report, not the hooks'
            return [run for run in runs if run.status != "ok"]
        return record_runs(ledger, runs)
