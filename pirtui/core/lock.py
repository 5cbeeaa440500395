"""Who else has this review open? A lock file beside the review tells the second editor.

Two people may open one review on a shared host during a meeting. The first editor writes
`.FILE.toml.lock` beside `FILE.toml` (JSON: user, host, pid, since; mode 0600; created with
O_CREAT|O_EXCL so that two editors cannot both get it). The second is told who has it and opens
read-only unless its user chooses to take over.

Stale locks: a lock is only known to be stale when it was written on this host, in this boot, by a
process that is no longer alive (or after a reboot: a different boot id). Such a lock is replaced
silently. A lock from another host is never judged stale by age: that host's editor may be open
over a dropped-but-alive SSH session, and its clock may differ; the user sees who holds it and since
when, and decides whether to take over.

The lock is advisory: it tells people about each other. What protects the file's content is
`pirtui.core.fingerprint`, checked before every save.
"""

from __future__ import annotations

import getpass
import json
import os
import secrets
import socket
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

_MAX_LOCK_BYTES = 64 * 1024
_ATTEMPTS = 3


def lock_path(review_path: Path) -> Path:
    """Where the lock of a review lives: `.FILE.toml.lock` beside it (hidden, so folder views skip it).

    Beside the file itself, not a symbolic link to it: `pirtui link.toml` and `pirtui real.toml`
    edit one review and must see each other.
    """
    review_path = Path(os.path.realpath(review_path))
    return review_path.with_name(f".{review_path.name}.lock")


@dataclass(frozen=True)
class Owner:
    """The editor that holds a lock: enough to tell a person who it is and since when."""

    user: str
    host: str
    pid: int
    since: str
    """ISO 8601 with the writer's UTC offset, to the second."""
    boot_id: str = ""
    """Linux's boot id: a pid from an earlier boot of this host proves nothing about today's."""
    token: str = ""
    """Random, so that an editor only ever removes its own lock, never one taken over from it."""

    @classmethod
    def me(cls) -> Owner:
        """This process, now."""
        return cls(
            user=_user(),
            host=socket.gethostname(),
            pid=os.getpid(),
            since=datetime.now().astimezone().isoformat(timespec="seconds"),
            boot_id=_boot_id(),
            token=secrets.token_hex(8),
        )

    def describe(self) -> str:
        """One line for the "opened elsewhere" dialog.

        For example "alice on db-01 since 2026-11-27 14:32:05+00:00 (pid 4242)".
        """
        return f"{self.user} on {self.host} since {self.since.replace('T', ' ')} (pid {self.pid})"

    def to_json(self) -> str:
        """The lock file's content."""
        return json.dumps({"app": "pirtui", **asdict(self)}, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Owner | None:
        """The owner a lock file names, or None when it is not a lock this code wrote."""
        try:
            data = json.loads(text)
            owner = cls(
                user=data["user"],
                host=data["host"],
                pid=data["pid"],
                since=data["since"],
                boot_id=data.get("boot_id", ""),
                token=data.get("token", ""),
            )
        except (ValueError, TypeError, KeyError):
            return None
        texts = (owner.user, owner.host, owner.since, owner.boot_id, owner.token)
        texts_ok = all(isinstance(v, str) for v in texts)
        # pid <= 0 would make os.kill address a whole process group: refuse it here.
        pid_ok = isinstance(owner.pid, int) and not isinstance(owner.pid, bool) and owner.pid > 0
        return owner if texts_ok and pid_ok else None


@dataclass
class Lock:
    """This editor holds the review's lock; release it when the review is closed."""

    path: Path
    """The lock file."""
    owner: Owner

    def still_ours(self) -> bool:
        """Whether the lock file is still this one: false once another editor took over.

        Worth asking before a save, to tell the user that someone else now edits the review.
        """
        owner, _problem = _read(self.path)
        return owner is not None and owner.token == self.owner.token

    def release(self) -> None:
        """Remove the lock file if it is still ours; never raises (it runs on the way out)."""
        if self.still_ours():
            try:
                self.path.unlink()
            except OSError:
                pass


@dataclass(frozen=True)
class Held:
    """Another editor holds the review's lock: open read-only, or take over if the user says so."""

    path: Path
    """The lock file."""
    owner: Owner | None
    """None when the lock file cannot be read (damaged, or being written this very moment)."""
    problem: str = ""
    """Why the owner is unknown."""

    def describe(self) -> str:
        """One line saying who has the review open, for the dialog that offers read-only or take over."""
        if self.owner is not None:
            return f"Opened by {self.owner.describe()}"
        return f"Locked by an unknown editor ({self.problem}: {self.path})"


@dataclass(frozen=True)
class NoLock:
    """No lock could be made (read-only folder, full disk): editing goes on, others are not told."""

    reason: str
    """One line naming the lock file, to show the user."""


def acquire(review_path: Path) -> Lock | Held | NoLock:
    """Lock the review for this editor, or say who holds it. Never raises.

    A stale lock (this host, this boot, dead process) is replaced silently; so is one left by this
    very process.
    """
    path = lock_path(review_path)
    for _attempt in range(_ATTEMPTS):
        try:
            return _create(path)
        except FileExistsError:
            pass
        except OSError as error:
            return NoLock(f"{path}: cannot create the lock: {error.strerror or error}")
        owner, problem = _read(path)
        if problem == "gone":
            continue  # released between our create and our read: try again
        if owner is None or not _is_stale(owner):
            return Held(path, owner, problem)
        failure = _remove_if_unchanged(path, owner)
        if failure:
            return NoLock(f"{path}: cannot replace a stale lock: {failure}")
    owner, problem = _read(path)
    return Held(path, owner, problem or "contended")


def take_over(review_path: Path) -> Lock | Held | NoLock:
    """Take the lock from whoever holds it, because the user chose to. Never raises.

    The editor that held it finds out through `Lock.still_ours()`. Held comes back only when yet
    another editor grabbed the lock in the instant between removing the old one and writing ours.
    """
    path = lock_path(review_path)
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as error:
        return NoLock(f"{path}: cannot remove the lock: {error.strerror or error}")
    try:
        return _create(path)
    except FileExistsError:
        owner, problem = _read(path)
        return Held(path, owner, problem)
    except OSError as error:
        return NoLock(f"{path}: cannot create the lock: {error.strerror or error}")


def _create(path: Path) -> Lock:
    owner = Owner.me()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, 0o600)
    try:
        os.fchmod(fd, 0o600)  # the umask can only remove bits, but be explicit
        os.write(fd, owner.to_json().encode("utf-8"))
        os.fsync(fd)
    except OSError:
        os.close(fd)
        _unlink_quietly(path)
        raise
    os.close(fd)
    return Lock(path, owner)


def _read(path: Path) -> tuple[Owner | None, str]:
    """The lock's owner, or None and why not ("gone" when there is no lock file any more)."""
    from pirtui.core.store import read_own_file

    raw = read_own_file(path, _MAX_LOCK_BYTES)  # never follows a link, never blocks on a FIFO
    if raw is None:
        if not os.path.lexists(path):
            return None, "gone"
        return None, "unreadable lock file (a link, not a regular file, or too large)"
    owner = Owner.from_json(raw.decode("utf-8", errors="replace"))
    return (owner, "") if owner is not None else (None, "damaged lock file")


def _is_stale(owner: Owner) -> bool:
    if owner.host != socket.gethostname():
        return False
    here_boot = _boot_id()
    if owner.boot_id and here_boot and owner.boot_id != here_boot:
        return True
    return owner.pid == os.getpid() or not _pid_alive(owner.pid)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by another user
    except (OverflowError, OSError):
        return False
    return True


def _remove_if_unchanged(path: Path, stale: Owner) -> str:
    """Remove the stale lock unless it was replaced meanwhile; the error text, or "" on success."""
    owner, _problem = _read(path)
    if owner != stale:
        return ""  # already replaced or removed: the next attempt sees the new state
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as error:
        return error.strerror or str(error)
    return ""


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return ""
