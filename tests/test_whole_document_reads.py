"""Every whole-document read gets what every kind of registered editor shows, through one choke point.

Each test types into an editor without leaving it (the widget's value changes, but none of its
messages has reached the app yet: the keys of a burst) and at once performs one whole-document read:
save, save as copy, overwrite, render, preview, presentation, check, meeting capture, hang-up,
crash. The read must hold the typed text, since `Session` pulls from `MountedEditors` before any of
them; no caller syncs by hand. Dialogs (meeting captures, the F4 reason, the new-review and
evidence dialogs, the meeting's action-item form) keep their text at a hang-up or crash: in the
review where its place is known, else in the recovery copy with a note saying what it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Awaitable, Callable

import pytest
from textual.widgets import Input, TextArea

from pirtui.app.app import PirtuiApp
from pirtui.core import store
from pirtui.core.recovery import find_recovery
from pirtui.core.render import render
from pirtui.screens.section import SectionScreen
from tests.editor_helpers import SMALL, filled_review, isolated_state, wait_until, write_review  # noqa: F401

TYPED = "Typed and not left"


async def _on_section(pilot: Any, app: PirtuiApp, key: str) -> SectionScreen:
    app.goto_section(key)
    assert await wait_until(pilot, lambda: isinstance(app.screen, SectionScreen) and app.screen.section.key == key and app.screen.is_mounted)
    await pilot.pause()
    return app.screen  # type: ignore[return-value]


async def type_into_field(pilot: Any, app: PirtuiApp) -> Callable[[Any], str]:
    """A one-line field (FieldEditor's Input): the title."""
    screen = await _on_section(pilot, app, "incident")
    screen.query_one("#f-title").query_one(Input).value = TYPED
    return lambda review: review.title


async def type_into_text(pilot: Any, app: PirtuiApp) -> Callable[[Any], str]:
    """A long text (TextEditor's TextArea): the executive summary."""
    screen = await _on_section(pilot, app, "summary")
    area = screen.query_one(TextArea)
    area.text = TYPED
    return lambda review: review.summary


async def type_into_checks(pilot: Any, app: PirtuiApp) -> Callable[[Any], str]:
    """The detection checkboxes' description of "Other" (DetectionChecks' Input)."""
    from pirtui.widgets.checklist import DetectionChecks

    screen = await _on_section(pilot, app, "detection")
    screen.query_one(DetectionChecks).query_one(Input).value = TYPED
    return lambda review: review.detection.methods.other_description


EDITORS = {"field": type_into_field, "text": type_into_text, "checkboxes": type_into_checks}


def _saved(path: Path) -> Any:
    return store.load(path)


async def read_save(app: PirtuiApp, path: Path, pilot: Any) -> Any:
    app.save()
    return _saved(path)


async def read_save_as_copy(app: PirtuiApp, path: Path, pilot: Any) -> Any:
    copy = path.with_name("copy.toml")
    assert app.session is not None
    app.session.save_copy(copy)
    return _saved(copy)


async def read_overwrite(app: PirtuiApp, path: Path, pilot: Any) -> Any:
    assert app.session is not None
    app.session.write(overwrite_read_only=True)
    return _saved(path)


async def read_render(app: PirtuiApp, path: Path, pilot: Any) -> Any:
    assert app.session is not None
    markdown = render(app.session.whole_review())
    assert TYPED in markdown
    return app.review


async def _shown(pilot: Any, app: PirtuiApp, kind: type) -> Any:
    """The review as the view got it, copied before any message arrives; then the view is let draw."""
    assert isinstance(app.screen_stack[-1], kind)
    assert app.review is not None
    seen = app.review.model_copy(deep=True)
    assert await wait_until(pilot, lambda: isinstance(app.screen, kind) and app.screen.is_mounted)
    return seen


async def read_preview(app: PirtuiApp, path: Path, pilot: Any) -> Any:
    from pirtui.screens.preview import PreviewScreen

    app.action_preview()
    return await _shown(pilot, app, PreviewScreen)


async def read_presentation(app: PirtuiApp, path: Path, pilot: Any) -> Any:
    from pirtui.screens.presentation import PresentationScreen

    app.action_presentation()
    return await _shown(pilot, app, PresentationScreen)


async def read_check(app: PirtuiApp, path: Path, pilot: Any) -> Any:
    from pirtui.screens.problems import ProblemsScreen

    app.action_problems()
    assert app.checker is not None and app.checker.review is app.review
    return await _shown(pilot, app, ProblemsScreen)


async def read_meeting_capture(app: PirtuiApp, path: Path, pilot: Any) -> Any:
    assert app.meeting_driver.apply(lambda review: None)
    return _saved(path)


async def read_hang_up(app: PirtuiApp, path: Path, pilot: Any) -> Any:
    assert app.session is not None
    line = app.session.save_on_hang_up()  # what the SIGHUP handler runs (it then ends the process)
    assert line.startswith("Saved"), line
    return _saved(path)


async def read_crash(app: PirtuiApp, path: Path, pilot: Any) -> Any:
    app.crashed(RuntimeError("a bug of ours"))
    copy = find_recovery(path)
    assert copy is not None and copy.review is not None
    return copy.review


READS: dict[str, Callable[[PirtuiApp, Path, Any], Awaitable[Any]]] = {
    "save": read_save,
    "save as copy": read_save_as_copy,
    "overwrite": read_overwrite,
    "render": read_render,
    "preview": read_preview,
    "presentation": read_presentation,
    "check": read_check,
    "meeting capture": read_meeting_capture,
    "hang-up": read_hang_up,
    "crash": read_crash,
}


@pytest.mark.parametrize("read", list(READS))
@pytest.mark.parametrize("editor", list(EDITORS))
async def test_a_whole_document_read_gets_what_an_editor_shows_before_its_message_arrives(
    tmp_path: Path, editor: str, read: str
) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path)
    async with app.run_test(size=SMALL) as pilot:
        value_of = await EDITORS[editor](pilot, app)
        assert value_of(app.review) != TYPED  # the editor's message has not reached the app yet
        result = await READS[read](app, path, pilot)  # at once, no pause: the keys of a burst
        assert value_of(result) == TYPED


async def test_the_editors_text_reaches_the_review_without_its_message_only_through_the_choke_point(tmp_path: Path) -> None:
    """The other side: with no whole-document read the review does not yet hold the typed text
    (so the tests above prove the read pulled it, not a message that happened to arrive)."""
    path = write_review(tmp_path)
    app = PirtuiApp(path)
    async with app.run_test(size=SMALL) as pilot:
        value_of = await type_into_field(pilot, app)
        assert value_of(app.review) != TYPED
        assert app.session is not None
        app.session.pull()
        assert value_of(app.review) == TYPED


# -- dialogs: kept at a hang-up or crash ----------------------------------------------------------


async def _in_meeting_press(pilot: Any, app: PirtuiApp, key: str, opens: type) -> None:
    """Start the meeting (the attendees as offered), then press `key` on the meeting view."""
    from pirtui.screens.meeting_view import CaptureDialog, MeetingScreen

    await pilot.pause()
    app.action_start_meeting()
    for press, shown in (("enter", MeetingScreen), (key, opens)):
        assert await wait_until(pilot, lambda: isinstance(app.screen, (CaptureDialog, MeetingScreen)) and app.screen.is_mounted)
        await pilot.press(press)
        assert await wait_until(pilot, lambda: isinstance(app.screen, shown) and app.screen.is_mounted)


async def _open_capture(pilot: Any, app: PirtuiApp) -> None:
    from pirtui.screens.meeting_view import CaptureDialog

    await _in_meeting_press(pilot, app, "d", CaptureDialog)
    app.screen.query_one(Input).value = TYPED


async def _open_action_item(pilot: Any, app: PirtuiApp) -> None:
    from pirtui.widgets.row_form import RowForm

    await _in_meeting_press(pilot, app, "a", RowForm)
    app.screen.query_one("#col-action", Input).value = TYPED


async def _open_dismiss_reason(pilot: Any, app: PirtuiApp) -> None:
    from pirtui.core.hints import Hint
    from pirtui.screens.dismiss_hint_dialog import DismissHintDialog

    hint = Hint(section="Executive Summary", field="summary", message="Blames a person", rule="blame-language", why="Blame hides causes", suggestion="Name the system")
    screen = await _on_section(pilot, app, "summary")
    screen._hints = [hint]
    screen.query_one(TextArea).focus()
    await pilot.pause()
    screen.action_dismiss_hint()
    assert await wait_until(pilot, lambda: isinstance(app.screen, DismissHintDialog) and app.screen.is_mounted)
    app.screen.query_one("#reason", Input).value = TYPED


async def _open_evidence(pilot: Any, app: PirtuiApp) -> None:
    from pirtui.screens.evidence_dialog import EvidenceDialog

    screen = await _on_section(pilot, app, "timeline")
    table = next(t for t in screen.query("EditableTable").results() if getattr(t, "path", "") == "timeline")
    table.focus()
    await pilot.pause()
    await pilot.press("i")
    assert await wait_until(pilot, lambda: isinstance(app.screen, EvidenceDialog) and app.screen.is_mounted)
    app.screen.query_one("#evidence-paste", TextArea).text = TYPED


async def _open_row_form(pilot: Any, app: PirtuiApp) -> None:
    from pirtui.widgets.row_form import RowForm

    await _on_section(pilot, app, "timeline")
    await pilot.press("a")
    assert await wait_until(pilot, lambda: isinstance(app.screen, RowForm) and app.screen.is_mounted)
    app.screen.query_one("#col-time", Input).value = "16:00"
    app.screen.query_one("#col-event", Input).value = TYPED


DIALOGS: dict[str, tuple[Callable[[Any, PirtuiApp], Awaitable[None]], Callable[[Any], bool] | None]] = {
    # what the dialog is, how to open it and type, and where the text lands in the review (None: a note)
    "meeting decision": (_open_capture, lambda review: TYPED in review.meeting.decisions),
    "meeting action item": (_open_action_item, lambda review: any(item.action == TYPED for item in review.action_items)),
    "dismiss-hint reason": (_open_dismiss_reason, lambda review: any(d.reason == TYPED for d in review.dismissed_hints)),
    "evidence": (_open_evidence, None),
    "a table's row form": (_open_row_form, lambda review: any(row.event == TYPED for row in review.timeline)),
}


@pytest.mark.parametrize("ending", ["hang-up", "crash"])
@pytest.mark.parametrize("dialog", list(DIALOGS))
async def test_a_dialogs_typed_text_is_kept_at_a_hang_up_or_crash(tmp_path: Path, dialog: str, ending: str) -> None:
    path = write_review(tmp_path)
    app = PirtuiApp(path)
    open_and_type, landed = DIALOGS[dialog]
    async with app.run_test(size=SMALL) as pilot:
        await open_and_type(pilot, app)
        assert app.session is not None
        if ending == "hang-up":
            app.session.save_on_hang_up()
        else:
            app.crashed(RuntimeError("a bug of ours"))
    copy = find_recovery(path)
    if landed is None:  # no place in the review: the recovery copy keeps it, saying what it was
        assert copy is not None and any(TYPED in line and "evidence" in line.lower() for line in copy.typed)
    elif ending == "hang-up":
        assert landed(store.load(path))
    else:
        assert copy is not None and copy.review is not None and landed(copy.review)


async def test_the_new_review_dialogs_name_is_named_on_the_way_out_when_no_review_is_open(tmp_path: Path) -> None:
    from pirtui.screens.new_review_dialog import NewReviewDialog
    from pirtui.screens.review_list import ReviewListScreen

    write_review(tmp_path)
    app = PirtuiApp(folder=tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        assert await wait_until(pilot, lambda: isinstance(app.screen, ReviewListScreen) and app.screen.is_mounted)
        await pilot.press("n")
        assert await wait_until(pilot, lambda: isinstance(app.screen, NewReviewDialog) and app.screen.is_mounted)
        app.screen.query_one(Input).value = "inc-typed-name"
        app.crashed(RuntimeError("a bug of ours"))
    assert "New review file name" in app.exit_line and "inc-typed-name" in app.exit_line
