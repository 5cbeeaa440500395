"""Reading the timestamps sources write: ISO 8601 / RFC 3339, epoch seconds, syslog's and people's.

Every function returns an aware datetime or None. A time written without a zone is in the source's
zone (`Options.source_tz`); one written without a date is on `Options.base`.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone, tzinfo

_ISO = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s?(?:Z|[+-]\d{2}(?::?\d{2})?))?", re.IGNORECASE
)
"""An ISO 8601 / RFC 3339 timestamp (journalctl's short-iso writes +0000, Python logging 14:30:12,123)."""

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?")
"""A time of day: 14:32, 14:32:10, 2:32 PM, 2:32pm, 2:32 p.m."""


def aware(moment: datetime, zone: tzinfo) -> datetime:
    """The moment in its own zone, or in `zone` when it was written without one.

    A wall time that a DST change skips or repeats is read as zoneinfo reads it (fold 0: the first).
    """
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def iso_prefix(text: str) -> tuple[str, str] | None:
    """An ISO timestamp at the start of `text` and what follows it, or None."""
    match = _ISO.match(text)
    if match is None:
        return None
    return match.group(), text[match.end() :]


def read_iso(text: str, zone: tzinfo) -> datetime | None:
    """An ISO 8601 / RFC 3339 timestamp (a zoneless one is in `zone`)."""
    text = text.strip().replace(",", ".")
    if text[-1:] in "zZ":
        text = text[:-1] + "+00:00"
    text = re.sub(r"\s+([+-]\d)", r"\1", text)
    try:
        return aware(datetime.fromisoformat(text), zone)
    except ValueError:
        return None


def read_epoch(text: str) -> datetime | None:
    """Seconds since 1970 as Slack's `ts` writes them ("1705329120.000200")."""
    whole, _, fraction = str(text).strip().partition(".")
    if not whole.isdigit() or (fraction and not fraction.isdigit()):
        return None
    try:
        return datetime.fromtimestamp(int(whole), tz=timezone.utc).replace(
            microsecond=int((fraction + "000000")[:6]) if fraction else 0
        )
    except (OverflowError, OSError, ValueError):
        return None


def read_clock(text: str, on: date, zone: tzinfo) -> datetime | None:
    """A time of day ("14:32", "2:32 PM") on the date `on`, in `zone`."""
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        return None
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    half = (match[4] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    try:
        return datetime(on.year, on.month, on.day, hour, minute, second, tzinfo=zone)
    except ValueError:
        return None


def read_any(text: str, base: date | None, zone: tzinfo) -> datetime | None:
    """Whatever a person or a spreadsheet wrote (ISO, epoch, "Jan 15 2024 2:30 PM", "14:32")."""
    text = text.strip()
    if not text or not any(ch.isdigit() for ch in text):
        return None
    found = read_iso(text, zone) if _ISO.fullmatch(text) else None
    if found is None and re.fullmatch(r"\d{9,10}(?:\.\d+)?", text):
        found = read_epoch(text)
    if found is None and base is not None:
        found = read_clock(text, base, zone)
    if found is None:
        found = _read_with_dateutil(text, base, zone)
    return found


def _read_with_dateutil(text: str, base: date | None, zone: tzinfo) -> datetime | None:
    from dateutil import parser

    default = datetime(base.year, base.month, base.day) if base else datetime(1, 1, 1)
    try:
        parsed = parser.parse(text, default=default)
    except (ValueError, OverflowError, parser.ParserError):
        return None
    if parsed.year == 1:
        return None  # no date anywhere: not a moment
    return aware(parsed, zone)
