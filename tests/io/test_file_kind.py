"""Telling a fan export from purchase history by its columns, and reading CSV whatever its separator."""

from __future__ import annotations

import pytest

from huntaze_cli.errors import InvalidInput
from huntaze_cli.io.file_kind import classify
from huntaze_cli.io.records import detect_delimiter, read_table


@pytest.mark.parametrize(("columns", "kind"), [
    (["fan_id", "date", "item", "price", "outcome"], "purchases"),
    (["Fan ID", "Purchase Date", "Amount"], "purchases"),
    (["id", "name", "tier", "total_spent"], "fans"),
    (["id"], "fans"),
    (["id", "name", "status"], "fans"),  # a subscription status beside a name is a fan export
])
def test_the_kind_comes_from_the_columns(columns, kind):
    assert classify(columns, "auto", "f.csv", "comma-separated CSV") == kind


def test_purchase_history_without_a_price_is_refused_not_imported_as_fans():
    with pytest.raises(InvalidInput) as caught:
        classify(["fan_id", "date", "item", "outcome"], "auto", "p.csv", "comma-separated CSV")
    text = str(caught.value)
    assert "fan_id, date, item, outcome" in text and "no price" in text and "--kind fans" in text


def test_columns_that_fit_neither_are_named_with_the_expected_ones():
    with pytest.raises(InvalidInput) as caught:
        classify(["foo", "bar"], "auto", "x.csv", "semicolon-separated CSV")
    text = str(caught.value)
    assert "foo, bar" in text and "semicolon-separated" in text
    assert "fan_id, date, price" in text and "id or fan_id" in text


def test_a_column_twice_is_refused():
    with pytest.raises(InvalidInput, match="twice"):
        classify(["fan_id", "Price", "price", "date"], "auto", "x.csv", "comma-separated CSV")


@pytest.mark.parametrize(("header", "delimiter"), [("fan_id,date,price", ","), ("fan_id;date;price", ";"),
                                                   ("fan_id\tdate\tprice", "\t"), ("fan_id|date|price", "|"),
                                                   ("id", ",")])
def test_the_separator_is_detected_from_the_header(header, delimiter):
    assert detect_delimiter(header) == delimiter


def test_a_semicolon_file_reads_into_its_columns(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text('fan_id;date;item;price\n1;2026-11-01;"set; part 2";25\n')
    table = read_table(str(path))
    assert table.columns == ["fan_id", "date", "item", "price"] and table.layout == "semicolon-separated CSV"
    assert table.rows == [{"fan_id": "1", "date": "2026-11-01", "item": "set; part 2", "price": "25"}]


def test_extra_cells_are_refused_with_the_row(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("fan_id,date,price\n1,2026-11-01,25\n\n2,2026-11-02,25,50\n")
    with pytest.raises(InvalidInput) as caught:
        read_table(str(path))
    assert "row 2:" in str(caught.value) and "4 cells" in str(caught.value) and "3 columns" in str(caught.value)
