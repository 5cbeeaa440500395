"""Key bursts: keys that arrive together (over SSH one packet holds many), against a bare Textual app (issue 12).

Run: python benchmarks/bursts.py [--reps N] [--terminal-only] [--base DIR]   (prints figures; it is not a test)
With --base DIR (another commit's checkout with its own venv in DIR/.venv, as for benchmarks/editor.py),
that tree's `pirtui` takes the same Title burst in the same interleaved rounds (issue 21, "speed holds").
Targets, as ratios in the same run: per key within 1.5x of a bare Textual app for 200 Down keys in the
Timeline, 300 characters typed into the Executive Summary, and a 300-character paste; and (issue 26)
300 characters typed in one burst into a one-line field, the Incident Title, within 1.2x of a bare
Input, both in a real terminal.

In the real terminal (a pseudo-terminal, 100x30, the installed `pirtui` on the sample review against
a bare app of a Header, an Input holding the same title and a Footer): once the first screen is up
and the terminal quiet, the 300 characters are written to it in one write, and timed until the
text's last characters show on screen.

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





TITLE_TYPED = (" and the pool ran dry at 14:02" * 10)[:290] + " <END9f3k>"
"""300 characters for the Title; the last ten show up only when every key has been handled."""
BARE_INPUT_MARKER = "bare input ready"


def bare_input_app(value: str):
    """Header, one Input holding `value` (focused, cursor at its end), Footer."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Input, Static

    class BareInputApp(App):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static(BARE_INPUT_MARKER)
            yield Input(value, compact=True)
            yield Footer()

        def on_mount(self) -> None:
            field = self.query_one(Input)
            field.focus()
            field.cursor_position = len(field.value)

    return BareInputApp()


def typed_in_terminal(argv: list[str], ready: str, env: dict[str, str]) -> tuple[float, float]:
    """Seconds from writing TITLE_TYPED to the terminal in one write until its end shows, and the
    CPU seconds the program used meanwhile (steadier than wall time on a loaded machine)."""
    import fcntl
    import os
    import select
    import signal
    import struct
    import subprocess
    import termios

    from benchmarks.editor import _ESCAPES, SIZE, _controlling_tty, _cpu_seconds

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=env["HOME"],
                               start_new_session=True, preexec_fn=_controlling_tty)
    os.close(slave)

    def wait_for(marker: bytes, timeout: float = 60) -> float:
        seen = b""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if select.select([master], [], [], 0.2)[0]:
                try:
                    seen += _ESCAPES.sub(b"", os.read(master, 1 << 16))
                except OSError:
                    break
                if marker in seen:
                    return time.perf_counter()
        raise RuntimeError(f"{marker!r} never appeared: {seen[-300:]!r}")

    try:
        wait_for(ready.encode())
        quiet_since = time.perf_counter()
        while time.perf_counter() - quiet_since < 0.5:  # the first screen settled, hints run
            if select.select([master], [], [], 0.05)[0]:
                os.read(master, 1 << 16)
                quiet_since = time.perf_counter()
        cpu_before = _cpu_seconds(process.pid)
        started = time.perf_counter()
        os.write(master, TITLE_TYPED.encode())
        shown = wait_for(TITLE_TYPED[-10:].encode())
        cpu = _cpu_seconds(process.pid) - cpu_before
        os.write(master, b"\x1b")
        time.sleep(0.1)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
        os.close(master)
    return shown - started, cpu


def terminal_bursts(reps: int, base: Path | None = None) -> dict[str, list[tuple[float, float]]]:
    """Per-key seconds (wall, CPU) of TITLE_TYPED in pirtui's Title ("ours"), in a bare Input
    ("bare") and (with `base`) in the Title of that checkout's pirtui ("base"), interleaved runs."""
    import os

    from benchmarks.editor import PIRTUI, PYTHON, SMALL_SAMPLE
    from pirtui.core import store

    title = store.load(SMALL_SAMPLE).title
    runs: dict[str, list[tuple[float, float]]] = {"ours": [], "bare": [], "base": []}
    with tempfile.TemporaryDirectory() as tmp:
        unwanted = ("NO_COLOR", "TEXTUAL_THEME", "TMUX", "TEXTUAL", "PYTHONDONTWRITEBYTECODE")
        env = {k: v for k, v in os.environ.items() if k not in unwanted}
        env.update(HOME=tmp, XDG_STATE_HOME=str(Path(tmp) / "state"), XDG_CACHE_HOME=str(Path(tmp) / "cache"),
                   XDG_CONFIG_HOME=str(Path(tmp) / "config"), TERM="xterm-256color", COLORTERM="truecolor")
        for rep in range(reps + 1):  # the first round warms byte code and the page cache
            copy = Path(tmp) / f"t-{rep}" / SMALL_SAMPLE.name
            copy.parent.mkdir()
            shutil.copy(SMALL_SAMPLE, copy)
            got = {"ours": typed_in_terminal([PIRTUI, str(copy)], "complete", env),
                   "bare": typed_in_terminal([PYTHON, str(Path(__file__).resolve()), "--bare-input", title],
                                             BARE_INPUT_MARKER, env)}
            if base is not None:
                other = Path(tmp) / f"b-{rep}" / SMALL_SAMPLE.name
                other.parent.mkdir()
                shutil.copy(SMALL_SAMPLE, other)
                got["base"] = typed_in_terminal([str(base.resolve() / ".venv" / "bin" / "pirtui"), str(other)], "complete", env)
            if rep:
                for kind, (wall, cpu) in got.items():
                    runs[kind].append((wall / len(TITLE_TYPED), cpu / len(TITLE_TYPED)))
    return runs


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
    parser.add_argument("--terminal-only", action="store_true", help="only the Title burst in a real terminal")
    parser.add_argument("--bare-input", metavar="VALUE", help="run the bare Input app (used by the benchmark)")
    parser.add_argument("--base", metavar="DIR", type=Path,
                        help="also type into DIR/.venv/bin/pirtui (another commit's checkout) in the same rounds")
    args = parser.parse_args()
    if args.bare_input is not None:
        bare_input_app(args.bare_input).run()
        return
    runs = terminal_bursts(args.reps, args.base)
    ours, bare, based = ([wall for wall, _ in runs[kind]] for kind in ("ours", "bare", "base"))
    ratio = statistics.median(ours) / statistics.median(bare)
    print(f"\n{len(TITLE_TYPED)} characters in one write, real terminal, ms per key, median (best):")
    print(f"  Incident Title {statistics.median(ours) * 1000:6.2f} ({min(ours) * 1000:.2f}), bare Input "
          f"{statistics.median(bare) * 1000:6.2f} ({min(bare) * 1000:.2f}): {ratio:.2f}x <= 1.2x "
          f"{'PASS' if ratio <= 1.2 else 'MISS'}")
    if based:
        against = statistics.median(ours) / statistics.median(based)
        print(f"  --base {args.base}: its Incident Title {statistics.median(based) * 1000:6.2f} "
              f"({min(based) * 1000:.2f}), {statistics.median(based) / statistics.median(bare):.2f}x the bare Input; "
              f"this tree / base {against:.2f}x <= 1.00x {'PASS' if against <= 1.0 else 'MISS'}")
    cpu = {kind: statistics.median(c for _, c in values) * 1000 for kind, values in runs.items() if values}
    print("  CPU per key, median: " + ", ".join(f"{kind} {value:.3f} ms" for kind, value in cpu.items())
          + (f"; this tree / base {cpu['ours'] / cpu['base']:.2f}x" if "base" in cpu else ""))
    if args.terminal_only:
        return
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
