"""Hooks never hold a request up: they run in a bounded background pool, each with its timeout, and the
command (or the batch) waits for them at its end. Proven with hooks that block on a gate file the test opens
only after it has read the answers: no clock involved. Hook commands never see provider keys."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from huntaze_cli.core.hooks import HookPool, hook_env
from huntaze_cli.ledger import open_ledger
from tests.conftest import PLANTED_KEY, ROOT, _clean_env
from testservers.llm_server import error, reply

PRICED = '[retry]\ninitial_delay_ms = 1\nmax_delay_ms = 5\nattempts = 1\n[prices."fixed-model"]\n' \
         'input_per_mtok = 0\noutput_per_mtok = 10000\n'


def _gated(tmp_path: Path) -> tuple[str, Path, Path]:
    """A hook command that records its start, waits for the gate file, then records its end."""
    gate, log = tmp_path / "gate", tmp_path / "hooks.log"
    command = (f'echo start >> "{log}"; while [ ! -e "{gate}" ]; do sleep 0.02; done; '
               f'cat > /dev/null; echo end >> "{log}"')
    return command, gate, log


def _popen(cli, *args: str) -> subprocess.Popen[str]:
    env = _clean_env()
    env.update(cli.env)
    env["HUNTAZE_HOME"] = str(cli.home)
    return subprocess.Popen([sys.executable, "-m", "huntaze_cli", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


def _runs(cli) -> list[dict]:
    with open_ledger(cli.db) as ledger:
        return ledger.list_hook_runs(limit=100)


def test_the_answer_is_out_while_a_hook_still_runs(cli, llm_server, tmp_path):
    cli.use_server(llm_server)
    cli.config(PRICED)
    llm_server.set_default(reply("ok", usage=(10, 10)))
    assert cli("creators", "add", "ana", "--plan", "pro", "--monthly-usd", "0.1").code == 0
    command, gate, log = _gated(tmp_path)
    assert cli("hooks", "add", "--event", "quota.threshold", "--command", command, "--timeout", "20").code == 0
    proc = _popen(cli, "test-prompt", "hi", "--creator", "ana", "--provider", "openai", "--model", "fixed-model",
                  "--max-output-tokens", "10")
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "ok\n"     # the answer, while the hook waits on its gate
        assert proc.poll() is None                  # the command itself waits for its hook
        assert "end" not in (log.read_text() if log.exists() else "")
        gate.touch()
        _, err = proc.communicate(timeout=60)
    finally:
        gate.touch()
        proc.kill() if proc.poll() is None else None
    assert proc.returncode == 0, err
    assert log.read_text().split() == ["start", "end"]
    assert [(r["event"], r["status"]) for r in _runs(cli)] == [("quota.threshold", "ok")]


def test_a_batch_never_waits_for_hooks_until_its_end(cli, llm_server, tmp_path):
    cli.use_server(llm_server)
    cli.config(PRICED)
    llm_server.set_default(error(400, "bad request"))
    command, gate, log = _gated(tmp_path)
    assert cli("hooks", "add", "--event", "request.failed", "--command", command, "--timeout", "20").code == 0
    batch = tmp_path / "in.jsonl"
    count = 6  # more than the pool's workers: the extra hooks queue, the items do not
    batch.write_text("".join(json.dumps({"id": f"m{i}", "message": f"hi {i}"}) + "\n" for i in range(count)))
    proc = _popen(cli, "--json", "chat", "--input", str(batch), "--provider", "openai", "--concurrency", "2")
    try:
        assert proc.stdout is not None
        envelopes = [json.loads(proc.stdout.readline()) for _ in range(count)]
        assert [e["success"] for e in envelopes] == [False] * count
        assert proc.poll() is None and "end" not in log.read_text()
        gate.touch()
        _, err = proc.communicate(timeout=120)
    finally:
        gate.touch()
        proc.kill() if proc.poll() is None else None
    assert proc.returncode == 5, err
    assert sorted(log.read_text().split()) == ["end"] * count + ["start"] * count
    runs = _runs(cli)
    assert len(runs) == count and {r["status"] for r in runs} == {"ok"}


def test_the_pool_is_bounded_and_drain_waits_for_every_run(tmp_path):
    command, gate, log = _gated(tmp_path)
    pool = HookPool(workers=2)
    for hook_id in (1, 2, 3):
        pool.submit({"id": hook_id, "command": command, "timeout_s": 60}, "request.failed", {"event": "x"})
    try:
        # Poll until the first two have started (no time assertion: the loop only waits for the file).
        while not log.exists() or log.read_text().split().count("start") < 2:
            time.sleep(0.01)
        assert log.read_text().split() == ["start", "start"]  # the third waits for a free worker
    finally:
        gate.touch()
    runs = pool.drain()
    pool.close()
    assert [(r.hook_id, r.status) for r in runs] == [(1, "ok"), (2, "ok"), (3, "ok")]
    assert log.read_text().split().count("end") == 3


def test_hook_commands_get_no_provider_keys(cli, llm_server, tmp_path):
    cli.use_server(llm_server)
    cli.setenv(AZURE_OPENAI_API_KEY=PLANTED_KEY, HUNTAZE_LOCAL_API_KEY=PLANTED_KEY, SOME_SERVICE_TOKEN=PLANTED_KEY)
    llm_server.set_default(error(400, "bad request"))
    seen = tmp_path / "env.txt"
    cli("hooks", "add", "--event", "request.failed", "--command", f'env > "{seen}"')
    assert cli("test-prompt", "hi", "--provider", "openai").code == 5
    env = dict(line.split("=", 1) for line in seen.read_text().splitlines() if "=" in line)
    assert env["HUNTAZE_EVENT"] == "request.failed" and "PATH" in env
    for name in ("OPENAI_API_KEY", "GEMINI_API_KEY", "AZURE_OPENAI_API_KEY", "HUNTAZE_LOCAL_API_KEY",
                 "SOME_SERVICE_TOKEN"):
        assert name not in env
    assert PLANTED_KEY not in seen.read_text()


def test_hook_env_filter():
    env = hook_env("quota.exceeded", {"PATH": "/bin", "OPENAI_API_KEY": "k", "GOOGLE_API_KEY": "k",
                                      "HUNTAZE_DB": "postgresql://u:pw@h/db", "MY_SECRET": "s", "HOME": "/h",
                                      "GITHUB_TOKEN": "t", "PGPASSWORD": "p"})
    assert env == {"PATH": "/bin", "HOME": "/h", "HUNTAZE_EVENT": "quota.exceeded"}
    assert os.environ.get("HUNTAZE_EVENT") is None  # the caller's environment is untouched
