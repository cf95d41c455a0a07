"""Subprocess helper for the cross-host quota test: one interpreter that runs the real command line CALLS
times (`huntaze_cli.cli.main.run`, the console script's own entry) and writes the exit codes it got
(and what it said when a code was neither 0 nor 4).

Usage: python cli_worker.py CALLS START_AT OUT_FILE
The environment says which host it stands for (HUNTAZE_HOME) and where the ledger is. START_AT is a
time.time() value all workers wait for, so that they collide.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import time

from huntaze_cli.cli.main import run


def main() -> None:
    calls, start_at, out_file = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    codes: list[int] = []
    errors: list[str] = []  # what the command said when it ended with another code than 0 or 4
    time.sleep(max(0.0, start_at - time.time()))
    for call in range(calls):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            codes.append(run(["caption", "--provider", "openai", "--no-cache", "--json",
                              f"sunset run {os.getpid()}-{call}"]))
        if codes[-1] not in (0, 4):
            errors.append(out.getvalue()[-600:])
    with open(out_file, "w") as handle:
        json.dump({"codes": codes, "errors": errors}, handle)


if __name__ == "__main__":
    main()
