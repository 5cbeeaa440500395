"""Escape sequences inside a review, drawn by the installed `pirtui` in tmux: shown as symbols, never obeyed."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from pirtui.core import store
from pirtui.core.model import TimelineEvent, new_review
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
        term.wait_exit()
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


TITLE = "Disk [/var] full \x1b]0;pwned\x07 [SEV-1] \x9b31m \u202eevil"
"""A review title that is markup to Textual ("[/var]" closes a tag that was never opened) and, raw,
sets the terminal's title (OSC 0), starts an 8-bit CSI and reverses the text after it."""

TITLE_SHOWN = "Disk [/var] full ␛]0;pwned␇ [SEV-1]"
"""The part of TITLE every view shows the same way."""

FILE_NAME = "inc\x1b]0;pwnedF\x07[b].toml"
"""A file name with a title-setting escape sequence and a bracket that markup would eat."""


class Walk:
    """The installed pirtui in tmux, with every drawn screen checked as the walk goes."""

    def __init__(self, term: Terminal) -> None:
        self.term = term
        self.seen: list[str] = []

    def check(self, where: str, shown: str) -> None:
        """Wait until `shown` is on screen, then check the screen and the pane's title."""
        styled = self.term.wait_until(lambda screen: shown in without_colours(screen), f"{where}: {shown!r} not shown", styled=True)
        plain = without_colours(styled)
        assert "\x1b" not in plain, f"{where}: an escape sequence other than colour and style: {plain!r}"
        for char in ("\x07", "\x9b", "\u202e"):
            assert char not in plain, f"{where}: {char!r} reached the terminal"
        title = self.term._tmux("display-message", "-p", "-t", self.term.session, "#{pane_title}")
        assert "pwned" not in title, f"{where}: the pane's title was set to {title!r}"
        self.seen.append(where)

    def close(self, key: str, shown: str) -> None:
        """Press `key` and wait until `shown` has gone: a key sent right after escape would be read
        as alt+key."""
        self.term.keys(key)
        self.term.wait_until(lambda screen: shown not in screen, f"{shown!r} still shown after {key}")


def hostile_review() -> object:
    review = new_review("INC-2024-042", "2024-03-02")
    review.title = TITLE
    review.incident.customer_impact = f"cell {TITLE}"
    review.timeline = [TimelineEvent(time="14:02", event=TITLE)]
    return review


def test_every_screen_dialog_and_notice_shows_a_hostile_title_and_file_name_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import socket
    import subprocess

    from pirtui.core.lock import Owner, lock_path
    from pirtui.core.recovery import write_recovery

    folder = tmp_path / "m[" / "]x"  # the folder "m[/]x": a closing tag to markup
    folder.mkdir(parents=True)
    path = folder / FILE_NAME
    store.save(path, hostile_review())
    state = tmp_path / "state"
    state.mkdir()
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    theirs = hostile_review()
    theirs.summary = f"recovered {TITLE}"
    write_recovery(path, theirs)  # an earlier session's edits: the recovery dialog
    other = subprocess.Popen(["sleep", "60"])  # another editor has the review: the lock dialog
    me = Owner.me()
    owner = Owner(user="alice\x1b]0;pwned\x07", host=socket.gethostname(), pid=other.pid,
                  since="2026-11-27T14:32:05+00:00", boot_id=me.boot_id, token="theirs")
    lock_path(path).write_text(owner.to_json(), encoding="utf-8")
    env = {"XDG_STATE_HOME": str(state), "XDG_CONFIG_HOME": str(state)}
    term = Terminal([str(folder)], cwd=tmp_path, env=env, width=110, height=30)
    walk = Walk(term)
    try:
        walk.check("review list", TITLE_SHOWN)
        term.keys("n")
        walk.check("new-review dialog", "New review in")
        walk.close("Escape", "New review in")
        walk.check("review list again", TITLE_SHOWN)
        term.keys("Enter")
        walk.check("lock dialog", "alice␛]0;pwned␇")
        term.keys("t")
        walk.check("recovery dialog", "+summary = \"recovered Disk [/var] full")
        term.keys("l")
        walk.check("editor", TITLE_SHOWN)
        walk.check("editor header", "inc␛]0;pwnedF␇[b].toml")
        term.keys("F1")
        walk.check("help", "Keys  (escape")
        walk.close("Escape", "Keys  (escape")
        walk.check("section list", "Executive Summary")  # beside the form: the terminal is wide
        walk.close("F2", "Executive Summary")  # F2 hides it...
        term.keys("F2")
        walk.check("section list again", "Executive Summary")  # ...and shows it again
        term.keys("F3")
        walk.check("preview", "cell Disk [/var] full ␛]0;pwned␇")
        walk.close("Escape", "Preview · escape closes")
        term.keys("F5")
        walk.check("presentation", f"{TITLE_SHOWN} ⟦U+009B⟧31m ⟦U+202E⟧evil  ·  1/13")
        walk.close("q", "evil  ·  1/13")
        term.keys("F8")
        walk.check("problems", "Problems:")
        walk.close("Escape", "Problems:")
        term.keys("C-p")
        walk.check("palette", "Search for commands")
        walk.close("Escape", "Search for commands")
        walk.check("editor after the views", TITLE_SHOWN)
        term.keys("End")
        term.type(" mine")
        walk.check("typed", "evil mine")
        changed = store.load(path)
        changed.summary = f"changed on disk {TITLE}"
        store.save(path, changed)
        term.keys("C-s")
        walk.check("conflict dialog", "-summary = \"changed on disk Disk [/var] full")
        term.keys("n")
        term.keys("C-q")
        walk.check("quit dialog", "has unsaved changes")
        term.keys("d")
        term.wait_exit()
    finally:
        term.close()
        other.kill()
        other.wait()
    source = folder / "imported\x1b]0;pwnedI\x07[red].md"
    from pirtui.core.render import render

    source.write_text(render(hostile_review()), encoding="utf-8")
    term = Terminal([source.name], cwd=folder, env=env, width=110, height=30)
    walk = Walk(term)
    try:
        walk.check("import question", "Import imported␛]0;pwnedI␇[red].md")
        term.keys("y")
        walk.check("import notice", "Imported imported␛]0;pwnedI␇[red].md into")
    finally:
        term.close()
    assert len(walk.seen) == 2
