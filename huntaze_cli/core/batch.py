"""Batch mode: JSON Lines in, one envelope per line out, for cron and agency scripts.

Each input line is one request (the command's fields, plus optional `id` and `creator`). Items run on
worker threads, each with its own Session; the workers share a few ledger connections (one on SQLite),
taking turns per ledger call (see _shared_ledgers). The main thread alone writes the output, in input order
(or as items finish with --unordered), one flushed line per item, keeps the tally and tells the listener.

An item's ledger rows carry the batch key `feature:creator:id`. `--resume` skips items whose success is
already in the output file; an item that succeeded in the ledger but whose line never reached the output
(the process was killed in between) is written back from the stored answer instead of being asked again
(no new request, no new usage row). Everything else runs again. So a batch killed at any point and rerun
with `--resume` ends with every item done exactly once.

An item refused only because the creator's monthly cap is held by requests still in flight (other items,
other processes) waits for them to settle and runs then, instead of failing: holds usually settle below
their reservation. It waits at most one request's deadline plus the grace after which a dead process's
hold is released.

Ctrl-C (or SIGTERM) stops taking new items and lets the requests in flight finish, so the ledger settles
them; `listener.interrupted(n)` says so at once. A second Ctrl-C leaves at once: its requests in flight are
released by a later reserve after their deadline.

This module knows no terminal: the command hands it stdin/stdout as streams (for `-`), an `encode` that
turns an item's result into its output line (the envelope), and a listener that hears the progress and the
final Summary. The command draws the progress bar, prints the summary line and picks the exit code.
"""

from __future__ import annotations

import json
import os
import queue
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import IO, Any, Protocol

from huntaze_cli.core.coordinator import RouteOptions, TeamAnswer
from huntaze_cli.core.session import Session
from huntaze_cli.errors import EXIT_UNEXPECTED, HuntazeError, InvalidInput, ProviderFailure, QuotaExceeded
from huntaze_cli.io import jsonio

DEFAULT_CONCURRENCY = 8
# The other workers wait for the first one's request to leave (or its item to end), at most this long: on the
# GIL, their first items' set-up would otherwise slow the SDK import and the first request down (measured
# ~0.5-1 s later at --concurrency 32), and they would only queue on the import lock anyway.
HEAD_START_S = 3.0
# How often an item refused by holds in flight looks again: from 50 ms, doubling, at most every second.
_HOLD_POLL_S = (0.05, 1.0)
_META_KEYS = ("id", "creator")


@dataclass
class BatchSpec:
    feature: str
    input_path: str
    output_path: str | None = None
    concurrency: int | None = None
    resume: bool = False
    unordered: bool = False
    options: RouteOptions = field(default_factory=RouteOptions)
    defaults: dict[str, Any] = field(default_factory=dict)
    # Directories besides the input file's own that a line's image/insights may name (--allow-dir).
    allowed_dirs: tuple[str, ...] = ()
    # The command's streams for `--input -` (bytes or text lines) and for output to stdout.
    stdin: Iterable[bytes | str] | None = None
    stdout: IO[str] | None = None


@dataclass
class Item:
    index: int              # 1-based line number in the input
    item_id: str
    creator: str | None
    fields: dict[str, Any]
    error: HuntazeError | None = None

    def key(self, feature: str) -> str:
        return batch_key(feature, self.creator or "", self.item_id)


@dataclass
class ItemResult:
    """What one item came to, for the command's `encode` (called in the worker thread that ran it)."""

    feature: str
    item: Item
    request_id: str
    duration_ms: int
    answer: TeamAnswer | None = None
    error: HuntazeError | None = None
    # The bug behind an "Unexpected error" (for --debug's traceback), when there was one.
    exception: BaseException | None = None
    recovered: bool = False


Encode = Callable[[ItemResult], str]


class BatchListener(Protocol):
    """What the person watching should know as it happens (the command renders it)."""

    def started(self, total: int) -> None: ...          # items to run (skipped ones excluded)

    def advanced(self) -> None: ...                      # one more item finished

    def interrupted(self, in_flight: int) -> None: ...   # Ctrl-C: finishing the requests in flight

    def finished(self, summary: Summary) -> None: ...    # always called once the run ends, even on Ctrl-C


@dataclass
class Outcome:
    """One finished item, already serialised (workers encode; the main thread only writes)."""

    position: int
    line: str
    ok: bool
    cached: bool = False
    cost_usd: float = 0.0
    exit_code: int = 0


@dataclass
class Summary:
    total: int = 0
    ok: int = 0
    failed: int = 0
    cached: int = 0
    skipped: int = 0
    recovered: int = 0
    cost_usd: float = 0.0
    concurrency: int = 0
    bound_by: str | None = None   # "creator mia (5 requests/hour)" when the plan lowered --concurrency
    seconds: float = 0.0
    interrupted: bool = False
    exit_codes: list[int] = field(default_factory=list)   # one per failed item, in input order


# ---- input ---------------------------------------------------------------------------------------------
def _raw_lines(path: str, stdin: Iterable[bytes | str] | None) -> Iterator[bytes | str]:
    if path == "-":
        if stdin is None:
            raise InvalidInput("--input - reads JSON Lines from stdin, but no stdin was given; pipe a file in.")
        yield from stdin
        return
    try:
        stream = open(path, "rb")  # noqa: SIM115 (closed below)
    except FileNotFoundError:
        raise InvalidInput(f"--input {path}: no such file.") from None
    except IsADirectoryError:
        raise InvalidInput(f"--input {path} is a directory; give a JSON Lines file.") from None
    except OSError as exc:
        raise InvalidInput(f"--input {path}: cannot read it ({exc.strerror}).") from None
    with stream:
        yield from stream


def read_items(spec: BatchSpec) -> list[Item]:
    items: list[Item] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(_raw_lines(spec.input_path, spec.stdin), 1):
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8-sig" if index == 1 else "utf-8")
            except UnicodeDecodeError:
                items.append(_bad(index, f"Line {index} is not valid UTF-8; save the file as UTF-8."))
                continue
        else:
            line = raw.lstrip("\ufeff") if index == 1 else raw
        if not line.strip():
            continue
        item = _parse_line(index, line, spec)
        if item.error is None:
            # The id is the resume key: two lines with one id would resume as one.
            first = seen.setdefault(item.item_id, index)
            if first != index:
                item.error = InvalidInput(f"Line {index} repeats the id '{item.item_id}' of line {first}; "
                                          "give every line its own id.")
        items.append(item)
    return items


def _bad(index: int, message: str) -> Item:
    return Item(index, f"line-{index}", None, {}, InvalidInput(message))


def _parse_line(index: int, line: str, spec: BatchSpec) -> Item:
    try:
        raw = jsonio.loads(line, f"Line {index}", "write one JSON object per line")
    except InvalidInput as exc:
        return _bad(index, exc.message)
    if not isinstance(raw, dict):
        return _bad(index, f"Line {index} is not a JSON object; write one object per line, e.g. "
                           '{"id": "p1", ...}.')
    raw_id = raw.get("id")
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, str | int)):
        return _bad(index, f"Line {index}: `id` must be a string or a whole number.")
    creator = raw.get("creator")
    if creator is not None and not isinstance(creator, str):
        return _bad(index, f"Line {index}: `creator` must be a creator's name (a string).")
    item_id = str(raw_id) if raw_id not in (None, "") else f"line-{index}"
    try:
        named = _line_files(raw, spec, index)
    except InvalidInput as exc:
        return Item(index, item_id, creator or spec.options.creator, {}, exc)
    fields = {**{k: v for k, v in spec.defaults.items() if v is not None},
              **{k: v for k, v in raw.items() if k not in _META_KEYS}, **named}
    return Item(index, item_id, creator or spec.options.creator, fields)


def _line_files(raw: dict[str, Any], spec: BatchSpec, index: int) -> dict[str, str]:
    """A line's file fields, confined and size-checked, as real paths (relative ones are read from the input
    file's directory, or the current one for stdin)."""
    from huntaze_cli.io.input_files import FILE_FIELDS, confine

    base = os.getcwd() if spec.input_path == "-" else os.path.dirname(os.path.abspath(spec.input_path))
    named: dict[str, str] = {}
    for key in FILE_FIELDS:
        value = raw.get(key)
        if value is None or (key == "insights" and isinstance(value, dict)):  # inline metrics name no file
            continue
        if not isinstance(value, str) or not value.strip():
            raise InvalidInput(f"Line {index}: `{key}` must be a file path (a string).")
        named[key] = confine(value, base, spec.allowed_dirs, f"Line {index}: `{key}`")
    return named


def batch_key(feature: str, creator: str, item_id: str) -> str:
    return f"{feature}:{creator}:{item_id}"


# ---- output and --resume -------------------------------------------------------------------------------
def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _repair_and_scan(path: str, feature: str) -> set[str]:
    """Batch keys whose envelope in an earlier output file says success. A last line cut short by a kill
    is cut off the file, so that the lines appended now start on a line of their own."""
    done: set[str] = set()
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        return done
    except OSError as exc:
        raise InvalidInput(f"--output {path}: cannot read it to resume ({exc.strerror}).") from None
    lines = data.split(b"\n")
    tail = lines.pop()  # b"" when the file ends with a newline
    if tail.strip():
        try:
            json.loads(tail)
            lines.append(tail)
            with open(path, "ab") as fh:
                fh.write(b"\n")  # complete, only its newline was missing
        except (ValueError, RecursionError):
            with open(path, "r+b") as fh:
                fh.truncate(len(data) - len(tail))
    for line in lines:
        try:
            env = json.loads(line)
        except (ValueError, RecursionError):  # not ours, or nested too deeply to be an envelope
            continue
        if not isinstance(env, dict):
            continue
        meta = env.get("meta")
        if env.get("success") is True and isinstance(meta, dict) and meta.get("itemId") is not None \
                and meta.get("feature", feature) == feature:
            done.add(batch_key(feature, str(meta.get("creator") or ""), str(meta["itemId"])))
    return done


def _open_output(spec: BatchSpec) -> IO[str]:
    if spec.output_path is None or spec.output_path == "-":
        if spec.stdout is None:
            raise InvalidInput("Batch output goes to stdout, but no stdout was given; pass --output FILE.")
        return spec.stdout
    try:
        # newline="\n": envelopes are JSON Lines on every platform.
        return open(spec.output_path, "a" if spec.resume else "w", encoding="utf-8", newline="\n")  # noqa: SIM115
    except OSError as exc:
        raise InvalidInput(f"--output {spec.output_path}: cannot write it ({exc.strerror}).") from None


# ---- the run -------------------------------------------------------------------------------------------
def run_batch(session: Session, spec: BatchSpec, encode: Encode, listener: BatchListener) -> Summary:
    """Run the batch: every item's line (made by `encode`) is written to the output; `listener` hears the
    progress and, at the end, the Summary (its `exit_codes` are the failed items' own codes)."""
    clock = time.perf_counter()
    to_file = spec.output_path not in (None, "-")
    if to_file and spec.input_path != "-" and _same_file(spec.input_path, spec.output_path or ""):
        raise InvalidInput("--output is the --input file; writing there would destroy the input. Pick another file.")
    items = read_items(spec)
    for item in items:
        item.creator = session.creator_name(item.creator)
    summary = Summary(total=len(items))

    done = _repair_and_scan(spec.output_path or "", spec.feature) if spec.resume and to_file else set()
    in_ledger: set[str] = set()
    if spec.resume:
        in_ledger = session.ledger.succeeded_batch_keys(it.key(spec.feature) for it in items if it.error is None)

    work: list[tuple[Item, bool]] = []   # (item, recovering), in input order
    for item in items:
        key = item.key(spec.feature)
        if item.error is None and key in done:
            summary.skipped += 1
        else:
            work.append((item, item.error is None and key in in_ledger))
    summary.recovered = sum(1 for _, recovering in work if recovering)

    summary.concurrency, summary.bound_by = _concurrency(session, spec, [it for it, rec in work if not rec])
    out = _open_output(spec)
    listener.started(len(work))
    try:
        _run_pool(session, spec, work, summary, out, encode, listener)
    finally:
        if out is not spec.stdout:
            out.close()
        summary.seconds = time.perf_counter() - clock
        listener.finished(summary)
    return summary


def _run_pool(session: Session, spec: BatchSpec, work: list[tuple[Item, bool]], summary: Summary,
              out: IO[str], encode: Encode, listener: BatchListener) -> None:
    """Run the items on `summary.concurrency` worker threads; the calling thread writes their lines."""
    if not work:
        return
    pool = _Pool(session, spec, work, summary.concurrency, encode)
    lines = _Lines(out, spec.unordered, summary, listener)
    pool.start()
    try:
        pool.collect(lines)
    except KeyboardInterrupt:
        # Let the requests in flight finish (their answers are settled in the ledger, so --resume writes
        # them back); a second Ctrl-C leaves at once (daemon threads).
        summary.interrupted = True
        pool.finish_in_flight(lines, listener)
        raise
    except BrokenPipeError:
        pool.stop.set()   # the reader went away (`| head`): stop asking for answers nobody reads
        raise
    else:
        pool.join()
    finally:
        pool.close()


class _Lines:
    """The output side of a batch: tallies each outcome and writes its line, in input order (held back
    until the lines before it are written) or as it comes with --unordered."""

    def __init__(self, out: IO[str], unordered: bool, summary: Summary, listener: BatchListener) -> None:
        self.out, self.unordered, self.summary, self.listener = out, unordered, summary, listener
        self.pending: dict[int, Outcome] = {}
        self.next_position = 0
        self.received = 0

    def keep(self, outcome: Outcome) -> None:
        self.received += 1
        self.listener.advanced()
        _tally(self.summary, outcome)
        self.pending[outcome.position] = outcome

    def take(self, outcome: Outcome) -> None:
        self.keep(outcome)
        if self.unordered:
            _write(self.out, self.pending.pop(outcome.position).line)
            return
        while self.next_position in self.pending:
            _write(self.out, self.pending.pop(self.next_position).line)
            self.next_position += 1

    def write_the_rest(self) -> None:
        """Every line held back, in input order, gaps left for --resume."""
        for position in sorted(self.pending):
            _write(self.out, self.pending.pop(position).line)


class _Pool:
    """A batch's worker threads: each takes items off one queue and puts its outcomes on another."""

    def __init__(self, session: Session, spec: BatchSpec, work: list[tuple[Item, bool]], concurrency: int,
                 encode: Encode) -> None:
        from huntaze_cli.core.pacing import Pacers

        self.session, self.spec, self.encode, self.concurrency = session, spec, encode, concurrency
        self.total = len(work)
        self.patience = _hold_patience(session, spec)
        self.jobs: queue.SimpleQueue[tuple[int, Item, bool]] = queue.SimpleQueue()
        for position, (item, recovering) in enumerate(work):
            self.jobs.put((position, item, recovering))
        self.results: queue.SimpleQueue[Outcome] = queue.SimpleQueue()
        self.stop = threading.Event()
        # One hook pool for the batch: hooks never hold an item up; the command waits for them at its end.
        self.hook_pool = session.hook_pool()
        # Set when worker 0's first attempt is let through or its first item ends (see HEAD_START_S).
        self.head_start = threading.Event()
        self.pacers = Pacers(concurrency, admitted=self.head_start)   # the pace follows what providers say
        self.started = 0   # items taken by a worker
        self.started_lock = threading.Lock()
        self.shared = _shared_ledgers(session, concurrency)
        self.threads: list[threading.Thread] = []

    def start(self) -> None:
        self.threads = [threading.Thread(target=self.worker, args=(n,), name=f"huntaze-batch-{n}", daemon=True)
                        for n in range(self.concurrency)]
        for thread in self.threads:
            thread.start()

    def worker(self, n: int) -> None:
        from huntaze_cli.core.pacing import activate

        s = Session(flags=self.session.flags, _settings=self.session.settings, _hook_pool=self.hook_pool,
                    _ledger=self.shared[n % len(self.shared)])
        activate(self.pacers)
        team: list[Any] = []   # the knowledge network, made on first use in this thread
        if n:
            self.head_start.wait(HEAD_START_S)
        try:
            while not self.stop.is_set():
                try:
                    position, item, recovering = self.jobs.get_nowait()
                except queue.Empty:
                    return
                with self.started_lock:
                    self.started += 1
                self.results.put(_run_item(s, team, self.spec, position, item, recovering, self.encode,
                                           self.stop, self.patience))
                if not n:
                    self.head_start.set()
        finally:
            self.head_start.set()

    def collect(self, lines: _Lines) -> None:
        """Hand every outcome to `lines` as it arrives, until all are in."""
        while lines.received < self.total:
            try:
                outcome = self.results.get(timeout=0.5)
            except queue.Empty:
                if not any(t.is_alive() for t in self.threads) and self.results.empty():
                    return  # every worker is gone (cannot happen unless one crashed hard)
                continue
            lines.take(outcome)

    def finish_in_flight(self, lines: _Lines, listener: BatchListener) -> None:
        """After Ctrl-C: take no new item, wait for those in flight, and write every line held back (their
        answers are settled in the ledger, so the output is not behind it)."""
        self.stop.set()
        self.head_start.set()   # workers still waiting for it leave at once
        with self.started_lock:
            in_flight = self.started - lines.received
        listener.interrupted(in_flight)
        self.join()
        while not self.results.empty():
            lines.keep(self.results.get_nowait())
        lines.write_the_rest()

    def join(self) -> None:
        for thread in self.threads:
            thread.join()

    def close(self) -> None:
        if not any(thread.is_alive() for thread in self.threads):  # else the process is leaving without them
            for ledger in self.shared:
                ledger.close()


# A batch's workers on a PostgreSQL ledger share this many connections at most: two hosts at --concurrency 64
# would otherwise ask the server for 130 (PostgreSQL's default max_connections is 100). A ledger call is
# one short round trip, so a few connections keep up with dozens of workers.
PG_CONNECTIONS_PER_BATCH = 8


def _shared_ledgers(session: Session, concurrency: int) -> list[Any]:
    """The connections a batch's workers share, each call whole with its transaction (the Ledger's turns).
    SQLite: one. Its writers run one at a time anyway (db._WRITE_LOCK), and a connection per worker paid for
    it: each opened and checked the schema at start, and each found the file changed by the others at every
    call, so its page cache was dropped and read again (~0.45 ms of CPU per item at -j 32)."""
    if session.ledger.backend != "postgresql":
        return [session.open_ledger()]
    return [session.open_ledger() for _ in range(min(concurrency, PG_CONNECTIONS_PER_BATCH))]


def _write(out: IO[str], line: str) -> None:
    out.write(line + "\n")
    out.flush()   # line by line: a kill loses at most the line being written


def _hold_patience(session: Session, spec: BatchSpec) -> float:
    """How long an item waits for holds in flight: a request's deadline, plus the grace after which a dead
    process's hold is released (so the wait always ends with an answer or a real refusal)."""
    from huntaze_cli.core.runner import request_budget_s
    from huntaze_cli.ledger.quotas import ABANDON_GRACE

    opts = spec.options
    try:
        chain = session.settings.chain(spec.feature, provider=opts.provider, model=opts.model,
                                       base_url=opts.base_url)
    except HuntazeError:
        chain = []  # a bad --provider fails every item on its own; no wait will be needed
    return request_budget_s(session.settings, chain) + ABANDON_GRACE.total_seconds()


def _answer_when_holds_settle(s: Session, team: list[Any], spec: BatchSpec, item: Item, recovering: bool,
                              stop: threading.Event | None, patience: float) -> TeamAnswer:
    """`_answer`, waiting while the cap is held only by requests in flight (they settle below their holds),
    and asking again when the provider's rate limit refused it (the batch's pace holds the next attempt
    until the provider's Retry-After): a 429 fails an item only once its patience is spent."""
    give_up = time.monotonic() + patience
    pause = _HOLD_POLL_S[0]
    while True:
        try:
            return _answer(s, team, spec, item, recovering)
        except QuotaExceeded as exc:
            if not exc.metadata.get("inFlight") or time.monotonic() + pause > give_up \
                    or (stop is not None and stop.is_set()):
                raise
        except ProviderFailure as exc:
            if not _provider_rate_limited(exc) or time.monotonic() >= give_up or (stop is not None and stop.is_set()):
                raise
            continue
        time.sleep(pause)
        pause = min(pause * 2, _HOLD_POLL_S[1])


def _provider_rate_limited(exc: ProviderFailure) -> bool:
    """The chain failed only on providers' rate limits (429s, or no room in our pace before the deadline)."""
    tried = exc.metadata.get("providersTried") or []
    failed = [t for t in tried if t.get("outcome") not in ("ok", "cached", "no_credentials")]
    return bool(failed) and all(t.get("outcome") == "rate_limit" for t in failed)


def _run_item(s: Session, team: list[Any], spec: BatchSpec, position: int, item: Item, recovering: bool,
              encode: Encode, stop: threading.Event | None = None, patience: float = 0.0) -> Outcome:
    # One request id and one duration per item (the envelope's meta and the ledger's correlation_id).
    s.request_id = f"req_{uuid.uuid4().hex[:20]}"
    s.started = time.perf_counter()
    bug: BaseException | None = None
    try:
        if item.error is not None:
            raise item.error
        answer = _answer_when_holds_settle(s, team, spec, item, recovering, stop, patience)
    except HuntazeError as exc:
        error = exc
    except Exception as exc:  # a bug must cost one line, not the batch (and not the other threads' lines)
        bug = exc
        error = HuntazeError(f"Unexpected error: {exc.__class__.__name__}: {exc}. Rerun with --debug for the "
                             "traceback and report it.")
    else:
        try:
            line = encode(ItemResult(spec.feature, item, s.request_id, s.elapsed_ms(), answer=answer,
                                     recovered=recovering))
            return Outcome(position, line, True, cached=answer.result.cached,
                           cost_usd=float(answer.result.cost_usd or 0.0))
        except Exception as exc:  # an answer that cannot be written is that line's failure
            bug = exc
            error = HuntazeError(f"Unexpected error: {exc.__class__.__name__}: {exc}. Rerun with --debug for "
                                 "the traceback and report it.")
    line = encode(ItemResult(spec.feature, item, s.request_id, s.elapsed_ms(), error=error, exception=bug))
    return Outcome(position, line, False, exit_code=error.exit_code or EXIT_UNEXPECTED)


def _answer(s: Session, team: list[Any], spec: BatchSpec, item: Item, recovering: bool) -> TeamAnswer:
    from huntaze_cli.agents.network import AIKnowledgeNetwork
    from huntaze_cli.agents.requests import build_input
    from huntaze_cli.core.coordinator import AITeamCoordinator

    if not team:
        team.append(AIKnowledgeNetwork(s.ledger))   # one per thread: its memo serves every item
    # Validate the line first: a refused line must not create the `default` creator.
    found = s.find_creator(item.creator)
    fields, heard = item.fields, None
    if spec.feature == "chat" and fields.get("voice_note"):
        from huntaze_cli.core.transcription import voice_note_fields

        if fields.get("message") is not None:
            raise InvalidInput(f"Line {item.index}: give either `message` or `voice_note`, not both.")
        creator = found or s.creator(item.creator)
        fields = {k: v for k, v in fields.items() if k != "voice_note"}
        heard = voice_note_fields(s.context(creator), s.settings, item.fields["voice_note"], fields,
                                  batch_key=item.key(spec.feature))
        found = creator
    data = build_input(spec.feature, fields, ledger=s.ledger, creator_id=found.id if found else None)
    creator = found or s.creator(item.creator)
    coordinator = AITeamCoordinator(s.context(creator), network=team[0])
    opts = replace(spec.options, creator=creator.name, batch_key=item.key(spec.feature))
    answer = coordinator.replay(spec.feature, data, opts) if recovering else coordinator.answer(spec.feature, data,
                                                                                                 opts)
    if heard is not None:
        answer.extra["voiceNote"] = heard
    return answer


def _tally(summary: Summary, outcome: Outcome) -> None:
    if outcome.ok:
        summary.ok += 1
        summary.cached += outcome.cached
        summary.cost_usd += outcome.cost_usd
    else:
        summary.failed += 1
        summary.exit_codes.append(outcome.exit_code)


def _concurrency(session: Session, spec: BatchSpec, todo: list[Item]) -> tuple[int, str | None]:
    """Requested (default 8; against a local server, its parallel slots), never more than the items to run,
    nor more than the tightest hourly limit among their creators: more threads than the plan admits in an
    hour would only queue up refusals."""
    from huntaze_cli.core.session import DEFAULT_CREATOR
    from huntaze_cli.ledger.plans import PLANS

    wanted, bound = spec.concurrency or DEFAULT_CONCURRENCY, None
    if spec.concurrency is None:
        slots = _local_slots(session, spec)
        if slots is not None:
            wanted, bound = slots, f"local server slots ({slots})"
    tightest: tuple[int, str] | None = None
    for name in sorted({it.creator for it in todo if it.creator and it.error is None}):
        found = session.ledger.get_creator(name)
        if found is not None:
            limit = found.requests_per_hour
        elif name == DEFAULT_CREATOR:
            limit = PLANS["starter"].requests_per_hour   # created on first use, on the starter plan
        else:
            continue   # unknown creator: its items fail with NOT_FOUND, no thread needed for them
        if tightest is None or limit < tightest[0]:
            tightest = (limit, name)
    count = max(1, min(wanted, len(todo) or 1))
    if tightest is not None and tightest[0] < count:
        return max(1, tightest[0]), f"creator {tightest[1]} ({tightest[0]} requests/hour)"
    return count, bound


def _local_slots(session: Session, spec: BatchSpec) -> int | None:
    """A local server answers one request per slot, the rest wait in its queue (and time out there): ask it
    how many slots it has (llama.cpp's /props total_slots), else assume one. None: not a local route."""
    from huntaze_cli.core.local import LOCAL, server_props

    opts = spec.options
    chain = session.settings.chain(spec.feature, provider=opts.provider, model=opts.model, base_url=opts.base_url)
    if not chain or chain[0].provider != LOCAL:
        return None
    base_url = session.settings.provider_settings(LOCAL, opts.base_url).base_url
    return server_props(session, base_url).total_slots or 1

