"""Action items across reviews: rows, filters, ticket links, and the status change's safeguards."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pirtui.core import lock, store
from pirtui.team.actions import ActionFilter, action_rows, parse_filter, set_action_status
from pirtui.team.index import scan_records
from pirtui.core.tickets import ticket_link
from tests.team_helpers import small_team_folder

TODAY = date(2026, 3, 1)


def rows_of(folder: Path, pattern: str = ""):
    return action_rows(scan_records(folder), TODAY, pattern)


def test_every_item_of_every_readable_review_is_a_row(tmp_path: Path):
    small_team_folder(tmp_path)

    rows = rows_of(tmp_path)

    assert [(r.review_id, r.item_id, r.owner) for r in rows] == [
        ("INC-2026-001", "1", "Maria Chen"),
        ("INC-2026-001", "2", "Daniel"),
        ("INC-2026-002", "1", "Daniel"),
        ("INC-2026-003", "1", "Sam"),
    ]
    assert [r.days_overdue for r in rows] == [(TODAY - date(2020, 1, 1)).days, None, None, None]


def test_filters_by_owner_status_priority_overdue_review_text_and_due(tmp_path: Path):
    small_team_folder(tmp_path)
    rows = rows_of(tmp_path)

    def kept(wanted: ActionFilter) -> list[str]:
        return [f"{r.review_id}/{r.item_id}" for r in rows if wanted.keeps(r)]

    assert kept(ActionFilter(owner="daniel")) == ["INC-2026-001/2", "INC-2026-002/1"]
    assert kept(ActionFilter(status="open,blocked")) == ["INC-2026-001/1", "INC-2026-002/1", "INC-2026-003/1"]
    assert kept(ActionFilter(priority="p3")) == ["INC-2026-002/1"]
    assert kept(ActionFilter(overdue=True)) == ["INC-2026-001/1"]
    assert kept(ActionFilter(review="login")) == ["INC-2026-002/1"]
    assert kept(ActionFilter(text="pool alert")) == ["INC-2026-001/1"]
    assert kept(ActionFilter(due_before=date(2026, 2, 1))) == ["INC-2026-001/1", "INC-2026-001/2"]


def test_the_filter_line_of_the_actions_view():
    assert parse_filter("owner:maria status:in,bl overdue pool") == ActionFilter(
        owner="maria", status="In Progress,Blocked", overdue=True, text="pool"
    )
    assert parse_filter("review:INC-2026-002 priority:P1") == ActionFilter(review="INC-2026-002", priority="P1")
    assert parse_filter("what:ever") == ActionFilter(text="what:ever")


def test_ticket_links_follow_the_teams_pattern():
    assert ticket_link("OPS-1", "https://tracker.example/browse/{ticket}") == "https://tracker.example/browse/OPS-1"
    assert ticket_link(" OPS 2/x ", "https://t/{ticket}") == "https://t/OPS%202%2Fx"
    assert ticket_link("https://github.com/o/r/issues/3", "https://t/{ticket}") == "https://github.com/o/r/issues/3"
    assert ticket_link("OPS-1", "") == ""
    assert ticket_link("", "https://t/{ticket}") == ""


def test_rows_carry_the_ticket_url(tmp_path: Path):
    small_team_folder(tmp_path)

    assert rows_of(tmp_path, "https://t.example/{ticket}")[0].ticket_url == "https://t.example/OPS-1"


def test_a_status_change_writes_the_toml_and_the_markdown(tmp_path: Path):
    small_team_folder(tmp_path)
    row = rows_of(tmp_path)[0]
    other = (tmp_path / "inc-2026-002.toml").read_bytes()

    outcome = set_action_status(row.path, row.position, row.item_id, "Done", row.sha256)

    assert outcome.ok, outcome.message
    review = store.load(row.path)
    assert [a.status for a in review.action_items] == ["Done", "Done"]
    assert review.action_items[0].action == "Add pool alert"
    assert "| Done |" in store.markdown_path(row.path).read_text(encoding="utf-8").split("Add pool alert")[1].split("\n")[0]
    assert (tmp_path / "inc-2026-002.toml").read_bytes() == other
    assert not lock.lock_path(row.path).exists()
    assert not rows_of(tmp_path)[0].overdue


def test_a_status_change_is_refused_when_another_editor_holds_the_review(tmp_path: Path):
    small_team_folder(tmp_path)
    row = rows_of(tmp_path)[0]
    before = row.path.read_bytes()
    lock.lock_path(row.path).write_text(
        lock.Owner("alice", "other-host", 4242, "2026-03-01T10:00:00+00:00").to_json(), encoding="utf-8"
    )

    outcome = set_action_status(row.path, row.position, row.item_id, "Done", row.sha256)

    assert not outcome.ok and "alice on other-host" in outcome.message
    assert "\n" not in outcome.message
    assert row.path.read_bytes() == before


def test_a_status_change_is_refused_when_the_file_changed_since_it_was_read(tmp_path: Path):
    small_team_folder(tmp_path)
    row = rows_of(tmp_path)[0]
    review = store.load(row.path)
    review.title = "Edited by someone else"
    store.save(row.path, review)
    after_their_save = row.path.read_bytes()

    outcome = set_action_status(row.path, row.position, row.item_id, "Done", row.sha256)

    assert not outcome.ok and "changed on disk" in outcome.message
    assert row.path.read_bytes() == after_their_save
    assert not lock.lock_path(row.path).exists()
