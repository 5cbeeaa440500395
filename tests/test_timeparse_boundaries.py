"""Boundaries, both sides, of reading times (issue 27 item 1): a word without a digit is never a time,
and the same word with a number is."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from dateutil import tz

from pirtui.core.timeparse import parse_date, parse_when, read_with_dateutil, zone_label

BASE = date(2024, 1, 15)


@pytest.mark.parametrize("text", ["Monday", "March", "Jan", "~Monday"])
def test_a_word_without_a_digit_is_not_a_moment_even_when_dateutil_would_read_one(text: str):
    assert parse_when(text, BASE) is None


def test_the_same_words_with_a_number_are_moments():
    assert parse_when("March 3 2024", BASE).at == datetime(2024, 3, 3)  # type: ignore[union-attr]
    assert parse_when("Monday 10:00", BASE) is not None


@pytest.mark.parametrize("text", ["March", "Monday", "", "   "])
def test_a_word_without_a_digit_is_not_a_date(text: str):
    assert parse_date(text) is None


def test_a_date_needs_its_year():
    assert parse_date("March 3") is None
    assert parse_date("March 3 2024") == date(2024, 3, 3)


def test_a_moment_read_with_a_day_other_than_the_base_says_it_has_a_date():
    march = parse_when("March 3 10:00", BASE)
    assert march is not None and march.at == datetime(2024, 3, 3, 10, 0) and march.has_date is True


def test_a_moment_read_on_the_base_day_without_a_date_written_has_none():
    evening = parse_when("10pm", BASE)
    assert evening is not None and evening.at == datetime(2024, 1, 15, 22, 0) and evening.has_date is False
    dated = parse_when("15.01.2024 10pm", BASE)  # the base day itself, written out
    assert dated is not None and dated.has_date is True


@pytest.mark.parametrize(
    ("end", "expected"),
    [("09:59", datetime(2024, 1, 16, 9, 59)), ("10:00", datetime(2024, 1, 15, 10, 0)), ("10:01", datetime(2024, 1, 15, 10, 1))],
    ids=["a minute before the start: next day", "at the start: same day", "a minute after: same day"],
)
def test_a_bare_end_crosses_midnight_only_when_earlier_than_the_start(end: str, expected: datetime):
    from pirtui.core.timeparse import parse_window

    _start, last = parse_window("2024-01-15 10:00", end)
    assert last is not None and last.at == expected


DEFAULT = datetime(2024, 1, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 3 2024 23:59", datetime(2024, 3, 3, 23, 59)),
        ("March 3 2024 23:00", datetime(2024, 3, 3, 23, 0)),
        ("March 3 2024 00:59", datetime(2024, 3, 3, 0, 59)),
        ("March 3 2024 14:30", datetime(2024, 3, 3, 14, 30)),
    ],
    ids=["last-minute-of-the-day", "last-hour", "last-minute-of-an-hour", "one-time"],
)
def test_one_clock_time_up_to_23_59_is_read(text: str, expected: datetime):
    assert read_with_dateutil(text, DEFAULT) == expected
    assert parse_when(text, BASE).at == expected  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    ["March 3 2024 24:00", "March 3 2024 12:60", "March 3 2024 14:30 15:30", "2024-01-15 14:30 and 15:45", "99:99 2024-01-15 14:30"],
    ids=["hour-24", "minute-60", "two-times", "two-times-apart", "a-bad-and-a-good-time"],
)
def test_a_time_no_clock_shows_or_two_times_are_not_read(text: str):
    assert read_with_dateutil(text, DEFAULT) is None
    assert parse_when(text, BASE) is None


@pytest.mark.parametrize("text", ["March 3 2024 15,24:00", "March 3 2024 15,24:30", "March 3 2024 14:60 15 m"], ids=["hour-24", "hour-24-minute-30", "minute-60"])
def test_a_time_no_clock_shows_is_refused_where_dateutil_would_read_past_it(text: str):
    """dateutil reads "15,24:00" as 15:00 and "14:60 15 m" as 14:15, dropping the impossible time:
    that is a typing mistake to point out, so the lone clock time's hour (over 23) or minute (over 59)
    refuses the text on its own."""
    assert read_with_dateutil(text, DEFAULT) is None
    assert parse_when(text, BASE) is None


@pytest.mark.parametrize(("seconds", "label"), [(0, "+00:00"), (-1800, "-00:30"), (1800, "+00:30")], ids=["zero", "behind", "ahead"])
def test_a_zone_without_letters_is_labelled_by_its_signed_offset(seconds: int, label: str):
    assert zone_label(datetime(2026, 1, 1, tzinfo=tz.tzoffset(None, seconds))) == label
