"""`fans import` of files that are not what they claim, through the real CLI on both ledgers: ambiguous
amounts, other separators, columns of neither export, extra cells, over-long ids, and two genuine purchases
that agree in everything (kept both, and still stored once when the file is imported again)."""

from __future__ import annotations

from pathlib import Path

import pytest

from huntaze_cli.io.import_limits import MAX_ID_CHARS, MAX_NAME_CHARS
from tests.fakes.postgres import query


@pytest.fixture
def fans_cli(cli, ledger_location):
    """The CLI on a SQLite ledger, then on a PostgreSQL one; `fans_cli.count()` reads the purchases table."""
    if isinstance(ledger_location, str):
        cli.use_postgres(ledger_location)
        location: Path | str = ledger_location
    else:
        location = cli.db

    def count() -> int:
        if isinstance(location, Path) and not location.exists():
            return 0  # refused before the ledger was even made
        if isinstance(location, str) and query(location, "SELECT to_regclass('purchases')")[0][0] is None:
            return 0
        return query(location, "SELECT count(*) FROM purchases")[0][0]

    cli.count = count
    return cli


def _write(tmp_path: Path, text: str, name: str = "p.csv") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize("price", ["25,50", "1,234.50", "$25"])
def test_an_ambiguous_amount_is_refused_with_its_row(fans_cli, tmp_path, price):
    path = _write(tmp_path, f'fan_id,date,item,price\n1,2026-11-01,set,10\n1,2026-11-02,set,"{price}"\n')
    r = fans_cli("fans", "import", path)
    assert r.code == 2 and "row 2" in r.stderr and price in r.stderr and "Traceback" not in r.stderr
    assert fans_cli.count() == 0  # nothing of the file was stored


def test_decimal_comma_reads_the_amounts_exactly(fans_cli, tmp_path):
    path = _write(tmp_path, "fan_id;date;item;price\n1;2026-11-01;set;25,50\n1;2026-11-02;set;1.234,50\n")
    r = fans_cli("fans", "import", path, "--decimal-comma", "--json")
    assert r.code == 0, r.stderr
    assert r.json()["data"]["kind"] == "purchases" and r.json()["data"]["imported"] == 2
    shown = fans_cli("fans", "show", "1", "--json").json()["data"]
    assert (shown["maxPriceUsd"], shown["lifetimeSpendUsd"]) == (1234.5, 1260.0)


@pytest.mark.parametrize("separator", [";", "\t"])
def test_a_semicolon_or_tab_file_is_read_as_the_purchases_it_holds(fans_cli, tmp_path, separator):
    path = _write(tmp_path, separator.join(["fan_id", "date", "item", "price"]) + "\n"
                  + separator.join(["1", "2026-11-01", "set", "25"]) + "\n")
    r = fans_cli("fans", "import", path, "--json")
    assert r.code == 0, r.stderr
    assert r.json()["data"]["kind"] == "purchases" and fans_cli.count() == 1


def test_purchases_without_a_price_are_refused_not_imported_as_fans(fans_cli, tmp_path):
    path = _write(tmp_path, "fan_id,date,item,outcome\n1,2026-11-01,set,bought\n")
    r = fans_cli("fans", "import", path)
    assert r.code == 2 and "fan_id, date, item, outcome" in r.stderr and "no price" in r.stderr
    assert fans_cli("fans", "list", "--json").json()["data"] == []


def test_columns_of_neither_export_are_refused_naming_found_and_expected(fans_cli, tmp_path):
    r = fans_cli("fans", "import", _write(tmp_path, "foo|bar\n1|2\n"))
    assert r.code == 2 and "foo, bar" in r.stderr and "pipe-separated" in r.stderr
    assert "fan_id, date, price" in r.stderr and "id or fan_id" in r.stderr


def test_extra_cells_in_a_row_are_refused_with_the_row(fans_cli, tmp_path):
    path = _write(tmp_path, "fan_id,date,item,price\n1,2026-11-01,set,25\n2,2026-11-01,set,25,50\n")
    r = fans_cli("fans", "import", path)
    assert r.code == 2 and "row 2" in r.stderr and "5 cells" in r.stderr
    assert fans_cli.count() == 0


@pytest.mark.parametrize(("text", "word"), [
    (f"id,name\n{'7' * 100_000},Alex\n", f"at most {MAX_ID_CHARS}"),
    (f"id,name\n{'7' * (MAX_ID_CHARS + 1)},Alex\n", f"at most {MAX_ID_CHARS}"),
    (f"id,name\n7,{'A' * (MAX_NAME_CHARS + 1)}\n", f"at most {MAX_NAME_CHARS}"),
    (f"fan_id,date,price\n{'7' * (MAX_ID_CHARS + 1)},2026-11-01,5\n", f"at most {MAX_ID_CHARS}"),
    (f"fan_id,date,price,order_id\n7,2026-11-01,5,{'x' * (MAX_ID_CHARS + 1)}\n", f"at most {MAX_ID_CHARS}"),
])
def test_ids_and_names_over_their_limits_are_refused(fans_cli, tmp_path, text, word):
    r = fans_cli("fans", "import", _write(tmp_path, text))
    assert r.code == 2 and word in r.stderr and "row 1" in r.stderr
    assert f"{MAX_ID_CHARS} characters" in fans_cli("fans", "import", "--help").stdout


def test_the_limits_are_in_the_readme():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert f"ids (fan, order) {MAX_ID_CHARS} characters" in readme


def test_two_identical_purchases_are_two_and_reimporting_adds_nothing(fans_cli, tmp_path):
    path = _write(tmp_path, "fan_id,date,item,price\n1,2026-11-01,set,25\n1,2026-11-01,set,25\n2,2026-11-01,set,25\n")
    first = fans_cli("fans", "import", path, "--json").json()["data"]
    assert (first["imported"], first["duplicates"]) == (3, 0)
    again = fans_cli("fans", "import", path, "--json").json()["data"]
    assert (again["imported"], again["duplicates"]) == (0, 3)
    # a longer export of the same history: only the third identical purchase is new
    longer = _write(tmp_path, "fan_id,date,item,price\n1,2026-11-01,set,25\n1,2026-11-01,set,25\n"
                    "2,2026-11-01,set,25\n1,2026-11-01,set,25\n", "longer.csv")
    assert fans_cli("fans", "import", longer, "--json").json()["data"]["imported"] == 1
    assert fans_cli.count() == 4
    assert fans_cli("fans", "show", "1", "--json").json()["data"]["purchases"] == 3


def test_order_ids_tell_purchases_apart(fans_cli, tmp_path):
    path = _write(tmp_path, "fan_id,date,item,price,order_id\n1,2026-11-01,set,25,A-1\n1,2026-11-01,set,25,A-2\n"
                  "1,2026-11-01,set,25,A-2\n")
    assert fans_cli("fans", "import", path, "--json").json()["data"]["imported"] == 2  # A-2 listed twice: once
    assert fans_cli("fans", "import", path, "--json").json()["data"]["imported"] == 0
    assert fans_cli.count() == 2
