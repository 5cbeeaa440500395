"""The editor's meeting driver: start a review meeting, let captures reach the review, tell followers, end it.

A part the app holds (`PirtuiApp.meeting_driver`), given the Textual app for its screens and a narrow
`MeetingHost` for the editor. A capture changes the review while editors of the same paths may be
mounted behind the meeting view, and a mounted editor is the truth for its paths; so every capture
goes through `Session.change` (which first takes what the editors show), then has the editors built
again from the review (`review_replaced`), then saves at once: the room's words are on disk before
anyone leaves, and nothing typed before is overwritten by a stale editor.

The meeting follows the review's template (`pirtui.meeting.running` asks it by role): its agenda,
its time boxes, and the captures it has a place for.
"""

from __future__ import annotations

import time
from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Protocol

from textual.app import App

from pirtui.core.model import Review
from pirtui.session import Session

if TYPE_CHECKING:  # the meeting's modules load when a meeting starts, not before the first screen
    from pirtui.core.hints import Hint
    from pirtui.meeting.running import RunningMeeting


class MeetingHost(Protocol):
    """What the meeting mode needs of the editor, besides Textual's own App."""

    @property
    def session(self) -> Session | None:
        """The open review."""

    @property
    def current_key(self) -> str:
        """The section on screen."""

    def section_on_screen(self, key: str) -> None:
        """The meeting view shows section `key` (the editor remembers it as the current one)."""

    def goto_section(self, key: str, field: str = "") -> None:
        """Show a section of the review."""

    def review_replaced(self) -> None:
        """The review changed as a whole: rebuild what shows it."""

    def save(self) -> bool:
        """Save the review; True when saved now."""

    def hints(self) -> list[Hint]:
        """The review's hints, for the slides."""


class MeetingDriver:
    """The meeting's state and flow, for the editor app."""

    def __init__(self, app: App[Any], host: MeetingHost, on_open: bool = False) -> None:
        self.app = app
        self.host = host
        self.meeting: RunningMeeting | None = None
        """The meeting in progress, None when none is."""
        self.on_open = on_open
        """`pirtui meet FILE`: start the meeting as soon as the review is shown."""
        self.clock: Callable[[], float] = time.monotonic
        """The meeting clock's source of seconds (tests give a clock they move by hand)."""

    def take_on_open(self) -> bool:
        """Whether the meeting should start now that the review is shown (once)."""
        on_open, self.on_open = self.on_open, False
        return on_open

    def start(self) -> None:
        """Start the review meeting (attendees first), or go back to the one running."""
        from pirtui.core.sections import template_of
        from pirtui.meeting.running import (
            MeetingClock, RunningMeeting, agenda, attendees_of, records_attendees, start, time_boxes,
        )
        from pirtui.screens.meeting_view import CaptureDialog

        session = self.host.session
        if session is None:
            return
        if self.meeting is not None:
            self._show()
            return
        if session.read_only:
            self.app.notify(f"{session.read_only}; a meeting needs the review editable.", severity="warning", markup=False)
            return
        review = session.whole_review()

        def attendees(text: str | None) -> None:
            if text is None or self.host.session is not session:
                return
            from pirtui.core.config import load_config

            config = load_config(session.path.parent)
            boxes = time_boxes(template_of(session.review), config)
            self.meeting = meeting = RunningMeeting(agenda(boxes, session.review), MeetingClock(self.clock))
            self.apply(lambda review: start(review, date.today(), text, meeting.captured))
            self._show(meeting.first_key())  # the top of the agenda; resuming keeps its place

        title = "Attendees (edit, then enter starts the meeting)"
        if not records_attendees(review):
            title = "Attendees, for the summary (the template records none); enter starts"
        self.app.push_screen(CaptureDialog(title, attendees_of(review)), attendees)

    def _show(self, at: str = "") -> None:
        from pirtui.screens.meeting_view import MeetingScreen

        session = self.host.session
        assert self.meeting is not None and session is not None
        key = at or self.host.current_key or self.meeting.agenda[0].key

        def back(key: str | None) -> None:
            if key and self.host.session is not None:
                self.host.goto_section(key)

        screen = MeetingScreen(session.review, key, self.meeting, self.apply, self.shown, self.end, self.host.hints())
        self.app.push_screen(screen, back)

    def apply(self, change: Callable[[Review], object]) -> bool:
        """Change the review for the meeting and save at once; True when it is saved."""
        session = self.host.session
        if session is None or not session.change(change):
            return False
        self.host.review_replaced()
        return self.host.save()

    def shown(self, key: str) -> None:
        """The meeting view shows section `key`: followers follow."""
        from pirtui.meeting import beacon

        self.host.section_on_screen(key)
        if self.host.session is not None:
            beacon.publish(self.host.session.path, key, meeting=True)

    def end(self) -> None:
        """End the meeting: a Revision History row, the summary to copy, followers told."""
        from pirtui.core.config import load_config
        from pirtui.core.sections import template_of
        from pirtui.core.template import roles
        from pirtui.meeting import beacon
        from pirtui.meeting.running import end, history_heading, summary_markdown
        from pirtui.screens.meeting_view import MeetingScreen, MeetingSummaryScreen

        meeting, session = self.meeting, self.host.session
        if meeting is None or session is None:
            return
        review = session.review
        author = load_config(session.path.parent).author or roles.text(template_of(review), review, "review-author")
        self.apply(lambda review: end(review, meeting.captured, date.today(), author))
        text = summary_markdown(session.review, meeting.captured, meeting.clock)
        self.meeting = None
        beacon.withdraw(session.path)
        key = self.host.current_key or meeting.agenda[0].key
        if isinstance(self.app.screen, MeetingScreen):
            key = self.app.screen.key
            self.app.screen.dismiss(None)  # the summary comes first; its closing shows the section

        def closed(_: None) -> None:
            if self.host.session is not None:
                self.host.goto_section(key)

        self.app.push_screen(MeetingSummaryScreen(text, history_heading(session.review)), closed)

    def leave_quietly(self) -> None:
        """The app ends (quit, hang-up, another review opened): followers are told the driver left."""
        if self.meeting is not None and self.host.session is not None:
            from pirtui.meeting import beacon

            beacon.withdraw(self.host.session.path)
        self.meeting = None
