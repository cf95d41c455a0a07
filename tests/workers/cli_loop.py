"""Run the real `huntaze` entry point N times in one process (a cron job making many calls).

Prints one JSON line: the exit codes, and whether any output mentioned a locked database.
Usage: python -m tests.workers.cli_loop N ARGS...
"""

from __future__ import annotations

import contextlib
import io
import json
import sys

from huntaze_cli.cli.main import run


def main() -> None:
    count = int(sys.argv[1])
    args = sys.argv[2:]
    codes: list[int] = []
    locked = False
    for _ in range(count):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            codes.append(run(args))
        text = out.getvalue() + err.getvalue()
        locked = locked or "database is locked" in text.lower()
    print(json.dumps({"codes": codes, "locked": locked}))


if __name__ == "__main__":
    main()
