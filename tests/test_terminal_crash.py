"""A bug in pirtui, met in a real terminal: the words survive, one line is printed, the terminal is whole.

The installed `pirtui` runs in tmux with a `sitecustomize` on its path that plants a bug in the
checks: it raises once the title holds "boom". The Linux driver, not the headless one, has to hand
the terminal back (no alternate screen, no mouse reporting, cursor shown) after the crash.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pirtui.core import store
from pirtui.core.model import new_review
from pirtui.core.recovery import find_recovery
from pirtui.core.crash import EXIT_CRASH
from tests.terminal import Terminal, tmux_available

pytestmark = pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (.ci/run installs it)")

PLANTED_BUG = '''
from pirtui.core.checks import IncrementalChecker

_real_update = IncrementalChecker.update


def _update_with_a_bug(self, changed, **options):
    if "boom" in str(self.review.title):
        raise ZeroDivisionError("a planted bug in the checks")
    return _real_update(self, changed, **options)


IncrementalChecker.update = _update_with_a_bug
'''

TERMINAL_MODES = "#{alternate_on} #{mouse_any_flag} #{mouse_sgr_flag} #{cursor_flag}"
"""tmux's view of the pane: alternate screen, mouse reporting (any, SGR), cursor shown."""

AFTER = "echo pirtui-exit=$?; sleep 60"
"""Run in the pane once pirtui ends: its exit status, and a live pane whose modes tmux still reports."""


def run_until_it_ends(tmp_path: Path, env: dict[str, str], keys: list[str], typed: str) -> tuple[list[str], list[str]]:
    """Open a review in tmux, type, send `keys`; once pirtui has ended, the pane's modes and the lines printed."""
    path = tmp_path / "inc-2024-042.toml"
    env = {"XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CONFIG_HOME": str(tmp_path / "state"), **env}
    term = Terminal([path.name], cwd=tmp_path, env=env, width=100, height=30, then=AFTER)
    try:
        term.wait_for("— Incident Information")
        assert term._tmux("display-message", "-p", "-t", term.session, "#{alternate_on}").strip() == "1"
        term.keys("End")
        term.type(typed)  # the keys follow at once, in one burst, as over a slow SSH link
        if keys:
            term.keys(*keys)
        term.wait_for("pirtui-exit=")
        modes = term._tmux("display-message", "-p", "-t", term.session, TERMINAL_MODES).split()
        shown = term._tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", term.session)  # -J: wrapped lines joined
    finally:
        term.close()
    assert "Traceback" not in shown
    return modes, [line for line in shown.splitlines() if line.strip()]


@pytest.fixture
def review_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A saved review; this process looks for recovery copies in the state folder pirtui is given."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    review = new_review("INC-2024-042", "2024-03-02")
    review.title = "Checkout latency"
    path = tmp_path / "inc-2024-042.toml"
    store.save(path, review)
    return path


def test_a_crash_keeps_the_words_prints_one_line_and_restores_the_terminal(tmp_path: Path, review_path: Path) -> None:
    plant = tmp_path / "plant"
    plant.mkdir()
    (plant / "sitecustomize.py").write_text(PLANTED_BUG, encoding="utf-8")

    modes, printed = run_until_it_ends(tmp_path, {"PYTHONPATH": str(plant)}, [], " before the boom")

    assert modes == ["0", "0", "0", "1"], printed
    assert printed[-1] == f"pirtui-exit={EXIT_CRASH}"
    assert len(printed) == 2 and printed[0].startswith("pirtui: internal error: ZeroDivisionError"), printed
    crash_log = tmp_path / "state" / "pirtui" / "crash.log"
    assert "a planted bug in the checks" in crash_log.read_text(encoding="utf-8")
    copy = find_recovery(review_path)
    assert copy is not None and copy.review is not None
    assert copy.review.title == "Checkout latency before the boom"
    assert str(copy.path) in printed[0]
    assert store.load(review_path).title == "Checkout latency"  # the review itself is as it was saved
    assert not review_path.with_name(f".{review_path.name}.lock").exists()


def test_saving_and_quitting_restores_the_terminal_and_prints_nothing(tmp_path: Path, review_path: Path) -> None:
    modes, printed = run_until_it_ends(tmp_path, {}, ["C-s", "C-q"], " and done")

    assert modes == ["0", "0", "0", "1"], printed
    assert printed == ["pirtui-exit=0"]
    assert store.load(review_path).title == "Checkout latency and done"
    assert find_recovery(review_path) is None
