"""A new action item, asked of the template by role: the one definition for every place that adds
one (the section screen's table and its row form, the review meeting).

A new item is numbered after the others (in the column with the action-id role), starts in the
template's default status (its action-status column's default, which the generated row class holds),
and gets a due date suggested from its priority when the template has a priority, a due date and
`due_windows`: counted from the review's date or the review meeting's date, whichever is later, else
from the incident's start. A template without one of these roles leaves that part out, never an error.
"""

from __future__ import annotations

import typing
from datetime import date
from typing import TYPE_CHECKING, Any, Mapping

from dateutil.relativedelta import relativedelta

from pirtui.core.template import roles
from pirtui.core.timeparse import parse_date, parse_window

if TYPE_CHECKING:
    from pirtui.core.template.template import Template

TABLE = "action-items"
"""The table role of the action items."""
_SPANS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}


def next_number(template: Template, review: Any, rows: list[Any] | None = None) -> str:
    """The next free number for an action item ("" for a template that does not number them);
    `rows` are the action items as a table shows them (the review's by default)."""
    if template.column_of(TABLE, "action-id") is None:
        return ""
    numbers = [int(number) for row in (roles.rows(template, review, TABLE) if rows is None else rows)
               if (number := roles.cell(template, row, TABLE, "action-id")).strip().isdigit()]
    return str(max(numbers, default=0) + 1)


def base_date(template: Template, review: Any) -> date | None:
    """The date due dates count from: the review's date or the review meeting's date, whichever is
    later (items agreed in a meeting count from it), else the incident's start."""
    dates = [found for role in ("review-date", "meeting-date") if (found := parse_date(roles.text(template, review, role)))]
    if dates:
        return max(dates)
    start, _ = parse_window(roles.text(template, review, "incident-start"), roles.text(template, review, "incident-end"))
    return start.at.date() if start else None


def due_window(template: Template, priority: str) -> relativedelta | None:
    """How long a priority allows (the template's `due_windows`, "1w", "3m"), compared case-folded."""
    wanted = priority.strip().casefold()
    for name, span in template.spec.due_windows.items():
        if name.casefold() == wanted and span[:-1].isdigit() and span[-1:] in _SPANS:
            return relativedelta(**{_SPANS[span[-1]]: int(span[:-1])})
    return None


def suggested_due(template: Template, review: Any, priority: str) -> str:
    """The due date a new action item of this priority gets ("" when the template has no window for
    it or the review has no date to count from)."""
    window = due_window(template, priority)
    base = base_date(template, review) if window is not None else None
    return "" if base is None or window is None else (base + window).isoformat()


def defaults(template: Template, review: Any, rows: list[Any] | None = None) -> dict[str, str]:
    """What a new action item starts with, by column key, wherever it is made (a table's new row
    form, the meeting): the next number and the template's default status, each where it has them.
    `rows` are the action items as a table shows them (the review's by default)."""
    row_class = _row_class(template, review)
    out: dict[str, str] = {}
    number_key, status_key = template.column_of(TABLE, "action-id"), template.column_of(TABLE, "action-status")
    if number_key:
        out[number_key] = next_number(template, review, rows)
    if row_class is not None and status_key:
        out[status_key] = str(row_class.model_fields[status_key].default)
    return out


def new_action_item(template: Template, review: Any, cells: Mapping[str, str]) -> Any:
    """A new row of the action items table (not added to it) holding `cells` (by column key; empty
    ones take the `defaults`), and a due date suggested from the priority when none is given.
    None for a template without an action items table."""
    row_class = _row_class(template, review)
    if row_class is None:
        return None
    fields = {**defaults(template, review), **{key: value for key, value in cells.items() if value}}
    priority_key, due_key = template.column_of(TABLE, "action-priority"), template.column_of(TABLE, "action-due")
    if priority_key and due_key and not fields.get(due_key) and fields.get(priority_key):
        fields[due_key] = suggested_due(template, review, fields[priority_key])
    return row_class(**fields)


def add_action_item(template: Template, review: Any, cells: Mapping[str, str]) -> Any:
    """Add a new action item (see `new_action_item`) at the end of the table; returns it, or None
    for a template without an action items table (nothing changes)."""
    row = new_action_item(template, review, cells)
    if row is not None:
        roles.rows(template, review, TABLE).append(row)
    return row


def _row_class(template: Template, review: Any) -> Any:
    """The generated class of one action item row, or None without the table."""
    path = template.table_path(TABLE)
    if not path:
        return None
    *parents, last = path.split(".")
    node = review
    for part in parents:
        node = getattr(node, part)
    (row,) = typing.get_args(type(node).model_fields[last].annotation)
    return row
