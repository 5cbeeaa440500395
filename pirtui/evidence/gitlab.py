"""GitLab incident timeline events, as the GraphQL API gives them (`timelineEvents { nodes { note
occurredAt action timelineEventTags { nodes { name } } } }`, anywhere in the response) or as a list
of events written with the database's names (`note`, `occurred_at`).

An event becomes its `note` (Markdown as written; `noteHtml` is never used) at `occurredAt`; its
tags give the milestone ("Start time" -> first impact, "Impact detected" -> detected, "Response
initiated" -> responder engaged, "Impact mitigated" -> mitigated, "Cause identified" -> root cause
identified, "End time" -> resolved).
"""

from __future__ import annotations

from typing import Any

from pirtui.evidence import clock
from pirtui.evidence.jsontext import documents, mapping, text_of
from pirtui.evidence.milestones import suggest
from pirtui.evidence.rows import Candidate, NotThisFormat, Options, Parsed

NAME = "gitlab"

TAGS = {
    "start time": "first impact",
    "impact detected": "detected",
    "response initiated": "responder engaged",
    "impact mitigated": "mitigated",
    "cause identified": "root cause identified",
    "end time": "resolved",
}


def _is_event(value: Any) -> bool:
    return isinstance(value, dict) and "note" in value and ("occurredAt" in value or "occurred_at" in value)


def _events(value: Any, depth: int = 0) -> list[dict[str, Any]]:
    """Every timeline event in a response, however deep the query put them."""
    if depth > 12:
        return []
    if isinstance(value, list):
        if value and all(_is_event(v) for v in value):
            return value
        return [e for v in value for e in _events(v, depth + 1)]
    if isinstance(value, dict):
        return [e for v in value.values() for e in _events(v, depth + 1)]
    return []


def _tags(event: dict[str, Any]) -> list[str]:
    tags = event.get("timelineEventTags") or event.get("timeline_event_tags") or []
    nodes = mapping(tags).get("nodes") if isinstance(tags, dict) else tags
    return [text_of(mapping(t).get("name")) or text_of(t) for t in nodes if isinstance(nodes, list)] if nodes else []


def parse(text: str, source: str, options: Options) -> Parsed:
    """Every timeline event in the document."""
    events = [e for document in documents(text) for e in _events(document)]
    if not events:
        raise NotThisFormat("no timeline events with note and occurredAt (GitLab)")
    parsed = Parsed(NAME, source)
    for event in events:
        note = text_of(event.get("note")).strip()
        if not note or not options.keeps(note):
            parsed.filtered += 1
            continue
        stamp = text_of(event.get("occurredAt")) or text_of(event.get("occurred_at"))
        moment = clock.read_iso(stamp, options.source_tz) if stamp else None
        milestone = next((TAGS[t.lower()] for t in _tags(event) if t.lower() in TAGS), "") or suggest(note)
        link = text_of(mapping(event.get("incident")).get("webUrl"))
        parsed.rows.append(Candidate(moment, note, milestone, link, "" if moment else "no occurredAt", time_text=stamp))
    return parsed
