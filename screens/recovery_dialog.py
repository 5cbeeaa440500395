"""Unsaved edits from an earlier session were found: restore them, or discard them."""

from __future__ import annotations

from pirtui.screens.dialogs import Choice, ChoiceDialog

MAX_DIFF_LINES = 400
"""Lines of difference shown; the rest is summarised (the copy itself stays on disk)."""


def shown_diff(lines: list[str]) -> str:
    """The difference as the dialog shows it: at most MAX_DIFF_LINES lines."""
    if len(lines) <= MAX_DIFF_LINES:
        return "\n".join(lines)
    return "\n".join(lines[:MAX_DIFF_LINES]) + f"\n… {len(lines) - MAX_DIFF_LINES} more lines"


class RecoveryDialog(ChoiceDialog):
    """Dismisses with "restore" (the default), "discard", or "later" (escape: keep the copy, open the saved review)."""

    def __init__(self, file_name: str, saved_at: str, where: str, difference: list[str]) -> None:
        when = saved_at.replace("T", " ") or "an unknown time"
        super().__init__(
            f"{file_name} has unsaved edits from {when} (a hang-up, crash or kill), kept in {where}.\n"
            "Restore them (the review is then unsaved until you save it), or discard them?",
            [
                Choice("restore", "Restore", "r", "primary"),
                Choice("discard", "Discard", "d", "error"),
                Choice("later", "Later", "l"),
            ],
            detail=shown_diff(difference),
        )
