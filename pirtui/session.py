"""One open review and everything that keeps its words: the file, the lock, the recovery copy.

The editor holds one `Session` per open review. The session knows the path, the Review, whether it
holds unsaved edits, what the file on disk was when read (its fingerprint), the lock, and when a
recovery copy is due. It saves, saves a copy, reloads, takes over, and keeps the words when the
process ends unasked (hang-up, SIGTERM, a bug of ours).

Its operations return outcomes (`Saved`, `Conflict`, `TakenOver`, `ReadOnly`, `Failed`, `Applied`,
...) rather than calling into the app: the app turns each into a dialog, a notification or a line
in the status bar. So the rules that keep a user's words are plain code, tested without a terminal.

Every edit goes through `apply` (refused when read-only, dirty state tracked, the live checks
updated). Every whole-document read (save, copy, overwrite, recovery copy, hang-up, crash, and
`whole_review` for render, preview, presentation, check and the meeting) first pulls what the
mounted editors show from the one `EditorSource` the app attached (`pull`): no caller has to
remember to. No Textual here.
"""

from __future__ import annotations

import copy
import gc
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Protocol, cast

from pirtui.core import store
from pirtui.core.fingerprint import Fingerprint, changed_on_disk, fingerprint_of
from pirtui.core.live_checks import LiveChecks
from pirtui.core.lock import Held, Lock, NoLock
from pirtui.core.model import Review, get_path, set_path

AUTOSAVE_AFTER = 2.0
"""Seconds after the last keystroke before the recovery copy is written."""

AUTOSAVE_AT_LEAST = 10.0
"""Seconds of typing without a pause after which the recovery copy is written anyway."""

PendingRows = list[tuple[str, Any]]
"""(review path, value) pairs of row forms the user has open but not yet committed."""

_MISSING = object()


@dataclass(frozen=True)
class HeldText:
    """Text typed into a dialog that the review does not hold yet (the user has not confirmed it).

    At a hang-up or crash it is kept: `place` puts it where it belongs in a copy of the review
    (a meeting decision, a hint's dismissal reason); without a place, the recovery copy keeps it
    with a note saying `what` it was.
    """

    what: str
    """What the text is, in words ("Decision (meeting)", "New review file name")."""
    text: str
    place: Callable[[Review], object] | None = None


@dataclass(frozen=True)
class Pending:
    """What the user has typed that the review does not hold until it is confirmed: open row forms
    and dialogs' text."""

    rows: PendingRows
    texts: tuple[HeldText, ...] = ()


class EditorSource(Protocol):
    """The editors on screen, as the session sees them (the app gives one: `Session.attach`)."""

    def shown(self) -> Iterable[tuple[str, object]]:
        """(review path, value) of every mounted editor: what the user sees, maybe not yet applied."""

    def pending(self) -> Pending:
        """Open row forms and dialogs' typed text."""

    def applied(self, changes: list[Applied]) -> None:
        """The session took these changes from the editors (so what shows the review can follow)."""


class _NoEditors:
    """A session with no editor attached (the command line, tests)."""

    def shown(self) -> Iterable[tuple[str, object]]:
        return ()

    def pending(self) -> Pending:
        return Pending([])

    def applied(self, changes: list[Applied]) -> None:
        pass


# -- outcomes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Applied:
    """`Session.apply` changed the value at `path`; `dirty_changed` when the review became unsaved
    (or saved again, by typing back what is on disk)."""

    path: str
    dirty_changed: bool


@dataclass(frozen=True)
class Refused:
    """`Session.apply` refused a change: the review is read-only (`why`)."""

    why: str


@dataclass(frozen=True)
class Saved:
    """The review is on disk: `files` are FILE.toml and FILE.md (or the copy's pair)."""

    files: tuple[Path, ...]
    kept_markdown: Path | None = None
    """After an import: where the imported Markdown was kept before FILE.md replaced it."""
    copy_of: Path | None = None
    """Saved as a copy beside this review, which was left as it was on disk."""


@dataclass(frozen=True)
class PartlySaved:
    """FILE.toml is saved (the draft is safe) but FILE.md was not written: `why` says why, in one
    line without the file name. `markdown_ours` is False when FILE.md is not pirtui's to replace
    (written or edited by hand, or read-only): writing it needs the user's word."""

    toml: Path
    markdown: Path
    why: str
    markdown_ours: bool = True
    kept_markdown: Path | None = None


@dataclass(frozen=True)
class FileReadOnly:
    """FILE.toml's permissions forbid writing it (like vim's "readonly"): nothing is written until
    the user chooses to save a copy at `copy_path` or to overwrite the file all the same."""

    file: Path
    copy_path: Path


@dataclass(frozen=True)
class Conflict:
    """The file changed on disk since it was read here: ask (reload, save a copy, overwrite)."""

    difference: list[str]
    """Unified diff lines, on disk -> yours."""
    copy_path: Path
    """Where "save as copy" would write this editor's version."""


@dataclass(frozen=True)
class TakenOver:
    """Another editor took the review's lock after it was opened here: ask before saving."""

    by_whom: str


@dataclass(frozen=True)
class ReadOnly:
    """Someone else has the review and this editor did not take over: nothing is written."""

    why: str


@dataclass(frozen=True)
class Failed:
    """Writing `file` failed (`why` is one line naming it); the edits stay, in a recovery copy if
    `kept_in` is set, or nowhere on disk (`recovery_problem` says why)."""

    file: Path
    why: str
    kept_in: Path | None = None
    recovery_problem: str = ""


@dataclass(frozen=True)
class Reloaded:
    """The review was read again from disk; the edits made here are dropped, as the user chose."""

    path: Path


@dataclass(frozen=True)
class RecoveryOffer:
    """A recovery copy from an earlier session differs from the review: offer restore or discard."""

    copy_path: Path
    saved_at: str
    difference: list[str]
    review: Review


@dataclass(frozen=True)
class RecoveryNotice:
    """A recovery copy exists but cannot be offered now: one line to tell the user."""

    message: str


SaveOutcome = Saved | PartlySaved | FileReadOnly | Conflict | TakenOver | ReadOnly | Failed
"""What `Session.save` can come back with."""


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


def _read(path: Path) -> tuple[Review, Fingerprint | None]:
    # The fingerprint first: a change between the two reads then shows up as a conflict.
    fingerprint = fingerprint_of(path)
    review = load_frozen(path)
    return review, fingerprint


def _unplaced(pending: Pending) -> tuple[str, ...]:
    """The dialogs' text that has no place in the review, each line saying what it was."""
    return tuple(f"{held.what}: {held.text}" for held in pending.texts if held.place is None)


def _covers(path: str, inner: str) -> bool:
    """Whether review path `path` is `inner` or holds it ("timeline" holds "timeline.3")."""
    return inner == path or inner.startswith(path + ".")


class Session:
    """One open review: what is on disk, what is typed, and who else has it."""

    def __init__(
        self,
        path: Path,
        review: Review,
        fingerprint: Fingerprint | None,
        *,
        dirty: bool = False,
        imported_from: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.path = path
        """The review file (FILE.toml)."""
        self.review = review
        """The one Review every editor writes into."""
        self.fingerprint = fingerprint
        """What the file was when loaded or last saved here: a change since is a conflict."""
        self._unsure = dirty
        """Changed in a way `_originals` cannot tell apart from disk: unsaved until saved."""
        self._originals: dict[str, Any] = {}
        """Each review path edited since the last save (or open), and its value on disk then."""
        self.lock: Lock | None = None
        """This editor's lock of the review, when it got one."""
        self.read_only = ""
        """Why editing is refused ("read-only: opened by ..."); "" when the review is editable."""
        self.file_read_only = store.is_read_only(path)
        """FILE.toml's permissions forbid writing: editing goes on, a save asks (copy or overwrite)."""
        self.editors: EditorSource = _NoEditors()
        """Where whole-document reads pull the mounted editors' values from."""
        self._checks: LiveChecks | None = None
        self._today = date.today
        self._imported_from = imported_from
        self._lock_warned = False
        self._clock = clock
        self._edited_at = 0.0
        self._autosaved_at = clock()
        self._autosave_due = False
        self._rows_seen: PendingRows = []
        self._save_generation = 0

    # -- how a session begins -------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, **options: Any) -> Session:
        """The review at `path`, as it is on disk. Raises `store.ReviewFileError`."""
        review, fingerprint = _read(path)
        return cls(path, review, fingerprint, **options)

    @classmethod
    def create(cls, path: Path, today: date, **options: Any) -> tuple[Session, str]:
        """A new review at `path` (its ID from `pirtui.team.folder.create_review`), written at once.

        Returns the session and "" or, when it could not be written, the one-line problem: the
        session then holds the new review unsaved, so nothing is lost and saving can be retried.
        """
        from pirtui.team.folder import create_review

        review = create_review(path, today)
        try:
            store.save(path, review)
        except store.ReviewFileError as error:
            return cls(path, review, Fingerprint(exists=False), dirty=True, **options), str(error)
        return cls(path, review, fingerprint_of(path), **options), ""

    @classmethod
    def import_markdown(cls, source: Path, target: Path, **options: Any) -> tuple[Session, list[str]]:
        """A review imported from the Markdown `source`, its TOML written to `target`; and the
        importer's warnings. Raises `store.ReviewFileError` or `importer.NotAReview`."""
        from pirtui.core.importer import import_file

        result = import_file(source)
        # Only the TOML: rendering FILE.md now would overwrite the Markdown just imported.
        store.atomic_write(target, store.dumps(result.review))
        return cls(target, result.review, fingerprint_of(target), imported_from=source, **options), result.warnings

    # -- editing --------------------------------------------------------------------------------

    def attach(self, editors: EditorSource) -> None:
        """The editors that show this review: every whole-document read pulls from them first."""
        self.editors = editors

    @property
    def checks(self) -> LiveChecks:
        """The review's findings, section states and counts, kept up to date by `apply`."""
        if self._checks is None or self._checks.checker.review is not self.review:
            self._checks = LiveChecks(self.review, self._today())
        return self._checks

    def apply(self, path: str, value: object, *, check: bool = True) -> Applied | Refused | None:
        """Write one change into the review: None when the review already holds `value`, `Refused`
        when it is read-only, else `Applied`. With `check` (not on a hang-up or crash, where a
        check may be the bug) the live checks re-check the path's section."""
        try:
            old = get_path(self.review, path)
        except (AttributeError, IndexError, ValueError):
            old = _MISSING
        if old == value:
            return None
        if self.read_only:
            return Refused(self.read_only)
        was_dirty = self.dirty
        set_path(self.review, path, value)
        if old is _MISSING:
            self.edited()
        else:
            self.edited(path, old)
        if check:
            self.checks.edited(path)
        return Applied(path, self.dirty != was_dirty)

    def pull(self, *, check: bool = True) -> list[Applied]:
        """The one choke point: take what every mounted editor shows into the review, since keys of
        a burst may not have been reported yet. Called by every whole-document read."""
        changes = [change for path, value in list(self.editors.shown()) if isinstance(change := self.apply(path, value, check=check), Applied)]
        if changes:
            self.editors.applied(changes)
        return changes

    def unsaved(self) -> bool:
        """Whether anything typed is not on disk, the keys the editors have not reported included."""
        self.pull()
        return self.dirty

    def whole_review(self) -> Review:
        """The review with everything the editors show in it: for render, preview, presentation, check."""
        self.pull()
        return self.review

    def change(self, change: Callable[[Review], object]) -> bool:
        """Change the review as a whole (a meeting's capture), after taking what the editors show;
        False when it is read-only. The editors must be built again from the review afterwards."""
        if self.read_only:
            return False
        self.pull()
        change(self.review)
        self.edited()
        self._checks = None
        return True

    @property
    def dirty(self) -> bool:
        """The review differs from what is on disk (typing a letter and deleting it is not a change)."""
        return self._unsure or any(self._differs(path, old) for path, old in self._originals.items())

    @dirty.setter
    def dirty(self, value: bool) -> None:
        # True: unsaved whatever is typed next; False: the review is what is on disk now.
        self._unsure = value
        self._originals = {}

    def _differs(self, path: str, old: Any) -> bool:
        try:
            return get_path(self.review, path) != old
        except (AttributeError, IndexError, ValueError):
            return True

    def edited(self, path: str | None = None, old: Any = None) -> None:
        """The review changed (at `path`, which held `old`): a recovery copy is due once the typing
        pauses, and it is unsaved while it differs from what is on disk."""
        self._edited_at = self._clock()
        self._autosave_due = True
        if path is None:
            self._unsure = True
        elif not any(_covers(known, path) for known in self._originals):
            if any(_covers(path, known) for known in self._originals):
                # A whole table replaced after one of its rows was edited: its value on disk is no
                # longer at hand, so it stays unsaved until saved.
                self._unsure = True
            else:
                # A shallow copy: editors replace rows and values rather than change them in place.
                self._originals[path] = copy.copy(old)

    def discard_edits(self) -> None:
        """The user chose to lose the unsaved edits: the recovery copy goes too."""
        from pirtui.core.recovery import discard_recovery

        self.dirty = False
        discard_recovery(self.path)

    def snapshot(self, pending: Pending | PendingRows) -> Review:
        """A copy of the review with the open row forms' values and the dialogs' placed text in it,
        safe to write from a thread."""
        if not isinstance(pending, Pending):
            pending = Pending(pending)
        copy = self.review.model_copy(deep=True)
        for path, value in pending.rows:
            set_path(copy, path, value)
        for held in pending.texts:
            if held.place is not None:
                held.place(copy)
        return copy

    # -- two editors ----------------------------------------------------------------------------

    def take_lock(self) -> Lock | Held | NoLock:
        """Lock the review for this editor. `Held`: another editor has it; the app asks the user
        and then calls `take_over` or `go_read_only`."""
        from pirtui.core.lock import acquire

        self.read_only = ""
        result = acquire(self.path)
        self.lock = result if isinstance(result, Lock) else None
        return result

    def take_over(self) -> Lock | Held | NoLock:
        """Take the lock because the user chose to. `Held`: yet another editor has it now, and
        nothing changed; otherwise the review is editable again."""
        from pirtui.core.lock import take_over

        taken = take_over(self.path)
        if isinstance(taken, Held):
            return taken
        self.lock = taken if isinstance(taken, Lock) else None
        self.read_only = ""
        return taken

    def go_read_only(self, held: Held) -> None:
        """The user chose to look without editing while `held` has the review."""
        self.lock = None
        description = held.describe()
        self.read_only = f"read-only: {description[0].lower()}{description[1:]}"

    def release_lock(self) -> None:
        """Let other editors have the review (when this one held it)."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def lock_taken_by(self) -> str:
        """Who took the review's lock from this editor; "" when it is still ours (or simply gone)."""
        from pirtui.core.lock import Owner

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

    # -- an earlier session's words -------------------------------------------------------------

    def recovery(self) -> RecoveryOffer | RecoveryNotice | None:
        """A recovery copy left by an earlier session, to offer; an identical one is dropped silently."""
        from pirtui.core.recovery import describe_difference, discard_recovery, find_recovery

        copy = find_recovery(self.path)
        if copy is None:
            return None
        if copy.review is None:
            return RecoveryNotice(f"A recovery copy cannot be read: {copy.problem}")
        difference = describe_difference(self.review, copy.review)
        # Dialogs' text that had no place in the review: shown with the difference, never dropped.
        difference += [f"+ typed into {line}" for line in copy.typed]
        if not difference:
            discard_recovery(self.path)
            return None
        if self.read_only:
            return RecoveryNotice(f"Unsaved edits of this review are kept in {copy.path}; take over to restore them.")
        return RecoveryOffer(copy.path, copy.saved_at, difference, copy.review)

    def drop_recovery(self) -> None:
        """The user chose to discard the earlier session's recovery copy."""
        from pirtui.core.recovery import discard_recovery

        discard_recovery(self.path)

    def restore(self, offer: RecoveryOffer) -> None:
        """Take the recovered review as the one being edited: unsaved until the user saves."""
        self.review = offer.review
        self.edited()

    # -- saving ---------------------------------------------------------------------------------

    def save(self, *, replace_markdown: bool = False) -> SaveOutcome:
        """Save, unless that would overwrite someone else's words without asking.

        `replace_markdown`: the user said FILE.md may be replaced although pirtui did not write it
        (or it is read-only); FILE.toml is never overwritten without asking all the same.
        """
        self.pull()
        if self.read_only:
            return ReadOnly(self.read_only)
        if self.lock is not None and not self._lock_warned:
            who = self.lock_taken_by()
            if who:
                return TakenOver(who)
        if self._changed_on_disk():
            return self._conflict()
        self.file_read_only = store.is_read_only(self.path)
        if self.file_read_only:
            return FileReadOnly(self.path, store.copy_path(self.path, datetime.now()))
        return self.write(replace_markdown=replace_markdown)

    def save_after_take_over(self) -> SaveOutcome:
        """The user saw that someone took over and said save anyway: not asked again for this review."""
        self._lock_warned = True
        return self.save()

    def write(self, *, overwrite_read_only: bool = False, replace_markdown: bool = False) -> Saved | PartlySaved | Failed:
        """Write FILE.toml and FILE.md now, without asking about a change on disk (the user chose to
        overwrite). A read-only FILE.toml is written only with `overwrite_read_only`, a FILE.md that
        is not pirtui's only with `replace_markdown`. When only FILE.toml could be written, what is
        on disk is what this editor wrote (no false "changed on disk" next time) and the outcome
        says why FILE.md was not."""
        self.pull()
        try:
            kept = self._keep_imported_markdown()
            md_path = store.save(
                self.path,
                self.review,
                overwrite_read_only=overwrite_read_only or replace_markdown,
                force=replace_markdown,
            )
        except store.PartialSave as partial:
            self._written()
            ours = not isinstance(partial.cause, (store.ReadOnlyFile, store.NotOurMarkdown))
            return PartlySaved(self.path, partial.not_written, partial.reason, ours, kept)
        except store.ReviewFileError as error:
            return self._failed(self.path, str(error))
        self._written()
        return Saved((self.path, md_path), kept_markdown=kept)

    def _written(self) -> None:
        """FILE.toml now holds this editor's review: remember it as what is on disk."""
        from pirtui.core.recovery import discard_recovery

        self.fingerprint = fingerprint_of(self.path)
        self.file_read_only = store.is_read_only(self.path)
        self._save_generation += 1
        self.dirty = False
        discard_recovery(self.path)

    def comments_notice(self) -> str:
        """One line telling the user that FILE.toml holds comments written by hand and that a save
        keeps them; "" when it holds none (or cannot be read)."""
        try:
            comments = store.hand_written_comments(store.read_text(self.path))
        except store.ReviewFileError:
            return ""
        if not comments:
            return ""
        lines = ", ".join(str(number) for number, _text in comments[:5]) + ("..." if len(comments) > 5 else "")
        return (
            f"{self.path.name} has comments written by hand (line{'s' * (len(comments) > 1)} {lines}); "
            "saving keeps them (one whose row or key goes moves to the end of the file)"
        )

    def save_copy(self, copy: Path) -> Saved | Failed:
        """Write this editor's version at `copy`, leaving the changed file on disk alone."""
        from pirtui.core.recovery import discard_recovery

        self.pull()
        try:
            md_path = store.save(copy, self.review)
        except store.ReviewFileError as error:
            return self._failed(copy, str(error))
        discard_recovery(self.path)
        self.dirty = False
        return Saved((copy, md_path), copy_of=self.path)

    def reload(self) -> Reloaded | Failed:
        """Read the review again from disk, dropping the edits made here (the user chose so)."""
        from pirtui.core.recovery import discard_recovery

        try:
            self.review, self.fingerprint = _read(self.path)
        except store.ReviewFileError as error:
            return Failed(self.path, f"Not reloaded, your edits stay: {error}")
        self.dirty = False
        self._lock_warned = False
        discard_recovery(self.path)
        return Reloaded(self.path)

    def _changed_on_disk(self) -> bool:
        """Whether the file holds words this editor has not seen. A deleted file holds none."""
        fingerprint = self.fingerprint
        return fingerprint is not None and self.path.exists() and changed_on_disk(self.path, fingerprint)

    def _conflict(self) -> Conflict:
        from pirtui.core.recovery import diff_texts

        try:
            on_disk = store.read_text(self.path)
        except store.ReviewFileError as error:
            on_disk = f"(cannot read the file on disk: {error})"
        difference = diff_texts(on_disk, store.dumps(self.review), "on disk", "yours")
        return Conflict(difference, store.conflict_copy_path(self.path, datetime.now()))

    def _failed(self, file: Path, why: str) -> Failed:
        """A save failed: keep the words in a recovery copy meanwhile."""
        from pirtui.core.recovery import write_recovery

        try:
            where = write_recovery(self.path, self.review)
        except store.ReviewFileError as error:
            return Failed(file, why, recovery_problem=str(error))
        return Failed(file, why, kept_in=where)

    def _keep_imported_markdown(self) -> Path | None:
        """Before the first save after an import, keep the imported Markdown beside the review."""
        original, self._imported_from = self._imported_from, None
        if original is None or store.markdown_path(self.path).resolve() != original.resolve():
            return None
        return store.keep_original(original)

    # -- autosave -------------------------------------------------------------------------------

    def autosave_due(self, rows: PendingRows | None = None) -> bool:
        """Whether a recovery copy should be written now (the app asks a few times a second).

        Due a couple of seconds after the typing pauses, or every AUTOSAVE_AT_LEAST seconds while it
        goes on; a row form or a dialog being typed in counts as typing. Answering True starts the
        wait again. `rows`: the open row forms (by default what the attached editors hold).
        """
        if self.read_only:
            return False
        if rows is None:
            pending = self.editors.pending()
            rows = pending.rows + [(held.what, held.text) for held in pending.texts]
        now = self._clock()
        if rows != self._rows_seen:
            self._rows_seen = rows
            if rows:
                self._edited_at = now
                self._autosave_due = True
        paused = now - self._edited_at >= AUTOSAVE_AFTER
        if not self._autosave_due or not (paused or now - self._autosaved_at >= AUTOSAVE_AT_LEAST):
            return False
        self._autosave_due = False
        self._autosaved_at = now
        return self.dirty or bool(rows)

    def recovery_job(self, rows: PendingRows | None = None) -> Callable[[], str]:
        """The writing of a recovery copy, to run in a thread: returns "" or the one-line problem.

        Takes its copy of the review now (with what the editors show, the open row forms and the
        dialogs' text); a save that overtakes the write makes the copy useless, so it is removed again.
        """
        self.pull()
        pending = self.editors.pending() if rows is None else Pending(rows)
        review, generation = self.snapshot(pending), self._save_generation
        typed = _unplaced(pending)

        def write() -> str:
            from pirtui.core.recovery import discard_recovery, write_recovery

            try:
                write_recovery(self.path, review, typed)
            except store.ReviewFileError as error:
                return str(error)
            if generation != self._save_generation:
                discard_recovery(self.path)  # a save overtook this copy: it holds nothing the review lacks
            return ""

        return write

    # -- ending unasked -------------------------------------------------------------------------

    def _last_words(self, rows: PendingRows | None) -> Pending:
        """On the way out: what the editors show into the review (no checks: a check may be the
        bug), and what is pending. Whatever fails here, the words in the review still go out."""
        try:
            self.pull(check=False)
            return self.editors.pending() if rows is None else Pending(rows)
        except Exception:  # noqa: BLE001
            return Pending(rows or [])

    def save_on_hang_up(self, rows: PendingRows | None = None) -> str:
        """For a hang-up or SIGTERM (called once): save the review, or keep the edits in the
        recovery copy. Dialogs' text goes where it belongs in the review, or, without a place, into
        the recovery copy with a note saying what it was. `rows`: the open row forms (by default
        what the attached editors hold).

        Returns the one line to print on the way out ("" when there was nothing to keep). Never raises.
        """
        from pirtui.core.recovery import save_or_recover, write_recovery

        pending = self._last_words(rows)
        try:
            typed = _unplaced(pending)
            placed = [held for held in pending.texts if held.place is not None]
            if not self.dirty and not pending.rows and not placed:
                if not typed:
                    return ""
                # Only text with no place in the review: the review itself is not written again.
                where = write_recovery(self.path, self.review, typed)
                return f"Text typed into a dialog is kept in recovery copy {where}"
            review = self.snapshot(pending) if pending.rows or pending.texts else self.review
            if self.read_only or self.lock_taken_by():
                where = write_recovery(self.path, review, typed)
                return f"Edits kept in recovery copy {where} (someone else has {self.path.name} open)"
            self._keep_imported_markdown()
            places = self.unsaved_places(pending.rows) + [held.what for held in pending.texts]
            line = save_or_recover(self.path, review, self.fingerprint)
            if typed:
                where = write_recovery(self.path, review, typed)
                line += f"; text typed into a dialog is kept in recovery copy {where}"
            if line.startswith("Saved "):
                self._note_for_next_time(f"Saved on hang-up at {datetime.now():%H:%M}", places)
            return line
        except Exception as error:  # noqa: BLE001 - last resort: try the bare review once more
            try:
                return save_or_recover(self.path, self.review, self.fingerprint)
            except Exception:  # noqa: BLE001
                return f"Edits NOT saved: {error}"
        finally:
            self.release_lock()

    def unsaved_places(self, rows: PendingRows) -> list[str]:
        """Where the unsaved edits are, in words: "Executive Summary", "Timeline row 2" (the open row forms)."""
        from pirtui.core.sections import editable_sections

        places: list[str] = []
        for section in editable_sections(self.review):
            if any(_covers(mine, edited) or _covers(edited, mine) for mine in section.paths for edited in self._originals):
                places.append(section.heading)
        for path, value in rows:
            places.append(self._row_place(path, value))
        return places

    def _row_place(self, path: str, value: Any) -> str:
        from pirtui.core.sections import sections_for

        table, _, index = path.partition(".")
        if not index:  # a new row: the whole table, with the row where it will go
            old = list(cast(Iterable[Any], get_path(self.review, table)))
            index = str(next((i for i, row in enumerate(value) if i >= len(old) or row != old[i]), len(old)))
        label = next((b.label for s in sections_for(self.review) for b in s.blocks if b.path == table and b.label), table)
        return f"{label} row {int(index.split('.')[0]) + 1}"

    def _note_for_next_time(self, what: str, places: list[str]) -> None:
        from pirtui.core import state

        state.remember_note(self.path, f"{what}: {', '.join(places)}" if places else what)

    def take_note(self) -> str:
        """What happened to this review while nobody could be told (a hang-up's save), once; "" when nothing."""
        from pirtui.core import state

        return state.take_note(self.path)

    def save_on_crash(self, error: BaseException, rows: PendingRows | None = None) -> str:
        """A bug of ours (called once): write the crash report, keep the edits and the dialogs'
        text in the recovery copy (offered at the next start), release the lock. Returns the one
        line to end with. Never raises."""
        from pirtui.core.crash import crash_line
        from pirtui.core.recovery import write_recovery

        line = crash_line(error)
        pending = self._last_words(rows)
        kept = ""
        try:
            if self.dirty or pending.rows or pending.texts:
                where = write_recovery(self.path, self.snapshot(pending), _unplaced(pending))
                kept = f"; your edits are kept in {where} and offered when you open {self.path.name} again"
        except Exception as failure:  # noqa: BLE001
            kept = f"; your edits could NOT be kept: {' '.join(str(failure).split())}"
        self.release_lock()
        return line + kept

