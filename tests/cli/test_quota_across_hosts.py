"""The hourly limit through the real command line, on one ledger shared by two hosts: 8 processes x 40
`huntaze caption` calls against a limit of 100 an hour get exactly 100 exit 0 and 220 exit 4 (the
documented code for a creator's rate limit), and the ledger holds exactly 100 rows."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from huntaze_cli.config.dburl import is_postgres_url
from huntaze_cli.errors import EXIT_RATE_LIMITED
from huntaze_cli.ledger import open_ledger
from tests.conftest import _clean_env
from testservers.llm_server import FakeLLMServer

WORKER = Path(__file__).with_name("cli_worker.py")
PROCESSES = 8
CALLS = 40
LIMIT = 100


def test_exactly_the_hourly_limit_passes_across_two_hosts(ledger_location: Path | str, tmp_path: Path,
                                                          llm_server: FakeLLMServer) -> None:
    with open_ledger(ledger_location) as ledger:
        ledger.add_creator("mia", "business", requests_per_hour=LIMIT)
    hosts = []
    for name in ("host-a", "host-b"):
        home = tmp_path / name
        home.mkdir()
        config = f'[providers.openai]\nbase_url = "{llm_server.url}/v1"\n'
        env = {**_clean_env(), "HUNTAZE_HOME": str(home), "HUNTAZE_CREATOR": "mia", "OPENAI_API_KEY": "sk-test"}
        if name == "host-a" and is_postgres_url(ledger_location):  # as an agency sets a host up
            config = f'ledger_url = "{ledger_location}"\n' + config
        else:
            env["HUNTAZE_DB"] = str(ledger_location)
        (home / "config.toml").write_text(config)
        hosts.append(env)
    start_at = time.time() + 3.0  # every worker has imported the CLI before the race starts
    outs = [tmp_path / f"codes-{n}.json" for n in range(PROCESSES)]
    procs = [subprocess.Popen([sys.executable, str(WORKER), str(CALLS), str(start_at), str(outs[n])],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=hosts[n % 2])
             for n in range(PROCESSES)]
    for proc in procs:
        _, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err

    tallies = [json.loads(out.read_text()) for out in outs]
    assert [error for tally in tallies for error in tally["errors"]] == []
    codes = [code for tally in tallies for code in tally["codes"]]
    assert sorted(set(codes)) == [0, EXIT_RATE_LIMITED]
    assert codes.count(0) == LIMIT
    assert codes.count(EXIT_RATE_LIMITED) == PROCESSES * CALLS - LIMIT
    with open_ledger(ledger_location) as ledger:
        rows = ledger.list_usage(creator="mia", limit=1000)
        assert len(rows) == LIMIT and {row["status"] for row in rows} == {"ok"}
        assert ledger.quota_status("mia").requests_last_hour == LIMIT
    assert len(llm_server.requests) == LIMIT  # a refused call never reached the provider
