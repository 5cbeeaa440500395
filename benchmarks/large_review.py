"""A large, realistic review for the benchmarks: 2,000 timeline rows, 300 action items, 5,000 log lines."""

from __future__ import annotations

from pirtui.model import MILESTONES, ActionItem, TimelineEvent, Why, new_review, Review

PRIORITY_DUE = {"P1": "2024-01-27", "P2": "2024-02-20", "P3": "2024-04-15"}


def large_review(timeline_rows: int = 2000, action_items: int = 300, log_lines: int = 5000) -> Review:
    """A filled review of the given size, dated like the template's example."""
    review = new_review("INC-2024-001", "2024-01-20")
    review.title = "Database connection pool exhaustion"
    review.incident.start = "2024-01-15 00:00"
    review.incident.end = "2024-01-16 23:59"
    review.incident.severity = "SEV-1"
    review.incident.review_date = "2024-01-20"
    review.summary = "The API was down. Requests failed. A restart fixed it."
    review.timeline = []
    for i in range(timeline_rows):
        minute = i * 1
        day = 15 + minute // 1440
        review.timeline.append(
            TimelineEvent(
                time=f"2024-01-{day:02d} {minute // 60 % 24:02d}:{minute % 60:02d}",
                event=f"Event {i}: connection pool at {50 + i % 50}% | retries {i % 7}",
                milestone=MILESTONES[i * len(MILESTONES) // timeline_rows] if i % 250 == 0 else "",
            )
        )
    priorities = ("P1", "P2", "P3")
    review.action_items = [
        ActionItem(
            id=str(i + 1),
            action=f"Follow-up action number {i + 1}",
            owner=f"Owner {i % 17}",
            priority=priorities[i % 3],
            due=PRIORITY_DUE[priorities[i % 3]],
            status="Open",
            ticket=f"JIRA-{1000 + i}",
        )
        for i in range(action_items)
    ]
    review.root_cause.whys = [Why(question=f"Why {i}?", answer=f"Because {i}.") for i in range(1, 6)]
    review.appendix.logs = "\n".join(
        f"2024-01-15T14:{i % 60:02d}:{i % 60:02d}Z ERROR pool: timeout acquiring connection #{i}"
        for i in range(log_lines)
    )
    return review
