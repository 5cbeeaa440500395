"""The editor's "Add from evidence" dialog on the Timeline, driven with the keyboard at 80x24:
paste a chat, untick a row, edit one, add them, and undo the whole batch with one `u`."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from pirtui.core import store
from pirtui.app.app import PirtuiApp
from pirtui.evidence.rows import NO_START
from pirtui.screens.evidence_dialog import EvidenceDialog, PreviewTable
from pirtui.screens.help import key_rows
from pirtui.widgets.row_form import RowForm
from pirtui.widgets.editable_table import EditableTable
from tests.editor_helpers import SMALL, isolated_state, write_review, wait_until  # noqa: F401
from tests.test_editor_tables import focus_table

CASES = Path(__file__).parent / "evidence_cases"

CHAT = """[14:05] ana: checkout errors are climbing
[14:09] Error-rate alert fires
this line has no time
ben 2:30 PM rolled back the config, errors dropping
"""
"""Against filled_review (start 2024-03-05 14:02, UTC): the 14:09 row is already in its timeline."""


async def until(pilot: Pilot, condition: Callable[[], bool], what: str) -> None:
    """Let the app run until `condition` holds (the paste is read after a short pause in typing)."""
    if not await wait_until(pilot, condition):
        raise AssertionError(f"never happened: {what}")


async def open_dialog(pilot: Pilot, app: PirtuiApp) -> EvidenceDialog:
    await focus_table(pilot, app, "Timeline", "timeline")
    await pilot.press("i")
    await until(pilot, lambda: isinstance(app.screen, EvidenceDialog), "the dialog opens")
    dialog = app.screen
    assert isinstance(dialog, EvidenceDialog)
    await until(pilot, lambda: isinstance(app.focused, TextArea), "the paste area has the focus")
    return dialog


async def paste(pilot: Pilot, app: PirtuiApp, text: str) -> None:
    """A bracketed paste, as the driver hands it to the app (which gives it to the focused widget)."""
    app.post_message(events.Paste(text))
    await pilot.pause()


def timeline_events(app: PirtuiApp) -> list[str]:
    return [row.event for row in app.review.timeline]


async def test_paste_untick_edit_accept_and_undo_the_batch(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        before = timeline_events(app)
        dialog = await open_dialog(pilot, app)
        await paste(pilot, app, CHAT)
        await until(pilot, lambda: len(dialog.proposal.items) == 3, "the pasted chat is read")

        items = dialog.proposal.items
        assert [(i.row.time, i.row.event, i.status) for i in items] == [
            ("14:05", "ana: checkout errors are climbing", "new"),
            ("14:09", "Error-rate alert fires", "duplicate"),
            ("14:30", "ben: rolled back the config, errors dropping", "new"),
        ]
        assert dialog.ticked == [True, False, True]  # the duplicate starts unticked
        assert items[2].row.milestone == ""  # filled_review already has "mitigated": not suggested twice
        assert any("line 3 no time" in problem for problem in dialog.problems)

        await pilot.press("tab")  # from the paste to the preview table
        await until(pilot, lambda: isinstance(app.focused, PreviewTable), "the preview has the focus")
        await pilot.press("space")  # untick the first row
        assert dialog.ticked == [False, False, True]

        await pilot.press("down", "down", "e")  # edit the third row in the row form
        await until(pilot, lambda: isinstance(app.screen, RowForm), "the row form opens")
        await pilot.press("tab", "ctrl+a", "ctrl+k", *"Config rolled back by ben", "ctrl+s")
        await until(pilot, lambda: app.screen is dialog, "the row form closes")
        assert dialog.proposal.items[2].row.event == "Config rolled back by ben"

        await pilot.press("ctrl+s")  # add the ticked rows
        await until(pilot, lambda: not isinstance(app.screen, EvidenceDialog), "the dialog closes")
        await until(pilot, lambda: len(app.review.timeline) == len(before) + 1, "the row reaches the review")
        after = timeline_events(app)
        assert after.index("Config rolled back by ben") == 3  # between 14:12 and 14:40
        assert "ana: checkout errors are climbing" not in after
        assert app.dirty

        await pilot.press("u")  # one undo removes the whole batch
        await until(pilot, lambda: timeline_events(app) == before, "undo restores the timeline")


async def test_a_file_path_is_read_and_several_rows_come_in_one_batch(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        before = timeline_events(app)
        dialog = await open_dialog(pilot, app)
        await pilot.press("shift+tab", "shift+tab", "shift+tab")  # back over Start and Zone to the path field
        await until(pilot, lambda: getattr(app.focused, "id", "") == "evidence-path", "the path field has the focus")
        await pilot.press(*str(CASES / "pagerduty_log_entries.json"), "enter")
        await until(pilot, lambda: len(dialog.proposal.items) == 6, "the file is read")
        assert isinstance(app.focused, PreviewTable)
        await pilot.press("enter")  # Enter on the preview adds the ticked rows
        await until(pilot, lambda: len(app.review.timeline) == len(before) + 6, "six rows added")
        assert app.screen.query_one(EditableTable).cursor_row == 0  # on the first row added
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not app.dirty, "saved")
        saved = store.load(path).timeline
        # The pager log is of January, before this March incident: its rows come first, with their
        # date, and the first bare time after them gets its own so that it still reads as March 5.
        assert [row.time for row in saved] == [
            "2024-01-15 14:33", "14:33", "14:36", "14:40", "14:50", "15:05",
            "2024-03-05 14:02", "14:09", "14:12", "14:40", "15:20",
        ]
        assert saved[5].event == "Resolved by Maria Chen."
        await pilot.press("u")
        await until(pilot, lambda: timeline_events(app) == before, "undo removes all six")


async def test_escape_adds_nothing_and_an_empty_preview_refuses_to_add(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await pilot.pause()
        before = timeline_events(app)
        dialog = await open_dialog(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog  # nothing ticked: the dialog stays, and says why
        await paste(pilot, app, "not evidence at all")
        await until(pilot, lambda: bool(dialog.problems), "the paste is read")
        assert "not evidence pirtui can read" in dialog.problems[0]
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, EvidenceDialog), "the dialog closes")
        assert timeline_events(app) == before and not app.dirty


async def test_the_key_is_in_the_footer_and_help_only_on_the_timeline(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await focus_table(pilot, app, "Timeline", "timeline")
        assert any(keys == "i" and "Evidence" == does for keys, does, _ in key_rows(app.screen))
        await focus_table(pilot, app, "Action Items", "action_items")
        assert not any(does == "Evidence" for _, does, _ in key_rows(app.screen))


async def test_the_source_zone_field_reads_local_times(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        dialog = await open_dialog(pilot, app)
        zone = dialog.query_one("#evidence-zone", Input)
        zone.value = "Europe/Berlin"  # times in the paste are Berlin's; the review is in UTC
        await paste(pilot, app, "[15:20] ana: errors dropping")
        await until(pilot, lambda: len(dialog.proposal.items) == 1, "the paste is read")
        assert dialog.proposal.items[0].row.time == "14:20"


async def test_a_read_only_timeline_does_not_open_the_dialog(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        table = await focus_table(pilot, app, "Timeline", "timeline")
        table.read_only = True  # what the app sets when another editor holds the review
        await pilot.press("i")
        await pilot.pause()
        assert not isinstance(app.screen, EvidenceDialog)
        assert not any(does == "Evidence" for _, does, _ in key_rows(app.screen))


async def test_a_webvtt_transcript_is_refused_until_the_start_is_given(tmp_path: Path) -> None:
    vtt = (CASES / "formats" / "meeting.vtt").read_text()
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        dialog = await open_dialog(pilot, app)
        await paste(pilot, app, vtt)
        await until(pilot, lambda: any("WebVTT" in p for p in dialog.problems), "the transcript is refused")
        (refusal,) = [p for p in dialog.problems if "WebVTT" in p]
        assert "\n" not in refusal and "Start in the dialog" in refusal and not dialog.proposal.items
        start = dialog.query_one("#evidence-start", Input)
        start.focus()
        await pilot.press(*"2024-03-05 14:00")
        await until(pilot, lambda: len(dialog.proposal.items) == 3, "the cues are read at start + offset")
        assert [(i.row.time, i.row.event) for i in dialog.proposal.items][0] == (
            "14:00", "Maria Chen: We are seeing 503s on the API.")


async def test_times_of_day_without_a_start_say_to_set_the_start(tmp_path: Path) -> None:
    path = tmp_path / "nostart.toml"
    store.save(path, store.load(write_review(tmp_path)).model_copy(
        update={"incident": store.load(write_review(tmp_path)).incident.model_copy(update={"start": "", "end": ""})}))
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        dialog = await open_dialog(pilot, app)
        await paste(pilot, app, "[14:05] ana: checkout errors are climbing\n")
        await until(pilot, lambda: len(dialog.proposal.items) == 1, "the paste is read")
        summary = str(dialog.query_one("#evidence-unreadable").render())
        assert "set the incident's Start first (or give --date)" in summary


async def test_a_path_typed_in_the_paste_box_and_enter_reads_the_file(tmp_path: Path) -> None:
    """Issue 25 item 8: the paste box has the focus when the dialog opens; a path typed there and
    Enter was read as a pasted chat (one unreadable line). It is read as the file."""
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        dialog = await open_dialog(pilot, app)
        await pilot.press(*str(CASES / "pagerduty_log_entries.json"), "enter")
        await until(pilot, lambda: len(dialog.proposal.items) == 6, "the file is read")
        assert dialog.query_one("#evidence-path", Input).value == str(CASES / "pagerduty_log_entries.json")
        assert dialog.query_one("#evidence-paste", TextArea).text == ""
        assert not dialog.problems
        # a line that names no file is text: Enter breaks the line as before
        dialog.query_one("#evidence-paste", TextArea).focus()
        await pilot.press(*"[14:05] ana: checkout errors", "enter")
        await until(pilot, lambda: "\n" in dialog.query_one("#evidence-paste", TextArea).text, "a line break")


async def test_the_focused_part_of_the_dialog_has_a_bar(tmp_path: Path) -> None:
    """Issue 25 item 8: no focus was visible in the dialog (its fields are compact)."""
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        dialog = await open_dialog(pilot, app)
        area, path_field = dialog.query_one("#evidence-paste"), dialog.query_one("#evidence-path")
        assert area.styles.border_left[0] == "tall" and path_field.styles.border_left[0] != "tall"
        path_field.focus()  # by keys: shift+tab past the Start and Zone fields
        await until(pilot, lambda: app.focused is path_field, "the path field has the focus")
        await pilot.pause()
        assert path_field.styles.border_left[0] == "tall" and area.styles.border_left[0] != "tall"


async def test_without_a_start_date_the_rows_say_why_they_have_no_time(tmp_path: Path) -> None:
    """Issue 25 item 8: without a start date every row showed `?` and the reason was cut off."""
    from textual.widgets import Static

    from tests.editor_helpers import filled_review

    review = filled_review()
    review.incident.start = ""
    review.incident.end = ""
    app = PirtuiApp(path=write_review(tmp_path, review))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        dialog = await open_dialog(pilot, app)
        await paste(pilot, app, "[14:05] ana: checkout errors are climbing and the pager keeps going off\n")
        await until(pilot, lambda: len(dialog.proposal.items) == 1, "the paste is read")
        summary = str(dialog.query_one("#evidence-unreadable", Static).render())
        assert "1 without a time (?)" in summary and "no Start date" in summary
        detail = str(dialog.query_one("#evidence-detail", Static).render())
        assert detail.startswith(NO_START)  # the reason first: at the end of a long event it was cut off
