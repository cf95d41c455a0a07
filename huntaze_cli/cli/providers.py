"""`huntaze providers [check]`: which providers are configured, key present or not, breaker state."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from huntaze_cli.cli.common import emit, started
from huntaze_cli.cli.helpview import App

if TYPE_CHECKING:
    from huntaze_cli.config.settings import Settings

app = App(help="Configured providers, key status (never the key) and circuit-breaker state.\n\n"
                       "Examples:\n\n  huntaze providers\n\n  huntaze providers check --provider openai",
                  invoke_without_command=True)


def _rows() -> list[dict[str, Any]]:
    from huntaze_cli.core.health import provider_rows

    session = started("providers")
    return provider_rows(session.settings, session.ledger)


@app.callback()
def providers(ctx: typer.Context) -> None:
    """List providers (no network call)."""
    if ctx.invoked_subcommand is not None:
        return
    rows = _rows()

    def human() -> None:
        from rich.table import Table

        from huntaze_cli.cli import render

        grid = Table(title="Providers", title_justify="left")
        for col in ("provider", "key", "endpoint", "default model", "breaker"):
            grid.add_column(col, overflow="fold")  # a URL or a model name folds, never loses its end
        for r in rows:
            key = r["key"]
            key_txt = f"[green]{key}[/]" if key != "missing" else "[red]missing[/]"
            state = r["breaker"]["state"]
            colour = {"closed": "green", "open": "red", "half_open": "yellow"}.get(state, "white")
            failures = r["breaker"]["consecutiveFailures"]
            # "closed" alone when nothing failed: the cell then fits 80 columns without wrapping
            grid.add_row(r["provider"], key_txt, render.text(r["baseUrl"] or "default"), render.text(r["defaultModel"]),
                         f"[{colour}]{state}[/]" + (f" ({failures} failures)" if failures else ""))
        grid.add_row("rules", "[green]not needed[/]", "built in", "rules", "[green]always on[/]")
        render.out().print(grid)

    emit(rows, feature="providers", human=human)


@app.command("check")
def check(provider: Annotated[str | None, typer.Option("--provider", "-p", help="Check only this one.")] = None,
          ) -> None:
    """Health check: one minimal request to each configured provider (not billed to any creator)."""
    from huntaze_cli.config.settings import PROVIDERS
    from huntaze_cli.core.health import check_provider
    from huntaze_cli.errors import InvalidInput

    session = started("providers")
    names = [provider] if provider else list(PROVIDERS)
    if provider and provider not in PROVIDERS:
        raise InvalidInput(f"Unknown provider '{provider}'; use one of {', '.join(PROVIDERS)}.")
    # Nobody set up a local server at the default URL: when checking them all, its absence is news, not a failure.
    results = [check_provider(session.settings, name, local_optional=provider is None,
                               ledger=session.ledger) for name in names]

    def human() -> None:
        from huntaze_cli.cli import render
        from huntaze_cli.config.settings import DEFAULT_LOCAL_BASE_URL

        for r in results:
            mark = {"ok": "[green]✓[/]", "failed": "[red]✗[/]"}.get(r["status"], "[dim]–[/]")
            detail = f"{r.get('model')} in {r['latencyMs']} ms" if r["status"] == "ok" else \
                f"not running at {DEFAULT_LOCAL_BASE_URL} (optional)" if r["status"] == "not running" else \
                r.get("error") or r.get("hint") or "no credentials"
            if r.get("structuredMode"):
                detail += f" · structured output: {r['structuredMode']}"
                detail += f" · {r['slots']} slot(s), {r['contextTokens']:,}-token context" if r.get("slots") else ""
            if "acceptsImages" in r:
                detail += {True: " · images: accepted", False: " · images: not accepted (a text-only model; "
                           "`caption --image` needs a vision model, e.g. llama.cpp with --mmproj)",
                           None: " · images: unknown (the probe failed)"}[r["acceptsImages"]]
            render.out().print(f"{mark} ", end="")
            render.out().print(f"{r['provider']:<7} {detail}", markup=False)  # a server's error text is not markup

    failed = [r for r in results if r["status"] == "failed"]
    if not failed:
        emit(results, feature="providers", human=human)
        return
    # A failed check is never exit 0: 6 when a key was rejected (fix the config), else 5 (server down).
    if not session.flags.json:
        human()
    raise _check_failure(failed, results, session.settings)


def _check_failure(failed: list[dict[str, Any]], results: list[dict[str, Any]], settings: Settings) -> Exception:
    from huntaze_cli.cli.fallback import key_places
    from huntaze_cli.errors import ConfigError, ProviderFailure

    rejected = [r["provider"] for r in failed if r["errorKind"] == "auth"]
    down = [r for r in failed if r["errorKind"] != "auth"]
    parts = []
    if rejected:
        places = key_places(settings, rejected)
        where = " and ".join(places[p] for p in rejected if p in places) or "the configured key"
        parts.append(f"{' and '.join(rejected)} rejected the key; check {where}")
    if down:
        parts.append(f"{' and '.join(r['provider'] for r in down)} did not answer the health check "
                     f"({down[0]['error'].rstrip('.')}); check the server and its base URL")
    message = "; ".join(parts) + "."
    # A rejected key is a configuration problem (6); a server that does not answer a provider failure (5).
    error = ConfigError if rejected else ProviderFailure
    return error(message, metadata={"results": results})
