"""The review document: every field of the post-incident review template, as typed.

Every value is kept as the text the user typed (a due date "next Friday-ish" stays exactly that),
because a draft may be incomplete and wrong and saving must never refuse it. Parsing happens in
`pirtui.core.timeparse` and judging in `pirtui.core.checks`, never here.

The classes (`Review`, `Incident`, `ActionItem`...) are generated from the built-in template file
(`pirtui.core.template`, pydantic's `create_model`) when first imported from here; the
vocabularies below are the template's.
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from pirtui.core.template.base import SCHEMA_VERSION, DismissedHint, ExtraSection, Part
from pirtui.core.template import roles
from pirtui.core.template.loader import builtin

__all__ = ["SCHEMA_VERSION", "DismissedHint", "ExtraSection", "Part", "get_path", "set_path", "row_model", "new_review"]

_TEMPLATE = builtin()
SEVERITIES = _TEMPLATE.vocabulary("severity")
PRIORITIES = _TEMPLATE.vocabulary("priority")
ACTION_STATUSES = _TEMPLATE.vocabulary("action_status")
REVIEW_STATUSES = _TEMPLATE.vocabulary("review_status")
MILESTONES = _TEMPLATE.vocabulary("milestone")
DEFAULT_APPROVAL_ROLES = _TEMPLATE.vocabulary("approval_role")


def __getattr__(name: str) -> Any:
    """The built-in template's generated classes (`Review`, `Incident`...), built on first use."""
    found = _TEMPLATE.models.by_name.get(name)
    if found is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return found


def new_review(incident_id: str = "", today: str = "") -> Any:
    """A fresh draft, with the template's approval roles filled in so that only names remain.

    A `Review`, typed Any: the class is generated at run time (`__getattr__` above), as it is for
    every module that imports it from here."""
    return roles.new_review(_TEMPLATE, incident_id, today)


def get_path(obj: object, path: str) -> Any:
    """The value at a dotted path such as "incident.id" or "timeline.3.time".

    Typed Any: what a path holds (text, a list of rows, a row) is the template's, known at run time."""
    node: Any = obj
    for part in path.split("."):
        node = node[int(part)] if part.isdigit() else getattr(node, part)
    return node


def set_path(obj: object, path: str, value: object) -> None:
    """Set the value at a dotted path; the editor's single way of writing into a review."""
    head, _, last = path.rpartition(".")
    parent: Any = get_path(obj, head) if head else obj
    if last.isdigit():
        parent[int(last)] = value
    else:
        setattr(parent, last, value)


def row_model(path: str) -> type[Part]:
    """The model of one row of the list at a dotted path ("appendix.communication_log" -> Message).

    The tables of the editor and of the importer build their rows from it.
    """
    model: type[BaseModel] = _TEMPLATE.models.review
    annotation: object = None
    for name in path.split("."):
        annotation = model.model_fields[name].annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
    (row,) = typing.get_args(annotation)
    return row
