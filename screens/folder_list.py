"""The base of the folder's list screens (the review list, the action items): a filter box, a
table fed lazily, a detail line, sorting by column, and opening a review.

A subclass names its columns (`FolderColumn`s over its row type), its table, how a row is keyed
and described, and reads its rows in a thread (`action_refresh`, then `rows_read`). Opening a
review is asked of the app with `FolderListScreen.OpenReview`; the screen never calls the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, ClassVar, Generic, Sequence, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from pirtui.core import state
from pirtui.core.inert import inert
from pirtui.screens.row_feeder import RowFeeder
from pirtui.widgets.filter_input import FilterInput, fit

Row = TypeVar("Row")


@dataclass(frozen=True)
class FolderColumn(Generic[Row]):
    """One column of a folder list: its header, width, cell text and sort order."""

    key: str
    label: str
    width: int
    """Characters of text; the stretching column (`FolderListScreen.STRETCH`) takes what the others leave."""
    text: Callable[[Row], str]
    sort_key: Callable[[Row], Any]
    descending_first: bool = False
    """Numbers and dates sort largest first when the column is chosen; words A to Z."""
    wide_only: bool = False
    """Shown only in terminals of WIDE columns or more (the detail line shows it otherwise)."""


class FolderListScreen(Screen[None], Generic[Row]):
    """A filterable, sortable table of the rows read from a folder; enter opens a row's review."""

    COLUMNS: ClassVar[Sequence[FolderColumn[Any]]] = ()
    STRETCH: ClassVar[str] = ""
    """The key of the column that takes the width the others leave."""
    MIN_STRETCH: ClassVar[int] = 10
    WIDE: ClassVar[int] = 100
    TABLE_ID: ClassVar[str] = ""
    FILTER_PLACEHOLDER: ClassVar[str] = ""
    SCREEN_TITLE: ClassVar[str] = "pirtui"
    EMPTY: ClassVar[str] = "Nothing in the reviews of {folder}."
    NO_MATCH: ClassVar[str] = "Nothing matches the filter. Press escape in the filter to clear it."

    class OpenReview(Message):
        """Open the review at `path` in the editor (where its position was remembered)."""

        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    def __init__(self, folder: Path, sort_column: str) -> None:
        super().__init__()
        self.folder = folder
        self.rows: list[Row] = []
        """Everything the last scan found, in scan order."""
        self.shown: list[Row] = []
        """The rows on screen: filtered and sorted."""
        self.sort_column = sort_column
        self.sort_descending = self.column(sort_column).descending_first
        self.loaded = False
        self.feeder: RowFeeder | None = None

    # -- what a subclass gives ---------------------------------------------------------------------

    def make_table(self) -> DataTable[Any]:
        """The table widget (a DataTable subclass whose component classes the .tcss styles)."""
        raise NotImplementedError

    def above_table(self) -> ComposeResult:
        """Widgets between the filter and the table (a progress bar)."""
        yield from ()

    def keeps(self, row: Row, words: str) -> bool:
        """Whether the filter keeps a row."""
        raise NotImplementedError

    def row_key(self, row: Row) -> str:
        """A row's key in the table."""
        raise NotImplementedError

    def styled(self, row: Row, cells: dict[str, Text]) -> None:
        """Mark a row's cells (overdue, errors) with the table's component styles."""

    def detail(self, row: Row) -> Text:
        """The highlighted row in words."""
        raise NotImplementedError

    def review_at(self, row: Row) -> tuple[Path, state.Position | None]:
        """The review a row opens, and where in it (None: where it was left)."""
        raise NotImplementedError

    def subtitle_extra(self) -> str:
        """More words for the subtitle (" · overdue only")."""
        return ""

    # -- the screen ------------------------------------------------------------------------------

    @classmethod
    def column(cls, key: str) -> FolderColumn[Any]:
        """The column with this key."""
        return next(column for column in cls.COLUMNS if column.key == key)

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterInput(placeholder=self.FILTER_PLACEHOLDER, id="filter")
        yield from self.above_table()
        yield self.make_table()
        yield Static("", id="detail")
        yield Footer(compact=True)  # every key fits in 80 columns

    @property
    def table(self) -> DataTable[Any]:
        """The list's table."""
        return self.query_one(f"#{self.TABLE_ID}", DataTable)

    def on_mount(self) -> None:
        self.feeder = RowFeeder(self.table)
        self.title = self.SCREEN_TITLE
        self._update_subtitle()
        self._update_detail()
        self.action_refresh()

    def action_refresh(self) -> None:
        """Read the folder again (only changed files are re-read)."""
        raise NotImplementedError

    def rows_read(self, rows: list[Row]) -> None:
        """The rows of a scan are here (on the app's thread): show them."""
        self.rows = rows
        self.loaded = True
        self._fill_table()

    def visible_columns(self) -> list[FolderColumn[Any]]:
        """The columns this terminal's width shows."""
        return [c for c in self.COLUMNS if not c.wide_only or self.size.width >= self.WIDE]

    def filter_words(self) -> str:
        """What the filter box holds."""
        return self.query_one("#filter", Input).value.strip()

    def _fill_table(self) -> None:
        table = self.table
        keep = self._current_key()
        words = self.filter_words()
        rows = [row for row in self.rows if self.keeps(row, words)]
        self.shown = sorted(rows, key=self.column(self.sort_column).sort_key, reverse=self.sort_descending)
        columns = self.visible_columns()
        others = sum(c.width + 1 for c in columns if c.key != self.STRETCH)
        stretch = max(self.MIN_STRETCH, self.size.width - others - 2)
        widths = {c.key: stretch if c.key == self.STRETCH else c.width for c in columns}
        table.clear(columns=True)
        for col in columns:
            # One extra character of width is the gap between columns (cell_padding is 0 to fit 80 columns).
            table.add_column(col.label, key=col.key, width=widths[col.key] + 1)

        def cells(row: Row) -> list[Text]:
            by_key = {col.key: Text(fit(col.text(row), widths[col.key]), no_wrap=True) for col in columns}
            self.styled(row, by_key)
            return list(by_key.values())

        keys = [self.row_key(r) for r in self.shown]
        at = keys.index(keep) if keep in keys else 0
        assert self.feeder is not None
        self.feeder.fill(self.shown, cells, self.row_key, at_least=at)
        if at:
            table.move_cursor(row=at, animate=False)
        self._update_detail()

    def _current_key(self) -> str | None:
        row = self.highlighted()
        return self.row_key(row) if row is not None else None

    def highlighted(self) -> Row | None:
        """The row under the cursor."""
        table = self.table
        if not self.shown or not 0 <= table.cursor_row < len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def _update_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        row = self.highlighted()
        if not self.loaded:
            detail.update(Text(f"Reading the reviews in {inert(str(self.folder))}…"))
        elif not self.rows:
            detail.update(Text(self.EMPTY.format(folder=inert(str(self.folder)))))
        elif row is None:
            detail.update(Text(self.NO_MATCH))
        else:
            detail.update(self.detail(row))

    def _update_subtitle(self) -> None:
        column = self.column(self.sort_column)
        order = "descending" if self.sort_descending else "ascending"
        self.sub_title = f"{inert(str(self.folder), keep='')} · sorted by {column.label}, {order}{self.subtitle_extra()}"

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        self._update_detail()

    def on_resize(self, event: Resize) -> None:
        if self.loaded:
            self._fill_table()

    # -- filtering and sorting ----------------------------------------------------------------------

    def action_filter(self) -> None:
        """Put the cursor in the filter box."""
        self.query_one("#filter", Input).focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        if self.loaded:
            self.filter_changed()
            self._fill_table()

    def filter_changed(self) -> None:
        """The filter's words changed (before the table is filled again)."""

    @on(Input.Submitted, "#filter")
    @on(FilterInput.Cleared)
    def _back_to_table(self) -> None:
        self.table.focus()

    def action_cycle_sort(self) -> None:
        """Sort by the next column shown."""
        keys = [column.key for column in self.visible_columns()]
        at = keys.index(self.sort_column) if self.sort_column in keys else -1
        self.sort_by(keys[(at + 1) % len(keys)])

    def action_reverse_sort(self) -> None:
        """Turn the current sort around."""
        self.sort_descending = not self.sort_descending
        self.sorted()

    @on(DataTable.HeaderSelected)
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key == self.sort_column:
            self.action_reverse_sort()
        else:
            self.sort_by(key)

    def sort_by(self, key: str) -> None:
        """Sort by column `key`, in the order that column sorts first."""
        self.sort_column = key
        self.sort_descending = self.column(key).descending_first
        self.sorted()

    def sorted(self) -> None:
        """The sort or what is kept changed: the subtitle and the table."""
        self._update_subtitle()
        if self.loaded:
            self._fill_table()

    # -- opening ----------------------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open_review()

    def action_open_review(self) -> None:
        """Open the highlighted row's review in the editor, at the row's place in it."""
        row = self.highlighted()
        if row is None:
            return
        path, position = self.review_at(row)
        if position is not None:
            # The editor opens a review where it was left: this makes that the row's place.
            state.remember_position(path, position)
        # To the app itself: the action items close as the review opens, and a closed screen's
        # messages would go nowhere.
        self.app.post_message(self.OpenReview(path))
        self.opening()

    def opening(self) -> None:
        """A review is about to open from this list (the action items close first)."""
