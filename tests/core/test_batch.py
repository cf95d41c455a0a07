"""Batch mode (`--input FILE.jsonl`): order, errors per line, exit codes, the plan's bound on concurrency,
--resume after a real SIGKILL (every item done exactly once, one usage row each)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, _clean_env
from testservers.llm_server import default_responder, delay, held


def _jsonl(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    return path


def _query(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


class _LastWhen:
    """A responder that answers prompts containing `marker` only once `others` other items are settled `ok`
    in the ledger: later items finish first by construction, whatever the machine's load (no clock).
    `waited_for_others` records, per marked request, whether that really happened."""

    def __init__(self, marker: str, db: Path, others: int) -> None:
        self.marker, self.db, self.others = marker, db, others
        self.waited_for_others: list[bool] = []

    def __call__(self, parsed: dict[str, Any]) -> str:
        if self.marker in parsed.get("prompt", ""):
            for _ in range(3000):  # 30 s at most, then answer anyway and let the assertions say so
                if _query(self.db, "SELECT count(*) FROM usage_logs WHERE status = 'ok'")[0][0] >= self.others:
                    self.waited_for_others.append(True)
                    break
                time.sleep(0.01)
            else:
                self.waited_for_others.append(False)
        return default_responder(parsed)


CAPTIONS = [{"id": "a", "description": "slowpoke sunset run on the beach", "platform": "tiktok"},
            {"id": "b", "description": "new gym routine, leg day", "platform": "instagram"},
            {"id": "c", "description": "cozy sunday coffee in bed", "platform": "x"}]


# ---- order and output ------------------------------------------------------------------------------------
def test_ordered_output_keeps_input_order_when_later_items_finish_first(cli, llm_server, tmp_path):
    cli.use_server(llm_server)
    responder = _LastWhen("slowpoke", cli.db, others=2)
    llm_server.set_responder(responder)
    source = _jsonl(tmp_path / "in.jsonl", CAPTIONS)
    r = cli("caption", "--input", str(source), "--concurrency", "3", "--provider", "openai")
    assert r.code == 0, r.stderr
    lines = r.lines()
    assert [e["meta"]["itemId"] for e in lines] == ["a", "b", "c"]
    assert [e["meta"]["line"] for e in lines] == [1, 2, 3]
    assert all(e["success"] and e["meta"]["provider"] == "openai" for e in lines)
    assert llm_server.hits == 3
    # the later ones really did finish first: the first item was answered only after both were settled
    assert responder.waited_for_others == [True]


def test_unordered_writes_each_result_as_it_finishes(cli, llm_server, tmp_path):
    cli.use_server(llm_server)
    responder = _LastWhen("slowpoke", cli.db, others=2)
    llm_server.set_responder(responder)
    source = _jsonl(tmp_path / "in.jsonl", CAPTIONS)
    r = cli("caption", "--input", str(source), "--concurrency", "3", "--provider", "openai", "--unordered")
    assert r.code == 0, r.stderr
    ids = [e["meta"]["itemId"] for e in r.lines()]
    assert sorted(ids) == ["a", "b", "c"]
    assert responder.waited_for_others == [True]
    assert ids[-1] == "a"


def test_output_file_stdin_and_summary(cli, tmp_path):
    out = tmp_path / "out.jsonl"
    stdin = "".join(json.dumps(row) + "\n" for row in CAPTIONS)
    r = cli("caption", "--input", "-", "--output", str(out), stdin=stdin)
    assert r.code == 0, r.stderr
    assert r.stdout == ""  # envelopes went to the file
    envelopes = _lines(out)
    assert [e["meta"]["itemId"] for e in envelopes] == ["a", "b", "c"]
    assert all(e["success"] and e["meta"]["provider"] == "rules" for e in envelopes)
    assert all(e["meta"]["requestId"].startswith("req_") for e in envelopes)
    assert len({e["meta"]["requestId"] for e in envelopes}) == 3  # one request id per item
    assert "batch caption: 3 ok, 0 failed, 0 cached, 0 skipped, 0 recovered" in r.stderr
    assert "concurrency 3" in r.stderr
    # --json keeps the summary on stderr (stdout is the data); --quiet drops it
    assert "batch caption: 3 ok" in cli("caption", "--input", "-", "--json", stdin=stdin).stderr
    quiet = cli("caption", "--input", "-", "--quiet", stdin=stdin)
    assert quiet.code == 0 and quiet.stderr == "" and len(quiet.lines()) == 3


def test_per_line_creator_and_id(cli, tmp_path):
    for name in ("mia", "zoe"):
        assert cli("creators", "add", name).code == 0
    source = _jsonl(tmp_path / "in.jsonl", [
        {"id": "x1", "creator": "mia", "description": "beach day"},
        {"id": 7, "creator": "zoe", "description": "gym day"},
        {"description": "no id, creator from --creator"},
    ])
    r = cli("caption", "--input", str(source), "--creator", "mia")
    assert r.code == 0, r.stderr
    metas = [e["meta"] for e in r.lines()]
    assert [(m["itemId"], m["creator"]) for m in metas] == [("x1", "mia"), ("7", "zoe"), ("line-3", "mia")]
    keys = {k for (k,) in _query(cli.db, "SELECT batch_key FROM usage_logs")}
    assert keys == {"caption:mia:x1", "caption:zoe:7", "caption:mia:line-3"}


def test_bad_lines_get_error_envelopes_and_the_batch_goes_on(cli, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"id": "ok1", "description": "sunset run"}\n'
                       b'{"id": "broken", "description": \n'          # not JSON
                       b'\n'                                          # blank: skipped, keeps line numbers
                       b'{"id": "bad", "description": "x", "platform": "myspace"}\n'
                       b'["not", "an", "object"]\n'
                       b'{"id": "ok1", "description": "same id again"}\n'
                       b'{"id": "enc", "description": "\xff\xfe"}\n'
                       b'{"id": "ok2", "description": "leg day"}\n')
    r = cli("caption", "--input", str(source))
    assert r.code == 2, r.stderr  # every failure here is invalid input
    lines = r.lines()
    assert [e["meta"]["line"] for e in lines] == [1, 2, 4, 5, 6, 7, 8]
    assert [e["success"] for e in lines] == [True, False, False, False, False, False, True]
    errors = {e["meta"]["line"]: e["error"] for e in lines if not e["success"]}
    assert all(err["code"] == "INVALID_INPUT" for err in errors.values())
    assert "not valid JSON" in errors[2]["message"]
    assert "myspace" in errors[4]["message"]
    assert "not a JSON object" in errors[5]["message"]
    assert "repeats the id 'ok1'" in errors[6]["message"]
    assert "UTF-8" in errors[7]["message"]
    assert lines[2]["meta"]["itemId"] == "bad"
    assert "batch caption: 2 ok, 5 failed" in r.stderr
    # only the good lines reached the ledger
    assert _query(cli.db, "SELECT count(*) FROM usage_logs") == [(2,)]


def test_exit_code_is_the_most_frequent_failure_and_quiet_keeps_it(cli, llm_server, tmp_path):
    cli.use_server(llm_server)
    assert cli("creators", "add", "tiny").code == 0
    assert cli("creators", "set-limits", "tiny", "--requests-per-hour", "1").code == 0
    source = _jsonl(tmp_path / "in.jsonl", [
        {"id": "1", "description": "first"}, {"id": "2", "description": "second"},
        {"id": "3", "description": "third"}, "{oops"])
    r = cli("caption", "--input", str(source), "--creator", "tiny", "--provider", "openai", "--quiet")
    # 1 ok, 2 refused by the hourly limit (exit 4), 1 invalid line (exit 2): the most frequent wins
    assert r.code == 4
    assert r.stderr == ""
    codes = [e["error"]["code"] if not e["success"] else "ok" for e in r.lines()]
    assert codes == ["ok", "RATE_LIMITED", "RATE_LIMITED", "INVALID_INPUT"]
    assert llm_server.hits == 1


def test_concurrency_is_bounded_by_the_plan(cli, tmp_path):
    assert cli("creators", "add", "small").code == 0
    assert cli("creators", "set-limits", "small", "--requests-per-hour", "5").code == 0
    source = _jsonl(tmp_path / "in.jsonl", [{"id": str(i), "description": f"post {i}"} for i in range(12)])
    r = cli("caption", "--input", str(source), "--creator", "small", "--concurrency", "32")
    assert r.code == 0, r.stderr  # rules-engine answers do not use up the plan
    assert "concurrency 5, bounded by creator small (5 requests/hour)" in r.stderr
    # never more threads than items
    r = cli("caption", "--input", str(source), "--creator", "small", "--concurrency", "2")
    assert "concurrency 2 ·" in r.stderr


@pytest.mark.parametrize(("command", "rows", "field"), [
    ("caption", [{"description": "sunset run", "platform": "tiktok"}], "caption"),
    ("chat", [{"message": "hey babe what's new?", "engagement": "high", "spent": 120}], "reply"),
    ("suggest", [{"text": "loved your last post", "count": 2}], "suggestions"),
    ("optimize-sale", [{"message": "New set just dropped, want it?", "price": 25}], "optimizedMessage"),
])
def test_each_feature_in_batch(cli, tmp_path, command, rows, field):
    source = _jsonl(tmp_path / "in.jsonl", [{**row, "id": f"{command}-{i}"} for i, row in enumerate(rows * 2)])
    r = cli(command, "--input", str(source))
    assert r.code == 0, r.stderr
    lines = r.lines()
    assert len(lines) == 2
    for e in lines:
        assert e["success"] and field in e["data"] and e["meta"]["feature"] == command
    assert _query(cli.db, "SELECT DISTINCT feature FROM usage_logs") == [(command,)]


def test_optimize_sale_line_without_price_fails_alone(cli, tmp_path):
    source = _jsonl(tmp_path / "in.jsonl", [{"id": "p", "message": "want it?", "price": 20},
                                            {"id": "np", "message": "no price"}])
    r = cli("optimize-sale", "--input", str(source))
    assert r.code == 2
    assert [e["success"] for e in r.lines()] == [True, False]


def test_usage_errors(cli, tmp_path):
    source = _jsonl(tmp_path / "in.jsonl", CAPTIONS)
    r = cli("caption", "--input", str(source), "--output", str(source))
    assert r.code == 2 and "destroy the input" in r.stderr
    assert len(_lines(source)) == 3  # untouched
    r = cli("caption", "--input", str(tmp_path / "missing.jsonl"))
    assert r.code == 2 and "no such file" in r.stderr
    r = cli("caption", "some text", "--input", str(source))
    assert r.code == 2
    r = cli("caption", "--input", "-")  # stdin is a terminal in this harness
    assert r.code == 2 and "terminal" in r.stderr
    empty = _jsonl(tmp_path / "empty.jsonl", [])
    r = cli("caption", "--input", str(empty))
    assert r.code == 0 and r.stdout == "" and "0 ok, 0 failed" in r.stderr


# ---- --resume --------------------------------------------------------------------------------------------
def test_resume_skips_done_ids_and_repairs_a_cut_last_line(cli, tmp_path):
    source = _jsonl(tmp_path / "in.jsonl", [{"id": f"i{n}", "description": f"post {n}"} for n in range(5)])
    out = tmp_path / "out.jsonl"
    assert cli("caption", "--input", str(source), "-o", str(out)).code == 0
    full = out.read_text().splitlines(keepends=True)
    # As if killed while writing line 4: lines 1-3 complete, half of line 4, nothing after.
    out.write_text("".join(full[:3]) + full[3][: len(full[3]) // 2])
    rows_before = _query(cli.db, "SELECT count(*) FROM usage_logs")[0][0]

    r = cli("caption", "--input", str(source), "-o", str(out), "--resume")
    assert r.code == 0, r.stderr
    envelopes = _lines(out)  # every line parses: the cut one was removed, nothing glued to it
    assert Counter(e["meta"]["itemId"] for e in envelopes if e["success"]) == {f"i{n}": 1 for n in range(5)}
    assert "3 skipped, 2 recovered" in r.stderr
    # i3 and i4 had succeeded in the ledger: written back from it, no new usage row
    assert _query(cli.db, "SELECT count(*) FROM usage_logs")[0][0] == rows_before
    recovered = [e for e in envelopes if e["meta"].get("recovered")]
    assert [e["meta"]["itemId"] for e in recovered] == ["i3", "i4"]
    assert recovered[0]["data"] == json.loads(full[3])["data"]

    again = cli("caption", "--input", str(source), "-o", str(out), "--resume")
    assert again.code == 0 and "0 ok, 0 failed, 0 cached, 5 skipped, 0 recovered" in again.stderr
    assert len(_lines(out)) == 5


def test_resume_redoes_failed_items_and_keeps_a_complete_last_line(cli, tmp_path):
    assert cli("creators", "add", "mia").code == 0
    source = _jsonl(tmp_path / "in.jsonl", [{"id": "1", "description": "ok"},
                                            {"id": "2", "description": "later", "creator": "ghost"}])
    out = tmp_path / "out.jsonl"
    r = cli("caption", "--input", str(source), "-o", str(out), "--creator", "mia")
    assert r.code == 2  # ghost does not exist
    out.write_text(out.read_text().rstrip("\n"))  # a complete last line that lost only its newline
    assert cli("creators", "add", "ghost").code == 0
    r = cli("caption", "--input", str(source), "-o", str(out), "--creator", "mia", "--resume")
    assert r.code == 0, r.stderr
    envelopes = _lines(out)
    assert [(e["meta"]["itemId"], e["success"]) for e in envelopes] == [("1", True), ("2", False), ("2", True)]


def test_resume_to_stdout_writes_back_ledger_answers_without_new_requests(cli, llm_server, tmp_path):
    cli.use_server(llm_server)
    source = _jsonl(tmp_path / "in.jsonl", CAPTIONS)
    first = cli("caption", "--input", str(source), "--provider", "openai")
    assert first.code == 0 and llm_server.hits == 3
    again = cli("caption", "--input", str(source), "--provider", "openai", "--resume")
    assert again.code == 0, again.stderr
    assert llm_server.hits == 3  # nothing asked again
    assert [e["data"] for e in again.lines()] == [e["data"] for e in first.lines()]
    assert all(e["meta"]["recovered"] and e["meta"]["provider"] == "openai" for e in again.lines())
    assert _query(cli.db, "SELECT count(*) FROM usage_logs") == [(3,)]


def _ok_rows_per_key(db: Path) -> dict[str, int]:
    return dict(_query(db, "SELECT batch_key, count(*) FROM usage_logs WHERE status = 'ok' GROUP BY batch_key"))


@pytest.mark.parametrize("attempt", [1, 2, 3])
def test_sigkill_mid_batch_then_resume_does_every_item_exactly_once(cli, llm_server, tmp_path, attempt):
    """A real process killed with SIGKILL while requests are in flight, then `--resume`."""
    cli.use_server(llm_server)
    llm_server.set_default(delay(0.1))
    n = 40
    source = _jsonl(tmp_path / "big.jsonl", [{"id": f"p{i}", "description": f"post number {i}", "platform": "x"}
                                             for i in range(n)])
    out = tmp_path / "out.jsonl"
    args = [sys.executable, "-m", "huntaze_cli", "caption", "--input", str(source), "--output", str(out),
            "--concurrency", "4", "--provider", "openai", "--no-cache"]
    env = {**_clean_env(), **cli.env, "HUNTAZE_HOME": str(cli.home)}
    proc = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        # Kill at a different point each attempt, always with requests in flight.
        want = 4 + 6 * attempt
        while time.monotonic() < deadline and proc.poll() is None:
            if out.exists() and out.read_bytes().count(b"\n") >= want:
                break
            time.sleep(0.005)
        assert proc.poll() is None, f"the batch ended before the kill: {proc.stderr.read() if proc.stderr else ''}"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    written_before = out.read_bytes().count(b"\n")
    assert want <= written_before < n
    ok_before = sum(_ok_rows_per_key(cli.db).values())
    assert ok_before >= written_before  # the ledger is never behind the output
    hits_before = llm_server.hits

    r = cli.proc("caption", "--input", str(source), "--output", str(out), "--concurrency", "4",
                 "--provider", "openai", "--no-cache", "--resume")
    assert r.code == 0, r.stderr

    envelopes = _lines(out)  # a line cut by the kill was removed, nothing was glued to it
    ok_ids = Counter(e["meta"]["itemId"] for e in envelopes if e["success"])
    assert ok_ids == {f"p{i}": 1 for i in range(n)}
    assert not [e for e in envelopes if not e["success"]]
    # exactly one successful usage row per item, whatever the kill interrupted
    assert _ok_rows_per_key(cli.db) == {f"caption:default:p{i}": 1 for i in range(n)}
    # Provider hits: one per item, plus the requests in flight at the kill (their reservation row stays
    # 'pending' and counts against the plan, as an abandoned request should; the item is asked again).
    pending = _query(cli.db, "SELECT count(*) FROM usage_logs WHERE status = 'pending'")[0][0]
    assert pending <= 4
    assert n <= llm_server.hits <= n + pending
    assert _query(cli.db, "SELECT count(*) FROM usage_logs")[0][0] == n + pending
    # The resumed run asked only what the ledger did not have; what it had was written back.
    recovered = sum(1 for e in envelopes if e["meta"].get("recovered"))
    assert llm_server.hits - hits_before == n - ok_before
    assert f"{recovered} recovered" in r.stderr


# ---- holds in flight and interruptions (issue 8) ---------------------------------------------------------
def test_items_wait_for_holds_in_flight_instead_of_failing(cli, llm_server, tmp_path):
    """Reservations are upper bounds: several in flight can fill a cap that settled spend is far from."""
    cli.use_server(llm_server)
    cli.config('[retry]\ninitial_delay_ms = 20\n[prices."capped"]\ninput_per_mtok = 0\noutput_per_mtok = 1000\n')
    llm_server.set_default(delay(0.3, usage=(10, 2)))
    assert cli("creators", "add", "ana", "--plan", "pro").code == 0
    one = _jsonl(tmp_path / "one.jsonl", [CAPTIONS[1]])
    assert cli("caption", "--input", str(one), "--creator", "ana", "--provider", "openai", "--model", "capped",
               "--no-cache").code == 0
    [(held,)] = _query(cli.db, "SELECT reserved_usd FROM usage_logs")
    # Room for two holds at once, while six answers really cost 6 x 2 x $0.001 = $0.012 in all.
    cap = 2.5 * held
    assert cli("creators", "set-limits", "ana", "--monthly-usd", f"{cap:.6f}").code == 0
    items = [{"id": f"i{i}", "description": f"post {i}", "platform": "x"} for i in range(6)]
    r = cli("caption", "--input", str(_jsonl(tmp_path / "six.jsonl", items)), "--creator", "ana",
            "--provider", "openai", "--model", "capped", "--no-cache", "--concurrency", "6")
    assert r.code == 0, r.stdout
    assert all(line["success"] for line in r.lines())
    [(total, pending)] = _query(cli.db, "SELECT total_cost_usd, pending_usd FROM monthly_charges")
    assert pending == 0 and total == pytest.approx(7 * 0.002)


def test_first_ctrl_c_says_it_finishes_the_requests_in_flight_and_settles_them(cli, llm_server, tmp_path):
    cli.use_server(llm_server)
    # The server holds every answer until the batch has said it is finishing: no race with the clock.
    said_finishing = threading.Event()
    llm_server.set_default(held(said_finishing))
    source = _jsonl(tmp_path / "in.jsonl", [{"id": f"p{i}", "description": f"post {i}", "platform": "x"}
                                            for i in range(12)])
    out = tmp_path / "out.jsonl"
    env = {**_clean_env(), **cli.env, "HUNTAZE_HOME": str(cli.home)}
    proc = subprocess.Popen([sys.executable, "-m", "huntaze_cli", "caption", "--input", str(source), "--output",
                             str(out), "--concurrency", "3", "--provider", "openai", "--no-cache"],
                            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for _ in range(3000):  # until the first three requests reach the server (they are held there)
        if llm_server.hits >= 3:
            break
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGINT)
    assert proc.stderr is not None
    err_lines: list[str] = []
    for line in proc.stderr:  # the note comes at once, while the three answers are still held
        err_lines.append(line)
        if "Interrupted: finishing" in line:
            break
    said_finishing.set()
    _, rest = proc.communicate(timeout=60)
    err = "".join(err_lines) + rest
    assert "Interrupted: finishing 3 requests in flight" in err
    # They were finished and settled: nothing left in flight, every answer's line written.
    assert _query(cli.db, "SELECT count(*) FROM usage_logs WHERE status = 'pending'") == [(0,)]
    assert _query(cli.db, "SELECT pending_usd FROM monthly_charges") == [(0.0,)]
    assert len(_lines(out)) == _query(cli.db, "SELECT count(*) FROM usage_logs WHERE status = 'ok'")[0][0] >= 3
