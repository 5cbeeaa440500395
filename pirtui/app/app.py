"""The pirtui editor: the Textual face of one `Session`, one screen per section, the save / quit flow.

The app holds no rule about keeping words: `pirtui.session.Session` owns the open review (the
file, the lock, the recovery copy, autosave timing, save, reload, take over, the hang-up and crash
saves) and returns outcomes; the app's `Safekeeping` part turns each outcome into a dialog, a
notification or a line in the status bar, and runs the timers, signal handlers and threads the
session asks for.

An edit travels one way: a key reaches a widget, the widget (a `ReviewEditor`) sends
`ReviewEditor.Edited`, and
the app hands what that editor shows to `Session.apply`, which refuses it when read-only, marks the
review unsaved and re-checks only the sections the change touches (`pirtui.core.live_checks`).
Before anything reads the whole review the session pulls what every mounted editor shows from
`MountedEditors` (the one choke point). Markdown is rendered only when saving, previewing or
presenting, never per keystroke.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, cast

from rich.text import Text
from rich.console import RenderableType
from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget

from pirtui.core import state, store
from pirtui.core.live_checks import Checker, duration, empty_fields, field_slots
from pirtui.core.crash import EXIT_CRASH, crash_line, install_exit_signals
from pirtui.core.inert import inert
from pirtui.app.editors import MountedEditors
from pirtui.app.keys_in_order import KeysInOrder
from pirtui.widgets.messages import ReviewEditor
from pirtui.widgets.section_list import SectionList
from pirtui.app.meeting_driver import MeetingDriver
from pirtui.app.review_views import ReviewViews
from pirtui.app.safekeeping import Safekeeping
from pirtui.core.lock import Lock
from pirtui.core.model import Review
from pirtui.screens.section import SectionScreen
from pirtui.core.sections import Section, editable_sections, section_by_key
from pirtui.session import AUTOSAVE_AFTER, Applied, Refused, Session
from pirtui.textual_compat import CrashHook

if TYPE_CHECKING:
    from pirtui.screens.folder_list import FolderListScreen

if TYPE_CHECKING:  # hints are imported after the first screen (see `_start_hints`)
    from pirtui.core.hints import Hint, HintContext
    from pirtui.meeting.running import RunningMeeting

__all__ = ["AUTOSAVE_AFTER", "EXIT_CRASH", "PirtuiApp", "run_editor"]

READ_ONLY_NOTICE_EVERY = 5.0
"""Seconds between two "read-only" notices, so that a typing hand does not stack them up."""
RECHECK_AFTER = 0.2
"""Seconds after the last keystroke before the sections that read the changed value are re-checked."""


class PirtuiApp(CrashHook, KeysInOrder, App[int]):
    """The editor for one review file, or for a folder of them (through the review list).

    Its parts are objects it holds, each given the app and a narrow protocol of what it needs:
    `keeping` (lock, recovery, save outcomes, autosave, hang-up, crash), `meeting_driver` and `views`
    (help, problems, preview, presentation, the palette). Screens post messages up; the app
    handles them with `@on` and hands data down.
    """

    CSS_PATH = ["app.tcss", SectionScreen.CSS_PATH]
    """The section screen's stylesheet is read with the app's: added when the first section screen
    is pushed, it made Textual parse every stylesheet again and restyle the whole app."""
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
        self.editors = MountedEditors(self, self._edits_applied)
        """What the session pulls before every whole-document read."""
        self.current_key = ""
        """The section on screen."""
        self._screens: dict[str, SectionScreen] = {}
        self._last_edit = 0.0
        self._recheck_timer: Timer | None = None
        self.keeping = Safekeeping(self, self)
        """Lock, recovery, save outcomes, autosave, hang-up and crash."""
        self.meeting_driver = MeetingDriver(self, self, on_open=meeting)
        """The review meeting, when one is driven from here."""
        self.views = ReviewViews(self, self)
        """Help, problems, preview, presentation and the command palette."""
        self._template_missing: tuple[Path, str] | None = None
        """A review whose template is not found here (its file, the loader's line): shown read-only."""
        if path is not None:
            if path.suffix.lower() == ".md" and path.with_suffix(".toml").exists():
                self._open_or_show(path.with_suffix(".toml"))
            elif path.suffix.lower() != ".md" and path.exists():
                self._open_or_show(path)
            else:
                self._pending = path

    def _open_or_show(self, path: Path) -> None:
        """Open the review at `path`; one whose template is not found here is kept to be shown
        read-only once mounted (any other unreadable file reaches the caller)."""
        try:
            self.adopt(Session.open(path))
        except store.TemplateMissing as error:
            self._template_missing = (path, str(error))

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
    def meeting(self) -> RunningMeeting | None:
        """The meeting in progress, None when none is."""
        return self.meeting_driver.meeting

    exit_asked = False
    """Whether `exit` was called (a key, a signal, a file that cannot be read): the editor ends only
    when asked, so an end without it is a bug that `run_editor` reports (issue 25 item 14)."""

    def exit(self, result: object = None, return_code: int = 0, message: RenderableType | None = None) -> None:
        """Textual's exit, noted in `exit_asked`."""
        self.exit_asked = True
        super().exit(result, return_code, message)

    @property
    def exit_line(self) -> str:
        """One line for stderr once the app has ended (what a hang-up or crash did with the edits)."""
        return self.keeping.exit_line

    @property
    def ending(self) -> bool:
        """The app is ending without asking (signal or crash)."""
        return self.keeping.ending

    @property
    def checker(self) -> Checker | None:
        """The open review's checker (its findings), owned by the session."""
        return self.session.checks.checker if self.session else None

    @property
    def section_states(self) -> dict[str, str]:
        """Each editable section's state word, for the section lists."""
        return self.session.checks.states if self.session else {}

    def sections(self) -> tuple[Section, ...]:
        """The open review's sections, one screen each, from its own template (none before one is open)."""
        return editable_sections(self.session.review) if self.session else ()

    def editor_screens(self) -> list[Screen]:
        """The screens that may hold editors: the section screens built so far, and the stack's."""
        return [*self._screens.values(), *self.screen_stack]

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
        self.keeping.clear_note()
        self.session.attach(self.editors)
        self.update_title()

    def on_mount(self) -> None:
        self.keeping.start()
        remembered = state.theme()
        if remembered and remembered in self.available_themes:
            self.theme = remembered
        self.theme_changed_signal.subscribe(self, lambda theme: state.remember_theme(theme.name))
        if self.session is not None:
            self.start_review()
        elif self._template_missing is not None:
            self.show_template_missing(*self._template_missing)
        elif self._pending is not None:
            self._offer_pending(self._pending)
        else:
            self._show_folder(self.folder or Path.cwd())

    def on_unmount(self) -> None:
        self.keeping.stop()
        install_exit_signals(again=True)  # pirtui's plain handlers (a word, then the end) take over again

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
        self.keeping.take_lock(lambda: self.keeping.offer_recovery(self._resume))

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
            except store.TemplateMissing as error:
                self.show_template_missing(path, str(error))
                return
            except store.ReviewFileError as error:
                self.notify(inert(str(error)), severity="error", timeout=10, markup=False)
                return
            self.remember_position()
            self.release_lock()
            self.adopt(session)
            self.start_review()

        self.settle_then(go)

    def show_template_missing(self, path: Path, why: str) -> None:
        """Show a review whose template is not found here read-only: the loader's line and the
        file's text; nothing is locked or written, and ctrl+q leaves."""
        from pirtui.screens.missing_template import MissingTemplateScreen

        try:
            screen = MissingTemplateScreen(path, why)
        except OSError as error:
            self.notify(inert(f"{why}; the file cannot be shown: {error}"), severity="error", timeout=10, markup=False)
            return
        self.title = inert(path.name, keep="")
        self.push_screen(screen)

    def show_position(self) -> None:
        """Show the section (and field) where the user left this review, or the first section."""
        assert self.path is not None
        where = state.position(self.path)
        keys = [section.key for section in self.sections()]
        if where is not None and where.section in keys:
            self.goto_section(where.section, where.field)
        elif keys:
            self.goto_section(keys[0])
        if self.meeting_driver.take_on_open():
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
        self.meeting_driver.leave_quietly()
        if self.session is not None:
            self.session.release_lock()

    def settle_then(self, then: Callable[[], None]) -> None:
        """Run `then` once unsaved changes are saved or discarded (asks the user).

        An open row form is not one of the choices: its row is not in the review yet, and saving
        the review without it would drop it. The user finishes or cancels the form first.
        """
        if self.editors.pending().rows:
            self.notify("Finish the row first: ctrl+s keeps it, escape drops it.", severity="warning", timeout=6)
            return
        if self.session is None or not self.session.unsaved():
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
            assert self.session is not None
            section = section_by_key(self.session.review, key)
            assert section is not None, key
            screen = SectionScreen(section, self.session.review, self.section_states, bool(self.read_only))
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
        screen.focus_when_shown(field)
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
        if self.session is None:
            return ""
        empty = empty_fields(self.session.whole_review(), key)
        return empty[0][0] if empty else ""

    def action_next_empty(self) -> None:
        """Go to the next empty field after the focused one, in this section or the ones after it."""
        screen = self.screen
        if self.session is None or not isinstance(screen, SectionScreen):
            return
        review = self.session.whole_review()
        focused = screen.focused_path()
        slots: list[tuple[str, str, bool]] = []
        for section in self.sections():
            empty = {path for path, _ in empty_fields(review, section.key)}
            slots += [(section.key, path, path in empty) for path, _ in field_slots(review, section.key)]
        mine = [i for i, (key, path, _) in enumerate(slots) if key == self.current_key]
        here = next((i for i in mine if focused == slots[i][1] or focused.startswith(slots[i][1] + ".")), mine[0] - 1)
        for step in range(1, len(slots) + 1):
            key, path, is_empty = slots[(here + step) % len(slots)]
            if is_empty:
                self.goto_section(key, path)
                return
        self.notify("Every field is filled.", timeout=3)

    def _step(self, step: int) -> None:
        keys = [s.key for s in self.sections()]
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

    @on(SectionScreen.Shown)
    def section_shown(self, message: SectionScreen.Shown) -> None:
        """A section screen came on screen: bring it up to date."""
        screen = message.screen
        if screen is not self._screens.get(screen.section.key):
            return  # a screen of a review since replaced
        self.current_key = screen.section.key
        if self.session is not None and self.session.checks.start_hints():
            # Hints read the team's settings and the folder's other reviews: after the first paint.
            self.call_after_refresh(self._start_hints)
        self._recheck_dependents()
        if self.read_only:
            screen.refuse_input()
        self.refresh_screen(screen)
        if self.meeting is not None:
            self.meeting_driver.shown(screen.section.key)

    def _start_hints(self) -> None:
        """Hints from now on, for the review being edited (see `pirtui.core.hints`). The folder's other
        reviews are read for their open action items in a thread: a team's folder may hold
        thousands, and typing must not wait for them."""
        if self.checker is None or self.path is None:
            return
        path = self.path

        def read_folder() -> None:
            from pirtui.core.hints import hint_context  # not before the first screen

            context = hint_context(path.parent, exclude=path)
            self.call_from_thread(self._hints_ready, path, context)

        self.run_worker(read_folder, thread=True, group="hints", exit_on_error=False)

    def _hints_ready(self, path: Path, context: HintContext) -> None:
        """The hints' context is read: run them (unless another review was opened meanwhile)."""
        if self.session is None or self.path != path:
            return
        self.session.checks.set_hints(context)
        self._after_check()
        self.start_hint_pass()

    def start_hint_pass(self) -> None:
        """Run the hints in a thread on a copy of the review as it is now: the editor never waits on
        them (a team's pattern or a huge review cannot freeze typing), and a hang-up saves while a
        pass still runs. A newer pass replaces an older one's result (exclusive group)."""
        if self.session is None:
            return
        checker = self.session.checks.checker
        if checker.hints is None:
            return
        job = checker.hint_pass()

        def run() -> None:
            found = job()
            if self.session is not None and self.session.checks.checker is checker and not self.ending:
                self.call_from_thread(self._hints_found, checker, found)

        self.run_worker(run, thread=True, group="hint-pass", exclusive=True, exit_on_error=False)

    def _hints_found(self, checker: Checker, found: dict) -> None:
        """A hint pass is done: show its hints (unless another review was opened meanwhile)."""
        if self.session is None or self.session.checks.checker is not checker:
            return
        self.session.checks.take_hints(found)
        self._after_check()

    def refresh_screen(self, screen: SectionScreen) -> None:
        """Findings, states, status and computed values of a section screen, all at once."""
        if self.session is None:
            return
        screen.show_findings(self.session.checks.for_section(screen.section.key))
        screen.show_states(self.section_states)
        screen.show_computed(self.session.review)
        self._show_status(screen)

    def _show_status(self, screen: SectionScreen) -> None:
        if self.session is None:
            return
        errors, warnings, hints, complete = self.session.checks.totals()
        keys = [s.key for s in self.sections()]
        index = keys.index(screen.section.key) + 1 if screen.section.key in keys else 0
        screen.show_status(
            errors=errors,
            warnings=warnings,
            hints=hints,
            complete=complete,
            total=len(keys),
            dirty=self.dirty,
            duration=duration(self.session.review),
            position=f"{index}/{len(keys)}",
            note=self.read_only or self.keeping.note or self._file_note(),
        )

    def _file_note(self) -> str:
        """The status line's word on a read-only FILE.toml, so that it is not forgotten while typing."""
        return "read-only file: ctrl+s offers a copy" if self.session and self.session.file_read_only else ""

    # -- editing -------------------------------------------------------------------------------

    @on(ReviewEditor.Edited)
    def editor_edited(self, message: ReviewEditor.Edited) -> None:
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

    def apply_edit(self, path: str, value: object) -> None:
        """Hand one change to the session, which refuses it when read-only; then refresh what is shown."""
        if self.session is None:
            return
        outcome = self.session.apply(path, value)
        if isinstance(outcome, Refused):
            # Widgets also report values they merely show again (a Select settling): only a real
            # change is refused out loud, and a typing hand is told once every few seconds.
            now = time.monotonic()
            if now - self._read_only_told > READ_ONLY_NOTICE_EVERY:
                self._read_only_told = now
                self.notify(inert(f"{outcome.why}; the change is not kept"), severity="warning", markup=False)
        elif isinstance(outcome, Applied):
            self._edits_applied([outcome])

    def _edits_applied(self, changes: list[Applied]) -> None:
        """The session took changes (from an editor's message, or pulled before a whole-document
        read): the title, the screen, and the sections that read them once the typing pauses.

        The sections that read the changed value (the timeline reads the incident's dates) are
        re-checked once the typing pauses: with 2,000 timeline rows that is too slow for every key.
        """
        if self.ending:
            return  # a hang-up or crash pulls without checks; nothing is drawn any more
        if any(change.dirty_changed for change in changes):
            self.update_title()
        self._after_check()
        self._recheck_soon()

    def _after_check(self) -> None:
        """The session re-checked some sections: show the screen on top up to date."""
        screen = self.screen
        if isinstance(screen, SectionScreen) and screen.is_mounted:  # one still being built is refreshed when shown
            self.refresh_screen(screen)

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
        else:
            if self._recheck_dependents():
                shown = self.screen_stack[-1] if self.screen_stack else None  # none while the app closes
                if isinstance(shown, SectionScreen):
                    self.refresh_screen(shown)
            self.start_hint_pass()  # once the typing pauses, off the main thread

    def _recheck_dependents(self) -> bool:
        """Bring the sections that read what was typed up to date now; False when they were."""
        return self.session is not None and self.session.checks.recheck_dependents()

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
        return self.keeping.show_save(self.session.save(replace_markdown=replace_markdown), then)

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

    # -- what screens ask for (messages up) ---------------------------------------------------------

    @on(SectionScreen.Change)
    def section_change(self, message: SectionScreen.Change) -> None:
        """A section screen changes the review (a hint dismissed, a field marked internal)."""
        message.stop()
        if self.session is not None and message.review is self.session.review:
            self.apply_edit(message.path, message.value)

    @on(SectionList.Chosen)
    def section_chosen(self, message: SectionList.Chosen) -> None:
        """A section picked in the section list: shown at its first empty field."""
        message.stop()
        self.goto_section(message.key, self.first_empty_field(message.key))

    def on_folder_list_screen_open_review(self, message: FolderListScreen.OpenReview) -> None:
        """A folder list (reviews, action items) opens a review (handled by name: the lists are
        imported only when shown)."""
        message.stop()
        self.open_review(message.path)

    # -- the parts' actions --------------------------------------------------------------------

    def action_take_over(self) -> None:
        """Read-only because someone else has the review: take it over, reloaded from disk."""
        self.keeping.take_over()

    def action_start_meeting(self) -> None:
        """Start the review meeting (attendees first), or go back to the one running."""
        self.meeting_driver.start()

    def end_meeting(self) -> None:
        """End the review meeting: a Revision History row and the summary."""
        self.meeting_driver.end()

    def action_help(self) -> None:
        """List every key of the current screen, built from its bindings."""
        self.views.help()

    def action_problems(self) -> None:
        """Every finding; enter jumps to its field."""
        self.views.problems()

    def action_preview(self) -> None:
        """The rendered Markdown of the whole review, at the current section."""
        self.views.preview()

    def action_presentation(self) -> None:
        """One section at a time, large; during a meeting, the meeting view."""
        if self.meeting is not None:
            self.meeting_driver.start()
        else:
            self.views.presentation()

    def action_git_history(self) -> None:
        """Palette: add the file's git commits missing from Revision History."""
        from pirtui.app.git_history_command import add_git_history

        add_git_history(self)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette: the editor's commands, then Textual's own."""
        yield from self.views.commands(screen, self.meeting is not None, self.keeping.markdown_refused)
        yield from super().get_system_commands(screen)

    def crashed(self, error: Exception) -> int:
        """An unexpected exception (`CrashHook`): keep the words, return the exit status."""
        return self.keeping.crashed(error)

    def panic(self, *renderables: RenderableType) -> None:
        """Textual's driver panics (its input thread fails on a dead terminal): the words are saved
        first, and any other failure leaves a crash log (see `Safekeeping.panicked`)."""
        self.keeping.panicked(renderables, lambda: App.panic(self, *renderables))

    # -- what the parts need (their protocols) ----------------------------------------------------

    def show_status_now(self) -> None:
        """Redraw the status line of the section on screen."""
        if isinstance(self.screen, SectionScreen):
            self._show_status(self.screen)

    def leave_meeting_quietly(self) -> None:
        """Followers are told the driver left (the app ends)."""
        self.meeting_driver.leave_quietly()

    def section_on_screen(self, key: str) -> None:
        """The meeting view shows section `key`: it is the current one."""
        self.current_key = key

    def hints(self) -> list[Hint]:
        """The review's hints, for the slides."""
        return [cast("Hint", f) for f in self.session.checks.findings if f.level == "hint"] if self.session else []

    def recheck_now(self) -> None:
        """Bring the sections that read what was typed up to date now."""
        self._recheck_dependents()

    def commands(self) -> dict[str, Callable[[], object]]:
        """The editor's palette commands by name."""
        return {
            "take_over": self.action_take_over,
            "save": self.action_save,
            "replace_markdown": self.action_replace_markdown,
            "presentation": self.action_presentation,
            "start_meeting": self.action_start_meeting,
            "end_meeting": self.end_meeting,
            "back_to_list": self.action_back_to_list,
            "git_history": self.action_git_history,
        }


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
        app.keeping.exit_line = crash_line(
            RuntimeError(f"the editor ended without being asked to (status {app.return_code})")
        )
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
