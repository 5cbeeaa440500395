"""Never lose a word (issue 4): the editor's lock, autosave, hang-up and crash handling, conflict check.

The app holds one `Safeguards` and asks it at the moments that matter: when a review is opened (lock
it, offer a recovery copy), after each edit (autosave soon), before a save (has someone else written
the file or taken the review over?), and when the process is about to end without asking (SIGHUP,
SIGTERM, a bug of ours). It owns no screen and edits nothing: it keeps the words the user typed, in
the review file when it safely can and in a recovery copy otherwise, and says where in one line.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
import time
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from pirtui import store
from pirtui.fingerprint import Fingerprint, changed_on_disk
from pirtui.inert import inert
from pirtui.model import Review, set_path
from pirtui.screens.section import SectionScreen
from pirtui.widgets.editable_table import EditableTable

if TYPE_CHECKING:
    from pirtui.app import PirtuiApp
    from pirtui.lock import Lock

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


class Safeguards:
    """What keeps the user's words through other editors, failed saves, hang-ups and crashes.

    One per app, for whichever review is open; `opened` resets it for the next one.
    """

    def __init__(self, app: PirtuiApp) -> None:
        self.app = app
        self.lock: Lock | None = None
        """This editor's lock of the review, when it got one."""
        self.read_only = ""
        """Why editing is refused ("read-only: opened by ..."); "" when the review is editable."""
        self.fingerprint: Fingerprint | None = None
        """What the review file was when loaded or last saved here: a change since is a conflict."""
        self.ending = False
        """The app is ending without asking (signal or crash): no more autosaves, no second attempt."""
        self._lock_warned = False
        self._edited_at = 0.0
        self._autosaved_at = time.monotonic()
        self._autosave_due = False
        self._rows_seen: PendingRows = []
        self._save_generation = 0
        self._autosave_problem = ""

    # -- the review's life --------------------------------------------------------------------

    def start(self) -> None:
        """On mount: hang-up and SIGTERM handlers, and the autosave timer."""
        self._install_signal_handlers()
        self.app.set_interval(AUTOSAVE_AFTER / 4, self._autosave_tick)

    def stop(self) -> None:
        """On unmount: the signal handlers go; the default ones end the process again."""
        try:
            loop = asyncio.get_running_loop()
            for number in (signal.SIGHUP, signal.SIGTERM):
                loop.remove_signal_handler(number)
        except (NotImplementedError, RuntimeError, ValueError):
            pass

    def opened(self, fingerprint: Fingerprint | None) -> None:
        """A review was (re)loaded: `fingerprint` is what its file was when read."""
        self.fingerprint = fingerprint
        self._lock_warned = False

    def edited(self) -> None:
        """The review changed: the recovery copy is due once the typing pauses."""
        self._edited_at = time.monotonic()
        self._autosave_due = True

    def saved(self, path: Path) -> None:
        """The review was written to `path`: that is the file now, and no recovery copy is needed."""
        self.fingerprint = fingerprint_of(path)
        self._save_generation += 1
        from pirtui.recovery import discard_recovery

        discard_recovery(path)

    # -- two editors and earlier sessions -------------------------------------------------------

    def take_lock(self, then: Callable[[], None]) -> None:
        """Lock the review for this editor; when another editor has it, ask: read-only, take over, quit."""
        from pirtui.lock import Lock, NoLock, acquire

        app = self.app
        assert app.path is not None
        self.read_only = ""
        result = acquire(app.path)
        if isinstance(result, Lock):
            self.lock = result
            then()
            return
        if isinstance(result, NoLock):
            self.lock = None
            message = f"{result.reason}; others are not told you have it open"
            app.notify(inert(message), severity="warning", markup=False)
            then()
            return
        from pirtui.screens.lock_dialog import LockDialog

        held = result

        def answered(choice: str | None) -> None:
            if choice == "quit":
                app.exit(0)
                return
            if choice == "take-over" and self.took_over():
                then()
                return
            self.lock = None
            self.read_only = f"read-only: {held.describe()[0].lower()}{held.describe()[1:]}"
            for screen in app.section_screens():  # already built behind the dialog
                self.make_read_only(screen)
            then()

        app.push_screen(LockDialog(held.describe(), app.path.name), answered)

    def took_over(self) -> bool:
        """Take the lock because the user chose to; False when yet another editor holds it now."""
        from pirtui.lock import Held, Lock, NoLock, take_over

        app = self.app
        assert app.path is not None
        taken = take_over(app.path)
        if isinstance(taken, Held):
            app.notify(inert(f"Could not take over: {taken.describe()}"), severity="warning", markup=False)
            return False
        self.lock = taken if isinstance(taken, Lock) else None
        if isinstance(taken, NoLock):
            app.notify(inert(taken.reason), severity="warning", markup=False)
        self.read_only = ""
        return True

    def release_lock(self) -> None:
        """Let other editors have the review (when this one held it)."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def lock_taken_by(self) -> str:
        """Who took the review's lock from this editor; "" when it is still ours (or simply gone)."""
        from pirtui.lock import Owner

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

    def make_read_only(self, screen: SectionScreen) -> None:
        """Someone else has the review: every editor of `screen` refuses input."""
        from textual.widgets import TextArea

        for widget in screen.query("Input, Select, Checkbox"):
            widget.disabled = True
        for area in screen.query(TextArea):
            area.read_only = True
        for table in screen.query(EditableTable):
            table.read_only = True

    def offer_recovery(self, then: Callable[[], None]) -> None:
        """A recovery copy from an earlier session: offer it (restore or discard); drop an identical one."""
        from pirtui.recovery import describe_difference, discard_recovery, find_recovery

        app = self.app
        assert app.path is not None and app.review is not None
        copy = find_recovery(app.path)
        if copy is None:
            then()
            return
        if copy.review is None:
            app.notify(inert(f"A recovery copy cannot be read: {copy.problem}"), severity="warning", markup=False)
            then()
            return
        difference = describe_difference(app.review, copy.review)
        if not difference:
            discard_recovery(app.path)
            then()
            return
        if self.read_only:
            app.notify(
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
            assert app.path is not None
            if choice == "restore":
                app.adopt(app.path, recovered, self.fingerprint)
                app.dirty = True
                app.update_title()
                app.notify("Unsaved edits restored; save to keep them in the review.")
            elif choice == "discard":
                discard_recovery(app.path)
            then()

        app.push_screen(RecoveryDialog(app.path.name, copy.saved_at, str(copy.path), difference), answered)

    # -- before a save ---------------------------------------------------------------------------

    def clear_to_save(self, then: Callable[[], None] | None) -> bool:
        """Whether saving may go ahead now without overwriting someone else's words.

        When not, the user is told why or asked first; an answer that allows saving saves and runs `then`.
        """
        app = self.app
        assert app.path is not None
        if self.read_only:
            message = f"{self.read_only}; nothing saved. Take over (ctrl+p, Take over) to edit and save."
            app.notify(inert(message), severity="warning", timeout=8, markup=False)
            return False
        if self.lock is not None and not self._lock_warned and self.lock_taken_by():
            self._ask_after_take_over(then)
            return False
        if self._changed_on_disk():
            self._ask_about_conflict(then)
            return False
        return True

    def _changed_on_disk(self) -> bool:
        """Whether the file holds words this editor has not seen. A deleted file holds none."""
        path = self.app.path
        assert path is not None
        fingerprint = self.fingerprint
        return fingerprint is not None and path.exists() and changed_on_disk(path, fingerprint)

    def _ask_after_take_over(self, then: Callable[[], None] | None) -> None:
        from pirtui.screens.dialogs import ConfirmDialog

        app = self.app
        assert app.path is not None
        who = self.lock_taken_by()
        question = f"{who} took over {app.path.name} after you opened it. Save anyway?"

        def answered(yes: bool | None) -> None:
            if yes:
                self._lock_warned = True
                app.save(then)

        app.push_screen(ConfirmDialog(question, "Save", "Cancel", default_yes=False), answered)

    def _ask_about_conflict(self, then: Callable[[], None] | None) -> None:
        from pirtui.recovery import diff_texts
        from pirtui.screens.conflict_dialog import ConflictDialog

        app = self.app
        assert app.review is not None and app.path is not None
        try:
            on_disk = store.read_text(app.path)
        except store.ReviewFileError as error:
            on_disk = f"(cannot read the file on disk: {error})"
        difference = diff_texts(on_disk, store.dumps(app.review), "on disk", "yours")
        copy = store.conflict_copy_path(app.path, datetime.now())

        def answered(choice: str | None) -> None:
            if choice == "reload":
                self._reload()
            elif choice == "copy":
                self._save_copy(copy, then)
            elif choice == "overwrite":
                app.write(then)

        app.push_screen(ConflictDialog(app.path.name, copy.name, difference), answered)

    def _reload(self) -> None:
        """Load the review as it is on disk, dropping this editor's edits (the user chose so)."""
        from pirtui.recovery import discard_recovery

        app = self.app
        assert app.path is not None
        fingerprint = fingerprint_of(app.path)
        try:
            review = store.load(app.path)
        except store.ReviewFileError as error:
            app.notify(inert(f"Not reloaded, your edits stay: {error}"), severity="error", timeout=10, markup=False)
            return
        app.adopt(app.path, review, fingerprint)
        discard_recovery(app.path)
        app.show_position()
        app.notify(inert(f"Reloaded {app.path.name} from disk."), markup=False)

    def _save_copy(self, copy: Path, then: Callable[[], None] | None) -> None:
        """Write this editor's version beside the review, leaving the changed file on disk alone."""
        from pirtui.recovery import discard_recovery

        app = self.app
        assert app.review is not None and app.path is not None
        try:
            md_path = store.save(copy, app.review)
        except store.ReviewFileError as error:
            app.save_failed(str(error))
            return
        discard_recovery(app.path)
        app.mark_saved()
        message = f"Your version is saved as {copy.name} and {md_path.name}; {app.path.name} is unchanged."
        app.notify(inert(message), timeout=10, markup=False)
        if then is not None:
            then()

    # -- autosave ---------------------------------------------------------------------------------

    def unsaved_rows(self) -> PendingRows:
        """The values of row forms open right now, as the review changes they would make."""
        rows: PendingRows = []
        for screen in self.app.section_screens():
            if screen.is_mounted:
                for table in screen.query(EditableTable):
                    row = table.unsaved_row()
                    if row is not None:
                        rows.append(row)
        return rows

    def snapshot(self, rows: PendingRows | None = None) -> Review:
        """A copy of the review with the open row forms' values in it, safe to write from a thread."""
        assert self.app.review is not None
        copy = self.app.review.model_copy(deep=True)
        for path, value in self.unsaved_rows() if rows is None else rows:
            set_path(copy, path, value)
        return copy

    def _autosave_tick(self) -> None:
        """A couple of seconds after the typing stops, write the recovery copy (in a thread)."""
        app = self.app
        if app.review is None or app.path is None or self.read_only or self.ending:
            return
        rows = self.unsaved_rows()
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
        if not app.dirty and not rows:
            return
        write = partial(self._write_recovery_quietly, app.path, self.snapshot(rows), self._save_generation)
        app.run_worker(write, thread=True, group="autosave", exit_on_error=False)

    def _write_recovery_quietly(self, path: Path, review: Review, generation: int) -> None:
        """Runs in a thread: write the recovery copy; a failure is told once, never raised."""
        from pirtui.recovery import discard_recovery, write_recovery

        try:
            write_recovery(path, review)
        except store.ReviewFileError as error:
            self.app.call_from_thread(self._autosave_failed, str(error))
            return
        if generation != self._save_generation:
            discard_recovery(path)  # a save overtook this copy: it holds nothing the review lacks

    def _autosave_failed(self, problem: str) -> None:
        if problem != self._autosave_problem:
            self._autosave_problem = problem
            self.app.notify(inert(f"Autosave failed: {problem}"), severity="warning", timeout=8, markup=False)

    # -- hang-up, termination, crash ----------------------------------------------------------------

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

    def _terminated(self, number: int) -> None:
        """Save (or keep in a recovery copy) first, then exit; a watchdog ends the process if exiting hangs."""
        if self.ending:
            return
        self.ending = True
        app = self.app
        code = 128 + number
        line = self._keep_edits_unasked()
        try:
            app.remember_position()
        except Exception:  # noqa: BLE001 - the position is a nicety; the exit must go on
            pass
        self.release_lock()
        app.exit_line = line
        threading.Thread(target=_end_process_later, args=(line, code), daemon=True).start()
        app.exit(return_code=code)

    def _keep_edits_unasked(self) -> str:
        """For a hang-up or SIGTERM: save the review, or keep the edits in the recovery copy. Never raises."""
        from pirtui.recovery import save_or_recover, write_recovery

        app = self.app
        if app.review is None or app.path is None:
            return ""
        try:
            rows = self.app.unapplied_edits() + self.unsaved_rows()
            if not app.dirty and not rows:
                return ""
            review = self.snapshot(rows) if rows else app.review
            if self.read_only or self.lock_taken_by():
                where = write_recovery(app.path, review)
                return f"Edits kept in recovery copy {where} (someone else has {app.path.name} open)"
            app.opener.keep_imported_markdown()
            return save_or_recover(app.path, review, self.fingerprint)
        except Exception as error:  # noqa: BLE001 - last resort: try the bare review once more
            try:
                return save_or_recover(app.path, app.review, self.fingerprint)
            except Exception:  # noqa: BLE001
                return f"Edits NOT saved: {error}"

    def crashed(self, error: Exception) -> None:
        """An unexpected exception: keep the edits in the recovery copy and set the one line to end with."""
        if self.ending:
            return
        self.ending = True
        self.app.exit_line = self._keep_edits_after_crash(error)

    def _keep_edits_after_crash(self, error: Exception) -> str:
        from pirtui.cli import write_crash_report
        from pirtui.recovery import write_recovery

        app = self.app
        if sys.exc_info()[1] is error:
            report = write_crash_report()
        else:
            try:
                raise error
            except Exception:  # noqa: BLE001 - only to give the report its traceback
                report = write_crash_report()
        kept = ""
        try:
            rows = self.app.unapplied_edits() + self.unsaved_rows()
            if app.review is not None and app.path is not None and (app.dirty or rows):
                where = write_recovery(app.path, self.snapshot(rows))
                kept = f"; your edits are kept in {where} and offered when you open {app.path.name} again"
        except Exception as failure:  # noqa: BLE001
            kept = f"; your edits could NOT be kept: {' '.join(str(failure).split())}"
        self.release_lock()
        summary = " ".join(repr(error).split())[:200]
        return f"internal error: {summary} (details in {report}){kept}"


def _end_process_later(line: str, code: int) -> None:
    """The watchdog of a hang-up or SIGTERM: the words are saved already; if exiting hangs, end anyway."""
    time.sleep(EXIT_DEADLINE)
    try:
        os.write(2, (f"pirtui: {inert(line, keep='')}\n" if line else "").encode("utf-8", "replace"))
    except OSError:
        pass
    os._exit(code)
