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


def crash_line(error: BaseException) -> str:
    """Write the crash report of `error` and say so in the one line the process ends with."""
    report = write_crash_report(error)
    summary = " ".join(repr(error).split())[:200]
    return f"internal error: {summary} (details in {report})"


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
