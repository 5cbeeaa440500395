"""Keeping the user's words, as the editor shows it: the session's outcomes turned into dialogs.

A part the app holds (`PirtuiApp.keeping`), given the Textual app for dialogs, notifications,
timers and threads, and a narrow `KeepingHost` for the few things of the editor it needs; it owns
its own state (the status note, the way-out line, the one "ending" flag). The rules live in
`pirtui.session.Session` (Textual-free): who holds the lock, whether a recovery copy is offered,
whether a save may go ahead, what a hang-up or a crash keeps. Here each outcome becomes a dialog
(take over, restore, conflict, read-only file), a notification or a line in the status bar, and
the timers, signal handlers and threads the session asks for are run.
"""

from __future__ import annotations

import asyncio
import builtins
import signal
import threading
import traceback
from functools import partial
from typing import Any, Awaitable, Callable, Protocol, Sequence

from rich.console import RenderableType
from textual.app import App

from pirtui.core.crash import EXIT_CRASH, crash_line, end_process_later, signal_reason, write_crash_text
from pirtui.core.inert import inert
from pirtui.core.lock import Held, NoLock
from pirtui.textual_compat import handle_exception
from pirtui.session import (
    AUTOSAVE_AFTER,
    Conflict,
    Failed,
    FileReadOnly,
    PartlySaved,
    EditorSource,
    ReadOnly,
    Reloaded,
    RecoveryNotice,
    Saved,
    SaveOutcome,
    Session,
    TakenOver,
)

KEYS_AT_HANG_UP = 0.5
"""Seconds a hang-up waits for the keys pirtui has read but not yet handed on, before it saves."""


class ReadOnlyView(Protocol):
    """A screen whose editors can be told to refuse input (someone else has the review)."""

    def refuse_input(self) -> None:
        """Every editor of the screen refuses input."""


class KeepingHost(Protocol):
    """What `Safekeeping` needs of the editor, besides Textual's own App."""

    @property
    def session(self) -> Session | None:
        """The open review."""

    @property
    def editors(self) -> EditorSource:
        """What the session pulls (the way-out line names dialogs' text when no review is open)."""

    def review_replaced(self) -> None:
        """The session's Review is a new object: rebuild what shows it."""

    def show_position(self) -> None:
        """Show where the user left this review."""

    def update_title(self) -> None:
        """Redraw the title (the unsaved dot)."""

    def show_status_now(self) -> None:
        """Redraw the status line of the section on screen."""

    def section_screens(self) -> Sequence[ReadOnlyView]:
        """The section screens built so far."""

    def remember_position(self) -> None:
        """Remember the section and field on screen."""

    def leave_meeting_quietly(self) -> None:
        """Followers are told the driver left."""

    def keys_pending(self) -> bool:
        """A key read from the terminal is not dealt with yet."""

    def apply_held_keys(self, timeout: float) -> Awaitable[None]:
        """Put every key read so far where it was going."""


def _is_os_error(renderables: tuple[RenderableType, ...]) -> bool:
    """Whether the driver's traceback (a rich Traceback) is of an OSError: it could no longer read
    the terminal."""
    for renderable in renderables:
        stacks = getattr(getattr(renderable, "trace", None), "stacks", None) or []
        if any(stack.exc_type in _OS_ERRORS for stack in stacks):
            return True
    return False


_OS_ERRORS = frozenset(
    name for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, OSError)
)
"""The names of OSError and its built-in subclasses, as a rich Traceback names exception types."""


def _plain_text(renderables: tuple[RenderableType, ...]) -> str:
    """What the driver handed to `panic` (a rich Traceback, mostly), as plain text for the crash log."""
    from io import StringIO

    from rich.console import Console

    out = StringIO()
    try:
        console = Console(file=out, width=120, color_system=None, force_terminal=False)
        for renderable in renderables:
            console.print(renderable)
    except Exception as error:  # noqa: BLE001 - the crash log gets what could be had
        out.write(f"(could not render what the driver reported: {error!r})")
    return out.getvalue() or "the terminal driver stopped without saying why"


class Safekeeping:
    """Lock, recovery, save outcomes, autosave, hang-up and crash, for the editor app."""

    def __init__(self, app: App[Any], host: KeepingHost) -> None:
        self.app = app
        self.host = host
        self.note = ""
        """A problem the status line keeps showing (the last save failed), "" when all is well."""
        self.markdown_refused = False
        """The last save left FILE.md alone because pirtui did not write it: the palette offers to replace it."""
        self.exit_line = ""
        """One line for stderr once the app has ended (what a hang-up or crash did with the edits)."""
        self.ending = False
        """The app is ending without asking (signal or crash): no autosave, no second attempt."""
        self._hang_up: asyncio.Task[None] | None = None
        """The hang-up's wait for the keys already read, when there were any."""
        self._end_reason = ""
        """What the line printed at the end starts with: "ended by SIGTERM", "the terminal driver failed"."""
        self._thread_hook: Callable[[threading.ExceptHookArgs], Any] | None = None
        """The thread excepthook before ours, put back when the app stops."""
        self._autosave_problem = ""

    def start(self) -> None:
        """Once the app is mounted: the hang-up and SIGTERM handlers, and the autosave timer."""
        self._install_signal_handlers()
        self.app.set_interval(AUTOSAVE_AFTER / 4, self._autosave_tick)

    def stop(self) -> None:
        """The app unmounts: the default signal handlers end the process again."""
        self._remove_thread_hook()
        try:
            loop = asyncio.get_running_loop()
            for number in (signal.SIGHUP, signal.SIGTERM):
                loop.remove_signal_handler(number)
        except (NotImplementedError, RuntimeError, ValueError):
            pass

    def take_lock(self, then: Callable[[], None]) -> None:
        """Lock the review; when another editor has it, ask: read-only, take over, or quit."""
        session = self.host.session
        assert session is not None
        result = session.take_lock()
        if isinstance(result, NoLock):
            message = f"{result.reason}; others are not told you have it open"
            self.app.notify(inert(message), severity="warning", markup=False)
        if not isinstance(result, Held):
            then()
            return
        held = result

        def answered(choice: str | None) -> None:
            if choice == "quit":
                self.app.exit(0)
                return
            if choice == "take-over" and self._take_over_lock():
                then()
                return
            session.go_read_only(held)
            for screen in self.host.section_screens():  # already built behind the dialog
                screen.refuse_input()
            then()

        from pirtui.screens.lock_dialog import LockDialog  # only when asked: not before the first screen

        self.app.push_screen(LockDialog(held.describe(), session.path.name), answered)

    def _take_over_lock(self) -> bool:
        """Take the lock because the user chose to; False when yet another editor holds it now."""
        assert self.host.session is not None
        taken = self.host.session.take_over()
        if isinstance(taken, Held):
            self.app.notify(inert(f"Could not take over: {taken.describe()}"), severity="warning", markup=False)
            return False
        if isinstance(taken, NoLock):
            self.app.notify(inert(taken.reason), severity="warning", markup=False)
        return True

    def take_over(self) -> None:
        """Read-only because someone else has the review: take it over, reloaded from disk."""
        session = self.host.session
        if session is None or not session.read_only or not self._take_over_lock():
            return
        outcome = session.reload()
        if isinstance(outcome, Failed):
            self.app.notify(inert(outcome.why), severity="error", timeout=10, markup=False)
        self.host.review_replaced()  # editable again, whatever was read
        self.host.show_position()
        self.app.notify("You have taken over the review; the other editor is warned before their next save.")

    def offer_recovery(self, then: Callable[[], None]) -> None:
        """A recovery copy from an earlier session: offer it (restore or discard)."""
        session = self.host.session
        assert session is not None
        offer = session.recovery()
        if isinstance(offer, RecoveryNotice):
            self.app.notify(inert(offer.message), severity="warning", timeout=10, markup=False)
        if offer is None or isinstance(offer, RecoveryNotice):
            then()
            return

        def answered(choice: str | None) -> None:
            if choice == "restore":
                session.restore(offer)
                self.host.review_replaced()
                self.app.notify("Unsaved edits restored; save to keep them in the review.")
            elif choice == "discard":
                session.drop_recovery()
            then()

        from pirtui.screens.recovery_dialog import RecoveryDialog  # only when offered

        dialog = RecoveryDialog(session.path.name, offer.saved_at, str(offer.copy_path), offer.difference)
        self.app.push_screen(dialog, answered)

    def show_save(self, outcome: SaveOutcome, then: Callable[[], None] | None) -> bool:
        """Tell the user what a save did, or ask what it needs to know; True when saved now."""
        session = self.host.session
        assert session is not None
        name = session.path.name
        if isinstance(outcome, Saved):
            self.note = ""
            self.markdown_refused = False
            self.host.update_title()
            self.host.show_status_now()
            if outcome.kept_markdown is not None:
                self.app.notify(inert(f"The imported Markdown is kept as {outcome.kept_markdown.name}"), timeout=6, markup=False)
            toml, md = outcome.files
            if outcome.copy_of is not None:
                message = f"Your version is saved as {toml.name} and {md.name}; {name} is unchanged."
                self.app.notify(inert(message), timeout=10, markup=False)
            else:
                self.app.notify(inert(f"Saved {toml.name} and {md.name}"), timeout=3, markup=False)
            if then is not None:
                then()
            return True
        if isinstance(outcome, PartlySaved):
            self._partly_saved(outcome)
            if then is not None:
                then()
            return True
        if isinstance(outcome, Failed):
            self.save_failed(outcome)
        elif isinstance(outcome, FileReadOnly):
            self._ask_about_read_only_file(outcome, then)
        elif isinstance(outcome, ReadOnly):
            message = f"{outcome.why}; nothing saved. Take over (ctrl+p, Take over) to edit and save."
            self.app.notify(inert(message), severity="warning", timeout=8, markup=False)
        elif isinstance(outcome, TakenOver):
            self._ask_after_take_over(outcome, then)
        elif isinstance(outcome, Conflict):
            self._ask_about_conflict(outcome, then)
        return False

    def _ask_after_take_over(self, outcome: TakenOver, then: Callable[[], None] | None) -> None:
        from pirtui.screens.dialogs import ConfirmDialog

        assert self.host.session is not None
        question = f"{outcome.by_whom} took over {self.host.session.path.name} after you opened it. Save anyway?"

        def answered(yes: bool | None) -> None:
            if yes and self.host.session is not None:
                self.show_save(self.host.session.save_after_take_over(), then)

        self.app.push_screen(ConfirmDialog(question, "Save", "Cancel", default_yes=False), answered)

    def _ask_about_conflict(self, outcome: Conflict, then: Callable[[], None] | None) -> None:
        from pirtui.screens.conflict_dialog import ConflictDialog

        session = self.host.session
        assert session is not None

        def answered(choice: str | None) -> None:
            if choice == "reload":
                reloaded = session.reload()
                if isinstance(reloaded, Reloaded):
                    self.host.review_replaced()
                    self.host.show_position()
                    self.app.notify(inert(f"Reloaded {session.path.name} from disk."), markup=False)
                else:
                    message = f"Not reloaded, your edits stay: {reloaded.why}"
                    self.app.notify(inert(message), severity="error", timeout=10, markup=False)
            elif choice == "copy":
                self.show_save(session.save_copy(outcome.copy_path), then)
            elif choice == "overwrite":
                self.show_save(session.write(), then)

        self.app.push_screen(ConflictDialog(session.path.name, outcome.copy_path.name, outcome.difference), answered)

    def _partly_saved(self, outcome: PartlySaved) -> None:
        """FILE.toml is saved, FILE.md is not: say each as it went, and how to write FILE.md."""
        self.markdown_refused = not outcome.markdown_ours
        if outcome.markdown_ours:
            how = "ctrl+s writes it again"
        else:
            how = f"move it away and press ctrl+s, or ctrl+p 'Replace FILE.md' to let pirtui overwrite it"
        self.note = f"{outcome.toml.name} saved; {outcome.markdown.name} not written: {outcome.why}"
        self.host.update_title()
        self.host.show_status_now()
        if outcome.kept_markdown is not None:
            self.app.notify(inert(f"The imported Markdown is kept as {outcome.kept_markdown.name}"), timeout=6, markup=False)
        self.app.notify(inert(f"{self.note}; {how}"), title="Markdown not written", severity="warning", timeout=12, markup=False)

    def _ask_about_read_only_file(self, outcome: FileReadOnly, then: Callable[[], None] | None) -> None:
        from pirtui.screens.read_only_dialog import ReadOnlyFileDialog

        session = self.host.session
        assert session is not None

        def answered(choice: str | None) -> None:
            if choice == "copy":
                self.show_save(session.save_copy(outcome.copy_path), then)
            elif choice == "overwrite":
                self.show_save(session.write(overwrite_read_only=True), then)

        self.app.push_screen(ReadOnlyFileDialog(outcome.file.name, outcome.copy_path.name), answered)

    def save_failed(self, outcome: Failed) -> None:
        """Say why on screen and in the status line; say where the words are kept meanwhile."""
        self.note = f"NOT SAVED: {outcome.why}"
        if outcome.kept_in is None:
            kept = f" The recovery copy failed too: {outcome.recovery_problem}"
        else:
            kept = f" Your edits are kept in {outcome.kept_in} meanwhile; save again once the cause is fixed."
        self.app.notify(inert(outcome.why + kept), title="Not saved", severity="error", timeout=12, markup=False)
        self.host.show_status_now()

    def _autosave_tick(self) -> None:
        """A few times a second: when the session says a recovery copy is due, write it in a thread."""
        session = self.host.session
        if session is None or self.ending:
            return
        if not session.autosave_due():
            return
        write = partial(self._write_recovery, session.recovery_job())
        self.app.run_worker(write, thread=True, group="autosave", exit_on_error=False)

    def _write_recovery(self, job: Callable[[], str]) -> None:
        problem = job()  # in a thread
        if problem:
            self.app.call_from_thread(self._autosave_failed, problem)

    def _autosave_failed(self, problem: str) -> None:
        if problem != self._autosave_problem:  # told once, not every few seconds
            self._autosave_problem = problem
            self.app.notify(inert(f"Autosave failed: {problem}"), severity="warning", timeout=8, markup=False)

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
        self._thread_hook = threading.excepthook
        threading.excepthook = self._thread_failed

    def _thread_failed(self, args: threading.ExceptHookArgs) -> None:
        """An exception in a thread of ours (not a Textual worker) ends the editor the way one in the
        app does: crash report, edits kept, one line. Left alone it would print a traceback over the
        screen and the editor would go on without what the thread was doing."""
        error = args.exc_value
        if error is None or isinstance(error, SystemExit) or not isinstance(error, Exception):
            return
        if type(args.thread).__module__.startswith("textual"):
            # Textual's own thread (the driver's writer) fails when the terminal goes away, as
            # the SIGHUP arrives: the words are saved as on a hang-up, not kept as after a bug.
            text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
            self._call_soon(self._driver_failed, text, isinstance(error, OSError))
            return
        self._call_soon(handle_exception, self.app, error)

    def _call_soon(self, callback: Callable[..., object], *args: object) -> None:
        """Run `callback` on the app's loop, from a thread or from the loop itself."""
        try:
            self.app.call_from_thread(callback, *args)
        except RuntimeError:  # the app is not running any more (or this is its own thread)
            callback(*args)

    def _driver_failed(self, text: str, terminal_gone: bool) -> None:
        """The terminal driver gave up. When it could no longer read or write the terminal (an
        OSError: the pane closed, the link dropped) that is a hang-up: save, say so. Anything else
        is a failure: its traceback goes to the crash log, and the words are saved all the same."""
        if terminal_gone:
            self._terminated(signal.SIGHUP, reason="ended: the terminal went away")
            return
        report = write_crash_text(text)
        self._terminated(signal.SIGHUP, EXIT_CRASH, f"the terminal driver failed (details in {report})")

    def _remove_thread_hook(self) -> None:
        hook = self._thread_hook
        if hook is not None and threading.excepthook == self._thread_failed:
            threading.excepthook = hook

    def _terminated(self, number: int, code: int = 0, reason: str = "") -> None:
        """Put the keys already read where they were going, save (or keep in a recovery copy),
        then exit; a watchdog ends the process if exiting hangs. `code` and `reason` (the exit
        status and the words the line starts with) are the signal's unless given."""
        if self.ending:
            return
        self.ending = True
        code = code or 128 + number
        self._end_reason = reason or signal_reason(number)
        if not self.host.keys_pending():
            self._save_and_end(code)
            return
        self._hang_up = asyncio.get_running_loop().create_task(self._keys_then_save(code))

    async def _keys_then_save(self, code: int) -> None:
        try:
            await self.host.apply_held_keys(KEYS_AT_HANG_UP)
        except Exception:  # noqa: BLE001 - the words already in the fields must still be saved
            pass
        self._save_and_end(code)

    def panicked(self, renderables: tuple[RenderableType, ...], panic: Callable[[], None]) -> None:
        """Textual's driver panicked. A dead terminal makes its input thread fail (its read fails)
        just as the hang-up arrives: the panic waits for the hang-up's keys and save. Otherwise, when
        the app is not already ending, the words are saved as on a hang-up and a failure that is not
        the terminal going away leaves its traceback in the crash log (Textual would print it over
        the shell and leave none); see `_driver_failed`."""
        if self._hang_up is not None and not self._hang_up.done():
            self._hang_up.add_done_callback(lambda _task: panic())
            return
        if self.ending:
            panic()
            return
        self._driver_failed(_plain_text(renderables), _is_os_error(renderables))

    def _save_and_end(self, code: int) -> None:
        line = ""
        if self.host.session is None:
            line = _not_kept(self.host.editors)
        else:
            line = self.host.session.save_on_hang_up()
            try:
                self.host.remember_position()
            except Exception:  # noqa: BLE001 - the position is a nicety; the exit must go on
                pass
        self.host.leave_meeting_quietly()
        reason = self._end_reason or signal_reason(code - 128)
        line = f"{reason}; {line}" if line else f"{reason}; nothing was unsaved"
        self.exit_line = line
        threading.Thread(target=end_process_later, args=(line, code), daemon=True).start()
        self.app.exit(return_code=code)

    def clear_note(self) -> None:
        """A review was opened or replaced: the last one's problem is no longer shown."""
        self.note = ""

    def crashed(self, error: Exception) -> int:
        """An unexpected exception: keep the edits in the recovery copy and set the one line to end with."""
        if not self.ending:
            self.ending = True
            if self.host.session is None:
                self.exit_line = "; ".join(filter(None, [crash_line(error), _not_kept(self.host.editors)]))
            else:
                self.exit_line = self.host.session.save_on_crash(error)
        return EXIT_CRASH


def _not_kept(editors: EditorSource) -> str:
    """With no review open there is no file to keep dialogs' text in: the way-out line names it."""
    try:
        texts = editors.pending().texts
    except Exception:  # noqa: BLE001
        return ""
    return "; ".join(f"not kept (no review open): {held.what}: {' '.join(held.text.split())}" for held in texts)
