"""Long text of the review (summary, what happened, logs, verification commands) in a TextArea."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, TextArea

from pirtui.core.inert import has_controls, inert_same_width
from pirtui.core.sections import Block
from pirtui.widgets.messages import ReviewEditor
from pirtui.widgets.part import FindingLike, FormPart, MessageLine, field_id


class InertTextArea(TextArea):
    """A TextArea that draws escape sequences and other controls as visible symbols.

    Textual draws each document line raw, so an escape sequence pasted from a log would be obeyed
    by the terminal. `get_line` is what the TextArea renders from; mapping one character for one
    keeps the cursor, selection and highlighting where they were. `text` stays as typed.
    """

    BINDINGS = [
        # Every editor's keys for the start and the end of the whole text (TextArea has none).
        Binding("ctrl+home", "cursor_to_start", "Start of the text", show=False),
        Binding("ctrl+end", "cursor_to_end", "End of the text", show=False),
        # F6 marks the field internal everywhere in the form, text areas included: TextArea's own
        # F6 (select the line) would shadow it (issue 25 item 9); shift+home / shift+end select.
        Binding("f6", "toggle_internal", "Internal", show=False),
    ]

    def action_cursor_to_start(self) -> None:
        """ctrl+home: the start of the text."""
        self.move_cursor((0, 0))

    def action_cursor_to_end(self) -> None:
        """ctrl+end: the end of the text (its last line's end)."""
        last = self.document.line_count - 1
        self.move_cursor((last, len(self.document.get_line(last))))

    def action_toggle_internal(self) -> None:
        """F6 goes on to the screen's binding (mark internal); TextArea's select-line is not used."""
        raise SkipAction()

    def keeps_key(self, event: events.Key | events.Paste) -> bool:
        """Printable keys and pastes only insert text, unless the text is read-only (then the keys go
        to the bindings around it): a burst of them need not wait (`pirtui.app.keys_in_order`)."""
        return not self.read_only and (isinstance(event, events.Paste) or event.is_printable)

    def get_line(self, line_index: int) -> Text:
        """The line as drawn: controls other than tab shown as symbols."""
        # From the document, not super()'s Text: Rich drops BEL and CR on the way in.
        plain = self.document.get_line(line_index)
        if not has_controls(plain, keep="\t"):
            return super().get_line(line_index)
        return Text(inert_same_width(plain, keep="\t"), end="", no_wrap=True)


class TextEditor(ReviewEditor, FormPart, Vertical):
    """A text or code block: its label, a TextArea that grows with the text, its messages."""

    DEFAULT_CSS = """
    TextEditor {
        height: auto;
        margin-bottom: 1;
        border-left: blank;
    }
    TextEditor:focus-within {
        border-left: thick $accent;
    }
    TextEditor TextArea {
        height: auto;
        min-height: 3;
        max-height: 12;
        background: $boost;
        padding: 0 1;
    }
    TextEditor TextArea:focus {
        background: $primary 15%;
    }
    """

    def __init__(self, block: Block, value: str, show_label: bool = True) -> None:
        super().__init__(id=field_id(block.path), classes=f"text-block {block.kind}-block")
        self.show_label = show_label
        """False when the heading above already says what the label would."""
        self.block = block
        self.path = block.path
        self.value = value

    def compose(self) -> ComposeResult:
        if self.show_label:
            yield Label(self.block.label, classes="block-label", markup=False)
        if self.block.kind == "code":
            area = InertTextArea.code_editor(self.value, soft_wrap=False, tab_behavior="focus", compact=True)
            if self.block.language in area.available_languages:
                area.language = self.block.language
        else:
            area = InertTextArea(self.value, soft_wrap=True, tab_behavior="focus", compact=True)
        area.show_line_numbers = False
        area.placeholder = self.block.hint
        yield area
        yield MessageLine()

    @property
    def control(self) -> TextArea:
        """The TextArea that takes the keys."""
        return self.query_one(TextArea)

    def focus(self, scroll_visible: bool = True) -> TextEditor:
        """Focus the text, not the container."""
        self.control.focus(scroll_visible)
        return self

    def show_findings(self, findings: list[FindingLike]) -> None:
        """Show the findings about this text under it."""
        self.query_one(MessageLine).show(findings)

    def shown_values(self) -> list[tuple[str, object]]:
        return [(self.path, self.control.text)]

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        event.stop()  # nothing above listens; each key would otherwise carry it up the tree

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.send_edit(self.path, event.text_area.text)
