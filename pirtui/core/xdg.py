"""Where pirtui keeps its own files (state, recovery copies, crash reports, caches), per the XDG
rules, and the one rule for writing and reading them (`write_own_file`, `read_own_file`).

The rule lives here, at the bottom of the core, so that the template loader (which keeps checked
templates in the cache) can follow it; `pirtui.core.store` re-exports it under the same names.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def state_dir() -> Path:
    """pirtui's folder under $XDG_STATE_HOME (an absolute path), else under ~/.local/state."""
    base = os.environ.get("XDG_STATE_HOME", "").strip()
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".local" / "state"
    return root / "pirtui"


def cache_dir() -> Path:
    """pirtui's folder under $XDG_CACHE_HOME (an absolute path), else under ~/.cache: results that
    can be made again (see `pirtui.core.result_cache`)."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "pirtui"


class ReviewFileError(Exception):
    """A review file (or one of pirtui's own) cannot be read or written; the message is one line
    naming the file. `pirtui.core.store` re-exports it; its kinds (read-only, not ours) are there."""


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in a few words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a plain file"


OWN_FILE_MAX_BYTES = 1024 * 1024
"""pirtui's own small files (beacon, lock, state) are far below this; a larger one is not ours."""


def write_own_file(path: Path, text: str | bytes, mode: int = 0o600, *, durable: bool = True) -> None:
    """The one rule for files pirtui names itself (beacon, lock, recovery copy, notes, state, index,
    crash report, site files): never written through a symbolic link, never into a FIFO, device or
    socket. Anything but a regular file (or nothing) at `path` is refused with one line naming it,
    the file is created with `mode` (0600 by default: these files are private) and renamed over the
    name itself, so a link swapped in after the check is replaced, not followed.

    Files the user names (FILE.toml, FILE.md, `-o`) follow `atomic_write` instead: through a link.
    `durable=False` skips the fsyncs, for files made again from their sources (a site's pages).
    """
    import tempfile  # imported by the first write, not by every command that only reads

    path = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise ReviewFileError(f"{path}: cannot save: {error.strerror or error}") from None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise ReviewFileError(f"{path}: is a symbolic link; pirtui's own files are never written through one")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise ReviewFileError(f"{path}: not a regular file ({kind_of(info.st_mode)}); not replaced")
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
        if durable:
            fsync_folder(path.parent)
    except OSError as error:
        raise ReviewFileError(f"{path}: cannot save: {error.strerror or error}") from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def read_own_file(path: Path, max_bytes: int = OWN_FILE_MAX_BYTES) -> bytes | None:
    """The bytes of one of pirtui's own files, or None when it is missing, a link, not a regular
    file, larger than `max_bytes` or unreadable. Opened without following a link and without
    blocking (a FIFO planted there returns at once and is refused), so no reader ever waits."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks = []
        size = 0
        while size <= max_bytes:
            chunk = os.read(fd, max_bytes + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)
    return None if size > max_bytes else b"".join(chunks)


def private_folder(folder: Path) -> Path:
    """Create `folder` (and its parents) for pirtui's private files: the folder itself is 0700, as
    ssh's is. A folder that is not this user's own (a link to someone else's, a file) is refused
    (ReviewFileError); a link to a folder of one's own (dotfiles kept elsewhere) is fine."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = os.stat(folder)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
            raise ReviewFileError(f"{folder}: not a folder of this user's; pirtui's private files are not written there")
        if stat.S_IMODE(info.st_mode) & 0o077 and info.st_uid == os.geteuid():
            os.chmod(folder, 0o700)
    except OSError as error:
        raise ReviewFileError(f"{folder}: cannot create: {error.strerror or error}") from None
    return folder


def fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
