"""Who is calling: a bearer token from `huntaze tokens create`, looked up by its SHA-256. A token acts for one
creator (read or draft scope) or for the agency (admin scope, no creator). With no live token in the ledger
and the server on a loopback address, local callers need none and act as admin."""

from __future__ import annotations

from dataclasses import dataclass

from huntaze_cli.core.tokens import covers, digest
from huntaze_cli.errors import Forbidden, Unauthorized
from huntaze_cli.serve.hub import Hub


@dataclass(frozen=True)
class Caller:
    scope: str
    creator: str | None  # None: every creator (an admin token, or a local server without tokens)
    token_id: int | None = None

    def require(self, scope: str) -> None:
        if not covers(self.scope, scope):
            raise Forbidden(f"This token's scope is '{self.scope}'; this endpoint needs '{scope}'. Create one with "
                            f"`huntaze tokens create --scope {scope}`.", metadata={"needed": scope})

    def creator_for(self, requested: str | None) -> str | None:
        """The creator this request runs for: the token's own; another one is refused, never served."""
        if self.creator is None:
            return requested
        if requested is not None and requested != self.creator:
            raise Forbidden(f"This token acts for one creator only, not for '{requested}'.")
        return self.creator


def authenticate(hub: Hub, authorization: str | None) -> Caller:
    ledger = hub.ledger()
    if not authorization:
        if hub.loopback and not ledger.any_live_token():
            return Caller(scope="admin", creator=None)
        raise Unauthorized("This endpoint needs a bearer token: send `Authorization: Bearer TOKEN` with a token "
                           "from `huntaze tokens create`.")
    kind, _, token = authorization.partition(" ")
    token = token.strip()
    if kind.lower() != "bearer" or not token:
        raise Unauthorized("The Authorization header must be `Bearer TOKEN`.")
    found = ledger.find_token(digest(token))
    if found is None:
        raise Unauthorized("The bearer token is unknown or revoked; create one with `huntaze tokens create`.")
    if found["creator"] is None and (found["scope"] != "admin" or found["creator_id"] is not None):
        # Only an admin token made without a creator acts for all: a creator token never widens.
        raise Unauthorized("The bearer token's creator no longer exists; create a new token.")
    ledger.touch_token(found)
    return Caller(scope=found["scope"], creator=found["creator"], token_id=found["id"])
