"""Hints in the editor: under the field as the writer types, counted apart, listed in F8, and
dismissed with a reason that is kept in the review."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import Input, TextArea

from pirtui.core import store
from pirtui.app.app import PirtuiApp
from pirtui.screens.dismiss_hint_dialog import DismissHintDialog
from pirtui.screens.problems import ProblemsScreen
from pirtui.screens.section import SectionScreen
from pirtui.widgets.part import MessageLine
from pirtui.widgets.status_line import StatusLine
from tests.editor_helpers import SMALL, filled_review, isolated_state, write_review, wait_until  # noqa: F401


async def hints_started(pilot) -> None:
    """Hints start once the first section is on screen; their first pass runs apart (in a thread)."""
    await until(pilot, lambda: pilot.app.checker is not None and pilot.app.checker.hints is not None)
    checker = pilot.app.checker
    await until(pilot, lambda: not checker.hints_apart or checker.hint_passes_taken > 0)


async def open_summary(pilot) -> SectionScreen:
    await hints_started(pilot)
    pilot.app.goto_section("summary")
    await pilot.pause()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SectionScreen) and screen.section.key == "summary"
    assert isinstance(pilot.app.focused, TextArea)
    return screen


def summary_message(screen: SectionScreen) -> MessageLine:
    editor = screen.editor_for("summary")
    assert editor is not None
    return editor.query_one(MessageLine)


def status_counts(screen: SectionScreen) -> dict[str, int]:
    """The status line's counts by word ("error", "warning", "hint")."""
    text = str(screen.query_one(StatusLine).render())
    return {word: int(number) for number, word in re.findall(r"(\d+) (error|warning|hint)s?\b", text)}


async def until(pilot, condition) -> None:
    """Let the app work until `condition()` holds (a generous timeout, not a count of turns)."""
    assert await wait_until(pilot, condition)


async def test_a_hint_appears_under_the_field_as_blame_is_typed(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_summary(pilot)
        message = summary_message(screen)
        assert not message.display
        await pilot.press(*"Operator error. ")
        await until(pilot, lambda: message.display)
        assert "operator error" in str(message.render()).lower()
        assert message.has_class("-hint") and not message.has_class("-warning")
        assert any(f.rule == "blame-language" for f in app.checker.for_section("summary") if f.level == "hint")
        assert app.section_states["summary"] == "complete"  # a hint is not a warning


async def test_hints_are_counted_apart_in_the_status_line(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await hints_started(pilot)
        await pilot.pause()
        before = status_counts(app.screen)  # type: ignore[arg-type]
        # the P1 without a ticket, the 5 Whys that stop after two answers, "Paging took seven minutes"
        # and the lesson "Config is code" that no action item carries out
        assert before["hint"] == 4
        screen = await open_summary(pilot)
        await pilot.press(*"Human error. ")
        await until(pilot, lambda: status_counts(screen)["hint"] == 5)
        after = status_counts(screen)
        assert (after["error"], after["warning"]) == (before["error"], before["warning"])


async def test_the_problems_view_lists_hints_with_their_level(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await hints_started(pilot)
        await pilot.press("f8")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        hints = [f for f in screen.findings if f.level == "hint"]
        assert {f.rule for f in hints} == {"whys-too-few", "action-p1-no-ticket", "improvement-no-action", "lesson-no-action"}
        assert screen.findings[-len(hints):] == hints  # after the errors and warnings
        table = screen.query_one("#problems")
        assert str(table.get_row_at(len(screen.findings) - 1)[0]) == "◦"
        assert "hint: " in str(table.get_row_at(len(screen.findings) - 1)[2])


async def test_the_dismiss_key_works_only_on_a_field_with_a_hint(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_summary(pilot)
        assert screen.check_action("dismiss_hint", ()) is False
        await pilot.press("f4")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press(*"Human error. ")
        await until(pilot, lambda: screen.check_action("dismiss_hint", ()) is True)


async def test_a_dismissed_hint_stays_dismissed_after_save_and_reopen(tmp_path: Path) -> None:
    review = filled_review()
    review.summary = "Bob's careless change broke checkout. Rolling it back fixed it."
    path = write_review(tmp_path, review)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_summary(pilot)
        message = summary_message(screen)
        await until(pilot, lambda: message.display)
        await pilot.press("f4")
        await until(pilot, lambda: isinstance(app.screen, DismissHintDialog))
        dialog = app.screen
        assert isinstance(app.focused, Input)
        await pilot.press("enter")  # no reason yet: refused
        await pilot.pause()
        assert app.screen is dialog
        await pilot.press(*"not blame: careless is the name of our linter", "enter")
        await until(pilot, lambda: app.screen is screen)
        await until(pilot, lambda: not message.display)
        assert [(d.rule, d.field) for d in app.review.dismissed_hints] == [("blame-language", "summary")]
        assert app.dirty
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not app.dirty)
    saved = store.load(path)
    assert saved.dismissed_hints[0].reason == "not blame: careless is the name of our linter"
    assert "careless is the name" not in store.markdown_path(path).read_text(encoding="utf-8")

    again = PirtuiApp(path=path)
    async with again.run_test(size=SMALL) as pilot:
        screen = await open_summary(pilot)
        await pilot.pause()
        assert not summary_message(screen).display
        assert not any(f.level == "hint" for f in again.checker.for_section("summary"))


async def test_escape_keeps_the_hint(tmp_path: Path) -> None:
    review = filled_review()
    review.summary = "Human error broke checkout. Rolling it back fixed it."
    app = PirtuiApp(path=write_review(tmp_path, review))
    async with app.run_test(size=SMALL) as pilot:
        await open_summary(pilot)
        await pilot.press("f4")
        await until(pilot, lambda: isinstance(app.screen, DismissHintDialog))
        await pilot.press(*"whatever", "escape")
        await until(pilot, lambda: isinstance(app.screen, SectionScreen))
        assert app.review.dismissed_hints == []
        assert not app.dirty


async def test_the_dismiss_key_is_in_the_footer_and_the_help_where_there_is_a_hint(tmp_path: Path) -> None:
    from pirtui.screens.help import HelpScreen, key_rows

    review = filled_review()
    review.summary = "Human error broke checkout. Rolling it back fixed it."
    app = PirtuiApp(path=write_review(tmp_path, review))
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_summary(pilot)
        await until(pilot, lambda: screen.check_action("dismiss_hint", ()) is True)
        assert ("F4", "Dismiss", "this screen") in [(k.upper(), d, w) for k, d, w in key_rows(screen)]
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        app.goto_section("impact")  # no hint there
        await until(pilot, lambda: isinstance(app.screen, SectionScreen) and app.screen.section.key == "impact")
        await until(pilot, lambda: app.focused is not None and app.screen.focused_path().startswith("impact"))
        assert "Dismiss" not in [d for _, d, _ in key_rows(app.screen)]


async def test_the_meeting_view_shows_each_sections_hints(tmp_path: Path) -> None:
    from textual.widgets import Label

    from pirtui.screens.presentation import PresentationScreen

    review = filled_review()
    review.status = "in review"
    review.summary = "Human error broke checkout. Rolling it back fixed it."
    app = PirtuiApp(path=write_review(tmp_path, review))
    async with app.run_test(size=SMALL) as pilot:
        await open_summary(pilot)
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(app.screen, PresentationScreen))
        notes = app.screen.query_one("#presentation-hints", Label)
        assert notes.display and "1 hint to discuss" in str(notes.render()) and "Human error" in str(notes.render())
        await pilot.press("n")  # Timeline: no hint
        await pilot.pause()
        assert not notes.display
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, SectionScreen))
