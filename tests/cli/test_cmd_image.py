"""`huntaze image check` and `huntaze image strip` through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from tests.images.make import blurred, risky_exif, save, textured
from tests.images.test_load import png_header_only


def test_check_json_has_every_fact(cli, tmp_path: Path) -> None:
    photo = save(textured(1080, 1920), tmp_path / "reel.jpg", quality=90)
    r = cli("image", "check", str(photo), "--platform", "tiktok", "--type", "video", "--json")
    assert r.code == 0, r.stderr
    data = r.json()["data"]
    assert (data["width"], data["height"], data["ratio"], data["shape"]) == (1080, 1920, "9:16", "portrait")
    assert data["fit"] == {"recommended": ["9:16"], "fits": True, "matched": "9:16", "crop": None}
    assert data["upload"]["sizeOk"] and data["upload"]["formatOk"]
    assert data["exposure"]["verdict"] == "ok" and data["sharpness"]["verdict"] == "sharp"
    assert data["safetyWarning"] is None and data["problems"] == []
    assert "vertical video frame (9:16, 1080x1920)" in data["highlights"]


def test_safety_warning_is_printed_first(cli, tmp_path: Path) -> None:
    photo = save(blurred(400, 300), tmp_path / "home.jpg", exif=risky_exif())
    r = cli("image", "check", str(photo), "--platform", "instagram")
    assert r.code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("Warning: Safety: this photo carries GPS coordinates (48.85822, 2.29450)")
    assert "Jane Creator" in lines[0] and "huntaze image strip" in lines[0]
    assert any(line.startswith("✗ Blurry") for line in lines)
    assert any("1:1" in line and "crop" in line for line in lines)  # 4:3 does not fit the feed


def test_problems_for_the_platform(cli, tmp_path: Path) -> None:
    dark = save(textured(1280, 720, level=25, spread=20), tmp_path / "night.png")
    data = cli("image", "check", str(dark), "--platform", "x", "--json").json()["data"]
    assert data["fit"]["matched"] == "16:9"
    assert data["exposure"]["verdict"] == "too dark"
    assert any(p.startswith("Low light") for p in data["problems"])
    webp = save(textured(1080, 1350), tmp_path / "feed.webp")
    data = cli("image", "check", str(webp), "--platform", "instagram", "--json").json()["data"]
    assert not data["upload"]["formatOk"] and any("not WEBP" in p for p in data["problems"])


@pytest.mark.parametrize("kind", ["empty", "text", "truncated", "bomb"])
def test_bad_images_are_exit_2_with_one_sentence(cli, tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.png"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("hello")
    elif kind == "truncated":
        whole = save(textured(300, 300), tmp_path / "whole.png")
        path.write_bytes(whole.read_bytes()[:2000])
    else:
        png_header_only(path, 15_000, 15_000)
    r = cli("image", "check", str(path))
    assert r.code == 2
    assert r.stderr.startswith("Error: ") and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "Traceback" not in r.stderr


def test_bad_options_are_exit_2(cli, tmp_path: Path) -> None:
    photo = save(textured(40, 40), tmp_path / "p.jpg")
    assert cli("image", "check", str(photo), "--platform", "myspace").code == 2
    assert cli("image", "check", str(photo), "--type", "reel").code == 2


def test_strip_through_the_cli(cli, tmp_path: Path) -> None:
    photo = save(textured(640, 480), tmp_path / "in.jpg", exif=risky_exif(orientation=8), quality=92)
    out = tmp_path / "clean.jpg"
    r = cli("image", "strip", str(photo), "--output", str(out), "--json")
    assert r.code == 0, r.stderr
    assert r.json()["data"]["removed"]["gps"] == {"latitude": 48.858222, "longitude": 2.2945}
    with Image.open(photo) as before, Image.open(out) as after:
        assert after.getexif().get_ifd(0x8825) == {}
        assert after.tobytes() == before.tobytes()
    checked = cli("image", "check", str(out), "--json").json()["data"]
    assert checked["safetyWarning"] is None and checked["metadata"]["risky"] is False
    again = cli("image", "strip", str(photo), "--output", str(out))
    assert again.code == 2 and "already exists" in again.stderr
    assert cli("image", "strip", str(photo), "--output", str(out), "--force").code == 0
