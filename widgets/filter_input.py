"""The filter box of the lists (reviews, action items) and the one-line fit of their cells."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from pirtui.core.inert import inert


def fit(text: str, width: int) -> str:
    """One line of at most `width` characters, ending in "…" when cut."""
    text = inert(text, keep="")
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


class FilterInput(Input):
    """The filter box: escape empties it and hands the keys back to the list."""

    BINDINGS = [Binding("escape", "clear", "Clear filter", tooltip="Show every review again")]

    class Cleared(Message):
        """The filter was emptied with escape."""

    def action_clear(self) -> None:
        """Empty the filter and go back to the list."""
        self.value = ""
        self.post_message(self.Cleared())
