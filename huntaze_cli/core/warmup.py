"""A batch's first request without the wait for its imports: the provider SDK (the openai package is most of
a batch's start-up) and the price table load in a thread from the moment the batch command starts, while the
main thread opens the ledger, reads the input and resolves the creator (I/O the import overlaps).

Best effort: a failure here is only a lost head start; the same import is retried, and its error reported,
where the request needs it.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from huntaze_cli.config.settings import Route, Settings


def start(settings: Settings, routes: list[Route]) -> threading.Thread | None:
    """Begin loading what the first of `routes` that calls a model will need; None when it needs nothing."""
    first = next((r for r in routes if r.provider != "rules"), None)
    if first is None:
        return None
    thread = threading.Thread(target=_load, args=(settings, first), name="huntaze-warmup", daemon=True)
    thread.start()
    return thread


def _load(settings: Settings, route: Route) -> None:
    from huntaze_cli.core.pricing import warm_prices
    from huntaze_cli.providers.registry import import_sdk

    try:
        import_sdk(route.provider)
        warm_prices(settings, route.provider, route.model)
    except Exception:  # noqa: BLE001 - see the module docstring
        return
