"""PagerDuty: an incident's log entries from the REST API (`GET /incidents/{id}/log_entries` or
`/log_entries`: `{"log_entries": [...]}`), its notes (`GET /incidents/{id}/notes`: `{"notes": [{"user",
"channel", "content", "created_at"}]}`) and the incidents CSV export of the web app.

A log entry becomes its `summary` ("Acknowledged by Alice"), kept exactly, at `created_at`; its
`type` suggests the milestone. A note, or an `annotate_log_entry` that carries the note's text
(`channel.summary`, `content`), becomes "Note by NAME: TEXT": the words are the point of a note. The
evidence is the incident's `html_url`. The incident's number ("#1234") and `incident_key` /
`dedup_key` name the page, so that the same page seen in Slack or Alertmanager is one row.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

from pirtui.evidence import clock
from pirtui.evidence.jsontext import documents, mapping, text_of
from pirtui.evidence.rows import Candidate, NotThisFormat, Options, Parsed, Unreadable

NAME = "pagerduty"

MILESTONES = {
    "trigger_log_entry": "detected",
    "acknowledge_log_entry": "responder engaged",
    "resolve_log_entry": "resolved",
}
"""Log entry types and the milestone each suggests."""


def _entries(document: Any) -> list[Any] | None:
    if isinstance(document, dict) and isinstance(document.get("log_entries"), list):
        return document["log_entries"]
    if isinstance(document, dict) and isinstance(document.get("log_entry"), dict):
        return [document["log_entry"]]
    if isinstance(document, list) and document and all(
        isinstance(e, dict) and text_of(e.get("type")).endswith("_log_entry") for e in document
    ):
        return document
    return None


def _notes(document: Any) -> list[Any] | None:
    if isinstance(document, dict) and isinstance(document.get("notes"), list):
        return document["notes"]
    if isinstance(document, dict) and isinstance(document.get("note"), dict):
        return [document["note"]]
    return None


def parse(text: str, source: str, options: Options) -> Parsed:
    """Log entries or notes, from one API page, a list of pages, or a list of entries."""
    parsed = Parsed(NAME, source)
    for document in documents(text):
        entries, notes = _entries(document), _notes(document)
        if entries is None and notes is None:
            raise NotThisFormat("no log_entries or notes (PagerDuty's incident log or notes)")
        for entry in entries or []:
            _add(mapping(entry), options, parsed)
        for note in notes or []:
            _add_note(mapping(note), options, parsed)
    return parsed


def _keys(incident: dict[str, Any], entry: dict[str, Any]) -> tuple[str, ...]:
    """What names the page: "#NUMBER", the incident key, the alert name in the incident's title."""
    import re

    keys: list[str] = []
    number = incident.get("incident_number")
    if isinstance(number, int):
        keys.append(f"#{number}")
    title = text_of(incident.get("summary")) or text_of(incident.get("title"))
    match = re.match(r"\[#(\d+)\]\s*(.*)", title)
    if match:
        keys.append(f"#{match[1]}")
        title = match[2]
    title = re.sub(r"^(?:\[[^\]]*\]\s*)+", "", title)
    if title.split():
        keys.append(title.split()[0].rstrip(":"))
    for name in ("incident_key", "dedup_key"):
        key = text_of(incident.get(name)) or text_of(entry.get(name))
        if key:
            keys.append(key)
    return tuple(dict.fromkeys(keys))


def _note_text(entry: dict[str, Any]) -> str:
    channel = mapping(entry.get("channel"))
    return (
        text_of(entry.get("content")) or text_of(mapping(entry.get("note")).get("content"))
        or text_of(channel.get("content")) or text_of(channel.get("notes"))
        or (text_of(channel.get("summary")) if text_of(channel.get("type")) in ("note", "") else "")
    )


def _add(entry: dict[str, Any], options: Options, parsed: Parsed) -> None:
    kind = text_of(entry.get("type"))
    event = text_of(entry.get("summary")) or kind.removesuffix("_log_entry").replace("_", " ")
    if kind == "annotate_log_entry":
        said = _note_text(entry)
        who = text_of(mapping(entry.get("agent")).get("summary"))
        if said and said not in event:
            event = f"Note by {who}: {said}" if who else f"{event}: {said}"
    if not options.keeps(event):
        parsed.filtered += 1
        return
    stamp = text_of(entry.get("created_at"))
    moment = clock.read_iso(stamp, options.source_tz) if stamp else None
    incident = mapping(entry.get("incident"))
    link = text_of(incident.get("html_url")) or text_of(entry.get("html_url"))
    parsed.rows.append(Candidate(
        moment, event, MILESTONES.get(kind, ""), link, "" if moment else "no created_at", time_text=stamp,
        keys=_keys(incident, entry),
    ))


def _add_note(note: dict[str, Any], options: Options, parsed: Parsed) -> None:
    said = text_of(note.get("content"))
    who = text_of(mapping(note.get("user")).get("summary"))
    event = f"Note by {who}: {said}" if who else f"Note: {said}"
    if not said.strip() or not options.keeps(event):
        parsed.filtered += 1
        return
    stamp = text_of(note.get("created_at"))
    moment = clock.read_iso(stamp, options.source_tz) if stamp else None
    parsed.rows.append(Candidate(moment, event, "", "", "" if moment else "no created_at", time_text=stamp))


def _column(header: dict[str, str], *names: str) -> str:
    for name in names:
        if name in header:
            return header[name]
    return ""


def parse_csv(text: str, source: str, options: Options) -> Parsed:
    """The incidents CSV export: each incident gives its trigger, first acknowledgement and resolution."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        first = next(reader, [])
    except csv.Error as error:
        raise NotThisFormat(f"not CSV ({error})") from None
    header = {name.strip().lower().replace(" ", "_"): name for name in first}
    created = _column(header, "created_on", "created_at", "created")
    if not created or not _column(header, "incident_number", "id", "incident_id"):
        raise NotThisFormat("no created_on and incident_number columns (PagerDuty's incidents CSV)")
    index = {name: position for position, name in enumerate(first)}
    parsed = Parsed(NAME, source)

    def cell(row: list[str], *names: str) -> str:
        column = _column(header, *names)
        return row[index[column]] if column and index[column] < len(row) else ""

    try:
        for row in reader:
            _add_incident(row, reader.line_num, cell, options, parsed)
    except csv.Error as error:
        parsed.unreadable.append(Unreadable(reader.line_num, "", f"not CSV: {error}"))
    return parsed


def _add_incident(row: list[str], number: int, cell, options: Options, parsed: Parsed) -> None:
    """One incident of the CSV: its trigger, first acknowledgement and resolution."""
    if not any(value.strip() for value in row):
        return
    what = cell(row, "description", "title", "summary")
    label = f"Incident #{cell(row, 'incident_number', 'id', 'incident_id')}"
    link = cell(row, "html_url", "url", "link")
    if not options.keeps(f"{label} {what}"):
        parsed.filtered += 1
        return
    start = clock.read_any(cell(row, "created_on", "created_at", "created"), options.base, options.source_tz)
    if start is None:
        parsed.unreadable.append(Unreadable(number, ",".join(row), "no readable created_on"))
        return
    parsed.rows.append(Candidate(start, f"{label} triggered: {what}", "detected", link, line=number))
    ack = cell(row, "seconds_to_first_ack", "time_to_first_ack")
    if ack.strip().replace(".", "", 1).isdigit():
        at = start + timedelta(seconds=float(ack))
        parsed.rows.append(Candidate(at, f"{label} acknowledged", "responder engaged", link, line=number))
    resolved = clock.read_any(cell(row, "resolved_on", "resolved_at"), options.base, options.source_tz)
    if resolved is not None:
        parsed.rows.append(Candidate(resolved, f"{label} resolved", "resolved", link, line=number))
