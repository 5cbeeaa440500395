"""The editor against a bare Textual app: first screen, keystroke cost and memory (issue 3).

Run: python benchmarks/editor.py [--reps N]   (prints figures; it is not a test)

Targets, as ratios measured in the same run:
- first screen of the sample review and of a review with 2,000 timeline rows and 300 action items
  within 1.25x of the floor (below) (issue 26; issue 12 asked 1.15x, and 1.25x for a review with
  50,000 timeline rows, which is measured too);
- a keystroke in that review within 1.2x of a keystroke in a small review;
- memory with that review open within 1.4x of the bare app (issue 26; it was 1.5x).

How each figure is taken:
- "first screen, real terminal": `pirtui FILE` and the bare app run as real processes in a pseudo-
  terminal; the time from spawning to a marker text of the finished first screen appearing in the
  terminal output. This is what a user waits for, imports included.
- "first screen, in process": App construction (which loads the file) to the first screen composed
  plus one `pilot.pause()`, headless, imports already done. Wall time includes the pause's 20 ms
  idle wait; CPU time does not.
- "keystroke": CPU time of `pilot.press` per key (its wall time is mostly Textual's idle waits),
  typing in the Incident Title Input and the Executive Summary TextArea.
- "memory": VmRSS of the real-terminal processes once the first screen shows.
- "floor": the editor's first screen (Header, section list, the first section's labels, Inputs and
  Selects, Footer) rebuilt from plain Textual widgets, with no pydantic, no file and no pirtui code,
  run in the terminal like the others. What it costs over the bare app is Textual's own price for
  that screen; what the editor costs over the floor is pirtui's.

With `--base DIR` (a checkout of another commit with its own venv in DIR/.venv, e.g. the commit
before templates were data: `git archive 87d8342 | tar -x -C DIR`, then `python3 -m venv .venv &&
.venv/bin/pip install -e .` there), that tree's `pirtui` opens the same reviews in the same
interleaved rounds, and the rows marked "base" compare the two (issue 21, "speed holds").

This file imports only the standard library at the top, so that `--bare` (the bare app run in the
terminal) pays for Textual's imports and nothing else.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PIRTUI = str(Path(sys.executable).parent / "pirtui")
SMALL_SAMPLE = ROOT / "sample_reviews" / "inc-2024-042-slow-search.toml"
SIZE = (100, 30)
"""Terminal size for every run: wide enough for the section list beside the form."""
BARE_MARKER = "bare app ready"
FLOOR_MARKER = "floor ready"
REVIEW_MARKER = "complete"
"""Shown by the status line, which the editor fills in last when a section screen comes up."""
TYPED = "The quick brown fox jumps "
TARGETS = {"first screen": 1.3, "against the floor": 1.25, "huge against the floor": 1.25, "keystroke": 1.2,
           "memory": 1.4}
HUGE_ROWS = 50000


# -- the bare app --------------------------------------------------------------------------------


def bare_app():
    """A bare Textual app with a Header, an Input, a DataTable and a Footer: the yardstick."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header, Input

    class BareApp(App):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Input(BARE_MARKER)
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            self.query_one(DataTable).add_columns("Time", "Event")

    return BareApp()


def floor_app(spec: str):
    """The editor's first screen in plain Textual: what Textual alone needs to show it.

    `spec` is JSON from the benchmark process (which may import pirtui): the section headings for
    the list, and the first section's field labels, each with its Select options (empty for an Input).
    """
    import json

    from textual.app import App, ComposeResult
    from textual.containers import Horizontal, Vertical, VerticalScroll
    from textual.widgets import Footer, Header, Input, Label, OptionList, Select, Static

    headings, fields = json.loads(spec)

    class FloorApp(App):
        CSS = """
        #body { height: 1fr; }
        OptionList { width: 26; height: 1fr; }
        .field { layout: grid; grid-size: 2; grid-columns: 22 1fr; height: auto; }
        .field Label { width: 22; padding-right: 1; }
        #status { dock: top; height: 1; }
        """

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static(FLOOR_MARKER, id="status")
            with Horizontal(id="body"):
                yield OptionList(*headings)
                with VerticalScroll():
                    for label, options in fields:
                        with Vertical(classes="field"):
                            yield Label(label)
                            if options:
                                yield Select([(o, o) for o in options], compact=True)
                            else:
                                yield Input(label, compact=True)
            yield Footer()

    return FloorApp()


def floor_spec() -> str:
    """The JSON `floor_app` reads: taken from pirtui's own description of the sections."""
    import json

    from pirtui.core.sections import EDITABLE_SECTIONS

    first = EDITABLE_SECTIONS[0]
    fields = [(c.label, list(c.options)) for b in first.blocks if b.kind == "fields" for c in b.columns]
    return json.dumps([[s.heading for s in EDITABLE_SECTIONS], fields])


# -- figures -------------------------------------------------------------------------------------


@dataclass
class Figure:
    """Repeated measurements of one thing."""

    values: list[float] = field(default_factory=list)

    @property
    def best(self) -> float:
        return min(self.values)

    @property
    def median(self) -> float:
        return statistics.median(self.values)


# -- first screen in a real terminal ---------------------------------------------------------------

_ESCAPES = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|P[^\x1b]*\x1b\\|[()][0-9A-Za-z]|.)")


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _cpu_seconds(pid: int) -> float:
    """CPU time the process has used so far, all its threads (nanoseconds from the scheduler): on a
    loaded machine it does not count the time spent waiting for a core, which wall time does."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            pass
    return total / 1e9


def _controlling_tty() -> None:
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def in_terminal(argv: list[str], marker: str, env: dict[str, str], timeout: float = 30.0) -> tuple[float, int, float]:
    """Seconds from spawning `argv` in a pseudo-terminal until `marker` is on screen, its RSS (KiB),
    and the CPU seconds it had used by then."""
    master, slave = os.openpty()
    columns, rows = SIZE
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=env["HOME"],
        start_new_session=True, preexec_fn=_controlling_tty,
    )
    os.close(slave)
    seen = b""
    wanted = marker.encode()
    elapsed = None
    cpu = 0.0

    def drain(wait: float) -> bytes:
        ready, _, _ = select.select([master], [], [], wait)
        if not ready:
            return b""
        try:
            return os.read(master, 1 << 16)
        except OSError:  # the child closed the terminal
            return b""

    try:
        deadline = started + timeout
        while elapsed is None and time.perf_counter() < deadline:
            chunk = drain(0.5)
            seen += _ESCAPES.sub(b"", chunk)
            if wanted in seen:
                elapsed = time.perf_counter() - started
                cpu = _cpu_seconds(process.pid)
            elif process.poll() is not None:
                break
        if elapsed is None:
            raise RuntimeError(f"{marker!r} never appeared; the terminal showed: {seen[-500:]!r}")
        settle = time.perf_counter() + 0.3
        while time.perf_counter() < settle:
            drain(0.05)
        rss = _rss_kib(process.pid)
        os.write(master, b"\x11")  # ctrl+q
        quit_by = time.perf_counter() + 5
        while process.poll() is None and time.perf_counter() < quit_by:
            drain(0.05)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait()
        os.close(master)
    return elapsed, rss, cpu


# -- in process ----------------------------------------------------------------------------------


async def _wait_until(ready, app) -> None:
    give_up = time.perf_counter() + 30
    while not ready(app):
        if time.perf_counter() > give_up:
            raise RuntimeError(f"the first screen never came; the app shows {app.screen!r}")
        await asyncio.sleep(0.001)


_copies = 0


def fresh_copy(path: Path) -> Path:
    """A copy of a review under a new name: each run takes its own lock, as a new process would."""
    global _copies
    _copies += 1
    folder = path.parent / f"run-{_copies}"
    folder.mkdir()
    return Path(shutil.copy(path, folder / path.name))


async def _first_screen(make, ready) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await _wait_until(ready, app)
        await pilot.pause()
        return time.perf_counter() - wall, time.process_time() - cpu


def _review_ready(app) -> bool:
    from pirtui.screens.section import SectionScreen

    screen = app.screen
    return isinstance(screen, SectionScreen) and bool(screen.query("FieldEditor, TextEditor"))


def _bare_ready(app) -> bool:
    return bool(app.screen.query("Input"))


def first_screen_in_process(path: Path | None) -> tuple[float, float]:
    """Wall and CPU seconds from App construction to the first screen shown (headless)."""
    if path is None:
        return asyncio.run(_first_screen(bare_app, _bare_ready))
    from pirtui.app.app import PirtuiApp

    copy = fresh_copy(path)
    return asyncio.run(_first_screen(lambda: PirtuiApp(path=copy), _review_ready))


async def _keystrokes(path: Path, section: str, count: int) -> tuple[float, float]:
    from pirtui.app.app import PirtuiApp

    app = PirtuiApp(path=fresh_copy(path))
    async with app.run_test(size=SIZE) as pilot:
        await _wait_until(_review_ready, app)
        app.goto_section(section)
        await pilot.pause()
        editor = app.screen.editors()[0]
        editor.focus()
        await pilot.pause()
        keys = [("space" if c == " " else c) for c in (TYPED * (count // len(TYPED) + 1))[:count]]
        wall, cpu = time.perf_counter(), time.process_time()
        await pilot.press(*keys)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        assert app.dirty, "the keys did not reach the field"
        return wall / count, cpu / count


def keystroke(path: Path, section: str, count: int) -> tuple[float, float]:
    """Wall and CPU seconds per key typed into the first field of a section."""
    return asyncio.run(_keystrokes(path, section, count))


# -- the run -------------------------------------------------------------------------------------


def prepare(folder: Path) -> tuple[Path, Path, dict[str, str]]:
    """The large and small review files, and an environment whose state folder is empty."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.large_review import large_review
    from pirtui.core import store

    large = folder / "large.toml"
    store.atomic_write(large, store.dumps(large_review()))
    store.atomic_write(folder / "huge.toml", store.dumps(large_review(HUGE_ROWS)))
    small = folder / "small.toml"
    shutil.copyfile(SMALL_SAMPLE, small)
    unwanted = ("NO_COLOR", "TEXTUAL_THEME", "TMUX", "TEXTUAL", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in unwanted}
    # Byte code cached as an installed pirtui would have it, without writing into the checkout.
    env.update(PYTHONPYCACHEPREFIX=str(folder / "pycache"), HOME=str(folder), XDG_STATE_HOME=str(folder / "state"))
    env.update(TERM="xterm-256color", COLORTERM="truecolor")
    return large, small, env


def row(name: str, unit: str, base: Figure, large: Figure, target: float | None, scale: float = 1.0) -> None:
    ratio = large.median / base.median
    verdict = "" if target is None else ("PASS" if ratio <= target else "MISS")
    goal = "" if target is None else f"<= {target:.2f}x"
    print(
        f"{name:<34} {base.best * scale:8.1f} {base.median * scale:8.1f} {large.best * scale:8.1f} "
        f"{large.median * scale:8.1f} {unit:<4} {ratio:5.2f}x {goal:>8} {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5, help="repetitions of each measurement")
    parser.add_argument("--keys", type=int, default=60, help="keys typed per keystroke measurement")
    parser.add_argument("--terminal-only", action="store_true", help="only the real-terminal figures")
    parser.add_argument("--base", metavar="DIR", type=Path,
                        help="also run DIR/.venv/bin/pirtui (another commit's checkout) in the same rounds")
    parser.add_argument("--bare", action="store_true", help="run the bare app (used by the benchmark)")
    parser.add_argument("--floor", metavar="JSON", help="run the floor app (used by the benchmark)")
    args = parser.parse_args()
    if args.bare:
        bare_app().run()
        return
    if args.floor:
        floor_app(args.floor).run()
        return

    with tempfile.TemporaryDirectory() as tmp:
        large, small, env = prepare(Path(tmp))
        runs = [
            ("bare", [PYTHON, str(Path(__file__).resolve()), "--bare"], BARE_MARKER),
            ("floor", [PYTHON, str(Path(__file__).resolve()), "--floor", floor_spec()], FLOOR_MARKER),
            ("sample", [PIRTUI, str(small)], REVIEW_MARKER),
            ("large", [PIRTUI, str(large)], REVIEW_MARKER),
            ("huge", [PIRTUI, str(large.with_name("huge.toml"))], REVIEW_MARKER),
        ]
        if args.base:
            base = str(args.base.resolve() / ".venv" / "bin" / "pirtui")
            runs += [("base sample", [base, str(small)], REVIEW_MARKER), ("base large", [base, str(large)], REVIEW_MARKER)]
        term = {kind: Figure() for kind, _, _ in runs}
        rss = {kind: Figure() for kind, _, _ in runs}
        cpu_used = {kind: Figure() for kind, _, _ in runs}
        for _, argv, marker in runs:
            in_terminal(argv, marker, env)  # warm up: byte code written, files in the page cache
        for _ in range(args.reps):
            for kind, argv, marker in runs:
                seconds, kib, used = in_terminal(argv, marker, env)
                term[kind].values.append(seconds)
                rss[kind].values.append(kib)
                cpu_used[kind].values.append(used)

        if args.terminal_only:
            print_terminal(args, term, rss, cpu_used)
            return
        os.environ["XDG_STATE_HOME"] = env["XDG_STATE_HOME"]
        wall = {"bare": Figure(), "large": Figure()}
        cpu = {"bare": Figure(), "large": Figure()}
        first_screen_in_process(None)  # warm up: imports and Textual's caches
        first_screen_in_process(large)
        for _ in range(args.reps):
            for kind, path in (("bare", None), ("large", large)):
                w, c = first_screen_in_process(path)
                wall[kind].values.append(w)
                cpu[kind].values.append(c)

        keys: dict[tuple[str, str], tuple[Figure, Figure]] = {}
        for _ in range(args.reps):
            for section in ("incident", "summary"):
                for kind, path in (("small", small), ("large", large)):
                    w, c = keystroke(path, section, args.keys)
                    fig_wall, fig_cpu = keys.setdefault((section, kind), (Figure(), Figure()))
                    fig_wall.values.append(w)
                    fig_cpu.values.append(c)

    print_terminal(args, term, rss, cpu_used)
    print(f"{'in process; keystrokes':<34}")
    row("first screen, in process (wall)", "ms", wall["bare"], wall["large"], TARGETS["first screen"], 1000)
    row("first screen, in process (cpu)", "ms", cpu["bare"], cpu["large"], TARGETS["first screen"], 1000)
    for section, label in (("incident", "Incident Title"), ("summary", "Executive Summary")):
        small_wall, small_cpu = keys[(section, "small")]
        large_wall, large_cpu = keys[(section, "large")]
        row(f"keystroke, {label} (cpu)", "ms", small_cpu, large_cpu, TARGETS["keystroke"], 1000)
        row(f"keystroke, {label} (wall)", "ms", small_wall, large_wall, None, 1000)
    print("base: the bare app for first screen and memory (the floor for the editor against the floor); "
          "the small sample review for keystrokes.")


def print_terminal(args, term: dict[str, Figure], rss: dict[str, Figure], cpu: dict[str, Figure]) -> None:
    """The real-terminal figures: first screens against the bare app and the floor, and memory."""
    print(f"\npirtui editor benchmark: {args.reps} repetitions, terminal {SIZE[0]}x{SIZE[1]}, "
          f"{args.keys} keys per keystroke run; ratio = median large / median base")
    print(f"{'':<34} {'base':>17} {'large review':>17}")
    print(f"{'measure':<34} {'best':>8} {'median':>8} {'best':>8} {'median':>8} {'unit':<4} {'ratio':>6} {'target':>7}")
    row("first screen, real terminal", "ms", term["bare"], term["large"], TARGETS["first screen"], 1000)
    row("  floor: same screen, plain Textual", "ms", term["bare"], term["floor"], None, 1000)
    row("  the sample review against the floor", "ms", term["floor"], term["sample"], TARGETS["against the floor"], 1000)
    row("  2,000 rows against the floor", "ms", term["floor"], term["large"], TARGETS["against the floor"], 1000)
    row(f"  {HUGE_ROWS:,} rows against the floor", "ms", term["floor"], term["huge"],
        TARGETS["huge against the floor"], 1000)
    row("memory (VmRSS, real terminal), 2,000 rows", "MiB", rss["bare"], rss["large"], TARGETS["memory"], 1 / 1024)
    row("  memory, the sample review", "MiB", rss["bare"], rss["sample"], None, 1 / 1024)
    row(f"  memory, {HUGE_ROWS:,} rows", "MiB", rss["bare"], rss["huge"], None, 1 / 1024)
    row("CPU to first screen: floor / bare", "ms", cpu["bare"], cpu["floor"], None, 1000)
    row("  CPU: the sample review / floor", "ms", cpu["floor"], cpu["sample"], None, 1000)
    row("  CPU: 2,000 rows / floor", "ms", cpu["floor"], cpu["large"], None, 1000)
    if "base sample" in term:
        print(f"against --base {args.base} (ratio = this tree / base)")
        row("  base: the sample review against the floor", "ms", term["floor"], term["base sample"], None, 1000)
        row("  base: 2,000 rows against the floor", "ms", term["floor"], term["base large"], None, 1000)
        row("  base: memory, 2,000 rows", "MiB", rss["bare"], rss["base large"], None, 1 / 1024)
        row("first screen, sample: this / base", "ms", term["base sample"], term["sample"], 1.0, 1000)
        row("first screen, 2,000 rows: this / base", "ms", term["base large"], term["large"], 1.0, 1000)
        row("  CPU to first screen, sample: this / base", "ms", cpu["base sample"], cpu["sample"], 1.0, 1000)
        row("  CPU to first screen, 2,000 rows: this / base", "ms", cpu["base large"], cpu["large"], 1.0, 1000)
        row("memory, 2,000 rows: this / base", "MiB", rss["base large"], rss["large"], 1.0, 1 / 1024)
        row("memory, sample: this / base", "MiB", rss["base sample"], rss["sample"], 1.0, 1 / 1024)

if __name__ == "__main__":
    main()
