"""The piece every block editor shares: a review path and a message line under it.

Findings from `pirtui.checks` name a dotted field path; the section screen hands each editor the
findings under its path, and the editor shows them right below itself while the user types.
"""

from __future__ import annotations

from typing import Iterable, Protocol

from textual.widgets import Label

from pirtui.inert import inert

MAX_MESSAGES = 3
"""Messages shown under one editor; more are summarised as "+N more (F8 lists all)"."""


class FindingLike(Protocol):
    """What an editor needs from a `pirtui.checks.Finding`."""

    level: str
    field: str
    message: str


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

    def __init__(self) -> None:
        super().__init__(markup=False, classes="message")
        self.display = False

    def show(self, findings: Iterable[FindingLike], describe=None) -> None:
        """Show these findings, errors first; `describe` may prefix each with its row."""
        ordered = sorted(findings, key=lambda f: f.level != "error")
        self.set_class(any(f.level == "error" for f in ordered), "-error")
        self.set_class(bool(ordered) and all(f.level != "error" for f in ordered), "-warning")
        lines = []
        for finding in ordered[:MAX_MESSAGES]:
            mark = "✗" if finding.level == "error" else "!"
            where = describe(finding) if describe else ""
            lines.append(inert(f"{mark} {where}{finding.message}"))
        if len(ordered) > MAX_MESSAGES:
            lines.append(f"  +{len(ordered) - MAX_MESSAGES} more (F8 lists all)")
        self.update("\n".join(lines))
        self.display = bool(lines)
