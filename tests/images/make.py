"""Photos the tests make: textured (sharp) or blurred, dark, bright, with risky EXIF, broken in known ways."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from PIL import Image, ImageFilter

GPS_LAT = (48.0, 51.0, 29.6)   # 48.858222 N
GPS_LON = (2.0, 17.0, 40.2)    # 2.294500 E


def textured(width: int, height: int, level: int = 128, spread: int = 100, seed: int = 7) -> Image.Image:
    """A sharp photo: random grey noise around `level` (RGB, so JPEG/PNG encoders treat it as a photo)."""
    noise = Image.frombytes("L", (width, height), random.Random(seed).randbytes(width * height))
    grey = noise.point(lambda v: max(0, min(255, level - spread + v * 2 * spread // 255)))
    return Image.merge("RGB", (grey, grey, grey))


def blurred(width: int, height: int, radius: float = 8) -> Image.Image:
    return textured(width, height).filter(ImageFilter.GaussianBlur(radius))


def risky_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x013B] = "Jane Creator"            # Artist
    exif[0x010F] = "PhoneMaker"              # Make: harmless, stripped too
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: GPS_LAT, 3: "E", 4: GPS_LON})
    sub = exif.get_ifd(0x8769)
    sub.update({0xA431: "SN-4242-XYZ", 0xA430: "Jane Doe"})
    return exif


def save(image: Image.Image, path: Path, fmt: str | None = None, **options: Any) -> Path:
    image.save(path, fmt, **options)
    return path
