"""Values derived from a review: duration, timeline moments, detection metrics, due dates, next IDs."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pirtui.core.computed import (
    computed_duration,
    computed_metrics,
    metric_minutes,
    milestone_moments,
    overdue,
    timeline_moments,
)
from pirtui.core.model import ActionItem, Review, TimelineEvent
from pirtui.core.template import action_item
from pirtui.core.template.loader import builtin


def suggested_due(review: Review, priority: str) -> str:
    return action_item.suggested_due(builtin(), review, priority)


def review_with(start: str = "2024-01-15 14:00", end: str = "", rows: list[tuple[str, str]] = ()) -> Review:
    """A review with an incident window and timeline rows given as (time, milestone)."""
    review = Review()
    review.incident.start = start
    review.incident.end = end
    review.timeline = [TimelineEvent(time=time, event="something", milestone=tag) for time, tag in rows]
    return review


def test_duration_from_start_and_end():
    assert computed_duration(review_with(end="2024-01-15 14:45")) == "45 minutes"


def test_duration_across_midnight_with_a_bare_end():
    assert computed_duration(review_with(start="2024-01-15 23:30", end="01:00")) == "1 hour 30 minutes"


def test_duration_is_empty_when_the_end_cannot_be_read():
    assert computed_duration(review_with(end="later")) == ""


def test_bare_times_take_the_start_date_then_the_last_dated_row():
    moments = timeline_moments(review_with(rows=[("14:05", ""), ("2024-01-16 09:00", ""), ("09:30", "")]))
    assert [m.at for m in moments] == [
        datetime(2024, 1, 15, 14, 5),
        datetime(2024, 1, 16, 9, 0),
        datetime(2024, 1, 16, 9, 30),
    ]


def test_bare_times_crossing_midnight_move_to_the_next_day():
    moments = timeline_moments(review_with(start="2024-01-15 23:40", rows=[("23:50", ""), ("00:10", "")]))
    assert moments[1].at == datetime(2024, 1, 16, 0, 10)


def test_a_row_slightly_out_of_order_stays_on_its_day():
    moments = timeline_moments(review_with(rows=[("14:30", ""), ("14:10", "")]))
    assert moments[1].at == datetime(2024, 1, 15, 14, 10)


def test_unreadable_rows_are_none_and_do_not_shift_the_others():
    moments = timeline_moments(review_with(rows=[("14:05", ""), ("soon", ""), ("14:20", "")]))
    assert moments[1] is None
    assert moments[2].at == datetime(2024, 1, 15, 14, 20)


def test_the_first_row_of_a_milestone_counts():
    found = milestone_moments(review_with(rows=[("14:05", "detected"), ("14:09", "Detected")]))
    assert found["detected"].at == datetime(2024, 1, 15, 14, 5)


def test_metrics_from_milestones():
    review = review_with(
        rows=[
            ("14:00", "first impact"),
            ("14:05", "detected"),
            ("14:12", "responder engaged"),
            ("14:40", "mitigated"),
            ("15:45", "resolved"),
        ]
    )
    assert computed_metrics(review) == {
        "impact_to_detection": "5 minutes",
        "detection_to_response": "7 minutes",
        "response_to_mitigation": "28 minutes",
        "mitigation_to_resolution": "1 hour 5 minutes",
    }
    assert metric_minutes(review)["mitigation_to_resolution"] == 65


def test_metrics_without_their_milestones_are_empty():
    review = review_with(rows=[("14:05", "detected")])
    assert computed_metrics(review)["impact_to_detection"] == ""
    assert metric_minutes(review)["impact_to_detection"] is None


def test_due_dates_count_from_the_review_date():
    review = review_with()
    review.incident.review_date = "2024-01-20"
    assert action_item.base_date(builtin(), review) == date(2024, 1, 20)
    assert suggested_due(review, "P1") == "2024-01-27"
    assert suggested_due(review, "p2") == "2024-02-20"
    assert suggested_due(review, "P3") == "2024-04-20"


def test_due_dates_count_from_the_start_without_a_review_date():
    assert suggested_due(review_with(start="2024-01-31 10:00"), "P2") == "2024-02-29"


@pytest.mark.parametrize(("start", "priority"), [("", "P1"), ("2024-01-15 14:00", "P9"), ("2024-01-15 14:00", "")])
def test_no_suggested_due_without_a_base_or_a_known_priority(start, priority):
    review = review_with(start=start)
    assert suggested_due(review, priority) == ""


def test_next_action_id_follows_the_highest_number():
    items = [ActionItem(id="1"), ActionItem(id="7"), ActionItem(id="AI-9"), ActionItem(id="")]
    assert action_item.next_number(builtin(), None, items) == "8"
    assert action_item.next_number(builtin(), None, []) == "1"


@pytest.mark.parametrize(
    ("due", "status", "expected"),
    [
        ("2024-01-01", "Open", True),
        ("2024-01-01", "In Progress", True),
        ("2024-01-01", "Done", False),
        ("2024-01-01", "Won't Do", False),
        ("2024-03-01", "Open", False),
        ("next Friday-ish", "Open", False),
    ],
)
def test_overdue(due, status, expected):
    assert overdue(ActionItem(due=due, status=status), date(2024, 2, 1)) is expected
