"""A running review meeting (`RunningMeeting`): its agenda and time boxes, what the room captures,
and the summary at the end. (`pirtui.core.model.Meeting` is the review's Meeting Notes section; the
editor's part that drives a meeting is `pirtui.app.meeting_driver`, its screens `pirtui.screens.meeting_view`.)

One person drives the presentation view while the room reads along. What the room decides must be in
the review before everyone leaves, so every capture (a discussion point, a decision, a follow-up, a
note on a section, a new action item) is written into its place in the Review at once, and the end of
the meeting adds a Revision History row and a summary that can be pasted into the meeting's chat.
No Textual here: the meeting screen, the command line and the tests all use these functions.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Literal

from pirtui.core.computed import new_action_item
from pirtui.core.template import roles
from pirtui.core.template.loader import builtin
from pirtui.core.model import ActionItem, Review, Revision, get_path
from pirtui.core.sections import EDITABLE_SECTIONS, SECTIONS_BY_KEY, Block, Column, computed_value

CaptureKind = Literal["discussion", "decision", "follow_up", "note"]

_ROLES: dict[CaptureKind, str] = {
    "discussion": "meeting-discussion", "decision": "meeting-decisions", "follow_up": "meeting-follow-ups",
    "note": "meeting-discussion",
}
CAPTURE_PATHS: dict[CaptureKind, str] = {kind: builtin().table_path(role) or "" for kind, role in _ROLES.items()}
"""Where each kind of capture lands: the lists of the Review Meeting Notes section (by role). A note
on a section is a discussion point that names the section."""

CAPTURE_LABELS: dict[CaptureKind, str] = {
    "discussion": "Discussion point",
    "decision": "Decision",
    "follow_up": "Follow-up",
    "note": "Note on this section",
}


@dataclass(frozen=True)
class AgendaItem:
    """One section of the meeting's agenda and its time box (0 minutes: no box, just a glance)."""

    key: str
    heading: str
    minutes: int


def agenda(minutes: dict[str, int]) -> list[AgendaItem]:
    """The editable sections in the template's order, each with its time box from the config."""
    return [AgendaItem(s.key, s.heading, max(0, int(minutes.get(s.key, 0)))) for s in EDITABLE_SECTIONS]


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
    """IDs of the action items added."""

    def of(self, kind: CaptureKind) -> list[str]:
        """The list that holds captures of `kind`."""
        return {"discussion": self.discussion, "decision": self.decisions, "follow_up": self.follow_ups,
                "note": self.notes}[kind]

    def count(self) -> int:
        """Everything captured."""
        return sum(len(items) for items in (self.discussion, self.decisions, self.follow_ups, self.notes, self.actions))


def people(review: Review) -> list[str]:
    """The review's people, each once (the template's person fields, `roles.people`).

    The attendee list is prefilled from them; the driver edits it.
    """
    return roles.people(builtin(), review)


def start(review: Review, today: date, attendees: str) -> None:
    """The meeting starts: its date is today and the attendees are as the driver confirmed them."""
    roles.set_by_role(builtin(), review, "meeting-date", today.isoformat())
    roles.set_by_role(builtin(), review, "meeting-attendees", attendees.strip())


def capture(review: Review, captured: Captured, kind: CaptureKind, text: str, section_key: str = "") -> str:
    """Write one captured point into the Review Meeting Notes; returns the review path it landed in.

    The text is kept as typed; a note on a section is prefixed with the section's heading so the
    notes still say what it was about once the meeting is over.
    """
    if kind == "note" and section_key in SECTIONS_BY_KEY:
        text = f"{SECTIONS_BY_KEY[section_key].heading}: {text}"
    path = CAPTURE_PATHS[kind]
    items = get_path(review, path)
    assert isinstance(items, list)
    items.append(text)
    captured.of(kind).append(text)
    return path


def add_action(
    review: Review,
    captured: Captured,
    action: str,
    owner: str = "",
    priority: str = "",
    due: str = "",
    ticket: str = "",
) -> ActionItem:
    """A new action item, numbered after the others; an empty due date is suggested from the priority."""
    item = new_action_item(review, action=action, owner=owner, priority=priority, due=due, ticket=ticket)
    roles.rows(builtin(), review, "action-items").append(item)
    captured.actions.append(item.id)
    return item


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


def missing(review: Review, section_key: str) -> list[str]:
    """What the room can still fill while everyone is here, for one section: empty parts, and action
    items without an owner or a due date."""
    section = SECTIONS_BY_KEY[section_key]
    out: list[str] = []
    seen: set[str] = set()
    for block in section.blocks:
        for line in _block_missing(review, block):
            if line not in seen:
                seen.add(line)
                out.append(line)
    template = builtin()
    if any(block.role == "action-items" for block in section.blocks):
        for item in roles.rows(template, review, "action-items"):
            name = roles.cell(template, item, "action-items", "action-id") or "an item"
            if not roles.cell(template, item, "action-items", "action-owner").strip():
                out.append(f"{name} has no owner")
            if not roles.cell(template, item, "action-items", "action-due").strip():
                out.append(f"{name} has no due date")
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


def end(review: Review, captured: Captured, today: date, author: str = "") -> Revision:
    """The meeting ends: a Revision History row says what it added."""
    template = builtin()
    entry = {"revision-date": today.isoformat(), "revision-author": author, "revision-change": revision_change(captured)}
    roles.add_rows(template, review, "revision-log", [entry])
    return roles.rows(template, review, "revision-log")[-1]


def summary_markdown(review: Review, captured: Captured, clock: MeetingClock | None = None) -> str:
    """The end-of-meeting summary as Markdown, to paste into the meeting's chat: what was captured
    and what is still open."""
    template = builtin()
    title = roles.text(template, review, "title") or roles.text(template, review, "incident-id") or "the review"
    lines = [f"## Review meeting: {title}", ""]
    meeting_date = roles.text(template, review, "meeting-date")
    attendees = roles.text(template, review, "meeting-attendees")
    if meeting_date:
        lines.append(f"Date: {meeting_date}" + (f" · {clock_text(clock.meeting_seconds())}" if clock else ""))
    if attendees:
        lines.append(f"Attendees: {attendees}")
    lines.append("")
    by_id = {item.id: item for item in roles.rows(template, review, "action-items")}
    for heading, items in (
        ("Decisions", captured.decisions),
        ("Discussion", captured.discussion + captured.notes),
        ("Follow-ups", captured.follow_ups),
        (
            "New action items",
            [_action_line(by_id[i]) for i in captured.actions if i in by_id],
        ),
    ):
        if items:
            lines += [f"**{heading}**", ""] + [f"- {item}" for item in items] + [""]
    still_open = [
        f"{section.heading}: {line}" for section in EDITABLE_SECTIONS for line in missing(review, section.key)
    ]
    if still_open:
        lines += ["**Still open**", ""] + [f"- {line}" for line in still_open] + [""]
    if not captured.count():
        lines += ["Nothing was captured.", ""]
    return "\n".join(lines).rstrip() + "\n"


def _action_line(item: ActionItem) -> str:
    who = item.owner or "no owner"
    due = item.due or "no due date"
    return f"{item.id} {item.action} ({who}, {item.priority or 'no priority'}, due {due})"
