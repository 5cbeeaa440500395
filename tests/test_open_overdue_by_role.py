"""One definition each of "open" and "overdue", asked of any template by role (issue 27 item 1,
issue 21 item 6): `computed.is_open` and `computed.days_overdue` read an action item's status and
due date through the action-status and action-due roles and its template's `closed_action_status`,
and the team views (records, the review list, the actions view, the stats, the site's actions page)
call them rather than restating the rule. Each boundary is tested on both sides: due yesterday,
today and tomorrow; a status in other case and spacing; a closed word against an open one; a
template without a due role or without a status role.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from pirtui.core import store
from pirtui.core.computed import closed_statuses, days_overdue, is_open, item_template, overdue, status_word
from pirtui.core.model import ActionItem
from pirtui.core.template import roles
from pirtui.core.template.discovery import find_template
from pirtui.core.template.loader import builtin, load_text
from pirtui.site.pages import actions_page
from pirtui.team.actions import action_rows
from pirtui.team.records import ActionRecord, plain_records, record_from_json, record_to_json, summary_of
from pirtui.team.stats import team_stats

DUE = date(2026, 2, 10)

TEMPLATE = """name = "{name}"
version = 1
title = "Incident Note"

[vocabularies]
state = ["todo", "doing", "Done", "Shipped", "Dropped"]
closed_action_status = [{closed}]

[[sections]]
key = "facts"
heading = "Facts"

[[sections.blocks]]
kind = "fields"
fields = [
    {{ path = "facts.ref", label = "Reference", type = "text", roles = ["incident-id"] }},
    {{ path = "facts.began", label = "Began", type = "date-time", roles = ["incident-start"] }},
]

[[sections]]
key = "next"
heading = "Next Steps"

[[sections.blocks]]
kind = "table"
path = "todo"
role = "action-items"
fields = [
    {{ key = "step", label = "Step", type = "long-text", roles = ["action-text"] }},
    {{ key = "who", label = "Who", type = "person", roles = ["action-owner"] }},
{columns}
]
"""
WHEN = '    { key = "when", label = "When", type = "date", roles = ["action-due"] },'
STATE = '    { key = "state", label = "State", type = "choice", vocabulary = "state", default = "todo", roles = ["action-status"] },'


def _template(name: str, closed: str = '"Shipped", "Dropped"', due: bool = True, status: bool = True):
    """A team template whose action items keep their due date in `when` and status in `state`."""
    columns = "\n".join(line for line, wanted in ((WHEN, due), (STATE, status)) if wanted)
    return load_text(TEMPLATE.format(name=name, closed=closed, columns=columns), f"{name}.toml")


SHIPPING = _template("shipping")
NO_DUE = _template("nodue", due=False)
NO_STATUS = _template("nostatus", status=False)
NO_CLOSED = _template("noclosed", closed="")


def _row(template, **values: str):
    """An action item of `template` (its generated row class), values given by column key."""
    review = roles.new_review(template)
    roles.add_rows(template, review, "action-items", [{"action-text": "fix it"}])
    row = roles.rows(template, review, "action-items")[0]
    for key, value in values.items():
        setattr(row, key, value)
    return row


# -- the item's template ---------------------------------------------------------------------


def test_an_items_template_is_the_one_its_class_was_generated_from():
    assert item_template(_row(SHIPPING)) is SHIPPING
    assert item_template(ActionItem()) is builtin()


def test_an_object_no_template_generated_falls_back_to_the_builtin_template():
    assert item_template(ActionRecord(0, status="Done")) is builtin()


# -- open, by the template's closed words ----------------------------------------------------


@pytest.mark.parametrize(
    ("status", "expected"),
    [("Done", False), ("done", False), ("  DONE\t", False), ("Won't Do", False), ("won't   do", False),
     (" WON'T DO ", False), ("Open", True), ("In Progress", True), ("", True), ("Donee", True), ("Don e", True),
     ("Won't", True)],
)
def test_builtin_open_ignores_case_and_spacing_but_not_letters(status: str, expected: bool):
    assert is_open(ActionItem(status=status)) is expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [("Shipped", False), ("  shipped ", False), ("DROPPED", False), ("Done", True), ("todo", True), ("Ship", True)],
)
def test_a_team_templates_closed_words_decide_open_not_the_builtin_ones(status: str, expected: bool):
    assert is_open(_row(SHIPPING, state=status)) is expected


def test_the_shipped_sre_book_template_reads_its_own_upper_case_words(tmp_path: Path):
    sre = find_template("sre-book", tmp_path)
    assert is_open(_row(sre, status="TODO")) is True
    assert is_open(_row(sre, status="DONE")) is False
    assert is_open(_row(sre, status="won't do")) is False


def test_a_template_keyword_overrides_the_items_own_template():
    done = ActionItem(status="Done")
    assert is_open(done) is False
    assert is_open(done, template=SHIPPING) is True  # SHIPPING's "state" column: ActionItem has none
    assert is_open(_row(SHIPPING, state="Shipped"), template=builtin()) is True  # no "status" on the row


def test_an_item_of_a_template_without_a_status_role_is_always_open():
    assert is_open(_row(NO_STATUS)) is True


def test_a_template_without_closed_words_closes_nothing():
    assert closed_statuses(NO_CLOSED) == frozenset()
    assert is_open(_row(NO_CLOSED, state="Done")) is True


def test_status_word_folds_case_and_collapses_spacing_only():
    assert status_word("  Won't \t Do ") == "won't do"
    assert status_word("WONT DO") != status_word("won't do")


# -- overdue, by the template's due role -----------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "expected"), [(-1, None), (0, None), (1, 1), (2, 2)],
    ids=["due tomorrow", "due today", "due yesterday", "due two days ago"],
)
def test_a_team_templates_item_is_overdue_from_the_day_after_its_due_date(offset: int, expected: int | None):
    today = DUE + timedelta(days=offset)
    item = _row(SHIPPING, when=DUE.isoformat(), state="doing")
    assert days_overdue(item, today) == expected
    assert overdue(item, today) is (expected is not None)


@pytest.mark.parametrize(("status", "late"), [("Done", True), ("Shipped", False), (" dropped ", False), ("todo", True)])
def test_only_the_templates_closed_words_stop_its_item_being_overdue(status: str, late: bool):
    assert overdue(_row(SHIPPING, when="2020-01-01", state=status), DUE) is late


def test_an_item_of_a_template_without_a_due_role_is_never_overdue():
    assert days_overdue(_row(NO_DUE, state="todo"), DUE) is None
    assert days_overdue(_row(NO_DUE, state="todo"), date.max) is None


def test_an_item_of_a_template_without_a_status_role_is_overdue_by_its_date_alone():
    assert days_overdue(_row(NO_STATUS, when=DUE.isoformat()), DUE) is None
    assert days_overdue(_row(NO_STATUS, when=DUE.isoformat()), DUE + timedelta(days=1)) == 1


def test_the_template_keyword_reaches_the_overdue_rule():
    item = ActionItem(due="2020-01-01", status="Open")
    assert overdue(item, DUE) is True
    assert overdue(item, DUE, template=SHIPPING) is False  # SHIPPING's "when" column: ActionItem has none


# -- records: the team views ask the one definition ------------------------------------------


@pytest.mark.parametrize(("closed", "expected"), [(True, False), (False, True), (None, True)])
def test_a_record_that_says_whether_it_is_closed_is_taken_at_its_word(closed: bool | None, expected: bool):
    record = ActionRecord(0, due="2020-01-01", status="Shipped", closed=closed)
    assert is_open(record) is expected
    assert overdue(record, DUE) is expected


def test_a_record_not_asked_is_read_by_the_builtin_words():
    assert is_open(ActionRecord(0, status=" done ")) is False
    assert is_open(ActionRecord(0, status="Shipped")) is True


def _folder(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    """A reviews folder holding one review of the SHIPPING template (as a team file) with `rows`."""
    (tmp_path / ".git").mkdir()
    templates = tmp_path / ".pirtui" / "templates"
    templates.mkdir(parents=True)
    (templates / "shipping.toml").write_text(TEMPLATE.format(name="shipping", closed='"Shipped", "Dropped"', columns=f"{WHEN}\n{STATE}"), encoding="utf-8")
    template = find_template("shipping", tmp_path)
    review = roles.new_review(template, "INC-9")
    roles.set_by_role(template, review, "incident-start", "2026-01-05 10:00")
    roles.add_rows(template, review, "action-items", rows)
    store.save(tmp_path / "inc-9.toml", review)
    return tmp_path


def test_a_records_closed_flag_is_its_templates_answer_and_survives_the_index(tmp_path: Path):
    folder = _folder(tmp_path, [
        {"action-text": "a", "action-due": "2026-02-09", "action-status": "Done"},
        {"action-text": "b", "action-due": "2026-02-09", "action-status": "Shipped"},
    ])
    (record,) = plain_records(folder)
    assert [item.closed for item in record.actions] == [False, True]
    again = record_from_json(str(record.path), record.sha256, record.modified_ns, record_to_json(record))
    assert [item.closed for item in again.actions] == [False, True]


@pytest.mark.parametrize(("offset", "late"), [(-1, 0), (0, 0), (1, 1)], ids=["due tomorrow", "due today", "due yesterday"])
def test_the_team_views_count_a_team_templates_items_by_its_own_words(tmp_path: Path, offset: int, late: int):
    folder = _folder(tmp_path, [
        {"action-text": "a", "action-due": DUE.isoformat(), "action-status": "Done"},  # open here
        {"action-text": "b", "action-due": DUE.isoformat(), "action-status": "Shipped"},  # closed
    ])
    today = DUE + timedelta(days=offset)
    records = plain_records(folder)
    summary = summary_of(records[0], today)
    assert (summary.open_actions, summary.overdue_actions) == (1, late)
    rows = action_rows(records, today)
    assert [row.overdue for row in rows] == [bool(late), False]
    (period,) = team_stats(records, today).periods
    assert (period.actions.opened, period.actions.done, period.actions.wont_do, period.actions.overdue) == (2, 0, 1, late)
    page = actions_page(rows, {}, today, public=False)
    assert f"1 open of 2 (0 done); {late} overdue" in page


def test_the_stats_count_done_and_wont_do_in_any_case_or_spacing(tmp_path: Path):
    from tests.team_helpers import item, team_review, write

    write(tmp_path, "a.toml", team_review("INC-1", "A", "2026-01-05 10:00", "SEV-2", [
        item("1", "x", status="  DONE "), item("2", "y", status="won't  do"), item("3", "z", status="Open"),
        item("4", "w", status="Donee"),
    ]))
    records = plain_records(tmp_path)
    (period,) = team_stats(records, DUE).periods
    assert (period.actions.opened, period.actions.done, period.actions.wont_do) == (4, 1, 1)
    page = actions_page(action_rows(records, DUE), {}, DUE, public=False)
    assert "2 open of 4 (1 done)" in page


# -- empty: the one definition (roles.is_empty) in the records and the site ------------------


@pytest.mark.parametrize(("typed", "minutes"), [("   ", 12.0), ("", 12.0), ("5m", 5.0)], ids=["blank", "empty", "typed"])
def test_blank_services_and_factors_are_left_out_and_a_blank_metric_is_computed(tmp_path: Path, typed: str, minutes: float):
    from tests.team_helpers import team_review, write

    review = team_review("INC-1", "A", "2026-01-05 10:00", "SEV-2", [], services=("api", "  ", "\t", "db"),
                         factors=(" ", "cache"), milestones=(("10:00", "first impact"), ("10:12", "detected")))
    review.detection.metrics.impact_to_detection = typed
    write(tmp_path, "a.toml", review)
    (record,) = plain_records(tmp_path)
    assert record.services == ("api", "db")
    assert record.factors == ("cache",)
    assert record.metrics["impact_to_detection"] == minutes


@pytest.mark.parametrize(("owner", "heading"), [("", "(no owner)"), ("   ", "(no owner)"), (" Maria ", "Maria")])
def test_the_site_groups_an_item_with_a_blank_owner_under_no_owner(tmp_path: Path, owner: str, heading: str):
    from tests.team_helpers import item, team_review, write

    write(tmp_path, "a.toml", team_review("INC-1", "A", "2026-01-05 10:00", "SEV-2", [item("1", "x", owner=owner)]))
    page = actions_page(action_rows(plain_records(tmp_path), DUE), {}, DUE, public=False)
    assert f'<h3 id="owner-0">{heading}</h3>' in page
