"""The list of reviews in a folder: what `pirtui FOLDER` (or plain `pirtui`) opens.

The rows come from the folder's index (`pirtui.team.index`): only files changed since the last look are
read again, with a progress bar while a large folder is first scanned. `/` filters by the list's
columns and searches the reviews' text through the index; enter opens a review at the match.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, ProgressBar

from pirtui.core import state, store
from pirtui.team.folder import ReviewSummary, create_review, newest_first, suggested_file_name
from pirtui.team.index import Hit, best_hit, matching, review_summaries
from pirtui.core.inert import inert
from pirtui.screens.new_review_dialog import NewReviewDialog
from pirtui.screens.folder_list import FolderColumn, FolderListScreen
from pirtui.core.store import ReviewFileError, conflict_copy_of


ListColumn = FolderColumn[ReviewSummary]
"""One column of the review list."""


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


class ReviewListScreen(FolderListScreen[ReviewSummary]):
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
        Binding("r", "reverse_sort", "Reverse", show=False, tooltip="Reverse the sort order"),
        Binding("f5", "refresh", "Reload", show=False, tooltip="Read the folder again"),
        Binding("a", "actions", "Actions", tooltip="Every action item of the folder's reviews"),
        Binding("t", "trends", "Trends", tooltip="Trends across the folder's reviews: charts and numbers"),
        Binding("q", "app.quit", "Quit", tooltip="Quit pirtui (in the filter box q is a letter)"),
        Binding("question_mark", "app.help", "Help", show=False, tooltip="Every key of this screen (as F1)"),
    ]
    COLUMNS = COLUMNS
    STRETCH = "title"
    MIN_STRETCH = MIN_TITLE_WIDTH
    TABLE_ID = "reviews"
    FILTER_PLACEHOLDER = "/ to search the reviews' text"
    EMPTY = "No reviews in {folder} yet. Press n to create one."
    NO_MATCH = "No review matches the filter. Press escape in the filter to clear it."

    HELP_LEGEND = (
        "Columns: Filled = sections filled of all · E/W = errors/warnings · "
        "Acts = open/overdue action items (! when any is overdue) · Saved = when the file last changed"
    )
    """Shown under the keys in help (F1 or ?): what the list's short columns mean."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, "date")
        self.found: set[str] = set()
        """The reviews (paths) whose text holds the filter's words."""

    @property
    def summaries(self) -> list[ReviewSummary]:
        """Everything the last scan found, newest first."""
        return self.rows

    def make_table(self) -> ReviewTable:
        return ReviewTable(id="reviews", cursor_type="row", zebra_stripes=True, cell_padding=0)

    def above_table(self) -> ComposeResult:
        yield ProgressBar(id="scanning", show_eta=False)

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

        self.app.call_from_thread(self._scanned, review_summaries(self.folder, date.today(), progress))

    def _progress(self, done: int, total: int) -> None:
        bar = self.query_one("#scanning", ProgressBar)
        bar.update(total=total, progress=done)

    def _scanned(self, summaries: list[ReviewSummary]) -> None:
        self.query_one("#scanning", ProgressBar).display = False
        self._search()
        self.rows_read(summaries)

    # Showing the rows

    def keeps(self, row: ReviewSummary, words: str) -> bool:
        return not words or matches(row, words) or str(row.path) in self.found

    def row_key(self, row: ReviewSummary) -> str:
        return str(row.path)

    def styled(self, row: ReviewSummary, cells: dict[str, Text]) -> None:
        table = self.table
        if row.problem:
            cells["title"].stylize(table.get_component_rich_style("review-table--problem", partial=True))
        if row.errors:
            cells["findings"].stylize(table.get_component_rich_style("review-table--errors", partial=True))
        if row.overdue_actions:
            # The "!" keeps overdue items visible without colour (NO_COLOR, monochrome terminals).
            cells["actions"].append("!")
            cells["actions"].stylize(table.get_component_rich_style("review-table--overdue", partial=True))

    def detail(self, row: ReviewSummary) -> Text:
        if row.problem:
            return Text(inert(row.problem))
        hit = self._hit(row)
        return hit_text(hit) if hit is not None else Text(inert(describe(row)))

    # Opening and creating

    def review_at(self, row: ReviewSummary) -> tuple[Path, state.Position | None]:
        """The review, at the text the search found in it."""
        hit = self._hit(row)
        return row.path, state.Position(hit.section, hit.field) if hit is not None and hit.section else None

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
        self.app.post_message(self.OpenReview(path))

    # Searching

    def filter_changed(self) -> None:
        self._search()

    def _search(self) -> None:
        """Find the filter's words in the reviews' text (the index answers in milliseconds)."""
        words = self.filter_words()
        self.found = {str(path) for path in matching(self.folder, words)} if words else set()

    def _hit(self, summary: ReviewSummary) -> Hit | None:
        """Where the filter's words are in this review's text (asked of the index for the one row)."""
        words = self.filter_words()
        if not words or str(summary.path) not in self.found:
            return None
        return best_hit(summary.path, words)


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
