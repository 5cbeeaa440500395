"""Autosave, crashes and the recovery copy offered at the next start, through the real editor."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from pirtui.core import store
from pirtui.app.app import AUTOSAVE_AFTER, EXIT_CRASH, PirtuiApp
from pirtui.core.checks import IncrementalChecker
from pirtui.core.recovery import find_recovery, write_recovery
from pirtui.screens.dialogs import QuitDialog
from pirtui.screens.recovery_dialog import RecoveryDialog
from pirtui.screens.section import SectionScreen
from tests.editor_helpers import SMALL, filled_review, isolated_state, type_a_timeline_row, write_review  # noqa: F401


async def type_in_title(pilot, text: str) -> None:
    await pilot.press("end", *text)
    await pilot.pause()


async def autosave_done(app: PirtuiApp, pilot) -> None:
    # The autosave looks every AUTOSAVE_AFTER / 4 s: a row form's change is seen at the next look,
    # and written at the first look AUTOSAVE_AFTER later, so up to two looks after the pause itself.
    await pilot.pause(AUTOSAVE_AFTER * 1.5 + 0.3)
    await app.workers.wait_for_complete()


async def test_a_pause_in_typing_writes_a_private_recovery_copy_and_saving_removes_it(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await type_in_title(pilot, " draft")
        assert find_recovery(path) is None  # not while typing
        await autosave_done(app, pilot)
        copy = find_recovery(path)
        assert copy is not None and copy.review is not None
        assert copy.review.title == "Checkout API outage draft"
        assert stat.S_IMODE(copy.path.stat().st_mode) == 0o600
        assert store.load(path).title == "Checkout API outage"  # the review itself is untouched
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert find_recovery(path) is None


async def test_quitting_with_discard_removes_the_recovery_copy(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await type_in_title(pilot, " unwanted")
        await autosave_done(app, pilot)
        assert find_recovery(path) is not None
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitDialog)
        await pilot.press("d")
        await pilot.pause()
    assert find_recovery(path) is None
    assert store.load(path).title == "Checkout API outage"


async def test_an_open_row_form_is_autosaved_too(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await type_a_timeline_row(pilot, "15:30", "Still typing this row")
        await autosave_done(app, pilot)
        copy = find_recovery(path)
        assert copy is not None and copy.review is not None
        typed = [(e.time, e.event) for e in copy.review.timeline if e.event == "Still typing this row"]
        assert typed == [("15:30", "Still typing this row")]
        assert len(app.review.timeline) == 5  # the review itself waits for Done


async def test_the_next_start_offers_the_recovery_copy_and_restores_it_unsaved(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    recovered = filled_review()
    recovered.summary = "Words typed before the connection dropped."
    write_recovery(path, recovered)
    app = PirtuiApp(path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RecoveryDialog)
        assert "-summary = \"A bad config push" in dialog.detail
        assert "+summary = \"Words typed before the connection dropped.\"" in dialog.detail
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen)
        assert app.review.summary == "Words typed before the connection dropped."
        assert app.dirty and app.title.endswith("●")
    assert store.load(path).summary.startswith("A bad config push")  # only saving writes the review


async def test_the_recovery_question_wraps_inside_its_dialog_at_80x24(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    recovered = filled_review()
    recovered.summary = "Words typed before the connection dropped."
    write_recovery(path, recovered)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RecoveryDialog)
        box = dialog.query_one(".dialog-box")
        question = dialog.query_one(".dialog-question")
        # The question names the recovery copy's path: cut at the dialog's edge, the user could not read it.
        assert question.region.right <= box.content_region.right
        lines = question.render_lines(question.region.reset_offset)
        shown = "".join(segment.text for line in lines for segment in line).replace(" ", "")
        assert str(find_recovery(path).path).replace(" ", "") in shown


async def test_discarding_the_offered_copy_removes_it(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    recovered = filled_review()
    recovered.summary = "Not wanted after all."
    write_recovery(path, recovered)
    app = PirtuiApp(path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RecoveryDialog)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen)
        assert not app.dirty
    assert find_recovery(path) is None


async def test_a_copy_identical_to_the_review_is_discarded_silently(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    write_recovery(path, filled_review())
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen)
    assert find_recovery(path) is None


async def test_a_crash_keeps_the_edits_in_the_recovery_copy_and_ends_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_state: Path
) -> None:
    path = write_review(tmp_path)
    real_update = IncrementalChecker.update

    def update_that_breaks(self, changed: str, **options: bool) -> None:
        if "boom" in str(app.review.title):
            raise ZeroDivisionError("a bug in the checks")
        real_update(self, changed, **options)

    monkeypatch.setattr(IncrementalChecker, "update", update_that_breaks)
    app = PirtuiApp(path=path)
    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            await type_in_title(pilot, " before the boom")
    assert app.return_code == EXIT_CRASH
    line = app.exit_line
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith("internal error: ZeroDivisionError('a bug in the checks')")
    crash_log = isolated_state / "pirtui" / "crash.log"
    assert f"details in {crash_log}" in line
    assert "ZeroDivisionError: a bug in the checks" in crash_log.read_text(encoding="utf-8")
    copy = find_recovery(path)
    assert copy is not None and copy.review is not None
    assert copy.review.title == "Checkout API outage before the boom"
    assert str(copy.path) in line
    assert not path.with_name(f".{path.name}.lock").exists()
