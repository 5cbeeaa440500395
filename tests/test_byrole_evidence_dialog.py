""""Add from evidence" on a team template's timeline, driven with the keyboard at 80x24: the zone
comes from the field with the incident-zone role, the row form edits the team's own columns (by
their roles), and the rows come back as rows of the team's timeline table."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Callable

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from pirtui.core import store
from pirtui.core.sections import sections_for
from pirtui.screens.evidence_dialog import EvidenceDialog, PreviewTable
from pirtui.widgets.row_form import RowForm
from tests.editor_helpers import SMALL, wait_until

TEAM = Path(__file__).parent / "fixtures" / "byrole_team"


class Host(App[None]):
    """Opens the dialog over a team review's timeline and keeps what it gives back."""

    def __init__(self, review: Any) -> None:
        super().__init__()
        self.review = review
        self.result: list[Any] | None = None
        self.closed = False

    def on_mount(self) -> None:
        block = next(block for section in sections_for(self.review) for block in section.blocks
                     if block.role == "incident-timeline")
        self.push_screen(EvidenceDialog(self.review, list(self.review.log), block.columns), self.done)

    def done(self, result: list[Any] | None) -> None:
        self.result, self.closed = result, True


async def until(pilot: Pilot, condition: Callable[[], bool], what: str) -> None:
    if not await wait_until(pilot, condition):
        raise AssertionError(f"never happened: {what}")


def team_review(tmp_path: Path) -> Any:
    shutil.copytree(TEAM, tmp_path / "repo")
    (tmp_path / "repo" / ".git").mkdir()
    review = store.load(tmp_path / "repo" / "ops-2025-007.toml")
    review.facts.zone = "Europe/Berlin"
    return review


async def test_the_dialog_adds_rows_to_a_team_template_s_timeline_by_role(tmp_path: Path) -> None:
    app = Host(team_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await until(pilot, lambda: isinstance(app.screen, EvidenceDialog), "the dialog opens")
        dialog = app.screen
        assert isinstance(dialog, EvidenceDialog)
        assert dialog.query_one("#evidence-zone", Input).value == "Europe/Berlin"  # the incident-zone role
        await until(pilot, lambda: isinstance(app.focused, TextArea), "the paste area has the focus")
        app.post_message(events.Paste("[11:15] lena: queue drained, all clear\n[11:05] zoe: looking into it\n"))
        await until(pilot, lambda: len(dialog.proposal.items) == 2, "the paste is read")
        assert [(item.row.time, item.row.milestone) for item in dialog.proposal.items] == [("11:05", ""), ("11:15", "resolved")]

        await pilot.press("tab")
        await until(pilot, lambda: isinstance(app.focused, PreviewTable), "the preview has the focus")
        await pilot.press("e")  # the first row in the row form: the team's columns
        await until(pilot, lambda: isinstance(app.screen, RowForm), "the row form opens")
        form = app.screen
        assert [input.value for input in form.query(Input)][:2] == ["11:05", "zoe: looking into it"]
        await pilot.press("tab", "ctrl+a", "ctrl+k", *"Zoe starts looking", "ctrl+s")
        await until(pilot, lambda: app.screen is dialog, "the row form closes")
        assert dialog.proposal.items[0].row.event == "Zoe starts looking"

        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.closed, "the dialog closes")
    assert app.result is not None
    assert all(type(row) is type(app.review.log[0]) for row in app.result)
    assert [(row.at, row.happened, row.tag) for row in app.result] == [
        ("09:10", "Login latency climbs", "first impact"),
        ("09:30", "zoe: failing over the queue", ""),
        ("11:05", "Zoe starts looking", ""),
        ("11:15", "lena: queue drained, all clear", "resolved"),
    ]
