"""What a walkthrough of a whole review at 80x24 tripped on (issue 11), each driven through Pilot."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, Label

from pirtui.app import PirtuiApp
from pirtui.screens.section import SectionScreen
from tests.editor_helpers import SMALL, isolated_state, wait_until, write_review  # noqa: F401


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
