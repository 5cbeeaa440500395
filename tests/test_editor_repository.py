"""The editor's commands for a team's repository: F6 marks a row or a field internal (left out of
render --public), and the palette adds the file's git commits to Revision History."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pirtui.core import store
from pirtui.app.app import PirtuiApp
from pirtui.core.config import Config
from pirtui.core.public import public_markdown
from pirtui.widgets.editable_table import EditableTable
from tests.editor_helpers import SMALL, filled_review, isolated_state, write_review, wait_until  # noqa: F401


async def settle(pilot, condition) -> None:
    assert await wait_until(pilot, condition)


async def test_f6_marks_a_timeline_row_internal_and_the_save_keeps_it(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    first_event = filled_review().timeline[0].event
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.goto_section("timeline")
        await settle(pilot, lambda: isinstance(app.focused, EditableTable))
        await pilot.press("f6")
        await settle(pilot, lambda: app.review.timeline[0].internal)
        assert app.dirty
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: not app.dirty)
        await pilot.press("f6")  # and public again
        await settle(pilot, lambda: not app.review.timeline[0].internal)
    saved = store.load(path)
    assert saved.timeline[0].internal and not saved.timeline[1].internal
    assert first_event not in public_markdown(saved, Config(public_excludes=()))


async def test_f6_marks_the_focused_field_internal(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("tab", "tab")  # from Title to Start, past the Incident ID
        await pilot.pause()
        focused = app.screen.focused_path()
        assert focused.startswith("incident.")
        await pilot.press("f6")
        await settle(pilot, lambda: app.review.internal_fields == [focused])
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: not app.dirty)
    assert store.load(path).internal_fields == [focused]


def git(repo: Path, *args: str, date: str) -> None:
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "Maria Chen",
           "GIT_AUTHOR_EMAIL": "maria@example.com", "GIT_COMMITTER_NAME": "Maria Chen",
           "GIT_COMMITTER_EMAIL": "maria@example.com", "PATH": "/usr/bin:/bin", "HOME": str(repo)}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env, timeout=60)


async def test_the_palette_adds_the_git_history_to_revision_history(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", date="2024-06-01T09:00:00")
    path = write_review(tmp_path)
    git(tmp_path, "add", "-A", date="2024-06-01T09:00:00")
    git(tmp_path, "commit", "-qm", "Draft of the checkout review", date="2024-06-01T09:00:00")
    before = len(filled_review().revisions)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Revision History from git")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, lambda: len(app.review.revisions) == before + 1)
        row = app.review.revisions[-1]
        assert (row.date, row.author, row.change) == ("2024-06-01", "Maria Chen", "Draft of the checkout review")
        await settle(pilot, lambda: app.screen.section.key == "revisions")
        table = app.screen.query_one(EditableTable)
        assert len(table.items) == before + 1
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: not app.dirty)
    assert store.load(path).revisions[-1].change == "Draft of the checkout review"


async def test_f6_in_a_text_area_marks_it_internal_rather_than_selecting_a_line(tmp_path: Path) -> None:
    """Issue 25 item 9: in a multi-line field F6 was TextArea's "select line"; it marks the field
    internal as it does everywhere else in the form."""
    from textual.widgets import TextArea

    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.goto_section("summary")
        await settle(pilot, lambda: isinstance(app.focused, TextArea))
        area = app.focused
        path_of_field = app.screen.focused_path()
        assert path_of_field == "summary"
        await pilot.press("f6")
        await settle(pilot, lambda: app.review.internal_fields == ["summary"])
        assert area.selected_text == ""


async def test_ctrl_end_and_ctrl_home_reach_the_ends_of_a_text_area(tmp_path: Path) -> None:
    """Issue 25 item 13: ctrl+end did not reach the end of a text area (TextArea binds neither)."""
    from textual.widgets import TextArea

    review = filled_review()
    review.summary = "First line.\nSecond line.\nThe last line of it."
    app = PirtuiApp(path=write_review(tmp_path, review))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.goto_section("summary")
        await settle(pilot, lambda: isinstance(app.focused, TextArea))
        area = app.focused
        await pilot.press("ctrl+end")
        await settle(pilot, lambda: area.cursor_location == (2, len("The last line of it.")))
        await pilot.press("ctrl+home")
        await settle(pilot, lambda: area.cursor_location == (0, 0))
