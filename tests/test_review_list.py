"""The review list screen, driven with the keyboard at 80x24."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import App
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from pirtui.core import store
from pirtui.core.model import ActionItem, Review, new_review
from pirtui.screens.new_review_dialog import NewReviewDialog
from pirtui.screens.review_list import ReviewListScreen

SIZE = (80, 24)


class ListApp(App):
    """Shows the review list and records what it asks to open, standing in for the editor."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.opened: list[Path] = []

    def on_mount(self) -> None:
        self.push_screen(ReviewListScreen(self.folder))

    def on_folder_list_screen_open_review(self, message) -> None:  # type: ignore[no-untyped-def]
        self.opened.append(message.path)


def write(folder: Path, name: str, review: Review) -> Path:
    path = folder / name
    path.write_text(store.dumps(review), encoding="utf-8")
    return path


def review(incident_id: str, title: str, day: str, severity: str = "SEV-2") -> Review:
    made = new_review(incident_id, "2026-02-01")
    made.title = title
    made.incident.start = f"{day} 10:00"
    made.incident.severity = severity
    return made


def three_reviews(folder: Path) -> None:
    write(folder, "inc-2026-001.toml", review("INC-2026-001", "Database pool exhausted", "2026-01-10", "SEV-1"))
    overdue = review("INC-2026-002", "Login outage", "2026-02-10", "SEV-3")
    overdue.action_items = [ActionItem(id="1", action="Add alert", due="2020-01-01")]
    write(folder, "inc-2026-002.toml", overdue)
    write(folder, "inc-2026-003.toml", review("INC-2026-003", "Cache stampede", "2026-01-20", "SEV-2"))


async def loaded(pilot) -> ReviewListScreen:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReviewListScreen)
    return screen


def ids(screen: ReviewListScreen) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_row_at(row)[0]).strip() for row in range(table.row_count)]


async def test_rows_appear_newest_first(tmp_path: Path):
    three_reviews(tmp_path)
    async with ListApp(tmp_path).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert ids(screen) == ["INC-2026-002", "INC-2026-003", "INC-2026-001"]
        table = screen.query_one(DataTable)
        assert [str(column.label) for column in table.ordered_columns] == [
            "ID", "Title", "Sev", "Status", "Date", "Filled", "E/W", "Acts", "Saved",
        ]
        assert sum(column.get_render_width(table) for column in table.ordered_columns) <= SIZE[0]


async def test_overdue_actions_are_marked(tmp_path: Path):
    three_reviews(tmp_path)
    async with ListApp(tmp_path).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        table = screen.query_one(DataTable)
        assert str(table.get_cell(str(tmp_path / "inc-2026-002.toml"), "actions")) == "1/1!"
        assert str(table.get_cell(str(tmp_path / "inc-2026-001.toml"), "actions")) == "0/0"


async def test_slash_filters_by_any_text_and_escape_clears(tmp_path: Path):
    three_reviews(tmp_path)
    async with ListApp(tmp_path).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("slash")
        assert screen.query_one("#filter", Input).has_focus
        await pilot.press(*"cache")
        assert ids(screen) == ["INC-2026-003"]
        await pilot.press(*["backspace"] * 5, *"sev-1")
        assert ids(screen) == ["INC-2026-001"]
        await pilot.press("escape")
        assert ids(screen) == ["INC-2026-002", "INC-2026-003", "INC-2026-001"]
        assert screen.query_one(DataTable).has_focus


async def test_s_cycles_the_sort_column_and_r_reverses(tmp_path: Path):
    three_reviews(tmp_path)
    async with ListApp(tmp_path).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert "sorted by Date" in screen.sub_title
        await pilot.press("s")  # Date -> Filled; then on to Saved, back round to ID
        assert "sorted by Filled" in screen.sub_title
        for _ in range(4):
            await pilot.press("s")
        assert "sorted by ID, ascending" in screen.sub_title
        assert ids(screen) == ["INC-2026-001", "INC-2026-002", "INC-2026-003"]
        await pilot.press("s")
        assert "sorted by Title" in screen.sub_title
        assert ids(screen) == ["INC-2026-003", "INC-2026-001", "INC-2026-002"]
        await pilot.press("r")
        assert "sorted by Title, descending" in screen.sub_title
        assert ids(screen) == ["INC-2026-002", "INC-2026-001", "INC-2026-003"]


async def test_clicking_a_header_sorts_by_it_and_again_reverses(tmp_path: Path):
    three_reviews(tmp_path)
    async with ListApp(tmp_path).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        title_header = (15, 0)  # the ID column is 13 characters wide
        await pilot.click(DataTable, offset=title_header)
        assert "sorted by Title, ascending" in screen.sub_title
        assert ids(screen) == ["INC-2026-003", "INC-2026-001", "INC-2026-002"]
        await pilot.click(DataTable, offset=title_header)
        assert "sorted by Title, descending" in screen.sub_title


async def test_enter_opens_the_highlighted_review(tmp_path: Path):
    three_reviews(tmp_path)
    app = ListApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("down", "enter")
        assert app.opened == [tmp_path / "inc-2026-003.toml"]


async def test_n_creates_a_review_on_disk_and_opens_it(tmp_path: Path):
    three_reviews(tmp_path)
    app = ListApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        dialog = app.screen
        assert isinstance(dialog, NewReviewDialog)
        assert dialog.query_one(Input).value == "inc-2026-004.toml"
        await pilot.press("enter")
        await pilot.pause()
        created = tmp_path / "inc-2026-004.toml"
        assert app.opened == [created]
        assert store.load(created).incident.id == "INC-2026-004"
        assert store.load(created).revisions[0].date == date.today().isoformat()


async def test_the_new_review_dialog_refuses_an_existing_name(tmp_path: Path):
    three_reviews(tmp_path)
    app = ListApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        app.screen.query_one(Input).value = "inc-2026-001.toml"
        await pilot.press("enter")
        assert isinstance(app.screen, NewReviewDialog)
        assert "already exists" in str(app.screen.query_one("#problem").render())
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewListScreen)
        assert app.opened == []


async def test_the_list_is_read_again_when_it_comes_back(tmp_path: Path):
    three_reviews(tmp_path)
    app = ListApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        write(tmp_path, "inc-2026-009.toml", review("INC-2026-009", "Added meanwhile", "2026-02-20"))
        await app.push_screen(Screen())
        app.pop_screen()
        await loaded(pilot)
        assert ids(screen)[0] == "INC-2026-009"


async def test_an_unreadable_file_shows_its_problem(tmp_path: Path):
    (tmp_path / "broken.toml").write_text("title = [", encoding="utf-8")
    async with ListApp(tmp_path).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert ids(screen) == ["broken.toml"]
        assert "not valid TOML" in str(screen.query_one("#detail", Static).render())


async def test_an_empty_folder_says_how_to_create_a_review(tmp_path: Path):
    async with ListApp(tmp_path).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert "Press n to create one" in str(screen.query_one("#detail", Static).render())


async def test_the_real_editor_opens_the_review_picked_in_the_list(tmp_path: Path, monkeypatch):
    from pirtui.app.app import PirtuiApp

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    folder = tmp_path / "reviews"
    folder.mkdir()
    three_reviews(folder)
    app = PirtuiApp(folder=folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert ids(screen) == ["INC-2026-002", "INC-2026-003", "INC-2026-001"]
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.path == folder / "inc-2026-001.toml"
        assert not isinstance(app.screen, ReviewListScreen)


async def test_a_conflict_copy_says_whose_copy_it_is(tmp_path: Path):
    from datetime import datetime

    original = write(tmp_path, "inc-2026-001.toml", review("INC-2026-001", "Database pool exhausted", "2026-01-10"))
    copy = store.conflict_copy_path(original, datetime(2026, 2, 3, 14, 5, 6))
    assert copy.name == "inc-2026-001.conflict-20260203-140506.toml"
    write(tmp_path, copy.name, review("INC-2026-001", "Database pool exhausted", "2026-01-10"))
    async with ListApp(tmp_path).run_test(size=(120, 24)) as pilot:
        screen = await loaded(pilot)
        table = screen.query_one(DataTable)
        titles = sorted(str(table.get_row_at(row)[1]).strip() for row in range(table.row_count))
        assert titles == ["(conflict copy) Database pool exhausted", "Database pool exhausted"]
    assert store.conflict_copy_of(copy) == original.name
    assert store.conflict_copy_of(original) is None


async def test_q_quits_from_the_list_and_is_a_letter_in_the_filter(tmp_path: Path, monkeypatch):
    from pirtui.app.app import PirtuiApp

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    folder = tmp_path / "reviews"
    folder.mkdir()
    three_reviews(folder)
    app = PirtuiApp(folder=folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("slash", "q")
        await pilot.pause()
        assert screen.query_one("#filter", Input).value == "q"
        assert app.return_code is None
        await pilot.press("escape", "q")
        await pilot.pause()
        assert app.return_code == 0
