"""Ctrl-C that CPython could not deliver.

A KeyboardInterrupt raised while the interpreter holds an import lock's callback is printed as "Exception
ignored" and dropped (seen when Ctrl-C landed during the SDK's lazy imports): the call then went on as if
nothing had been pressed. The CLI's SIGINT handler notes every Ctrl-C here as well as raising, and the runner
asks before it sends a request, so a dropped one still stops the command before anything is billed.
"""

from __future__ import annotations

# A plain flag, not a threading.Event: signal handlers run in the main thread only, and this module is on
# every command's start-up path (threading itself is ~1.5 ms of it).
_pressed: list[bool] = []


def note() -> None:
    """Called by the SIGINT handler, before it raises."""
    _pressed.append(True)


def clear() -> None:
    """A new command line starts with no Ctrl-C pending."""
    _pressed.clear()


def pending() -> bool:
    return bool(_pressed)


def raise_if_pending() -> None:
    """Raise the Ctrl-C now, from the main thread (a batch's workers leave it to the main thread's wait)."""
    if not _pressed:
        return
    import threading  # loaded long before any request is sent

    if threading.current_thread() is threading.main_thread():
        raise KeyboardInterrupt
