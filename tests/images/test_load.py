"""Bad photos are one sentence (InvalidInput, exit 2 at the CLI), never a traceback or a huge decode."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from huntaze_cli.errors import InvalidInput
from huntaze_cli.images.load import IMAGE_PIXEL_LIMIT, load
from tests.images.make import save, textured


def png_header_only(path: Path, width: int, height: int) -> Path:
    """A tiny PNG whose header claims width x height: what a decompression bomb looks like to a reader."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
                     + chunk(b"IEND", b""))
    return path


def refused(path: Path) -> str:
    with pytest.raises(InvalidInput) as info:
        load(str(path))
    message = str(info.value)
    assert message.count(". ") == 0 and message.endswith("."), message  # one sentence
    return message


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    assert "empty (0 bytes)" in refused(empty)


def test_not_an_image(tmp_path: Path) -> None:
    text = tmp_path / "notes.jpg"
    text.write_text("these are not pixels\n" * 20)
    assert "not an image huntaze can read" in refused(text)


def test_heic_is_named(tmp_path: Path) -> None:
    heic = tmp_path / "IMG_0001.HEIC"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64)
    assert "HEIC" in refused(heic)


def test_truncated_jpeg(tmp_path: Path) -> None:
    whole = save(textured(300, 200), tmp_path / "whole.jpg", quality=90)
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert "truncated or damaged" in refused(cut)


@pytest.mark.parametrize("side", [11_500, 20_000])  # 132 MP: Pillow's warning; 400 MP: its error
def test_decompression_bomb_over_the_limit(tmp_path: Path, side: int) -> None:
    bomb = png_header_only(tmp_path / f"bomb{side}.png", side, side if side == 20_000 else 11_500)
    assert side * side > IMAGE_PIXEL_LIMIT
    assert "more than 120 million pixels" in refused(bomb)


def test_a_good_photo_loads_with_its_full_size_even_drafted(tmp_path: Path) -> None:
    photo = save(textured(1600, 1200), tmp_path / "big.jpg", quality=85)
    loaded = load(str(photo), draft=(512, 512))
    assert (loaded.width, loaded.height) == (1600, 1200)
    assert loaded.image.size[0] < 1600 and min(loaded.image.size) >= 512  # decoded at a DCT scale
    assert loaded.file_format == "JPEG" and loaded.size_bytes == photo.stat().st_size
