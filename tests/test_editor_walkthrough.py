"""What a walkthrough of a whole review at 80x24 tripped on (issue 11), each driven through Pilot."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, Label

from pirtui.app.app import PirtuiApp
from pirtui.screens.section import SectionScreen
from pirtui.core.model import TimelineEvent
from tests.editor_helpers import SMALL, filled_review, isolated_state, wait_until, write_review  # noqa: F401


def screen_of(app: PirtuiApp) -> SectionScreen:
    assert isinstance(app.screen, SectionScreen)
    return app.screen


async def test_the_5_whys_table_is_not_labelled_twice(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        app.goto_section("root_cause")
        assert await wait_until(pilot, lambda: isinstance(app.screen, SectionScreen) and app.screen.section.key == "root_cause")
        await pilot.pause()
        words = [str(label.render()) for label in app.screen.query(Label)]
        assert "5 Whys Analysis" in words
        assert "5 Whys" not in words


async def goto_detection_methods(pilot, app: PirtuiApp):
    app.goto_section("detection")
    assert await wait_until(pilot, lambda: isinstance(app.focused, Checkbox) and app.focused.id == "method-automated_alerting")
    return app.screen


async def test_up_and_down_move_between_detection_methods_and_space_ticks(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await goto_detection_methods(pilot, app)
        await pilot.press("down", "down", "space")
        await pilot.pause()
        assert app.focused.id == "method-internal_report"
        assert app.review.detection.methods.internal_report is True
        await pilot.press("up")
        await pilot.pause()
        assert app.focused.id == "method-customer_report"
        assert app.review.detection.methods.customer_report is False


async def test_a_letter_typed_on_other_goes_into_its_description(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await goto_detection_methods(pilot, app)
        await pilot.press("down", "down", "down", "down", *"Vendor email")
        await pilot.pause()
        methods = app.review.detection.methods
        assert (methods.other, methods.other_description) == (True, "Vendor email")


async def test_typing_a_letter_and_deleting_it_leaves_nothing_unsaved(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("end", "x")
        assert await wait_until(pilot, lambda: app.dirty)
        assert app.title.endswith("●")
        await pilot.press("backspace")
        assert await wait_until(pilot, lambda: not app.dirty)
        assert app.title == path.name
        status = str(app.screen.query_one("#status").render())
        assert "unsaved" not in status


async def test_problems_name_the_empty_field_of_an_incomplete_section_and_enter_goes_there(tmp_path: Path) -> None:
    from pirtui.screens.problems import ProblemsScreen

    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("f8")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        screen = app.screen
        row = next(i for i, m in enumerate(screen.missing) if m.key == "detection") + len(screen.findings)
        assert "Luck / near misses" in screen.missing[row - len(screen.findings)].message
        await pilot.press(*["down"] * row, "enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, SectionScreen))
        await pilot.pause()
        assert app.screen.section.key == "detection"
        assert app.screen.focused_path() == "detection.luck"


async def test_the_section_list_goes_to_the_first_empty_field_of_a_section(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        section_list = screen_of(app).query_one("#section-list")
        section_list.focus()
        await pilot.pause()
        index = next(i for i, o in enumerate(section_list.options) if o.id == "detection")
        section_list.highlighted = index
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, SectionScreen) and app.screen.section.key == "detection")
        assert await wait_until(pilot, lambda: app.screen.focused_path() == "detection.luck")


async def test_f9_walks_from_one_empty_field_to_the_next(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("f9")
        # Incident Information, Summary and Timeline are filled: the first empty place is in Impact
        assert await wait_until(pilot, lambda: screen_of(app).focused_path() == "impact.user.duration")
        await pilot.press("f9")
        assert await wait_until(pilot, lambda: screen_of(app).focused_path() == "impact.user.regions")


async def test_escape_goes_back_to_the_review_list_in_folder_mode(tmp_path: Path) -> None:
    from pirtui.screens.review_list import ReviewListScreen

    write_review(tmp_path)
    app = PirtuiApp(folder=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        assert await wait_until(pilot, lambda: isinstance(app.screen, ReviewListScreen))
        # The list reads the folder in a worker: Enter opens a review once its row is there.
        assert await wait_until(pilot, lambda: isinstance(app.screen, ReviewListScreen) and app.screen.table.row_count == 1)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, SectionScreen))
        await pilot.pause()
        footer = " ".join(str(w.render()) for w in app.screen.query("FooterKey"))
        assert "List" in footer
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ReviewListScreen))
        assert app.return_code is None


async def test_f3_opens_at_the_current_section_every_time(tmp_path: Path) -> None:
    from pirtui.screens.preview import PreviewScreen

    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.goto_section("action_items")
        assert await wait_until(pilot, lambda: isinstance(app.screen, SectionScreen) and app.screen.section.key == "action_items")
        for _ in range(3):
            await pilot.press("f3")
            assert await wait_until(pilot, lambda: isinstance(app.screen, PreviewScreen))
            screen = app.screen
            scroll = screen.query_one("#preview-scroll")

            def heading_at_top() -> bool:
                headings = [h for h in screen.query("MarkdownH2") if "Action Items" in str(h._content)]
                # at the top of the view, give or take the heading's margin
                return bool(headings) and 0 <= headings[0].region.y - scroll.region.y <= 2 and scroll.scroll_y > 0

            assert await wait_until(pilot, heading_at_top)
            await pilot.pause()
            assert heading_at_top()
            await pilot.press("escape")
            assert await wait_until(pilot, lambda: isinstance(app.screen, SectionScreen))


async def test_presentation_at_80x24_shows_every_action_items_owner_due_date_and_status(tmp_path: Path) -> None:
    from pirtui.screens.presentation import PresentationScreen

    review = filled_review()
    review.action_items[0].owner = "Tomasz Wiśniewski-Kowalczyk"
    app = PirtuiApp(path=write_review(tmp_path, review))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.goto_section("action_items")
        assert await wait_until(pilot, lambda: isinstance(app.screen, SectionScreen) and app.screen.section.key == "action_items")
        await pilot.press("f5")
        assert await wait_until(pilot, lambda: isinstance(app.screen, PresentationScreen))
        screen = app.screen

        def shown() -> str:
            return "\n".join(str(strip.text) for strip in screen._compositor.render_strips()) if screen._compositor else ""

        for item in review.action_items:
            for words in (item.owner.split()[-1], item.due, item.status):
                assert await wait_until(pilot, lambda words=words: words in shown()), words


async def test_presentation_uses_the_screen_for_timeline_rows_not_margins(tmp_path: Path) -> None:
    from pirtui.screens.presentation import PresentationScreen

    review = filled_review()
    review.timeline = [TimelineEvent(time=f"14:{i:02d}", event=f"event number {i}") for i in range(40)]
    app = PirtuiApp(path=write_review(tmp_path, review))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.goto_section("timeline")
        assert await wait_until(pilot, lambda: isinstance(app.screen, SectionScreen) and app.screen.section.key == "timeline")
        await pilot.press("f5")
        assert await wait_until(pilot, lambda: isinstance(app.screen, PresentationScreen))
        screen = app.screen
        assert await wait_until(pilot, lambda: bool(screen.query("MarkdownTableContent")))
        table = screen.query_one("MarkdownTableContent")
        assert await wait_until(pilot, lambda: table.region.height > 0)
        assert table.region.x <= 2  # no wide margin on the left
        visible = table.region.intersection(screen.query_one("#presentation-body").region).height
        assert visible >= 16  # one line per row: the header and 15 rows or more at 80x24


async def test_the_focused_field_is_marked_by_a_bar_not_only_by_colour(tmp_path: Path) -> None:
    from pirtui.widgets.field import FieldEditor

    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        fields = list(app.screen.query(FieldEditor))
        focused = [f for f in fields if f.has_focus_within]
        assert len(focused) == 1
        assert focused[0].styles.border_left[0] == "thick"
        assert all(f.styles.border_left[0] == "blank" for f in fields if f is not focused[0])
        app.goto_section("summary")
        assert await wait_until(pilot, lambda: app.screen.query(".text-block") and app.screen.query_one(".text-block").has_focus_within)
        assert app.screen.query_one(".text-block").styles.border_left[0] == "thick"


async def test_reopening_after_a_hang_up_save_says_what_was_saved_once(tmp_path: Path) -> None:
    from pirtui.core import state

    path = write_review(tmp_path)
    state.remember_note(path, "Saved on hang-up at 14:32: Executive Summary, Timeline row 2")
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await pilot.pause()
        assert await wait_until(pilot, lambda: any("Timeline row 2" in str(n.message) for n in app._notifications))
    assert state.take_note(path) == ""


async def test_a_new_timeline_row_goes_where_its_time_puts_it_or_last_without_one(tmp_path: Path) -> None:
    from tests.editor_helpers import type_a_timeline_row

    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await type_a_timeline_row(pilot, "14:20", "Rollback decided")  # the cursor is on row 1
        await pilot.press("ctrl+s")  # commits the row (and saves)
        assert await wait_until(pilot, lambda: len(app.review.timeline) == 6)
        assert [r.time for r in app.review.timeline] == ["14:02", "14:09", "14:12", "14:20", "14:40", "15:20"]
        assert app.screen.focused.cursor_row == 3
        await type_a_timeline_row(pilot, "", "Time to be looked up")
        await pilot.press("ctrl+s")  # commits the row (and saves)
        assert await wait_until(pilot, lambda: len(app.review.timeline) == 7)
        assert app.review.timeline[-1].event == "Time to be looked up"


async def test_help_lists_the_new_keys_where_they_apply(tmp_path: Path) -> None:
    from pirtui.screens.help import HelpScreen

    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        app.goto_section("detection")
        assert await wait_until(pilot, lambda: isinstance(app.focused, Checkbox))
        await pilot.press("f1")
        assert await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = {(keys, does) for keys, does, _ in app.screen.rows}
        assert any(does == "Next box" for _, does in rows)
        assert any(keys == "f9" and does == "Unfilled" for keys, does in rows)


async def test_the_focused_field_of_a_row_form_is_marked_by_a_bar(tmp_path: Path) -> None:
    from pirtui.widgets.row_form import RowForm

    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        app.goto_section("action_items")
        assert await wait_until(pilot, lambda: getattr(app.focused, "path", "") == "action_items")
        await pilot.press("a")
        assert await wait_until(pilot, lambda: isinstance(app.screen, RowForm) and app.focused is not None)
        rows = list(app.screen.query(".form-row"))
        marked = [row for row in rows if row.styles.border_left[0] == "thick"]
        assert marked == [app.focused.parent]


async def test_letters_typed_on_another_detection_box_say_what_to_do_once(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await goto_detection_methods(pilot, app)
        await pilot.press(*"pager")
        assert await wait_until(pilot, lambda: any("Space ticks a box" in str(n.message) for n in app._notifications))
        assert sum("Space ticks a box" in str(n.message) for n in app._notifications) == 1
