"""Hints on the timeline: holes while users are affected, and milestones in an impossible order.

Only the impact window counts: from the first impact, alert or page to recovery, read from the
milestones, or from the rows' wording when the milestones are missing ("alert fires", "first
errors"; "recovered", "back to baseline"). Waits before the impact and after recovery are normal.
A gap whose earlier row already states the wait or the plan ("restore running, about 4 h",
"watching it every 30 minutes") is not a hole. After mitigation, a long stretch is asked about only
while the rows, the summary or the customer impact say customers are still affected ("Asia is still
affected", "Asia stayed affected until ...").

The timeline is read by role (`Timeline`): any template's table with a time and an event column; a
milestone column is read when there is one, by the milestone names of `START_MILESTONES`,
"mitigated", "resolved" and "detected" (a template naming its milestones otherwise is read by its
rows' wording).
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import lru_cache

from collections.abc import Iterable
from dataclasses import dataclass

from pirtui.core.hint_text import Add, WordLists, find, words
from pirtui.core.timeparse import When, format_minutes, minutes_between

_DURATION = re.compile(
    r"\d+(?:[.,]\d+)?(?:\s*[-–]\s*\d+)?\s*(?:h|hrs?|hours?|min|mins|minutes?|m|s|secs?|seconds?|days?)\b", re.IGNORECASE
)
"""A stated duration: "4 h", "2-3 hours", "90 min", "30 minutes"."""

START_MILESTONES = ("first impact", "detected", "responder engaged")
"""Milestones that open the impact window (the earliest one marked)."""


@dataclass(frozen=True)
class Timeline:
    """A timeline as the hints read it, by role: each row's event and milestone ("" without a
    milestone column), its moment, and where its time and milestone are."""

    events: list[str]
    milestones: list[str]
    moments: list[When | None]
    path: str
    """The table's dotted path ("timeline")."""
    time: str
    """The key of the time column."""
    milestone: str = ""
    """The key of the milestone column ("" without one: only the rows' wording tells the window)."""


def timeline_hints(
    timeline: Timeline, window: tuple[When | None, When | None], impact: Iterable[str], hint_words: WordLists, gap_minutes: int, add: Add
) -> None:
    """The timeline's gap hints and the detected-after-mitigated hint; `impact` holds the texts that
    tell the impact (the summary, the customer impact), read for customers still affected."""
    rows = [(index, moment, timeline.events[index]) for index, moment in enumerate(timeline.moments) if moment is not None]
    tags = _tags(timeline.milestones, rows)
    if gap_minutes > 0 and len(rows) > 1:
        told = any(_has(text, hint_words, "still_affected") for text in impact)
        _gaps(timeline, tags, rows, window, hint_words, gap_minutes, add, told)
    _detected_after_mitigated(timeline, tags, rows, add)


ROW_LISTS = ("impact_words", "recovery_words", "still_affected", "wait_phrases", "estimate_words")
"""The lists a row's wording is read against."""


def _has(text: str, hint_words: WordLists, name: str) -> bool:
    return name in _row_wording(hint_words, text)


@lru_cache(maxsize=8192)
def _row_wording(hint_words: WordLists, text: str) -> frozenset[str]:
    """Which of `ROW_LISTS` a row's text has a phrase of (cached: a keystroke re-reads every row)."""
    tokens = words(text)
    return frozenset(name for name in ROW_LISTS if any(True for _ in find(tokens, hint_words.phrases(name))))


def _tags(milestones: list[str], rows: list[tuple[int, When, str]]) -> dict[str, list[int]]:
    """The positions in `rows` of the rows tagged with each milestone."""
    found: dict[str, list[int]] = {}
    for at, (index, _, _) in enumerate(rows):
        tag = milestones[index] if milestones else ""
        if tag:
            found.setdefault(tag.strip().lower(), []).append(at)
    return found


def _tagged(tags: dict[str, list[int]], rows: list[tuple[int, When, str]], *names: str) -> int | None:
    """The position in `rows` of the earliest row tagged with one of `names`."""
    found = [at for name in names for at in tags.get(name, ())]
    return min(found, key=lambda at: rows[at][1].at) if found else None


def _window(
    tags: dict[str, list[int]], rows: list[tuple[int, When, str]], end: When | None, hint_words: WordLists, told: bool = False
) -> tuple[int, int, int]:
    """Positions in `rows` of the impact's start, the mitigation and the full recovery (the last
    row up to the incident's end when neither milestones nor wording tell)."""
    start = _tagged(tags, rows, *START_MILESTONES)
    if start is None:
        start = next((at for at, (_, _, event) in enumerate(rows) if _has(event, hint_words, "impact_words")), 0)
    mitigated = _tagged(tags, rows, "mitigated")
    resolved = _tagged(tags, rows, "resolved")
    if mitigated is None and resolved is None:
        mitigated = next((at for at in range(start, len(rows)) if _has(rows[at][2], hint_words, "recovery_words")), None)
        if mitigated is not None and (told or _has(rows[mitigated][2], hint_words, "still_affected")):
            resolved = next(
                (at for at in range(mitigated + 1, len(rows))
                 if _has(rows[at][2], hint_words, "recovery_words") and not _has(rows[at][2], hint_words, "still_affected")),
                None,
            )
        else:
            resolved = mitigated
    last = len(rows) - 1
    if end is not None and mitigated is None and resolved is None:
        last = max((at for at, (_, moment, _) in enumerate(rows) if moment.at <= end.at), default=last)
    mitigated = mitigated if mitigated is not None else (resolved if resolved is not None else last)
    resolved = resolved if resolved is not None else last
    return start, mitigated, max(mitigated, resolved)


def _states_a_wait(event: str, hint_words: WordLists) -> bool:
    """Whether a row says what is being waited for or watched ("restore running, about 4 h")."""
    if _has(event, hint_words, "wait_phrases"):
        return True
    return bool(_DURATION.search(event)) and _has(event, hint_words, "estimate_words")


def _gaps(
    timeline: Timeline, tags: dict[str, list[int]], rows: list[tuple[int, When, str]], window: tuple[When | None, When | None],
    hint_words: WordLists, gap_minutes: int, add: Add, told: bool = False,
) -> None:
    """Hint on each long gap in the impact window; after mitigation, only while the rows (or, with
    `told`, the summary or the customer impact) say customers are still affected."""
    start, mitigated, resolved = _window(tags, rows, window[1], hint_words, told)
    longest = timedelta(minutes=gap_minutes)
    for at in range(start + 1, resolved + 1):
        (before, then, event), (index, now, _) = rows[at - 1], rows[at]
        if now.at - then.at <= longest:
            continue
        gap = minutes_between(then.at, now.at)
        if at <= mitigated:
            if not _states_a_wait(event, hint_words):
                add(
                    f"{timeline.path}.{index}.{timeline.time}", "timeline-gap",
                    f"{format_minutes(gap)} pass with nothing in the timeline (rows {before + 1}-{index + 1}).",
                    "A gap while users are affected hides the waiting, guessing and hand-offs worth learning from.",
                    "Add what happened in between: who looked at what, what was tried, what was waited for.",
                )
        elif told or any(_has(rows[row][2], hint_words, "still_affected") for row in range(mitigated, at)):
            add(
                f"{timeline.path}.{index}.{timeline.time}", "timeline-wait-after-mitigation",
                f"{format_minutes(gap)} after mitigation while customers were still affected (rows {before + 1}-{index + 1}).",
                "A long tail after the main fix is often where a second, faster remedy was missed.",
                "Say what was tried or weighed for those still affected, and why the wait was the best option.",
            )


def _detected_after_mitigated(timeline: Timeline, tags: dict[str, list[int]], rows: list[tuple[int, When, str]], add: Add) -> None:
    """Hint when the first row marked "detected" is later than the first marked "mitigated"."""
    detected, mitigated = tags.get("detected"), tags.get("mitigated")
    if detected and mitigated and rows[detected[0]][1].at > rows[mitigated[0]][1].at:
        add(
            f"{timeline.path}.{rows[detected[0]][0]}.{timeline.milestone}", "timeline-detected-after-mitigated",
            "Detection comes after mitigation in the timeline.",
            "An incident mitigated before anyone detected it usually means a milestone is on the wrong row.",
            "Check which row is the first moment someone knew; mark that one \"detected\".",
        )
