"""What features ask of a review through its template, by role: one definition each.

- the review's people: the names in every person and people field (public render, the meeting's
  attendee list, hints);
- empty: a value holding nothing typed (the meeting, the team records);
- a new review: its ID, author and zone set, the sign-off roles listed, a first revision row.

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


def text(template: Template, review: Any, role: str) -> str:
    """The text of the field with `role` ("" for a template without one)."""
    path = template.path_of(role)
    found: object = next(values_at(review, path), "") if path and "[]" not in path else ""
    return "" if found is None else str(found)


def texts(template: Template, review: Any, role: str) -> list[str]:
    """The items of the list field or list block with `role` (empty for a template without one)."""
    path = template.path_of(role) or template.table_path(role)
    found: object = next(values_at(review, path), []) if path else []
    return [str(item) for item in found] if isinstance(found, list) else []


def rows(template: Template, review: Any, table_role: str) -> list[Any]:
    """The rows of the table with `table_role` (empty for a template without one)."""
    path = template.table_path(table_role)
    found: object = next(values_at(review, path), []) if path else []
    return found if isinstance(found, list) else []


def cell(template: Template, row: Any, table_role: str, role: str) -> str:
    """A row's value in the column with `role` ("" for a template without one)."""
    key = template.column_of(table_role, role)
    return str(getattr(row, key)) if key else ""


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


def set_by_role(template: Template, review: Any, role: str, value: str) -> bool:
    """Set the field with `role` (not a table column); False when the template has none."""
    path = template.path_of(role)
    if not path or "[]" in path:
        return False
    *parents, last = path.split(".")
    node = review
    for part in parents:
        node = getattr(node, part)
    setattr(node, last, value)
    return True


def new_review(template: Template, incident_id: str = "", today: str = "", author: str = "", timezone: str = "") -> Any:
    """A fresh draft of `template`: the sign-off roles filled in so that only names remain, and a
    first revision row dated `today`. A review of a team's template records it ("name@version")."""
    models = template.models
    review: Any = models.review()  # the generated class: its fields are known only at run time
    if template.name != "builtin":
        review.template = template.ref
    set_by_role(template, review, "incident-id", incident_id)
    if author:
        set_by_role(template, review, "review-author", author)
    if timezone:
        set_by_role(template, review, "incident-zone", timezone)
    add_rows(template, review, "sign-offs", [{"approval-role": role} for role in template.vocabulary("approval_role")])
    if today:
        add_rows(template, review, "revision-log", [{"revision-date": today, "revision-change": "Initial draft"}])
    return review


def add_rows(template: Template, review: Any, table_role: str, new: list[dict[str, str]]) -> None:
    """Append rows to the table with `table_role`, each given by column role; nothing without it."""
    path = template.table_path(table_role)
    if not path or not new:
        return
    *parents, last = path.split(".")
    node = review
    for part in parents:
        node = getattr(node, part)
    row_class = _row_class(type(node).model_fields[last].annotation)
    keys = {role: key for row in new for role in row if (key := template.column_of(table_role, role))}
    getattr(node, last).extend(
        row_class(**{keys[role]: value for role, value in row.items() if role in keys}) for row in new
    )


def _row_class(annotation: Any) -> Any:
    import typing

    (row,) = typing.get_args(annotation)
    return row
