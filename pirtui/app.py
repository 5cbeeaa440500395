"""The pirtui editor: one Review object, one screen per section, and the save / quit flow.

The app owns the review being edited. Editors on the section screens send `Edited` messages;
`on_edited` writes the value with `set_path`, marks the review unsaved, re-checks only the sections
the change touches (`IncrementalChecker`) and refreshes what is on screen. Markdown is rendered only
when saving, previewing or presenting, never per keystroke.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from pirtui import computed, state, store
from pirtui.checks import IncrementalChecker, section_state
from pirtui.model import Review, get_path, new_review, set_path
from pirtui.screens.dialogs import ConfirmDialog, QuitDialog
from pirtui.screens.section import SectionScreen
from pirtui.sections import EDITABLE_SECTIONS, SECTIONS_BY_KEY, section_for_path
from pirtui.widgets.messages import Edited

_MISSING = object()


class PirtuiApp(App[int]):
    """The editor for one review file, or for a folder of them (through the review list)."""

    CSS_PATH = "app.tcss"
    TITLE = "pirtui"
    WIDE = 100
    """Terminals at least this wide show the section list beside the form by default."""
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Save FILE.toml and FILE.md"),
        Binding("ctrl+n,alt+down", "next_section", "Next", tooltip="Next section"),
        Binding("ctrl+b,alt+up", "previous_section", "Prev", tooltip="Previous section"),
        Binding("f1", "help", "Help", tooltip="Every key of this screen"),
        Binding("f3", "preview", "Preview", show=False, tooltip="The rendered Markdown"),
        Binding("f5", "presentation", "Present", show=False, tooltip="One section, large, for a meeting"),
        Binding("f8", "problems", "Problems", tooltip="Every error and warning; enter jumps to it"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, tooltip="Quit (asks about unsaved changes)"),
    ]

    def __init__(self, path: Path | None = None, folder: Path | None = None) -> None:
        """Open `path` (a review file, maybe not existing yet, or a .md to import) or `folder`.

        An existing review is loaded here, so a `store.ReviewFileError` reaches the caller before
        the terminal is taken over.
        """
        super().__init__()
        self.folder = folder
        """The folder whose review list is shown, in folder mode."""
        self.path: Path | None = None
        """The review file being edited."""
        self.review: Review | None = None
        """The one Review object every editor writes into."""
        self.checker: IncrementalChecker | None = None
        self.section_states: dict[str, str] = {}
        """Each editable section's state word, for the section lists."""
        self.dirty = False
        """Unsaved changes exist."""
        self.current_key = ""
        """The section on screen."""
        self.duration = ""
        """The duration computed from the incident's start and end."""
        self._screens: dict[str, SectionScreen] = {}
        self._section_findings: dict[str, list] = {}
        self._pending: Path | None = None
        self._markdown_original: Path | None = None
        if path is not None:
            if path.suffix.lower() == ".md":
                source = path.with_suffix(".toml")
                if source.exists():
                    self._load(source)
                else:
                    self._pending = path
            elif path.exists():
                self._load(path)
            else:
                self._pending = path

    # -- opening -----------------------------------------------------------------------------

    def _load(self, path: Path) -> None:
        self._adopt(path, store.load(path))

    def _adopt(self, path: Path, review: Review) -> None:
        for screen in self._screens.values():
            if screen not in self.screen_stack:
                self.uninstall_screen(screen)
        self._screens = {}
        self.path = path
        self.review = review
        self.checker = IncrementalChecker(review, date.today())
        self._section_findings = {s.key: self.checker.for_section(s.key) for s in EDITABLE_SECTIONS}
        self.section_states = {
            key: section_state(review, key, findings) for key, findings in self._section_findings.items()
        }
        self.duration = computed.computed_duration(review)
        self.dirty = False
        self._update_title()

    def on_mount(self) -> None:
        remembered = state.theme()
        if remembered and remembered in self.available_themes:
            self.theme = remembered
        self.theme_changed_signal.subscribe(self, lambda theme: state.remember_theme(theme.name))
        if self.review is not None:
            self._start_review()
        elif self._pending is not None:
            self._offer_pending(self._pending)
        else:
            self._show_folder(self.folder or Path.cwd())

    def _start_review(self) -> None:
        assert self.path is not None
        where = state.position(self.path)
        if where is not None and where.section in SECTIONS_BY_KEY and SECTIONS_BY_KEY[where.section].editable:
            self.goto_section(where.section, where.field)
        else:
            self.goto_section(EDITABLE_SECTIONS[0].key)

    def _offer_pending(self, path: Path) -> None:
        if path.suffix.lower() == ".md":
            target = path.with_suffix(".toml")
            question = f"Import {path.name} into a new review {target.name}?"

            def answered(yes: bool | None) -> None:
                if yes:
                    self._import(path, target)
                else:
                    self.exit(0)

        else:
            question = f"{path.name} does not exist. Create a new review there?"

            def answered(yes: bool | None) -> None:
                if yes:
                    self._create(path)
                else:
                    self.exit(0)

        self.push_screen(ConfirmDialog(question, "Yes", "No"), answered)

    def _create(self, path: Path) -> None:
        from pirtui.folder import next_incident_id

        today = date.today()
        review = new_review(next_incident_id(path.parent, today.year), today.isoformat())
        try:
            store.save(path, review)
        except store.ReviewFileError as error:
            self.notify(str(error), severity="error", timeout=10)
            self._adopt(path, review)
            self.dirty = True
            self._update_title()
        else:
            self._adopt(path, review)
            self.notify(f"Created {path.name}")
        self._start_review()

    def _import(self, source: Path, target: Path) -> None:
        from pirtui.importer import NotAReview, import_file

        try:
            result = import_file(source)
            # Only the TOML: rendering FILE.md now would overwrite the Markdown just imported.
            store.atomic_write(target, store.dumps(result.review))
        except (store.ReviewFileError, NotAReview) as error:
            self.exit(2, return_code=2, message=str(error))
            return
        self._adopt(target, result.review)
        self._markdown_original = source
        more = f"; {len(result.warnings)} things to check (F8)" if result.warnings else ""
        self.notify(f"Imported {source.name} into {target.name}{more}")
        self._start_review()

    def _show_folder(self, folder: Path) -> None:
        try:
            from pirtui.screens.review_list import ReviewListScreen
        except ImportError:
            self.exit(2, return_code=2, message=f"{folder}: the review list is not available in this build")
            return
        self.push_screen(ReviewListScreen(folder))

    def open_review(self, path: Path) -> None:
        """Open a review picked in the review list (asks first when the open one is unsaved)."""

        def go() -> None:
            try:
                review = store.load(path)
            except store.ReviewFileError as error:
                self.notify(str(error), severity="error", timeout=10)
                return
            self._remember_position()
            self._adopt(path, review)
            self._start_review()

        self._settle_then(go)

    def _settle_then(self, then: Callable[[], None]) -> None:
        """Run `then` once unsaved changes are saved or discarded (asks the user)."""
        if not self.dirty:
            then()
            return

        def answered(choice: str | None) -> None:
            if choice == "save" and self.action_save():
                then()
            elif choice == "discard":
                self.dirty = False
                then()

        self.push_screen(QuitDialog(self.path.name if self.path else "The review"), answered)

    # -- navigation ----------------------------------------------------------------------------

    def section_screen(self, key: str) -> SectionScreen:
        """The screen of a section, built on first use."""
        screen = self._screens.get(key)
        if screen is None:
            screen = SectionScreen(SECTIONS_BY_KEY[key])
            # Installed, so switching away keeps it (and its tables, cursor and undo) alive.
            self.install_screen(screen, f"section-{key}-{id(screen)}")
            self._screens[key] = screen
        return screen

    def goto_section(self, key: str, field: str = "") -> None:
        """Show a section and focus `field` (a review path), or its first field."""
        if self.review is None:
            return
        screen = self.section_screen(key)
        screen.pending_focus = field
        if self.current_key and self.current_key != key:
            self._remember_position()
        self.current_key = key
        if self.screen is screen:
            screen.focus_path(field)
            return
        if isinstance(self.screen, SectionScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def _step(self, step: int) -> None:
        keys = [s.key for s in EDITABLE_SECTIONS]
        if self.current_key in keys:
            self.goto_section(keys[(keys.index(self.current_key) + step) % len(keys)])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        needs_review = {"save", "next_section", "previous_section", "preview", "presentation", "problems"}
        if action in needs_review:
            return self.review is not None and isinstance(self.screen, SectionScreen)
        return True

    def action_next_section(self) -> None:
        """Go to the next section (wraps around)."""
        self._step(1)

    def action_previous_section(self) -> None:
        """Go to the previous section (wraps around)."""
        self._step(-1)

    def section_shown(self, screen: SectionScreen) -> None:
        """Called by a section screen when it comes on screen: bring it up to date."""
        self.current_key = screen.section.key
        self.refresh_screen(screen)

    def refresh_screen(self, screen: SectionScreen) -> None:
        """Findings, states, status and computed values of a section screen, all at once."""
        if self.checker is None or self.review is None:
            return
        screen.show_findings(self.checker.for_section(screen.section.key))
        screen.show_states(self.section_states)
        screen.set_placeholders(self._computed_values(screen.section.key))
        self._show_status(screen)

    def _computed_values(self, key: str) -> dict[str, str]:
        assert self.review is not None
        if key == "incident":
            return {"incident.duration": self.duration}
        if key == "detection":
            metrics = computed.computed_metrics(self.review)
            return {f"detection.metrics.{name}": value for name, value in metrics.items()}
        return {}

    def _show_status(self, screen: SectionScreen) -> None:
        assert self.checker is not None
        findings = self.checker.findings
        errors = sum(1 for f in findings if f.level == "error")
        keys = [s.key for s in EDITABLE_SECTIONS]
        index = keys.index(screen.section.key) + 1 if screen.section.key in keys else 0
        screen.show_status(
            errors=errors,
            warnings=len(findings) - errors,
            complete=sum(1 for s in self.section_states.values() if s == "complete"),
            total=len(keys),
            dirty=self.dirty,
            duration=self.duration,
            position=f"{index}/{len(keys)}",
        )

    # -- editing -------------------------------------------------------------------------------

    def on_edited(self, message: Edited) -> None:
        """Apply one change to the review, re-check what it touches, refresh what is shown."""
        message.stop()
        if self.review is None or self.checker is None:
            return
        try:
            old = get_path(self.review, message.path)
        except (AttributeError, IndexError, ValueError):
            old = _MISSING
        if old != message.value:
            set_path(self.review, message.path, message.value)
            if not self.dirty:
                self.dirty = True
                self._update_title()
            self.checker.update(message.path)
            self._after_change(message.path)
        if message.save:
            self.action_save()

    def _after_change(self, path: str) -> None:
        assert self.review is not None and self.checker is not None
        if path.startswith("incident."):
            self.duration = computed.computed_duration(self.review)
        owner = section_for_path(path)
        for section in EDITABLE_SECTIONS:
            findings = self.checker.for_section(section.key)
            if section is owner or findings != self._section_findings.get(section.key):
                self._section_findings[section.key] = findings
                self.section_states[section.key] = section_state(self.review, section.key, findings)
        screen = self.screen
        if isinstance(screen, SectionScreen):
            self.refresh_screen(screen)

    def _update_title(self) -> None:
        name = self.path.name if self.path else "pirtui"
        self.title = f"{name} ●" if self.dirty else name

    # -- saving and quitting -------------------------------------------------------------------

    def action_save(self) -> bool:
        """Save FILE.toml and FILE.md; on failure say why and keep every edit."""
        if self.review is None or self.path is None:
            return False
        try:
            self._keep_imported_markdown()
            md_path = store.save(self.path, self.review)
        except store.ReviewFileError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=10)
            return False
        self.dirty = False
        self._update_title()
        if isinstance(self.screen, SectionScreen):
            self._show_status(self.screen)
        self.notify(f"Saved {self.path.name} and {md_path.name}", timeout=3)
        return True

    def _keep_imported_markdown(self) -> None:
        """Before the first save after an import, keep the imported Markdown beside the review."""
        original = self._markdown_original
        if original is None or self.path is None:
            return
        if store.markdown_path(self.path).resolve() == original.resolve():
            kept = original.with_name(original.stem + ".orig.md")
            store.atomic_write(kept, store.read_text(original))
            self.notify(f"The imported Markdown is kept as {kept.name}", timeout=6)
        self._markdown_original = None

    def _remember_position(self) -> None:
        if self.path is None or not self.current_key:
            return
        screen = self._screens.get(self.current_key)
        field = screen.focused_path() if screen is not None and screen.is_mounted else ""
        state.remember_position(self.path, state.Position(self.current_key, field))

    async def action_quit(self) -> None:
        """Quit; with unsaved changes ask: save, discard or cancel (save is the default)."""
        if isinstance(self.screen, QuitDialog):
            return
        if not self.dirty:
            self._remember_position()
            self.exit(0)
            return

        def answered(choice: str | None) -> None:
            if choice == "save" and self.action_save() or choice == "discard":
                self._remember_position()
                self.exit(0)

        self.push_screen(QuitDialog(self.path.name if self.path else "The review"), answered)

    # -- views ---------------------------------------------------------------------------------

    def action_help(self) -> None:
        """List every key of the current screen, built from its bindings."""
        from pirtui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_problems(self) -> None:
        """Every finding; enter jumps to its field."""
        from pirtui.screens.problems import ProblemsScreen

        if self.checker is None or isinstance(self.screen, ProblemsScreen):
            return

        def jump(target: tuple[str, str] | None) -> None:
            if target is not None:
                self.goto_section(*target)

        self.push_screen(ProblemsScreen(self.checker.findings), jump)

    def action_preview(self) -> None:
        """The rendered Markdown of the whole review, at the current section."""
        from pirtui.screens.preview import PreviewScreen

        if self.review is not None and not isinstance(self.screen, PreviewScreen):
            self.push_screen(PreviewScreen(self.review, SECTIONS_BY_KEY[self.current_key].heading))

    def action_presentation(self) -> None:
        """The meeting view: chrome hidden, one section at a time, large."""
        from pirtui.screens.presentation import PresentationScreen

        if self.review is None or isinstance(self.screen, PresentationScreen):
            return

        def back(key: str | None) -> None:
            if key:
                self.goto_section(key)

        self.push_screen(PresentationScreen(self.review, self.current_key), back)

    def action_back_to_list(self) -> None:
        """Folder mode: back to the list of reviews (asks about unsaved changes)."""
        from pirtui.screens.review_list import ReviewListScreen

        def go() -> None:
            self._remember_position()
            while isinstance(self.screen, SectionScreen):
                self.pop_screen()
            if not isinstance(self.screen, ReviewListScreen) and self.folder is not None:
                self.push_screen(ReviewListScreen(self.folder))

        self._settle_then(go)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette: "Go to <section>" for every section, then the app's commands."""
        if self.review is not None:
            for section in EDITABLE_SECTIONS:
                yield SystemCommand(
                    f"Go to {section.heading}",
                    f"Show the {section.heading} section",
                    lambda key=section.key: self.goto_section(key),
                )
            yield SystemCommand("Save", "Save FILE.toml and FILE.md (ctrl+s)", self.action_save)
            yield SystemCommand("Check", "Every error and warning (F8)", self.action_problems)
            yield SystemCommand("Preview", "The rendered Markdown (F3)", self.action_preview)
            yield SystemCommand("Presentation", "One section at a time, for a meeting (F5)", self.action_presentation)
            if isinstance(screen, SectionScreen):
                yield SystemCommand("Section list", "Show or hide the section list (F2)", screen.action_toggle_sections)
        if self.folder is not None and self.review is not None:
            yield SystemCommand("Review list", "Back to the reviews of the folder", self.action_back_to_list)
        yield SystemCommand("Help", "Every key of this screen (F1)", self.action_help)
        yield from super().get_system_commands(screen)


def run_editor(target: Path | None) -> int:
    """Run the editor on a review file, a .md to import, or a folder (the current one for None).

    A review that cannot be read ends with its one-line message on stderr and exit status 2.
    """
    target = Path.cwd() if target is None else target
    if not target.exists() and not target.suffix:
        target = target.with_suffix(".toml")  # `pirtui inc-042` creates inc-042.toml
    try:
        app = PirtuiApp(folder=target) if target.is_dir() else PirtuiApp(path=target)
    except store.ReviewFileError as error:
        print(f"pirtui: {error}", file=sys.stderr)
        return 2
    result = app.run()
    return result if isinstance(result, int) else 0
