"""Every action item of a folder's reviews in one table: filter, sort, open, change a status.

A review is only worth its action items; here a team sees them all at once, the overdue ones
marked "!" (not only by colour), and moves them along without opening each review.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.widgets import DataTable

from pirtui.core import state
from pirtui.team.actions import ActionRow, action_rows, parse_filter, set_action_status
from pirtui.core.inert import inert
from pirtui.core.model import ACTION_STATUSES
from pirtui.screens.dialogs import Choice, ChoiceDialog
from pirtui.screens.folder_list import FolderColumn, FolderListScreen
from pirtui.core.timeparse import parse_date


ROLE = "action-items"
"""The role of the table an action item sits in, whatever its review's template."""

ActionColumn = FolderColumn[ActionRow]
"""One column of the actions table."""


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


def status_choices(path: Path) -> tuple[list[Choice], dict[str, str]]:
    """The statuses an item of the review at `path` can take, from its own template's action-status
    column (the built-in template's: `STATUS_CHOICES`), each with a key of its own, and Cancel;
    with the status each choice stands for. A review that cannot be read offers the built-in ones."""
    from pirtui.core import store
    from pirtui.core.sections import block_of, template_of
    from pirtui.core.template.loader import builtin

    try:
        review = store.load(path)
    except store.ReviewFileError:
        return STATUS_CHOICES, STATUS_OF_CHOICE
    template, block = template_of(review), block_of(review, ROLE)
    key = template.column_of(ROLE, "action-status")
    options = next((c.options for c in block.columns if c.key == key), ()) if block is not None else ()
    if template is builtin() or not options:
        return STATUS_CHOICES, STATUS_OF_CHOICE
    used = {"c"}  # Cancel's
    choices = []
    for index, status in enumerate(options):
        letter = next((ch for ch in status.lower() if ch.isalnum() and ch not in used), "")
        used.add(letter)
        choices.append(Choice(f"status-{index}", status, letter or str(index + 1)))
    return [*choices, Choice("cancel", "Cancel", "c")], {c.value: status for c, status in zip(choices, options)}


class ActionTable(DataTable):
    """The action items; its component class lets the .tcss mark overdue rows."""

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {"action-table--overdue"}
    BINDINGS = [Binding("enter", "select_cursor", "Open", tooltip="Open the review at this action item")]


class ActionsScreen(FolderListScreen[ActionRow]):
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
    COLUMNS = COLUMNS
    STRETCH = "action"
    MIN_STRETCH = MIN_ACTION_WIDTH
    TABLE_ID = "actions"
    FILTER_PLACEHOLDER = "/ filter: words, owner:NAME status:open priority:P1 review:ID overdue"
    SCREEN_TITLE = "Action items"
    EMPTY = "No action items in the reviews of {folder}."
    NO_MATCH = "No action item matches the filter. Press escape in the filter to clear it."

    def __init__(self, folder: Path, editing: Path | None = None) -> None:
        super().__init__(folder, "late")
        self.editing = editing
        """The review the editor has open (and locked): its statuses are changed there, not here."""
        self.overdue_only = False
        self.unreadable = 0

    def make_table(self) -> ActionTable:
        return ActionTable(id="actions", cursor_type="row", zebra_stripes=True, cell_padding=0)

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
        self.unreadable = unreadable
        self.rows_read(rows)

    # Showing

    def keeps(self, row: ActionRow, words: str) -> bool:
        return parse_filter(words).keeps(row) and (row.overdue or not self.overdue_only)

    def row_key(self, row: ActionRow) -> str:
        return row_key(row)

    def styled(self, row: ActionRow, cells: dict[str, Text]) -> None:
        if row.overdue:
            style = self.table.get_component_rich_style("action-table--overdue", partial=True)
            for key in ("late", "due"):
                if key in cells:
                    cells[key].stylize(style)

    def detail(self, row: ActionRow) -> Text:
        return Text(inert(describe(row)))

    def subtitle_extra(self) -> str:
        return " · overdue only" if self.overdue_only else ""

    def action_toggle_overdue(self) -> None:
        """Show only the overdue items, or every item again."""
        self.overdue_only = not self.overdue_only
        self.sorted()

    # Opening and changing

    def action_back(self) -> None:
        """Back to the review list (or the review) this view was opened from."""
        self.dismiss()

    def review_at(self, row: ActionRow) -> tuple[Path, state.Position | None]:
        """The item's review, at that item: the row of the table with the action-items role of
        the review's own template (read from the file; a review that cannot be read opens where
        the editor says why)."""
        from pirtui.core import store
        from pirtui.core.sections import section_of, template_of

        try:
            review = store.load(row.path)
        except store.ReviewFileError:
            return row.path, None
        section, table = section_of(review, ROLE), template_of(review).table_path(ROLE)
        if section is None or table is None:
            return row.path, None
        return row.path, state.Position(section.key, f"{table}.{row.position}")

    def opening(self) -> None:
        self.dismiss()

    def action_change_status(self) -> None:
        """Ask for the highlighted item's new status, then write it to its review."""
        row = self.highlighted()
        if row is None:
            return
        if self._open_in_editor(row.path):
            self.notify("That review is open in the editor: change the status there.", severity="warning")
            return
        choices, status_of = status_choices(row.path)
        current = next((c.value for c in choices if status_of.get(c.value, "").lower() == row.status.strip().lower()), "")
        question = f"Status of {row.review_id} item {row.item_id or row.position + 1}: {row.action}"

        def chosen(value: str | None) -> None:
            status = status_of.get(value or "")
            if status is not None and status != row.status:
                self._write_status(row, status)

        self.app.push_screen(ChoiceDialog(question, choices, default=current, cancel="cancel"), chosen)

    def _open_in_editor(self, path: Path) -> bool:
        """Whether the editor has this review open (its lock is the editor's own: writing here would fight it)."""
        if self.editing is None:
            return False
        try:
            return self.editing.resolve() == path.resolve()
        except OSError:
            return False

    def _write_status(self, row: ActionRow, status: str) -> None:
        outcome = set_action_status(row.path, row.position, row.item_id, status, row.sha256)
        self.notify(inert(outcome.message), severity="information" if outcome.ok else "error", markup=False)
        self.action_refresh()


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
