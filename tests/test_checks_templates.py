"""The checks by role, for the shipped templates and a team's own: each declared rule flags what
it should and leaves a good review alone, and a template lacking a role simply skips the checks
that need it (no finding, no error).

The templates: the SRE book's and PagerDuty's (shipped), `ops-note` (a team template with its own
words for every role the checks ask for) and `bare` (a team template with none of those roles),
both in tests/fixtures/checks_team/.pirtui/templates/. Every path and message is asked of the
template by role, as the checks ask it.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from pirtui.core.checks import IncrementalChecker, check
from pirtui.core.template import roles
from pirtui.core.template.loader import SHIPPED_FOLDER, load_template
from pirtui.core.template.template import DeclaredField, Template

TEAM = Path(__file__).resolve().parent / "fixtures" / "checks_team" / ".pirtui" / "templates"
TEMPLATES = {
    "sre-book": load_template(SHIPPED_FOLDER / "sre-book.toml"),
    "pagerduty": load_template(SHIPPED_FOLDER / "pagerduty.toml"),
    "ops-note": load_template(TEAM / "ops-note.toml"),
}
BARE = load_template(TEAM / "bare.toml")
START = "2025-03-11 10:00"
TODAY = date(2025, 3, 12)


def _review(template: Template):
    """A fresh draft of the template whose incident started at START."""
    review = roles.new_review(template)
    roles.set_by_role(template, review, "incident-start", START)
    return review


def _set(review, path: str, value: str) -> None:
    *parents, last = path.split(".")
    node = review
    for part in parents:
        node = getattr(node, part)
    setattr(node, last, value)


def _status(template: Template, review, status: str) -> None:
    assert roles.set_by_role(template, review, "review-status", status)


def _at(findings, path: str):
    return [(f.level, f.message) for f in findings if f.field == path]


def _good_value(template: Template, field: DeclaredField) -> str:
    if field.spec.type == "choice":
        return template.options(field.spec)[0]
    return START if field.spec.type == "date-time" else "Ana Costa"


def _required_fields(template: Template) -> list[DeclaredField]:
    return [f for f in template.fields if (f.spec.required or f.spec.required_when) and "[]" not in f.path]


REQUIRED = [
    pytest.param(name, field.path, id=f"{name}:{field.path}")
    for name, template in TEMPLATES.items() for field in _required_fields(template)
]


def test_every_template_here_declares_a_required_field_and_one_required_once_final():
    for template in TEMPLATES.values():
        fields = _required_fields(template)
        assert fields and any("final" in f.spec.required_when for f in fields), template.name


@pytest.mark.parametrize(("name", "path"), REQUIRED)
def test_a_required_field_left_empty_is_a_warning_in_a_draft_and_nothing_once_filled(name, path):
    template = TEMPLATES[name]
    field = next(f for f in template.fields if f.path == path)
    review = _review(template)
    _set(review, path, "")
    found = _at(check(review, TODAY), path)
    assert len(found) == 1 and found[0][0] == "warning"
    assert found[0][1].startswith(f"{field.spec.label} is missing; fill it in")
    _set(review, path, _good_value(template, field))
    assert _at(check(review, TODAY), path) == []


@pytest.mark.parametrize(("name", "path"), REQUIRED)
def test_a_field_required_when_final_is_an_error_once_final_and_a_warning_in_a_draft(name, path):
    template = TEMPLATES[name]
    field = next(f for f in template.fields if f.path == path)
    review = _review(template)
    _set(review, path, "")
    _status(template, review, "final")
    levels = [level for level, _ in _at(check(review, TODAY), path)]
    assert levels == (["error"] if "final" in field.spec.required_when else ["warning"])
    if "final" in field.spec.required_when:
        message = _at(check(review, TODAY), path)[0][1]
        assert message.startswith(f"{field.spec.label} is missing; a final review needs one")
    _status(template, review, "draft")
    assert [level for level, _ in _at(check(review, TODAY), path)] == ["warning"]


def test_the_final_status_error_follows_the_section_holding_the_status():
    template = TEMPLATES["ops-note"]
    review = _review(template)
    _set(review, "facts.opened", "")
    _status(template, review, "final")
    found = check(review, TODAY)
    status_path = template.path_of("review-status")
    assert [f.level for f in found if f.field == status_path] == ["error"]
    _set(review, "facts.opened", START)
    _set(review, "facts.owning_team", "Payments")
    assert [f for f in check(review, TODAY) if f.level == "error"] == []


def _timeline(template: Template, review, times: list[str]) -> str:
    roles.add_rows(template, review, "incident-timeline", [{"timeline-time": t, "timeline-event": f"event {t}"} for t in times])
    table = template.table_path("incident-timeline")
    key = template.column_of("incident-timeline", "timeline-time")
    return f"{table}.1.{key}"


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_timeline_out_of_order_is_a_warning_on_the_later_row(name):
    template = TEMPLATES[name]
    review = _review(template)
    second = _timeline(template, review, ["10:05", "10:01", "10:09"])
    found = check(review, TODAY)
    assert [level for level, _ in _at(found, second)] == ["warning"]
    assert "is earlier than the row before it" in _at(found, second)[0][1]
    assert not any("earlier than the row before" in f.message for f in found if f.field != second)


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_timeline_in_order_has_no_finding(name):
    template = TEMPLATES[name]
    review = _review(template)
    _timeline(template, review, ["10:01", "10:05", "10:09"])
    table = template.table_path("incident-timeline")
    assert [f for f in check(review, TODAY) if f.field.startswith(f"{table}.")] == []


@pytest.mark.parametrize("name", TEMPLATES)
def test_an_unreadable_timeline_time_is_an_error(name):
    template = TEMPLATES[name]
    review = _review(template)
    roles.add_rows(template, review, "incident-timeline", [{"timeline-time": "soon", "timeline-event": "x"}])
    path = f"{template.table_path('incident-timeline')}.0.{template.column_of('incident-timeline', 'timeline-time')}"
    assert [level for level, _ in _at(check(review, TODAY), path)] == ["error"]


WINDOWED = [name for name, template in TEMPLATES.items() if template.spec.due_windows]


def _window_case(name: str, days_past_window: int):
    """A review with one action item of the template's first priority, due its window's last day
    plus `days_past_window`; the path of its due date."""
    template = TEMPLATES[name]
    review = _review(template)
    priority, span = next(iter(template.spec.due_windows.items()))
    assert span.endswith(("d", "w"))  # the fixtures' first windows are in days or weeks
    days = int(span[:-1]) * (7 if span.endswith("w") else 1)
    due = date(2025, 3, 11) + timedelta(days=days + days_past_window)
    roles.add_rows(template, review, "action-items", [
        {"action-text": "Add an alert", "action-owner": "Ana", "action-priority": priority, "action-due": due.isoformat()},
    ])
    path = f"{template.table_path('action-items')}.0.{template.column_of('action-items', 'action-due')}"
    return review, path, priority


def test_the_shipped_and_team_templates_with_due_windows_are_tested():
    assert WINDOWED == ["pagerduty", "ops-note"]


@pytest.mark.parametrize("name", WINDOWED)
def test_a_due_date_within_its_prioritys_window_has_no_finding(name):
    review, path, _ = _window_case(name, 0)
    assert _at(check(review, TODAY), path) == []


@pytest.mark.parametrize("name", WINDOWED)
def test_a_due_date_a_day_past_its_prioritys_window_is_a_warning(name):
    review, path, priority = _window_case(name, 1)
    found = _at(check(review, TODAY), path)
    assert len(found) == 1 and found[0][0] == "warning"
    assert f"is later than {priority.upper()} allows" in found[0][1]


@pytest.mark.parametrize("name", WINDOWED)
def test_an_open_item_past_its_due_date_is_overdue_and_a_closed_one_is_not(name):
    template = TEMPLATES[name]
    review, path, _ = _window_case(name, 0)
    row = roles.rows(template, review, "action-items")[0]
    due = date.fromisoformat(roles.cell(template, row, "action-items", "action-due"))
    assert _at(check(review, due), path) == []  # due today: not overdue yet
    assert [m for _, m in _at(check(review, due + timedelta(days=1)), path)] == [f"Action item 1 is overdue (due {due})."]
    closed = template.vocabulary("closed_action_status")[0]
    setattr(row, template.column_of("action-items", "action-status"), closed)
    assert _at(check(review, due + timedelta(days=1)), path) == []


def test_a_date_before_the_start_is_flagged_as_declared_and_the_same_day_is_not():
    template = TEMPLATES["ops-note"]
    review = _review(template)
    _set(review, "facts.reviewed", "2025-03-10")
    assert _at(check(review, TODAY), "facts.reviewed") == [
        ("warning", "Review date 2025-03-10 is before the incident started (2025-03-11).")  # named by its role
    ]
    _set(review, "facts.reviewed", "2025-03-11")
    assert _at(check(review, TODAY), "facts.reviewed") == []


@pytest.mark.parametrize("name", TEMPLATES)
def test_an_end_before_the_start_is_an_error(name):
    template = TEMPLATES[name]
    review = _review(template)
    end = template.path_of("incident-end")
    assert end is not None
    _set(review, end, "2025-03-11 09:00")
    assert [level for level, _ in _at(check(review, TODAY), end)] == ["error"]
    _set(review, end, "2025-03-11 11:00")
    assert _at(check(review, TODAY), end) == []


def test_a_template_without_the_roles_gives_no_finding_and_no_error():
    review = roles.new_review(BARE)
    assert check(review, TODAY) == []
    review.notes.when = "2025-03-11 10:00"
    review.notes.seen_on = "2025-03-01"  # before "the start": but the template has no start role
    review.notes.kind = "outage"
    row = type(review).model_fields["steps"].annotation.__args__[0]
    review.steps = [row(at="10:05", what="b"), row(at="10:01", what="a")]  # no timeline role: no order
    review.lessons = ["Page earlier"]
    assert check(review, TODAY) == []
    checker = IncrementalChecker(review, TODAY)
    review.notes.kind = ""
    assert checker.update("notes.kind") == check(review, TODAY) == []


def test_the_sre_book_has_no_due_role_so_its_action_items_get_no_due_finding():
    template = TEMPLATES["sre-book"]
    assert template.column_of("action-items", "action-due") is None
    review = _review(template)
    roles.add_rows(template, review, "action-items", [{"action-text": "Add an alert", "action-owner": "Ana"}])
    assert [f for f in check(review, TODAY) if f.field.startswith(template.table_path("action-items") or "-")] == []


@pytest.mark.parametrize("name", TEMPLATES)
def test_the_incremental_checker_agrees_with_a_full_check_after_the_status_changes(name):
    template = TEMPLATES[name]
    review = _review(template)
    roles.add_rows(template, review, "action-items", [{"action-text": "Add an alert"}])
    checker = IncrementalChecker(review, TODAY)
    _status(template, review, "final")
    status = template.path_of("review-status")
    assert status is not None
    assert checker.update(status) == check(review, TODAY)


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_change_of_the_start_rechecks_the_timeline_that_reads_it(name):
    template = TEMPLATES[name]
    review = _review(template)
    roles.add_rows(template, review, "incident-timeline", [{"timeline-time": "2025-03-01 10:00", "timeline-event": "x"}])
    checker = IncrementalChecker(review, TODAY)
    assert any("more than a day before the incident started" in f.message for f in checker.findings)
    start = template.path_of("incident-start")
    assert start is not None
    _set(review, start, "2025-03-01 09:00")
    assert checker.update(start) == check(review, TODAY)
    assert not any("more than a day before" in f.message for f in checker.findings)
