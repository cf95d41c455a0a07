"""User configuration: a TOML file, validated, with environment variables on top.

Precedence for every setting: per-call flag > environment variable > config file > built-in default.
Keys are never printed: `masked()` is what `config list/get` show.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, NamedTuple

from huntaze_cli.config.dburl import mask_url
from huntaze_cli.config.model import (
    FEATURES,
    PROVIDERS,
    ROUTABLE,
    ConfigFile,
    ConfigValueError,
    FeatureRoute,
    PriceOverride,
    ProviderConfig,
    RetryConfig,
    dump,
    parse,
)
from huntaze_cli.config.paths import config_path
from huntaze_cli.errors import ConfigError, InvalidInput
from huntaze_cli.providers.known import DEFAULT_LOCAL_BASE_URL

__all__ = ["DEFAULT_LOCAL_BASE_URL", "FEATURES", "PROVIDERS", "ROUTABLE", "RetryConfig", "Route", "Settings"]

# The seed's routing: conversational features on OpenAI, analytical ones on Gemini flash.
DEFAULT_MODELS = {"openai": "gpt-4o-mini", "azure": "gpt-4o-mini", "gemini": "gemini-2.5-flash",
                  "local": "llama3.2"}
DEFAULT_ROUTES: dict[str, tuple[str, list[str]]] = {
    "chat": ("openai", ["gemini", "rules"]),
    "caption": ("openai", ["gemini", "rules"]),
    "suggest": ("openai", ["gemini", "rules"]),
    "analyze": ("gemini", ["openai", "rules"]),
    "optimize-sale": ("gemini", ["openai", "rules"]),
    "ideas": ("gemini", ["openai", "rules"]),
    "test-prompt": ("gemini", ["openai"]),  # raw prompts have no rules answer
    "mass-message": ("openai", ["gemini", "rules"]),
}
NO_RULES_FEATURES = frozenset({"test-prompt"})


class Route(NamedTuple):
    provider: str
    model: str


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Cannot read the config file {path} ({exc.__class__.__name__}); "
                          "check its permissions or move it away.") from exc
    # Imported only when there is a file to parse (its regexes are a few ms of every start-up without one).
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"The config file {path} is not valid TOML ({exc}); fix it or run "
                          f"`huntaze config path` to find and edit it.") from exc


def _validation_sentence(path: Path, exc: ConfigValueError) -> str:
    return f"The config file {path} has an invalid value for `{exc.key}`: {exc.problem}."


class Settings:
    """The effective configuration: file + environment. Built once per command."""

    def __init__(self, data: ConfigFile, path: Path, env: dict[str, str] | None = None) -> None:
        self.file = data
        self.path = path
        self.env = dict(os.environ if env is None else env)

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or config_path()
        raw = _load_toml(path)
        try:
            data = parse(raw)
        except ConfigValueError as exc:
            raise ConfigError(_validation_sentence(path, exc)) from exc
        settings = cls(data, path)
        settings._check_env()
        return settings

    def _check_env(self) -> None:
        raw = self.env.get("HUNTAZE_TIMEOUT")
        if raw is not None:
            try:
                if float(raw) <= 0:
                    raise ValueError
            except ValueError:
                raise ConfigError(f"HUNTAZE_TIMEOUT must be a positive number of seconds, not '{raw}'.") from None

    # ---- simple settings -------------------------------------------------------------------------
    @property
    def timeout_s(self) -> float:
        raw = self.env.get("HUNTAZE_TIMEOUT")
        return float(raw) if raw else self.file.timeout_s

    def default_creator(self) -> str | None:
        return self.env.get("HUNTAZE_CREATOR") or self.file.default_creator

    # ---- providers -------------------------------------------------------------------------------
    def provider_settings(self, name: str, base_url: str | None = None):  # -> ProviderSettings
        from huntaze_cli.providers.base import ProviderSettings

        cfg = self.file.providers.get(name, ProviderConfig())
        env = self.env
        if name == "openai":
            return ProviderSettings(name, api_key=env.get("OPENAI_API_KEY") or cfg.api_key,
                                    base_url=base_url or env.get("OPENAI_BASE_URL") or cfg.base_url)
        if name == "azure":
            return ProviderSettings(name, api_key=env.get("AZURE_OPENAI_API_KEY") or cfg.api_key,
                                    endpoint=base_url or env.get("AZURE_OPENAI_ENDPOINT") or cfg.endpoint,
                                    api_version=env.get("OPENAI_API_VERSION") or cfg.api_version)
        if name == "gemini":
            key = env.get("GEMINI_API_KEY") or env.get("GOOGLE_API_KEY") or cfg.api_key
            return ProviderSettings(name, api_key=key,
                                    base_url=base_url or env.get("HUNTAZE_GEMINI_BASE_URL") or cfg.base_url,
                                    vertexai=cfg.vertexai, project=cfg.project, location=cfg.location)
        if name == "local":
            return ProviderSettings(name, api_key=env.get("HUNTAZE_LOCAL_API_KEY") or cfg.api_key,
                                    base_url=base_url or env.get("HUNTAZE_LOCAL_BASE_URL") or cfg.base_url
                                    or DEFAULT_LOCAL_BASE_URL)
        raise InvalidInput(f"Unknown provider '{name}'; use one of {', '.join(ROUTABLE)}.")

    def key_source(self, name: str) -> str:
        """Where a provider's credential comes from: 'env:VAR', 'config', 'not needed' or 'missing'."""
        env_vars = {"openai": ["OPENAI_API_KEY"], "azure": ["AZURE_OPENAI_API_KEY"],
                    "gemini": ["GEMINI_API_KEY", "GOOGLE_API_KEY"], "local": []}[name]
        for var in env_vars:
            if self.env.get(var):
                return f"env:{var}"
        cfg = self.file.providers.get(name)
        if cfg and cfg.api_key:
            return "config"
        if name == "local" or (name == "gemini" and cfg and cfg.vertexai):
            return "not needed"
        return "missing"

    def default_model(self, provider: str) -> str:
        cfg = self.file.providers.get(provider)
        if cfg and cfg.model:
            return cfg.model
        return DEFAULT_MODELS.get(provider, "")

    # ---- routing ---------------------------------------------------------------------------------
    def chain(self, feature: str, *, provider: str | None = None, model: str | None = None,
              base_url: str | None = None) -> list[Route]:
        """The ordered providers to try for a feature. An explicit --provider means that provider only;
        --base-url alone means the OpenAI-compatible `local` provider at that URL."""
        allow_rules = feature not in NO_RULES_FEATURES
        if provider is not None:
            if provider not in ROUTABLE:
                raise InvalidInput(f"Unknown provider '{provider}'; use one of {', '.join(ROUTABLE)}.")
            if provider == "rules" and not allow_rules:
                raise InvalidInput(f"`{feature}` has no rules-engine answer; choose a model provider.")
            return [Route(provider, model or self._feature_model(feature, provider))]
        if base_url is not None:
            return [Route("local", model or self._feature_model(feature, "local"))]
        primary, fallback = DEFAULT_ROUTES[feature]
        route_cfg = self.file.features.get(feature, FeatureRoute())
        primary = route_cfg.provider or primary
        chain = [Route(primary, model or self._feature_model(feature, primary))]
        for entry in route_cfg.fallback if route_cfg.fallback is not None else fallback:
            name, _, entry_model = entry.partition(":")
            route = Route(name, entry_model or self.default_model(name) if name != "rules" else "rules")
            if route not in chain:
                chain.append(route)
        if not allow_rules:
            chain = [r for r in chain if r.provider != "rules"]
        return chain

    def _feature_model(self, feature: str, provider: str) -> str:
        if provider == "rules":
            return "rules"
        route_cfg = self.file.features.get(feature)
        default_primary = DEFAULT_ROUTES[feature][0]
        if route_cfg and route_cfg.model and (route_cfg.provider or default_primary) == provider:
            return route_cfg.model
        return self.default_model(provider)

    def price_override(self, model: str) -> PriceOverride | None:
        return self.file.prices.get(model)

    def platform_overrides(self) -> dict[str, dict[str, int]]:
        return {name: dump(p, exclude_none=True) for name, p in self.file.platforms.items()}


# ---- editing the file (`huntaze config set/get/list`) ---------------------------------------------

_KEY_RE = re.compile(r"^[A-Za-z0-9_\-\".]+$")
SECRET_FIELDS = frozenset({"api_key"})
URL_FIELDS = frozenset({"ledger_url"})  # shown with the password masked


def _split_key(key: str) -> list[str]:
    if not key or not _KEY_RE.match(key):
        raise InvalidInput(f"'{key}' is not a config key; keys look like `timeout_s` or "
                           "`features.caption.provider` (see `huntaze config list`).")
    parts = [p.strip('"') for p in re.findall(r'"[^"]*"|[^.]+', key)]
    if any(not p for p in parts):
        raise InvalidInput(f"'{key}' is not a config key; keys look like `features.caption.provider`.")
    return parts


def parse_value(raw: str) -> Any:
    """TOML literal when it parses (numbers, booleans, arrays), else the plain string."""
    try:
        import tomllib
    except ModuleNotFoundError:
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def set_value(path: Path, key: str, raw_value: str) -> Any:
    """Validate the whole file with the new value before writing it (mode 0600: it may hold keys)."""
    parts = _split_key(key)
    data = _load_toml(path)
    node = data
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise InvalidInput(f"Cannot set `{key}`: `{part}` is a value, not a table.")
        node = child
    value = parse_value(raw_value)
    node[parts[-1]] = value
    try:
        parse(data)
    except ConfigValueError as exc:
        where = "" if exc.key == key else f" (`{exc.key}`)"
        raise InvalidInput(f"Cannot set `{key}`{where}: {exc.problem}.") from exc
    write_config(path, data)
    return value


def unset_value(path: Path, key: str) -> bool:
    parts = _split_key(key)
    data = _load_toml(path)
    chain = [data]
    for part in parts[:-1]:
        child = chain[-1].get(part)
        if not isinstance(child, dict):
            return False
        chain.append(child)
    if parts[-1] not in chain[-1]:
        return False
    del chain[-1][parts[-1]]
    # Tables left empty go too: `unset providers.openai.model` must not leave `[providers.openai]` behind.
    for depth in range(len(chain) - 1, 0, -1):
        if chain[depth]:
            break
        del chain[depth - 1][parts[depth - 1]]
    write_config(path, data)
    return True


def write_config(path: Path, data: dict[str, Any]) -> None:
    import tomli_w

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".toml.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            tomli_w.dump(data, fh)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        raise ConfigError(f"Cannot write the config file {path} ({exc.strerror or exc}); check the "
                          "directory's permissions or set HUNTAZE_HOME.") from exc


def get_value(path: Path, key: str) -> Any:
    """A value from the effective file config (defaults included)."""
    parts = _split_key(key)
    settings = Settings.load(path)
    node: Any = dump(settings.file)
    for part in parts:
        if not isinstance(node, dict) or part not in node:
            raise InvalidInput(f"`{key}` is not set; see `huntaze config list` for the known keys.")
        node = node[part]
    if parts[-1] in SECRET_FIELDS and node:
        return "****** (set)"
    if parts[-1] in URL_FIELDS and isinstance(node, str):
        return mask_url(node)
    return node


# Provider settings that only one provider reads.
_PROVIDER_ONLY = {"vertexai": "gemini", "project": "gemini", "location": "gemini", "endpoint": "azure",
                  "api_version": "azure"}


def flatten(settings: Settings) -> list[tuple[str, Any, str]]:
    """(key, value, source) rows for `config list`, secrets masked."""
    rows: list[tuple[str, Any, str]] = []
    explicit = _load_toml(settings.path)

    def walk(prefix: str, node: Any, raw: Any) -> None:
        if isinstance(node, dict) and node:
            for k, v in node.items():
                walk(f"{prefix}.{k}" if prefix else k, v, raw.get(k) if isinstance(raw, dict) else None)
            return
        leaf = prefix.rsplit(".", 1)[-1]
        value = "****** (set)" if leaf in SECRET_FIELDS and node else node
        if leaf in URL_FIELDS and isinstance(node, str):
            value = mask_url(node)
        if node in (None, {}, False) and raw is None and leaf in SECRET_FIELDS | {"base_url", "endpoint"}:
            return
        owner = _PROVIDER_ONLY.get(leaf)
        if raw is None and owner and prefix.startswith("providers.") and prefix.split(".")[1] != owner:
            return  # vertexai is a Gemini setting: listing it under openai suggests it does something there
        rows.append((prefix, value, "file" if raw is not None else "default"))

    walk("", dump(settings.file, exclude_none=True), explicit)
    for var in ("OPENAI_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY", "AZURE_OPENAI_API_KEY",
                "AZURE_OPENAI_ENDPOINT", "OPENAI_BASE_URL", "HUNTAZE_CREATOR", "HUNTAZE_TIMEOUT",
                "HUNTAZE_LOCAL_BASE_URL", "HUNTAZE_GEMINI_BASE_URL", "HUNTAZE_DB"):
        if settings.env.get(var):
            shown = "****** (set)" if "KEY" in var else mask_url(settings.env[var])
            rows.append((var, shown, "env"))
    for feature in FEATURES:
        chain = " → ".join(f"{r.provider}:{r.model}" if r.provider != "rules" else "rules"
                           for r in settings.chain(feature))
        rows.append((f"route.{feature}", chain, "effective"))
    return rows
