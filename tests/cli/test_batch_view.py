"""cli/batch_view.py: what a batch shows and returns, given the engine's results (no engine run needed)."""

from __future__ import annotations

import json

from huntaze_cli.cli.batch_view import BatchDisplay, encoder, exit_code, summary_text
from huntaze_cli.core.batch import Item, ItemResult, Summary
from huntaze_cli.errors import HuntazeError


def test_exit_code_is_the_most_frequent_failure_and_a_tie_goes_to_the_earliest_line():
    assert exit_code(Summary()) == 0
    assert exit_code(Summary(exit_codes=[4, 2, 4])) == 4
    assert exit_code(Summary(exit_codes=[5, 2, 2, 5])) == 5   # tie 2:2, line order picks 5


def test_a_bug_in_one_item_is_its_error_envelope_and_with_debug_its_traceback(capsys):
    try:
        raise KeyError("boom")
    except KeyError as exc:
        bug = exc
    error = HuntazeError("Unexpected error: KeyError: 'boom'. Rerun with --debug for the traceback and report it.")
    result = ItemResult("caption", Item(3, "p3", "mia", {}), "req_x", 12, error=error, exception=bug)
    quiet_line = encoder(debug=False)(result)
    assert capsys.readouterr().err == ""
    line = encoder(debug=True)(result)
    assert "Traceback" in capsys.readouterr().err
    assert json.loads(line)["error"] == json.loads(quiet_line)["error"]   # --debug adds a traceback, not data
    envelope = json.loads(line)
    assert envelope["success"] is False and envelope["error"]["code"] == error.code
    assert {k: envelope["meta"][k] for k in ("requestId", "duration", "creator", "feature", "itemId", "line")} == \
        {"requestId": "req_x", "duration": 12, "creator": "mia", "feature": "caption", "itemId": "p3", "line": 3}


def test_the_summary_line_prints_a_creator_name_literally(capsys):
    from huntaze_cli.cli import render

    render.reset_consoles()   # bind stderr to this test's capture
    summary = Summary(total=2, ok=1, failed=1, concurrency=1, bound_by="creator [/x] (1 requests/hour)",
                      seconds=2.0, interrupted=True, exit_codes=[2])
    text = summary_text("caption", summary)
    assert text.startswith("batch caption: 1 ok, 1 failed, 0 cached, 0 skipped, 0 recovered · cost $0 · "
                           "concurrency 1, bounded by creator [/x] (1 requests/hour) · 2.00 s (0.5/s)")
    assert text.endswith(" · interrupted: rerun with --resume to finish")
    BatchDisplay("caption", quiet=False).finished(summary)
    assert capsys.readouterr().err == text + "\n"
    BatchDisplay("caption", quiet=True).finished(summary)
    assert capsys.readouterr().err == ""
