"""Metadata that puts a creator at risk, and a copy without it.

Risky: GPS coordinates (EXIF GPS IFD, or GPS fields in XMP), a device serial (EXIF BodySerialNumber,
LensSerialNumber, DNG CameraSerialNumber), the owner's name (EXIF Artist, Copyright, CameraOwnerName,
Windows XPAuthor). `strip` removes every EXIF field but the orientation (so the photo still displays
upright), all XMP, IPTC/Photoshop blocks and comments, and keeps the colour profile. The pixels are never
re-encoded lossily: a JPEG is rewritten segment by segment (its compressed data copied byte for byte), a
PNG re-saved (lossless), a WebP re-saved lossless; other formats are refused.
"""

from __future__ import annotations

import os
import re
import struct
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from huntaze_cli.errors import InvalidInput

ORIENTATION = 0x0112
_GPS_IFD = 0x8825
_EXIF_IFD = 0x8769
_SERIAL_TAGS = {0xA431: "BodySerialNumber", 0xA435: "LensSerialNumber", 0xC62F: "CameraSerialNumber"}
_OWNER_IFD0 = {0x013B: "Artist", 0x8298: "Copyright", 0x9C9D: "XPAuthor"}
_OWNER_EXIF = {0xA430: "CameraOwnerName"}
_XMP_GPS = re.compile(rb"GPS(?:Latitude|Longitude)")
STRIP_FORMATS = ("JPEG", "PNG", "WEBP")


@dataclass
class RiskyMetadata:
    gps: dict[str, float] | None = None     # {"latitude", "longitude"} when readable
    gps_present: bool = False
    serials: dict[str, str] = field(default_factory=dict)
    owner: dict[str, str] = field(default_factory=dict)

    @property
    def risky(self) -> bool:
        return self.gps_present or bool(self.serials) or bool(self.owner)

    def warnings(self) -> list[str]:
        found = []
        if self.gps_present:
            where = f" ({self.gps['latitude']:.5f}, {self.gps['longitude']:.5f})" if self.gps else ""
            found.append(f"GPS coordinates{where}: they show where the photo was taken")
        if self.serials:
            found.append(f"the device serial ({', '.join(self.serials)}): it links your posts to one camera")
        if self.owner:
            names = ", ".join(f"{tag} '{value}'" for tag, value in self.owner.items())
            found.append(f"the owner's name ({names})")
        return found

    def data(self) -> dict[str, Any]:
        return {"risky": self.risky, "gps": self.gps if self.gps else self.gps_present, "serials": self.serials,
                "owner": self.owner}


def find_risky(exif: Any, info: dict[str, Any]) -> RiskyMetadata:
    """`exif`: Pillow's Image.Exif of the file; `info`: its image.info (XMP lives there)."""
    found = RiskyMetadata()
    gps = exif.get_ifd(_GPS_IFD) if exif is not None else {}
    xmp = info.get("xmp") or info.get("XML:com.adobe.xmp") or b""
    xmp = xmp.encode("utf-8", "replace") if isinstance(xmp, str) else bytes(xmp)
    found.gps_present = bool(gps) or bool(_XMP_GPS.search(xmp))
    found.gps = _coordinates(gps)
    if exif is None:
        return found
    sub = exif.get_ifd(_EXIF_IFD)
    for tag, name in _SERIAL_TAGS.items():
        value = _text(sub.get(tag, exif.get(tag)))
        if value:
            found.serials[name] = value
    for table, source in ((_OWNER_IFD0, exif), (_OWNER_EXIF, sub)):
        for tag, name in table.items():
            value = _text(source.get(tag))
            if value:
                found.owner[name] = value
    return found


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes | tuple):  # XPAuthor: UTF-16LE bytes (or a tuple of byte values)
        raw = bytes(value)
        try:
            value = raw.decode("utf-16-le") if b"\x00" in raw else raw.decode("utf-8")
        except UnicodeDecodeError:
            value = raw.decode("latin-1")
    return str(value).strip("\x00 ").strip()


def _coordinates(gps: dict[int, Any]) -> dict[str, float] | None:
    try:
        lat = _degrees(gps[2]) * (-1 if str(gps.get(1, "N")).upper().startswith("S") else 1)
        lon = _degrees(gps[4]) * (-1 if str(gps.get(3, "E")).upper().startswith("W") else 1)
    except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError):
        return None
    return {"latitude": round(lat, 6), "longitude": round(lon, 6)}


def _degrees(value: Any) -> float:
    d, m, s = (float(x) for x in value)
    return d + m / 60 + s / 3600


# ---- strip ---------------------------------------------------------------------------------------------
def strip(source: str, output: str, *, overwrite: bool = False) -> dict[str, Any]:
    """Write a copy of `source` without the metadata above (atomically: a reader never sees half a file)."""
    from huntaze_cli.images.load import load

    loaded = load(source)
    if os.path.exists(output) and os.path.samefile(source, output):
        raise InvalidInput("--output must be a new file, not the photo itself.")
    if os.path.exists(output) and not overwrite:
        raise InvalidInput(f"--output {output} already exists; choose another name or add --force.")
    if not os.path.isdir(os.path.dirname(os.path.abspath(output))):
        raise InvalidInput(f"--output {output}: its folder does not exist.")
    if loaded.file_format not in STRIP_FORMATS:
        raise InvalidInput(f"strip handles JPEG, PNG and WebP photos; {source} is {loaded.file_format}, "
                           "so export it as JPEG or PNG first.")
    if loaded.frames > 1:
        raise InvalidInput(f"{source} is animated ({loaded.frames} frames); strip handles still photos only.")
    before = find_risky(loaded.exif, loaded.info)
    orientation = int(loaded.exif.get(ORIENTATION, 1) or 1) if loaded.exif is not None else 1
    if loaded.file_format == "JPEG":
        with open(source, "rb") as handle:
            data = strip_jpeg(handle.read(), _orientation_exif(orientation))
    else:
        data = _resave(loaded, orientation)
    _write_atomic(output, data)
    return {"input": source, "output": output, "format": loaded.file_format, "bytes": len(data),
            "removed": before.data(), "keptOrientation": orientation}


def _orientation_exif(orientation: int) -> bytes | None:
    """A minimal EXIF block with only the orientation, or None when the photo is stored upright."""
    if orientation == 1:
        return None
    from PIL import Image

    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    return exif.tobytes()


def _resave(loaded: Any, orientation: int) -> bytes:
    import io

    image = loaded.image
    options: dict[str, Any] = {}
    if loaded.info.get("icc_profile"):
        options["icc_profile"] = loaded.info["icc_profile"]
    exif = _orientation_exif(orientation)
    if exif is not None:
        options["exif"] = exif
    if loaded.file_format == "PNG":
        if "transparency" in loaded.info:
            options["transparency"] = loaded.info["transparency"]
    else:  # WebP: lossless, and `exact` keeps the colour under transparent pixels
        options.update(lossless=True, exact=True)
    buffer = io.BytesIO()
    image.info = {}  # nothing of the original's info rides along (text chunks, XMP)
    image.save(buffer, loaded.file_format, **options)
    return buffer.getvalue()


# JPEG markers kept as they are: APP0 (JFIF), APP14 (Adobe: how to decode the colours), and every non-APP
# segment (tables, frame, scans). APP2 is kept only for the ICC profile (MPF in APP2 points at appended
# images, which carry their own EXIF). Dropped: APP1 (EXIF, XMP), APP3-APP13, APP15, COM.
_KEEP_APP = {0xE0, 0xEE}


def strip_jpeg(data: bytes, exif: bytes | None) -> bytes:
    """The JPEG without metadata segments, its compressed scans copied byte for byte, ending at the main
    image's EOI (anything appended after it, such as MPF preview images, is dropped)."""
    if data[:2] != b"\xff\xd8":
        raise InvalidInput("The file is not a JPEG (no start-of-image marker).")
    out = bytearray(b"\xff\xd8")
    pending = exif  # the minimal EXIF goes right after SOI (and JFIF, when there is one)
    for marker, chunk in _jpeg_segments(data):
        if pending is not None and marker != 0xE0:
            out += b"\xff\xe1" + struct.pack(">H", len(pending) + 2) + pending
            pending = None
        if marker == _SCAN_DATA or _keep_segment(marker, chunk):
            out += chunk
    return bytes(out)


_SCAN_DATA = -1  # not a marker: the entropy-coded data that follows a start-of-scan segment


def _keep_segment(marker: int, segment: bytes) -> bool:
    if not (0xE0 <= marker <= 0xEF or marker == 0xFE):  # tables, frame, scans, restarts, EOI
        return True
    return marker in _KEEP_APP or (marker == 0xE2 and segment[4:16] == b"ICC_PROFILE\x00")


def _jpeg_segments(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(marker, bytes) of every segment after SOI up to EOI; each scan's data follows its SOS as _SCAN_DATA."""
    pos, n = 2, len(data)
    while pos < n:
        if data[pos] != 0xFF:
            raise InvalidInput("The JPEG is damaged (a segment does not start with a marker).")
        while pos < n and data[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= n:
            break
        marker = data[pos]
        pos += 1
        if marker == 0xD9:  # EOI: the main image ends here
            yield marker, b"\xff\xd9"
            return
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            yield marker, bytes((0xFF, marker))
            continue
        (length,) = struct.unpack(">H", data[pos:pos + 2]) if pos + 2 <= n else (n,)
        if pos + length > n:
            raise InvalidInput("The JPEG is truncated.")
        yield marker, data[pos - 2:pos + length]
        pos += length
        if marker == 0xDA:  # start of scan
            end = _scan_end(data, pos)
            yield _SCAN_DATA, data[pos:end]
            pos = end
    raise InvalidInput("The JPEG is truncated (no end-of-image marker).")


def _scan_end(data: bytes, pos: int) -> int:
    """Where a scan's entropy-coded data ends: at the first 0xFF that starts a real marker (not a stuffed
    0xFF00, a restart marker or a fill byte)."""
    n = len(data)
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= n:
            raise InvalidInput("The JPEG is truncated (its image data has no end).")
        following = data[pos + 1]
        if following == 0xFF:
            pos += 1
        elif following == 0x00 or 0xD0 <= following <= 0xD7:
            pos += 2
        else:
            return pos


def _write_atomic(path: str, data: bytes) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".huntaze-strip-", dir=folder)
    except OSError as exc:
        raise InvalidInput(f"Cannot write {path}: {exc.strerror or exc}.") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        os.unlink(tmp)
        raise InvalidInput(f"Cannot write {path}: {exc.strerror or exc}.") from None
