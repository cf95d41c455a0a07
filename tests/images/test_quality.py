"""Exposure and sharpness thresholds, on both sides of each, with photos the test makes."""

from __future__ import annotations

import random

from PIL import Image

from huntaze_cli.images import quality
from tests.images.make import blurred, textured


def grey(level: int, size: tuple[int, int] = (50, 40)) -> Image.Image:
    return Image.new("L", size, level)


def test_too_dark_below_mean_60() -> None:
    assert quality.exposure(grey(59)).verdict == "too dark"
    assert quality.exposure(grey(60)).verdict == "ok"


def test_blown_out_from_clipped_share_or_bright_mean() -> None:
    def with_white(share: float) -> Image.Image:
        image = grey(128, (100, 100))
        image.paste(255, (0, 0, 100, int(100 * share)))
        return image

    assert quality.exposure(with_white(0.10)).verdict == "blown out"
    assert quality.exposure(with_white(0.09)).verdict == "ok"
    assert quality.exposure(grey(206)).verdict == "blown out"
    assert quality.exposure(grey(205)).verdict == "ok"


def test_exposure_numbers_are_exact() -> None:
    image = grey(10, (10, 10))
    image.paste(250, (0, 0, 10, 5))  # half at 10, half at 250
    e = quality.exposure(image)
    assert (e.mean, e.dark_share, e.clipped_share) == (130.0, 0.5, 0.5)


def naive_laplacian_variance(image: Image.Image) -> float:
    w, h = image.size
    px = image.load()
    values = [px[x, y - 1] + px[x, y + 1] + px[x - 1, y] + px[x + 1, y] - 4 * px[x, y]
              for y in range(1, h - 1) for x in range(1, w - 1)]
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / len(values)


def test_laplacian_variance_matches_the_definition() -> None:
    rng = random.Random(3)
    image = Image.new("L", (41, 29))
    image.putdata([rng.randrange(256) for _ in range(41 * 29)])
    assert quality.sharpness(image).laplacian_variance == round(naive_laplacian_variance(image), 1)


def test_sharp_and_blurry_either_side_of_100() -> None:
    assert quality.sharpness(textured(600, 400).convert("L")).verdict == "sharp"
    soft = quality.sharpness(blurred(600, 400, radius=8).convert("L"))
    assert soft.verdict == "blurry" and soft.laplacian_variance < quality.BLURRY_VARIANCE
    # A gentle blur keeps it above the threshold: the threshold is not "anything but noise".
    assert quality.sharpness(blurred(600, 400, radius=1).convert("L")).laplacian_variance > quality.BLURRY_VARIANCE


def test_large_photo_is_measured_downscaled_to_512() -> None:
    big = textured(2000, 1000).convert("L")
    small = big.resize((512, 256), Image.Resampling.BOX)
    assert quality.sharpness(big).laplacian_variance == quality.sharpness(small).laplacian_variance


def test_tiny_or_flat_has_no_detail() -> None:
    assert quality.sharpness(grey(128, (2, 2))).verdict == "blurry"
    assert quality.sharpness(grey(128)).laplacian_variance == 0.0
