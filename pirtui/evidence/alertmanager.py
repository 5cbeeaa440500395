"""Prometheus Alertmanager webhook bodies (`version`, `status`, `alerts[]` with `status`, `labels`,
`annotations`, `startsAt`, `endsAt`, `generatorURL`, `fingerprint`): one body, a list of them, or one
per line as a receiver logs them.

An alert gives "ALERTNAME firing: SUMMARY" at `startsAt` (suggesting detected) and, once resolved,
"ALERTNAME resolved: SUMMARY" at `endsAt`. Alertmanager repeats a firing alert in every notification
of its group: each alert start and end is read once.
"""

from __future__ import annotations

from typing import Any

from pirtui.evidence import clock
from pirtui.evidence.jsontext import documents, mapping, text_of
from pirtui.evidence.rows import Candidate, NotThisFormat, Options, Parsed

NAME = "alertmanager"


def _bodies(text: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for document in documents(text):
        for body in document if isinstance(document, list) else [document]:
            if not (isinstance(body, dict) and isinstance(body.get("alerts"), list)):
                raise NotThisFormat("no webhook body with an alerts list")
            found.append(body)
    return found


def parse(text: str, source: str, options: Options) -> Parsed:
    """Every alert start and end in the notifications."""
    parsed = Parsed(NAME, source)
    seen: set[tuple[str, str, str]] = set()
    for body in _bodies(text):
        for alert in body["alerts"]:
            alert = mapping(alert)
            labels, notes = mapping(alert.get("labels")), mapping(alert.get("annotations"))
            name = text_of(labels.get("alertname")) or "alert"
            summary = text_of(notes.get("summary")) or text_of(notes.get("description"))
            key = text_of(alert.get("fingerprint")) or repr(sorted(labels.items()))
            link = text_of(alert.get("generatorURL")) or text_of(body.get("externalURL"))
            moments = [("firing", text_of(alert.get("startsAt")), "detected")]
            if text_of(alert.get("status")) == "resolved":
                moments.append(("resolved", text_of(alert.get("endsAt")), ""))
            for state, stamp, milestone in moments:
                if (key, state, stamp) in seen:
                    parsed.filtered += 1
                    continue
                seen.add((key, state, stamp))
                event = f"{name} {state}: {summary}" if summary else f"{name} {state}"
                if not options.keeps(event):
                    parsed.filtered += 1
                    continue
                moment = clock.read_iso(stamp, options.source_tz) if stamp else None
                why = "" if moment else f"no {'startsAt' if state == 'firing' else 'endsAt'}"
                keys = tuple(k for k in (name, text_of(alert.get("fingerprint"))) if k and k != "alert")
                parsed.rows.append(Candidate(moment, event, milestone, link, why, time_text=stamp, keys=keys))
    return parsed
