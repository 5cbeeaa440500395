"""Reading the dates, times and durations people type into a review.

Nothing here changes what was typed: each function returns a parsed value, or None when the text
cannot be read, and the checks turn None into a finding. python-dateutil does the reading for every
form that is not one of the few the template itself uses.
"""

from __future__ import annotations

import math
import re
import zoneinfo
from functools import lru_cache
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo


APPROXIMATE_MARKS = ("~", "±", "+-", "≈", "approximately", "approx.", "approx", "ca.", "circa", "about", "around")
"""Prefixes people use for times they are not sure of ("~23:00", "±17:20"); longest first."""
APPROXIMATE_SIGNS = ("~", "±", "≈")

TIMEZONE_ABBREVIATIONS: dict[str, str] = {
    "UTC": "UTC",
    "GMT": "Etc/GMT",
    "Z": "UTC",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "PT": "America/Los_Angeles",
    "MST": "America/Denver",
    "MDT": "America/Denver",
    "CST": "America/Chicago",
    "CDT": "America/Chicago",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "ET": "America/New_York",
    "CET": "Europe/Paris",
    "CEST": "Europe/Paris",
    "BST": "Europe/London",
    "WET": "Europe/Lisbon",
    "EET": "Europe/Athens",
    "IST": "Asia/Kolkata",
    "JST": "Asia/Tokyo",
    "KST": "Asia/Seoul",
    "SGT": "Asia/Singapore",
    "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney",
    "NZST": "Pacific/Auckland",
}
"""Common abbreviations and the IANA zone they stand for in a review."""

_HH_MM = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_OFFSET_LABEL = re.compile(r"(?<=\d)\s+[+-]\d{2}:\d{2}$")
_ISO_DATE_TIME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")
_MM_DD_HH_MM = re.compile(r"^(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DURATION_PART = re.compile(
    r"(\d+(?:\.\d+)?)\s*(d|days?|h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)(?![a-z])", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class When:
    """A moment read from a review: naive, in the review's own timezone."""

    at: datetime
    approximate: bool = False
    """Typed as "~23:00" or "±17:20": shown as approximate, never made exact."""
    has_date: bool = True
    """False when only a time of day was typed and the date was taken from context."""


def split_approximate(text: str) -> tuple[str, bool]:
    """The text without its approximation mark, and whether it had one.

    A word mark counts at the start only; a sign ("~", "±", "≈") anywhere, as in "10-21 ~22:54".
    """
    stripped = text.strip()
    lowered = stripped.lower()
    for mark in APPROXIMATE_MARKS:
        if lowered.startswith(mark):
            return stripped[len(mark) :].strip(), True
    if any(sign in stripped for sign in APPROXIMATE_SIGNS):
        for sign in APPROXIMATE_SIGNS:
            stripped = stripped.replace(sign, "")
        return " ".join(stripped.split()), True
    return stripped, False


def resolve_timezone(name: str) -> tzinfo | None:
    """The tzinfo for an IANA name or a common abbreviation; None when it is unknown.

    The system's zone database (zoneinfo) answers first; dateutil, with its own copy of the database
    and its reading of POSIX TZ strings, only when that fails, because importing it costs some 3 MB.
    """
    name = name.strip()
    if not name or name.startswith("/") or ".." in name or "\0" in name:
        return None  # a file path, not a zone name: dateutil would try to open it
    iana = TIMEZONE_ABBREVIATIONS.get(name.upper(), name)
    try:
        return zoneinfo.ZoneInfo(iana)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        pass
    from dateutil import tz

    try:
        return tz.gettz(iana)
    except (ValueError, OSError):
        return None


def repeated(local: datetime, zone: tzinfo) -> bool:
    """Whether this wall time happens twice in the zone (the hour a clock falls back)."""
    first, second = local.replace(tzinfo=zone, fold=0), local.replace(tzinfo=zone, fold=1)
    return first.utcoffset() != second.utcoffset()


def zone_label(moment: datetime) -> str:
    """The zone of an aware moment as people write it: "EST", or "+05:30" when it has no abbreviation."""
    name = moment.tzname() or ""
    if name.isalpha():
        return name
    offset = moment.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def instant(text: str, local: datetime, zone: tzinfo) -> datetime:
    """The instant (in UTC) a timeline time stands for: its wall time `local` in the review's zone,
    and in an hour that happens twice the occurrence its written zone names ("01:30 EST" after
    "01:40 EDT"); the first when it names none. In UTC, because Python compares two times of one
    zone by their wall clocks."""
    from datetime import timezone as _timezone

    first, second = local.replace(tzinfo=zone, fold=0), local.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first.astimezone(_timezone.utc)
    words = text.replace("(", " ").replace(")", " ").split()
    label = words[-1] if words else ""
    chosen = second if label and label.upper() == zone_label(second).upper() else first
    return chosen.astimezone(_timezone.utc)


_CLOCK_TIME = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?!\d)")
"""An H:MM or HH:MM (seconds may follow) in free text."""


def read_with_dateutil(text: str, default: datetime) -> datetime | None:
    """What dateutil reads in `text` (missing parts from `default`), for the forms the fast paths miss.

    dateutil's parser is imported on first use: it costs some 8 ms and 4 MB, and the template's own
    forms never need it.
    """
    from dateutil import parser

    clock_times = _CLOCK_TIME.findall(text)
    if len(clock_times) > 1 or any(int(hour) > 23 or int(minute) > 59 for hour, minute in clock_times):
        # dateutil reads "99:99 2024-01-15 14:30" as 14:30 and drops the rest: two times, or a
        # time no clock shows, is a typing mistake to point out, not to guess past (issue 25 item 13).
        return None
    try:
        return parser.parse(text, default=default, ignoretz=True)
    except (ValueError, OverflowError, parser.ParserError):
        return None


@lru_cache(maxsize=4096)
def parse_date(text: str) -> date | None:
    """A calendar date: YYYY-MM-DD, or anything dateutil reads as a full date (cached like parse_when)."""
    text = text.strip()
    if not text or not any(ch.isdigit() for ch in text):
        return None
    match = _ISO_DATE.match(text)
    try:
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
    except (ValueError, OverflowError):
        return None
    parsed = read_with_dateutil(text, datetime(1, 1, 1))
    if parsed is None or parsed.year == 1:
        return None
    return parsed.date()


@lru_cache(maxsize=16384)
def parse_when(text: str, base: date | None = None) -> When | None:
    """A moment as typed in a timeline or the incident's start and end.

    Cached: the editor re-checks a whole timeline on each keystroke, and all rows but one are
    unchanged; a cached row costs a dictionary look-up instead of a parse (or a dateutil call).

    "14:32" is that time on `base` (the incident's start date); "10-21 22:52" takes `base`'s year;
    "2018-10-22 00:05" and whatever else dateutil reads are taken as written.
    """
    core, approximate = split_approximate(text)
    if not core or not any(ch.isdigit() for ch in core):
        return None
    # The offset written after a time in an hour that happens twice ("01:30 +10:30", as `zone_label`
    # writes a zone with no abbreviation) says which occurrence (`instant`), not another wall time.
    core = _OFFSET_LABEL.sub("", core)
    base = base or date(1970, 1, 1)
    try:
        match = _HH_MM.match(core)
        if match:
            at = datetime.combine(base, datetime.min.time()).replace(
                hour=int(match[1]), minute=int(match[2]), second=int(match[3] or 0)
            )
            return When(at, approximate, has_date=False)
        match = _ISO_DATE_TIME.match(core)
        if match:
            year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
            at = datetime(year, month, day, hour, minute, second)
            return When(at, approximate)
        match = _MM_DD_HH_MM.match(core)
        if match:
            at = datetime(base.year, int(match[1]), int(match[2]), int(match[3]), int(match[4]))
            return When(at, approximate)
    except (ValueError, OverflowError):
        return None
    parsed = read_with_dateutil(core, datetime.combine(base, datetime.min.time()))
    if parsed is None:
        return None
    has_date = parsed.date() != base or bool(re.search(r"\d{4}|\d+[-/.]\d+[-/.]", core))
    return When(parsed, approximate, has_date=has_date)


def parse_window(start: str, end: str) -> tuple[When | None, When | None]:
    """The incident's start and end.

    An end typed as a bare time is on the start's date, or on the next day when it is earlier than
    the start: "23:30 - 00:15" is an incident across midnight, as the template's
    "YYYY-MM-DD HH:MM - HH:MM" form lets people write it.
    """
    first = parse_when(start)
    if first is not None and not first.has_date:
        first = None
    last = parse_when(end, first.at.date() if first else None)
    if last is not None and not last.has_date:
        if first is None:
            last = None
        elif last.at < first.at:
            last = When(last.at + timedelta(days=1), last.approximate, has_date=False)
    return first, last


def parse_minutes(text: str) -> float | None:
    """A duration typed by hand ("45 minutes", "1 hour 5 minutes", "1h5m", "90") in minutes."""
    core, _ = split_approximate(text)
    core = core.lower().replace(",", " ").replace(" and ", " ")
    if not core:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", core):
        value = float(core)
        return value if math.isfinite(value) else None
    match = _HH_MM.match(core)
    if match:
        return int(match[1]) * 60 + int(match[2])
    parts = _DURATION_PART.findall(core)
    if not parts or _DURATION_PART.sub("", core).strip():
        return None
    minutes = 0.0
    for number, unit in parts:
        value = float(number)
        unit = unit[0]
        minutes += {"d": value * 1440, "h": value * 60, "m": value, "s": value / 60}[unit]
    return minutes if math.isfinite(minutes) else None


def format_minutes(minutes: float) -> str:
    """A duration as the template writes it: "45 minutes", "1 hour 5 minutes", "2 days 3 hours"."""
    total = int(round(minutes))
    negative = total < 0
    total = abs(total)
    days, rest = divmod(total, 1440)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if mins or not parts:
        parts.append(f"{mins} minute{'s' if mins != 1 else ''}")
    text = " ".join(parts)
    return f"-{text}" if negative else text


def minutes_between(first: datetime, last: datetime) -> float:
    """Minutes from one moment to another (negative when `last` is earlier)."""
    return (last - first) / timedelta(minutes=1)
