"""WebVTT transcripts (a meeting recording's captions: Zoom, Teams, Meet write them).

A cue is an optional identifier line, "00:01:02.500 --> 00:01:05.000", and its text; the speaker is in
a voice span ("<v Alice>text</v>") or before a colon ("Alice: text"). Cue times are offsets from the
start of the recording, so they become moments only when the meeting's start is given
(`Options.start`, `--start`): without it the file is refused in one line rather than read as rows at
midnight.
"""

from __future__ import annotations

import html
import re
from datetime import timedelta

from pirtui.evidence.milestones import suggest
from pirtui.evidence.rows import Candidate, NotThisFormat, Options, Parsed, Refused, locator

NAME = "webvtt"

_TIMING = re.compile(r"((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})(?:\s.*)?")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
_TAG = re.compile(r"</?[a-z][^>]*>|<\d[^>]*>", re.IGNORECASE)

REFUSAL = (
    "a WebVTT transcript: its cue times are offsets from the recording's start; "
    "give the meeting's start to place them (--start 'YYYY-MM-DD HH:MM', or Start in the dialog)"
)


def offset(text: str) -> timedelta:
    """A cue time ("01:02:03.500", "02:03.500") as an offset from the recording's start."""
    parts = text.replace(",", ".").split(":")
    seconds = float(parts[-1])
    minutes = int(parts[-2])
    hours = int(parts[-3]) if len(parts) > 2 else 0
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


def _speaker_text(lines: list[str]) -> str:
    """The cue's text as "Speaker: words", its markup taken out and its entities decoded."""
    joined = " ".join(line.strip() for line in lines if line.strip())
    voice = _VOICE.search(joined)
    speaker = voice[1].strip() if voice else ""
    words = html.unescape(_TAG.sub("", joined)).strip()
    return f"{speaker}: {words}" if speaker else words


def parse(text: str, source: str, options: Options) -> Parsed:
    """Every cue at start + its offset; `Refused` without a start."""
    lines = text.splitlines()
    if not lines or not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
        raise NotThisFormat("no WEBVTT header")
    if options.start is None:
        raise Refused(REFUSAL)
    parsed = Parsed(NAME, source)
    index = 1
    while index < len(lines):
        timing = _TIMING.fullmatch(lines[index].strip())
        if timing is None:
            index += 1
            continue
        number = index + 1
        body: list[str] = []
        index += 1
        while index < len(lines) and lines[index].strip():
            body.append(lines[index])
            index += 1
        event = _speaker_text(body)
        if not event or not options.keeps(event):
            parsed.filtered += 1
            continue
        moment = options.start + offset(timing[1])
        parsed.rows.append(
            Candidate(moment, event, suggest(event), locator(source, number), time_text=timing[1], line=number)
        )
    return parsed
