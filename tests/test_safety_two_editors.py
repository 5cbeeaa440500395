"""Two editors of one review: the lock tells the second, and a file changed on disk is never overwritten silently."""

from __future__ import annotations

import socket
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input

from pirtui.core import store
from pirtui.app.app import PirtuiApp
from pirtui.core.lock import Owner, lock_path
from pirtui.screens.conflict_dialog import ConflictDialog
from pirtui.screens.dialogs import ConfirmDialog
from pirtui.screens.lock_dialog import LockDialog
from pirtui.screens.section import SectionScreen
from pirtui.widgets.status_line import StatusLine
from tests.editor_helpers import SMALL, isolated_state, write_review  # noqa: F401

WIDE = (110, 32)


@pytest.fixture
def other_editor() -> Iterator[subprocess.Popen]:
    """A live process on this host standing for the other person's pirtui."""
    process = subprocess.Popen(["sleep", "60"])
    yield process
    process.kill()
    process.wait()


def lock_as(path: Path, process: subprocess.Popen, user: str = "alice") -> Owner:
    """Write the lock another editor (that live process) would have written."""
    me = Owner.me()
    owner = Owner(user=user, host=socket.gethostname(), pid=process.pid, since="2026-11-27T14:32:05+00:00",
                  boot_id=me.boot_id, token="theirs")
    lock_path(path).write_text(owner.to_json(), encoding="utf-8")
    return owner


def status_text(app: PirtuiApp) -> str:
    return str(app.screen.query_one(StatusLine).render())


async def test_the_first_editor_holds_a_private_lock_and_releases_it_on_quit(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        lock = lock_path(path)
        assert lock.exists() and stat.S_IMODE(lock.stat().st_mode) == 0o600
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not lock_path(path).exists()


async def test_the_second_editor_is_told_who_and_opens_read_only(tmp_path: Path, other_editor) -> None:
    path = write_review(tmp_path)
    before = path.read_bytes()
    lock_as(path, other_editor)
    app = PirtuiApp(path=path)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LockDialog)
        who = f"Opened by alice on {socket.gethostname()} since 2026-11-27 14:32:05+00:00 (pid {other_editor.pid})"
        assert who in dialog.question
        assert dialog.focused is not None and dialog.focused.id == "choice-read-only"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen)
        title = app.screen.query(Input).first()
        assert title.disabled
        await pilot.press(*"typed")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.review.title == "Checkout API outage" and not app.dirty
        told = [n.message for n in app._notifications if "nothing saved" in n.message]
        assert told and told[0].startswith("read-only: opened by alice")
        assert "read-only: opened by alice" in status_text(app)
    assert path.read_bytes() == before
    assert Owner.from_json(lock_path(path).read_text(encoding="utf-8")).token == "theirs"  # theirs stays


async def test_taking_over_lets_the_second_editor_save(tmp_path: Path, other_editor) -> None:
    path = write_review(tmp_path)
    lock_as(path, other_editor)
    app = PirtuiApp(path=path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LockDialog)
        await pilot.press("t")
        await pilot.pause()
        assert app.lock is not None and app.lock.still_ours()
        await pilot.press("end", *"!")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dirty
    assert store.load(path).title == "Checkout API outage!"


async def test_quit_in_the_lock_dialog_leaves_without_touching_anything(tmp_path: Path, other_editor) -> None:
    path = write_review(tmp_path)
    lock_as(path, other_editor)
    app = PirtuiApp(path=path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert Owner.from_json(lock_path(path).read_text(encoding="utf-8")).token == "theirs"


async def test_a_lock_taken_over_meanwhile_is_warned_about_before_saving(tmp_path: Path, other_editor) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("end", *"!")
        lock_as(path, other_editor, user="bob")  # bob chose "Take over" in his editor
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "bob on" in dialog.question and "took over" in dialog.question
        await pilot.press("n")
        await pilot.pause()
        assert app.dirty
        assert store.load(path).title == "Checkout API outage"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not app.dirty
    assert store.load(path).title == "Checkout API outage!"


async def change_on_disk_then_save(pilot, app: PirtuiApp, path: Path) -> ConflictDialog:
    await pilot.pause()
    await pilot.press("end", *" (mine)")
    theirs = store.load(path)
    theirs.title = "Their title"
    store.save(path, theirs)
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(app.screen, ConflictDialog)
    return app.screen


async def test_a_file_changed_on_disk_is_not_overwritten_and_the_difference_is_shown(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=WIDE) as pilot:
        dialog = await change_on_disk_then_save(pilot, app, path)
        assert '-title = "Their title"' in dialog.detail
        assert '+title = "Checkout API outage (mine)"' in dialog.detail
        await pilot.press("escape")
        await pilot.pause()
        assert app.dirty
    assert store.load(path).title == "Their title"


async def test_overwrite_after_seeing_the_difference(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=WIDE) as pilot:
        await change_on_disk_then_save(pilot, app, path)
        await pilot.press("o")
        await pilot.pause()
        assert not app.dirty
        await pilot.press("end", *"!")
        await pilot.press("ctrl+s")  # the new fingerprint: no question the second time
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen) and not app.dirty
    assert store.load(path).title == "Checkout API outage (mine)!"


async def test_reload_takes_the_disk_version(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=WIDE) as pilot:
        await change_on_disk_then_save(pilot, app, path)
        await pilot.press("r")
        await pilot.pause()
        await pilot.pause()
        assert not app.dirty
        assert app.review.title == "Their title"
        assert isinstance(app.screen, SectionScreen)
        assert app.screen.query(Input).first().value == "Their title"
    assert store.load(path).title == "Their title"


async def test_save_as_copy_keeps_both_versions(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=WIDE) as pilot:
        await change_on_disk_then_save(pilot, app, path)
        await pilot.press("c")
        await pilot.pause()
        assert not app.dirty
    assert store.load(path).title == "Their title"
    copies = sorted(tmp_path.glob("INC-2024-042.conflict-*.toml"))
    assert len(copies) == 1
    assert store.load(copies[0]).title == "Checkout API outage (mine)"
    assert copies[0].with_suffix(".md").exists()
