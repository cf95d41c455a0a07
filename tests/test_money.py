"""Dollar amounts in sentences keep enough decimals to be true."""

from huntaze_cli.money import usd


def test_cents_when_cents_are_exact():
    assert usd(9.99, 10) == ["$9.99", "$10.00"]
    assert usd(0.02) == ["$0.02"]
    assert usd(1234.5) == ["$1,234.50"]


def test_tiny_amounts_are_never_zero():
    assert usd(0, 0.0005) == ["$0.0000", "$0.0005"]
    assert usd(0.000347, 0.0005) == ["$0.000347", "$0.000500"]
    assert usd(0.0000123456) == ["$0.000012"]  # two significant digits when nothing shorter is exact
