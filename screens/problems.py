"""The problems view: every finding of the review, hints last; enter jumps to the field it is about."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from pirtui.checks import Finding
from pirtui.inert import inert
from pirtui.sections import SECTIONS_BY_HEADING
from pirtui.widgets.part import MARKS


class ProblemsScreen(ModalScreen[tuple[str, str] | None]):
    """Lists findings; dismisses with (section key, field path) of the chosen one."""

    CSS_PATH = Path(__file__).with_name("views.tcss")
    BINDINGS = [
        Binding("escape,f8,q", "close", "Close"),
        Binding("enter", "jump", "Go to field"),
    ]

    def __init__(self, findings: Sequence[Finding]) -> None:
        super().__init__(classes="view")
        shown = [f for f in findings if f.section in SECTIONS_BY_HEADING]
        self.findings = [f for f in shown if f.level != "hint"] + [f for f in shown if f.level == "hint"]

    def compose(self) -> ComposeResult:
        errors = sum(1 for f in self.findings if f.level == "error")
        hints = sum(1 for f in self.findings if f.level == "hint")
        counts = f"{errors} errors, {len(self.findings) - errors - hints} warnings" + (f", {hints} hints" if hints else "")
        title = f"Problems: {counts}  (enter goes there)"
        with Vertical(classes="view-box"):
            yield Label(title, classes="view-title")
            if not self.findings:
                yield Label("No problems found.", id="no-problems")
                return
            table: DataTable = DataTable(cursor_type="row", zebra_stripes=True, id="problems")
            table.add_column("", key="level", width=1)
            table.add_column("Section", key="section")
            table.add_column("Problem", key="message")
            for finding in self.findings:
                message = inert(finding.message, keep="")
                table.add_row(MARKS.get(finding.level, "!"), finding.section, f"hint: {message}" if finding.level == "hint" else message)
            yield table
            yield Label("", id="problem-detail", markup=False)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Show the whole message of the highlighted finding (table cells are cut to width)."""
        event.stop()
        finding = self.findings[event.cursor_row]
        detail = f"{finding.message}  [{finding.field}]"
        if finding.level == "hint":
            detail = f"{finding.message} {finding.why} {finding.suggestion}  [{finding.field}]"
        self.query_one("#problem-detail", Label).update(inert(detail))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_jump()

    def action_jump(self) -> None:
        """Close and go to the field of the finding under the cursor."""
        if not self.findings:
            return
        finding = self.findings[self.query_one(DataTable).cursor_row]
        section = SECTIONS_BY_HEADING[finding.section]
        self.dismiss((section.key, finding.field))

    def action_close(self) -> None:
        """Close without moving."""
        self.dismiss(None)
