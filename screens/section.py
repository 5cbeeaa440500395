"""One screen per editable section of the template, built from its blocks in `pirtui.core.sections`.

The screen is given the review, the section states and whether it is read-only (data down), reads
the review once, when it is first composed, and from then on only hears about changes through the
app: editors send `ReviewEditor.Edited` up, the screen posts `Shown` and `Change` (a hint
dismissed, a field marked internal), the section list posts `SectionList.Chosen`; the app handles
them and hands each screen the findings to show. The screen never calls into the app. A screen is built on first visit, so a review with a 2,000-row
timeline only pays for that table when the user goes to the timeline.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Sequence, cast

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.dom import DOMNode
from textual.events import ScreenResume
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Label, Static

from pirtui.core import computed
from pirtui.core.model import DismissedHint, Review, get_path
from pirtui.core.sections import Block, Column, Section, editable_sections, row_model_for, sections_for, template_of
from pirtui.core.template import roles
from pirtui.core.template.loader import builtin
from pirtui.session import HeldText
from pirtui.textual_compat import breakpoint_classes
from pirtui.widgets.checklist import ChecklistEditor, DetectionChecks
from pirtui.widgets.editable_table import EditableTable
from pirtui.widgets.field import FieldEditor
from pirtui.widgets.footer import QuietFooter
from pirtui.widgets.list_editor import ListEditor
from pirtui.widgets.messages import ReviewEditor
from pirtui.widgets.part import FindingLike, FormPart, owns
from pirtui.widgets.section_list import SectionList
from pirtui.widgets.status_line import StatusLine
from pirtui.widgets.table_block import TableBlock

if TYPE_CHECKING:
    from pirtui.core.hints import Hint  # the hints' module is not imported before the first screen
    from pirtui.widgets.text_block import TextEditor

    Editor = FieldEditor | TextEditor | DetectionChecks | TableBlock


def _at(review: Review, path: str) -> Any:
    """The review's value at `path`, of the type the template gives that path (known at run time)."""
    return get_path(review, path)


def shown_with(section: Section, sections: Sequence[Section]) -> list[Section]:
    """The section and the read-only sections of its template that follow it (Severity Definitions
    after Incident)."""
    index = list(sections).index(section)
    out = [section]
    for following in sections[index + 1 :]:
        if following.editable:
            break
        out.append(following)
    return out


def repeats(label: str, heading: str) -> bool:
    """Whether a block's label only says its heading again ("5 Whys" under "5 Whys Analysis",
    "Approvals" under "Approval"): then the label is left out."""
    return heading.lower().startswith(label.lower().rstrip("s"))


_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(markdown: str) -> Text:
    """A line of the template's fixed text, its **bold** parts bold."""
    text = Text()
    at = 0
    for match in _BOLD.finditer(markdown):
        text.append(markdown[at : match.start()])
        text.append(match.group(1), style="bold")
        at = match.end()
    text.append(markdown[at:])
    return text


def fixed_text(markdown: str) -> Table | Group:
    """The template's fixed text (Severity and Priority Definitions) drawn with Rich.

    The text is ours (`pirtui.core.sections`) and has two shapes only, a pipe table and a list with bold
    words; drawing them directly spares importing a Markdown renderer and its syntax highlighter
    before the first screen, which shows the severity table.
    """
    lines = [line.strip() for line in markdown.strip().splitlines()]
    if not lines[0].startswith("|"):
        return Group(*(_inline("• " + line.removeprefix("- ")) for line in lines))
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for title in rows[0]:
        table.add_column(title)
    for cells in rows[2:]:  # rows[1] is the |---| line
        table.add_row(*(_inline(cell) for cell in cells))
    return table


def sort_timeline(review: Review, rows: list[Any], time_key: str) -> list[Any]:
    """Rows in time order, read as the checks read them (by the instant: "01:10 EST" after "01:40 EDT"
    on the night clocks fall back); unreadable times go last, in their order. `time_key` is the
    column with the time; the start and the zone are the fields with those roles."""
    from datetime import timezone

    from pirtui.core.timeparse import instant, parse_window, resolve_timezone

    template = template_of(review)
    start = parse_window(roles.text(template, review, "incident-start"), roles.text(template, review, "incident-end"))[0]
    times = [str(getattr(row, time_key)) for row in rows]
    moments = computed.moments_of(times, start.at.date() if start else None)
    zone = resolve_timezone(roles.text(template, review, "incident-zone") or "UTC") or timezone.utc

    def key(i: int) -> tuple[bool, datetime, int]:
        moment = moments[i]  # the unreadable ones (None) sort last, so their stand-in time is never compared
        if moment is None:
            return (True, datetime.min.replace(tzinfo=timezone.utc), i)
        return (False, instant(times[i], moment.at, zone), i)

    return [rows[i] for i in sorted(range(len(rows)), key=key)]


def new_row_defaults(template: Any, block: Block, model: type) -> Any:
    """What a new row of a team template's table starts with in its row form: each column's
    default (a new action item's status), and the next free number in a column with the
    `action-id` role."""
    fields = getattr(model, "model_fields", {})
    start = {c.key: str(fields[c.key].default) for c in block.columns if c.key in fields and fields[c.key].default}
    id_key = template.column_of(block.role, "action-id") if block.role else None

    def defaults(rows: list[Any]) -> dict[str, str]:
        if not id_key:
            return dict(start)
        numbers = [int(str(getattr(row, id_key))) for row in rows if str(getattr(row, id_key)).strip().isdigit()]
        return {**start, id_key: str(max(numbers, default=0) + 1)}

    return defaults


def computed_for(review: Review, column: Column) -> str:
    """The value pirtui computes for an empty field: the built-in template's named rules as they are;
    in another template the incident's duration by role (its detection metrics are not computed yet)."""
    if column.computed is None:
        return ""
    if template_of(review) is builtin():
        return column.computed(review)
    if column.computed_by == "incident-duration":
        from pirtui.core.live_checks import duration

        return duration(review)
    return ""


KEPT = "Not in the template (kept as written, saved as it is)"
"""The heading over the values a review keeps from an older version of its template."""


def kept_values(review: Review, section: Section) -> Iterator[Widget]:
    """The values under keys the review's template does not declare (a field renamed or removed
    since the review was written), shown read-only under the section they sit in (those of no
    section under the first one), so that nothing the review holds is hidden."""
    from pirtui.core.checks import unknown_paths
    from pirtui.core.template.base import KeepingPart

    if not isinstance(review, KeepingPart):
        return  # only a review of another version of its template keeps keys it does not declare
    paths = unknown_paths(review)
    if not paths:
        return
    tops = {path.split(".")[0] for path in section.paths}
    owned_anywhere = {path.split(".")[0] for s in sections_for(review) for path in s.paths}
    first = editable_sections(review)[0] is section
    mine = [p for p in paths if p.split(".")[0] in tops or (first and p.split(".")[0] not in owned_anywhere)]
    if not mine:
        return
    lines = Text()
    for path in mine:
        value = _kept_value(review, path)
        lines.append(f"{path} = {value!r}\n" if not isinstance(value, str) else f"{path} = {value}\n")
    yield Label(KEPT, classes="block-heading")
    yield Static(lines, classes="static-block kept-values")


def _kept_value(review: Review, path: str) -> Any:
    """The value at a path whose last key the template does not declare (kept in `model_extra`)."""
    head, _, last = path.rpartition(".")
    node: Any = get_path(review, head) if head else review
    return (node.model_extra or {}).get(last)


class SectionScreen(Screen):
    """The form of one section: its blocks, the section list, a status line and the footer."""

    CSS_PATH = Path(__file__).with_name("section.tcss")
    BINDINGS = [
        Binding("f2", "toggle_sections", "Sections", tooltip="Show or hide the section list"),
        Binding("f6", "toggle_internal", "Internal", show=False, tooltip="Mark the field or row internal (left out of render --public), or public again"),
        Binding("question_mark", "app.help", "Help", show=False),
        Binding("f4", "dismiss_hint", "Dismiss", tooltip="Dismiss a hint of this field, with a reason"),
        Binding("escape", "app.back_to_list", "List", tooltip="Back to the list of reviews (folder mode)"),
    ]

    class Shown(Message):
        """The screen came on screen: the app brings it up to date (findings, states, status)."""

        def __init__(self, screen: SectionScreen) -> None:
            super().__init__()
            self.screen = screen

    class Change(Message):
        """The screen changes the review at `path` (a hint dismissed, a field marked internal);
        `review` is the Review it was built from, so a change meant for a replaced one is dropped."""

        def __init__(self, review: Review, path: str, value: object) -> None:
            super().__init__()
            self.review = review
            self.path = path
            self.value = value

    def __init__(self, section: Section, review: Review, states: dict[str, str], read_only: bool = False) -> None:
        super().__init__(name=section.key, classes="section-screen")
        self.review = review
        """The Review this screen shows (the session's; a new one gets new screens)."""
        self.states = states
        """Each section's state word, for the section list when it is composed."""
        self.read_only = read_only
        """Someone else has the review: every editor refuses input from the start."""
        # The width class (-narrow / -wide) now rather than at the first resize, which would
        # otherwise restyle the whole form once it is mounted.
        width_classes = breakpoint_classes(self, self.app.size.width, self.app.HORIZONTAL_BREAKPOINTS or [])
        self.set_class(True, *width_classes, update=False)
        self.section = section
        self.sub_title = section.heading
        self.pending_focus: str | None = ""
        """Review path to focus when the screen next comes up ("" the first field, None keep focus)."""
        self._resumed = False
        self._hints: list[Hint] = []
        """The hints shown on this screen, for the dismiss key."""
        self._can_dismiss = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield SectionList(self.section.key, self.states, editable_sections(self.review))
            with VerticalScroll(id="form"):
                for shown in shown_with(self.section, sections_for(self.review)):
                    if shown is not self.section:
                        yield Label(shown.heading, classes="block-heading")
                    yield from self._blocks(shown, self.review)
                yield from kept_values(self.review, self.section)
        yield StatusLine(id="status")
        yield QuietFooter()

    def _blocks(self, section: Section, review: Review) -> Iterator[Widget]:
        heading = ""
        for block in section.blocks:
            if block.heading and block.heading != heading:
                heading = block.heading
                yield Label(heading, classes="block-heading")
            label = not repeats(block.label, block.heading or section.heading)
            yield from self._editors(block, review, label)

    def _editors(self, block: Block, review: Review, label: bool) -> Iterator[Widget]:
        if block.kind == "fields":
            for column in block.columns:
                yield FieldEditor(column, _at(review, column.key))
        elif block.kind in ("text", "code"):
            # Imported here: Textual's TextArea costs some 6 ms and 0.6 MB, and the first section
            # has no long text.
            from pirtui.widgets.text_block import TextEditor

            yield TextEditor(block, str(get_path(review, block.path)), label)
        elif block.kind == "static":
            # One Rich renderable rather than a Markdown widget tree: the template's fixed text
            # needs no links or focus, and a widget per table cell would slow the first screen.
            yield Static(fixed_text(block.static_markdown), classes="static-block")
        elif block.kind == "list":
            items = list(_at(review, block.path))
            yield TableBlock(block.label, ListEditor(block, items), block.lead, label)
        elif block.kind == "checks":
            value = _at(review, block.path)
            if block.checkboxes:  # fixed boxes over a group (how the incident was detected)
                yield DetectionChecks(block, value, label)
            else:
                yield TableBlock(block.label, ChecklistEditor(block, list(value), row_model_for(review, block.path)), show_label=label)
        elif block.kind == "table":
            yield TableBlock(block.label, self._table(block, review), show_label=label)

    def _table(self, block: Block, review: Review) -> EditableTable:
        model = row_model_for(review, block.path)
        template = template_of(review)
        extras: dict[str, Any] = {}
        time_key = template.column_of(block.role, "timeline-time") if block.role else None
        if block.sort_by_time and time_key:
            extras["sort_key"] = lambda rows: sort_timeline(self.review, rows, time_key)
            extras["evidence"] = self._evidence_dialog  # the dialog reads the timeline by role
        if block.role == "action-items":  # the table role of action items (`action_item.TABLE`)
            extras.update(self._action_item_helpers(new_row_defaults(template, block, model)))
        elif block.role == "revision-log" and (date_key := template.column_of(block.role, "revision-date")):
            # A new revision is today's: its date is filled, as Revision History rows always have one
            # (issue 25 item 13); the row form shows it, to change.
            extras["defaults"] = lambda rows: {date_key: date.today().isoformat()}
        elif template is not builtin():
            extras["defaults"] = new_row_defaults(template, block, model)
        return EditableTable(
            block.path,
            block.label,
            block.columns,
            _at(review, block.path),
            to_values=lambda row: {c.key: str(getattr(row, c.key)) for c in block.columns},
            from_values=lambda values, old: (old or model()).model_copy(update=values),
            number_column=block.number_column,
            **extras,
        )

    def _action_item_helpers(self, start: Any) -> dict[str, Any]:
        """New action items get the next number and the template's default status, and a due date
        that follows the priority (`pirtui.core.template.action_item`, the one definition); an
        overdue one is drawn in red."""
        from pirtui.core.template import action_item  # not needed before the first screen is up

        review = self.review
        template = template_of(review)
        priority_key = template.column_of(action_item.TABLE, "action-priority")
        due_key = template.column_of(action_item.TABLE, "action-due")

        def defaults(rows: list[Any]) -> dict[str, str]:
            return {**start(rows), **action_item.defaults(template, review, rows)}

        suggested: dict[str, str] = {}

        def autofill(key: str, values: dict[str, str]) -> dict[str, str]:
            if not priority_key or not due_key or key != priority_key:
                return {}
            due = action_item.suggested_due(template, review, values.get(priority_key, ""))
            previous = suggested.get(due_key, "")
            if due and values.get(due_key, "") in ("", previous):
                suggested[due_key] = due
                return {due_key: due}
            return {}

        def row_style(item: Any) -> str:
            return "bold red" if computed.overdue(item, date.today()) else ""

        return {"defaults": defaults, "autofill": autofill, "row_style": row_style}

    def on_mount(self) -> None:
        # Editors exist from here on: a read-only review must refuse the first key already.
        if self.read_only:
            self.refuse_input()

    def on_screen_resume(self, event: ScreenResume) -> None:
        if not self._resumed:
            # Just composed, so every widget was styled as it mounted: Textual need not restyle
            # the whole form again (it runs after this handler).
            self._resumed = True
            event.refresh_styles = False
        self.post_message(self.Shown(self))
        if self.pending_focus is not None:
            path, self.pending_focus = self.pending_focus, None
            self.call_after_refresh(self.focus_path, path)

    # -- what the app calls ------------------------------------------------------------------

    def focus_when_shown(self, path: str) -> None:
        """Focus the editor of `path` ("" the first field) the next time the screen comes up."""
        self.pending_focus = path

    def editors(self) -> list[Editor]:
        """Every part of the form (a field, a text, the checkboxes, a table), in screen order."""
        return cast("list[Editor]", [node for node in self.walk_children() if isinstance(node, FormPart)])

    def review_editors(self) -> list[ReviewEditor]:
        """Every widget on this screen that edits the review (what `PirtuiApp.sync` reads)."""
        return [node for node in self.walk_children() if isinstance(node, ReviewEditor)]

    def refuse_input(self) -> None:
        """Someone else has the review: every editor of this screen refuses input."""
        from textual.widgets import Checkbox, Input, Select, TextArea

        for field in self.query(Input).results():
            field.disabled = True
        for select in self.query(Select).results():
            select.disabled = True
        for box in self.query(Checkbox).results():
            box.disabled = True
        for area in self.query(TextArea).results():
            area.read_only = True
        for table in self.query(EditableTable).results():
            table.read_only = True

    def editor_for(self, path: str) -> Editor | None:
        """The editor that shows a review path (the longest matching editor path wins)."""
        best: Editor | None = None
        for editor in self.editors():
            if owns(editor.path, path) or (path and owns(path, editor.path)):
                if best is None or len(editor.path) > len(best.path):
                    best = editor
        return best

    def focus_path(self, path: str = "") -> None:
        """Focus the editor of a path (its row, in a table); the first editor when there is none."""
        editor = self.editor_for(path) if path else None
        at_top = editor is None
        if editor is None:
            editors = self.editors()
            if not editors:
                return
            editor = editors[0]
            self.query_one("#form", VerticalScroll).scroll_home(animate=False)
        if isinstance(editor, TableBlock):
            editor.show_path(path)
        else:
            # From the top the first editor shows; scrolling it into view while the form is
            # still being laid out could scroll the section's heading away.
            editor.focus(scroll_visible=not at_top)

    def focused_path(self) -> str:
        """The review path of the focused editor (remembered for the next start)."""
        node: DOMNode | None = self.focused
        while node is not None and node is not self:
            path = getattr(node, "path", None)
            if isinstance(path, str) and path and not isinstance(node, EditableTable):
                return path
            if isinstance(node, EditableTable):
                return f"{node.path}.{node.cursor_row}" if node.items else node.path
            node = node.parent
        return ""

    def show_findings(self, findings: Sequence[FindingLike]) -> None:
        """Give each editor the findings under its path."""
        editors = sorted(self.editors(), key=lambda e: -len(e.path))
        mine: dict[int, list[FindingLike]] = {id(e): [] for e in editors}
        for finding in findings:
            for editor in editors:
                if owns(editor.path, finding.field):
                    mine[id(editor)].append(finding)
                    break
        for editor in editors:
            editor.show_findings(mine[id(editor)])
        self._hints = [cast("Hint", finding) for finding in findings if finding.level == "hint"]
        if self._can_dismiss != bool(self.focused_hints()):
            self.refresh_bindings()  # the dismiss key shows only where there is a hint

    # -- hints -----------------------------------------------------------------------------

    def focused_hints(self) -> list[Hint]:
        """The hints about the focused field or table (any of its rows), and those about its whole block."""
        path = self.focused_path()
        node = self.focused
        if isinstance(node, EditableTable):
            path = node.path
        if not path:
            return []
        return [hint for hint in self._hints if owns(path, hint.field) or owns(hint.field, path)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "dismiss_hint":
            self._can_dismiss = bool(self.focused_hints())
            return self._can_dismiss
        return True

    def action_dismiss_hint(self) -> None:
        """Ask why a hint of the focused field does not apply, and keep that in the review."""
        from pirtui.screens.dismiss_hint_dialog import DismissHintDialog

        hints = self.focused_hints()
        review = self.review
        if not hints:
            return

        def dismissed(answer: tuple[Hint, str] | None) -> None:
            if answer is not None:
                hint, reason = answer
                kept = DismissedHint(rule=hint.rule, field=hint.field, reason=reason)
                self.post_message(self.Change(review, "dismissed_hints", [*review.dismissed_hints, kept]))

        def hold(hint: Hint, reason: str) -> HeldText:
            kept = DismissedHint(rule=hint.rule, field=hint.field, reason=reason)
            return HeldText(f"Reason for dismissing a hint on {hint.field}", reason, lambda r: r.dismissed_hints.append(kept))

        self.app.push_screen(DismissHintDialog(hints, hold), dismissed)

    def show_computed(self, review: Review) -> None:
        """Show the values pirtui computes (duration, detection metrics) in their empty fields."""
        for editor in self.query(FieldEditor).results():
            if editor.column.computed is not None:
                value = computed_for(review, editor.column)
                editor.set_placeholder(f"{value} (computed)" if value else "")

    def show_status(self, **counts: Any) -> None:
        """Redraw the status line."""
        self.query_one(StatusLine).show(**counts)

    def show_states(self, states: dict[str, str]) -> None:
        """Redraw the section list's marks."""
        self.query_one(SectionList).set_states(states)

    def _evidence_dialog(self, rows: list[Any], columns: Sequence[Column]) -> Screen[list[Any] | None]:
        """The timeline's "Add from evidence" dialog, read against this review's zone and start."""
        from pirtui.screens.evidence_dialog import EvidenceDialog

        return EvidenceDialog(self.review, rows, columns)

    def action_toggle_internal(self) -> None:
        """F6: the focused table row, or the focused field, becomes internal (left out of `render
        --public`), or public again."""
        if self.read_only:
            return
        table = self.focused
        if isinstance(table, EditableTable) and table.items and hasattr(table.items[0], "internal"):
            index = table.cursor_row
            row = table.items[index].model_copy(update={"internal": not table.items[index].internal})
            table.items[index] = row
            table.rebuild(cursor=index)
            self.post_message(self.Change(self.review, f"{table.path}.{index}", row))
            what, internal = f"Row {index + 1}", row.internal
        else:
            path = self.focused_path()
            if not path:
                return
            fields = list(self.review.internal_fields)
            internal = path not in fields
            self.post_message(self.Change(self.review, "internal_fields", fields + [path] if internal else [f for f in fields if f != path]))
            what = path
        state = "internal: render --public leaves it out" if internal else "public again"
        self.notify(f"{what} is {state}.", markup=False)

    def action_toggle_sections(self) -> None:
        """Show or hide the section list (hidden by default in narrow terminals)."""
        body = self.query_one("#body")
        if self.has_class("-narrow"):
            body.toggle_class("-show-sections")
            visible = body.has_class("-show-sections")
        else:
            body.toggle_class("-hide-sections")
            visible = not body.has_class("-hide-sections")
        section_list = self.query_one(SectionList)
        if visible:
            self.call_after_refresh(section_list.focus)
        elif section_list.has_focus:
            self.focus_path("")

    def on_section_list_chosen(self, event: SectionList.Chosen) -> None:
        # Not stopped: the app shows the chosen section, at its first empty field.
        self.query_one("#body").remove_class("-show-sections")
