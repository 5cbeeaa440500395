"""Where pirtui keeps its own files (state, recovery copies, crash reports), per the XDG rules."""

from __future__ import annotations

import os
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
