"""The editor's side of a review meeting and nothing else, for tests of the meeting with any template.

`MeetingHostApp` is a Textual app that holds one open review (a real `Session`) and the real
`MeetingDriver`, and gives the driver the narrow `MeetingHost` it asks for, without the editor's
section screens: the meeting's screens (attendees, the meeting view, captures, the agenda, the
summary) are what the tests drive. It keeps the one-line messages the screens show (`said`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.notifications import SeverityLevel

from pirtui.app.meeting_driver import MeetingDriver
from pirtui.core.hints import Hint
from pirtui.session import Saved, Session


class MeetingHostApp(App[None]):
    """A session and its meeting driver; saving writes the review as the editor's save does."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.session: Session | None = Session.open(path)
        self.current_key = ""
        """The section the meeting view shows (the editor's current section)."""
        self.meeting_driver = MeetingDriver(self, self)
        self.said: list[str] = []
        """Every message shown to the driver (`notify`), in order."""

    def section_on_screen(self, key: str) -> None:
        """The meeting view shows `key`."""
        self.current_key = key

    def goto_section(self, key: str, field: str = "") -> None:
        """The editor would show section `key`; here it only remembers it."""
        self.current_key = key

    def review_replaced(self) -> None:
        """No editors here to rebuild."""

    def save(self) -> bool:
        """Save the review; True when saved."""
        assert self.session is not None
        return isinstance(self.session.save(), Saved)

    def hints(self) -> list[Hint]:
        """No hints on the slides (the hints are not the meeting's)."""
        return []

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information", **options: Any) -> None:
        """Keep what the driver is told, then show it as the app would."""
        self.said.append(message)
        super().notify(message, title=title, severity=severity, **options)
