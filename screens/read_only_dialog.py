"""FILE.toml is read-only (its permissions forbid writing): save a copy, or overwrite on purpose."""

from __future__ import annotations

from pirtui.screens.dialogs import Choice, ChoiceDialog


class ReadOnlyFileDialog(ChoiceDialog):
    """Dismisses with "copy" (the default: enter), "overwrite" (only its own key, o) or "cancel"
    (escape). As in vim and emacs, a read-only file is replaced only when the user asks twice."""

    def __init__(self, file_name: str, copy_name: str) -> None:
        super().__init__(
            f"{file_name} is read-only (its permissions forbid writing); nothing is saved yet.\n"
            f"Save as copy writes {copy_name} and leaves {file_name} as it is; "
            f"Overwrite replaces {file_name} all the same (press o).",
            [
                Choice("copy", "Save as copy", "c", "primary"),
                Choice("overwrite", "Overwrite", "o", "error"),
                Choice("cancel", "Cancel", "n"),
            ],
            default="copy",
        )
