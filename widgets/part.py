"""The piece every block editor shares: a review path and a message line under it.

Findings from `pirtui.core.checks` name a dotted field path; the section screen hands each editor the
findings under its path, and the editor shows them right below itself while the user types.
"""

from __future__ import annotations

from typing import Iterable, Protocol

from textual.widgets import Label

from pirtui.core.inert import inert

MAX_MESSAGES = 3
"""Messages shown under one editor; more are summarised as "+N more (F8 lists all)"."""
MARKS = {"error": "✗", "warning": "!", "hint": "◦"}
"""The mark of each finding level, so they differ without colour too."""
LEVEL_ORDER = {"error": 0, "warning": 1, "hint": 2}


class FindingLike(Protocol):
    """What an editor needs from a `pirtui.core.checks.Finding` (read-only, as a frozen Finding's are)."""

    @property
    def level(self) -> str:
        """ "error", "warning" or "hint"."""

    @property
    def field(self) -> str:
        """The review path the finding is about."""

    @property
    def message(self) -> str:
        """One line of plain English."""


def field_id(path: str) -> str:
    """A widget id for the editor of a review path ("incident.id" -> "f-incident-id")."""
    return "f-" + path.replace(".", "-").replace("_", "-")


def owns(path: str, field: str) -> bool:
    """Whether a finding about `field` belongs to the editor of `path`."""
    return field == path or field.startswith(path + ".")


class FormPart:
    """Mixed into each part of a section's form (a field, a text, the checkboxes, a table block):
    the section screen hands it the findings under its `path` and focuses it by path."""

    path: str = ""
    """The review path this part shows."""

    def show_findings(self, findings: list[FindingLike]) -> None:
        """Show the findings about this part right under it."""
        raise NotImplementedError


class MessageLine(Label):
    """The line under an editor listing its findings; hidden when there are none."""

    DEFAULT_CSS = """
    MessageLine {
        width: 1fr;
        color: $text-warning;
    }
    MessageLine.-error {
        color: $text-error;
    }
    MessageLine.-hint {
        color: $text-muted;
        text-style: italic;
    }
    """

    def __init__(self) -> None:
        super().__init__(markup=False, classes="message")
        self.display = False

    def show(self, findings: Iterable[FindingLike], describe=None) -> None:
        """Show these findings, errors first, hints last; `describe` may prefix each with its row."""
        ordered = sorted(findings, key=lambda f: LEVEL_ORDER.get(f.level, len(LEVEL_ORDER)))
        levels = {f.level for f in ordered}
        self.set_class("error" in levels, "-error")
        self.set_class("warning" in levels and "error" not in levels, "-warning")
        self.set_class(levels == {"hint"}, "-hint")
        lines = []
        for finding in ordered[:MAX_MESSAGES]:
            mark = MARKS.get(finding.level, "!")
            where = describe(finding) if describe else ""
            # A hint says what to do instead, right where the writer is typing.
            suggestion = str(getattr(finding, "suggestion", ""))
            advice = f" {suggestion}" if finding.level == "hint" and suggestion else ""
            lines.append(inert(f"{mark} {where}{finding.message}{advice}"))
        if len(ordered) > MAX_MESSAGES:
            lines.append(f"  +{len(ordered) - MAX_MESSAGES} more (F8 lists all)")
        self.update("\n".join(lines))
        self.display = bool(lines)
