"""Recovery copies: unsaved words survive autosave, hang-ups and failed saves, and can be restored."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from pirtui.core import store
from pirtui.core.fingerprint import Fingerprint
from pirtui.core.model import ActionItem, Review, TimelineEvent, new_review
from pirtui.core.recovery import (
    describe_difference,
    discard_recovery,
    find_recovery,
    recovery_dir,
    recovery_path,
    save_or_recover,
    write_recovery,
)
from pirtui.core.store import ReviewFileError
from tests.fs_faults import read_only_folder
from tests.strategies import reviews


@pytest.fixture(autouse=True)
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own XDG state directory."""
    home = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    return home


def typed_review() -> Review:
    review = new_review("INC-7", "2026-11-20")
    review.title = "Payments 502s — «ü» 接続"
    review.summary = "First line.\nSecond line with \x1b[31m an escape and a \u202e override."
    review.timeline = [TimelineEvent(time="~14:32", event="pager fired", milestone="detected")]
    review.action_items = [ActionItem(id="1", action="alert on pool", due="next Friday-ish")]
    return review


def test_copies_live_under_the_xdg_state_directory(state_home: Path, tmp_path: Path) -> None:
    assert recovery_dir() == state_home / "pirtui" / "recovery"
    path = recovery_path(tmp_path / "reviews" / "INC-7.toml")
    assert path.parent == state_home / "pirtui" / "recovery"
    assert path.name.startswith("INC-7-") and path.suffix == ".toml"


def test_relative_xdg_state_home_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", "relative/state")
    assert recovery_dir() == Path.home() / ".local" / "state" / "pirtui" / "recovery"


def test_same_name_in_two_folders_gets_two_copies(tmp_path: Path) -> None:
    assert recovery_path(tmp_path / "a" / "INC-7.toml") != recovery_path(tmp_path / "b" / "INC-7.toml")


def test_relative_and_absolute_path_of_one_review_share_a_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert recovery_path(Path("INC-7.toml")) == recovery_path(tmp_path / "INC-7.toml")


def test_written_copy_is_found_with_every_word_and_its_time(tmp_path: Path) -> None:
    review_path = tmp_path / "INC-7.toml"
    review = typed_review()
    write_recovery(review_path, review)
    copy = find_recovery(review_path)
    assert copy is not None
    assert copy.review == review
    assert copy.original == str(review_path.resolve())
    assert copy.saved_at[:4].isdigit() and "T" in copy.saved_at
    assert copy.problem == ""


def test_copy_is_a_review_file_a_person_can_open(tmp_path: Path) -> None:
    review = typed_review()
    where = write_recovery(tmp_path / "INC-7.toml", review)
    assert store.load(where) == review


def test_copy_and_its_folder_are_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        where = write_recovery(tmp_path / "INC-7.toml", typed_review())
    finally:
        os.umask(old)
    assert stat.S_IMODE(where.stat().st_mode) == 0o600
    assert stat.S_IMODE(where.parent.stat().st_mode) == 0o700


def test_autosave_replaces_the_copy_with_the_latest_words(tmp_path: Path) -> None:
    review_path = tmp_path / "INC-7.toml"
    review = typed_review()
    write_recovery(review_path, review)
    review.summary += "\nA third line typed later."
    write_recovery(review_path, review)
    copy = find_recovery(review_path)
    assert copy is not None and copy.review is not None
    assert copy.review.summary.endswith("A third line typed later.")
    assert [p.name for p in recovery_dir().iterdir()] == [recovery_path(review_path).name]


def test_no_copy_means_none(tmp_path: Path) -> None:
    assert find_recovery(tmp_path / "INC-7.toml") is None


def test_discard_removes_the_copy_and_is_harmless_without_one(tmp_path: Path) -> None:
    review_path = tmp_path / "INC-7.toml"
    write_recovery(review_path, typed_review())
    discard_recovery(review_path)
    assert find_recovery(review_path) is None
    discard_recovery(review_path)


def test_damaged_copy_is_reported_and_kept(tmp_path: Path) -> None:
    review_path = tmp_path / "INC-7.toml"
    where = write_recovery(review_path, typed_review())
    where.write_text(where.read_text(encoding="utf-8") + "\ntitle = [unclosed\n", encoding="utf-8")
    copy = find_recovery(review_path)
    assert copy is not None
    assert copy.review is None
    assert str(where) in copy.problem and "\n" not in copy.problem
    assert where.exists()


def test_difference_shows_the_changed_lines(tmp_path: Path) -> None:
    saved = typed_review()
    recovered = saved.model_copy(deep=True)
    recovered.title = "Payments 502s, second draft"
    lines = describe_difference(saved, recovered)
    assert '-title = "Payments 502s — «ü» 接続"' in lines
    assert '+title = "Payments 502s, second draft"' in lines
    assert lines[0].startswith("--- saved review") and lines[1].startswith("+++ recovery copy")


def test_no_difference_is_an_empty_list() -> None:
    assert describe_difference(typed_review(), typed_review()) == []


def test_difference_from_no_saved_review_shows_everything_as_added() -> None:
    lines = describe_difference(None, typed_review())
    assert all(line.startswith("+") for line in lines[3:])
    assert '+title = "Payments 502s — «ü» 接続"' in lines


def test_save_or_recover_saves_and_drops_the_old_copy(tmp_path: Path) -> None:
    review_path = tmp_path / "INC-7.toml"
    review = typed_review()
    write_recovery(review_path, review)
    message = save_or_recover(review_path, review)
    assert message == f"Saved {review_path}"
    assert store.load(review_path) == review
    assert find_recovery(review_path) is None


def test_save_or_recover_keeps_words_in_a_copy_when_the_folder_is_read_only(tmp_path: Path) -> None:
    with read_only_folder(tmp_path / "ro") as folder:
        review_path = folder.folder / "INC-7.toml"
        review_path.write_text('title = "as saved before"\n', encoding="utf-8")
        before = review_path.read_bytes()
        folder.set_writable(False)
        review = typed_review()
        message = save_or_recover(review_path, review)
        assert review_path.read_bytes() == before
        copy = find_recovery(review_path)
        assert copy is not None and copy.review == review
        assert str(copy.path) in message and "\n" not in message
        folder.set_writable(True)


def test_save_or_recover_never_overwrites_a_file_changed_on_disk(tmp_path: Path) -> None:
    review_path = tmp_path / "INC-7.toml"
    review_path.write_text('title = "loaded"\n', encoding="utf-8")
    fingerprint = Fingerprint.of(review_path)
    review_path.write_text('title = "saved by a colleague meanwhile"\n', encoding="utf-8")
    review = typed_review()
    message = save_or_recover(review_path, review, fingerprint)
    assert review_path.read_text(encoding="utf-8") == 'title = "saved by a colleague meanwhile"\n'
    copy = find_recovery(review_path)
    assert copy is not None and copy.review == review
    assert "changed on disk" in message


def test_save_or_recover_with_an_unchanged_fingerprint_saves(tmp_path: Path) -> None:
    review_path = tmp_path / "INC-7.toml"
    review_path.write_text('title = "loaded"\n', encoding="utf-8")
    fingerprint = Fingerprint.of(review_path)
    review = typed_review()
    assert save_or_recover(review_path, review, fingerprint) == f"Saved {review_path}"
    assert store.load(review_path) == review


def test_save_or_recover_reports_when_nothing_could_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the state folder should be", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    review_path = tmp_path / "missing-folder" / "INC-7.toml"
    message = save_or_recover(review_path, typed_review())
    assert message.startswith("Edits NOT saved:")
    assert str(review_path) in message and "\n" not in message


def test_write_recovery_failure_is_one_line_review_file_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    with pytest.raises(ReviewFileError) as caught:
        write_recovery(tmp_path / "INC-7.toml", typed_review())
    assert "\n" not in str(caught.value)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reviews)
def test_any_review_comes_back_from_its_copy_exactly(review: Review) -> None:
    with tempfile.TemporaryDirectory() as folder:
        review_path = Path(folder) / "INC-any.toml"
        write_recovery(review_path, review)
        copy = find_recovery(review_path)
        assert copy is not None and copy.review == review


def test_windows_line_endings_come_back_exactly(tmp_path: Path) -> None:
    review_path = tmp_path / "INC-7.toml"
    review = typed_review()
    review.summary = "pasted from Windows\r\nsecond line\r\n"
    review.lessons.learned = ["one\r\ntwo"]
    write_recovery(review_path, review)
    copy = find_recovery(review_path)
    assert copy is not None and copy.review == review


def test_a_link_and_its_target_share_one_recovery_copy(tmp_path: Path) -> None:
    target = tmp_path / "real.toml"
    (tmp_path / "link.toml").symlink_to(target)
    assert recovery_path(tmp_path / "link.toml") == recovery_path(target)


def test_save_or_recover_says_the_review_was_saved_when_only_its_markdown_was_not(tmp_path: Path) -> None:
    review_path = tmp_path / "r.toml"
    store.save(review_path, new_review("INC-1", "2024-01-20"))
    (tmp_path / "r.md").write_text("# notes by hand\n", encoding="utf-8")
    review = new_review("INC-2", "2024-01-20")
    message = save_or_recover(review_path, review)
    assert message == f"Saved {review_path}; {tmp_path / 'r.md'} not written: " + (
        "not pirtui's rendering of r.toml (written or edited by hand?)"
    )
    assert store.load(review_path).incident.id == "INC-2"
    assert find_recovery(review_path) is None


def test_save_or_recover_keeps_a_read_only_review_and_the_words_in_a_copy(tmp_path: Path) -> None:
    review_path = tmp_path / "r.toml"
    store.save(review_path, new_review("INC-1", "2024-01-20"))
    review_path.chmod(0o444)
    message = save_or_recover(review_path, new_review("INC-2", "2024-01-20"))
    assert "read-only" in message and "recovery copy" in message
    assert store.load(review_path).incident.id == "INC-1"
    copy = find_recovery(review_path)
    assert copy is not None and copy.review is not None and copy.review.incident.id == "INC-2"


def test_typed_dialog_text_comes_back_with_the_copy_in_order(tmp_path: Path) -> None:
    """Text typed into dialogs at a hang-up is kept in the copy's header and read back, every line."""
    review_path = tmp_path / "INC-7.toml"
    typed = ("New review file name: inc-9", 'Find: "pool" — «ü»\nsecond line')
    write_recovery(review_path, typed_review(), typed=typed)
    copy = find_recovery(review_path)
    assert copy is not None and copy.review == typed_review()
    assert copy.typed == typed


def test_a_copy_without_typed_text_has_none(tmp_path: Path) -> None:
    review_path = tmp_path / "INC-7.toml"
    write_recovery(review_path, typed_review())
    copy = find_recovery(review_path)
    assert copy is not None and copy.typed == ()


def test_only_the_headers_well_formed_typed_lines_that_hold_text_are_read(tmp_path: Path) -> None:
    """A typed line that is not JSON, or JSON that is not text, is skipped; the others still count.
    A `# typed = ` line after the header (inside the review's TOML, as a comment) is not the header's."""
    review_path = tmp_path / "INC-7.toml"
    where = write_recovery(review_path, typed_review(), typed=("kept",))
    text = where.read_text(encoding="utf-8")
    header, _, body = text.partition('# typed = "kept"\n')
    extra = '# typed = not json\n# typed = 5\n# typed = "also kept"\n'
    where.write_text(header + '# typed = "kept"\n' + extra + body + '# typed = "after the header"\n', encoding="utf-8")
    copy = find_recovery(review_path)
    assert copy is not None and copy.review == typed_review()
    assert copy.typed == ("kept", "also kept")
