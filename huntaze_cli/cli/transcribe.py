"""`huntaze transcribe FILE`: a fan's voice note as text, its language and its length; and the voice-note
step `chat --voice-note` and batch lines share. The engine and decoder come from the `huntaze[audio]`
extra, imported only once a voice note is given."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from huntaze_cli.cli.common import CreatorOpt, emit, started

if TYPE_CHECKING:
    from huntaze_cli.core.session import Session
    from huntaze_cli.core.transcription import TranscriptionResult

LangOpt = Annotated[str | None, typer.Option("--lang", "-l", help="The note's language (ISO code: en, fr, es...); "
                                             "skips detection. Default: detected.")]
EngineOpt = Annotated[str | None, typer.Option("--engine", help="local (offline Whisper base, default), openai or "
                                               "azure (billed per audio minute). Env HUNTAZE_TRANSCRIBE_ENGINE.")]
TranscribeModelOpt = Annotated[str | None, typer.Option("--model", "-m", help="Cloud model: whisper-1 (default), "
                                                        "gpt-4o-mini-transcribe or gpt-4o-transcribe; Azure: the "
                                                        "deployment (default whisper).")]


def register(app: typer.Typer) -> None:
    app.command("transcribe", help=(
        "Transcribe a fan's voice note (WAV, MP3, OGG/Opus, M4A/AAC; up to 10 minutes and 25 MB): the text, "
        "its language and the note's length. Offline by default (`pip install 'huntaze[audio]'`).\n\n"
        "Examples:\n\n  huntaze transcribe note.ogg\n\n  huntaze transcribe note.m4a --lang fr --json\n\n"
        "  huntaze transcribe note.mp3 --engine openai --model gpt-4o-mini-transcribe"))(transcribe)


def transcribe(
    file: Annotated[str, typer.Argument(help="The voice note file.")],
    lang: LangOpt = None, engine: EngineOpt = None, model: TranscribeModelOpt = None, creator: CreatorOpt = None,
) -> None:
    s = started("transcribe", creator)
    s.creator_label = s.creator_name(creator)
    result = transcribe_note(s, file, lang=lang, engine=engine, model=model, creator=creator)
    emit(result.data(), feature="transcribe", creator=s.creator_label, human=lambda: show_transcript(s, result),
         provider=result.transcript.engine, model=result.transcript.model, costUsd=result.cost_usd)


def transcribe_note(s: Session, file: str, *, lang: str | None, engine: str | None, model: str | None,
                    creator: str | None) -> TranscriptionResult:
    from huntaze_cli.core.transcription import prepare_note
    from huntaze_cli.core.transcription import transcribe as run_transcription

    clip, chosen, language = prepare_note(s.settings, file, lang=lang, engine=engine)
    ctx = s.context(s.creator(creator))
    return run_transcription(ctx, clip, engine=chosen, model=model, language=language)


def show_transcript(s: Session, result: TranscriptionResult) -> None:
    from huntaze_cli.cli import render

    t = result.transcript
    render.out().print(t.text or "(no speech)", markup=False)
    render.note(s, transcript_line(result))


def transcript_line(result: TranscriptionResult) -> str:
    t = result.transcript
    language = t.language or "?"
    if t.language_probability is not None:
        language += f" ({t.language_probability:.0%})"
    cost = "unpriced" if result.cost_usd is None else f"${result.cost_usd:.4f}"
    return f"voice note: {language} · {t.duration_s:.1f} s · {t.engine} {t.model} · {cost}"
