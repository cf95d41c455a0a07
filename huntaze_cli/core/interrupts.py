"""Ctrl-C that CPython could not deliver.

A KeyboardInterrupt raised while the interpreter holds an import lock's callback is printed as "Exception
ignored" and dropped (seen when Ctrl-C landed during the SDK's lazy imports): the call then went on as if
nothing had been pressed. The CLI's SIGINT handler notes every Ctrl-C here as well as raising, and the runner
asks before it sends a request, so a dropped one still stops the command before anything is billed.
"""

from __future__ import annotations

import threading

_pressed = threading.Event()


def note() -> None:
    """Called by the SIGINT handler, before it raises."""
    _pressed.set()


def clear() -> None:
    """A new command line starts with no Ctrl-C pending."""
    _pressed.clear()


def pending() -> bool:
    return _pressed.is_set()


def raise_if_pending() -> None:
    """Raise the Ctrl-C now, from the main thread (a batch's workers leave it to the main thread's wait)."""
    if _pressed.is_set() and threading.current_thread() is threading.main_thread():
        raise KeyboardInterrupt
