"""`huntaze config` and the effective settings: file, environment, per-call flags."""

from __future__ import annotations

import stat

import pytest

from huntaze_cli.config.settings import Settings
from tests.conftest import PLANTED_KEY


def test_set_get_list_path(cli):
    assert cli("config", "path").stdout.strip() == str(cli.home / "config.toml")
    assert cli("config", "set", "default_creator", "mia").code == 0
    assert cli("config", "set", "features.caption.fallback", '["rules"]').code == 0
    assert cli("config", "get", "default_creator").stdout.strip() == "mia"
    listed = {row["key"]: row for row in cli("config", "list", "--json").json()["data"]}
    assert listed["default_creator"]["source"] == "file"
    assert listed["route.caption"]["value"] == "openai:gpt-4o-mini → rules"
    assert listed["retry.attempts"] == {"key": "retry.attempts", "value": 3, "source": "default"}


def test_file_with_a_key_is_0600_and_the_key_is_never_shown(cli):
    assert cli("config", "set", "providers.openai.api_key", PLANTED_KEY).code == 0
    mode = stat.S_IMODE((cli.home / "config.toml").stat().st_mode)
    assert mode == 0o600
    for args in (["config", "get", "providers.openai.api_key"], ["config", "list"], ["config", "list", "--json"],
                 ["providers"], ["providers", "--json"]):
        r = cli(*args)
        assert r.code == 0 and PLANTED_KEY not in r.stdout + r.stderr
    providers = {p["provider"]: p for p in cli("providers", "--json").json()["data"]}
    assert providers["openai"]["key"] == "config" and providers["openai"]["configured"] is True
    assert providers["gemini"]["key"] == "missing"


def test_environment_overrides_file(cli, monkeypatch):
    cli.config('default_creator = "mia"\ntimeout_s = 12\n[providers.openai]\nbase_url = "http://file.invalid/v1"\n')
    monkeypatch.setenv("HUNTAZE_CREATOR", "ana")
    monkeypatch.setenv("HUNTAZE_TIMEOUT", "3")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://env.invalid/v1")
    settings = Settings.load(cli.home / "config.toml")
    assert settings.default_creator() == "ana"
    assert settings.timeout_s == 3.0
    assert settings.provider_settings("openai").base_url == "http://env.invalid/v1"
    # A per-call --base-url beats both.
    assert settings.provider_settings("openai", "http://flag.invalid/v1").base_url == "http://flag.invalid/v1"


def test_routing_defaults_and_overrides(cli):
    cli.config('[features.caption]\nprovider = "gemini"\nmodel = "gemini-2.0-flash"\nfallback = ["local", "rules"]\n')
    s = Settings.load(cli.home / "config.toml")
    assert [(r.provider, r.model) for r in s.chain("caption")] == \
        [("gemini", "gemini-2.0-flash"), ("local", "llama3.2"), ("rules", "rules")]
    assert [(r.provider, r.model) for r in s.chain("analyze")] == \
        [("gemini", "gemini-2.5-flash"), ("openai", "gpt-4o-mini"), ("rules", "rules")]
    assert [r.provider for r in s.chain("test-prompt")] == ["gemini", "openai"]
    assert [(r.provider, r.model) for r in s.chain("chat", provider="openai", model="gpt-4.1")] == \
        [("openai", "gpt-4.1")]
    assert [r.provider for r in s.chain("chat", base_url="http://127.0.0.1:1/v1")] == ["local"]


def test_unset_returns_to_default(cli):
    cli("config", "set", "timeout_s", "5")
    assert cli("config", "unset", "timeout_s").code == 0
    assert cli("config", "get", "timeout_s").stdout.strip() == "30.0"


@pytest.mark.parametrize("text,key,problem", [
    ("[retry]\nattempts = 0\n", "retry.attempts", "must be at least 1"),
    ("[retry]\nattempts = 2.5\n", "retry.attempts", "must be a whole number"),
    ("[breaker]\ncooldown_s = 'soon'\n", "breaker.cooldown_s", "must be a number"),
    ("[cache]\nttl_s = true\n", "cache.ttl_s", "must be a number"),
    ("[providers.bard]\napi_key = 'x'\n", "providers.bard",
     "'bard' is not a provider (use openai, azure, gemini, local)"),
    ("[providers.gemini]\nvertexai = 'yes'\n", "providers.gemini.vertexai", "must be true or false"),
    ('[prices."m"]\ninput_per_mtok = 1\n', "prices.m.output_per_mtok", "is required"),
    ("[features.chat]\nfallback = ['gemini', 'bard']\n", "features.chat.fallback",
     "'bard' is not a provider (use openai, azure, gemini, local, rules, optionally provider:model)"),
    ("[platforms.tiktok]\nmax_hashtags = -1\n", "platforms.tiktok.max_hashtags", "must be at least 0"),
    ("retry = 3\n", "retry", "must be a table"),
])
def test_invalid_config_names_file_key_and_problem(cli, text, key, problem):
    cli.config(text)
    r = cli("quota")
    assert r.code == 6
    assert r.stderr.strip() == (f"Error: The config file {cli.home / 'config.toml'} has an invalid value for "
                                f"`{key}`: {problem}.")
