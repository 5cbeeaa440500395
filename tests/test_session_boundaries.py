"""Boundaries, both sides, of the Session's rules (issue 27 items 1 and 4): what `apply` counts as a
change, found by benchmarks/mutants.py as decisions no test reached from both sides."""

from __future__ import annotations

from pathlib import Path

from pirtui.session import Applied, Session
from tests.test_session import other_editor, write_review  # noqa: F401 - a fixture


def test_a_value_applied_and_applied_back_leaves_the_review_saved(tmp_path: Path) -> None:
    session = Session.open(write_review(tmp_path))
    assert session.apply("title", "Checkout API outage") is None  # the value it holds: no change
    assert not session.dirty
    changed = session.apply("title", "Checkout API outagex")
    assert isinstance(changed, Applied) and changed.dirty_changed and session.dirty
    back = session.apply("title", "Checkout API outage")
    assert isinstance(back, Applied) and back.dirty_changed
    assert not session.dirty


class Editors:
    """Editors on screen that show `values` and record what the session took from them."""

    def __init__(self, values: list[tuple[str, object]]) -> None:
        self.values = values
        self.calls: list[list[Applied]] = []

    def shown(self):
        return list(self.values)

    def pending(self):
        from pirtui.session import Pending

        return Pending([])

    def applied(self, changes: list[Applied]) -> None:
        self.calls.append(changes)


def test_the_editors_hear_of_the_changes_taken_from_them_and_of_nothing_when_none(tmp_path: Path) -> None:
    session = Session.open(write_review(tmp_path))
    same = Editors([("title", "Checkout API outage")])
    session.attach(same)
    assert session.pull() == [] and same.calls == []
    typed = Editors([("title", "Checkout API outage, again")])
    session.attach(typed)
    (change,) = session.pull()
    assert change.path == "title" and typed.calls == [[change]]


def test_a_read_only_session_refuses_a_whole_review_change_and_an_editable_one_makes_it(tmp_path: Path, other_editor) -> None:
    from pirtui.core.lock import Held
    from tests.test_session import lock_as

    path = write_review(tmp_path)
    mine = Session.open(path)
    assert mine.change(lambda review: setattr(review, "title", "Changed")) is True
    assert mine.review.title == "Changed" and mine.dirty
    mine.release_lock()
    lock_as(path, other_editor)
    theirs = Session.open(path)
    held = theirs.take_lock()
    assert isinstance(held, Held)
    theirs.go_read_only(held)
    assert theirs.change(lambda review: setattr(review, "title", "Not mine")) is False
    assert theirs.review.title == "Checkout API outage" and not theirs.dirty


def test_a_row_gone_since_it_was_edited_counts_as_unsaved(tmp_path: Path) -> None:
    from pirtui.core.model import TimelineEvent

    path = write_review(tmp_path)
    session = Session.open(path)
    session.review.timeline = [TimelineEvent(time="14:00", event="x")]
    assert session.save() is not None and not session.dirty
    session.apply("timeline.0.event", "y")
    session.apply("timeline.0.event", "x")
    assert not session.dirty  # typed back: the row is as on disk
    session.review.timeline.clear()  # the row removed, not yet reported
    assert session.dirty


def test_one_comment_line_is_a_line_two_are_lines_up_to_five_are_named_and_more_end_in_dots(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text("# one note\n" + text, encoding="utf-8")
    assert "(line 1);" in Session.open(path).comments_notice()
    path.write_text("# note 0\n# note 1\n" + text, encoding="utf-8")
    assert "(lines 1, 2);" in Session.open(path).comments_notice()
    path.write_text("".join(f"# note {n}\n" for n in range(5)) + text, encoding="utf-8")
    five = Session.open(path).comments_notice()
    assert "(lines 1, 2, 3, 4, 5);" in five
    path.write_text("".join(f"# note {n}\n" for n in range(6)) + text, encoding="utf-8")
    six = Session.open(path).comments_notice()
    assert "(lines 1, 2, 3, 4, 5...);" in six


SAMPLE = Path(__file__).resolve().parents[1] / "sample_reviews" / "inc-2024-001-db-pool-exhaustion.md"


def test_the_first_save_after_importing_keeps_the_markdown_it_would_overwrite_and_only_that(tmp_path: Path) -> None:
    import shutil

    from pirtui.core import store

    here = tmp_path / "inc.md"
    shutil.copy(SAMPLE, here)
    session, _ = Session.import_markdown(here, tmp_path / "inc.toml")
    assert session.save() is not None
    assert (tmp_path / "inc.orig.md").read_bytes() == SAMPLE.read_bytes()
    assert store.markdown_path(tmp_path / "inc.toml").exists()  # the rendering took its place

    elsewhere = tmp_path / "drafts"
    elsewhere.mkdir()
    shutil.copy(SAMPLE, elsewhere / "other.md")
    session, _ = Session.import_markdown(elsewhere / "other.md", tmp_path / "other.toml")
    assert session.save() is not None
    assert (elsewhere / "other.md").read_bytes() == SAMPLE.read_bytes()  # not in the rendering's way: left alone
    assert not list(tmp_path.glob("other.orig*.md")) and not list(elsewhere.glob("*.orig*.md"))


def test_while_typing_on_a_recovery_copy_is_due_exactly_every_ten_seconds(tmp_path: Path) -> None:
    from pirtui.session import AUTOSAVE_AFTER, AUTOSAVE_AT_LEAST
    from tests.test_session import Clock, edit_title

    assert (AUTOSAVE_AFTER, AUTOSAVE_AT_LEAST) == (2.0, 10.0)  # the steps below are exact in binary
    clock = Clock()
    session = Session.open(write_review(tmp_path), clock=clock)
    edit_title(session, "a")
    clock.now += AUTOSAVE_AFTER
    assert session.autosave_due([])  # a pause of exactly AUTOSAVE_AFTER: due
    for _ in range(9):  # typing on, a key a second: 1..9 seconds since that copy
        clock.now += 1.0
        edit_title(session, session.review.title + "b")
        assert not session.autosave_due([])
    clock.now += 1.0
    edit_title(session, session.review.title + "b")
    assert session.autosave_due([])  # exactly AUTOSAVE_AT_LEAST since the last copy


class Broken(Editors):
    """Editors whose report fails on the way out (the bug that ended the editor, say)."""

    def shown(self):
        raise RuntimeError("an editor failed")


def test_a_hang_up_keeps_the_open_row_form_even_when_the_editors_fail(tmp_path: Path) -> None:
    from pirtui.core import store
    from pirtui.core.model import TimelineEvent

    path = write_review(tmp_path)
    session = Session.open(path)
    session.attach(Broken([]))
    line = session.save_on_hang_up([("timeline", [TimelineEvent(time="14:00", event="typed in a row form")])])
    assert line.startswith("Saved ")
    assert [row.event for row in store.load(path).timeline] == ["typed in a row form"]


def test_unsaved_places_name_the_section_of_a_row_edit_and_no_untouched_section(tmp_path: Path) -> None:
    from pirtui.core.model import TimelineEvent

    path = write_review(tmp_path)
    session = Session.open(path)
    session.review.timeline = [TimelineEvent(time="14:00", event="x")]
    session.save()
    session.apply("timeline.0.event", "y")
    assert session.unsaved_places([]) == ["Timeline"]
    other = Session.open(path)
    other.apply("incident", other.review.incident.model_copy(update={"start": "2026-01-01 10:00"}))
    assert other.unsaved_places([]) == ["Incident Information"]  # a path holding the section's fields


def test_an_open_new_row_is_named_by_where_it_goes_in_its_table(tmp_path: Path) -> None:
    from pirtui.core.model import TimelineEvent

    session = Session.open(write_review(tmp_path))
    a, b, new = (TimelineEvent(time=t, event=t) for t in ("14:00", "14:10", "14:05"))
    session.review.timeline = [a, b]
    assert session.unsaved_places([("timeline", [a, new, b])]) == ["Timeline row 2"]
    assert session.unsaved_places([("timeline", [new, a, b])]) == ["Timeline row 1"]
    assert session.unsaved_places([("timeline", [a, b, new])]) == ["Timeline row 3"]
    assert session.unsaved_places([("timeline.1", b)]) == ["Timeline row 2"]
