"""`journalctl -o json` (one JSON object per line) and `-o json-pretty` (objects one after another).

An entry's moment is `__REALTIME_TIMESTAMP` (microseconds since 1970, as a string), else
`_SOURCE_REALTIME_TIMESTAMP`; its event is "IDENTIFIER[PID]: MESSAGE" as `journalctl` shows it, the
identifier from `SYSLOG_IDENTIFIER` (else `_COMM`). A MESSAGE journald could not store as UTF-8
comes as a list of byte values and is decoded with replacement characters, never dropped. The evidence
is FILE:LINE and the host.
"""

from __future__ import annotations

import json
from typing import Any

from pirtui.evidence import clock
from pirtui.evidence.jsontext import mapping, text_of
from pirtui.evidence.milestones import suggest
from pirtui.evidence.rows import Candidate, NotThisFormat, Options, Parsed, Unreadable, locator, report_progress

NAME = "journald"


def _message(value: Any) -> str:
    if isinstance(value, list) and all(isinstance(b, int) and 0 <= b < 256 for b in value):
        return bytes(value).decode("utf-8", errors="replace")
    return text_of(value)


def _entries(text: str) -> list[tuple[int, Any]]:
    """(line, object) for each entry: one per line, or pretty-printed ones back to back."""
    decoder = json.JSONDecoder()
    found: list[tuple[int, Any]] = []
    position, length = 0, len(text)
    while True:
        while position < length and text[position].isspace():
            position += 1
        if position >= length:
            return found
        line = text.count("\n", 0, position) + 1
        try:
            value, position = decoder.raw_decode(text, position)
        except (json.JSONDecodeError, RecursionError):
            end = text.find("\n", position)
            found.append((line, None))
            if end < 0:
                return found
            position = end + 1
            continue
        found.append((line, value))


def parse(text: str, source: str, options: Options) -> Parsed:
    """Every entry; NotThisFormat when no object has a __REALTIME_TIMESTAMP and a MESSAGE."""
    if not text.lstrip().startswith("{"):
        raise NotThisFormat("not JSON objects")
    entries = _entries(text)
    if not any(isinstance(v, dict) and "__REALTIME_TIMESTAMP" in v and "MESSAGE" in v for _, v in entries):
        raise NotThisFormat("no entry with __REALTIME_TIMESTAMP and MESSAGE (journalctl -o json)")
    parsed = Parsed(NAME, source)
    lines = text.splitlines()
    for number, value in entries:
        report_progress(options, number, len(lines))
        entry = mapping(value)
        message = _message(entry.get("MESSAGE"))
        if not entry or not message.strip():
            shown = lines[number - 1] if number <= len(lines) else ""
            parsed.unreadable.append(Unreadable(number, shown, "not a journal entry with a MESSAGE"))
            continue
        who = text_of(entry.get("SYSLOG_IDENTIFIER")) or text_of(entry.get("_COMM"))
        pid = text_of(entry.get("SYSLOG_PID")) or text_of(entry.get("_PID"))
        event = f"{who}[{pid}]: {message}" if who and pid else f"{who}: {message}" if who else message
        if not options.keeps(event):
            parsed.filtered += 1
            continue
        stamp = text_of(entry.get("__REALTIME_TIMESTAMP")) or text_of(entry.get("_SOURCE_REALTIME_TIMESTAMP"))
        moment = clock.read_epoch(stamp) if stamp.isdigit() and len(stamp) >= 15 else None
        host = text_of(entry.get("_HOSTNAME"))
        where = locator(source, number)
        evidence = f"{where} ({host})" if where and host else where or host
        parsed.rows.append(
            Candidate(moment, event, suggest(event), evidence, "" if moment else "no __REALTIME_TIMESTAMP",
                      time_text=stamp, line=number)
        )
    return parsed
