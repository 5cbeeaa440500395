"""The editable table draws only the rows in view, and its columns follow what they hold (issue 12)."""

from __future__ import annotations

from pathlib import Path

from pirtui.app.app import PirtuiApp
from pirtui.core.model import ActionItem, TimelineEvent
from pirtui.widgets.editable_table import EditableTable
from tests.editor_helpers import SMALL, filled_review, isolated_state, wait_until, write_review  # noqa: F401
from tests.test_editor_tables import fill_form, focus_table


def drawn_rows(table: EditableTable) -> list[str]:
    """The text of every line the table shows now, the header first."""
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_a_row_added_after_opening_widens_its_columns(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))  # the timeline's times are all "HH:MM"
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        table = await focus_table(pilot, app, "Timeline", "timeline")
        await pilot.press("a")
        await pilot.pause()
        await fill_form(pilot, app, {"time": "2024-01-15 09:12", "event": "Paged"})
        await pilot.press("enter")
        await pilot.pause()
        assert any(row.time == "2024-01-15 09:12" for row in app.review.timeline)
        # whole on screen: the Time column grew from "HH:MM" to the new row's date and time
        assert await wait_until(pilot, lambda: any("2024-01-15 09:12" in line for line in drawn_rows(table))), drawn_rows(table)


async def test_action_items_keep_owner_due_date_and_status_readable_at_80_columns(tmp_path: Path) -> None:
    review = filled_review()
    review.action_items[0] = ActionItem(
        id="1", action="Add a canary stage to every configuration push of the checkout service",
        owner="Priya Raghunathan", priority="P1", due="2026-03-14", status="In Progress", ticket="CHK-1234",
    )
    app = PirtuiApp(path=write_review(tmp_path, review))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        table = await focus_table(pilot, app, "Action Items", "action_items")
        row = drawn_rows(table)[1]
        for value in ("Priya Raghunathan", "2026-03-14", "In Progress"):
            assert value in row, row
        assert len(row) <= SMALL[0]


async def test_a_resize_draws_only_the_rows_in_view(tmp_path: Path) -> None:
    review = filled_review()
    review.timeline = [TimelineEvent(time=f"14:{i % 60:02d}", event=f"Event {i}") for i in range(5000)]
    app = PirtuiApp(path=write_review(tmp_path, review))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        table = await focus_table(pilot, app, "Timeline", "timeline")
        read: list[object] = []
        to_values = table.to_values

        def counting(row: object) -> dict[str, str]:
            read.append(row)
            return to_values(row)

        table.to_values = counting
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        assert drawn_rows(table)[1].strip().startswith("14:00")
        assert read, "the rows in view are drawn again at the new width"
        assert len({id(row) for row in read}) <= 2 * table.size.height, "only the rows in view are read"


async def test_page_down_and_end_scroll_the_cursor_into_view(tmp_path: Path) -> None:
    review = filled_review()
    review.timeline = [TimelineEvent(time=f"14:{i % 60:02d}", event=f"Event {i}") for i in range(500)]
    app = PirtuiApp(path=write_review(tmp_path, review))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        table = await focus_table(pilot, app, "Timeline", "timeline")
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == 499
        assert any("Event 499" in line for line in drawn_rows(table))
        await pilot.press("pageup", "home", "down")
        await pilot.pause()
        assert table.cursor_row == 1
        assert "Event 1" in drawn_rows(table)[2]


async def test_the_current_row_and_its_detail_stay_on_screen_at_80x24(tmp_path: Path) -> None:
    """Issue 25 item 3: 5 Whys grown to 5 rows had rows 4-5 and the detail line below the edge of
    the form, and the arrows moved the cursor out of sight. Each move keeps the row (and the detail
    under the table) in the form's visible part."""
    from textual.widgets import Static

    from pirtui.core.model import Why

    review = filled_review()
    review.root_cause.whys = [Why(question=f"Why {i}?", answer="Because " + "of it " * 20) for i in range(3)]
    app = PirtuiApp(path=write_review(tmp_path, review))
    async with app.run_test(size=SMALL) as pilot:
        table = await focus_table(pilot, app, "Root Cause Analysis", "root_cause.whys")
        form = app.screen.query_one("#form")
        detail = table.parent.query_one(".row-detail", Static)

        def row_and_detail_shown() -> bool:
            row_y = table.region.y + 1 + table.cursor_row - round(table.scroll_offset.y)
            shown = form.region.y <= row_y < form.region.bottom
            return shown and (not detail.display or detail.region.bottom <= form.region.bottom)

        for _ in range(2):  # two rows added, with a long answer (the detail line shows it whole)
            await pilot.press("end", "a")
            await wait_until(pilot, lambda: app.screen is not table.screen)
            await pilot.press(*"Why again?", "tab", *("Because " + "again " * 20), "ctrl+s")
            await wait_until(pilot, lambda: app.focused is table)
        assert len(app.review.root_cause.whys) == 5
        for key in ["up", "down", "home", "end", "up", "down"]:
            await pilot.press(key)
            assert await wait_until(pilot, row_and_detail_shown, timeout=3), (key, table.cursor_row)
            assert detail.display


async def test_headers_are_whole_when_the_prose_column_has_room_to_give(tmp_path: Path) -> None:
    """Issue 25 item 7: at 120 columns Action Items showed "Pri…" and "Sta…" while the Action
    column had width to spare. At 80 the prose gives up width first, down to a readable 20."""
    review = filled_review()
    review.action_items[0].action = "Add a canary stage for config pushes that checks every endpoint " * 2
    for size in [(120, 40), SMALL]:
        app = PirtuiApp(path=write_review(tmp_path, review))
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            table = await focus_table(pilot, app, "Action Items", "action_items")
            await wait_until(pilot, lambda: table.size.width > 0)
            header = drawn_rows(table)[0]
            if size == (120, 40):
                assert "Priority" in header and "Status" in header, header
            widths = dict(zip([c.key for c in table.form_columns], table.column_widths()[len(table._lead_widths()):]))
            assert widths["action"] >= 20, (size, widths)
