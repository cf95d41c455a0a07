"""Building hundreds of thousands of small objects at once (an agency's purchase export)."""

from __future__ import annotations

import gc
import queue
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

_END = object()  # the producer's last item


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the block: 200,000 rows of lists, dicts and tuples (none of them in a
    cycle) made it walk every object built so far again and again, 40 % of reading the file. Nested blocks
    leave it to the outermost; it runs again as the block ends, however it ends."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


def read_ahead(items: Iterable[T], depth: int = 2) -> Iterator[T]:
    """`items`, pulled by a thread of their own at most `depth` items ahead of the caller: parsing the next
    rows goes on while the caller waits on its database for the last ones (the wait releases the GIL). What
    pulling raises is raised here, after the items before it. When the caller stops early (an error, a
    Ctrl-C), the thread stops at its next item and is joined before this returns."""
    lists: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                lists.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put(item):
                    return
            put(_END)
        except BaseException as exc:  # handed to the caller, who raises it
            put(_Failed(exc))

    thread = threading.Thread(target=produce, name="huntaze-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            got = lists.get()
            if got is _END:
                return
            if isinstance(got, _Failed):
                raise got.error
            yield got  # type: ignore[misc]
    finally:
        stop.set()
        thread.join()
