"""Has the review file changed on disk since the editor loaded it?

Someone else may save the same review while it is open here (a second editor who took over the lock,
a `git pull`, a hand edit). Saving blindly would throw their words away. The editor takes a
`Fingerprint` of the file when it loads it and again after each of its own saves, and asks
`changed_on_disk` before every save: if the file changed, it must not overwrite it silently.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

_CHUNK = 1 << 20


@dataclass(frozen=True)
class Fingerprint:
    """What a file was when last read or written here: enough to tell whether it changed since."""

    exists: bool
    mtime_ns: int = 0
    size: int = 0
    sha256: str = ""
    """Of the content: decides, because mtime has a coarse clock tick and `touch` changes it alone."""

    @classmethod
    def of(cls, path: Path) -> Fingerprint:
        """The file's fingerprint now; a missing file gives `exists=False` (a new review not yet saved).

        Raises OSError when the file exists but cannot be read, or is not a regular file (a FIFO
        would block the read forever; O_NONBLOCK keeps even the open from waiting).
        """
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
            with os.fdopen(fd, "rb") as handle:
                info = os.fstat(fd)
                if not stat.S_ISREG(info.st_mode):
                    raise OSError(errno.EINVAL, "not a regular file", str(path))
                digest = hashlib.sha256()
                while chunk := handle.read(_CHUNK):
                    digest.update(chunk)
        except FileNotFoundError:
            return cls(exists=False)
        return cls(exists=True, mtime_ns=info.st_mtime_ns, size=info.st_size, sha256=digest.hexdigest())


def changed_on_disk(path: Path, fingerprint: Fingerprint) -> bool:
    """Whether the file's content differs from when `fingerprint` was taken (created, deleted or edited).

    A file rewritten with the same content (or only touched) counts as unchanged: overwriting it
    loses nothing. A file that cannot be read any more counts as changed: when in doubt, never
    overwrite silently.
    """
    try:
        now = Fingerprint.of(path)
    except OSError:
        return True
    if now.exists != fingerprint.exists:
        return True
    return now.size != fingerprint.size or now.sha256 != fingerprint.sha256


def fingerprint_of(path: Path) -> Fingerprint | None:
    """The file's fingerprint, or None when it cannot be read (then no change can be detected)."""
    try:
        return Fingerprint.of(path)
    except OSError:
        return None
