"""Risky metadata is found, and `strip` removes it without touching a pixel."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from huntaze_cli.errors import InvalidInput
from huntaze_cli.images.load import load
from huntaze_cli.images.metadata import find_risky, strip, strip_jpeg
from tests.images.make import risky_exif, save, textured


def risky_of(path: Path):
    loaded = load(str(path))
    return find_risky(loaded.exif, loaded.info)


def test_gps_serial_and_owner_are_found(tmp_path: Path) -> None:
    photo = save(textured(80, 60), tmp_path / "p.jpg", exif=risky_exif())
    found = risky_of(photo)
    assert found.gps == {"latitude": 48.858222, "longitude": 2.2945}
    assert found.serials == {"BodySerialNumber": "SN-4242-XYZ"}
    assert found.owner == {"Artist": "Jane Creator", "CameraOwnerName": "Jane Doe"}
    assert found.risky and len(found.warnings()) == 3


def test_a_clean_photo_has_nothing_risky(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    assert not risky_of(save(textured(80, 60), tmp_path / "p.jpg", exif=exif)).risky


def test_gps_in_xmp_is_found(tmp_path: Path) -> None:
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="48,51.4N"/>'
           b'</rdf:RDF></x:xmpmeta>')
    photo = save(textured(80, 60), tmp_path / "x.jpg", xmp=xmp)
    found = risky_of(photo)
    assert found.gps_present and found.gps is None
    out = tmp_path / "x-clean.jpg"
    strip(str(photo), str(out))
    assert b"GPSLatitude" not in out.read_bytes() and not risky_of(out).risky


def test_strip_jpeg_removes_gps_keeps_pixels_and_orientation(tmp_path: Path) -> None:
    photo = save(textured(320, 240), tmp_path / "in.jpg", exif=risky_exif(orientation=6), quality=88)
    out = tmp_path / "out.jpg"
    report = strip(str(photo), str(out))
    with Image.open(photo) as before, Image.open(out) as after:
        assert after.tobytes() == before.tobytes()          # the same decoded pixels, bit for bit
        exif = after.getexif()
        assert exif.get_ifd(0x8825) == {}                   # no GPS IFD
        assert dict(exif) == {0x0112: 6}                    # orientation only: it still shows upright
    data = out.read_bytes()
    for secret in (b"Jane", b"SN-4242", b"PhoneMaker"):
        assert secret not in data
    assert report["removed"]["risky"] and report["keptOrientation"] == 6
    assert not risky_of(out).risky


def test_strip_jpeg_drops_what_follows_the_image(tmp_path: Path) -> None:
    """Phones append preview images (MPF) after the main image's end, each with its own EXIF."""
    main = io.BytesIO()
    textured(64, 64).save(main, "JPEG")
    appended = io.BytesIO()
    textured(16, 16).save(appended, "JPEG", exif=risky_exif())
    cleaned = strip_jpeg(main.getvalue() + appended.getvalue(), None)
    assert cleaned.endswith(b"\xff\xd9") and b"Jane" not in cleaned
    assert Image.open(io.BytesIO(cleaned)).tobytes() == Image.open(main).tobytes()


def test_strip_progressive_jpeg_keeps_every_scan(tmp_path: Path) -> None:
    photo = save(textured(200, 150), tmp_path / "prog.jpg", exif=risky_exif(), progressive=True)
    out = tmp_path / "prog-clean.jpg"
    strip(str(photo), str(out))
    assert Image.open(out).tobytes() == Image.open(photo).tobytes()
    assert Image.open(out).getexif().get_ifd(0x8825) == {}


def test_strip_png_and_webp_are_lossless(tmp_path: Path) -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Creator")
    png = save(textured(90, 70).convert("RGBA"), tmp_path / "p.png", exif=risky_exif(), pnginfo=info)
    webp = save(textured(90, 70), tmp_path / "p.webp", exif=risky_exif(), quality=80)
    for source in (png, webp):
        out = tmp_path / f"clean{source.suffix}"
        strip(str(source), str(out))
        with Image.open(source) as before, Image.open(out) as after:
            assert after.convert("RGBA").tobytes() == before.convert("RGBA").tobytes()
            assert after.getexif().get_ifd(0x8825) == {}
        assert b"Jane" not in out.read_bytes()


def test_strip_refuses_to_overwrite_or_unsupported(tmp_path: Path) -> None:
    photo = save(textured(40, 30), tmp_path / "p.jpg", exif=risky_exif())
    taken = tmp_path / "taken.jpg"
    taken.write_bytes(b"mine")
    with pytest.raises(InvalidInput, match="already exists"):
        strip(str(photo), str(taken))
    assert taken.read_bytes() == b"mine"
    with pytest.raises(InvalidInput, match="not the photo itself"):
        strip(str(photo), str(photo), overwrite=True)
    gif = save(textured(40, 30).convert("P"), tmp_path / "p.gif")
    with pytest.raises(InvalidInput, match="JPEG, PNG and WebP"):
        strip(str(gif), str(tmp_path / "out.gif"))
