"""How an edit travels from a widget to the review: `ReviewEditor` and its `ReviewEditor.Edited` message.

While an editor is on screen, the widget is the truth about the values it shows. Each change sends
`Edited` up; the app then takes what the editor shows now (not what the message carried, which may
be older) into the one Review, marks it unsaved and re-checks the section. Before anything reads the
whole review (save, autosave, preview, presentation, problems, hang-up, crash) the app's `sync` takes
what every mounted editor shows, so keys still on their way in a burst are not lost.

A widget that edits the review is registered by being a `ReviewEditor`: nothing else to add. A
dialog whose text the review takes only once it is confirmed (a meeting capture, a hint's dismissal
reason, a new review's name, pasted evidence) is registered by being a `HoldsText`: at a hang-up or
crash its text is kept (`pirtui.session.HeldText`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from textual.message import Message

from pirtui.session import HeldText

Hold = Callable[[str], HeldText]
"""Given by whoever opens a dialog, who knows where its text belongs: the text, kept with its place."""


if TYPE_CHECKING:
    from textual.widget import Widget

    _WidgetMixin = Widget
    """For the type checker: the mixin's `self` is the widget it is mixed into."""
else:
    _WidgetMixin = object


class ReviewEditor(_WidgetMixin):
    """Mixed into (before the Textual base class) every widget that edits review paths.

    A subclass says which paths it edits and what it shows for each (`shown_values`), and calls
    `send_edit` when the user changes one. The section screen finds editors by this class, the app
    syncs them before reading the review, and a test fails for a widget editing the review that is
    not one.
    """

    class Edited(Message):
        """The user changed the value at a dotted review path ("incident.id", "timeline")."""

        def __init__(self, path: str, value: object, save: bool = False, editor: ReviewEditor | None = None) -> None:
            super().__init__()
            self.path = path
            """Dotted path in the review, as `pirtui.core.model.set_path` takes it."""
            self.value = value
            """The new value, already in the model's type (str, bool, list...), as it was when sent."""
            self.save = save
            """Save the review right after applying (a row form committed with ctrl+s)."""
            self.editor = editor
            """The editor that sent it: the app takes what it shows now."""

    path: str = ""
    """The review path this editor is about (findings under it are shown with it)."""
    _baseline: dict[str, object] | None = None
    _touched = False

    def shown_values(self) -> list[tuple[str, object]]:
        """Each review path this editor edits, with the value it shows right now."""
        raise NotImplementedError

    def on_mount(self) -> None:
        # What the editor shows before any key: a widget may show a value slightly differently from
        # the review (a TextArea evens out line endings), which is not a change by the user.
        self._baseline = dict(self.shown_values())

    def send_edit(self, path: str, value: object, save: bool = False) -> None:
        """Tell the app the user changed the value at `path` (the widget now shows `value`)."""
        baseline = self._baseline or {}
        if not self._touched and not save and path in baseline and baseline[path] == value:
            return  # shown again as it was loaded: not an edit
        self._touched = True
        # Straight to the app, which alone handles it: bubbling would cost a hop per ancestor per key.
        self.app.post_message(ReviewEditor.Edited(path, value, save, editor=self))

    def values_to_sync(self) -> list[tuple[str, object]]:
        """What the review should take from this editor: every value once the user has changed one,
        and before that only values that differ from what was first shown (a key not yet reported)."""
        shown = self.shown_values()
        if self._touched or self._baseline is None:
            return shown
        baseline = self._baseline
        return [(path, value) for path, value in shown if baseline.get(path, value) != value]


class HoldsText:
    """Mixed into (before the Textual base class) every dialog that takes text the review gets only
    once the user confirms it. `held_text` says what is typed now and where it would go, so that a
    hang-up or crash keeps it (the app's `MountedEditors` finds every one on screen)."""

    def held_text(self) -> HeldText | None:
        """The text typed so far, with its place in the review when known; None when nothing is typed."""
        raise NotImplementedError


def held(what: str, text: str, hold: Hold | None) -> HeldText | None:
    """`text` (None when blank) kept by `hold`, or without a place as `what`."""
    if not text.strip():
        return None
    return hold(text) if hold is not None else HeldText(what, text)
