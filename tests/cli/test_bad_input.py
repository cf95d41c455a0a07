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



# ---- numbers: refused alike on both ledgers -----------------------------------------------------------------
# Every number a command takes, pushed past its range in io/limits.py (nan, inf, negative, zero, too big for a
# PostgreSQL INTEGER or BIGINT, fractional): exit 2 with one sentence on SQLite and on PostgreSQL, never exit
# 1 or 6, no traceback, no secret, and the ledger's sums as they were.
BIG = "99999999999999999999"
NUMBER_CASES = [
    # (args, a word the message must contain)
    (["experiments", "record", "e1", "--variant", "A", f"--sent={BIG}", "--bought=1"], "--sent"),
    (["experiments", "record", "e1", "--variant", "A", "--sent=3000000000", "--bought=1"], "1,000,000,000"),
    (["experiments", "record", "e1", "--variant", "A", "--sent=0", "--bought=0"], "--sent"),
    (["experiments", "record", "e1", "--variant", "A", "--sent=1.5", "--bought=1"], "1.5"),
    (["experiments", "record", "e1", "--variant", "A", "--sent=10", "--bought=11"], "cannot exceed"),
    (["experiments", "record", "e1", "--variant", "A", "--sent=10", f"--bought={BIG}"], "--bought"),
    (["experiments", "record", "e1", "--variant", "A", "--sent=10", "--bought=1", "--revenue=nan"], "not nan"),
    (["experiments", "record", "e1", "--variant", "A", "--sent=10", "--bought=1", "--revenue=1e300"], "--revenue"),
    (["experiments", "record", "e1", "--variant", "A", "--sent=10", "--bought=1", "--revenue=-5"], "--revenue"),
    (["experiments", "record", "e1", "--file", "@results"], "row 1: sent"),
    (["experiments", "new", "e2", "--generate", "2", "--message", "beach set", "--price=nan"], "--price"),
    (["experiments", "new", "e2", "--generate", "5", "--message", "beach set", "--price=25"], "--generate"),
    (["mass-message", "new set", "--price=nan"], "not nan"),
    (["mass-message", "new set", "--price=inf"], "not inf"),
    (["mass-message", "new set", "--price=-3"], "--price"),
    (["mass-message", "new set", "--price=0"], "above $0"),
    (["mass-message", "new set", "--price=10000.01"], "$10,000"),
    (["optimize-sale", "new set", "--price=nan"], "not nan"),
    (["optimize-sale", "new set", f"--price={BIG}"], "--price"),
    (["chat", "hi", "--spent=nan"], "--spent"),
    (["chat", "hi", "--spent=-1"], "--spent"),
    (["chat", "hi", "--spent=1e300"], "--spent"),
    (["suggest", "hi", "--count=0"], "--count"),
    (["suggest", "hi", "--count=11"], "--count"),
    (["ideas", "--count=21"], "--count"),
    (["caption", "sunset run", "--variants=0"], "--variants"),
    (["caption", "sunset run", f"--variants={BIG}"], "--variants"),
    (["caption", "sunset run", "--input", "@jsonl", "--concurrency=0"], "--concurrency"),
    (["test-prompt", "hi", "--temperature=inf"], "--temperature"),
    (["test-prompt", "hi", f"--max-output-tokens={BIG}"], "--max-output-tokens"),
    (["creators", "add", "zz", "--requests-per-hour=3000000000"], "--requests-per-hour"),
    (["creators", "add", "zz", f"--requests-per-hour={BIG}"], "--requests-per-hour"),
    (["creators", "add", "zz", "--monthly-usd=nan"], "--monthly-usd"),
    (["creators", "set-limits", "mia", "--monthly-usd=1e300"], "--monthly-usd"),
    (["creators", "set-limits", "mia", "--requests-per-hour=0"], "--requests-per-hour"),
    (["hooks", "add", "--event", "quota.threshold", "--command", "true", "--threshold=nan"], "--threshold"),
    (["hooks", "add", "--event", "quota.threshold", "--command", "true", "--threshold=101"], "--threshold"),
    (["hooks", "add", "--event", "quota.exceeded", "--command", "true", "--timeout=inf"], "--timeout"),
    (["hooks", "rm", BIG], "ID"),
    (["hooks", "test", "0"], "ID"),
    (["logs", f"--limit={BIG}"], "--limit"),
    (["logs", "show", BIG], "ID"),
    (["fans", "list", "--limit=0"], "--limit"),
    (["config", "set", "providers.openai.rpm", BIG], "2,147,483,647"),
    (["config", "set", "retry.initial_delay_ms", BIG], "retry.initial_delay_ms"),
]

_SUMS = ("SELECT (SELECT count(*) FROM usage_logs), (SELECT coalesce(sum(cost_usd), 0) FROM usage_logs), "
         "(SELECT count(*) FROM experiment_results), (SELECT coalesce(sum(sent), 0) FROM experiment_results), "
         "(SELECT coalesce(sum(bought), 0) FROM experiment_results), "
         "(SELECT coalesce(sum(revenue_usd), 0) FROM experiment_results), "
         "(SELECT coalesce(sum(total_cost_usd + pending_usd), 0) FROM monthly_charges), "
         "(SELECT count(*) FROM creators), (SELECT count(*) FROM hooks), (SELECT count(*) FROM fans), "
         "(SELECT count(*) FROM purchases), (SELECT coalesce(sum(price_usd), 0) FROM purchases)")


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_numbers_out_of_range_are_refused_alike_on_both_ledgers(cli, backend, llm_server, tmp_path, request):
    from tests.conftest import ROOT
    from tests.fakes.postgres import query

    cli.use_server(llm_server)  # the planted key: a leak would show, and nothing can reach a real provider
    location: object = cli.db
    if backend == "postgresql":
        location = request.getfixturevalue("pg_url")
        cli.use_postgres(str(location))
    for args in (["creators", "add", "mia", "--plan", "pro"],
                 ["fans", "import", str(ROOT / "examples" / "fans.csv"), "-c", "mia"],
                 ["fans", "import", str(ROOT / "examples" / "purchases.csv"), "-c", "mia"],
                 ["experiments", "new", "e1", "--variant", "A=one", "--variant", "B=two", "-c", "mia"],
                 ["experiments", "record", "e1", "--variant", "A", "--sent", "120", "--bought", "9", "--revenue",
                  "225", "-c", "mia"],
                 ["hooks", "add", "--event", "quota.exceeded", "--command", "true"]):
        assert cli(*args).code == 0, (args, cli(*args).stderr)
    files = {"@results": tmp_path / "results.csv", "@jsonl": tmp_path / "in.jsonl"}
    files["@results"].write_text(f"variant,sent,bought,revenue\nA,{BIG},1,0\n")
    files["@jsonl"].write_text('{"description": "sunset run"}\n')
    before = query(location, _SUMS)
    problems = []
    for args, word in NUMBER_CASES:
        line = [str(files[a]) if a in files else a for a in args]
        if line[0] in ("experiments", "mass-message"):
            line += ["-c", "mia"]
        for json_mode in (False, True):
            r = cli(*(["--json"] if json_mode else []), *line)
            text = r.stdout + r.stderr
            if json_mode:
                try:
                    message = (r.json().get("error") or {}).get("message", "")
                except ValueError:
                    message = ""
            else:
                lines = [x for x in r.stderr.splitlines() if x.strip()]
                message = lines[0] if len(lines) == 1 and lines[0].startswith("Error: ") else ""
            if r.code != 2 or "Traceback" in text or word.lower() not in message.lower():
                problems.append((args, json_mode, r.code, r.stderr.strip()[:200]))
            if query(location, _SUMS) != before:
                problems.append((args, json_mode, "ledger sums changed"))
                before = query(location, _SUMS)
    assert problems == [], "\n".join(map(str, problems))
