"""`huntaze tokens create/list/revoke`: bearer tokens for `huntaze serve`, kept hashed in the ledger."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from huntaze_cli.cli.common import emit, started
from huntaze_cli.cli.helpview import App
from huntaze_cli.errors import InvalidInput

app = App(help="API tokens for `huntaze serve`: one per chatter or dashboard, for one creator (read or "
                       "draft) or for the agency (admin). Only a hash is stored: a token is shown once.\n\n"
                       "Examples:\n\n  huntaze tokens create --creator mia --scope draft --label anna\n\n"
                       "  huntaze tokens create --scope admin --label dashboard\n\n"
                       "  huntaze tokens list\n\n  huntaze tokens revoke 3", no_args_is_help=True)


def _token_json(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "prefix": row["prefix"], "creator": row["creator"], "scope": row["scope"],
            "label": row["label"], "createdAt": row["created_at"], "lastUsedAt": row["last_used_at"],
            "revokedAt": row["revoked_at"]}


@app.command("create")
def create(
    creator: Annotated[str | None, typer.Option("--creator", "-c", help="The creator the token acts for (read and "
                                                "draft tokens).")] = None,
    scope: Annotated[str, typer.Option("--scope", help="read (quota, lists), draft (also AI drafts, quick "
                                       "replies) or admin (every creator, costs, hooks, config).")] = "draft",
    label: Annotated[str | None, typer.Option("--label", help="Who or what uses it, e.g. a chatter's "
                                              "name.")] = None,
) -> None:
    """Create a token and print it once."""
    from huntaze_cli.core.tokens import SCOPES, digest, new_token, shown_prefix

    s = started("tokens", creator)
    if scope not in SCOPES:
        raise InvalidInput(f"--scope '{scope}' is not a scope; use one of {', '.join(SCOPES)}.")
    if scope == "admin" and creator is not None:
        raise InvalidInput("An admin token acts for every creator; leave --creator out, or give --scope draft.")
    if scope != "admin" and creator is None:
        raise InvalidInput(f"A {scope} token acts for one creator: give --creator NAME.")
    if label is not None and len(label) > 80:
        raise InvalidInput("--label is over 80 characters; give a short name.")
    owner = s.creator(creator) if creator is not None else None
    token = new_token()
    token_id = s.ledger.add_token(sha256=digest(token), prefix=shown_prefix(token),
                                  creator_id=owner.id if owner else None, scope=scope, label=label)
    row = next(r for r in s.ledger.list_tokens() if r["id"] == token_id)

    def human() -> None:
        from huntaze_cli.cli import render

        print(token)
        render.hint(f"Token {token_id} ({scope}{' for ' + owner.name if owner else ', every creator'}). It is shown "
                    "only now: store it in the dashboard's secrets. Revoke it with "
                    f"`huntaze tokens revoke {token_id}`.")

    emit({**_token_json(row), "token": token}, feature="tokens", creator=owner.name if owner else None,
         human=human)


@app.command("list")
def list_(all_: Annotated[bool, typer.Option("--all", "-a", help="Include revoked tokens.")] = False) -> None:
    """List tokens (their prefix, never the token)."""
    s = started("tokens")
    rows = [_token_json(r) for r in s.ledger.list_tokens(include_revoked=all_)]

    def human() -> None:
        from rich.table import Table

        from huntaze_cli.cli import render

        if not rows:
            render.out().print("No API tokens; create one with `huntaze tokens create --creator NAME`.")
            return
        grid = Table(title="API tokens", title_justify="left")
        for col in ("id", "prefix", "scope", "creator", "label", "created", "last used", "revoked"):
            grid.add_column(col)
        for r in rows:
            grid.add_row(str(r["id"]), r["prefix"] + "…", r["scope"], render.text(r["creator"] or "(every)"),
                         render.text(r["label"]), r["createdAt"][:16], (r["lastUsedAt"] or "")[:16],
                         (r["revokedAt"] or "")[:16])
        render.out().print(grid)

    emit(rows, feature="tokens", human=human)


@app.command("revoke")
def revoke(ref: Annotated[str, typer.Argument(help="The token's id or prefix (from `tokens list`).")]) -> None:
    """Revoke a token: the next request with it gets 401."""
    s = started("tokens")
    row = s.ledger.revoke_token(ref)
    emit({"id": row["id"], "prefix": row["prefix"], "revoked": True}, feature="tokens",
         human=lambda: print(f"Revoked token {row['id']} ({row['prefix']}…)."))
