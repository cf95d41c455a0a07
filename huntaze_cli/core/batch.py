"""Batch mode: JSON Lines in, one envelope per line out, for cron and agency scripts.

Each input line is one request (the command's fields, plus optional `id` and `creator`). Items run on a
thread pool, each thread with its own ledger connection; results come out in input order (or as they
finish with --unordered), flushed line by line. An item's ledger rows carry the batch key
`feature:creator:id`, so `--resume` skips what already succeeded, and an item that succeeded in the
ledger but whose line never reached the output (the process was killed in between) is written back from
the ledger instead of being asked again: every item ends up done exactly once.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import IO, Any

from huntaze_cli.agents.coordinator import RouteOptions
from huntaze_cli.core.session import Session
from huntaze_cli.errors import EXIT_PROVIDER, HuntazeError, InvalidInput

DEFAULT_CONCURRENCY = 8
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


@dataclass
class Item:
    index: int              # 1-based line number in the input
    item_id: str
    creator: str | None
    fields: dict[str, Any]
    error: HuntazeError | None = None


@dataclass
class Summary:
    total: int = 0
    ok: int = 0
    failed: int = 0
    cached: int = 0
    skipped: int = 0
    recovered: int = 0
    cost_usd: float = 0.0
    exit_codes: list[int] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 when every item succeeded; else the most common failure's code (5 if mixed)."""
        if not self.failed:
            return 0
        codes = set(self.exit_codes)
        return codes.pop() if len(codes) == 1 else EXIT_PROVIDER


def read_items(path: str, spec: BatchSpec) -> Iterator[Item]:
    stream: IO[str]
    if path == "-":
        if sys.stdin.isatty():
            raise InvalidInput("--input - reads JSON Lines from stdin, but stdin is a terminal; pipe a file in.")
        stream = sys.stdin
    else:
        try:
            stream = open(path, encoding="utf-8")  # noqa: SIM115 (closed below)
        except FileNotFoundError:
            raise InvalidInput(f"--input {path}: no such file.") from None
        except OSError as exc:
            raise InvalidInput(f"--input {path}: cannot read it ({exc.strerror}).") from None
    try:
        for index, line in enumerate(stream, 1):
            if not line.strip():
                continue
            yield _parse_line(index, line, spec)
    finally:
        if stream is not sys.stdin:
            stream.close()


def _parse_line(index: int, line: str, spec: BatchSpec) -> Item:
    try:
        raw = json.loads(line)
    except ValueError as exc:
        return Item(index, f"line-{index}", None, {}, InvalidInput(f"Line {index} is not valid JSON ({exc.msg})."))
    if not isinstance(raw, dict):
        return Item(index, f"line-{index}", None, {}, InvalidInput(f"Line {index} is not a JSON object."))
    item_id = str(raw["id"]) if raw.get("id") not in (None, "") else f"line-{index}"
    creator = raw.get("creator") or spec.options.creator
    fields = {**{k: v for k, v in spec.defaults.items() if v is not None},
              **{k: v for k, v in raw.items() if k not in _META_KEYS}}
    return Item(index, item_id, str(creator) if creator else None, fields)


def batch_key(feature: str, creator: str, item_id: str) -> str:
    return f"{feature}:{creator}:{item_id}"


def _done_in_output(path: str | None) -> set[str]:
    """Ids whose envelope in an earlier output file says success (for --resume)."""
    if not path or not os.path.exists(path):
        return set()
    done: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            try:
                env = json.loads(line)
            except ValueError:
                continue  # a line cut short by a kill
            if isinstance(env, dict) and env.get("success") and env.get("meta", {}).get("itemId") is not None:
                done.add(str(env["meta"]["itemId"]))
    return done


def run_batch(session: Session, spec: BatchSpec) -> Summary:
    from huntaze_cli import render

    items = list(read_items(spec.input_path, spec))
    summary = Summary(total=len(items))
    resolved_creator = {}
    for item in items:
        name = item.creator or session.creator_name(None)
        if name not in resolved_creator:
            resolved_creator[name] = name
        item.creator = name

    done_ids = _done_in_output(spec.output_path) if spec.resume else set()
    ledger_done: set[str] = set()
    if spec.resume:
        keys = {batch_key(spec.feature, it.creator or "", it.item_id): it for it in items}
        ledger_done = session.ledger.succeeded_batch_keys(keys)

    todo: list[Item] = []
    recover: list[Item] = []
    for item in items:
        key = batch_key(spec.feature, item.creator or "", item.item_id)
        if spec.resume and item.item_id in done_ids:
            summary.skipped += 1
        elif spec.resume and key in ledger_done:
            recover.append(item)
        else:
            todo.append(item)

    concurrency = _concurrency(session, spec, todo)
    out = _open_output(spec)
    writer = _OrderedWriter(out, ordered=not spec.unordered)
    progress = _Progress(len(todo) + len(recover), enabled=render.err().is_terminal and not session.flags.quiet)
    local = threading.local()

    def worker_session() -> Session:
        if not hasattr(local, "session"):
            local.session = Session(flags=session.flags, _settings=session.settings)
            local.team = None
        return local.session

    def run_item(item: Item, recovering: bool) -> str:
        s = worker_session()
        s.request_id = Session().request_id
        s.started = Session().started
        try:
            if item.error is not None:
                raise item.error
            envelope = _answer(s, local, spec, item, recovering)
        except HuntazeError as exc:
            meta = render.meta(s, feature=spec.feature, creator=item.creator, itemId=item.item_id, line=item.index)
            envelope = render.error_envelope(exc, meta)
            envelope["_exit"] = exc.exit_code
        return json.dumps(envelope, ensure_ascii=False, default=str)

    try:
        with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="huntaze-batch") as pool:
            futures: list[tuple[Item, Future[str]]] = [(it, pool.submit(run_item, it, True)) for it in recover]
            futures += [(it, pool.submit(run_item, it, False)) for it in todo]
            order = sorted(futures, key=lambda pair: pair[0].index)
            for position, (_item, fut) in enumerate(order):
                fut.add_done_callback(lambda f, p=position: writer.ready(p, f))
            for _item, fut in order:
                line = fut.result()
                progress.advance()
                _tally(summary, line)
            writer.close()
    finally:
        progress.stop()
        if out is not sys.stdout:
            out.close()
    summary.recovered = len(recover)
    if not session.flags.quiet:
        render.note(Session(flags=replace(session.flags, json=False)),
                    f"batch {spec.feature}: {summary.ok} ok, {summary.failed} failed, {summary.cached} cached, "
                    f"{summary.skipped} skipped, {summary.recovered} recovered · cost {render.money(summary.cost_usd)}"
                    f" · concurrency {concurrency}")
    return summary


def _answer(s: Session, local: threading.local, spec: BatchSpec, item: Item, recovering: bool) -> dict[str, Any]:
    from huntaze_cli import render
    from huntaze_cli.agents.coordinator import AITeamCoordinator
    from huntaze_cli.agents.requests import build_input

    if local.team is None:
        local.team = AITeamCoordinator(s)
    team: AITeamCoordinator = local.team
    creator = s.creator(item.creator)
    data = build_input(spec.feature, item.fields, ledger=s.ledger, creator_id=creator.id)
    opts = replace(spec.options, creator=creator.name,
                   batch_key=batch_key(spec.feature, creator.name, item.item_id))
    if recovering:
        answer = team.replay(spec.feature, data, opts)
    else:
        method = {"caption": team.caption, "chat": team.chat, "suggest": team.suggest,
                  "optimize-sale": team.optimize_sale}[spec.feature]
        answer = method(data, opts)
    meta = render.meta(s, feature=spec.feature, creator=creator.name, result=answer.result, itemId=item.item_id,
                       line=item.index, **answer.meta())
    if recovering:
        meta["recovered"] = True
    return render.success_envelope(answer.data(), meta)


def _tally(summary: Summary, line: str) -> None:
    env = json.loads(line)
    if env.get("success"):
        summary.ok += 1
        summary.cached += bool(env["meta"].get("cached"))
        summary.cost_usd += env["meta"].get("costUsd") or 0.0
    else:
        summary.failed += 1
        summary.exit_codes.append(int(env.get("_exit", 1)))


def _concurrency(session: Session, spec: BatchSpec, todo: list[Item]) -> int:
    """Requested (default 8), never more than items left, nor more than the tightest hourly limit: more
    threads than the plan admits in an hour would only queue up refusals."""
    wanted = spec.concurrency or DEFAULT_CONCURRENCY
    limits = []
    for name in {it.creator for it in todo if it.creator}:
        found = session.ledger.get_creator(name)
        if found is not None:
            limits.append(found.requests_per_hour)
    bound = min(limits) if limits else wanted
    return max(1, min(wanted, bound, len(todo) or 1))


def _open_output(spec: BatchSpec) -> IO[str]:
    if spec.output_path is None or spec.output_path == "-":
        return sys.stdout
    try:
        return open(spec.output_path, "a" if spec.resume else "w", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise InvalidInput(f"--output {spec.output_path}: cannot write it ({exc.strerror}).") from None


class _OrderedWriter:
    """Writes each finished line at once (unordered) or as soon as all earlier lines are out (ordered)."""

    def __init__(self, out: IO[str], *, ordered: bool) -> None:
        self.out = out
        self.ordered = ordered
        self.lock = threading.Lock()
        self.pending: dict[int, str] = {}
        self.next = 0

    def ready(self, position: int, fut: Future[str]) -> None:
        line = fut.result()
        env = json.loads(line)
        env.pop("_exit", None)
        text = json.dumps(env, ensure_ascii=False, default=str)
        with self.lock:
            if not self.ordered:
                self._write(text)
                return
            self.pending[position] = text
            while self.next in self.pending:
                self._write(self.pending.pop(self.next))
                self.next += 1

    def _write(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def close(self) -> None:
        with self.lock:
            for position in sorted(self.pending):
                self._write(self.pending.pop(position))


class _Progress:
    """A rich progress bar on stderr when it is a terminal; nothing otherwise."""

    def __init__(self, total: int, *, enabled: bool) -> None:
        self.bar: Any = None
        if enabled and total:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            from huntaze_cli import render

            self.bar = Progress(TextColumn("batch"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                console=render.err(), transient=True)
            self.task = self.bar.add_task("batch", total=total)
            self.bar.start()

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
