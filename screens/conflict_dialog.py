"""The review changed on disk since it was loaded: never overwrite it silently."""

from __future__ import annotations

from pirtui.screens.dialogs import Choice, ChoiceDialog
from pirtui.screens.recovery_dialog import shown_diff


class ConflictDialog(ChoiceDialog):
    """Dismisses with "reload", "copy", "overwrite" or "cancel" (the default, also escape).

    The difference between the file on disk and the editor's version is shown first, so that
    Overwrite is chosen knowing what it throws away.
    """

    def __init__(self, file_name: str, copy_name: str, difference: list[str]) -> None:
        super().__init__(
            f"{file_name} changed on disk since you opened it (another editor, a git pull, a hand edit).\n"
            f"Lines with - are on disk only, + yours only. Reload loses your edits; Save as copy "
            f"writes {copy_name}; Overwrite replaces what is on disk.",
            [
                Choice("reload", "Reload", "r", "warning"),
                Choice("copy", "Save as copy", "c", "primary"),
                Choice("overwrite", "Overwrite", "o", "error"),
                Choice("cancel", "Cancel", "n"),
            ],
            detail=shown_diff(difference) or "(no difference in the review's content)",
            default="copy",
        )
