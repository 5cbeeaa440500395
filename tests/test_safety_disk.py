"""Full disk, read-only folder and permissions, saved through the editor: the problem is one line on
screen, the edits stay (and go to the recovery copy), saving again works once the cause is gone."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from pirtui.core import store
from pirtui.app.app import PirtuiApp
from pirtui.core.recovery import find_recovery
from pirtui.widgets.status_line import StatusLine
from tests.editor_helpers import SMALL, isolated_state, write_review  # noqa: F401
from tests.fs_faults import read_only_folder

WIDE = (140, 32)


def status_text(app: PirtuiApp) -> str:
    return str(app.screen.query_one(StatusLine).render())


async def test_a_full_disk_is_reported_and_saving_again_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_review(tmp_path)
    before = path.read_bytes()
    real_fsync = os.fsync

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    app = PirtuiApp(path=path)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("end", *" (EU)")
        monkeypatch.setattr(os, "fsync", disk_full)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.dirty and app.review.title == "Checkout API outage (EU)"
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "\n" not in errors[0]
        assert errors[0].startswith(f"{path}: cannot save: No space left on device")
        assert "recovery copy failed too" in errors[0]  # the same disk is full for the copy
        assert "NOT SAVED" in status_text(app)
        assert path.read_bytes() == before

        monkeypatch.setattr(os, "fsync", real_fsync)  # space freed
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dirty
        assert "NOT SAVED" not in status_text(app)
    assert store.load(path).title == "Checkout API outage (EU)"


async def test_a_read_only_folder_warns_no_lock_keeps_the_edits_in_the_recovery_copy_until_writable(tmp_path: Path) -> None:
    with read_only_folder(tmp_path / "ro") as folder:
        path = write_review(folder.folder)
        before = path.read_bytes()
        folder.set_writable(False)
        app = PirtuiApp(path=path)
        async with app.run_test(size=WIDE, notifications=True) as pilot:
            await pilot.pause()
            assert any("cannot create the lock" in n.message and "not told" in n.message for n in app._notifications)
            await pilot.press("end", *" (EU)")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.dirty
            message = next(n.message for n in app._notifications if n.severity == "error")
            assert message.startswith(f"{path}: cannot save: Read-only file system")
            copy = find_recovery(path)
            assert copy is not None and copy.review is not None
            assert copy.review.title == "Checkout API outage (EU)"
            assert str(copy.path) in message
            assert path.read_bytes() == before

            folder.set_writable(True)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert not app.dirty
            assert find_recovery(path) is None
        assert store.load(path).title == "Checkout API outage (EU)"


async def test_saving_through_the_editor_keeps_the_file_mode(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    path.chmod(0o640)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("end", *"!")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dirty
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert store.load(path).title == "Checkout API outage!"


async def test_a_new_review_created_in_the_editor_follows_the_umask(tmp_path: Path) -> None:
    path = tmp_path / "INC-2024-001.toml"
    old = os.umask(0o027)
    try:
        app = PirtuiApp(path=path)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
            assert path.exists()
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
