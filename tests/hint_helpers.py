"""The first sample made hint-free for hint tests: it shows four hints of its own (README, "Hints"),
which tests that change one thing at a time must not see."""

from __future__ import annotations

from pirtui.core.model import ActionItem, Review

CARRYING = [
    ActionItem(id="5", action="Add a query plan check to the PR checklist and block deployments that introduce an unindexed query",
               owner="Daniel Okoro", priority="P2", due="2024-02-09", ticket="JIRA-127"),
    ActionItem(id="6", action="Log every query slower than 500 ms with its plan (slow query logging threshold)",
               owner="Sam Patel", priority="P3", due="2024-03-29", ticket="JIRA-128"),
    ActionItem(id="7", action="Post the first status page update within 10 minutes of detection, from a template",
               owner="Maria Chen", priority="P2", due="2024-02-09", ticket="JIRA-129"),
]
"""Action items that carry out what the first sample leaves without one (its four hints, README)."""


def complete(review: Review) -> Review:
    """The first sample with the action items it lacks: a review that shows no hint."""
    review.action_items += [item.model_copy() for item in CARRYING]
    return review
