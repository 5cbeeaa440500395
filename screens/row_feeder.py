"""Long tables without the wait: a DataTable gets the rows for the first screen at once, the rest in chunks.

Textual's DataTable builds (and measures) every row when it is added: 4,000 action items took
over a second before anything showed. The team views feed it instead: the first rows now, then
a chunk after each refresh, so the screen appears at once and keys work while the rest arrive.
Refilling (a new filter, another sort) cancels the chunks still pending.
"""

from __future__ import annotations

from typing import Callable, Sequence, TypeVar

from rich.text import Text
from textual.widgets import DataTable

T = TypeVar("T")

FIRST_ROWS = 120
"""Rows added at once: more than any terminal shows."""
CHUNK = 500
"""Rows added per step afterwards."""


class RowFeeder:
    """Feeds one DataTable its rows in chunks."""

    def __init__(self, table: DataTable) -> None:
        self.table = table
        self._generation = 0
        self.pending = 0
        """Rows not yet added (0 once the table holds them all)."""

    def fill(self, rows: Sequence[T], cells: Callable[[T], list[Text]], key: Callable[[T], str], at_least: int = 0) -> None:
        """Add `rows` (the table is already cleared): up to `at_least` and FIRST_ROWS now, the rest later."""
        self._generation += 1
        generation = self._generation
        now = max(FIRST_ROWS, at_least + 1)
        self._add(rows, cells, key, 0, now)

        def more(start: int) -> None:
            if generation != self._generation:
                return  # refilled meanwhile
            end = start + CHUNK
            self._add(rows, cells, key, start, end)
            if end < len(rows):
                self.table.call_after_refresh(more, end)

        self.pending = max(0, len(rows) - now)
        if now < len(rows):
            self.table.call_after_refresh(more, now)

    def _add(self, rows: Sequence[T], cells: Callable[[T], list[Text]], key: Callable[[T], str], start: int, end: int) -> None:
        for row in rows[start:end]:
            self.table.add_row(*cells(row), key=key(row))
        self.pending = max(0, len(rows) - end)
