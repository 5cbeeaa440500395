"""The installed `pirtui` in a real terminal (tmux): keys as a user sends them, files on disk after."""

from __future__ import annotations

from pathlib import Path

import pytest

from pirtui.core import store
from pirtui.core.model import new_review
from tests.terminal import Terminal, tmux_available

pytestmark = pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (.ci/run installs it)")


@pytest.fixture
def review_path(tmp_path: Path) -> Path:
    review = new_review("INC-2024-042", "2024-03-02")
    review.title = "Checkout latency"
    path = tmp_path / "inc-2024-042.toml"
    store.save(path, review)
    return path


@pytest.fixture
def terminal_env(tmp_path: Path) -> dict[str, str]:
    state = tmp_path / "state"
    state.mkdir()
    return {"XDG_STATE_HOME": str(state), "XDG_CONFIG_HOME": str(state)}


def test_palette_type_save_quit(review_path: Path, terminal_env):
    term = Terminal([review_path.name], cwd=review_path.parent, env=terminal_env, width=100, height=30)
    try:
        term.wait_for("— Incident Information")
        term.go_to("Executive Summary")
        term.type("Checkout was slow for 40 minutes. Über-latency fixed.")
        term.wait_for("Über-latency fixed.")
        term.keys("C-s")
        term.wait_for("Saved")
        term.keys("C-q")
        term.wait_exit()
    finally:
        term.close()
    assert store.load(review_path).summary == "Checkout was slow for 40 minutes. Über-latency fixed."
    assert "Über-latency fixed." in review_path.with_suffix(".md").read_text(encoding="utf-8")


def test_second_editor_in_a_real_terminal_is_read_only(review_path: Path, terminal_env):
    """With the review open elsewhere, the second pirtui's fields refuse typing and its ctrl+s saves nothing."""
    markdown = review_path.with_suffix(".md")
    before = (review_path.read_bytes(), markdown.read_bytes())
    first = Terminal([review_path.name], cwd=review_path.parent, env=terminal_env, width=100, height=30)
    second = None
    try:
        first.wait_for("— Incident Information")
        second = Terminal([review_path.name], cwd=review_path.parent, env=terminal_env, width=100, height=30)
        second.wait_for("Take over")
        second.keys("Enter")
        second.wait_for("read-only: opened by")  # the status line, before any key
        second.type("zzz")
        second.keys("C-s")
        # Keys are handled in order, so once ctrl+s has answered, the letters before it were handled too.
        screen = second.wait_for("nothing saved")
        assert "latencyz" not in screen, screen  # the title, "Checkout latency", took no letter
        assert "the change is not kept" not in screen, screen
        assert "Saved" not in screen, screen
    finally:
        first.close()
        if second is not None:
            second.close()
    assert (review_path.read_bytes(), markdown.read_bytes()) == before
