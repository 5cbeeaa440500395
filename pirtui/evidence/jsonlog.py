"""Structured logs as JSON: one object per line (JSON Lines, as log shippers and `logcli --output
jsonl` write them), a list of objects, or an Elasticsearch search response (`hits.hits[]._source`).

An object is a row when it has a time (`@timestamp`, `timestamp`, `time`, `ts`, `date`: ISO 8601 or
epoch seconds / milliseconds / microseconds) and a message (`message`, `msg`, `log`, `line`, `text`);
its event is the message, kept exactly, after the level when one is given ("ERROR: ...").
"""

from __future__ import annotations

from typing import Any

from pirtui.evidence import clock
from pirtui.evidence.jsontext import documents, mapping, text_of
from pirtui.evidence.milestones import suggest
from pirtui.evidence.rows import Candidate, NotThisFormat, Options, Parsed

NAME = "jsonlog"

TIME_KEYS = ("@timestamp", "timestamp", "time", "ts", "date", "datetime", "created_at", "eventTime")
MESSAGE_KEYS = ("message", "msg", "log", "line", "text", "event")
LEVEL_KEYS = ("level", "severity", "log.level", "levelname")


def _objects(document: Any) -> list[Any]:
    hits = mapping(mapping(document).get("hits")).get("hits")
    if isinstance(hits, list):
        return [mapping(hit).get("_source", hit) for hit in hits]
    return document if isinstance(document, list) else [document]


def _first(entry: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((entry[key] for key in keys if key in entry and entry[key] not in ("", None)), None)


def _moment(value: Any, options: Options):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        text = f"{value:.6f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
        return clock.read_epoch(text)
    return clock.read_any(text_of(value), options.base, options.source_tz) if isinstance(value, str) else None


def parse(text: str, source: str, options: Options) -> Parsed:
    """Every object with a time and a message."""
    objects = [mapping(o) for document in documents(text) for o in _objects(document)]
    if not any(_first(o, TIME_KEYS) is not None and text_of(_first(o, MESSAGE_KEYS)) for o in objects):
        raise NotThisFormat("no objects with a time (@timestamp, time, ts) and a message (message, msg)")
    parsed = Parsed(NAME, source)
    for entry in objects:
        message = text_of(_first(entry, MESSAGE_KEYS))
        if not message.strip():
            parsed.filtered += 1
            continue
        level = text_of(_first(entry, LEVEL_KEYS))
        event = f"{level.upper()}: {message}" if level else message
        if not options.keeps(event):
            parsed.filtered += 1
            continue
        stamp = _first(entry, TIME_KEYS)
        moment = _moment(stamp, options)
        parsed.rows.append(Candidate(moment, event, suggest(event), "", "" if moment else "no readable time",
                                     time_text=str(stamp if stamp is not None else "")))
    return parsed
