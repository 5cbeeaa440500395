"""Zoom's saved in-meeting chat ("Save chat" writes a .txt next to the recording).

Each message starts with a line "HH:MM:SS From NAME to Everyone:" and its text follows on the next
lines, indented with a tab; older clients wrote one line, "HH:MM:SS\\t From  NAME : TEXT". A direct
message ("to NAME (Direct Message)", "(privately)") is between two people, not the meeting's record,
and a reaction ("Reacted to "..." with 👍") is no event: both are left out (counted as left out).

Times are of the day, on the incident's start date in the source's zone, and move to the next day
when one is more than 12 hours before the message above it (a meeting across midnight).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from pirtui.evidence import clock
from pirtui.evidence.milestones import suggest
from pirtui.evidence.rows import NO_START, Candidate, NotThisFormat, Options, Parsed, Unreadable, locator

NAME = "zoom"

HEADER = re.compile(r"(\d{1,2}:\d{2}:\d{2})\s+From\s+(.+?)\s+to\s+(.+?)\s*:\s*")
"""The line that opens a message (current clients): time, sender, audience."""
_OLD = re.compile(r"(\d{1,2}:\d{2}:\d{2})\t\s*From\s+(.+?)(?:\s+to\s+(.+?))?\s+:\s?(.*)")
"""One line per message (older clients): "14:02:11\\t From  Alice : text"."""
_PRIVATE = re.compile(r"direct message|privately", re.IGNORECASE)
_REACTION = re.compile(r"(?:Reacted to |Removed a .* reaction from ).*", re.DOTALL)
_NEXT_DAY = timedelta(hours=12)


def looks_like(text: str) -> bool:
    """Whether the text has a Zoom message line (the chat transcript reader leaves it to this one)."""
    return any(HEADER.fullmatch(line) or _OLD.fullmatch(line) for line in text.splitlines()[:400])


def _messages(lines: list[str]) -> list[tuple[int, str, str, str, list[str]]]:
    """(line number, time, sender, audience, text lines) of every message; other lines are None."""
    found: list[tuple[int, str, str, str, list[str]]] = []
    for number, line in enumerate(lines, start=1):
        header = HEADER.fullmatch(line)
        old = None if header else _OLD.fullmatch(line)
        if header:
            found.append((number, header[1], header[2], header[3], []))
        elif old:
            found.append((number, old[1], old[2], old[3] or "Everyone", [old[4]]))
        elif found and (line.startswith(("\t", " ")) or not line.strip()):
            found[-1][4].append(line[1:] if line.startswith("\t") else line.strip())
        else:
            found.append((number, "", "", "", [line]))
    return found


def parse(text: str, source: str, options: Options) -> Parsed:
    """Every message to everyone; NotThisFormat when no line opens a Zoom message."""
    if not looks_like(text):
        raise NotThisFormat('no "HH:MM:SS From NAME to Everyone:" line')
    parsed = Parsed(NAME, source)
    previous: datetime | None = None
    day = options.base
    for number, time_text, sender, audience, body in _messages(text.splitlines()):
        said = "\n".join(body).strip()
        if not time_text:
            if said:
                parsed.unreadable.append(Unreadable(number, body[0], "not a Zoom chat line"))
            continue
        if _PRIVATE.search(audience) or _REACTION.fullmatch(said) or not said:
            parsed.filtered += 1
            continue
        event = f"{sender}: {said}"
        if not options.keeps(event):
            parsed.filtered += 1
            continue
        moment = clock.read_clock(time_text, day, options.source_tz) if day else None
        if moment is not None and previous is not None and previous - moment > _NEXT_DAY:
            moment += timedelta(days=1)
        if moment is not None:
            day, previous = moment.date(), moment
        why = "" if moment else (NO_START if day is None else "not a time")
        parsed.rows.append(
            Candidate(moment, event, suggest(event), locator(source, number), why, time_text=time_text, line=number)
        )
    return parsed
