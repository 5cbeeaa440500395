"""Add from evidence in a real terminal: a chat transcript pasted with bracketed paste (as a terminal
sends a paste) into the installed `pirtui`, previewed, added, saved."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pirtui.core import store
from pirtui.core.model import Incident, Review, TimelineEvent
from tests.terminal import Terminal, tmux_available

pytestmark = pytest.mark.skipif(
    not tmux_available() and os.environ.get("CI") != "true", reason="tmux is not installed (.ci/run installs it)"
)

TRANSCRIPT = (
    "[14:40] maria: the pool is full\n"
    "[14:36] Maria acknowledges the page\n"
    "this line has no time\n"
    "dan 3:01 PM rolled back the deploy\n"
)


def test_a_pasted_chat_becomes_timeline_rows(tmp_path: Path):
    review = Review(
        title="DB pool",
        incident=Incident(id="INC-2024-001", start="2024-01-15 14:30", timezone="UTC"),
        timeline=[
            TimelineEvent(time="14:30", event="p99 latency climbs", milestone="first impact"),
            TimelineEvent(time="14:36", event="Maria acknowledges the page", milestone="responder engaged"),
        ],
    )
    path = tmp_path / "inc.toml"
    store.save(path, review)
    state = tmp_path / "state"
    state.mkdir()
    term = Terminal([path.name], cwd=tmp_path, env={"XDG_STATE_HOME": str(state), "XDG_CONFIG_HOME": str(state)},
                    width=80, height=24)
    try:
        term.wait_for("— Incident Information")
        term.go_to("Timeline")
        term.wait_for("i Evidence")
        term.keys("i")
        term.wait_for("Add from evidence")
        term.paste(TRANSCRIPT, tmp_path)
        screen = term.wait_for("2 of 3 rows ticked, 1 already in the timeline")
        assert "line 3 no time at the start of the line: this line has no time" in screen
        term.keys("C-s")
        term.wait_for("2 rows added from evidence")
        term.keys("C-s")
        term.wait_for("Saved")
        term.keys("C-q")
        term.wait_exit()
    finally:
        term.close()
    assert [(row.time, row.event) for row in store.load(path).timeline] == [
        ("14:30", "p99 latency climbs"),
        ("14:36", "Maria acknowledges the page"),
        ("14:40", "maria: the pool is full"),
        ("15:01", "dan: rolled back the deploy"),
    ]
