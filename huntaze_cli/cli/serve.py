"""`huntaze serve`: the endpoints over HTTP for an agency's dashboards (the `serve` extra: FastAPI on uvicorn)."""

from __future__ import annotations

from typing import Annotated

import typer

from huntaze_cli.cli.common import in_range, started
from huntaze_cli.errors import ConfigError, InvalidInput
from huntaze_cli.io import limits

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8787


def register(app: typer.Typer) -> None:
    app.command("serve", help=(
        "Serve huntaze's commands over HTTP (the seed's /api/... endpoints, OpenAPI at /openapi.json).\n\n"
        "Bound to 127.0.0.1 by default; any other --host needs API tokens (`huntaze tokens create`) and is meant "
        "to sit behind the agency's reverse proxy (TLS there). Needs the extra: pip install 'huntaze[serve]'.\n\n"
        "Examples:\n\n  huntaze serve\n\n  huntaze serve --port 9000\n\n"
        "  huntaze --db postgresql://huntaze:PASSWORD@db:5432/huntaze serve --host 0.0.0.0"))(serve)


def _loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on (default 127.0.0.1, this machine "
                                      "only).")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option("--port", callback=in_range(limits.TCP_PORT, "--port"),
                                      help="TCP port.")] = DEFAULT_PORT,
) -> None:
    import importlib.util
    import sys

    s = started("serve")
    if not host.strip():
        raise InvalidInput("--host is empty; give an address such as 127.0.0.1.")
    if importlib.util.find_spec("fastapi") is None or importlib.util.find_spec("uvicorn") is None:
        raise ConfigError("`huntaze serve` needs the serve extra: pip install 'huntaze[serve]'.")
    loopback = _loopback(host)
    ledger = s.ledger  # opened (and migrated) now: a bad --db is reported before the port is taken
    if not loopback and not ledger.any_live_token():
        raise ConfigError(f"--host {host} makes the API reachable from other machines, and this ledger has no API "
                          "token yet: create one with `huntaze tokens create --creator NAME`, then start again.")
    import uvicorn

    from huntaze_cli.config.dburl import mask_secrets
    from huntaze_cli.serve.app import create_app
    from huntaze_cli.serve.hub import Hub

    hub = Hub(db=s.flags.db, settings=s.settings, loopback=loopback)
    where = mask_secrets(str(ledger.path))
    s.close()  # the server's threads open their own connections
    auth = "bearer tokens required" if not loopback or hub.ledger().any_live_token() else \
        "no token needed from this machine until one is created"
    sys.stderr.write(f"huntaze serve on http://{host}:{port} · ledger {where} · {auth}\n")
    sys.stderr.flush()
    # uvicorn's access log names method, path and status only: tokens travel in a header, never in a URL.
    uvicorn.run(create_app(hub), host=host, port=port, log_level="info", server_header=False,
                timeout_graceful_shutdown=10)
