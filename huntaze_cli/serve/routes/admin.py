"""Agency-wide endpoints (admin scope): cost reports, the effective configuration, event hooks; and health."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Request
from fastapi.responses import JSONResponse

from huntaze_cli import __version__
from huntaze_cli.core import views
from huntaze_cli.errors import InvalidInput, NotFound
from huntaze_cli.serve import schemas as api
from huntaze_cli.serve.handling import Outcome, respond

router = APIRouter(tags=["admin"])


@router.get("/api/admin/ai-costs", summary="Requests, tokens and dollars grouped by creator, feature, model, "
            "provider or time", responses=api.responses())
def ai_costs(request: Request, by: str = "creator", since: str | None = None, until: str | None = None,
             month: str | None = None, creator: str | None = None, chart: bool = False) -> JSONResponse:
    def work(session: Any, caller: Any, _: str | None) -> Outcome:
        start, end = views.cost_period(by, month=month, since=since, until=until)
        ledger = session.ledger
        if creator is not None and ledger.get_creator(creator) is None:
            raise NotFound(f"Creator '{creator}' does not exist.")
        data: dict[str, Any] = {
            "by": by, "period": {"since": start.isoformat() if start else None,
                                 "until": end.isoformat() if end else None},
            "rows": ledger.cost_report(by=by, since=start, until=end, creator=creator),
            "totals": ledger.cost_totals(since=start, until=end, creator=creator)}
        if chart:
            data["series"] = ledger.cost_report(by="week" if by == "week" else "day", since=start, until=end,
                                                creator=creator)
        return Outcome(data, creator=creator)

    return respond(request, feature="costs", scope="admin", creator=None, work=work)


@router.get("/api/ai/config", summary="Every effective setting with its source (keys masked)",
            responses=api.responses())
def config(request: Request) -> JSONResponse:
    def work(session: Any, caller: Any, _: str | None) -> Outcome:
        from huntaze_cli.config.dburl import mask_secrets
        from huntaze_cli.config.settings import flatten

        return Outcome([{"key": k, "value": mask_secrets(v) if isinstance(v, str) else v, "source": s}
                        for k, v, s in flatten(session.settings)])

    return respond(request, feature="config", scope="admin", creator=None, work=work)


@router.get("/api/ai/hooks", summary="Event hooks with their last run", responses=api.responses())
def list_hooks(request: Request, event: str | None = None) -> JSONResponse:
    def work(session: Any, caller: Any, _: str | None) -> Outcome:
        from huntaze_cli.events import EVENTS

        if event is not None and event not in EVENTS:
            raise InvalidInput(f"Unknown event '{event}'; use one of {', '.join(EVENTS)}.")
        ledger = session.ledger
        return Outcome([views.hook(h, ledger.list_hook_runs(h["id"], limit=1)) for h in ledger.list_hooks(event)])

    return respond(request, feature="hooks", scope="admin", creator=None, work=work)


_HOOK_FIELDS = {"event": {"type": "string"}, "url": {"type": "string"}, "threshold": {"type": "number"},
                "timeoutS": {"type": "number", "default": 10}}


@router.post("/api/ai/hooks", summary="Add a webhook (shell-command hooks only from the command line)",
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
                 "type": "object", "required": ["event", "url"], "properties": _HOOK_FIELDS}}}}},
             responses=api.responses(), status_code=201)
def add_hook(request: Request, payload: dict[str, Any] = Body(...)) -> JSONResponse:
    def work(session: Any, caller: Any, _: str | None) -> Outcome:
        if "command" in payload:
            # A shell command run by the server's user, sent over the network: never.
            raise InvalidInput("Shell-command hooks are added on the server with `huntaze hooks add --command`; "
                               "over HTTP give a `url`.")
        unknown = sorted(set(payload) - set(_HOOK_FIELDS))
        if unknown:
            raise InvalidInput(f"Unknown field(s) {', '.join(unknown)}; a hook has event, url, threshold, timeoutS.")
        event, url = payload.get("event"), payload.get("url")
        threshold, timeout = payload.get("threshold"), payload.get("timeoutS", 10.0)
        if not isinstance(event, str) or not isinstance(url, str):
            raise InvalidInput("A hook needs `event` and `url` strings.")
        for value, what in ((threshold, "threshold"), (timeout, "timeoutS")):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
                raise InvalidInput(f"`{what}` must be a number.")
        threshold = views.check_hook(event, command=None, url=url, threshold=threshold, timeout=float(timeout))
        ledger = session.ledger
        hook_id = ledger.add_hook(event=event, url=url, threshold=threshold, timeout_s=float(timeout))
        hook = next(h for h in ledger.list_hooks() if h["id"] == hook_id)
        return Outcome(views.hook(hook), status=201)

    return respond(request, feature="hooks", scope="admin", creator=None, work=work)


@router.delete("/api/ai/hooks/{hook_id}", summary="Remove a hook", responses=api.responses())
def delete_hook(request: Request, hook_id: int) -> JSONResponse:
    def work(session: Any, caller: Any, _: str | None) -> Outcome:
        if not session.ledger.delete_hook(hook_id):
            raise NotFound(f"No hook {hook_id}.")
        return Outcome({"id": hook_id, "deleted": True})

    return respond(request, feature="hooks", scope="admin", creator=None, work=work)


@router.get("/api/health", summary="Liveness and the ledger's reachability (no token needed)", tags=["health"])
def health(request: Request) -> JSONResponse:
    from huntaze_cli.core.envelope import error_envelope, request_meta, success_envelope
    from huntaze_cli.errors import HuntazeError, LedgerError
    from huntaze_cli.serve.handling import hub_of
    from huntaze_cli.serve.hub import new_request_id

    hub = hub_of(request)
    meta = request_meta(new_request_id(), 0, feature="health")
    try:
        ledger = hub.ledger()
        ledger.any_live_token()  # a real query: the ledger answers
    except HuntazeError as exc:
        return JSONResponse(error_envelope(exc, meta), status_code=503)
    except Exception as exc:  # noqa: BLE001  (reported as unhealthy, with no detail)
        return JSONResponse(error_envelope(LedgerError(f"The ledger cannot be reached ({exc.__class__.__name__})."),
                                           meta), status_code=503)
    return JSONResponse(success_envelope({"status": "ok", "version": __version__, "ledger": ledger.backend}, meta))
