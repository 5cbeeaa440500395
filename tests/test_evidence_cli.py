"""`pirtui timeline add`: the installed command adds evidence rows through the review's save layer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pirtui.core import lock, store
from pirtui.core.model import Incident, Review, TimelineEvent

PIRTUI = str(Path(sys.executable).parent / "pirtui")
CASES = Path(__file__).parent / "evidence_cases"


def run(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PIRTUI, "timeline", "add", *map(str, args)],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )


def write(folder: Path, rows: list[TimelineEvent] | None = None) -> Path:
    review = Review(title="DB pool", incident=Incident(id="INC-2024-001", start="2024-01-15 14:30", timezone="UTC"))
    review.timeline = rows or [TimelineEvent(time="14:30", event="p99 latency climbs", milestone="first impact")]
    path = folder / "inc.toml"
    store.save(path, review)
    return path


def files(path: Path) -> tuple[bytes, bytes]:
    return path.read_bytes(), store.markdown_path(path).read_bytes()


def test_dry_run_prints_the_rows_and_writes_nothing(tmp_path: Path):
    path = write(tmp_path)
    before = files(path)
    result = run(path, CASES / "pagerduty_log_entries.json", "--dry-run")
    assert result.returncode == 0, result.stderr
    first = "+ 14:33  Triggered through the API.  [detected]  https://acme.pagerduty.com/incidents/Q1ABCDE"
    assert first in result.stdout
    assert "Dry run: nothing written." in result.stderr
    assert files(path) == before


def test_add_writes_toml_and_markdown_in_time_order(tmp_path: Path):
    path = write(tmp_path)
    result = run(path, CASES / "slack_export", CASES / "pagerduty_log_entries.json")
    assert result.returncode == 0, result.stderr
    review = store.load(path)
    times = [row.time for row in review.timeline]
    assert times[0] == "14:30" and "2024-01-16 09:00" in times
    assert len(review.timeline) == 1 + 9 + 6
    tagged = {row.milestone: row.event for row in review.timeline if row.milestone}
    assert tagged["detected"] == "Triggered through the API."
    assert tagged["responder engaged"] == "Acknowledged by Maria Chen."  # 14:36:10, before Maria's 14:36:20 words
    markdown = store.markdown_path(path).read_text()
    assert "Resolved by Maria Chen." in markdown
    assert f"Added 15 rows to {path}" in result.stderr


def test_events_already_there_are_not_added_again(tmp_path: Path):
    path = write(tmp_path)
    assert run(path, CASES / "alertmanager_webhooks.jsonl").returncode == 0
    after_first = files(path)
    result = run(path, CASES / "alertmanager_webhooks.jsonl")
    assert result.returncode == 0
    assert result.stdout.count("(already in the timeline at ") == 4
    assert "0 new, 4 already there" in result.stderr
    assert files(path) == after_first


def test_a_review_held_by_an_editor_is_refused(tmp_path: Path):
    path = write(tmp_path)
    before = files(path)
    held = lock.acquire(path)  # this test's process: alive, so not stale for the command
    assert isinstance(held, lock.Lock)
    try:
        result = run(path, CASES / "chat.txt")
    finally:
        held.release()
    assert result.returncode == 2
    error = result.stderr.splitlines()[-1]
    assert error.startswith(f"pirtui: {path}: not changed: Opened by") and error.endswith("close it there first")
    assert files(path) == before


def test_a_broken_source_names_the_formats_tried(tmp_path: Path):
    path = write(tmp_path)
    before = files(path)
    result = run(path, CASES / "notes.txt")
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert "not evidence pirtui can read" in line
    for name in ("pagerduty", "log", "chat", "csv"):
        assert f"{name}:" in line
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert files(path) == before


def test_broken_json_and_missing_sources_are_one_line(tmp_path: Path):
    path = write(tmp_path)
    (tmp_path / "bad.json").write_text('{"log_entries": [')
    for source, words in ((tmp_path / "bad.json"), "not valid JSON"), ((tmp_path / "nope.log"), "no such file"):
        result = run(path, source)
        assert result.returncode == 2 and len(result.stderr.splitlines()) == 1 and words in result.stderr


def test_more_than_500_rows_need_yes_without_a_terminal(tmp_path: Path):
    path = write(tmp_path)
    log = tmp_path / "big.log"
    log.write_text("".join(f"2024-01-15T15:{m // 60:02d}:{m % 60:02d}Z event {m}\n" for m in range(600)))
    before = files(path)
    refused = run(path, log)
    assert refused.returncode == 2 and "600 rows not added" in refused.stderr
    assert files(path) == before
    accepted = run(path, log, "--yes")
    assert accepted.returncode == 0, accepted.stderr
    assert len(store.load(path).timeline) == 601


def test_grep_since_until_and_source_tz(tmp_path: Path):
    path = write(tmp_path)
    result = run(path, CASES / "dst_newyork.log", "--source-tz", "America/New_York", "--grep", "clocks", "--dry-run")
    assert result.returncode == 0, result.stderr
    # Source local times, written in the review's zone (UTC) on other days than the start: with dates.
    assert "+ 2024-03-10 06:50  api-1 app[1]: before the clocks go forward" in result.stdout
    assert "+ 2024-03-10 07:10  api-1 app[1]: after the clocks went forward" in result.stdout
    assert "1 left out" in result.stderr
    assert "read as" not in result.stderr  # --source-tz given
    assumed = run(path, CASES / "dst_newyork.log", "--dry-run")
    assert "Times written without a zone are read as UTC (--source-tz to change)." in assumed.stderr
    window = run(path, CASES / "chat.txt", "--since", "14:40", "--until", "2024-01-15 23:59", "--dry-run")
    assert [line[:7] for line in window.stdout.splitlines()] == ["+ 14:41", "+ 14:58", "+ 23:50"]


def test_escape_sequences_in_a_source_are_shown_not_obeyed_and_kept_in_the_review(tmp_path: Path):
    path = write(tmp_path)
    log = tmp_path / "evil.log"
    log.write_text("2024-01-15T14:40:00Z \x1b[31mERROR\x1b[0m \u202etxt.exe\n")
    result = run(path, log)
    assert result.returncode == 0
    assert "\x1b" not in result.stdout + result.stderr and "␛[31mERROR" in result.stdout
    assert "\u202e" not in result.stdout and "⟦U+202E⟧" in result.stdout
    assert store.load(path).timeline[-1].event == "\x1b[31mERROR\x1b[0m \u202etxt.exe"


def test_unknown_source_tz_and_bad_grep_are_one_line(tmp_path: Path):
    path = write(tmp_path)
    for args, words in ((["--source-tz", "Mars/Olympus"], "unknown time zone"), (["--grep", "("], "--grep")):
        result = run(path, CASES / "chat.txt", *args)
        assert result.returncode == 2 and words in result.stderr and len(result.stderr.splitlines()) == 1


FORMATS = CASES / "formats"


def write_without_start(folder: Path) -> Path:
    path = folder / "nostart.toml"
    store.save(path, Review(title="No start", incident=Incident(id="INC-9", timezone="UTC")))
    return path


def test_times_of_day_without_a_start_say_to_set_it_or_give_date(tmp_path: Path):
    path = write_without_start(tmp_path)
    result = run(path, FORMATS / "zoom_chat.txt", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "set the incident's Start first (or give --date)" in result.stderr
    dated = run(path, FORMATS / "zoom_chat.txt", "--dry-run", "--date", "2024-01-15")
    assert "+ 2024-01-15 09:47  Maria Chen: the API is returning 503s" in dated.stdout
    assert "set the incident's Start first" not in dated.stderr


def test_a_webvtt_transcript_is_refused_in_one_line_unless_start_is_given(tmp_path: Path):
    path = write(tmp_path)
    refused = run(path, FORMATS / "meeting.vtt", "--dry-run")
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1
    assert "--start" in refused.stderr and "Traceback" not in refused.stderr
    placed = run(path, FORMATS / "meeting.vtt", "--dry-run", "--start", "2024-01-15 14:30")
    assert placed.returncode == 0, placed.stderr
    assert "+ 14:30  Maria Chen: We are seeing 503s on the API." in placed.stdout
    assert "+ 15:32  Maria Chen: Error rate is back to normal." in placed.stdout


def test_a_bad_date_or_start_is_one_line(tmp_path: Path):
    path = write(tmp_path)
    for option in ("--date", "--start"):
        result = run(path, FORMATS / "meeting.vtt", option, "tuesday-ish")
        assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1 and option in result.stderr


def test_one_page_from_three_sources_is_added_once_with_every_source(tmp_path: Path):
    path = write(tmp_path)
    same = FORMATS / "same_page"
    result = run(path, same / "slack", same / "pagerduty.json", same / "alertmanager.json")
    assert result.returncode == 0, result.stderr
    rows = [row for row in store.load(path).timeline if "BackendHighErrorRate" in row.event]
    assert len(rows) == 1 and rows[0].evidence.count(" · ") == 2
    assert "(the same event in " in result.stdout
