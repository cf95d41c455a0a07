"""Aspect ratios, fits and crops: exact integer arithmetic against the documented table."""

from __future__ import annotations

from huntaze_cli.images.platforms import MB, crop_to, fit_for, ratio_text, upload_check


def test_ratio_is_the_reduced_fraction() -> None:
    assert ratio_text(1080, 1920) == "9:16"
    assert ratio_text(4032, 3024) == "4:3"
    assert ratio_text(1081, 1920) == "1081:1920"


def test_formats_per_platform_and_type() -> None:
    assert fit_for("tiktok", "video", 1080, 1920).matched == "9:16"
    assert fit_for("instagram", "photo", 1080, 1350).matched == "4:5"
    assert fit_for("instagram", "photo", 1080, 1080).matched == "1:1"
    assert fit_for("instagram", "video", 1080, 1920).matched == "9:16"   # Reels
    assert fit_for("x", "photo", 1280, 720).matched == "16:9"
    assert fit_for("facebook", "photo", 1920, 1080).matched == "16:9"
    assert fit_for("onlyfans", "photo", 1234, 567).ok                   # no recommended format


def test_one_percent_tolerance() -> None:
    assert fit_for("instagram", "photo", 1080, 1349).matched == "4:5"   # 0.08% off
    assert fit_for("instagram", "photo", 1080, 1330).matched is None    # 1.5% off


def test_crop_keeps_the_most_pixels() -> None:
    fit = fit_for("instagram", "photo", 4032, 3024)  # a landscape phone photo
    assert not fit.ok and fit.crop is not None
    assert (fit.crop.aspect, fit.crop.width, fit.crop.height, fit.crop.left, fit.crop.top) == ("1:1", 3024, 3024,
                                                                                               504, 0)
    assert fit.crop.kept_percent == 75.0
    tall = crop_to(3024, 4032, (4, 5))
    assert (tall.width, tall.height, tall.left, tall.top, tall.kept_percent) == (3024, 3780, 0, 126, 93.8)
    wide = crop_to(1080, 1080, (9, 16))
    assert (wide.width, wide.height) == (607, 1080) and wide.width * 16 <= wide.height * 9 + 16


def test_upload_limits() -> None:
    assert upload_check("twitter", "JPEG", 5 * MB).size_ok
    assert not upload_check("twitter", "JPEG", 5 * MB + 1).size_ok
    assert not upload_check("instagram", "WEBP", 100).format_ok
    assert upload_check("onlyfans", "PNG", 19 * MB).size_ok
