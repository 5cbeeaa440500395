"""The editor's other ways in and out: a folder of reviews, importing Markdown, the meeting view."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Markdown

from pirtui.core import store
from pirtui.app.app import PirtuiApp
from pirtui.screens.dialogs import ConfirmDialog, QuitDialog
from pirtui.screens.presentation import PresentationScreen, split_sections
from pirtui.screens.review_list import ReviewListScreen
from pirtui.screens.section import SectionScreen
from pirtui.core.sections import EDITABLE_SECTIONS
from tests.editor_helpers import SMALL, filled_review, isolated_state, write_review, wait_until  # noqa: F401

IMPORT_CASES = Path(__file__).with_name("import_cases")


async def test_a_folder_opens_the_review_list_and_enter_opens_a_review(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(folder=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert await wait_until(pilot, lambda: isinstance(app.screen, ReviewListScreen) and app.screen.loaded)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen)
        assert app.path == path
        assert app.review is not None and app.review.title == "Checkout API outage"


async def test_going_back_to_the_list_asks_about_unsaved_changes(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(folder=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.open_review(path)
        await pilot.pause()
        await pilot.press("end", "!")
        await pilot.pause()
        app.action_back_to_list()
        await pilot.pause()
        assert isinstance(app.screen, QuitDialog)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewListScreen)
    assert store.load(path).title == "Checkout API outage!"


async def test_opening_markdown_offers_an_import_and_keeps_the_original(tmp_path: Path) -> None:
    source = tmp_path / "quirks.md"
    shutil.copy(IMPORT_CASES / "quirks.md", source)
    original = source.read_text(encoding="utf-8")
    app = PirtuiApp(path=source)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen)
        assert app.path == tmp_path / "quirks.toml"
        assert app.review is not None and app.review.incident.id == "INC-2022-003"
        assert store.load(tmp_path / "quirks.toml").incident.id == "INC-2022-003"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert (tmp_path / "quirks.orig.md").read_text(encoding="utf-8") == original
    assert "INC-2022-003" in source.read_text(encoding="utf-8")


async def test_opening_the_markdown_of_a_review_opens_the_review(tmp_path: Path) -> None:
    path = write_review(tmp_path)
    store.save(path, store.load(path))
    app = PirtuiApp(path=store.markdown_path(path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen)
        assert app.path == path


async def test_presentation_shows_one_section_and_steps_with_single_keys(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PresentationScreen)
        assert not screen.query("Header, Footer, #section-list")
        markdown = screen.query_one(Markdown)
        assert markdown.source.startswith("## Incident Information")
        await pilot.press("space")
        await pilot.pause()
        assert screen.key == EDITABLE_SECTIONS[1].key
        assert markdown.source.startswith(f"## {EDITABLE_SECTIONS[1].heading}")
        await pilot.press("n", "b", "p")
        await pilot.pause()
        assert screen.key == EDITABLE_SECTIONS[0].key
        await pilot.press("n", "n", "q")
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen)
        assert app.screen.section.key == EDITABLE_SECTIONS[2].key


def test_split_sections_ignores_headings_inside_code() -> None:
    text = "# T\n\n## A\n\n```\n## not a heading\n```\n\n## B\n\nb"
    parts = split_sections(text)
    assert list(parts) == ["A", "B"]
    assert "## not a heading" in parts["A"]


async def test_a_large_review_opens_without_building_the_timeline(tmp_path: Path) -> None:
    from pirtui.core.model import ActionItem, TimelineEvent

    review = filled_review()
    review.timeline = [TimelineEvent(time=f"{10 + i // 60 % 10}:{i % 60:02d}", event=f"e{i}") for i in range(2000)]
    review.action_items = [ActionItem(id=str(i), action=f"a{i}") for i in range(300)]
    app = PirtuiApp(path=write_review(tmp_path, review))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert not app.query("EditableTable")
        assert list(app._screens) == ["incident"]
        app.goto_section("timeline")
        await pilot.pause()
        await pilot.pause()
        table = app.screen.query_one("#f-timeline").table
        assert table.row_count == 2000


async def test_a_section_screen_is_built_once_and_kept(tmp_path: Path) -> None:
    app = PirtuiApp(path=write_review(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.goto_section("timeline")
        await pilot.pause()
        first = app.screen
        table = first.query_one("#f-timeline").table
        app.goto_section("summary")
        await pilot.pause()
        app.goto_section("timeline")
        await pilot.pause()
        assert app.screen is first
        assert first.query_one("#f-timeline").table is table
