"""Candidate rows become timeline rows: the review's zone, its way of writing times, time order,
no duplicates, milestones suggested once."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from pirtui.core.computed import timeline_moments
from pirtui.evidence.merge import DUPLICATE, NEW, NO_TIME, merge, propose
from pirtui.evidence.rows import Candidate, Parsed
from pirtui.core.model import Incident, Review, TimelineEvent


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def review(*rows: tuple[str, str, str], zone: str = "UTC", start: str = "2024-01-15 14:30") -> Review:
    return Review(
        incident=Incident(start=start, timezone=zone),
        timeline=[TimelineEvent(time=t, event=e, milestone=m) for t, e, m in rows],
    )


def source(*candidates: Candidate, name: str = "src") -> Parsed:
    return Parsed("test", name, list(candidates))


def test_times_are_converted_into_the_review_zone():
    target = review(zone="Europe/Berlin", start="2024-01-15 15:30")
    proposal = propose(target, [source(Candidate(utc("2024-01-15 14:33"), "paged"))])
    assert [(item.row.time, item.status) for item in proposal.items] == [("15:33", NEW)]


def test_an_event_already_in_the_timeline_is_not_added_twice():
    target = review(("14:33", "paged", "detected"))
    paged, other = Candidate(utc("2024-01-15 14:33:40"), "paged"), Candidate(utc("2024-01-15 14:33"), "other")
    proposal = propose(target, [source(paged, other)])
    assert [(item.row.event, item.status) for item in proposal.items] == [("other", NEW), ("paged", DUPLICATE)]
    assert proposal.items[1].why == "already in the timeline at 14:33"


def test_the_same_event_from_two_sources_is_added_once():
    one = source(Candidate(utc("2024-01-15 14:40"), "rolled back"), name="a.log")
    two = source(Candidate(utc("2024-01-15 14:40:30"), "rolled back"), name="b.log")
    statuses = [item.status for item in propose(review(), [one, two]).items]
    assert statuses == [NEW, DUPLICATE]


def test_milestones_are_suggested_once_and_never_over_a_tagged_one():
    target = review(("14:30", "impact", "detected"))
    proposal = propose(target, [source(
        Candidate(utc("2024-01-15 14:33"), "alert", "detected"),
        Candidate(utc("2024-01-15 14:40"), "rollback", "mitigated"),
        Candidate(utc("2024-01-15 14:45"), "another rollback", "mitigated"),
    )])
    assert [item.row.milestone for item in proposal.items] == ["", "mitigated", ""]


def test_rows_without_a_time_are_listed_last_with_the_reason():
    proposal = propose(review(), [source(Candidate(None, "ticket", no_time="not a time", time_text="soon"))])
    (item,) = proposal.items
    assert (item.status, item.row.time, item.why) == (NO_TIME, "soon", "not a time")


def test_since_and_until_in_the_review_zone():
    rows = [Candidate(utc(f"2024-01-15 {hhmm}"), hhmm) for hhmm in ("14:00", "14:30", "15:00", "16:00")]
    proposal = propose(review(), [source(*rows)], since="14:30", until="15:00")
    assert [item.row.event for item in proposal.items] == ["14:30", "15:00"]
    assert proposal.outside == 2
    with pytest.raises(ValueError):
        propose(review(), [source(*rows)], since="whenever")


def test_merge_puts_rows_in_time_order_and_writes_times_that_read_back():
    target = review(("14:30", "impact", ""), ("15:00", "fixed", ""), ("2024-01-16 09:00", "review", ""))
    proposal = propose(target, [source(
        Candidate(utc("2024-01-15 14:45"), "middle"),
        Candidate(utc("2024-01-16 08:00"), "next morning"),
        Candidate(utc("2024-01-16 10:00"), "after the review"),
        Candidate(utc("2024-01-15 14:10"), "before the impact"),
    )])
    merged = merge(target, target.timeline, proposal.new())
    assert [(row.time, row.event) for row in merged] == [
        ("14:10", "before the impact"),
        ("14:30", "impact"),
        ("14:45", "middle"),
        ("15:00", "fixed"),
        ("2024-01-16 08:00", "next morning"),
        ("2024-01-16 09:00", "review"),
        ("10:00", "after the review"),
    ]
    moments = timeline_moments(target.model_copy(update={"timeline": merged}))
    added = {row.event: moment.at for row, moment in zip(merged, moments)}
    assert added["before the impact"] == datetime(2024, 1, 15, 14, 10)
    assert added["next morning"] == datetime(2024, 1, 16, 8, 0)
    assert added["after the review"] == datetime(2024, 1, 16, 10, 0)


def test_a_bare_time_after_a_row_of_the_day_before_gets_its_date():
    """The existing "2024-01-14 23:00" row moves the date bare times are read on; 14:45 on the
    start date must then say its date."""
    target = review(("2024-01-14 23:00", "warning sign", ""))
    proposal = propose(target, [source(Candidate(utc("2024-01-15 14:45"), "impact"))])
    merged = merge(target, target.timeline, proposal.new())
    assert [row.time for row in merged] == ["2024-01-14 23:00", "2024-01-15 14:45"]


def test_a_row_whose_time_the_user_edited_is_placed_by_what_they_typed():
    target = review(("14:30", "impact", ""), ("15:00", "fixed", ""))
    (item,) = propose(target, [source(Candidate(utc("2024-01-15 14:45"), "middle"))]).items
    item.row.time = "~15:10"
    merged = merge(target, target.timeline, [item])
    assert [(row.time, row.event) for row in merged][-1] == ("~15:10", "middle")


def test_a_review_without_a_start_writes_full_dates_first():
    target = review(start="")
    a, b = Candidate(utc("2024-01-15 14:45"), "a"), Candidate(utc("2024-01-15 14:50"), "b")
    proposal = propose(target, [source(a, b)])
    merged = merge(target, [], proposal.new())
    assert [row.time for row in merged] == ["2024-01-15 14:45", "14:50"]
    assert timeline_moments(target.model_copy(update={"timeline": merged}))[1].at == datetime(2024, 1, 15, 14, 50)


def test_event_text_is_kept_exactly():
    text = "  \x1b[31mred\x1b[0m and \u202eevil  "
    (item,) = propose(review(), [source(Candidate(utc("2024-01-15 14:45"), text))]).items
    assert merge(review(), [], [item])[0].event == text


def test_an_existing_bare_time_after_a_new_row_of_the_day_before_keeps_its_moment():
    """Bare times are read on the date of the row above: a new "2024-01-14 23:00" row before "14:30"
    would move it to the 14th, so that row gets its own date written, and nothing else changes."""
    target = review(("14:30", "impact", "first impact"), ("~14:45", "paged", ""))
    proposal = propose(target, [source(Candidate(utc("2024-01-14 23:00"), "the deploy the night before"))])
    merged = merge(target, target.timeline, proposal.new())
    assert [(row.time, row.event) for row in merged] == [
        ("2024-01-14 23:00", "the deploy the night before"),
        ("2024-01-15 14:30", "impact"),
        ("~14:45", "paged"),
    ]
    moments = timeline_moments(target.model_copy(update={"timeline": merged}))
    assert [m.at for m in moments] == [
        datetime(2024, 1, 14, 23), datetime(2024, 1, 15, 14, 30), datetime(2024, 1, 15, 14, 45)
    ]
    assert merged[2] is target.timeline[1]  # untouched rows are the same rows
