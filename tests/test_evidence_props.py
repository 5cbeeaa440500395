"""The evidence parsers on any text: they never raise (other than "not this format"), and every
line of a line-based source becomes a row or an unreadable line, never nothing."""

from __future__ import annotations

import json
from datetime import date, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from pirtui.evidence import (
    alertmanager, chat, gitlab, grafana, journald, jsonlog, logs, opsgenie, pagerduty, slack, statuspage, table, webvtt, zoom,
)
from pirtui.evidence.detect import SourceError, parse_text
from pirtui.evidence.rows import NotThisFormat, Options, Refused

OPTIONS = Options(source_tz=timezone.utc, base=date(2024, 1, 15))
STARTED = Options(source_tz=timezone.utc, base=date(2024, 1, 15),
                  start=__import__("datetime").datetime(2024, 1, 15, 14, 0, tzinfo=timezone.utc))
JSON_ONLY = (opsgenie.parse, statuspage.parse, gitlab.parse, grafana.parse, jsonlog.parse)

PIECES = st.sampled_from(
    ["[14:32] ", "alice ", "2:32 PM ", "14:32 ", "2024-01-15T14:32:10Z ", "Jan 15 14:30:12 ", "<34>1 ", "--- ",
     "2024-01-16", "restarted db-1", "resolved", ",", ";", "\t", "\"", "\n", "\r\n", " ", "\x1b[31m", "\u202e",
     "09:47:12 From Ana to Everyone:", "WEBVTT\n", "00:00:01.000 --> 00:00:02.000\n", "<v Ana>", "Jun 8, 2021 @ ",
     "1623145632031 ", "Reacted to \"x\" with 👍", "(direct message)",
     "99:99 ", "2024-02-30 10:00 ", "Feb 30 10:00:00 ", "12:00 AM ", "13:00 PM ", "{", "[", "]"]
)
LINES = st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=30).map("".join))
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10)
    | st.sampled_from(["1705329120.000100", "2024-01-15T14:33:05Z", "trigger_log_entry", "firing", "resolved"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["ts", "user", "text", "type", "created_at", "summary", "alerts", "status", "startsAt",
                         "endsAt", "labels", "annotations", "log_entries", "subtype", "thread_ts", "incident",
                         "attachments", "fallback", "user_profile", "notes", "content", "data", "log", "createdAt",
                         "incident_updates", "body", "display_at", "note", "occurredAt", "nodes", "time", "timeEnd",
                         "__REALTIME_TIMESTAMP", "MESSAGE", "channel", "agent"]),
        inner, max_size=6),
    max_leaves=20,
)


def accounted_lines(parsed) -> set[int]:
    return {row.line for row in parsed.rows} | {line.line for line in parsed.unreadable} | set(parsed.markers)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_line_parsers_account_for_every_line(text: str):
    for parser in (logs.parse, chat.parse):  # zoom and webvtt read messages and cues, not lines
        try:
            parsed = parser(text, "src", OPTIONS)
        except NotThisFormat:
            continue
        non_blank = {number for number, line in enumerate(text.splitlines(), start=1) if line.strip()}
        assert accounted_lines(parsed) == non_blank
        assert len({row.line for row in parsed.rows}) == len(parsed.rows)  # one row per line


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_no_parser_raises_on_any_text(text: str):
    for parser in (logs.parse, chat.parse, table.parse, pagerduty.parse_csv, slack.parse, pagerduty.parse,
                   alertmanager.parse, zoom.parse, webvtt.parse, journald.parse, *JSON_ONLY):
        for options in (OPTIONS, STARTED):
            try:
                parser(text, "src", options)
            except (NotThisFormat, Refused) as error:  # Refused: a WebVTT file without the start
                assert "\n" not in str(error)
    try:
        parse_text(text, "", "auto", OPTIONS)
    except SourceError as error:
        assert "\n" not in str(error)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_json_parsers_never_raise_on_any_json(value):
    text = json.dumps(value)
    for parser in (slack.parse, pagerduty.parse, alertmanager.parse, journald.parse, *JSON_ONLY):
        try:
            parser(text, "src", OPTIONS)
        except NotThisFormat:
            pass


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=60).filter(lambda t: t.strip() and t.splitlines() == [t]))
def test_a_chat_line_keeps_its_text_exactly(message: str):
    """Whatever follows the time is the event, character for character."""
    if message != message.lstrip():
        message = "x" + message  # spaces between the time and the text are not the text's
    (row,) = chat.parse(f"[14:32] {message}", "", OPTIONS).rows
    assert row.event == message


# ----- time arithmetic across DST changes and year ends -----

from datetime import datetime, timedelta  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

from pirtui.core.computed import timeline_moments  # noqa: E402
from pirtui.core.model import Incident, Review  # noqa: E402
from pirtui.evidence.clock import nearest_year, read_epoch  # noqa: E402
from pirtui.evidence.merge import NEW, absolute, merge, propose  # noqa: E402
from pirtui.evidence.rows import Candidate, Parsed  # noqa: E402

TRANSITIONS = [  # (zone, a moment at which its clock changes, in UTC)
    ("America/New_York", datetime(2024, 11, 3, 6, 0, tzinfo=timezone.utc)),  # falls back 02:00 EDT -> 01:00 EST
    ("America/New_York", datetime(2024, 3, 10, 7, 0, tzinfo=timezone.utc)),  # springs forward 02:00 -> 03:00
    ("Europe/London", datetime(2024, 10, 27, 1, 0, tzinfo=timezone.utc)),
    ("Australia/Sydney", datetime(2024, 4, 6, 16, 0, tzinfo=timezone.utc)),
    ("Australia/Lord_Howe", datetime(2024, 4, 6, 15, 0, tzinfo=timezone.utc)),  # a half-hour change
    ("UTC", datetime(2024, 12, 31, 23, 30, tzinfo=timezone.utc)),  # a year end
]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(TRANSITIONS),
    st.lists(st.integers(min_value=-240, max_value=240), min_size=1, max_size=12, unique=True),
    st.booleans(),
)
def test_rows_are_ordered_saved_and_read_back_by_their_instant_across_a_clock_change(transition, minutes, existing):
    """Whatever minutes around a DST change (or a year end) the events fall on, none is taken for
    another's duplicate, the saved order is the instants' order and each saved time reads back as its
    instant (a repeated hour says which occurrence it is)."""
    zone_name, change = transition
    zone = ZoneInfo(zone_name)
    moments = [change + timedelta(minutes=m) for m in minutes]
    start = (change - timedelta(hours=5)).astimezone(zone)
    review = Review(incident=Incident(start=start.strftime("%Y-%m-%d %H:%M"), timezone=zone_name))
    candidates = [Candidate(at, f"event {index}") for index, at in enumerate(moments)]
    if existing:  # half the events are in the timeline already, half come from the source
        keep = candidates[::2]
        first = propose(review, [Parsed("test", "old", keep)])
        review.timeline = merge(review, [], first.new())
        candidates = candidates[1::2]
    proposal = propose(review, [Parsed("test", "src", candidates)], existing=review.timeline)
    assert all(item.status == NEW for item in proposal.items)
    timeline = merge(review, review.timeline, proposal.new())
    saved = review.model_copy(update={"timeline": timeline})
    read = [absolute(row.time, when.at, zone) for row, when in zip(timeline, timeline_moments(saved))]
    by_event = {f"event {index}": at for index, at in enumerate(moments)}
    assert read == [by_event[row.event] for row in timeline]
    assert read == sorted(read)


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1971, 1, 1), max_value=date(2200, 12, 31)), st.integers(1, 12), st.integers(1, 31))
def test_a_year_less_date_takes_the_year_nearest_the_incident(incident: date, month: int, day: int):
    try:
        date(2024, month, day)
    except ValueError:
        return
    year = nearest_year(month, day, incident)
    chosen = date(year, month, day)  # a date that exists, Feb 29 included
    if (month, day) != (2, 29):
        assert abs((chosen - incident).days) <= 366 // 2 + 1  # never more than half a year away
    for other in range(year - 8, year + 9):
        try:
            assert abs((date(other, month, day) - incident).days) >= abs((chosen - incident).days)
        except ValueError:
            pass


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=datetime(1974, 1, 1), max_value=datetime(2200, 1, 1)))
def test_epoch_seconds_milliseconds_and_microseconds_read_as_the_same_instant(moment: datetime):
    moment = moment.replace(tzinfo=timezone.utc)
    micros = int(moment.timestamp()) * 1_000_000 + moment.microsecond
    assert read_epoch(str(micros)) == moment
    assert read_epoch(str(micros // 1000)) == moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    assert read_epoch(str(micros // 1_000_000)) == moment.replace(microsecond=0)
    assert read_epoch(f"{micros // 1_000_000}.{moment.microsecond:06d}") == moment


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(2000, 12, 20), max_value=date(2030, 1, 10)).filter(lambda d: d.month in (12, 1)),
       st.integers(min_value=-5, max_value=5))
def test_syslog_lines_around_new_year_are_within_days_of_the_incident(incident: date, shift: int):
    line_day = incident + timedelta(days=shift)
    text = f"{line_day:%b} {line_day.day:2d} 12:00:00 host app: x\n"
    parsed = logs.parse(text, "", Options(source_tz=timezone.utc, base=incident))
    assert parsed.rows[0].at.date() == line_day
