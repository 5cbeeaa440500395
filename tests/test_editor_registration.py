"""Every widget that edits the review is a registered `ReviewEditor`, on every section of a full review.

An editor that is not one would not be synced before a save: the keys of a burst typed into it
could be lost without a word. This walks every section screen of a sample review.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widget import Widget

from pirtui.app.app import PirtuiApp
from pirtui.screens.section import SectionScreen
from pirtui.core.sections import EDITABLE_SECTIONS
from pirtui.widgets.messages import ReviewEditor
from tests.editor_helpers import wait_until

SAMPLE = Path(__file__).resolve().parent.parent / "sample_reviews" / "inc-2024-001-db-pool-exhaustion.toml"


def registered(widget: Widget) -> bool:
    """Whether the widget is a ReviewEditor or inside one."""
    node: Widget | None = widget
    while isinstance(node, Widget):
        if isinstance(node, ReviewEditor):
            return True
        node = node.parent  # type: ignore[assignment]
    return False


def covers(shown: set[str], path: str) -> bool:
    """Whether an editor shows `path` (or everything under it, as the detection checkboxes do)."""
    return path in shown or any(p.startswith(path + ".") for p in shown)


async def test_every_editing_widget_of_every_section_is_a_registered_review_editor(tmp_path: Path) -> None:
    path = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, path)
    app = PirtuiApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        for section in EDITABLE_SECTIONS:
            app.goto_section(section.key)
            await wait_until(
                pilot,
                lambda: isinstance(app.screen, SectionScreen) and app.screen.section is section and app.screen.is_mounted,
            )
            screen = app.screen
            assert isinstance(screen, SectionScreen) and screen.section is section
            form = screen.query_one("#form")
            unregistered = [
                repr(widget) for widget in form.walk_children(Widget) if widget.focusable and not registered(widget)
            ]
            assert unregistered == [], f"{section.key}: widgets that take keys but are not ReviewEditors"
            shown = {p for editor in screen.review_editors() for p, _ in editor.shown_values()}
            wanted = [c.key for b in section.blocks if b.kind == "fields" for c in b.columns]
            wanted += [b.path for b in section.blocks if b.kind not in ("fields", "static")]
            assert [p for p in wanted if not covers(shown, p)] == [], f"{section.key}: paths no editor shows"


async def test_an_edit_message_carrying_an_older_value_takes_what_the_field_shows(tmp_path: Path) -> None:
    """While a field is mounted the widget is the truth: a late `Edited` does not bring back an old value."""
    from textual.widgets import Input

    from pirtui.widgets.field import FieldEditor
    from pirtui.widgets.messages import ReviewEditor

    path = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, path)
    app = PirtuiApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await wait_until(pilot, lambda: isinstance(app.screen, SectionScreen) and bool(app.screen.query(FieldEditor)))
        field = app.screen.query_one("#f-title", FieldEditor)
        field.query_one(Input).value = "Newest title"
        await pilot.pause()
        assert app.review.title == "Newest title"

        field.post_message(ReviewEditor.Edited("title", "An older title", editor=field))  # arrives late
        await pilot.pause()

        assert app.review.title == "Newest title" and app.dirty


def test_every_dialog_that_takes_text_is_registered_as_holding_it() -> None:
    """A dialog whose compose yields a text field (Input, TextArea) is a `HoldsText`, so a hang-up
    or crash keeps what is typed in it; read from the sources of every screen and widget module.
    Dialogs that take no words of the user's (yes/no questions, lists to pick from) are not."""
    import importlib
    import inspect
    import pkgutil

    from textual.screen import ModalScreen

    import pirtui.screens
    import pirtui.widgets
    from pirtui.widgets.messages import HoldsText

    takes_text = ("Input(", "TextArea(")
    unregistered = []
    for package in (pirtui.screens, pirtui.widgets):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ != module.__name__ or not issubclass(cls, ModalScreen):
                    continue
                lines = inspect.getsource(cls).splitlines()
                # A read-only TextArea (the preview's Markdown source) takes no words.
                fields = [line for line in lines if any(kind in line for kind in takes_text) and "read_only=True" not in line]
                if fields and not issubclass(cls, HoldsText):
                    unregistered.append(f"{module.__name__}.{cls.__name__}")
    assert unregistered == []
