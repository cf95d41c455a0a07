"""core/local.py: a local server gets a long timeout unless the user chose one; cloud providers keep theirs."""

from __future__ import annotations

from pathlib import Path

from huntaze_cli.config.model import ConfigFile
from huntaze_cli.config.settings import Route, Settings
from huntaze_cli.core.local import LOCAL_TIMEOUT_S, request_timeout
from huntaze_cli.core.runner import request_budget_s


def settings(env: dict[str, str] | None = None, **file: object) -> Settings:
    return Settings(ConfigFile(**file), Path("/nonexistent/config.toml"), env=env or {})


def test_local_calls_get_the_long_timeout_by_default() -> None:
    assert request_timeout(settings(), "local") == LOCAL_TIMEOUT_S == 300
    assert request_timeout(settings(), "openai") == 30


def test_a_timeout_the_user_chose_applies_to_local_too() -> None:
    assert request_timeout(settings({"HUNTAZE_TIMEOUT": "5"}), "local") == 5
    assert request_timeout(settings(timeout_s=45.0), "local") == 45


def test_the_request_budget_makes_room_for_the_local_timeout() -> None:
    local_budget = request_budget_s(settings(), [Route("local", "m")])
    cloud_budget = request_budget_s(settings(), [Route("openai", "m")])
    assert local_budget >= LOCAL_TIMEOUT_S > cloud_budget
