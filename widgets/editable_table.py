"""A DataTable the user edits with the keyboard: add, edit, delete, undo, move and (timeline) sort.

DataTable has no in-place editing, so `a` and `enter` open a row form (a modal listing the table's
columns) and the table is rebuilt from the form's result. Every change goes up as an `Edited`
message; the table keeps its own list of rows so it never reads the review behind the app's back.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable

from pirtui.inert import inert
from pirtui.sections import Column
from pirtui.widgets.messages import ReviewEditor

WIDE_COLUMNS = frozenset({"event", "action", "message", "question", "answer", "change", "text"})
"""Columns of free prose: they share the width the short columns leave."""

SHORT_MAX = 22
"""Widest a short column (time, owner, status, milestone...) grows before its text is cut."""

LINK_COLUMNS = frozenset({"evidence"})
"""Columns of URLs: kept narrow, since the row detail under the table shows them whole."""

LINK_MAX = 12

Values = dict[str, str]
Defaults = Callable[[list[Any]], Values]
Autofill = Callable[[str, Values], Values]
RowStyle = Callable[[Any], str]


def cell_text(value: str) -> str:
    """A value made safe and single-line for a table cell (newlines and escapes shown as symbols)."""
    return inert(value, keep="")


class EditableTable(ReviewEditor, DataTable):
    """The rows of one table of the review (or one list), edited through a row form."""

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
    ]

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
        super().__init__(cursor_type="row", zebra_stripes=True, id=id, classes="editable-table")
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
        self._undo: list[list[Any]] = []
        self._built_width = -1
        self._open_form_edit: Callable[[], tuple[str, Any]] | None = None

    # -- display -------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._built_width:
            self.rebuild(columns=True)

    def _column_widths(self, total: int) -> list[int]:
        sample = self.items[:200]
        widths: list[int] = []
        wide = [c.key in WIDE_COLUMNS for c in self.form_columns]
        for column, is_wide in zip(self.form_columns, wide):
            if is_wide:
                widths.append(0)
                continue
            longest = max((len(self.to_values(r).get(column.key, "")) for r in sample), default=0)
            if column.options and longest:
                longest = max(longest, *(len(option) for option in column.options))
            limit = LINK_MAX if column.key in LINK_COLUMNS else SHORT_MAX
            widths.append(min(max(len(column.label), longest, 4), limit))
        fixed = sum(widths) + 2 * len(widths)
        if self.number_column:
            fixed += 5
        if self.extra_column:
            fixed += 5
        free = max(total - fixed - 2, 20 * max(sum(wide), 1))
        share = free // max(sum(wide), 1)
        return [share if is_wide else w for w, is_wide in zip(widths, wide)]

    def rebuild(self, columns: bool = False, cursor: int | None = None) -> None:
        """Show `self.items` again (after any change); keeps or moves the cursor."""
        row = self.cursor_row if cursor is None else cursor
        if columns or not self.columns:
            width = self.size.width
            self._built_width = width
            self.clear(columns=True)
            if self.extra_column:
                self.add_column(self.extra_column[0], key="_extra", width=3)
            if self.number_column:
                self.add_column(self.number_column, key="_number", width=3)
            for column, w in zip(self.form_columns, self._column_widths(width)):
                self.add_column(column.label, key=column.key, width=w)
        else:
            self.clear()
        for index, item in enumerate(self.items):
            self.add_row(*self._cells(index, item))
        if self.items:
            self.move_cursor(row=max(0, min(row, len(self.items) - 1)), animate=False)

    def _cells(self, index: int, item: Any) -> list[Text]:
        style = self.row_style(item) if self.row_style else ""
        values = self.to_values(item)
        cells: list[Text] = []
        if self.extra_column:
            cells.append(Text(self.extra_column[1](item), style=style))
        if self.number_column:
            cells.append(Text(str(index + 1), style=style))
        cells.extend(Text(cell_text(values.get(c.key, "")), style=style) for c in self.form_columns)
        return cells

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
        if self.read_only and action in ("add", "edit", "delete", "undo", "sort", "move", "toggle", "from_evidence"):
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
        widths = {key: column.width for key, column in self.columns.items()}
        if all(len(cell_text(values.get(c.key, ""))) <= widths.get(c.key, 0) for c in self.form_columns):
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
            self.move_cursor(row=index, animate=False)
