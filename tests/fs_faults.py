"""Real file-system faults for tests: a read-only folder and a tiny, fillable file system.

As root, chmod does not stop writes, so a read-only folder and a full disk are made with a small
tmpfs mounted for the test (remounted read-only, or filled up). Where neither trick works the test
is skipped (a failure under CI=true, see conftest.py); the injected-OSError tests cover the same code
on every platform.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount(*args: str) -> bool:
    try:
        result = subprocess.run(["mount", *args], capture_output=True, check=False)
    except FileNotFoundError:  # no mount command: the same as no right to mount
        return False
    return result.returncode == 0


@contextmanager
def tmpfs(folder: Path, size: str = "1m") -> Iterator[Path]:
    """A fresh tmpfs of `size` mounted on `folder` for the duration; skips the test when not possible."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not _mount("-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder)):
        pytest.skip(
            "cannot mount a tmpfs here: the real read-only and full-disk tests need root with mount rights "
            "(a container needs CAP_SYS_ADMIN); .ci/run runs them as root"
        )
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], capture_output=True, check=False).returncode:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


class ReadOnly:
    """A folder that refuses writes even to root, and can be made writable again ("the cause is gone")."""

    def __init__(self, folder: Path, mounted: bool) -> None:
        self.folder = folder
        self._mounted = mounted

    def set_writable(self, writable: bool) -> None:
        """Flip the folder between read-only and writable."""
        if self._mounted:
            assert _mount("-o", f"remount,{'rw' if writable else 'ro'}", str(self.folder))
        else:
            self.folder.chmod(0o755 if writable else 0o555)


@contextmanager
def read_only_folder(folder: Path) -> Iterator[ReadOnly]:
    """A folder, writable at first so the test can put files in it; call set_writable(False) to lock it."""
    if os.geteuid() != 0:
        folder.mkdir(parents=True, exist_ok=True)
        guard = ReadOnly(folder, mounted=False)
        try:
            yield guard
        finally:
            folder.chmod(0o755)
        return
    with tmpfs(folder) as mounted:
        yield ReadOnly(mounted, mounted=True)
