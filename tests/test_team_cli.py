"""`pirtui actions` and `pirtui stats`: formats, filters, exit codes and bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from pirtui.cli.main import main
from tests.team_helpers import item, small_team_folder, team_review, write

PIRTUI = str(Path(sys.executable).parent / "pirtui")


def run(*args: str) -> subprocess.CompletedProcess:
    """The installed console script, as a CI job runs it."""
    return subprocess.run([PIRTUI, *args], capture_output=True, text=True, timeout=60)


def test_actions_table_lists_every_item_and_marks_the_overdue(tmp_path: Path, capsys):
    small_team_folder(tmp_path)

    assert main(["actions", str(tmp_path)]) == 0
    out, err = capsys.readouterr()

    lines = out.splitlines()
    assert lines[0].split() == ["Review", "Item", "Action", "Owner", "Pri", "Due", "Status", "Ticket", "Late"]
    overdue = [line for line in lines if "Add pool alert" in line][0]
    assert overdue.rstrip().split()[-1].startswith("!") and overdue.rstrip().endswith("d")
    assert lines[-1] == "4 items, 1 overdue"
    assert "broken.toml" in err and "not valid TOML" in err and len(err.splitlines()) == 1


def test_actions_json_for_scripts(tmp_path: Path, capsys):
    small_team_folder(tmp_path)

    assert main(["actions", str(tmp_path), "--format", "json", "--owner", "daniel"]) == 0
    items = json.loads(capsys.readouterr().out)

    assert [(i["review"], i["item"], i["status"]) for i in items] == [("INC-2026-001", "2", "Done"), ("INC-2026-002", "1", "Blocked")]
    assert set(items[0]) >= {"action", "owner", "priority", "due", "ticket", "ticket_url", "overdue", "days_overdue", "file"}


def test_actions_csv_has_the_documented_columns_and_ticket_links(tmp_path: Path, capsys):
    small_team_folder(tmp_path)
    (tmp_path / ".pirtui.toml").write_text('ticket_url = "https://tracker.example/browse/{ticket}"\n', encoding="utf-8")

    assert main(["actions", str(tmp_path), "--format", "csv", "--status", "Open"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))

    assert list(rows[0]) == ["Summary", "Assignee", "Priority", "Due Date", "Status", "Ticket", "Ticket URL",
                             "Review", "Review Title", "Item", "Days Overdue", "Review File"]
    assert [(r["Summary"], r["Ticket URL"]) for r in rows] == [
        ("Add pool alert", "https://tracker.example/browse/OPS-1"),
        ("Write the cache runbook", ""),
    ]


def test_actions_overdue_and_due_before_filters(tmp_path: Path, capsys):
    small_team_folder(tmp_path)

    main(["actions", str(tmp_path), "--format", "json", "--overdue"])
    assert [i["action"] for i in json.loads(capsys.readouterr().out)] == ["Add pool alert"]
    main(["actions", str(tmp_path), "--format", "json", "--due-before", "2026-01-21"])
    assert [i["action"] for i in json.loads(capsys.readouterr().out)] == ["Add pool alert", "Raise pool size"]


def test_fail_on_overdue_exits_1_only_when_an_item_listed_is_overdue(tmp_path: Path):
    small_team_folder(tmp_path)

    assert run("actions", str(tmp_path), "--fail-on-overdue").returncode == 1
    assert run("actions", str(tmp_path), "--fail-on-overdue", "--owner", "sam").returncode == 0
    assert run("actions", str(tmp_path)).returncode == 0


def test_actions_over_several_folders(tmp_path: Path, capsys):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    write(first, "x.toml", team_review("INC-1", "One", actions=[item("1", "From a")]))
    write(second, "y.toml", team_review("INC-2", "Two", actions=[item("1", "From b")]))

    main(["actions", str(first), str(second), "--format", "json"])

    assert [i["action"] for i in json.loads(capsys.readouterr().out)] == ["From a", "From b"]


def test_bad_arguments_are_one_line_and_exit_2(tmp_path: Path):
    missing = run("actions", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "no such folder" in missing.stderr
    bad_date = run("actions", str(tmp_path), "--due-before", "someday")
    assert bad_date.returncode == 2 and "not a date" in bad_date.stderr and "Traceback" not in bad_date.stderr
    assert run("stats", str(tmp_path / "nowhere")).returncode == 2


def test_json_escapes_what_a_terminal_would_obey_and_the_table_shows_it_as_symbols(tmp_path: Path):
    write(tmp_path, "x.toml", team_review("INC-1", "One", actions=[item("1", "Fix \u202eevil\x1b[31m red\x85")]))

    as_json = run("actions", str(tmp_path), "--format", "json")
    assert "\u202e" not in as_json.stdout and "\x1b" not in as_json.stdout and "\x85" not in as_json.stdout
    assert json.loads(as_json.stdout)[0]["action"] == "Fix \u202eevil\x1b[31m red\x85"
    table = run("actions", str(tmp_path))
    assert "\x1b" not in table.stdout and "\u202e" not in table.stdout and "␛" in table.stdout


def test_stats_table_counts_and_names_what_it_cannot_count(tmp_path: Path, capsys):
    small_team_folder(tmp_path)

    assert main(["stats", str(tmp_path)]) == 0
    out, err = capsys.readouterr()

    assert out.startswith("3 reviews, by month")
    assert "2026-01  1          1      0      0      0" in out
    assert "1 review has no readable start date (in no period): INC-2026-003" in out
    assert "2 reviews have no time to first responder: INC-2026-002, INC-2026-003" in out
    assert "Most impacted services: backend-api (2), orders (1)" in out
    assert "broken.toml" in err


def test_stats_json_by_quarter(tmp_path: Path, capsys):
    small_team_folder(tmp_path)

    assert main(["stats", str(tmp_path), "--by", "quarter", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)

    (quarter,) = data["periods"]
    assert quarter["period"] == "2026-Q1" and quarter["incidents"] == 2
    assert quarter["by_severity"] == {"SEV-1": 1, "SEV-3": 1}
    # 5 and 20 minutes: the 90th percentile, inclusive, is 5 + 0.9 * 15.
    assert quarter["metrics_minutes"]["impact_to_detection"] == {"median": 12.5, "p90": 18.5, "count": 2, "approximate": 1}
    assert quarter["actions"] == {"opened": 3, "done": 1, "wont_do": 0, "overdue": 1, "completion": 1 / 3}
    assert data["contributing_factor_words"][0] == {"word": "pool", "incidents": 2}
    assert data["undated"] == ["INC-2026-003"]
    assert len(data["unreadable"]) == 1


def test_stats_csv_one_row_per_period(tmp_path: Path, capsys):
    small_team_folder(tmp_path)

    assert main(["stats", str(tmp_path), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))

    assert [(r["period"], r["incidents"], r["impact_to_detection median"]) for r in rows] == [
        ("2026-01", "1", "5.0"),
        ("2026-02", "1", "20.0"),
    ]
