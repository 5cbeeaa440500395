"""The review meeting in the real editor: attendees, agenda and clocks, captures saved at once, the
end with its revision row and summary, followers told. Driven with Pilot at 80x24."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, Label, Static

from pirtui.meeting import beacon

from pirtui.core import store
from pirtui.app.app import PirtuiApp
from pirtui.screens.meeting_view import AgendaScreen, CaptureDialog, MeetingScreen, MeetingSummaryScreen
from pirtui.screens.section import SectionScreen
from pirtui.widgets.row_form import RowForm
from tests.editor_helpers import SMALL, filled_review, isolated_state, wait_until, write_review  # noqa: F401

TODAY = date.today().isoformat()


class FakeClock:
    """Seconds that move only when the test says so."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _on(app: PirtuiApp, kind: type) -> bool:
    """The screen on top is a `kind`, mounted with its widgets."""
    return isinstance(app.screen, kind) and app.screen.is_mounted


def _text(widget: Label | Static) -> str:
    return str(widget.render())


async def _start(pilot, app: PirtuiApp) -> MeetingScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    app.action_start_meeting()
    assert await wait_until(pilot, lambda: _on(app, CaptureDialog))
    await pilot.press("enter")
    assert await wait_until(pilot, lambda: _on(app, MeetingScreen))
    return app.screen  # type: ignore[return-value]


async def _capture(pilot, app: PirtuiApp, key: str, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(key)
    assert await wait_until(pilot, lambda: _on(app, CaptureDialog))
    await pilot.press(*text, "enter")
    assert await wait_until(pilot, lambda: _on(app, MeetingScreen))


async def test_starting_asks_for_attendees_prefilled_with_the_reviews_people(tmp_path: Path) -> None:
    review = filled_review()
    review.meeting.attendees = ""
    path = write_review(tmp_path, review)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.action_start_meeting()
        assert await wait_until(pilot, lambda: _on(app, CaptureDialog))
        typed = app.screen.query_one(Input).value
        assert "Ana Ruiz" in typed and "Ben Okafor" in typed
        await pilot.press("end", *", Cleo", "enter")
        assert await wait_until(pilot, lambda: _on(app, MeetingScreen))
    saved = store.load(path)
    assert saved.meeting.date == TODAY
    assert saved.meeting.attendees.endswith(", Cleo")


async def test_the_clocks_show_time_boxes_and_a_quiet_warning_when_a_section_runs_over(tmp_path: Path) -> None:
    clock = FakeClock()
    app = PirtuiApp(path=write_review(tmp_path))
    app.meeting_driver.clock = clock
    async with app.run_test(size=SMALL) as pilot:
        screen = await _start(pilot, app)
        line = screen.query_one("#meeting-clock", Label)
        assert "Incident Information 0:00 of 3:00" in _text(line) and "meeting 0:00 of 45:00" in _text(line)
        clock.now += 200
        screen.show_clock()
        assert "over by 0:20" in _text(line) and line.has_class("-over")
        await pilot.press("n")
        assert "Executive Summary 0:00 of 3:00" in _text(line) and not line.has_class("-over")
        assert "meeting 3:20" in _text(line)


async def test_every_capture_lands_in_its_place_and_is_saved_at_once(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await _start(pilot, app)
        await pilot.press("n", "n")  # the Timeline
        await _capture(pilot, app, "c", "Alerting was slow")
        await _capture(pilot, app, "d", "Keep [the] config freeze")
        await _capture(pilot, app, "f", "Ask the DBA team")
        await _capture(pilot, app, "m", "14:12 is approximate")
        saved = store.load(path)
        assert saved.meeting.discussion[-2:] == ["Alerting was slow", "Timeline: 14:12 is approximate"]
        assert saved.meeting.decisions[-1] == "Keep [the] config freeze"
        assert saved.meeting.follow_ups[-1] == "Ask the DBA team"
        before = len(saved.action_items)
        await pilot.press("a")
        assert await wait_until(pilot, lambda: _on(app, RowForm))
        await pilot.press(*"Add a config canary", "tab", *"Ana")
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: _on(app, MeetingScreen))
        saved = store.load(path)
        assert len(saved.action_items) == before + 1
        item = saved.action_items[-1]
        assert (item.action, item.owner, item.status) == ("Add a config canary", "Ana", "Open")
        assert not app.dirty


async def test_a_capture_is_kept_when_the_section_it_lands_in_was_open_in_the_editor(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.goto_section("meeting")
        await pilot.pause()
        await _start(pilot, app)
        await _capture(pilot, app, "d", "Roll back first, debug later")
        await pilot.press("q")
        assert await wait_until(pilot, lambda: _on(app, SectionScreen))
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert store.load(path).meeting.decisions[-1] == "Roll back first, debug later"


async def test_typed_text_in_a_capture_needs_a_second_escape(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await _start(pilot, app)
        await pilot.press("d")
        assert await wait_until(pilot, lambda: _on(app, CaptureDialog))
        before = list(app.review.meeting.decisions) if app.review else []
        await pilot.press(*"half a thought", "escape")
        assert isinstance(app.screen, CaptureDialog)
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: _on(app, MeetingScreen))
        assert app.review is not None and app.review.meeting.decisions == before


async def test_each_slide_says_what_is_still_missing(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _start(pilot, app)
        app.action_presentation()  # already in the meeting: stays
        await pilot.press("a")
        assert await wait_until(pilot, lambda: _on(app, RowForm))
        await pilot.press(*"Write the runbook", "ctrl+s")
        assert await wait_until(pilot, lambda: _on(app, MeetingScreen))
        screen.key = "action_items"
        screen.redraw()
        missing = screen.query_one("#meeting-missing", Static)
        assert missing.display and "has no owner" in _text(missing)


async def test_the_agenda_jumps_to_a_section(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        screen = await _start(pilot, app)
        await pilot.press("g")
        assert await wait_until(pilot, lambda: _on(app, AgendaScreen))
        await pilot.press("down", "down", "enter")
        assert await wait_until(pilot, lambda: _on(app, MeetingScreen))
        assert screen.key == "timeline"


async def test_ending_adds_the_revision_row_and_shows_a_summary(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await _start(pilot, app)
        assert beacon.read(path) is not None
        await _capture(pilot, app, "d", "One")
        await _capture(pilot, app, "d", "Two")
        await pilot.press("e")
        assert await wait_until(pilot, lambda: _on(app, MeetingSummaryScreen))
        summary = app.screen.markdown  # type: ignore[attr-defined]
        assert "- One" in summary and "- Two" in summary
        assert beacon.read(path) is None
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: _on(app, SectionScreen))
        assert app.meeting is None
    revisions = store.load(path).revisions
    assert revisions[-1].change == "Review meeting held: 2 decisions"
    assert revisions[-1].date == TODAY


async def test_leaving_keeps_the_meeting_and_f5_comes_back_to_it(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await _start(pilot, app)
        await pilot.press("n", "q")
        assert await wait_until(pilot, lambda: _on(app, SectionScreen))
        assert app.screen.section.key == "summary"
        shown = beacon.read(path)
        assert shown is not None and shown.section == "summary"
        await pilot.press("ctrl+n")
        assert await wait_until(pilot, lambda: (beacon.read(path) or shown).section == "timeline")
        await pilot.press("f5")
        assert await wait_until(pilot, lambda: _on(app, MeetingScreen))
        assert app.screen.key == "timeline"  # type: ignore[attr-defined]


async def test_a_meeting_starts_at_the_top_of_the_agenda_wherever_the_editor_was(tmp_path: Path) -> None:
    """Issue 25 item 5: the meeting opened at the editor's section (Lessons Learned here) instead of
    the agenda's first item; leaving and coming back (F5) keeps the meeting's place."""
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.goto_section("lessons")
        await pilot.pause()
        screen = await _start(pilot, app)
        assert screen.key == app.meeting.first_key() == "incident"
        await pilot.press("n", "n")
        assert screen.key == "timeline"


async def test_a_due_date_suggested_in_the_meeting_counts_from_the_meeting_not_the_review_date(
    tmp_path: Path,
) -> None:
    """Issue 25 item 5: the Review Date is 2024-03-07; counted from it, a P1 item agreed at today's
    meeting was due in 2024 (overdue at once). It counts from the meeting's date, today."""
    from datetime import timedelta

    from pirtui.core.template import action_item
    from pirtui.core.template.loader import builtin
    from textual.widgets import Select

    path = write_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await _start(pilot, app)
        await pilot.press("a")
        assert await wait_until(pilot, lambda: _on(app, RowForm))
        form = app.screen
        form.query_one("#col-priority", Select).value = "P1"
        due = form.query_one("#col-due", Input)
        assert await wait_until(pilot, lambda: due.value != "")
        assert due.value == (date.today() + action_item.due_window(builtin(), "P1")).isoformat()
        await pilot.press("escape")
