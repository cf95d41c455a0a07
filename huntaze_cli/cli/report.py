"""`huntaze report`: a creator's (or the agency's) performance report as one offline HTML page, Markdown
with SVG charts beside it, or JSON; `--each --output-dir` for a scheduled run, `--schedule` prints one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from huntaze_cli.cli.common import emit, started
from huntaze_cli.errors import ConfigError, InvalidInput

if TYPE_CHECKING:
    from huntaze_cli.core.session import Session
    from huntaze_cli.reports.data import Period

FORMATS = ("html", "md", "json")  # huntaze_cli.reports.build.FORMATS, kept here so --help imports nothing heavy
EXTRA_HINT = "pip install 'huntaze[report]'"


def register(app: typer.Typer) -> None:
    app.command("report", help=(
        "Performance report: AI spend against the plan, engagement, fan segments and top fans, experiments, "
        "insights and what changed since the previous period, with charts. One HTML file that opens with no "
        "network; or Markdown with the charts as SVG files beside it; or JSON.\n\n"
        "Examples:\n\n  huntaze report --creator mia --since 30d --output mia.html\n\n"
        "  huntaze report --all --output agency.html\n\n"
        "  huntaze report --creator mia --format md --output mia.md\n\n"
        "  huntaze report --each --since 7d --output-dir ~/reports   (CREATOR/2026-W48/report.html + latest.html)\n\n"
        "  huntaze report --schedule weekly   (prints a crontab line and a systemd timer; installs nothing)"))(report)


def _period(since: str, as_of: str | None) -> Period:
    from huntaze_cli.io.timeparse import parse_age, parse_moment
    from huntaze_cli.reports.data import Period
    from huntaze_cli.utc import utc

    until = parse_moment(as_of, "--as-of") if as_of else utc()
    # A duration counts back from --as-of (the end of the period), not from the clock.
    start = until - parse_age(since, "--since") if since.strip()[-1:].isalpha() else parse_moment(since, "--since")
    if start >= until:
        raise InvalidInput("--since must be before --as-of (the end of the report's period).")
    return Period(start, until)


def _charts_available() -> None:
    """The charts' libraries are an optional extra (about 95 MB, most installs never make a report)."""
    import importlib.util

    missing = [name for name in ("altair", "vl_convert") if importlib.util.find_spec(name) is None]
    if missing:
        raise ConfigError(f"Reports need the charting extra ({', '.join(missing)} missing); install it with "
                          f"`{EXTRA_HINT}`, or use --format json.")


def report(
    creator: Annotated[str | None, typer.Option("--creator", "-c", help="The creator to report on.")] = None,
    all_: Annotated[bool, typer.Option("--all", "-a", help="The agency's view over every creator.")] = False,
    each: Annotated[bool, typer.Option("--each", help="One report per creator plus the agency's, into "
                                                      "--output-dir (for cron).")] = False,
    since: Annotated[str, typer.Option("--since", help="Start of the period: a duration before --as-of (30d, 7d) "
                                                       "or a date.")] = "30d",
    as_of: Annotated[str | None, typer.Option("--as-of", help="End of the period (default now), e.g. "
                                                              "2026-11-30T00:00.")] = None,
    format_: Annotated[str, typer.Option("--format", "-f", help=f"Output: {', '.join(FORMATS)}.")] = "html",
    output: Annotated[str | None, typer.Option("--output", "-o", help="The file to write.")] = None,
    output_dir: Annotated[str | None, typer.Option("--output-dir", help="Write into DIR/CREATOR/ISO-WEEK/ and "
                                                                        "DIR/CREATOR/latest.EXT.")] = None,
    schedule: Annotated[str | None, typer.Option("--schedule", help="Print a crontab line and a systemd timer "
                                                                    "for weekly (or daily) reports.")] = None,
) -> None:
    session = started("report", creator)
    if format_ not in FORMATS:
        raise InvalidInput(f"--format '{format_}' is not a report format; use one of {', '.join(FORMATS)}.")
    if schedule is not None:
        _print_schedule(session, schedule, format_, output_dir)
        return
    if sum((creator is not None, all_, each)) != 1:
        raise InvalidInput("Say whose report: exactly one of --creator NAME, --all (the agency) or --each.")
    if output is not None and output_dir is not None:
        raise InvalidInput("Give --output FILE or --output-dir DIR, not both.")
    if each and output_dir is None:
        raise InvalidInput("--each writes one report per creator: give --output-dir DIR.")
    if output is None and output_dir is None:
        raise InvalidInput("Say where to write the report: --output FILE (or --output-dir DIR).")
    if output is not None and Path(output).is_dir():
        raise InvalidInput(f"--output '{output}' is a folder; give a file name such as report.html.")
    period = _period(since, as_of)
    if format_ != "json":
        _charts_available()
        from huntaze_cli.reports.build import warm_charts

        warm_charts()
    ledger = session.ledger
    if creator is not None and ledger.get_creator(creator) is None:
        raise InvalidInput(f"Creator '{creator}' does not exist; see `huntaze creators list`.")
    targets: list[str | None] = [c.name for c in ledger.list_creators()] + [None] if each else \
        [None if all_ else creator]
    written = [_make(session, name, period, format_, output, output_dir) for name in targets]

    def human() -> None:
        from huntaze_cli.cli import render

        for item in written:
            render.out().print(f"Report written: {item['path']}" + (f" (also {item['latest']})" if item.get("latest")
                                                                    else ""), markup=False, highlight=False)

    emit({"reports": written}, feature="report", creator=creator, human=human)


def _make(session: Session, creator: str | None, period: Period, fmt: str, output: str | None,
          output_dir: str | None) -> dict[str, Any]:
    from huntaze_cli.events import REPORT_READY
    from huntaze_cli.reports.build import EXTENSIONS, folder_for, gather, latest_copy, render
    from huntaze_cli.utc import iso_z

    data = gather(session.ledger, creator, period)
    if output_dir is not None:
        path = folder_for(Path(output_dir).expanduser(), creator, period) / f"report{EXTENSIONS[fmt]}"
    else:
        path = Path(output).expanduser()  # type: ignore[arg-type]
    try:
        files = render(data, fmt, path, iso_z(timespec="seconds"))
        latest = latest_copy(path, fmt) if output_dir is not None else None
    except OSError as exc:
        raise InvalidInput(f"Cannot write the report to {path}: {exc.strerror or exc}.") from exc
    item = {"kind": data["kind"], "creator": creator, "format": fmt, "path": str(path.resolve()),
            "files": [str(f.resolve()) for f in files], "latest": str(latest.resolve()) if latest else None,
            "period": data["period"], "hasData": data["hasData"]}
    session.emit(REPORT_READY, item)
    return item


def _print_schedule(session: Session, every: str, fmt: str, output_dir: str | None) -> None:
    import shutil
    import sys

    from huntaze_cli.config.paths import data_dir
    from huntaze_cli.reports.schedule import SCHEDULES, command_line, crontab, systemd_units

    if every not in SCHEDULES:
        raise InvalidInput(f"--schedule '{every}' is not a schedule; use {' or '.join(SCHEDULES)}.")
    folder = Path(output_dir).expanduser().resolve() if output_dir else data_dir() / "reports"
    executable = shutil.which("huntaze") or f"{sys.executable} -m huntaze_cli"
    command = command_line(executable, folder, every, fmt, session.flags.db)
    if executable.endswith("-m huntaze_cli"):  # quoted as one word by command_line: split it back
        command = command.replace(f"'{executable}'", executable, 1)
    line, units = crontab(command, every), systemd_units(command, every)

    def human() -> None:
        print(f"# crontab (crontab -e): {every} reports into {folder}")
        print(line)
        print()
        for name, text in units.items():
            print(f"# ~/.config/systemd/user/{name}")
            print(text)
        print("# then: systemctl --user daemon-reload && systemctl --user enable --now huntaze-report.timer")

    emit({"crontab": line, "systemd": units, "outputDir": str(folder), "command": command}, feature="report",
         human=human)
