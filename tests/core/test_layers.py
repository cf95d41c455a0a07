"""The layers depend one way: command (cli/) → core pipeline (core/) → agent (agents/) → provider, with the
ledger beside. Read from the source (every import, at module level or inside a function), so a lazy import
cannot hide a dependency running the wrong way."""

from __future__ import annotations

import ast
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
    assert offenders("agents", ("huntaze_cli.core", "huntaze_cli.cli", "huntaze_cli.render", "rich",
                                "typer")) == {}


def test_providers_and_ledger_import_no_layer_above_them():
    above = ("huntaze_cli.core", "huntaze_cli.cli", "huntaze_cli.agents", "huntaze_cli.render")
    assert offenders("providers", (*above, "huntaze_cli.ledger")) == {}
    assert offenders("ledger", (*above, "huntaze_cli.providers")) == {}


def test_the_pipeline_runs_on_a_request_context_without_the_clis_session(cli):
    """The coordinator and the runner take the small context (creator, settings, ledger, request id, where
    events go): no --json/--quiet/--debug flags, and the creator resolved once by the caller."""
    from huntaze_cli.agents.requests import build_input
    from huntaze_cli.config import Settings
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
