"""Boundaries, both sides, of turning evidence into timeline rows (`pirtui.evidence.merge`).

One page seen by two sources is one row, but only when the two are the same event (issue 27 items 1
and 4): a row that names the page joins a row that does not, either way round; a second event of a
source already in a row is a row of its own; two different alerts stay two rows; a duplicate of an
existing row never joins another source's row. Then the written times: a new row at the minute of
an existing one goes after it; a bare time exactly twelve hours before the row above is on the same
day, a minute more is the next day; the repeated hour names the occurrence the source meant.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from pirtui.core.model import Incident, Review, TimelineEvent
from pirtui.evidence.merge import DUPLICATE, NEW, NO_TIME, Proposed, _new_row, merge, propose, written_time
from pirtui.evidence.rows import Candidate, Parsed

UTC = timezone.utc


def at(hh_mm_ss: str) -> datetime:
    """A moment on the incident's day (2024-01-15), in UTC."""
    return datetime.fromisoformat(f"2024-01-15T{hh_mm_ss}+00:00")


def review(*rows: tuple[str, str]) -> Review:
    return Review(incident=Incident(start="2024-01-15 14:30", timezone="UTC"),
                  timeline=[TimelineEvent(time=time, event=event) for time, event in rows])


def source(name: str, *candidates: Candidate) -> Parsed:
    return Parsed("log", name, list(candidates))


def trigger(when: str, event: str, keys: tuple[str, ...] = (), milestone: str = "", evidence: str = "") -> Candidate:
    return Candidate(at(when), event, milestone=milestone, evidence=evidence or f"{event}@{when}", keys=keys)


def shown(proposal) -> list[tuple[str, str, int]]:
    return [(item.row.event, item.status, len(item.parts)) for item in proposal.items]


# -- one event, one row -------------------------------------------------------------------------


def test_a_row_that_does_not_name_the_page_joins_an_earlier_one_that_does():
    proposal = propose(review(), [
        source("a", trigger("14:38:00", "Alert firing", keys=("HighCPU",))),
        source("b", trigger("14:38:20", "HighCPU firing on web-1")),
    ])
    assert shown(proposal) == [("Alert firing", NEW, 2)]
    assert proposal.items[0].why == "the same event in a, b"


def test_a_row_that_names_the_page_joins_an_earlier_one_that_only_writes_its_name():
    proposal = propose(review(), [
        source("a", trigger("14:38:00", "HighCPU firing on web-1")),
        source("b", trigger("14:38:20", "Alert firing", keys=("HighCPU",))),
    ])
    assert shown(proposal) == [("HighCPU firing on web-1", NEW, 2)]


def test_two_rows_that_name_nothing_stay_two_rows():
    proposal = propose(review(), [
        source("a", trigger("14:38:00", "HighCPU firing on web-1")),
        source("b", trigger("14:38:20", "HighCPU firing on web-1 again")),
    ])
    assert shown(proposal) == [("HighCPU firing on web-1", NEW, 0), ("HighCPU firing on web-1 again", NEW, 0)]


def test_two_different_alerts_of_two_sources_stay_two_rows():
    proposal = propose(review(), [
        source("a", trigger("14:38:00", "Alert firing", keys=("HighCPU",))),
        source("b", trigger("14:38:10", "Alert firing too", keys=("DiskFull",))),
    ])
    assert shown(proposal) == [("Alert firing", NEW, 0), ("Alert firing too", NEW, 0)]


def test_a_second_event_of_a_source_already_in_a_row_is_a_row_of_its_own():
    proposal = propose(review(), [
        source("a", trigger("14:38:00", "Alert firing", keys=("HighCPU",))),
        source("b", trigger("14:38:10", "HighCPU firing", keys=("HighCPU",)),
               trigger("14:38:20", "HighCPU firing again", keys=("HighCPU",))),
    ])
    assert shown(proposal) == [("Alert firing", NEW, 2), ("HighCPU firing again", NEW, 0)]


def test_a_duplicate_of_an_existing_row_is_listed_as_such_not_joined_to_another_sources_row():
    proposal = propose(review(("14:38", "Alert HighCPU firing")), [
        source("b", trigger("14:37:50", "HighCPU firing on web-1", keys=("HighCPU",))),
        source("a", trigger("14:38:00", "Alert HighCPU firing", keys=("HighCPU",))),
    ])
    assert shown(proposal) == [("HighCPU firing on web-1", NEW, 0), ("Alert HighCPU firing", DUPLICATE, 0)]
    assert proposal.items[1].why == "already in the timeline at 14:38"


def test_a_joined_row_keeps_its_own_milestone_and_takes_one_only_when_it_has_none():
    kept = propose(review(), [
        source("a", trigger("14:38:00", "Alert firing", keys=("HighCPU",), milestone="detected")),
        source("b", trigger("14:38:20", "HighCPU firing")),
    ])
    assert kept.items[0].row.milestone == "detected"
    not_replaced = propose(review(), [
        source("a", trigger("14:38:00", "Alert firing", keys=("HighCPU",), milestone="detected")),
        source("b", trigger("14:38:20", "HighCPU firing", milestone="responder engaged")),
    ])
    assert not_replaced.items[0].row.milestone == "detected"
    taken = propose(review(), [
        source("a", trigger("14:38:00", "Alert firing", keys=("HighCPU",))),
        source("b", trigger("14:38:20", "HighCPU firing", milestone="detected")),
    ])
    assert taken.items[0].row.milestone == "detected"


def test_a_pasted_source_is_named_the_paste_in_what_a_row_is_the_same_as():
    joined = propose(review(), [
        source("", trigger("14:38:00", "Alert firing", keys=("HighCPU",))),
        source("b", trigger("14:38:20", "HighCPU firing")),
    ])
    assert joined.items[0].why == "the same event in the paste, b"
    twice = propose(review(), [source("", trigger("14:38:00", "x"), trigger("14:38:30", "x"))])
    assert [(item.status, item.why) for item in twice.items] == [(NEW, ""), (DUPLICATE, "the same as the paste at 14:38")]
    named = propose(review(), [source("a", trigger("14:38:00", "x"), trigger("14:38:30", "x"))])
    assert named.items[1].why == "the same as a at 14:38"


# -- placing and writing times ------------------------------------------------------------------


def test_a_new_row_at_the_minute_of_an_existing_row_goes_after_it_and_one_a_minute_earlier_before():
    base = review(("14:38", "Existing"))
    same_minute = propose(base, [source("a", trigger("14:38:30", "New"))]).new()
    assert [row.event for row in merge(base, base.timeline, same_minute)] == ["Existing", "New"]
    minute_before = propose(base, [source("a", trigger("14:37:30", "New"))]).new()
    assert [row.event for row in merge(base, base.timeline, minute_before)] == ["New", "Existing"]


def test_a_row_without_a_time_goes_last_as_it_was_written():
    base = review(("14:38", "Existing"))
    proposal = propose(base, [source("a", Candidate(None, "Someone said so", no_time="no time", time_text="later"))])
    assert [item.status for item in proposal.items] == [NO_TIME]
    assert [(row.time, row.event) for row in merge(base, base.timeline, proposal.items)] == [("14:38", "Existing"), ("later", "Someone said so")]


def test_a_row_whose_typed_time_cannot_be_read_goes_last_and_one_that_can_is_placed_by_it():
    base = review(("14:38", "Existing"))
    (item,) = propose(base, [source("a", trigger("14:40:00", "New"))]).new()
    item.row = item.row.model_copy(update={"time": "14:35"})
    assert [row.event for row in merge(base, base.timeline, [item])] == ["New", "Existing"]
    item.row = item.row.model_copy(update={"time": "soon"})
    assert [(row.time, row.event) for row in merge(base, base.timeline, [item])] == [("14:38", "Existing"), ("soon", "New")]


def test_a_bare_time_exactly_twelve_hours_before_the_row_above_is_on_the_same_day():
    """timeline_moments moves a bare time to the next day only when it falls more than 12 hours
    before the row above; merging keeps such a row as written on both sides of that boundary."""
    same_day = review(("22:00", "Late"), ("10:00", "Twelve hours before"))
    assert [row.time for row in merge(same_day, same_day.timeline, [])] == ["22:00", "10:00"]
    next_day = review(("22:00", "Late"), ("09:59", "Next morning"))
    assert [row.time for row in merge(next_day, next_day.timeline, [])] == ["22:00", "09:59"]


def _proposed_at(local: datetime) -> Proposed:
    time = f"{local:%H:%M}"
    return Proposed(TimelineEvent(time=time, event="New"), local, NEW, proposed_time=time, at=local.replace(tzinfo=UTC))


def test_a_new_row_is_written_bare_up_to_twelve_hours_before_the_row_above_and_dated_beyond():
    local = datetime(2024, 1, 15, 10, 0)
    day = local.date()
    assert _new_row(_proposed_at(local), day, local + timedelta(hours=12), UTC).time == "10:00"
    assert _new_row(_proposed_at(local), day, local + timedelta(hours=12, minutes=1), UTC).time == "2024-01-15 10:00"
    assert _new_row(_proposed_at(local), day, None, UTC).time == "10:00"
    assert _new_row(_proposed_at(local), date(2024, 1, 14), None, UTC).time == "2024-01-15 10:00"


def test_a_time_is_written_bare_only_on_the_start_date():
    assert written_time(datetime(2024, 1, 15, 1, 0), date(2024, 1, 15)) == "01:00"
    assert written_time(datetime(2024, 1, 16, 1, 0), date(2024, 1, 15)) == "2024-01-16 01:00"
    assert written_time(datetime(2024, 1, 16, 1, 0), None) == "2024-01-16 01:00"


def test_in_the_repeated_hour_the_written_zone_is_the_occurrence_the_source_meant():
    zone = ZoneInfo("America/New_York")
    local = datetime(2024, 11, 3, 1, 30)
    second = datetime(2024, 11, 3, 6, 30, tzinfo=UTC)  # 01:30 EST, the second 01:30
    first = datetime(2024, 11, 3, 5, 30, tzinfo=UTC)  # 01:30 EDT
    assert written_time(local, date(2024, 11, 3), zone, second) == "01:30 EST"
    assert written_time(local, date(2024, 11, 3), zone, first) == "01:30 EDT"
    assert written_time(local, date(2024, 11, 3), zone) == "01:30 EDT"  # no moment: the first
    assert written_time(datetime(2024, 11, 3, 2, 30), date(2024, 11, 3), zone) == "02:30"  # not repeated
