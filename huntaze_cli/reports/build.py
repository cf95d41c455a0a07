"""Make a report file: gather the numbers (reports/data.py), draw the charts, write HTML, Markdown (with its
SVG files beside it) or JSON. Files are written whole or not at all (a temporary file renamed), so a mail
script never picks up half a page. Prints nothing."""

from __future__ import annotations

import json
import os
import tempfile
import threading
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from huntaze_cli.reports.data import Period, agency_report, creator_report

if TYPE_CHECKING:
    from huntaze_cli.ledger import Ledger

FORMATS = ("html", "md", "json")
EXTENSIONS = {"html": ".html", "md": ".md", "json": ".json"}
AGENCY_FOLDER = "@agency"  # '@' is never in a creator's name, so the agency's folder cannot be a creator's


def warm_charts() -> threading.Thread:
    """Import altair and start vl-convert's engine (about a second together) in a thread while the ledger is
    read; `render` waits for it."""
    def warm() -> None:
        from huntaze_cli.reports import charts

        charts.warm()

    global _warming
    if _warming is None:
        _warming = threading.Thread(target=warm, name="huntaze-charts-warm-up", daemon=True)
        _warming.start()
    return _warming


_warming: threading.Thread | None = None


def gather(ledger: Ledger, creator: str | None, period: Period) -> dict[str, Any]:
    """A creator's numbers, or the agency's over every creator when `creator` is None."""
    return agency_report(ledger, period) if creator is None else creator_report(ledger, creator, period)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp's 0600 would hide the report from a mail script's user
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def render(data: dict[str, Any], fmt: str, output: Path, generated: str) -> list[Path]:
    """Write the report at `output`; returns every file written (the report first)."""
    if fmt == "json":
        _write(output, json.dumps({"generatedAt": generated, **data}, indent=2, ensure_ascii=False) + "\n")
        return [output]
    if _warming is not None:
        _warming.join()
    from huntaze_cli.reports import charts, layout

    drawn = charts.agency_charts(data) if data["kind"] == "agency" else charts.creator_charts(data)
    page = (layout.agency_page if data["kind"] == "agency" else layout.creator_page)(data, set(drawn))
    if fmt == "html":
        from huntaze_cli.reports.html import page as html_page

        _write(output, html_page(page, drawn, generated))
        return [output]
    from huntaze_cli.reports.markdown import document

    folder = f"{output.stem}-charts"
    written = [output]
    for key, chart in drawn.items():
        written.append(output.parent / folder / f"{key}.svg")
        _write(written[-1], chart.svg)
    _write(output, document(page, drawn, folder, generated))
    return written


def iso_week(period: Period) -> str:
    """'2026-W48': the ISO week of the period's last instant."""
    year, week, _ = (period.until - timedelta(microseconds=1)).isocalendar()
    return f"{year}-W{week:02d}"


def folder_for(root: Path, creator: str | None, period: Period) -> Path:
    """ROOT/CREATOR/2026-W48 (ROOT/@agency/... for the agency view)."""
    name = AGENCY_FOLDER if creator is None else creator
    if name in (".", ".."):  # valid creator names, but not as a folder
        name = f"@{name}"
    return root / name / iso_week(period)


def latest_copy(report: Path, fmt: str) -> Path:
    """The newest report also as ROOT/CREATOR/latest.EXT (its charts folder, for Markdown, stays beside the
    week's file: the copy's links point there)."""
    latest = report.parent.parent / f"latest{EXTENSIONS[fmt]}"
    text = report.read_text(encoding="utf-8")
    if fmt == "md":
        text = text.replace(f"]({report.stem}-charts/", f"]({report.parent.name}/{report.stem}-charts/")
    _write(latest, text)
    return latest
