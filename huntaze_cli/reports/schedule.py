"""The text of a schedule for `huntaze report --each`: a crontab line and a systemd service with its
timer. huntaze prints them and never installs anything: the operator chooses where they go."""

from __future__ import annotations

import shlex
from pathlib import Path

SCHEDULES = {"weekly": ("0 7 * * 1", "Mon *-*-* 07:00:00", "7d"), "daily": ("0 7 * * *", "*-*-* 07:00:00", "1d")}


def command_line(executable: str, output_dir: Path, every: str, fmt: str, db: str | None) -> str:
    since = SCHEDULES[every][2]
    parts = [executable, "report", "--each", "--since", since, "--format", fmt, "--output-dir", str(output_dir)]
    if db:
        parts += ["--db", db]
    return " ".join(shlex.quote(part) for part in parts)


def crontab(command: str, every: str) -> str:
    return f"{SCHEDULES[every][0]} {command}"


def systemd_units(command: str, every: str) -> dict[str, str]:
    """File name -> content, for ~/.config/systemd/user/."""
    return {
        "huntaze-report.service": "[Unit]\nDescription=huntaze performance reports\n\n[Service]\nType=oneshot\n"
                                  f"ExecStart={command}\n",
        "huntaze-report.timer": f"[Unit]\nDescription=huntaze {every} performance reports\n\n[Timer]\n"
                                f"OnCalendar={SCHEDULES[every][1]}\nPersistent=true\n\n[Install]\n"
                                "WantedBy=timers.target\n",
    }
