"""Messages the editing widgets send up to the app.

Widgets never write into the review themselves: they say what changed, and the app applies it to
the one Review object, marks the review unsaved and re-checks only the section that owns the path.
"""

from __future__ import annotations

from textual.message import Message


class Edited(Message):
    """The user changed the value at a dotted review path ("incident.id", "timeline")."""

    def __init__(self, path: str, value: object, save: bool = False) -> None:
        super().__init__()
        self.path = path
        """Dotted path in the review, as `pirtui.model.set_path` takes it."""
        self.value = value
        """The new value, already in the model's type (str, bool, list...)."""
        self.save = save
        """Save the review right after applying (a row form committed with ctrl+s)."""
