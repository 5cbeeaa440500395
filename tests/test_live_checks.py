"""The live checks' count of complete sections (the status line's "n/13 complete"), kept per section
edit by edit rather than asked of every section on each redraw: it must be the count asked afresh."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from benchmarks.large_review import large_review
from pirtui.core import store
from pirtui.core.checks import field_slots, section_complete
from pirtui.core.live_checks import LiveChecks
from pirtui.core.model import TimelineEvent, get_path, set_path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_reviews" / "inc-2024-001-db-pool-exhaustion.toml"
TODAY = date(2024, 2, 1)


def complete_afresh(live: LiveChecks) -> int:
    """The count as `totals` asked it of every section before it was kept."""
    return sum(1 for key in live.states if section_complete(live.checker.review, key))


def edit(live: LiveChecks, path: str, value: object) -> None:
    """What `Session.apply` does with one change."""
    set_path(live.checker.review, path, value)
    live.edited(path)


def test_the_count_follows_an_edit_in_the_section_itself() -> None:
    live = LiveChecks(store.load(SAMPLE), TODAY)
    before = live.totals()[3]
    assert live.complete["summary"]
    edit(live, "summary", "")
    assert not live.complete["summary"]
    assert live.totals()[3] == before - 1 == complete_afresh(live)
    edit(live, "summary", "The pool ran dry.")
    assert live.totals()[3] == before == complete_afresh(live)


def test_the_count_follows_an_edit_in_the_timeline_that_completes_the_detection_metrics() -> None:
    # The sample's detection metrics are left empty and computed from the timeline's milestones:
    # removing the "detected" milestone empties two of them, so Detection is no longer complete,
    # at once (not only once the typing pauses and the dependents are re-checked).
    review = store.load(SAMPLE)
    live = LiveChecks(review, TODAY)
    before = live.totals()[3]
    assert live.complete["detection"] and live.complete["timeline"]
    assert review.timeline[1].milestone == "detected"
    edit(live, "timeline.1.milestone", "")
    assert live.stale  # the dependents' findings wait for the pause; the count does not
    assert not live.complete["detection"]
    assert live.complete["timeline"]
    assert live.totals()[3] == before - 1 == complete_afresh(live)
    edit(live, "timeline.1.milestone", "detected")
    assert live.totals()[3] == before == complete_afresh(live)
    assert live.recheck_dependents()
    assert live.totals()[3] == before == complete_afresh(live)


@pytest.mark.parametrize("review", [store.load(SAMPLE), large_review(timeline_rows=300, action_items=20, log_lines=10)],
                         ids=["sample", "large"])
def test_the_kept_count_is_the_count_asked_afresh_after_emptying_and_refilling_every_field(review) -> None:
    live = LiveChecks(review, TODAY)
    empty_and_refill_every_field(live)
    review = live.checker.review
    # Rows added and removed, and the milestones moved, as the timeline's editor does.
    edit(live, "timeline", [*review.timeline, TimelineEvent(time="2024-01-15 10:00", event="late", milestone="mitigated")])
    assert live.totals()[3] == complete_afresh(live)
    edit(live, "timeline", review.timeline[2:])
    assert live.totals()[3] == complete_afresh(live)
    edit(live, "incident.start", "")
    assert live.totals()[3] == complete_afresh(live)


def empty_and_refill_every_field(live: LiveChecks) -> None:
    """Every place of every section emptied and filled again, the count compared after each edit."""
    review = live.checker.review
    assert live.totals()[3] == complete_afresh(live)
    for key in list(live.states):
        for path, _label in field_slots(key, review):
            old = get_path(review, path)
            empty = [] if isinstance(old, list) else type(old)() if isinstance(old, (str, bool)) else None
            if empty is None:
                continue  # a group of fields (its fields are edited one by one)
            edit(live, path, empty)
            assert live.totals()[3] == complete_afresh(live), path
            edit(live, path, old)
            assert live.totals()[3] == complete_afresh(live), path
