"""Trends across reviews (core): periods, percentiles, completion and the words of the factors."""

from __future__ import annotations

import pytest

from datetime import date
from pathlib import Path

from pirtui.team.records import plain_records
from pirtui.team.stats import ActionCounts, factor_words, minutes_text, period_of, spread, team_stats
from tests.team_helpers import item, team_review, write

TODAY = date(2026, 3, 1)


def test_periods_by_month_and_quarter():
    assert period_of(date(2026, 1, 31), "month") == "2026-01"
    assert [period_of(date(2026, m, 1), "quarter") for m in (1, 3, 4, 12)] == ["2026-Q1", "2026-Q1", "2026-Q2", "2026-Q4"]


def test_median_and_90th_percentile_stay_within_the_values():
    assert spread([]).median is None and spread([]).count == 0
    one = spread([7.0])
    assert (one.median, one.p90) == (7.0, 7.0)
    many = spread([float(n) for n in range(1, 11)], approximate=2)
    assert (many.median, many.count, many.approximate) == (5.5, 10, 2)
    assert many.p90 == pytest.approx(9.1)  # the inclusive method: linear between the 9th and 10th of 1..10


def test_the_90th_percentile_never_leaves_the_range_of_the_values():
    """One long outlier: the exclusive method would say 138.4 minutes, beyond any value measured."""
    skewed = spread([1.0, 2.0, 3.0, 4.0, 100.0])
    assert skewed.p90 == pytest.approx(61.6)
    assert skewed.p90 <= max([1.0, 2.0, 3.0, 4.0, 100.0])


def test_completion_leaves_wont_do_out():
    assert ActionCounts(opened=4, done=1, wont_do=2).completion == 0.5
    assert ActionCounts(opened=1, wont_do=1).completion is None


def test_factor_words_are_telling_words_once_per_review():
    assert factor_words(("The pool was too small", "Pool alert missing; 3 retries")) == {"pool", "small", "alert", "missing", "retry"}


def test_factor_words_count_a_plural_as_its_singular_and_list_only_shared_ones():
    """Issue 25 item 12: "alert (1), alerts (1), announced (1)" was noise: a plural is its
    singular, and a word is listed only when two incidents or more share it."""
    assert factor_words(("Alerts were noisy", "the alert fired late", "pass status")) == {
        "alert", "noisy", "fired", "late", "pass", "status"
    }


def test_minutes_read_at_a_glance():
    assert [minutes_text(m) for m in (None, 4.6, 75, 1500)] == ["-", "5m", "1h15m", "1d1h"]


def test_reviews_are_counted_in_their_period_and_named_where_they_cannot_be(tmp_path: Path):
    write(tmp_path, "a.toml", team_review("INC-1", "A", "2026-01-05 10:00", "SEV-1",
                                          [item("1", "x", status="Done", priority="P1"), item("2", "y", due="2026-02-01")],
                                          milestones=(("10:00", "first impact"), ("10:30", "detected"))))
    write(tmp_path, "b.toml", team_review("INC-2", "B", "2026-01-20 10:00", "sev-9",
                                          milestones=(("~10:00", "first impact"), ("10:10", "detected"))))
    write(tmp_path, "c.toml", team_review("INC-3", "C", "", "SEV-2"))

    stats = team_stats(plain_records(tmp_path), TODAY, "month")

    (january,) = stats.periods
    assert (january.period, january.incidents, january.by_severity) == ("2026-01", 2, {"SEV-1": 1, "other": 1})
    detect = january.metrics["impact_to_detection"]
    assert (detect.count, detect.median, detect.approximate) == (2, 20.0, 1)
    assert (january.actions.opened, january.actions.done, january.actions.overdue) == (2, 1, 1)
    assert january.by_priority["P1"].completion == 1.0 and january.by_priority["P2"].completion == 0.0
    assert stats.undated == ["INC-3"]
    assert stats.missing["detection_to_response"] == ["INC-1", "INC-2", "INC-3"]
