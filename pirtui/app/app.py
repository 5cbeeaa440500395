"""The pirtui editor: the Textual face of one `Session`, one screen per section, the save / quit flow.

The app holds no rule about keeping words: `pirtui.session.Session` owns the open review (the
file, the lock, the recovery copy, autosave timing, save, reload, take over, the hang-up and crash
saves) and returns outcomes; the app turns each outcome into a dialog, a notification or a line in
the status bar, and runs the timers, signal handlers and threads the session asks for.

An edit travels one way: a key reaches a widget, the widget (a `ReviewEditor`) sends `Edited`, and
the app takes what that editor shows into the Review, marks it unsaved and re-checks only the
sections the change touches (`IncrementalChecker`). `sync` takes what every mounted editor shows
before anything reads the whole review. Markdown is rendered only when saving, previewing or
presenting, never per keystroke.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.timer import Timer
from textual.widget import Widget

from pirtui.core import computed, state, store
from pirtui.core.checks import IncrementalChecker, empty_fields, field_slots, section_complete, section_state
from pirtui.core.crash import EXIT_CRASH, crash_line, install_exit_signals
from pirtui.core.hints import HintContext, hint_context
from pirtui.core.inert import inert
from pirtui.app.keys_in_order import KeysInOrder
from pirtui.app.meeting_mode import MeetingMode
from pirtui.app.review_views import ReviewViews
from pirtui.app.safekeeping import Safekeeping
from pirtui.core.lock import Lock
from pirtui.core.model import Review, get_path, set_path
from pirtui.screens.section import SectionScreen
from pirtui.core.sections import EDITABLE_SECTIONS, SECTIONS_BY_KEY
from pirtui.session import (
    AUTOSAVE_AFTER,
    PendingRows,
    Session,
)
from pirtui.textual_compat import CrashHook
from pirtui.widgets.messages import Edited

__all__ = ["AUTOSAVE_AFTER", "EXIT_CRASH", "PirtuiApp", "run_editor"]

_MISSING = object()

READ_ONLY_NOTICE_EVERY = 5.0
"""Seconds between two "read-only" notices, so that a typing hand does not stack them up."""
RECHECK_AFTER = 0.2
"""Seconds after the last keystroke before the sections that read the changed value are re-checked."""


class PirtuiApp(Safekeeping, CrashHook, KeysInOrder, MeetingMode, ReviewViews, App[int]):
    """The editor for one review file, or for a folder of them (through the review list)."""

    CSS_PATH = "app.tcss"
    TITLE = "pirtui"
    WIDE = 100
    """Terminals at least this wide show the section list beside the form by default."""
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Save FILE.toml and FILE.md"),
        # The footer names what ^n moves to; ^b (its mirror) is in help, which 80 columns leave no room for.
        Binding("ctrl+n,alt+down", "next_section", "Next section", tooltip="The next section of the review"),
        Binding("ctrl+b,alt+up", "previous_section", "Previous section", show=False, tooltip="The previous section of the review"),
        Binding("f1", "help", "Help", tooltip="Every key of this screen"),
        Binding("f3", "preview", "Preview", show=False, tooltip="The rendered Markdown"),
        Binding("f5", "presentation", "Present", show=False, tooltip="One section, large, for a meeting"),
        Binding("f9", "next_empty", "Unfilled", tooltip="The next empty field: where a draft left off"),
        Binding("f8", "problems", "Problems", tooltip="Every error, warning and empty section; enter jumps to it"),
        # A priority binding, as in Textual, so that it quits from any screen, dialogs included.
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, tooltip="Quit (asks about unsaved changes)"),
    ]

    def __init__(self, path: Path | None = None, folder: Path | None = None, meeting: bool = False) -> None:
        """Open `path` (a review file, maybe not existing yet, or a .md to import) or `folder`.

        An existing review is loaded here, so a `store.ReviewFileError` reaches the caller before
        the terminal is taken over.
        """
        super().__init__()
        self.folder = folder
        """The folder whose review list is shown, in folder mode."""
        self.session: Session | None = None
        """The open review; None before one is opened (review list, a question about a new file)."""
        self._pending: Path | None = None
        """A file to create or a .md to import, asked about once mounted."""
        self._read_only_told = float("-inf")
        self.checker: IncrementalChecker | None = None
        self.section_states: dict[str, str] = {}
        """Each editable section's state word, for the section lists."""
        self.current_key = ""
        """The section on screen."""
        self.note = ""
        """A problem the status line keeps showing (the last save failed), "" when all is well."""
        self.exit_line = ""
        """One line for stderr once the app has ended (what a hang-up or crash did with the edits)."""
        self._ending = False
        """The app is ending without asking (signal or crash): no second attempt."""
        self._hang_up: asyncio.Task[None] | None = None
        """The hang-up's wait for the keys already read, when there were any."""
        self._autosave_problem = ""
        self._screens: dict[str, SectionScreen] = {}
        self._counts: dict[str, tuple[int, int, int]] = {}
        """Errors, warnings and hints of each editable section, kept as sections are re-checked."""
        self._stale: set[str] = set()
        """Paths changed since the sections that read them were last re-checked."""
        self._last_edit = 0.0
        self._recheck_timer: Timer | None = None
        self._hints_pending = False
        """Hints start once the review's first section is on screen."""
        self.markdown_refused = False
        """The last save left FILE.md alone because pirtui did not write it: the palette offers to replace it."""
        self.meet_on_open = meeting
        if path is not None:
            if path.suffix.lower() == ".md" and path.with_suffix(".toml").exists():
                self.adopt(Session.open(path.with_suffix(".toml")))
            elif path.suffix.lower() != ".md" and path.exists():
                self.adopt(Session.open(path))
            else:
                self._pending = path

    # -- the open review ---------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        """The review file being edited."""
        return self.session.path if self.session else None

    @property
    def review(self) -> Review | None:
        """The one Review object every editor writes into."""
        return self.session.review if self.session else None

    @property
    def dirty(self) -> bool:
        """Unsaved changes exist."""
        return self.session.dirty if self.session else False

    @property
    def lock(self) -> Lock | None:
        """This editor's lock of the review, when it got one."""
        return self.session.lock if self.session else None

    @property
    def read_only(self) -> str:
        """Why editing is refused ("read-only: opened by ..."); "" when the review is editable."""
        return self.session.read_only if self.session else ""

    def adopt(self, session: Session) -> None:
        """Make `session` the open review, and show it from scratch."""
        self.session = session
        self.review_replaced()

    def review_replaced(self) -> None:
        """The session's Review is a new object (opened, reloaded, restored): rebuild what shows it."""
        assert self.session is not None
        for screen in self._screens.values():
            if screen not in self.screen_stack:
                self.uninstall_screen(screen)
        self._screens = {}
        self.note = ""
        self.checker = IncrementalChecker(self.session.review, date.today())
        self._hints_pending = True
        self._stale = set()
        self.section_states = {}
        self._update_states(s.key for s in EDITABLE_SECTIONS)
        self.update_title()

    def on_mount(self) -> None:
        self._install_signal_handlers()
        self.set_interval(AUTOSAVE_AFTER / 4, self._autosave_tick)
        remembered = state.theme()
        if remembered and remembered in self.available_themes:
            self.theme = remembered
        self.theme_changed_signal.subscribe(self, lambda theme: state.remember_theme(theme.name))
        if self.session is not None:
            self.start_review()
        elif self._pending is not None:
            self._offer_pending(self._pending)
        else:
            self._show_folder(self.folder or Path.cwd())

    def on_unmount(self) -> None:
        # The signal handlers go; pirtui's plain ones (a word, then the end) take over again.
        try:
            loop = asyncio.get_running_loop()
            for number in (signal.SIGHUP, signal.SIGTERM):
                loop.remove_signal_handler(number)
        except (NotImplementedError, RuntimeError, ValueError):
            pass
        self._remove_thread_hook()
        install_exit_signals(again=True)

    def start_review(self) -> None:
        """Lock the review (or ask what to do when someone else has it), offer a recovery copy,
        then show where the user left off. A read-only file and hand-written comments are told."""
        session = self.session
        assert session is not None
        if session.file_read_only:
            message = f"{session.path.name} is read-only (its permissions forbid writing); ctrl+s offers to save a copy"
            self.notify(inert(message), severity="warning", timeout=8, markup=False)
        comments = session.comments_notice()
        if comments:
            self.notify(inert(comments), timeout=8, markup=False)
        self._take_lock(lambda: self._offer_recovery(self._resume))

    def _resume(self) -> None:
        """Show where the user left off, and say once what a hang-up saved meanwhile."""
        self.show_position()
        note = self.session.take_note() if self.session is not None else ""
        if note:
            self.notify(inert(note), timeout=10, markup=False)

    def open_review(self, path: Path) -> None:
        """Open a review picked in the review list (asks first when the open one is unsaved)."""

        def go() -> None:
            try:
                session = Session.open(path)
            except store.ReviewFileError as error:
                self.notify(inert(str(error)), severity="error", timeout=10, markup=False)
                return
            self.remember_position()
            self.release_lock()
            self.adopt(session)
            self.start_review()

        self.settle_then(go)

    def show_position(self) -> None:
        """Show the section (and field) where the user left this review, or the first section."""
        assert self.path is not None
        where = state.position(self.path)
        if where is not None and where.section in SECTIONS_BY_KEY and SECTIONS_BY_KEY[where.section].editable:
            self.goto_section(where.section, where.field)
        else:
            self.goto_section(EDITABLE_SECTIONS[0].key)
        if self.meet_on_open:
            self.meet_on_open = False
            self.call_after_refresh(self.action_start_meeting)

    def _offer_pending(self, path: Path) -> None:
        from pirtui.screens.dialogs import ConfirmDialog

        if path.suffix.lower() == ".md":
            target = path.with_suffix(".toml")
            question = f"Import {path.name} into a new review {target.name}?"
            act: Callable[[], None] = lambda: self._import(path, target)  # noqa: E731
        else:
            question = f"{path.name} does not exist. Create a new review there?"
            act = lambda: self._create(path)  # noqa: E731

        def answered(yes: bool | None) -> None:
            if yes:
                act()
            else:
                self.exit(0)

        self.push_screen(ConfirmDialog(question, "Yes", "No"), answered)

    def _create(self, path: Path) -> None:
        session, problem = Session.create(path, date.today())
        if problem:
            self.notify(inert(problem), severity="error", timeout=10, markup=False)
        else:
            self.notify(inert(f"Created {path.name}"), markup=False)
        self.adopt(session)
        self.start_review()

    def _import(self, source: Path, target: Path) -> None:
        from pirtui.core.importer import NotAReview

        try:
            session, warnings = Session.import_markdown(source, target)
        except (store.ReviewFileError, NotAReview) as error:
            self.exit(2, return_code=2, message=Text(inert(str(error), keep="")))
            return
        self.adopt(session)
        more = f"; {len(warnings)} things to check (F8)" if warnings else ""
        self.notify(inert(f"Imported {source.name} into {target.name}{more}"), markup=False)
        self.start_review()

    def _show_folder(self, folder: Path) -> None:
        try:
            from pirtui.screens.review_list import ReviewListScreen
        except ImportError:
            message = f"{folder}: the review list is not available in this build"
            self.exit(2, return_code=2, message=Text(inert(message, keep="")))
            return
        self.push_screen(ReviewListScreen(folder))

    def release_lock(self) -> None:
        """Let other editors have the open review (when this editor held it); a meeting driven from
        it ends for its followers."""
        self.leave_meeting_quietly()
        if self.session is not None:
            self.session.release_lock()

    def settle_then(self, then: Callable[[], None]) -> None:
        """Run `then` once unsaved changes are saved or discarded (asks the user).

        An open row form is not one of the choices: its row is not in the review yet, and saving
        the review without it would drop it. The user finishes or cancels the form first.
        """
        if self.pending_rows():
            self.notify("Finish the row first: ctrl+s keeps it, escape drops it.", severity="warning", timeout=6)
            return
        self.sync()
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
        if self.session is not None:
            self.session.discard_edits()
            self.update_title()

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

    def first_empty_field(self, key: str) -> str:
        """The review path of a section's first empty field ("" when none is)."""
        if self.review is None:
            return ""
        self.sync()
        empty = empty_fields(self.review, key)
        return empty[0][0] if empty else ""

    def action_next_empty(self) -> None:
        """Go to the next empty field after the focused one, in this section or the ones after it."""
        review, screen = self.review, self.screen
        if review is None or not isinstance(screen, SectionScreen):
            return
        self.sync()
        focused = screen.focused_path()
        slots: list[tuple[str, str, bool]] = []
        for section in EDITABLE_SECTIONS:
            empty = {path for path, _ in empty_fields(review, section.key)}
            slots += [(section.key, path, path in empty) for path, _ in field_slots(section.key)]
        mine = [i for i, (key, path, _) in enumerate(slots) if key == self.current_key]
        here = next((i for i in mine if focused == slots[i][1] or focused.startswith(slots[i][1] + ".")), mine[0] - 1)
        for step in range(1, len(slots) + 1):
            key, path, empty = slots[(here + step) % len(slots)]
            if empty:
                self.goto_section(key, path)
                return
        self.notify("Every field is filled.", timeout=3)

    def _step(self, step: int) -> None:
        keys = [s.key for s in EDITABLE_SECTIONS]
        if self.current_key in keys:
            self.goto_section(keys[(keys.index(self.current_key) + step) % len(keys)])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        needs_review = {"save", "next_section", "previous_section", "preview", "presentation", "problems", "next_empty"}
        if action == "back_to_list":
            # Hidden from the footer when the editor was started on one file.
            return self.folder is not None and self.review is not None and isinstance(self.screen, SectionScreen)
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
        if self._hints_pending:
            # Hints read the team's settings and the folder's other reviews: after the first paint.
            self._hints_pending = False
            self.call_after_refresh(self._start_hints)
        self._recheck_dependents()
        if self.read_only:
            screen.refuse_input()
        self.refresh_screen(screen)
        if self.meeting is not None:
            self.meeting_shown(screen.section.key)

    def _start_hints(self) -> None:
        """Hints from now on, for the review being edited (see `pirtui.core.hints`). The folder's other
        reviews are read for their open action items in a thread: a team's folder may hold
        thousands, and typing must not wait for them."""
        if self.checker is None or self.path is None:
            return
        path = self.path

        def read_folder() -> None:
            context = hint_context(path.parent, exclude=path)
            self.call_from_thread(self._hints_ready, path, context)

        self.run_worker(read_folder, thread=True, group="hints", exit_on_error=False)

    def _hints_ready(self, path: Path, context: HintContext) -> None:
        """The hints' context is read: run them (unless another review was opened meanwhile)."""
        if self.checker is None or self.path != path:
            return
        self.checker.set_hints(context)
        self._after_check()

    def refresh_screen(self, screen: SectionScreen) -> None:
        """Findings, states, status and computed values of a section screen, all at once."""
        if self.checker is None or self.review is None:
            return
        screen.show_findings(self.checker.for_section(screen.section.key))
        screen.show_states(self.section_states)
        screen.show_computed(self.review)
        self._show_status(screen)

    def _show_status(self, screen: SectionScreen) -> None:
        errors = sum(counts[0] for counts in self._counts.values())
        warnings = sum(counts[1] for counts in self._counts.values())
        keys = [s.key for s in EDITABLE_SECTIONS]
        index = keys.index(screen.section.key) + 1 if screen.section.key in keys else 0
        screen.show_status(
            errors=errors,
            warnings=warnings,
            hints=sum(counts[2] for counts in self._counts.values()),
            complete=sum(1 for s in EDITABLE_SECTIONS if section_complete(self.review, s.key)),
            total=len(keys),
            dirty=self.dirty,
            duration=computed.computed_duration(self.review),
            position=f"{index}/{len(keys)}",
            note=self.read_only or self.note or self._file_note(),
        )

    def _file_note(self) -> str:
        """The status line's word on a read-only FILE.toml, so that it is not forgotten while typing."""
        return "read-only file: ctrl+s offers a copy" if self.session and self.session.file_read_only else ""

    # -- editing -------------------------------------------------------------------------------

    def on_edited(self, message: Edited) -> None:
        """An editor changed: take what it shows now (a newer value than the message's may be shown)."""
        message.stop()
        editor = message.editor
        if isinstance(editor, Widget) and editor.is_attached:
            edits = editor.values_to_sync()
        else:
            edits = [(message.path, message.value)]
        for path, value in edits:
            self.apply_edit(path, value)
        if message.save:
            self.save()

    def sync(self, checks: bool = True) -> None:
        """Take what every mounted editor shows into the review: before saving, quitting, or showing
        the whole review (preview, presentation, problems), since keys of a burst may not have
        been reported yet. `checks=False` (hang-up, crash) only writes the values."""
        for screen in self._screens.values():
            if screen.is_mounted:
                for editor in screen.review_editors():
                    for path, value in editor.values_to_sync():
                        self.apply_edit(path, value, checks=checks)

    def pending_rows(self) -> PendingRows:
        """The values of row forms open right now, as the review changes they would make."""
        return [row for screen in self._screens.values() if screen.is_mounted for row in screen.pending_rows()]

    def apply_edit(self, path: str, value: object, checks: bool = True) -> None:
        """Write one change into the review, re-check its section, refresh what is shown.

        The sections that read the changed value (the timeline reads the incident's dates) are
        re-checked once the typing pauses: with 2,000 timeline rows that is too slow for every key.
        """
        session = self.session
        if session is None or self.checker is None:
            return
        try:
            old = get_path(session.review, path)
        except (AttributeError, IndexError, ValueError):
            old = _MISSING
        if old == value:
            return
        if session.read_only:
            # Widgets also report values they merely show again (a Select settling): only a real
            # change is refused out loud.
            now = time.monotonic()
            if now - self._read_only_told > READ_ONLY_NOTICE_EVERY:
                self._read_only_told = now
                self.notify(inert(f"{session.read_only}; the change is not kept"), severity="warning", markup=False)
            return
        was_dirty = session.dirty
        set_path(session.review, path, value)
        if old is _MISSING:
            session.edited()
        else:
            session.edited(path, old)
        if session.dirty != was_dirty:
            self.update_title()
        if not checks:
            return
        self.checker.update(path, dependents=False)
        self._after_check()
        self._stale.add(path)
        self._recheck_soon()

    def _after_check(self) -> None:
        """The checker re-checked some sections: their states, and what is on screen."""
        assert self.checker is not None
        # Incident Information too: its final-status error counts the errors of every section.
        self._update_states([*self.checker.rechecked, "incident"])
        screen = self.screen
        if isinstance(screen, SectionScreen) and screen.is_mounted:  # one still being built is refreshed when shown
            self.refresh_screen(screen)

    def _update_states(self, keys: Iterable[str]) -> None:
        """Section states and finding counts of the sections `keys`, from the checker's findings."""
        assert self.checker is not None and self.review is not None
        for key in keys:
            if key in SECTIONS_BY_KEY and SECTIONS_BY_KEY[key].editable:
                findings = self.checker.for_section(key)
                errors = sum(1 for f in findings if f.level == "error")
                hints = sum(1 for f in findings if f.level == "hint")
                self._counts[key] = (errors, len(findings) - errors - hints, hints)
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

    def save(self, then: Callable[[], None] | None = None, replace_markdown: bool = False) -> bool:
        """Save, unless that would overwrite someone else's words without asking.

        True when saved right away. When a question comes first (the lock was taken over, the file
        changed on disk, the file is read-only) it returns False and `then` runs once the user's
        answer has saved the edits. `replace_markdown`: the user lets pirtui replace a FILE.md it
        did not write.
        """
        if self.session is None:
            return False
        self.sync()
        return self._show_save(self.session.save(replace_markdown=replace_markdown), then)

    def action_replace_markdown(self) -> None:
        """Save, replacing a FILE.md that pirtui did not write (the user said so, in the palette)."""
        self.save(replace_markdown=True)

    def remember_position(self) -> None:
        """Remember the section and field on screen, for the next time this review is opened."""
        if self.path is None or not self.current_key:
            return
        screen = self._screens.get(self.current_key)
        field = screen.focused_path() if screen is not None and screen.is_mounted else ""
        state.remember_position(self.path, state.Position(self.current_key, field))

    async def action_quit(self) -> None:
        """Quit; with unsaved changes ask: save, discard or cancel (save is the default)."""
        from pirtui.screens.dialogs import QuitDialog

        if isinstance(self.screen, QuitDialog):
            return

        def leave() -> None:
            self.remember_position()
            self.release_lock()
            self.exit(0)

        self.settle_then(leave)

    def action_back_to_list(self) -> None:
        """Folder mode: back to the list of reviews (asks about unsaved changes)."""
        from pirtui.screens.review_list import ReviewListScreen

        def go() -> None:
            self.remember_position()
            self.release_lock()
            while isinstance(self.screen, SectionScreen):
                self.pop_screen()
            if not isinstance(self.screen, ReviewListScreen) and self.folder is not None:
                self.push_screen(ReviewListScreen(self.folder))

        self.settle_then(go)

def run_editor(target: Path | None, meeting: bool = False) -> int:
    """Run the editor on a review file, a .md to import, or a folder (the current one for None).

    A review that cannot be read ends with its one-line message on stderr and exit status 2.
    """
    target = Path.cwd() if target is None else target
    if not target.exists() and not target.suffix:
        target = target.with_suffix(".toml")  # `pirtui inc-042` creates inc-042.toml
    try:
        app = PirtuiApp(folder=target) if target.is_dir() else PirtuiApp(path=target, meeting=meeting)
    except store.ReviewFileError as error:
        print(f"pirtui: {error}", file=sys.stderr)
        return 2
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # The full-screen editor would wait forever on a pipe or /dev/null; scripts use the subcommands.
        print("pirtui: the editor needs a terminal (stdin and stdout are not one); "
              "in scripts use pirtui new, render, check or import", file=sys.stderr)
        return 2
    try:
        result = app.run()
    finally:
        app.release_lock()
    if not app.exit_line and not app.exit_asked:
        # Neither a key nor a signal nor a bug we caught ended it: say so, and leave what is known.
        app.exit_line = crash_line(RuntimeError(f"the editor ended without being asked to (status {app.return_code})"))
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
