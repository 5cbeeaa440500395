"""The command palette's entries for the team views: the folder's action items and trends."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from textual.app import App, SystemCommand


def team_commands(app: App, folder: Path | None, editing: Path | None = None) -> Iterable[SystemCommand]:
    """"Action items" and "Trends" over the reviews of `folder` (none without a folder); `editing`
    is the review the editor has open (its action items' statuses are changed in the editor)."""
    if folder is None:
        return

    def actions() -> None:
        from pirtui.screens.actions import ActionsScreen

        app.push_screen(ActionsScreen(folder, editing))

    def trends() -> None:
        from pirtui.screens.stats import StatsScreen

        app.push_screen(StatsScreen(folder))

    yield SystemCommand("Action items", "Every action item of the folder's reviews: filter, sort, change status", actions)
    yield SystemCommand("Trends", "Incidents, detection times and action completion per month or quarter", trends)
