"""What features ask of a review through its template, by role: one definition each.

- the review's people: the names in every person and people field (public render, the meeting's
  attendee list, hints);
- empty: a value holding nothing typed (the meeting, the team records).

A template without the role answers with nothing, never an error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from pydantic import BaseModel

if TYPE_CHECKING:
    from pirtui.core.template.template import Template


def values_at(review: Any, path: str) -> Iterator[Any]:
    """Every value at a template path; "action_items[].owner" gives each row's owner."""
    head, brackets, rest = path.partition("[].")
    node = review
    for part in head.split("."):
        node = getattr(node, part, None)
        if node is None:
            return
    if not brackets:
        yield node
        return
    for row in node if isinstance(node, list) else ():
        yield from values_at(row, rest)


def people(template: Template, review: Any) -> list[str]:
    """The review's people, each once (case-folded), in the template's order: every name in its
    person and people fields, lists of names split at commas."""
    out: list[str] = []
    seen: set[str] = set()
    for path in template.people_paths:
        for value in values_at(review, path):
            for name in str(value).split(","):
                name = name.strip()
                if name and name.casefold() not in seen:
                    seen.add(name.casefold())
                    out.append(name)
    return out


def is_empty(value: object) -> bool:
    """Whether a value holds nothing typed: blank text, an unticked box, a list or group of empties."""
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, bool):
        return not value
    if isinstance(value, list):
        return all(is_empty(item) for item in value)
    if isinstance(value, BaseModel):
        return all(is_empty(getattr(value, name)) for name in type(value).model_fields if name != "internal")
    return value is None
