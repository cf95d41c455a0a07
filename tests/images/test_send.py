"""The copy a model receives: resized to the documented maximum, upright, and with no metadata at all."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from huntaze_cli.images.send import prepare
from tests.images.make import risky_exif, save, textured


def test_large_photo_is_resized_upright_and_clean(tmp_path: Path) -> None:
    # Stored landscape 2400x1800 with orientation 6: displayed portrait 1800x2400.
    photo = save(textured(2400, 1800), tmp_path / "phone.jpg", exif=risky_exif(orientation=6), quality=85)
    part = prepare(str(photo))
    assert (part.width, part.height) == (768, 1024) and part.mime == "image/jpeg"
    with Image.open(io.BytesIO(part.data)) as sent:
        assert sent.size == (768, 1024)
        assert dict(sent.getexif()) == {} and "exif" not in sent.info
    for secret in (b"Exif", b"Jane", b"SN-4242", b"PhoneMaker"):
        assert secret not in part.data


def test_transparent_png_stays_png_and_small_stays_small(tmp_path: Path) -> None:
    png = save(textured(300, 200).convert("RGBA"), tmp_path / "logo.png", exif=risky_exif())
    part = prepare(str(png))
    assert part.mime == "image/png" and (part.width, part.height) == (300, 200)
    assert b"Jane" not in part.data and b"eXIf" not in part.data
