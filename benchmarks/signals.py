"""How long the installed `pirtui` takes to save and end after SIGHUP, SIGTERM or a closed pane.

Run: python benchmarks/signals.py [--reps 5]   (prints figures; it is not a test)
The tests (tests/test_terminal_signals.py) check that the words are saved and that pirtui ends by
itself; the promise that it is gone within two seconds of losing its terminal is measured here, in
tmux, from the signal to the process's end (a zombie counts as ended).
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pirtui.core import store  # noqa: E402
from pirtui.core.model import new_review  # noqa: E402
from tests.terminal import Terminal  # noqa: E402

PROMISE = 2.0
"""Seconds: pirtui is gone within two seconds of losing its terminal."""


def _ended(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


def one_run(how: str) -> float:
    """Seconds from the signal (or the pane closing) to pirtui's end, after typing into the Title."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "inc-2024-042.toml"
        review = new_review("INC-2024-042", "2024-03-02")
        review.title = "Checkout latency"
        store.save(path, review)
        env = {"XDG_STATE_HOME": folder, "XDG_CONFIG_HOME": folder}
        term = Terminal([path.name], cwd=path.parent, env=env)
        try:
            term.wait_for("— Incident Information")
            term.keys("End")
            term.type(" typed")
            term.wait_for(" typed")
            started = time.monotonic()
            if how == "closed pane":
                term.close()
            else:
                os.kill(term.pid, getattr(signal, how))
            while not _ended(term.pid):
                time.sleep(0.005)
            return time.monotonic() - started
        finally:
            term.close()


def main() -> None:
    """Print the median and worst time to end for each way of losing the terminal."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=5)
    reps = parser.parse_args().reps
    print(f"{'how':<12} {'median s':>9} {'worst s':>8}  promise {PROMISE} s")
    for how in ("SIGHUP", "SIGTERM", "closed pane"):
        times = [one_run(how) for _ in range(reps)]
        verdict = "met" if max(times) < PROMISE else "NOT met"
        print(f"{how:<12} {statistics.median(times):>9.3f} {max(times):>8.3f}  {verdict}")


if __name__ == "__main__":
    main()
