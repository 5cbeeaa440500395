"""Every use of Textual's private API, in one place (Textual 8.2), each pinned by a test.

pirtui needs a few things Textual does not offer publicly: ending the app its own way after a bug
(no traceback, the words kept), the width classes of a screen before it is laid out, the binding
chain the help screen lists, a footer that redraws only when its keys change, and an Input that
draws control characters as symbols and keeps a multi-line paste. A Textual release may rename any
of these; `tests/test_textual_compat.py` then fails here rather than somewhere in the editor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from rich.text import Text
from textual import events
from textual.app import App
from textual.screen import Screen
from textual.widgets import Footer, Input
from textual.widgets._footer import FooterKey as FooterKey  # one key of the footer (QuietFooter fits them)

if TYPE_CHECKING:
    from textual.binding import BindingsMap
    from textual.dom import DOMNode


if TYPE_CHECKING:
    _AppMixin = App[Any]
    """For the type checker: the mixin's `self` is the App it is mixed into."""
else:
    _AppMixin = object


class CrashHook(_AppMixin):
    """Mixed into the App (before `App`): an unhandled exception calls `crashed(error)`, which keeps
    the words and returns the exit status; the app then ends without Textual's traceback screen.

    Under `textual run --dev` ("debug" in `features`) Textual's own handling shows the traceback.
    """

    def crashed(self, error: Exception) -> int:
        """Keep what can be kept; return the exit status."""
        raise NotImplementedError

    def _handle_exception(self, error: Exception) -> None:
        app: Any = self
        if "debug" in app.features:
            super()._handle_exception(error)
            return
        app._return_code = self.crashed(error)
        if app._exception is None:  # run_test raises it again for the test framework
            app._exception = error
            app._exception_event.set()
        app._close_messages_no_wait()


def handle_exception(app: App, error: Exception) -> None:
    """Hand an exception raised outside the app's tasks (a thread of ours) to the app's own
    handling, which `CrashHook` turns into the crash path."""
    app._handle_exception(error)


def breakpoint_classes(screen: Screen, width: int, breakpoints: list[tuple[int, str]]) -> Iterable[str]:
    """The classes (-narrow / -wide) a screen gets for a terminal `width` columns wide.

    Known before the screen's first resize, so its form is styled once, not twice.
    """
    return screen._get_breakpoint_classes(width, breakpoints)


def binding_chain(screen: Screen) -> list[tuple[DOMNode, BindingsMap]]:
    """The (node, bindings) pairs a key goes through on this screen, focused widget first."""
    return list(screen._modal_binding_chain)


def action_enabled(app: App, action: str, namespace: DOMNode) -> bool | None:
    """What `check_action` says about an action in its namespace (False: hidden, None: greyed)."""
    return app._check_action_state(action, namespace)


class FooterHook(Footer):
    """A Footer that calls `keys_may_have_changed` where Textual's would rebuild all its keys."""

    async def keys_may_have_changed(self) -> None:
        """Called after a refresh whenever the screen's bindings were updated."""

    def bindings_changed(self, screen: Screen) -> None:
        # Textual's own method, with the rebuild replaced by the hook.
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self.keys_may_have_changed)


class InputHooks(Input):
    """An Input whose drawn text and paste handling a subclass can change.

    `drawn(text)` gets the Text Textual would draw and returns what to draw (the value itself is
    left as typed). `pasted(event)` gets a paste; returning True means it was handled.
    """

    def drawn(self, text: Text) -> Text:
        """The value as drawn; Textual's by default."""
        return text

    def pasted(self, event: events.Paste) -> bool:
        """Handle a paste; False leaves it to Textual (which keeps the first line only)."""
        return False

    @property
    def _value(self) -> Text:
        return self.drawn(super()._value)

    def _on_paste(self, event: events.Paste) -> None:
        if not self.pasted(event):
            super()._on_paste(event)
