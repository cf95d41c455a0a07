"""Amounts from exports: read exactly, or refused when the text could mean two amounts."""

from __future__ import annotations

import pytest

from huntaze_cli.errors import InvalidInput
from huntaze_cli.io.amounts import parse_amount


@pytest.mark.parametrize(("text", "expected"), [("25", 25.0), ("25.5", 25.5), ("1234.50", 1234.5), (".99", 0.99),
                                                (" 7 ", 7.0), (12, 12.0), (12.345, 12.35)])
def test_plain_amounts_need_no_flag(text, expected):
    assert parse_amount(text, "f, row 1", "price") == expected


@pytest.mark.parametrize(("text", "word"), [("25,50", "ambiguous"), ("1,234.50", "ambiguous"), ("1,234", "ambiguous"),
                                            ("$25", "currency"), ("25 €", "currency"), ("25 USD", "currency"),
                                            ("-5", "negative"), ("nan", "finite"), ("1e5", "not a number"),
                                            ("twelve", "not a number"), (True, "not an amount")])
def test_ambiguous_or_foreign_amounts_are_refused_with_the_row(text, word):
    with pytest.raises(InvalidInput) as caught:
        parse_amount(text, "f.csv, row 7", "price")
    assert "f.csv, row 7" in str(caught.value) and word in str(caught.value)


@pytest.mark.parametrize(("text", "expected"), [("25,50", 25.5), ("1.234,50", 1234.5), ("25", 25.0),
                                                ("1.234.567,5", 1234567.5), ("0,99", 0.99)])
def test_decimal_comma_reads_the_other_convention_exactly(text, expected):
    assert parse_amount(text, "f, row 1", "price", decimal_comma=True) == expected


@pytest.mark.parametrize("text", ["25.50", "1,234.50", "1.23,4", "$25,50"])
def test_decimal_comma_refuses_what_it_does_not_describe(text):
    with pytest.raises(InvalidInput, match="row 1"):
        parse_amount(text, "f, row 1", "price", decimal_comma=True)
