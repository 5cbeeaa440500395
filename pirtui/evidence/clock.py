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

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_KIBANA = re.compile(
    r"([A-Za-z]{3})[a-z]*\.? (\d{1,2}), (\d{4}) @ (\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?"
    r"(?:\s*(Z|[+-]\d{2}:?\d{2}))?"
)
"""Kibana / Elastic's default `MMM d, yyyy @ HH:mm:ss.SSS` ("Jun 8, 2021 @ 09:47:12.031")."""

_EPOCH = re.compile(r"(\d{9,19})(?:\.(\d{1,9}))?")
"""Seconds (10 digits today), milliseconds (13), microseconds (16) or nanoseconds (19) since 1970."""


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


def read_epoch(text: str | int | float) -> datetime | None:
    """A moment since 1970 in seconds ("1705329120.000200", Slack's `ts`), milliseconds (Grafana),
    microseconds (journald's `__REALTIME_TIMESTAMP`) or nanoseconds, told apart by the number of
    digits: a moment between 1973 and 2286 has 10 digits of seconds, 13 of ms, 16 of us, 19 of ns.
    """
    match = _EPOCH.fullmatch(str(text).strip())
    if match is None:
        return None
    whole, fraction = match[1], match[2] or ""
    digits = len(whole.lstrip("0")) or 1
    scale = 0 if digits <= 11 else 3 if digits <= 14 else 6 if digits <= 17 else 9
    if scale and fraction:
        return None  # "1623145632031.5" is no form any source writes
    if scale:
        whole, fraction = whole[: len(whole) - scale], whole[len(whole) - scale :]
    try:
        return datetime.fromtimestamp(int(whole or "0"), tz=timezone.utc).replace(
            microsecond=int((fraction + "000000")[:6]) if fraction else 0
        )
    except (OverflowError, OSError, ValueError):
        return None


def read_kibana(text: str, zone: tzinfo) -> datetime | None:
    """Kibana's `Jun 8, 2021 @ 09:47:12.031` (in the browser's zone, so in `zone`), or None."""
    match = _KIBANA.fullmatch(text.strip())
    if match is None or match[1].lower() not in _MONTHS:
        return None
    fraction = ((match[7] or "") + "000000")[:6]
    try:
        moment = datetime(
            int(match[3]), _MONTHS.index(match[1].lower()) + 1, int(match[2]),
            int(match[4]), int(match[5]), int(match[6] or 0), int(fraction),
        )
    except ValueError:
        return None
    if match[8]:
        return read_iso(moment.isoformat() + match[8], zone)
    return aware(moment, zone)


def kibana_prefix(text: str) -> tuple[str, str] | None:
    """A Kibana timestamp at the start of `text` and what follows it, or None."""
    match = _KIBANA.match(text)
    if match is None:
        return None
    return match.group(), text[match.end() :]


def nearest_year(month: int, day: int, near: date | None) -> int:
    """The year that puts month/day nearest to `near` (the incident's start): a "Dec 31" log line
    read for a Jan 1 incident is of the year before, a "Jan 1" line for a Dec 31 incident of the
    year after. Without `near`, this year."""
    if near is None:
        return date.today().year
    best, best_gap = near.year, None
    # Feb 29 exists one year in four (none in 2100): look as far as the nearest leap years.
    span = 1 if (month, day) != (2, 29) else 8
    for year in range(near.year - span, near.year + span + 1):
        try:
            gap = abs((date(year, month, day) - near).days)
        except ValueError:  # Feb 29 in a year without one
            continue
        if best_gap is None or gap < best_gap:
            best, best_gap = year, gap
    return best


def clock_prefix(text: str) -> tuple[str, str] | None:
    """A time of day at the start of `text` and what follows it, or None."""
    match = _CLOCK.match(text)
    if match is None:
        return None
    rest = text[match.end() :]
    if rest[:1].isalnum():  # "14:32abc" or "2:30pmx" is no time
        return None
    return match.group(), rest


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
    if found is None and _EPOCH.fullmatch(text):
        found = read_epoch(text)
    if found is None and "@" in text:
        found = read_kibana(text, zone)
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
    try:
        parsed.utcoffset()  # dateutil keeps an offset of a day or more ("+2400") that datetime refuses later
    except ValueError:
        return None
    return aware(parsed, zone)
