"""The views of the whole review and the command palette, for the editor app.

A part the app holds (`PirtuiApp.views`), given the Textual app for its screens and a narrow
`ViewsHost` for the editor. Each view reads the whole review through `Session.whole_review`, which
first takes what the editors show: help (every key of the screen), problems (every finding, then
what each incomplete section lacks), the preview of the rendered Markdown, the presentation for a
meeting; and the palette's commands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pathlib import Path
from typing import Any, Callable, Iterable, Protocol

from textual.app import App, SystemCommand
from textual.screen import Screen

from pirtui.core.live_checks import empty_fields, section_complete
from pirtui.core.sections import editable_sections, section_by_key, section_of, sections_for
from pirtui.screens.section import SectionScreen
from pirtui.session import Session

if TYPE_CHECKING:  # the hints load once the first screen is up
    from pirtui.core.hints import Hint


class ViewsHost(Protocol):
    """What the views need of the editor, besides Textual's own App."""

    @property
    def session(self) -> Session | None:
        """The open review."""

    @property
    def current_key(self) -> str:
        """The section on screen."""

    @property
    def folder(self) -> Path | None:
        """The folder whose review list is shown, in folder mode."""

    def goto_section(self, key: str, field: str = "") -> None:
        """Show a section (and focus a field) of the review."""

    def recheck_now(self) -> None:
        """Bring the sections that read what was typed up to date now."""

    def hints(self) -> list[Hint]:
        """The review's hints, for the slides."""

    def commands(self) -> dict[str, Callable[[], object]]:
        """The editor's palette commands by name ("save", "take_over", "meeting", ...)."""


class ReviewViews:
    """Help, problems, preview, presentation and the command palette."""

    def __init__(self, app: App[Any], host: ViewsHost) -> None:
        self.app = app
        self.host = host

    def help(self) -> None:
        """List every key of the current screen, built from its bindings."""
        from pirtui.screens.help import HelpScreen

        if not isinstance(self.app.screen, HelpScreen):
            self.app.push_screen(HelpScreen(self.app.screen))

    def problems(self) -> None:
        """Every finding; enter jumps to its field."""
        from pirtui.screens.problems import Missing, ProblemsScreen

        session = self.host.session
        if session is None or isinstance(self.app.screen, ProblemsScreen):
            return
        review = session.whole_review()
        self.host.recheck_now()
        states = session.checks.states
        sections = editable_sections(review)
        missing = [
            Missing(s.key, s.heading, tuple(empty_fields(review, s.key)))
            for s in sections
            if not section_complete(review, s.key) and empty_fields(review, s.key)
        ]

        def jump(target: tuple[str, str] | None) -> None:
            if target is not None:
                self.host.goto_section(*target)

        self.app.push_screen(ProblemsScreen(session.checks.findings, missing, sections_for(review)), jump)

    def preview(self) -> None:
        """The rendered Markdown of the whole review, at the current section."""
        from pirtui.core.config import load_config
        from pirtui.screens.preview import PreviewScreen

        session = self.host.session
        if session is None or isinstance(self.app.screen, PreviewScreen):
            return
        review = session.whole_review()
        ticket_url = load_config(session.path.parent).ticket_url
        section = section_by_key(review, self.host.current_key)
        heading = section.heading if section else ""
        self.app.push_screen(PreviewScreen(review, heading, ticket_url=ticket_url))

    def presentation(self) -> None:
        """The meeting view: chrome hidden, one section at a time, large."""
        from pirtui.screens.presentation import PresentationScreen

        session = self.host.session
        if session is None or isinstance(self.app.screen, PresentationScreen):
            return
        review = session.whole_review()

        def back(key: str | None) -> None:
            if key:
                self.host.goto_section(key)

        self.app.push_screen(PresentationScreen(review, self.host.current_key, self.host.hints()), back)

    def commands(self, screen: Screen[Any], meeting: bool, markdown_refused: bool) -> Iterable[SystemCommand]:
        """The command palette: "Go to <section>" for every section, then the editor's commands."""
        session, run = self.host.session, self.host.commands()
        if session is not None:
            for section in editable_sections(session.review):
                yield SystemCommand(
                    f"Go to {section.heading}",
                    f"Show the {section.heading} section",
                    lambda key=section.key: self.host.goto_section(key),
                )
            if session.read_only:
                yield SystemCommand("Take over", "Edit this review although someone else has it open", run["take_over"])
            yield SystemCommand("Save", "Save FILE.toml and FILE.md (ctrl+s)", run["save"])
            if markdown_refused:
                # No file name here: the palette reads its titles as markup.
                yield SystemCommand("Replace FILE.md", "Save, replacing the Markdown file although pirtui did not write it", run["replace_markdown"])
            yield SystemCommand("Check", "Every error and warning (F8)", self.problems)
            yield SystemCommand("Preview", "The rendered Markdown (F3)", self.preview)
            yield SystemCommand("Presentation", "One section at a time, for a meeting (F5)", run["presentation"])
            if not meeting:
                yield SystemCommand("Start review meeting", "Agenda, time boxes, captures; followers follow", run["start_meeting"])
            else:
                yield SystemCommand("Resume review meeting", "Back to the meeting view (F5)", run["start_meeting"])
                yield SystemCommand("End review meeting", "Revision History row and a summary to copy", run["end_meeting"])
            if isinstance(screen, SectionScreen):
                yield SystemCommand("Section list", "Show or hide the section list (F2)", screen.action_toggle_sections)
                yield SystemCommand("Internal / public", "Mark the field or row internal, left out of render --public (F6)", screen.action_toggle_internal)
                log = section_of(session.review, "revision-log")
                if log is not None:
                    yield SystemCommand(f"{log.heading} from git", f"Add the file's commits missing from {log.heading}", run["git_history"])
        if self.host.folder is not None and session is not None:
            yield SystemCommand("Review list", "Back to the reviews of the folder", run["back_to_list"])
        yield SystemCommand("Help", "Every key of this screen (F1)", self.help)
        from pirtui.screens.team_palette import team_commands

        # A review opened from the list and left is no longer edited: only a section screen on the
        # stack means the editor holds it (its action items' statuses are changed there).
        edited = session is not None and any(isinstance(s, SectionScreen) for s in self.app.screen_stack)
        editing = session.path if session is not None and edited else None
        yield from team_commands(self.app, self.host.folder or (session.path.parent if session else None), editing)
