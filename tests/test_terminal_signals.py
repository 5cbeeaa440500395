"""Hang-up, SIGTERM and a closed tmux pane against the installed `pirtui` in a real terminal.

Each test types words into the running editor, then takes the terminal away (or asks the process
to end) and checks that pirtui ends by itself with the words on disk: in the review, or in its
recovery copy when the review must not be overwritten. How fast it ends is a benchmark figure
(benchmarks/signals.py), not an assertion: a loaded machine must not fail a test that lost no word.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from pirtui.core import store
from pirtui.core.model import new_review
from pirtui.core.recovery import find_recovery
from tests.terminal import Terminal, tmux_available

pytestmark = pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (.ci/run installs it)")

GIVE_UP = 30.0
"""Seconds after which a pirtui that has not ended counts as hung (far above any machine's load)."""


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The state folder pirtui uses (recovery copies live there); this process looks there too."""
    folder = tmp_path / "state"
    folder.mkdir()
    monkeypatch.setenv("XDG_STATE_HOME", str(folder))
    return folder


@pytest.fixture
def review_path(tmp_path: Path) -> Path:
    review = new_review("INC-2024-042", "2024-03-02")
    review.title = "Checkout latency"
    path = tmp_path / "inc-2024-042.toml"
    store.save(path, review)
    return path


def start(review_path: Path, state: Path) -> Terminal:
    env = {"XDG_STATE_HOME": str(state), "XDG_CONFIG_HOME": str(state)}
    term = Terminal([review_path.name], cwd=review_path.parent, env=env, width=100, height=30)
    term.wait_for("— Incident Information")
    return term


def type_in_title(term: Terminal, words: str) -> None:
    term.keys("End")
    term.type(words)
    term.wait_for(words)


def printed_lines(term: Terminal) -> list[str]:
    """What the program printed after leaving the full screen, scrolled-off lines included."""
    text = term._tmux("capture-pane", "-p", "-S", "-200", "-t", term.session)
    return [line for line in text.splitlines() if line.strip() and not line.startswith("Pane is dead")]


def ended(pid: int) -> bool:
    """Whether the process is gone (or a zombie nobody reaped: it has ended all the same)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return True
    return fields[0] in ("Z", "X")


def wait_until_ended(pid: int, timeout: float = GIVE_UP) -> None:
    """Wait for the process to end by itself; fail if it is still running after `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if ended(pid):
            return
        time.sleep(0.02)
    raise AssertionError(f"pirtui (pid {pid}) still running after {timeout} s")


@pytest.mark.parametrize("number", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_a_signal_saves_the_typed_words_and_exits(review_path: Path, state: Path, number) -> None:
    term = start(review_path, state)
    try:
        type_in_title(term, " typed before the signal")
        os.kill(term.pid, number)
        wait_until_ended(term.pid)
        if number == signal.SIGTERM:  # the terminal is still there to show the one line
            shown = printed_lines(term)
            assert [line for line in shown if line.startswith("pirtui:")] == [
                f"pirtui: ended by SIGTERM; Saved {review_path.name}"
            ]
            assert not any("Traceback" in line for line in shown)
    finally:
        term.close()
    assert store.load(review_path).title == "Checkout latency typed before the signal"
    assert "typed before the signal" in store.markdown_path(review_path).read_text(encoding="utf-8")
    assert find_recovery(review_path) is None
    assert not review_path.with_name(f".{review_path.name}.lock").exists()


def test_closing_the_terminal_saves_the_typed_words(review_path: Path, state: Path) -> None:
    term = start(review_path, state)
    type_in_title(term, " typed before the pane closed")
    term.close()  # tmux kill-server: the pane and its pty go away, pirtui gets SIGHUP
    wait_until_ended(term.pid)
    assert store.load(review_path).title == "Checkout latency typed before the pane closed"


def test_a_file_changed_on_disk_is_not_overwritten_the_words_go_to_the_recovery_copy(
    review_path: Path, state: Path
) -> None:
    term = start(review_path, state)
    try:
        type_in_title(term, " mine")
        theirs = store.load(review_path)
        theirs.title = "Their title"
        store.save(review_path, theirs)
        os.kill(term.pid, signal.SIGHUP)
        wait_until_ended(term.pid)
    finally:
        term.close()
    assert store.load(review_path).title == "Their title"
    copy = find_recovery(review_path)
    assert copy is not None and copy.review is not None
    assert copy.review.title == "Checkout latency mine"
    assert (copy.path.stat().st_mode & 0o777) == 0o600


def test_an_open_row_form_is_not_lost_on_hang_up(review_path: Path, state: Path) -> None:
    term = start(review_path, state)
    try:
        term.go_to("Timeline")
        term.keys("a")
        term.wait_for("New row")
        term.type("14:02")
        term.wait_for("14:02")
        term.keys("Tab")
        term.type("Config pushed while the link dropped")
        term.wait_for("while the link dropped")
        os.kill(term.pid, signal.SIGHUP)
        wait_until_ended(term.pid)
    finally:
        term.close()
    rows = store.load(review_path).timeline
    assert [(r.time, r.event) for r in rows] == [("14:02", "Config pushed while the link dropped")]


@pytest.mark.parametrize("how", ["SIGHUP", "closed pane"])
def test_keys_read_but_still_held_at_a_hang_up_are_saved(review_path: Path, state: Path, how: str) -> None:
    # Over SSH a burst arrives in one read; pirtui hands its keys on one by one (keys_in_order.py),
    # so when the link drops most of them have been read but not yet typed into the field. The test
    # hook holds every key after the first, so they are certainly held when the signal comes.
    burst = " QUICKKILL-" + "abcdefghijklmnopqrstuvwxyz" * 4
    env = {"XDG_STATE_HOME": str(state), "XDG_CONFIG_HOME": str(state), "PIRTUI_TEST_HOLD_KEYS_AFTER": "2"}
    term = Terminal([review_path.name], cwd=review_path.parent, env=env, width=100, height=30)
    try:
        term.wait_for("— Incident Information")
        term.keys("End")
        term.type(burst)
        term.wait_for("●")  # the first letter reached the field
        assert "QUICKKILL" not in term.screen()  # the rest is held, not typed
        if how == "SIGHUP":
            os.kill(term.pid, signal.SIGHUP)
        else:
            term.close()  # the pty goes away: SIGHUP, and reads fail in Textual's input thread
        wait_until_ended(term.pid)
    finally:
        term.close()
    assert store.load(review_path).title == "Checkout latency" + burst


def test_reopening_after_a_hang_up_says_once_what_it_saved(review_path: Path, state: Path) -> None:
    term = start(review_path, state)
    try:
        type_in_title(term, " typed before the line dropped")
        os.kill(term.pid, signal.SIGHUP)
        wait_until_ended(term.pid)
    finally:
        term.close()
    again = start(review_path, state)
    try:
        again.wait_for("Saved on hang-up at")
    finally:
        again.close()
    third = start(review_path, state)
    try:
        screen = third.wait_for("█Title")  # drawn, focus given: a note would show by now
        assert "Saved on hang-up" not in screen
    finally:
        third.close()
