"""A review meeting in real terminals: one driver (`pirtui meet`) and two followers (`pirtui follow`),
each in its own tmux pane and size. The followers show the section the driver shows and what the room
captures, and say so when the driver is gone."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from pirtui.core import store
from tests.editor_helpers import filled_review
from tests.terminal import Terminal, tmux_available

pytestmark = pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (.ci/run installs it)")


def test_two_followers_follow_the_driver_and_see_a_decision_land(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    store.save(path, filled_review())
    env = {"XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    driver = Terminal(["meet", path.name], cwd=tmp_path, env=env, width=100, height=30)
    followers: list[Terminal] = []
    try:
        driver.wait_for("Attendees")
        driver.keys("Enter")
        driver.wait_for("meeting 0:0")
        followers = [
            Terminal(["follow", path.name], cwd=tmp_path, env=env, width=80, height=24),
            Terminal(["follow", path.name], cwd=tmp_path, env=env, width=120, height=35),
        ]
        for follower in followers:
            follower.wait_for("Following")
        driver.keys("n", "n", "n")
        driver.wait_for("Impact Analysis")
        for follower in followers:
            follower.wait_for("4/13 Impact Analysis")
        driver.keys(*["n"] * 8)
        driver.wait_for("Review Meeting Notes")
        driver.keys("d")
        driver.wait_for("Decision")
        driver.type("Ship the canary first")
        driver.keys("Enter")
        for follower in followers:
            follower.wait_for("12/13 Review Meeting Notes")
            follower.wait_for("Ship the canary first")
        assert "Ship the canary first" in store.load(path).meeting.decisions
        os.kill(driver.pid, signal.SIGKILL)
        for follower in followers:
            follower.wait_for("The driver has left")
            assert follower.alive()
    finally:
        for terminal in [driver, *followers]:
            terminal.close()
