"""Each private name of Textual that pirtui.textual_compat relies on is still there and still works.

A Textual release that renames one fails here, by name, instead of somewhere in the editor.
"""

from __future__ import annotations

import inspect

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Input

from pirtui import textual_compat
from pirtui.textual_compat import CrashHook, InputHooks, action_enabled, binding_chain, breakpoint_classes


class Crashing(CrashHook, App[int]):
    """An app whose key `b` is a bug: `crashed` records the error and sets the exit status."""

    BINDINGS = [Binding("b", "bug", "Bug")]

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[Exception] = []

    def action_bug(self) -> None:
        raise ZeroDivisionError("planted")

    def crashed(self, error: Exception) -> int:
        self.seen.append(error)
        return 70


async def test_an_unhandled_exception_reaches_crashed_and_sets_the_exit_status() -> None:
    """`_handle_exception`, `_return_code`, `_exception`, `_exception_event`, `_close_messages_no_wait`."""
    app = Crashing()
    try:
        async with app.run_test() as pilot:
            await pilot.press("b")
            await pilot.pause()
    except ZeroDivisionError:
        pass  # run_test raises the app's exception again, for the test framework
    assert [type(error) for error in app.seen] == [ZeroDivisionError]
    assert app.return_code == 70


def test_the_private_names_of_the_app_are_there() -> None:
    app = App()
    for name in ("_return_code", "_exception", "_exception_event"):
        assert hasattr(app, name), name
    for name in ("_handle_exception", "_close_messages_no_wait", "_check_action_state"):
        assert callable(getattr(App, name, None)), name


class Keys(App[None]):
    BINDINGS = [Binding("f9", "something", "Something"), Binding("f10", "hidden", "Hidden")]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    def compose(self) -> ComposeResult:
        yield Input()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "hidden"


async def test_breakpoints_binding_chain_and_action_state() -> None:
    """`Screen._get_breakpoint_classes`, `Screen._modal_binding_chain`, `App._check_action_state`."""
    app = Keys()
    async with app.run_test(size=(80, 24)):
        screen = app.screen
        assert list(breakpoint_classes(screen, 80, app.HORIZONTAL_BREAKPOINTS)) == ["-narrow"]
        assert list(breakpoint_classes(screen, 120, app.HORIZONTAL_BREAKPOINTS)) == ["-wide"]
        chain = binding_chain(screen)
        assert chain[0][0] is app.focused  # the focused Input first
        keys = {key for node, bindings in chain if node is app for key, _ in bindings}
        assert {"f9", "f10"} <= keys
        assert action_enabled(app, "something", app) is True
        assert action_enabled(app, "hidden", app) is False


def test_footer_bindings_changed_is_still_the_method_footer_hook_copies() -> None:
    """FooterHook replaces Textual's `Footer.bindings_changed`; if Textual's changes, the copy must follow."""
    source = inspect.getsource(Footer.bindings_changed)
    assert "self._bindings_ready = True" in source
    assert "if not screen.app.app_focus:" in source
    assert "self.call_after_refresh(self.recompose)" in source
    assert "_bindings_ready" in Footer.__dict__


class Shouting(InputHooks):
    """Draws its value in capitals and keeps pastes as "<pasted>"."""

    def drawn(self, text):
        return text.__class__(text.plain.upper())

    def pasted(self, event: events.Paste) -> bool:
        event.prevent_default()
        event.stop()
        self.insert_text_at_cursor("<pasted>")
        return True


class OneInput(App[None]):
    def compose(self) -> ComposeResult:
        yield Shouting("abc")


async def test_input_hooks_change_the_drawn_text_and_the_paste() -> None:
    """Input's `_value` (what is drawn) and `_on_paste`."""
    assert isinstance(inspect.getattr_static(Input, "_value"), property)
    assert callable(getattr(Input, "_on_paste", None))
    app = OneInput()
    async with app.run_test() as pilot:
        field = app.query_one(Shouting)
        assert field._value.plain == "ABC"
        assert field.value == "abc"
        field.focus()
        await pilot.pause()
        field.post_message(events.Paste("line one\nline two"))
        await pilot.pause()
        assert field.value == "abc<pasted>"


def test_the_compat_module_is_the_only_one_naming_these_private_names() -> None:
    """Nothing else in pirtui reaches into Textual's private API."""
    from pathlib import Path

    root = Path(textual_compat.__file__).resolve().parent.parent
    names = (
        "_handle_exception", "_return_code", "_exception_event", "_close_messages_no_wait",
        "_modal_binding_chain", "_check_action_state", "_get_breakpoint_classes", "_bindings_ready",
        "def _value", "_on_paste", "widgets._footer",
    )
    offenders = []
    for folder in ("pirtui", "screens", "widgets"):
        for path in (root / folder).rglob("*.py"):
            if path.name == "textual_compat.py":
                continue
            text = path.read_text(encoding="utf-8")
            offenders += [f"{folder}/{path.name}: {name}" for name in names if name in text]
    assert offenders == []
