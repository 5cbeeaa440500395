"""The dialog that asks for the file name of a new review in the folder."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from pirtui.core.inert import inert
from pirtui.session import HeldText
from pirtui.widgets.messages import HoldsText, held
from pirtui.screens.dialogs import DIALOGS_CSS


def name_problem(folder: Path, name: str) -> str:
    """Why `name` cannot be the file name of a new review in `folder`, or "" when it can."""
    name = name.strip()
    if not name:
        return "Type a file name, e.g. inc-2026-004.toml"
    if "/" in name or "\\" in name:
        return "A file name only: the review is created in this folder"
    if name.startswith("."):
        return "A name starting with a dot would be hidden from the list"
    if not name.endswith(".toml"):
        return "A review file name ends in .toml"
    if (folder / name).exists():
        return f"{name} already exists"
    return ""


class NewReviewDialog(HoldsText, ModalScreen[Path | None]):
    """Ask for the new review's file name, prefilled with the next free incident ID.

    Dismisses with the path to create, or None when cancelled; it creates nothing itself.
    """

    # The look of every other dialog (dialogs.tcss: a round box, compact buttons, a line of keys);
    # its own sheet only sizes the name field and the problem line.
    CSS_PATH = [DIALOGS_CSS, "new_review_dialog.tcss"]
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, folder: Path, suggested: str) -> None:
        super().__init__(classes="dialog")
        self.folder = folder
        self.suggested = suggested

    def held_text(self) -> HeldText | None:
        """The name typed (not the suggested one): it has no place in a review, so a hang-up keeps
        it with a note (or names it on the way out when no review is open)."""
        if not self.is_mounted:
            return None
        typed = self.query_one("#name", Input).value
        return None if typed == self.suggested else held(f"New review file name (in {self.folder})", typed, None)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog-box"):
            yield Label(Text(f"New review in {inert(str(self.folder), keep='')}"), id="question", classes="dialog-question")
            yield Input(self.suggested, id="name", select_on_focus=False)
            yield Label("", id="problem")
            with Horizontal(id="buttons", classes="dialog-buttons"):
                yield Button("Create", variant="primary", id="create", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
            yield Label("enter create · esc cancel", classes="dialog-keys")

    def on_input_changed(self, event: Input.Changed) -> None:
        """Say what is wrong with the name as it is typed, without blocking the typing."""
        self._show_problem(name_problem(self.folder, event.value))

    def _show_problem(self, problem: str) -> None:
        # The problem may quote the typed name: plain text, never markup.
        self.query_one("#problem", Label).update(Text(inert(problem, keep="")))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._create()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self._create()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        """Close without creating anything."""
        self.dismiss(None)

    def _create(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        problem = name_problem(self.folder, name)
        if problem:
            self._show_problem(problem)
            return
        self.dismiss(self.folder / name)
