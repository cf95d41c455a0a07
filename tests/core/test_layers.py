"""The layers depend one way: command (cli/) → core pipeline (core/) → agent (agents/) → provider, with the
ledger beside. Read from the source (every import, at module level or inside a function), so a lazy import
cannot hide a dependency running the wrong way."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import huntaze_cli

PACKAGE = Path(huntaze_cli.__file__).parent


def imports_of(folder: str) -> dict[str, set[str]]:
    """module file → every module it imports (absolute names; `from huntaze_cli import x` counts as
    huntaze_cli.x)."""
    found: dict[str, set[str]] = {}
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative imports are not used in this package; resolve them anyway
                    base = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-node.level])
                    module = f"{base}.{node.module}" if node.module else base
                else:
                    module = node.module or ""
                names.add(module)
                names.update(f"{module}.{alias.name}" for alias in node.names)
        found[str(path.relative_to(PACKAGE))] = names
    return found


def offenders(folder: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    bad: dict[str, list[str]] = {}
    for module, names in imports_of(folder).items():
        hits = sorted(n for n in names if any(n == f or n.startswith(f + ".") for f in forbidden))
        if hits:
            bad[module] = hits
    return bad


def test_the_import_reader_sees_lazy_imports():
    # The check below would pass vacuously if the reader missed imports inside functions: core/batch.py
    # imports the coordinator inside a function.
    assert "huntaze_cli.core.coordinator.AITeamCoordinator" in imports_of("core")["core/batch.py"]


def test_agents_never_import_the_core_or_the_cli():
    assert offenders("agents", ("huntaze_cli.core", "huntaze_cli.cli", "huntaze_cli.cli.render", "rich",
                                "typer")) == {}


def test_providers_and_ledger_import_no_layer_above_them():
    above = ("huntaze_cli.core", "huntaze_cli.cli", "huntaze_cli.agents", "huntaze_cli.cli.render")
    assert offenders("providers", (*above, "huntaze_cli.ledger")) == {}
    assert offenders("ledger", (*above, "huntaze_cli.providers")) == {}


def test_the_pipeline_runs_on_a_request_context_without_the_clis_session(cli):
    """The coordinator and the runner take the small context (creator, settings, ledger, request id, where
    events go): no --json/--quiet/--debug flags, and the creator resolved once by the caller."""
    from huntaze_cli.agents.requests import build_input
    from huntaze_cli.config.settings import Settings
    from huntaze_cli.core.context import RequestContext
    from huntaze_cli.core.coordinator import AITeamCoordinator, RouteOptions
    from huntaze_cli.ledger import open_ledger

    assert cli("creators", "add", "mia").code == 0
    ledger = open_ledger(cli.db)
    try:
        emitted: list[str] = []

        class Events:
            def hooks(self, event: str) -> list[dict[str, object]]:
                return []

            def emit(self, event: str, payload: dict[str, object]) -> None:
                emitted.append(event)

        mia = ledger.get_creator("mia")
        ctx = RequestContext(creator=mia, settings=Settings.load(), ledger=ledger, request_id="req_ctx_only",
                             events=Events())
        assert not hasattr(ctx, "flags")
        data = build_input("caption", {"description": "beach sunset", "platform": "instagram"})
        answer = AITeamCoordinator(ctx).answer("caption", data, RouteOptions(provider="rules"))
        assert answer.creator == "mia" and answer.result.provider == "rules"
        row = ledger.get_usage(answer.result.usage_id)
        assert (row["creator"], row["correlation_id"], row["feature"]) == ("mia", "req_ctx_only", "caption")
        assert emitted == []
    finally:
        ledger.close()


# What only the CLI may do: print, draw, read the terminal, pick an exit code.
_TERMINAL_MODULES = ("huntaze_cli.cli", "huntaze_cli.cli.render", "rich", "typer", "click", "traceback")
_TERMINAL_NAMES = {"print", "input", "exit", "quit"}
_TERMINAL_ATTRS = {("sys", "stdin"), ("sys", "stdout"), ("sys", "stderr"), ("sys", "exit"), ("os", "_exit")}


def terminal_uses(folder: str) -> dict[str, list[str]]:
    bad = offenders(folder, _TERMINAL_MODULES)
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        hits: list[str] = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _TERMINAL_NAMES:
                hits.append(f"{node.func.id}() at line {node.lineno}")
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and (node.value.id, node.attr) in _TERMINAL_ATTRS:
                hits.append(f"{node.value.id}.{node.attr} at line {node.lineno}")
            elif isinstance(node, ast.Name) and node.id == "SystemExit":
                hits.append(f"SystemExit at line {node.lineno}")
        if hits:
            bad.setdefault(str(path.relative_to(PACKAGE)), []).extend(hits)
    return bad


def test_the_server_stands_on_the_core_not_on_the_cli():
    """`huntaze serve` calls the same core functions as the commands and imports nothing of cli/ (its output is
    HTTP, and its log, where a masked traceback of an unexpected failure goes)."""
    assert offenders("serve", ("huntaze_cli.cli", "rich", "typer")) == {}
    # And nothing below the CLI imports the server (FastAPI is an extra, loaded only by `huntaze serve`).
    for folder in ("core", "agents", "providers", "ledger", "config", "io"):
        assert offenders(folder, ("huntaze_cli.serve", "fastapi", "starlette", "uvicorn")) == {}


def test_the_core_knows_no_terminal():
    """No module of core/ prints, draws, reads the terminal or decides an exit code: it returns results and
    reports progress through callbacks, and cli/ renders them."""
    assert terminal_uses("core") == {}


def test_the_terminal_check_catches_a_print(tmp_path, monkeypatch):
    # The check above is only worth something if it can fail: a module that prints is caught.
    fake = tmp_path / "huntaze_cli"
    (fake / "core").mkdir(parents=True)
    (fake / "core" / "chatty.py").write_text("import sys\n\ndef f():\n    print('x')\n    sys.stdout.write('y')\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    assert terminal_uses("core") == {"core/chatty.py": ["print() at line 4", "sys.stdout at line 5"]}


class _Listener:
    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def started(self, total: int) -> None:
        self.events.append(("started", total))

    def advanced(self) -> None:
        self.events.append(("advanced", None))

    def interrupted(self, in_flight: int) -> None:
        self.events.append(("interrupted", in_flight))

    def finished(self, summary: object) -> None:
        self.events.append(("finished", summary))


def test_the_batch_engine_reports_through_callbacks_and_writes_only_the_stream_it_is_given(cli, tmp_path, capfd):
    import io

    from huntaze_cli.core.batch import BatchSpec, ItemResult, run_batch
    from huntaze_cli.core.coordinator import RouteOptions
    from huntaze_cli.core.session import GlobalFlags, Session

    lines = [b'{"id": "a", "description": "beach sunset", "platform": "instagram"}\n',
             b'{"id": "b", "platform": "instagram"}\n',      # no description: that line's InvalidInput
             b'{"id": "c", "description": "gym day", "platform": "tiktok"}\n']
    out = io.StringIO()
    seen: list[ItemResult] = []

    def encode(result: ItemResult) -> str:
        seen.append(result)
        return f"{result.item.item_id}:{'ok' if result.answer else result.error.code}"

    listener = _Listener()
    session = Session(GlobalFlags(quiet=False, debug=True))
    try:
        spec = BatchSpec(feature="caption", input_path="-", options=RouteOptions(provider="rules"), concurrency=2,
                         stdin=lines, stdout=out)
        summary = run_batch(session, spec, encode, listener)
    finally:
        session.close()
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")   # not one byte on the terminal, even without --quiet
    assert out.getvalue().splitlines() == ["a:ok", "b:INVALID_INPUT", "c:ok"]
    assert listener.events[0] == ("started", 3)
    assert [name for name, _ in listener.events].count("advanced") == 3
    assert listener.events[-1] == ("finished", summary)
    assert (summary.ok, summary.failed, summary.exit_codes) == (2, 1, [2])
    assert sorted(r.item.item_id for r in seen) == ["a", "b", "c"]
    assert all(r.request_id.startswith("req_") for r in seen)


def test_commands_never_call_providers_directly():
    """Health checks and provider status go through core/health.py; no command module touches a provider
    (the list of their names, providers/known.py, is only data)."""
    bad = offenders("cli", ("huntaze_cli.providers",))
    assert {module: [n for n in names if not n.startswith("huntaze_cli.providers.known")]
            for module, names in bad.items()} == {module: [] for module in bad}


def test_images_know_no_pipeline_terminal_ledger_or_sdk():
    # Photo facts are used by agents (caption input) and the runner (the copy sent): they sit below both.
    assert offenders("images", ("huntaze_cli.core", "huntaze_cli.cli", "huntaze_cli.ledger", "rich", "typer",
                                "openai", "google")) == {}
