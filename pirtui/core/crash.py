"""What pirtui leaves behind when it ends without being asked: a crash report, an exit watchdog.

Both the command line (a bug in a command) and the editor (a bug while typing, a hang-up) need
them, so they live in the core rather than in `pirtui.cli.main`, which nothing else may import.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

EXIT_CRASH = 70
"""Exit status after an unexpected exception (EX_SOFTWARE of sysexits.h)."""

EXIT_DEADLINE = 1.5
"""Seconds a hang-up or SIGTERM may spend exiting after the words are saved, before the process
ends itself: Textual's exit can block writing to a terminal that is gone."""


def write_crash_report(error: BaseException | None = None) -> Path:
    """Save the traceback of `error` (or of the exception being handled) under the XDG state
    folder, for a bug report."""
    import traceback

    from pirtui.core.xdg import state_dir

    folder = state_dir()
    path = folder / "crash.log"
    from pirtui.core.store import ReviewFileError, private_folder, write_own_file

    try:
        private_folder(folder)
        if error is None:
            text = traceback.format_exc()
        else:
            text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        write_own_file(path, text)
    except (OSError, ReviewFileError):
        return Path("(could not write crash.log)")
    return path


def write_crash_text(text: str) -> Path:
    """Save `text` (a traceback already rendered, as the terminal driver hands it over) as the crash report."""
    from pirtui.core.xdg import state_dir

    folder = state_dir()
    path = folder / "crash.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError:
        return Path("(could not write crash.log)")
    return path


def crash_line(error: BaseException) -> str:
    """Write the crash report of `error` and say so in the one line the process ends with."""
    report = write_crash_report(error)
    summary = " ".join(repr(error).split())[:200]
    return f"internal error: {summary} (details in {report})"


def signal_reason(number: int) -> str:
    """Why the process is ending, in words, for a signal: "ended by SIGTERM"."""
    import signal

    try:
        name = signal.Signals(number).name
    except ValueError:
        name = f"signal {number}"
    if name == "SIGHUP":
        return "ended by SIGHUP (the terminal went away)"
    return f"ended by {name}"


class EndedBySignal(SystemExit):
    """Raised in the main thread by a SIGTERM or SIGHUP that arrives while no editor is there to
    save (a command running, the editor starting or closing): the command's `finally` blocks run
    (locks are released) and `main` prints why it ended. A SystemExit, so asyncio lets it through."""

    def __init__(self, number: int) -> None:
        super().__init__(128 + number)
        self.number = number


def _raise_ended(number: int, _frame: object) -> None:
    raise EndedBySignal(number)


_exit_signals_wanted = False


def install_exit_signals(again: bool = False) -> None:
    """SIGTERM and SIGHUP end the process with a word (see `EndedBySignal`) instead of silently,
    as their default handlers do. The editor replaces these with its own (which save) while it
    runs, and calls this with `again` when it closes: only a process that wanted them (the
    `pirtui` command, not a test run) gets them back."""
    import signal

    global _exit_signals_wanted
    if again and not _exit_signals_wanted:
        return
    _exit_signals_wanted = True

    for number in (signal.SIGTERM, signal.SIGHUP):
        try:
            signal.signal(number, _raise_ended)
        except (ValueError, OSError):  # not the main thread
            pass


def end_process_later(line: str, code: int, deadline: float = EXIT_DEADLINE) -> None:
    """The watchdog of a hang-up or SIGTERM (run in a daemon thread): the words are saved already;
    if exiting hangs, print `line` and end the process anyway."""
    from pirtui.core.inert import inert

    time.sleep(deadline)
    try:
        os.write(2, (f"pirtui: {inert(line, keep='')}\n" if line else "").encode("utf-8", "replace"))
    except OSError:
        pass
    os._exit(code)
