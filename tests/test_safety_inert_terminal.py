"""Escape sequences inside a review, drawn by the installed `pirtui` in tmux: shown as symbols, never obeyed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from pirtui import store
from pirtui.model import TimelineEvent, new_review
from tests.terminal import Terminal, tmux_available

pytestmark = pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (.ci/run installs it)")

HOSTILE = "\x1b[31mRED\x1b]0;pwned\x07\u202eevil"
"""Red text, a terminal title change (OSC 0 ... BEL) and a right-to-left override."""

SHOWN = "␛[31mRED␛]0;pwned␇⍰evil"


def test_escape_sequences_in_fields_are_shown_inert_and_saved_as_typed(tmp_path: Path) -> None:
    review = new_review("INC-2024-042", "2024-03-02")
    review.title = HOSTILE
    review.summary = f"Pasted from the log: {HOSTILE}"
    review.timeline = [TimelineEvent(time="14:02", event=HOSTILE)]
    path = tmp_path / "inc.toml"
    store.save(path, review)
    state = tmp_path / "state"
    state.mkdir()
    env = {"XDG_STATE_HOME": str(state), "XDG_CONFIG_HOME": str(state)}
    term = Terminal([path.name], cwd=tmp_path, env=env, width=110, height=30)
    try:
        term.wait_for("— Incident Information")
        screens = [term.wait_for(SHOWN)]  # the title Input
        screens.append(term.go_to("Executive Summary", f"Pasted from the log: {SHOWN}"))  # a TextArea
        time.sleep(0.5)  # the summary gets the focus after the screen is drawn; nothing shows when
        term.keys("End")
        term.type(" ok")
        term.wait_for(f"{SHOWN} ok")
        term.go_to("Timeline")
        screens.append(term.wait_for("␛[31mRED␛]0;pwned␇⟦U+202E⟧evil"))  # a table cell
        coloured = term._tmux("capture-pane", "-p", "-e", "-t", term.session)
        title = term._tmux("display-message", "-p", "-t", term.session, "#{pane_title}")
        term.keys("C-s")
        term.wait_for("Saved")
        term.keys("C-q")
        term.wait_exit(5)
    finally:
        term.close()
    assert "pwned" not in title
    for screen in screens:
        assert "\x1b" not in screen and "\u202e" not in screen
    # The value's own SGR 31 never reached the terminal: the only escapes are Textual's own styling.
    assert "\x1b[31m" not in coloured and ";31m" not in coloured
    saved = store.load(path)
    assert saved.title == HOSTILE
    assert saved.summary == f"Pasted from the log: {HOSTILE} ok"
    assert saved.timeline[0].event == HOSTILE
    assert "\\u001b[31mRED\\u001b]0;pwned\\u0007\u202eevil" in path.read_text(encoding="utf-8")
