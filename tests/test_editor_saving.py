"""Saving what the editor cannot simply overwrite, driven through Pilot: a read-only FILE.toml, a
FILE.md that could not be written (no space) or that pirtui did not write, hand-written comments."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from pirtui.core import store
from pirtui.app.app import PirtuiApp
from pirtui.screens.conflict_dialog import ConflictDialog
from pirtui.screens.read_only_dialog import ReadOnlyFileDialog
from pirtui.widgets.status_line import StatusLine
from tests.editor_helpers import SMALL, isolated_state, wait_until, write_review  # noqa: F401


def messages(app: PirtuiApp) -> list[str]:
    return [n.message for n in app._notifications]


def status_text(app: PirtuiApp) -> str:
    return str(app.screen.query_one(StatusLine).render())


async def type_in_title(pilot, text: str) -> None:
    await pilot.press("end", *text)
    await pilot.pause()


async def test_a_read_only_review_says_so_and_ctrl_s_offers_a_copy_overwrite_needs_its_own_key(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    store.save(path, store.load(path))
    path.chmod(0o444)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        assert await wait_until(pilot, lambda: app.screen.query(StatusLine) and "read-only" in status_text(app))
        told = [m for m in messages(app) if "read-only" in m]
        assert told == [f"{path.name} is read-only (its permissions forbid writing); ctrl+s offers to save a copy"]
        await type_in_title(pilot, " (EU)")
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ReadOnlyFileDialog))
        assert store.load(path).title == "Checkout API outage"
        await pilot.press("enter")  # the default answer: save as copy
        assert await wait_until(pilot, lambda: not isinstance(app.screen, ReadOnlyFileDialog))
        copies = list(tmp_path.glob("*.copy-*.toml"))
        assert len(copies) == 1 and store.load(copies[0]).title == "Checkout API outage (EU)"
        assert store.load(path).title == "Checkout API outage"
        await type_in_title(pilot, "!")
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ReadOnlyFileDialog))
        await pilot.press("o")
        assert await wait_until(pilot, lambda: not app.dirty)
    assert store.load(path).title == "Checkout API outage (EU)!"
    assert path.stat().st_mode & 0o777 == 0o444


def fail_markdown_writes_for_lack_of_space(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing a Markdown file fails as on a full disk (ENOSPC at its fsync); the TOML is written."""
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if ".md." in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)


async def test_a_markdown_not_written_for_lack_of_space_is_told_per_file_and_written_by_the_next_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_review(tmp_path)
    md = store.markdown_path(path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await pilot.pause()
        await type_in_title(pilot, " (EU)")
        fail_markdown_writes_for_lack_of_space(monkeypatch)
        await pilot.press("ctrl+s")
        expected = f"{path.name} saved; {md.name} not written: cannot save: {os.strerror(errno.ENOSPC)}"
        assert await wait_until(pilot, lambda: any(m.startswith(expected) for m in messages(app)))
        assert expected in status_text(app)
        assert not app.dirty and not md.exists()
        assert store.load(path).title == "Checkout API outage (EU)"
        monkeypatch.undo()  # space freed
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: any(m.startswith("Saved ") for m in messages(app)))
        assert not isinstance(app.screen, ConflictDialog)
        assert "not written" not in status_text(app)
    assert "Checkout API outage (EU)" in md.read_text(encoding="utf-8")


async def test_a_hand_written_markdown_is_kept_the_status_says_why_and_the_palette_replaces_it(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    md = store.markdown_path(path)
    md.write_text("# Our notes, by hand\n", encoding="utf-8")
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await pilot.pause()
        await type_in_title(pilot, " (EU)")
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: "not written" in status_text(app))
        assert f"{md.name} not written: not pirtui's rendering of {path.name}" in status_text(app)
        assert any("Replace FILE.md" in m for m in messages(app))
        assert store.load(path).title == "Checkout API outage (EU)"
        assert md.read_text(encoding="utf-8") == "# Our notes, by hand\n"
        await pilot.press("ctrl+p")
        await pilot.press(*"Replace FILE.md")
        await pilot.pause()
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: "Checkout API outage (EU)" in md.read_text(encoding="utf-8"))


async def test_hand_written_comments_are_told_when_the_review_opens(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    path.write_text("# reviewed by the SRE team\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        assert await wait_until(pilot, lambda: any("comments written by hand" in m for m in messages(app)))
        await type_in_title(pilot, " (EU)")
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: not app.dirty)
    assert path.read_text(encoding="utf-8").startswith("# reviewed by the SRE team\n")
