"""Bad input: one clear sentence, the documented exit code, no traceback, and the ledger untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3

import pytest


def _dump(db) -> list[str]:
    con = sqlite3.connect(db)
    try:
        assert con.execute("pragma integrity_check").fetchone() == ("ok",)
        return list(con.iterdump())
    finally:
        con.close()


CASES = [
    # (id, args, stdin, config text, expected exit code, a word the message must contain)
    ("empty-prompt", ["test-prompt", "   "], None, None, 2, "empty"),
    ("long-prompt", ["test-prompt", "x" * 10_001], None, None, 2, "10,000"),
    ("temperature", ["test-prompt", "hi", "--temperature", "2.5"], None, None, 2, "temperature"),
    ("max-tokens", ["test-prompt", "hi", "--max-output-tokens", "0"], None, None, 2, "max-output-tokens"),
    ("max-tokens-high", ["test-prompt", "hi", "--max-output-tokens", "9000"], None, None, 2, "max-output-tokens"),
    ("unknown-provider", ["test-prompt", "hi", "--provider", "bogus"], None, None, 2, "bogus"),
    ("unknown-creator", ["test-prompt", "hi", "--creator", "ghost"], None, None, 2, "creators add ghost"),
    ("no-prompt-tty", ["test-prompt"], None, None, 2, "stdin"),
    ("malformed-toml", ["test-prompt", "hi"], None, "timeout_s = [\n", 6, "TOML"),
    ("bad-config-value", ["quota"], None, "timeout_s = -3\n", 6, "timeout_s"),
    ("unknown-config-key", ["quota"], None, "colour = 'red'\n", 6, "colour"),
    ("bad-route-provider", ["quota"], None, "[features.caption]\nprovider = 'bard'\n", 6, "features.caption"),
    ("config-set-unknown", ["config", "set", "nope.key", "1"], None, None, 2, "nope"),
    ("config-set-bad-type", ["config", "set", "retry.attempts", "many"], None, None, 2, "retry.attempts"),
    ("config-get-missing", ["config", "get", "providers.openai.api_key.x"], None, None, 2, "not set"),
    ("creator-duplicate", ["creators", "add", "mia"], None, None, 2, "already exists"),
    ("creator-bad-name", ["creators", "add", "bad name!"], None, None, 2, "name"),
    ("creator-bad-plan", ["creators", "set-plan", "mia", "platinum"], None, None, 2, "starter"),
    ("creator-unknown-show", ["creators", "show", "nobody"], None, None, 2, "creators add nobody"),
    ("costs-bad-since", ["costs", "--since", "yesterday-ish"], None, None, 2, "--since"),
    ("costs-bad-month", ["costs", "--month", "2026-13"], None, None, 2, "YYYY-MM"),
    ("costs-bad-by", ["costs", "--by", "colour"], None, None, 2, "creator"),
    ("costs-inverted", ["costs", "--since", "2026-11-20", "--until", "2026-11-01"], None, None, 2, "before"),
    ("costs-month-and-since", ["costs", "--month", "2026-11", "--since", "2026-11-01"], None, None, 2, "either"),
    ("costs-bad-format", ["costs", "--format", "xml"], None, None, 2, "prometheus"),
    ("unknown-command", ["frobnicate"], None, None, 2, "frobnicate"),
    ("db-without-path", ["quota", "--db"], None, None, 2, "--db"),
]


@pytest.mark.parametrize("case_id,args,stdin,config,code,word", CASES, ids=[c[0] for c in CASES])
def test_bad_input(cli, case_id, args, stdin, config, code, word):
    assert cli("creators", "add", "mia", "--plan", "pro").code == 0
    before = _dump(cli.db)
    if config is not None:
        cli.config(config)
    for json_mode in (False, True):
        r = cli(*(["--json"] if json_mode else []), *args, stdin=stdin)
        assert r.code == code, (r.stdout, r.stderr)
        assert "Traceback" not in r.stderr + r.stdout
        if json_mode:
            env = r.json()
            assert env["success"] is False and word.lower() in env["error"]["message"].lower()
        else:
            lines = [line for line in r.stderr.splitlines() if line.strip()]
            assert len(lines) == 1, r.stderr
            assert lines[0].startswith("Error: ") and word.lower() in lines[0].lower(), lines[0]
    assert _dump(cli.db) == before


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_corrupted_ledger_is_reported_and_left_alone(cli, tmp_path):
    bad = tmp_path / "corrupt.db"
    bad.write_bytes(b"this is not a sqlite database, just some bytes" * 100)
    digest = _sha(bad)
    for args in (["quota"], ["costs"], ["test-prompt", "hi"], ["creators", "list"]):
        r = cli(*args, "--db", str(bad))
        assert r.code == 6, r.stderr
        assert str(bad) in r.stderr and "Traceback" not in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1
    assert _sha(bad) == digest


def test_ledger_in_missing_directory(cli, tmp_path):
    target = tmp_path / "nope" / "deeper" / "ledger.db"
    r = cli("quota", "--db", str(target))
    assert r.code == 6 and "does not exist" in r.stderr
    assert not target.parent.exists()


def test_ledger_path_is_a_directory(cli, tmp_path):
    r = cli("costs", "--db", str(tmp_path))
    assert r.code == 6 and str(tmp_path) in r.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_ledger_in_read_only_directory(cli, tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        r = cli("quota", "--db", str(ro / "l.db"))
        assert r.code == 6 and "Traceback" not in r.stderr
    finally:
        ro.chmod(0o700)

