"""Someone else has this review open: read it only, take it over, or quit."""

from __future__ import annotations

from pirtui.screens.dialogs import Choice, ChoiceDialog


class LockDialog(ChoiceDialog):
    """Dismisses with "read-only" (the default, also escape), "take-over" or "quit"."""

    def __init__(self, who: str, file_name: str) -> None:
        super().__init__(
            f"{who}.\n{file_name} opens read-only unless you take it over; taking over lets you "
            "save, and their next save will warn them.",
            [
                Choice("read-only", "Read-only", "r", "primary"),
                Choice("take-over", "Take over", "t", "warning"),
                Choice("quit", "Quit", "q"),
            ],
            cancel="read-only",
        )
