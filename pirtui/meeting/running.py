"""A running review meeting (`RunningMeeting`): its agenda and time boxes, what the room captures,
and the summary at the end. (`pirtui.core.model.Meeting` is the review's Meeting Notes section; the
editor's part that drives a meeting is `pirtui.app.meeting_driver`, its screens `pirtui.screens.meeting_view`.)

One person drives the presentation view while the room reads along. What the room decides must be in
the review before everyone leaves, so every capture (a discussion point, a decision, a follow-up, a
note on a section, a new action item) is written into its place in the Review at once, and the end of
the meeting adds a Revision History row and a summary that can be pasted into the meeting's chat.
No Textual here: the meeting screen, the command line and the tests all use these functions.

Everything is asked of the review's template by role: the agenda is its editable sections with its
`[meeting]` time boxes; captures land in its lists with the meeting-discussion, meeting-decisions and
meeting-follow-ups roles, the date and attendees in its meeting-date and meeting-attendees fields,
action items in its action-items table, the closing row in its revision-log table. A capture whose
place the template lacks is not offered (`offered`, `takes_actions`); the summary keeps the rest.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Literal, Mapping

from pirtui.core.model import Review, get_path, set_path
from pirtui.core.sections import Block, Column, Section, computed_value, sections_for, template_of
from pirtui.core.template import action_item, roles

if TYPE_CHECKING:
    from pirtui.core.config import Config
    from pirtui.core.template.template import Template

CaptureKind = Literal["discussion", "decision", "follow_up", "note"]

CAPTURE_ROLES: dict[CaptureKind, str] = {
    "discussion": "meeting-discussion", "decision": "meeting-decisions", "follow_up": "meeting-follow-ups",
    "note": "meeting-discussion",
}
"""The list each kind of capture lands in, by role: the lists of the template's meeting notes. A
note on a section is a discussion point that names the section."""

CAPTURE_LABELS: dict[CaptureKind, str] = {
    "discussion": "Discussion point",
    "decision": "Decision",
    "follow_up": "Follow-up",
    "note": "Note on this section",
}

_PLURALS: dict[CaptureKind, str] = {
    "discussion": "discussion points", "decision": "decisions", "follow_up": "follow-ups", "note": "notes on a section",
}


def capture_path(template: Template, kind: CaptureKind) -> str | None:
    """Where captures of `kind` land: the path of the template's list with the kind's role, or None
    when the template has no such list (the meeting does not offer that capture)."""
    role = CAPTURE_ROLES[kind]
    for section in template.spec.sections:
        for block in section.blocks:
            if block.role == role and block.kind == "list" and block.path:
                return block.path
    return None


def not_offered(template: Template, kind: CaptureKind) -> str:
    """The one line a driver reads when the template has no place for a kind of capture."""
    return f"Nowhere to put {_PLURALS[kind]}: the template {template.name!r} has no list with the {CAPTURE_ROLES[kind]} role."


def no_action_items(template: Template) -> str:
    """The one line a driver reads when the template has no action items table."""
    return f"Nowhere to put action items: the template {template.name!r} has no table with the {action_item.TABLE} role."


def time_boxes(template: Template, config: Config) -> dict[str, int]:
    """Minutes per section: the template's `[meeting]` time boxes, and the team's `meeting_minutes`
    where it sets them (the config holds only the team's word; the boxes are the template's)."""
    return dict(template.spec.meeting) | config.meeting_minutes


@dataclass(frozen=True)
class AgendaItem:
    """One section of the meeting's agenda and its time box (0 minutes: no box, just a glance)."""

    key: str
    heading: str
    minutes: int


def agenda(minutes: Mapping[str, int], review: object = None) -> list[AgendaItem]:
    """The editable sections of the review's template (the built-in one without a review), in its
    order, each with its time box from `minutes` (see `time_boxes`)."""
    return [
        AgendaItem(s.key, s.heading, max(0, int(minutes.get(s.key, 0)))) for s in sections_for(review) if s.editable
    ]


class MeetingClock:
    """The meeting's running clock and the time spent on each section (visits add up).

    `now` is injectable so that tests drive the clock instead of waiting for it.
    """

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self.started = now()
        self.current = ""
        self._entered = self.started
        self.spent: dict[str, float] = {}
        """Seconds spent on each section before the current visit."""

    def enter(self, key: str) -> None:
        """The driver shows section `key` now."""
        if key == self.current:
            return
        moment = self._now()
        if self.current:
            self.spent[self.current] = self.spent.get(self.current, 0.0) + moment - self._entered
        self.current = key
        self._entered = moment

    def meeting_seconds(self) -> float:
        """Seconds since the meeting started."""
        return self._now() - self.started

    def section_seconds(self, key: str | None = None) -> float:
        """Seconds spent on `key` (the current section by default), the current visit included."""
        key = self.current if key is None else key
        seconds = self.spent.get(key, 0.0)
        if key == self.current:
            seconds += self._now() - self._entered
        return seconds

    def over_by(self, item: AgendaItem) -> float:
        """Seconds the section has run past its time box (0 when within it or unboxed)."""
        if item.minutes <= 0:
            return 0.0
        return max(0.0, self.section_seconds(item.key) - item.minutes * 60)


@dataclass
class RunningMeeting:
    """A meeting in progress: its agenda, its clock and what the room has captured so far."""

    agenda: list[AgendaItem]
    clock: MeetingClock
    captured: Captured = field(default_factory=lambda: Captured())

    def item(self, key: str) -> AgendaItem:
        """The agenda entry of section `key`."""
        return next(item for item in self.agenda if item.key == key)

    def first_key(self) -> str:
        """Where a meeting starts: the top of the agenda (its first section with a time box), as a
        slide deck starts at its first slide, wherever the driver was editing."""
        timed = [item for item in self.agenda if item.minutes > 0] or self.agenda
        return timed[0].key

    def total_minutes(self) -> int:
        """The meeting's planned length."""
        return sum(item.minutes for item in self.agenda)


def clock_text(seconds: float) -> str:
    """Minutes and seconds as a wall clock shows them: 7:05, 45:00, 1:02:03."""
    whole = int(max(0, seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass
class Captured:
    """What the room added during this meeting, for the summary and the revision row."""

    discussion: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    """The action items added: their numbers ("#3", their place in the table, for a template that
    does not number them)."""
    held_on: str = ""
    attendees: str = ""
    """When the meeting was held and who attended, as the driver confirmed them: the summary's, for
    a template without meeting-date and meeting-attendees fields."""

    def of(self, kind: CaptureKind) -> list[str]:
        """The list that holds captures of `kind`."""
        return {"discussion": self.discussion, "decision": self.decisions, "follow_up": self.follow_ups,
                "note": self.notes}[kind]

    def count(self) -> int:
        """Everything captured."""
        return sum(len(items) for items in (self.discussion, self.decisions, self.follow_ups, self.notes, self.actions))


def people(review: Review) -> list[str]:
    """The review's people, each once (its template's person fields, `roles.people`).

    The attendee list is prefilled from them; the driver edits it.
    """
    return roles.people(template_of(review), review)


def attendees_of(review: Review) -> str:
    """The attendees the review records (its meeting-attendees field), or its people to start from."""
    return _attendees(template_of(review), review) or ", ".join(people(review))


def _attendees(template: Template, review: Review) -> str:
    """The attendees field's names as one line, whether the template keeps them as text or as a list."""
    if _listed(template, "meeting-attendees"):
        return ", ".join(roles.texts(template, review, "meeting-attendees"))
    return roles.text(template, review, "meeting-attendees")


def _listed(template: Template, role: str) -> bool:
    """Whether the field with `role` is a list of names rather than one line of text."""
    return any(role in field.spec.roles and field.spec.type == "list" for field in template.fields)


def records_attendees(review: Review) -> bool:
    """Whether the review's template has a place for the attendees (the meeting-attendees role)."""
    return template_of(review).path_of("meeting-attendees") is not None


def start(review: Review, today: date, attendees: str, captured: Captured | None = None) -> None:
    """The meeting starts: its date is today and the attendees are as the driver confirmed them,
    in the template's meeting-date and meeting-attendees fields where it has them, and in the
    meeting's summary in any case."""
    template = template_of(review)
    roles.set_by_role(template, review, "meeting-date", today.isoformat())
    path = template.path_of("meeting-attendees")
    if path and "[]" not in path and _listed(template, "meeting-attendees"):
        set_path(review, path, [name.strip() for name in attendees.split(",") if name.strip()])
    else:
        roles.set_by_role(template, review, "meeting-attendees", attendees.strip())
    if captured is not None:
        captured.held_on, captured.attendees = today.isoformat(), attendees.strip()


def offered(review: Review) -> tuple[CaptureKind, ...]:
    """The kinds of capture the review's template has a place for, in the keys' order."""
    template = template_of(review)
    return tuple(kind for kind in CAPTURE_LABELS if capture_path(template, kind))


def takes_actions(review: Review) -> bool:
    """Whether the review's template has an action items table (the meeting offers to add one)."""
    return template_of(review).table_path(action_item.TABLE) is not None


def action_form_columns(review: Review) -> list[Column]:
    """What the room fills for a new action item: the action items table's columns but its number
    and status, which are given (`action_item.new_action_item`)."""
    given = ("action-id", "action-status")
    for section in sections_for(review):
        for block in section.blocks:
            if block.role == action_item.TABLE:
                return [column for column in block.columns if not any(role in given for role in column.roles)]
    return []


def autofill_due(review: Review, key: str, values: Mapping[str, str]) -> dict[str, str]:
    """A due date suggested as the priority is chosen in the new action item's form (by role)."""
    template = template_of(review)
    priority_key = template.column_of(action_item.TABLE, "action-priority")
    due_key = template.column_of(action_item.TABLE, "action-due")
    if not priority_key or not due_key or key != priority_key:
        return {}
    return {due_key: action_item.suggested_due(template, review, values.get(priority_key, ""))}


def capture(review: Review, captured: Captured, kind: CaptureKind, text: str, section_key: str = "") -> str:
    """Write one captured point into the meeting notes; returns the review path it landed in ("" when
    the template has no place for it: nothing changes, and the meeting does not offer it).

    The text is kept as typed; a note on a section is prefixed with the section's heading so the
    notes still say what it was about once the meeting is over.
    """
    path = capture_path(template_of(review), kind)
    items = next(roles.values_at(review, path), None) if path else None
    if path is None or not isinstance(items, list):
        return ""
    headings = {section.key: section.heading for section in sections_for(review)}
    if kind == "note" and section_key in headings:
        text = f"{headings[section_key]}: {text}"
    items.append(text)
    captured.of(kind).append(text)
    return path


def add_action(review: Review, captured: Captured, text: str = "", /, **cells: str) -> Any:
    """A new action item (`action_item.add_action_item`: numbered after the others, an empty due date
    suggested from the priority): `text` in the action's column, the other cells by column key.
    Returns the row, or None when the template has no action items table (nothing changes)."""
    template = template_of(review)
    text_key = template.column_of(action_item.TABLE, "action-text")
    if text and text_key:
        cells = {text_key: text, **cells}
    item = action_item.add_action_item(template, review, cells)
    if item is not None:
        captured.actions.append(_action_key(template, item, len(roles.rows(template, review, action_item.TABLE))))
    return item


def _action_key(template: Template, item: Any, position: int) -> str:
    """How the summary finds an action item again: its number, or its place in the table when the
    template does not number them."""
    return roles.cell(template, item, action_item.TABLE, "action-id") or f"#{position}"


def _computed_or_duration(review: Review, column: Column) -> bool:
    """A field the room need not fill: the duration (computed, or read from the window), or a
    metric the timeline already gives."""
    return column.computed_by == "incident-duration" or bool(column.computed and computed_value(review, column.key))


def _block_missing(review: Review, block: Block) -> list[str]:
    """What is still empty in one block, as the room would name it."""
    if block.kind == "static":
        return []
    if block.kind == "fields":
        empty = [
            column.label
            for column in block.columns
            if roles.is_empty(get_path(review, column.key)) and not _computed_or_duration(review, column)
        ]
        return [f"{label} is empty" for label in empty]
    if roles.is_empty(get_path(review, block.path)):
        return [f"{block.heading or block.label} is empty"]
    return []


def _section(review: Review, key: str) -> Section | None:
    return next((section for section in sections_for(review) if section.key == key), None)


def missing(review: Review, section_key: str) -> list[str]:
    """What the room can still fill while everyone is here, for one section: empty parts, and action
    items without an owner or a due date (where the template has those columns)."""
    section = _section(review, section_key)
    if section is None:
        return []
    out: list[str] = []
    seen: set[str] = set()
    for block in section.blocks:
        for line in _block_missing(review, block):
            if line not in seen:
                seen.add(line)
                out.append(line)
    if any(block.role == action_item.TABLE for block in section.blocks):
        out += _actions_missing(review)
    return out


def _actions_missing(review: Review) -> list[str]:
    """Action items without an owner or a due date, each where the template has that column; an item
    is named by its number ("an item" without one), or by its place where the template numbers none."""
    template, table = template_of(review), action_item.TABLE
    numbered = template.column_of(table, "action-id") is not None
    out = []
    for position, item in enumerate(roles.rows(template, review, table), 1):
        name = roles.cell(template, item, table, "action-id") or ("an item" if numbered else f"item {position}")
        for role, what in (("action-owner", "owner"), ("action-due", "due date")):
            if template.column_of(table, role) and not roles.cell(template, item, table, role).strip():
                out.append(f"{name} has no {what}")
    return out


def revision_change(captured: Captured) -> str:
    """The Revision History line for the meeting: "Review meeting held: 3 decisions, 4 action items"."""
    parts = []
    for count, one, many in (
        (len(captured.decisions), "decision", "decisions"),
        (len(captured.actions), "action item", "action items"),
        (len(captured.discussion) + len(captured.notes), "discussion point", "discussion points"),
        (len(captured.follow_ups), "follow-up", "follow-ups"),
    ):
        if count:
            parts.append(f"{count} {one if count == 1 else many}")
    return "Review meeting held" + (": " + ", ".join(parts) if parts else "")


def history_heading(review: Review) -> str:
    """The heading of the section that keeps the review's revision history (its template's table with
    the revision-log role: "Revision History"), or "" for a template that keeps none."""
    for section in sections_for(review):
        if any(block.role == "revision-log" for block in section.blocks):
            return section.heading
    return ""


def end(review: Review, captured: Captured, today: date, author: str = "") -> Any:
    """The meeting ends: a Revision History row says what it added (returned); None when the
    template keeps no revision history."""
    template = template_of(review)
    if template.table_path("revision-log") is None:
        return None
    entry = {"revision-date": today.isoformat(), "revision-author": author, "revision-change": revision_change(captured)}
    roles.add_rows(template, review, "revision-log", [entry])
    return roles.rows(template, review, "revision-log")[-1]


def summary_markdown(review: Review, captured: Captured, clock: MeetingClock | None = None) -> str:
    """The end-of-meeting summary as Markdown, to paste into the meeting's chat: what was captured
    and what is still open."""
    template = template_of(review)
    title = roles.text(template, review, "title") or roles.text(template, review, "incident-id") or "the review"
    lines = [f"## Review meeting: {title}", ""]
    meeting_date = _recorded(template, review, "meeting-date", captured.held_on)
    attendees = _recorded(template, review, "meeting-attendees", captured.attendees)
    if meeting_date:
        lines.append(f"Date: {meeting_date}" + (f" · {clock_text(clock.meeting_seconds())}" if clock else ""))
    if attendees:
        lines.append(f"Attendees: {attendees}")
    lines.append("")
    rows = roles.rows(template, review, action_item.TABLE)
    by_key = {_action_key(template, item, position): item for position, item in enumerate(rows, 1)}
    for heading, items in (
        ("Decisions", captured.decisions),
        ("Discussion", captured.discussion + captured.notes),
        ("Follow-ups", captured.follow_ups),
        (
            "New action items",
            [_action_line(template, by_key[key], key) for key in captured.actions if key in by_key],
        ),
    ):
        if items:
            lines += [f"**{heading}**", ""] + [f"- {item}" for item in items] + [""]
    still_open = [
        f"{section.heading}: {line}"
        for section in sections_for(review) if section.editable
        for line in missing(review, section.key)
    ]
    if still_open:
        lines += ["**Still open**", ""] + [f"- {line}" for line in still_open] + [""]
    if not captured.count():
        lines += ["Nothing was captured.", ""]
    return "\n".join(lines).rstrip() + "\n"


def _recorded(template: Template, review: Review, role: str, kept: str) -> str:
    """The review's field with `role`; for a template without one, what the meeting kept itself."""
    if not template.path_of(role):
        return kept
    return _attendees(template, review) if role == "meeting-attendees" else roles.text(template, review, role)


def _action_line(template: Template, item: Any, key: str) -> str:
    """One new action item in the summary: its number, text, owner, priority and due date (each
    where the template has it)."""
    def cell(role: str) -> str:
        return roles.cell(template, item, action_item.TABLE, role)

    def has(role: str) -> bool:
        return template.column_of(action_item.TABLE, role) is not None

    parts = [cell("action-owner") or "no owner"] if has("action-owner") else []
    if has("action-priority"):
        parts.append(cell("action-priority") or "no priority")
    if has("action-due"):
        parts.append(f"due {cell('action-due') or 'no due date'}")
    number = f"{key} " if has("action-id") else ""
    return f"{number}{cell('action-text')}" + (f" ({', '.join(parts)})" if parts else "")
