"""Files named inside input (a batch line's `image` or `insights`, `--image`): size-capped, and for batch
lines confined to the input file's directory or a directory the user allowed with --allow-dir, so that a
JSONL file from elsewhere cannot make huntaze read (and send to a provider) any file the user can read."""

from __future__ import annotations

import os
from collections.abc import Sequence

from huntaze_cli.errors import InvalidInput

MAX_FILE_BYTES = 20 * 1024 * 1024
# Fields of a batch line that name a file to read.
FILE_FIELDS = ("image", "image_path", "imagePath", "insights", "voice_note")


def check_size(path: str, what: str, *, limit: int = MAX_FILE_BYTES, kind: str = "") -> str:
    """The path when it is a regular file of at most `limit` bytes, else one sentence (`kind` names whose
    limit it is, e.g. "for a voice file")."""
    try:
        size = os.stat(path).st_size
    except OSError:
        raise InvalidInput(f"{what} {path}: no such file.") from None
    if not os.path.isfile(path):
        raise InvalidInput(f"{what} {path} is not a regular file.")
    if size > limit:
        raise InvalidInput(f"{what} {path} is {size / 1024 / 1024:.1f} MB; the limit{' ' + kind if kind else ''} is "
                           f"{limit // 1024 // 1024} MB.")
    return path


def confine(value: str, base_dir: str, allowed: Sequence[str], what: str) -> str:
    """The real path of `value` (relative to base_dir) when it lies under base_dir or an allowed directory.
    Symbolic links are resolved first, so a link cannot lead outside."""
    real = os.path.realpath(os.path.join(base_dir, os.path.expanduser(value)))
    roots = [os.path.realpath(d) for d in (base_dir, *allowed)]
    if not any(os.path.commonpath([real, root]) == root for root in roots):
        raise InvalidInput(f"{what} '{value}' is outside {roots[0]}; batch lines may only name files under the "
                           "input file's directory, or under a directory given with --allow-dir.")
    return check_size(real, what)
