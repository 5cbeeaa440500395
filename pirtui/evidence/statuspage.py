"""Atlassian Statuspage incidents: the API's incident (`{"incident": {...}}`, an incident object, or a
list of them; the public `/api/v2/incidents.json` gives `{"page": ..., "incidents": [...]}`), each
with `name`, `shortlink` and `incident_updates` (`status`, `body`, `display_at`, `created_at`).

An update becomes "Status page NAME: STATUS: BODY" at `display_at` (when it was shown; else
`created_at`); "resolved" suggests resolved, "identified" root cause identified, "monitoring"
mitigated. The evidence is the incident's shortlink.
"""

from __future__ import annotations

from typing import Any

from pirtui.evidence import clock
from pirtui.evidence.jsontext import documents, mapping, text_of
from pirtui.evidence.rows import Candidate, NotThisFormat, Options, Parsed

NAME = "statuspage"

MILESTONES = {"identified": "root cause identified", "monitoring": "mitigated", "resolved": "resolved"}


def _incidents(document: Any) -> list[dict[str, Any]] | None:
    if isinstance(document, dict) and isinstance(document.get("incidents"), list):
        items = document["incidents"]
    elif isinstance(document, dict) and isinstance(document.get("incident"), dict):
        items = [document["incident"]]
    else:
        items = document if isinstance(document, list) else [document]
    if items and all(isinstance(i, dict) and isinstance(i.get("incident_updates"), list) for i in items):
        return items
    return None


def parse(text: str, source: str, options: Options) -> Parsed:
    """Every update of every incident."""
    found = [_incidents(document) for document in documents(text)]
    if not found or any(incidents is None for incidents in found):
        raise NotThisFormat("no incidents with incident_updates (Statuspage)")
    parsed = Parsed(NAME, source)
    for incidents in found:
        for incident in incidents or []:
            name = text_of(incident.get("name"))
            link = text_of(incident.get("shortlink"))
            for item in incident["incident_updates"]:
                update = mapping(item)
                status, body = text_of(update.get("status")), text_of(update.get("body"))
                event = f"Status page {name}: {status}: {body}" if name else f"Status page {status}: {body}"
                if not options.keeps(event):
                    parsed.filtered += 1
                    continue
                stamp = text_of(update.get("display_at")) or text_of(update.get("created_at"))
                moment = clock.read_iso(stamp, options.source_tz) if stamp else None
                parsed.rows.append(Candidate(
                    moment, event, MILESTONES.get(status, ""), link, "" if moment else "no display_at",
                    time_text=stamp,
                ))
    return parsed
