"""Headless Chromium driven over the DevTools protocol, for the site's browser tests.

Debian's `chromium` is started with `--remote-debugging-port=0` on loopback; the page's websocket is
spoken with `websockets` (a test extra). The page records every request, console message,
uncaught exception and CSP report, so a test can assert that nothing left the site and nothing
failed. Waits poll a condition in the page with a deadline; nothing sleeps a fixed time.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TIMEOUT = 60.0


class Browser:
    """One headless Chromium with one page; use as a context manager."""

    def __init__(self, profile: Path, width: int = 1100, height: int = 900) -> None:
        from websockets.sync.client import connect

        assert CHROMIUM is not None
        self.process = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
             "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", f"--user-data-dir={profile}",
             f"--window-size={width},{height}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        port = self._port()
        deadline = time.monotonic() + TIMEOUT
        while True:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as answer:
                pages = [t for t in json.load(answer) if t.get("type") == "page"]
            if pages or time.monotonic() > deadline:
                break
        self.ws = connect(pages[0]["webSocketDebuggerUrl"], max_size=None, open_timeout=TIMEOUT).__enter__()
        self.ids = itertools.count(1)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.loaded = False
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")

    def _port(self) -> int:
        assert self.process.stderr is not None
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            line = self.process.stderr.readline()
            found = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            if found:
                return int(found.group(1))
            if not line and self.process.poll() is not None:
                break
        raise RuntimeError("chromium did not start its DevTools endpoint")

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.ws.close()
        finally:
            self.process.kill()
            self.process.wait()

    # -- the protocol ---------------------------------------------------------------------

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Call a DevTools method and return its result, recording the events that arrive meanwhile."""
        number = next(self.ids)
        self.ws.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv(timeout=TIMEOUT))
            if message.get("id") == number:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self._event(message)

    def _event(self, message: dict[str, Any]) -> None:
        method, params = message.get("method"), message.get("params", {})
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.errors.append("console: " + " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"]))
        elif method == "Runtime.exceptionThrown":
            self.errors.append("exception: " + json.dumps(params["exceptionDetails"])[:500])
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            self.errors.append("log: " + params["entry"].get("text", ""))
        elif method == "Network.responseReceived" and params["response"].get("status", 200) >= 400:
            self.errors.append(f"http {params['response']['status']}: {params['response']['url']}")
        elif method == "Page.loadEventFired":
            self.loaded = True

    def pump(self, seconds: float = 0.05) -> None:
        """Take the events that arrived within `seconds` (a poll step, not a wait for anything)."""
        end = time.monotonic() + seconds
        while True:
            try:
                message = json.loads(self.ws.recv(timeout=max(0.0, end - time.monotonic())))
            except TimeoutError:
                return
            self._event(message)

    def open(self, url: str) -> None:
        """Go to a URL and wait for its load event and for the document to be complete."""
        self.loaded = False
        self.send("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete'")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (awaited when it is a promise)."""
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = TIMEOUT) -> Any:
        """Poll a JavaScript expression until it is truthy; its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"never true: {expression}")
            self.pump()

    def key(self, key: str, text: str = "") -> None:
        """Press and release one key, as a keyboard would (keyDown with its text, then keyUp)."""
        codes = {"Tab": 9, "Enter": 13, "Escape": 27, " ": 32, "/": 191}
        code = codes.get(key, ord(key.upper()) if len(key) == 1 else 0)
        down: dict[str, Any] = {"type": "keyDown", "key": key, "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code}
        if text:
            down["text"] = text
        self.send("Input.dispatchKeyEvent", **down)
        self.send("Input.dispatchKeyEvent", type="keyUp", key=key, windowsVirtualKeyCode=code, nativeVirtualKeyCode=code)

    def type(self, words: str) -> None:
        """Type text key by key."""
        for char in words:
            self.key(char, char)

    def width(self, width: int, height: int = 800) -> None:
        """Show the page as a screen `width` CSS pixels wide (a phone: 375)."""
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=True)
