"""Every screen's footer at 80x24 in the installed `pirtui` (tmux): each key it shows is whole.

Issue 25 item 7: the table screens' footers were cut ("q ▏^p palette", "^▏") and item 10: the
editor's labels "Next", "Prev", "Empty" said little.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.terminal import Terminal, tmux_available

pytestmark = pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (.ci/run installs it)")

SAMPLES = Path(__file__).resolve().parent.parent / "sample_reviews"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for path in SAMPLES.glob("*.toml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def footer(term: Terminal) -> str:
    return term.wait_until(lambda s: "^p palette" in s, "no footer")


def last_line(screen: str) -> str:
    return [line for line in screen.splitlines() if "^p palette" in line][-1]


@pytest.mark.parametrize(
    "keys, labels",
    [
        ([], ["⏎ Open", "n New", "/ Filter", "s Sort", "a Actions", "t Trends", "q Quit", "f1 Help"]),
        (["a"], ["⏎ Open", "/ Filter", "o Overdue", "c Status", "s Sort", "esc Back", "f1 Help"]),
        (["t"], ["esc Back", "f1 Help"]),
    ],
    ids=["review list", "actions", "trends"],
)
def test_the_team_screens_footers_show_every_key_whole(folder: Path, keys: list[str], labels: list[str]) -> None:
    env = {"XDG_STATE_HOME": str(folder / ".state"), "XDG_CACHE_HOME": str(folder / ".cache")}
    term = Terminal([], cwd=folder, env=env, width=80, height=24)
    try:
        term.wait_for("INC-2024-001")
        for key in keys:
            term.keys(key)
        screen = term.wait_until(
            lambda s: all(label in last_line(s) for label in labels) if "^p palette" in s else False,
            f"the footer does not show {labels} whole",
        )
        line = last_line(screen)
        assert line.rstrip().endswith("▏^p palette")
    finally:
        term.close()


def test_the_editors_footer_says_what_its_keys_do(folder: Path) -> None:
    env = {"XDG_STATE_HOME": str(folder / ".state")}
    term = Terminal(["inc-2024-001-db-pool-exhaustion.toml"], cwd=folder, env=env, width=80, height=24)
    try:
        screen = term.wait_for("f9 Unfilled")
        line = last_line(screen)
        for label in ["f2 Sections", "^s Save", "^n Next section", "f1 Help", "f9 Unfilled", "f8 Problems"]:
            assert label in line
        assert line.rstrip().endswith("▏^p palette")
    finally:
        term.close()


def test_pirtui_actions_fits_an_80_column_terminal(folder: Path) -> None:
    """Issue 25 item 7: `pirtui actions` printed ~125 columns, so every row wrapped at 80."""
    term = Terminal(["actions"], cwd=folder, env={"XDG_CACHE_HOME": str(folder / ".cache")}, width=80, height=40)
    try:
        term.wait_for("items,")
        # wrapped lines joined again; with the scrollback, as the table can be taller than the pane
        joined = term._tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", term.session)
        lines = [line for line in joined.splitlines() if line.strip() and not line.startswith("Pane is dead")]
        header = next((line for line in lines if line.startswith("Review")), "(no header line)")
        assert header.split() == ["Review", "Item", "Action", "Owner", "Pri", "Due", "Status", "Late"], joined
        assert max(len(line) for line in lines) <= 80, joined
        assert any("INC-2024-001" in line and "!" in line for line in lines)
    finally:
        term.close()


def test_a_focused_tables_footer_fits_without_a_stray_letter(folder: Path) -> None:
    """Issue 25 item 7: with a table focused the footer was wider than 80 columns: keys cut (`^▏`)
    and a stray letter after "palette" (`palettee`). Keys that do not fit are left out (help has them)."""
    env = {"XDG_STATE_HOME": str(folder / ".state")}
    term = Terminal(["inc-2024-001-db-pool-exhaustion.toml"], cwd=folder, env=env, width=80, height=24)
    try:
        term.wait_for("f9 Unfilled")
        term.go_to("Timeline")
        screen = term.wait_for("i Evidence")
        line = last_line(screen)
        assert line.rstrip().endswith("▏^p palette"), line
        assert "f1 Help" in line and "a Add" in line
        assert "^▏" not in line
    finally:
        term.close()
