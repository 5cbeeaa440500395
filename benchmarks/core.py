"""Load, check, render and save times of the document core, for a large review and a sample.

Run: python benchmarks/core.py   (prints figures; it is not a test)
Targets (issue 2): check of the large review well under 50 ms (also with the date parsers' caches
cold); a keystroke's re-check in a large timeline a few ms (under 20); save (TOML + Markdown) under 100 ms.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.large_review import large_review  # noqa: E402
from pirtui import store  # noqa: E402
from pirtui.checks import IncrementalChecker, check  # noqa: E402
from pirtui.timeparse import parse_date, parse_when  # noqa: E402
from pirtui.render import render  # noqa: E402


def best_of(fn, repeat: int = 7) -> tuple[float, float]:
    """Best and median wall time of `fn` in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return min(times), statistics.median(times)


def check_cold(review) -> None:
    """A check with nothing cached: the first check after opening a review."""
    parse_when.cache_clear()
    parse_date.cache_clear()
    check(review)


def measure(label: str, review, folder: Path) -> None:
    path = folder / f"{label}.toml"
    store.save(path, review)
    checker = IncrementalChecker(review)
    rows = {
        "load": lambda: store.load(path),
        "check": lambda: check(review),
        "check, cold": lambda: check_cold(review),
        "keystroke": lambda: checker.update(f"timeline.{len(review.timeline) // 2}.event"),
        "render": lambda: render(review),
        "save (toml+md)": lambda: store.save(path, review),
    }
    size = path.stat().st_size + store.markdown_path(path).stat().st_size
    print(f"\n{label}: {len(review.timeline)} timeline rows, {len(review.action_items)} action items, "
          f"{review.appendix.logs.count(chr(10)) + 1} log lines, {size / 1024:.0f} KiB on disk")
    for name, fn in rows.items():
        best, median = best_of(fn)
        print(f"  {name:<16} best {best:7.1f} ms   median {median:7.1f} ms")


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        measure("large", large_review(), folder)
        for sample in sorted((root / "sample_reviews").glob("*.toml"))[:1]:
            measure(sample.stem, store.load(sample), folder)


if __name__ == "__main__":
    main()
