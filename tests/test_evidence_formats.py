"""Each export format teams bring, read from a fixture written to the format's public documentation
(tests/evidence_cases/formats/README.md names it): the rows, their absolute times and their text."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pirtui.core import store
from pirtui.core.model import Incident, Review, TimelineEvent
from pirtui.core.render import render as render_markdown
from pirtui.evidence.detect import SourceError, parse_path, parse_text
from pirtui.evidence.merge import merge, propose
from pirtui.evidence.rows import NO_START, Options

FORMATS = Path(__file__).parent / "evidence_cases" / "formats"
UTC = timezone.utc
ON = Options(base=date(2024, 1, 15))


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def rows(name: str, options: Options = ON, fmt: str = "auto"):
    parsed = parse_path(FORMATS / name, fmt, options)
    return parsed, [(row.at.astimezone(UTC) if row.at else None, row.event) for row in parsed.rows]


# ----- times -----


def test_epoch_seconds_milliseconds_and_microseconds_are_told_apart_by_their_digits():
    _, got = rows("epoch_times.csv")
    assert got == [
        (utc("2021-06-08 09:47:12"), "epoch seconds"),
        (utc("2021-06-08 09:47:12.031"), "epoch milliseconds"),
        (utc("2021-06-08 09:47:12.031250"), "epoch microseconds"),
    ]


def test_kibana_csv_timestamps_with_milliseconds():
    parsed, got = rows("kibana_discover.csv")
    assert parsed.format == "csv"
    assert got[0] == (utc("2021-06-08 09:47:12.031"), "upstream connect error or disconnect/reset before headers")
    assert got[2] == (utc("2021-06-08 10:02:45.5"), "rolled back to build 4411")


def test_kibana_time_in_the_source_zone():
    zone = ZoneInfo("Europe/Berlin")
    _, got = rows("kibana_discover.csv", Options(source_tz=zone))
    assert got[0][0] == utc("2021-06-08 07:47:12.031")  # CEST is UTC+2


def test_iso_fractions_beyond_microseconds_and_offsets_with_or_without_a_space():
    _, got = rows("iso_offsets.log")
    assert [at for at, _ in got] == [utc("2021-06-08 09:47:12.031456"), utc("2021-06-08 09:48:00.5"),
                                      utc("2021-06-08 09:49:00")]


@pytest.mark.parametrize(("incident", "years"), [
    (date(2024, 1, 1), [2023, 2023, 2024]),  # Dec 31 lines before a Jan 1 incident are the year before
    (date(2023, 12, 31), [2023, 2023, 2024]),  # a Jan 1 line after a Dec 31 incident is the year after
    (date(2024, 7, 1), [2023, 2023, 2024]),  # mid-year: Dec 31 is nearer in 2023, Jan 1 in 2024
])
def test_year_less_syslog_lines_take_the_year_nearest_the_incident(incident: date, years: list[int]):
    _, got = rows("new_year.log", Options(base=incident))
    assert [at.year for at, _ in got] == years


def test_a_spreadsheets_date_and_time_columns_are_read_together_in_the_headers_zone():
    _, got = rows("spreadsheet_date_time.csv", Options(source_tz=ZoneInfo("America/New_York"), base=date(2024, 1, 15)))
    assert got == [
        (utc("2024-01-15 14:32"), "Error rate alert fires"),  # "Time (UTC)" wins over the source zone
        (utc("2024-01-15 14:35"), "Maria acknowledged"),
        (utc("2024-01-16 00:05"), "Nightly vacuum finished"),
    ]


def test_a_zone_in_the_time_columns_header_applies():
    _, got = rows("header_zone_pst.csv")
    assert got[0] == (utc("2024-01-15 14:32"), "Error rate alert fires")


def test_a_time_of_day_with_no_start_date_says_to_set_the_start():
    parsed = parse_text("time,event\n14:00,alert fires\n", "", "csv", Options())
    assert parsed.rows[0].at is None and parsed.rows[0].no_time == NO_START


# ----- the hour a clock falls back -----


def fall_back_review() -> Review:
    return Review(incident=Incident(start="2024-11-03 01:00", timezone="America/New_York"))


def test_the_second_0130_of_a_fall_back_night_is_no_duplicate_and_is_written_with_its_zone():
    review = fall_back_review()
    parsed = parse_path(FORMATS / "fall_back.csv", "auto", Options(source_tz=ZoneInfo("America/New_York")))
    proposal = propose(review, [parsed])
    assert [(i.row.time, i.status) for i in proposal.items] == [
        ("01:30 EDT", "new"), ("01:40 EDT", "new"), ("01:10 EST", "new"), ("01:30 EST", "new"),
    ]
    timeline = merge(review, [], proposal.new())
    assert [row.time for row in timeline] == [item.row.time for item in proposal.items]  # preview order = saved


def test_the_same_event_twice_in_the_same_absolute_minute_is_one_row():
    text = "timestamp,event\n2024-11-03T05:30:00Z,disk alert\n2024-11-03T01:30:20-04:00,disk alert\n"
    parsed = parse_text(text, "", "csv", Options())
    proposal = propose(fall_back_review(), [parsed])
    assert [i.status for i in proposal.items] == ["new", "duplicate"]


def test_a_new_row_goes_by_its_instant_among_rows_written_with_a_zone():
    review = fall_back_review()
    review.timeline = [TimelineEvent(time="01:40 EDT", event="failover started"),
                       TimelineEvent(time="01:10 EST", event="failover finished")]
    text = "timestamp,event\n2024-11-03T01:05:00-05:00,second page\n2024-11-03T01:35:00-04:00,first page\n"
    proposal = propose(review, [parse_text(text, "", "csv", Options())])
    timeline = merge(review, review.timeline, proposal.new())
    assert [row.event for row in timeline] == ["first page", "failover started", "second page", "failover finished"]
    assert [row.time for row in timeline] == ["01:35 EDT", "01:40 EDT", "01:05 EST", "01:10 EST"]


# ----- chat -----


def test_zoom_saved_chat_keeps_every_message_and_leaves_out_direct_messages_and_reactions():
    parsed, got = rows("zoom_chat.txt")
    assert parsed.format == "zoom"
    assert got == [
        (utc("2024-01-15 09:47:12"), "Maria Chen: the API is returning 503s\nsince about 09:45"),
        (utc("2024-01-15 09:50:10"), "Daniel Okoro: I am rolling back build 4411"),
        (utc("2024-01-15 23:59:40"), "Maria Chen: still watching"),
        (utc("2024-01-16 00:01:05"), "Maria Chen: all clear"),  # across midnight
    ]
    assert parsed.filtered == 2 and parsed.unreadable == []


def test_zoom_saved_chat_of_older_clients_on_one_line():
    parsed, got = rows("zoom_chat_old.txt")
    assert parsed.format == "zoom"
    assert [event for _, event in got] == ["Maria Chen: the API is returning 503s", "Daniel Okoro: rolling back"]
    assert parsed.filtered == 1


def test_webvtt_is_refused_in_one_line_without_the_meetings_start():
    with pytest.raises(SourceError) as error:
        parse_path(FORMATS / "meeting.vtt", "auto", ON)
    message = str(error.value)
    assert "\n" not in message and "WebVTT" in message and "--start" in message and "Start in the dialog" in message


def test_webvtt_rows_are_at_the_start_plus_each_cue_offset_with_the_speaker():
    start = datetime(2024, 1, 15, 9, 45, tzinfo=ZoneInfo("Europe/London"))
    _, got = rows("meeting.vtt", Options(base=date(2024, 1, 15), start=start))
    assert got == [
        (utc("2024-01-15 09:45:05"), "Maria Chen: We are seeing 503s on the API."),
        (utc("2024-01-15 09:46:10.250"), "Daniel Okoro: I will roll back build 4411 & watch the pool."),
        (utc("2024-01-15 10:47:03"), "Maria Chen: Error rate is back to normal."),
    ]


# ----- Slack -----


def test_slack_markup_reads_as_the_client_shows_it():
    parsed, got = rows("slack_markup")
    events = [event for _, event in got]
    assert events[0] == "Prometheus: [FIRING:1] BackendHighErrorRate\nerror rate 100% on backend-api"
    assert events[1] == "PagerDuty: Triggered #1234: BackendHighErrorRate"  # the attachment's fallback
    assert events[2] == (
        "Maria: @here @sam see [the pool dashboard](https://grafana.example/d/abc?from=1&to=2) & ping @db-oncall"
    )
    assert events[3] == (
        "sam: @channel the <b>reports</b> export holds 10 connections; "
        "don't click this (javascript:alert(1)) (cc @Maria) in #inc-db"
    )
    assert events[4] == (  # a bot that writes only Block Kit blocks
        "incident-bot: SEV-2 declared\n@Maria is incident commander; notes in [the incident doc](https://docs.example/inc-db)"
    )


def test_slack_text_reaches_the_markdown_as_text_with_only_the_links_it_meant(tmp_path: Path):
    review = Review(incident=Incident(start="2024-01-15 14:30", timezone="UTC"))
    parsed = parse_path(FORMATS / "slack_markup", "auto", ON)
    review.timeline = merge(review, [], propose(review, [parsed]).new())
    markdown = render_markdown(review)
    assert "<!here>" not in markdown and "<!subteam" not in markdown and "<@" not in markdown
    assert not re.search(r"(?<!\\)<b>", markdown) and "\\<b>reports\\</b>" in markdown  # text, not HTML
    assert "[the pool dashboard](https://grafana.example/d/abc?from=1&to=2)" in markdown
    assert "](javascript:" not in markdown
    path = tmp_path / "r.toml"
    store.save(path, review)
    assert store.load(path).timeline[3].event.startswith("sam: @channel the <b>reports</b>")


# ----- more sources -----


def test_pagerduty_notes_keep_their_text():
    _, got = rows("pagerduty_notes.json")
    assert got == [
        (utc("2024-01-15 14:42"), "Note by Maria Chen: Pool is at 10/10; killing long-running queries."),
        (utc("2024-01-15 14:50:30"), "Note by Daniel Okoro: Rolled back build 4411."),
    ]


def test_a_pagerduty_annotate_log_entry_keeps_the_notes_text():
    _, got = rows("pagerduty_annotate.json")
    assert got == [(utc("2024-01-15 14:45"), "Note by Maria Chen: Found the slow query: reports export")]


def test_journalctl_json_entries_at_their_realtime_microseconds():
    parsed, got = rows("journal.json")
    assert parsed.format == "journald"
    assert got[0] == (utc("2024-01-15 14:32:00.123456"), "postgres[4411]: FATAL:  remaining connection slots are reserved")
    assert got[1][1] == "backend[77]: caf\ufffd \ufffd error"  # bytes that are not UTF-8 are kept, replaced
    assert parsed.rows[0].evidence.endswith("journal.json:1 (db-1)")


def test_opsgenie_alert_logs():
    parsed, got = rows("opsgenie_alert_logs.json")
    assert parsed.format == "opsgenie"
    assert [(event, row.milestone) for (_, event), row in zip(got, parsed.rows)] == [
        ("Alert created via Prometheus", "detected"),
        ("Alert acknowledged via Web", "responder engaged"),
        ("maria@acme.example: pool exhausted, restarting backend", ""),
        ("Alert closed via Web", "resolved"),
    ]
    assert got[0][0] == utc("2024-01-15 14:38:02.123")


def test_statuspage_incident_updates_at_their_display_time():
    parsed, got = rows("statuspage_incident.json")
    assert parsed.format == "statuspage"
    assert sorted(got)[0] == (utc("2024-01-15 14:40:30"),
                              "Status page Elevated API errors: investigating: We are investigating elevated error rates on the API.")
    assert {row.milestone for row in parsed.rows} == {"", "mitigated", "resolved"}
    assert all(row.evidence == "http://stspg.io/p31zjtct2jer" for row in parsed.rows)


def test_gitlab_incident_timeline_events_with_their_tags_as_milestones():
    parsed, got = rows("gitlab_timeline_events.json")
    assert parsed.format == "gitlab"
    assert got[1] == (utc("2024-01-15 14:50"), "Rolled back **build 4411**")  # the note, never noteHtml
    assert [row.milestone for row in parsed.rows] == ["detected", "mitigated", "resolved"]


def test_grafana_annotations_in_epoch_milliseconds_without_their_markup():
    parsed, got = rows("grafana_annotations.json")
    assert parsed.format == "grafana"
    assert got[0] == (utc("2024-01-15 14:38"), "Deploy build 4411 & config change")
    assert got[1] == (utc("2024-01-15 15:15"), "Deploy build 4411 & config change (ends)")


def test_a_format_pirtui_does_not_read_is_one_line_naming_what_it_tried():
    with pytest.raises(SourceError) as error:
        parse_text("<html><body>incident</body></html>\n", "page.html", "auto", ON)
    message = str(error.value)
    assert "\n" not in message and "tried" in message and "log:" in message and "csv:" in message


def test_a_workbook_is_refused_in_one_line_naming_it():
    with pytest.raises(SourceError) as error:
        parse_path(FORMATS / "workbook.xlsx", "auto", ON)
    assert "\n" not in str(error.value) and ".xlsx" in str(error.value) and "CSV" in str(error.value)


def test_every_fixture_in_the_folder_has_a_test_and_a_readme_line():
    readme = (FORMATS / "README.md").read_text()
    names = sorted(p.name for p in FORMATS.iterdir() if p.name != "README.md")
    missing = [name for name in names if f"`{name}`" not in readme and f"`{name}/`" not in readme]
    assert not missing, f"not in the README: {missing}"
    here = Path(__file__).read_text() + (Path(__file__).with_name("test_evidence_same.py")).read_text()
    assert all(name in here for name in names), [name for name in names if name not in here]


def test_times_right_across_a_dst_change_in_a_log(tmp_path: Path):
    text = "Mar 10 01:59:00 a: before\nMar 10 03:00:00 a: after\n"
    parsed = parse_text(text, "", "log", Options(source_tz=ZoneInfo("America/New_York"), base=date(2024, 3, 10)))
    first, second = (row.at.astimezone(UTC) for row in parsed.rows)
    assert second - first == timedelta(minutes=1)  # 01:59 EST to 03:00 EDT


def test_a_fall_back_timeline_written_with_zones_is_in_order_for_check():
    from pirtui.core.checks import check

    review = fall_back_review()
    parsed = parse_path(FORMATS / "fall_back.csv", "auto", Options(source_tz=ZoneInfo("America/New_York")))
    review.timeline = merge(review, [], propose(review, [parsed]).new())
    assert not [f for f in check(review) if "earlier than the row before" in f.message]
    review.timeline.append(TimelineEvent(time="01:05", event="no zone: the first 01:05 (EDT)"))
    assert [f.field for f in check(review) if "earlier than the row before" in f.message] == ["timeline.4.time"]


def test_the_timeline_tables_sort_goes_by_the_instant():
    from pirtui.screens.section import sort_timeline

    rows = [TimelineEvent(time="01:10 EST", event="second 01:10"), TimelineEvent(time="01:40 EDT", event="first 01:40"),
            TimelineEvent(time="01:20", event="first 01:20")]
    assert [row.event for row in sort_timeline(fall_back_review(), rows, "time")] == ["first 01:20", "first 01:40", "second 01:10"]


def test_an_offset_in_a_column_title_means_what_people_mean():
    parsed = parse_text("Time (UTC+2),Event\n2024-01-15 16:32,alert\n", "", "csv", Options())
    assert parsed.rows[0].at.astimezone(UTC) == utc("2024-01-15 14:32")  # not POSIX's reversed sign


def test_structured_json_logs_with_iso_or_epoch_times():
    parsed, got = rows("structured.jsonl")
    assert parsed.format == "jsonlog"
    assert got == [
        (utc("2024-01-15 14:32:00.125"), "ERROR: pool exhausted"),
        (utc("2024-01-15 14:33:05.5"), "INFO: restarting backend"),  # epoch seconds with a fraction
        (utc("2024-01-15 14:35"), "backend ready"),  # epoch milliseconds
    ]


def test_log_lines_that_start_with_an_epoch_time():
    _, got = rows("epoch_prefixed.log")
    assert got == [(utc("2024-01-15 14:32:00.123"), "api-1 pool exhausted"), (utc("2024-01-15 14:33:05"), "api-1 restarting")]


def test_an_elasticsearch_search_response_is_read_from_its_hits():
    text = ('{"took": 3, "hits": {"total": {"value": 1}, "hits": [{"_index": "logs", "_id": "a1", '
            '"_source": {"@timestamp": "2021-06-08T09:47:12.031Z", "message": "upstream reset"}}]}}')
    parsed = parse_text(text, "", "auto", ON)
    assert parsed.format == "jsonlog" and parsed.rows[0].event == "upstream reset"
    assert parsed.rows[0].at == utc("2021-06-08 09:47:12.031")
