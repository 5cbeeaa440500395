"""Other people's text reaches Textual as plain text, never markup, and the screen only as symbols:
review titles, file and folder names, and what a review's Markdown says (Pilot; the real terminal is
walked in test_safety_inert_terminal.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Label

from pirtui.core import store
from pirtui.app.app import PirtuiApp
from pirtui.core.model import TimelineEvent
from pirtui.core.render import render
from pirtui.screens.dialogs import ConfirmDialog
from pirtui.screens.new_review_dialog import NewReviewDialog
from pirtui.screens.presentation import PresentationScreen
from pirtui.screens.preview import PreviewScreen
from pirtui.screens.review_list import ReviewListScreen
from pirtui.screens.section import SectionScreen
from tests.editor_helpers import SMALL, filled_review, isolated_state, wait_until, write_review  # noqa: F401


def shown_text(app: PirtuiApp) -> str:
    """What the screen shows now, as text (Textual's own SVG screenshot, tags stripped)."""
    import html
    import re

    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


@pytest.mark.parametrize("title", ["Disk [/var] full on db-1", "[SEV-1] Checkout outage", "[b]not bold[/b] [link=x]"])
async def test_the_presentation_header_shows_the_title_as_written(tmp_path: Path, title: str) -> None:
    review = filled_review()
    review.title = title
    app = PirtuiApp(path=write_review(tmp_path, review))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        assert await wait_until(pilot, lambda: isinstance(app.screen, PresentationScreen))
        await pilot.pause()
        header = app.screen.query_one("#presentation-title", Label)
        assert str(header.render()) == f"{title}  ·  1/13"


async def test_the_presentation_header_shows_escape_sequences_as_symbols(tmp_path: Path) -> None:
    review = filled_review()
    review.title = "Outage \x1b]0;pwned\x07 \u202eevil"
    app = PirtuiApp(path=write_review(tmp_path, review))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        assert await wait_until(pilot, lambda: isinstance(app.screen, PresentationScreen))
        await pilot.pause()
        header = str(app.screen.query_one("#presentation-title", Label).render())
        assert header == "Outage ␛]0;pwned␇ ⟦U+202E⟧evil  ·  1/13"


async def test_an_import_notice_shows_the_file_name_as_symbols(tmp_path: Path) -> None:
    source = tmp_path / "m[red]x \x1b]0;pwned\x07.md"
    source.write_text(render(filled_review()), encoding="utf-8")
    app = PirtuiApp(path=source)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        assert await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        assert await wait_until(pilot, lambda: isinstance(app.screen, SectionScreen))
        # The toast as drawn: the name's escape sequence as symbols, its brackets as written.
        assert await wait_until(pilot, lambda: "Imported m[red]x ␛]0;pwned␇.md into" in shown_text(app))
        assert app.return_code is None


async def test_the_new_review_dialog_shows_a_folder_name_with_brackets(tmp_path: Path) -> None:
    folder = tmp_path / "m[/]x"  # a folder "]x" inside "m[": the path reads as a closing tag
    folder.mkdir(parents=True)
    write_review(folder)
    write_review(folder, name="[red]x[b].toml")
    app = PirtuiApp(folder=folder)
    async with app.run_test(size=SMALL) as pilot:
        assert await wait_until(pilot, lambda: isinstance(app.screen, ReviewListScreen))
        await pilot.pause()
        await pilot.press("n")
        assert await wait_until(pilot, lambda: isinstance(app.screen, NewReviewDialog))
        await pilot.pause()
        assert str(app.screen.query_one("#question", Label).render()) == f"New review in {folder}"
        await pilot.press("ctrl+u", *"[red]x[b].toml")
        await pilot.pause()
        assert str(app.screen.query_one("#problem", Label).render()) == "[red]x[b].toml already exists"
        assert app.return_code is None


async def test_the_preview_shows_escape_characters_of_a_table_cell_as_symbols(tmp_path: Path) -> None:
    review = filled_review()
    review.timeline = [TimelineEvent(time="14:02", event="a\x1b[31mRED b\x07 c\x9b d\u202eevil")]
    path = write_review(tmp_path, review)
    assert "&#27;" in render(store.load(path))  # FILE.md keeps the cell's ESC as a character reference
    app = PirtuiApp(path=path)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.goto_section("timeline")
        await pilot.pause()
        await pilot.press("f3")
        assert await wait_until(pilot, lambda: isinstance(app.screen, PreviewScreen))
        assert await wait_until(pilot, lambda: "RED" in shown_text(app))
        shown = shown_text(app)
    assert "a␛[31mRED b␇ c⟦U+009B⟧ d⟦U+202E⟧evil" in shown
    assert "\ufffd" not in shown and "\u202e" not in shown and "\x1b" not in shown
