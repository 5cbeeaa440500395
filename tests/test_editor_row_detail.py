"""At 80 columns table cells are cut; the highlighted row is shown whole under the table."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from pirtui.app.app import PirtuiApp
from pirtui.core.model import TimelineEvent
from tests.editor_helpers import SMALL, filled_review, isolated_state, write_review  # noqa: F401
from tests.test_editor_tables import focus_table

LONG_EVENT = "Pool metrics show 100% of connections checked out while the replica lags by 40 seconds"


async def test_highlighted_row_is_shown_whole_when_its_cells_are_cut(tmp_path: Path) -> None:
    review = filled_review()
    review.timeline.insert(1, TimelineEvent(time="14:05", event=LONG_EVENT))
    path = write_review(tmp_path, review)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        table = await focus_table(pilot, app, "Timeline", "timeline")
        detail = app.screen.query_one(".row-detail", Static)
        assert table.cursor_row == 0
        assert not detail.display, "a row that fits needs no detail line"
        await pilot.press("down")
        await pilot.pause()
        assert detail.display
        assert LONG_EVENT in str(detail.render())
        assert "Time: 14:05" in str(detail.render())
