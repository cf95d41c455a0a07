"""Deterministic choice: every 'random' pick is seeded from a hash of the input, never from `random`."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def seed_of(*parts: Any) -> int:
    """Stable across runs and machines (unlike hash()): same input → same seed."""
    blob = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return int.from_bytes(hashlib.sha256(blob.encode()).digest()[:8], "big")


def pick(options: Sequence[T], seed: int, offset: int = 0) -> T:
    return options[(seed + offset) % len(options)]


def rotate(options: Sequence[T], seed: int) -> list[T]:
    start = seed % len(options) if options else 0
    return [*options[start:], *options[:start]]
