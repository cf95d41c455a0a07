"""`huntaze fans import/list/show` and `huntaze replies add/list/show/rm/use` through the real CLI (no AI)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FANS = str(ROOT / "examples" / "fans.csv")


def test_fans_import_csv_list_show(cli):
    r = cli("fans", "import", FANS, "--json")
    assert r.code == 0 and r.json()["data"] == {"imported": 3, "kind": "fans", "creator": "default"}
    listed = cli("fans", "list", "--json").json()["data"]
    assert [f["id"] for f in listed] == ["1042", "2077", "3110"]  # biggest spenders first
    alex = cli("fans", "show", "1042", "--json").json()["data"]
    assert alex["name"] == "Alex" and alex["tier"] == "vip" and alex["engagement"] == "high"
    assert alex["totalSpentUsd"] == 980 and alex["lifetimeValueUsd"] == 1250
    assert alex["lastPurchaseAt"].startswith("2026-11-20")
    human = cli("fans", "list")
    assert "Alex" in human.stdout and "$980.00" in human.stdout
    assert "name: Alex" in cli("fans", "show", "1042").stdout


def test_fans_import_json_updates_and_keeps_extra_columns(cli, tmp_path):
    path = tmp_path / "fans.json"
    path.write_text(json.dumps({"fans": [
        {"fan_id": 7, "username": "Rio", "spent": "1200.50", "engagement": "HIGH", "country": "BR"},
        {"id": "8", "name": "Kim", "segment": "new"}]}))
    assert cli("fans", "import", str(path)).code == 0
    rio = cli("fans", "show", "7", "--json").json()["data"]
    assert (rio["name"], rio["totalSpentUsd"], rio["engagement"]) == ("Rio", 1200.5, "high")
    assert rio["extra"] == {"country": "BR"}
    path.write_text(json.dumps([{"id": 7, "name": "Rio", "total_spent": 5}]))
    assert cli("fans", "import", str(path)).code == 0
    assert cli("fans", "show", "7", "--json").json()["data"]["totalSpentUsd"] == 5
    assert len(cli("fans", "list", "--json").json()["data"]) == 2


def test_fans_are_per_creator(cli):
    assert cli("creators", "add", "mia").code == 0
    assert cli("fans", "import", FANS, "--creator", "mia").code == 0
    assert cli("fans", "list", "--json").json()["data"] == []
    r = cli("fans", "show", "1042")
    assert r.code == 2 and "fans list" in r.stderr


def test_bad_fan_files(cli, tmp_path):
    cases = {"nofile.csv": (None, "no such file"), "empty.csv": ("", "empty"),
             "noid.csv": ("name,tier\nAlex,vip\n", "id"), "money.csv": ("id,total_spent\n1,lots\n", "not a number"),
             "neg.csv": ("id,total_spent\n1,-5\n", "negative"), "eng.csv": ("id,engagement\n1,wild\n", "low"),
             "bad.json": ("[{\"id\": ", "JSON"), "obj.json": ("{\"x\": 1}", "array")}
    for name, (content, word) in cases.items():
        path = tmp_path / name
        if content is not None:
            path.write_text(content)
        r = cli("fans", "import", str(path))
        assert r.code == 2, (name, r.stderr)
        assert word in r.stderr and len(r.stderr.strip().splitlines()) == 1, (name, r.stderr)


def test_replies_lifecycle_and_use_with_a_fan(cli):
    assert cli("fans", "import", FANS).code == 0
    add = cli("replies", "add", "thanks", "Thank you {fan_name}, you're a {tier} to {creator}!", "--tag", "warm",
              "--json")
    assert add.code == 0
    assert add.json()["data"]["placeholders"] == ["fan_name", "tier", "creator"]
    assert cli("replies", "add", "promo", "New set for ${total_spent}? {{not a placeholder}}").code == 0
    listed = cli("replies", "list", "--json").json()["data"]
    assert sorted(r["name"] for r in listed) == ["promo", "thanks"]
    shown = cli("replies", "show", "thanks", "--json").json()["data"]
    assert shown["tags"] == ["warm"] and shown["text"].startswith("Thank you {fan_name}")
    used = cli("replies", "use", "thanks", "--fan", "1042")
    assert used.code == 0 and used.stdout.strip() == "Thank you Alex, you're a vip to default!"
    used = cli("replies", "use", "promo", "--fan", "2077", "--json").json()["data"]
    assert used["text"] == "New set for $85.00? {not a placeholder}"
    var = cli("replies", "use", "thanks", "--var", "fan_name=Zoe", "--var", "tier=gem")
    assert var.stdout.strip() == "Thank you Zoe, you're a gem to default!"
    assert cli("replies", "rm", "promo").code == 0
    assert [r["name"] for r in cli("replies", "list", "--json").json()["data"]] == ["thanks"]
    # no AI and no usage rows: quick replies are free
    con = sqlite3.connect(cli.db)
    try:
        assert con.execute("select count(*) from usage_logs").fetchone() == (0,)
    finally:
        con.close()


def test_replies_errors(cli):
    assert cli("fans", "import", FANS).code == 0
    assert cli("replies", "add", "hi", "Hi {fan_name}, {mood} today?").code == 0
    cases = [
        (["replies", "use", "hi"], "{fan_name}"),
        (["replies", "use", "hi", "--fan", "1042"], "--var mood="),
        (["replies", "use", "hi", "--fan", "9999"], "9999"),
        (["replies", "use", "hi", "--var", "oops"], "key=value"),
        (["replies", "use", "nope"], "replies list"),
        (["replies", "show", "nope"], "nope"),
        (["replies", "rm", "nope"], "nope"),
        (["replies", "add", "broken", "Hi {fan_name"], "malformed"),
        (["replies", "add", "broken", "Hi {0}"], "placeholder"),
        (["replies", "add", "blank", "   "], "text"),
    ]
    for argv, word in cases:
        r = cli(*argv)
        assert r.code == 2, (argv, r.stderr)
        assert word in r.stderr and len(r.stderr.strip().splitlines()) == 1, (argv, r.stderr)
