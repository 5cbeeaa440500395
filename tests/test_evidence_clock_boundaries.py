"""Boundaries, both sides, of reading the timestamps evidence sources write (`pirtui.evidence.clock`).

Each rule that compares a count, a number or a word is tested just before its boundary, on it and
just after: the digits that tell epoch seconds from milliseconds, microseconds and nanoseconds, the
hours a 12-hour clock allows, the years a "Feb 29" log line may be of, text without a digit, and a
timestamp written in ISO form, which is read as written (issue 27 items 1 and 4).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from pirtui.evidence.clock import kibana_prefix, nearest_year, read_any, read_clock, read_epoch, read_kibana

UTC = timezone.utc
SECONDS_2286 = datetime(2286, 11, 20, 17, 46, 40, tzinfo=UTC)
"""10**10 seconds after 1970: the first moment with 11 digits of seconds."""
SECONDS_1973 = datetime(1973, 3, 3, 9, 46, 40, tzinfo=UTC)
"""10**8 seconds after 1970."""


@pytest.mark.parametrize(
    ("digits", "expected"),
    [
        (10, datetime(2001, 9, 9, 1, 46, 40, tzinfo=UTC)),  # 10**9 seconds
        (11, SECONDS_2286),  # still seconds
        (12, SECONDS_1973),  # milliseconds from here
        (14, SECONDS_2286),  # still milliseconds
        (15, SECONDS_1973),  # microseconds from here
        (17, SECONDS_2286),  # still microseconds
        (18, SECONDS_1973),  # nanoseconds from here
        (19, datetime(2001, 9, 9, 1, 46, 40, tzinfo=UTC)),  # 10**18 ns
    ],
)
def test_an_epochs_digit_count_tells_seconds_from_ms_us_and_ns_on_each_side_of_each_step(digits: int, expected: datetime):
    assert read_epoch("1" + "0" * (digits - 1)) == expected


def test_a_fraction_is_read_only_on_seconds():
    assert read_epoch("10000000000.5") == SECONDS_2286.replace(microsecond=500000)
    assert read_epoch("100000000000.5") is None


def test_kibana_reads_none_for_text_that_is_no_kibana_time_or_names_no_month():
    assert read_kibana("not a time", UTC) is None
    assert read_kibana("", UTC) is None
    assert read_kibana("Foo 8, 2021 @ 09:47:12", UTC) is None
    assert read_kibana("Jun 8, 2021 @ 09:47:12", UTC) == datetime(2021, 6, 8, 9, 47, 12, tzinfo=UTC)
    assert kibana_prefix("x Jun 8, 2021 @ 09:47") is None


@pytest.mark.parametrize(
    ("near", "expected"),
    [(date(2022, 1, 1), 2020), (date(2022, 6, 1), 2024), (date(2024, 3, 1), 2024), (date(2026, 6, 1), 2028)],
    ids=["nearer the leap year before", "nearer the leap year after", "in a leap year", "two years after one"],
)
def test_feb_29_finds_the_nearest_leap_year_even_two_years_away(near: date, expected: int):
    assert nearest_year(2, 29, near) == expected


@pytest.mark.parametrize(
    ("month", "day", "near", "expected"),
    [(12, 31, date(2024, 1, 1), 2023), (1, 1, date(2023, 12, 31), 2024), (2, 28, date(2022, 6, 1), 2022), (3, 1, date(2022, 6, 1), 2022)],
)
def test_any_other_day_is_of_the_year_before_this_or_after(month: int, day: int, near: date, expected: int):
    assert nearest_year(month, day, near) == expected


@pytest.mark.parametrize(
    ("text", "hour"),
    [("0:30 PM", None), ("1:30 PM", 13), ("1:30 AM", 1), ("12:30 PM", 12), ("12:30 AM", 0), ("13:30 PM", None), ("13:30", 13)],
)
def test_a_twelve_hour_clock_allows_hours_1_to_12_only(text: str, hour: int | None):
    found = read_clock(text, date(2024, 1, 15), UTC)
    assert (None if found is None else found.hour) == hour


def test_text_without_a_digit_is_no_moment_even_when_dateutil_would_read_a_month():
    base = date(2026, 1, 5)
    assert read_any("March", base, UTC) is None
    assert read_any("  ", base, UTC) is None
    assert read_any("March 3", base, UTC) == datetime(2026, 3, 3, tzinfo=UTC)


def test_an_iso_timestamp_is_read_as_written_even_in_year_one():
    """dateutil's reading keeps year 1 for text without a year and is refused as no date; an ISO
    timestamp that writes year 1 is read as written."""
    assert read_any("0001-01-30 00:00:59Z", None, UTC) == datetime(1, 1, 30, 0, 0, 59, tzinfo=UTC)


@pytest.mark.parametrize("offset", ["+2400", "-2400", "+9999"])
def test_an_offset_of_a_day_or_more_is_no_moment_rather_than_a_time_that_fails_later(offset: str):
    assert read_any(f"2024-01-15 14:30 {offset}", date(2024, 1, 1), UTC) is None
    assert read_any(f"Jan 15 2024 14:30 {offset}", date(2024, 1, 1), UTC) is None


def test_an_offset_just_under_a_day_is_kept():
    found = read_any("2024-01-15 14:30 +2359", date(2024, 1, 1), UTC)
    assert found is not None and found.utcoffset() == timedelta(hours=23, minutes=59)
