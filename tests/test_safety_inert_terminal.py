"""Escape sequences inside a review, drawn by the installed `pirtui` in tmux: shown as symbols, never obeyed."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from pirtui import store
from pirtui.model import TimelineEvent, new_review
from tests.terminal import Terminal, tmux_available

pytestmark = pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (.ci/run installs it)")

HOSTILE = "\x1b[31mRED\x1b]0;pwned\x07\u202eevil"
"""Red text, a terminal title change (OSC 0 ... BEL) and a right-to-left override."""

SHOWN = "␛[31mRED␛]0;pwned␇⍰evil"


SGR = re.compile(r"\x1b\[[0-9;:]*m")
"""A colour or style sequence (CSI ... m): the only escape sequences a drawn screen may hold."""

CELL = "␛[31mRED␛]0;pwned␇⟦U+202E⟧evil"
"""HOSTILE as a table cell shows it."""


def without_colours(styled: str) -> str:
    """A styled capture with its colour and style sequences removed; any other escape stays."""
    return SGR.sub("", styled)


def cursor_on_first_letter_of(text: str) -> Callable[[str], bool]:
    """Whether a styled screen shows a text cursor on the first letter of `text`.

    A focused TextArea draws its (blinking) cursor as one cell styled on its own, so that letter has
    colour sequences right before and right after it; unfocused, the text is drawn in one style.
    """
    pattern = re.compile(f"{SGR.pattern}{re.escape(text[0])}(?:{SGR.pattern})+{re.escape(text[1:])}")
    return lambda screen: pattern.search(screen) is not None


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
        term.wait_for(SHOWN)
        screens = {"title Input": term.screen(styled=True)}
        term.go_to("Executive Summary", f"Pasted from the log: {SHOWN}")
        # The summary TextArea takes the focus after the screen is drawn; keys sent before would be lost.
        screens["summary TextArea"] = term.wait_until(
            cursor_on_first_letter_of("Pasted from"), "the summary never showed its cursor", styled=True
        )
        term.keys("End")
        term.type(" ok")
        term.wait_for(f"{SHOWN} ok")
        term.go_to("Timeline")
        term.wait_for(CELL)
        screens["timeline cell"] = term.screen(styled=True)
        title = term._tmux("display-message", "-p", "-t", term.session, "#{pane_title}")
        term.keys("C-s")
        term.wait_for("Saved")
        term.keys("C-q")
        term.wait_exit(5)
    finally:
        term.close()
    assert "pwned" not in title
    for where, styled in screens.items():
        shown = without_colours(styled)
        assert "\x1b" not in shown, f"{where}: an escape sequence other than colour and style: {shown!r}"
        assert "\u202e" not in shown, where
        # The value's own SGR 31 never reached the terminal: its symbols are drawn instead.
        assert "\x1b[31m" not in styled, where
    assert SHOWN in without_colours(screens["title Input"])
    assert f"Pasted from the log: {SHOWN}" in without_colours(screens["summary TextArea"])
    assert CELL in without_colours(screens["timeline cell"])
    saved = store.load(path)
    assert saved.title == HOSTILE
    assert saved.summary == f"Pasted from the log: {HOSTILE} ok"
    assert saved.timeline[0].event == HOSTILE
    assert "\\u001b[31mRED\\u001b]0;pwned\\u0007\u202eevil" in path.read_text(encoding="utf-8")
