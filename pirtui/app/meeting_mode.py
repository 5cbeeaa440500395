"""The editor's review-meeting mode: start it, let captures reach the review, tell followers, end it.

Mixed into `PirtuiApp` so that app.py stays about editing. A capture changes the review while
editors of the same paths may be mounted behind the meeting view, and a mounted editor is the truth
for its paths; so every capture first takes what the editors show (`sync`), then changes the review,
then has the editors built again from it (`review_replaced`), then saves at once: the room's words
are on disk before anyone leaves, and nothing typed before is overwritten by a stale editor.
"""

from __future__ import annotations

import time
from datetime import date
from typing import TYPE_CHECKING, Callable

from pirtui.meeting import beacon
from pirtui.meeting.meeting import Meeting, MeetingClock, agenda, end, people, start, summary_markdown
from pirtui.core.model import Review

if TYPE_CHECKING:
    from pirtui.app.app import PirtuiApp


class MeetingMode:
    """The meeting's state and flow, for the app (`self` is the `PirtuiApp`)."""

    meeting: Meeting | None = None
    """The meeting in progress, None when none is."""
    meet_on_open = False
    """`pirtui meet FILE`: start the meeting as soon as the review is shown."""
    meeting_clock: Callable[[], float] = staticmethod(time.monotonic)
    """The meeting clock's source of seconds (tests give a clock they move by hand)."""

    def action_start_meeting(self: PirtuiApp) -> None:  # type: ignore[misc]
        """Start the review meeting (attendees first), or go back to the one running."""
        from pirtui.screens.meeting import CaptureDialog

        if self.review is None or self.session is None:
            return
        if self.meeting is not None:
            self._show_meeting()
            return
        if self.read_only:
            self.notify(f"{self.read_only}; a meeting needs the review editable.", severity="warning", markup=False)
            return
        self.sync()
        review = self.review

        def attendees(text: str | None) -> None:
            if text is None:
                return
            from pirtui.core.config import load_config

            assert self.path is not None
            config = load_config(self.path.parent)
            self.meeting = Meeting(agenda(config.meeting_minutes), MeetingClock(self.meeting_clock))
            self.meeting_apply(lambda review: start(review, date.today(), text))
            self._show_meeting(self.meeting.first_key())  # the top of the agenda; resuming keeps its place

        prefill = review.meeting.attendees or ", ".join(people(review))
        dialog = CaptureDialog("Attendees (edit, then enter starts the meeting)", prefill)
        self.push_screen(dialog, attendees)

    def _show_meeting(self: PirtuiApp, at: str = "") -> None:  # type: ignore[misc]
        from pirtui.screens.meeting import MeetingScreen

        assert self.meeting is not None and self.review is not None
        key = at or self.current_key or "incident"

        def back(key: str | None) -> None:
            if key and self.review is not None:
                self.goto_section(key)

        hints = [finding for finding in self.checker.findings if finding.level == "hint"] if self.checker else []
        screen = MeetingScreen(
            self.review, key, self.meeting, self.meeting_apply, self.meeting_shown, self.end_meeting, hints  # type: ignore[arg-type]
        )
        self.push_screen(screen, back)

    def meeting_apply(self: PirtuiApp, change: Callable[[Review], object]) -> bool:  # type: ignore[misc]
        """Change the review for the meeting and save at once; True when it is saved."""
        if self.session is None or self.read_only:
            return False
        self.sync()
        change(self.session.review)
        self.session.edited()
        self.review_replaced()
        return self.save()

    def meeting_shown(self: PirtuiApp, key: str) -> None:  # type: ignore[misc]
        """The meeting view shows section `key`: followers follow."""
        self.current_key = key
        if self.path is not None:
            beacon.publish(self.path, key, meeting=True)

    def end_meeting(self: PirtuiApp) -> None:  # type: ignore[misc]
        """End the meeting: a Revision History row, the summary to copy, followers told."""
        from pirtui.core.config import load_config
        from pirtui.screens.meeting import MeetingScreen, MeetingSummaryScreen

        meeting = self.meeting
        if meeting is None or self.review is None or self.path is None:
            return
        author = load_config(self.path.parent).author or self.review.incident.author
        self.meeting_apply(lambda review: end(review, meeting.captured, date.today(), author))
        text = summary_markdown(self.review, meeting.captured, meeting.clock)
        self.meeting = None
        beacon.withdraw(self.path)
        key = self.current_key or "incident"
        if isinstance(self.screen, MeetingScreen):
            key = self.screen.key
            self.screen.dismiss(None)  # the summary comes first; its closing shows the section

        def closed(_: None) -> None:
            if self.review is not None:
                self.goto_section(key)

        self.push_screen(MeetingSummaryScreen(text), closed)

    def leave_meeting_quietly(self: PirtuiApp) -> None:  # type: ignore[misc]
        """The app ends (quit, hang-up, another review opened): followers are told the driver left."""
        if self.meeting is not None and self.path is not None:
            beacon.withdraw(self.path)
        self.meeting = None
