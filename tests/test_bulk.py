"""bulk.read_ahead: a thread pulls the items ahead of the caller, in order; what pulling raises reaches the
caller after the items before it; a caller that stops early stops and joins the thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from huntaze_cli.bulk import read_ahead


def test_items_come_in_order_pulled_by_another_thread() -> None:
    pullers: set[int] = set()

    def items() -> Iterator[int]:
        for n in range(50):
            pullers.add(threading.get_ident())
            yield n

    assert list(read_ahead(items())) == list(range(50))
    assert pullers and threading.get_ident() not in pullers


def test_what_pulling_raises_reaches_the_caller_after_the_items_before_it() -> None:
    def items() -> Iterator[int]:
        yield 1
        yield 2
        raise ValueError("row 3: price 'ten' is not an amount")

    got: list[int] = []
    with pytest.raises(ValueError, match="row 3"):
        for item in read_ahead(items()):
            got.append(item)
    assert got == [1, 2]


def test_a_caller_that_stops_early_stops_the_thread_within_depth() -> None:
    pulled: list[int] = []

    def items() -> Iterator[int]:
        for n in range(10_000):
            pulled.append(n)
            yield n

    before = threading.active_count()
    ahead = read_ahead(items(), depth=2)
    assert next(ahead) == 0
    ahead.close()  # joins the thread
    assert threading.active_count() == before
    # the item taken, `depth` items queued, and one waiting to be queued when the caller stopped
    assert len(pulled) <= 1 + 2 + 1
