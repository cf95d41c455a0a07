"""The copy of a photo a vision model receives: metadata gone, orientation applied, resized.

The documented maximum is 2048 px on the longest side and 768 px on the shortest: the most any OpenAI
vision model looks at (tiles: fit in 2048 x 2048, then shortest side 768; patches: 1,536 of 32 px, which
768 x 2048 exactly fills), and Gemini tiles it into at most 3 of 768 px. A larger photo would cost upload
time and nothing else. JPEG (quality 90) unless the photo has transparency (then PNG). The new file is
encoded from the pixels alone, so no EXIF, XMP or comment can ride along.
"""

from __future__ import annotations

import io

from huntaze_cli.providers.base import ImagePart

SEND_LONG_SIDE = 2048
SEND_SHORT_SIDE = 768
JPEG_QUALITY = 90


def send_size(width: int, height: int) -> tuple[int, int]:
    """The size sent: scaled down (never up) to fit both maxima, aspect kept, at least 1 px."""
    scale = min(1.0, SEND_LONG_SIDE / max(width, height), SEND_SHORT_SIDE / min(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def prepare(path: str, what: str = "--image") -> ImagePart:
    from PIL import Image, ImageOps

    from huntaze_cli.images.load import load
    from huntaze_cli.images.metadata import ORIENTATION

    loaded = load(path, what, draft=(SEND_SHORT_SIDE, SEND_SHORT_SIDE))
    image = loaded.image
    orientation = int(loaded.exif.get(ORIENTATION, 1) or 1) if loaded.exif is not None else 1
    if orientation != 1:
        image = ImageOps.exif_transpose(image)
    width, height = send_size(*image.size)
    alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if alpha else "RGB")
    if (width, height) != image.size:
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    fresh = Image.frombytes(image.mode, image.size, image.tobytes())  # pixels only: no info, no EXIF
    buffer = io.BytesIO()
    if alpha:
        fresh.save(buffer, "PNG", optimize=False)
        mime = "image/png"
    else:
        fresh.save(buffer, "JPEG", quality=JPEG_QUALITY)
        mime = "image/jpeg"
    return ImagePart(buffer.getvalue(), mime, width, height)
