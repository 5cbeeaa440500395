"""Reviews for the benchmarks: a large, plausible one, and one built to raise many findings.

`large_review` is what a long incident looks like: every timeline time inside the incident window, in
order, each milestone once. `many_findings_review` is the stress case for `check`'s output: times
past the window, impossible dates ("2024-01-49") and repeated milestones, one finding or more a row.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pirtui.core.model import MILESTONES, ActionItem, TimelineEvent, Why, new_review, Review

PRIORITY_DUE = {"P1": "2024-01-27", "P2": "2024-02-20", "P3": "2024-04-15"}
WINDOW_START = datetime(2024, 1, 15, 0, 0)
WINDOW_MINUTES = 2 * 24 * 60 - 1
"""The incident runs 2024-01-15 00:00 to 2024-01-16 23:59; the timeline stays inside it."""


def large_review(timeline_rows: int = 2000, action_items: int = 300, log_lines: int = 5000) -> Review:
    """A filled review of the given size: times spread in order over the incident window."""
    review = _filled(action_items, log_lines)
    step = WINDOW_MINUTES / max(timeline_rows - 1, 1)
    milestone_rows = {k * timeline_rows // len(MILESTONES): name for k, name in enumerate(MILESTONES)}
    review.timeline = [
        TimelineEvent(
            time=(WINDOW_START + timedelta(minutes=int(i * step))).strftime("%Y-%m-%d %H:%M"),
            event=f"Event {i}: connection pool at {50 + i % 50}% | retries {i % 7}",
            milestone=milestone_rows.get(i, ""),
        )
        for i in range(timeline_rows)
    ]
    return review


def many_findings_review(timeline_rows: int = 50000, action_items: int = 300, log_lines: int = 5000) -> Review:
    """A review whose timeline raises a finding or more a row: one minute a row from the window's start
    (so past its end, into dates like "2024-01-49" at 50,000 rows), a milestone every 250 rows."""
    review = _filled(action_items, log_lines)
    review.timeline = [
        TimelineEvent(
            time=f"2024-01-{15 + i // 1440:02d} {i // 60 % 24:02d}:{i % 60:02d}",
            event=f"Event {i}: connection pool at {50 + i % 50}% | retries {i % 7}",
            milestone=MILESTONES[i * len(MILESTONES) // timeline_rows] if i % 250 == 0 else "",
        )
        for i in range(timeline_rows)
    ]
    return review


def _filled(action_items: int, log_lines: int) -> Review:
    """Everything but the timeline, dated like the template's example."""
    review = new_review("INC-2024-001", "2024-01-20")
    review.title = "Database connection pool exhaustion"
    review.incident.start = "2024-01-15 00:00"
    review.incident.end = "2024-01-16 23:59"
    review.incident.severity = "SEV-1"
    review.incident.review_date = "2024-01-20"
    review.summary = "The API was down. Requests failed. A restart fixed it."
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
