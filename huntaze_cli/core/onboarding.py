"""`huntaze init` without the prompts: validate the answers, write the config, create (or update) the
creator, and optionally check the provider key with one minimal request.

Re-running it is safe: an existing creator gets the new plan and platforms (stored on the
creator in the ledger).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from huntaze_cli.errors import InvalidInput
from huntaze_cli.providers.known import KEYED_PROVIDERS, ROUTABLE

if TYPE_CHECKING:
    from huntaze_cli.config.settings import Settings
    from huntaze_cli.core.session import Session

AUTO = "auto"  # keep the seed's routing: openai for conversation, gemini for analysis, rules as fallback
PROVIDER_CHOICES = (AUTO, *ROUTABLE)


@dataclass
class Answers:
    creator: str
    plan: str = "starter"
    platforms: list[str] = field(default_factory=list)
    provider: str = AUTO
    api_key: str | None = None     # stored in the config file (mode 0600) when given
    base_url: str | None = None    # local provider's server
    check: bool = False


def parse_platforms(raw: str | None) -> list[str]:
    """'instagram, x,tiktok' -> ['instagram', 'twitter', 'tiktok']; one sentence on an unknown name."""
    from huntaze_cli.agents.platforms import normalize_platform

    names: list[str] = []
    for part in (raw or "").split(","):
        if not part.strip():
            continue
        try:
            name = normalize_platform(part)
        except ValueError:
            raise InvalidInput(f"Unknown platform '{part.strip()}'; use instagram, tiktok, twitter (or x), "
                               "onlyfans or facebook, separated by commas.") from None
        if name not in names:
            names.append(name)
    return names


def validate(answers: Answers) -> None:
    from huntaze_cli.ledger.creators import validate_name
    from huntaze_cli.ledger.plans import validate_plan

    validate_name(answers.creator)
    validate_plan(answers.plan)
    if answers.provider not in PROVIDER_CHOICES:
        raise InvalidInput(f"Unknown provider '{answers.provider}'; use one of {', '.join(PROVIDER_CHOICES)}.")
    if answers.api_key is not None and answers.provider not in KEYED_PROVIDERS:
        raise InvalidInput(f"An API key only applies to {', '.join(KEYED_PROVIDERS)}, not '{answers.provider}'.")
    if answers.base_url is not None and answers.provider != "local":
        raise InvalidInput("--base-url only applies to --provider local.")


def apply(session: Session, answers: Answers) -> dict[str, Any]:
    """Do everything init promises and say what was done (the `data` of the JSON envelope)."""
    from huntaze_cli.config.settings import FEATURES, NO_RULES_FEATURES, Settings, set_value

    validate(answers)
    path = session.settings.path
    changed: list[str] = []

    def put(key: str, value: Any, *, secret: bool = False) -> None:
        # json.dumps makes a valid TOML literal for strings and empty tables, so set_value's TOML parsing
        # never misreads a name that looks like a number or a key with special characters.
        set_value(path, key, json.dumps(value) if isinstance(value, str) else "{}")
        changed.append(f"{key} = ******" if secret else f"{key} = {value if isinstance(value, str) else '{}'}")

    put("default_creator", answers.creator)
    if answers.provider != AUTO:
        for feature in FEATURES:
            if answers.provider == "rules" and feature in NO_RULES_FEATURES:
                continue  # a raw prompt has no rules answer; keep its model route
            put(f"features.{feature}.provider", answers.provider)
    if answers.api_key:
        put(f"providers.{answers.provider}.api_key", answers.api_key, secret=True)
    if answers.base_url:
        put("providers.local.base_url", answers.base_url)
    ledger = session.ledger
    before = ledger.get_creator(answers.creator)
    if before is None:
        creator = ledger.add_creator(answers.creator, answers.plan)
        creator_action = "created"
    elif before.plan != answers.plan:
        creator = ledger.set_plan(answers.creator, answers.plan)
        creator_action = f"plan changed from {before.plan}"
    else:
        creator = before
        creator_action = "unchanged"
    if answers.platforms:
        creator = ledger.set_platforms(answers.creator, answers.platforms)

    from huntaze_cli.core.health import check_provider

    fresh = Settings.load(path)  # the key or base URL just written must count for the check
    checks = [check_provider(fresh, name) for name in providers_to_check(fresh, answers)] if answers.check else []
    return {
        "creator": {"name": creator.name, "plan": creator.plan, "requestsPerHour": creator.requests_per_hour,
                    "monthlyUsd": creator.monthly_usd, "action": creator_action},
        "platforms": answers.platforms,
        "provider": answers.provider,
        "config": {"path": str(path), "changed": changed},
        "checks": checks,
        "nextSteps": next_steps(fresh, answers),
    }


def providers_to_check(settings: Settings, answers: Answers) -> list[str]:
    from huntaze_cli.config.settings import PROVIDERS
    from huntaze_cli.providers.registry import has_credentials

    if answers.provider in PROVIDERS:
        return [answers.provider]
    if answers.provider == "rules":
        return []
    return [name for name in KEYED_PROVIDERS if has_credentials(settings.provider_settings(name))]


def next_steps(settings: Settings, answers: Answers) -> list[str]:
    from huntaze_cli.providers.registry import credential_hint, has_credentials

    steps: list[str] = []
    if answers.provider in KEYED_PROVIDERS and not has_credentials(settings.provider_settings(answers.provider)):
        steps.append(credential_hint(answers.provider))
    platform = answers.platforms[0] if answers.platforms else "instagram"
    steps.append(f'huntaze caption --platform {platform} "sunset run on the beach"')
    # No --fan: a fresh install has no fans yet, and `--fan 1042` would fail; the fan's context goes inline.
    steps.append('huntaze chat "hey babe what\'s new?" --engagement high --spent 120')
    steps.append("huntaze quota")
    if not answers.check and answers.provider not in (AUTO, "rules"):
        steps.append(f"huntaze providers check --provider {answers.provider}")
    return steps
