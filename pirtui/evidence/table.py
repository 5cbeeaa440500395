"""A CSV (or tab- or semicolon-separated) table with a time column and an event column.

The header names them ("time", "timestamp", "date"...; "event", "message", "description"...), or
--time-column and --event-column do. A "milestone" column and an "evidence", "link" or "url" column
are taken when present.
"""

from __future__ import annotations

import csv
import io

from pirtui.evidence import clock
from pirtui.evidence.milestones import suggest
from pirtui.evidence.rows import Candidate, NotThisFormat, Options, Parsed, Unreadable, report_progress

NAME = "csv"

TIME_NAMES = ("time", "timestamp", "datetime", "date_time", "when", "date", "created_at", "created", "ts", "start")
EVENT_NAMES = ("event", "message", "text", "what", "summary", "description", "details", "title", "msg")
EVIDENCE_NAMES = ("evidence", "link", "url", "source")


def _find(header: list[str], wanted: str, names: tuple[str, ...]) -> int | None:
    normal = [name.strip().lower().replace(" ", "_") for name in header]
    if wanted:
        key = wanted.strip().lower().replace(" ", "_")
        return normal.index(key) if key in normal else None
    for name in names:
        if name in normal:
            return normal.index(name)
    return None


def _dialect(first: str) -> str:
    counts = {sep: first.count(sep) for sep in (",", "\t", ";")}
    best = max(counts, key=lambda sep: counts[sep])
    if not counts[best]:
        raise NotThisFormat("no comma, tab or semicolon in the first line")
    return best


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
    at = _find(header, options.time_column, TIME_NAMES)
    what = _find(header, options.event_column, EVENT_NAMES)
    if at is None or what is None:
        missing = "time" if at is None else "event"
        asked = options.time_column if at is None else options.event_column
        raise NotThisFormat(f"no {missing} column {asked!r}" if asked else f"no {missing} column in the header")
    milestone = _find(header, "", ("milestone",))
    evidence = _find(header, "", EVIDENCE_NAMES)
    parsed = Parsed(NAME, source)
    try:
        for row in reader:
            number = reader.line_num
            report_progress(options, number, len(lines))
            if not any(value.strip() for value in row):
                continue
            _add(row, number, (at, what, milestone, evidence), options, parsed)
    except csv.Error as error:
        parsed.unreadable.append(Unreadable(reader.line_num, lines[min(reader.line_num, len(lines)) - 1], str(error)))
    return parsed


def _add(row: list[str], number: int, columns: tuple, options: Options, parsed: Parsed) -> None:
    at, what, milestone, evidence = columns

    def cell(index: int | None) -> str:
        return row[index] if index is not None and index < len(row) else ""

    event = cell(what)
    if not event.strip():
        parsed.unreadable.append(Unreadable(number, ",".join(row), "no event"))
        return
    if not options.keeps(event):
        parsed.filtered += 1
        return
    written = cell(at)
    moment = clock.read_any(written, options.base, options.source_tz)
    why = "" if moment else ("no time" if not written.strip() else "not a time")
    suggested = cell(milestone).strip().lower() or suggest(event)
    parsed.rows.append(Candidate(moment, event, suggested, cell(evidence), why, time_text=written, line=number))
