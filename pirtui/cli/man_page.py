"""`man pirtui` in a virtual environment: the page is copied where man-db looks for it.

The page ships as package data (pirtui/cli/pirtui.1). A plain `pip install` also installs it to
share/man/man1 (pyproject's data-files), but the README's editable install (`pip install -e .`)
installs no data files, so `man pirtui` found nothing. man-db derives its search path from PATH
(`.venv/bin` -> `.venv/share/man`), so the first `pirtui` run in a venv puts the page at
`.venv/share/man/man1/pirtui.1`; later runs cost two `stat` calls, and rewrite it only when the
packaged page changed. Outside a venv nothing is written: a system install has its data files.
"""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGED = Path(__file__).with_name("pirtui.1")


def target() -> Path | None:
    """Where man finds the page in this venv; None outside a virtual environment."""
    if sys.prefix == sys.base_prefix:
        return None
    return Path(sys.prefix) / "share" / "man" / "man1" / "pirtui.1"


def ensure_installed() -> None:
    """Copy the packaged page into the venv's man folder when it is missing or differs. Never
    raises: a read-only venv must not stop the command the user asked for."""
    where = target()
    if where is None:
        return
    try:
        if where.exists() and where.stat().st_size == PACKAGED.stat().st_size:
            if where.read_bytes() == PACKAGED.read_bytes():
                return
        from pirtui.core.store import atomic_write

        where.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(where, PACKAGED.read_text(encoding="utf-8"), mode=0o644)
    except Exception:  # noqa: BLE001 - OSError or store's ReviewFileError: the page is a nicety
        return
