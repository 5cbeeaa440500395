"""Every action item of a folder's reviews in one table: filter, sort, open, change a status.

A review is only worth its action items; here a team sees them all at once, the overdue ones
marked "!" (not only by colour), and moves them along without opening each review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from pirtui.core import state
from pirtui.team.actions import ActionRow, action_rows, parse_filter, set_action_status
from pirtui.core.inert import inert
from pirtui.core.model import ACTION_STATUSES
from pirtui.screens.dialogs import Choice, ChoiceDialog
from pirtui.screens.row_feeder import RowFeeder
from pirtui.widgets.filter_input import FilterInput, fit
from pirtui.core.timeparse import parse_date


@dataclass(frozen=True)
class ActionColumn:
    """One column of the actions table."""

    key: str
    label: str
    width: int
    """Characters; the action column takes what the others leave."""
    text: Callable[[ActionRow], str]
    sort_key: Callable[[ActionRow], Any]
    descending_first: bool = False
    wide_only: bool = False
    """Shown only in terminals of WIDE columns or more (the detail line shows it otherwise)."""


def late_text(row: ActionRow) -> str:
    """The Late cell: "!" and the days past due, so overdue shows without colour."""
    return f"!{row.days_overdue}d" if row.days_overdue is not None else ""


COLUMNS: tuple[ActionColumn, ...] = (
    ActionColumn("review", "Review", 12, lambda r: r.review_id, lambda r: r.review_id.lower()),
    ActionColumn("item", "#", 3, lambda r: r.item_id, lambda r: (len(r.item_id), r.item_id)),
    ActionColumn("action", "Action", 0, lambda r: r.action, lambda r: r.action.lower()),
    ActionColumn("owner", "Owner", 10, lambda r: r.owner, lambda r: r.owner.lower()),
    ActionColumn("priority", "Pri", 3, lambda r: r.priority, lambda r: r.priority.upper() or "P9"),
    ActionColumn("due", "Due", 10, lambda r: r.due, lambda r: parse_date(r.due) or date.max),
    ActionColumn("status", "Status", 11, lambda r: r.status, lambda r: _status_order(r.status)),
    ActionColumn("ticket", "Ticket", 12, lambda r: r.ticket, lambda r: r.ticket.lower(), wide_only=True),
    ActionColumn("late", "Late", 6, late_text, lambda r: r.days_overdue or -1, descending_first=True),
)
"""The table's columns in order; `s` cycles the sort through them."""

COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
WIDE = 100
MIN_ACTION_WIDTH = 12


def _status_order(status: str) -> tuple[int, str]:
    names = [s.lower() for s in ACTION_STATUSES]
    text = status.strip().lower()
    return (names.index(text) if text in names else len(names), text)


STATUS_CHOICES = [
    Choice("open", "Open", "o"),
    Choice("progress", "In Progress", "i"),
    Choice("blocked", "Blocked", "b"),
    Choice("done", "Done", "d"),
    Choice("wontdo", "Won't Do", "w"),
    Choice("cancel", "Cancel", "c"),
]
STATUS_OF_CHOICE = dict(zip((c.value for c in STATUS_CHOICES), ACTION_STATUSES))


class ActionTable(DataTable):
    """The action items; its component class lets the .tcss mark overdue rows."""

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {"action-table--overdue"}
    BINDINGS = [Binding("enter", "select_cursor", "Open", tooltip="Open the review at this action item")]


class ActionsScreen(Screen):
    """Every action item of the reviews in a folder, read through the index."""

    CSS_PATH = "actions.tcss"
    AUTO_FOCUS = "#actions"
    BINDINGS = [
        Binding("slash", "filter", "Filter", key_display="/", tooltip="Words, owner:NAME status:S priority:P1 review:ID overdue"),
        Binding("o", "toggle_overdue", "Overdue", tooltip="Show only overdue items, or all again"),
        Binding("c", "change_status", "Status", tooltip="Change the highlighted item's status (saved to its review)"),
        Binding("s", "cycle_sort", "Sort", tooltip="Sort by the next column"),
        Binding("r", "reverse_sort", "Reverse", tooltip="Reverse the sort order"),
        Binding("f5", "refresh", "Reload", show=False, tooltip="Read the folder again"),
        Binding("escape,q", "back", "Back", tooltip="Back to where you were"),
    ]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.rows: list[ActionRow] = []
        """Every item the last scan found."""
        self.shown: list[ActionRow] = []
        """The rows on screen: filtered and sorted."""
        self.sort_column = "late"
        self.sort_descending = True
        self.overdue_only = False
        self.loaded = False
        self.unreadable = 0
        self.feeder: RowFeeder | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterInput(placeholder="/ filter: words, owner:NAME status:open priority:P1 review:ID overdue", id="filter")
        yield ActionTable(id="actions", cursor_type="row", zebra_stripes=True, cell_padding=0)
        yield Static("", id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.feeder = RowFeeder(self.query_one(ActionTable))
        self.title = "Action items"
        self._update_subtitle()
        self._update_detail()
        self.action_refresh()

    # Reading

    def action_refresh(self) -> None:
        """Read the folder again through the index (only changed files are re-read)."""
        self._scan()

    @work(thread=True, exclusive=True, group="actions-scan")
    def _scan(self) -> None:
        from pirtui.core.config import load_config
        from pirtui.team.index import scan_records

        records = scan_records(self.folder)
        rows = action_rows(records, date.today(), load_config(self.folder).ticket_url)
        unreadable = sum(1 for r in records if r.problem)
        self.app.call_from_thread(self._scanned, rows, unreadable)

    def _scanned(self, rows: list[ActionRow], unreadable: int) -> None:
        self.rows = rows
        self.unreadable = unreadable
        self.loaded = True
        self._fill_table()

    # Showing

    def _visible_columns(self) -> list[ActionColumn]:
        return [c for c in COLUMNS if not c.wide_only or self.size.width >= WIDE]

    def _fill_table(self) -> None:
        table = self.query_one(ActionTable)
        keep = self._current_key()
        wanted = parse_filter(self.query_one("#filter", Input).value)
        rows = [row for row in self.rows if wanted.keeps(row) and (row.overdue or not self.overdue_only)]
        column = COLUMNS_BY_KEY[self.sort_column]
        self.shown = sorted(rows, key=column.sort_key, reverse=self.sort_descending)
        columns = self._visible_columns()
        others = sum(c.width + 1 for c in columns if c.key != "action")
        action_width = max(MIN_ACTION_WIDTH, self.size.width - others - 2)
        style = table.get_component_rich_style("action-table--overdue", partial=True)
        table.clear(columns=True)
        for col in columns:
            table.add_column(col.label, key=col.key, width=(action_width if col.key == "action" else col.width) + 1)

        def cells(row: ActionRow) -> list[Text]:
            out = []
            for col in columns:
                cell = Text(fit(col.text(row), action_width if col.key == "action" else col.width), no_wrap=True)
                if row.overdue and col.key in ("late", "due"):
                    cell.stylize(style)
                out.append(cell)
            return out

        keys = [row_key(r) for r in self.shown]
        at = keys.index(keep) if keep in keys else 0
        self.feeder.fill(self.shown, cells, row_key, at_least=at)
        if at:
            table.move_cursor(row=at, animate=False)
        self._update_detail()

    def _current_key(self) -> str | None:
        row = self._highlighted()
        return row_key(row) if row is not None else None

    def _highlighted(self) -> ActionRow | None:
        table = self.query_one(ActionTable)
        if not self.shown or not 0 <= table.cursor_row < len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def _update_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        row = self._highlighted()
        if not self.loaded:
            detail.update(Text(f"Reading the reviews in {inert(str(self.folder))}…"))
        elif not self.rows:
            detail.update(Text(f"No action items in the reviews of {inert(str(self.folder))}."))
        elif row is None:
            detail.update(Text("No action item matches the filter. Press escape in the filter to clear it."))
        else:
            detail.update(Text(inert(describe(row))))

    def _update_subtitle(self) -> None:
        column = COLUMNS_BY_KEY[self.sort_column]
        order = "descending" if self.sort_descending else "ascending"
        only = " · overdue only" if self.overdue_only else ""
        self.sub_title = f"{self.folder} · sorted by {column.label}, {order}{only}"

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        self._update_detail()

    def on_resize(self, event: Resize) -> None:
        if self.loaded:
            self._fill_table()

    # Filtering and sorting

    def action_filter(self) -> None:
        """Put the cursor in the filter box."""
        self.query_one("#filter", Input).focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        if self.loaded:
            self._fill_table()

    @on(Input.Submitted, "#filter")
    @on(FilterInput.Cleared)
    def _back_to_table(self) -> None:
        self.query_one(ActionTable).focus()

    def action_toggle_overdue(self) -> None:
        """Show only the overdue items, or every item again."""
        self.overdue_only = not self.overdue_only
        self._sorted()

    def action_cycle_sort(self) -> None:
        """Sort by the next column shown."""
        keys = [column.key for column in self._visible_columns()]
        at = keys.index(self.sort_column) if self.sort_column in keys else -1
        self.sort_column = keys[(at + 1) % len(keys)]
        self.sort_descending = COLUMNS_BY_KEY[self.sort_column].descending_first
        self._sorted()

    def action_reverse_sort(self) -> None:
        """Turn the current sort around."""
        self.sort_descending = not self.sort_descending
        self._sorted()

    def _sorted(self) -> None:
        self._update_subtitle()
        if self.loaded:
            self._fill_table()

    # Opening and changing

    def action_back(self) -> None:
        """Back to the review list (or the review) this view was opened from."""
        self.dismiss()

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open_review()

    def action_open_review(self) -> None:
        """Open the highlighted item's review in the editor, at that item."""
        row = self._highlighted()
        if row is None:
            return
        # The editor opens a review where it was left: this makes that the item.
        from pirtui.core.sections import section_with_role

        state.remember_position(row.path, state.Position(section_with_role("action-items").key, row.field))
        app = self.app
        self.dismiss()
        app.open_review(row.path)  # type: ignore[attr-defined]

    def action_change_status(self) -> None:
        """Ask for the highlighted item's new status, then write it to its review."""
        row = self._highlighted()
        if row is None:
            return
        if _open_in_editor(self.app, row.path):
            self.notify("That review is open in the editor: change the status there.", severity="warning")
            return
        current = next((c.value for c in STATUS_CHOICES if STATUS_OF_CHOICE.get(c.value, "").lower() == row.status.strip().lower()), "")
        question = f"Status of {row.review_id} item {row.item_id or row.position + 1}: {row.action}"

        def chosen(value: str | None) -> None:
            status = STATUS_OF_CHOICE.get(value or "")
            if status is not None and status != row.status:
                self._write_status(row, status)

        self.app.push_screen(ChoiceDialog(question, STATUS_CHOICES, default=current, cancel="cancel"), chosen)

    def _write_status(self, row: ActionRow, status: str) -> None:
        outcome = set_action_status(row.path, row.position, row.item_id, status, row.sha256)
        self.notify(inert(outcome.message), severity="information" if outcome.ok else "error", markup=False)
        self.action_refresh()


def _open_in_editor(app: object, path: Path) -> bool:
    """Whether the app has this review open (its lock is the app's own: writing here would fight it)."""
    open_path = getattr(app, "path", None)
    if open_path is None or getattr(app, "review", None) is None:
        return False
    try:
        return Path(open_path).resolve() == path.resolve()
    except OSError:
        return False


def row_key(row: ActionRow) -> str:
    """A row's key in the table: its review file and position."""
    return f"{row.path}#{row.position}"


def describe(row: ActionRow) -> str:
    """The highlighted item in full, on two lines: what the table's narrow columns cut.

    The first line says what matters at a glance (overdue, the ticket's link, the review), the
    second the whole action.
    """
    first = [f"OVERDUE by {row.days_overdue} days"] if row.overdue else []
    if row.ticket:
        first.append(f"ticket {row.ticket_url or row.ticket}")
    first.append(f"{row.review_id} {row.review_title}".strip())
    return " · ".join(first) + "\n" + (row.action or "(no action)")
