"""A chat transcript pasted by hand: "[14:32] alice: restarted db-1", "alice 2:32 PM restarted db-1",
"14:32 restarted db-1", with an optional date ("[2024-01-15 14:32]").

Times of day are on the incident's start date, in the source's zone, and move to the next day when
one is more than 12 hours before the line above it (a transcript across midnight). A line that holds
only a date ("2024-01-16", "--- Tuesday, January 16 ---") sets the date of the lines after it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from pirtui.evidence import clock
from pirtui.evidence.milestones import suggest
from pirtui.evidence.rows import NO_START, Candidate, NotThisFormat, Options, Parsed, Unreadable, locator, report_progress

NAME = "chat"

_DATE = r"(?:(\d{4}-\d{2}-\d{2})[ T])?"
_TIME = r"(\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?)"
_BRACKETED = re.compile(rf"\[{_DATE}{_TIME}\]\s*(.*)")
_NAME_FIRST = re.compile(rf"([^\s\[\]:]+)\s+{_TIME}\s+(.*)")
_TIME_FIRST = re.compile(rf"{_DATE}{_TIME}(?![\w:])\s*(?:[-|]\s+)?(.*)")
_NEXT_DAY = timedelta(hours=12)


def _split(line: str) -> tuple[str | None, str, str] | None:
    """(date, time, event) of a chat line, or None."""
    match = _BRACKETED.fullmatch(line)
    if match:
        return match[1], match[2], match[3]
    match = _NAME_FIRST.fullmatch(line)
    if match and re.search(r"[AaPp]\.?[Mm]", match[2]):
        return None, match[2], f"{match[1]}: {match[3]}"
    match = _TIME_FIRST.fullmatch(line)
    if match:
        return match[1], match[2], match[3]
    return None


def _date_line(line: str) -> date | None:
    """The date a heading line holds ("2024-01-16", "--- Tuesday, January 16, 2024 ---"), or None."""
    from pirtui.core.timeparse import parse_date

    core = line.strip("-=*# \t")
    if not core or re.search(r"\d:\d", core) or len(core) > 40:
        return None
    return parse_date(core)


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse(text: str, source: str, options: Options) -> Parsed:
    """Every line of a transcript; NotThisFormat when not one line has a time."""
    from pirtui.evidence import zoom

    if zoom.looks_like(text):
        raise NotThisFormat("a Zoom saved chat (read as zoom)")
    parsed = Parsed(NAME, source)
    day = options.base
    previous: datetime | None = None
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        report_progress(options, number, len(lines))
        stripped = line.strip()
        if not stripped:
            continue
        split = _split(line.lstrip())
        if split is None:
            heading = _date_line(stripped)
            if heading is not None:
                day, previous = heading, None
                parsed.markers.append(number)
            else:
                parsed.unreadable.append(Unreadable(number, line, "no time at the start of the line"))
            continue
        if not options.keeps(line):
            parsed.filtered += 1
            continue
        written_date, time_text, event = split
        if not event.strip():
            parsed.unreadable.append(Unreadable(number, line, "nothing after the time"))
            continue
        on = _iso_date(written_date) if written_date else day
        moment = clock.read_clock(time_text, on, options.source_tz) if on else None
        if moment is not None and not written_date and previous is not None and previous - moment > _NEXT_DAY:
            moment += timedelta(days=1)
        if moment is not None:
            day, previous = moment.date(), moment
        why = ""
        if moment is None:
            why = NO_START if on is None else "not a time"
        parsed.rows.append(
            Candidate(moment, event, suggest(event), locator(source, number), why, time_text=time_text, line=number)
        )
    if not parsed.rows:
        raise NotThisFormat("no line starts with a time such as [14:32] or 2:32 PM")
    return parsed
