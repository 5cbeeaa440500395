"""Values derived from what the user typed: duration, timeline moments, detection metrics, and
whether an action item is open or overdue (a new action item's number and due date are
`pirtui.core.template.action_item`'s).

The editor shows them live, the renderer uses them where the user typed nothing, and the checks
compare them with hand-typed values. Each is a pure function of the review.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pydantic import BaseModel

from pirtui.core.model import Review
from pirtui.core.template import roles
from pirtui.core.template.loader import builtin
from pirtui.core.template.models import template_of_class
from pirtui.core.template.template import Template
from pirtui.core.timeparse import When, format_minutes, minutes_between, parse_date, parse_when, parse_window

METRICS: tuple[tuple[str, str, str], ...] = builtin().metrics()
"""Each detection metric: its key in `DetectionMetrics` and the milestones it runs between (the
template's metric fields and their `between`)."""


def incident_window(review: Review) -> tuple[When | None, When | None]:
    """The incident's start and end: the fields with the incident-start and incident-end roles."""
    template = item_template(review)
    return parse_window(roles.text(template, review, "incident-start"), roles.text(template, review, "incident-end"))


def computed_duration(review: Review) -> str:
    """The duration from start to end, or "" when either cannot be read."""
    start, end = incident_window(review)
    if start is None or end is None:
        return ""
    return format_minutes(minutes_between(start.at, end.at))


MIDNIGHT_JUMP = timedelta(hours=12)
"""A bare HH:MM this much earlier than the row before it is read as the next day ("23:50", "00:10")."""


def timeline_moments(review: Review) -> list[When | None]:
    """Each timeline row's moment.

    A bare HH:MM is on the date of the last row that had one (the incident's start date at first),
    and moves to the next day when it falls more than 12 hours before the previous row: a timeline
    written in bare times that crosses midnight stays in order, while a row a few minutes out of
    place still reads as out of order.
    """
    start, _ = incident_window(review)
    template = item_template(review)
    key = template.column_of("incident-timeline", "timeline-time")
    rows = roles.rows(template, review, "incident-timeline") if key else []
    return moments_of([getattr(row, key) for row in rows] if key else [], start.at.date() if start else None)


def moments_of(times: list[str], base: date | None) -> list[When | None]:
    """The moment of each time as a timeline reads them (see `timeline_moments`), from `base`."""
    previous: datetime | None = None
    moments: list[When | None] = []
    for time in times:
        moment = parse_when(time, base)
        if moment is not None:
            if not moment.has_date and previous is not None and previous - moment.at > MIDNIGHT_JUMP:
                moment = When(moment.at + timedelta(days=1), moment.approximate, has_date=False)
            base = moment.at.date()
            previous = moment.at
        moments.append(moment)
    return moments


def milestone_moments(review: Review, moments: list[When | None] | None = None) -> dict[str, When]:
    """The first readable moment of each milestone tagged in the timeline."""
    moments = timeline_moments(review) if moments is None else moments
    template = item_template(review)
    key = template.column_of("incident-timeline", "timeline-milestone")
    found: dict[str, When] = {}
    if key is None:
        return found
    for row, moment in zip(roles.rows(template, review, "incident-timeline"), moments):
        tag = getattr(row, key).strip().lower()
        if tag and moment is not None and tag not in found:
            found[tag] = moment
    return found


def computed_metrics(review: Review, moments: list[When | None] | None = None) -> dict[str, str]:
    """Each detection metric computed from the milestones, "" where a milestone is missing."""
    minutes = metric_minutes(review, moments)
    return {key: "" if value is None else format_minutes(value) for key, value in minutes.items()}


def metric_minutes(review: Review, moments: list[When | None] | None = None) -> dict[str, float | None]:
    """Each detection metric in minutes, None where it cannot be computed."""
    found = milestone_moments(review, moments)
    return {
        key: minutes_between(found[first].at, found[last].at)
        if first in found and last in found
        else None
        for key, first, last in (METRICS if item_template(review) is builtin() else item_template(review).metrics())
    }


def status_word(status: str) -> str:
    """A status as the rules compare it: case and spacing ignored ("  won't   DO " is "won't do")."""
    return " ".join(status.split()).casefold()


def closed_statuses(template: Template) -> frozenset[str]:
    """The action statuses that need nothing more: the template's `closed_action_status`
    vocabulary, compared by `status_word` (none for a template without one: nothing is closed)."""
    return frozenset(status_word(status) for status in template.vocabulary("closed_action_status"))


def item_template(item: object) -> Template:
    """The template a review or one of its rows belongs to: the one its class was generated from,
    else the built-in one (a record the team views read by role, a hand-made `ActionItem`)."""
    return template_of_class(type(item)) or builtin()


def _action_value(item: object, template: Template, role: str, attribute: str) -> str:
    """An action item's value with `role`: a row of the template's action-items table is read by
    the column with that role ("" when the template has none); anything else (the team views'
    `ActionRecord` and `ActionRow`, already read by role) by its `attribute`."""
    if isinstance(item, BaseModel):
        key = template.column_of("action-items", role)
        return str(getattr(item, key, "") or "") if key else ""
    return str(getattr(item, attribute, "") or "")


def is_open(item: object, *, template: Template | None = None) -> bool:
    """Whether an action item still needs doing: the one definition of "open" (issue 27).

    Open unless its status (the action-status role, case and spacing ignored) is one of the
    template's `closed_action_status`; an item of a template without a status role is open.
    `template` defaults to the item's own (`item_template`). A record read by role that says
    whether it is `closed` (the team's `ActionRecord`, answered by its review's template when it
    was read) is taken at its word."""
    closed = None if isinstance(item, BaseModel) else getattr(item, "closed", None)
    if closed is not None and template is None:
        return not closed
    template = template or item_template(item)
    return status_word(_action_value(item, template, "action-status", "status")) not in closed_statuses(template)


def days_overdue(item: object, today: date, *, template: Template | None = None) -> int | None:
    """Days an open action item is past its due date (1 the day after it); None when it is not overdue.

    The one overdue rule: the stats, the actions view, the site and `pirtui actions` all call it.
    An item due today is not overdue yet; an item whose due date cannot be read, or of a template
    without a due role, is never overdue.
    """
    due = parse_date(_action_value(item, template or item_template(item), "action-due", "due"))
    if due is None or due >= today or not is_open(item, template=template):
        return None
    return (today - due).days


def overdue(item: object, today: date, *, template: Template | None = None) -> bool:
    """Whether an open action item is past its due date."""
    return days_overdue(item, today, template=template) is not None
