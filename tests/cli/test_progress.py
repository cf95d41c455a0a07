"""cli/progress.py: the batch's hand-drawn progress bar (what rich's transient Progress showed, for less CPU)."""

from __future__ import annotations

import io

from huntaze_cli.cli.progress import ProgressBar, bar_line, clock


def test_the_clock_is_h_mm_ss_rounded_up_and_unknown_before_the_first_item():
    assert clock(None) == "-:--:--"
    assert clock(0.2) == "0:00:01"
    assert clock(3725.0) == "1:02:05"


def test_the_line_is_the_label_the_bar_the_count_and_the_time_left():
    # 250 of 1,000 items in 2 s: 2 / 250 * 750 = 6 s left; 40 * 250 // 1000 = 10 cells filled.
    line = bar_line(250, 1000, 2.0, 120, color=False)
    assert line == "batch " + "━" * 10 + "╺" + "━" * 29 + "  250/1000 0:00:06"
    assert bar_line(1000, 1000, 5.0, 120, color=False) == "batch " + "━" * 40 + " 1000/1000 0:00:00"
    assert bar_line(0, 3, 0.0, 120, color=False) == "batch ╺" + "━" * 39 + " 0/3 -:--:--"


def test_a_narrow_terminal_gets_a_shorter_bar_and_never_a_wrapped_line():
    line = bar_line(5, 10, 1.0, 30, color=False)
    assert line == "batch ━━━━╺━━━━  5/10 0:00:01" and len(line) == 29   # one column short of the edge
    assert bar_line(5, 10, 1.0, 10, color=False) == "batch   5/10 0:00:01"   # no room: the count alone


def test_colour_wraps_the_two_parts_of_the_bar_unless_no_color(monkeypatch):
    coloured = bar_line(1, 2, 1.0, 120, color=True)
    assert coloured.startswith("batch \x1b[38;5;197m" + "━" * 20 + "\x1b[38;5;237m╺")
    monkeypatch.setenv("NO_COLOR", "1")
    stream = io.StringIO()
    ProgressBar(2, stream)
    assert "\x1b[38;5" not in stream.getvalue()


def test_the_bar_redraws_at_most_ten_times_a_second_and_at_the_last_item_then_is_erased(monkeypatch):
    now = [100.0]
    monkeypatch.setattr("huntaze_cli.cli.progress.time.monotonic", lambda: now[0])
    stream = io.StringIO()
    bar = ProgressBar(3, stream)
    assert stream.getvalue().count("\r") == 1 and " 0/3 " in stream.getvalue()
    bar.advance()                       # at once: not redrawn
    now[0] += 0.15
    bar.advance()                       # 0.15 s later: redrawn
    bar.advance()                       # the last item: redrawn whatever the time
    draws = [part for part in stream.getvalue().split("\r") if part.startswith("batch")]
    assert [d.split()[-2] for d in draws] == ["0/3", "2/3", "3/3"]
    bar.stop()
    assert stream.getvalue().endswith("\r\x1b[2K")
