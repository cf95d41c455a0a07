"""Opening a photo safely: one sentence (exit 2) for an empty file, a file that is not an image Pillow reads,
a truncated or damaged one, or one over the pixel limit, before anything else looks at it."""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from typing import Any

from huntaze_cli.errors import InvalidInput

# Pillow's decompression-bomb guard, set to our documented limit: 120 million pixels covers a 108 MP phone
# sensor (12,000 x 9,000) and refuses a small file that would decode into gigabytes. Pillow warns above
# its MAX_IMAGE_PIXELS and raises above twice that; we turn the warning into the refusal too.
IMAGE_PIXEL_LIMIT = 120_000_000
# ISO-BMFF brands of HEIC/HEIF photos (an iPhone's default), which Pillow cannot read without a plugin.
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis")


@dataclass
class Loaded:
    """A decoded photo: `image` may be a reduced decode (JPEG draft) when `draft` was asked for;
    `width`/`height` are always the stored full size, `file_format` Pillow's name (JPEG, PNG, WEBP...)."""

    path: str
    size_bytes: int
    file_format: str
    width: int
    height: int
    image: Any
    exif: Any
    info: dict[str, Any]
    frames: int


def load(path: str, what: str = "Image", *, draft: tuple[int, int] | None = None) -> Loaded:
    """The photo at `path`, decoded and verified. With `draft` (width, height), a JPEG is decoded at the
    smallest DCT scale still at least that large: a 50 MP photo decodes in a fraction of the memory and
    time, and every byte is still read (truncation is still caught)."""
    from huntaze_cli.io.input_files import check_size

    check_size(path, what)
    size = os.stat(path).st_size
    if size == 0:
        raise InvalidInput(f"{what} {path} is empty (0 bytes); give a photo file.")
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = IMAGE_PIXEL_LIMIT
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(path)
            width, height = image.size
            file_format = image.format or "unknown"
            frames = int(getattr(image, "n_frames", 1) or 1)
            exif = image.getexif()
            info = dict(image.info)
            if draft is not None and file_format == "JPEG":
                image.draft(None, draft)
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise InvalidInput(f"{what} {path} has more than {IMAGE_PIXEL_LIMIT // 1_000_000} million pixels, "
                               "the limit (a decompression bomb, or a photo to export smaller).") from None
        except UnidentifiedImageError:
            raise InvalidInput(_not_an_image(path, what)) from None
        except (OSError, SyntaxError, ValueError, EOFError, IndexError) as exc:
            detail = str(exc).rstrip(".") or type(exc).__name__
            raise InvalidInput(f"{what} {path} is truncated or damaged ({detail}); export it again.") from None
    return Loaded(path, size, file_format, width, height, image, exif, info, frames)


def _not_an_image(path: str, what: str) -> str:
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError:
        head = b""
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return (f"{what} {path} is a HEIC photo, which huntaze cannot read yet; export it as JPEG "
                "(on an iPhone: Settings > Camera > Formats > Most Compatible).")
    return f"{what} {path} is not an image huntaze can read; give a JPEG, PNG, WebP or GIF file."
