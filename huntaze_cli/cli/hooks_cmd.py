"""`huntaze hooks add/list/rm/test`: run a command or POST a webhook when something happens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from huntaze_cli.cli.common import emit, in_range, started
from huntaze_cli.cli.helpview import App
from huntaze_cli.errors import HuntazeError, InvalidInput, NotFound
from huntaze_cli.events import EVENTS
from huntaze_cli.io import limits
from huntaze_cli.redaction import mask_url

if TYPE_CHECKING:
    from huntaze_cli.ledger import Ledger

app = App(
    help="Event hooks: run a shell command (the event JSON on its stdin) or POST the event JSON to a URL.\n\n"
         f"Events: {', '.join(EVENTS)}. quota.threshold fires once per creator, month and threshold. A hook "
         "that fails or times out is logged and never fails the request.\n\n"
         "Examples:\n\n  huntaze hooks add --event quota.threshold --threshold 80 "
         "--command 'notify-send \"huntaze: 80% of the monthly budget\"'\n\n"
         "  huntaze hooks add --event breaker.opened --url https://hooks.example.com/huntaze --timeout 5\n\n"
         "  huntaze hooks list\n\n  huntaze hooks test 1",
    no_args_is_help=True)


def hook_dict(hook: dict[str, Any], runs: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    from huntaze_cli.core.views import hook as shape

    return shape(hook, runs)


HookIdArg = Annotated[int, typer.Argument(help="Hook id (see `huntaze hooks list`).", metavar="ID",
                                          callback=in_range(limits.ROW_ID, "ID"))]


@app.command("add")
def add(
    event: Annotated[str, typer.Option("--event", "-e", help=f"One of: {', '.join(EVENTS)}.")],
    command: Annotated[str | None, typer.Option("--command", help="Shell command; gets the event JSON on stdin "
                                                                  "and HUNTAZE_EVENT in its environment.")] = None,
    url: Annotated[str | None, typer.Option("--url", help="http(s) URL that receives the event JSON by POST.")]
    = None,
    threshold: Annotated[float | None, typer.Option("--threshold", callback=in_range(limits.THRESHOLD_PERCENT,
                                                                                     "--threshold"),
                                                    help="quota.threshold only: percent of the monthly budget "
                                                         "(default 80).")] = None,
    timeout: Annotated[float, typer.Option("--timeout", callback=in_range(limits.HOOK_TIMEOUT_S, "--timeout"),
                                        help="Seconds before the hook is stopped.")] = 10.0,
) -> None:
    """Add a hook (exactly one of --command or --url)."""
    session = started("hooks")
    from huntaze_cli.core.views import check_hook

    threshold = check_hook(event, command=command, url=url, threshold=threshold, timeout=timeout)
    ledger = session.ledger
    hook_id = ledger.add_hook(event=event, command=command, url=url, threshold=threshold, timeout_s=timeout)
    hook = _find(ledger, hook_id)

    def human() -> None:
        from rich.markup import escape

        from huntaze_cli.cli import render

        render.out().print(f"Hook {hook_id} added: on [bold]{_when(hook)}[/] → {escape(_action(hook))}. "
                           f"Try it with `huntaze hooks test {hook_id}`.")

    emit(hook_dict(hook), feature="hooks", human=human)


@app.command("list")
def list_(event: Annotated[str | None, typer.Option("--event", "-e", help="Only this event.")] = None) -> None:
    """List hooks with their last run."""
    session = started("hooks")
    if event is not None and event not in EVENTS:
        raise InvalidInput(f"Unknown event '{event}'; use one of {', '.join(EVENTS)}.")
    ledger = session.ledger
    hooks = [hook_dict(h, ledger.list_hook_runs(h["id"], limit=1)) for h in ledger.list_hooks(event)]

    def human() -> None:
        from rich.markup import escape
        from rich.table import Table

        from huntaze_cli.cli import render

        if not hooks:
            render.out().print("No hooks yet; add one with `huntaze hooks add --event quota.threshold "
                               "--command 'notify-send huntaze'`.")
            return
        grid = Table(title="Hooks", title_justify="left")
        for col in ("id", "event", "action", "timeout", "last run"):
            grid.add_column(col)
        for h in hooks:
            last = h["lastRun"]
            when = "" if last is None else last["at"][5:16].replace("T", " ")
            shown = "never" if last is None else f"[green]ok[/] {when}" if last["status"] == "ok" else \
                f"[red]failed[/] {when}: {escape((last['detail'] or '')[:60])}"
            grid.add_row(str(h["id"]), _when(h), escape(_action(h)), f"{h['timeoutS']:g}s", shown)
        render.out().print(grid)

    emit(hooks, feature="hooks", human=human)


@app.command("rm")
def rm(hook_id: HookIdArg) -> None:
    """Remove a hook."""
    session = started("hooks")
    if not session.ledger.delete_hook(hook_id):
        raise NotFound(f"No hook with id {hook_id}; see `huntaze hooks list`.")
    emit({"id": hook_id, "removed": True}, feature="hooks",
         human=lambda: print(f"Hook {hook_id} removed."))


@app.command("test")
def test(hook_id: HookIdArg) -> None:
    """Fire a sample event (marked "test": true) at one hook and show what happened; exit 1 if it failed."""
    from huntaze_cli.core.hooks import SAMPLES, event_body, run_hook

    session = started("hooks")
    ledger = session.ledger
    hook = _find(ledger, hook_id)
    event = hook["event"]
    payload = {**SAMPLES[event], "test": True}
    if event == "quota.threshold" and hook["threshold"] is not None:
        payload["threshold"] = hook["threshold"]
    body = event_body(session.request_id, event, payload)
    status, detail = run_hook(hook, body)
    ledger.log_hook_run(hook_id, event, status, detail)
    if status != "ok":
        raise HuntazeError(f"Hook {hook_id} failed: {detail}.", code="HOOK_FAILED",
                           metadata={"hookId": hook_id, "event": event, "detail": detail})
    emit({"id": hook_id, "event": event, "status": status, "detail": detail, "sent": body}, feature="hooks",
         human=lambda: print(f"Hook {hook_id} ok ({event}): {detail}"))


def _find(ledger: Ledger, hook_id: int) -> dict[str, Any]:
    found = next((h for h in ledger.list_hooks() if h["id"] == hook_id), None)
    if found is None:
        raise NotFound(f"No hook with id {hook_id}; see `huntaze hooks list`.")
    return found


def _when(hook: dict[str, Any]) -> str:
    return f"{hook['event']} ≥ {hook['threshold']:g}%" if hook["event"] == "quota.threshold" else hook["event"]


def _action(hook: dict[str, Any]) -> str:
    return f"run `{hook['command']}`" if hook["command"] else f"POST {mask_url(hook['url'])}"
