"""The team views in the editor, driven with Pilot at 80x24: actions, trends, and search in the list."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, ProgressBar, Static

from pirtui.core import store
from pirtui.app.app import PirtuiApp
from pirtui.screens.actions import ActionsScreen
from pirtui.screens.review_list import ReviewListScreen
from pirtui.screens.stats import StatsScreen
from tests.team_helpers import small_team_folder, team_review, write
from tests.editor_helpers import wait_until

SIZE = (80, 24)


async def settled(pilot) -> None:
    """Wait until the scans in threads are done and their results are on screen."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def column(screen, key: str) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_cell_at((row, table.get_column_index(key)))).strip() for row in range(table.row_count)]


def detail(screen) -> str:
    return str(screen.query_one("#detail", Static).render())


async def actions_screen(pilot) -> ActionsScreen:
    await settled(pilot)
    await pilot.press("a")
    await settled(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ActionsScreen)
    return screen


async def test_actions_lists_every_item_overdue_first_marked_with_a_bang(tmp_path: Path):
    small_team_folder(tmp_path)
    async with PirtuiApp(folder=tmp_path).run_test(size=SIZE) as pilot:
        screen = await actions_screen(pilot)

        assert column(screen, "action")[0].startswith("Add pool alert")
        late = column(screen, "late")
        assert late[0].startswith("!") and late[1:] == ["", "", ""]
        assert "OVERDUE" in detail(screen)
        assert screen.query_one(DataTable).size.width <= 80


async def test_actions_filter_by_owner_and_words_and_toggle_overdue(tmp_path: Path):
    small_team_folder(tmp_path)
    async with PirtuiApp(folder=tmp_path).run_test(size=SIZE) as pilot:
        screen = await actions_screen(pilot)

        await pilot.press("slash", *"owner:daniel", "enter")
        await pilot.pause()
        assert sorted(column(screen, "owner")) == ["Daniel", "Daniel"]
        await pilot.press("slash", *" rotate", "enter")
        await pilot.pause()
        assert [text[:10] for text in column(screen, "action")] == ["Rotate the"]
        await pilot.press("slash", "escape")
        await pilot.pause()
        assert len(column(screen, "action")) == 4
        await pilot.press("o")
        await pilot.pause()
        assert column(screen, "review") == ["INC-2026-001"] and "overdue only" in screen.sub_title


async def test_actions_s_cycles_the_sort_column_and_r_reverses(tmp_path: Path):
    small_team_folder(tmp_path)
    async with PirtuiApp(folder=tmp_path).run_test(size=SIZE) as pilot:
        screen = await actions_screen(pilot)

        await pilot.press("s")  # from Late to the first column, Review
        await pilot.pause()
        assert screen.sort_column == "review"
        assert column(screen, "review") == ["INC-2026-001", "INC-2026-001", "INC-2026-002", "INC-2026-003"]
        await pilot.press("s", "s", "s")  # item, action, owner
        await pilot.pause()
        assert column(screen, "owner") == ["Daniel", "Daniel", "Maria Chen", "Sam"]
        await pilot.press("r")
        await pilot.pause()
        assert column(screen, "owner") == ["Sam", "Maria Chen", "Daniel", "Daniel"]


async def test_a_status_change_writes_the_review_toml_and_markdown(tmp_path: Path):
    small_team_folder(tmp_path)
    path = tmp_path / "inc-2026-001.toml"
    async with PirtuiApp(folder=tmp_path).run_test(size=SIZE) as pilot:
        screen = await actions_screen(pilot)

        await pilot.press("c")
        await pilot.pause()
        await pilot.press("d")  # Done
        await settled(pilot)

        assert store.load(path).action_items[0].status == "Done"
        row_text = store.markdown_path(path).read_text(encoding="utf-8").split("Add pool alert")[1].split("\n")[0]
        assert "Done" in row_text
        assert "!" not in "".join(column(screen, "late"))


async def test_escape_in_the_status_picker_changes_nothing(tmp_path: Path):
    small_team_folder(tmp_path)
    path = tmp_path / "inc-2026-001.toml"
    before = path.read_bytes()
    async with PirtuiApp(folder=tmp_path).run_test(size=SIZE) as pilot:
        await actions_screen(pilot)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(pilot.app.screen, ActionsScreen)
    assert path.read_bytes() == before


async def test_enter_opens_the_review_at_the_action_item(tmp_path: Path):
    small_team_folder(tmp_path)
    async with PirtuiApp(folder=tmp_path).run_test(size=SIZE) as pilot:
        screen = await actions_screen(pilot)
        await pilot.press("slash", *"owner:sam", "enter")
        await pilot.pause()

        await pilot.press("enter")
        await settled(pilot)

        app = pilot.app
        assert app.path == tmp_path / "inc-2026-003.toml"
        assert app.current_key == "action_items"
        assert app.screen.focused_path().startswith("action_items.0")
        assert screen not in app.screen_stack


async def test_the_actions_view_is_in_the_palette(tmp_path: Path):
    small_team_folder(tmp_path)
    async with PirtuiApp(folder=tmp_path).run_test(size=SIZE) as pilot:
        await settled(pilot)
        titles = [command.title for command in pilot.app.get_system_commands(pilot.app.screen)]
        assert "Action items" in titles and "Trends" in titles


async def test_trends_at_80x24_draw_charts_and_the_numbers(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    small_team_folder(tmp_path)
    async with PirtuiApp(folder=tmp_path).run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("t")
        await settled(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StatsScreen)

        chart = screen.query_one("#incidents-chart")
        lines = [strip.text for strip in chart.render_lines(chart.region.reset_offset)]
        assert any("█" in line for line in lines)  # bars show without colour
        assert any("2026-01" in line for line in lines)
        assert all(widget.region.right <= 80 for widget in screen.query("*"))
        numbers = str(screen.query_one("#numbers", Static).render())
        assert numbers.startswith("3 reviews, by month")
        assert "no readable start date" in numbers

        await pilot.press("b")
        await settled(pilot)
        assert "by quarter" in screen.sub_title
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReviewListScreen)


async def test_slash_in_the_list_searches_the_reviews_text_and_enter_opens_at_the_match(tmp_path: Path):
    small_team_folder(tmp_path)
    review = team_review("INC-2026-004", "Slow search")
    review.root_cause.what_happened = "A nightly reindex saturated the cluster's disks."
    write(tmp_path, "inc-2026-004.toml", review)
    async with PirtuiApp(folder=tmp_path).run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = pilot.app.screen

        await pilot.press("slash", *"saturated disks", "enter")
        await pilot.pause()

        assert column(screen, "id") == ["INC-2026-004"]
        assert detail(screen).startswith("root_cause.what_happened: ")
        assert "saturated the cluster's disks" in detail(screen)
        await pilot.press("enter")
        await settled(pilot)
        assert pilot.app.path == tmp_path / "inc-2026-004.toml"
        assert pilot.app.current_key == "root_cause"


async def test_the_list_still_filters_by_its_columns(tmp_path: Path):
    small_team_folder(tmp_path)
    async with PirtuiApp(folder=tmp_path).run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = pilot.app.screen
        await pilot.press("slash", *"SEV-3")
        await pilot.pause()
        assert column(screen, "id") == ["INC-2026-002"]


async def test_the_progress_bar_counts_the_files_and_hides_when_done(tmp_path: Path):
    small_team_folder(tmp_path)
    async with PirtuiApp(folder=tmp_path).run_test(size=SIZE) as pilot:
        await settled(pilot)
        bar = pilot.app.screen.query_one("#scanning", ProgressBar)
        assert (bar.total, bar.progress) == (4, 4)
        assert not bar.display


async def test_a_long_table_gets_every_row_in_order_after_the_first_screen(tmp_path: Path, monkeypatch):
    from pirtui.screens import row_feeder
    from tests.team_helpers import item

    monkeypatch.setattr(row_feeder, "FIRST_ROWS", 10)
    monkeypatch.setattr(row_feeder, "CHUNK", 7)
    many = [item(str(n), f"Step {n:03d}", due="2099-01-01") for n in range(1, 61)]
    write(tmp_path, "big.toml", team_review("INC-2026-009", "Many steps", actions=many))
    async with PirtuiApp(folder=tmp_path).run_test(size=SIZE) as pilot:
        screen = await actions_screen(pilot)
        await pilot.press("s", "s", "s")  # by action, A to Z
        assert await wait_until(pilot, lambda: screen.feeder.pending == 0)
        actions = [text.removesuffix("…") for text in column(screen, "action")]
        assert actions == [f"Step {n:03d}" for n in range(1, 61)]


async def test_a_review_open_in_the_editor_is_not_changed_from_the_actions_view(tmp_path: Path):
    small_team_folder(tmp_path)
    path = tmp_path / "inc-2026-001.toml"
    before = path.read_bytes()
    app = PirtuiApp(path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        app.push_screen(ActionsScreen(tmp_path, editing=app.path))  # as the palette opens it over a review
        await settled(pilot)
        screen = app.screen
        assert column(screen, "review")[0] == "INC-2026-001"

        await pilot.press("c")
        await settled(pilot)

        assert app.screen is screen  # no status picker: the editor has that review
    assert path.read_bytes() == before


async def test_help_lists_the_keys_of_the_actions_view(tmp_path: Path):
    from pirtui.screens.help import HelpScreen

    small_team_folder(tmp_path)
    async with PirtuiApp(folder=tmp_path).run_test(size=SIZE) as pilot:
        await actions_screen(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        keys = {description: key for key, description, _ in pilot.app.screen.rows}
        assert (keys["Status"], keys["Overdue"], keys["Filter"], keys["Sort"]) == ("c", "o", "/", "s")


async def test_a_review_opened_from_the_list_and_left_can_change_status_in_the_actions_view(tmp_path: Path):
    """Issue 25 item 1: after opening a review from the list and going back (escape), the actions
    view refused its status change ("open in the editor") though no editor and no lock had it."""
    small_team_folder(tmp_path)
    path = tmp_path / "inc-2026-001.toml"
    async with PirtuiApp(folder=tmp_path).run_test(size=SIZE) as pilot:
        app = pilot.app
        await settled(pilot)
        app.open_review(path)
        await settled(pilot)
        assert app.path == path and not isinstance(app.screen, ReviewListScreen)
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(app.screen, ReviewListScreen)
        assert not path.with_name(f".{path.name}.lock").exists()
        screen = await actions_screen(pilot)
        assert column(screen, "review")[0] == "INC-2026-001"

        await pilot.press("c")
        await pilot.pause()
        assert app.screen is not screen  # the status picker, not a refusal
        await pilot.press("d")  # Done
        await settled(pilot)

    assert store.load(path).action_items[0].status == "Done"


async def test_question_mark_in_the_review_list_shows_its_keys_and_what_its_columns_mean(tmp_path: Path):
    """Issue 25 item 10: `?` did nothing in the review list, and its E/W and Acts columns were
    explained nowhere."""
    from textual.widgets import Label

    from pirtui.screens.help import HelpScreen

    small_team_folder(tmp_path)
    async with PirtuiApp(folder=tmp_path).run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, HelpScreen)
        legend = str(screen.query_one(".view-keys", Label).render())
        assert "E/W = errors/warnings" in legend and "Acts = open/overdue" in legend
        keys = {description: key for key, description, _ in screen.rows}
        assert keys["New"] == "n" and keys["Reverse"] == "r"


async def test_the_new_review_dialog_looks_like_every_other_dialog(tmp_path: Path):
    """Issue 25 item 13: the new-review dialog had its own thick border, full-size buttons and no
    line of keys; it now has the dialogs' round box, compact buttons and keys."""
    from textual.widgets import Button, Label

    from pirtui.screens.new_review_dialog import NewReviewDialog

    small_team_folder(tmp_path)
    async with PirtuiApp(folder=tmp_path).run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("n")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, NewReviewDialog)
        box = dialog.query_one("#dialog")
        assert dialog.has_class("dialog") and box.has_class("dialog-box")
        assert box.styles.border.top[0] == "round"
        assert all(button.compact for button in dialog.query(Button))
        assert "esc cancel" in str(dialog.query_one(".dialog-keys", Label).render())
        await pilot.press("escape")


async def test_the_status_dialog_shows_every_answer_whole_at_80x24(tmp_path: Path):
    """Issue 25 item 7: at 80 columns the status dialog cut its last button ("Cance")."""
    from textual.widgets import Button

    from pirtui.screens.dialogs import ChoiceDialog

    small_team_folder(tmp_path)
    async with PirtuiApp(folder=tmp_path).run_test(size=SIZE) as pilot:
        await actions_screen(pilot)
        await pilot.press("c")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ChoiceDialog)
        inside = dialog.query_one(".dialog-box").content_region
        buttons = list(dialog.query(Button))
        assert [str(b.label) for b in buttons][-1] == "Cancel"
        for button in buttons:
            assert inside.contains_region(button.region), (str(button.label), button.region, inside)
        keys = dialog.query_one(".dialog-keys")
        assert inside.contains_region(keys.region) and keys.region.height >= 2  # wrapped, not cut
        await pilot.press("escape")


async def test_trends_charts_have_a_time_axis_whole_counts_and_no_legend_over_the_lines(tmp_path: Path, monkeypatch):
    """Issue 25 item 12: ticks of 0.5 incidents, an x-axis that skipped quiet months, a legend
    drawn over the line."""
    monkeypatch.setenv("NO_COLOR", "1")
    milestones = (("10:00", "first impact"), ("10:20", "detected"), ("10:30", "mitigated"), ("11:00", "resolved"))
    write(tmp_path, "a.toml", team_review("INC-2026-001", "One", "2026-01-10 10:00", milestones=milestones))
    write(tmp_path, "b.toml", team_review("INC-2026-002", "Two", "2026-01-20 10:00", milestones=milestones))
    write(tmp_path, "c.toml", team_review("INC-2026-003", "Three", "2026-04-02 10:00", milestones=milestones))
    async with PirtuiApp(folder=tmp_path).run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("t")
        await settled(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StatsScreen)

        def text(chart_id: str) -> str:
            chart = screen.query_one(chart_id)
            return "\n".join(strip.text for strip in chart.render_lines(chart.region.reset_offset))

        incidents = text("#incidents-chart")
        assert ".5" not in incidents and "0.0" not in incidents  # whole numbers only
        for month in ("2026-01", "2026-02", "2026-03", "2026-04"):
            assert month in incidents  # the quiet February and March have their place
        times = text("#times-chart")
        assert "time to detect" not in times.split("Median minutes", 1)[1]  # no legend box over the lines
