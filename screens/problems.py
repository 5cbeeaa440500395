"""The problems view: every finding of the review (hints last), then what each incomplete section
still lacks; enter jumps to the field it is about (the first empty one of an incomplete section)."""

from __future__ import annotations

from pathlib import Path
from dataclasses import dataclass
from typing import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from pirtui.core.checks import Finding
from pirtui.core.hints import Hint
from pirtui.core.inert import inert
from pirtui.core.sections import SECTIONS, Section
from pirtui.widgets.part import MARKS


@dataclass(frozen=True)
class Missing:
    """An incomplete section and the labels and paths of its empty places, in screen order."""

    key: str
    heading: str
    fields: tuple[tuple[str, str], ...]

    @property
    def message(self) -> str:
        """"Empty: What went well, Luck / near misses"."""
        return "Empty: " + ", ".join(label for _, label in self.fields)


class ProblemsScreen(ModalScreen[tuple[str, str] | None]):
    """Lists findings; dismisses with (section key, field path) of the chosen one."""

    CSS_PATH = Path(__file__).with_name("views.tcss")
    BINDINGS = [
        Binding("escape,f8,q", "close", "Close"),
        Binding("enter", "jump", "Go to field"),
    ]

    def __init__(
        self, findings: Sequence[Finding | Hint], missing: Sequence[Missing] = (), sections: Sequence[Section] = SECTIONS
    ) -> None:
        super().__init__(classes="view")
        self.by_heading = {section.heading: section for section in sections}
        """The sections of the review's template, by heading (what a finding names)."""
        # A hint about a section the template does not have is left out; a finding is always shown
        # (a key kept from an older version of the template may belong to no section).
        shown: list[Finding | Hint] = [f for f in findings if f.section in self.by_heading or f.level != "hint"]
        self.findings = [*(f for f in shown if f.level != "hint"), *(f for f in shown if f.level == "hint")]
        self.missing = list(missing)
        """Incomplete sections, listed after the findings."""

    def compose(self) -> ComposeResult:
        errors = sum(1 for f in self.findings if f.level == "error")
        hints = sum(1 for f in self.findings if f.level == "hint")
        counts = f"{errors} errors, {len(self.findings) - errors - hints} warnings" + (f", {hints} hints" if hints else "")
        title = f"Problems: {counts}, {len(self.missing)} incomplete  (enter goes there)"
        with Vertical(classes="view-box"):
            yield Label(title, classes="view-title")
            if not self.findings and not self.missing:
                yield Label("No problems found; every section is complete.", id="no-problems")
                return
            table: DataTable = DataTable(cursor_type="row", zebra_stripes=True, id="problems")
            table.add_column("", key="level", width=1)
            table.add_column("Section", key="section")
            table.add_column("Problem", key="message")
            for finding in self.findings:
                message = inert(finding.message, keep="")
                table.add_row(MARKS.get(finding.level, "!"), finding.section, f"hint: {message}" if finding.level == "hint" else message)
            for missing in self.missing:
                table.add_row("◐", missing.heading, inert(missing.message, keep=""))
            yield table
            yield Label("", id="problem-detail", markup=False)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Show the whole message of the highlighted finding (table cells are cut to width)."""
        event.stop()
        if event.cursor_row >= len(self.findings):
            missing = self.missing[event.cursor_row - len(self.findings)]
            self.query_one("#problem-detail", Label).update(f"{missing.heading}: {missing.message}")
            return
        finding = self.findings[event.cursor_row]
        detail = f"{finding.message}  [{finding.field}]"
        if isinstance(finding, Hint):
            detail = f"{finding.message} {finding.why} {finding.suggestion}  [{finding.field}]"
        self.query_one("#problem-detail", Label).update(inert(detail))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_jump()

    def action_jump(self) -> None:
        """Close and go to the field of the finding under the cursor (an incomplete section's first empty one)."""
        if not self.findings and not self.missing:
            return
        row = self.query_one(DataTable).cursor_row
        if row >= len(self.findings):
            missing = self.missing[row - len(self.findings)]
            self.dismiss((missing.key, missing.fields[0][0]))
            return
        finding = self.findings[row]
        section = self.by_heading.get(finding.section)
        self.dismiss((section.key, finding.field) if section is not None else None)

    def action_close(self) -> None:
        """Close without moving."""
        self.dismiss(None)
