"""`huntaze report` end to end on a seeded SQLite ledger: the page escapes imported names, says so when a
creator has no data, fetches nothing, and fires report.ready with the file's path."""

from __future__ import annotations

import json
import re
from pathlib import Path

from huntaze_cli.ledger import open_ledger
from tests.reports.seed import HOSTILE_NAME, seed


def _seeded(cli) -> None:
    with open_ledger(cli.db, create_dir=True) as ledger:
        seed(ledger, "mia")
        ledger.add_creator("empty", "starter")


def test_creator_page_escapes_names_and_loads_nothing(cli, tmp_path: Path) -> None:
    _seeded(cli)
    out = tmp_path / "mia.html"
    result = cli("report", "--creator", "mia", "--as-of", "2026-11-30", "--since", "30d", "--output", str(out))
    assert result.code == 0, result.stderr
    page = out.read_text()
    assert "<script" not in page.lower()
    assert "&lt;script&gt;" in page
    assert "src=" not in page and "http://" not in page.split("xmlns")[0]
    assert page.count("<svg") >= 8
    assert "No usage recorded on 2 of 30 days" in page


def test_a_creator_without_data_gets_a_page_saying_so(cli, tmp_path: Path) -> None:
    _seeded(cli)
    out = tmp_path / "empty.html"
    assert cli("report", "-c", "empty", "--as-of", "2026-11-30", "--output", str(out)).code == 0
    assert "No data for empty yet" in out.read_text()


def test_json_carries_the_numbers_and_the_hook_gets_the_path(cli, tmp_path: Path) -> None:
    _seeded(cli)
    seen = tmp_path / "event.json"
    assert cli("hooks", "add", "--event", "report.ready", "--command", f"cat > {seen}").code == 0
    out = tmp_path / "mia.json"
    assert cli("report", "-c", "mia", "--as-of", "2026-11-30", "--format", "json", "--output", str(out)).code == 0
    data = json.loads(out.read_text())
    assert data["fans"]["topFans"] and any(f["name"] == HOSTILE_NAME for f in data["fans"]["topFans"])
    assert len(data["spend"]["gapDays"]) == 2
    event = json.loads(seen.read_text())
    assert event["event"] == "report.ready" and event["path"] == str(out.resolve())


def test_unknown_creator_and_missing_output_are_bad_input(cli, tmp_path: Path) -> None:
    _seeded(cli)
    assert cli("report", "-c", "nobody", "--output", str(tmp_path / "x.html")).code == 2
    assert cli("report", "-c", "mia").code == 2
    assert cli("report", "--all", "-c", "mia", "--output", str(tmp_path / "x.html")).code == 2


def test_schedule_prints_cron_and_systemd_and_installs_nothing(cli, tmp_path: Path) -> None:
    result = cli("report", "--schedule", "weekly", "--output-dir", str(tmp_path / "reports"))
    assert result.code == 0
    assert "0 7 * * 1 " in result.stdout and "OnCalendar=Mon *-*-* 07:00:00" in result.stdout
    assert not (tmp_path / "reports").exists()


def _report_json(cli, tmp_path: Path, *args: str) -> dict:
    out = tmp_path / f"{'-'.join(args).strip('-')}.json"
    result = cli("report", "--as-of", "2026-11-30", "--since", "30d", *args, "--format", "json", "--output", str(out))
    assert result.code == 0, result.stderr
    data = json.loads(out.read_text())
    data.pop("generatedAt")
    return data


def test_both_ledgers_give_the_same_report_numbers(cli, tmp_path: Path, pg_url: str) -> None:
    _seeded(cli)
    on_sqlite = [_report_json(cli, tmp_path / "s", "-c", "mia"), _report_json(cli, tmp_path / "s", "--all")]
    with open_ledger(pg_url) as ledger:
        seed(ledger, "mia")
        ledger.add_creator("empty", "starter")
    cli.use_postgres(pg_url)
    on_postgres = [_report_json(cli, tmp_path / "p", "-c", "mia"), _report_json(cli, tmp_path / "p", "--all")]
    assert on_sqlite[0]["spend"]["totals"] == on_postgres[0]["spend"]["totals"]
    assert on_sqlite == on_postgres


def test_markdown_report_has_the_numbers_and_links_each_chart(cli, tmp_path: Path) -> None:
    _seeded(cli)
    out = tmp_path / "md" / "mia.md"
    assert cli("report", "-c", "mia", "--as-of", "2026-11-30", "--format", "md", "--output", str(out)).code == 0
    text = out.read_text()
    numbers = _report_json(cli, tmp_path, "-c", "mia")
    charts = sorted((out.parent / "mia-charts").glob("*.svg"))
    assert len(charts) >= 8 and all(f"](mia-charts/{c.name})" in text for c in charts)
    assert f"${numbers['spend']['totals']['costUsd']:,.2f}" in text
    assert re.search(r"(?<!\\)<script", text) is None and "\\<script\\>" in text  # Markdown-escaped, shown as text
