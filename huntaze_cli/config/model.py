"""The shape of config.toml: plain classes of settings (`Section`) and a small validator.

Not pydantic on purpose: importing pydantic and building the models costs ~100 ms, which every `quota` or
`config get` would pay just to read a handful of settings. Not dataclasses either: the eight tables below cost
~22M instructions to declare as dataclasses (a third of `quota`'s own start-up) against ~2M as Sections. The
validator reports the first problem as (dotted key, problem), which config.py turns into one sentence naming
the file.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from huntaze_cli.config.dburl import POSTGRES_SCHEMES
from huntaze_cli.io.limits import PG_INTEGER_MAX
from huntaze_cli.providers.known import PROVIDERS, ROUTABLE

FEATURES = ("chat", "caption", "suggest", "optimize-sale", "analyze", "ideas", "test-prompt", "mass-message")


class ConfigValueError(ValueError):
    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}")
        self.key = key
        self.problem = problem


def _num(kind: str, *, ge: float | None = None, gt: float | None = None, le: float | None = None) -> dict[str, Any]:
    return {"kind": kind, "ge": ge, "gt": gt, "le": le}


class Setting:
    """One setting of a table: its default (or a factory for a fresh table or dict) and what it accepts
    (`meta`: kind, bounds, choices...), read by the validator below."""

    __slots__ = ("name", "default", "factory", "meta")

    def __init__(self, default: Any, factory: Callable[[], Any] | None, meta: Mapping[str, Any]) -> None:
        self.name = ""
        self.default = default
        self.factory = factory
        self.meta = meta


def setting(default: Any = None, *, factory: Callable[[], Any] | None = None,
            meta: Mapping[str, Any] | None = None) -> Any:
    """A setting of a Section (typed Any so that `timeout_s: float = setting(30.0, ...)` reads as a float)."""
    return Setting(default, factory, meta or {})


class Section:
    """A table of config.toml: settings declared as class attributes with `setting(...)`, in file order.
    Instances take the settings as keyword arguments, compare by value and dump to plain dicts."""

    specs: ClassVar[tuple[Setting, ...]] = ()  # its settings, in file order

    def __init_subclass__(cls) -> None:
        found = []
        for name, value in list(vars(cls).items()):
            if isinstance(value, Setting):
                value.name = name
                found.append(value)
                delattr(cls, name)  # an instance always holds its own value
        cls.specs = tuple(found)

    def __init__(self, **values: Any) -> None:
        for spec in self.specs:
            if spec.name in values:
                value = values.pop(spec.name)
            else:
                value = spec.factory() if spec.factory is not None else spec.default
            setattr(self, spec.name, value)
        if values:
            raise TypeError(f"{type(self).__name__} has no setting {', '.join(sorted(values))}")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(self) == vars(other)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclasses it replaces

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in vars(self).items())})"


_HOUR_MS = 3_600_000
_DAY_S = 86_400.0
_MAX_PER_MTOK = 1_000_000.0  # USD per million tokens: far above any model's price (tests price at $20,000)


class RetryConfig(Section):
    attempts: int = setting(3, meta=_num("int", ge=1, le=10))
    # Upper bounds everywhere: a value too big for a sleep, a ledger column or a sum is a typo, refused here.
    initial_delay_ms: int = setting(1000, meta=_num("int", ge=0, le=_HOUR_MS))
    multiplier: float = setting(2.0, meta=_num("float", ge=1.0, le=100))
    max_delay_ms: int = setting(5000, meta=_num("int", ge=0, le=_HOUR_MS))
    jitter: bool = setting(True, meta={"kind": "bool"})


class BreakerConfig(Section):
    failure_threshold: int = setting(5, meta=_num("int", ge=1, le=1_000_000))
    cooldown_s: float = setting(60.0, meta=_num("float", ge=0, le=_DAY_S))


class CacheConfig(Section):
    ttl_s: float = setting(300.0, meta=_num("float", ge=0, le=30 * _DAY_S))


_STR = {"kind": "str"}


class ProviderConfig(Section):
    api_key: str | None = setting(None, meta=_STR)
    base_url: str | None = setting(None, meta=_STR)
    model: str | None = setting(None, meta=_STR)
    endpoint: str | None = setting(None, meta=_STR)
    api_version: str | None = setting(None, meta=_STR)
    vertexai: bool = setting(False, meta={"kind": "bool"})
    project: str | None = setting(None, meta=_STR)
    location: str | None = setting(None, meta=_STR)
    # local: the model's context size in tokens, for servers that do not report it (llama.cpp's /props does).
    context_tokens: int | None = setting(None, meta=_num("int", ge=256, le=PG_INTEGER_MAX))
    # The model whose price applies (an Azure deployment name is not a model the price library knows).
    base_model: str | None = setting(None, meta=_STR)
    # The provider's own per-minute limits for this key, kept by every host sharing the ledger.
    rpm: int | None = setting(None, meta=_num("int", ge=1, le=PG_INTEGER_MAX))
    tpm: int | None = setting(None, meta=_num("int", ge=1, le=PG_INTEGER_MAX))


class FeatureRoute(Section):
    provider: str | None = setting(None, meta={"kind": "str", "choices": ROUTABLE})
    model: str | None = setting(None, meta=_STR)
    fallback: list[str] | None = setting(None, meta={"kind": "route_list"})


class PriceOverride(Section):
    input_per_mtok: float = setting(0.0, meta={**_num("float", ge=0, le=_MAX_PER_MTOK), "required": True})
    output_per_mtok: float = setting(0.0, meta={**_num("float", ge=0, le=_MAX_PER_MTOK), "required": True})


class PlatformOverride(Section):
    max_length: int | None = setting(None, meta=_num("int", ge=1, le=1_000_000))
    max_hashtags: int | None = setting(None, meta=_num("int", ge=0, le=1_000))


class ConfigFile(Section):
    default_creator: str | None = setting(None, meta=_STR)
    # A PostgreSQL ledger shared by an agency's hosts; --db and HUNTAZE_DB still win over it.
    ledger_url: str | None = setting(None, meta={"kind": "str", "schemes": POSTGRES_SCHEMES})
    timeout_s: float = setting(30.0, meta=_num("float", gt=0, le=600))
    # The whole request, retries and fallbacks included; unset: every attempt's timeout plus the back-offs.
    request_timeout_s: float | None = setting(None, meta=_num("float", gt=0, le=3600))
    # Spend on models with no known price is refused for creators with a dollar cap unless this is true.
    allow_unpriced: bool = setting(False, meta={"kind": "bool"})
    retry: RetryConfig = setting(factory=RetryConfig, meta={"kind": "table", "cls": RetryConfig})
    breaker: BreakerConfig = setting(factory=BreakerConfig, meta={"kind": "table", "cls": BreakerConfig})
    cache: CacheConfig = setting(factory=CacheConfig, meta={"kind": "table", "cls": CacheConfig})
    providers: dict[str, ProviderConfig] = setting(factory=dict, meta={
        "kind": "tables", "cls": ProviderConfig, "names": PROVIDERS, "what": "provider"})
    features: dict[str, FeatureRoute] = setting(factory=dict, meta={
        "kind": "tables", "cls": FeatureRoute, "names": FEATURES, "what": "feature"})
    prices: dict[str, PriceOverride] = setting(factory=dict, meta={"kind": "tables", "cls": PriceOverride})
    platforms: dict[str, PlatformOverride] = setting(factory=dict, meta={
        "kind": "tables", "cls": PlatformOverride})


def parse(raw: dict[str, Any]) -> ConfigFile:
    return _table(ConfigFile, raw, "")


def dump(obj: Any, *, exclude_none: bool = False) -> dict[str, Any]:
    data = _plain(obj)
    return _drop_none(data) if exclude_none else data


def _plain(node: Any) -> Any:
    """A Section as nested plain dicts and lists (fresh copies: the caller may change them)."""
    if isinstance(node, Section):
        return {spec.name: _plain(getattr(node, spec.name)) for spec in node.specs}
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, (list, tuple)):
        return [_plain(v) for v in node]
    return node


def _drop_none(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _drop_none(v) for k, v in node.items() if v is not None}
    return node


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _table(cls: type, raw: Any, path: str) -> Any:
    if not isinstance(raw, dict):
        raise ConfigValueError(path or "(top level)", "must be a table")
    known = {spec.name: spec for spec in cls.specs}
    for key in raw:
        if key not in known:
            raise ConfigValueError(_join(path, key), "not a known setting")
    values: dict[str, Any] = {}
    for name, spec in known.items():
        key = _join(path, name)
        if name not in raw:
            if spec.meta.get("required"):
                raise ConfigValueError(key, "is required")
            continue
        values[name] = _value(spec.meta, raw[name], key)
    return cls(**values)


def _value(meta: Mapping[str, Any], value: Any, key: str) -> Any:
    """One setting's value, checked against its meta (kind, choices, bounds)."""
    check = _CHECKS.get(meta["kind"], _number)
    return check(meta, value, key)


def _show(bound: float) -> str:
    return f"{int(bound):,}" if float(bound).is_integer() else f"{bound:g}"


def _one_table(meta: Mapping[str, Any], value: Any, key: str) -> Any:
    return _table(meta["cls"], value, key)


def _tables(meta: Mapping[str, Any], value: Any, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigValueError(key, "must be a table")
    names = meta.get("names")
    for name in value:
        if names and name not in names:
            raise ConfigValueError(_join(key, name), f"'{name}' is not a {meta['what']} "
                                                     f"(use {', '.join(names)})")
    return {name: _table(meta["cls"], sub, _join(key, name)) for name, sub in value.items()}


def _bool(meta: Mapping[str, Any], value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigValueError(key, "must be true or false")
    return value


def _str(meta: Mapping[str, Any], value: Any, key: str) -> str:
    if not isinstance(value, str):
        raise ConfigValueError(key, "must be a string")
    if meta.get("choices") and value not in meta["choices"]:
        raise ConfigValueError(key, f"must be one of {', '.join(meta['choices'])}")
    if meta.get("schemes") and not value.lower().startswith(meta["schemes"]):
        # The value is not echoed: it may hold a password.
        raise ConfigValueError(key, "must be a URL like postgresql://USER:PASSWORD@HOST:5432/DATABASE")
    return value


def _route_list(meta: Mapping[str, Any], value: Any, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigValueError(key, "must be a list of provider names, e.g. [\"gemini\", \"rules\"]")
    for entry in value:
        if entry.split(":", 1)[0] not in ROUTABLE:
            raise ConfigValueError(key, f"'{entry}' is not a provider (use {', '.join(ROUTABLE)}, "
                                        "optionally provider:model)")
    return value


def _number(meta: Mapping[str, Any], value: Any, key: str) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigValueError(key, "must be a whole number" if meta["kind"] == "int" else "must be a number")
    if meta["kind"] == "int" and not isinstance(value, int):
        raise ConfigValueError(key, "must be a whole number")
    if isinstance(value, float) and not math.isfinite(value):  # nan slips through every comparison below
        raise ConfigValueError(key, "must be a finite number")
    if meta["ge"] is not None and value < meta["ge"]:
        raise ConfigValueError(key, f"must be at least {_show(meta['ge'])}")
    if meta["gt"] is not None and value <= meta["gt"]:
        raise ConfigValueError(key, f"must be greater than {_show(meta['gt'])}")
    if meta["le"] is not None and value > meta["le"]:
        raise ConfigValueError(key, f"must be at most {_show(meta['le'])}")
    return float(value) if meta["kind"] == "float" else value


# A setting's kind → its check (int and float: _number).
_CHECKS: dict[str, Callable[[Mapping[str, Any], Any, str], Any]] = {
    "table": _one_table, "tables": _tables, "bool": _bool, "str": _str, "route_list": _route_list}
