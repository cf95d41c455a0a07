"""`huntaze chat` (a reply + upsell, MessagingAgent + SalesAgent) and `huntaze suggest` (N alternatives)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from huntaze_cli.cli.ai_common import (
    ConcurrencyOpt,
    InputOpt,
    OutputOpt,
    ResumeOpt,
    UnorderedOpt,
    reject_text_with_input,
    route_options,
    run_batch_command,
    run_single,
)
from huntaze_cli.cli.common import (
    BaseUrlOpt,
    CreatorOpt,
    ModelOpt,
    NoCacheOpt,
    NoVoiceOpt,
    ProviderOpt,
    in_range,
    read_text,
    session,
)
from huntaze_cli.io import limits

if TYPE_CHECKING:
    from huntaze_cli.core.coordinator import RouteOptions, TeamAnswer

FanOpt = Annotated[str | None, typer.Option("--fan", "-f", help="Fan id from `huntaze fans import`.")]
EngagementOpt = Annotated[str | None, typer.Option("--engagement", "-e", help="low, medium or high.")]
SpentOpt = Annotated[float | None, typer.Option("--spent", callback=in_range(limits.SPENT_USD, "--spent"),
                                                 help="What the fan has spent, USD.")]
TierOpt = Annotated[str | None, typer.Option("--tier", help="Fan tier, e.g. vip, regular, new.")]
LangOpt = Annotated[str | None, typer.Option("--lang", help="Language of the answer: en, fr, es, pt, de (any "
                                             "code for an AI model). Default: the language of the message.")]


def register(app: typer.Typer) -> None:
    app.command("chat", help=(
        "Reply to a fan: a reply, upsell suggestions, the tactics used and a confidence.\n\n"
        "Examples:\n\n  huntaze chat --creator mia --fan 1042 \"hey babe what's new?\"\n\n"
        "  huntaze chat \"miss you!\" --engagement low --spent 0\n\n"
        "  huntaze chat \"any new vids?\" --engagement high --spent 900 --tier vip --stream\n\n"
        "  huntaze chat --input inbox.jsonl --concurrency 8 > replies.jsonl"))(chat)
    app.command("suggest", help=(
        "N alternative replies to a fan, tuned per platform.\n\n"
        "Examples:\n\n  huntaze suggest \"what are you up to tonight?\" --count 3\n\n"
        "  huntaze suggest --platform instagram --fan 1042 \"loved your last post\" --json"))(suggest)


def chat(
    message: Annotated[str | None, typer.Argument(help="The fan's message, or - for stdin.")] = None,
    fan: FanOpt = None, engagement: EngagementOpt = None, spent: SpentOpt = None, tier: TierOpt = None,
    stream: Annotated[bool, typer.Option("--stream", help="Print the reply as it is written.")] = False,
    lang: LangOpt = None,
    voice_note: Annotated[str | None, typer.Option("--voice-note", help="A fan's voice note (WAV, MP3, OGG/Opus, "
                                                   "M4A): transcribed (see `huntaze transcribe`), then answered "
                                                   "in its language.")] = None,
    creator: CreatorOpt = None, provider: ProviderOpt = None, model: ModelOpt = None, base_url: BaseUrlOpt = None,
    no_cache: NoCacheOpt = False, no_voice: NoVoiceOpt = False,
    input_path: InputOpt = None, output: OutputOpt = None, concurrency: ConcurrencyOpt = None,
    resume: ResumeOpt = False, unordered: UnorderedOpt = False,
) -> None:
    opts = route_options(creator, provider, model, base_url, no_cache, no_voice)
    fields = {"fan": fan, "engagement": engagement, "spent_usd": spent, "tier": tier, "lang": lang}
    reject_text_with_input(message, input_path, "MESSAGE")
    if voice_note is not None and (message is not None or input_path is not None):
        from huntaze_cli.errors import InvalidInput

        raise InvalidInput("Give either a MESSAGE, --voice-note FILE or --input FILE.jsonl, not two of them.")
    if input_path is not None:
        run_batch_command("chat", input_path, output, concurrency, resume, unordered, opts, fields)
        return
    if stream and session().flags.json:
        from huntaze_cli.errors import InvalidInput

        raise InvalidInput("--stream prints the reply as it is written and --json prints one JSON document at "
                           "the end: use one or the other.")
    if voice_note is not None:
        _chat_voice_note(voice_note, fields, opts, stream=stream)
        return
    fields["message"] = read_text(message, "message", max_chars=10_000)
    run_single("chat", fields, opts, lambda a: show_chat(a, streamed=stream),
               on_text=_write_chunk if stream else None)


def _write_chunk(chunk: str) -> None:
    """A streamed reply's text as it arrives, straight to stdout."""
    sys.stdout.write(chunk)
    sys.stdout.flush()


def _chat_voice_note(file: str, fields: dict[str, Any], opts: RouteOptions, *, stream: bool) -> None:
    """Transcribe the note (every check before any quota), then draft the reply to its text in its language."""
    from huntaze_cli.cli.common import check_route, started
    from huntaze_cli.cli.transcribe import transcribe_note, transcript_line
    from huntaze_cli.errors import InvalidInput

    s = started("chat", opts.creator)
    check_route("chat", provider=opts.provider, model=opts.model, base_url=opts.base_url)
    heard = transcribe_note(s, file, lang=None, engine=None, model=None, creator=opts.creator)
    text = heard.transcript.text.strip()
    if not text:
        raise InvalidInput(f"The voice note {file} has no speech to reply to; listen to it yourself.")
    fields["message"] = text
    fields["lang"] = fields.get("lang") or heard.transcript.language or None
    note = {"voiceNote": {"transcript": text, "language": heard.transcript.language,
                          "durationSeconds": heard.transcript.duration_s, "engine": heard.transcript.engine,
                          "costUsd": heard.cost_usd}}

    def human(answer: TeamAnswer) -> None:
        from huntaze_cli.cli import render

        render.note(s, transcript_line(heard))
        render.note(s, f"heard: {text}")
        show_chat(answer, streamed=stream)

    run_single("chat", fields, opts, human, on_text=_write_chunk if stream else None, extra_data=note)


def show_chat(answer: TeamAnswer, *, streamed: bool = False) -> None:
    from huntaze_cli.cli import render

    out = answer.output
    console = render.out()
    s = session()
    if streamed:
        sys.stdout.write("\n")
        if answer.stream_stopped:
            render.note(s, f"stopped: {answer.stream_stopped}")
    else:
        console.print(out.reply, markup=False)
    for u in out.upsell_suggestions:
        price = f" ${u.price_usd:.2f}" if u.price_usd is not None else ""
        render.note(s, f"upsell: {u.offer}{price} ({u.reason})")
    tactics = ", ".join(t.value if hasattr(t, "value") else str(t) for t in out.tactics)
    render.note(s, f"tactics: {tactics or '—'} · confidence {out.confidence:.0%}")


def suggest(
    message: Annotated[str | None, typer.Argument(help="The fan's message, or - for stdin.")] = None,
    count: Annotated[int, typer.Option("--count", "-n", callback=in_range(limits.SUGGESTIONS, "--count"),
                                       help="How many alternatives.")] = 3,
    platform: Annotated[str, typer.Option("--platform", "-P", help="onlyfans, instagram, tiktok, twitter, "
                                          "facebook.")] = "onlyfans",
    fan: FanOpt = None, engagement: EngagementOpt = None, spent: SpentOpt = None, tier: TierOpt = None,
    lang: LangOpt = None,
    creator: CreatorOpt = None, provider: ProviderOpt = None, model: ModelOpt = None, base_url: BaseUrlOpt = None,
    no_cache: NoCacheOpt = False, no_voice: NoVoiceOpt = False,
    input_path: InputOpt = None, output: OutputOpt = None, concurrency: ConcurrencyOpt = None,
    resume: ResumeOpt = False, unordered: UnorderedOpt = False,
) -> None:
    opts = route_options(creator, provider, model, base_url, no_cache, no_voice)
    fields = {"count": count, "platform": platform, "fan": fan, "engagement": engagement, "spent_usd": spent,
              "tier": tier, "lang": lang}
    reject_text_with_input(message, input_path, "MESSAGE")
    if input_path is not None:
        run_batch_command("suggest", input_path, output, concurrency, resume, unordered, opts, fields)
        return
    fields["message"] = read_text(message, "message", max_chars=10_000)
    run_single("suggest", fields, opts, show_suggestions)


def show_suggestions(answer: TeamAnswer) -> None:
    from huntaze_cli.cli import render

    console = render.out()
    for i, item in enumerate(answer.output.suggestions, 1):
        tactic = getattr(item.tactic, "value", item.tactic) if item.tactic else None
        label = f" [dim]({item.tone}{', ' + tactic if tactic else ''})[/]" if item.tone else ""
        console.print(f"[bold]{i}.[/] ", end="")
        console.print(item.text, markup=False, end="")
        console.print(label)
