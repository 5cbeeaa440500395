"""Action items across a team's reviews: one row per item, filters, and the one write (a status).

A review is only worth its action items; this is what the actions view and `pirtui actions` show.
Rows come from index records (`pirtui.team.index`), so the folder is not read again per view.
Changing an item's status goes through the same layers as the editor's save: the review's lock,
the conflict check against what the index read, and an atomic write of FILE.toml and FILE.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pirtui.core.computed import days_overdue
from pirtui.core.inert import utf8_name
from pirtui.team.records import ActionRecord, ReviewRecord
from pirtui.core.tickets import ticket_link
from pirtui.core.timeparse import parse_date
from pirtui.core.sections import template_of
from pirtui.core.template import roles


@dataclass(frozen=True)
class ActionRow:
    """One action item with the review it belongs to, as the actions view lists it. The item's own
    values are its index record's (`ActionRecord`, one type for an item of a folder's review);
    the row adds its review and what today makes of it."""

    path: Path
    sha256: str
    """Of the review file as indexed: a status change writes only over that content."""
    review_id: str
    review_title: str
    item: ActionRecord
    ticket_url: str
    days_overdue: int | None
    """Days past the due date for an open item; None when it is not overdue."""

    @property
    def position(self) -> int:
        """The item's row in the review's action items."""
        return self.item.position

    @property
    def item_id(self) -> str:
        """The item's ID ("3")."""
        return self.item.id

    @property
    def action(self) -> str:
        """What is to be done."""
        return self.item.action

    @property
    def owner(self) -> str:
        """Who does it."""
        return self.item.owner

    @property
    def priority(self) -> str:
        """P0 to P3."""
        return self.item.priority

    @property
    def due(self) -> str:
        """The due date, as typed."""
        return self.item.due

    @property
    def status(self) -> str:
        """Open, In Progress, Done..."""
        return self.item.status

    @property
    def ticket(self) -> str:
        """The ticket, as typed."""
        return self.item.ticket

    @property
    def closed(self) -> bool | None:
        """Whether its review's template calls its status closed (see `ActionRecord.closed`)."""
        return self.item.closed

    @property
    def overdue(self) -> bool:
        """Whether the item is open and past its due date."""
        return self.days_overdue is not None

    @property
    def field(self) -> str:
        """The item's path in the review, where the editor opens it."""
        return f"action_items.{self.position}"


def action_rows(records: list[ReviewRecord], today: date, ticket_url: str = "") -> list[ActionRow]:
    """Every action item of the readable reviews, review by review in the records' order."""
    rows = []
    for record in records:
        if record.problem:
            continue
        for item in record.actions:
            late = days_overdue(item, today)
            rows.append(
                ActionRow(
                    path=record.path,
                    sha256=record.sha256,
                    review_id=record.name,
                    review_title=record.title,
                    item=item,
                    ticket_url=ticket_link(item.ticket, ticket_url),
                    days_overdue=late,
                )
            )
    return rows


@dataclass(frozen=True)
class ActionFilter:
    """What to show: each set criterion must hold (text ones ignore case)."""

    owner: str = ""
    """Part of the owner's name."""
    status: str = ""
    """A status, or several separated by commas ("open,in progress")."""
    priority: str = ""
    overdue: bool = False
    review: str = ""
    """Part of the review's ID, title or file name."""
    text: str = ""
    """Words that must each appear somewhere in the row."""
    due_before: date | None = None
    """Only items due before this day."""

    def keeps(self, row: ActionRow) -> bool:
        """Whether the row passes every criterion."""
        if self.owner and self.owner.lower() not in row.owner.lower():
            return False
        if self.status and row.status.strip().lower() not in {s.strip().lower() for s in self.status.split(",")}:
            return False
        if self.priority and row.priority.strip().lower() != self.priority.strip().lower():
            return False
        if self.overdue and not row.overdue:
            return False
        if self.review and self.review.lower() not in f"{row.review_id} {row.review_title} {row.path.name}".lower():
            return False
        if self.due_before is not None:
            due = parse_date(row.due)
            if due is None or due >= self.due_before:
                return False
        if self.text:
            haystack = " ".join(
                (row.review_id, row.review_title, row.item_id, row.action, row.owner, row.priority, row.due, row.status, row.ticket)
            ).lower()
            return all(word in haystack for word in self.text.lower().split())
        return True


FILTER_KEYS = ("owner", "status", "priority", "review")
"""Words of the actions view's filter that name a criterion: "owner:maria status:open"."""


def parse_filter(text: str) -> ActionFilter:
    """The filter a line typed in the actions view means.

    `owner:NAME`, `status:S` (several with commas), `priority:P1`, `review:ID` and the word
    `overdue` set those criteria; every other word must appear somewhere in the row. A status is
    matched by its start, so a value needs no spaces: "status:in,bl" is In Progress or Blocked.
    """
    values: dict[str, str] = {}
    words: list[str] = []
    overdue = False
    for word in text.split():
        key, colon, value = word.partition(":")
        if colon and key.lower() in FILTER_KEYS and value:
            values[key.lower()] = value
        elif word.lower() == "overdue":
            overdue = True
        else:
            words.append(word)
    status = values.get("status", "")
    if status:
        from pirtui.core.model import ACTION_STATUSES

        wanted = [s for s in ACTION_STATUSES if any(s.lower().startswith(v.lower()) for v in status.split(","))]
        status = ",".join(wanted) or status
    return ActionFilter(
        owner=values.get("owner", ""),
        status=status,
        priority=values.get("priority", ""),
        overdue=overdue,
        review=values.get("review", ""),
        text=" ".join(words),
    )


CSV_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Summary", "action"),
    ("Assignee", "owner"),
    ("Priority", "priority"),
    ("Due Date", "due"),
    ("Status", "status"),
    ("Ticket", "ticket"),
    ("Ticket URL", "ticket_url"),
    ("Review", "review_id"),
    ("Review Title", "review_title"),
    ("Item", "item_id"),
    ("Days Overdue", "days_overdue"),
    ("Review File", "path"),
)
"""The CSV's columns (header, row attribute), named as trackers' CSV imports map them: Jira's
importer and Linear's take Summary/Title, Assignee, Priority, Due Date, Status; GitHub Projects
takes Title plus any columns as fields."""


def csv_values(row: ActionRow) -> list[object]:
    """A row's CSV cells, in the order of CSV_COLUMNS."""
    values: list[object] = []
    for _, attribute in CSV_COLUMNS:
        value = getattr(row, attribute)
        values.append("" if value is None else utf8_name(value) if attribute == "path" else str(value))
    return values


def json_value(row: ActionRow) -> dict[str, object]:
    """A row as JSON for scripts."""
    return {
        "review": row.review_id,
        "review_title": row.review_title,
        "file": utf8_name(row.path),
        "item": row.item_id,
        "action": row.action,
        "owner": row.owner,
        "priority": row.priority,
        "due": row.due,
        "status": row.status,
        "ticket": row.ticket,
        "ticket_url": row.ticket_url,
        "overdue": row.overdue,
        "days_overdue": row.days_overdue,
    }


# -- changing a status -----------------------------------------------------------------------


@dataclass(frozen=True)
class StatusChange:
    """What came of a status change: `ok`, and one line to show either way."""

    ok: bool
    message: str


def set_action_status(path: Path, position: int, item_id: str, status: str, expected_sha256: str) -> StatusChange:
    """Set one action item's status and save the review (FILE.toml and FILE.md), or say why not.

    Refused when another editor holds the review's lock, when the file is no longer what the
    index read (`expected_sha256`: someone saved it meanwhile), or when the item is not where it
    was. The write is atomic; the lock is released again.
    """
    from pirtui.core import lock as locking
    from pirtui.core import store
    from pirtui.core.fingerprint import Fingerprint

    held = locking.acquire(path)
    if isinstance(held, locking.Held):
        return StatusChange(False, f"{path.name}: {held.describe()}; not changed")
    try:
        try:
            now = Fingerprint.of(path)
        except OSError as error:
            return StatusChange(False, f"{path}: cannot read: {error.strerror or error}")
        if not now.exists or now.sha256 != expected_sha256:
            return StatusChange(False, f"{path.name} changed on disk since it was read; reload (F5) and try again")
        try:
            review = store.load(path)
        except store.ReviewFileError as error:
            return StatusChange(False, str(error))
        template = template_of(review)
        items = roles.rows(template, review, "action-items")
        id_key = template.column_of("action-items", "action-id")
        status_key = template.column_of("action-items", "action-status")
        here = 0 <= position < len(items) and (getattr(items[position], id_key) if id_key else "") == item_id
        if not here or not status_key:
            return StatusChange(False, f"{path.name}: action item {item_id or position + 1} is not where it was")
        old = getattr(items[position], status_key)
        setattr(items[position], status_key, status)
        try:
            store.save(path, review)
        except store.ReviewFileError as error:
            return StatusChange(False, str(error))
        name = item_id or str(position + 1)
        incident_id = roles.text(template, review, "incident-id")
        return StatusChange(True, f"{incident_id or path.name} item {name}: {old or '(none)'} → {status}")
    finally:
        if isinstance(held, locking.Lock):
            held.release()
