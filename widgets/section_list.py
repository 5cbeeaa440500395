"""The list of sections beside the form: where you are, and what state each section is in."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from typing import Sequence

from pirtui.core.sections import EDITABLE_SECTIONS, Section

STATE_MARKS: dict[str, tuple[str, str]] = {
    "empty": ("○", "dim"),
    "incomplete": ("◐", ""),
    "complete": ("✓", "green"),
    "warnings": ("!", "yellow"),
    "errors": ("✗", "bold red"),
}
"""How each section state from `pirtui.core.checks.section_state` is drawn: a mark and its colour."""


def state_legend() -> str:
    """One line explaining the marks, for the help screen."""
    return "  ".join(f"{mark} {state}" for state, (mark, _) in STATE_MARKS.items())


class SectionList(OptionList):
    """Every editable section in the template's order, each with its state; enter goes there."""

    DEFAULT_CSS = """
    SectionList {
        border: none;
        border-right: vkey $foreground 20%;
        padding: 0;
        background: $surface;
    }
    """

    class Chosen(Message):
        """The user picked a section from the list."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key
            """The chosen section's key."""

    def __init__(self, current: str, states: dict[str, str], sections: Sequence[Section] = EDITABLE_SECTIONS) -> None:
        super().__init__(*self._section_options(current, states, sections), id="section-list")
        self.sections = tuple(sections)
        """The review's editable sections, from its own template (the built-in one's by default)."""
        self.current = current
        """The key of the section on screen."""
        self.states = dict(states)

    @staticmethod
    def _section_prompt(heading: str, state: str, current: bool) -> Text:
        mark, style = STATE_MARKS.get(state, ("?", ""))
        text = Text.assemble((mark, style), " ", (heading, "bold" if current else ""))
        return text

    @classmethod
    def _section_options(cls, current: str, states: dict[str, str], sections: Sequence[Section]) -> list[Option]:
        return [
            Option(cls._section_prompt(s.heading, states.get(s.key, "empty"), s.key == current), id=s.key)
            for s in sections
        ]

    def on_mount(self) -> None:
        self.highlighted = self._section_index(self.current)

    def _section_index(self, key: str) -> int:
        return next(i for i, s in enumerate(self.sections) if s.key == key)

    def set_states(self, states: dict[str, str]) -> None:
        """Redraw the marks of the sections whose state changed."""
        for section in self.sections:
            state = states.get(section.key, "empty")
            if self.states.get(section.key) != state:
                self.states[section.key] = state
                prompt = self._section_prompt(section.heading, state, section.key == self.current)
                self.replace_option_prompt(section.key, prompt)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id))
