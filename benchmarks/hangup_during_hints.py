"""How long a hang-up takes to save while a hint pass is running, against no pass at all (issue 24).

Run: python benchmarks/hangup_during_hints.py   (prints figures; it is not a test)
A hint pass runs in a thread on a copy of the review (`PirtuiApp.start_hint_pass`), so a SIGHUP's save
does not wait for it. Here the pass is held on an event (as tests/test_hints_apart.py does), the
hang-up handler is called, and the time from the signal to the saved file is measured; then the same
with no pass running. Also: what a catastrophic team pattern costs on RE2 against Python's `re`.
"""

from __future__ import annotations

import asyncio
import re
import signal
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pirtui.app import safekeeping  # noqa: E402
from pirtui.app.app import PirtuiApp  # noqa: E402
from pirtui.core import checks, store  # noqa: E402
from pirtui.core.patterns import compile_pattern  # noqa: E402
from pirtui.session import Session  # noqa: E402
from tests.editor_helpers import filled_review  # noqa: E402


async def one_hang_up(hold: bool) -> float:
    """Milliseconds from the hang-up handler to the end of the save."""
    release, started = threading.Event(), threading.Event()
    real = checks.section_hints

    def held(*args, **kwargs):  # type: ignore[no-untyped-def]
        if hold and not release.is_set():
            started.set()
            release.wait(timeout=30)
        return real(*args, **kwargs)

    checks.section_hints = held
    saved: list[float] = []
    real_save = Session.save_on_hang_up

    def timed(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        result = real_save(self, *args, **kwargs)
        saved.append(time.perf_counter())
        return result

    Session.save_on_hang_up = timed  # type: ignore[method-assign]
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "r.toml"
            path.write_text(store.dumps(filled_review()), encoding="utf-8")
            app = PirtuiApp(path=path)
            async with app.run_test(size=(80, 24)) as pilot:
                while app.checker is None or app.checker.hints is None or (hold and not started.is_set()):
                    await pilot.pause(0.01)
                begun = time.perf_counter()
                app._terminated(signal.SIGHUP)
                while not saved:
                    await pilot.pause(0.001)
    finally:
        release.set()
        checks.section_hints = real
        Session.save_on_hang_up = real_save  # type: ignore[method-assign]
    return (saved[0] - begun) * 1000


def main() -> None:
    safekeeping.end_process_later = lambda *args: None  # type: ignore[assignment]
    for hold in (False, True):
        times = [asyncio.run(one_hang_up(hold)) for _ in range(7)]
        label = "a hint pass held" if hold else "no hint pass"
        print(f"hang-up to saved file, {label}: median {statistics.median(times):.1f} ms (max {max(times):.1f}, n=7)")
    victim = "a" * 26 + "!"
    started = time.perf_counter()
    compile_pattern("^(a+)+$").match(victim)
    re2_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    re.match("^(a+)+$", victim, re.IGNORECASE)
    re_ms = (time.perf_counter() - started) * 1000
    print(f"'^(a+)+$' on 26 a's and '!': RE2 {re2_ms:.3f} ms, Python re {re_ms:.0f} ms (doubles per added 'a'; 34 a's: minutes)")


if __name__ == "__main__":
    main()
