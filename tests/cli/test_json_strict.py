"""`--json` output always parses as strict JSON: no NaN or Infinity (which Python's json module writes by
default and no other parser accepts), on every command that prints an envelope."""

from __future__ import annotations

import json
from typing import Any

import pytest

from huntaze_cli.io import jsonio


def _strict(text: str) -> Any:
    def refuse(name: str) -> Any:
        raise AssertionError(f"{name} in --json output")

    return json.loads(text, parse_constant=refuse)


def test_the_encoder_refuses_non_finite_numbers():
    for value in (float("nan"), float("inf"), -float("inf")):
        with pytest.raises(ValueError):
            jsonio.dumps({"data": {"revenueShare": value}})
    assert jsonio.dumps({"a": 1.5, "b": "é"}) == '{"a": 1.5, "b": "é"}'


def test_every_command_json_output_is_strict_json(cli, tmp_path):
    posts = tmp_path / "posts.csv"
    posts.write_text("posted_at,platform,content_type,likes,comments,shares,saves,views,revenue_usd\n"
                     "2026-11-01T20:00:00Z,instagram,video,10,2,1,1,100,0\n"
                     "2026-11-02T20:00:00Z,tiktok,photo,5,1,0,0,0,0\n"
                     "2026-11-03T09:00:00Z,instagram,photo,0,0,0,0,50,0\n")
    infinite = tmp_path / "infinite.csv"  # printed `Infinity`/`NaN` before non-finite input was refused
    infinite.write_text(posts.read_text().replace("100,0\n", "100,inf\n", 1))
    fans = tmp_path / "fans.csv"
    fans.write_text("id,name,total_spent,engagement\n1042,Alex,0,high\n")
    setup = [["creators", "add", "mia"], ["fans", "import", str(fans), "--creator", "mia"],
             ["replies", "add", "thanks", "Thank you {fan_name}!", "--creator", "mia"]]
    for args in setup:
        assert cli(*args).code == 0
    commands = [
        ["analyze", str(infinite), "--creator", "mia"],
        ["analyze", str(posts), "--creator", "mia"], ["insights", "--creator", "mia"],
        ["ideas", "--creator", "mia"], ["caption", "beach day", "--creator", "mia"],
        ["chat", "hey", "--fan", "1042", "--creator", "mia"], ["suggest", "hey", "--creator", "mia"],
        ["optimize-sale", "new set", "--price", "25", "--creator", "mia"],
        ["quota", "--all"], ["costs"], ["costs", "--by", "day"], ["logs"], ["providers"], ["config", "list"],
        ["creators", "list"], ["creators", "show", "mia"], ["fans", "list", "--creator", "mia"],
        ["fans", "show", "1042", "--creator", "mia"], ["replies", "list", "--creator", "mia"],
        ["replies", "show", "thanks", "--creator", "mia"], ["replies", "use", "thanks", "--fan", "1042",
                                                              "--creator", "mia"],
        ["hooks", "list"], ["test-prompt", "hi"],  # the last one fails (no provider): its envelope too
    ]
    for args in commands:
        r = cli("--json", *args)
        assert r.stdout.strip(), args
        for line in r.stdout.splitlines():
            env = _strict(line)
            assert env["success"] is (r.code == 0), (args, line)
