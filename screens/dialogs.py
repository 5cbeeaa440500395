"""Small modal questions: quit with unsaved changes, and yes/no confirmations.

Each is a `ModalScreen` that dismisses with its answer, so callers pass a callback to
`push_screen`. Every choice has a button reachable by Tab and a single key, because escape is
unreliable over slow SSH links.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

DIALOGS_CSS = Path(__file__).with_name("dialogs.tcss")


class QuitDialog(ModalScreen[str]):
    """Asks what to do with unsaved changes: "save", "discard" or "cancel" (Save has the focus)."""

    CSS_PATH = DIALOGS_CSS
    BINDINGS = [
        Binding("s", "choose('save')", "Save and quit"),
        Binding("d", "choose('discard')", "Discard and quit"),
        Binding("c,escape", "choose('cancel')", "Cancel"),
        Binding("left", "app.focus_previous", "Previous button", show=False),
        Binding("right", "app.focus_next", "Next button", show=False),
    ]

    def __init__(self, name: str) -> None:
        super().__init__(classes="dialog")
        self.file_name = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(f"{self.file_name} has unsaved changes.", classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Discard", id="discard", variant="error", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
            yield Label("s save · d discard · c cancel", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or "cancel")

    def action_choose(self, choice: str) -> None:
        """Answer with one of the choices."""
        self.dismiss(choice)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; Yes has the focus unless `default_yes` is False."""

    CSS_PATH = DIALOGS_CSS
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
        Binding("left", "app.focus_previous", "Previous button", show=False),
        Binding("right", "app.focus_next", "Next button", show=False),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No", default_yes: bool = True) -> None:
        super().__init__(classes="dialog")
        self.question = question
        self.yes_label = yes
        self.no_label = no
        self.default_yes = default_yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self.question, classes="dialog-question", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes_label, id="yes", variant="primary", compact=True)
                yield Button(self.no_label, id="no", compact=True)
            yield Label("y yes · n no", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#yes" if self.default_yes else "#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        """Answer the question."""
        self.dismiss(answer)
