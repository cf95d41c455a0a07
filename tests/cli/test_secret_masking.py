"""A password planted in a ledger URL never reaches any message, on every error path, through real processes."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from huntaze_cli.config.dburl import mask_secrets

SECRET = "s3cr3tPW"

PATHS = [
    # (id, argv, extra env)
    ("unknown-scheme", ["--db", f"mysql://bob:{SECRET}@127.0.0.1/x", "quota"], {}),
    ("unknown-scheme-json", ["--json", "--db", f"mysql://bob:{SECRET}@127.0.0.1/x", "quota"], {}),
    ("unknown-scheme-env", ["quota"], {"HUNTAZE_DB": f"mysql://bob:{SECRET}@127.0.0.1/x"}),
    ("sqlite-url", ["--db", f"sqlite://bob:{SECRET}@h/x", "costs"], {}),
    ("debug-traceback", ["--debug", "--db", f"mysql://bob:{SECRET}@127.0.0.1/x", "quota"], {}),
    ("malformed-url", ["--db", f"postgresql://bob:{SECRET}@[::1", "quota"], {}),
    ("config-set", ["config", "set", "ledger_url", f"postgresql://bob:{SECRET}@127.0.0.1/x"], {}),
]


@pytest.mark.parametrize(("argv", "extra"), [p[1:] for p in PATHS], ids=[p[0] for p in PATHS])
def test_planted_password_never_printed(tmp_path, argv, extra) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg"), **extra}
    env.pop("HUNTAZE_DB", None) if "HUNTAZE_DB" not in extra else None
    done = subprocess.run([sys.executable, "-m", "huntaze_cli", *argv], env=env, capture_output=True,
                          text=True, timeout=60)
    assert SECRET not in done.stdout + done.stderr
    assert done.returncode != 1, done.stderr


def test_mask_secrets_any_scheme_and_collapsed_slash() -> None:
    assert mask_secrets("dir mysql:/bob:pw1@h does not exist") == "dir mysql:/bob:***@h does not exist"
    assert mask_secrets("postgresql://a:b@h/d?password=zz") == "postgresql://a:***@h/d?password=***"
    assert mask_secrets("no url here: ratio 3:4 @ noon") == "no url here: ratio 3:4 @ noon"


@pytest.mark.parametrize(("url", "word"), [("postgresql://", "host"), ("postgresql://h/", "database"),
                                           (f"postgresql://bob:{SECRET}@[::1", "malformed")])
def test_postgres_url_that_says_too_little_is_exit_2(tmp_path, url, word) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    env.pop("HUNTAZE_DB", None)
    done = subprocess.run([sys.executable, "-m", "huntaze_cli", "--db", url, "quota"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert word in done.stderr and SECRET not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr
