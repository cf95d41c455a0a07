"""The rough edges a new user hits (issue 11, section 5), each through the real CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_costs_format_json_prints_the_report(cli):
    assert cli("caption", "sunset run").code == 0
    r = cli("costs", "--format", "json")
    assert r.code == 0 and r.stdout.strip()
    env = json.loads(r.stdout)
    assert env["success"] is True and env["data"]["rows"][0]["key"] == "default"


def test_no_arguments_prints_the_help_and_no_error(cli):
    r = cli()
    assert r.code == 0
    assert "Usage" in r.stdout and "chat" in r.stdout
    assert "Error" not in r.stderr


def test_a_mistyped_command_suggests_once(cli):
    r = cli("chitchat")
    assert r.code == 2
    assert r.stderr.count("Did you mean 'chat'?") == 1 and "?." not in r.stderr


def test_a_tiny_cap_shows_enough_digits(cli, llm_server):
    cli.use_server(llm_server)
    assert cli("creators", "add", "tiny").code == 0
    assert cli("creators", "set-limits", "tiny", "--monthly-usd", "0.0005").code == 0
    r = cli("caption", "sunset run", "--creator", "tiny", "--provider", "openai")
    assert r.code == 3, r.stderr
    assert "$0.0005 monthly quota" in r.stderr and "$0.00 " not in r.stderr
    assert re.search(r"may cost up to \$0\.\d*[1-9]", r.stderr), r.stderr


def test_trend_reads_as_a_relative_change(cli):
    r = cli("analyze", str(ROOT / "examples" / "metrics.csv"))
    assert r.code == 0
    line = next(x for x in r.stdout.splitlines() if x.startswith("Trend:"))
    assert re.fullmatch(r"Trend: up, engagement \+\d+% relative \(\d+\.\d\d% → \d+\.\d\d%\)", line.strip()), line


def test_costs_header_dates_are_human(cli):
    assert cli("caption", "sunset run").code == 0
    header = cli("costs", "--month", "2026-11").stdout.splitlines()[0]
    assert "November 2026" in header and "T00:00" not in header
    header = cli("costs", "--since", "2026-11-02", "--until", "2026-11-20").stdout.splitlines()[0]
    assert "2 Nov 2026 → 20 Nov 2026" in header
    assert "all time" in cli("costs").stdout.splitlines()[0]


def test_config_list_shows_provider_settings_only_where_they_apply(cli):
    assert cli("config", "set", "providers.openai.model", "gpt-4o").code == 0
    assert cli("config", "set", "providers.gemini.model", "gemini-2.5-pro").code == 0
    keys = [row["key"] for row in cli("config", "list", "--json").json()["data"]]
    assert "providers.openai.model" in keys and "providers.gemini.vertexai" in keys
    assert not any(k.startswith("providers.openai.") and k.rsplit(".", 1)[1] in ("vertexai", "project", "location")
                   for k in keys)


def test_config_unset_leaves_no_empty_tables(cli):
    assert cli("config", "set", "providers.openai.model", "gpt-4o").code == 0
    assert cli("config", "set", "timeout_s", "20").code == 0
    assert cli("config", "unset", "providers.openai.model").code == 0
    text = (cli.home / "config.toml").read_text()
    assert "providers" not in text and text.split() == ["timeout_s", "=", "20"]


def test_init_yes_suggests_commands_that_work_with_no_fans(cli):
    steps = cli("init", "--yes", "--json").json()["data"]["nextSteps"]
    assert not any("--fan" in s for s in steps)
    chat = next(s for s in steps if s.startswith("huntaze chat"))
    import shlex

    assert cli(*shlex.split(chat)[1:]).code == 0


def test_insights_for_one_platform_stay_out_of_captions_for_another(cli, tmp_path):
    rows = (ROOT / "examples" / "metrics.csv").read_text().splitlines()
    tiktok = tmp_path / "tiktok.csv"
    tiktok.write_text("\n".join([rows[0], *[r for r in rows[1:] if ",tiktok," in r]]) + "\n")
    assert cli("analyze", str(tiktok)).code == 0
    stored = [i.split(" (")[0] for i in cli("caption", "sunset run", "--platform", "tiktok", "--json")
              .json()["data"]["performanceInsights"] if "engagement" in i]
    assert stored  # the TikTok findings reach TikTok captions
    insta = cli("caption", "sunset run", "--platform", "instagram", "--json").json()["data"]["performanceInsights"]
    assert not any(s in i for s in stored for i in insta), insta


def test_the_readme_then_try_these_commands_work_in_a_fresh_shell(cli):
    import shlex

    readme = (ROOT / "README.md").read_text()
    block = readme.split("Then try these", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]
    # a fresh shell has no `huntaze` on PATH: every line names the venv's entry point
    assert commands and all(c.startswith(".venv/bin/huntaze ") for c in commands), commands
    for command in commands:
        args = shlex.split(command)[1:]
        r = cli.proc(*args)
        assert r.code == 0, (command, r.stderr)
    assert "| 130 |" in readme  # Ctrl-C's exit code is documented with the others
