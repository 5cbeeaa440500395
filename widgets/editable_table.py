"""A table of the review the user edits with the keyboard: add, edit, delete, undo, move and (timeline) sort.

It draws only the rows in view (Textual's line API: a `ScrollView` whose `render_line` paints one
line), so a timeline of 50,000 rows opens, scrolls and resizes as fast as one of ten: DataTable
builds a row object for every row up front and again on every change of width. `a` and `enter`
open a row form (a modal listing the table's columns). Every change goes up as an `Edited` message;
the table keeps its own list of rows so it never reads the review behind the app's back.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip

from pirtui.core.inert import inert
from pirtui.core.sections import Column
from pirtui.widgets.column_widths import fit_widths
from pirtui.widgets.messages import ReviewEditor

Values = dict[str, str]
Defaults = Callable[[list[Any]], Values]
Autofill = Callable[[str, Values], Values]
RowStyle = Callable[[Any], str]

SAMPLE = 200
"""Rows read for the column widths on opening (the first and the last); rows drawn later widen them."""


def cell_text(value: str) -> str:
    """A value made safe and single-line for a table cell (newlines and escapes shown as symbols)."""
    return inert(value, keep="")


def fit(text: str, width: int) -> str:
    """`text` cut (with an ellipsis) or padded to exactly `width` cells."""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…" if width > 1 else set_cell_size(text, width)
    return set_cell_size(text, width)


class EditableTable(ReviewEditor, ScrollView, can_focus=True):
    """The rows of one table of the review (or one list), drawn a line at a time, edited through a row form."""

    DEFAULT_CSS = """
    EditableTable:focus {
        background-tint: $foreground 5%;
    }
    EditableTable > .editable-table--header {
        text-style: bold;
        background: $panel;
        color: $foreground;
    }
    EditableTable:ansi > .editable-table--header {
        background: ansi_bright_blue;
        color: ansi_default;
    }
    EditableTable > .editable-table--even-row {
        background: $surface-lighten-1 50%;
    }
    EditableTable:dark > .editable-table--even-row {
        background: $surface-darken-1 40%;
    }
    EditableTable > .editable-table--cursor {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
        text-style: $block-cursor-blurred-text-style;
    }
    EditableTable:focus > .editable-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    """

    COMPONENT_CLASSES = {"editable-table--header", "editable-table--cursor", "editable-table--even-row"}

    BINDINGS = [
        Binding("a", "add", "Add", tooltip="Add a row after the cursor (row form); on the timeline, where its time puts it"),
        Binding("enter", "edit", "Edit", tooltip="Edit the row under the cursor"),
        Binding("d,delete", "delete", "Delete", tooltip="Delete the row under the cursor (u undoes)"),
        Binding("u", "undo", "Undo", tooltip="Undo the last delete, move or sort"),
        Binding("K,shift+k,ctrl+up", "move(-1)", "Move up", show=False, key_display="K"),
        Binding("J,shift+j,ctrl+down", "move(1)", "Move down", show=False, key_display="J"),
        Binding("s", "sort", "Sort by time", tooltip="Sort the timeline by time"),
        Binding(
            "i", "from_evidence", "Evidence", tooltip="Add from evidence: rows from a chat, pager, alert or log export"
        ),
        Binding("up", "cursor_to('up')", "Row up", show=False),
        Binding("down", "cursor_to('down')", "Row down", show=False),
        Binding("pageup", "cursor_to('pageup')", "Page up", show=False),
        Binding("pagedown", "cursor_to('pagedown')", "Page down", show=False),
        Binding("home", "cursor_to('home')", "First row", show=False),
        Binding("end", "cursor_to('end')", "Last row", show=False),
    ]

    KEYS_IN_PLACE = frozenset({"up", "down", "pageup", "pagedown", "home", "end"})
    """Keys that only move the cursor: they move no focus and open no screen, so a burst of them need
    not wait for each other (`pirtui.app.keys_in_order`)."""

    class Highlighted(Message):
        """The cursor moved to another row (the row detail under the table follows it)."""

        def __init__(self, table: EditableTable, cursor_row: int) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row

    def __init__(
        self,
        path: str,
        title: str,
        columns: Sequence[Column],
        rows: Sequence[Any],
        *,
        to_values: Callable[[Any], Values],
        from_values: Callable[[Values, Any], Any],
        number_column: str = "",
        extra_column: tuple[str, Callable[[Any], str]] | None = None,
        defaults: Defaults | None = None,
        autofill: Autofill | None = None,
        row_style: RowStyle | None = None,
        sort_key: Callable[[list[Any]], list[Any]] | None = None,
        evidence: Callable[[list[Any], Sequence[Column]], Screen[list[Any] | None]] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="editable-table")
        self.path = path
        """The review path of the whole list ("timeline", "root_cause.whys")."""
        self.table_title = title
        """Shown as the row form's title."""
        self.form_columns = tuple(columns)
        """The columns the row form asks for, in order."""
        self.items: list[Any] = list(rows)
        """This table's rows; sent up whole after each add, delete, move or sort."""
        self.to_values = to_values
        self.from_values = from_values
        self.number_column = number_column
        self.extra_column = extra_column
        """A leading read-only column (the checklist's [x]) computed from each row."""
        self.defaults = defaults
        """Values a new row starts with (the next action item ID, status Open)."""
        self.autofill = autofill
        """Called as the form changes, to fill in related fields (due date from priority)."""
        self.row_style = row_style
        """A Rich style for a whole row (overdue action items)."""
        self.sort_key = sort_key
        """Reorders rows by time; only the timeline has one."""
        self.evidence = evidence
        """Builds the "Add from evidence" dialog for the table's rows and columns (given by the screen,
        which knows the review's zone and start date); only the timeline has one."""
        self.read_only = False
        """Set by the app when another editor holds the review: every change is refused."""
        self.cursor_row = 0
        """The index of the row under the cursor (0 when the table is empty)."""
        self._undo: list[list[Any]] = []
        self._open_form_edit: Callable[[], tuple[str, Any]] | None = None
        self._longest: dict[str, int] = {column.key: 0 for column in self.form_columns}
        """The widest cell seen so far in each column: the rows read on opening, every row drawn or changed since."""
        self._widths: list[int] = []
        self._widths_key: tuple[object, ...] = ()
        self._measure(self.items[:SAMPLE])
        self._measure(self.items[-SAMPLE:])

    # -- size and widths -----------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """How many rows the table has."""
        return len(self.items)

    def _measure(self, rows: Sequence[Any]) -> None:
        """Widen the columns' record for `rows` (read on opening, before any is drawn)."""
        longest = self._longest
        for row in rows:
            values = self.to_values(row)
            for key, old in longest.items():
                longest[key] = max(old, cell_len(cell_text(values.get(key, ""))))

    def _grow(self, cells: list[Text]) -> None:
        """Widen the record of the columns for one row just drawn; redraw if a column grew."""
        grew = False
        for column, cell in zip(self.form_columns, cells):
            width = cell_len(cell.plain)
            if width > self._longest[column.key]:
                self._longest[column.key] = width
                grew = True
        if grew:
            self.call_after_refresh(self.refresh)

    def _lead_widths(self) -> list[int]:
        """Widths of the read-only leading columns: the checklist's mark, the row number."""
        widths = []
        if self.extra_column:
            widths.append(3)
        if self.number_column:
            widths.append(max(len(self.number_column), len(str(len(self.items)))))
        return widths

    def column_widths(self) -> list[int]:
        """The drawn width of every column, leading ones first, for the width the table has now."""
        lead = self._lead_widths()
        available = self.scrollable_content_region.width - sum(w + 2 for w in lead)
        key = (available, tuple(lead), tuple(self._longest.values()))
        if key != self._widths_key:
            self._widths_key = key
            longest = [self._longest[column.key] for column in self.form_columns]
            self._widths = lead + fit_widths(self.form_columns, longest, available)
        return self._widths

    def _update_size(self) -> None:
        """Tell Textual how many lines the table has: the header and one a row."""
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.items) + 1)

    def on_mount(self) -> None:
        self._update_size()

    def on_resize(self, event: events.Resize) -> None:
        # Only the column widths follow the width; no row is rebuilt, they are drawn as they show.
        self._update_size()
        self.refresh()

    # -- drawing -------------------------------------------------------------------------------

    def row_cells(self, index: int) -> list[Text]:
        """The cells of one row as drawn (before they are cut to their column), with the row's style."""
        item = self.items[index]
        style = (self.row_style(item) if self.row_style else "") or ""
        values = self.to_values(item)
        cells: list[Text] = []
        if self.extra_column:
            cells.append(Text(self.extra_column[1](item), style=style))
        if self.number_column:
            cells.append(Text(str(index + 1), style=style))
        cells.extend(Text(cell_text(values.get(c.key, "")), style=style) for c in self.form_columns)
        return cells

    def render_line(self, y: int) -> Strip:
        """Paint line `y` of the widget: the header on the first line, then the rows in view."""
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            labels = [self.extra_column[0]] if self.extra_column else []
            labels += [self.number_column] if self.number_column else []
            labels += [column.label for column in self.form_columns]
            style = base + self.get_component_rich_style("editable-table--header")
            return self._strip(labels, style, width)
        index = round(self.scroll_offset.y) + y - 1
        if index >= len(self.items):
            return Strip.blank(width, base)
        cells = self.row_cells(index)
        self._grow(cells[len(cells) - len(self.form_columns) :])
        style = base
        if index % 2:
            style += self.get_component_rich_style("editable-table--even-row")
        if cells[0].style:
            style += Style.parse(str(cells[0].style))
        if index == self.cursor_row:
            style += self.get_component_rich_style("editable-table--cursor")
        return self._strip([cell.plain for cell in cells], style, width)

    def _strip(self, texts: list[str], style: Style, width: int) -> Strip:
        """One line of cells, each cut or padded to its column, one blank either side."""
        segments = [Segment(f" {fit(text, w)} ", style) for text, w in zip(texts, self.column_widths())]
        return Strip(segments).extend_cell_length(width, style).crop(0, width)

    def _refresh_row(self, index: int) -> None:
        line = index - round(self.scroll_offset.y) + 1
        if 1 <= line < self.size.height:
            self.refresh_line(line)

    # -- the cursor ----------------------------------------------------------------------------

    def move_cursor(self, row: int) -> None:
        """Put the cursor on row `row` (kept inside the table) and scroll it into view."""
        row = max(0, min(row, len(self.items) - 1))
        old, self.cursor_row = self.cursor_row, row
        visible = max(self.size.height - 1, 1)
        top = round(self.scroll_offset.y)
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + visible:
            self.scroll_to(y=row - visible + 1, animate=False, immediate=True)
        if old != row:
            self._refresh_row(old)
            self._refresh_row(row)
            self.post_message(self.Highlighted(self, row))

    def keeps_key(self, event: events.Key | events.Paste) -> bool:
        """The cursor keys stay here: a burst of them need not wait for each other (`pirtui.app.keys_in_order`)."""
        return isinstance(event, events.Key) and event.key in self.KEYS_IN_PLACE

    def on_key(self, event: events.Key) -> None:
        # The cursor keys act here, not once the key has bubbled up to the app where Textual looks
        # bindings up: a hop per ancestor saved on each key of a burst. The bindings above still
        # name them for the footer and the help screen.
        if event.key in self.KEYS_IN_PLACE:
            event.stop()
            event.prevent_default()
            self.action_cursor_to(event.key)

    def action_cursor_to(self, key: str) -> None:
        """Move the cursor as `key` says: a row up or down, a page up or down, to the first or last row."""
        if not self.items:
            return
        page = max(self.size.height - 2, 1)
        row = self.cursor_row
        targets = {"up": row - 1, "down": row + 1, "pageup": row - page, "pagedown": row + page,
                   "home": 0, "end": len(self.items) - 1}
        self.move_cursor(targets[key])

    def rebuild(self, cursor: int | None = None) -> None:
        """Show `self.items` again (after any change); keeps or moves the cursor."""
        self._update_size()
        self.refresh()
        row = self.cursor_row if cursor is None else cursor
        if self.items:
            self.cursor_row = -1  # so the move below tells the row detail, even to the same row
            self.move_cursor(row)
        else:
            self.cursor_row = 0

    # -- changes -------------------------------------------------------------------------------

    def _changed(self, cursor: int, save: bool = False) -> None:
        self.rebuild(cursor=cursor)
        self.send_edit(self.path, list(self.items), save=save)

    def shown_values(self) -> list[tuple[str, object]]:
        return [(self.path, list(self.items))]

    def _remember(self) -> None:
        self._undo.append(list(self.items))
        del self._undo[:-20]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.read_only and action in ("add", "edit", "delete", "undo", "sort", "move", "tick", "from_evidence"):
            return False
        if action == "sort":
            return self.sort_key is not None
        if action == "from_evidence":
            return self.evidence is not None
        if action in ("edit", "delete") or action.startswith("move"):
            return True if self.items else None
        if action == "undo":
            return True if self._undo else None
        return True

    def action_add(self) -> None:
        """Open an empty row form; the new row goes after the cursor."""
        values = self.defaults(self.items) if self.defaults else {}
        at = self.cursor_row + 1 if self.items else 0

        def edit(result: Values) -> tuple[str, Any]:
            rows = list(self.items)
            rows.insert(at, self.from_values(result, None))
            return self.path, rows

        self._open_form(values, lambda result, save: self._insert(at, result, save), edit, new=True)

    def action_edit(self) -> None:
        """Open the row under the cursor in the row form."""
        if not self.items:
            return
        index = self.cursor_row
        old = self.items[index]
        self._open_form(
            self.to_values(old),
            lambda result, save: self._replace(index, result, save),
            lambda result: (f"{self.path}.{index}", self.from_values(result, old)),
            new=False,
        )

    def _open_form(
        self,
        values: Values,
        done: Callable[[Values, bool], None],
        edit: Callable[[Values], tuple[str, Any]],
        new: bool,
    ) -> None:
        from pirtui.widgets.row_form import RowForm, RowResult

        def finished(result: RowResult | None) -> None:
            self._open_form_edit = None
            if result is not None:
                done(result.values, result.save)
            self.focus()

        verb = "New" if new else "Edit"
        title = f"{verb} row · {self.table_title}"
        form = RowForm(title, self.form_columns, values, self.autofill, new=new)
        self._open_form_edit = lambda: edit(form.values())
        self.app.push_screen(form, finished)

    def unsaved_row(self) -> tuple[str, Any] | None:
        """What committing the open row form would change now: (review path, value), or None.

        For the moments nobody can press Done (a hang-up, SIGTERM, a crash, autosave): the row the
        user is typing must reach the review or its recovery copy. Changes nothing itself.
        """
        if self._open_form_edit is None:
            return None
        try:
            return self._open_form_edit()
        except Exception:  # noqa: BLE001 - the form may be half torn down; then there is nothing to add
            return None

    def _insert(self, at: int, values: Values, save: bool) -> None:
        self._remember()
        row = self.from_values(values, None)
        if self.sort_key is not None:
            at = self._place_by_time(row)
        self.items.insert(at, row)
        self._changed(at, save)

    def _place_by_time(self, row: Any) -> int:
        """Where a new row's time puts it: before the first row it precedes; at the end when its
        time cannot be read (yet)."""
        assert self.sort_key is not None
        ordered = self.sort_key([*self.items, row])
        place = next(i for i, other in enumerate(ordered) if other is row)
        if place == len(ordered) - 1:
            return len(self.items)
        follower = ordered[place + 1]
        return next(i for i, other in enumerate(self.items) if other is follower)

    def _replace(self, index: int, values: Values, save: bool) -> None:
        if index >= len(self.items):
            return
        row = self.from_values(values, self.items[index])
        self.items[index] = row
        self.rebuild(cursor=index)
        self.send_edit(f"{self.path}.{index}", row, save=save)

    def action_delete(self) -> None:
        """Delete the row under the cursor; `u` brings it back."""
        if not self.items:
            return
        self._remember()
        index = self.cursor_row
        del self.items[index]
        self._changed(index)
        self.notify(f"Row {index + 1} deleted; press u to undo.", timeout=4)

    def action_undo(self) -> None:
        """Restore the rows as they were before the last add, delete, move or sort."""
        if not self._undo:
            return
        self.items = self._undo.pop()
        self._changed(self.cursor_row)

    def action_move(self, step: int) -> None:
        """Swap the row under the cursor with its neighbour above (-1) or below (1)."""
        index = self.cursor_row
        other = index + step
        if not self.items or not 0 <= other < len(self.items):
            return
        self._remember()
        self.items[index], self.items[other] = self.items[other], self.items[index]
        self._changed(other)

    def action_sort(self) -> None:
        """Put the rows in time order (rows whose time cannot be read keep their place at the end)."""
        if self.sort_key is None or not self.items:
            return
        ordered = self.sort_key(self.items)
        if ordered == self.items:
            self.notify("Already in time order.", timeout=3)
            return
        self._remember()
        self.items = ordered
        self._changed(0)
        self.notify("Sorted by time; press u to undo.", timeout=4)

    def action_from_evidence(self) -> None:
        """Open "Add from evidence"; the rows it gives back come in as one batch (`add_batch`)."""
        if self.evidence is None:
            return
        def finished(rows: list[Any] | None) -> None:
            if rows is not None:
                self.add_batch(rows)
            self.focus()

        self.app.push_screen(self.evidence(list(self.items), self.form_columns), finished)

    def show_rows(self, rows: list[Any]) -> None:
        """The review's rows changed from outside this table (a command added some): show and hold them."""
        self.items = list(rows)
        self.rebuild()

    def add_batch(self, rows: list[Any]) -> None:
        """Take `rows` (the old rows with new ones among them) in one step that one `u` undoes."""
        count = len(rows) - len(self.items)
        if count <= 0:
            return
        old = {id(item) for item in self.items}
        first = next(index for index, row in enumerate(rows) if id(row) not in old)
        self._remember()
        self.items = list(rows)
        self._changed(first)
        self.notify(f"{count} row{'s' * (count != 1)} added from evidence; press u to undo.", timeout=4)

    def row_detail(self, index: int) -> Text:
        """The whole of one row, labelled, for the line under the table; empty when it all fits."""
        if not 0 <= index < len(self.items):
            return Text()
        values = self.to_values(self.items[index])
        widths = self.column_widths()[len(self._lead_widths()) :]
        if all(cell_len(cell_text(values.get(c.key, ""))) <= w for c, w in zip(self.form_columns, widths)):
            return Text()
        detail = Text(f"{index + 1}/{len(self.items)}  ", style="dim")
        parts = [(c.label, values.get(c.key, "")) for c in self.form_columns]
        for number, (label, value) in enumerate(p for p in parts if p[1]):
            if number:
                detail.append("  ·  ", style="dim")
            detail.append(f"{label}: ", style="bold")
            detail.append(cell_text(value))
        return detail

    def show_row(self, index: int) -> None:
        """Put the cursor on a row (the problems view jumping to a finding)."""
        if 0 <= index < len(self.items):
            self.move_cursor(index)
