"""Every fact `image check` prints and `caption --image` uses, computed offline from one decode."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from huntaze_cli.images import SAFETY_PREFIX
from huntaze_cli.images.metadata import RiskyMetadata
from huntaze_cli.images.platforms import Fit, UploadCheck
from huntaze_cli.images.quality import Exposure, Sharpness

# Orientation values that swap width and height when the photo is shown (EXIF 5-8: rotated a quarter turn).
_QUARTER_TURNS = (5, 6, 7, 8)


@dataclass
class ImageFacts:
    path: str
    file_format: str
    size_bytes: int
    width: int                  # as displayed (EXIF orientation applied)
    height: int
    platform: str
    content_type: str
    fit: Fit
    upload: UploadCheck
    exposure: Exposure
    sharpness: Sharpness
    metadata: RiskyMetadata

    @property
    def ratio(self) -> str:
        from huntaze_cli.images.platforms import ratio_text

        return ratio_text(self.width, self.height)

    @property
    def shape(self) -> str:
        return "square" if self.width == self.height else "portrait" if self.height > self.width else "landscape"

    def safety_warning(self) -> str | None:
        """The sentence printed before anything else when the photo carries risky metadata."""
        found = self.metadata.warnings()
        if not found:
            return None
        from shlex import quote

        return (f"{SAFETY_PREFIX}this photo carries {'; '.join(found)}. Run `huntaze image strip {quote(self.path)} "
                "--output COPY` and post the copy.")

    def problems(self) -> list[str]:
        """What to fix before posting, most important first (the safety warning is separate)."""
        from huntaze_cli.images.platforms import MB

        out = []
        if not self.fit.ok and self.fit.crop is not None:
            c = self.fit.crop
            out.append(f"{self.width}x{self.height} ({self.ratio}) is not {' or '.join(self.fit.formats)} for "
                       f"{self.platform} {self.content_type}s: a centred {c.width}x{c.height} crop ({c.aspect}) "
                       f"fits, keeping {c.kept_percent:g}% of the photo.")
        if not self.upload.format_ok:
            out.append(f"{self.platform} takes {', '.join(self.upload.formats)} photos, not {self.file_format}.")
        if not self.upload.size_ok and self.upload.max_bytes is not None:
            out.append(f"{self.size_bytes / MB:.1f} MB is over {self.platform}'s {self.upload.max_bytes // MB} MB "
                       "photo limit.")
        if self.exposure.verdict == "too dark":
            out.append(f"Low light: the photo is too dark (mean brightness {self.exposure.mean:g}/255).")
        elif self.exposure.verdict == "blown out":
            out.append(f"Blown out: {self.exposure.clipped_share:.0%} of the pixels are pure white "
                       f"(mean brightness {self.exposure.mean:g}/255).")
        if self.sharpness.verdict == "blurry":
            out.append(f"Blurry: sharpness {self.sharpness.laplacian_variance:g} (under 100 is soft or out of "
                       "focus).")
        return out

    def highlights(self) -> list[str]:
        """What is good to know for the caption (not problems)."""
        notes = []
        if self.fit.matched == "9:16":
            frame = "vertical video frame" if self.content_type in ("video", "story") else "vertical full-screen"
            notes.append(f"{frame} (9:16, {self.width}x{self.height})")
        elif self.fit.matched:
            notes.append(f"{self.fit.matched} fits {self.platform} {self.content_type}s")
        return notes

    def prompt_lines(self) -> list[str]:
        """The facts as data lines for a model (fenced by the caller)."""
        lines = [f"- size: {self.width}x{self.height} px, {self.shape}, aspect ratio {self.ratio}",
                 f"- platform format for {self.platform} {self.content_type}: "
                 + (f"fits {self.fit.matched}" if self.fit.matched else
                    "no recommended format" if not self.fit.formats else
                    f"does not fit {' or '.join(self.fit.formats)}"),
                 f"- exposure: {self.exposure.verdict} (mean brightness {self.exposure.mean:g}/255)"
                 + (" - low light" if self.exposure.verdict == "too dark" else ""),
                 f"- sharpness: {self.sharpness.verdict} (Laplacian variance {self.sharpness.laplacian_variance:g})"]
        lines += [f"- {note}" for note in self.highlights()]
        return lines

    def data(self) -> dict[str, Any]:
        return {"file": self.path, "format": self.file_format, "bytes": self.size_bytes, "width": self.width,
                "height": self.height, "ratio": self.ratio, "ratioValue": round(self.width / self.height, 4),
                "shape": self.shape, "platform": self.platform, "type": self.content_type,
                "safetyWarning": self.safety_warning(), "metadata": self.metadata.data(),
                "fit": self.fit.data(), "upload": self.upload.data(), "exposure": self.exposure.data(),
                "sharpness": self.sharpness.data(), "problems": self.problems(), "highlights": self.highlights()}


def analyse(path: str, platform: str, content_type: str = "photo", what: str = "Image") -> ImageFacts:
    """Open, verify and measure the photo (bad input: InvalidInput, one sentence)."""
    from huntaze_cli.agents.platforms import normalize_platform
    from huntaze_cli.images.load import load
    from huntaze_cli.images.metadata import ORIENTATION, find_risky
    from huntaze_cli.images.platforms import fit_for, upload_check
    from huntaze_cli.images.quality import SHARPNESS_SIDE, exposure, sharpness

    name = normalize_platform(platform)
    loaded = load(path, what, draft=(SHARPNESS_SIDE, SHARPNESS_SIDE))
    orientation = int(loaded.exif.get(ORIENTATION, 1) or 1) if loaded.exif is not None else 1
    width, height = (loaded.height, loaded.width) if orientation in _QUARTER_TURNS else (loaded.width, loaded.height)
    # Histogram and Laplacian variance do not change under quarter turns and flips: no need to transpose.
    grey = loaded.image if loaded.image.mode == "L" else loaded.image.convert("L")
    return ImageFacts(path=path, file_format=loaded.file_format, size_bytes=loaded.size_bytes, width=width,
                      height=height, platform=name, content_type=content_type,
                      fit=fit_for(name, content_type, width, height),
                      upload=upload_check(name, loaded.file_format, loaded.size_bytes),
                      exposure=exposure(grey), sharpness=sharpness(grey),
                      metadata=find_risky(loaded.exif, loaded.info))
