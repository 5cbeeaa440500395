"""What the hints know of the folder's other reviews: their open action items.

An action item that comes back still open from an earlier review is worth a hint
(`action-repeats-open`). Each other review in the folder is read as TOML only (no model: a folder
may hold hundreds), by the roles of its own template, since a folder may mix templates: the
table with the action-items role, its action-text and action-status columns, the incident's start
and ID. A review whose template is not found, or whose template has no action text or status, is
skipped; so is a file that cannot be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pirtui.core.computed import is_open
from pirtui.core.hint_places import ACTIONS
from pirtui.core.template.template import Template
from pirtui.core.timeparse import parse_window


@dataclass(frozen=True)
class EarlierItem:
    """An open action item of another review in the same folder."""

    review_id: str
    start: date | None
    """The other incident's start date (None when it cannot be read)."""
    text: str
    path: Path | None = None
    """The file it was read from."""


EARLIER_MAX_BYTES = 4 * 1024 * 1024
"""Reviews larger than this are not read for their open action items (a hint is not worth reading
a generated 50,000-row review for; a written review is some tens of kilobytes)."""


def open_items_in(folder: Path, exclude: Path | None = None) -> list[EarlierItem]:
    """The open action items of the reviews in `folder`, but `exclude` (the review being checked,
    not read a second time). Each review is read by the roles of its own template (a folder may
    mix templates); one whose template is not found, or has no action text or status, is skipped."""
    import tomli

    skip = exclude.resolve() if exclude is not None else None
    try:
        paths = sorted(
            p for p in folder.glob("*.toml")
            if p.is_file() and not p.name.startswith(".") and p.stat().st_size <= EARLIER_MAX_BYTES
            and p.resolve() != skip
        )
    except OSError:
        return []
    found: list[EarlierItem] = []
    readers: dict[str, _ItemReader | None] = {}
    for path in paths:
        try:
            data = tomli.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError):
            continue
        ref = data.get("template", "")
        if isinstance(ref, str) and ref not in readers:
            template = _template_named(ref, folder)
            readers[ref] = _ItemReader.of(template) if template is not None else None
        reader = readers.get(ref) if isinstance(ref, str) else None
        if reader is not None:
            found += reader.open_items(data, path)
    return found


def _template_named(ref: str, folder: Path) -> Template | None:
    """The template a review's `template` key names, seen from its folder; None when none is found."""
    from pirtui.core.template.discovery import template_for
    from pirtui.core.template.loader import TemplateError

    try:
        return template_for(ref, folder)
    except TemplateError:
        return None


@dataclass(frozen=True)
class _ItemReader:
    """How the open action items of a template's reviews are read from their TOML (no model), by role."""

    table: str
    text: str
    status: str
    start: str
    incident_id: str
    row: Any
    """The generated class of one action item (`is_open` asks it)."""

    @classmethod
    def of(cls, template: Template) -> _ItemReader | None:
        """The reader for a template's reviews; None without action items that have a text and a status."""
        table = template.table_path(ACTIONS)
        text, status = template.column_of(ACTIONS, "action-text"), template.column_of(ACTIONS, "action-status")
        if not table or not text or not status:
            return None
        start, incident_id = template.path_of("incident-start") or "", template.path_of("incident-id") or ""
        return cls(table, text, status, start, incident_id, _row_class(template, table))

    def open_items(self, data: dict[str, Any], path: Path) -> list[EarlierItem]:
        """The open action items of one review read as TOML."""
        items = _toml_at(data, self.table)
        if not isinstance(items, list):
            return []
        start, _ = parse_window(str(_toml_at(data, self.start) or ""), "")
        review_id = str(_toml_at(data, self.incident_id) or "") or path.stem
        found = []
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get(self.text, ""), str):
                continue
            status = item.get(self.status)
            row = self.row(**({self.status: status} if isinstance(status, str) else {}))
            if is_open(row) and item.get(self.text, "").strip():
                found.append(EarlierItem(review_id, start.at.date() if start else None, item[self.text], path))
        return found


def _toml_at(data: dict[str, Any], path: str | None) -> Any:
    """The value at a dotted path of a review read as TOML; None where there is none."""
    node: Any = data
    for part in (path or "").split(".") if path else ():
        node = node.get(part) if isinstance(node, dict) else None
    return node if path else None


def _row_class(template: Template, path: str) -> Any:
    """The generated class of one row of the table at `path` (the built-in template's `ActionItem`)."""
    import typing

    model: Any = template.models.review
    annotation: Any = None
    for name in path.split("."):
        annotation = model.model_fields[name].annotation
        model = annotation
    (row,) = typing.get_args(annotation)
    return row

