"""Every failure the user can see: one code, one sentence, one exit code.

The CLI maps a HuntazeError to its exit code and to the envelope's `error` object; anything else is an
unexpected error (exit 1) and only shows a traceback with --debug.
"""

from __future__ import annotations

from typing import Any

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_USAGE = 2
EXIT_QUOTA = 3
EXIT_RATE_LIMITED = 4
EXIT_PROVIDER = 5
EXIT_CONFIG = 6


class HuntazeError(Exception):
    """Base of all expected errors. `message` is one sentence that says what to do."""

    code = "INTERNAL_ERROR"
    exit_code = EXIT_UNEXPECTED
    retryable = False

    def __init__(self, message: str, *, code: str | None = None, metadata: dict[str, Any] | None = None,
                 retryable: bool | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if retryable is not None:
            self.retryable = retryable
        self.metadata: dict[str, Any] = metadata or {}

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "retryable": self.retryable,
                "metadata": self.metadata}


class InvalidInput(HuntazeError):
    """Bad usage or invalid input (exit 2)."""

    code = "INVALID_INPUT"
    exit_code = EXIT_USAGE


class NotFound(InvalidInput):
    """A named thing (creator, fan, template, log row) does not exist (exit 2)."""

    code = "NOT_FOUND"


class Conflict(InvalidInput):
    """The thing to create already exists (exit 2, as any bad input; HTTP 409)."""

    code = "CONFLICT"


class Unauthorized(HuntazeError):
    """`huntaze serve`: no bearer token, or one the ledger does not know or has revoked (HTTP 401)."""

    code = "UNAUTHORIZED"
    exit_code = EXIT_CONFIG


class Forbidden(HuntazeError):
    """`huntaze serve`: the token's scope or creator does not cover this request (HTTP 403)."""

    code = "FORBIDDEN"
    exit_code = EXIT_CONFIG


class QuotaExceeded(HuntazeError):
    code = "QUOTA_EXCEEDED"
    exit_code = EXIT_QUOTA
    retryable = False


class RateLimited(HuntazeError):
    code = "RATE_LIMITED"
    exit_code = EXIT_RATE_LIMITED
    retryable = True


class ProviderFailure(HuntazeError):
    """Every provider in the chain failed after retries and fallbacks (exit 5)."""

    code = "PROVIDER_ERROR"
    exit_code = EXIT_PROVIDER
    retryable = True


class ConfigError(HuntazeError):
    """Configuration or credentials problem (exit 6)."""

    code = "CONFIG_ERROR"
    exit_code = EXIT_CONFIG


class LedgerError(HuntazeError):
    """The ledger file cannot be opened, read or written (exit 6: it is where the config points)."""

    code = "LEDGER_ERROR"
    exit_code = EXIT_CONFIG
