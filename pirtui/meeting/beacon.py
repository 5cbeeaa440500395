"""Follow along: the meeting's driver says which section it shows; attendees' terminals follow it.

The driver's editor writes a small beacon file beside the review, `.FILE.toml.follow` (JSON: the
section shown, whether a meeting runs, who drives, the driver's pid and host), with the same
permissions as the review's lock file (0600). It writes it only when the section changes, never
per keystroke, and removes it when the meeting ends or the editor quits. Followers (`pirtui
follow FILE.toml`) read the beacon and the review file, never write anything, and show what the
driver shows as soon as the driver saves. No keystrokes travel: only a position and a path.
"""

from __future__ import annotations

import json
import math
import os
import socket
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TypeGuard

from pirtui.core import store
from pirtui.core.lock import Owner

_MAX_BEACON_BYTES = 16 * 1024
_MAX_TEXT = 1024
PID_MAX = 4 * 1024 * 1024
"""Linux's largest pid (PID_MAX_LIMIT); a beacon naming a larger one (or 0, or -1) is forged."""


def beacon_path(review_path: Path) -> Path:
    """Where the driver's position for this review lives: beside the review, hidden, like its lock."""
    real = Path(os.path.realpath(review_path))
    return real.with_name(f".{real.name}.follow")


@dataclass(frozen=True)
class Beacon:
    """What the driver shows: enough for a follower to show the same section and say who drives."""

    section: str
    meeting: bool
    driver: str
    """The driver's user name, as the lock names people."""
    host: str
    pid: int
    updated: float
    """time.time() of the last change of position."""

    def alive(self) -> bool:
        """Whether the driver's editor still runs. On another host nobody can tell: assume it does."""
        if self.host != socket.gethostname():
            return True
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        except (OverflowError, OSError):  # read() bounds the pid; this is the last line of defence
            return False
        return not _zombie(self.pid)


def _zombie(pid: int) -> bool:
    """A process that has ended but not been reaped yet (Linux's /proc says "Z"); False elsewhere."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            state = handle.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state in ("Z", "X")


def publish(review_path: Path, section: str, meeting: bool = True) -> None:
    """Tell followers which section the driver shows now. Never raises: following is a courtesy,
    and a full disk or a read-only folder must not disturb the driver."""
    owner = Owner.me()
    beacon = Beacon(section, meeting, owner.user, owner.host, owner.pid, time.time())
    try:
        store.write_own_file(beacon_path(review_path), json.dumps(asdict(beacon)), mode=0o600)
    except (OSError, store.ReviewFileError):
        pass


def withdraw(review_path: Path) -> None:
    """The meeting ended or the driver quits: remove the beacon (only our own)."""
    path = beacon_path(review_path)
    beacon = read(review_path)
    if beacon is None or beacon.pid != os.getpid() or beacon.host != socket.gethostname():
        return
    try:
        path.unlink()
    except OSError:
        pass


def read(review_path: Path) -> Beacon | None:
    """The driver's position, or None when no driver publishes one. The beacon is read without
    following a link and without blocking (a FIFO there is "no meeting", never a hang), bounded in
    size, and every field checked: a pid outside 1..PID_MAX, a non-string, a huge text is no beacon."""
    raw = store.read_own_file(beacon_path(review_path), _MAX_BEACON_BYTES)
    if raw is None:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    section, driver, host = data.get("section"), data.get("driver"), data.get("host")
    if not (_short_text(section) and _short_text(driver) and _short_text(host)):
        return None
    pid, updated, meeting = data.get("pid"), data.get("updated"), data.get("meeting")
    if not isinstance(pid, int) or isinstance(pid, bool) or not 0 < pid <= PID_MAX:
        return None
    if not isinstance(updated, (int, float)) or isinstance(updated, bool) or not math.isfinite(updated):
        return None
    if not isinstance(meeting, bool):
        return None
    return Beacon(section, meeting, driver, host, pid, float(updated))


def _short_text(value: object) -> TypeGuard[str]:
    """Whether a beacon's value is text no longer than a beacon allows."""
    return isinstance(value, str) and len(value) <= _MAX_TEXT


def file_stamp(path: Path) -> tuple[int, int] | None:
    """(mtime_ns, size) of a file, to notice a save without reading it; None when it is missing."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size
