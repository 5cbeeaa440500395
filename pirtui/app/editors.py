"""The editors on screen, as the session pulls them: the one source of text the review may not hold yet.

Every whole-document read of the `Session` (save, copy, overwrite, recovery copy, render, preview,
presentation, check, meeting capture, hang-up, crash) first pulls what the mounted editors show
through `MountedEditors.shown`, and what is pending (open row forms, dialogs' typed text) through
`MountedEditors.pending`. An editor is found here by what it is: a `ReviewEditor` widget on any
screen (the installed section screens and whatever is stacked), an `EditableTable`'s open row form,
a `HoldsText` dialog. So no caller has to remember to sync, and a new editor is covered by being one.
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator, Protocol

from textual.screen import Screen

from pirtui.session import Applied, HeldText, Pending
from pirtui.widgets.messages import HoldsText, ReviewEditor


class Screens(Protocol):
    """What `MountedEditors` needs of the app: the screens that may hold editors."""

    def editor_screens(self) -> Iterable[Screen]:
        """Every screen that may be mounted: the section screens built so far and the screen stack."""


class MountedEditors:
    """The `pirtui.session.EditorSource` of the editor app."""

    def __init__(self, screens: Screens, applied: Callable[[list[Applied]], None]) -> None:
        self._screens = screens
        self._applied = applied

    def _mounted(self) -> Iterator[Screen]:
        seen: set[int] = set()
        for screen in self._screens.editor_screens():
            if id(screen) not in seen and screen.is_mounted:
                seen.add(id(screen))
                yield screen

    def shown(self) -> Iterable[tuple[str, object]]:
        """(review path, value) of every mounted `ReviewEditor`, on every screen."""
        for screen in self._mounted():
            for node in screen.walk_children():
                if isinstance(node, ReviewEditor):
                    yield from node.values_to_sync()

    def pending(self) -> Pending:
        """The open row forms of the tables and the typed text of every `HoldsText` dialog."""
        from pirtui.widgets.editable_table import EditableTable

        rows = []
        texts: list[HeldText] = []
        for screen in self._mounted():
            for node in [screen, *screen.walk_children()]:
                if isinstance(node, EditableTable):
                    row = node.unsaved_row()
                    if row is not None:
                        rows.append(row)
                if isinstance(node, HoldsText):
                    try:
                        held = node.held_text()
                    except Exception:  # noqa: BLE001 - a dialog half torn down holds nothing more
                        held = None
                    if held is not None:
                        texts.append(held)
        return Pending(rows, tuple(texts))

    def applied(self, changes: list[Applied]) -> None:
        """The session took `changes` from the editors: what shows the review follows."""
        self._applied(changes)
