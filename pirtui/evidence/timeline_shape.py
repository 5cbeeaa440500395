"""The review's timeline as evidence sees it, asked of the review's template by role.

Evidence adds rows to the table with the `incident-timeline` role, whatever the template calls it
and its columns: the columns with the `timeline-time`, `timeline-event`, `timeline-milestone` and
`timeline-evidence` roles. The incident's start (bare times are on its date) and zone come from the
fields with the `incident-start`, `incident-end` and `incident-zone` roles. A template whose table
has no milestone column gets no suggested milestones; one with no evidence column keeps each row's
link in its event ("paged (https://...)"), so nothing the source gave is lost.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from datetime import date, timezone, tzinfo
from typing import Any

from pydantic import BaseModel

from pirtui.core.computed import moments_of
from pirtui.core.sections import template_of
from pirtui.core.template import roles
from pirtui.core.template.template import Template
from pirtui.core.timeparse import When, parse_window, resolve_timezone

TIMELINE = "incident-timeline"
"""The role of the table evidence adds rows to."""
ROW_ROLES = {"timeline-time": "time", "timeline-event": "event", "timeline-milestone": "milestone",
             "timeline-evidence": "evidence"}
"""Each column role evidence fills -> the attribute of a proposed row (`EvidenceRow`) holding it."""


class NoTimeline(ValueError):
    """The review's template has no table with the timeline role: nothing can be added (one line)."""


class EvidenceRow(BaseModel):
    """One row evidence proposes, before it goes into the template's own timeline row."""

    time: str = ""
    event: str = ""
    milestone: str = ""
    evidence: str = ""


def row_attribute(column_roles: typing.Iterable[str]) -> str | None:
    """The `EvidenceRow` attribute a column with these roles holds (None: a column evidence leaves alone)."""
    return next((ROW_ROLES[role] for role in column_roles if role in ROW_ROLES), None)


@dataclass(frozen=True)
class Shape:
    """The timeline table of one review's template: where it is and which column holds what."""

    template: Template
    path: str
    keys: dict[str, str]
    """Column role -> the column's key, for the roles the table has."""
    milestones: tuple[str, ...]
    """The values the milestone column offers (empty: any, or no milestone column)."""

    @property
    def tags_milestones(self) -> bool:
        """Whether rows can carry a milestone (the table has a milestone column)."""
        return "timeline-milestone" in self.keys

    def milestone(self, suggested: str) -> str:
        """A suggested milestone as this table can hold it ("" when it cannot)."""
        if not self.tags_milestones or (self.milestones and suggested not in self.milestones):
            return ""
        return suggested

    def event_text(self, event: str, evidence: str) -> str:
        """The event as the table keeps it: with its evidence after it when there is no evidence column."""
        if "timeline-evidence" in self.keys or not evidence:
            return event
        return f"{event} ({evidence})"

    def cell(self, row: Any, role: str) -> str:
        """A timeline row's value in the column with `role` ("" when the table has none)."""
        key = self.keys.get(role)
        return str(getattr(row, key)) if key else ""

    def with_time(self, row: Any, time: str) -> Any:
        """A copy of a timeline row with its time column set to `time`."""
        return row.model_copy(update={self.keys["timeline-time"]: time})

    def as_row(self, review: Any, row: EvidenceRow) -> Any:
        """A proposed row as a row of the template's timeline table."""
        values = {key: getattr(row, ROW_ROLES[role]) for role, key in self.keys.items()}
        if "timeline-event" in self.keys:
            values[self.keys["timeline-event"]] = self.event_text(row.event, row.evidence)
        return _row_class(type(review), self.path)(**values)


def shape_of(review: Any) -> Shape:
    """The timeline table of the review's template; NoTimeline (one line) when it has none."""
    template = template_of(review)
    path = template.table_path(TIMELINE)
    keys = {role: key for role in ROW_ROLES if (key := template.column_of(TIMELINE, role))}
    if not path or "timeline-time" not in keys or "timeline-event" not in keys:
        raise NoTimeline(f"the template {template.ref} has no timeline table (a table with the {TIMELINE} role, "
                         "with time and event columns): no rows can be added to it")
    milestone = next((field.spec for field in template.fields
                      if field.path == f"{path}[].{keys.get('timeline-milestone')}"), None)
    return Shape(template, path, keys, template.options(milestone) if milestone else ())


def timeline_rows(review: Any) -> list[Any]:
    """The rows of the review's timeline table (empty for a template without one)."""
    return roles.rows(template_of(review), review, TIMELINE)


def zone_text(review: Any) -> str:
    """The review's time zone as typed ("UTC" when it names none)."""
    return roles.text(template_of(review), review, "incident-zone") or "UTC"


def review_zone(review: Any) -> tzinfo:
    """The review's time zone (UTC when it names none or one that does not exist)."""
    return resolve_timezone(zone_text(review)) or timezone.utc


def incident_start(review: Any) -> When | None:
    """The incident's start, as read with its end (`timeparse.parse_window`)."""
    template = template_of(review)
    return parse_window(roles.text(template, review, "incident-start"), roles.text(template, review, "incident-end"))[0]


def start_date(review: Any) -> date | None:
    """The incident's start date: bare times in the timeline and in sources are on it."""
    start = incident_start(review)
    return start.at.date() if start else None


def moments(review: Any, rows: list[Any]) -> list[When | None]:
    """Each timeline row's moment, read as the timeline reads them (`computed.moments_of`)."""
    template = template_of(review)
    return moments_of([roles.cell(template, row, TIMELINE, "timeline-time") for row in rows], start_date(review))


def _row_class(review_class: Any, path: str) -> Any:
    """The class of one row of the table at `path` in a review class."""
    node = review_class
    *parents, last = path.split(".")
    for part in parents:
        node = node.model_fields[part].annotation
    (row,) = typing.get_args(node.model_fields[last].annotation)
    return row
