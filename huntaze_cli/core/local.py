"""Policies for a local model server, which is not a cloud API: one request per slot, a small context,
a remembered structured-output mode. The runner and the batch engine ask here; the ledger remembers.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Protocol

from huntaze_cli.providers.base import ProviderError, ProviderRequest, ProviderResponse, ProviderSettings

if TYPE_CHECKING:
    from huntaze_cli.config.settings import Settings
    from huntaze_cli.ledger import Ledger


class Session(Protocol):
    """What these policies read: the CLI's Session or the runner's RequestContext."""

    @property
    def settings(self) -> Settings: ...

    @property
    def ledger(self) -> Ledger: ...


class RouteChoice(Protocol):
    """The route options a command was given (core.coordinator.RouteOptions, which sits above this module)."""

    @property
    def provider(self) -> str | None: ...

    @property
    def model(self) -> str | None: ...

    @property
    def base_url(self) -> str | None: ...

LOCAL = "local"
# A local server runs one request per slot and keeps working on a request whose client gave up, so a short
# cloud-style timeout only abandons work and queues the next request behind it. Unless the user chose a
# timeout (HUNTAZE_TIMEOUT or timeout_s in config), a local call may take this long.
LOCAL_TIMEOUT_S = 300.0


def request_timeout(settings: Settings, provider: str) -> float:
    chosen = settings.env.get("HUNTAZE_TIMEOUT") or settings.file.timeout_s != _default_timeout_s()
    if provider != LOCAL or chosen:
        return float(settings.timeout_s)
    return max(float(settings.timeout_s), LOCAL_TIMEOUT_S)


@functools.cache
def _default_timeout_s() -> float:
    """The config's default timeout_s (read once: a whole default config is built to know it)."""
    from huntaze_cli.config.model import ConfigFile

    return float(ConfigFile().timeout_s)


def remembered_mode(session: Session, psettings: ProviderSettings) -> str | None:
    """The structured mode this local server accepted last time (None: try json_schema first)."""
    if psettings.name != LOCAL or not psettings.base_url:
        return None
    row = session.ledger.local_server(psettings.base_url)
    return row.get("structured_mode") if row else None


def remember_mode(session: Session, psettings: ProviderSettings, asked: str | None, response: ProviderResponse) -> None:
    """Write down the mode the server answered in, when it differs from what was asked (one write, once)."""
    used = response.structured_mode
    if psettings.name != LOCAL or not psettings.base_url or used is None or used == asked:
        return
    if asked is None and used == "json_schema":
        return  # the default worked: nothing worth a write on every request
    session.ledger.remember_local_mode(psettings.base_url, used)


def queue_timeout(provider: str, exc: ProviderError) -> bool:
    """A timeout from a local server means its slots are busy: retrying only lengthens the queue, and it
    says nothing about the server's health, so it neither retries nor counts towards the breaker."""
    return provider == LOCAL and exc.kind == "timeout"


def server_props(session: Session, base_url: str) -> Any:
    """The server's slots and context (llama.cpp /props: one short local request), remembered in the ledger
    for `providers check`."""
    from huntaze_cli.providers.local_server import probe

    props = probe(base_url)
    if props.total_slots or props.n_ctx:
        known = session.ledger.local_server(base_url) or {}
        if (known.get("total_slots"), known.get("n_ctx")) != (props.total_slots, props.n_ctx):  # a write only on news
            session.ledger.remember_local_props(base_url, total_slots=props.total_slots, n_ctx=props.n_ctx)
    return props


# The smallest structured request: enough for a server to accept or reject json_schema.
PING_SCHEMA = {"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"]}


def local_ping(ping: ProviderRequest) -> ProviderRequest:
    """`providers check` for a local server: a structured ping (json_schema first, as every call)."""
    from dataclasses import replace

    return replace(ping, json_schema=PING_SCHEMA, schema_name="ping", max_output_tokens=8, structured_mode=None)


def local_report(session: Session, psettings: ProviderSettings, response: ProviderResponse) -> dict[str, Any]:
    """What `providers check` shows for a local server: its structured mode (remembered for later calls),
    its slots and context size."""
    mode = response.structured_mode or "json_schema"
    if psettings.base_url:
        session.ledger.remember_local_mode(psettings.base_url, mode)
    props = server_props(session, psettings.base_url) if psettings.base_url else None
    return {"structuredMode": mode, "slots": getattr(props, "total_slots", None),
            "contextTokens": getattr(props, "n_ctx", None)}


# `providers check`'s image probe: a valid 1x1 white PNG (69 bytes), sent as the image_url part every
# `caption --image` sends. A server without a vision model (llama.cpp with no --mmproj) answers it with a 400.
PROBE_PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63"
                          "f8ffff3f0005fe02fe0def46b80000000049454e44ae426082")


def image_probe(provider: Any, ping: Any) -> dict[str, Any]:
    """Does the local server take images? One tiny request with a 1x1 image part (billed to nobody):
    {"acceptsImages": True}, False with the server's reason when it refuses the request, or None (unknown)
    when the probe failed for another reason (a timeout, a 5xx)."""
    from dataclasses import replace

    from huntaze_cli.providers.base import ImagePart

    probe = replace(ping, prompt="What colour is this pixel? One word.", json_schema=None, max_output_tokens=1,
                    image=ImagePart(PROBE_PNG, "image/png", 1, 1))
    try:
        provider.complete(probe)
    except ProviderError as exc:
        if exc.kind == "bad_request":
            return {"acceptsImages": False, "imagesError": exc.message}
        return {"acceptsImages": None, "imagesError": exc.message}
    return {"acceptsImages": True}


# Below this many tokens of room for the answer, a structured answer cannot finish: refuse instead.
MIN_ANSWER_TOKENS = 256


def context_tokens(session: Session, base_url: str) -> int | None:
    """The local model's context size: config `providers.local.context_tokens`, else what the server says."""
    cfg = session.settings.file.providers.get(LOCAL)
    if cfg is not None and cfg.context_tokens:
        return cfg.context_tokens
    return server_props(session, base_url).n_ctx


def prompt_tokens(*texts: str) -> int:
    """A generous estimate of a prompt's size (3 characters a token, and a few for the chat template)."""
    return sum(len(t) for t in texts) // 3 + 16


def fit_answer_tokens(session: Session, feature: str, opts: RouteChoice, texts: list[str],
                      max_output_tokens: int) -> int:
    """The max_tokens that lets this prompt fit a local model's context: unchanged when it fits or the route
    is not local; lowered when the answer must make room; InvalidInput (PROMPT_TOO_LARGE), before anything is
    sent, when even MIN_ANSWER_TOKENS do not fit."""
    from huntaze_cli.errors import InvalidInput

    chain = session.settings.chain(feature, provider=opts.provider, model=opts.model, base_url=opts.base_url)
    if not chain or chain[0].provider != LOCAL:
        return max_output_tokens
    base_url = session.settings.provider_settings(LOCAL, opts.base_url).base_url
    limit = context_tokens(session, base_url) if base_url else None
    if not limit:
        return max_output_tokens
    needed = prompt_tokens(*texts)
    room = limit - needed
    if room >= max_output_tokens:
        return max_output_tokens
    if room >= MIN_ANSWER_TOKENS:
        return room
    raise InvalidInput(f"The `{feature}` prompt needs about {needed:,} tokens but the local model's context holds "
                       f"{limit:,} with room for an answer: give it less input, or start the server with a "
                       "larger context (llama-server -c) and tell huntaze with providers.local.context_tokens.",
                       code="PROMPT_TOO_LARGE")
