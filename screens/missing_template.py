"""A review whose template cannot be found here, shown read-only: why, and the file as it is.

Without its template pirtui cannot know the review's sections, so it neither checks nor edits
it; but the file is the user's, so it is shown whole (its TOML text, in a read-only text area, to
read, scroll, search and copy from) and nothing is written: no lock, no recovery copy, no save.
The one line at the top is the loader's message (which template, where it was looked for).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Label, TextArea

from pirtui.core.inert import inert
from pirtui.widgets.footer import QuietFooter

READ_ONLY = "Read-only: nothing here is checked, changed or saved. ctrl+q quits."
"""The line under the loader's message (the app's quit key is not shown in the footer)."""


def file_text(path: Path) -> str:
    """The review file's text as it is on disk (undecodable bytes shown as replacement marks)."""
    return path.read_text(encoding="utf-8", errors="replace")


class MissingTemplateScreen(Screen[None]):
    """The review file's text, read-only, under the line saying which template is missing."""

    DEFAULT_CSS = """
    MissingTemplateScreen #missing-why {
        color: $warning;
        width: 1fr;
        padding: 0 1;
    }
    MissingTemplateScreen #missing-note {
        color: $text-muted;
        width: 1fr;
        padding: 0 1;
    }
    MissingTemplateScreen TextArea {
        height: 1fr;
    }
    """
    BINDINGS = [
        Binding("escape", "close", "Back", tooltip="Back to the list of reviews (folder mode)"),
    ]

    def __init__(self, path: Path, why: str, text: str | None = None) -> None:
        super().__init__(classes="missing-template")
        self.path = path
        """The review file, left as it is."""
        self.why = why
        """The loader's one line: which template, and where it was looked for."""
        self.text = file_text(path) if text is None else text
        self.sub_title = "read-only"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(Text(inert(self.why, keep="")), id="missing-why")
        yield Label(Text(READ_ONLY), id="missing-note")
        yield TextArea(self.text, read_only=True, show_line_numbers=True, soft_wrap=True, id="missing-text")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close":
            # Only over the review list: started on this one file, there is nothing to go back to.
            return len(self.app.screen_stack) > 2
        return True

    def action_close(self) -> None:
        """Back to the review list it was opened from."""
        if len(self.app.screen_stack) > 2:
            self.dismiss(None)
