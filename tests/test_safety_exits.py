"""Every way the editor can end, other than SIGKILL, says why; each unexpected one leaves a crash log.

Issue 25 item 14: the editor once vanished to the shell with no message and no crash log. These
drive the real app (Pilot); tests/test_terminal_exits.py does the same with the installed `pirtui`.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from rich.text import Text

from pirtui.app.app import PirtuiApp
from pirtui.core.crash import EXIT_CRASH
from pirtui.core.recovery import find_recovery
from tests.editor_helpers import SMALL, isolated_state, wait_until, write_review  # noqa: F401


async def test_an_exception_in_a_thread_ends_the_editor_with_one_line_and_a_crash_log(
    tmp_path: Path, isolated_state: Path
) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)

    def boom() -> None:
        raise ZeroDivisionError("a bug in a thread")

    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=SMALL) as pilot:
            await wait_until(pilot, lambda: app.focused is not None)
            await pilot.press("end", *" typed")
            threading.Thread(target=boom).start()
            await wait_until(pilot, lambda: app.return_code is not None)
    assert app.return_code == EXIT_CRASH
    assert app.exit_line.startswith("internal error: ZeroDivisionError('a bug in a thread')")
    crash_log = isolated_state / "pirtui" / "crash.log"
    assert "ZeroDivisionError: a bug in a thread" in crash_log.read_text(encoding="utf-8")
    copy = find_recovery(path)
    assert copy is not None and copy.review is not None and copy.review.title.endswith(" typed")
    assert threading.excepthook != app.keeping._thread_failed  # given back when the app ended


async def test_a_driver_that_gives_up_saves_like_a_hang_up_with_one_line_and_its_traceback_in_the_crash_log(
    tmp_path: Path, isolated_state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The input thread fails when the terminal goes away, often just before the SIGHUP: the words
    are saved as on a hang-up, Textual's traceback goes to the crash log, not over the shell."""
    from pirtui.app import safekeeping
    from pirtui.core import store

    monkeypatch.setattr(safekeeping, "end_process_later", lambda line, code: None)  # it would end pytest
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await wait_until(pilot, lambda: app.focused is not None)
        await pilot.press("end", *" typed")
        await wait_until(pilot, lambda: app.dirty)
        app.panic(Text("OSError: input thread read failed"))  # what Textual's input thread calls
    assert app.return_code == EXIT_CRASH
    line = app.exit_line
    assert line.startswith("the terminal driver failed (details in ") and line.endswith(f"Saved {path}")
    assert "\n" not in line
    assert not app._exit_renderables  # Textual would print them (a traceback) over the shell
    crash_log = isolated_state / "pirtui" / "crash.log"
    assert "OSError: input thread read failed" in crash_log.read_text(encoding="utf-8")
    assert store.load(path).title.endswith(" typed")


async def test_quitting_with_a_key_is_an_exit_that_was_asked_for(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert not app.exit_asked
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.exit_asked and app.exit_line == ""


def test_an_end_nobody_asked_for_is_reported_with_a_crash_log(
    tmp_path: Path, isolated_state: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The editor once vanished to the shell without a word: if `App.run` returns without a key,
    a signal or a caught bug having ended it, `run_editor` says so and leaves a crash log."""
    import sys

    from pirtui.app.app import run_editor

    path = write_review(tmp_path)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(PirtuiApp, "run", lambda self, *args, **kwargs: None)  # ends, nobody asked
    run_editor(path)
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and said[0].startswith("pirtui: internal error: RuntimeError('the editor ended without being asked to")
    assert (isolated_state / "pirtui" / "crash.log").exists()


async def test_an_exception_in_a_worker_ends_the_editor_with_one_line_and_a_crash_log(
    tmp_path: Path, isolated_state: Path
) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)

    def boom() -> None:
        raise KeyError("a bug in a worker")

    with pytest.raises(Exception):
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            app.run_worker(boom, thread=True)
            await wait_until(pilot, lambda: app.return_code is not None)
    assert app.return_code == EXIT_CRASH
    assert app.exit_line.startswith("internal error: ") and "a bug in a worker" in app.exit_line
    assert "a bug in a worker" in (isolated_state / "pirtui" / "crash.log").read_text(encoding="utf-8")


async def test_textuals_writer_thread_failing_as_the_terminal_goes_saves_like_a_hang_up(
    tmp_path: Path, isolated_state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the pane closes, Textual's writer thread fails with EIO, often before the SIGHUP: that
    is a hang-up (the words saved, no crash log), not a bug of ours (the edits only in a copy)."""
    from pirtui.app import safekeeping
    from pirtui.core import store

    monkeypatch.setattr(safekeeping, "end_process_later", lambda line, code: None)  # it would end pytest

    class WriterThread(threading.Thread):
        """Stands for Textual's own writer thread."""

        def run(self) -> None:
            raise OSError(5, "Input/output error")

    WriterThread.__module__ = "textual.drivers._writer_thread"
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await wait_until(pilot, lambda: app.focused is not None)
        await pilot.press("end", *" typed")
        await wait_until(pilot, lambda: app.dirty)
        WriterThread().start()
        await wait_until(pilot, lambda: app.return_code is not None)
    assert app.exit_line == f"ended: the terminal went away; Saved {path}"
    assert store.load(path).title.endswith(" typed")
    assert not (isolated_state / "pirtui" / "crash.log").exists()
