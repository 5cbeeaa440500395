"""A table or list of the review with its label above and its findings below."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Label, Static

from pirtui.widgets.editable_table import EditableTable
from pirtui.widgets.part import FindingLike, FormPart, MessageLine, field_id


class TableBlock(FormPart, Vertical):
    """Wraps an EditableTable (or list/checklist editor) so findings show right under it."""

    DEFAULT_CSS = """
    TableBlock {
        height: auto;
        margin-bottom: 1;
        border-left: blank;
    }
    TableBlock:focus-within {
        border-left: thick $accent;
    }
    TableBlock EditableTable {
        height: auto;
        max-height: 16;
        overflow-x: hidden;
        background: $surface;
        color: $foreground;
    }
    TableBlock .row-detail {
        display: none;
        height: auto;
        max-height: 3;
        color: $text-muted;
    }
    """

    def __init__(self, label: str, table: EditableTable, lead: str = "", show_label: bool = True) -> None:
        super().__init__(id=field_id(table.path), classes="table-block")
        self.show_label = show_label or bool(lead)
        self.label = label
        self.lead = lead
        self.table = table
        self.path = table.path
        self._detail_pending = False

    def compose(self) -> ComposeResult:
        if self.show_label:
            yield Label(self.lead or self.label, classes="block-label", markup=False)
        yield self.table
        yield Static(classes="row-detail")
        yield MessageLine()

    def on_mount(self) -> None:
        self._detail_pending = True
        self.call_after_refresh(self._show_detail)

    def on_editable_table_highlighted(self, event: EditableTable.Highlighted) -> None:
        """Show the highlighted row whole under the table: at 80 columns its cells are cut.

        In a burst of Down keys only the row the cursor settles on matters: the detail is worked
        out once after the next screen refresh, not for every row passed on the way.
        """
        event.stop()
        if not self._detail_pending:
            self._detail_pending = True
            self.call_after_refresh(self._show_detail)

    def _show_detail(self) -> None:
        self._detail_pending = False
        detail = self.table.row_detail(self.table.cursor_row)
        line = self.query_one(".row-detail", Static)
        if detail or line.display:
            line.display = bool(detail)
            line.update(detail)
        if self.table.has_focus:
            self.call_after_refresh(self._keep_cursor_in_view)

    def _keep_cursor_in_view(self) -> None:
        """Scroll the form so the cursor's row and the detail line under the table are on screen.

        The table is as tall as its rows, so its own scrolling never moves the form: at 80x24 a
        table that grew (a row added) or sits low had its current row and detail below the edge,
        and the arrows moved the cursor out of sight (issue 25 item 3). Walks up the containers as
        Textual's `scroll_to_widget` does, with the region of a row instead of a widget.
        """
        table = self.table
        if not table.is_mounted or table.row_count == 0:
            return
        top = table.virtual_region.y + 1 + table.cursor_row - round(table.scroll_offset.y)
        line = self.query_one(".row-detail", Static)
        bottom = line.virtual_region.bottom if line.display and line.virtual_region.height else top + 1
        region = Region(table.virtual_region.x, top, table.virtual_region.width, max(bottom - top, 1))
        widget: Widget = table
        while isinstance(widget.parent, Widget) and region:
            container = widget.parent
            offset = container.scroll_to_region(region, animate=False, immediate=True)
            region = (
                region.translate(-offset)
                .translate(container.styles.margin.top_left)
                .translate(container.styles.border.spacing.top_left)
                .translate(container.virtual_region_with_margin.offset)
            )
            widget = container

    def focus(self, scroll_visible: bool = True) -> TableBlock:
        """Focus the table."""
        self.table.focus(scroll_visible)
        return self

    def show_findings(self, findings: list[FindingLike]) -> None:
        """Show findings under the table, each naming its row."""

        def describe(finding: FindingLike) -> str:
            rest = finding.field[len(self.path) + 1 :]
            number = rest.split(".", 1)[0]
            return f"row {int(number) + 1}: " if number.isdigit() else ""

        self.query_one(MessageLine).show(findings, describe)

    def show_path(self, path: str) -> None:
        """Focus the table and put the cursor on the row a path names ("timeline.3.time")."""
        self.table.focus()
        rest = path[len(self.path) + 1 :] if path.startswith(self.path + ".") else ""
        number = rest.split(".", 1)[0]
        if number.isdigit():
            self.table.show_row(int(number))
