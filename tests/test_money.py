"""huntaze_cli.money: the one rule for dollars shown to people (footers, tables, quota sentences, reports)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import huntaze_cli
from huntaze_cli.money import usd


@pytest.mark.parametrize(("value", "text"), [
    (None, "unpriced"), (0, "$0"), (0.0, "$0"), (1234.5, "$1,234.50"), (1, "$1.00"), (9.5, "$9.50"),
    (0.5, "$0.50"), (0.02, "$0.02"), (0.002, "$0.002"), (0.00064, "$0.00064"), (0.000412, "$0.000412"),
    (0.1234567, "$0.123457"), (0.0000004, "$0.00"), (-2.5, "$-2.50"),
])
def test_dollars_read_the_same_everywhere(value, text):
    assert usd(value) == text


def test_a_small_cost_never_reads_as_zero_cents():
    assert all(usd(v) not in ("$0.00", "$0") for v in (0.000001, 0.00001, 0.0049))


def test_no_other_module_formats_dollars_its_own_way():
    package = Path(huntaze_cli.__file__).parent
    own = re.compile(r"def (money|usd_text|usd)\(")
    found = sorted(str(p.relative_to(package)) for p in package.rglob("*.py") if own.search(p.read_text()))
    # reports/layout's usd() only adds a dash where a figure is missing, then defers to huntaze_cli.money.
    assert found == ["money.py", "reports/layout.py"]
