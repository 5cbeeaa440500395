"""From candidate rows to timeline rows: the review's time zone, its way of writing times, time order,
no event twice, and milestones suggested once; into the table with the timeline role, whatever the
review's template calls it and its columns (`pirtui.evidence.timeline_shape`).

A time is written as the timeline already writes them: "HH:MM" when it falls on the date that a bare
time at that place in the timeline is read on (the incident's start date at first), "YYYY-MM-DD
HH:MM" otherwise, so that `pirtui.core.computed.timeline_moments` reads every added row back as the moment
it came from. Order and duplicates go by the absolute instant, never the wall clock: in the hour a
clock falls back, 01:30 happens twice, so such a time is written with its zone ("01:30 EST" after
"01:40 EDT"), and a time a row already has with such a zone is read as that instant.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any

from pirtui.core.computed import MIDNIGHT_JUMP
from pirtui.evidence.rows import Candidate, Parsed
from pirtui.evidence.same import kind, same
from pirtui.evidence.timeline_shape import (
    EvidenceRow, Shape, moments, review_zone, shape_of, start_date, timeline_rows,
)
from pirtui.core.timeparse import instant as absolute
from pirtui.core.timeparse import parse_when, repeated, zone_label

__all__ = ["DUPLICATE", "NEW", "NO_TIME", "Proposal", "Proposed", "merge", "propose", "review_zone", "start_date"]

NEW, DUPLICATE, NO_TIME = "new", "duplicate", "no time"
"""What becomes of a proposed row: added, already in the timeline (or earlier in the batch), or
without a readable time (listed, added only if the user ticks it, at the end)."""


@dataclass
class Proposed:
    """One candidate made into a timeline row, with what will become of it."""

    row: EvidenceRow
    local: datetime | None
    """Its moment in the review's zone (naive), None when it has no time."""
    status: str
    why: str = ""
    """For a duplicate: what it duplicates; for a row with no time: why."""
    source: str = ""
    proposed_time: str = ""
    """The time as first written here: a row whose time the user edited is placed by what they typed."""
    at: datetime | None = None
    """Its absolute moment (aware): what order and duplicates go by."""
    parts: list[Proposed] = field(default_factory=list)
    """When other sources saw the same event: each source's own row (this row stands for them all;
    `split` gives them back)."""
    candidate: Candidate | None = None
    """What the row was read as (for telling whether another source saw the same event)."""


@dataclass
class Proposal:
    """Everything the sources offer for one review, in time order."""

    items: list[Proposed] = field(default_factory=list)
    outside: int = 0
    """Rows left out by --since / --until."""

    def new(self) -> list[Proposed]:
        """The rows that would be added."""
        return [item for item in self.items if item.status == NEW]

    def split(self, index: int) -> list[int]:
        """Give a merged row's sources back as rows of their own, in its place; their indexes."""
        item = self.items[index]
        if not item.parts:
            return []
        first = item.parts[0]
        self.items[index : index + 1] = item.parts
        first.status = item.status
        return list(range(index, index + len(item.parts)))


def local_time(moment: datetime, zone: tzinfo) -> datetime:
    """An aware moment on the review's wall clock, to the minute the timeline writes."""
    return moment.astimezone(zone).replace(tzinfo=None)


def _key(moment: datetime, event: str) -> tuple[datetime, str]:
    """Two events in the same absolute minute with the same text are one event."""
    return moment.astimezone(timezone.utc).replace(second=0, microsecond=0), event.strip()


def propose(
    review: Any,
    sources: list[Parsed],
    since: str = "",
    until: str = "",
    existing: list[Any] | None = None,
) -> Proposal:
    """The rows the sources would add to the review's timeline (the table with the timeline role;
    `timeline_shape.NoTimeline` when its template has none).

    `existing` is the timeline as the editor shows it, when that is newer than the review's.
    """
    shape = shape_of(review)
    rows = timeline_rows(review) if existing is None else existing
    zone, base = review_zone(review), start_date(review)
    low, high = _bound(since, base), _bound(until, base)
    seen: dict[tuple[datetime, str], str] = {}
    for row, read in zip(rows, moments(review, rows)):
        if read is not None:
            time = shape.cell(row, "timeline-time")
            seen[_key(absolute(time, read.at, zone), shape.cell(row, "timeline-event"))] = f"already in the timeline at {time}"
    tagged = {tag.strip().lower() for row in rows if (tag := shape.cell(row, "timeline-milestone")).strip()}
    candidates = [(c, parsed.source) for parsed in sources for c in parsed.rows]
    timed = sorted(  # in UTC: Python compares two times of one zone by their wall clocks, not instants
        ((c, source, c.at.astimezone(timezone.utc)) for c, source in candidates if c.at is not None),
        key=lambda item: item[2],
    )
    proposal = Proposal()
    recent = _Recent()
    for candidate, source, moment in timed:
        local = local_time(moment, zone)
        if (low and local < low) or (high and local > high):
            proposal.outside += 1
            continue
        item = _proposed(candidate, source, moment, (zone, base, shape), seen, tagged)
        if item.status == NEW and kind(candidate):
            if _joined(recent.others(item), item):
                continue
            recent.add(item)
        proposal.items.append(item)
    for candidate, source in candidates:
        if candidate.at is None:
            row = EvidenceRow(time=candidate.time_text, event=candidate.event, evidence=candidate.evidence)
            proposal.items.append(Proposed(row, None, NO_TIME, candidate.no_time, source, candidate.time_text))
    return proposal


class _Recent:
    """The new rows of the last two minutes that are a page's moment (a trigger, an acknowledgement,
    a resolution), by source and by whether they name the page: the only rows another source's event
    can be the same as, so that a log of 100,000 lines compares each line with a few rows at most."""

    WINDOW = timedelta(minutes=2)

    def __init__(self) -> None:
        self.named: dict[str, deque[Proposed]] = {}
        self.unnamed: dict[str, deque[Proposed]] = {}

    def add(self, item: Proposed) -> None:
        """Remember a row (its candidate has a kind), forgetting those of its source out of the window."""
        assert item.candidate is not None and item.at is not None
        rows = (self.named if item.candidate.keys else self.unnamed).setdefault(item.source, deque())
        while rows and item.at - _recent_at(rows[0]) > self.WINDOW:
            rows.popleft()
        rows.append(item)

    def others(self, item: Proposed) -> list[Proposed]:
        """Rows of other sources within the window that `item` could be the same event as: any
        of them when it names a page, else only those that name one (`same` needs a name)."""
        assert item.candidate is not None and item.at is not None
        found: list[Proposed] = []
        for table in (self.named, self.unnamed) if item.candidate.keys else (self.named,):
            for source, rows in table.items():
                while rows and item.at - _recent_at(rows[0]) > self.WINDOW:
                    rows.popleft()
                if source != item.source:
                    found.extend(rows)
        return sorted(found, key=_recent_at)


def _recent_at(row: Proposed) -> datetime:
    """A remembered row's moment: `_Recent` holds only rows that have one (`add` asserts it)."""
    assert row.at is not None
    return row.at


def _joined(pages: list[Proposed], item: Proposed) -> bool:
    """Whether `item` is an event another source already gave (then it joins that row as evidence).

    `pages`: the new rows of the last two minutes that are a page's moment, oldest first."""
    assert item.candidate is not None and item.at is not None
    for earlier in reversed(pages):
        if earlier.candidate is None:
            continue
        sources = {part.source for part in earlier.parts} or {earlier.source}
        if item.source in sources or not any(
            same(part.candidate, item.candidate) for part in (earlier.parts or [earlier]) if part.candidate
        ):
            continue
        if not earlier.parts:
            earlier.parts = [_copy(earlier)]
        earlier.parts.append(item)
        evidence = [part.row.evidence for part in earlier.parts if part.row.evidence]
        update = {"evidence": " · ".join(dict.fromkeys(evidence))}
        if not earlier.row.milestone and item.row.milestone:
            update["milestone"] = item.row.milestone
        earlier.row = earlier.row.model_copy(update=update)
        earlier.why = "the same event in " + ", ".join(dict.fromkeys(p.source or "the paste" for p in earlier.parts))
        return True
    return False


def _copy(item: Proposed) -> Proposed:
    return Proposed(item.row, item.local, item.status, item.why, item.source, item.proposed_time, item.at, [],
                    item.candidate)


def _bound(text: str, base: date | None) -> datetime | None:
    if not text:
        return None
    when = parse_when(text, base)
    if when is None:
        raise ValueError(f"{text!r} is not a time")
    return when.at


def _proposed(
    candidate: Candidate, source: str, moment: datetime, where: tuple[tzinfo, date | None, Shape], seen: dict,
    tagged: set[str],
) -> Proposed:
    """`where`: the review's zone, its start date, and its timeline table."""
    zone, base, shape = where
    local = local_time(moment, zone)
    key = _key(moment, shape.event_text(candidate.event, candidate.evidence))
    time_text = written_time(local, base, zone, moment)
    milestone = shape.milestone(candidate.milestone) if candidate.milestone not in tagged else ""
    row = EvidenceRow(time=time_text, event=candidate.event, milestone=milestone, evidence=candidate.evidence)
    if key in seen:
        return Proposed(row, local, DUPLICATE, seen[key], source, time_text, moment, candidate=candidate)
    seen[key] = f"the same as {source or 'the paste'} at {time_text}"
    if milestone:
        tagged.add(milestone)
    return Proposed(row, local, NEW, "", source, time_text, moment, candidate=candidate)


def _minute(moment: datetime) -> datetime:
    """The minute a timeline row can say: two events in it with the same text are one event."""
    return moment.replace(second=0, microsecond=0)


def written_time(local: datetime, base: date | None, zone: tzinfo | None = None, moment: datetime | None = None) -> str:
    """HH:MM on the start date, YYYY-MM-DD HH:MM on other days (before `merge` places it); in an
    hour that happens twice, with the zone that tells which ("01:30 EST")."""
    text = f"{local:%H:%M}" if base is not None and local.date() == base else f"{local.year:04d}-{local:%m-%d %H:%M}"
    return _with_zone(text, local, zone, moment)


def _with_zone(text: str, local: datetime, zone: tzinfo | None, moment: datetime | None = None) -> str:
    if zone is None or not repeated(local, zone):
        return text
    moment = moment.astimezone(zone) if moment is not None else local.replace(tzinfo=zone)
    return f"{text} {zone_label(moment)}"


def merge(review: Any, existing: list[Any], chosen: list[Proposed]) -> list[Any]:
    """The timeline with the chosen rows in time order among the existing ones, each a row of the
    review's timeline table.

    A new row goes before the first existing row that is later than it; existing rows keep their
    order. Rows without a time go at the end. Each new row's time is then written so that it reads
    back as its moment at its place (a bare time after a row of another day would not). A bare time
    of an existing row that a new row of another day just before it would move to that day gets its
    own date written in front ("14:02" -> "2024-03-05 14:02"): the same moment, still read as one.
    """
    shape = shape_of(review)
    zone = review_zone(review)
    read_at = moments(review, existing)
    placed = [(item, _moment(item, review, zone)) for item in chosen]
    waiting = sorted(((item, at) for item, at in placed if at is not None), key=lambda pair: pair[1])
    merged: list[Any] = []
    for row, moment in zip(existing, read_at):
        there = _minute(absolute(shape.cell(row, "timeline-time"), moment.at, zone)) if moment is not None else None
        while there is not None and waiting and waiting[0][1] < there:
            merged.append(waiting.pop(0)[0])
        merged.append(row)
    merged.extend(item for item, _ in waiting)
    merged.extend(item for item, at in placed if at is None)
    read = {id(row): moment for row, moment in zip(existing, read_at)}
    written = _write_times(merged, start_date(review), read, (zone, shape))
    return [shape.as_row(review, row) if isinstance(row, EvidenceRow) else row for row in written]


def _moment(item: Proposed, review: Any, zone: tzinfo) -> datetime | None:
    """Where a proposed row belongs (an absolute instant): its source's, or what the user typed."""
    if item.row.time == item.proposed_time:
        if item.at is not None:
            return _minute(item.at.astimezone(timezone.utc))
        return _minute(absolute("", item.local, zone)) if item.local else None
    typed = parse_when(item.row.time, start_date(review))
    return _minute(absolute(item.row.time, typed.at, zone).astimezone(timezone.utc)) if typed else None


def _write_times(merged: list, base: date | None, read: dict, where: tuple[tzinfo, Shape]) -> list[Any]:
    """The rows, each with a time that `timeline_moments` reads as the moment it stands for: the
    proposed ones as `EvidenceRow`s, the existing ones as they are (their time dated when needed).

    `read`: each existing row's moment before the merge, by id; `where`: the zone and the table.
    """
    zone, shape = where
    out: list[Any] = []
    day, previous = base, None
    for item in merged:
        if isinstance(item, Proposed):
            row = _new_row(item, day, previous, zone)
            at = _read_here(row.time, day, previous)
        else:
            time = shape.cell(item, "timeline-time")
            row, at = item, _read_here(time, day, previous)
            was = read.get(id(item))
            if was is not None and at is not None and at != was.at:
                row = shape.with_time(row, f"{was.at.date().isoformat()} {time.strip()}")
                at = was.at
        out.append(row)
        if at is not None:
            day, previous = at.date(), at
    return out


def _new_row(item: Proposed, day: date | None, previous: datetime | None, zone: tzinfo) -> EvidenceRow:
    """A new row with its time written bare when a bare time reads as its moment here, else dated
    (with its zone in an hour that happens twice).

    A time the user edited in the preview stays as they typed it.
    """
    if item.local is None or item.row.time != item.proposed_time:
        return item.row
    at = item.local
    bare = day == at.date() and (previous is None or previous - at <= MIDNIGHT_JUMP)
    written = f"{at:%H:%M}" if bare else f"{at.year:04d}-{at:%m-%d %H:%M}"
    text = _with_zone(written, at, zone, item.at)
    return item.row.model_copy(update={"time": text})


def _read_here(text: str, day: date | None, previous: datetime | None) -> datetime | None:
    """A row's moment at its place, as `timeline_moments` reads it."""
    moment = parse_when(text, day)
    if moment is None:
        return None
    at = moment.at
    if not moment.has_date and previous is not None and previous - at > MIDNIGHT_JUMP:
        at += timedelta(days=1)
    return at
