"""The one table of what each platform takes for a photo, and the exact fit and crop arithmetic.

Recommended formats (width:height), by platform and content type (`--type`):
  tiktok     9:16 (photo, video, story)
  instagram  4:5 or 1:1 for a feed photo; 9:16 for Reels (video) and stories
  twitter    16:9 (single image and link posts)
  facebook   16:9 (photo and link posts); 9:16 for stories
  onlyfans   any (no recommended format; nothing is flagged)
A photo fits a format when its ratio is within 1% of it (1080 x 1350 is 4:5; 1080 x 1349 still is). The
crop that would fit is the largest centred crop of the recommended format that keeps the most pixels.

Upload limits for a photo (the platforms' published photo limits; the API's where it is stricter):
  instagram  8 MB, JPEG or PNG            tiktok   20 MB, JPEG, PNG or WebP
  twitter    5 MB, JPEG, PNG, GIF or WebP  facebook 10 MB, JPEG, PNG, GIF, BMP or TIFF
  onlyfans   no published photo limit (huntaze reads files up to 20 MB), JPEG, PNG, GIF or WebP
"""

from __future__ import annotations

from dataclasses import dataclass
from math import gcd

from huntaze_cli.agents.platforms import normalize_platform

MB = 1024 * 1024
RATIO_TOLERANCE = 0.01

_VERTICAL = ((9, 16),)
ASPECTS: dict[str, dict[str, tuple[tuple[int, int], ...]]] = {
    "tiktok": {"photo": _VERTICAL, "video": _VERTICAL, "story": _VERTICAL},
    "instagram": {"photo": ((4, 5), (1, 1)), "video": _VERTICAL, "story": _VERTICAL},
    "twitter": {"photo": ((16, 9),), "video": ((16, 9),), "story": ((16, 9),)},
    "facebook": {"photo": ((16, 9),), "video": ((16, 9),), "story": _VERTICAL},
    "onlyfans": {"photo": (), "video": (), "story": ()},
}


@dataclass(frozen=True)
class UploadLimit:
    max_bytes: int | None      # None: the platform publishes no photo limit
    formats: tuple[str, ...]   # Pillow's format names


UPLOAD_LIMITS: dict[str, UploadLimit] = {
    "instagram": UploadLimit(8 * MB, ("JPEG", "PNG")),
    "tiktok": UploadLimit(20 * MB, ("JPEG", "PNG", "WEBP")),
    "twitter": UploadLimit(5 * MB, ("JPEG", "PNG", "GIF", "WEBP")),
    "facebook": UploadLimit(10 * MB, ("JPEG", "PNG", "GIF", "BMP", "TIFF")),
    "onlyfans": UploadLimit(None, ("JPEG", "PNG", "GIF", "WEBP")),
}
CONTENT_TYPES = ("photo", "video", "story")


def ratio_text(width: int, height: int) -> str:
    """The exact reduced ratio, e.g. 1080 x 1920 -> '9:16', 4032 x 3024 -> '4:3'."""
    divisor = gcd(width, height) or 1
    return f"{width // divisor}:{height // divisor}"


def fits(width: int, height: int, aspect: tuple[int, int]) -> bool:
    target = aspect[0] / aspect[1]
    return abs(width / height - target) <= RATIO_TOLERANCE * target


@dataclass(frozen=True)
class Crop:
    aspect: str
    width: int
    height: int
    left: int
    top: int
    kept_percent: float

    def data(self) -> dict[str, object]:
        return {"ratio": self.aspect, "width": self.width, "height": self.height, "left": self.left,
                "top": self.top, "keptPercent": self.kept_percent}


def crop_to(width: int, height: int, aspect: tuple[int, int]) -> Crop:
    """The largest centred crop of `aspect` inside width x height (integer pixels, never larger)."""
    a, b = aspect
    if width * b > height * a:          # too wide: keep the height
        new_w, new_h = height * a // b, height
    else:                               # too tall: keep the width
        new_w, new_h = width, width * b // a
    kept = round(100.0 * new_w * new_h / (width * height), 1)
    return Crop(f"{a}:{b}", new_w, new_h, (width - new_w) // 2, (height - new_h) // 2, kept)


@dataclass(frozen=True)
class Fit:
    formats: tuple[str, ...]    # the recommended ratios, as text
    matched: str | None         # the one the photo fits, if any
    crop: Crop | None           # when none fits: the crop that keeps the most pixels

    @property
    def ok(self) -> bool:
        return not self.formats or self.matched is not None

    def data(self) -> dict[str, object]:
        return {"recommended": list(self.formats), "fits": self.ok, "matched": self.matched,
                "crop": self.crop.data() if self.crop else None}


def fit_for(platform: str, content_type: str, width: int, height: int) -> Fit:
    aspects = ASPECTS[normalize_platform(platform)][content_type]
    names = tuple(f"{a}:{b}" for a, b in aspects)
    for aspect in aspects:
        if fits(width, height, aspect):
            return Fit(names, f"{aspect[0]}:{aspect[1]}", None)
    crops = [crop_to(width, height, aspect) for aspect in aspects]
    return Fit(names, None, max(crops, key=lambda c: c.kept_percent) if crops else None)


@dataclass(frozen=True)
class UploadCheck:
    max_bytes: int | None
    formats: tuple[str, ...]
    size_ok: bool
    format_ok: bool

    def data(self) -> dict[str, object]:
        return {"maxBytes": self.max_bytes, "formats": list(self.formats), "sizeOk": self.size_ok,
                "formatOk": self.format_ok}


def upload_check(platform: str, file_format: str, size_bytes: int) -> UploadCheck:
    limit = UPLOAD_LIMITS[normalize_platform(platform)]
    return UploadCheck(limit.max_bytes, limit.formats, limit.max_bytes is None or size_bytes <= limit.max_bytes,
                       file_format in limit.formats)
