"""Boundaries, both sides, of the team views' and the meeting's rules (issue 27 item 1).

Each rule that compares a date, a count, a size or a word is tested just before its boundary, on it
and just after: the overdue rule (one definition, `computed.days_overdue`, that the actions view and
the stats both call), the due-before filter, periods, the top lists, word lengths, percentiles,
durations and the meeting's time boxes.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from pirtui.core.computed import days_overdue, overdue
from pirtui.core.model import ActionItem
from pirtui.meeting.running import AgendaItem, MeetingClock, clock_text, people
from pirtui.team.actions import ActionFilter, action_rows
from pirtui.team.records import plain_records
from pirtui.team.stats import TOP, _names, _reviews, _top, factor_words, minutes_text, percent, period_of, spread, team_stats
from tests.team_helpers import item, team_review, write

DUE = date(2026, 2, 10)


@pytest.mark.parametrize(
    ("today", "expected"),
    [(DUE - timedelta(days=1), None), (DUE, None), (DUE + timedelta(days=1), 1), (DUE + timedelta(days=30), 30)],
    ids=["the day before", "the due day itself", "the day after", "a month after"],
)
def test_an_open_item_is_overdue_from_the_day_after_its_due_date(today: date, expected: int | None):
    open_item = ActionItem(due=DUE.isoformat(), status="Open")
    assert days_overdue(open_item, today) == expected
    assert overdue(open_item, today) is (expected is not None)


@pytest.mark.parametrize(
    ("status", "counts"),
    [("Open", True), ("In Progress", True), ("Blocked", True), ("", True), ("Done", False), ("done", False),
     ("  DONE ", False), ("Won't Do", False), ("won't do", False), ("Donee", True)],
)
def test_only_done_and_wont_do_in_any_case_or_spacing_stop_an_item_being_overdue(status: str, counts: bool):
    assert overdue(ActionItem(due="2020-01-01", status=status), DUE) is counts


def test_an_item_without_a_readable_due_date_is_never_overdue():
    assert days_overdue(ActionItem(due="", status="Open"), DUE) is None
    assert days_overdue(ActionItem(due="soon", status="Open"), DUE) is None


def _one_item_folder(folder: Path, status: str = "Open") -> list:
    write(folder, "a.toml", team_review("INC-1", "A", "2026-01-05 10:00", "SEV-2", [item("1", "x", due=DUE.isoformat(), status=status)]))
    return plain_records(folder)


@pytest.mark.parametrize(("offset", "expected"), [(-1, None), (0, None), (1, 1)], ids=["day before", "due day", "day after"])
def test_the_actions_view_marks_an_item_overdue_from_the_day_after_it_is_due(tmp_path: Path, offset: int, expected: int | None):
    (row,) = action_rows(_one_item_folder(tmp_path), DUE + timedelta(days=offset))
    assert row.days_overdue == expected
    assert row.overdue is (expected is not None)
    assert ActionFilter(overdue=True).keeps(row) is (expected is not None)


def test_the_actions_view_never_marks_a_done_item_overdue(tmp_path: Path):
    (row,) = action_rows(_one_item_folder(tmp_path, "Done"), DUE + timedelta(days=5))
    assert row.days_overdue is None


@pytest.mark.parametrize(("offset", "expected"), [(-1, 0), (0, 0), (1, 1)], ids=["day before", "due day", "day after"])
def test_the_stats_count_an_item_overdue_from_the_day_after_it_is_due(tmp_path: Path, offset: int, expected: int):
    (period,) = team_stats(_one_item_folder(tmp_path), DUE + timedelta(days=offset)).periods
    assert period.actions.overdue == expected


@pytest.mark.parametrize(("before", "kept"), [(DUE, False), (DUE + timedelta(days=1), True), (DUE - timedelta(days=1), False)])
def test_due_before_keeps_only_items_due_strictly_before_the_day(tmp_path: Path, before: date, kept: bool):
    (row,) = action_rows(_one_item_folder(tmp_path), DUE)
    assert ActionFilter(due_before=before).keeps(row) is kept


def test_a_row_without_a_due_date_is_not_due_before_any_day(tmp_path: Path):
    write(tmp_path, "a.toml", team_review("INC-1", "A", actions=[item("1", "x", due="")]))
    (row,) = action_rows(plain_records(tmp_path), DUE)
    assert ActionFilter(due_before=date(2999, 1, 1)).keeps(row) is False


def test_quarters_change_between_the_last_day_of_one_and_the_first_of_the_next():
    assert [period_of(date(2026, 3, 31), "quarter"), period_of(date(2026, 4, 1), "quarter")] == ["2026-Q1", "2026-Q2"]
    assert [period_of(date(2026, 6, 30), "quarter"), period_of(date(2026, 7, 1), "quarter")] == ["2026-Q2", "2026-Q3"]
    assert [period_of(date(2026, 9, 30), "quarter"), period_of(date(2026, 10, 1), "quarter")] == ["2026-Q3", "2026-Q4"]
    assert [period_of(date(2025, 12, 31), "month"), period_of(date(2026, 1, 1), "month")] == ["2025-12", "2026-01"]


def test_factor_words_keep_words_of_three_letters_and_drop_shorter_ones():
    assert factor_words(("db is up", "dns ok")) == {"dns"}


def test_the_top_lists_keep_exactly_top_entries_ties_by_name():
    from collections import Counter

    exactly = Counter({f"w{n:02d}": 1 for n in range(TOP)})
    assert len(_top(exactly)) == TOP
    one_more = Counter({f"w{n:02d}": 1 for n in range(TOP + 1)})
    assert [name for name, _ in _top(one_more)] == [f"w{n:02d}" for n in range(TOP)]
    assert _top(Counter({"b": 2, "a": 2, "c": 3})) == [("c", 3), ("a", 2), ("b", 2)]


def test_a_percentile_of_one_value_is_that_value_and_of_two_lies_between():
    assert spread([5.0]).p90 == 5.0
    assert spread([0.0, 10.0]).p90 == pytest.approx(9.0)


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(0, "0m"), (59, "59m"), (59.4, "59m"), (59.6, "1h00m"), (60, "1h00m"), (1439, "23h59m"), (1440, "1d0h"), (1501, "1d1h")],
)
def test_durations_change_unit_at_the_hour_and_the_day(minutes: float, text: str):
    assert minutes_text(minutes) == text


def test_shares_and_counts_in_words_at_their_boundaries():
    assert [percent(None), percent(0.0), percent(0.994), percent(0.996), percent(1.0)] == ["-", "0%", "99%", "100%", "100%"]
    assert [_reviews(1), _reviews(2), _reviews(0)] == ["1 review has", "2 reviews have", "0 reviews have"]
    eight = [f"r{n}" for n in range(8)]
    assert _names(eight) == ", ".join(eight)
    assert _names([*eight, "r8"]) == ", ".join(eight) + " and 1 more"


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(("seconds", "over"), [(299.0, 0.0), (300.0, 0.0), (301.0, 1.0)], ids=["before the box", "at the box", "past it"])
def test_a_section_runs_over_only_once_past_its_time_box(seconds: float, over: float):
    time = _Clock()
    clock = MeetingClock(time)
    clock.enter("timeline")
    time.now = seconds
    assert clock.over_by(AgendaItem("timeline", "Timeline", 5)) == over


def test_a_section_without_a_box_never_runs_over_and_a_one_minute_box_does():
    time = _Clock()
    clock = MeetingClock(time)
    clock.enter("timeline")
    time.now = 3600.0
    assert clock.over_by(AgendaItem("timeline", "Timeline", 0)) == 0.0
    assert clock.over_by(AgendaItem("timeline", "Timeline", 1)) == 3540.0


def test_time_spent_adds_up_over_visits_and_only_counts_the_current_visit_while_there():
    time = _Clock()
    clock = MeetingClock(time)
    clock.enter("timeline")
    time.now = 100.0
    clock.enter("timeline")  # the same section again: no new visit
    time.now = 200.0
    clock.enter("impact")
    time.now = 260.0
    assert (clock.section_seconds("timeline"), clock.section_seconds("impact"), clock.section_seconds()) == (200.0, 60.0, 60.0)
    clock.enter("timeline")
    time.now = 270.0
    assert clock.section_seconds("timeline") == 210.0


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(-5, "0:00"), (0, "0:00"), (59.9, "0:59"), (60, "1:00"), (3599, "59:59"), (3600, "1:00:00"), (3723, "1:02:03")],
)
def test_the_meeting_clock_shows_hours_only_from_the_first_hour(seconds: float, text: str):
    assert clock_text(seconds) == text


def test_people_are_listed_once_whatever_their_case_or_spacing():
    from pirtui.core.model import new_review

    review = new_review("INC-1", "2026-01-01")
    review.incident.commander = "Maria Chen"
    review.incident.author = " maria chen , Dan"
    review.action_items = [ActionItem(owner="DAN"), ActionItem(owner=""), ActionItem(owner="Priya")]
    assert people(review) == ["Maria Chen", "Dan", "Priya"]


def _row(tmp_path: Path, **fields: str):
    values = {"owner": "Maria Chen", "priority": "P1", "status": "In Progress", "due": DUE.isoformat()} | fields
    write(tmp_path, "a.toml", team_review("INC-1", "Pool outage", actions=[item("1", "Add pool alert", **values)]))
    (row,) = action_rows(plain_records(tmp_path), DUE)
    return row


@pytest.mark.parametrize(
    ("wanted", "kept"),
    [(ActionFilter(owner="MARIA"), True), (ActionFilter(owner="chen"), True), (ActionFilter(owner="mario"), False),
     (ActionFilter(status=" in progress "), True), (ActionFilter(status="open, IN PROGRESS"), True),
     (ActionFilter(status="in"), False), (ActionFilter(status="open"), False),
     (ActionFilter(priority=" p1 "), True), (ActionFilter(priority="P10"), False), (ActionFilter(priority="P"), False),
     (ActionFilter(review="pool OUTAGE"), True), (ActionFilter(review="inc-1"), True), (ActionFilter(review="inc-2"), False),
     (ActionFilter(text="ALERT maria"), True), (ActionFilter(text="alert dan"), False)],
)
def test_filters_ignore_case_and_spacing_but_not_a_different_word(tmp_path: Path, wanted: ActionFilter, kept: bool):
    assert wanted.keeps(_row(tmp_path)) is kept


def test_a_status_with_spaces_around_it_in_the_file_still_matches(tmp_path: Path):
    assert ActionFilter(status="blocked").keeps(_row(tmp_path, status="  Blocked ")) is True


def test_the_overdue_word_of_the_filter_line_in_any_case_and_only_whole():
    from pirtui.team.actions import parse_filter

    assert parse_filter("OVERDUE").overdue is True
    assert parse_filter("overdue-ish").overdue is False and parse_filter("overdue-ish").text == "overdue-ish"
    assert parse_filter("Owner:maria").owner == "maria"
    assert parse_filter("owner:").text == "owner:"  # a key without a value is a word


def test_a_time_box_below_zero_is_no_box_and_zero_is_none_either():
    from pirtui.meeting.running import agenda

    boxes = {item.key: item.minutes for item in agenda({"timeline": -5, "impact": 0, "summary": 1})}
    assert (boxes["timeline"], boxes["impact"], boxes["summary"]) == (0, 0, 1)


@pytest.mark.parametrize(("offset", "warned"), [(-1, False), (0, False), (1, True)], ids=["day before", "due day", "day after"])
def test_the_checks_warn_of_an_overdue_item_from_the_day_after_it_is_due(offset: int, warned: bool):
    from pirtui.core.checks import check
    from pirtui.core.model import new_review

    review = new_review("INC-1", "2026-01-01")
    review.action_items = [ActionItem(id="1", action="x", owner="Maria", priority="P3", due=DUE.isoformat(), status="Open")]
    messages = [f.message for f in check(review, DUE + timedelta(days=offset))]
    assert any("is overdue" in message for message in messages) is warned
