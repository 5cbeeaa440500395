"""Keys typed in one burst (as a slow SSH link delivers them) each reach the field they were typed for.

Textual hands a key to the widget focused when the key arrives; without `pirtui.app.keys_in_order`
the letters after a tab in the same burst land in the field the tab was leaving.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pirtui.core import store
from pirtui.core.model import new_review
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


def folder_with_two_reviews(tmp_path: Path) -> Path:
    folder = tmp_path / "reviews"
    folder.mkdir()
    for number, title in ((1, "Cache stampede"), (2, "Headache in DNS")):
        review = new_review(f"INC-2024-00{number}", "2024-03-02")
        review.title = title
        store.save(folder / f"inc-2024-00{number}.toml", review)
    return folder


def open_folder_in_tmux(folder: Path, env: dict[str, str] | None = None) -> Terminal:
    state = folder.parent / "state"
    full = {"XDG_STATE_HOME": str(state), "XDG_CONFIG_HOME": str(state), **(env or {})}
    term = Terminal([str(folder)], cwd=folder, env=full, width=80, height=24)
    term.wait_for("Headache in DNS")
    return term


def test_slash_and_letters_in_one_burst_filter_by_every_letter(tmp_path: Path) -> None:
    term = open_folder_in_tmux(folder_with_two_reviews(tmp_path))
    try:
        term.keys("/cache")  # one send-keys: the focus moves to the filter box while the letters arrive
        screen = term.wait_until(lambda s: "Headache in DNS" not in s, '"/cache" did not filter by "cache"')
        assert "Cache stampede" in screen
    finally:
        term.close()


WHYS = [(f"Why {n} did it fail", f"Because {n} of the pool") for n in range(1, 13)]


def whys_burst() -> list[str]:
    """"a Why... Tab Because... Enter" for every row: a fast typist's rows, in one send-keys."""
    keys: list[str] = []
    for question, answer in WHYS:
        keys += ["a", question, "Tab", answer, "Enter"]
    return keys


def focus_the_whys(term: Terminal) -> None:
    term.go_to("Root Cause Analysis")
    term.keys("Tab", "Tab", "Tab")  # What happened, Why it happened, Contributing factors, 5 Whys
    term.wait_for("Add")


def test_rows_typed_in_repeated_bursts_lose_no_letter(review_path: Path) -> None:
    term = open_in_tmux(review_path)
    try:
        focus_the_whys(term)
        term.keys(*whys_burst(), "C-s")
        term.wait_for("Saved")
    finally:
        term.close()
    whys = store.load(review_path).root_cause.whys
    assert [(w.question, w.answer) for w in whys] == WHYS


def test_the_whole_walkthrough_at_80x24_in_bursts_loses_no_letter(tmp_path: Path) -> None:
    """The bursts of issue 11 one after another, as over SSH at 80x24 with NO_COLOR."""
    folder = folder_with_two_reviews(tmp_path)
    term = open_folder_in_tmux(folder, {"NO_COLOR": "1"})
    try:
        term.keys("/cache", "Enter", "Enter")  # filter, back to the list, open the one review shown
        term.wait_for("— Incident Information")
        term.wait_for("█Title")  # the focused field is marked without colour
        term.keys("End", " at peak", "Tab", "End", "-B", "C-s")
        term.wait_for("Saved")
        focus_the_whys(term)
        term.keys(*whys_burst()[:20])  # four rows
        term.go_to("Action Items")
        term.keys("a", "Add a canary", "Tab", "Ben", "C-s")  # the form starts in Action, not the ID
        term.wait_for("Saved")
        term.go_to("Detection and Response")
        term.keys("Down", "Down", "Down", "Down", "Vendor email", "C-s")
        term.wait_for("Saved")
        term.keys("Escape")
        term.wait_for("Filled")  # the review list's header (still filtered by "cache")
        term.keys("q")
        term.wait_exit()
    finally:
        term.close()
    review = store.load(folder / "inc-2024-001.toml")
    assert (review.title, review.incident.id) == ("Cache stampede at peak", "INC-2024-001-B")
    assert [(w.question, w.answer) for w in review.root_cause.whys] == WHYS[:4]
    (item,) = review.action_items
    assert (item.id, item.action, item.owner) == ("1", "Add a canary", "Ben")
    assert (review.detection.methods.other, review.detection.methods.other_description) == (True, "Vendor email")
