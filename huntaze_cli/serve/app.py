"""The ASGI application: the routers, the error envelope for every failure, and the body-size limit."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from huntaze_cli import __version__
from huntaze_cli.errors import HuntazeError
from huntaze_cli.serve import errors
from huntaze_cli.serve.hub import Hub
from huntaze_cli.serve.limits import MAX_BODY_BYTES, BodyLimit

DESCRIPTION = ("huntaze's commands over HTTP, on the same core and ledger. Every answer is the envelope "
               "`{success, data | error, meta}` that `huntaze --json` prints. Authenticate with "
               "`Authorization: Bearer TOKEN` (`huntaze tokens create`).")


def create_app(hub: Hub, *, max_body_bytes: int = MAX_BODY_BYTES) -> FastAPI:
    from huntaze_cli.serve.routes import admin, ai, records

    # No /docs: FastAPI's Swagger page loads its script and styles from a CDN, and huntaze fetches nothing.
    app = FastAPI(title="huntaze", version=__version__, description=DESCRIPTION, docs_url=None,
                  redoc_url=None, openapi_url="/openapi.json")
    app.state.hub = hub
    for router in (ai.router, records.router, admin.router):
        app.include_router(router)
    app.add_exception_handler(HuntazeError, errors.on_huntaze_error)
    app.add_exception_handler(RequestValidationError, errors.on_validation_error)
    app.add_exception_handler(HTTPException, errors.on_http_error)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.router.on_shutdown.append(hub.close)
    return app
