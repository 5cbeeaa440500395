"""Add from evidence: timeline rows from a pasted chat or a file, previewed before they are added.

The user pastes text or names a file (a Slack export folder, a PagerDuty log, an Alertmanager body,
a log, a chat transcript, a CSV); the rows read from it show in a table with a tick each, and the
lines that could not be read below it. Space unticks or ticks a row, `e` edits it in the row form,
ctrl+s (or Enter on the table, or the Add button) gives the ticked rows back, merged in time order
into the timeline (the table with the timeline role of the review's template, its columns by role).
Reading and merging are `pirtui.evidence`'s; this screen only shows them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, DataTable, Input, Label, Static, TextArea

from textual import events

from pirtui.evidence.merge import DUPLICATE, NEW, NO_TIME, Proposal, Proposed, merge, propose, review_zone, start_date
from pirtui.evidence.rows import NO_START
from pirtui.evidence.timeline_shape import row_attribute, zone_text
from pirtui.core.inert import inert
from pirtui.core.sections import Column
from pirtui.widgets.field import InertInput
from pirtui.widgets.messages import HoldsText, held
from pirtui.widgets.text_block import InertTextArea
from pirtui.session import HeldText

MARKS = {NEW: "✓", DUPLICATE: "=", "no time": "?"}
"""What the tick column shows for an unticked row of each kind ("✓" ticked, " " unticked)."""

READ_DELAY = 0.3
"""Seconds after the last change to the paste or the zone before it is read again."""


class PreviewTable(DataTable):
    """The rows read from the evidence: space ticks, e edits, Enter adds the ticked rows."""

    BINDINGS = [
        Binding("space", "tick", "Tick / untick"),
        Binding("e", "edit", "Edit row"),
        Binding("s", "split", "Split a merged row"),
        Binding("enter", "screen.accept", "Add ticked"),
    ]

    def action_tick(self) -> None:
        """Tick or untick the row under the cursor (not `toggle`: DOMNode's own action has that name)."""
        if isinstance(self.screen, EvidenceDialog):
            self.screen.toggle(self.cursor_row)

    def action_edit(self) -> None:
        """Edit the row under the cursor in the row form."""
        if isinstance(self.screen, EvidenceDialog):
            self.screen.edit(self.cursor_row)

    class SplitAsked(Message):
        """The row under the cursor is to be given back as one row per source (the dialog splits it)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def action_split(self) -> None:
        """Give the row under the cursor back as one row per source, when several sources saw it."""
        self.post_message(self.SplitAsked(self.cursor_row))


class PasteArea(InertTextArea):
    """The paste box. A file path typed here (the box has the focus when the dialog opens) and
    Enter reads that file, as in the File field: a one-line text naming a file that exists is a
    path, not a chat to read (issue 25 item 8). Anything else: Enter breaks the line."""

    class PathTyped(Message):
        """The box held a path when Enter was pressed."""

        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    def typed_path(self) -> str:
        """The box's text when it is one line naming a file or folder that exists; "" otherwise."""
        text = self.text.strip()
        if not text or "\n" in text or len(text) > 4096:
            return ""
        try:
            return text if Path(text).expanduser().exists() else ""
        except OSError:
            return ""

    def on_key(self, event: events.Key) -> None:
        """Enter on a path reads the file; TextArea's own handling (after this one) is then skipped."""
        if event.key == "enter" and not self.read_only:
            path = self.typed_path()
            if path:
                event.stop()
                event.prevent_default()
                self.post_message(self.PathTyped(path))


class EvidenceDialog(HoldsText, ModalScreen[list[Any] | None]):
    """Read evidence, preview its rows, and give back the timeline with the ticked ones merged in."""

    CSS_PATH = Path(__file__).with_name("evidence_dialog.tcss")
    BINDINGS = [
        Binding("ctrl+s", "accept", "Add ticked rows", priority=True),
        Binding("escape", "cancel", "Cancel"),
        Binding("f1", "app.help", "Help", show=False),
    ]

    def __init__(self, review: Any, rows: list[Any], columns: Sequence[Column] = ()) -> None:
        super().__init__(classes="evidence-dialog")
        self.review = review
        """For its time zone and start date; the timeline rows are `rows` (what the table shows)."""
        self.rows = list(rows)
        self.columns = columns
        """The timeline's columns, for the row form."""
        self.proposal = Proposal()
        self.ticked: list[bool] = []
        self.problems: list[str] = []
        self._timer: Timer | None = None

    def held_text(self) -> HeldText | None:
        """The file named and the text pasted: not in the timeline until rows are added, so a
        hang-up keeps them with a note."""
        if not self.is_mounted:
            return None
        source = self.query_one("#evidence-path", Input).value.strip()
        pasted = self.query_one("#evidence-paste", TextArea).text
        text = "\n".join(part for part in (f"file {source}" if source else "", pasted) if part.strip())
        return held("Evidence for the timeline (Add from evidence)", text, None)

    def compose(self) -> ComposeResult:
        with Vertical(id="evidence-box"):
            yield Label("Add from evidence · Timeline", id="evidence-title")
            with Horizontal(id="evidence-source"):
                yield Label("File", classes="evidence-label")
                yield InertInput(placeholder="file or Slack export folder; Enter reads it", compact=True,
                                 id="evidence-path")
                zone = zone_text(self.review)
                yield Label("Zone", classes="evidence-label")
                yield InertInput(zone, placeholder="zone", compact=True, id="evidence-zone",
                                 tooltip="Zone of times written without one")
                yield Label("Start", classes="evidence-label", id="evidence-start-label")
                yield InertInput(placeholder="YYYY-MM-DD HH:MM", compact=True, id="evidence-start",
                                 tooltip="WebVTT: when the recording began (cue times are offsets from it)")
            area = PasteArea(compact=True, id="evidence-paste", soft_wrap=True, tab_behavior="focus")
            area.placeholder = "paste a chat, log or alert here ([14:32] alice: restarted db-1), or type a file path and Enter"
            yield area
            table = PreviewTable(cursor_type="row", zebra_stripes=True, id="evidence-rows")
            yield table
            yield Static("", id="evidence-detail", markup=False)
            yield Static("", id="evidence-unreadable", markup=False)
            with Horizontal(id="evidence-buttons"):
                yield Label("space tick · e edit · ctrl+s add · esc cancel", id="evidence-keys")
                yield Button("Add", id="evidence-add", variant="primary", compact=True)
                yield Button("Cancel", id="evidence-cancel", compact=True)

    def on_mount(self) -> None:
        table = self.query_one(PreviewTable)
        width = min(self.app.size.width, 120) - 4  # the box's width (see the .tcss) less border and padding
        table.add_column(" ", key="tick", width=1)
        table.add_column("Time", key="time", width=16)
        table.add_column("Event", key="event", width=max(width - 3 - 16 - 17 - 6, 20))
        table.add_column("Milestone", key="milestone", width=17)
        self.query_one("#evidence-paste", TextArea).focus()
        self._show()

    # -- reading ---------------------------------------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._read_soon()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id in ("evidence-zone", "evidence-start"):
            self._read_soon()

    def on_paste_area_path_typed(self, event: PasteArea.PathTyped) -> None:
        """A path typed in the paste box: it moves to the File field and is read from there."""
        event.stop()
        self.query_one("#evidence-path", Input).value = event.path
        self.query_one("#evidence-paste", TextArea).clear()
        if self._timer is not None:
            self._timer.stop()
        self.read()
        if self.ticked or self.proposal.items:
            self.query_one(PreviewTable).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.read()
        if self.ticked:
            self.query_one(PreviewTable).focus()

    def _read_soon(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(READ_DELAY, self.read)

    def read(self) -> None:
        """Read the file and the paste again, and show what they give."""
        from pirtui.evidence.clock import read_any
        from pirtui.evidence.detect import SourceError, parse_path, parse_text
        from pirtui.evidence.rows import Options
        from pirtui.core.timeparse import resolve_timezone

        self._timer = None
        self.problems = []
        zone_name = self.query_one("#evidence-zone", Input).value.strip()
        zone = resolve_timezone(zone_name) if zone_name else review_zone(self.review)
        if zone is None:
            self.problems.append(f"Unknown time zone {zone_name!r}; times without a zone read as the review's.")
            zone = review_zone(self.review)
        base = start_date(self.review)
        start_text = self.query_one("#evidence-start", Input).value.strip()
        start = read_any(start_text, base, zone) if start_text else None
        if start_text and start is None:
            self.problems.append(f"Start {start_text!r} is not a date and time (YYYY-MM-DD HH:MM).")
        options = Options(source_tz=zone, base=base, start=start)
        sources = []
        path_text = self.query_one("#evidence-path", Input).value.strip()
        paste = self.query_one("#evidence-paste", TextArea).text
        readers = [lambda: parse_path(Path(path_text).expanduser(), "auto", options)] if path_text else []
        if paste.strip():
            readers.append(lambda: parse_text(paste, "", "auto", options))
        for reader in readers:
            try:
                sources.append(reader())
            except SourceError as error:
                self.problems.append(str(error))
        self.proposal = propose(self.review, sources, existing=self.rows)
        self.ticked = [item.status == NEW for item in self.proposal.items]
        for parsed in sources:
            for line in parsed.unreadable:
                where = f"{Path(parsed.source).name}:{line.line}" if parsed.source else f"line {line.line}"
                self.problems.append(f"{where} {line.why}: {line.text.strip()}")
        self._show()

    # -- showing ---------------------------------------------------------------------------------

    def _cells(self, index: int) -> list[Text]:
        item = self.proposal.items[index]
        mark = "✓" if self.ticked[index] else (" " if item.status == NEW else MARKS[item.status])
        style = "" if self.ticked[index] else "dim"
        row = item.row
        return [Text(mark, style="bold" if self.ticked[index] else ""),
                *(Text(inert(value, keep=""), style=style) for value in (row.time, row.event, row.milestone))]

    def _show(self, cursor: int = 0) -> None:
        table = self.query_one(PreviewTable)
        table.clear()
        for index in range(len(self.proposal.items)):
            table.add_row(*self._cells(index))
        if self.proposal.items:
            table.move_cursor(row=min(cursor, len(self.proposal.items) - 1), animate=False)
        self._show_summary()
        self._show_detail()

    def _show_summary(self) -> None:
        ticked = sum(self.ticked)
        duplicates = sum(1 for item in self.proposal.items if item.status == DUPLICATE)
        summary = f"{ticked} of {len(self.proposal.items)} rows ticked"
        if duplicates:
            summary += f", {duplicates} already in the timeline (=)"
        undated = sum(1 for item in self.proposal.items if item.status == NO_TIME)
        if undated:
            summary += f", {undated} without a time (?)"
            if not start_date(self.review):
                summary += f": the review has no Start date to put times of day on ({NO_START}, or e to edit a row)"
        lines = [summary] + [f"{len(self.problems)} not read:"] * bool(self.problems) + self.problems[:50]
        self.query_one("#evidence-unreadable", Static).update(inert("\n".join(lines), keep="\n"))

    def _show_detail(self) -> None:
        table = self.query_one(PreviewTable)
        detail = ""
        if self.proposal.items and 0 <= table.cursor_row < len(self.proposal.items):
            item = self.proposal.items[table.cursor_row]
            # Why a row is not ticked comes first: at the end of a long event it was cut off.
            parts = [item.why, item.row.event, item.row.evidence, "s splits it" if item.parts else ""]
            detail = " · ".join(inert(part, keep="") for part in parts if part)
        self.query_one("#evidence-detail", Static).update(detail)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    # -- changing --------------------------------------------------------------------------------

    def toggle(self, index: int) -> None:
        """Tick or untick one row."""
        if 0 <= index < len(self.ticked):
            self.ticked[index] = not self.ticked[index]
            table = self.query_one(PreviewTable)
            for column, cell in enumerate(self._cells(index)):
                table.update_cell_at(Coordinate(index, column), cell)
            self._show_summary()

    def on_preview_table_split_asked(self, message: PreviewTable.SplitAsked) -> None:
        """The table asks for its row under the cursor to be split back into its sources."""
        self.split(message.index)

    def split(self, index: int) -> None:
        """Show a merged row's sources as rows of their own, each ticked as the merged row was."""
        if not 0 <= index < len(self.proposal.items) or not self.proposal.items[index].parts:
            return
        ticked = self.ticked[index]
        count = len(self.proposal.split(index))
        self.ticked[index : index + 1] = [ticked] * count
        self._show(cursor=index)

    def edit(self, index: int) -> None:
        """Open one row in the row form; the edited row is ticked."""
        from pirtui.widgets.row_form import RowForm, RowResult

        if not 0 <= index < len(self.proposal.items):
            return
        item = self.proposal.items[index]

        def done(result: RowResult | None) -> None:
            if result is not None:
                attributes = {column.key: attribute for column in self.columns if (attribute := row_attribute(column.roles))}
                update = {attributes[key]: value for key, value in result.values.items() if key in attributes}
                item.row = item.row.model_copy(update=update)
                self.ticked[index] = True
                self._show(cursor=index)
            self.query_one(PreviewTable).focus()

        columns = [column for column in self.columns if row_attribute(column.roles)]
        values = {column.key: str(getattr(item.row, row_attribute(column.roles) or "")) for column in columns}
        self.app.push_screen(RowForm("Edit row · Add from evidence", columns, values), done)

    def chosen(self) -> list[Proposed]:
        """The ticked rows."""
        return [item for item, ticked in zip(self.proposal.items, self.ticked) if ticked]

    def action_accept(self) -> None:
        """Give back the timeline with the ticked rows merged in."""
        chosen = self.chosen()
        if not chosen:
            self.notify("No row is ticked: nothing to add.", severity="warning", timeout=4)
            return
        self.dismiss(merge(self.review, self.rows, chosen))

    def action_cancel(self) -> None:
        """Close without adding anything."""
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "evidence-add":
            self.action_accept()
        else:
            self.action_cancel()

