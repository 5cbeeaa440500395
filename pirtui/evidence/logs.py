"""Plain log lines: ISO 8601 / RFC 3339 timestamps, journalctl's short-iso, syslog's "Jan 15 14:30:12"
(RFC 3164: no year, so the year that puts the line nearest the incident) and Kibana's
"Jun 8, 2021 @ 09:47:12.031".

Each line that starts with a time (after an optional "<PRI>1 " of RFC 5424 or an opening bracket) is a
row whose event is the rest of the line, kept exactly; any other non-blank line is unreadable. The
evidence is FILE:LINE.
"""

from __future__ import annotations

import re
from datetime import datetime

from pirtui.evidence import clock
from pirtui.evidence.milestones import suggest
from pirtui.evidence.rows import Candidate, NotThisFormat, Options, Parsed, Unreadable, locator, report_progress

NAME = "log"

_LEAD = re.compile(r"(?:<\d{1,3}>\d?\s*|\[)?")
"""What may stand before the timestamp: RFC 5424's "<34>1 ", or "[" as in "[2024-01-15 14:30:12]"."""

_SYSLOG = re.compile(r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([ \d]\d) (\d{2}):(\d{2}):(\d{2})")
_EPOCH_PREFIX = re.compile(r"(\d{10}(?:\.\d{1,9})?|\d{13}|\d{16}|\d{19})(?=[\s,;|\]])")
"""A line that starts with epoch seconds (with a fraction), milliseconds, microseconds or nanoseconds."""
_MONTHS = {name: number for number, name in enumerate(_SYSLOG.pattern[1:48].split("|"), start=1)}


def read_line(text: str, options: Options) -> tuple[datetime | None, str, str] | None:
    """(moment, event, the time as written) for one log line, or None when it does not start with a time."""
    lead = _LEAD.match(text)
    body = text[lead.end() :] if lead else text
    found = clock.iso_prefix(body)
    if found is not None:
        stamp, rest = found
        return clock.read_iso(stamp, options.source_tz), _event(rest), stamp
    match = _SYSLOG.match(body)
    if match is not None:
        return _syslog_moment(match, options), _event(body[match.end() :]), match.group()
    epoch = _EPOCH_PREFIX.match(body)
    if epoch is not None:
        return clock.read_epoch(epoch[1]), _event(body[epoch.end() :]), epoch[1]
    kibana = clock.kibana_prefix(body)
    if kibana is not None:
        stamp, rest = kibana
        return clock.read_kibana(stamp, options.source_tz), _event(rest), stamp
    return None


def _event(rest: str) -> str:
    rest = rest.removeprefix("]") if rest.startswith("]") else rest
    return rest.strip(" \t")


def _syslog_moment(match: re.Match[str], options: Options) -> datetime | None:
    """A syslog time has no year or zone: the year nearest the incident, and the source's zone."""
    month, day = _MONTHS[match[1]], int(match[2])
    year = clock.nearest_year(month, day, options.base)
    try:
        return datetime(year, month, day, int(match[3]), int(match[4]), int(match[5]), tzinfo=options.source_tz)
    except ValueError:
        return None


def parse(text: str, source: str, options: Options) -> Parsed:
    """Every line of a log; NotThisFormat when not one line starts with a time."""
    parsed = Parsed(NAME, source)
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        report_progress(options, number, len(lines))
        if not line.strip():
            continue
        if not options.keeps(line):
            parsed.filtered += 1
            continue
        read = read_line(line, options)
        if read is None:
            parsed.unreadable.append(Unreadable(number, line, "no time at the start of the line"))
            continue
        moment, event, stamp = read
        if not event:
            parsed.unreadable.append(Unreadable(number, line, "nothing after the time"))
            continue
        parsed.rows.append(
            Candidate(
                moment, event, suggest(event), locator(source, number),
                "" if moment else "not a valid date and time", time_text=stamp, line=number,
            )
        )
    if not parsed.rows and parsed.unreadable:
        raise NotThisFormat("no line starts with an ISO 8601 or syslog time")
    return parsed
