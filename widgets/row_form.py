"""The row form: one row of a table (or one list item) edited field by field in a modal.

Tab and Shift+Tab move between fields, Enter moves on (and commits on the last field), ctrl+s
commits the row and saves the review, escape or the Cancel button gives up. The Cancel button is
there because escape is unreliable over slow SSH links. Giving up on typed words asks first, with
"Keep editing" the default: in a burst of keys, one Enter or escape too many must not drop a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from textual.app import ComposeResult
from textual.actions import SkipAction
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, TextArea

from pirtui.core.sections import Column
from pirtui.session import HeldText
from pirtui.widgets.messages import HoldsText
from pirtui.widgets.field import InertInput, select_options
from pirtui.widgets.text_block import InertTextArea

Values = dict[str, str]


class DropRowQuestion(ModalScreen[bool]):
    """ "Drop what you typed?" True drops the row; Keep editing (the default) gives False."""

    CSS_PATH = Path(__file__).with_name("row_form.tcss")
    BINDINGS = [
        Binding("d", "answer(True)", "Drop the row"),
        Binding("k,escape", "answer(False)", "Keep editing"),
        Binding("left", "app.focus_previous", "Previous button", show=False),
        Binding("right", "app.focus_next", "Next button", show=False),
    ]
    AUTO_FOCUS = "#keep"

    def compose(self) -> ComposeResult:
        with Vertical(id="drop-row"):
            yield Label("Drop the row you typed?", id="drop-row-question")
            with Horizontal(id="drop-row-buttons"):
                yield Button("Keep editing", id="keep", variant="primary", compact=True)
                yield Button("Drop it", id="drop", variant="error", compact=True)
            yield Label("k / Esc keep editing · d drop", id="drop-row-keys")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "drop")

    def action_answer(self, drop: bool) -> None:
        """Answer: drop the row (True) or keep editing (False)."""
        self.dismiss(drop)


@dataclass(frozen=True)
class RowResult:
    """What the form gives back: the row's values, and whether to save the review right away."""

    values: Values
    save: bool = False


class RowForm(HoldsText, ModalScreen[RowResult | None]):
    """Edit the values of one row, one field per column, in the table's column order."""

    CSS_PATH = Path(__file__).with_name("row_form.tcss")
    BINDINGS = [
        Binding("ctrl+s", "commit(True)", "Save row + review", priority=True),
        # A priority binding moves the focus as the key arrives, so the keys typed after it in the
        # same burst reach the next field (pirtui.app.keys_in_order); Input's own Enter would move it later.
        Binding("enter", "next_field", "Next field", show=False, priority=True),
        Binding("escape", "cancel", "Cancel"),
        Binding("f1", "app.help", "Help", show=False),
    ]

    def __init__(
        self,
        title: str,
        columns: Sequence[Column],
        values: Values,
        autofill: Callable[[str, Values], Values] | None = None,
        new: bool = False,
        hold: Callable[[Values], HeldText] | None = None,
    ) -> None:
        super().__init__(classes="row-form")
        self.hold = hold
        """A form opened without a table (the meeting's new action item): where its row would go."""
        self.form_title = title
        self.columns = tuple(columns)
        self.initial = dict(values)
        self.autofill = autofill
        """Fills related fields as the user types (the due date from the priority)."""
        empty = [c for c in self.columns if not self.initial.get(c.key, "")] if new else []
        first = empty[0] if empty else self.columns[0]
        # Focused as soon as the form is composed (before any key of the burst that opened it is
        # handed on): in a new row the first field the user has to fill, not a prefilled ID.
        # Textual types AUTO_FOCUS as a ClassVar, yet reads it from the instance when the screen is
        # shown, so one form can focus its own first empty field.
        self.AUTO_FOCUS = f"#col-{first.key}"  # type: ignore[misc]  # Textual: AUTO_FOCUS typed ClassVar

    def compose(self) -> ComposeResult:
        with Vertical(id="row-form"):
            yield Label(self.form_title, id="row-form-title")
            with VerticalScroll(id="row-form-fields"):
                for column in self.columns:
                    value = self.initial.get(column.key, "")
                    with Horizontal(classes="form-row"):
                        yield Label(column.label, classes="form-label")
                        yield self._input(column, value)
            with Horizontal(id="row-form-buttons"):
                yield Button("Done", id="done", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
            yield Label("Tab next · Enter next/done · ctrl+s done and save · Esc cancel", id="row-form-keys")

    def _input(self, column: Column, value: str) -> Input | Select | TextArea:
        name = f"col-{column.key}"
        if column.options:
            return Select(
                select_options(column.options, value),
                value=value or Select.NULL,
                prompt=column.hint or "choose",
                compact=True,
                id=name,
            )
        if "\n" in value:
            return InertTextArea(value, compact=True, id=name, soft_wrap=True)
        return InertInput(value, placeholder=column.hint, select_on_focus=False, compact=True, id=name)

    def values(self) -> Values:
        """The form's current values, by column key, exactly as typed."""
        out: Values = {}
        for column in self.columns:
            widget = self.query_one(f"#col-{column.key}")
            if isinstance(widget, Select):
                out[column.key] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, TextArea):
                out[column.key] = widget.text
            elif isinstance(widget, Input):
                out[column.key] = widget.value
        return out

    def _filled_by_autofill(self, key: str) -> None:
        if self.autofill is None:
            return
        for other, value in self.autofill(key, self.values()).items():
            widget = self.query_one(f"#col-{other}")
            if isinstance(widget, Input) and widget.value != value:
                widget.value = value

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._filled_by_autofill((event.select.id or "").removeprefix("col-"))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._filled_by_autofill((event.input.id or "").removeprefix("col-"))

    def action_next_field(self) -> None:
        """Enter in a one-line field moves to the next field; on the last field it commits the row,
        so an Enter too many in a burst never moves on to the buttons.

        Anywhere else Enter does what it does there: a Select opens, a button presses, a TextArea
        breaks the line.
        """
        focused = self.focused
        if not isinstance(focused, Input):
            raise SkipAction()
        if focused is self.query_one(f"#col-{self.columns[-1].key}"):
            self.action_commit(False)
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "done":
            self.action_commit(False)
        else:
            self.action_cancel()

    def action_commit(self, save: bool) -> None:
        """Give the row back to the table (and ask the app to save when `save`)."""
        self.dismiss(RowResult(self.values(), save))

    def held_text(self) -> HeldText | None:
        """A table's form is kept by its table (`EditableTable.unsaved_row`); one opened without a
        table is kept through `hold`."""
        if self.hold is None or not self.is_mounted or not self.changed():
            return None
        return self.hold(self.values())

    def changed(self) -> bool:
        """Whether the form holds anything the user typed (differs from what it opened with)."""
        return any(value != self.initial.get(key, "") for key, value in self.values().items())

    def action_cancel(self) -> None:
        """Close without changing the row; when words were typed, ask first (Keep editing is the default)."""
        if not self.changed():
            self.dismiss(None)
            return

        def answered(drop: bool | None) -> None:
            if drop:
                self.dismiss(None)

        self.app.push_screen(DropRowQuestion(), answered)
