"""`pirtui follow FILE.toml`: an attendee's read-only view of the section the meeting's driver shows.

Each attendee runs it in their own terminal (on the same host as the driver: a jump host, a shared
box), in their own size and colours. It reads the driver's beacon and the review file a few times a
second (two `stat` calls when nothing changed), shows the driver's section as soon as the driver moves
or saves, and writes nothing at all. An attendee may scroll or step through the sections on their
own; `f` snaps back to the driver. Its sections are those of the review's template.
"""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, Markdown

from pirtui.meeting import beacon

from pirtui.core import store
from pirtui.core.crash import install_exit_signals, signal_reason
from pirtui.core.inert import inert, inert_markdown
from pirtui.core.sections import sections_for, template_of
from pirtui.core.template import roles

LOOK_EVERY = 0.25
"""Seconds between two looks at the beacon and the review file."""


class FollowApp(App[int]):
    """Shows what the driver shows; never writes."""

    CSS_PATH = "follow.tcss"
    TITLE = "pirtui follow"
    BINDINGS = [
        Binding("f", "snap", "Follow the driver"),
        Binding("n,space,right", "step(1)", "Next section"),
        Binding("b,p,left", "step(-1)", "Previous section"),
        Binding("down,j", "scroll(1)", "Scroll down", show=False),
        Binding("up,k", "scroll(-1)", "Scroll up", show=False),
        Binding("q,ctrl+q", "quit", "Quit"),
    ]

    def __init__(self, path: Path) -> None:
        """Read the review now, so an unreadable file is one line before the terminal is taken over."""
        super().__init__()
        self.path = path
        self.keys: list[str] = []
        """The review's template's editable sections, in order (read with the review)."""
        self.headings: dict[str, str] = {}
        self.exit_line = ""
        """Why the view ended, when not by a key (a signal), for the command to print."""
        self.following = True
        """False while the attendee browses on their own."""
        self.saw_driver = False
        self.driver_section = ""
        self.status_text = ""
        self._stamp = beacon.file_stamp(path)
        self.sections = self._read()
        self.key = self.keys[0]

    def _read(self) -> dict[str, str]:
        from pirtui.core.render import render
        from pirtui.screens.presentation import split_sections

        review = store.load(self.path)
        self.review_title = roles.text(template_of(review), review, "title") or self.path.name
        editable = [section for section in sections_for(review) if section.editable]
        self.keys = [section.key for section in editable]
        self.headings = {section.key: section.heading for section in editable}
        return split_sections(inert_markdown(render(review)))

    def compose(self) -> ComposeResult:
        yield Label("", id="follow-title")
        with VerticalScroll(id="follow-body"):
            yield Markdown("", id="follow-section")
        yield Label("", id="follow-status")

    def on_mount(self) -> None:
        self.look()
        self.show()
        self.set_interval(LOOK_EVERY, self.look)
        try:  # SIGTERM or a hang-up ends the view with a word (there is nothing to save)
            loop = asyncio.get_running_loop()
            for number in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(number, self._ended_by, number)
        except (NotImplementedError, RuntimeError, ValueError):
            pass

    def _ended_by(self, number: int) -> None:
        self.exit_line = signal_reason(number)
        self.exit(128 + number)

    def on_unmount(self) -> None:
        try:
            loop = asyncio.get_running_loop()
            for number in (signal.SIGHUP, signal.SIGTERM):
                loop.remove_signal_handler(number)
        except (NotImplementedError, RuntimeError, ValueError):
            pass
        install_exit_signals(again=True)

    def look(self) -> None:
        """Has the driver moved, saved, started or left? Draw what changed."""
        stamp = beacon.file_stamp(self.path)
        changed = stamp != self._stamp
        if changed and stamp is not None:
            try:
                self.sections = self._read()
            except store.ReviewFileError:
                changed = False  # caught mid-save by someone who writes in place: look again soon
            else:
                self._stamp = stamp
        signal = beacon.read(self.path)
        status = self._status(signal)
        moved = signal is not None and signal.alive() and signal.section in self.keys and signal.section != self.driver_section
        if moved and signal is not None:
            self.driver_section = signal.section
            if self.following:
                self.key = signal.section
        if changed or moved:
            self.show()
        if status != self.status_text:
            self.status_text = status
            self.query_one("#follow-status", Label).update(Text(status))

    def _status(self, signal: beacon.Beacon | None) -> str:
        if signal is not None and signal.alive():
            self.saw_driver = True
            who = inert(signal.driver)
            if not signal.meeting:
                return f"{who} has the review open; no meeting is running · n/b sections · q quits"
            if self.following:
                return f"Following {who}'s meeting · n/b browse on your own · q quits"
            where = self.headings.get(signal.section, "?")
            return f"Browsing on your own: f snaps back to {who} at {where} · q quits"
        if self.saw_driver:
            return "The driver has left; the review stays as last saved · n/b sections · q quits"
        return "No meeting is running: showing the review as saved · n/b sections · q quits"

    def show(self) -> None:
        """Draw the current section."""
        heading = self.headings[self.key]
        number = self.keys.index(self.key) + 1
        title = f"{inert(self.review_title, keep='')}  ·  {number}/{len(self.keys)} {heading}"
        self.query_one("#follow-title", Label).update(Text(title))
        self.query_one(Markdown).update(self.sections.get(heading, f"## {heading}\n\n(nothing written yet)"))
        self.query_one("#follow-body", VerticalScroll).scroll_home(animate=False)

    def action_snap(self) -> None:
        """Back to the section the driver shows, and keep following."""
        self.exit_line = ""
        """Why the view ended, when not by a key (a signal), for the command to print."""
        self.following = True
        if self.driver_section:
            self.key = self.driver_section
        self.show()
        self.status_text = ""
        self.look()

    def action_step(self, step: int) -> None:
        """Browse on one's own (stops following until `f`)."""
        index = self.keys.index(self.key) + step
        if 0 <= index < len(self.keys):
            self.key = self.keys[index]
            self.following = not self.saw_driver or self.key == self.driver_section
            self.show()
            self.status_text = ""
            self.look()

    def action_scroll(self, step: int) -> None:
        """Scroll a long section."""
        self.query_one("#follow-body", VerticalScroll).scroll_relative(y=step * 3, animate=False)
