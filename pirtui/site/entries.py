"""One review as the site lists it: its stable page name, and what the index table shows of it.

Most of an entry comes from the folder index's record (`pirtui.team.records.ReviewRecord`); what the
record does not hold (the incident's duration, the `publish` role) is read from the review when its
content changes, and kept in the site's manifest between builds (`Extras`), so an unchanged
review is never parsed again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pirtui.core.computed import is_open, overdue
from pirtui.team.records import ReviewRecord

SEVERITY_RANK = {"SEV-1": 1, "SEV-2": 2, "SEV-3": 3}


def slug_of(text: str) -> str:
    """A file name from an incident ID ("INC-2024-001" -> "inc-2024-001"): lower case letters,
    digits and dashes only, so the URL is the same on every host and file system."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]


def assign_slugs(records: list[ReviewRecord]) -> dict[Path, str]:
    """Each review's page name, from its ID (else its file name). Two reviews with the same ID:
    the one whose file name sorts later gets its file name added, so neither URL depends on the
    order the folder was read in."""
    slugs: dict[Path, str] = {}
    taken: set[str] = set()
    for record in sorted(records, key=lambda r: r.path.name):
        slug = slug_of(record.id) or slug_of(record.path.stem) or "review"
        if slug in taken:
            slug = f"{slug}-{slug_of(record.path.stem) or 'review'}"
        while slug in taken:
            slug += "-1"
        taken.add(slug)
        slugs[record.path] = slug
    return slugs


@dataclass(frozen=True)
class Extras:
    """What the site needs of a review beyond its index record; kept in the manifest by content hash."""

    duration: str = ""
    """As typed, else computed from the start and end ("" when unknown)."""
    duration_minutes: float | None = None
    publish: bool = False


def extras_of(review) -> Extras:  # noqa: ANN001 - a pirtui.core.model.Review
    """The extras of a loaded review, asked of its template by role: the duration typed in the field
    the incident-duration rule computes (else worked out from the fields with the incident-start
    and incident-end roles), and whether the field with the publish role is ticked."""
    from pirtui.core.public import published
    from pirtui.core.sections import template_of
    from pirtui.core.template import roles
    from pirtui.core.timeparse import format_minutes, minutes_between, parse_minutes, parse_window

    template = template_of(review)
    typed = next((str(value).strip() for field in template.fields if field.spec.computed == "incident-duration"
                  for value in roles.values_at(review, field.path)), "")
    start, end = parse_window(roles.text(template, review, "incident-start"), roles.text(template, review, "incident-end"))
    between = minutes_between(start.at, end.at) if start is not None and end is not None else None
    minutes = parse_minutes(typed) if typed else None
    if minutes is None:
        minutes = between
    computed = format_minutes(between) if between is not None else ""
    return Extras(duration=typed or computed, duration_minutes=minutes, publish=published(review))


@dataclass(frozen=True)
class Entry:
    """One row of the index, and the page of one review."""

    record: ReviewRecord
    slug: str
    extras: Extras

    @property
    def page(self) -> str:
        """The review's page, relative to the site's root."""
        return f"reviews/{self.slug}.html"

    @property
    def label(self) -> str:
        """The review as a link names it: its ID and title."""
        return ": ".join(part for part in (self.record.id.strip(), self.record.title.strip()) if part) or self.record.path.stem

    def open_actions(self) -> int:
        """Action items still to do."""
        return sum(1 for item in self.record.actions if is_open(item))

    def overdue_actions(self, today: date) -> int:
        """Open action items past their due date."""
        return sum(1 for item in self.record.actions if overdue(item, today))


def newest_first(entries: list[Entry]) -> list[Entry]:
    """The order of the index and of the neighbour links: newest incident first, undated last."""
    return sorted(entries, key=lambda e: (e.record.start_date == "", _reverse(e.record.start_date), e.record.name, e.slug))


def _reverse(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)
