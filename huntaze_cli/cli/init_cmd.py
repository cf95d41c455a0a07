"""`huntaze init`: guided onboarding on a terminal, flags for scripts. The work is in huntaze_cli.core.onboarding."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from huntaze_cli.cli.common import emit, started
from huntaze_cli.core.onboarding import PROVIDER_CHOICES as PROVIDERS
from huntaze_cli.money import usd

if TYPE_CHECKING:
    from huntaze_cli.core.onboarding import Answers
    from huntaze_cli.core.session import Session

PLANS = ("starter", "pro", "business")

HELP = (
    "Set up huntaze: first creator, plan, platforms, default provider and a key check.\n\n"
    "On a terminal it asks each question. With --yes, or when stdin is not a terminal (scripts, cron, CI), "
    "it never asks: options not given take their defaults (creator: the configured default creator, else "
    "'default'; plan: the creator's current plan, else starter; provider: auto, the built-in routing; no "
    "platforms; no key check unless --check). Safe to re-run: an existing creator gets the new plan.\n\n"
    "Examples:\n\n  huntaze init\n\n"
    "  huntaze init --yes --creator mia --plan pro --provider gemini --platforms instagram,tiktok --check")


def register(app: typer.Typer) -> None:
    app.command("init", help=HELP)(init)


def init(
    creator: Annotated[str | None, typer.Option("--creator", "-c", help="Creator name (becomes the default "
                                                                        "creator).")] = None,
    plan: Annotated[str | None, typer.Option("--plan", help="starter (50 req/h, $10/month), pro (100 req/h, "
                                                            "$50/month) or business (500 req/h, no cap).")] = None,
    platforms: Annotated[str | None, typer.Option("--platforms", help="Comma-separated: instagram, tiktok, "
                                                                      "twitter (x), onlyfans, facebook.")] = None,
    provider: Annotated[str | None, typer.Option("--provider", "-p", help="Default provider for every feature: "
                                                 f"{', '.join(PROVIDERS)} (auto keeps the built-in routing).")]
    = None,
    base_url: Annotated[str | None, typer.Option("--base-url", help="Server URL for --provider local (Ollama, "
                                                                    "vLLM, llama.cpp).")] = None,
    check: Annotated[bool | None, typer.Option("--check/--no-check", help="Check the provider key with one "
                                                                          "minimal request.")] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask anything; use the options and defaults.")]
    = False,
) -> None:
    from huntaze_cli.core.onboarding import AUTO, Answers, apply, parse_platforms

    session = started("init", creator)
    existing = _existing_creator(session, creator)
    answers = Answers(
        creator=creator or session.settings.default_creator() or "default",
        plan=plan or (existing["plan"] if existing else "starter"),
        platforms=parse_platforms(platforms),
        provider=provider or AUTO,
        base_url=base_url,
        check=bool(check),
    )
    if not yes and not session.flags.json and sys.stdin.isatty():
        _ask(session, answers, asked={"creator": creator is not None, "plan": plan is not None,
                                      "platforms": platforms is not None, "provider": provider is not None,
                                      "check": check is not None})
    session.creator_label = answers.creator
    if answers.base_url is not None:  # a typo must not be saved as the local server's address
        from huntaze_cli.cli.common import check_base_url

        answers.base_url = check_base_url(answers.base_url)
    data = apply(session, answers)
    emit(data, feature="init", creator=answers.creator, human=lambda: _summary(data))
    failed = [c for c in data["checks"] if c["status"] != "ok"]
    if failed:
        from huntaze_cli.errors import ConfigError

        first = failed[0]
        reason = first.get("error") or first.get("hint") or first["status"]
        raise ConfigError(f"Setup was saved, but the {first['provider']} check failed ({reason}); fix the key "
                          f"and run `huntaze providers check --provider {first['provider']}`.",
                          code="KEY_CHECK_FAILED", metadata={"checks": data["checks"]})


def _existing_creator(session: Session, explicit: str | None) -> dict[str, Any] | None:
    name = explicit or session.settings.default_creator()
    if not name:
        return None
    try:
        found = session.ledger.get_creator(name)
    except Exception:  # an invalid name is reported by onboarding.validate with a proper sentence
        return None
    return {"name": found.name, "plan": found.plan} if found else None


def _ask(session: Session, answers: Answers, asked: dict[str, bool]) -> None:
    """Prompt for what the options did not say; each answer is validated before the next question."""
    typer.echo("Welcome to huntaze. A few questions (Enter keeps the default; Ctrl-C stops without saving).\n")
    _ask_creator(session, answers, asked)
    _ask_provider(session, answers, asked)


def _checked(fn: Callable[[str], Any]) -> Callable[[str], Any]:
    """A prompt's value_proc: the CLI's one-sentence InvalidInput, shown by the prompt, which asks again."""
    from huntaze_cli.errors import InvalidInput

    def proc(value: str) -> Any:
        try:
            return fn(value)
        except InvalidInput as exc:
            raise typer.BadParameter(exc.message) from None
    return proc


def _valid_name(value: str) -> str:
    from huntaze_cli.ledger.creators import validate_name

    validate_name(value.strip())
    return value.strip()


def _one_of(choices: tuple[str, ...]) -> Callable[[str], str]:
    from huntaze_cli.errors import InvalidInput

    def pick(value: str) -> str:
        if value.strip().lower() not in choices:
            raise InvalidInput(f"'{value.strip()}' is not one of {', '.join(choices)}.")
        return value.strip().lower()
    return pick


def _ask_creator(session: Session, answers: Answers, asked: dict[str, bool]) -> None:
    """The creator, their plan (an existing creator's by default) and platforms."""
    from huntaze_cli.core.onboarding import parse_platforms

    if not asked["creator"]:
        answers.creator = typer.prompt("Creator name", default=answers.creator, value_proc=_checked(_valid_name))
        existing = _existing_creator(session, answers.creator)
        if existing and not asked["plan"]:
            answers.plan = existing["plan"]
    if not asked["plan"]:
        answers.plan = typer.prompt("Plan: starter (50 req/h, $10/month), pro (100 req/h, $50/month) or "
                                    "business (500 req/h, no cap)", default=answers.plan,
                                    value_proc=_checked(_one_of(PLANS)))
    if not asked["platforms"]:
        raw = typer.prompt("Platforms you publish on (comma-separated: instagram, tiktok, x, onlyfans, facebook)",
                           default=",".join(answers.platforms) or "instagram", value_proc=_checked(parse_platforms))
        answers.platforms = raw if isinstance(raw, list) else parse_platforms(raw)


def _ask_provider(session: Session, answers: Answers, asked: dict[str, bool]) -> None:
    """The default provider, its key or local server when it has none yet, and whether to check it."""
    from huntaze_cli.config.settings import PROVIDERS as MODEL_PROVIDERS
    from huntaze_cli.core.health import is_configured
    from huntaze_cli.core.onboarding import KEYED_PROVIDERS

    if not asked["provider"]:
        answers.provider = typer.prompt(f"Default AI provider: {', '.join(PROVIDERS)} (auto = OpenAI for "
                                        "conversation, Gemini for analysis, rules offline)", default=answers.provider,
                                        value_proc=_checked(_one_of(PROVIDERS)))
    provider = answers.provider
    if provider in KEYED_PROVIDERS and not is_configured(session.settings, provider):
        key = typer.prompt(f"{provider} API key (stored in the config file, mode 0600; Enter to skip and set it "
                           "in the environment)", default="", hide_input=True, show_default=False)
        answers.api_key = key.strip() or None
    if provider == "local" and answers.base_url is None:
        answers.base_url = typer.prompt("Local server URL", default=session.settings.provider_settings("local")
                                        .base_url)
    checkable = provider in MODEL_PROVIDERS or provider == "auto"
    if checkable and not asked["check"]:
        answers.check = typer.confirm("Check the key now with one tiny request?", default=True)


def _summary(data: dict[str, Any]) -> None:
    from rich.markup import escape

    from huntaze_cli.cli import render

    console = render.out()
    c = data["creator"]
    cap = usd(c["monthlyUsd"]) if c["monthlyUsd"] is not None else "no cap"
    console.print(f"[green]✓[/] creator [bold]{escape(c['name'])}[/] ({c['action']}) · plan [cyan]{c['plan']}[/] · "
                  f"{c['requestsPerHour']} requests/hour · {cap} a month · now the default creator")
    if data["platforms"]:
        console.print(f"[green]✓[/] platforms: {', '.join(data['platforms'])}")
    console.print(f"[green]✓[/] provider: {data['provider']}"
                  + (" (OpenAI for conversation, Gemini for analysis, rules offline)" if data["provider"] == "auto"
                     else " for every feature"))
    console.print(f"[green]✓[/] config: {escape(data['config']['path'])}")
    for check in data["checks"]:
        if check["status"] == "ok":
            console.print(f"[green]✓[/] {check['provider']} key works ({check['model']}, {check['latencyMs']} ms)")
        else:
            reason = check.get("error") or check.get("hint") or check["status"]
            console.print(f"[red]✗[/] {check['provider']}: {escape(reason)}")
    console.print("\n[bold]Next steps[/]")
    for step in data["nextSteps"]:
        console.print(f"  {escape(step)}")
