"""Debian's headless Chromium driven over the DevTools protocol (a websocket per page), for the report tier.

It loads a file, records every network request the page makes, every console error and uncaught exception,
measures the charts, and takes screenshots at a given viewport. No browser is downloaded: it is
/usr/bin/chromium or nothing, and `.ci/run` installs it.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from base64 import b64decode
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REQUIRE_ENV = "HUNTAZE_REQUIRE_REAL_PEERS"
DEVTOOLS_LINE = re.compile(r"DevTools listening on (ws://\S+)")
START_SECONDS = 30.0
LOAD_SECONDS = 30.0
SETTLE_MS = 300

# Every SVG element of one chart counts once; a chart "rendered" when its box has width and height.
MEASURE_CHARTS = """(() => {
  const nested = e => e.parentElement && e.parentElement.closest('svg');
  const charts = [...document.querySelectorAll('svg, canvas')].filter(e => !nested(e));
  return charts.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; });
})()"""
PAGE_WIDTHS = "[document.documentElement.scrollWidth, window.innerWidth]"


class Unavailable(Exception):
    """No Chromium on this machine (the one reason the browser tier may skip)."""


def required() -> bool:
    return os.environ.get(REQUIRE_ENV) == "1"


def executable() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise Unavailable("Debian's chromium is not installed (apt-get install chromium)")
    return found


@dataclass
class PageVisit:
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    charts: list[tuple[float, float]] = field(default_factory=list)
    scroll_width: int = 0
    viewport_width: int = 0


class Browser:
    """One headless Chromium process with one page; use as a context manager."""

    def __init__(self) -> None:
        self._profile = tempfile.mkdtemp(prefix="huntaze-chromium-")
        self._process = subprocess.Popen(
            [executable(), "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--remote-debugging-port=0", f"--user-data-dir={self._profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self._ids = itertools.count(1)
        self._events: list[dict[str, Any]] = []
        self._socket = self._connect(self._devtools_url())

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *_: object) -> None:
        self._socket.close()
        self._process.kill()
        self._process.wait()
        shutil.rmtree(self._profile, ignore_errors=True)

    def _devtools_url(self) -> str:
        assert self._process.stderr is not None
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            line = self._process.stderr.readline()
            if not line and self._process.poll() is not None:
                break
            if found := DEVTOOLS_LINE.search(line):
                return found.group(1)
        raise RuntimeError("Chromium did not print its DevTools address")

    def _connect(self, browser_url: str) -> Any:
        from urllib.request import urlopen

        from websockets.sync.client import connect

        port = browser_url.split(":")[2].split("/")[0]
        with urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as answer:
            pages = [t for t in json.load(answer) if t["type"] == "page"]
        socket = connect(pages[0]["webSocketDebuggerUrl"], max_size=None, open_timeout=10, legacy=True)
        self._socket = socket
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        return socket

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        ident = next(self._ids)
        self._socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self._socket.recv(timeout=LOAD_SECONDS))
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self._events.append(message)

    def _wait_for(self, event: str) -> None:
        deadline = time.monotonic() + LOAD_SECONDS
        while not any(e.get("method") == event for e in self._events):
            if time.monotonic() > deadline:
                raise RuntimeError(f"Chromium sent no {event}")
            self._events.append(json.loads(self._socket.recv(timeout=LOAD_SECONDS)))

    def visit(self, path: Path, *, width: int, height: int, mobile: bool = False) -> PageVisit:
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=2 if mobile else 1, mobile=mobile)
        self._events.clear()
        self.call("Page.navigate", url=path.resolve().as_uri())
        self._wait_for("Page.loadEventFired")
        # A moment for late reports (an exception or a request made after load) to reach the socket.
        self.call("Runtime.evaluate", expression=f"new Promise(done => setTimeout(done, {SETTLE_MS}))",
                  awaitPromise=True)
        visit = PageVisit()
        visit.charts = [tuple(box) for box in self.evaluate(MEASURE_CHARTS)]
        visit.scroll_width, visit.viewport_width = self.evaluate(PAGE_WIDTHS)
        for event in self._events:
            visit.requests.extend(_request(event))
            visit.errors.extend(_error(event))
        visit.requests = [url for url in visit.requests if url != path.resolve().as_uri()]
        return visit

    def evaluate(self, expression: str) -> Any:
        answer = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in answer:
            raise RuntimeError(f"the page could not evaluate {expression!r}: {answer['exceptionDetails']}")
        return answer["result"]["value"]

    def screenshot(self, to: Path) -> Path:
        to.write_bytes(b64decode(self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]))
        return to

    def print_pdf(self, to: Path) -> Path:
        to.write_bytes(b64decode(self.call("Page.printToPDF", printBackground=True)["data"]))
        return to


def _request(event: dict[str, Any]) -> list[str]:
    if event.get("method") == "Network.requestWillBeSent":
        return [event["params"]["request"]["url"]]
    return []


def _error(event: dict[str, Any]) -> list[str]:
    method, params = event.get("method"), event.get("params", {})
    if method == "Runtime.exceptionThrown":
        details = params["exceptionDetails"]
        return [f"{details.get('text', '')} {(details.get('exception') or {}).get('description', '')}".strip()]
    if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
        return [json.dumps(params.get("args"))[:500]]
    if method == "Log.entryAdded" and params["entry"].get("level") == "error":
        return [params["entry"].get("text", "")]
    return []
