"""The review meeting's core: agenda, clock, captures, what is missing, the summary and the revision row."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pirtui.core import store
from pirtui.core.template.loader import builtin
from pirtui.meeting.running import (
    Captured,
    MeetingClock,
    add_action,
    agenda,
    capture,
    clock_text,
    end,
    missing,
    people,
    revision_change,
    start,
    summary_markdown,
)
from pirtui.core.model import ActionItem, Approval, new_review
from pirtui.core.sections import EDITABLE_SECTIONS

SAMPLE = Path(__file__).parent.parent / "sample_reviews" / "inc-2024-001-db-pool-exhaustion.toml"


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_agenda_lists_every_section_in_order_with_45_minutes_by_default() -> None:
    items = agenda(builtin().spec.meeting)
    assert [item.key for item in items] == [s.key for s in EDITABLE_SECTIONS]
    assert sum(item.minutes for item in items) == 45


def test_the_clock_adds_up_visits_and_says_when_a_section_runs_over() -> None:
    fake = FakeClock()
    clock = MeetingClock(now=fake)
    timeline = next(item for item in agenda({"timeline": 2}) if item.key == "timeline")
    clock.enter("timeline")
    fake.now += 90
    assert clock.over_by(timeline) == 0
    clock.enter("summary")
    fake.now += 30
    clock.enter("timeline")
    fake.now += 45
    assert clock.section_seconds("timeline") == 135
    assert clock.over_by(timeline) == 15
    assert clock.meeting_seconds() == 165
    assert clock_text(clock.meeting_seconds()) == "2:45"


def test_people_are_the_commander_author_owners_and_approvers_each_once() -> None:
    review = new_review("INC-1")
    review.incident.commander = "Maria Chen"
    review.incident.author = "Dan"
    review.action_items = [ActionItem(id="1", owner="dan"), ActionItem(id="2", owner="Priya, Tom")]
    review.approvals = [Approval(role="Team Lead", name="Maria Chen"), Approval(role="EM")]
    assert people(review) == ["Maria Chen", "Dan", "Priya", "Tom"]


def test_captures_land_in_the_meeting_notes_as_typed() -> None:
    review = new_review("INC-1")
    captured = Captured()
    start(review, date(2026, 11, 30), "Ana, Bo ")
    assert (review.meeting.date, review.meeting.attendees) == ("2026-11-30", "Ana, Bo")
    assert capture(review, captured, "decision", "Keep the pool at 50 [for now]") == "meeting.decisions"
    capture(review, captured, "discussion", "Alerts fired late")
    capture(review, captured, "follow_up", "Ask DBA team")
    capture(review, captured, "note", "Row 3 time is approximate", section_key="timeline")
    assert review.meeting.decisions == ["Keep the pool at 50 [for now]"]
    assert review.meeting.discussion == ["Alerts fired late", "Timeline: Row 3 time is approximate"]
    assert review.meeting.follow_ups == ["Ask DBA team"]
    assert captured.count() == 4


def test_a_new_action_item_is_numbered_and_its_due_date_suggested_from_the_priority() -> None:
    review = store.load(SAMPLE)
    before = len(review.action_items)
    captured = Captured()
    item = add_action(review, captured, "Add pool saturation alert", owner="Ana", priority="P1")
    assert len(review.action_items) == before + 1
    assert item.id not in [i.id for i in review.action_items[:-1]]
    assert item.due  # P1: within a week of the review date
    assert item.status == "Open"
    given = add_action(review, captured, "Write runbook", priority="P2", due="2030-01-01")
    assert given.due == "2030-01-01"
    assert captured.actions == [item.id, given.id]


def test_missing_names_empty_parts_and_actions_without_owner_or_due() -> None:
    review = new_review("INC-1")
    review.action_items = [ActionItem(id="1", action="Fix it", owner="", due="")]
    lines = missing(review, "action_items")
    assert "1 has no owner" in lines and "1 has no due date" in lines
    assert "Timeline is empty" in missing(review, "timeline")
    complete = store.load(SAMPLE)
    assert missing(complete, "timeline") == []


def test_computed_detection_metrics_do_not_count_as_missing() -> None:
    review = store.load(SAMPLE)
    for name in ("impact_to_detection", "detection_to_response", "response_to_mitigation", "mitigation_to_resolution"):
        setattr(review.detection.metrics, name, "")
    assert not any("Time from" in line for line in missing(review, "detection"))


def test_ending_adds_a_revision_row_that_counts_what_was_captured() -> None:
    review = new_review("INC-1")
    captured = Captured()
    for text in ("a", "b", "c"):
        capture(review, captured, "decision", text)
    for n in range(4):
        add_action(review, captured, f"Do {n}")
    row = end(review, captured, date(2026, 11, 30), "Ana")
    assert row.change == "Review meeting held: 3 decisions, 4 action items"
    assert review.revisions[-1] == row and row.date == "2026-11-30" and row.author == "Ana"
    assert revision_change(Captured()) == "Review meeting held"


def test_the_summary_lists_what_was_captured_and_what_is_still_open() -> None:
    review = new_review("INC-1")
    review.title = "Checkout down"
    captured = Captured()
    capture(review, captured, "decision", "Roll back faster")
    add_action(review, captured, "Add canary", owner="", priority="P2")
    text = summary_markdown(review, captured)
    assert text.startswith("## Review meeting: Checkout down")
    assert "- Roll back faster" in text
    assert "Add canary (no owner, P2" in text
    assert "Action Items: 1 has no owner" in text
