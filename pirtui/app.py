"""The pirtui editor: one Review object, one screen per section, and the save / quit flow.

The app owns the review being edited. Editors on the section screens send `Edited` messages;
`on_edited` writes the value with `set_path`, marks the review unsaved, re-checks only the sections
the change touches (`IncrementalChecker`) and refreshes what is on screen. Markdown is rendered only
when saving, previewing or presenting, never per keystroke.
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import sys
import threading
import time
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, Select, TextArea

from pirtui import computed, state, store
from pirtui.checks import IncrementalChecker, section_state
from pirtui.fingerprint import Fingerprint, changed_on_disk
from pirtui.inert import inert
from pirtui.lock import Held, Lock, NoLock, Owner, acquire, take_over
from pirtui.model import Review, get_path, new_review, set_path
from pirtui.recovery import (
    describe_difference,
    diff_texts,
    discard_recovery,
    find_recovery,
    save_or_recover,
    write_recovery,
)
from pirtui.screens.dialogs import ConfirmDialog, QuitDialog
from pirtui.screens.section import SectionScreen
from pirtui.sections import EDITABLE_SECTIONS, SECTIONS_BY_KEY, section_for_path
from pirtui.widgets.editable_table import EditableTable
from pirtui.widgets.field import FieldEditor, text_list
from pirtui.widgets.text_block import TextEditor
from pirtui.widgets.messages import Edited

_MISSING = object()

AUTOSAVE_AFTER = 2.0
"""Seconds after the last keystroke before the recovery copy is written."""

AUTOSAVE_AT_LEAST = 10.0
"""Seconds of typing without a pause after which the recovery copy is written anyway."""

EXIT_DEADLINE = 1.5
"""Seconds a hang-up or SIGTERM may spend exiting after the words are saved, before the process
ends itself: Textual's exit can block writing to a terminal that is gone."""

EXIT_CRASH = 70
"""Exit status after an unexpected exception (as `pirtui.cli` uses for internal errors)."""

PendingRows = list[tuple[str, Any]]
"""(review path, value) pairs of row forms the user has open but not yet committed."""


def fingerprint_of(path: Path) -> Fingerprint | None:
    """The file's fingerprint, or None when it cannot be read (then no change can be detected)."""
    try:
        return Fingerprint.of(path)
    except OSError:
        return None


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
        self.fingerprint: Fingerprint | None = None
        """What the review file was when loaded or last saved here: a change since is a conflict."""
        self.lock: Lock | None = None
        """This editor's lock of the review, when it got one."""
        self.read_only = ""
        """Why editing is refused ("read-only: opened by ..."); "" when the review is editable."""
        self.note = ""
        """A problem the status line keeps showing (the last save failed), "" when all is well."""
        self.exit_line = ""
        """One line for stderr once the app has ended (what a hang-up or crash did with the edits)."""
        self._ending = False
        self._lock_warned = False
        self._edited_at = 0.0
        self._autosaved_at = time.monotonic()
        self._autosave_due = False
        self._rows_seen: PendingRows = []
        self._save_generation = 0
        self._autosave_problem = ""
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
        # The fingerprint first: a change between the two reads then shows up as a conflict.
        fingerprint = fingerprint_of(path)
        self._adopt(path, load_frozen(path), fingerprint)

    def _adopt(self, path: Path, review: Review, fingerprint: Fingerprint | None = None) -> None:
        for screen in self._screens.values():
            if screen not in self.screen_stack:
                self.uninstall_screen(screen)
        self._screens = {}
        self.path = path
        self.review = review
        self.fingerprint = fingerprint
        self.note = ""
        self._lock_warned = False
        self.checker = IncrementalChecker(review, date.today())
        self._section_findings = {s.key: self.checker.for_section(s.key) for s in EDITABLE_SECTIONS}
        self.section_states = {
            key: section_state(review, key, findings) for key, findings in self._section_findings.items()
        }
        self.duration = computed.computed_duration(review)
        self.dirty = False
        self._update_title()

    def on_mount(self) -> None:
        self._install_signal_handlers()
        self.set_interval(AUTOSAVE_AFTER / 4, self._autosave_tick)
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
        """Lock the review (or ask what to do when someone else has it), offer a recovery copy,
        then show where the user left off."""
        self._take_lock(lambda: self._offer_recovery(self._show_position))

    def _show_position(self) -> None:
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
            self.notify(inert(str(error)), severity="error", timeout=10, markup=False)
            self._adopt(path, review, Fingerprint(exists=False))
            self.dirty = True
            self._update_title()
        else:
            self._adopt(path, review, fingerprint_of(path))
            self.notify(inert(f"Created {path.name}"), markup=False)
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
        self._adopt(target, result.review, fingerprint_of(target))
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
            fingerprint = fingerprint_of(path)
            try:
                review = store.load(path)
            except store.ReviewFileError as error:
                self.notify(inert(str(error)), severity="error", timeout=10, markup=False)
                return
            self._remember_position()
            self._release_lock()
            self._adopt(path, review, fingerprint)
            self._start_review()

        self._settle_then(go)

    def _settle_then(self, then: Callable[[], None]) -> None:
        """Run `then` once unsaved changes are saved or discarded (asks the user)."""
        if not self.dirty:
            then()
            return

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
            discard_recovery(self.path)

    # -- two editors and earlier sessions -------------------------------------------------------

    def _take_lock(self, then: Callable[[], None]) -> None:
        """Lock the review for this editor; when another editor has it, ask: read-only, take over, quit."""
        assert self.path is not None
        self.read_only = ""
        result = acquire(self.path)
        if isinstance(result, Lock):
            self.lock = result
            then()
            return
        if isinstance(result, NoLock):
            self.lock = None
            message = f"{result.reason}; others are not told you have it open"
            self.notify(inert(message), severity="warning", markup=False)
            then()
            return
        from pirtui.screens.lock_dialog import LockDialog

        held = result

        def answered(choice: str | None) -> None:
            if choice == "quit":
                self.exit(0)
                return
            if choice == "take-over" and self._took_over():
                then()
                return
            self.lock = None
            self.read_only = f"read-only: {held.describe()[0].lower()}{held.describe()[1:]}"
            then()

        self.push_screen(LockDialog(held.describe(), self.path.name), answered)

    def _took_over(self) -> bool:
        """Take the lock because the user chose to; False when yet another editor holds it now."""
        assert self.path is not None
        taken = take_over(self.path)
        if isinstance(taken, Held):
            self.notify(inert(f"Could not take over: {taken.describe()}"), severity="warning", markup=False)
            return False
        self.lock = taken if isinstance(taken, Lock) else None
        if isinstance(taken, NoLock):
            self.notify(inert(taken.reason), severity="warning", markup=False)
        self.read_only = ""
        return True

    def action_take_over(self) -> None:
        """Read-only because someone else has the review: take it over, reloaded from disk."""
        if not self.read_only or self.path is None or not self._took_over():
            return
        fingerprint = fingerprint_of(self.path)
        try:
            review = store.load(self.path)
        except store.ReviewFileError as error:
            self.notify(inert(str(error)), severity="error", timeout=10, markup=False)
            review = self.review
        if review is not None:
            self._adopt(self.path, review, fingerprint)
            self._show_position()
        self.notify("You have taken over the review; the other editor is warned before their next save.")

    def _release_lock(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def _offer_recovery(self, then: Callable[[], None]) -> None:
        """A recovery copy from an earlier session: offer it (restore or discard); drop an identical one."""
        assert self.path is not None and self.review is not None
        copy = find_recovery(self.path)
        if copy is None:
            then()
            return
        if copy.review is None:
            self.notify(inert(f"A recovery copy cannot be read: {copy.problem}"), severity="warning", markup=False)
            then()
            return
        difference = describe_difference(self.review, copy.review)
        if not difference:
            discard_recovery(self.path)
            then()
            return
        if self.read_only:
            self.notify(
                inert(f"Unsaved edits of this review are kept in {copy.path}; take over to restore them."),
                severity="warning",
                timeout=10,
                markup=False,
            )
            then()
            return
        from pirtui.screens.recovery_dialog import RecoveryDialog

        recovered = copy.review

        def answered(choice: str | None) -> None:
            assert self.path is not None
            if choice == "restore":
                self._adopt(self.path, recovered, self.fingerprint)
                self.dirty = True
                self._update_title()
                self.notify("Unsaved edits restored; save to keep them in the review.")
            elif choice == "discard":
                discard_recovery(self.path)
            then()

        self.push_screen(RecoveryDialog(self.path.name, copy.saved_at, str(copy.path), difference), answered)

    def _make_read_only(self, screen: SectionScreen) -> None:
        for widget in screen.query("Input, Select, Checkbox"):
            widget.disabled = True
        for area in screen.query(TextArea):
            area.read_only = True
        for table in screen.query(EditableTable):
            table.read_only = True

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
        if self.read_only:
            self._make_read_only(screen)
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
            note=self.read_only or self.note,
        )

    # -- editing -------------------------------------------------------------------------------

    def on_edited(self, message: Edited) -> None:
        """Apply one change to the review, re-check what it touches, refresh what is shown."""
        message.stop()
        if self.review is None or self.checker is None:
            return
        if self.read_only:
            self.notify(inert(f"{self.read_only}; the change is not kept"), severity="warning", markup=False)
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
            self._edited_at = time.monotonic()
            self._autosave_due = True
        if message.save:
            self.save()

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
        if self.read_only:
            message = f"{self.read_only}; nothing saved. Take over (ctrl+p, Take over) to edit and save."
            self.notify(inert(message), severity="warning", timeout=8, markup=False)
            return False
        if self.lock is not None and not self._lock_warned and self._lock_taken_by():
            self._ask_after_take_over(then)
            return False
        if self._changed_on_disk():
            self._ask_about_conflict(then)
            return False
        return self._write(then)

    def _write(self, then: Callable[[], None] | None = None) -> bool:
        assert self.review is not None and self.path is not None
        try:
            self._keep_imported_markdown()
            md_path = store.save(self.path, self.review)
        except store.ReviewFileError as error:
            self._save_failed(str(error))
            return False
        self.fingerprint = fingerprint_of(self.path)
        self._save_generation += 1
        discard_recovery(self.path)
        self.dirty = False
        self.note = ""
        self._update_title()
        if isinstance(self.screen, SectionScreen):
            self._show_status(self.screen)
        self.notify(inert(f"Saved {self.path.name} and {md_path.name}"), timeout=3, markup=False)
        if then is not None:
            then()
        return True

    def _save_failed(self, problem: str) -> None:
        """Say why on screen and in the status line; keep the words in a recovery copy meanwhile."""
        assert self.review is not None and self.path is not None
        self.note = f"NOT SAVED: {problem}"
        try:
            where = write_recovery(self.path, self._snapshot())
        except store.ReviewFileError as error:
            kept = f" The recovery copy failed too: {error}"
        else:
            kept = f" Your edits are kept in {where} meanwhile; save again once the cause is fixed."
        self.notify(inert(problem + kept), title="Not saved", severity="error", timeout=12, markup=False)
        if isinstance(self.screen, SectionScreen):
            self._show_status(self.screen)

    def _changed_on_disk(self) -> bool:
        """Whether the file holds words this editor has not seen. A deleted file holds none."""
        assert self.path is not None
        fingerprint = self.fingerprint
        return fingerprint is not None and self.path.exists() and changed_on_disk(self.path, fingerprint)

    def _lock_taken_by(self) -> str:
        """Who took the review's lock from this editor; "" when it is still ours (or simply gone)."""
        if self.lock is None or self.lock.still_ours():
            return ""
        try:
            text = self.lock.path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""  # removed by hand, or with its folder: nobody else is editing
        except OSError:
            text = ""
        owner = Owner.from_json(text)
        return owner.describe() if owner is not None else "another editor"

    def _ask_after_take_over(self, then: Callable[[], None] | None) -> None:
        assert self.path is not None
        who = self._lock_taken_by()
        question = f"{who} took over {self.path.name} after you opened it. Save anyway?"

        def answered(yes: bool | None) -> None:
            if yes:
                self._lock_warned = True
                self.save(then)

        self.push_screen(ConfirmDialog(question, "Save", "Cancel", default_yes=False), answered)

    def _ask_about_conflict(self, then: Callable[[], None] | None) -> None:
        from pirtui.screens.conflict_dialog import ConflictDialog

        assert self.review is not None and self.path is not None
        try:
            on_disk = store.read_text(self.path)
        except store.ReviewFileError as error:
            on_disk = f"(cannot read the file on disk: {error})"
        difference = diff_texts(on_disk, store.dumps(self.review), "on disk", "yours")
        copy = self.path.with_name(f"{self.path.stem}.conflict-{datetime.now():%Y%m%d-%H%M%S}.toml")

        def answered(choice: str | None) -> None:
            if choice == "reload":
                self._reload()
            elif choice == "copy":
                self._save_copy(copy, then)
            elif choice == "overwrite":
                self._write(then)

        self.push_screen(ConflictDialog(self.path.name, copy.name, difference), answered)

    def _reload(self) -> None:
        """Load the review as it is on disk, dropping this editor's edits (the user chose so)."""
        assert self.path is not None
        fingerprint = fingerprint_of(self.path)
        try:
            review = store.load(self.path)
        except store.ReviewFileError as error:
            self.notify(inert(f"Not reloaded, your edits stay: {error}"), severity="error", timeout=10, markup=False)
            return
        self._adopt(self.path, review, fingerprint)
        discard_recovery(self.path)
        self._show_position()
        self.notify(inert(f"Reloaded {self.path.name} from disk."), markup=False)

    def _save_copy(self, copy: Path, then: Callable[[], None] | None) -> None:
        """Write this editor's version beside the review, leaving the changed file on disk alone."""
        assert self.review is not None and self.path is not None
        try:
            md_path = store.save(copy, self.review)
        except store.ReviewFileError as error:
            self._save_failed(str(error))
            return
        discard_recovery(self.path)
        self.dirty = False
        self.note = ""
        self._update_title()
        if isinstance(self.screen, SectionScreen):
            self._show_status(self.screen)
        message = f"Your version is saved as {copy.name} and {md_path.name}; {self.path.name} is unchanged."
        self.notify(inert(message), timeout=10, markup=False)
        if then is not None:
            then()

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

        def leave() -> None:
            self._remember_position()
            self._release_lock()
            self.exit(0)

        if not self.dirty:
            leave()
            return

        def answered(choice: str | None) -> None:
            if choice == "save":
                self.save(leave)
            elif choice == "discard":
                self._drop_edits()
                leave()

        self.push_screen(QuitDialog(self.path.name if self.path else "The review"), answered)

    # -- autosave, hang-up, termination, crash ----------------------------------------------------

    def _unsaved_rows(self) -> PendingRows:
        """The values of row forms open right now, as the review changes they would make."""
        rows: PendingRows = []
        for screen in self._screens.values():
            if screen.is_mounted:
                for table in screen.query(EditableTable):
                    row = table.unsaved_row()
                    if row is not None:
                        rows.append(row)
        return rows

    def _typed_not_applied(self) -> PendingRows:
        """The focused editor's value when its `Edited` messages are still queued.

        A signal can arrive between a keystroke reaching the Input and its `Edited` message reaching
        the app. Taking the focused widget's value is what handling those messages would have done.
        """
        if self.review is None or not isinstance(self.screen, SectionScreen):
            return []
        node = self.focused
        while node is not None and not isinstance(node, (FieldEditor, TextEditor, EditableTable)):
            node = node.parent  # type: ignore[assignment]
        value: Any
        if isinstance(node, FieldEditor):
            control = node.control
            if isinstance(control, Input):
                value = text_list(control.value) if node.is_list else control.value
            else:
                value = "" if control.value is Select.NULL else str(control.value)
        elif isinstance(node, TextEditor):
            value = node.control.text
        elif isinstance(node, EditableTable):
            value = list(node.items)
        else:
            return []
        try:
            if get_path(self.review, node.path) == value:
                return []
        except (AttributeError, IndexError, ValueError):
            return []
        return [(node.path, value)]

    def _snapshot(self, rows: PendingRows | None = None) -> Review:
        """A copy of the review with the open row forms' values in it, safe to write from a thread."""
        assert self.review is not None
        copy = self.review.model_copy(deep=True)
        for path, value in self._unsaved_rows() if rows is None else rows:
            set_path(copy, path, value)
        return copy

    def _autosave_tick(self) -> None:
        """A couple of seconds after the typing stops, write the recovery copy (in a thread)."""
        if self.review is None or self.path is None or self.read_only or self._ending:
            return
        rows = self._unsaved_rows()
        now = time.monotonic()
        if rows != self._rows_seen:
            self._rows_seen = rows
            if rows:
                self._edited_at = now
                self._autosave_due = True
        paused = now - self._edited_at >= AUTOSAVE_AFTER
        if not self._autosave_due or not (paused or now - self._autosaved_at >= AUTOSAVE_AT_LEAST):
            return
        self._autosave_due = False
        self._autosaved_at = now
        if not self.dirty and not rows:
            return
        write = partial(self._write_recovery_quietly, self.path, self._snapshot(rows), self._save_generation)
        self.run_worker(write, thread=True, group="autosave", exit_on_error=False)

    def _write_recovery_quietly(self, path: Path, review: Review, generation: int) -> None:
        """Runs in a thread: write the recovery copy; a failure is told once, never raised."""
        try:
            write_recovery(path, review)
        except store.ReviewFileError as error:
            self.call_from_thread(self._autosave_failed, str(error))
            return
        if generation != self._save_generation:
            discard_recovery(path)  # a save overtook this copy: it holds nothing the review lacks

    def _autosave_failed(self, problem: str) -> None:
        if problem != self._autosave_problem:
            self._autosave_problem = problem
            self.notify(inert(f"Autosave failed: {problem}"), severity="warning", timeout=8, markup=False)

    def _install_signal_handlers(self) -> None:
        """Hang-up (the terminal went away) and SIGTERM save the words, then end the app.

        Textual installs no handler: by default SIGHUP kills the process with nothing saved.
        """
        try:
            loop = asyncio.get_running_loop()
            for number in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(number, self._terminated, number)
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # not the main thread, or no signals on this platform

    def on_unmount(self) -> None:
        try:
            loop = asyncio.get_running_loop()
            for number in (signal.SIGHUP, signal.SIGTERM):
                loop.remove_signal_handler(number)
        except (NotImplementedError, RuntimeError, ValueError):
            pass

    def _terminated(self, number: int) -> None:
        """Save (or keep in a recovery copy) first, then exit; a watchdog ends the process if exiting hangs."""
        if self._ending:
            return
        self._ending = True
        code = 128 + number
        line = self._keep_edits_unasked()
        try:
            self._remember_position()
        except Exception:  # noqa: BLE001 - the position is a nicety; the exit must go on
            pass
        self._release_lock()
        self.exit_line = line
        threading.Thread(target=_end_process_later, args=(line, code), daemon=True).start()
        self.exit(return_code=code)

    def _keep_edits_unasked(self) -> str:
        """For a hang-up or SIGTERM: save the review, or keep the edits in the recovery copy. Never raises."""
        if self.review is None or self.path is None:
            return ""
        try:
            rows = self._typed_not_applied() + self._unsaved_rows()
            if not self.dirty and not rows:
                return ""
            review = self._snapshot(rows) if rows else self.review
            if self.read_only or self._lock_taken_by():
                where = write_recovery(self.path, review)
                return f"Edits kept in recovery copy {where} (someone else has {self.path.name} open)"
            self._keep_imported_markdown()
            return save_or_recover(self.path, review, self.fingerprint)
        except Exception as error:  # noqa: BLE001 - last resort: try the bare review once more
            try:
                return save_or_recover(self.path, self.review, self.fingerprint)
            except Exception:  # noqa: BLE001
                return f"Edits NOT saved: {error}"

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected exception: keep the edits in the recovery copy, end with one line, no traceback."""
        if "debug" in self.features:  # textual run --dev: show the developer the traceback
            super()._handle_exception(error)
            return
        if not self._ending:
            self._ending = True
            self.exit_line = self._keep_edits_after_crash(error)
        self._return_code = EXIT_CRASH
        if self._exception is None:  # run_test raises it again for the test framework
            self._exception = error
            self._exception_event.set()
        self._close_messages_no_wait()

    def _keep_edits_after_crash(self, error: Exception) -> str:
        from pirtui.cli import write_crash_report

        if sys.exc_info()[1] is error:
            report = write_crash_report()
        else:
            try:
                raise error
            except Exception:  # noqa: BLE001 - only to give the report its traceback
                report = write_crash_report()
        kept = ""
        try:
            rows = self._typed_not_applied() + self._unsaved_rows()
            if self.review is not None and self.path is not None and (self.dirty or rows):
                where = write_recovery(self.path, self._snapshot(rows))
                kept = f"; your edits are kept in {where} and offered when you open {self.path.name} again"
        except Exception as failure:  # noqa: BLE001
            kept = f"; your edits could NOT be kept: {' '.join(str(failure).split())}"
        self._release_lock()
        summary = " ".join(repr(error).split())[:200]
        return f"internal error: {summary} (details in {report}){kept}"

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
            self._release_lock()
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
        yield from super().get_system_commands(screen)


def load_frozen(path: Path) -> Review:
    """Load a review with the garbage collector paused, then freeze what is alive (`gc.freeze`).

    A 2,000-row review is some 100,000 small objects that live as long as the editor; otherwise
    the collector walks them all several times while loading, and again now and then while typing.
    """
    gc.disable()
    try:
        return store.load(path)
    finally:
        gc.enable()
        gc.freeze()


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
        app._release_lock()
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


def _end_process_later(line: str, code: int) -> None:
    """The watchdog of a hang-up or SIGTERM: the words are saved already; if exiting hangs, end anyway."""
    time.sleep(EXIT_DEADLINE)
    try:
        os.write(2, (f"pirtui: {inert(line, keep='')}\n" if line else "").encode("utf-8", "replace"))
    except OSError:
        pass
    os._exit(code)
