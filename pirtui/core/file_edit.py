"""Changing a review file from a command (timeline add, history --add, a status set in the actions
view) the way the editor saves it: under the review's lock, only if the file on disk is still what
was read, TOML and Markdown written atomically. One place, so the commands cannot drift apart."""

from __future__ import annotations

from pathlib import Path

from pirtui.core import lock, store
from pirtui.core.fingerprint import Fingerprint, changed_on_disk
from pirtui.core.model import Review


def save_unattended(path: Path, review: Review, read_as: Fingerprint | None) -> Path:
    """Save `review` to `path` (which was `read_as` when it was loaded); returns FILE.md's path.

    Raises `store.ReviewFileError`, one line: another editor has the review open (nothing written),
    the file changed on disk since it was read (nothing written), it cannot be written, or
    `store.PartialSave` when FILE.toml was written but FILE.md was not.
    """
    held = lock.acquire(path)
    if isinstance(held, lock.Held):
        raise store.ReviewFileError(f"{path}: not changed: {held.describe()}; close it there first")
    try:
        if read_as is not None and changed_on_disk(path, read_as):
            raise store.ReviewFileError(f"{path}: not changed: the file changed on disk since it was read; run it again")
        return store.save(path, review)
    finally:
        if isinstance(held, lock.Lock):
            held.release()
