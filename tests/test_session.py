"""The Session without a terminal: saving, conflicts, two editors, failures, autosave, hang-up, crash.

Each test drives a real Session on real files (tests/conftest.py gives each its own state folder,
where recovery copies and crash reports go) and reads the files and outcomes back.
"""

from __future__ import annotations

import errno
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from pirtui.core import store
from pirtui.core.lock import Held, Lock, Owner, lock_path
from pirtui.core.model import TimelineEvent, new_review
from pirtui.core.recovery import find_recovery, write_recovery
from pirtui.session import (
    AUTOSAVE_AFTER,
    AUTOSAVE_AT_LEAST,
    Conflict,
    Failed,
    FileReadOnly,
    PartlySaved,
    ReadOnly,
    RecoveryOffer,
    Reloaded,
    Saved,
    Session,
    TakenOver,
)


def write_review(folder: Path, title: str = "Checkout API outage") -> Path:
    review = new_review("INC-2026-007", "2026-11-27")
    review.title = title
    path = folder / "inc-2026-007.toml"
    store.save(path, review)
    return path


def edit_title(session: Session, title: str) -> None:
    session.review.title = title
    session.edited()


@pytest.fixture
def other_editor() -> Iterator[subprocess.Popen]:
    """A live process standing for another pirtui (its pid keeps its lock from looking stale)."""
    process = subprocess.Popen(["sleep", "60"])
    yield process
    process.kill()
    process.wait()


def lock_as(path: Path, process: subprocess.Popen) -> None:
    """Write the lock another editor (that live process, user alice) would have written."""
    me = Owner.me()
    owner = Owner(user="alice", host=socket.gethostname(), pid=process.pid, since="2026-11-27T14:32:05+00:00",
                  boot_id=me.boot_id, token="theirs")
    lock_path(path).write_text(owner.to_json(), encoding="utf-8")


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_save_writes_the_review_and_its_markdown_and_clears_dirty(tmp_path: Path) -> None:
    session = Session.open(write_review(tmp_path))
    edit_title(session, "Checkout API outage (EU)")
    assert session.dirty

    outcome = session.save()

    assert outcome == Saved((session.path, tmp_path / "inc-2026-007.md"))
    assert not session.dirty
    assert store.load(session.path).title == "Checkout API outage (EU)"
    assert "Checkout API outage (EU)" in (tmp_path / "inc-2026-007.md").read_text(encoding="utf-8")


def test_a_file_changed_on_disk_is_a_conflict_and_is_not_overwritten(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    session = Session.open(path)
    edit_title(session, "Mine")
    write_review(tmp_path, title="Theirs")  # someone else saved meanwhile

    outcome = session.save()

    assert isinstance(outcome, Conflict)
    assert any(line.startswith("-") and "Theirs" in line for line in outcome.difference)
    assert any(line.startswith("+") and "Mine" in line for line in outcome.difference)
    assert outcome.copy_path.name.startswith("inc-2026-007.conflict-")
    assert store.load(path).title == "Theirs" and session.dirty


def test_a_conflict_can_be_saved_as_a_copy_leaving_the_file_alone(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    session = Session.open(path)
    edit_title(session, "Mine")
    write_review(tmp_path, title="Theirs")
    conflict = session.save()
    assert isinstance(conflict, Conflict)

    outcome = session.save_copy(conflict.copy_path)

    assert isinstance(outcome, Saved) and outcome.copy_of == path
    assert store.load(conflict.copy_path).title == "Mine"
    assert store.load(path).title == "Theirs" and not session.dirty


def test_a_conflict_can_be_overwritten_or_reloaded(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    session = Session.open(path)
    edit_title(session, "Mine")
    write_review(tmp_path, title="Theirs")

    assert isinstance(session.write(), Saved)
    assert store.load(path).title == "Mine"

    write_review(tmp_path, title="Theirs again")
    edit_title(session, "Mine again")
    assert session.reload() == Reloaded(path)
    assert session.review.title == "Theirs again" and not session.dirty
    assert isinstance(session.save(), Saved)  # what was reloaded is what is on disk now: no conflict


def test_a_deleted_file_is_simply_written_again(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    session = Session.open(path)
    edit_title(session, "Still here")
    path.unlink()

    assert isinstance(session.save(), Saved)
    assert store.load(path).title == "Still here"


def test_a_take_over_by_another_editor_is_asked_about_before_saving(tmp_path: Path, other_editor) -> None:
    path = write_review(tmp_path)
    mine = Session.open(path)
    assert isinstance(mine.take_lock(), Lock)
    lock_as(path, other_editor)  # alice took it over
    edit_title(mine, "Mine")

    outcome = mine.save()

    assert isinstance(outcome, TakenOver) and outcome.by_whom.startswith("alice")
    assert store.load(path).title == "Checkout API outage"
    assert isinstance(mine.save_after_take_over(), Saved)
    assert store.load(path).title == "Mine"


def test_taking_over_makes_a_read_only_session_editable(tmp_path: Path, other_editor) -> None:
    path = write_review(tmp_path)
    lock_as(path, other_editor)
    session = Session.open(path)
    held = session.take_lock()
    assert isinstance(held, Held)
    session.go_read_only(held)
    assert session.read_only

    assert isinstance(session.take_over(), Lock)
    assert not session.read_only and session.lock is not None and session.lock.still_ours()


def test_a_read_only_session_saves_nothing(tmp_path: Path, other_editor) -> None:
    path = write_review(tmp_path)
    lock_as(path, other_editor)
    second = Session.open(path)
    held = second.take_lock()
    assert isinstance(held, Held)
    second.go_read_only(held)
    edit_title(second, "Not mine to save")

    outcome = second.save()

    assert isinstance(outcome, ReadOnly) and outcome.why.startswith("read-only: opened by ")
    assert store.load(path).title == "Checkout API outage"
    assert not second.autosave_due([])  # nor a recovery copy of someone else's review
    assert Owner.from_json(lock_path(path).read_text(encoding="utf-8")).token == "theirs"


def test_a_failed_save_names_the_file_and_keeps_the_edits_in_a_recovery_copy(tmp_path: Path) -> None:
    folder = tmp_path / "reviews"
    folder.mkdir()
    session = Session.open(write_review(folder))
    edit_title(session, "Typed before the folder went away")
    shutil.rmtree(folder)

    outcome = session.save()

    assert isinstance(outcome, Failed)
    assert outcome.file == session.path and str(session.path) in outcome.why
    assert outcome.kept_in is not None and session.dirty
    copy = find_recovery(session.path)
    assert copy is not None and copy.review is not None
    assert copy.review.title == "Typed before the folder went away"


def test_a_recovery_copy_is_offered_and_restored_as_unsaved_edits(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    earlier = store.load(path)
    earlier.title = "Typed before a crash"
    write_recovery(path, earlier)
    session = Session.open(path)

    offer = session.recovery()

    assert isinstance(offer, RecoveryOffer) and offer.difference
    session.restore(offer)
    assert session.review.title == "Typed before a crash" and session.dirty


def test_an_identical_recovery_copy_is_dropped_silently(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    write_recovery(path, store.load(path))
    session = Session.open(path)

    assert session.recovery() is None
    assert find_recovery(path) is None


def test_the_recovery_copy_is_due_after_a_pause_and_while_typing_without_one(tmp_path: Path) -> None:
    clock = Clock()
    session = Session.open(write_review(tmp_path), clock=clock)
    assert not session.autosave_due([])  # nothing typed

    edit_title(session, "a")
    clock.now += AUTOSAVE_AFTER - 0.1
    assert not session.autosave_due([])  # still typing
    clock.now += 0.2
    assert session.autosave_due([])  # paused
    assert not session.autosave_due([])  # written: not due again until the next edit

    for _ in range(int(AUTOSAVE_AT_LEAST / 0.5) + 1):  # typing on, never pausing
        clock.now += 0.5
        edit_title(session, session.review.title + "b")
        if session.autosave_due([]):
            break
    else:
        raise AssertionError("no recovery copy while typing without a pause")


def test_an_open_row_form_makes_the_recovery_copy_due_and_is_in_it(tmp_path: Path) -> None:
    clock = Clock()
    session = Session.open(write_review(tmp_path), clock=clock)
    rows = [("timeline", [TimelineEvent(time="14:02", event="Typed in the row form")])]

    assert not session.autosave_due(rows)  # the row form just changed: wait for the pause
    clock.now += AUTOSAVE_AFTER
    assert session.autosave_due(rows)
    assert session.recovery_job(rows)() == ""

    copy = find_recovery(session.path)
    assert copy is not None and copy.review is not None
    assert copy.review.timeline[0].event == "Typed in the row form"
    assert session.review.timeline == []  # the review itself waits for the form to be committed


def test_a_recovery_copy_overtaken_by_a_save_is_removed(tmp_path: Path) -> None:
    session = Session.open(write_review(tmp_path))
    edit_title(session, "Saved before the copy was written")
    job = session.recovery_job([])
    assert isinstance(session.save(), Saved)

    assert job() == ""
    assert find_recovery(session.path) is None


def test_the_hang_up_save_writes_the_review_with_the_open_row_and_releases_the_lock(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    session = Session.open(path)
    session.take_lock()
    edit_title(session, "Typed before the line dropped")
    rows = [("timeline", [TimelineEvent(time="14:02", event="Half-typed row")])]

    line = session.save_on_hang_up(rows)

    assert line == f"Saved {path}"
    saved = store.load(path)
    assert saved.title == "Typed before the line dropped" and saved.timeline[0].event == "Half-typed row"
    assert not lock_path(path).exists()


def test_the_hang_up_save_of_a_read_only_review_goes_to_the_recovery_copy(tmp_path: Path, other_editor) -> None:
    path = write_review(tmp_path)
    lock_as(path, other_editor)
    second = Session.open(path)
    held = second.take_lock()
    assert isinstance(held, Held)
    second.go_read_only(held)
    edit_title(second, "Someone else's review")

    line = second.save_on_hang_up([])

    assert line.startswith("Edits kept in recovery copy") and path.name in line
    assert store.load(path).title == "Checkout API outage"
    copy = find_recovery(path)
    assert copy is not None and copy.review is not None and copy.review.title == "Someone else's review"


def test_the_crash_save_keeps_the_edits_and_names_the_crash_report(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    session = Session.open(path)
    session.take_lock()
    edit_title(session, "Typed before the bug")

    try:
        1 / 0
    except ZeroDivisionError as error:
        line = session.save_on_crash(error, [])

    assert line.startswith("internal error: ZeroDivisionError('division by zero') (details in ")
    report = Path(line.split("(details in ", 1)[1].split(")", 1)[0])
    assert "ZeroDivisionError" in report.read_text(encoding="utf-8")
    assert "your edits are kept in" in line
    copy = find_recovery(path)
    assert copy is not None and copy.review is not None and copy.review.title == "Typed before the bug"
    assert store.load(path).title == "Checkout API outage"  # a crash writes no review: it may be the bug
    assert not lock_path(path).exists()


def test_a_new_review_that_cannot_be_written_stays_open_unsaved(tmp_path: Path) -> None:
    path = tmp_path / "gone" / "inc-2026-003.toml"

    session, problem = Session.create(path, date(2026, 11, 27))

    assert str(path) in problem
    assert session.dirty and session.review.incident.id == "INC-2026-003"


def fail_markdown_writes_for_lack_of_space(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, writing a Markdown file fails as on a full disk (the fsync of its temporary
    file: ENOSPC); the TOML is written as usual."""
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if ".md." in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def test_a_read_only_file_is_not_saved_until_the_user_chooses_copy_or_overwrite(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    path.chmod(0o444)
    session = Session.open(path)
    assert session.file_read_only
    edit_title(session, "Checkout API outage (EU)")
    outcome = session.save()
    assert isinstance(outcome, FileReadOnly)
    assert outcome.file == path and outcome.copy_path.parent == tmp_path and outcome.copy_path != path
    assert store.load(path).title == "Checkout API outage"
    copied = session.save_copy(outcome.copy_path)
    assert isinstance(copied, Saved) and store.load(outcome.copy_path).title == "Checkout API outage (EU)"
    assert store.load(path).title == "Checkout API outage"
    edit_title(session, "Checkout API outage (EU, overwritten)")
    assert isinstance(session.write(overwrite_read_only=True), Saved)
    assert store.load(path).title == "Checkout API outage (EU, overwritten)"
    assert path.stat().st_mode & 0o777 == 0o444


def test_markdown_not_written_for_lack_of_space_is_reported_and_the_next_save_is_no_conflict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_review(tmp_path)
    before = store.markdown_path(path).read_text(encoding="utf-8")
    session = Session.open(path)
    edit_title(session, "Checkout API outage (EU)")
    fail_markdown_writes_for_lack_of_space(monkeypatch)
    outcome = session.save()
    assert isinstance(outcome, PartlySaved)
    assert (outcome.toml, outcome.markdown) == (path, store.markdown_path(path))
    assert outcome.why == f"cannot save: {os.strerror(errno.ENOSPC)}" and outcome.markdown_ours
    assert store.load(path).title == "Checkout API outage (EU)"
    assert store.markdown_path(path).read_text(encoding="utf-8") == before
    assert not session.dirty and find_recovery(path) is None
    monkeypatch.undo()  # space freed
    again = session.save()
    assert isinstance(again, Saved), again
    assert "Checkout API outage (EU)" in store.markdown_path(path).read_text(encoding="utf-8")


def test_a_hand_edited_markdown_is_left_alone_until_the_user_lets_pirtui_replace_it(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    md = store.markdown_path(path)
    md.write_text("# Our own notes\n\nWritten by hand.\n", encoding="utf-8")
    session = Session.open(path)
    edit_title(session, "Checkout API outage (EU)")
    outcome = session.save()
    assert isinstance(outcome, PartlySaved) and not outcome.markdown_ours
    assert "not pirtui's rendering" in outcome.why
    assert store.load(path).title == "Checkout API outage (EU)"
    assert md.read_text(encoding="utf-8") == "# Our own notes\n\nWritten by hand.\n"
    assert isinstance(session.save(replace_markdown=True), Saved)
    assert "Checkout API outage (EU)" in md.read_text(encoding="utf-8")


def test_hand_written_comments_are_told_with_their_lines(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    assert Session.open(path).comments_notice() == ""
    path.write_text("# kept by the team\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    notice = Session.open(path).comments_notice()
    assert "comments written by hand (line 1)" in notice and "saving keeps them" in notice

def test_an_edit_undone_by_hand_leaves_the_review_saved(tmp_path: Path) -> None:
    session = Session.open(write_review(tmp_path))
    session.review.title = "Checkout API outagex"
    session.edited("title", "Checkout API outage")
    assert session.dirty
    session.review.title = "Checkout API outage"
    session.edited("title", "Checkout API outagex")
    assert not session.dirty


def test_a_table_replaced_after_one_of_its_rows_changed_stays_unsaved_until_saved(tmp_path: Path) -> None:
    from pirtui.core.model import TimelineEvent

    session = Session.open(write_review(tmp_path))
    row = TimelineEvent(time="14:00", event="x")
    session.review.timeline = [row]
    session.edited("timeline", [])
    assert session.dirty
    session.review.timeline = []
    session.edited("timeline", [row])
    assert not session.dirty
    session.review.timeline = [row]
    session.edited("timeline", [])
    session.review.timeline[0] = TimelineEvent(time="14:01", event="x")
    session.edited("timeline.0", row)
    session.review.timeline = []
    session.edited("timeline", [TimelineEvent(time="14:01", event="x")])
    assert not session.dirty  # "timeline" on disk was [] all along
    assert session.save() is not None and not session.dirty


def test_a_whole_table_sent_after_one_of_its_rows_stays_unsaved(tmp_path: Path) -> None:
    session = Session.open(write_review(tmp_path))
    session.edited("timeline.0", "a row on disk")
    session.edited("timeline", [])
    assert session.dirty  # what the table held on disk is no longer known


def test_a_hang_up_save_leaves_a_note_for_the_next_opening_once(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    session = Session.open(path)
    session.review.summary = "Half a summary"
    session.edited("summary", "")
    row = TimelineEvent(time="14:32", event="typed when the line dropped")
    line = session.save_on_hang_up([("timeline", [row])])
    assert line.startswith("Saved ")
    again = Session.open(path)
    note = again.take_note()
    assert note.startswith("Saved on hang-up at ")
    assert note.endswith(": Executive Summary, Timeline row 1")
    assert again.take_note() == ""  # said once


class _Dialogs:
    """An EditorSource with one open dialog whose text has no place in the review."""

    def __init__(self, text: str) -> None:
        from pirtui.session import HeldText, Pending

        self.held = Pending([], (HeldText("New review file name", text),))

    def shown(self):  # type: ignore[no-untyped-def]
        return ()

    def pending(self):  # type: ignore[no-untyped-def]
        return self.held

    def applied(self, changes) -> None:  # type: ignore[no-untyped-def]
        pass


def test_a_hang_up_with_only_unplaced_dialog_text_keeps_it_in_the_recovery_copy_and_leaves_the_review(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    before = path.read_bytes()
    session = Session.open(path)
    session.attach(_Dialogs("inc-2026-009"))  # type: ignore[arg-type]
    line = session.save_on_hang_up()
    assert "recovery copy" in line
    assert path.read_bytes() == before  # nothing typed in the review: it is not written again
    copy = find_recovery(path)
    assert copy is not None and copy.typed == ("New review file name: inc-2026-009",)
    offer = Session.open(path).recovery()  # the next opening offers it, saying what it was
    assert offer is not None and "+ typed into New review file name: inc-2026-009" in offer.difference  # type: ignore[union-attr]


def test_a_hang_up_with_nothing_typed_writes_nothing(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    session = Session.open(path)
    assert session.save_on_hang_up() == ""
    assert find_recovery(path) is None
