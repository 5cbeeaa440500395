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
from tests.test_terminal_signals import printed_lines, wait_until_ended

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
        wait_until_ended(term.pid)
        assert said(term) == ["pirtui: ended by SIGTERM; nothing was unsaved"]
    finally:
        term.close()


def test_sigterm_ends_follow_with_a_word(review_path: Path, tmp_path: Path) -> None:
    term = Terminal(["follow", review_path.name], cwd=tmp_path, env=env(tmp_path), width=80, height=24)
    try:
        term.wait_for("q quits")
        os.kill(term.pid, signal.SIGTERM)
        wait_until_ended(term.pid)
        assert said(term) == ["pirtui: ended by SIGTERM"]
        assert not any("Traceback" in line for line in printed_lines(term))
    finally:
        term.close()


def test_sigterm_ends_a_command_waiting_for_an_answer_with_a_word(review_path: Path, tmp_path: Path) -> None:
    """A command (here `timeline add` asking before it adds 600 rows) ended silently on SIGTERM."""
    source = tmp_path / "big.log"
    source.write_text(
        "".join(f"2024-03-02T{10 + i // 60 % 10:02d}:{i % 60:02d}:00Z host app[1]: event {i}\n" for i in range(600)),
        encoding="utf-8",
    )
    term = Terminal(["timeline", "add", review_path.name, source.name], cwd=tmp_path, env=env(tmp_path))
    try:
        term.wait_for("[y/N]")
        os.kill(term.pid, signal.SIGTERM)
        wait_until_ended(term.pid)
        lines = printed_lines(term)
        assert lines[-1].endswith("[y/N] pirtui: ended by SIGTERM")  # after the question it was asked
        assert not any("Traceback" in line for line in lines)
    finally:
        term.close()
    assert store.load(review_path).timeline == []  # nothing was added
