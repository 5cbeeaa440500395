"""SVG snapshots of every section screen at 80x24, of a filled review (review them by eye).

Update after an intended change with `pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from pirtui.app.app import PirtuiApp
from pirtui.core.sections import EDITABLE_SECTIONS
from tests.editor_helpers import SMALL, isolated_state, write_review  # noqa: F401


def steady(pilot: Pilot) -> None:
    """No blinking cursors, so two runs draw the same picture."""
    screen = pilot.app.screen
    for widget in screen.query("Input, TextArea"):
        assert isinstance(widget, (Input, TextArea))
        widget.cursor_blink = False
    focused = screen.focused
    if focused is not None:  # focus again so the cursor is drawn whatever phase the blink was in
        screen.set_focus(None)
        screen.set_focus(focused)


@pytest.mark.parametrize("key", [s.key for s in EDITABLE_SECTIONS])
def test_section_screen(snap_compare, tmp_path: Path, key: str) -> None:
    app = PirtuiApp(path=write_review(tmp_path))

    async def go(pilot: Pilot) -> None:
        await pilot.pause()
        app.goto_section(key)
        await pilot.pause()
        await pilot.pause()
        steady(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SMALL, run_before=go)


def test_row_form(snap_compare, tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))

    async def go(pilot: Pilot) -> None:
        await pilot.pause()
        app.goto_section("action_items")
        await pilot.pause()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        steady(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SMALL, run_before=go)


def test_section_list_in_a_wide_terminal(snap_compare, tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))

    async def go(pilot: Pilot) -> None:
        await pilot.pause()
        steady(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 30), run_before=go)
