"""The dialog that dismisses a hint for one field, with the writers' reason.

Hints are guesses from words ("Bob" may be a service); a dismissal is kept in the review, so the
reason must say why the hint is wrong here. The dialog only asks: the section screen stores it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList

from typing import Callable

from pirtui.core.hints import Hint
from pirtui.core.inert import inert
from pirtui.session import HeldText
from pirtui.widgets.messages import HoldsText


def _row(hint: Hint) -> str:
    """ "row 3: " for a hint about a table row ("action_items.2.owner"), "" for a field."""
    numbers = [part for part in hint.field.split(".") if part.isdigit()]
    return f"row {int(numbers[0]) + 1}: " if numbers else ""


class DismissHintDialog(HoldsText, ModalScreen[tuple[Hint, str] | None]):
    """Ask which hint of a field to dismiss and why; dismisses with (hint, reason), or None."""

    CSS_PATH = Path(__file__).with_name("dismiss_hint_dialog.tcss")
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, hints: Sequence[Hint], hold: Callable[[Hint, str], HeldText] | None = None) -> None:
        super().__init__(classes="dialog")
        self.hints = list(hints)
        self.hold = hold
        """Where a reason goes in the review, should the app end before enter (the opener knows)."""

    def held_text(self) -> HeldText | None:
        """The reason typed so far, for the hint highlighted, kept at a hang-up or crash."""
        if not self.is_mounted:
            return None
        reason = " ".join(self.query_one("#reason", Input).value.split())
        if not reason:
            return None
        hint = self.hints[self.query_one(OptionList).highlighted or 0]
        if self.hold is not None:
            return self.hold(hint, reason)
        return HeldText(f"Reason for dismissing the hint on {hint.field}", reason)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label("Dismiss a hint for this field", classes="dialog-question")
            yield OptionList(*(Text(inert(f"◦ {_row(hint)}{hint.message}", keep="")) for hint in self.hints), id="hint-choice")
            yield Label("", id="hint-why", markup=False)
            yield Input(placeholder='Why it does not apply, e.g. "not blame: Bob is a service"', id="reason")
            yield Label("", id="reason-problem", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Dismiss", id="dismiss", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
            yield Label("enter dismisses · escape cancels · tab moves", classes="dialog-keys")

    def on_mount(self) -> None:
        choice = self.query_one(OptionList)
        choice.highlighted = 0
        choice.display = len(self.hints) > 1
        self._explain(0)
        self.query_one("#reason", Input).focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._explain(event.option_index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#reason", Input).focus()

    def _explain(self, index: int) -> None:
        hint = self.hints[index]
        text = f"{_row(hint)}{hint.message} {hint.why}" if len(self.hints) == 1 else hint.why
        self.query_one("#hint-why", Label).update(inert(text, keep=""))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._dismiss_hint()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "dismiss":
            self._dismiss_hint()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        """Close, keeping the hint."""
        self.dismiss(None)

    def _dismiss_hint(self) -> None:
        reason = " ".join(self.query_one("#reason", Input).value.split())
        if not reason:
            self.query_one("#reason-problem", Label).update("Say why, so the next reader knows.")
            return
        index = self.query_one(OptionList).highlighted or 0
        self.dismiss((self.hints[index], reason))
