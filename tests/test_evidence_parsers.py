"""Each evidence format read from the fixtures in tests/evidence_cases (written after each format's
public documentation): times, zones, threads, edits, bots, duplicates, several days."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pirtui.evidence import alertmanager, chat, logs, pagerduty, slack, table
from pirtui.evidence.detect import SourceError, parse_path, parse_text, read_file
from pirtui.evidence.rows import NO_START, NotThisFormat, Options

CASES = Path(__file__).parent / "evidence_cases"
UTC_OPTIONS = Options(source_tz=timezone.utc, base=date(2024, 1, 15))
NEW_YORK = ZoneInfo("America/New_York")


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def events(parsed) -> list[str]:
    return [row.event for row in parsed.rows]


# -- Slack -----------------------------------------------------------------------------------------


def test_slack_export_reads_every_channel_with_names_permalinks_and_threads():
    parsed = parse_path(CASES / "slack_export", "auto", UTC_OPTIONS)
    assert parsed.format == "slack"
    by_event = {row.event: row for row in parsed.rows}
    reply = by_event["Daniel Okoro: agreed, killing them now <pid 4411>"]  # &lt; &gt; unescaped
    assert reply.at == utc("2024-01-15 14:53:00.000100")
    assert reply.evidence == (
        "https://slack.com/archives/C06INC001/p1705330380000100?thread_ts=1705330350.000100&cid=C06INC001"
    )
    mention = by_event["Daniel Okoro: @Maria pool metrics show 10/10 connections checked out & 180 requests waiting"]
    assert mention.evidence == "https://slack.com/archives/C06INC001/p1705329910000100"
    assert "Daniel Okoro: is the API down for anyone else?" in by_event  # the general channel too


def test_slack_keeps_bot_and_edited_messages_and_leaves_out_channel_joins():
    parsed = parse_path(CASES / "slack_export" / "inc-2024-001", "slack", UTC_OPTIONS)
    texts = events(parsed)
    assert "Prometheus: [FIRING:1] BackendHighErrorRate backend-api (error rate 100%)" in texts
    assert "Maria: I'm on it, acknowledged the page" in texts  # the edited text, as the export holds it
    assert not any("has joined the channel" in text for text in texts)
    assert parsed.filtered == 2  # the two joins
    assert texts[-1] == "Maria: Review draft started, please add what you remember"  # the second day's file
    assert parsed.rows[-1].at == utc("2024-01-16 09:00:00.000100")


def test_slack_a_file_shared_without_words_names_the_file():
    message = {"ts": "1705329120.000100", "user": "U1", "text": "", "files": [{"name": "graph.png", "title": "p99"}]}
    parsed = slack.parse(json.dumps([message]), "", UTC_OPTIONS)
    assert [row.event for row in parsed.rows] == ["U1: shared p99"]


def test_slack_pinned_and_reaction_filters():
    pinned = parse_path(CASES / "slack_export" / "inc-2024-001", "slack", Options(pinned=True))
    assert [row.event.split(":")[0] for row in pinned.rows] == ["Daniel Okoro", "Maria"]
    reacted = parse_path(CASES / "slack_export", "slack", Options(reaction="white_check_mark"))
    assert events(reacted) == [
        "Daniel Okoro: @Maria pool metrics show 10/10 connections checked out & 180 requests waiting",
        "Daniel Okoro: all clear, error rate back to normal",
    ]


def test_slack_day_file_alone_names_people_from_user_profile_and_has_no_permalink():
    text = (CASES / "slack_export" / "inc-2024-001" / "2024-01-15.json").read_text()
    parsed = slack.parse(text, "day.json", UTC_OPTIONS)
    assert parsed.rows[0].event == "Maria: I'm on it, acknowledged the page"  # user_profile's display name
    assert parsed.rows[0].evidence == ""


def test_slack_milestone_words_are_suggested():
    parsed = parse_path(CASES / "slack_export" / "inc-2024-001", "slack", UTC_OPTIONS)
    suggested = {row.event.split(":")[0] + " " + row.milestone for row in parsed.rows if row.milestone}
    assert "Maria mitigated" in suggested
    assert "Daniel Okoro resolved" in suggested


# -- PagerDuty ---------------------------------------------------------------------------------------


def test_pagerduty_log_entries_types_suggest_milestones():
    parsed = parse_path(CASES / "pagerduty_log_entries.json", "auto", UTC_OPTIONS)
    assert parsed.format == "pagerduty"
    rows = [(row.at, row.event, row.milestone) for row in parsed.rows]
    assert rows[0] == (utc("2024-01-15 14:33:05"), "Triggered through the API.", "detected")
    assert rows[2] == (utc("2024-01-15 14:36:10"), "Acknowledged by Maria Chen.", "responder engaged")
    assert rows[-1] == (utc("2024-01-15 15:05:30"), "Resolved by Maria Chen.", "resolved")
    assert rows[3][2] == ""  # escalation: no milestone
    assert {row.evidence for row in parsed.rows} == {"https://acme.pagerduty.com/incidents/Q1ABCDE"}


def test_pagerduty_incidents_csv_gives_trigger_acknowledgement_and_resolution():
    parsed = parse_path(CASES / "pagerduty_incidents.csv", "auto", UTC_OPTIONS)
    assert parsed.format == "pagerduty"
    assert [(row.at, row.milestone) for row in parsed.rows] == [
        (utc("2024-01-15 14:33:05"), "detected"),
        (utc("2024-01-15 14:36:10"), "responder engaged"),  # 185 s after the trigger
        (utc("2024-01-15 15:05:30"), "resolved"),
    ]
    assert parsed.rows[0].event == "Incident #1234 triggered: BackendHighErrorRate on backend-api"


def test_pagerduty_refuses_json_that_is_not_log_entries():
    with pytest.raises(NotThisFormat):
        pagerduty.parse('{"incidents": []}', "x.json", UTC_OPTIONS)


# -- Alertmanager -------------------------------------------------------------------------------------


def test_alertmanager_reads_each_alert_start_and_end_once():
    parsed = parse_path(CASES / "alertmanager_webhooks.jsonl", "auto", UTC_OPTIONS)
    assert parsed.format == "alertmanager"
    assert [(row.at, row.event, row.milestone) for row in parsed.rows] == [
        (datetime(2024, 1, 15, 14, 32, 45, 123000, timezone.utc),
         "BackendHighErrorRate firing: Error rate on backend-api above 5%", "detected"),
        (utc("2024-01-15 14:34:00"), "DBPoolSaturated firing: Connection pool of backend-api is full", "detected"),
        (utc("2024-01-15 15:04:50"), "BackendHighErrorRate resolved: Error rate on backend-api above 5%", ""),
        (utc("2024-01-15 15:03:10"), "DBPoolSaturated resolved: Connection pool of backend-api is full", ""),
    ]
    assert parsed.filtered == 3  # the same alert start repeated by later notifications
    assert parsed.rows[0].evidence.startswith("http://prometheus:9090/graph")


def test_alertmanager_single_body():
    body = '{"version": "4", "status": "firing", "alerts": [{"status": "firing", "labels": {"alertname": "A"}, ' \
        '"annotations": {}, "startsAt": "2024-01-15T15:00:00+01:00"}]}'
    parsed = alertmanager.parse(body, "", UTC_OPTIONS)
    assert [(row.at, row.event) for row in parsed.rows] == [(utc("2024-01-15 14:00:00"), "A firing")]


# -- logs ----------------------------------------------------------------------------------------------


def test_log_lines_iso_journalctl_rfc5424_syslog_and_brackets():
    parsed = parse_path(CASES / "syslog.log", "auto", UTC_OPTIONS)
    assert parsed.format == "log"
    got = [(row.line, row.at, row.event) for row in parsed.rows]
    assert got[0] == (1, utc("2024-01-15 14:31:58"),
                      "db-1 postgres[812]: FATAL:  remaining connection slots are reserved for non-replication "
                      "superuser connections")
    exhausted = "api-1 backend-api[990]: pool exhausted: 10/10 in use, 180 waiting"
    assert got[1] == (2, utc("2024-01-15 14:32:10"), exhausted)
    assert (6, utc("2024-01-15 14:57:30"), "db-1 psql 4411 - - killing long-running queries") in got
    assert (8, utc("2024-01-15 14:58:30"), "INFO pool size is now 25") in got
    assert got[-1] == (10, utc("2024-01-16 00:05:00"), "api-1 cron[77]: nightly vacuum finished")
    assert [(u.line, u.why) for u in parsed.unreadable] == [
        (4, "no time at the start of the line"), (5, "no time at the start of the line")
    ]
    assert parsed.rows[0].evidence.endswith("syslog.log:1")


def test_syslog_local_times_in_the_source_zone_across_dst():
    parsed = parse_path(CASES / "dst_newyork.log", "log", Options(source_tz=NEW_YORK, base=date(2024, 3, 10)))
    before, after, repeated = (row.at for row in parsed.rows)
    elapsed = after.astimezone(timezone.utc) - before.astimezone(timezone.utc)
    assert elapsed.total_seconds() == 20 * 60  # 01:50 EST to 03:10 EDT: 20 minutes, not 80
    assert before.astimezone(timezone.utc) == utc("2024-03-10 06:50")
    # a year-less line takes the year nearest the incident: November is nearer in 2023 than in 2024
    assert repeated.year == 2023
    autumn = parse_path(CASES / "dst_newyork.log", "log", Options(source_tz=NEW_YORK, base=date(2024, 11, 3)))
    assert autumn.rows[2].at.astimezone(timezone.utc) == utc("2024-11-03 05:30")  # the first 01:30 (EDT)


def test_log_grep_leaves_lines_out_before_reading_them():
    options = Options(source_tz=timezone.utc, grep=re.compile("pool"))
    parsed = parse_path(CASES / "syslog.log", "log", options)
    assert [row.line for row in parsed.rows] == [2, 8]
    assert [line.line for line in parsed.unreadable] == [5]  # matches, but has no time
    assert parsed.filtered == 6


# -- chat --------------------------------------------------------------------------------------------


def test_chat_transcript_three_forms_midnight_and_a_date_heading():
    parsed = parse_path(CASES / "chat.txt", "auto", UTC_OPTIONS)
    assert parsed.format == "chat"
    assert [(row.at, row.event) for row in parsed.rows] == [
        (utc("2024-01-15 14:36"), "maria: I'm on it, looking at the dashboards"),
        (utc("2024-01-15 14:41"), "daniel: the pool is at 10/10, nothing else looks wrong"),
        (utc("2024-01-15 14:58"), "rolled back the recommendations deploy"),
        (utc("2024-01-15 23:50"), "maria: watching the graphs overnight"),
        (utc("2024-01-16 00:20"), "maria: still quiet, going to sleep"),
        (utc("2024-01-17 09:00"), "daniel: writing the review"),
    ]
    assert [u.line for u in parsed.unreadable] == [4]
    assert parsed.markers == [7]
    assert parsed.rows[2].milestone == "mitigated"


def test_chat_without_a_start_date_says_why_a_row_has_no_time():
    parsed = chat.parse("14:32 restarted db-1", "", Options())
    (row,) = parsed.rows
    assert row.at is None and row.no_time == NO_START and row.time_text == "14:32"


def test_chat_twelve_hour_clock():
    parsed = chat.parse("alice 12:05 AM it began\nbob 12:30 PM it ended", "", UTC_OPTIONS)
    assert [row.at.hour for row in parsed.rows] == [0, 12]


# -- CSV -----------------------------------------------------------------------------------------------


def test_csv_finds_its_columns_and_keeps_rows_without_a_time():
    parsed = parse_path(CASES / "timeline.csv", "auto", UTC_OPTIONS)
    assert parsed.format == "csv"
    assert [(row.at, row.event, row.evidence) for row in parsed.rows] == [
        (utc("2024-01-15 14:30"), "p99 latency of backend-api climbs above 5 s", "https://grafana.example/d/api"),
        (utc("2024-01-15 14:58"), "Pool size raised, backend restarted", ""),
        (None, "Customer support ticket opened", ""),
        (utc("2024-01-15 20:05"), "An event written in another zone", ""),
    ]
    assert parsed.rows[2].no_time == "not a time" and parsed.rows[2].time_text == "soon"


def test_csv_named_columns_semicolons_and_a_milestone_column():
    options = Options(source_tz=timezone.utc, base=date(2024, 1, 15), time_column="Zeit", event_column="Ereignis")
    parsed = parse_path(CASES / "semicolons.csv", "csv", options)
    assert [(row.at, row.event, row.milestone) for row in parsed.rows] == [
        (utc("2024-01-15 14:33"), "Alarm ausgelöst", "detected"),
        (utc("2024-01-15 15:05"), "Alles wieder normal", ""),
    ]
    with pytest.raises(NotThisFormat, match="no time column 'Wann'"):
        table.parse((CASES / "semicolons.csv").read_text(), "", Options(time_column="Wann"))


# -- detection -------------------------------------------------------------------------------------------


def test_unknown_text_names_every_format_tried():
    with pytest.raises(SourceError) as error:
        parse_path(CASES / "notes.txt", "auto", UTC_OPTIONS)
    message = str(error.value)
    assert "\n" not in message
    for name in ("pagerduty:", "log:", "chat:", "csv:"):
        assert name in message


def test_a_chosen_format_that_does_not_fit_says_so():
    with pytest.raises(SourceError, match="not alertmanager"):
        parse_path(CASES / "pagerduty_log_entries.json", "alertmanager", UTC_OPTIONS)


def test_binary_and_missing_files_are_one_line_errors(tmp_path: Path):
    (tmp_path / "x.bin").write_bytes(b"\x00\x01\x02")
    with pytest.raises(SourceError, match="binary"):
        read_file(tmp_path / "x.bin")
    with pytest.raises(SourceError, match="no such file"):
        read_file(tmp_path / "missing.log")


def test_pasted_chat_starting_with_a_bracket_is_not_taken_for_json():
    parsed = parse_text("[14:32] alice: restarted db-1\n[14:40] bob: resolved", "", "auto", UTC_OPTIONS)
    assert parsed.format == "chat" and len(parsed.rows) == 2 and parsed.rows[0].evidence == ""


def test_logs_module_reads_a_line_on_its_own():
    moment, event, stamp = logs.read_line("2024-01-15 14:30:12,123 ERROR boom", UTC_OPTIONS)
    assert moment == datetime(2024, 1, 15, 14, 30, 12, 123000, timezone.utc) and event == "ERROR boom"
    assert logs.read_line("nothing here", UTC_OPTIONS) is None
