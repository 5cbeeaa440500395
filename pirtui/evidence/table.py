"""A CSV (or tab- or semicolon-separated) table with a time column and an event column.

The header names them ("time", "timestamp", "@timestamp", "date", "created_at", "occurred_at"...;
"event", "message", "description"...), or --time-column and --event-column do. A spreadsheet's
separate date and time columns ("Date" and "Time (UTC)") are read together, and a zone named in a
column's header ("Time (UTC)", "Timestamp [PST]") is the zone of its times. A "milestone" column and
an "evidence", "link" or "url" column are taken when present. Kibana's CSV export writes
`@timestamp` as "Jun 8, 2021 @ 09:47:12.031"; epoch seconds or milliseconds (Grafana) are read too.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import tzinfo

from pirtui.evidence import clock
from pirtui.evidence.milestones import suggest
from pirtui.evidence.rows import NO_START, Candidate, NotThisFormat, Options, Parsed, Unreadable, report_progress

NAME = "csv"

TIME_NAMES = (
    "time", "timestamp", "@timestamp", "datetime", "date_time", "when", "date", "created_at", "occurred_at",
    "created", "ts", "start", "time_of_day",
)
"""Header names of a time column, the likeliest first."""
DATE_NAMES = ("date", "day")
"""Header names of a column holding only the date, when another holds the time of day."""
CLOCK_NAMES = ("time", "time_of_day", "clock")
"""Header names of a column holding the time of day beside a date column."""
EVENT_NAMES = ("event", "message", "text", "what", "summary", "description", "details", "title", "msg")
EVIDENCE_NAMES = ("evidence", "link", "url", "source")

_ZONE_IN_HEADER = re.compile(r"\s*[(\[]\s*([^()\[\]]+?)\s*[)\]]\s*$")


def header_name(cell: str) -> tuple[str, str]:
    """("time", "UTC") from "Time (UTC)": the name as matched, and the zone the header names ("")."""
    zone = ""
    match = _ZONE_IN_HEADER.search(cell)
    if match:
        zone, cell = match[1], cell[: match.start()]
    return cell.strip().lower().replace(" ", "_"), zone


def _find(header: list[str], wanted: str, names: tuple[str, ...]) -> int | None:
    normal = [header_name(name)[0] for name in header]
    if wanted:
        key = header_name(wanted)[0]
        return normal.index(key) if key in normal else None
    for name in names:
        if name in normal:
            return normal.index(name)
    return None


def _zone(header: list[str], indexes: list[int | None], fallback: tzinfo) -> tzinfo:
    """The zone a header names for these columns ("Time (UTC)"), else `fallback`."""
    from pirtui.core.timeparse import resolve_timezone

    for index in indexes:
        if index is not None:
            named = header_name(header[index])[1]
            zone = _offset(named) or (resolve_timezone(named) if named else None)
            if zone is not None:
                return zone
    return fallback


def _offset(text: str) -> tzinfo | None:
    """ "UTC+2", "GMT-05:30", "+01:00" as the fixed offset people mean (not POSIX's reversed sign)."""
    from datetime import timedelta, timezone

    match = re.fullmatch(r"(?:UTC|GMT)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", text.strip(), re.IGNORECASE)
    if match is None:
        return None
    minutes = int(match[2]) * 60 + int(match[3] or 0)
    if minutes > 14 * 60:
        return None
    return timezone((-1 if match[1] == "-" else 1) * timedelta(minutes=minutes))


def _dialect(first: str) -> str:
    counts = {sep: first.count(sep) for sep in (",", "\t", ";")}
    best = max(counts, key=lambda sep: counts[sep])
    if not counts[best]:
        raise NotThisFormat("no comma, tab or semicolon in the first line")
    return best


def _columns(header: list[str], options: Options) -> tuple[int | None, int | None, int | None]:
    """(time or date column, time-of-day column beside a date column, event column)."""
    what = _find(header, options.event_column, EVENT_NAMES)
    if options.time_column:
        return _find(header, options.time_column, ()), None, what
    day, hour = _find(header, "", DATE_NAMES), _find(header, "", CLOCK_NAMES)
    if day is not None and hour is not None and day != hour:
        return day, hour, what
    return _find(header, "", TIME_NAMES), None, what


def parse(text: str, source: str, options: Options) -> Parsed:
    """Every data line of the table."""
    lines = text.splitlines()
    if not lines:
        raise NotThisFormat("empty")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(lines[0]))
    try:
        header = next(reader)
    except csv.Error as error:
        raise NotThisFormat(f"not CSV ({error})") from None
    at, clock_column, what = _columns(header, options)
    if at is None or what is None:
        missing = "time" if at is None else "event"
        asked = options.time_column if at is None else options.event_column
        raise NotThisFormat(f"no {missing} column {asked!r}" if asked else f"no {missing} column in the header")
    milestone = _find(header, "", ("milestone",))
    evidence = _find(header, "", EVIDENCE_NAMES)
    zone = _zone(header, [clock_column, at], options.source_tz)
    parsed = Parsed(NAME, source)
    try:
        for row in reader:
            number = reader.line_num
            report_progress(options, number, len(lines))
            if not any(value.strip() for value in row):
                continue
            _add(row, number, (at, clock_column, what, milestone, evidence), zone, options, parsed)
    except csv.Error as error:
        parsed.unreadable.append(Unreadable(reader.line_num, lines[min(reader.line_num, len(lines)) - 1], str(error)))
    return parsed


def _add(row: list[str], number: int, columns: tuple, zone: tzinfo, options: Options, parsed: Parsed) -> None:
    at, clock_column, what, milestone, evidence = columns

    def cell(index: int | None) -> str:
        return row[index] if index is not None and index < len(row) else ""

    event = cell(what)
    if not event.strip():
        parsed.unreadable.append(Unreadable(number, ",".join(row), "no event"))
        return
    if not options.keeps(event):
        parsed.filtered += 1
        return
    written = cell(at).strip()
    if clock_column is not None:
        written = f"{written} {cell(clock_column).strip()}".strip()
    moment = clock.read_any(written, options.base, zone)
    why = ""
    if moment is None:
        bare = clock.clock_prefix(written)
        why = "no time" if not written else NO_START if options.base is None and bare and not bare[1].strip() else "not a time"
    suggested = cell(milestone).strip().lower() or suggest(event)
    parsed.rows.append(Candidate(moment, event, suggested, cell(evidence), why, time_text=written, line=number))
