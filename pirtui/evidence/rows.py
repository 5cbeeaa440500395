"""What every evidence parser gives back: candidate rows, unreadable lines, and its options."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone, tzinfo
from typing import Callable


@dataclass
class Candidate:
    """One event read from a source, before it becomes a timeline row.

    The event text is the source's own, kept exactly; the milestone is only a suggestion.
    """

    at: datetime | None
    """When it happened (aware), or None; then `no_time` says why."""
    event: str
    milestone: str = ""
    """Suggested milestone (one of `pirtui.core.model.MILESTONES`) or ""."""
    evidence: str = ""
    """A link or locator the reader can follow: a permalink, an incident URL, FILE:LINE."""
    no_time: str = ""
    time_text: str = ""
    """The time as the source wrote it, for rows whose time could not be read."""
    line: int = 0
    """The source line (1-based) the row starts on; 0 for sources that are not line-based."""
    keys: tuple[str, ...] = ()
    """What names the page or alert this event is about (an alert name, "#1234" for an incident
    number, a dedup key): events of other sources with one of these within a minute are the same
    event (`pirtui.evidence.same`)."""


@dataclass(frozen=True)
class Unreadable:
    """A line of a source that gave no row: shown to the user, never dropped silently."""

    line: int
    text: str
    why: str


@dataclass
class Parsed:
    """What one source gave: its format, its rows and the lines it could not read."""

    format: str
    source: str
    rows: list[Candidate] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    filtered: int = 0
    """Lines or events left out by --grep, --pinned or --reaction, or that are no event (a join)."""
    markers: list[int] = field(default_factory=list)
    """Lines read as context rather than rows (a chat transcript's date heading)."""


FORMATS = (
    "auto", "slack", "pagerduty", "alertmanager", "opsgenie", "statuspage", "gitlab", "grafana", "journald", "jsonlog", "log",
    "zoom", "webvtt", "chat", "csv",
)
"""What --format takes."""


class NotThisFormat(ValueError):
    """The text is not this format at all (as opposed to a few bad lines): try the next one."""


class Refused(ValueError):
    """The text is this format, but pirtui cannot place its times without more (a WebVTT transcript
    without the meeting's start): the one-line reason, shown instead of trying other formats."""


NO_START = "set the incident's Start first (or give --date)"
"""Why a time of day without a date has no moment: the review has no start date to put it on."""


ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True)
class Options:
    """How to read a source: what zone and date bare times have, and what to keep."""

    source_tz: tzinfo = timezone.utc
    """The zone of times written without one (syslog, chat, a CSV of local times)."""
    base: date | None = None
    """The date of times written without one (the incident's start date)."""
    grep: re.Pattern[str] | None = None
    time_column: str = ""
    event_column: str = ""
    pinned: bool = False
    """Slack: only pinned messages."""
    reaction: str = ""
    """Slack: only messages with this reaction."""
    progress: ProgressFn | None = None
    """Called with (lines done, lines in all) while a long source is read."""
    start: datetime | None = None
    """When the recording began (aware): WebVTT cue times are offsets from it."""

    def keeps(self, text: str) -> bool:
        """Whether --grep lets this text through."""
        return self.grep is None or self.grep.search(text) is not None


def report_progress(options: Options, done: int, total: int) -> None:
    """Tell the caller how far a long source is read (every 5,000 lines)."""
    if options.progress is not None and done % 5000 == 0:
        options.progress(done, total)


def locator(source: str, line: int) -> str:
    """FILE:LINE for the evidence column; "" for pasted text, which has no file to point at."""
    return f"{source}:{line}" if source else ""
