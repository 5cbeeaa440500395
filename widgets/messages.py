"""Messages the editing widgets send up to the app.

Widgets never write into the review themselves: they say what changed, and the app applies it to
the one Review object, marks the review unsaved and re-checks only the section that owns the path.
"""

from __future__ import annotations

from textual.message import Message


class Edited(Message):
    """The user changed the value at a dotted review path ("incident.id", "timeline")."""

    def __init__(
        self, path: str, value: object, save: bool = False, source: EditSender | None = None, number: int = 0
    ) -> None:
        super().__init__()
        self.path = path
        """Dotted path in the review, as `pirtui.model.set_path` takes it."""
        self.value = value
        """The new value, already in the model's type (str, bool, list...)."""
        self.save = save
        """Save the review right after applying (a row form committed with ctrl+s)."""
        self.source = source
        """The editor that sent it, when it numbers its messages."""
        self.number = number
        """The editor's count of messages sent, this one included."""


class EditSender:
    """Mixed into the editors that send `Edited`, so that a burst of keys loses nothing.

    Over SSH keys arrive in bursts, and a keystroke reaches the app through a few message queues
    (the Input's `Changed`, then this editor's `Edited`). "Typing then ctrl+s ctrl+q" can therefore
    reach the save while the last letters are still on their way. So the app catches up before it
    saves or quits (`PirtuiApp.catch_up`): it takes what each editor that is behind shows. What is
    still queued then is older than that and is dropped: a change event whose value is no longer
    shown, a value already reported, an `Edited` numbered below the catch-up.
    """

    edits_sent = 0
    """`Edited` messages this editor has sent."""
    edits_applied = 0
    """The number of the newest `Edited` the app has applied, or of the last catch-up."""
    _reported: dict[str, object] | None = None

    def shown_values(self) -> list[tuple[str, object]]:
        """Each review path this editor edits, with the value it shows right now."""
        raise NotImplementedError

    def on_mount(self) -> None:
        # What the editor shows before any key: a widget may show a value slightly differently from
        # the review (a TextArea evens out line endings), which is not a change by the user.
        self._reported = dict(self.shown_values())

    def send_edit(self, path: str, value: object, save: bool = False) -> None:
        """Tell the app the value at `path` is now `value` (unless it has been told already)."""
        reported = self._reported if self._reported is not None else {}
        if path in reported and reported[path] == value and not save:
            return
        reported[path] = value
        self.edits_sent += 1
        self.post_message(Edited(path, value, save, source=self, number=self.edits_sent))  # type: ignore[attr-defined]

    def unreported(self) -> list[tuple[str, object]]:
        """The values shown that the app may not have: not sent yet, or sent and still on the way."""
        shown = self.shown_values()
        if self.edits_sent > self.edits_applied or self._reported is None:
            return shown
        return [(path, value) for path, value in shown if self._reported.get(path, value) != value]

    def caught_up(self) -> None:
        """The app now holds everything this editor shows."""
        self._reported = dict(self.shown_values())
        self.edits_applied = self.edits_sent
