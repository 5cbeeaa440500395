"""The list of reviews in a folder: what `pirtui FOLDER` (or plain `pirtui`) opens.

The rows come from the folder's index (`pirtui.team.index`): only files changed since the last look are
read again, with a progress bar while a large folder is first scanned. `/` filters by the list's
columns and searches the reviews' text through the index; enter opens a review at the match.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, ProgressBar, Static

from pirtui.core import state, store
from pirtui.team.folder import ReviewSummary, create_review, newest_first, suggested_file_name
from pirtui.team.index import Hit, best_hit, matching, scan_records
from pirtui.team.records import summary_of
from pirtui.core.inert import inert
from pirtui.screens.new_review_dialog import NewReviewDialog
from pirtui.screens.row_feeder import RowFeeder
from pirtui.widgets.filter_input import FilterInput, fit
from pirtui.core.store import ReviewFileError, conflict_copy_of


@dataclass(frozen=True)
class ListColumn:
    """One column of the review list: its header, width, cell text and sort order."""

    key: str
    label: str
    width: int
    """Characters of text; the title column takes whatever the others leave."""
    text: Callable[[ReviewSummary], str]
    sort_key: Callable[[ReviewSummary], Any]
    descending_first: bool = False
    """Numbers and dates sort largest first when the column is chosen; words A to Z."""


def _date_text(summary: ReviewSummary) -> str:
    return summary.incident_date.isoformat() if summary.incident_date else summary.incident_start


def _modified_text(summary: ReviewSummary) -> str:
    return age(summary.modified, datetime.now()) if summary.modified else ""


def _title_text(summary: ReviewSummary) -> str:
    if summary.problem:
        return problem_text(summary)
    # A copy has the ID and title of its review: without this the two rows would look the same.
    return f"(conflict copy) {summary.title}" if conflict_copy_of(summary.path) else summary.title


def _id_text(summary: ReviewSummary) -> str:
    return summary.path.name if summary.problem else summary.id


COLUMNS: tuple[ListColumn, ...] = (
    ListColumn("id", "ID", 12, _id_text, lambda s: _id_text(s).lower()),
    ListColumn("title", "Title", 0, _title_text, lambda s: _title_text(s).lower()),
    ListColumn("severity", "Sev", 5, lambda s: s.severity, lambda s: s.severity.lower()),
    ListColumn("status", "Status", 9, lambda s: s.status, lambda s: s.status.lower()),
    ListColumn("date", "Date", 10, _date_text, newest_first, descending_first=True),
    ListColumn(
        "filled",
        "Filled",
        6,
        lambda s: "" if s.problem else f"{s.sections_filled}/{s.sections_total}",
        lambda s: s.sections_filled,
        descending_first=True,
    ),
    ListColumn(
        "findings",
        "E/W",
        5,
        lambda s: "" if s.problem else f"{s.errors}/{s.warnings}",
        lambda s: (s.errors, s.warnings),
        descending_first=True,
    ),
    ListColumn(
        "actions",
        "Acts",
        5,
        lambda s: "" if s.problem else f"{s.open_actions}/{s.overdue_actions}",
        lambda s: (s.overdue_actions, s.open_actions),
        descending_first=True,
    ),
    ListColumn(
        "modified",
        "Saved",
        5,
        _modified_text,
        lambda s: s.modified or datetime.min,
        descending_first=True,
    ),
)
"""The list's columns in order; `s` cycles the sort through them."""

COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
MIN_TITLE_WIDTH = 10


def age(then: datetime, now: datetime) -> str:
    """How long ago a file was saved, in at most four characters ("now", "12m", "5h", "3d", "2y")."""
    seconds = (now - then).total_seconds()
    for unit, size in (("y", 365 * 86400), ("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{int(seconds // size)}{unit}"
    return "now"


def problem_text(summary: ReviewSummary) -> str:
    """A file's problem without the path the message starts with (the ID column names the file)."""
    return summary.problem.removeprefix(f"{summary.path}: ")


def matches(summary: ReviewSummary, words: str) -> bool:
    """Whether every word of the filter appears in one of the row's texts (case ignored)."""
    haystack = " ".join(
        [summary.path.name, summary.problem] + [column.text(summary) for column in COLUMNS]
    ).lower()
    return all(word in haystack for word in words.lower().split())


class ReviewTable(DataTable):
    """The review rows; its component classes let the .tcss style overdue items and problems."""

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {
        "review-table--overdue",
        "review-table--errors",
        "review-table--problem",
    }
    BINDINGS = [Binding("enter", "select_cursor", "Open", tooltip="Open the highlighted review")]


class ReviewListScreen(Screen):
    """Every review in a folder, newest first: pick one to open, or create a new one.

    The folder is read in a thread so that the screen appears at once, and read again whenever
    the screen comes back (after editing a review, say).
    """

    CSS_PATH = "review_list.tcss"
    AUTO_FOCUS = "#reviews"
    BINDINGS = [
        Binding("n", "new_review", "New", tooltip="Create a new review in this folder"),
        Binding("slash", "filter", "Filter", key_display="/", tooltip="Show only rows containing some text"),
        Binding("s", "cycle_sort", "Sort", tooltip="Sort by the next column"),
        Binding("r", "reverse_sort", "Reverse", tooltip="Reverse the sort order"),
        Binding("f5", "refresh", "Reload", show=False, tooltip="Read the folder again"),
        Binding("a", "actions", "Actions", tooltip="Every action item of the folder's reviews"),
        Binding("t", "trends", "Trends", tooltip="Trends across the folder's reviews: charts and numbers"),
        Binding("q", "app.quit", "Quit", tooltip="Quit pirtui (in the filter box q is a letter)"),
    ]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.summaries: list[ReviewSummary] = []
        """Everything the last scan found, in scan order (newest first)."""
        self.shown: list[ReviewSummary] = []
        """The rows on screen: filtered and sorted."""
        self.sort_column = "date"
        self.sort_descending = True
        self.loaded = False
        self.found: set[str] = set()
        """The reviews (paths) whose text holds the filter's words."""
        self.feeder: RowFeeder | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterInput(placeholder="/ to search the reviews' text", id="filter")
        yield ProgressBar(id="scanning", show_eta=False)
        yield ReviewTable(id="reviews", cursor_type="row", zebra_stripes=True, cell_padding=0)
        yield Static("", id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.feeder = RowFeeder(self.query_one(ReviewTable))
        self.title = "pirtui"
        self._update_subtitle()
        self._update_detail()
        self.action_refresh()

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.action_refresh()

    # Reading the folder

    def action_refresh(self) -> None:
        """Read the folder again (other people and other terminals add reviews too)."""
        self._scan_folder()

    @work(thread=True, exclusive=True, group="scan")
    def _scan_folder(self) -> None:
        step = 1

        def progress(done: int, total: int) -> None:
            nonlocal step
            step = max(1, total // 50)
            if done % step == 0 or done == total:
                self.app.call_from_thread(self._progress, done, total)

        records = scan_records(self.folder, progress)
        today = date.today()
        summaries = sorted((summary_of(r, today) for r in records), key=newest_first, reverse=True)
        self.app.call_from_thread(self._scanned, summaries)

    def _progress(self, done: int, total: int) -> None:
        bar = self.query_one("#scanning", ProgressBar)
        bar.update(total=total, progress=done)

    def _scanned(self, summaries: list[ReviewSummary]) -> None:
        self.summaries = summaries
        self.loaded = True
        self.query_one("#scanning", ProgressBar).display = False
        self._search()
        self._fill_table()

    # Showing the rows

    def _fill_table(self) -> None:
        table = self.query_one(ReviewTable)
        keep = self._current_path()
        words = self.query_one("#filter", Input).value.strip()
        column = COLUMNS_BY_KEY[self.sort_column]
        if words:
            rows = [s for s in self.summaries if matches(s, words) or str(s.path) in self.found]
        else:
            rows = list(self.summaries)
        self.shown = sorted(rows, key=column.sort_key, reverse=self.sort_descending)
        title_width = self._title_width()
        table.clear(columns=True)
        for col in COLUMNS:
            width = title_width if col.key == "title" else col.width
            # One extra character of width is the gap between columns (cell_padding is 0 to fit 80 columns).
            table.add_column(col.label, key=col.key, width=width + 1)
        keys = [str(s.path) for s in self.shown]
        at = keys.index(keep) if keep in keys else 0
        self.feeder.fill(self.shown, lambda summary: self._cells(summary, title_width), lambda s: str(s.path), at)
        if at:
            table.move_cursor(row=at, animate=False)
        self._update_detail()

    def _cells(self, summary: ReviewSummary, title_width: int) -> list[Text]:
        table = self.query_one(ReviewTable)
        cells: list[Text] = []
        for column in COLUMNS:
            width = title_width if column.key == "title" else column.width
            cells.append(Text(fit(column.text(summary), width), no_wrap=True))
        by_key = dict(zip((c.key for c in COLUMNS), cells))
        if summary.problem:
            by_key["title"].stylize(table.get_component_rich_style("review-table--problem", partial=True))
        if summary.errors:
            by_key["findings"].stylize(table.get_component_rich_style("review-table--errors", partial=True))
        if summary.overdue_actions:
            # The "!" keeps overdue items visible without colour (NO_COLOR, monochrome terminals).
            by_key["actions"].append("!")
            by_key["actions"].stylize(table.get_component_rich_style("review-table--overdue", partial=True))
        return cells

    def _title_width(self) -> int:
        others = sum(column.width + 1 for column in COLUMNS if column.key != "title")
        scrollbar = 1
        return max(MIN_TITLE_WIDTH, self.size.width - others - scrollbar - 1)

    def _current_path(self) -> str | None:
        table = self.query_one(ReviewTable)
        if not self.shown or table.row_count == 0:
            return None
        row = min(table.cursor_row, len(self.shown) - 1)
        return str(self.shown[row].path)

    def _highlighted(self) -> ReviewSummary | None:
        table = self.query_one(ReviewTable)
        if not self.shown or not 0 <= table.cursor_row < len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def _update_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        summary = self._highlighted()
        if not self.loaded:
            detail.update(Text(f"Reading the reviews in {inert(str(self.folder))}…"))
        elif not self.summaries:
            detail.update(Text(f"No reviews in {inert(str(self.folder))} yet. Press n to create one."))
        elif summary is None:
            detail.update(Text("No review matches the filter. Press escape in the filter to clear it."))
        elif summary.problem:
            detail.update(Text(inert(summary.problem)))
        elif (hit := self._hit(summary)) is not None:
            detail.update(hit_text(hit))
        else:
            detail.update(Text(inert(describe(summary))))

    def _update_subtitle(self) -> None:
        column = COLUMNS_BY_KEY[self.sort_column]
        order = "descending" if self.sort_descending else "ascending"
        self.sub_title = f"{inert(str(self.folder), keep='')} · sorted by {column.label}, {order}"

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        self._update_detail()

    def on_resize(self, event: Resize) -> None:
        if self.loaded:
            self._fill_table()

    # Opening and creating

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open_review()

    def action_open_review(self) -> None:
        """Open the highlighted review in the editor, at the text the search found in it."""
        summary = self._highlighted()
        if summary is None:
            return
        hit = self._hit(summary)
        if hit is not None and hit.section:
            # The editor opens a review where it was left: this makes that the match.
            state.remember_position(summary.path, state.Position(hit.section, hit.field))
        self.app.open_review(summary.path)

    def action_actions(self) -> None:
        """Every action item of the folder's reviews."""
        from pirtui.screens.actions import ActionsScreen

        self.app.push_screen(ActionsScreen(self.folder))

    def action_trends(self) -> None:
        """Trends across the folder's reviews."""
        from pirtui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen(self.folder))

    def action_new_review(self) -> None:
        """Ask for a file name, create a fresh draft there and open it."""
        suggested = suggested_file_name(self.folder, date.today())
        self.app.push_screen(NewReviewDialog(self.folder, suggested), self._create)

    def _create(self, path: Path | None) -> None:
        if path is None:
            return
        try:
            review = create_review(path, date.today())
            store.save(path, review)
        except ReviewFileError as error:
            self.notify(inert(str(error)), title="Could not save", severity="error", markup=False)
            if not path.is_file():
                return  # Nothing was written; the list stays as it was.
        else:
            from pirtui.core.render import incident_id_of

            self.notify(inert(f"Created {path.name} ({incident_id_of(review)})"), markup=False)
        self.app.open_review(path)

    # Filtering and sorting

    def action_filter(self) -> None:
        """Put the cursor in the filter box."""
        self.query_one("#filter", Input).focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        if self.loaded:
            self._search()
            self._fill_table()

    def _search(self) -> None:
        """Find the filter's words in the reviews' text (the index answers in milliseconds)."""
        words = self.query_one("#filter", Input).value.strip()
        self.found = {str(path) for path in matching(self.folder, words)} if words else set()

    def _hit(self, summary: ReviewSummary) -> Hit | None:
        """Where the filter's words are in this review's text (asked of the index for the one row)."""
        words = self.query_one("#filter", Input).value.strip()
        if not words or str(summary.path) not in self.found:
            return None
        return best_hit(summary.path, words)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one(ReviewTable).focus()

    @on(FilterInput.Cleared)
    def _filter_cleared(self) -> None:
        self.query_one(ReviewTable).focus()

    def action_cycle_sort(self) -> None:
        """Sort by the next column (in the order the columns are shown)."""
        keys = [column.key for column in COLUMNS]
        self._sort_by(keys[(keys.index(self.sort_column) + 1) % len(keys)])

    def action_reverse_sort(self) -> None:
        """Turn the current sort around."""
        self.sort_descending = not self.sort_descending
        self._sorted()

    @on(DataTable.HeaderSelected)
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key == self.sort_column:
            self.action_reverse_sort()
        else:
            self._sort_by(key)

    def _sort_by(self, key: str) -> None:
        self.sort_column = key
        self.sort_descending = COLUMNS_BY_KEY[key].descending_first
        self._sorted()

    def _sorted(self) -> None:
        self._update_subtitle()
        if self.loaded:
            self._fill_table()


def hit_text(hit: Hit) -> Text:
    """Where the search matched and the text around it, the matched words in bold."""
    text = Text(f"{hit.field}: ", style="italic")
    for part, matched in hit.parts():
        text.append(inert(part, keep=""), style="bold reverse" if matched else "")
    return text


def describe(summary: ReviewSummary) -> str:
    """The highlighted review in words, spelling out the list's short columns."""
    parts = [summary.title or "(no title)", summary.path.name]
    parts.append(f"{summary.sections_filled} of {summary.sections_total} sections filled")
    parts.append(f"{summary.errors} errors, {summary.warnings} warnings" + (f", {summary.hints} hint{'s' * (summary.hints != 1)}" if summary.hints else ""))
    parts.append(f"{summary.open_actions} open actions, {summary.overdue_actions} overdue")
    return " · ".join(parts)
