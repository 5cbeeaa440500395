"""Keys typed in one burst (as a slow SSH link delivers them) each reach the field they were typed for.

Textual hands a key to the widget focused when the key arrives; without `pirtui.keys_in_order`
the letters after a tab in the same burst land in the field the tab was leaving.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pirtui import store
from pirtui.model import new_review
from tests.terminal import Terminal, tmux_available

pytestmark = pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (.ci/run installs it)")


@pytest.fixture
def review_path(tmp_path: Path) -> Path:
    review = new_review("INC-2024-042", "2024-03-02")
    review.title = "Checkout latency"
    review.incident.start = "2024-03-01 14:00"
    path = tmp_path / "inc-2024-042.toml"
    store.save(path, review)
    return path


def open_in_tmux(review_path: Path) -> Terminal:
    state = review_path.parent / "state"
    env = {"XDG_STATE_HOME": str(state), "XDG_CONFIG_HOME": str(state)}
    term = Terminal([review_path.name], cwd=review_path.parent, env=env, width=100, height=30)
    term.wait_for("— Incident Information")
    return term


def test_words_after_a_tab_in_the_same_burst_go_to_the_next_field(review_path: Path) -> None:
    term = open_in_tmux(review_path)
    try:
        # One send-keys: title, tab to Incident ID, its text, tab to Start, its text, save.
        term.keys("End", " at peak", "Tab", "End", "-B", "Tab", "C-u", "2024-03-01 14:05", "C-s")
        term.wait_for("Saved")
    finally:
        term.close()
    review = store.load(review_path)
    assert (review.title, review.incident.id, review.incident.start) == (
        "Checkout latency at peak",
        "INC-2024-042-B",
        "2024-03-01 14:05",
    )


def test_a_row_typed_in_one_burst_fills_each_column(review_path: Path) -> None:
    term = open_in_tmux(review_path)
    try:
        term.go_to("Timeline")
        # Enter moves to the next field as Tab does; ctrl+s commits the row and saves the review.
        term.keys("a", "14:32", "Enter", "Error rate alert fires", "Tab", "Tab", "https://grafana/d/1", "C-s")
        term.wait_for("Saved")
    finally:
        term.close()
    (row,) = store.load(review_path).timeline
    assert (row.time, row.event, row.milestone, row.evidence) == (
        "14:32",
        "Error rate alert fires",
        "",
        "https://grafana/d/1",
    )
