"""The installed `pirtui` in tmux: an end by a signal always says why (issue 25 item 14).

Before, a SIGTERM with nothing unsaved ended the editor without a word, and `pirtui follow` (which
installed no handler) vanished on SIGTERM the same way.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from pirtui.core import store
from pirtui.core.model import new_review
from tests.terminal import Terminal, tmux_available
from tests.test_terminal_signals import printed_lines, seconds_until_ended

pytestmark = pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (.ci/run installs it)")


@pytest.fixture
def review_path(tmp_path: Path) -> Path:
    review = new_review("INC-2024-042", "2024-03-02")
    review.title = "Checkout latency"
    path = tmp_path / "inc-2024-042.toml"
    store.save(path, review)
    return path


def env(tmp_path: Path) -> dict[str, str]:
    return {"XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CONFIG_HOME": str(tmp_path / "state")}


def said(term: Terminal) -> list[str]:
    return [line for line in printed_lines(term) if line.startswith("pirtui:")]


def test_sigterm_with_nothing_unsaved_says_why_the_editor_ended(review_path: Path, tmp_path: Path) -> None:
    term = Terminal([review_path.name], cwd=tmp_path, env=env(tmp_path), width=80, height=24)
    try:
        term.wait_for("Incident Information")
        os.kill(term.pid, signal.SIGTERM)
        assert seconds_until_ended(term.pid) < 5
        assert said(term) == ["pirtui: ended by SIGTERM; nothing was unsaved"]
    finally:
        term.close()


def test_sigterm_ends_follow_with_a_word(review_path: Path, tmp_path: Path) -> None:
    term = Terminal(["follow", review_path.name], cwd=tmp_path, env=env(tmp_path), width=80, height=24)
    try:
        term.wait_for("q quits")
        os.kill(term.pid, signal.SIGTERM)
        assert seconds_until_ended(term.pid) < 5
        assert said(term) == ["pirtui: ended by SIGTERM"]
        assert not any("Traceback" in line for line in printed_lines(term))
    finally:
        term.close()
