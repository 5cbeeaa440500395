"""The editor opens and edits a review of any template, by role, losing nothing (issue 21 items 3 and 5).

Each shipped template's sample (`sample_reviews/other_templates/`) and a review of a team template
that ships with no one (`tests/fixtures/team_repo/.pirtui/templates/ops.toml`) are opened in the
real app: every section is shown from the review's own template, a field and a new table row typed
by keyboard come back exactly after save and reopen, F8, F9, F5 and the palette follow the
template; values kept from an older version of a template are shown and saved; a review whose
template cannot be found opens read-only, says why in one line, and writes nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Checkbox, Input, Static, TextArea

from pirtui.app.app import PirtuiApp, run_editor
from pirtui.core import store
from pirtui.core.model import get_path
from pirtui.core.sections import editable_sections, section_of, sections_for, template_of
from pirtui.core.template import roles
from pirtui.core.template.discovery import find_template
from pirtui.screens.missing_template import MissingTemplateScreen
from pirtui.screens.presentation import PresentationScreen
from pirtui.screens.problems import ProblemsScreen
from pirtui.screens.section import KEPT, SectionScreen
from pirtui.widgets.editable_table import EditableTable
from pirtui.widgets.row_form import RowForm
from pirtui.widgets.section_list import SectionList
from tests.editor_helpers import SMALL, isolated_state, wait_until  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_reviews" / "other_templates"
TEAM = ROOT / "tests" / "fixtures" / "team_repo" / ".pirtui"


def team_review(folder: Path, ref: str = "ops@2") -> Path:
    """A filled review of the team template `ops` in a repository that holds the template."""
    (folder / ".git").mkdir(exist_ok=True)
    shutil.copytree(TEAM, folder / ".pirtui", dirs_exist_ok=True)
    template = find_template("ops", folder)
    review: Any = roles.new_review(template, "OPS-7", "2024-05-02", "Ana Ruiz", "UTC")
    review.title = "Queue backlog after a config push"
    review.facts.began = "2024-05-01 10:00"
    review.facts.ended = "2024-05-01 11:30"
    review.story = "A config push halved the consumers; the queue backed up for ninety minutes."
    review.commands = "kubectl rollout undo deploy/consumer"
    roles.add_rows(template, review, "incident-timeline", [
        {"timeline-time": "10:00", "timeline-event": "Config push"},
        {"timeline-time": "10:20", "timeline-event": "Backlog alert fires"},
    ])
    roles.add_rows(template, review, "action-items", [
        {"action-id": "1", "action-text": "Alert on consumer count", "action-owner": "Ben", "action-status": "open"},
    ])
    review.noticed.alert = True
    review.lessons = ["Config pushes need a canary"]
    path = folder / "ops-7.toml"
    path.write_text(store.dumps(review), encoding="utf-8")
    return path


def sample(folder: Path, name: str) -> Path:
    """A shipped template's sample review, copied into `folder`."""
    shutil.copy(SAMPLES / name, folder / name)
    return folder / name


CASES = ["sre-book-thumbnail-stampede.toml", "pagerduty-webhook-delays.toml", "team:ops"]


def review_file(folder: Path, case: str) -> Path:
    return team_review(folder) if case == "team:ops" else sample(folder, case)


async def opened(pilot: Any, app: PirtuiApp) -> SectionScreen:
    """The first section screen, once it is up."""
    assert await wait_until(pilot, lambda: isinstance(app.screen, SectionScreen) and app.screen.is_mounted)
    return app.screen


@pytest.mark.parametrize("case", CASES)
async def test_every_section_of_the_reviews_own_template_is_shown(tmp_path: Path, case: str) -> None:
    path = review_file(tmp_path, case)
    written = path.read_bytes()
    review = store.load(path)
    assert template_of(review).name != "builtin"
    keys = [section.key for section in editable_sections(review)]
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        screen = await opened(pilot, app)
        assert screen.section.key == keys[0]
        options = screen.query_one(SectionList)
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == keys
        visited = [screen.section.key]
        for _ in range(len(keys)):  # ctrl+n through every section, and around to the first again
            before = app.screen
            await pilot.press("ctrl+n")
            assert await wait_until(pilot, lambda: app.screen is not before and isinstance(app.screen, SectionScreen) and app.screen.is_mounted)
            assert app.screen.editors(), f"{app.screen.section.key} shows no editor"
            visited.append(app.screen.section.key)
        assert visited == [*keys, keys[0]]
        assert not app.dirty
    assert path.read_bytes() == written


@pytest.mark.parametrize("case", CASES)
async def test_a_typed_field_and_a_new_row_come_back_exactly_after_save_and_reopen(tmp_path: Path, case: str) -> None:
    path = review_file(tmp_path, case)
    before: Any = store.load(path)
    template = template_of(before)
    title_path = template.path_of("title")
    table = template.table_path("action-items")
    assert title_path and table
    title_section = next(s.key for s in sections_for(before) if title_path in s.paths)
    rows_before = list(get_path(before, table))
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await opened(pilot, app)
        app.goto_section(title_section, title_path)
        assert await wait_until(pilot, lambda: isinstance(app.focused, Input))
        await pilot.press("end", *" (typed)")
        assert await wait_until(pilot, lambda: get_path(app.review, title_path).endswith(" (typed)"))
        app.goto_section(section_of(before, "action-items").key, table)
        assert await wait_until(pilot, lambda: isinstance(app.focused, EditableTable) and app.focused.path == table)
        await pilot.press("a")
        assert await wait_until(pilot, lambda: isinstance(app.screen, RowForm))
        assert isinstance(app.focused, (Input, TextArea))
        await pilot.press(*"Typed row")
        await pilot.press("ctrl+s")  # the row and the review
        assert await wait_until(pilot, lambda: not isinstance(app.screen, RowForm) and not app.dirty)
    after: Any = store.load(path)
    assert get_path(after, title_path) == get_path(before, title_path) + " (typed)"
    rows_after = list(get_path(after, table))
    assert len(rows_after) == len(rows_before) + 1
    new = [row for row in rows_after if row not in rows_before]
    assert len(new) == 1 and "Typed row" in new[0].model_dump().values()
    assert [row for row in rows_after if row is not new[0]] == rows_before  # the others, in their order
    untouched_before = before.model_dump(exclude={title_path.split(".")[0], table.split(".")[0]})
    assert after.model_dump(exclude={title_path.split(".")[0], table.split(".")[0]}) == untouched_before
    assert "Typed row" in path.with_suffix(".md").read_text(encoding="utf-8")
    reopened = PirtuiApp(path=path)  # the editor reads back what it wrote
    assert reopened.review == after


@pytest.mark.parametrize("case", CASES)
async def test_f8_f9_f5_and_the_palette_follow_the_reviews_template(tmp_path: Path, case: str) -> None:
    path = review_file(tmp_path, case)
    review = store.load(path)
    headings = [section.heading for section in editable_sections(review)]
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await opened(pilot, app)
        await pilot.press("f8")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        assert set(app.screen.by_heading) == {s.heading for s in sections_for(review)}
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: isinstance(app.screen, SectionScreen))
        await pilot.press("f5")
        assert await wait_until(pilot, lambda: isinstance(app.screen, PresentationScreen))
        assert list(app.screen.headings.values()) == headings
        await pilot.press("space", "escape")
        second = editable_sections(review)[1].key
        assert await wait_until(pilot, lambda: isinstance(app.screen, SectionScreen) and app.current_key == second)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert [f"Go to {heading}" for heading in headings] == [t for t in titles if t.startswith("Go to ")]
        from_git = [t for t in titles if t.endswith(" from git")]
        assert from_git == (["Changes from git"] if case == "team:ops" else [])  # only ops has a revision log
        app.goto_section(editable_sections(review)[0].key)
        assert await wait_until(pilot, lambda: app.current_key == editable_sections(review)[0].key)
        await pilot.press("f9")  # every field of the samples is filled: F9 says so and stays
        assert await wait_until(pilot, lambda: isinstance(app.screen, SectionScreen))


async def test_f9_goes_to_the_first_empty_field_of_a_team_templates_review(tmp_path: Path) -> None:
    path = team_review(tmp_path)
    review: Any = store.load(path)
    review.facts.owner = ""
    path.write_text(store.dumps(review), encoding="utf-8")
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await opened(pilot, app)
        app.screen.focus_path("title")
        assert await wait_until(pilot, lambda: app.screen.focused_path() == "title")
        await pilot.press("f9")
        assert await wait_until(pilot, lambda: app.screen.focused_path() == "facts.owner")


async def test_a_new_follow_up_is_numbered_and_given_the_templates_default_state(tmp_path: Path) -> None:
    path = team_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await opened(pilot, app)
        app.goto_section("follow_up", "follow_ups")
        assert await wait_until(pilot, lambda: isinstance(app.focused, EditableTable))
        for text in ("Add a canary", "Write the runbook"):
            await pilot.press("a")
            assert await wait_until(pilot, lambda: isinstance(app.screen, RowForm))
            form = app.screen
            assert form.query_one("#col-number", Input).value == str(len(app.review.follow_ups) + 1)
            form.query_one("#col-task").focus()
            await pilot.press(*text, "ctrl+s")
            assert await wait_until(pilot, lambda: not isinstance(app.screen, RowForm) and not app.dirty)
    rows = store.load(path).follow_ups
    assert [(row.number, row.task, row.state) for row in rows if row.task != "Alert on consumer count"] == [
        ("2", "Add a canary", "open"), ("3", "Write the runbook", "open")
    ]


async def test_a_team_templates_fixed_checkboxes_and_their_description(tmp_path: Path) -> None:
    path = team_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await opened(pilot, app)
        app.goto_section("noticed", "noticed")
        assert await wait_until(pilot, lambda: isinstance(app.focused, Checkbox))
        await pilot.press("down", "space")  # "A customer" ticked
        await pilot.press("down", *"pager")  # a letter on "Something else" describes it, and ticks it
        assert await wait_until(pilot, lambda: app.review.noticed.other_what == "pager")
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: not app.dirty)
    noticed = store.load(path).noticed
    assert (noticed.alert, noticed.customer, noticed.other, noticed.other_what) == (True, True, True, "pager")


async def test_s_sorts_a_team_templates_timeline_by_its_time_column(tmp_path: Path) -> None:
    path = team_review(tmp_path)
    review: Any = store.load(path)
    review.log.reverse()
    path.write_text(store.dumps(review), encoding="utf-8")
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await opened(pilot, app)
        app.goto_section("log", "log")
        assert await wait_until(pilot, lambda: isinstance(app.focused, EditableTable))
        await pilot.press("s")
        assert await wait_until(pilot, lambda: [row.at for row in app.review.log] == ["10:00", "10:20"])


OLD_KEYS = ('[facts]\n', '[facts]\nseverity = "SEV-2"\n')


async def test_values_of_an_older_template_version_are_shown_and_kept_on_save(tmp_path: Path) -> None:
    path = team_review(tmp_path)
    text = path.read_text(encoding="utf-8").replace('template = "ops@2"', 'template = "ops@1"')
    text = text.replace(*OLD_KEYS).replace("lessons = [", 'on_call = "team-a"\nlessons = [')
    path.write_text(text, encoding="utf-8")
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        screen = await opened(pilot, app)
        assert screen.section.key == "overview"
        kept = [str(static.render()) for static in screen.query(".kept-values").results(Static)]
        assert kept and "facts.severity = SEV-2" in kept[0] and "on_call = team-a" in kept[0]
        assert any(KEPT in str(label.render()) for label in screen.query(".block-heading"))
        await pilot.press("f8")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        messages = [f.message for f in app.screen.findings]
        assert "facts.severity: not in the template (kept as written)" in messages
        assert "on_call: not in the template (kept as written)" in messages
        await pilot.press("escape")
        app.goto_section("story", "story")
        assert await wait_until(pilot, lambda: isinstance(app.focused, TextArea))
        await pilot.press("ctrl+end", *" More.")
        assert await wait_until(pilot, lambda: app.focused.text.endswith(" More."))
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: not app.dirty)
        story = app.screen
        assert not list(story.query(".kept-values").results())  # none of the kept values is the story's
    saved = path.read_text(encoding="utf-8")
    assert 'severity = "SEV-2"' in saved and 'on_call = "team-a"' in saved and 'template = "ops@1"' in saved
    assert store.load(path).story.endswith(" More.")


async def test_a_review_of_the_same_version_with_an_unknown_key_is_one_line_and_exit_2(tmp_path: Path, capsys) -> None:
    path = team_review(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace(*OLD_KEYS), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(store.ReviewFileError) as raised:
        PirtuiApp(path=path)
    assert not isinstance(raised.value, store.TemplateMissing)
    assert run_editor(path) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "facts.severity: Extra inputs are not permitted" in err
    assert path.read_bytes() == before


def missing(folder: Path) -> Path:
    """A review that follows a template found nowhere ("nosuch@1")."""
    path = folder / "lost.toml"
    text = (SAMPLES / "sre-book-thumbnail-stampede.toml").read_text(encoding="utf-8")
    path.write_text(text.replace('template = "sre-book@1"', 'template = "nosuch@1"'), encoding="utf-8")
    return path


async def test_a_review_whose_template_is_missing_opens_read_only_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    path = missing(tmp_path)
    before = path.read_bytes()
    with pytest.raises(store.TemplateMissing) as raised:
        store.load(path)
    app = PirtuiApp(path=path)
    assert app.session is None
    async with app.run_test(size=SMALL) as pilot:
        assert await wait_until(pilot, lambda: isinstance(app.screen, MissingTemplateScreen))
        screen = app.screen
        why = str(screen.query_one("#missing-why").render())
        assert why == str(raised.value) and "\n" not in why and "'nosuch@1'" in why
        area = screen.query_one(TextArea)
        assert area.read_only and area.text == before.decode("utf-8")
        await pilot.press("x", "enter", "ctrl+s", "f8", "f9", "f5", "ctrl+n")
        await pilot.pause()
        assert app.screen is screen and area.text == before.decode("utf-8")
        await pilot.press("ctrl+q")
        assert await wait_until(pilot, lambda: app.exit_asked)
    assert app.return_code == 0
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", "lost.toml"]  # no lock, .md or recovery copy


async def test_the_same_review_opens_for_editing_once_its_template_is_found(tmp_path: Path) -> None:
    """The other side of the boundary: the template found, the review opens in its sections."""
    path = missing(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("nosuch@1", "sre-book@1"), encoding="utf-8")
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        screen = await opened(pilot, app)
        assert not app.read_only and screen.section.key == "about"


async def test_a_missing_templates_review_picked_in_the_review_list_opens_read_only_and_escape_goes_back(tmp_path: Path) -> None:
    from pirtui.screens.review_list import ReviewListScreen

    path = missing(tmp_path)
    before = path.read_bytes()
    app = PirtuiApp(folder=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        assert await wait_until(pilot, lambda: isinstance(app.screen, ReviewListScreen))
        app.open_review(path)
        assert await wait_until(pilot, lambda: isinstance(app.screen, MissingTemplateScreen))
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ReviewListScreen))
    assert path.read_bytes() == before


def test_check_and_render_of_a_missing_templates_review_stay_one_line_and_exit_2(tmp_path: Path, capsys) -> None:
    from pirtui.cli.main import main

    path = missing(tmp_path)
    before = path.read_bytes()
    for command in ("check", "render"):
        assert main([command, str(path)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "follows the template 'nosuch@1'" in err
    assert path.read_bytes() == before


@pytest.mark.parametrize("case", CASES)
def test_the_actions_view_offers_the_statuses_of_the_items_own_template(tmp_path: Path, case: str) -> None:
    from pirtui.screens.actions import status_choices

    path = review_file(tmp_path, case)
    review = store.load(path)
    template = template_of(review)
    key = template.column_of("action-items", "action-status")
    block = next(b for s in sections_for(review) for b in s.blocks if b.role == "action-items")
    options = next(c.options for c in block.columns if c.key == key)
    choices, status_of = status_choices(path)
    assert [c.label for c in choices] == [*options, "Cancel"]
    assert [status_of[c.value] for c in choices[:-1]] == list(options)
    assert len({c.key for c in choices}) == len(choices)  # one key each


def test_the_actions_view_offers_the_builtin_statuses_for_a_builtin_review(tmp_path: Path) -> None:
    from pirtui.core.model import Review
    from pirtui.screens.actions import STATUS_CHOICES, STATUS_OF_CHOICE, status_choices

    path = tmp_path / "inc.toml"
    path.write_text(store.dumps(Review(title="Plain")), encoding="utf-8")
    assert status_choices(path) == (STATUS_CHOICES, STATUS_OF_CHOICE)


def git(repo: Path, *args: str) -> None:
    import subprocess

    env = {"GIT_AUTHOR_DATE": "2024-06-01T09:00:00", "GIT_COMMITTER_DATE": "2024-06-01T09:00:00",
           "GIT_AUTHOR_NAME": "Maria Chen", "GIT_AUTHOR_EMAIL": "maria@example.com", "GIT_COMMITTER_NAME": "Maria Chen",
           "GIT_COMMITTER_EMAIL": "maria@example.com", "PATH": "/usr/bin:/bin", "HOME": str(repo)}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env, timeout=60)


async def test_the_git_history_goes_into_a_team_templates_revision_log_by_role(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    path = team_review(tmp_path)
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "Draft of the queue review")
    before = list(store.load(path).changes)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        await opened(pilot, app)
        app.action_git_history()
        assert await wait_until(pilot, lambda: len(app.review.changes) == len(before) + 1)
        assert await wait_until(pilot, lambda: app.current_key == "changes")
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: not app.dirty)
    rows = store.load(path).changes
    assert rows[:-1] == before
    assert (rows[-1].when, rows[-1].who, rows[-1].what) == ("2024-06-01", "Maria Chen", "Draft of the queue review")


async def test_the_git_history_of_a_template_without_a_revision_log_is_one_line_and_changes_nothing(tmp_path: Path) -> None:
    path = sample(tmp_path, CASES[0])
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await opened(pilot, app)
        review = app.review.model_copy(deep=True)
        app.action_git_history()
        assert await wait_until(pilot, lambda: any("no revision log" in n.message for n in app._notifications))
        assert app.review == review and not app.dirty


def test_a_team_template_reviews_recovery_copy_is_offered_wherever_pirtui_was_started(tmp_path: Path, monkeypatch) -> None:
    """The recovery copy lives in the state folder, outside the repository: its template is looked
    for from the review's folder, not from where pirtui happens to run."""
    from pirtui.session import RecoveryOffer, Session

    repo = tmp_path / "repo"
    repo.mkdir()
    path = team_review(repo)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    session = Session.open(path)
    session.apply("story", "Typed before the crash.")
    session.save_on_crash(RuntimeError("a bug of ours"))
    offer = Session.open(path).recovery()
    assert isinstance(offer, RecoveryOffer), offer
    assert offer.review.story == "Typed before the crash." and offer.review.template == "ops@2"


@pytest.mark.skipif(not shutil.which("tmux"), reason="tmux is not installed (.ci/run installs it)")
def test_the_installed_pirtui_shows_a_missing_templates_review_read_only_at_80x24_and_ctrl_q_leaves(tmp_path: Path) -> None:
    from tests.terminal import Terminal

    path = missing(tmp_path)
    before = path.read_bytes()
    state = tmp_path / "state"
    state.mkdir()
    term = Terminal([path.name], cwd=tmp_path, env={"XDG_STATE_HOME": str(state), "XDG_CONFIG_HOME": str(state)},
                    width=80, height=24, then="echo EXIT=$?; sleep 30")
    try:
        screen = term.wait_until(lambda shown: "ctrl+q quits." in shown and 'template = "nosuch@1"' in shown,
                                 "the read-only view with the file's text did not appear")
        assert "follows the template 'nosuch@1'" in screen
        term.type("typed")
        term.keys("C-s")
        term.keys("C-q")
        term.wait_for("EXIT=0")
    finally:
        term.close()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lost.toml", "state"]


@pytest.mark.skipif(not shutil.which("tmux"), reason="tmux is not installed (.ci/run installs it)")
def test_the_installed_pirtui_edits_a_shipped_templates_review_at_80x24(tmp_path: Path) -> None:
    from tests.terminal import Terminal

    path = sample(tmp_path, CASES[0])
    state = tmp_path / "state"
    state.mkdir()
    term = Terminal([path.name], cwd=tmp_path, env={"XDG_STATE_HOME": str(state), "XDG_CONFIG_HOME": str(state)},
                    width=80, height=24)
    try:
        term.wait_for("— About")
        term.go_to("Trigger")
        term.keys("C-End")
        term.type(" Typed in tmux.")
        term.wait_for("Typed in tmux.")
        term.keys("C-s")
        term.wait_for("Saved")
        term.keys("C-q")
        term.wait_exit()
    finally:
        term.close()
    assert store.load(path).trigger.endswith(" Typed in tmux.")


async def test_a_team_templates_computed_duration_shows_in_its_empty_field_and_counts_as_filled(tmp_path: Path) -> None:
    from pirtui.core.live_checks import empty_fields
    from pirtui.widgets.field import FieldEditor

    path = team_review(tmp_path)
    app = PirtuiApp(path=path)
    async with app.run_test(size=SMALL) as pilot:
        screen = await opened(pilot, app)
        field = next(e for e in screen.query(FieldEditor).results() if e.path == "facts.duration")
        assert await wait_until(pilot, lambda: field.query_one(Input).placeholder == "1 hour 30 minutes (computed)")
        assert "facts.duration" not in [p for p, _ in empty_fields(app.session.whole_review(), "overview")]
        screen.focus_path("facts.ended")
        await pilot.press("ctrl+a", "ctrl+k")  # no end: nothing to compute, and the field is empty again
        assert await wait_until(pilot, lambda: field.query_one(Input).placeholder == "")
        assert "facts.duration" in [p for p, _ in empty_fields(app.session.whole_review(), "overview")]


def test_the_unsaved_places_of_a_team_templates_review_are_named_by_its_own_sections(tmp_path: Path) -> None:
    """What a hang-up says it saved: the sections and the open row form, in the template's words."""
    from pirtui.session import Session

    path = team_review(tmp_path)
    session = Session.open(path)
    session.apply("story", "Changed.")
    rows = list(session.review.follow_ups)
    new_row = type(rows[0])(number="2", task="Open in a row form")
    assert session.unsaved_places([("follow_ups", [*rows, new_row])]) == ["Story", "Follow-ups row 2"]
