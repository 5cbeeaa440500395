"""Opsgenie alert logs (`GET /v2/alerts/{id}/logs`: `{"data": [{"log", "type", "owner", "createdAt",
"offset"}], "paging": ..., "took": ..., "requestId": ...}`), one page, pages one per line, or a list.

A log becomes its `log` text, kept exactly ("Alert acknowledged via Web", "Alert created via
Prometheus"), with the owner in front of a note ("alice: restarted db-1"). Words in the log suggest the
milestone (created -> detected, acknowledged -> responder engaged, closed -> resolved).
"""

from __future__ import annotations

import re
from typing import Any

from pirtui.evidence import clock
from pirtui.evidence.jsontext import documents, mapping, text_of
from pirtui.evidence.milestones import suggest
from pirtui.evidence.rows import Candidate, NotThisFormat, Options, Parsed

NAME = "opsgenie"

MILESTONES = (
    (re.compile(r"\balert created\b", re.IGNORECASE), "detected"),
    (re.compile(r"\backnowledged\b", re.IGNORECASE), "responder engaged"),
    (re.compile(r"\b(?:alert )?closed\b", re.IGNORECASE), "resolved"),
)


def _logs(document: Any) -> list[Any] | None:
    items = document.get("data") if isinstance(document, dict) else document
    if isinstance(items, list) and items and all(
        isinstance(i, dict) and "log" in i and "createdAt" in i for i in items
    ):
        return items
    return None


def parse(text: str, source: str, options: Options) -> Parsed:
    """Every log of every page."""
    pages = [_logs(document) for document in documents(text)]
    if not pages or any(page is None for page in pages):
        raise NotThisFormat("no data list of logs with log and createdAt (Opsgenie alert logs)")
    parsed = Parsed(NAME, source)
    for page in pages:
        for item in page or []:
            entry = mapping(item)
            log, owner = text_of(entry.get("log")), text_of(entry.get("owner"))
            event = f"{owner}: {log}" if text_of(entry.get("type")) == "note" and owner else log
            if not event.strip() or not options.keeps(event):
                parsed.filtered += 1
                continue
            stamp = text_of(entry.get("createdAt"))
            moment = clock.read_iso(stamp, options.source_tz) if stamp else None
            milestone = next((m for pattern, m in MILESTONES if pattern.search(log)), "") or suggest(event)
            parsed.rows.append(
                Candidate(moment, event, milestone, "", "" if moment else "no createdAt", time_text=stamp)
            )
    return parsed
