"""`huntaze voice learn/show/forget`: a creator's own voice, learned from their past posts and messages and used
by caption, chat, suggest, optimize-sale and mass-message (unless --no-voice)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from huntaze_cli.cli.common import CreatorOpt, emit, started
from huntaze_cli.cli.helpview import App

if TYPE_CHECKING:
    from huntaze_cli.agents.voice.profile import VoiceProfile

app = App(help=(
    "A creator's own voice, learned from their past captions and sent messages: every draft of caption, chat, "
    "suggest, optimize-sale and mass-message then sounds like them (--no-voice turns it off).\n\n"
    "Files: CSV or JSON with a text column (text, caption, message, content, body or post) and optional "
    "platform, date and engagement (or likes, comments, shares, saves) columns; or plain text, one post per "
    "paragraph. At least 10 distinct texts; at most 10 MB per file.\n\nExamples:\n\n"
    "  huntaze voice learn --creator mia captions.csv messages.json\n\n"
    "  huntaze voice show --creator mia --json\n\n  huntaze voice forget --creator mia"), no_args_is_help=True)


def _pct(share: float | None) -> str:
    return "n/a" if share is None else f"{share:.0%}"


def _show(name: str, p: VoiceProfile, updated_at: str | None) -> None:
    from huntaze_cli.cli import render

    console = render.out()
    L = p.length
    lines = [
        f"Voice of {name}: {p.texts} texts{f', learned {updated_at}' if updated_at else ''}",
        "Languages: " + ", ".join(f"{lang} {share:.0%}" for lang, share in p.languages.items()),
        f"Length: median {L.median_chars} characters ({L.p25_chars}–{L.p75_chars}), {L.median_words} words"
        + "".join(f"; {pl} {pL.median_chars}" for pl, pL in p.length_by_platform.items()),
        f"Emojis: {p.emoji_per_text:g} per text, in {_pct(p.emoji_text_share)} of texts"
        + (f"; favourites {' '.join(p.favourite_emojis)}" if p.favourite_emojis else ""),
        f"Hashtags: {p.hashtags_per_text:g} per text ({p.hashtag_placement})"
        + (f"; favourites {' '.join(p.favourite_hashtags)}" if p.favourite_hashtags else ""),
        f"Formality: {p.formality}; capitals at sentence starts {_pct(p.capitalised_share)}, lowercase-only "
        f"{_pct(p.lowercase_only_share)}, English contractions {_pct(p.contraction_share)}"
        + "".join(f"; {lang} address {a}" for lang, a in p.address.items()),
        f"Punctuation: ! in {_pct(p.exclamation_share)}, !!+ in {_pct(p.multi_exclamation_share)}, "
        f"{p.ellipsis_mark} in {_pct(p.ellipsis_share)}, ? in {_pct(p.question_share)}, no end mark "
        f"{_pct(p.no_end_mark_share)}",
    ]
    for label, phrases in (("Openers", p.openers), ("Closers", p.closers), ("Recurring phrases", p.phrases),
                           ("Pet names", p.pet_names)):
        if phrases:
            lines.append(f"{label}: " + ", ".join(f"“{ph.text}” ({ph.texts})" for ph in phrases))
    for line in lines:
        console.print(line, markup=False)
    if p.examples:
        console.print(f"Examples ({len(p.examples)}):", markup=False)
        for e in p.examples:
            console.print(f"  - {e.text}", markup=False)


def _data(name: str, p: VoiceProfile, updated_at: str | None) -> dict[str, Any]:
    return {"creator": name, "updatedAt": updated_at, "profile": p.model_dump(mode="json", by_alias=True)}


@app.command("learn")
def learn(files: Annotated[list[str], typer.Argument(help="Exports of past captions or sent messages (CSV, JSON, "
                                                          "or plain text with one post per paragraph).")],
          creator: CreatorOpt = None) -> None:
    """Learn (or refine) the creator's voice from their past posts and messages."""
    from huntaze_cli.core.voice import learn_voice, read_texts

    s = started("voice", creator)
    items = read_texts(files)  # a bad file is refused before `default` is created
    c = s.creator(creator)
    learned = learn_voice(s.ledger, c.id, files, items)
    row = s.ledger.voice_profile(c.id) or {}
    data = {**_data(c.name, learned.profile, row.get("updated_at")), "textsRead": learned.read,
            "textsAdded": learned.added, "texts": learned.total, "changed": learned.changed}

    def human() -> None:
        from huntaze_cli.cli import render

        if learned.changed:
            print(f"Learned {c.name}'s voice from {learned.total} texts ({learned.added} new of {learned.read} "
                  "read).")
        else:
            print(f"No new texts in {', '.join(files)}: {c.name}'s voice is unchanged ({learned.total} texts).")
        render.note(s, f"See it with `huntaze voice show --creator {c.name}`; drafts use it unless --no-voice.")

    emit(data, feature="voice", creator=c.name, human=human)


@app.command("show")
def show(creator: CreatorOpt = None) -> None:
    """Show the creator's learned voice."""
    from huntaze_cli.core.voice import stored_profile
    from huntaze_cli.errors import NotFound

    s = started("voice", creator)
    c = s.find_creator(creator)
    profile = stored_profile(s.ledger, c.id) if c is not None else None
    name = s.creator_name(creator)
    if c is None or profile is None:
        raise NotFound(f"No voice learned for {name}; learn it with `huntaze voice learn --creator {name} FILE`.")
    row = s.ledger.voice_profile(c.id) or {}
    emit(_data(name, profile, row.get("updated_at")), feature="voice", creator=name,
         human=lambda: _show(name, profile, row.get("updated_at")))


@app.command("forget")
def forget(creator: CreatorOpt = None) -> None:
    """Remove the creator's voice: the profile and every text it was learned from."""
    s = started("voice", creator)
    c = s.find_creator(creator)
    name = s.creator_name(creator)
    removed, had = s.ledger.forget_voice(c.id) if c is not None else (0, False)
    emit({"creator": name, "removed": had, "textsRemoved": removed}, feature="voice", creator=name,
         human=lambda: print(f"Forgot {name}'s voice ({removed} texts)." if had or removed
                             else f"{name} had no voice learned; nothing to forget."))
