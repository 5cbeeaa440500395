"""Checkbox parts of the review: how the incident was detected, and the runbook updates.

The boxes and the rows' columns are the template's (`Block.checkboxes`; a rows block's yes/no and
text fields), so a team template's checkboxes are edited the same way."""

from __future__ import annotations

from textual import events
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Label

from typing import Any

from pirtui.core.sections import Block, Column
from pirtui.widgets.editable_table import EditableTable
from pirtui.widgets.field import InertInput
from pirtui.widgets.messages import ReviewEditor
from pirtui.widgets.part import FindingLike, FormPart, MessageLine, field_id


class Tick(Checkbox):
    """A checkbox whose mark is blank when unticked, so its state reads without colour (NO_COLOR)."""

    def watch_value(self) -> None:
        """Redraw the mark, then let Checkbox announce the change."""
        self.BUTTON_INNER = "X" if self.value else " "
        super().watch_value()

    def on_mount(self) -> None:
        self.BUTTON_INNER = "X" if self.value else " "


class DetectionChecks(ReviewEditor, FormPart, Vertical):
    """The template's detection-method checkboxes, and the description of "Other".

    Up and down move between the boxes (and the description) as in a list; space ticks; a letter
    typed on "Other" goes into its description, which ticks it.
    """

    DEFAULT_CSS = """
    DetectionChecks {
        height: auto;
        border-left: blank;
    }
    DetectionChecks:focus-within {
        border-left: thick $accent;
    }
    DetectionChecks Input {
        margin-left: 4;
        width: 1fr;
    }
    """

    BINDINGS = [
        Binding("down", "step(1)", "Next box", show=False, tooltip="Next detection method"),
        Binding("up", "step(-1)", "Previous box", show=False, tooltip="Previous detection method"),
    ]

    def __init__(self, block: Block, methods: Any, show_label: bool = True) -> None:
        super().__init__(id=field_id(block.path), classes="checks-block")
        self.show_label = show_label
        self.block = block
        self.path = block.path
        self.methods = methods
        self.boxes = tuple((key, label) for key, label, _ in block.checkboxes)
        """(key, label) of each box, in the template's order."""
        described = [(key, label, text) for key, label, text in block.checkboxes if text]
        self.described = described[0] if described else None
        """The box whose description follows it ("Other" and what it was), if the template has one."""
        self._told_keys = False

    def compose(self) -> ComposeResult:
        if self.show_label:
            yield Label(self.block.label, classes="block-label")
        for key, label in self.boxes:
            yield Tick(label, bool(getattr(self.methods, key)), id=f"method-{key}", compact=True)
        if self.described is not None:
            key, label, text = self.described
            yield InertInput(
                str(getattr(self.methods, text)),
                placeholder=f'What "{label}" was',
                select_on_focus=False,
                compact=True,
                id=f"method-{text.replace('_', '-')}",
            )
        yield MessageLine()

    def focus(self, scroll_visible: bool = True) -> DetectionChecks:
        """Focus the first checkbox."""
        self.query(Checkbox).first().focus(scroll_visible)
        return self

    def action_step(self, step: int) -> None:
        """Focus the next (1) or previous (-1) box of the group; past either end the keys scroll on."""
        stops = [*self.query(Checkbox), *self.query(InertInput)]
        if self.screen.focused not in stops:
            raise SkipAction()
        at = stops.index(self.screen.focused) + step
        if not 0 <= at < len(stops):
            raise SkipAction()
        stops[at].focus()

    def on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if not event.is_printable or event.key == "space" or not isinstance(focused, Checkbox):
            return
        if self.described is not None and focused is self.query_one(f"#method-{self.described[0]}", Checkbox):
            # The letter would vanish on a checkbox: it starts the description of "Other".
            event.stop()
            event.prevent_default()
            description = self.query_one(InertInput)
            description.focus()
            description.insert_text_at_cursor(event.character or "")
        elif not self._told_keys:
            self._told_keys = True  # once: a burst of letters is one mistake
            about = f"; letters typed on {self.described[1]} describe it" if self.described else ""
            self.notify(f"Space ticks a box{about}.", timeout=4, markup=False)

    def show_findings(self, findings: list[FindingLike]) -> None:
        """Show the findings about detection methods under the checkboxes."""
        self.query_one(MessageLine).show(findings)

    def shown_values(self) -> list[tuple[str, object]]:
        ticks: list[tuple[str, object]] = [(f"{self.path}.{key}", self.query_one(f"#method-{key}", Checkbox).value) for key, _ in self.boxes]
        if self.described is None:
            return ticks
        return [*ticks, (f"{self.path}.{self.described[2]}", self.query_one(InertInput).value)]

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        key = (event.checkbox.id or "").removeprefix("method-")
        if event.value == event.checkbox.value:  # otherwise a newer change is on its way
            self.send_edit(f"{self.path}.{key}", event.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value == event.input.value and self.described is not None:
            self.send_edit(f"{self.path}.{self.described[2]}", event.value)
            other = self.query_one(f"#method-{self.described[0]}", Checkbox)
            if event.value.strip() and not other.value:
                other.value = True  # a description of "Other" means it was other


class ChecklistEditor(EditableTable):
    """Checkbox lines (runbook updates): a table whose `space` ticks the row under the cursor."""

    BINDINGS = [Binding("space,x", "tick", "Tick", tooltip="Tick or untick the row under the cursor")]

    def __init__(self, block: Block, items: list[Any], row_class: type, id: str | None = None) -> None:
        fields = getattr(row_class, "model_fields", {})
        done = next((name for name, info in fields.items() if info.annotation is bool and name != "internal"), "done")
        text = next((name for name, info in fields.items() if info.annotation is str), "text")
        self.row_class = row_class
        """The class of one row (the template's)."""
        self.done_key, self.text_key = done, text
        """The row's yes/no field and its text field."""
        super().__init__(
            block.path,
            block.label,
            (Column(text, block.label),),
            items,
            to_values=lambda item: {text: getattr(item, text)},
            from_values=lambda values, old: (old or row_class()).model_copy(update={text: values.get(text, "")}),
            extra_column=("✓", lambda item: "[x]" if getattr(item, done) else "[ ]"),
            id=id,
        )

    def action_tick(self) -> None:
        """Tick or untick the row under the cursor (not `toggle`: DOMNode's own action has that name)."""
        if not self.items:
            return
        index = self.cursor_row
        item = self.items[index]
        self.items[index] = item.model_copy(update={self.done_key: not getattr(item, self.done_key)})
        self.rebuild(cursor=index)
        self.send_edit(f"{self.path}.{index}", self.items[index])
