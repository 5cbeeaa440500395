"""Boundaries, both sides, of the safekeeping's rules (issue 27 items 1 and 4): which driver failure
means the terminal is gone (an OSError, any of its kinds) and which is a bug to report (the tmux
tests, `test_terminal_crash.py`, show the whole path; these hold the rule in this process, where
benchmarks/mutants.py can see it); and taking over a review, which succeeds or, when a third editor
grabs the lock in the instant between (made certain by a hook on lock._create), leaves it read-only;
what a save answers; keys held at a hang-up; autosave's problems told once; the thread hook given back."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from rich.traceback import Traceback
from textual.widgets import Input

from pirtui.app.app import PirtuiApp
from pirtui.app.safekeeping import _is_os_error, _plain_text
from pirtui.core import lock as locking
from pirtui.core import store
from pirtui.core.lock import Owner, lock_path
from pirtui.screens.lock_dialog import LockDialog
from pirtui.screens.section import SectionScreen
from tests.editor_helpers import isolated_state, wait_until, write_review  # noqa: F401 - a fixture
from tests.test_safety_two_editors import WIDE, lock_as, other_editor  # noqa: F401 - a fixture


def _traceback_of(error: BaseException) -> Traceback:
    try:
        raise error
    except BaseException as raised:  # noqa: BLE001 - any error, as the driver would hand it over
        return Traceback.from_exception(type(raised), raised, raised.__traceback__)


@pytest.mark.parametrize(
    "error",
    [OSError(errno.EIO, "Input/output error"), BrokenPipeError(), ConnectionResetError(), FileNotFoundError()],
    ids=["OSError EIO", "BrokenPipeError", "ConnectionResetError", "FileNotFoundError"],
)
def test_an_os_error_of_any_kind_means_the_terminal_is_gone(error: OSError):
    assert _is_os_error((_traceback_of(error),)) is True
    assert _is_os_error(("a note", _traceback_of(error))) is True  # whichever renderable carries it


@pytest.mark.parametrize("error", [ValueError("bad"), RuntimeError("bug"), KeyError("x")])
def test_any_other_error_is_a_bug_not_a_gone_terminal(error: Exception):
    assert _is_os_error((_traceback_of(error),)) is False


def test_nothing_or_plain_text_is_no_os_error():
    assert _is_os_error(()) is False
    assert _is_os_error(("OSError: but only as text",)) is False


def test_the_crash_log_gets_the_traceback_as_plain_text_or_a_line_saying_nothing_was_said():
    text = _plain_text((_traceback_of(BrokenPipeError("pipe gone")),))
    assert "BrokenPipeError" in text and "pipe gone" in text and "\x1b[" not in text
    assert _plain_text(()) == "the terminal driver stopped without saying why"


# -- taking over a review someone else has open ------------------------------------------------

async def _until(pilot, condition, what: str) -> None:
    if not await wait_until(pilot, condition):
        raise AssertionError(f"never happened: {what}")


def _a_third_editor_grabs_the_lock_in_the_instant(monkeypatch, path: Path, process) -> None:
    """lock.take_over removes the lock and creates its own; bob's editor writes one in between."""
    create = locking._create

    def raced(lock_file: Path):
        lock_as(path, process, user="bob")
        return create(lock_file)

    monkeypatch.setattr(locking, "_create", raced)


def _notes(app: PirtuiApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_take_over_beaten_by_a_third_editor_opens_read_only(tmp_path: Path, other_editor, monkeypatch) -> None:
    path = write_review(tmp_path)
    lock_as(path, other_editor)
    app = PirtuiApp(path=path)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, LockDialog), "the lock dialog")
        _a_third_editor_grabs_the_lock_in_the_instant(monkeypatch, path, other_editor)
        await pilot.press("t")
        await _until(pilot, lambda: isinstance(app.screen, SectionScreen), "the review")
        assert any(note.startswith("Could not take over: ") for note in _notes(app))
        assert app.screen.query(Input).first().disabled
    assert Owner.from_json(lock_path(path).read_text(encoding="utf-8")).user == "bob"


async def test_take_over_of_a_read_only_review_makes_it_editable_and_only_then(tmp_path: Path, other_editor) -> None:
    path = write_review(tmp_path)
    lock_as(path, other_editor)
    app = PirtuiApp(path=path)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, LockDialog), "the lock dialog")
        await pilot.press("enter")  # read-only
        await _until(pilot, lambda: isinstance(app.screen, SectionScreen), "the review")
        assert app.session is not None and app.session.read_only
        app.action_take_over()
        await _until(pilot, lambda: any("You have taken over" in note for note in _notes(app)), "the take-over")
        assert not app.session.read_only and app.lock is not None and app.lock.still_ours()
        await _until(pilot, lambda: not app.screen.query(Input).first().disabled, "the fields editable")
        assert not any("error" in note.lower() for note in _notes(app))
        told = len(_notes(app))
        app.action_take_over()  # editable already: nothing to take
        await pilot.pause()
        assert len(_notes(app)) == told
    assert store.load(path).title == "Checkout API outage"


async def test_a_take_over_of_a_read_only_review_beaten_by_a_third_editor_stays_read_only(tmp_path: Path, other_editor, monkeypatch) -> None:
    path = write_review(tmp_path)
    lock_as(path, other_editor)
    app = PirtuiApp(path=path)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, LockDialog), "the lock dialog")
        await pilot.press("enter")  # read-only
        await _until(pilot, lambda: isinstance(app.screen, SectionScreen), "the review")
        _a_third_editor_grabs_the_lock_in_the_instant(monkeypatch, path, other_editor)
        app.action_take_over()
        await _until(pilot, lambda: any(note.startswith("Could not take over: ") for note in _notes(app)), "the refusal")
        assert app.session is not None and app.session.read_only
        assert not any("You have taken over" in note for note in _notes(app))


# -- what a save answers ------------------------------------------------------------------------


async def test_save_answers_true_when_saved_now_and_false_when_nothing_was(tmp_path: Path, other_editor) -> None:
    """`PirtuiApp.save` (through `Safekeeping.show_save`) is True when the edits are on disk right
    away (FILE.md too, or only FILE.toml when FILE.md is not pirtui's), False when nothing was saved."""
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, SectionScreen), "the review")
        assert app.session is not None
        app.session.apply("title", "Saved whole")
        assert app.save() is True
        store.markdown_path(path).write_text("# by hand\n", encoding="utf-8")
        app.session.apply("title", "Saved, but not the Markdown")
        assert app.save() is True  # FILE.toml saved; FILE.md left alone
        assert store.load(path).title == "Saved, but not the Markdown"
    lock_as(path, other_editor)
    second = PirtuiApp(path=path)
    async with second.run_test(size=WIDE, notifications=True) as pilot:
        await _until(pilot, lambda: isinstance(second.screen, LockDialog), "the lock dialog")
        await pilot.press("enter")  # read-only
        await _until(pilot, lambda: isinstance(second.screen, SectionScreen), "the review")
        assert second.save() is False
    assert store.load(path).title == "Saved, but not the Markdown"


# -- the hang-up, autosave and the thread hook --------------------------------------------------


async def test_keys_held_at_a_hang_up_are_applied_before_the_save_and_none_are_waited_for_otherwise(tmp_path: Path, monkeypatch) -> None:
    import signal

    from pirtui.app import safekeeping

    monkeypatch.setattr(safekeeping, "end_process_later", lambda *args: None)  # it would end pytest
    for held in (True, False):
        (tmp_path / str(held)).mkdir()
        path = write_review(tmp_path / str(held))
        app = PirtuiApp(path=path)
        applied: list[float] = []

        async def apply_held_keys(timeout: float, app: PirtuiApp = app) -> None:
            applied.append(timeout)
            assert app.session is not None
            app.session.apply("title", "typed just before the hang-up")

        monkeypatch.setattr(app, "keys_pending", lambda held=held: held)
        monkeypatch.setattr(app, "apply_held_keys", apply_held_keys)
        async with app.run_test(size=WIDE) as pilot:
            await _until(pilot, lambda: isinstance(app.screen, SectionScreen), "the review")
            app.keeping._terminated(signal.SIGHUP)
            await _until(pilot, lambda: app.keeping.exit_line != "", "the hang-up's save")
        assert len(applied) == (1 if held else 0)
        assert (store.load(path).title == "typed just before the hang-up") is held


async def test_an_autosave_problem_is_told_once_until_it_changes_and_success_tells_nothing(tmp_path: Path) -> None:
    import asyncio

    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, SectionScreen), "the review")

        def told() -> list[str]:
            return [note for note in _notes(app) if note.startswith("Autosave failed")]

        for problem, expected in (("", []), ("disk full", ["disk full"]), ("disk full", ["disk full"]),
                                  ("read-only folder", ["disk full", "read-only folder"])):
            await asyncio.to_thread(app.keeping._write_recovery, lambda problem=problem: problem)
            await pilot.pause()
            assert told() == [f"Autosave failed: {p}" for p in expected]


async def test_no_recovery_copy_is_started_once_the_editor_is_ending(tmp_path: Path, monkeypatch) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=WIDE) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, SectionScreen), "the review")
        assert app.session is not None
        jobs: list[bool] = []
        monkeypatch.setattr(app.session, "autosave_due", lambda rows=None: True)
        monkeypatch.setattr(app.session, "recovery_job", lambda rows=None: (jobs.append(True), lambda: "")[1])
        app.keeping._autosave_tick()
        assert jobs == [True]
        app.keeping.ending = True
        app.keeping._autosave_tick()
        assert jobs == [True]
        app.keeping.ending = False


async def test_the_thread_hook_is_given_back_on_exit_unless_someone_else_replaced_it(tmp_path: Path) -> None:
    import threading

    before = threading.excepthook
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=WIDE) as pilot:
        await _until(pilot, lambda: threading.excepthook != before, "pirtui's thread hook")
    assert threading.excepthook == before

    def theirs(args) -> None:  # another library's hook, installed after pirtui's
        before(args)

    try:
        (tmp_path / "again").mkdir()
        app = PirtuiApp(path=write_review(tmp_path / "again"))
        async with app.run_test(size=WIDE) as pilot:
            await _until(pilot, lambda: threading.excepthook != before, "pirtui's thread hook")
            threading.excepthook = theirs
        assert threading.excepthook is theirs
    finally:
        threading.excepthook = before
