"""A new review gets the same ID whichever way it is made: `pirtui new`, opening a file that does
not exist, or `n` in the review list (all through `pirtui.team.folder.create_review`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input

from pirtui.core import store
from pirtui.app.app import PirtuiApp
from pirtui.cli.main import main
from pirtui.core.model import new_review
from pirtui.screens.dialogs import ConfirmDialog
from pirtui.screens.new_review_dialog import NewReviewDialog

NAME = "db-outage.toml"


def team_folder(folder: Path) -> Path:
    """A team's folder: its own ID pattern and two reviews already."""
    folder.mkdir()
    (folder / ".git").mkdir()
    (folder / ".pirtui.toml").write_text('id_prefix = "OPS"\n', encoding="utf-8")
    year = date.today().year
    for number in (3, 5):
        store.save(folder / f"ops-{year}-{number:03d}.toml", new_review(f"OPS-{year}-{number:03d}"))
    return folder


async def wait_for(pilot, condition) -> None:
    for _ in range(100):
        if condition():
            return
        await pilot.pause()
    assert condition()


async def test_the_three_ways_of_making_a_review_give_the_same_id(tmp_path: Path) -> None:
    expected = f"OPS-{date.today().year}-006"

    by_command = team_folder(tmp_path / "command")
    assert main(["new", str(by_command / NAME)]) == 0

    by_opening = team_folder(tmp_path / "opening")
    app = PirtuiApp(path=by_opening / NAME)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.review is not None)

    by_list = team_folder(tmp_path / "list")
    app = PirtuiApp(folder=by_list)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewReviewDialog))
        app.screen.query_one(Input).value = NAME
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.review is not None)

    ids = [store.load(folder / NAME).incident.id for folder in (by_command, by_opening, by_list)]
    assert ids == [expected] * 3
