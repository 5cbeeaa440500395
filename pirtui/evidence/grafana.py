"""Grafana annotations (`GET /api/annotations`: a list of `{"time", "timeEnd", "text", "tags",
"alertName", "newState", "dashboardUID", "panelId"}`), times in epoch milliseconds.

An annotation becomes its text (Grafana stores it as HTML-ish text: tags are taken out and entities
decoded, so no markup reaches the review), or "ALERTNAME: NEWSTATE" for an alert's state change; one
with a `timeEnd` after its `time` is a region and gives a second row at its end.
"""

from __future__ import annotations

import html
import re
from typing import Any

from pirtui.evidence import clock
from pirtui.evidence.jsontext import documents, mapping, text_of
from pirtui.evidence.milestones import suggest
from pirtui.evidence.rows import Candidate, NotThisFormat, Options, Parsed

NAME = "grafana"

_TAG = re.compile(r"<[^<>]*>")


def _annotations(document: Any) -> list[dict[str, Any]] | None:
    if isinstance(document, list) and document and all(
        isinstance(a, dict) and isinstance(a.get("time"), int) and ("text" in a or "alertName" in a) for a in document
    ):
        return document
    return None


def _plain(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def parse(text: str, source: str, options: Options) -> Parsed:
    """Every annotation (and the end of every region)."""
    found = [_annotations(document) for document in documents(text)]
    if not found or any(items is None for items in found):
        raise NotThisFormat("no list of annotations with time (epoch ms) and text (Grafana)")
    parsed = Parsed(NAME, source)
    for items in found:
        for item in items or []:
            item = mapping(item)
            alert, state = text_of(item.get("alertName")), text_of(item.get("newState"))
            event = _plain(text_of(item.get("text"))) or (f"{alert}: {state}" if alert else "")
            if not event or not options.keeps(event):
                parsed.filtered += 1
                continue
            keys = (alert,) if alert else ()
            start = clock.read_epoch(str(item["time"]))
            parsed.rows.append(Candidate(start, event, suggest(event), "", "" if start else "no time",
                                         time_text=str(item["time"]), keys=keys))
            end = item.get("timeEnd")
            if isinstance(end, int) and end > item["time"]:
                moment = clock.read_epoch(str(end))
                parsed.rows.append(Candidate(moment, f"{event} (ends)", "", "", "" if moment else "no timeEnd",
                                             time_text=str(end)))
    return parsed
