"""Large tables in the editor: going to the Timeline, F2 on it, and the memory it takes, by size (issue 12).

Run: python benchmarks/tables.py [--reps N]   (prints figures; it is not a test)
Targets, in the same run: going to a Timeline of 50,000 rows within 0.5 s and 60 MiB over the review
of 10 rows; F2 (show or hide the section list) on that Timeline within 100 ms.

Each repetition runs in a fresh process (headless, `run_test` at 80x24): the review is opened, then
"go to Timeline" is timed from `goto_section` until the table is on screen and drawn, then F2 from the
key press (through Pilot, which waits for the app to idle) until the section list shows; F2 on the
first section, which has no table, is printed beside it as what F2 costs anyway. Memory is the process's VmRSS after the Timeline is drawn,
minus the same for the 10-row review.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10, 2000, 50000)


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def _one(path: Path) -> dict[str, float]:
    from pirtui.app.app import PirtuiApp
    from pirtui.screens.section import SectionScreen
    from pirtui.widgets.editable_table import EditableTable

    app = PirtuiApp(path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        while not (isinstance(app.screen, SectionScreen) and app.screen.query("FieldEditor")):
            await pilot.pause()
        await pilot.pause()
        bare_f2 = await _f2(app, pilot)
        await pilot.press("f2")  # hide it again
        await pilot.pause()
        started = time.perf_counter()
        app.goto_section("timeline")
        while not app.screen.query(EditableTable):
            await pilot.pause(0)
        await pilot.pause()
        goto = time.perf_counter() - started
        rss = _rss_mib()
        table = app.screen.query_one(EditableTable)
        table.focus()
        await pilot.pause()
        f2 = await _f2(app, pilot)
        return {"goto": goto * 1000, "f2": f2, "f2 first section": bare_f2, "rss": rss, "rows": table.row_count}


async def _f2(app, pilot) -> float:
    """Milliseconds from pressing F2 until the section list has changed and the screen is drawn."""
    from pirtui.widgets.section_list import SectionList

    shown = app.screen.query_one(SectionList).display
    started = time.perf_counter()
    await pilot.press("f2")
    while app.screen.query_one(SectionList).display == shown:
        await pilot.pause(0)
    await pilot.pause()
    return (time.perf_counter() - started) * 1000


def child(path: str) -> None:
    import asyncio

    print(json.dumps(asyncio.run(_one(Path(path)))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5, help="repetitions (fresh processes) per size")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    sys.path.insert(0, str(ROOT))
    from benchmarks.large_review import large_review
    from pirtui.core import store

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, XDG_STATE_HOME=str(Path(tmp) / "state"), XDG_CONFIG_HOME=str(Path(tmp) / "config"),
                   XDG_CACHE_HOME=str(Path(tmp) / "cache"))
        results: dict[int, list[dict[str, float]]] = {}
        for size in SIZES:
            path = Path(tmp) / f"timeline-{size}.toml"
            store.atomic_write(path, store.dumps(large_review(size)))
        for rep in range(args.reps + 1):  # the first round warms byte code and the page cache
            for size in SIZES:
                copy = Path(tmp) / f"run-{rep}-{size}" / "review.toml"
                copy.parent.mkdir()
                copy.write_bytes((Path(tmp) / f"timeline-{size}.toml").read_bytes())
                out = subprocess.run([sys.executable, __file__, "--child", str(copy)], capture_output=True,
                                     text=True, env=env, cwd=ROOT, check=True).stdout
                if rep:
                    results.setdefault(size, []).append(json.loads(out.strip().splitlines()[-1]))

    def median(size: int, key: str) -> float:
        return statistics.median(r[key] for r in results[size])

    print(f"\npirtui tables benchmark: {args.reps} fresh processes per size, 80x24, medians (best)")
    print(f"{'timeline rows':>14} {'go to Timeline':>18} {'F2 on it':>16} {'RSS after':>16}")
    for size in SIZES:
        best_goto = min(r["goto"] for r in results[size])
        best_f2 = min(r["f2"] for r in results[size])
        print(f"{size:>14,} {median(size, 'goto'):9.0f} ({best_goto:4.0f}) ms {median(size, 'f2'):7.0f} ({best_f2:4.0f}) ms "
              f"{median(size, 'rss'):9.1f} MiB")
    big, small = SIZES[-1], SIZES[0]
    goto, f2 = median(big, "goto"), median(big, "f2")
    extra = median(big, "rss") - median(small, "rss")
    print(f"\ngo to a Timeline of {big:,} rows: {goto:.0f} ms (target <= 500 ms) {'PASS' if goto <= 500 else 'MISS'}")
    print(f"  memory over the {small}-row review: {extra:.1f} MiB (target <= 60 MiB) {'PASS' if extra <= 60 else 'MISS'}")
    print(f"F2 on that Timeline: {f2:.0f} ms (target <= 100 ms) {'PASS' if f2 <= 100 else 'MISS'}; "
          f"F2 on the first section of the same review (no table): {median(big, 'f2 first section'):.0f} ms")


if __name__ == "__main__":
    main()
