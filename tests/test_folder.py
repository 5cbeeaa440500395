"""The folder scan behind the review list (`review_summaries`, through the index): one summary per
file, newest first, problems shown."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

from pirtui.core import store
from pirtui.core.checks import check
from pirtui.team.folder import create_review, next_incident_id, suggested_file_name
from pirtui.team.index import review_summaries as scan
from pirtui.core.model import ActionItem, Review, new_review
from pirtui.core.sections import EDITABLE_SECTIONS

TODAY = date(2026, 3, 1)


def write(folder: Path, name: str, review: Review, mtime: float | None = None) -> Path:
    path = folder / name
    path.write_text(store.dumps(review), encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def review_on(day: str, incident_id: str = "INC-2026-001", title: str = "") -> Review:
    review = new_review(incident_id, "2026-02-01")
    review.title = title
    review.incident.start = f"{day} 14:00"
    return review


def test_each_review_is_summarized_with_its_own_values(tmp_path: Path):
    review = review_on("2026-01-15", "INC-2026-001", "Pool exhaustion")
    review.incident.severity = "SEV-2"
    review.status = "in review"
    write(tmp_path, "inc-2026-001.toml", review)

    (summary,) = scan(tmp_path, TODAY)

    assert summary.path == tmp_path / "inc-2026-001.toml"
    assert (summary.id, summary.title, summary.severity, summary.status) == (
        "INC-2026-001",
        "Pool exhaustion",
        "SEV-2",
        "in review",
    )
    assert summary.incident_date == date(2026, 1, 15)
    assert summary.problem == ""
    assert summary.modified is not None


def test_newest_incident_first_then_latest_saved(tmp_path: Path):
    now = time.time()
    write(tmp_path, "a.toml", review_on("2025-12-01", title="old"), now)
    write(tmp_path, "b.toml", review_on("2026-02-10", title="new, saved earlier"), now - 100)
    write(tmp_path, "c.toml", review_on("2026-02-10", title="new, saved later"), now)
    write(tmp_path, "d.toml", review_on("2026-01-05", title="middle"), now)

    titles = [summary.title for summary in scan(tmp_path, TODAY)]

    assert titles == ["new, saved later", "new, saved earlier", "middle", "old"]


def test_a_draft_without_a_date_is_listed_first(tmp_path: Path):
    write(tmp_path, "dated.toml", review_on("2026-02-10", title="dated"))
    write(tmp_path, "fresh.toml", new_review("INC-2026-002"))

    assert [summary.path.name for summary in scan(tmp_path, TODAY)] == ["fresh.toml", "dated.toml"]


def test_open_and_overdue_action_items_are_counted(tmp_path: Path):
    review = review_on("2026-01-15")
    review.action_items = [
        ActionItem(id="1", action="past due", due="2026-02-01", status="Open"),
        ActionItem(id="2", action="past due, in progress", due="2026-02-20", status="In Progress"),
        ActionItem(id="3", action="not due yet", due="2026-04-01", status="Open"),
        ActionItem(id="4", action="done late", due="2026-01-20", status="Done"),
        ActionItem(id="5", action="dropped", due="2026-01-20", status="Won't Do"),
        ActionItem(id="6", action="due some day", due="next Friday-ish", status="Blocked"),
    ]
    write(tmp_path, "r.toml", review)

    (summary,) = scan(tmp_path, TODAY)

    assert (summary.open_actions, summary.overdue_actions) == (4, 2)


def test_errors_and_warnings_are_the_checks_findings(tmp_path: Path):
    review = review_on("2026-01-15")
    review.incident.end = "2026-01-14 10:00"  # before the start
    review.incident.severity = "SEV-9"
    write(tmp_path, "r.toml", review)
    findings = check(store.load(tmp_path / "r.toml"), TODAY)

    (summary,) = scan(tmp_path, TODAY)

    assert summary.errors == sum(1 for f in findings if f.level == "error")
    assert summary.warnings == sum(1 for f in findings if f.level == "warning")
    assert summary.errors >= 1 and summary.warnings >= 1


def test_completeness_counts_sections_with_every_block_filled(tmp_path: Path):
    base = review_on("2026-01-15")
    write(tmp_path, "base.toml", base)
    summary_only = base.model_copy(deep=True)
    summary_only.summary = "The API was down for 45 minutes."
    write(tmp_path, "summary.toml", summary_only)
    half_impact = base.model_copy(deep=True)
    half_impact.impact.user.affected_users = "5%"  # User Impact filled, Business Impact not
    write(tmp_path, "impact.toml", half_impact)

    by_name = {summary.path.name: summary for summary in scan(tmp_path, TODAY)}

    assert {s.sections_total for s in by_name.values()} == {len(EDITABLE_SECTIONS)}
    filled = by_name["base.toml"].sections_filled
    assert by_name["summary.toml"].sections_filled == filled + 1
    assert by_name["impact.toml"].sections_filled == filled


def test_an_unreadable_file_is_listed_with_its_problem(tmp_path: Path):
    write(tmp_path, "good.toml", review_on("2026-01-15", title="good"))
    (tmp_path / "broken.toml").write_text('title = "unterminated\n', encoding="utf-8")
    (tmp_path / "unknown.toml").write_text('colour = "blue"\n', encoding="utf-8")

    by_name = {summary.path.name: summary for summary in scan(tmp_path, TODAY)}

    assert by_name["good.toml"].problem == ""
    assert "not valid TOML" in by_name["broken.toml"].problem
    assert "colour" in by_name["unknown.toml"].problem
    assert all("\n" not in summary.problem for summary in by_name.values())


def test_a_review_the_checks_fail_on_is_listed_with_that_problem(tmp_path: Path, monkeypatch):
    write(tmp_path, "r.toml", review_on("2026-01-15"))

    def broken_check(review, today=None, hints=None):
        raise ValueError("boom")

    monkeypatch.setattr("pirtui.core.checks.check", broken_check)  # record_of imports it when it runs
    (summary,) = scan(tmp_path, TODAY)

    assert summary.problem == f"{tmp_path / 'r.toml'}: could not be checked: ValueError('boom')"


def test_an_empty_or_missing_folder_has_no_reviews(tmp_path: Path):
    assert scan(tmp_path, TODAY) == []
    assert scan(tmp_path / "missing", TODAY) == []


def test_create_review_uses_the_id_in_the_file_name(tmp_path: Path):
    review = create_review(tmp_path / "inc-2026-007.toml", TODAY)
    assert review.incident.id == "INC-2026-007"
    assert review.revisions[0].date == TODAY.isoformat()
    assert not (tmp_path / "inc-2026-007.toml").exists()  # written by the caller


def test_create_review_with_another_name_takes_the_next_free_id(tmp_path: Path):
    write(tmp_path, "first.toml", new_review("INC-2026-003"))

    assert create_review(tmp_path / "db-outage.toml", TODAY).incident.id == "INC-2026-004"


def test_create_review_follows_the_teams_id_pattern_author_and_timezone(tmp_path: Path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".pirtui.toml").write_text(
        'id_prefix = "OPS"\nid_pattern = "{prefix}.{year}.{number:04d}"\ntimezone = "Europe/Berlin"\n'
        'author = "Ana Lima"\n',
        encoding="utf-8",
    )
    write(tmp_path, "first.toml", new_review("OPS.2026.0041"))
    write(tmp_path, "old-style.toml", new_review("INC-2026-099"))  # not the team's pattern: ignored

    review = create_review(tmp_path / "db-outage.toml", TODAY)

    assert review.incident.id == "OPS.2026.0042"
    assert review.incident.author == "Ana Lima" and review.incident.timezone == "Europe/Berlin"
    assert suggested_file_name(tmp_path, TODAY) == "ops.2026.0042.toml"


def test_an_explicit_id_wins_over_the_file_name(tmp_path: Path):
    assert create_review(tmp_path / "inc-2026-007.toml", TODAY, incident_id="INC-2026-100").incident.id == "INC-2026-100"


def test_suggested_file_name_is_the_next_free_id(tmp_path: Path):
    write(tmp_path, "first.toml", new_review("INC-2026-003"))

    assert suggested_file_name(tmp_path, TODAY) == "inc-2026-004.toml"
    assert next_incident_id(tmp_path, 2026) == "INC-2026-004"
