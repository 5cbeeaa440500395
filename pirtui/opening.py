"""How the editor comes to have a review: load a file, create a new one, import Markdown, or pick one.

`pirtui FILE` may name an existing review, a file to create, or a .md to import; `pirtui FOLDER`
starts at the review list, where a review is picked later. Each way ends the same: the app adopts
the review, locks it, offers a recovery copy, and shows the section where the user left off.
"""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pirtui import store
from pirtui.fingerprint import Fingerprint
from pirtui.inert import inert
from pirtui.model import Review, new_review
from pirtui.safeguards import fingerprint_of

if TYPE_CHECKING:
    from pirtui.app import PirtuiApp


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


class Opener:
    """Opens the review the command line named (or the one picked in the review list) for the app."""

    def __init__(self, app: PirtuiApp, path: Path | None) -> None:
        """Load `path` now when it is an existing review, so a `store.ReviewFileError` reaches the
        caller before the terminal is taken over; otherwise remember it to ask about once mounted."""
        self.app = app
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

    def _load(self, path: Path) -> None:
        # The fingerprint first: a change between the two reads then shows up as a conflict.
        fingerprint = fingerprint_of(path)
        self.app.adopt(path, load_frozen(path), fingerprint)

    def start(self) -> None:
        """Once mounted: show the loaded review, ask about a file to create or import, or list the folder."""
        app = self.app
        if app.review is not None:
            self.start_review()
        elif self._pending is not None:
            self._offer_pending(self._pending)
        else:
            self._show_folder(app.folder or Path.cwd())

    def start_review(self) -> None:
        """Lock the review (or ask what to do when someone else has it), offer a recovery copy,
        then show where the user left off."""
        guard = self.app.guard
        guard.take_lock(lambda: guard.offer_recovery(self.app.show_position))

    def _offer_pending(self, path: Path) -> None:
        from pirtui.screens.dialogs import ConfirmDialog

        app = self.app
        if path.suffix.lower() == ".md":
            target = path.with_suffix(".toml")
            question = f"Import {path.name} into a new review {target.name}?"

            def answered(yes: bool | None) -> None:
                if yes:
                    self._import(path, target)
                else:
                    app.exit(0)

        else:
            question = f"{path.name} does not exist. Create a new review there?"

            def answered(yes: bool | None) -> None:
                if yes:
                    self._create(path)
                else:
                    app.exit(0)

        app.push_screen(ConfirmDialog(question, "Yes", "No"), answered)

    def _create(self, path: Path) -> None:
        from pirtui.folder import next_incident_id

        app = self.app
        today = date.today()
        review = new_review(next_incident_id(path.parent, today.year), today.isoformat())
        try:
            store.save(path, review)
        except store.ReviewFileError as error:
            app.notify(inert(str(error)), severity="error", timeout=10, markup=False)
            app.adopt(path, review, Fingerprint(exists=False))
            app.dirty = True
            app.update_title()
        else:
            app.adopt(path, review, fingerprint_of(path))
            app.notify(inert(f"Created {path.name}"), markup=False)
        self.start_review()

    def _import(self, source: Path, target: Path) -> None:
        from pirtui.importer import NotAReview, import_file

        app = self.app
        try:
            result = import_file(source)
            # Only the TOML: rendering FILE.md now would overwrite the Markdown just imported.
            store.atomic_write(target, store.dumps(result.review))
        except (store.ReviewFileError, NotAReview) as error:
            app.exit(2, return_code=2, message=str(error))
            return
        app.adopt(target, result.review, fingerprint_of(target))
        self._markdown_original = source
        more = f"; {len(result.warnings)} things to check (F8)" if result.warnings else ""
        app.notify(f"Imported {source.name} into {target.name}{more}")
        self.start_review()

    def keep_imported_markdown(self) -> None:
        """Before the first save after an import, keep the imported Markdown beside the review."""
        original = self._markdown_original
        path = self.app.path
        if original is None or path is None:
            return
        if store.markdown_path(path).resolve() == original.resolve():
            kept = store.keep_original(original)
            self.app.notify(f"The imported Markdown is kept as {kept.name}", timeout=6)
        self._markdown_original = None

    def _show_folder(self, folder: Path) -> None:
        app = self.app
        try:
            from pirtui.screens.review_list import ReviewListScreen
        except ImportError:
            app.exit(2, return_code=2, message=f"{folder}: the review list is not available in this build")
            return
        app.push_screen(ReviewListScreen(folder))

    def open_review(self, path: Path) -> None:
        """Open a review picked in the review list (asks first when the open one is unsaved)."""
        app = self.app

        def go() -> None:
            fingerprint = fingerprint_of(path)
            try:
                review = store.load(path)
            except store.ReviewFileError as error:
                app.notify(inert(str(error)), severity="error", timeout=10, markup=False)
                return
            app.remember_position()
            app.guard.release_lock()
            app.adopt(path, review, fingerprint)
            self.start_review()

        app.settle_then(go)
