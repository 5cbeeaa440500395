"""Each private name of Textual that pirtui.textual_compat relies on is still there and still works.

A Textual release that renames one fails here, by name, instead of somewhere in the editor.
"""

from __future__ import annotations

import functools
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


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _assigned_on_self(cls: type) -> set[str]:
    """The attribute names a class's own code assigns on `self` (`self._x = ...`, `self._x += ...`)."""
    import ast
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError):
        return set()
    names = set()
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        for target in targets:
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
                names.add(target.attr)
    return names


@functools.lru_cache(maxsize=None)
def _members(cls: type) -> frozenset[str]:
    """The private names a class declares: its class attributes and methods, and what it assigns on self."""
    return frozenset(name for name in (set(vars(cls)) | _assigned_on_self(cls)) if _private(name))


def private_clashes(classes: list[type]) -> list[str]:
    """"Class.name" for every private member of Textual that a class of ours (or a mixin it takes
    in) overrides or shadows: Textual's own classes are read for their names, no list kept by hand."""
    clashes = []
    for cls in classes:
        textual_bases = [base for base in cls.__mro__ if base.__module__.startswith("textual.")]
        if not textual_bases:
            continue
        theirs = set().union(*(_members(base) for base in textual_bases))
        # What Textual itself writes into every subclass it makes (its class set-up), not ours.
        automatic = set(vars(type("Probe", (textual_bases[0],), {})))
        for ours in cls.__mro__:
            if ours.__module__.startswith("pirtui.") and ours.__module__ != "pirtui.textual_compat":
                mine = _members(ours) - automatic - {"_decorated_handlers"}
                clashes += [f"{ours.__qualname__}.{name}" for name in sorted(mine & theirs)]
    return sorted(set(clashes))


def _pirtui_classes() -> list[type]:
    import importlib
    import pkgutil

    import pirtui
    import pirtui.screens
    import pirtui.widgets

    classes = []
    # screens/ and widgets/ install as pirtui.screens and pirtui.widgets (package-dir): walked apart.
    infos = [
        *pkgutil.walk_packages(pirtui.__path__, "pirtui."),
        *pkgutil.iter_modules(pirtui.screens.__path__, "pirtui.screens."),
        *pkgutil.iter_modules(pirtui.widgets.__path__, "pirtui.widgets."),
    ]
    for info in infos:
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        classes += [c for c in vars(module).values() if isinstance(c, type) and c.__module__ == module.__name__]
    return classes


def test_no_class_of_ours_overrides_or_shadows_a_private_member_of_textual() -> None:
    """Only `pirtui.textual_compat` may touch Textual's private members; elsewhere an override
    (a method `_on_key`) or a shadowing attribute (`self._options`) would break silently when
    Textual changes, so it fails here, found by reading Textual's classes."""
    assert private_clashes(_pirtui_classes()) == []


def test_the_private_member_guard_finds_an_override_and_a_shadow(tmp_path, monkeypatch) -> None:
    """The other side: a method named like Textual's private one and an attribute shadowing one,
    in a module of ours (written to a file, so its source can be read as ours is)."""
    import importlib.util
    import sys

    source = tmp_path / "guard_example.py"
    source.write_text(
        "from textual.widgets import OptionList\n"
        "class Overriding(OptionList):\n"
        "    def _on_key(self, event):\n"
        "        pass\n"
        "class Shadowing(OptionList):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self._options = []\n",
        encoding="utf-8",
    )
    name = "pirtui.widgets.guard_example"
    spec = importlib.util.spec_from_file_location(name, source)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)
    spec.loader.exec_module(module)
    assert private_clashes([module.Overriding, module.Shadowing]) == ["Overriding._on_key", "Shadowing._options"]
