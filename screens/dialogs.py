"""Small modal questions: quit with unsaved changes, and yes/no confirmations.

Each is a `ModalScreen` that dismisses with its answer, so callers pass a callback to
`push_screen`. Every choice has a button reachable by Tab and a single key, because escape is
unreliable over slow SSH links.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from pirtui.core.inert import inert

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
            yield Label(Text(f"{inert(self.file_name)} has unsaved changes."), classes="dialog-question")
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
            yield Label(Text(inert(self.question)), classes="dialog-question")
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


@dataclass(frozen=True)
class Choice:
    """One answer of a ChoiceDialog: the value it dismisses with, its button label and its key."""

    value: str
    label: str
    key: str
    variant: str = "default"


class ChoiceDialog(ModalScreen[str]):
    """A question with a few answers, an optional scrollable detail (a diff), one key per answer.

    Every text from a file (names, diffs) is drawn inert. The first choice has the focus unless
    `default` names another; escape answers `cancel` (the last choice unless told), so it must be a
    choice that loses nothing.
    """

    CSS_PATH = DIALOGS_CSS
    BINDINGS = [
        Binding("left", "app.focus_previous", "Previous button", show=False),
        Binding("right", "app.focus_next", "Next button", show=False),
        Binding("escape", "escape", "Cancel", show=False),
    ]

    def __init__(
        self, question: str, choices: list[Choice], detail: str = "", default: str = "", cancel: str = ""
    ) -> None:
        super().__init__(classes="dialog")
        self.question = question
        self.choices = choices
        self.detail = detail
        self.default = default or choices[0].value
        self.cancel = cancel or choices[-1].value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(Text(inert(self.question)), classes="dialog-question")
            if self.detail:
                with VerticalScroll(classes="dialog-detail"):
                    yield Static(Text(inert(self.detail)), classes="dialog-detail-text")
            # Five or more answers (an action item's status) keep their buttons close together so
            # that all of them fit 80 columns (issue 25 item 7: "Cance").
            many = "-many" if len(self.choices) > 4 else ""
            with Horizontal(classes=f"dialog-buttons {many}".strip()):
                for choice in self.choices:
                    variant: Any = choice.variant
                    yield Button(choice.label, id=f"choice-{choice.value}", variant=variant, compact=True)
            keys = " · ".join(f"{c.key} {c.label.lower()}" for c in self.choices)
            yield Label(keys, classes=f"dialog-keys {many}".strip(), markup=False)

    def on_mount(self) -> None:
        self.query_one(f"#choice-{self.default}", Button).focus()

    def on_key(self, event: events.Key) -> None:
        for choice in self.choices:
            if event.character == choice.key:
                event.stop()
                self.dismiss(choice.value)
                return

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def action_escape(self) -> None:
        """Escape answers with the choice that loses nothing."""
        self.dismiss(self.cancel)
