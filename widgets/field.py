"""One short value of the review: its label, an Input or a Select, and its findings right under it."""

from __future__ import annotations

from typing import Iterable

from rich.text import Text
from rich.cells import cell_len
from textual import events
from textual.geometry import Region
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select

from pirtui.core.inert import has_controls, inert, inert_same_width
from pirtui.core.sections import Column
from pirtui.textual_compat import InputHooks
from pirtui.widgets.messages import ReviewEditor
from pirtui.widgets.part import FindingLike, FormPart, MessageLine, field_id


def select_options(options: Iterable[str], value: str) -> list[tuple[str, str]]:
    """A Select's options, plus the stored value when it is not one of them.

    A review typed by hand may say "SEV-0" or "critical"; offering it keeps the word visible and
    saved until the user picks another, instead of silently blanking it.
    """
    out = [(option, option) for option in options]
    if value and value not in options:
        out.append((f"{inert(value, keep='')} (as typed)", value))
    return out


def list_text(value: list[str]) -> str:
    """A list of short strings as one comma-separated line."""
    return ", ".join(value)


def text_list(text: str) -> list[str]:
    """A comma-separated line back into its items, without empty ones."""
    return [part.strip() for part in text.split(",") if part.strip()]


class InertInput(InputHooks):
    """An Input that draws escape sequences and other controls as visible symbols, and keeps a paste whole.

    Textual draws an Input's value raw, so a pasted "\\x1b[31m" would turn the terminal red. Only
    the drawing changes, one character for one so the cursor stays put; `value` stays as typed.
    """

    def keeps_key(self, event: events.Key | events.Paste) -> bool:
        """Printable keys and pastes only insert text: a burst of them need not wait for each other
        (`pirtui.app.keys_in_order`)."""
        return isinstance(event, events.Paste) or event.is_printable

    def on_blur(self) -> None:
        """Once left, a field shows the start of its text, as a form in any GUI does; the end it
        was scrolled to while typing said little (issue 25 item 7). The cursor stays where it was."""
        self.scroll_to(x=0, animate=False, force=True, immediate=True)

    def on_focus(self) -> None:
        """Back in the field: the cursor (where typing goes on) is in view again."""
        offset = cell_len(self.value[: self.cursor_position])
        self.scroll_to_region(Region(offset, 0, width=1, height=1), force=True, animate=False)

    def drawn(self, text: Text) -> Text:
        """Controls drawn as symbols."""
        # From `value`, not Textual's Text: Rich drops BEL and CR on the way in, which would shift the cursor.
        value = self.value
        if self.password or not has_controls(value, keep=""):
            return text
        shown = Text(inert_same_width(value), no_wrap=True, overflow="ignore", end="")
        return self.highlighter(shown) if self.highlighter is not None else shown

    def pasted(self, event: events.Paste) -> bool:
        """Textual's Input keeps the first line of a paste and drops the rest without a word. Here
        all of it goes in: its line breaks show as ␊ for the user to tidy, and the one at the very
        end that a copied line usually carries is left out."""
        event.prevent_default()
        event.stop()
        text = event.text.replace("\r\n", "\n").replace("\r", "\n").removesuffix("\n")
        if not text:
            return True
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)
        return True


class FieldEditor(ReviewEditor, FormPart, Vertical):
    """Label and input of one Field/Value row of the template, with its message line.

    Laid out as a two-column grid (section.tcss) so a field is three widgets, not five: the first
    screen of a review is a form of thirteen of them. The message line is mounted the first time
    the field has something to say.
    """

    DEFAULT_CSS = """
    FieldEditor {
        layout: grid;
        grid-size: 2;
        grid-columns: 22 1fr;
        grid-rows: auto;
        height: auto;
        /* The focused part of the form is marked by a bar on its left, a glyph rather than a
           colour, so it shows in 16 colours and with NO_COLOR too. */
        border-left: blank;
    }
    FieldEditor:focus-within {
        border-left: thick $accent;
    }
    FieldEditor .message {
        column-span: 2;
        padding-left: 23;
    }
    FieldEditor .field-label {
        width: 22;
        padding-right: 1;
        color: $text-muted;
    }
    FieldEditor .field-input {
        width: 1fr;
    }
    """

    def __init__(self, column: Column, value: str | list[str]) -> None:
        super().__init__(id=field_id(column.key), classes="field")
        self.column = column
        self.path = column.key
        """The review path this field edits."""
        self.is_list = isinstance(value, list)
        """Lists (impacted services) are edited as one comma-separated line."""
        self.value = list_text(value) if isinstance(value, list) else value
        self._message: MessageLine | None = None

    def compose(self) -> ComposeResult:
        yield Label(self.column.label, classes="field-label")
        if self.column.options:
            yield Select(
                select_options(self.column.options, self.value),
                value=self.value or Select.NULL,
                prompt=self.column.hint or "choose",
                compact=True,
                classes="field-input",
            )
        else:
            yield InertInput(
                self.value,
                placeholder=self.column.hint,
                select_on_focus=False,
                compact=True,
                # Textual marks an Input without validators -valid when mounted; given here,
                # that costs no restyle.
                classes="field-input -valid",
            )

    @property
    def control(self) -> Input | Select:
        """The widget that takes the keys."""
        control = self.query_one(".field-input")
        assert isinstance(control, (Input, Select))
        return control

    def focus(self, scroll_visible: bool = True) -> FieldEditor:
        """Focus the input, not the container."""
        self.control.focus(scroll_visible)
        return self

    def set_placeholder(self, text: str) -> None:
        """Show a computed value (duration, metrics) where the user typed nothing."""
        control = self.control
        if isinstance(control, Input):
            control.placeholder = text or self.column.hint

    def show_findings(self, findings: list[FindingLike]) -> None:
        """Show the findings about this field under it."""
        if self._message is None:
            if not findings:
                return
            self._message = MessageLine()
            self.mount(self._message)
        self._message.show(findings)

    def shown_value(self) -> str | list[str]:
        """The value as the input shows it, in the review's type."""
        control = self.control
        if isinstance(control, Select):
            return "" if control.value is Select.NULL else str(control.value)
        return text_list(control.value) if self.is_list else control.value

    def shown_values(self) -> list[tuple[str, object]]:
        return [(self.path, self.shown_value())]

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value == event.input.value:  # otherwise a newer change is on its way
            self.send_edit(self.path, self.shown_value())

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.value == event.select.value:
            self.send_edit(self.path, self.shown_value())
