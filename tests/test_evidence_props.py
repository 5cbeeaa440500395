"""The evidence parsers on any text: they never raise (other than "not this format"), and every
line of a line-based source becomes a row or an unreadable line, never nothing."""

from __future__ import annotations

import json
from datetime import date, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from pirtui.evidence import alertmanager, chat, logs, pagerduty, slack, table
from pirtui.evidence.detect import SourceError, parse_text
from pirtui.evidence.rows import NotThisFormat, Options

OPTIONS = Options(source_tz=timezone.utc, base=date(2024, 1, 15))

PIECES = st.sampled_from(
    ["[14:32] ", "alice ", "2:32 PM ", "14:32 ", "2024-01-15T14:32:10Z ", "Jan 15 14:30:12 ", "<34>1 ", "--- ",
     "2024-01-16", "restarted db-1", "resolved", ",", ";", "\t", "\"", "\n", "\r\n", " ", "\x1b[31m", "\u202e",
     "99:99 ", "2024-02-30 10:00 ", "Feb 30 10:00:00 ", "12:00 AM ", "13:00 PM ", "{", "[", "]"]
)
LINES = st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=30).map("".join))
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10)
    | st.sampled_from(["1705329120.000100", "2024-01-15T14:33:05Z", "trigger_log_entry", "firing", "resolved"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["ts", "user", "text", "type", "created_at", "summary", "alerts", "status", "startsAt",
                         "endsAt", "labels", "annotations", "log_entries", "subtype", "thread_ts", "incident"]),
        inner, max_size=6),
    max_leaves=20,
)


def accounted_lines(parsed) -> set[int]:
    return {row.line for row in parsed.rows} | {line.line for line in parsed.unreadable} | set(parsed.markers)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_line_parsers_account_for_every_line(text: str):
    for parser in (logs.parse, chat.parse):
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
                   alertmanager.parse):
        try:
            parser(text, "src", OPTIONS)
        except NotThisFormat:
            pass
    try:
        parse_text(text, "", "auto", OPTIONS)
    except SourceError as error:
        assert "\n" not in str(error)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_json_parsers_never_raise_on_any_json(value):
    text = json.dumps(value)
    for parser in (slack.parse, pagerduty.parse, alertmanager.parse):
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
