"""Reading the times, dates and durations people type: each form the template and real reviews use."""

from __future__ import annotations

import warnings
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pirtui.core.timeparse import (
    format_minutes,
    minutes_between,
    parse_date,
    parse_minutes,
    parse_when,
    parse_window,
    resolve_timezone,
    split_approximate,
)

BASE = date(2024, 1, 15)


def test_bare_time_is_on_the_base_date_and_says_it_had_no_date():
    when = parse_when("14:32", BASE)
    assert when is not None
    assert when.at == datetime(2024, 1, 15, 14, 32)
    assert when.has_date is False
    assert when.approximate is False


def test_time_with_seconds():
    assert parse_when("14:32:05", BASE).at == datetime(2024, 1, 15, 14, 32, 5)


@pytest.mark.parametrize("text", ["2024-01-16 00:05", "2024-01-16T00:05", "2024-1-16 0:05"])
def test_iso_date_and_time(text):
    when = parse_when(text, BASE)
    assert when.at == datetime(2024, 1, 16, 0, 5)
    assert when.has_date is True


def test_month_day_time_takes_the_base_year():
    assert parse_when("10-21 22:52", date(2018, 10, 21)).at == datetime(2018, 10, 21, 22, 52)


@pytest.mark.parametrize("text", ["~23:00", "±23:00", "approx. 23:00", "approximately 23:00", "around 23:00"])
def test_approximate_times_are_read_and_kept_approximate(text):
    when = parse_when(text, BASE)
    assert when.at == datetime(2024, 1, 15, 23, 0)
    assert when.approximate is True


@pytest.mark.parametrize(("text", "expected"), [("10-21 ~22:54", datetime(2024, 10, 21, 22, 54)), ("2024-01-15 ±14:00", datetime(2024, 1, 15, 14, 0))])
def test_an_approximation_sign_inside_the_text_is_read(text, expected):
    when = parse_when(text, BASE)
    assert when.at == expected
    assert when.approximate is True


def test_dateutil_reads_other_forms():
    when = parse_when("Jan 16 2024 2:30pm", BASE)
    assert when.at == datetime(2024, 1, 16, 14, 30)
    assert when.has_date is True


def test_time_with_a_zone_name_keeps_its_wall_time_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        when = parse_when("14:32 XYZT", BASE)
    assert when is not None
    assert when.at == datetime(2024, 1, 15, 14, 32)


@pytest.mark.parametrize("text", ["", "   ", "soon", "25:99", "2024-13-01 10:00", "~", "next Friday-ish"])
def test_unreadable_times_are_none(text):
    assert parse_when(text, BASE) is None


def test_split_approximate():
    assert split_approximate("  ~23:00 ") == ("23:00", True)
    assert split_approximate("23:00") == ("23:00", False)


def test_window_end_as_bare_time_is_on_the_start_date():
    start, end = parse_window("2024-01-15 14:00", "14:45")
    assert start.at == datetime(2024, 1, 15, 14, 0)
    assert end.at == datetime(2024, 1, 15, 14, 45)


def test_window_bare_end_earlier_than_start_crosses_midnight():
    _, end = parse_window("2024-01-15 23:30", "00:15")
    assert end.at == datetime(2024, 1, 16, 0, 15)


def test_window_dated_end_before_start_stays_before():
    start, end = parse_window("2024-01-15 23:30", "2024-01-15 22:00")
    assert end.at < start.at


def test_window_start_without_a_date_is_not_a_start():
    assert parse_window("14:00", "15:00") == (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024-01-15", date(2024, 1, 15)), ("2024-1-5", date(2024, 1, 5)), ("15 January 2024", date(2024, 1, 15))],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "next Friday-ish", "TBD", "2024-02-30", "14"])
def test_unreadable_dates_are_none(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("45 minutes", 45),
        ("45", 45),
        ("1 hour 5 minutes", 65),
        ("1h5m", 65),
        ("2 days 3 hours", 2 * 1440 + 180),
        ("1:30", 90),
        ("~20 min", 20),
        ("1 hour, 30 seconds", 60.5),
        ("1.5 hours", 90),
    ],
)
def test_parse_minutes(text, minutes):
    assert parse_minutes(text) == pytest.approx(minutes)


@pytest.mark.parametrize("text", ["", "a while", "45 minutes or so", "9" * 400, "9" * 400 + " days"])
def test_unreadable_or_endless_durations_are_none(text):
    assert parse_minutes(text) is None


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(0, "0 minutes"), (1, "1 minute"), (45, "45 minutes"), (65, "1 hour 5 minutes"), (1500, "1 day 1 hour"), (-30, "-30 minutes")],
)
def test_format_minutes(minutes, text):
    assert format_minutes(minutes) == text


def test_minutes_between():
    assert minutes_between(datetime(2024, 1, 15, 23, 30), datetime(2024, 1, 16, 0, 15)) == 45


@pytest.mark.parametrize("name", ["UTC", "utc", "PST", "CET", "Europe/Berlin", "America/New_York"])
def test_known_timezones(name):
    assert resolve_timezone(name) is not None


@pytest.mark.parametrize("name", ["", "Mars/Olympus", "Europe", "/etc/passwd", "../../etc/passwd", "Local"])
def test_unknown_timezones_and_paths_are_none(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert resolve_timezone(name) is None


@given(st.text())
def test_parsers_never_raise_on_any_text(text):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parse_when(text, BASE)
        parse_when(text)
        parse_date(text)
        parse_minutes(text)
        parse_window(text, text)
        resolve_timezone(text)


@given(st.from_regex(r"[~±]?\s?[0-9]{1,4}[-:/. T][0-9]{1,2}([-:/. T][0-9]{1,4})?( [0-9]{1,2}:[0-9]{2})?", fullmatch=True))
def test_parsers_never_raise_on_date_like_text(text):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parse_when(text, BASE)
        parse_date(text)
        parse_minutes(text)
        parse_window(text, text)


@given(st.integers(min_value=-100_000, max_value=100_000))
def test_formatted_durations_read_back(minutes):
    text = format_minutes(minutes)
    assert parse_minutes(text.lstrip("-")) == abs(minutes)


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)))
def test_iso_moments_read_back(moment):
    moment = moment.replace(microsecond=0)
    assert parse_when(moment.strftime("%Y-%m-%d %H:%M:%S")).at == moment


def test_instant_reads_the_occurrence_a_repeated_hour_names():
    from datetime import timezone
    from zoneinfo import ZoneInfo

    from pirtui.core.timeparse import instant, repeated, zone_label

    zone = ZoneInfo("America/New_York")
    wall = datetime(2024, 11, 3, 1, 30)
    assert repeated(wall, zone) and not repeated(datetime(2024, 11, 3, 2, 30), zone)
    assert instant("01:30 EDT", wall, zone) == datetime(2024, 11, 3, 5, 30, tzinfo=timezone.utc)
    assert instant("01:30 EST", wall, zone) == datetime(2024, 11, 3, 6, 30, tzinfo=timezone.utc)
    assert instant("01:30", wall, zone) == datetime(2024, 11, 3, 5, 30, tzinfo=timezone.utc)  # the first
    assert instant("14:00", datetime(2024, 7, 1, 14), zone) == datetime(2024, 7, 1, 18, tzinfo=timezone.utc)
    assert zone_label(datetime(2024, 7, 1, 12, tzinfo=ZoneInfo("Asia/Kolkata"))) == "IST"
    assert zone_label(datetime(2024, 7, 1, 12, tzinfo=ZoneInfo("America/Sao_Paulo"))) == "-03:00"
