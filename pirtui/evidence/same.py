"""One event, one row: the same page seen by several sources (a Slack alert bot, the PagerDuty log,
an Alertmanager webhook) is offered once, with every source as its evidence.

Two events from different sources are the same when they are the same kind of moment (a trigger, an
acknowledgement, a resolution), within `WINDOW` of each other, and one names what the other names:
an alert name, an incident number ("#1234") or a dedup key, given by the source (`Candidate.keys`)
or written in the other's text.
"""

from __future__ import annotations

import re
from datetime import timedelta, timezone

from pirtui.evidence.rows import Candidate

WINDOW = timedelta(seconds=60)
"""How far apart two sources may put the same page (delivery and clocks differ by seconds)."""

_KINDS = (
    ("resolve", re.compile(r"\bresolv\w*|\bclosed\b", re.IGNORECASE)),
    ("ack", re.compile(r"\backnowledg\w*", re.IGNORECASE)),
    ("trigger", re.compile(r"\bfir(?:ing|ed)\b|\btrigger\w*|\balert created\b", re.IGNORECASE)),
)


def kind(candidate: Candidate) -> str:
    """Which moment of a page the event is ("trigger", "ack", "resolve"), by its first such word."""
    found = [(match.start(), name) for name, pattern in _KINDS if (match := pattern.search(candidate.event))]
    return min(found)[1] if found else ""


def _names(key: str, text: str) -> bool:
    if len(key) < 4 and not key.startswith("#"):
        return False
    return re.search(rf"(?<![\w#]){re.escape(key)}(?!\w)", text) is not None


def same(first: Candidate, second: Candidate) -> bool:
    """Whether two events (of different sources) are one page seen twice."""
    if first.at is None or second.at is None:
        return False
    if abs(first.at.astimezone(timezone.utc) - second.at.astimezone(timezone.utc)) > WINDOW:
        return False
    if not (first.keys or second.keys):
        return False
    shown = kind(first)
    if not shown or shown != kind(second):
        return False
    if set(first.keys) & set(second.keys):
        return True
    return any(_names(key, second.event) for key in first.keys) or any(_names(key, first.event) for key in second.keys)
