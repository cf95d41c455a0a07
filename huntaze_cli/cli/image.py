"""`huntaze image check FILE` and `huntaze image strip FILE --output OUT`: a photo checked before it is
posted, offline (huntaze_cli/images), and a copy without the metadata that puts a creator at risk."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from huntaze_cli.cli.common import emit, started
from huntaze_cli.cli.helpview import App
from huntaze_cli.errors import InvalidInput

if TYPE_CHECKING:
    from huntaze_cli.images.facts import ImageFacts

app = App(help="Check a photo before posting it (format, size, light, focus, risky metadata), offline, "
                       "and strip its metadata.\n\nExamples:\n\n  huntaze image check beach.jpg --platform tiktok"
                       "\n\n  huntaze image check selfie.png --platform instagram --type story --json\n\n"
                       "  huntaze image strip beach.jpg --output beach-clean.jpg", no_args_is_help=True)

FileArg = Annotated[str, typer.Argument(help="The photo: JPEG, PNG, WebP or GIF.")]
PlatformOpt = Annotated[str, typer.Option("--platform", "-P", help="instagram, tiktok, twitter (or x), onlyfans or "
                                          "facebook.")]
TypeOpt = Annotated[str, typer.Option("--type", help="photo, video (a Reel's or video's frame) or story.")]


def check_options(platform: str, content_type: str) -> tuple[str, str]:
    """The canonical platform and type, or one sentence (exit 2)."""
    from huntaze_cli.agents.platforms import normalize_platform
    from huntaze_cli.images.platforms import CONTENT_TYPES

    try:
        name = normalize_platform(platform)
    except ValueError as exc:
        raise InvalidInput(f"--platform: {exc}.") from None
    kind = content_type.strip().lower()
    if kind not in CONTENT_TYPES:
        raise InvalidInput(f"--type must be one of {', '.join(CONTENT_TYPES)}, not '{content_type}'.")
    return name, kind


@app.command("check")
def check(file: FileArg, platform: PlatformOpt = "instagram", content_type: TypeOpt = "photo") -> None:
    """Dimensions and the platform's format (with the crop that fits), size and format against its upload
    limit, exposure, sharpness, and metadata that reveals where you are or who you are."""
    from huntaze_cli.images.facts import analyse

    s = started("image")
    name, kind = check_options(platform, content_type)
    facts = analyse(file, name, kind)
    emit(facts.data(), feature="image", human=lambda: show_facts(facts, quiet=s.flags.quiet))


def show_facts(facts: ImageFacts, *, quiet: bool) -> None:
    from huntaze_cli.cli import render
    from huntaze_cli.images.platforms import MB

    console = render.out()
    warning = facts.safety_warning()
    if warning:
        render.warning(warning, stream="out")
    problems = facts.problems()
    if not quiet:
        limit = f"{facts.upload.max_bytes // MB} MB" if facts.upload.max_bytes else "no published limit"
        size = f"{facts.size_bytes / MB:.1f} MB" if facts.size_bytes >= MB else f"{facts.size_bytes / 1024:.0f} KB"
        lines = [f"{facts.file_format} · {facts.width}x{facts.height} · {facts.ratio} {facts.shape} · "
                 f"{size} ({facts.platform}: {limit})",
                 f"exposure: {facts.exposure.verdict} (mean {facts.exposure.mean:g}/255) · sharpness: "
                 f"{facts.sharpness.verdict} ({facts.sharpness.laplacian_variance:g})"]
        if facts.fit.matched:
            lines.append(f"format: {facts.fit.matched} fits {facts.platform} {facts.content_type}s")
        for line in lines:
            console.print(line, markup=False)
    for problem in problems:
        console.print(f"✗ {problem}", markup=False)
    if not problems and not warning:
        console.print(f"✓ ready for {facts.platform}", markup=False)


@app.command("strip")
def strip(file: FileArg,
          output: Annotated[str, typer.Option("--output", "-o", help="Where to write the clean copy.")],
          force: Annotated[bool, typer.Option("--force", help="Replace --output if it exists.")] = False) -> None:
    """Write a copy without GPS, serials, names or any other EXIF/XMP/IPTC field (the orientation and colour
    profile stay); the pixels are copied exactly, never re-compressed."""
    from huntaze_cli.images.metadata import strip as strip_file

    s = started("image")
    report = strip_file(file, output, overwrite=force)

    def human() -> None:
        from huntaze_cli.cli import render

        removed = report["removed"]
        what = "GPS, serial and names removed" if removed["risky"] else "no risky metadata was found; EXIF removed"
        render.out().print(f"{output}", markup=False)
        render.note(s, f"{what} · {report['bytes']:,} bytes · pixels unchanged")

    emit(report, feature="image", human=human)
