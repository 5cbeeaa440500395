"""What hints add to one keystroke's re-check, section by section, on the large review.

Run: python benchmarks/hints.py   (prints figures; it is not a test)
Each keystroke re-checks the section typed in (`IncrementalChecker.update(path, dependents=False)`);
this times that with and without hints, changing the field each time as typing does.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.large_review import large_review  # noqa: E402
from pirtui.core.checks import IncrementalChecker, check  # noqa: E402
from pirtui.core.hints import HintContext  # noqa: E402
from pirtui.core.model import get_path, set_path  # noqa: E402

TYPED_IN = {
    "summary": "summary",
    "timeline": "timeline.1000.event",
    "root_cause": "root_cause.why_it_happened",
    "action_items": "action_items.150.action",
    "lessons": "lessons.learned.0",
}
"""A field of each section that has hints."""


def per_key(checker: IncrementalChecker, path: str, repeat: int = 41) -> float:
    """Median milliseconds of one keystroke's re-check: a letter typed at the end of the field."""
    review = checker.review
    original = str(get_path(review, path))
    times = []
    for i in range(repeat):
        set_path(review, path, original + "x" * (i % 5))
        started = time.perf_counter()
        checker.update(path, dependents=False)
        times.append((time.perf_counter() - started) * 1000)
    set_path(review, path, original)
    return statistics.median(times)


def best(fn, repeat: int = 7) -> float:
    """Best wall time of `fn` in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


def main() -> None:
    review = large_review()
    if not review.lessons.learned:
        review.lessons.learned = ["Pool sizing must follow peak load"]
    started = time.perf_counter()
    plain = IncrementalChecker(review)
    first_plain = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    hinted = IncrementalChecker(review, hints=HintContext())
    first = (time.perf_counter() - started) * 1000
    print(f"large review: {len(review.timeline)} timeline rows, {len(review.action_items)} action items")
    print(f"  whole review, first check: {first_plain:.1f} ms without hints, {first:.1f} ms with (word lists read once)")
    context = HintContext()
    print(f"  whole review, best of 7: {best(lambda: check(review)):.1f} ms without hints, "
          f"{best(lambda: check(review, hints=context)):.1f} ms with")
    for key, path in TYPED_IN.items():
        without, with_hints = per_key(plain, path), per_key(hinted, path)
        print(f"  {key:<13} per key: {without:6.2f} ms without hints, {with_hints:6.2f} ms with")


if __name__ == "__main__":
    main()
