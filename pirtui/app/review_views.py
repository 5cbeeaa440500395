"""The views of the whole review and the command palette, for the editor app.

Mixed into `PirtuiApp` so that app.py stays about opening, navigating and editing. Each view first
takes what the editors show (`sync`), since it reads the whole review: help (every key of the
screen), problems (every finding, then what each incomplete section lacks), the preview of the
rendered Markdown, the presentation for a meeting; and the palette's commands.
"""

from __future__ import annotations

from typing import Iterable

from textual.app import SystemCommand
from textual.screen import Screen

from pirtui.core.checks import empty_fields, section_complete
from pirtui.screens.section import SectionScreen
from pirtui.core.sections import EDITABLE_SECTIONS, SECTIONS_BY_KEY


class ReviewViews:
    """Help, problems, preview, presentation and the command palette (`self` is the app)."""

    def action_help(self) -> None:
        """List every key of the current screen, built from its bindings."""
        from pirtui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_problems(self) -> None:
        """Every finding; enter jumps to its field."""
        from pirtui.screens.problems import Missing, ProblemsScreen

        if self.checker is None or self.review is None or isinstance(self.screen, ProblemsScreen):
            return
        self.sync()
        self._recheck_dependents()
        missing = [
            Missing(s.key, s.heading, tuple(empty_fields(self.review, s.key)))
            for s in EDITABLE_SECTIONS
            if not section_complete(self.review, s.key) and empty_fields(self.review, s.key)
        ]

        def jump(target: tuple[str, str] | None) -> None:
            if target is not None:
                self.goto_section(*target)

        self.push_screen(ProblemsScreen(self.checker.findings, missing), jump)

    def action_preview(self) -> None:
        """The rendered Markdown of the whole review, at the current section."""
        from pirtui.screens.preview import PreviewScreen

        if self.review is not None and not isinstance(self.screen, PreviewScreen):
            self.sync()
            from pirtui.core.config import load_config

            assert self.path is not None
            ticket_url = load_config(self.path.parent).ticket_url
            self.push_screen(PreviewScreen(self.review, SECTIONS_BY_KEY[self.current_key].heading, ticket_url=ticket_url))

    def action_presentation(self) -> None:
        """The meeting view: chrome hidden, one section at a time, large."""
        from pirtui.screens.presentation import PresentationScreen

        if self.review is None or isinstance(self.screen, PresentationScreen):
            return
        if self.meeting is not None:
            self.action_start_meeting()
            return
        self.sync()

        def back(key: str | None) -> None:
            if key:
                self.goto_section(key)

        hints = [finding for finding in self.checker.findings if finding.level == "hint"] if self.checker else []
        self.push_screen(PresentationScreen(self.review, self.current_key, hints), back)  # type: ignore[arg-type]

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette: "Go to <section>" for every section, then the app's commands."""
        if self.review is not None:
            for section in EDITABLE_SECTIONS:
                yield SystemCommand(
                    f"Go to {section.heading}",
                    f"Show the {section.heading} section",
                    lambda key=section.key: self.goto_section(key),
                )
            if self.read_only:
                yield SystemCommand(
                    "Take over", "Edit this review although someone else has it open", self.action_take_over
                )
            yield SystemCommand("Save", "Save FILE.toml and FILE.md (ctrl+s)", self.action_save)
            if self.markdown_refused:
                # No file name here: the palette reads its titles as markup.
                yield SystemCommand("Replace FILE.md", "Save, replacing the Markdown file although pirtui did not write it", self.action_replace_markdown)
            yield SystemCommand("Check", "Every error and warning (F8)", self.action_problems)
            yield SystemCommand("Preview", "The rendered Markdown (F3)", self.action_preview)
            yield SystemCommand("Presentation", "One section at a time, for a meeting (F5)", self.action_presentation)
            if self.meeting is None:
                yield SystemCommand("Start review meeting", "Agenda, time boxes, captures; followers follow", self.action_start_meeting)
            else:
                yield SystemCommand("Resume review meeting", "Back to the meeting view (F5)", self.action_start_meeting)
                yield SystemCommand("End review meeting", "Revision History row and a summary to copy", self.end_meeting)
            if isinstance(screen, SectionScreen):
                yield SystemCommand("Section list", "Show or hide the section list (F2)", screen.action_toggle_sections)
                yield SystemCommand("Internal / public", "Mark the field or row internal, left out of render --public (F6)", screen.action_toggle_internal)
                yield SystemCommand("Revision History from git", "Add the file's commits missing from Revision History", screen.action_git_history)
        if self.folder is not None and self.review is not None:
            yield SystemCommand("Review list", "Back to the reviews of the folder", self.action_back_to_list)
        yield SystemCommand("Help", "Every key of this screen (F1)", self.action_help)
        from pirtui.screens.team_palette import team_commands

        yield from team_commands(self, self.folder or (self.path.parent if self.path else None))
        yield from super().get_system_commands(screen)
