"""parse_purchases reads a full CSV row by index (its fast path) and anything else by the general path: both
give the same offers, and a bad cell is refused with its row number either way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from huntaze_cli.errors import InvalidInput
from huntaze_cli.io import importers
from huntaze_cli.io.records import read_table

ROWS = """fan_id,date,item,price,outcome,order_id
 1042 ,2026-03-01,beach set,25,bought,
1042,2026-03-01,beach set,25,bought,
1042,2026-03-01,beach set,25,bought,A-7
77,2026-03-02T10:00:00Z,,9.99,declined,
77,2026-03-02,video,0,,
77,2026-03-02,video,0
88,2026-03-05,  video  ,15,sold,A-7
"""


def _general(path: Path) -> list[dict[str, Any]]:
    """The same file through the general path only (every row as if its cells could be of any type)."""
    table = read_table(str(path))
    at = importers._indexes(table, {"fan_id": importers.FAN_ID, **importers.PURCHASE_COLUMNS})
    check, ranks = importers._Checks(str(path), False), {}
    return [importers._offer(row, n, at, check, ranks, str(path)) for n, row in enumerate(table.lists(), 1)]


def test_the_fast_path_reads_what_the_general_path_reads(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(ROWS)
    offers = importers.parse_export(str(path)).rows
    assert offers == _general(path)
    assert [o["order_ref"] for o in offers] == ["", "#2", "A-7", "", "", "#2", "A-7"]
    assert [o["bought"] for o in offers] == [True, True, True, False, True, True, True]
    assert offers[0]["fan_id"] == "1042" and offers[3]["item"] == "" and offers[6]["item"] == "video"


@pytest.mark.parametrize(("row", "message"), [
    ("1042,2026-03-01,set,$25,bought,", "row 3: "),
    ("1042,,set,25,bought,", "row 3: no date"),
    (",2026-03-01,set,25,bought,", "row 3: no fan id"),
    ("1042,2026-03-01,set,25,maybe,", "row 3: outcome 'maybe'"),
    ("1042,2026-03-01," + "x" * 600 + ",25,bought,", "row 3: the item is 600 characters long"),
    ("1042,1999-01-01,set,25,bought,", "row 3: date '1999-01-01' is out of range"),
    ("1042,2026-03-01,set,25,bought," + "o" * 500, "row 3: the order id is 500 characters long"),
])
def test_a_bad_cell_is_refused_with_its_row(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "p.csv"
    path.write_text("fan_id,date,item,price,outcome,order_id\n1042,2026-03-01,set,25,bought,\n"
                    f"1042,2026-03-02,set,25,bought,\n{row}\n")
    with pytest.raises(InvalidInput) as caught:
        importers.parse_export(str(path))
    assert message in str(caught.value)
