"""Every table of the review edited with the keyboard: add, edit, move, delete, undo, sort."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select

from pirtui.core import store
from pirtui.app.app import PirtuiApp
from pirtui.core.model import TimelineEvent, get_path
from pirtui.widgets.row_form import RowForm
from pirtui.core.sections import SECTIONS, Block
from pirtui.widgets.editable_table import EditableTable
from tests.editor_helpers import SMALL, filled_review, isolated_state, write_review  # noqa: F401

TABLES: list[tuple[str, Block]] = [
    (section.heading, block) for section in SECTIONS for block in section.blocks if block.kind == "table"
]


async def focus_table(pilot: Pilot, app: PirtuiApp, heading: str, path: str) -> EditableTable:
    """Go to a section through the palette and Tab to the table at `path`."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*f"Go to {heading}")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()
    for _ in range(30):
        focused = app.focused
        if isinstance(focused, EditableTable) and focused.path == path:
            return focused
        await pilot.press("tab")
        await pilot.pause()
    raise AssertionError(f"Tab never reached the {path} table")


async def fill_form(pilot: Pilot, app: PirtuiApp, texts: dict[str, str]) -> None:
    """Type into the row form's inputs in column order (Tab between them), leaving selects alone,
    from the field the form starts in (the first one to fill) to the last."""
    form = app.screen
    assert isinstance(form, RowForm)
    start = next(i for i, c in enumerate(form.columns) if form.query_one(f"#col-{c.key}") is app.focused)
    for index, column in enumerate(form.columns):
        if index < start:
            continue
        widget = form.query_one(f"#col-{column.key}")
        assert app.focused is widget
        if isinstance(widget, Input) and column.key in texts:
            await pilot.press("ctrl+a", "ctrl+k", *texts[column.key])
        if index < len(form.columns) - 1:
            await pilot.press("tab")
        await pilot.pause()


def rows_of(app: PirtuiApp, path: str) -> list:
    return list(get_path(app.review, path))  # type: ignore[arg-type]


@pytest.mark.parametrize(("heading", "block"), TABLES, ids=[block.path for _, block in TABLES])
async def test_add_edit_move_delete_and_undo_rows(tmp_path: Path, heading: str, block: Block) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    prefilled = {"id", "date"} if block.path == "revisions" else {"id"}  # a new revision is dated today
    first = next(c.key for c in block.columns if not c.options and c.key not in prefilled)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        table = await focus_table(pilot, app, heading, block.path)
        before = rows_of(app, block.path)

        # add: after the cursor row (the first one), typed into the row form, Enter on the last field;
        # on the timeline the row goes where its time puts it, here also second
        added = "14:05" if block.sort_by_time else "added words"
        await pilot.press("a")
        await pilot.pause()
        await fill_form(pilot, app, {first: added})
        await pilot.press("enter")
        await pilot.pause()
        rows = rows_of(app, block.path)
        assert len(rows) == len(before) + 1
        assert getattr(rows[1], first) == added
        assert table.cursor_row == 1
        assert app.dirty

        # edit the row under the cursor; ctrl+s commits it and saves the review
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RowForm)
        await fill_form(pilot, app, {first: "edited words"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert getattr(rows_of(app, block.path)[1], first) == "edited words"
        assert not app.dirty
        assert getattr(get_path(store.load(path), block.path)[1], first) == "edited words"

        # move up with K, down with J
        await pilot.press("K")
        await pilot.pause()
        assert getattr(rows_of(app, block.path)[0], first) == "edited words"
        assert table.cursor_row == 0
        await pilot.press("J")
        await pilot.pause()
        assert getattr(rows_of(app, block.path)[1], first) == "edited words"

        # delete, then undo
        await pilot.press("d")
        await pilot.pause()
        assert rows_of(app, block.path) == before
        await pilot.press("u")
        await pilot.pause()
        assert getattr(rows_of(app, block.path)[1], first) == "edited words"
        assert len(table.items) == len(before) + 1


async def test_escape_and_the_cancel_button_leave_the_row_unchanged(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await focus_table(pilot, app, "Timeline", "timeline")
        before = rows_of(app, "timeline")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")  # nothing typed: no question
        await pilot.pause()
        assert not isinstance(app.screen, RowForm)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("x", "y", "escape")
        await pilot.pause()
        await pilot.press("d")  # typed words: asked first, d drops them
        await pilot.pause()
        assert rows_of(app, "timeline") == before
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("x", "y")
        form = app.screen
        for _ in range(10):
            if form.focused is not None and form.focused.id == "cancel":
                break
            await pilot.press("tab")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, RowForm)
        assert rows_of(app, "timeline") == before
        assert not app.dirty


async def test_cancelling_typed_words_asks_and_keep_editing_is_the_default(tmp_path: Path) -> None:
    from pirtui.widgets.row_form import DropRowQuestion

    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await focus_table(pilot, app, "Timeline", "timeline")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"14:50", "escape")
        await pilot.pause()
        assert isinstance(app.screen, DropRowQuestion)
        await pilot.press("enter")  # an Enter too many keeps the words
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RowForm)
        assert form.values()["time"] == "14:50"
        await pilot.press("escape", "escape")  # escape on the question keeps editing too
        await pilot.pause()
        assert app.screen is form


async def test_the_action_item_form_starts_in_the_first_field_to_fill(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await focus_table(pilot, app, "Action Items", "action_items")
        await pilot.press("a", *"Add a canary")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RowForm)
        assert form.values()["id"] == "3"
        assert form.values()["action"] == "Add a canary"


async def test_s_sorts_the_timeline_by_time_and_u_undoes_it(tmp_path: Path) -> None:
    review = filled_review()
    review.timeline.insert(0, TimelineEvent(time="15:00", event="Late note"))
    review.timeline.append(TimelineEvent(time="sometime", event="Unknown time"))
    app = PirtuiApp(path=write_review(tmp_path, review))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await focus_table(pilot, app, "Timeline", "timeline")
        before = [row.time for row in app.review.timeline]
        await pilot.press("s")
        await pilot.pause()
        times = [row.time for row in app.review.timeline]
        assert times == ["14:02", "14:09", "14:12", "14:40", "15:00", "15:20", "sometime"]
        await pilot.press("u")
        await pilot.pause()
        assert [row.time for row in app.review.timeline] == before


async def test_a_new_action_item_gets_the_next_id_and_a_due_date_from_its_priority(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await focus_table(pilot, app, "Action Items", "action_items")
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RowForm)
        assert form.query_one("#col-id", Input).value == "3"
        priority = form.query_one("#col-priority", Select)
        priority.focus()
        await pilot.pause()
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert priority.value == "P1"
        assert form.query_one("#col-due", Input).value == "2024-03-14"  # review date + 1 week
        await pilot.press("ctrl+s")
        await pilot.pause()
        item = app.review.action_items[1]
        assert (item.id, item.priority, item.due, item.status) == ("3", "P1", "2024-03-14", "Open")


async def test_lists_and_checklists_are_edited_the_same_way(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        table = await focus_table(pilot, app, "Lessons Learned", "lessons.runbook_updates")
        await pilot.press("space")
        await pilot.pause()
        assert app.review.lessons.runbook_updates[0].done is False
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Page the owner")
        await pilot.press("enter")
        await pilot.pause()
        assert [i.text for i in app.review.lessons.runbook_updates] == ["Rollback steps for checkout", "Page the owner"]
        assert table.cursor_row == 1
        table = await focus_table(pilot, app, "Lessons Learned", "lessons.learned")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Canaries catch config")
        await pilot.press("enter")
        await pilot.pause()
        assert app.review.lessons.learned == ["Config is code", "Canaries catch config"]


async def test_a_new_revision_row_starts_with_todays_date(tmp_path: Path) -> None:
    """Issue 25 item 13: a new Revision History row had no date."""
    from datetime import date

    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await focus_table(pilot, app, "Revision History", "revisions")
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RowForm)
        assert form.query_one("#col-date", Input).value == date.today().isoformat()
        assert app.focused is not form.query_one("#col-date")  # it starts in the first empty field
