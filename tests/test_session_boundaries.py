"""Boundaries, both sides, of the Session's rules (issue 27 items 1 and 4): what `apply` counts as a
change, found by benchmarks/mutants.py as decisions no test reached from both sides."""

from __future__ import annotations

from pathlib import Path

from pirtui.session import Applied, Session
from tests.test_session import write_review


def test_a_value_applied_and_applied_back_leaves_the_review_saved(tmp_path: Path) -> None:
    session = Session.open(write_review(tmp_path))
    assert session.apply("title", "Checkout API outage") is None  # the value it holds: no change
    assert not session.dirty
    changed = session.apply("title", "Checkout API outagex")
    assert isinstance(changed, Applied) and changed.dirty_changed and session.dirty
    back = session.apply("title", "Checkout API outage")
    assert isinstance(back, Applied) and back.dirty_changed
    assert not session.dirty
