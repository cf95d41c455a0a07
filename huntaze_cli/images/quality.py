"""Exposure and sharpness of a photo, measured on its greyscale (Pillow's "L": ITU-R 601 luma, 0-255).

Exposure, from the 256-bin histogram of the whole photo:
  too dark   when the mean luminance is below 60 (a room at night, a phone's low-light shot);
  blown out  when at least 10% of the pixels are clipped at 250-255, or the mean is above 205.
Sharpness: the variance of the Laplacian (kernel 0 1 0 / 1 -4 1 / 0 1 0, exact integers) on the greyscale
downscaled so its longest side is at most 512 px, so that a 12 MP and a 1 MP copy of one shot score alike;
below 100 the photo is blurry (or flat: a blank wall has no detail either). The tests make photos on both
sides of each threshold.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import Any

TOO_DARK_MEAN = 60.0
CLIPPED_LEVEL = 250
BLOWN_OUT_SHARE = 0.10
TOO_BRIGHT_MEAN = 205.0
SHARPNESS_SIDE = 512
BLURRY_VARIANCE = 100.0


@dataclass(frozen=True)
class Exposure:
    mean: float
    dark_share: float       # pixels below 32
    clipped_share: float    # pixels at CLIPPED_LEVEL and above
    verdict: str            # ok | too dark | blown out

    def data(self) -> dict[str, Any]:
        return {"meanLuminance": self.mean, "darkShare": self.dark_share, "clippedShare": self.clipped_share,
                "verdict": self.verdict}


@dataclass(frozen=True)
class Sharpness:
    laplacian_variance: float
    verdict: str            # sharp | blurry

    def data(self) -> dict[str, Any]:
        return {"laplacianVariance": self.laplacian_variance, "verdict": self.verdict,
                "measuredAtMaxSide": SHARPNESS_SIDE}


def exposure(grey: Any) -> Exposure:
    """`grey`: a Pillow image in mode L."""
    histogram = grey.histogram()
    total = sum(histogram) or 1
    mean = sum(level * count for level, count in enumerate(histogram)) / total
    dark = sum(histogram[:32]) / total
    clipped = sum(histogram[CLIPPED_LEVEL:]) / total
    if mean < TOO_DARK_MEAN:
        verdict = "too dark"
    elif clipped >= BLOWN_OUT_SHARE or mean > TOO_BRIGHT_MEAN:
        verdict = "blown out"
    else:
        verdict = "ok"
    return Exposure(round(mean, 1), round(dark, 4), round(clipped, 4), verdict)


def sharpness(grey: Any) -> Sharpness:
    """Variance of the 4-neighbour Laplacian over the interior pixels, in exact integer arithmetic."""
    from PIL import Image, ImageMath

    small = grey
    if max(grey.size) > SHARPNESS_SIDE:
        small = grey.copy()
        small.thumbnail((SHARPNESS_SIDE, SHARPNESS_SIDE), Image.Resampling.BOX)
    w, h = small.size
    if w < 3 or h < 3:
        return Sharpness(0.0, "blurry")
    ints = small.convert("I")
    parts = {"c": (1, 1, w - 1, h - 1), "u": (1, 0, w - 1, h - 2), "d": (1, 2, w - 1, h),
             "l": (0, 1, w - 2, h - 1), "r": (2, 1, w, h - 1)}
    crops = {name: ints.crop(box) for name, box in parts.items()}
    lap = ImageMath.lambda_eval(lambda a: a["u"] + a["d"] + a["l"] + a["r"] - a["c"] * 4, **crops)
    values = array("i")
    values.frombytes(lap.tobytes("raw", "I"))
    n = len(values)
    mean = sum(values) / n
    variance = sum(v * v for v in values) / n - mean * mean
    return Sharpness(round(variance, 1), "blurry" if variance < BLURRY_VARIANCE else "sharp")
