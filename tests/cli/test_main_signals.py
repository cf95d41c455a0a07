"""The entry point's Ctrl-C handling when CPython drops the KeyboardInterrupt (core/interrupts.py)."""

from __future__ import annotations

import contextlib
import signal

from huntaze_cli.cli import app


def test_a_ctrl_c_dropped_after_the_work_still_ends_with_130(cli, monkeypatch):
    from huntaze_cli.cli.main import _on_sigint

    real_build = app.build

    def build_then_drop_a_ctrl_c(name):
        built = real_build(name)
        with contextlib.suppress(KeyboardInterrupt):  # as CPython does inside an import lock's callback
            _on_sigint(signal.SIGINT, None)
        return built

    monkeypatch.setattr(app, "build", build_then_drop_a_ctrl_c)
    r = cli("caption", "--platform", "tiktok", "sunset run on the beach")
    assert r.code == 130 and r.stderr.strip().endswith("Interrupted."), r.stderr
    assert "sunset" in r.stdout.lower()  # the work was done and shown: only the exit code tells of the Ctrl-C
    monkeypatch.setattr(app, "build", real_build)
    assert cli("caption", "--platform", "tiktok", "sunset run on the beach").code == 0


def test_the_handlers_are_put_back_after_a_command(cli):
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    assert cli("quota").code == 0
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
