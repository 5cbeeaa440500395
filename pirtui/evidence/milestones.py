"""Milestones suggested from an event's words ("rolled back" -> mitigated); the user confirms them."""

from __future__ import annotations

import re

WORDS: tuple[tuple[str, str], ...] = (
    ("mitigated", r"mitigat\w*|rolled back|roll(?:ing)? ?back|reverted|failed over|fail(?:ing)? ?over"),
    ("resolved", r"resolved|all clear|fully recovered|back to normal"),
    ("root cause identified", r"root cause|found the cause"),
    ("responder engaged", r"\backnowledged\b|\bi'?m on it\b|\bon it\b|\blooking into\b|\binvestigating\b"),
)
"""Each milestone with the words that suggest it, tried in this order (the first match wins)."""

_PATTERNS = [(milestone, re.compile(words, re.IGNORECASE)) for milestone, words in WORDS]


def suggest(text: str) -> str:
    """The milestone an event's words suggest, or ""."""
    for milestone, pattern in _PATTERNS:
        if pattern.search(text):
            return milestone
    return ""
