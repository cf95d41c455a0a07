"""`huntaze caption`: a caption, hashtags, confidence and performance insights, platform rules enforced."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from huntaze_cli.cli.ai_common import (
    AllowDirOpt,
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
    from huntaze_cli.core.coordinator import TeamAnswer

PLATFORMS = "instagram, tiktok, twitter (or x), onlyfans, facebook"


def register(app: typer.Typer) -> None:
    app.command("caption", help=(
        "Write a caption with hashtags for a post, within the platform's rules.\n\n"
        "Examples:\n\n  huntaze caption --platform tiktok \"sunset run on the beach\"\n\n"
        "  huntaze caption --platform instagram --type video --mood playful --variants 3 \"new gym routine\"\n\n"
        "  echo \"behind the scenes of the shoot\" | huntaze caption - --platform x --json\n\n"
        "  huntaze caption --input posts.jsonl --output captions.jsonl --concurrency 16 --resume"))(caption)


def caption(
    description: Annotated[str | None, typer.Argument(help="What the post shows, or - for stdin.")] = None,
    platform: Annotated[str, typer.Option("--platform", "-P", help=f"Target platform: {PLATFORMS}.")] = "instagram",
    content_type: Annotated[str, typer.Option("--type", help="photo, video or story.")] = "photo",
    mood: Annotated[str | None, typer.Option("--mood", help="Tone, e.g. playful, romantic, chill, hype.")] = None,
    audience: Annotated[str | None, typer.Option("--audience", help="Who the post is for.")] = None,
    variants: Annotated[int, typer.Option("--variants", "-n", callback=in_range(limits.CAPTION_VARIANTS, "--variants"),
                                          help="How many captions.")] = 1,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of the caption: en, fr, es, pt, de (any "
                                             "code for an AI model). Default: the description's.")] = None,
    image: Annotated[str | None, typer.Option("--image", help="The photo (JPEG, PNG, WebP, GIF): checked offline "
                                              "(format, light, focus, GPS) and sent, stripped and resized, to "
                                              "a vision model.")] = None,
    insights: Annotated[str | None, typer.Option("--insights", help="A metrics file (CSV/JSON) to ground the "
                                                 "caption in the creator's numbers.")] = None,
    creator: CreatorOpt = None, provider: ProviderOpt = None, model: ModelOpt = None, base_url: BaseUrlOpt = None,
    no_cache: NoCacheOpt = False, no_voice: NoVoiceOpt = False,
    input_path: InputOpt = None, output: OutputOpt = None, concurrency: ConcurrencyOpt = None,
    resume: ResumeOpt = False, unordered: UnorderedOpt = False, allow_dir: AllowDirOpt = None,
) -> None:
    opts = route_options(creator, provider, model, base_url, no_cache, no_voice)
    fields = {"platform": platform, "content_type": content_type, "mood": mood, "audience": audience,
              "variants": variants, "lang": lang, "image_path": image, "insights": insights}
    reject_text_with_input(description, input_path, "DESCRIPTION")
    if input_path is not None:
        run_batch_command("caption", input_path, output, concurrency, resume, unordered, opts, fields,
                          allow_dir)
        return
    fields["description"] = read_text(description, "description", max_chars=5000)
    run_single("caption", fields, opts, show_caption)


def show_caption(answer: TeamAnswer) -> None:
    from huntaze_cli.cli import render
    from huntaze_cli.images import SAFETY_PREFIX

    out = answer.output
    tips = list(out.performance_insights)
    if tips and tips[0].startswith(SAFETY_PREFIX):  # the photo's GPS or names: before the caption itself
        render.warning(tips.pop(0))
    variants = getattr(out, "variants", None) or []
    rows: list[list[render.Piece]] = []
    if len(variants) > 1:
        for i, v in enumerate(variants, 1):
            rows += [[(f"Variant {i}", "bold")], [(v.caption, None)], [(" ".join(v.hashtags), "cyan")], []]
    else:
        rows.append([(out.caption, None)])
        if out.hashtags:
            rows += [[], [(" ".join(out.hashtags), "cyan")]]
    render.lines(rows)  # plain text off a terminal, without importing rich
    render.note(session(), f"confidence {out.confidence:.0%}")
    for tip in tips:
        render.note(session(), f"• {tip}")
