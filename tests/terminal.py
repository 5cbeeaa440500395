"""Drive the installed `pirtui` in a real terminal: tmux, keys and screen captures.

The headless Pilot driver is not the real one; these helpers run the console script the way a user
does, so start-up, the Linux driver, key sequences through tmux and signals are covered.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

PIRTUI = str(Path(sys.executable).parent / "pirtui")


def tmux_available() -> bool:
    """Whether tmux is installed (.ci/run installs it from Debian's packages)."""
    return shutil.which("tmux") is not None


class Terminal:
    """One tmux server with one session running a command, on its own socket."""

    def __init__(
        self, args: list[str], cwd: Path, env: dict[str, str], width: int = 100, height: int = 30, then: str = ""
    ):
        """Run `pirtui ARGS`; `then`, a shell command, runs in the same pane once pirtui has ended
        (the pane's process is then the shell, not pirtui)."""
        self.socket = f"pirtui-test-{uuid.uuid4().hex[:8]}"
        self.session = "t"
        full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TEXTUAL_THEME", "TMUX")}
        full_env.update(env)
        full_env.setdefault("TERM", "xterm-256color")
        command = " ".join(_quote(a) for a in [PIRTUI, *args])
        if then:
            command = f"{command}; {then}"
        self._tmux(
            "new-session", "-d", "-s", self.session, "-x", str(width), "-y", str(height), "-c", str(cwd),
            *[item for k, v in env.items() for item in ("-e", f"{k}={v}")],
            command,
            env=full_env,
        )
        self._tmux("set-option", "-t", self.session, "remain-on-exit", "on")
        self.pid = int(self._tmux("display-message", "-p", "-t", self.session, "#{pane_pid}").strip())

    def _tmux(self, *args: str, env: dict[str, str] | None = None) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, env=env, timeout=20
        )
        if result.returncode != 0:
            raise RuntimeError(f"tmux {args[0]} failed: {result.stderr.strip()}")
        return result.stdout

    def screen(self, styled: bool = False) -> str:
        """The visible text of the terminal; `styled` keeps the escape sequences of its colours and styles."""
        return self._tmux("capture-pane", "-p", *(["-e"] if styled else []), "-t", self.session)

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        """Wait until `text` is on screen; fail with the screen's contents otherwise."""
        return self.wait_until(lambda screen: text in screen, f"{text!r} did not appear on screen", timeout)

    def wait_until(
        self, condition: Callable[[str], bool], failure: str, timeout: float = 30.0, styled: bool = False
    ) -> str:
        """Wait until `condition(screen)` holds and return that screen; fail with `failure` and the screen."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen(styled)
            if condition(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{failure}:\n{screen!r}" if styled else f"{failure}:\n{screen}")

    def go_to(self, heading: str, shown: str = "") -> str:
        """Go to a section through the command palette; wait until `shown` (its title) is on screen."""
        self.keys("C-p")
        self.wait_for("Search for commands")
        self.type(f"Go to {heading}")
        self.wait_for(f"Go to {heading}")
        self.keys("Enter")
        return self.wait_for(shown or f"— {heading}")

    def keys(self, *keys: str) -> None:
        """Send tmux key names ("C-p", "Enter", "Escape", "F1")."""
        self._tmux("send-keys", "-t", self.session, *keys)

    def type(self, text: str) -> None:
        """Type literal text."""
        self._tmux("send-keys", "-t", self.session, "-l", text)

    def paste(self, text: str, folder: Path) -> None:
        """Paste `text` as a terminal does, in bracketed-paste markers (tmux load-buffer + paste-buffer -p).

        The text goes through a file in `folder`, so it arrives byte for byte.
        """
        buffer = folder / f"paste-{uuid.uuid4().hex[:8]}.txt"
        buffer.write_text(text, encoding="utf-8")
        self._tmux("load-buffer", str(buffer))
        self._tmux("paste-buffer", "-p", "-t", self.session)

    def alive(self) -> bool:
        """Whether the program in the pane is still running."""
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        dead = self._tmux("display-message", "-p", "-t", self.session, "#{pane_dead}").strip()
        return dead != "1"

    def wait_exit(self, timeout: float = 30.0) -> float:
        """Seconds until the program ended; fails if it did not end within `timeout`."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if not self.alive():
                return time.monotonic() - started
            time.sleep(0.05)
        raise AssertionError(f"pirtui still running after {timeout} s")

    def close(self) -> None:
        """Stop the tmux server (and whatever still runs in it)."""
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=20)


def _quote(arg: str) -> str:
    return "'" + arg.replace("'", "'\\''") + "'"
