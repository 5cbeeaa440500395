"""The review meeting (`pirtui meet`) and the attendees' view (`pirtui follow`) for a review of any
template (issue 21 item 5): the shipped `sre-book` and `pagerduty` templates, a team's template with a
place for the meeting (`retro`: minutes, numbered tasks with an urgency, a change log, but no
follow-ups list) and a team's template with no place for anything a meeting captures (`bare`).

The agenda is the template's sections with its `[meeting]` time boxes; captures land where the
template's roles say, and a capture the template has no place for is not offered (one line says so),
never an error. The meeting's screens are driven with Pilot at 80x24 through the real meeting driver
(`tests/meeting_host.py`: a session and the driver, without the editor's section screens).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Label, OptionList, Select

from pirtui.app.follow_app import FollowApp
from pirtui.core import store
from pirtui.core.config import load_config
from pirtui.core.sections import sections_for, template_of
from pirtui.core.template import action_item, roles
from pirtui.core.template.loader import builtin, load_template
from pirtui.meeting import beacon, running
from pirtui.screens.meeting_view import AgendaScreen, CaptureDialog, MeetingScreen, MeetingSummaryScreen
from pirtui.widgets.row_form import RowForm
from tests.editor_helpers import wait_until
from tests.meeting_host import MeetingHostApp
from tests.terminal import Terminal, tmux_available

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_reviews" / "other_templates"
TEAM = ROOT / "tests" / "fixtures" / "meeting_team"
TODAY = date.today().isoformat()
SMALL = (80, 24)


@dataclass(frozen=True)
class Case:
    """A review of one template, and what its template says about the meeting."""

    name: str
    sample: str
    """The shipped sample review's file name; "" for a team template's new review."""
    first: tuple[str, int]
    """The agenda's first heading and its time box."""
    total: int
    """The meeting's planned minutes."""
    form: tuple[str, ...]
    """The new action item form's columns (the template's, but its number and status)."""
    status: str
    """A new action item's status (the template's default)."""


CASES = {
    "sre-book": Case("sre-book", "sre-book-thumbnail-stampede.toml", ("About This Postmortem", 2), 45,
                     ("action", "type", "owner", "bug"), "TODO"),
    "pagerduty": Case("pagerduty", "pagerduty-webhook-delays.toml", ("Overview", 3), 45,
                      ("action", "owner", "priority", "due", "ticket"), "Open"),
    "retro": Case("retro", "", ("Basics", 2), 20, ("task", "who", "urgency", "by", "link"), "open"),
    "bare": Case("bare", "", ("Facts", 1), 5, (), ""),
}
WITH_ACTIONS = ["sre-book", "pagerduty", "retro"]
WITHOUT_MEETING_NOTES = ["sre-book", "pagerduty", "bare"]


def review_file(folder: Path, name: str) -> Path:
    """A review of template `name` in `folder`: the shipped sample, or a new review of the team's
    template (its `.pirtui/templates` copied beside it) with its people and dates filled in."""
    case = CASES[name]
    if case.sample:
        path = folder / case.sample
        shutil.copy(SAMPLES / case.sample, path)
        return path
    shutil.copytree(TEAM / ".pirtui", folder / ".pirtui")
    template = load_template(folder / ".pirtui" / "templates" / f"{name}.toml")
    review = roles.new_review(template, "RETRO-7", "2026-01-05", "Ana Ruiz")
    roles.set_by_role(template, review, "title", "Queue stalled")
    roles.set_by_role(template, review, "review-date", "2026-01-05")
    roles.set_by_role(template, review, "incident-start", "2026-01-02 10:00")
    roles.add_rows(template, review, "action-items", [{"action-id": "7", "action-text": "Alert on lag", "action-owner": "Bo"}])
    path = folder / f"{name}-review.toml"
    store.save(path, review)
    return path


@pytest.fixture(params=list(CASES))
def case(request: pytest.FixtureRequest) -> Case:
    return CASES[request.param]


# -- the meeting's core, by role -------------------------------------------------------------------


def test_the_agenda_is_the_templates_sections_with_its_own_time_boxes(tmp_path: Path, case: Case) -> None:
    review = store.load(review_file(tmp_path, case.name))
    boxes = running.time_boxes(template_of(review), load_config(tmp_path))
    items = running.agenda(boxes, review)
    assert [item.key for item in items] == [s.key for s in sections_for(review) if s.editable]
    assert (items[0].heading, items[0].minutes) == case.first
    assert sum(item.minutes for item in items) == case.total


def test_the_built_in_templates_time_boxes_are_its_own_and_the_teams_where_set(tmp_path: Path) -> None:
    assert running.time_boxes(builtin(), load_config(tmp_path)) == builtin().spec.meeting
    assert sum(builtin().spec.meeting.values()) == 45
    (tmp_path / ".pirtui.toml").write_text("[meeting_minutes]\ntimeline = 12\nimpact = 0\n", encoding="utf-8")
    config = load_config(tmp_path)
    assert running.time_boxes(builtin(), config) == builtin().spec.meeting | {"timeline": 12, "impact": 0}


@pytest.mark.parametrize(
    ("team", "timeline", "impact"),
    [("", 6, 3), ("timeline = 8\n", 8, 3), ("timeline = 9\n", 9, 3), ("impact = 4\n", 6, 4)],
    ids=["no team file", "a box equal to the built-in one is still the team's word", "a box the team set", "only where it is set"],
)
def test_a_teams_time_boxes_change_another_template_only_where_the_team_set_its_own(
    tmp_path: Path, timeline: int, impact: int, team: str
) -> None:
    if team:
        (tmp_path / ".pirtui.toml").write_text(f"[meeting_minutes]\n{team}", encoding="utf-8")
    review = store.load(review_file(tmp_path, "pagerduty"))
    boxes = running.time_boxes(template_of(review), load_config(tmp_path))
    assert (boxes["timeline"], boxes["impact"], boxes["overview"]) == (timeline, impact, 3)


def test_captures_land_in_the_team_templates_minutes_and_a_missing_list_changes_nothing(tmp_path: Path) -> None:
    review = store.load(review_file(tmp_path, "retro"))
    captured = running.Captured()
    assert running.offered(review) == ("discussion", "decision", "note")
    assert running.capture(review, captured, "decision", "Page on lag") == "minutes.agreed"
    assert running.capture(review, captured, "note", "10:05 is a guess", section_key="events") == "minutes.points"
    before = review.model_dump()
    assert running.capture(review, captured, "follow_up", "Ask the vendor") == ""
    assert review.model_dump() == before
    assert review.minutes.agreed == ["Page on lag"] and review.minutes.points == ["Events: 10:05 is a guess"]
    assert (captured.decisions, captured.notes, captured.follow_ups) == (["Page on lag"], ["Events: 10:05 is a guess"], [])


@pytest.mark.parametrize("name", WITHOUT_MEETING_NOTES)
def test_a_template_without_meeting_notes_offers_no_capture_and_changes_nothing(tmp_path: Path, name: str) -> None:
    review = store.load(review_file(tmp_path, name))
    before = review.model_dump()
    captured = running.Captured()
    assert running.offered(review) == ()
    for kind in running.CAPTURE_LABELS:
        assert running.capture(review, captured, kind, "said aloud", section_key=running.agenda({}, review)[0].key) == ""
        line = running.not_offered(template_of(review), kind)
        assert "\n" not in line and repr(name) in line
    assert review.model_dump() == before and captured.count() == 0


def test_a_new_action_item_is_numbered_and_due_by_the_team_templates_urgency(tmp_path: Path) -> None:
    review = store.load(review_file(tmp_path, "retro"))
    review.minutes.held_on = "2026-02-01"  # later than the review date: due dates count from the meeting
    item = running.add_action(review, running.Captured(), "Shed load", who="Ana", urgency="now")
    assert (item.num, item.task, item.who, item.by, item.state) == ("8", "Shed load", "Ana", "2026-02-08", "open")
    given = running.add_action(review, running.Captured(), task="Runbook", urgency="later", by="2030-01-01")
    assert (given.num, given.by) == ("9", "2030-01-01")
    unknown = running.add_action(review, running.Captured(), task="Someday", urgency="whenever")
    assert unknown.by == ""


@pytest.mark.parametrize(
    ("held_on", "due"), [("", "2026-01-12"), ("2026-01-04", "2026-01-12"), ("2026-01-05", "2026-01-12"), ("2026-01-06", "2026-01-13")],
    ids=["no meeting date", "meeting before the review date", "on it", "after it"],
)
def test_a_due_date_counts_from_the_later_of_the_review_and_the_meeting(tmp_path: Path, held_on: str, due: str) -> None:
    review = store.load(review_file(tmp_path, "retro"))
    review.minutes.held_on = held_on
    assert action_item.suggested_due(template_of(review), review, " NOW ") == due


def test_without_a_review_date_a_due_date_counts_from_the_incidents_start(tmp_path: Path) -> None:
    review = store.load(review_file(tmp_path, "retro"))
    review.basics.reviewed_on = ""
    assert action_item.suggested_due(template_of(review), review, "soon") == "2026-02-02"
    review.basics.began = ""
    assert action_item.suggested_due(template_of(review), review, "soon") == ""


def test_a_shipped_templates_action_item_takes_its_own_columns_and_status(tmp_path: Path) -> None:
    sre = store.load(review_file(tmp_path, "sre-book"))
    captured = running.Captured()
    item = running.add_action(sre, captured, "Cap the resizer queue", owner="Mei Tanaka", type="mitigate")
    assert (item.action, item.owner, item.type, item.status) == ("Cap the resizer queue", "Mei Tanaka", "mitigate", "TODO")
    assert sre.action_items[-1] is item and captured.actions == [f"#{len(sre.action_items)}"]  # no numbers: its place
    (tmp_path / "pd").mkdir()
    pagerduty = store.load(review_file(tmp_path / "pd", "pagerduty"))
    item = running.add_action(pagerduty, running.Captured(), "Resubscribe on reconnect", priority="P1")
    assert (item.due, item.status) == ("2025-06-12", "Open")  # a week after the meeting date (its review date)


def test_a_new_items_defaults_are_its_templates_number_and_status(tmp_path: Path) -> None:
    (tmp_path / "sre").mkdir()
    sre = store.load(review_file(tmp_path / "sre", "sre-book"))
    bare = store.load(review_file(tmp_path, "bare"))
    assert action_item.defaults(template_of(sre), sre) == {"status": "TODO"}  # no number column
    assert action_item.defaults(template_of(bare), bare) == {}  # no action items table


@pytest.mark.parametrize(
    ("cells", "expected"),
    [({"action": "Add an alert", "owner": "Ana", "priority": "P1"}, ("5", "Ana", "P1", "2024-01-25", "Open")),
     ({"action": "Runbook", "priority": "P2", "due": "2030-01-01"}, ("5", "", "P2", "2030-01-01", "Open")),
     ({"action": "Someday", "priority": "P9"}, ("5", "", "P9", "", "Open")),
     ({"action": "Closed", "status": "Done", "id": "42"}, ("42", "", "", "", "Done")),
     ({}, ("5", "", "", "", "Open"))],
    ids=["P1", "a given due date", "a priority without a window", "a given status and number", "nothing typed"],
)
def test_the_built_in_templates_new_action_item_is_as_before(cells: dict[str, str], expected: tuple[str, ...]) -> None:
    """The values `computed.new_action_item` gave at the commit this work started from (review date
    2024-01-18, items 1 to 4)."""
    review = store.load(ROOT / "sample_reviews" / "inc-2024-001-db-pool-exhaustion.toml")
    made = action_item.new_action_item(builtin(), review, cells)
    assert (made.id, made.owner, made.priority, made.due, made.status) == expected
    assert made.action == cells.get("action", "") and len(review.action_items) == 4  # made, not added
    assert action_item.defaults(builtin(), review) == {"id": "5", "status": "Open"}


def test_a_template_without_action_items_adds_none_and_changes_nothing(tmp_path: Path) -> None:
    review = store.load(review_file(tmp_path, "bare"))
    before = review.model_dump()
    assert not running.takes_actions(review) and running.action_form_columns(review) == []
    assert running.add_action(review, running.Captured(), "Anything", owner="Ana") is None
    assert review.model_dump() == before
    assert "\n" not in running.no_action_items(template_of(review))


def test_attendees_are_recorded_by_role_or_kept_for_the_summary(tmp_path: Path) -> None:
    retro = store.load(review_file(tmp_path, "retro"))
    assert running.records_attendees(retro)
    running.start(retro, date(2026, 2, 1), " Ana, Bo ")
    assert (retro.minutes.held_on, retro.minutes.present) == ("2026-02-01", "Ana, Bo")
    (tmp_path / "sre").mkdir()
    sre = store.load(review_file(tmp_path / "sre", "sre-book"))
    before, captured = sre.model_dump(), running.Captured()
    assert not running.records_attendees(sre)
    running.start(sre, date(2026, 2, 1), "Mei, Oskar", captured)
    assert sre.model_dump() == before
    summary = running.summary_markdown(sre, captured)
    assert "Date: 2026-02-01" in summary and "Attendees: Mei, Oskar" in summary


LISTED_ATTENDEES = """
name = "listy"
[[sections]]
key = "facts"
heading = "Facts"
[[sections.blocks]]
kind = "fields"
fields = [{ path = "title", label = "Title", roles = ["title"] }, { path = "facts.lead", label = "Lead", type = "person" }]
[[sections]]
key = "met"
heading = "We Met"
[[sections.blocks]]
kind = "fields"
fields = [{ path = "met.on", label = "On", type = "date", roles = ["meeting-date"] },
          { path = "met.who", label = "Who", type = "list", roles = ["meeting-attendees"] }]
"""


def test_attendees_a_template_keeps_as_a_list_are_written_and_read_as_names(tmp_path: Path) -> None:
    folder = tmp_path / ".pirtui" / "templates"
    folder.mkdir(parents=True)
    (folder / "listy.toml").write_text(LISTED_ATTENDEES, encoding="utf-8")
    path = tmp_path / "l.toml"
    store.save(path, roles.new_review(load_template(folder / "listy.toml")))
    review = store.load(path)
    running.start(review, date(2026, 2, 1), " Ana, , Bo ")
    assert (review.met.on, review.met.who) == ("2026-02-01", ["Ana", "Bo"])
    store.save(path, review)
    again = store.load(path)
    assert running.attendees_of(again) == "Ana, Bo" and again.met.who == ["Ana", "Bo"]
    assert "Attendees: Ana, Bo\n" in running.summary_markdown(again, running.Captured())


def test_the_attendees_start_from_the_templates_people(tmp_path: Path, case: Case) -> None:
    review = store.load(review_file(tmp_path, case.name))
    people = roles.people(template_of(review), review)
    assert people and running.attendees_of(review) == ", ".join(people)


def test_the_end_adds_a_row_where_the_template_keeps_a_history_and_none_elsewhere(tmp_path: Path) -> None:
    retro = store.load(review_file(tmp_path, "retro"))
    captured = running.Captured()
    running.capture(retro, captured, "decision", "Page on lag")
    row = running.end(retro, captured, date(2026, 2, 1), "Ana")
    assert (row.on, row.by, row.what) == ("2026-02-01", "Ana", "Review meeting held: 1 decision")
    assert retro.changes[-1] is row and running.history_heading(retro) == "Change Log"
    (tmp_path / "pd").mkdir()
    pagerduty = store.load(review_file(tmp_path / "pd", "pagerduty"))
    before = pagerduty.model_dump()
    assert running.end(pagerduty, captured, date(2026, 2, 1), "Ana") is None
    assert pagerduty.model_dump() == before and running.history_heading(pagerduty) == ""


def test_the_summary_names_new_action_items_by_what_the_template_has(tmp_path: Path) -> None:
    sre = store.load(review_file(tmp_path, "sre-book"))
    captured = running.Captured()
    running.add_action(sre, captured, "Cap the resizer queue")
    summary = running.summary_markdown(sre, captured)
    assert "- Cap the resizer queue (no owner)\n" in summary  # no number, priority or due date in this template
    assert f"Action Items: item {len(sre.action_items)} has no owner" in summary
    assert "has no due date" not in summary
    (tmp_path / "retro").mkdir()
    retro = store.load(review_file(tmp_path / "retro", "retro"))
    running.add_action(retro, captured := running.Captured(), "Shed load", who="Ana", urgency="now")
    assert "- 8 Shed load (Ana, now, due 2026-01-12)" in running.summary_markdown(retro, captured)


# -- the meeting in the editor's meeting screens ---------------------------------------------------


def _on(app: Any, kind: type) -> bool:
    return isinstance(app.screen, kind) and app.screen.is_mounted


async def _start(pilot: Any, app: MeetingHostApp, attendees: str | None = None) -> MeetingScreen:
    await pilot.pause()
    app.meeting_driver.start()
    assert await wait_until(pilot, lambda: _on(app, CaptureDialog))
    if attendees is not None:
        app.screen.query_one(Input).value = attendees
    await pilot.press("enter")
    assert await wait_until(pilot, lambda: _on(app, MeetingScreen))
    screen = app.screen
    assert isinstance(screen, MeetingScreen)
    return screen


async def test_the_meeting_runs_on_the_templates_agenda(tmp_path: Path, case: Case) -> None:
    path = review_file(tmp_path, case.name)
    app = MeetingHostApp(path)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _start(pilot, app)
        keys = [s.key for s in sections_for(store.load(path)) if s.editable]
        assert screen.keys == keys and screen.key == keys[0]
        clock = str(screen.query_one("#meeting-clock", Label).render())
        heading, minutes = case.first
        assert f"{heading} 0:00 of {minutes}:00" in clock and f"meeting 0:00 of {case.total}:00" in clock
        await pilot.press("n")
        assert screen.key == keys[1] and beacon.read(path).section == keys[1]  # type: ignore[union-attr]
        await pilot.press("g")
        assert await wait_until(pilot, lambda: _on(app, AgendaScreen))
        options = app.screen.query_one(OptionList)
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == keys
        await pilot.press("end", "enter")
        assert await wait_until(pilot, lambda: _on(app, MeetingScreen))
        assert screen.key == keys[-1]
        app.meeting_driver.leave_quietly()


@pytest.mark.parametrize("name", WITH_ACTIONS)
async def test_an_action_item_from_the_meeting_is_saved_in_the_templates_table(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    path = review_file(tmp_path, name)
    app = MeetingHostApp(path)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _start(pilot, app)
        assert "a action" in str(screen.query_one("#presentation-keys", Label).render()).split("  ")
        await pilot.press("a")
        assert await wait_until(pilot, lambda: _on(app, RowForm))
        form = app.screen
        assert tuple(column.key for column in form.columns) == case.form  # type: ignore[attr-defined]
        await pilot.press(*"Shed load early")
        template = template_of(store.load(path))
        owner = template.column_of("action-items", "action-owner")
        form.query_one(f"#col-{owner}", Input).value = "Ana Ruiz"
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: _on(app, MeetingScreen))
        app.meeting_driver.leave_quietly()
    saved = store.load(path)
    row = roles.rows(template, saved, "action-items")[-1]
    cell = {role: roles.cell(template, row, "action-items", role) for role in ("action-text", "action-owner", "action-status")}
    assert cell == {"action-text": "Shed load early", "action-owner": "Ana Ruiz", "action-status": case.status}
    assert roles.cell(template, row, "action-items", "action-id") == ("8" if name == "retro" else "")
    assert app.said == ["Action item added"]


@pytest.mark.parametrize("name", ["pagerduty", "retro"])
async def test_choosing_a_priority_in_the_meeting_suggests_the_templates_due_date(tmp_path: Path, name: str) -> None:
    path = review_file(tmp_path, name)
    template = template_of(store.load(path))
    priority, due = (template.column_of("action-items", role) for role in ("action-priority", "action-due"))
    app = MeetingHostApp(path)
    async with app.run_test(size=SMALL) as pilot:
        await _start(pilot, app)
        await pilot.press("a")
        assert await wait_until(pilot, lambda: _on(app, RowForm))
        chosen = "P1" if name == "pagerduty" else "now"
        app.screen.query_one(f"#col-{priority}", Select).value = chosen
        field = app.screen.query_one(f"#col-{due}", Input)
        assert await wait_until(pilot, lambda: field.value != "")
        review = store.load(path)  # the meeting's start wrote today's date where the template keeps one
        assert field.value == action_item.suggested_due(template, review, chosen)
        app.meeting_driver.leave_quietly()


async def test_without_an_action_items_table_a_says_so_in_one_line(tmp_path: Path) -> None:
    path = review_file(tmp_path, "bare")
    app = MeetingHostApp(path)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _start(pilot, app)
        assert "a action" not in str(screen.query_one("#presentation-keys", Label).render()).split("  ")
        before = path.read_bytes()
        await pilot.press("a")
        assert await wait_until(pilot, lambda: bool(app.said))
        assert _on(app, MeetingScreen) and app.said == [running.no_action_items(template_of(store.load(path)))]
        assert path.read_bytes() == before
        app.meeting_driver.leave_quietly()


async def test_notes_and_decisions_land_in_the_team_templates_minutes(tmp_path: Path) -> None:
    path = review_file(tmp_path, "retro")
    app = MeetingHostApp(path)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _start(pilot, app)
        keys = str(screen.query_one("#presentation-keys", Label).render())
        assert keys == "c point  d decision  a action  m note  g agenda  e end  q back"
        await pilot.press("n", "n")  # the Events
        for key, text in (("m", "10:05 is a guess"), ("d", "Page on lag")):
            await pilot.press(key)
            assert await wait_until(pilot, lambda: _on(app, CaptureDialog))
            await pilot.press(*text, "enter")
            assert await wait_until(pilot, lambda: _on(app, MeetingScreen))
        saved = store.load(path)
        assert saved.minutes.points == ["Events: 10:05 is a guess"] and saved.minutes.agreed == ["Page on lag"]
        assert app.said == ["Note on this section added", "Decision added"]
        await pilot.press("f")  # no follow-ups list in this template
        assert await wait_until(pilot, lambda: len(app.said) == 3)
        assert _on(app, MeetingScreen) and app.said[-1] == running.not_offered(template_of(saved), "follow_up")
        app.meeting_driver.leave_quietly()


@pytest.mark.parametrize("name", WITHOUT_MEETING_NOTES)
async def test_without_meeting_notes_each_capture_key_says_so_in_one_line(tmp_path: Path, name: str) -> None:
    path = review_file(tmp_path, name)
    app = MeetingHostApp(path)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _start(pilot, app)
        keys = str(screen.query_one("#presentation-keys", Label).render())
        assert not any(word in keys for word in ("point", "decision", "follow-up", "note"))
        before = path.read_bytes()
        for key in "cdfm":
            await pilot.press(key)
        assert await wait_until(pilot, lambda: len(app.said) == 4)
        assert _on(app, MeetingScreen) and all("\n" not in line and repr(name) in line for line in app.said)
        assert path.read_bytes() == before
        app.meeting_driver.leave_quietly()


async def test_the_attendees_are_recorded_where_the_team_template_keeps_them(tmp_path: Path) -> None:
    path = review_file(tmp_path, "retro")
    app = MeetingHostApp(path)
    async with app.run_test(size=SMALL) as pilot:
        app.meeting_driver.start()
        assert await wait_until(pilot, lambda: _on(app, CaptureDialog))
        assert app.screen.dialog_title.startswith("Attendees (edit")  # type: ignore[attr-defined]
        assert app.screen.query_one(Input).value == "Ana Ruiz, Bo"  # its people: the facilitator, an owner
        app.screen.query_one(Input).value = "Ana Ruiz, Bo, Cleo"
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: _on(app, MeetingScreen))
        app.meeting_driver.leave_quietly()
    saved = store.load(path)
    assert (saved.minutes.held_on, saved.minutes.present) == (TODAY, "Ana Ruiz, Bo, Cleo")


@pytest.mark.parametrize("name", ["retro", "pagerduty"])
async def test_the_end_of_the_meeting_says_where_it_was_recorded(tmp_path: Path, name: str) -> None:
    path = review_file(tmp_path, name)
    app = MeetingHostApp(path)
    async with app.run_test(size=SMALL) as pilot:
        await _start(pilot, app, attendees="Ana, Bo")
        await pilot.press("e")
        assert await wait_until(pilot, lambda: _on(app, MeetingSummaryScreen))
        title = str(app.screen.query_one("#capture-title", Label).render())
        summary = app.screen.markdown  # type: ignore[attr-defined]
        assert beacon.read(path) is None and app.meeting_driver.meeting is None
    saved = store.load(path)
    assert f"Date: {TODAY}" in summary and "Attendees: Ana, Bo" in summary
    if name == "retro":
        assert title == "The meeting has ended; the Change Log says so."
        assert (saved.changes[-1].on, saved.changes[-1].what) == (TODAY, "Review meeting held")
    else:
        assert title == "The meeting has ended."
        assert path.read_text(encoding="utf-8").count("Review meeting held") == 0


# -- pirtui follow --------------------------------------------------------------------------------


async def test_follow_shows_the_drivers_section_of_the_reviews_template(tmp_path: Path, case: Case) -> None:
    path = review_file(tmp_path, case.name)
    driver = MeetingHostApp(path)
    async with driver.run_test(size=SMALL) as pilot:
        screen = await _start(pilot, driver)
        await pilot.press("n")
        shown = screen.key
    headings = {s.key: s.heading for s in sections_for(store.load(path)) if s.editable}
    keys = list(headings)
    try:  # the driver's beacon is still up (this process runs): the follower follows it
        follower = FollowApp(path)
        async with follower.run_test(size=SMALL) as pilot:
            title = follower.query_one("#follow-title", Label)
            assert await wait_until(pilot, lambda: headings[shown] in str(title.render()))
            assert shown == keys[1] and f"2/{len(keys)}" in str(title.render()) and follower.keys == keys
            assert "Following" in str(follower.query_one("#follow-status", Label).render())
            await pilot.press("b")
            assert headings[keys[0]] in str(title.render())
            assert "f snaps back" in str(follower.query_one("#follow-status", Label).render())
    finally:
        beacon.withdraw(path)


@pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (.ci/run installs it)")
@pytest.mark.parametrize(("name", "shown", "then"), [("sre-book", "10/11 Timeline", ""), ("retro", "3/6 Events", "5/6 Retro Minutes")])
def test_pirtui_follow_in_a_terminal_follows_a_meeting_on_another_template(
    tmp_path: Path, name: str, shown: str, then: str
) -> None:
    path = review_file(tmp_path, name)
    keys = [s.key for s in sections_for(store.load(path)) if s.editable]
    env = {"XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    beacon.publish(path, keys[int(shown.split("/")[0]) - 1])  # this process drives: its beacon is alive
    follower = Terminal(["follow", path.name], cwd=tmp_path, env=env, width=80, height=24)
    try:
        follower.wait_for(shown)
        follower.wait_for("Following")
        if then:  # the driver captures a decision into the team template's minutes and moves there
            review = store.load(path)
            assert running.capture(review, running.Captured(), "decision", "Page on queue lag") == "minutes.agreed"
            store.save(path, review)
            beacon.publish(path, "minutes")
            follower.wait_for(then)
            follower.wait_for("Page on queue lag")
    finally:
        follower.close()
        beacon.withdraw(path)
