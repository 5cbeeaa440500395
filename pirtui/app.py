"""The pirtui editor: one Review object, one screen per section, and the save / quit flow.

The app owns the review being edited. Editors on the section screens send `Edited` messages;
`on_edited` writes the value with `set_path`, marks the review unsaved, re-checks only the sections
the change touches (`IncrementalChecker`) and refreshes what is on screen. Markdown is rendered only
when saving, previewing or presenting, never per keystroke.

Two helpers keep this file about editing: `pirtui.opening` (how a review comes to be open: load,
create, import, pick from a folder) and `pirtui.safeguards` (lock, autosave, hang-up, crash and
conflict handling, so no word is lost).
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer

from pirtui import computed, state, store
from pirtui.checks import IncrementalChecker, section_state
from pirtui.fingerprint import Fingerprint
from pirtui.inert import inert
from pirtui.keys_in_order import KeysInOrder
from pirtui.lock import Lock
from pirtui.model import Review, get_path, set_path
from pirtui.opening import Opener, load_frozen
from pirtui.safeguards import AUTOSAVE_AFTER, EXIT_CRASH, Safeguards, fingerprint_of
from pirtui.screens.section import SectionScreen
from pirtui.sections import EDITABLE_SECTIONS, SECTIONS_BY_KEY
from pirtui.widgets.messages import Edited, EditSender

__all__ = ["AUTOSAVE_AFTER", "EXIT_CRASH", "PirtuiApp", "load_frozen", "run_editor"]

_MISSING = object()

READ_ONLY_NOTICE_EVERY = 5.0
"""Seconds between two "read-only" notices, so that a typing hand does not stack them up."""
EDITORS = "FieldEditor, TextEditor, DetectionChecks, EditableTable"
"""The widgets that send `Edited` messages, as a query selector."""
RECHECK_AFTER = 0.2
"""Seconds after the last keystroke before the sections that read the changed value are re-checked."""


class PirtuiApp(KeysInOrder, App[int]):
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
        # A priority binding, as in Textual, so that it quits from any screen, dialogs included.
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
        self._read_only_told = float("-inf")
        self.checker: IncrementalChecker | None = None
        self.section_states: dict[str, str] = {}
        """Each editable section's state word, for the section lists."""
        self.dirty = False
        """Unsaved changes exist."""
        self.current_key = ""
        """The section on screen."""
        self.duration = ""
        """The duration computed from the incident's start and end."""
        self.note = ""
        """A problem the status line keeps showing (the last save failed), "" when all is well."""
        self.exit_line = ""
        """One line for stderr once the app has ended (what a hang-up or crash did with the edits)."""
        self._screens: dict[str, SectionScreen] = {}
        self._counts: dict[str, tuple[int, int]] = {}
        """Errors and warnings of each editable section, kept as sections are re-checked."""
        self._stale: set[str] = set()
        """Paths changed since the sections that read them were last re-checked."""
        self._last_edit = 0.0
        self._recheck_timer: Timer | None = None
        self.guard = Safeguards(self)
        """Lock, autosave, hang-up, crash and conflict handling of the open review."""
        self.opener = Opener(self, path)
        """Loads, creates or imports the review; loads an existing one right now."""

    @property
    def lock(self) -> Lock | None:
        """This editor's lock of the review, when it got one."""
        return self.guard.lock

    @property
    def read_only(self) -> str:
        """Why editing is refused ("read-only: opened by ..."); "" when the review is editable."""
        return self.guard.read_only

    def adopt(self, path: Path, review: Review, fingerprint: Fingerprint | None = None) -> None:
        """Make `review` (read from `path`, whose file was `fingerprint`) the one being edited."""
        for screen in self._screens.values():
            if screen not in self.screen_stack:
                self.uninstall_screen(screen)
        self._screens = {}
        self.path = path
        self.review = review
        self.guard.opened(fingerprint)
        self.note = ""
        self.checker = IncrementalChecker(review, date.today())
        self._stale = set()
        self.section_states = {}
        self._update_states(s.key for s in EDITABLE_SECTIONS)
        self.duration = computed.computed_duration(review)
        self.dirty = False
        self.update_title()

    def on_mount(self) -> None:
        self.guard.start()
        remembered = state.theme()
        if remembered and remembered in self.available_themes:
            self.theme = remembered
        self.theme_changed_signal.subscribe(self, lambda theme: state.remember_theme(theme.name))
        self.opener.start()

    def on_unmount(self) -> None:
        self.guard.stop()

    def open_review(self, path: Path) -> None:
        """Open a review picked in the review list (asks first when the open one is unsaved)."""
        self.opener.open_review(path)

    def show_position(self) -> None:
        """Show the section (and field) where the user left this review, or the first section."""
        assert self.path is not None
        where = state.position(self.path)
        if where is not None and where.section in SECTIONS_BY_KEY and SECTIONS_BY_KEY[where.section].editable:
            self.goto_section(where.section, where.field)
        else:
            self.goto_section(EDITABLE_SECTIONS[0].key)

    def settle_then(self, then: Callable[[], None]) -> None:
        """Run `then` once unsaved changes are saved or discarded (asks the user).

        An open row form is not one of the choices: its row is not in the review yet, and saving
        the review without it would drop it. The user finishes or cancels the form first.
        """
        if self.guard.unsaved_rows():
            self.notify("Finish the row first: ctrl+s keeps it, escape drops it.", severity="warning", timeout=6)
            return
        self.catch_up()
        if not self.dirty:
            then()
            return
        from pirtui.screens.dialogs import QuitDialog

        def answered(choice: str | None) -> None:
            if choice == "save":
                self.save(then)
            elif choice == "discard":
                self._drop_edits()
                then()

        self.push_screen(QuitDialog(self.path.name if self.path else "The review"), answered)

    def _drop_edits(self) -> None:
        """The user chose to lose the unsaved edits: the recovery copy goes too."""
        self.dirty = False
        if self.path is not None:
            from pirtui.recovery import discard_recovery

            discard_recovery(self.path)

    def action_take_over(self) -> None:
        """Read-only because someone else has the review: take it over, reloaded from disk."""
        if not self.read_only or self.path is None or not self.guard.took_over():
            return
        fingerprint = fingerprint_of(self.path)
        try:
            review = store.load(self.path)
        except store.ReviewFileError as error:
            self.notify(inert(str(error)), severity="error", timeout=10, markup=False)
            review = self.review
        if review is not None:
            self.adopt(self.path, review, fingerprint)
            self.show_position()
        self.notify("You have taken over the review; the other editor is warned before their next save.")

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

    def section_screens(self) -> list[SectionScreen]:
        """The section screens built so far."""
        return list(self._screens.values())

    def goto_section(self, key: str, field: str = "") -> None:
        """Show a section and focus `field` (a review path), or its first field."""
        if self.review is None:
            return
        screen = self.section_screen(key)
        screen.pending_focus = field
        if self.current_key and self.current_key != key:
            self.remember_position()
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
        self._recheck_dependents()
        if self.read_only:
            self.guard.make_read_only(screen)
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
        errors = sum(errors for errors, _ in self._counts.values())
        warnings = sum(warnings for _, warnings in self._counts.values())
        keys = [s.key for s in EDITABLE_SECTIONS]
        index = keys.index(screen.section.key) + 1 if screen.section.key in keys else 0
        screen.show_status(
            errors=errors,
            warnings=warnings,
            complete=sum(1 for s in self.section_states.values() if s == "complete"),
            total=len(keys),
            dirty=self.dirty,
            duration=self.duration,
            position=f"{index}/{len(keys)}",
            note=self.read_only or self.note,
        )

    # -- editing -------------------------------------------------------------------------------

    def on_edited(self, message: Edited) -> None:
        """Apply one change to the review (unless a catch-up already applied something newer)."""
        message.stop()
        source = message.source
        if source is not None:
            if message.number <= source.edits_applied:
                return
            source.edits_applied = message.number
        self.apply_edit(message.path, message.value)
        if message.save:
            self.save()

    def apply_edit(self, path: str, value: object) -> None:
        """Write one change into the review, re-check its section, refresh what is shown.

        The sections that read the changed value (the timeline reads the incident's dates) are
        re-checked once the typing pauses: with 2,000 timeline rows that is too slow for every key.
        """
        if self.review is None or self.checker is None:
            return
        try:
            old = get_path(self.review, path)
        except (AttributeError, IndexError, ValueError):
            old = _MISSING
        if self.read_only:
            # Widgets also report values they merely show again (a Select settling): only a real
            # change is refused out loud.
            now = time.monotonic()
            if old != value and now - self._read_only_told > READ_ONLY_NOTICE_EVERY:
                self._read_only_told = now
                self.notify(inert(f"{self.read_only}; the change is not kept"), severity="warning", markup=False)
            return
        if old != value:
            set_path(self.review, path, value)
            if not self.dirty:
                self.dirty = True
                self.update_title()
            if path.startswith("incident."):
                self.duration = computed.computed_duration(self.review)
            self.checker.update(path, dependents=False)
            self._after_check()
            self._stale.add(path)
            self._recheck_soon()
            self.guard.edited()

    def unapplied_edits(self) -> list[tuple[str, object]]:
        """What the editors show but the review does not hold yet: their messages are on the way."""
        return [edit for editor in self._sending_editors() for edit in self._unapplied(editor.unreported())]

    def catch_up(self) -> None:
        """Apply what the editors show, not only what has arrived so far: before saving, quitting,
        or showing the whole review (preview, presentation, problems)."""
        for editor in self._sending_editors():
            shown = editor.unreported()
            if shown:
                for path, value in self._unapplied(shown):
                    self.apply_edit(path, value)
                editor.caught_up()

    def _sending_editors(self) -> list[EditSender]:
        return [
            editor
            for screen in self._screens.values()
            if screen.is_mounted
            for editor in screen.query(EDITORS).results()
            if isinstance(editor, EditSender)
        ]

    def _unapplied(self, shown: list[tuple[str, object]]) -> list[tuple[str, object]]:
        """The (path, value) pairs of `shown` that differ from the review."""
        if self.review is None:
            return []
        out = []
        for path, value in shown:
            try:
                if get_path(self.review, path) != value:
                    out.append((path, value))
            except (AttributeError, IndexError, ValueError):
                continue
        return out

    def _after_check(self) -> None:
        """The checker re-checked some sections: their states, and what is on screen."""
        assert self.checker is not None
        # Incident Information too: its final-status error counts the errors of every section.
        self._update_states([*self.checker.rechecked, "incident"])
        screen = self.screen
        if isinstance(screen, SectionScreen):
            self.refresh_screen(screen)

    def _update_states(self, keys: Iterable[str]) -> None:
        """Section states and finding counts of the sections `keys`, from the checker's findings."""
        assert self.checker is not None and self.review is not None
        for key in keys:
            if key in SECTIONS_BY_KEY and SECTIONS_BY_KEY[key].editable:
                findings = self.checker.for_section(key)
                errors = sum(1 for f in findings if f.level == "error")
                self._counts[key] = (errors, len(findings) - errors)
                self.section_states[key] = section_state(self.review, key, findings)

    def _recheck_soon(self) -> None:
        """Re-check the sections that read what was typed RECHECK_AFTER seconds after the last key."""
        self._last_edit = time.monotonic()
        if self._recheck_timer is None:
            self._recheck_timer = self.set_timer(RECHECK_AFTER, self._recheck_when_paused)

    def _recheck_when_paused(self) -> None:
        # One timer per pause rather than one per key: it waits again while the keys keep coming.
        self._recheck_timer = None
        wait = self._last_edit + RECHECK_AFTER - time.monotonic()
        if wait > 0.01:
            self._recheck_timer = self.set_timer(wait, self._recheck_when_paused)
        elif self._recheck_dependents():
            shown = self.screen_stack[-1] if self.screen_stack else None  # none while the app closes
            if isinstance(shown, SectionScreen):
                self.refresh_screen(shown)

    def _recheck_dependents(self) -> bool:
        """Bring the sections that read what was typed up to date now; False when they were."""
        if not self._stale or self.checker is None:
            return False
        changed, self._stale = self._stale, set()
        self.checker.update_dependents(sorted(changed))
        self._update_states([*self.checker.rechecked, "incident"])
        return True

    def update_title(self) -> None:
        """The header shows the file name, with a dot while there are unsaved changes."""
        name = inert(self.path.name, keep="") if self.path else "pirtui"
        self.title = f"{name} ●" if self.dirty else name

    # -- saving and quitting -------------------------------------------------------------------

    def action_save(self) -> bool:
        """Save FILE.toml and FILE.md; on failure say why and keep every edit."""
        return self.save()

    def save(self, then: Callable[[], None] | None = None) -> bool:
        """Save, unless that would overwrite someone else's words without asking.

        True when saved right away. When a question comes first (the lock was taken over, the file
        changed on disk) it returns False and `then` runs once the user's answer has saved the edits.
        """
        if self.review is None or self.path is None:
            return False
        self.catch_up()
        if not self.guard.clear_to_save(then):
            return False
        return self.write(then)

    def write(self, then: Callable[[], None] | None = None) -> bool:
        """Write FILE.toml and FILE.md now, without asking; then run `then`. False when it failed."""
        assert self.review is not None and self.path is not None
        try:
            self.opener.keep_imported_markdown()
            md_path = store.save(self.path, self.review)
        except store.ReviewFileError as error:
            self.save_failed(str(error))
            return False
        self.guard.saved(self.path)
        self.mark_saved()
        self.notify(inert(f"Saved {self.path.name} and {md_path.name}"), timeout=3, markup=False)
        if then is not None:
            then()
        return True

    def mark_saved(self) -> None:
        """The edits are on disk: clear the unsaved mark and any earlier failure."""
        self.dirty = False
        self.note = ""
        self.update_title()
        if isinstance(self.screen, SectionScreen):
            self._show_status(self.screen)

    def save_failed(self, problem: str) -> None:
        """Say why on screen and in the status line; keep the words in a recovery copy meanwhile."""
        from pirtui.recovery import write_recovery

        assert self.review is not None and self.path is not None
        self.note = f"NOT SAVED: {problem}"
        try:
            where = write_recovery(self.path, self.guard.snapshot())
        except store.ReviewFileError as error:
            kept = f" The recovery copy failed too: {error}"
        else:
            kept = f" Your edits are kept in {where} meanwhile; save again once the cause is fixed."
        self.notify(inert(problem + kept), title="Not saved", severity="error", timeout=12, markup=False)
        if isinstance(self.screen, SectionScreen):
            self._show_status(self.screen)

    def remember_position(self) -> None:
        """Remember the section and field on screen, for the next time this review is opened."""
        if self.path is None or not self.current_key:
            return
        screen = self._screens.get(self.current_key)
        field = screen.focused_path() if screen is not None and screen.is_mounted else ""
        state.remember_position(self.path, state.Position(self.current_key, field))

    _remember_position = remember_position  # the name earlier callers use

    async def action_quit(self) -> None:
        """Quit; with unsaved changes ask: save, discard or cancel (save is the default)."""
        from pirtui.screens.dialogs import QuitDialog

        if isinstance(self.screen, QuitDialog):
            return

        def leave() -> None:
            self.remember_position()
            self.guard.release_lock()
            self.exit(0)

        self.settle_then(leave)

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected exception: keep the edits in the recovery copy, end with one line, no traceback."""
        if "debug" in self.features:  # textual run --dev: show the developer the traceback
            super()._handle_exception(error)
            return
        self.guard.crashed(error)
        self._return_code = EXIT_CRASH
        if self._exception is None:  # run_test raises it again for the test framework
            self._exception = error
            self._exception_event.set()
        self._close_messages_no_wait()

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
        self.catch_up()
        self._recheck_dependents()

        def jump(target: tuple[str, str] | None) -> None:
            if target is not None:
                self.goto_section(*target)

        self.push_screen(ProblemsScreen(self.checker.findings), jump)

    def action_preview(self) -> None:
        """The rendered Markdown of the whole review, at the current section."""
        from pirtui.screens.preview import PreviewScreen

        if self.review is not None and not isinstance(self.screen, PreviewScreen):
            self.catch_up()
            self.push_screen(PreviewScreen(self.review, SECTIONS_BY_KEY[self.current_key].heading))

    def action_presentation(self) -> None:
        """The meeting view: chrome hidden, one section at a time, large."""
        from pirtui.screens.presentation import PresentationScreen

        if self.review is None or isinstance(self.screen, PresentationScreen):
            return
        self.catch_up()

        def back(key: str | None) -> None:
            if key:
                self.goto_section(key)

        self.push_screen(PresentationScreen(self.review, self.current_key), back)

    def action_back_to_list(self) -> None:
        """Folder mode: back to the list of reviews (asks about unsaved changes)."""
        from pirtui.screens.review_list import ReviewListScreen

        def go() -> None:
            self.remember_position()
            self.guard.release_lock()
            while isinstance(self.screen, SectionScreen):
                self.pop_screen()
            if not isinstance(self.screen, ReviewListScreen) and self.folder is not None:
                self.push_screen(ReviewListScreen(self.folder))

        self.settle_then(go)

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
            yield SystemCommand("Check", "Every error and warning (F8)", self.action_problems)
            yield SystemCommand("Preview", "The rendered Markdown (F3)", self.action_preview)
            yield SystemCommand("Presentation", "One section at a time, for a meeting (F5)", self.action_presentation)
            if isinstance(screen, SectionScreen):
                yield SystemCommand("Section list", "Show or hide the section list (F2)", screen.action_toggle_sections)
        if self.folder is not None and self.review is not None:
            yield SystemCommand("Review list", "Back to the reviews of the folder", self.action_back_to_list)
        yield SystemCommand("Help", "Every key of this screen (F1)", self.action_help)
        from pirtui.screens.team_palette import team_commands

        yield from team_commands(self, self.folder or (self.path.parent if self.path else None))
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
    try:
        result = app.run()
    finally:
        app.guard.release_lock()
    if app.exit_line:
        _print_quietly(f"pirtui: {app.exit_line}")
    if app.return_code:
        return app.return_code
    return result if isinstance(result, int) else 0


def _print_quietly(line: str) -> None:
    """One line on stderr, if stderr still goes anywhere (after a hang-up it may not)."""
    try:
        print(inert(line, keep=""), file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass
