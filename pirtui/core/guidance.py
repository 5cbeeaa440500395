"""What the template itself writes that is guidance, not content: placeholders and examples.

The importer reads a review written from the template; the template's "[Name]", "YYYY-MM-DD" and
its example rows (the 5 Whys about 503 errors, the communication-log rows) are what a person left
unchanged, and import as empty. Only the template's own texts count, read from the copy of the
template shipped with pirtui, so that a user's own "[TBD]" is kept as written.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from pirtui.core.template.loader import builtin

PLACEHOLDERS = frozenset(
    {
        "inc-yyyy-nnn",
        "yyyy-mm-dd",
        "yyyy-mm-dd hh:mm",
        "hh:mm",
        "x hours y minutes",
        "sev-1 / sev-2 / sev-3",
        "p1/p2/p3",
        "jira-xxx",
        "http://localhost:3000/d/xxx",
    }
)
"""The template's placeholder values (compared lower-cased); "[...]" placeholders are recognised by shape."""

TEMPLATE_EXAMPLES: dict[str, tuple[tuple[str, ...], ...]] = {
    block.path: tuple(tuple(row) for row in block.example_rows)
    for section in builtin().spec.sections
    for block in section.blocks
    if block.example_rows
}
"""The template's own example content, which is guidance and imports as empty when left unchanged.

A table (or code block) equal to its example as a whole imports as empty; a single checklist or
table row that still holds a "[...]" placeholder and matches an example row is dropped on its own.
"""

_IN_FULL = frozenset(
    block.path for section in builtin().spec.sections for block in section.blocks if block.example_in_full
)
"""Paths whose example counts only as a whole, in order (the 5 Whys)."""

EXAMPLE_LEADS = frozenset({"**Example:**", "__Example:__", "*Example:*", "Example:", "**Example**:"})
"""How the template (and people copying it) write the lead of an example, which is guidance."""


TEMPLATE_PATH = Path(__file__).with_name("template.md")
"""The template as the user gave it (a copy of shared/template), shipped with pirtui."""

_NUMBERED_PLACEHOLDER = re.compile(
    r"\[(?:item|factor|action|learning|improvement|point|decision|follow-up item) \d+\b[^\[\]]*\]"
)
"""The template's numbered placeholders, continued past its own numbers ("[Item 4]", "[Factor 5 - ...]")."""


@functools.cache
def template_placeholders() -> frozenset[str]:
    """Every "[...]" placeholder the template writes, lower-cased with spaces squashed."""
    text = TEMPLATE_PATH.read_text(encoding="utf-8")
    return frozenset(_normal(found) for found in re.findall(r"\[[^\[\]]*[^\[\]\s][^\[\]]*\]", text))


def is_placeholder(value: str) -> bool:
    """Whether a value is the template's placeholder rather than content ("[Name]", "YYYY-MM-DD").

    Only the template's own placeholders count: a value the user wrote in brackets ("[TBD]",
    "[see #incident-42]") is content and imports as written.
    """
    text = _normal(value)
    return text in PLACEHOLDERS or text in template_placeholders() or bool(_NUMBERED_PLACEHOLDER.fullmatch(text))


def is_example(path: str, rows: list[tuple[str, ...]]) -> bool:
    """Whether rows are (all) part of the template's own example for this path."""
    examples = TEMPLATE_EXAMPLES.get(path)
    if not examples or not rows:
        return False
    wanted = {tuple(squash(cell) for cell in row) for row in examples}
    got = [tuple(squash(cell) for cell in row) for row in rows]
    if path in _IN_FULL:
        return got == [tuple(squash(cell) for cell in row) for row in examples]
    return all(row in wanted for row in got)


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def squash(text: str) -> str:
    """Text with spaces, pipes, colons and dashes removed, lower-cased: for comparing layouts."""
    return re.sub(r"[\s|:\-]+", "", text).casefold()
