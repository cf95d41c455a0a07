"""What a batch shows and returns: each item's envelope line, the progress bar, the Ctrl-C note, the summary
line and the exit code. The batch engine (core/batch.py) runs the items and calls these; it prints nothing.

Exit code: 0 when no item failed (skipped and recovered items count as done); otherwise the exit code of
the most frequent failure among the items (on a tie, the earliest failing line's), e.g. 2 when lines were
invalid, 4 when the creator's hourly limit stopped the rest. Each failed line has its error envelope.
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import TYPE_CHECKING

from huntaze_cli.cli import render
from huntaze_cli.io import jsonio
from huntaze_cli.money import usd

if TYPE_CHECKING:
    from huntaze_cli.cli.progress import ProgressBar
    from huntaze_cli.core.batch import Encode, ItemResult, Summary


def encoder(*, debug: bool) -> Encode:
    """One item's result as its JSON Lines envelope (called in the worker thread that ran the item)."""

    def encode(result: ItemResult) -> str:
        item = result.item
        if result.answer is not None:
            answer = result.answer
            meta = render.request_meta(result.request_id, result.duration_ms, feature=result.feature,
                                       creator=answer.creator, result=answer.result, itemId=item.item_id,
                                       line=item.index, **answer.meta())
            if result.recovered:
                meta["recovered"] = True
            return jsonio.dumps(render.success_envelope(answer.data(), meta))
        if debug and result.exception is not None:
            import traceback

            traceback.print_exception(result.exception)
        meta = render.request_meta(result.request_id, result.duration_ms, feature=result.feature,
                                   creator=item.creator, itemId=item.item_id, line=item.index)
        assert result.error is not None
        return jsonio.dumps(render.error_envelope(result.error, meta))

    return encode


def exit_code(summary: Summary) -> int:
    if not summary.exit_codes:
        return 0
    counts = Counter(summary.exit_codes)
    top = max(counts.values())
    return next(code for code in summary.exit_codes if counts[code] == top)


def summary_text(feature: str, summary: Summary) -> str:
    rate = f" ({summary.ok / summary.seconds:.1f}/s)" if summary.seconds and summary.ok else ""
    bound = f", bounded by {summary.bound_by}" if summary.bound_by else ""
    text = (f"batch {feature}: {summary.ok} ok, {summary.failed} failed, {summary.cached} cached, "
            f"{summary.skipped} skipped, {summary.recovered} recovered · cost {usd(summary.cost_usd)} · "
            f"concurrency {summary.concurrency}{bound} · {summary.seconds:.2f} s{rate}")
    if summary.interrupted:
        text += " · interrupted: rerun with --resume to finish"
    return text


class BatchDisplay:
    """The batch's listener: a progress bar on stderr when it is a terminal (not with --quiet; cli/progress.py),
    the Ctrl-C note, and the summary line (for the human watching stderr: shown with --json too, since stdout is
    the data; not with --quiet). Off a terminal nothing here imports rich."""

    def __init__(self, feature: str, *, quiet: bool) -> None:
        self.feature, self.quiet = feature, quiet
        self.bar: ProgressBar | None = None
        self.summary: Summary | None = None

    def started(self, total: int) -> None:
        if total and not self.quiet and render.styled_err():
            from huntaze_cli.cli.progress import ProgressBar

            self.bar = ProgressBar(total, sys.stderr)

    def advanced(self) -> None:
        if self.bar is not None:
            self.bar.advance()

    def interrupted(self, in_flight: int) -> None:
        # Said at once, even with --quiet: the person pressing Ctrl-C must know why it does not stop yet.
        n = in_flight
        if self.bar is not None:
            self.bar.clear()
        sys.stderr.write(f"Interrupted: finishing {n} request{'s' if n != 1 else ''} in flight so that the "
                         "ledger records them; press Ctrl-C again to leave now, then rerun with --resume.\n")
        sys.stderr.flush()

    def finished(self, summary: Summary) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
        self.summary = summary
        if not self.quiet:
            render.hint(summary_text(self.feature, summary))
