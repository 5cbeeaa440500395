"""Boundaries, both sides, of reading times (issue 27 item 1): a word without a digit is never a time,
and the same word with a number is."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pirtui.core.timeparse import parse_date, parse_when

BASE = date(2024, 1, 15)


@pytest.mark.parametrize("text", ["Monday", "March", "Jan", "~Monday"])
def test_a_word_without_a_digit_is_not_a_moment_even_when_dateutil_would_read_one(text: str):
    assert parse_when(text, BASE) is None


def test_the_same_words_with_a_number_are_moments():
    assert parse_when("March 3 2024", BASE).at == datetime(2024, 3, 3)  # type: ignore[union-attr]
    assert parse_when("Monday 10:00", BASE) is not None


@pytest.mark.parametrize("text", ["March", "Monday", "", "   "])
def test_a_word_without_a_digit_is_not_a_date(text: str):
    assert parse_date(text) is None


def test_a_date_needs_its_year():
    assert parse_date("March 3") is None
    assert parse_date("March 3 2024") == date(2024, 3, 3)
