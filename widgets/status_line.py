"""The line above the footer: problems, completeness, unsaved changes and the computed duration."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from pirtui.core.inert import inert


class StatusLine(Static):
    """A one-line summary of the whole review, updated after every change."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        width: 1fr;
        padding: 0 1;
        background: $panel;
    }
    """

    def show(
        self,
        errors: int,
        warnings: int,
        complete: int,
        total: int,
        dirty: bool,
        duration: str,
        position: str,
        note: str = "",
        hints: int = 0,
    ) -> None:
        """Redraw the summary from counts the app keeps up to date.

        `note` is a state the user must not miss while typing: read-only, or the last save failed.
        Hints are coaching, not problems: counted apart, quietly, and only when there are some.
        """
        parts: list[tuple[str, str] | str] = [(inert(note, keep=""), "bold reverse"), "  "] if note else []
        parts += [(position, "bold"), "  "]
        parts += [(f"✗ {errors} error{'s' * (errors != 1)}", "bold red" if errors else "dim"), "  "]
        parts += [(f"! {warnings} warning{'s' * (warnings != 1)}", "yellow" if warnings else "dim"), "  "]
        if hints:
            parts += [(f"◦ {hints} hint{'s' * (hints != 1)}", "dim"), "  "]
        parts += [(f"✓ {complete}/{total} complete", "green" if complete == total else ""), "  "]
        if duration:
            parts += [(f"duration {duration}", ""), "  "]
        if dirty:
            parts += [("● unsaved", "bold")]
        self.update(Text.assemble(*parts))
