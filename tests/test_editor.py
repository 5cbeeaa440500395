"""The editor driven with the keyboard through Pilot: open, navigate, type, save, quit, come back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select

from pirtui.core import state, store
from pirtui.app.app import PirtuiApp, run_editor
from pirtui.screens.dialogs import ConfirmDialog, QuitDialog
from pirtui.screens.help import HelpScreen
from pirtui.screens.preview import PreviewScreen
from pirtui.screens.section import SectionScreen
from pirtui.core.sections import EDITABLE_SECTIONS
from pirtui.widgets.field import FieldEditor
from pirtui.widgets.part import MessageLine
from tests.editor_helpers import (  # noqa: F401
    LARGE,
    SMALL,
    filled_review,
    isolated_state,
    type_a_timeline_row,
    wait_until,
    write_review,
)


async def type_text(pilot: Pilot, text: str) -> None:
    """Type text key by key, as a person would."""
    await pilot.press(*text)
    await pilot.pause()


async def goto(pilot: Pilot, heading: str) -> None:
    """Go to a section through the command palette."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await type_text(pilot, f"Go to {heading}")
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()


def screen_of(app: PirtuiApp) -> SectionScreen:
    assert isinstance(app.screen, SectionScreen)
    return app.screen


@pytest.mark.parametrize("size", [SMALL, LARGE])
async def test_opening_a_file_shows_its_first_section_with_the_title_focused(tmp_path: Path, size) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        assert screen.section.key == "incident"
        assert isinstance(app.focused, Input)
        assert app.focused.value == "Checkout API outage"
        assert app.title == path.name
        section_list = screen.query_one("#section-list")
        assert section_list.display == (size == LARGE)


async def test_the_palette_reaches_every_section_and_focuses_its_first_field(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        for section in reversed(EDITABLE_SECTIONS):
            await goto(pilot, section.heading)
            screen = screen_of(app)
            assert screen.section.key == section.key
            first = screen.editors()[0]
            assert app.focused is not None
            assert app.focused is first or first in app.focused.ancestors, section.heading


async def test_next_and_previous_section_keys_walk_the_template_order(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        seen = []
        for _ in EDITABLE_SECTIONS:
            seen.append(screen_of(app).section.key)
            await pilot.press("ctrl+n")
            await pilot.pause()
        assert seen == [s.key for s in EDITABLE_SECTIONS]
        assert screen_of(app).section.key == EDITABLE_SECTIONS[0].key
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert screen_of(app).section.key == EDITABLE_SECTIONS[-1].key


async def test_a_wrong_incident_id_shows_its_message_under_the_field(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("tab")  # Title -> Incident ID
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "INC-24")
        field = app.screen.query_one("#f-incident-id", FieldEditor)
        message = field.query_one(MessageLine)
        assert app.review.incident.id == "INC-24"
        assert message.display
        assert "INC-YYYY-NNN" in str(message.render())
        assert message.has_class("-error")
        assert app.title.endswith("●")
        await type_text(pilot, "")
        await pilot.press("backspace", "backspace")
        await type_text(pilot, "2024-042")
        assert app.review.incident.id == "INC-2024-042"
        assert not message.display


async def test_a_severity_not_among_the_options_stays_selectable_and_saved(tmp_path: Path) -> None:
    review = filled_review()
    review.incident.severity = "SEV-0"
    app = PirtuiApp(path=write_review(tmp_path, review))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        select = app.screen.query_one("#f-incident-severity", FieldEditor).control
        assert isinstance(select, Select)
        assert select.value == "SEV-0"
        assert app.review.incident.severity == "SEV-0"
        assert not app.dirty


async def test_ctrl_s_saves_toml_and_markdown(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("end")
        await type_text(pilot, " (EU)")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dirty
        assert app.title == path.name
        assert any("Saved INC-2024-042.toml and INC-2024-042.md" in n.message for n in app._notifications)
    assert store.load(path).title == "Checkout API outage (EU)"
    assert "Checkout API outage (EU)" in store.markdown_path(path).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("choice", "saved", "running"),
    [("s", True, False), ("d", False, False), ("c", False, True), ("enter", True, False)],
)
async def test_quitting_with_unsaved_changes_asks(tmp_path: Path, choice: str, saved: bool, running: bool) -> None:
    path = write_review(tmp_path)
    before = path.read_text(encoding="utf-8")
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("end")
        await type_text(pilot, "!")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitDialog)
        assert app.screen.focused is not None and app.screen.focused.id == "save"
        await pilot.press(choice)
        await pilot.pause()
        assert app.is_running == running
        if running:
            assert isinstance(app.screen, SectionScreen)
            assert app.dirty
    after = path.read_text(encoding="utf-8")
    if saved:
        assert store.load(path).title == "Checkout API outage!"
    else:
        assert after == before


async def test_quitting_without_changes_does_not_ask(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_reopening_comes_back_to_the_last_section_and_field(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await goto(pilot, "Root Cause Analysis")
        await pilot.press("tab")  # What happened -> Why it happened
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert state.position(path) == state.Position("root_cause", "root_cause.why_it_happened")
    again = PirtuiApp(path=path)
    async with again.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert screen_of(again).section.key == "root_cause"
        assert again.focused is not None
        assert again.focused.parent.id == "f-root-cause-why-it-happened"


async def test_help_lists_the_keys_of_the_focused_table_and_the_app(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await goto(pilot, "Timeline")
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {(keys, does) for keys, does, _ in app.screen.rows}
        assert ("a", "Add") in rows
        assert ("s", "Sort by time") in rows
        assert ("^s", "Save") in rows
        assert any(does == "Next section" and "^n" in keys for keys, does in rows)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_question_mark_types_in_a_text_field(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("end", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen)
        assert app.review.title == "Checkout API outage?"


async def test_preview_shows_the_rendered_review_at_the_current_section(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await goto(pilot, "Lessons Learned")
        await pilot.press("f3")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        assert "## Lessons Learned" in screen.markdown
        scroll = screen.query_one("#preview-scroll")
        assert scroll.scroll_y > 0
        await pilot.press("escape")
        await pilot.pause()
        assert screen_of(app).section.key == "lessons"


async def test_a_missing_path_offers_a_new_review(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert screen_of(app).section.key == "incident"
    review = store.load(path)
    assert review.incident.id.startswith("INC-")
    assert [a.role for a in review.approvals][:1] == ["Incident Commander"]


async def test_declining_a_new_review_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert not app.is_running
    assert not path.exists()


def test_a_damaged_file_ends_with_one_line_and_status_2(tmp_path: Path, capsys) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("title = \n", encoding="utf-8")
    assert run_editor(path) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "bad.toml" in err and "Traceback" not in err


async def test_the_problems_view_jumps_to_the_field(tmp_path: Path) -> None:
    review = filled_review()
    review.action_items[1].due = "someday"
    app = PirtuiApp(path=write_review(tmp_path, review))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        from pirtui.screens.problems import ProblemsScreen

        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        index = next(i for i, f in enumerate(screen.findings) if f.field.startswith("action_items.1"))
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        section = screen_of(app)
        assert section.section.key == "action_items"
        assert app.focused is not None and getattr(app.focused, "path", "") == "action_items"
        assert app.focused.cursor_row == 1


async def test_the_theme_choice_is_remembered(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.theme = "gruvbox"
        await pilot.pause()
    assert state.theme() == "gruvbox"
    again = PirtuiApp(path=write_review(tmp_path))
    async with again.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert again.theme == "gruvbox"


async def test_the_section_list_shows_states_and_goes_to_a_section(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        section_list = screen_of(app).query_one("#section-list")
        section_list.focus()
        await pilot.pause()
        for _ in range(2):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert screen_of(app).section.key == EDITABLE_SECTIONS[2].key
        prompts = [str(option.prompt) for option in screen_of(app).query_one("#section-list").options]
        assert all(p[0] in "○◐✓!✗" for p in prompts)


async def test_a_failed_save_says_why_and_keeps_the_edits(tmp_path: Path) -> None:
    folder = tmp_path / "reviews"
    folder.mkdir()
    path = write_review(folder)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("end", "!")
        await pilot.pause()
        shutil.rmtree(folder)  # the folder went away under the editor (the review and its lock)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.dirty
        assert app.review.title == "Checkout API outage!"
        assert any(n.severity == "error" and "reviews" in n.message for n in app._notifications)
        folder.mkdir()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dirty
    assert store.load(path).title == "Checkout API outage!"


async def test_overdue_action_items_stand_out(tmp_path: Path) -> None:
    review = filled_review()
    review.action_items[1].due = "2999-01-01"
    app = PirtuiApp(path=write_review(tmp_path, review))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.goto_section("action_items")
        await pilot.pause()
        table = app.screen.query_one("#f-action-items").table
        overdue_row, later_row = table.row_cells(0), table.row_cells(1)
        assert "red" in str(overdue_row[0].style)
        assert str(later_row[0].style) == ""


async def test_a_save_takes_what_the_field_shows_even_before_its_messages_arrive(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        title = screen_of(app).editor_for("title")
        assert isinstance(title, FieldEditor)
        # Keys in one burst: the Input holds the text, its messages are still queued.
        title.control.value = "Checkout API outage, typed fast"
        assert app.review.title == "Checkout API outage"
        assert app.save()
        assert store.load(path).title == "Checkout API outage, typed fast"
        await pilot.pause()  # the queued messages arrive: older than what was saved, so ignored
        assert not app.dirty
        await pilot.press("end")
        await type_text(pilot, "!")
        assert app.dirty and app.review.title == "Checkout API outage, typed fast!"


async def test_quitting_asks_about_words_whose_messages_have_not_arrived(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        screen_of(app).editor_for("title").control.value = "typed, not yet applied"
        await app.action_quit()
        await pilot.pause()
        assert isinstance(app.screen, QuitDialog)


async def test_saving_leaves_untouched_text_exactly_as_it_was(tmp_path: Path) -> None:
    review = filled_review()
    review.summary = "mixed\r\nline\nendings\r\n"
    path = tmp_path / "mixed.toml"
    store.save(path, review)
    app = PirtuiApp(path=path)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        app.goto_section("summary")
        await pilot.pause()
        await pilot.pause()
        app.goto_section("incident")
        await pilot.pause()
        await type_text(pilot, "x")
        assert app.save()
    assert store.load(path).summary == "mixed\r\nline\nendings\r\n"


async def test_the_preview_shows_words_whose_messages_have_not_arrived(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        screen_of(app).editor_for("title").control.value = "Typed in a burst"
        app.action_preview()
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        assert app.review.title == "Typed in a burst"


async def test_a_paste_of_several_lines_keeps_every_line(tmp_path: Path) -> None:
    from textual import events

    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        await pilot.press("end")
        app.focused.post_message(events.Paste(" - line one\r\nline two\nline three\n"))
        await pilot.pause()
        assert app.review.title == "Checkout API outage - line one\nline two\nline three"
        assert "outage - line one␊line two␊line three" in str(app.focused.render_line(0).text)


@pytest.mark.parametrize("view", ["f1", "f3", "f5", "f8", "ctrl+p"])
async def test_ctrl_q_quits_from_every_view(tmp_path: Path, view: str) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        await pilot.press(view)
        await pilot.pause()
        assert not isinstance(app.screen, SectionScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0


async def test_quitting_with_a_row_form_open_asks_to_finish_the_row_first(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        await type_a_timeline_row(pilot, "15:30", "Typed in the form")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code is None and type(app.screen).__name__ == "RowForm"
        await pilot.press("ctrl+s")  # the row goes in and the review is saved
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0
    assert any(event.event == "Typed in the form" for event in store.load(path).timeline)


async def test_the_preview_opens_at_the_section_without_drawing_the_top_first(tmp_path: Path, monkeypatch) -> None:
    """Issue 25 item 4: F3 drew the top of the document (its title) first, then jumped to the
    section. Every line of the document's title that is drawn while the preview is shown is noted:
    opened at Lessons Learned, none may be."""
    from textual.widgets._markdown import MarkdownH1

    drawn: list[int] = []
    real_render_line = MarkdownH1.render_line

    def noting_render_line(self, y):  # type: ignore[no-untyped-def]
        if isinstance(self.screen, PreviewScreen):
            drawn.append(y)
        return real_render_line(self, y)

    monkeypatch.setattr(MarkdownH1, "render_line", noting_render_line)
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await goto(pilot, "Lessons Learned")
        await pilot.press("f3")
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        scroll = screen.query_one("#preview-scroll")
        await wait_until(pilot, lambda: scroll.scroll_y > 0 and not scroll.hidden)
        for _ in range(5):
            await pilot.pause()
        assert not scroll.hidden and scroll.scroll_y > 0
        assert scroll.region.y < 5  # on the screen, where it belongs
    assert drawn == []


async def test_help_names_no_internal_action_and_says_what_short_labels_mean(tmp_path: Path) -> None:
    """Issue 25 item 10: help showed `^c help_quit` (an action's internal name); the footer's short
    labels are explained by each binding's tooltip."""
    import re

    from textual.widgets import DataTable

    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        table = screen.query_one(DataTable)
        shown = [str(table.get_cell_at((row, 2))) for row in range(table.row_count)]
        assert not [does for does in shown if re.fullmatch(r"[a-z]+_[a-z_]+", does)]
        assert "Say how to quit (ctrl+q quits)" in shown
        assert any(does.startswith("Unfilled: the next empty field") for does in shown)


async def test_the_status_line_f8_and_f9_give_one_answer_to_is_it_complete(tmp_path: Path) -> None:
    """Issue 25 item 11: the status line said 11/13 complete while F8 said 0 incomplete and F9 said
    every field is filled. A section with warnings but nothing empty is complete; one with an empty
    field (Severity) is not, in all three."""
    import re

    from pirtui.screens.problems import ProblemsScreen
    from pirtui.widgets.status_line import StatusLine

    review = filled_review()
    review.summary = "Too short."  # a warning in a section that is filled
    review.incident.severity = ""  # one empty field in a section whose other fields are filled
    app = PirtuiApp(path=write_review(tmp_path, review))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        status = app.screen.query_one(StatusLine)
        assert await wait_until(pilot, lambda: "complete" in str(status.render()))
        complete, total = map(int, re.search(r"(\d+)/(\d+) complete", str(status.render())).groups())
        await pilot.press("f8")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        missing = [m.key for m in app.screen.missing]
        assert "incident" in missing and "summary" not in missing
        assert complete == total - len(missing)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f9")  # from the title: the next empty field is Severity
        assert await wait_until(pilot, lambda: app.screen.focused_path() == "incident.severity")


async def test_a_one_line_field_shows_the_start_of_its_text_once_left(tmp_path: Path) -> None:
    """Issue 25 item 7: a long one-line field, left after typing at its end, went on showing the
    end of its text. Left, it shows the start; back in it, the cursor is in view again."""
    review = filled_review()
    review.incident.customer_impact = "Checkout failed for 30% of users " + "and then some more words " * 6
    app = PirtuiApp(path=write_review(tmp_path, review))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#f-incident-customer-impact Input")
        field.focus()
        await pilot.pause()
        await pilot.press("end", *"!")
        assert await wait_until(pilot, lambda: field.scroll_x > 0)
        await pilot.press("tab")
        assert await wait_until(pilot, lambda: not field.has_focus and field.scroll_x == 0)
        field.focus()
        assert await wait_until(pilot, lambda: field.scroll_x > 0)
