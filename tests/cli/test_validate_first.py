"""Bad input is refused before anything is reserved or created: no `default` creator appears, no request is
recorded, no provider is called; and inputs that used to end in exit 1 "Unexpected error" are exit 2 with
one sentence."""

from __future__ import annotations

import sqlite3

import pytest


def _state(db) -> tuple[list[str], int]:
    """(creator names, usage rows): what a refused command must leave as it was."""
    if not db.exists():
        return [], 0
    con = sqlite3.connect(db)
    try:
        names = [r[0] for r in con.execute("select name from creators order by name")]
        return names, con.execute("select count(*) from usage_logs").fetchone()[0]
    finally:
        con.close()


def _one_sentence(r, word: str) -> None:
    assert "Traceback" not in r.stdout + r.stderr
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), r.stderr
    assert word.lower() in lines[0].lower(), lines[0]


# (id, args, a word the message must contain). Each of these created `default` (or used a slot) on the old
# code because the creator was resolved before the input was validated.
REFUSED = [
    ("caption-platform", ["caption", "x", "--platform", "myspace"], "myspace"),
    ("caption-type", ["caption", "x", "--type", "gif"], "content_type"),
    ("caption-image", ["caption", "x", "--image", "/nope/none.png"], "no such file"),
    ("caption-insights", ["caption", "x", "--insights", "/nope/none.csv"], "does not exist"),
    ("caption-mood", ["caption", "x", "--mood", "m" * 200], "mood"),
    ("caption-provider", ["caption", "x", "--provider", "bogus"], "bogus"),
    ("caption-base-url", ["caption", "x", "--base-url", "not a url"], "not a url"),
    ("caption-model", ["caption", "x", "--model", ""], "--model"),
    ("chat-engagement", ["chat", "hi", "--engagement", "extreme"], "engagement"),
    ("chat-fan", ["chat", "hi", "--fan", "999"], "999"),
    ("chat-spent-nan", ["chat", "hi", "--spent", "nan"], "not nan"),
    ("chat-spent-inf", ["chat", "hi", "--spent", "inf"], "not inf"),
    ("chat-tier", ["chat", "hi", "--tier", "t" * 200], "tier"),
    ("chat-base-url", ["chat", "hi", "--base-url", "nope"], "nope"),
    ("suggest-platform", ["suggest", "hi", "--platform", "myspace"], "myspace"),
    ("suggest-fan", ["suggest", "hi", "--fan", "999"], "999"),
    ("sale-price-nan", ["optimize-sale", "buy", "--price", "nan"], "not nan"),
    ("sale-price-inf", ["optimize-sale", "buy", "--price", "inf"], "not inf"),
    ("sale-engagement", ["optimize-sale", "buy", "--price", "5", "--engagement", "x"], "engagement"),
    ("ideas-platform", ["ideas", "--platform", "myspace"], "myspace"),
    ("analyze-provider", ["analyze", "/nope/none.csv", "--provider", "bogus"], "bogus"),
    ("test-prompt-temperature-nan", ["test-prompt", "hi", "--temperature", "nan"], "not nan"),
    ("test-prompt-base-url", ["test-prompt", "hi", "--base-url", "not a url"], "not a url"),
    ("test-prompt-base-url-ftp", ["test-prompt", "hi", "--base-url", "ftp://host/v1"], "ftp://host/v1"),
    ("fans-show", ["fans", "show", "999"], "999"),
    ("replies-show", ["replies", "show", "nope"], "nope"),
    ("replies-rm", ["replies", "rm", "nope"], "nope"),
    ("replies-use", ["replies", "use", "nope"], "nope"),
    ("insights", ["insights"], "analyze"),
]


@pytest.mark.parametrize("args,word", [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused_before_anything_is_created(cli, llm_server, args, word):
    # Keys and servers configured: a request that got through would reach the fake server.
    cli.use_server(llm_server)
    for json_mode in (False, True):
        r = cli(*(["--json"] if json_mode else []), *args)
        assert r.code == 2, (r.stdout, r.stderr)
        if json_mode:
            assert r.json()["success"] is False and word.lower() in r.json()["error"]["message"].lower()
        else:
            _one_sentence(r, word)
    assert _state(cli.db) == ([], 0)
    assert llm_server.hits == 0


def test_init_refuses_a_bad_base_url_and_saves_nothing(cli):
    r = cli("init", "--yes", "--provider", "local", "--base-url", "not a url")
    assert r.code == 2
    _one_sentence(r, "not a url")
    assert not (cli.home / "config.toml").exists()
    assert _state(cli.db) == ([], 0)


def test_reading_commands_do_not_create_default(cli):
    for args in (["fans", "list"], ["replies", "list"]):
        r = cli("--json", *args)
        assert r.code == 0 and r.json()["data"] == [], r.stdout
    assert _state(cli.db) == ([], 0)


def test_base_url_error_names_the_url_without_a_double_period(cli):
    from tests.fakes.helpers import closed_port_url

    cli.config("[retry]\nattempts = 1\n")
    url = closed_port_url("/v1")
    r = cli("test-prompt", "hi", "--base-url", url)
    assert r.code == 5
    assert url in r.stderr and ".." not in r.stderr, r.stderr


def _metrics(tmp_path, posted_at: str, revenue: str = "0"):
    path = tmp_path / "posts.csv"
    path.write_text("posted_at,platform,content_type,likes,comments,shares,saves,views,revenue_usd\n"
                    f"{posted_at},instagram,photo,1,2,3,4,100,{revenue}\n")
    return path


@pytest.mark.parametrize("posted_at", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_analyze_dates_at_the_edge_of_time(cli, tmp_path, posted_at):
    r = cli("analyze", str(_metrics(tmp_path, posted_at)))
    assert r.code == 2
    _one_sentence(r, "posted_at")


@pytest.mark.parametrize("revenue", ["inf", "-inf", "nan", "1e400"])
def test_analyze_refuses_non_finite_revenue(cli, tmp_path, revenue):
    r = cli("--json", "analyze", str(_metrics(tmp_path, "2026-11-01T20:00:00Z", revenue)))
    assert r.code == 2 and "revenue_usd" in r.json()["error"]["message"]


def test_analyze_refuses_json_nan_literals(cli, tmp_path):
    path = tmp_path / "posts.json"
    path.write_text('[{"posted_at": "2026-11-01T20:00:00Z", "platform": "instagram", "content_type": "photo", '
                    '"likes": 1, "comments": 1, "shares": 1, "saves": 1, "views": 10, "revenue_usd": Infinity}]')
    r = cli("analyze", str(path))
    assert r.code == 2
    _one_sentence(r, "Infinity")


@pytest.mark.parametrize("command", [["analyze"], ["fans", "import"]])
def test_deeply_nested_json(cli, tmp_path, command):
    path = tmp_path / "nested.json"
    path.write_text("[" * 200_000)
    r = cli(*command, str(path))
    assert r.code == 2
    _one_sentence(r, "nested too deeply")
    assert _state(cli.db) == ([], 0)


@pytest.mark.parametrize("command", [["analyze"], ["fans", "import"]])
def test_a_csv_cell_too_big_for_the_csv_reader(cli, tmp_path, command):
    path = tmp_path / "big.csv"
    path.write_text("id,posted_at,platform,content_type,likes,comments,shares,saves,views\n"
                    f"1,2026-11-01,\"{'x' * 200_000}\",photo,1,1,1,1,1\n")
    r = cli(*command, str(path))
    assert r.code == 2
    _one_sentence(r, "CSV")


def test_fans_import_refuses_non_finite_amounts(cli, tmp_path):
    for value in ("inf", "nan", "1e400"):
        path = tmp_path / "fans.csv"
        path.write_text(f"id,name,total_spent\n1,Al,{value}\n")
        r = cli("fans", "import", str(path))
        assert r.code == 2, r.stderr
        _one_sentence(r, "finite")
    assert _state(cli.db) == ([], 0)


def test_fans_import_refuses_overflowing_numbers_anywhere_in_a_row(cli, tmp_path):
    # 1e400 is valid JSON but parses as inf; stored in a fan's extra fields it broke `fans list --json`.
    path = tmp_path / "fans.json"
    path.write_text('[{"id": "1", "name": "Al", "notes": {"score": 1e400}}]')
    r = cli("fans", "import", str(path))
    assert r.code == 2
    _one_sentence(r, "finite")
    path.write_text('[{"id": {"nested": 1}}]')
    assert cli("fans", "import", str(path)).code == 2
    assert _state(cli.db) == ([], 0)


def test_aggregate_timeframe_of_any_type_is_reported_without_warnings(cli, tmp_path):
    path = tmp_path / "agg.json"
    path.write_text('{"platforms": ["instagram"], "timeframe": {"start": 1, "end": 2}}')
    r = cli("--json", "analyze", str(path))
    assert r.code == 0 and "Warning" not in r.stderr, r.stderr
    assert r.json()["data"]["metrics"]["timeframeStart"] == "1"


@pytest.mark.parametrize("args,word", [
    (["config", "set", "timeout_s", "nan"], "finite"),
    (["config", "set", "breaker.cooldown_s", "inf"], "finite"),
    (["creators", "add", "zz", "--monthly-usd", "inf"], "inf"),
    (["creators", "add", "zz", "--requests-per-hour", "99999999999999999999"], "1,000,000,000"),
    (["logs", "-n", "99999999999999999999"], "--limit"),
    (["logs", "show", "99999999999999999999"], "ID"),
    (["fans", "list", "--creator", "mia", "-n", "99999999999999999999"], "--limit"),
    (["costs", "--since", "99999d"], "100 years"),
    (["costs", "--month", "0000-01"], "YYYY-MM"),
    (["logs", "--since", "10000000000d"], "100 years"),
    (["logs", "prune", "--older-than", "10000000000d"], "100 years"),
    (["costs", "--until", "9999-12-31"], "9999"),
    (["costs", "--since", "0001-01-01T00:00:00+14:00"], "year 1"),
])
def test_out_of_range_values_are_bad_input(cli, args, word):
    assert cli("creators", "add", "mia").code == 0
    r = cli(*args)
    assert r.code == 2, r.stderr
    _one_sentence(r, word)
