"""Every test runs with its own XDG folders, so no test reads or writes the developer's own config,
cache (the review index) or state (positions, recovery copies)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def own_xdg_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """XDG_CONFIG_HOME, XDG_CACHE_HOME and XDG_STATE_HOME point into a fresh temporary folder."""
    home = tmp_path_factory.mktemp("xdg")
    for name in ("CONFIG", "CACHE", "STATE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(home / name.lower()))
