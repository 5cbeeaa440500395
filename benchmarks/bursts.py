"""Key bursts: keys that arrive together (over SSH one packet holds many), against a bare Textual app (issue 12).

Run: python benchmarks/bursts.py [--reps N]   (prints figures; it is not a test)
Targets, as ratios in the same run: per key within 1.5x of a bare Textual app for 200 Down keys in the
Timeline, 300 characters typed into the Executive Summary, and a 300-character paste.

Each burst is posted to the app's queue all at once, as the terminal driver does with the keys of one
read (headless, `run_test` at 80x24, the 2,000-row review); it is timed until the last key's effect
shows (the cursor on row 200, the text whole) and the screen has been drawn once more. The bare app
is a Header, a TextArea, a DataTable of the same 2,000 rows and a Footer.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DOWNS = 200
TYPED = ("The pool ran dry at 14:02; " * 20)[:300]
PASTED = ("Rolled back the config push and the errors stopped. " * 10)[:300]


def bare_app(rows: list[tuple[str, str]]):
    """Header, TextArea, DataTable with the review's timeline rows, Footer: the yardstick."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header, TextArea

    class BareApp(App):
        def compose(self) -> ComposeResult:
            yield Header()
            yield TextArea()
            yield DataTable(cursor_type="row")
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Time", "Event")
            table.add_rows(rows)

    return BareApp()


async def _burst(app, pilot, keys) -> None:
    from textual import events

    for key in keys:
        app.post_message(events.Paste(key[6:]) if key.startswith("paste:") else
                         events.Key(key, key if len(key) == 1 else ("\r" if key == "enter" else None)))


async def _wait(pilot, done) -> None:
    give_up = time.perf_counter() + 60
    while not done():
        if time.perf_counter() > give_up:
            raise RuntimeError("the burst never finished")
        await asyncio.sleep(0.0005)
    await pilot.pause()





async def pirtui_bursts(path: Path) -> dict[str, float]:
    from pirtui.app.app import PirtuiApp
    from pirtui.screens.section import SectionScreen
    from pirtui.widgets.editable_table import EditableTable
    from textual.widgets import TextArea

    times = {}
    app = PirtuiApp(path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        while not (isinstance(app.screen, SectionScreen) and app.screen.query("FieldEditor")):
            await pilot.pause()
        app.goto_section("timeline")
        while not app.screen.query(EditableTable):
            await pilot.pause()
        table = app.screen.query_one(EditableTable)
        table.focus()
        await pilot.pause()
        started = time.perf_counter()
        await _burst(app, pilot, ["down"] * DOWNS)
        await _wait(pilot, lambda: table.cursor_row == DOWNS)
        times["down"] = time.perf_counter() - started

        app.goto_section("summary")
        while not app.screen.query(TextArea):
            await pilot.pause()
        area = app.screen.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.pause()
        before = area.text
        started = time.perf_counter()
        await _burst(app, pilot, list(TYPED))
        await _wait(pilot, lambda: area.text == before + TYPED)
        times["type"] = time.perf_counter() - started

        before = area.text
        started = time.perf_counter()
        await _burst(app, pilot, ["paste:" + PASTED])
        await _wait(pilot, lambda: area.text == before + PASTED)
        times["paste"] = time.perf_counter() - started
    return times


async def bare_bursts(rows: list[tuple[str, str]]) -> dict[str, float]:
    from textual.widgets import DataTable, TextArea

    times = {}
    app = bare_app(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        table.focus()
        await pilot.pause()
        started = time.perf_counter()
        await _burst(app, pilot, ["down"] * DOWNS)
        await _wait(pilot, lambda: table.cursor_row == DOWNS)
        times["down"] = time.perf_counter() - started

        area = app.query_one(TextArea)
        area.focus()
        await pilot.pause()
        started = time.perf_counter()
        await _burst(app, pilot, list(TYPED))
        await _wait(pilot, lambda: area.text == TYPED)
        times["type"] = time.perf_counter() - started

        started = time.perf_counter()
        await _burst(app, pilot, ["paste:" + PASTED])
        await _wait(pilot, lambda: area.text == TYPED + PASTED)
        times["paste"] = time.perf_counter() - started
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5, help="repetitions of each burst")
    args = parser.parse_args()
    from benchmarks.large_review import large_review
    from pirtui.core import store

    review = large_review()
    rows = [(row.time, row.event) for row in review.timeline]
    results: dict[str, dict[str, list[float]]] = {"bare": {}, "pirtui": {}}
    with tempfile.TemporaryDirectory() as tmp:
        import os

        os.environ["XDG_STATE_HOME"] = str(Path(tmp) / "state")
        source = Path(tmp) / "large.toml"
        store.atomic_write(source, store.dumps(review))
        for rep in range(args.reps + 1):  # the first round warms imports and Textual's caches
            copy = Path(tmp) / f"run-{rep}" / "large.toml"
            copy.parent.mkdir()
            shutil.copy(source, copy)
            for kind, run in (("bare", lambda: bare_bursts(rows)), ("pirtui", lambda: pirtui_bursts(copy))):
                times = asyncio.run(run())
                if rep:
                    for key, value in times.items():
                        results[kind].setdefault(key, []).append(value)

    print(f"\npirtui key bursts: {args.reps} repetitions, 80x24, the 2,000-row review; "
          "ms per key, median (best); ratio = median pirtui / median bare")
    print(f"{'burst':<36} {'bare':>16} {'pirtui':>16} {'ratio':>7} target")
    for key, label, count in (("down", f"{DOWNS} Down keys, Timeline", DOWNS),
                              ("type", f"{len(TYPED)} characters, Executive Summary", len(TYPED)),
                              ("paste", f"a {len(PASTED)}-character paste (whole)", 1)):
        bare = [v * 1000 / count for v in results["bare"][key]]
        ours = [v * 1000 / count for v in results["pirtui"][key]]
        ratio = statistics.median(ours) / statistics.median(bare)
        print(f"{label:<36} {statistics.median(bare):8.2f} ({min(bare):5.2f}) {statistics.median(ours):8.2f} "
              f"({min(ours):5.2f}) {ratio:6.2f}x <= 1.5x {'PASS' if ratio <= 1.5 else 'MISS'}")


if __name__ == "__main__":
    main()
