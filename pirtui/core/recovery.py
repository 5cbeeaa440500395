"""Recovery copies: the user's unsaved words, kept outside the review until it is saved.

The editor writes a recovery copy a couple of seconds after the user stops typing (autosave), and on
a hang-up, termination or crash when the review itself cannot be saved. The next start on that
review finds it, shows what differs from the saved review, and offers to restore it. A normal save
removes it.

Copies live under the XDG state directory ($XDG_STATE_HOME, else ~/.local/state) in
pirtui/recovery/, never beside the review: the review's folder may be read-only or shared, and a
half-typed draft is private. Each copy is named after the review's stem plus a hash of its absolute
path, is written atomically with mode 0600, and is itself a valid review file (the metadata sits in
TOML comments), so a person can open it with pirtui by hand.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pirtui.core import store
from pirtui.core.fingerprint import Fingerprint, changed_on_disk
from pirtui.core.model import Review
from pirtui.core.store import ReviewFileError
from pirtui.core.xdg import state_dir

_HEADER = "# pirtui recovery copy: unsaved edits of a review. Open this file with pirtui to read them.\n"
_ORIGINAL = "# original = "
_SAVED_AT = "# saved_at = "
_TYPED = "# typed = "
"""One line per dialog text that had no place in the review at a hang-up or crash ("what: text")."""


def recovery_dir() -> Path:
    """The folder of recovery copies, following the XDG base directory rules."""
    return state_dir() / "recovery"


def recovery_path(review_path: Path) -> Path:
    """Where the recovery copy of a review goes: readable stem, plus a hash so that two
    INC-1.toml in different folders never share a copy."""
    original = _absolute(review_path)
    digest = hashlib.sha256(os.fsencode(original)).hexdigest()[:16]
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", original.stem)[:40] or "review"
    return recovery_dir() / f"{stem}-{digest}.toml"


@dataclass(frozen=True)
class RecoveryCopy:
    """A recovery copy found for a review, for the "restore unsaved edits?" dialog."""

    path: Path
    """The recovery file itself."""
    original: str
    """The review it belongs to, as recorded when it was written."""
    saved_at: str
    """When it was written, ISO 8601 with UTC offset ("" if unknown)."""
    review: Review | None
    """The recovered review; None when the copy cannot be read (then `problem` says why)."""
    problem: str = ""
    typed: tuple[str, ...] = ()
    """Text typed into dialogs that had no place in the review ("New review file name: inc-9")."""


def write_recovery(review_path: Path, review: Review, typed: tuple[str, ...] = ()) -> Path:
    """Write (or replace) the recovery copy of a review; returns where it went. `typed`: dialogs'
    text with no place in the review, kept in the copy's header, each saying what it was.

    Raises ReviewFileError (one line) when it cannot be written, so autosave can say so.
    """
    original = _absolute(review_path)
    target = recovery_path(review_path)
    store.private_folder(target.parent)
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    # json.dumps escapes newlines and control characters, which a TOML comment may not hold.
    header = f"{_HEADER}{_ORIGINAL}{json.dumps(str(original))}\n{_SAVED_AT}{json.dumps(now)}\n"
    header += "".join(f"{_TYPED}{json.dumps(line)}\n" for line in typed)
    store.write_own_file(target, header + store.dumps(review), mode=0o600)
    return target


def find_recovery(review_path: Path) -> RecoveryCopy | None:
    """The recovery copy of a review, if one exists. Never raises: a damaged copy comes back with
    `review=None` and the problem, and stays on disk for a person to look at."""
    target = recovery_path(review_path)
    if not os.path.lexists(target):
        return None
    raw = store.read_own_file(target, store.MAX_FILE_BYTES)  # never through a link, never blocking
    try:
        text = raw.decode("utf-8") if raw is not None else None
    except UnicodeDecodeError:
        text = None
    if text is None:
        problem = f"{target}: not a regular UTF-8 file of pirtui's (a link, a FIFO, too large?); left as it is"
        return RecoveryCopy(target, "", "", None, problem)
    original = _header_value(text, _ORIGINAL)
    saved_at = _header_value(text, _SAVED_AT)
    try:
        # The copy lives in the state folder: its template (a team's) is found from the review's folder.
        review = store.loads(text, str(target), _absolute(review_path).parent)
    except ReviewFileError as error:
        return RecoveryCopy(target, original, saved_at, None, str(error))
    return RecoveryCopy(target, original, saved_at, review, typed=_typed_lines(text))


def discard_recovery(review_path: Path) -> None:
    """Remove the recovery copy of a review (after a normal save, or when the user declines it).
    Never raises: a copy that cannot be removed is harmless and found again next time."""
    try:
        recovery_path(review_path).unlink()
    except OSError:
        pass


def describe_difference(saved: Review | None, recovered: Review) -> list[str]:
    """What the recovered review changes in the saved one, as unified-diff lines of their TOML.

    `saved` is None when there is no saved review (a new file, or one that cannot be read).
    An empty list means the two are the same.
    """
    old = store.dumps(saved) if saved is not None else ""
    return diff_texts(old, store.dumps(recovered), "saved review", "recovery copy")


def diff_texts(old: str, new: str, old_name: str, new_name: str) -> list[str]:
    """Unified-diff lines between two texts; also for a file changed on disk that no longer loads."""
    lines = difflib.unified_diff(
        old.splitlines(), new.splitlines(), fromfile=old_name, tofile=new_name, lineterm=""
    )
    return list(lines)


def save_or_recover(review_path: Path, review: Review, fingerprint: Fingerprint | None = None) -> str:
    """Save the review, or, when that fails, keep the words in a recovery copy. Never raises.

    For the moments nobody can be asked: a hang-up, SIGTERM, a crash. Pass the `fingerprint` taken
    at load (or the last save): if the file changed on disk since, it is not overwritten and the
    words go to the recovery copy instead. Returns one line saying what was written where.
    """
    review_path = Path(review_path)
    if fingerprint is not None and changed_on_disk(review_path, fingerprint):
        reason = f"{review_path}: changed on disk since it was loaded, not overwritten"
    else:
        try:
            store.save(review_path, review)
        except store.PartialSave as partial:  # the review is safe; only its Markdown is not written
            discard_recovery(review_path)
            return f"Saved {review_path}; {partial.not_written} not written: {partial.reason}"
        except Exception as error:  # noqa: BLE001 - last resort: whatever failed, the words go somewhere
            reason = _one_line(error, review_path)
        else:
            discard_recovery(review_path)
            return f"Saved {review_path}"
    try:
        where = write_recovery(review_path, review)
    except Exception as error:  # noqa: BLE001
        also = _one_line(error, recovery_path(review_path))
        return f"Edits NOT saved: {reason}; recovery copy failed too: {also}"
    return f"Edits kept in recovery copy {where} ({reason})"


def _one_line(error: BaseException, path: Path) -> str:
    if isinstance(error, ReviewFileError):
        return str(error)
    text = " ".join(str(error).split()) or type(error).__name__
    return f"{path}: {text}"


def _header_value(text: str, prefix: str) -> str:
    for line in text.splitlines()[:5]:
        if line.startswith(prefix):
            try:
                value = json.loads(line[len(prefix) :])
            except ValueError:
                return ""
            return value if isinstance(value, str) else ""
    return ""


def _typed_lines(text: str) -> tuple[str, ...]:
    """The `# typed = ` lines of a copy's header (the comment lines before the review's TOML)."""
    typed: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if line.startswith(_TYPED):
            try:
                value = json.loads(line[len(_TYPED) :])
            except ValueError:
                continue
            if isinstance(value, str):
                typed.append(value)
    return tuple(typed)


def _absolute(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(path).absolute()
