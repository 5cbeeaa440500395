"""Two costs on the editor's typing path, on the 2,000-row benchmark review, old and new way in one run.

Run: python benchmarks/typing_costs.py [N]   (prints figures; it is not a test)

1. The copy each hint pass takes of the review once typing pauses (`IncrementalChecker.hint_pass`):
   pydantic's `model_copy(deep=True)` against `pirtui.core.snapshot.snapshot` (new containers, the
   same immutable strings).
2. The status line's count of complete sections, asked on every redraw (`LiveChecks.totals`): every
   section asked afresh (`section_complete`) against the count kept edit by edit; and one keystroke
   with its redraw (the edit's re-check plus the count) both ways, in the summary and in the timeline
   (whose edits ask the detection section again: its metrics are computed from the milestones).
Medians of N runs (default 41), the old and new way interleaved; the load average is printed, since
the machine may be busy.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.large_review import large_review  # noqa: E402
from pirtui.core.checks import section_complete  # noqa: E402
from pirtui.core.live_checks import LiveChecks  # noqa: E402
from pirtui.core.model import get_path, set_path  # noqa: E402
from pirtui.core.snapshot import snapshot  # noqa: E402


def medians(runs: int, **ways: Callable[[int], object]) -> dict[str, float]:
    """Median milliseconds of each way, the ways taking turns run by run (each given the run's index)."""
    times: dict[str, list[float]] = {name: [] for name in ways}
    for i in range(runs):
        for name, way in ways.items():
            started = time.perf_counter()
            way(i)
            times[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(found) for name, found in times.items()}


def show(title: str, found: dict[str, float]) -> None:
    """One line per measure: each way's median, and the new way as a share of the old."""
    old, new = found.values()
    print(f"{title}: " + ", ".join(f"{name} {ms:.3f} ms" for name, ms in found.items()) + f" (new/old {new / old:.2f})")


def main() -> None:
    """Measure and print."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 41
    review = large_review()
    live = LiveChecks(review, date(2024, 2, 1))
    print(f"2,000-row review, median of {runs}, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    show("hint pass copy", medians(runs, deep_copy=lambda i: review.model_copy(deep=True), snapshot=lambda i: snapshot(review)))

    def afresh() -> int:
        return sum(1 for key in live.states if section_complete(review, key))

    assert afresh() == live.totals()[3]
    show("totals() per redraw", medians(runs, every_section=lambda i: afresh(), kept=lambda i: live.totals()))

    for path in ("summary", "timeline.1000.event"):
        original = str(get_path(review, path))

        def typed(i: int, original: str = original, path: str = path) -> None:
            set_path(review, path, original + "x" * (i % 5 + 1))

        def old_way(i: int, path: str = path) -> int:
            typed(i)
            live.checker.update(path, dependents=False)
            live._after_check()  # the states and counts of the edited section (as before)
            return live.totals()[0] + afresh()

        def new_way(i: int, path: str = path) -> int:
            typed(i)
            live.edited(path)
            return sum(live.totals())

        show(f"keystroke + status in {path}", medians(runs, every_section=old_way, kept=new_way))
        set_path(review, path, original)
        live.edited(path)
        assert afresh() == live.totals()[3]


if __name__ == "__main__":
    main()
