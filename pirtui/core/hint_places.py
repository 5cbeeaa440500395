"""Where the hints apply in a review's template, and what each of them reads, by role.

A template switches a hint on where it applies (`hints = [...]`, `pirtui.core.template.spec.HintName`):
on a text block, a list, a field or a table column the hint reads each text there ("blame",
"cause-is-person", "restates-impact", "lesson-no-action"...); on a table it reads the rows, their
columns found by role ("whys", "action-items", "timeline-gaps"). Beyond its place a hint reads only
roles: the review's people (every person and people field, the timeline's events, the impacted
services), the texts with the `impact-statement` role, the incident window, the action items. A
hint whose roles its place lacks does not run, and a template that switches no hint on has none:
never an error.

What each section's hints read is derived from the same declarations (`HintPlaces.reads_from`),
so an edit in one section re-runs the hints of the sections that read it, whatever the template.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from operator import attrgetter
from typing import Any, Iterator

from pirtui.core.template import roles
from pirtui.core.template.loader import builtin
from pirtui.core.template.models import template_of_class
from pirtui.core.template.spec import BlockSpec
from pirtui.core.template.template import Template
from pirtui.core.timeparse import When, parse_window

NO_ACTION_HINTS = ("lesson-no-action", "improvement-no-action", "factor-no-action")
"""The hints on an item that an action item should carry out."""
PEOPLE_HINTS = ("blame", "cause-is-person", "whys", "action-items")
"""The hints that read the review's people."""
TIMELINE, ACTIONS = "incident-timeline", "action-items"
"""The table roles the hints read."""
COLUMNS_NEEDED = {
    "whys": ("why-answer",),
    "action-items": ("action-text",),
    "timeline-gaps": ("timeline-time", "timeline-event"),
}
"""The column roles a hint on a table needs there: without them it does not run."""


@dataclass(frozen=True)
class Place:
    """One place a template switches a hint on: a text, a list, a field, a table column or a table."""

    hint: str
    section: str
    """The key of the section it sits in: its hints are that section's."""
    block: BlockSpec
    path: str
    """The block's path (a text, a list, a table) or the field's path."""
    column: str = ""
    """The key of a table column whose every cell the hint reads; "" for anything else."""

    def texts(self, review: Any) -> list[tuple[str, str]]:
        """(dotted review path, text) of each text here, in order: the text itself, each item of a
        list ("lessons.learned.2"), each row's cell of a column ("root_cause.whys.3.answer")."""
        value = next(roles.values_at(review, self.path), None)
        if self.column:
            rows = value if isinstance(value, list) else []
            return [(f"{self.path}.{i}.{self.column}", str(getattr(row, self.column, "") or "")) for i, row in enumerate(rows)]
        if isinstance(value, list):
            return [(f"{self.path}.{i}", str(item)) for i, item in enumerate(value)]
        return [(self.path, "" if value is None else str(value))]

    def rows(self, review: Any) -> list[Any]:
        """The rows of the table this place is (empty for anything else)."""
        value = next(roles.values_at(review, self.path), None)
        return value if isinstance(value, list) else []

    def column_with(self, role: str) -> str | None:
        """The key of this table's column with `role`, or None when it has none."""
        return next((field.key for field in self.block.fields if role in field.roles), None)


class HintPlaces:
    """One template's hint places and what they read; made once per template (`places_of`)."""

    def __init__(self, template: Template) -> None:
        self.template = template

    @cached_property
    def places(self) -> tuple[Place, ...]:
        """Every place a hint is switched on, in the template's order (a block before its columns)."""
        return tuple(self._places())

    def _places(self) -> Iterator[Place]:
        for section in self.template.spec.sections:
            for block in section.blocks:
                for hint in block.hints:
                    if block.path:
                        yield Place(hint, section.key, block, block.path)
                for field in block.fields:
                    for hint in field.hints:
                        if block.kind == "fields" and field.path:
                            yield Place(hint, section.key, block, field.path)
                        elif block.has_rows and block.path and field.key:
                            yield Place(hint, section.key, block, block.path, field.key)

    def runs(self, place: Place) -> bool:
        """Whether the hint at `place` has what it reads: a table hint a table with the columns
        `COLUMNS_NEEDED` names, any other hint texts (not a table's whole rows), and the hints on
        what no action carries out, action items."""
        table = place.block.has_rows and not place.column
        if (place.hint in COLUMNS_NEEDED) != table:
            return False
        if place.hint in NO_ACTION_HINTS and not self.has_actions:
            return False
        return all(place.column_with(role) for role in COLUMNS_NEEDED.get(place.hint, ()))

    def in_section(self, key: str, hint: str) -> tuple[Place, ...]:
        """The places of `hint` in the section `key` where it runs."""
        return self._by_section.get((key, hint), ())

    @cached_property
    def _by_section(self) -> dict[tuple[str, str], tuple[Place, ...]]:
        found: dict[tuple[str, str], list[Place]] = {}
        for place in self.running:
            found.setdefault((place.section, place.hint), []).append(place)
        return {key: tuple(places) for key, places in found.items()}

    @cached_property
    def running(self) -> tuple[Place, ...]:
        """The places where a hint runs (`runs`), in the template's order."""
        return tuple(place for place in self.places if self.runs(place))

    @cached_property
    def sections(self) -> frozenset[str]:
        """The keys of the sections that have a hint that runs."""
        return frozenset(place.section for place in self.running)

    def of(self, *hints: str) -> tuple[Place, ...]:
        """Every place where one of these hints runs, in the template's order."""
        return tuple(place for place in self.running if place.hint in hints)

    @cached_property
    def headings(self) -> dict[str, str]:
        """Each section's heading by its key (a hint names its section by heading)."""
        return {section.key: section.heading for section in self.template.spec.sections}

    # -- roles ----------------------------------------------------------------------------------

    def column(self, table_role: str, role: str) -> str | None:
        """The key of the column with `role` in the table with `table_role`, or None."""
        return self.template.column_of(table_role, role)

    @cached_property
    def owner_path(self) -> str:
        """Where the action items' owners are ("action_items[].owner"); "" without them."""
        table, key = self.template.table_path(ACTIONS), self.column(ACTIONS, "action-owner")
        return f"{table}[].{key}" if table and key else ""

    @cached_property
    def name_paths(self) -> tuple[str, ...]:
        """Where the names of the review's people are (`Template.people_paths`), but the action
        owners' (read apart: an owner may be a team) and the sign-offs' signatures (a mark that
        someone signed, whose name the approval-name field holds)."""
        signed = set(self.template.paths_with_role("approval-signed"))
        return tuple(path for path in self.template.people_paths if path != self.owner_path and path not in signed)

    @cached_property
    def impact_paths(self) -> tuple[str, ...]:
        """The fields and blocks with the `impact-statement` role: what the incident did to users."""
        blocks = (block.path for section in self.template.spec.sections for block in section.blocks
                  if block.role == "impact-statement" and block.path)
        return (*self.template.paths_with_role("impact-statement"), *blocks)

    def values(self, review: Any, paths: tuple[str, ...]) -> tuple[str, ...]:
        """The text of every value at `paths`, each item of a list on its own."""
        out: list[str] = []
        for path in paths:
            head, brackets, key = path.partition("[].")
            if brackets and "[]" not in key:  # a table's column: read straight from its rows (2,000 of them)
                rows = next(roles.values_at(review, head), None)
                if isinstance(rows, list):
                    out.extend(map(attrgetter(key), rows))  # text already: the row's class says so
                continue
            for value in roles.values_at(review, path):
                if isinstance(value, list):
                    out.extend(str(item) for item in value)
                else:
                    out.append(str(value))
        return tuple(out)

    def names(self, review: Any) -> tuple[str, ...]:
        """The review's people as typed, but the action owners."""
        return self.values(review, self.name_paths)

    def owners(self, review: Any) -> tuple[str, ...]:
        """The action items' owners as typed."""
        return self.values(review, (self.owner_path,) if self.owner_path else ())

    def services(self, review: Any) -> tuple[str, ...]:
        """The impacted services (a list, or a text of names: the hints read their words)."""
        return self.values(review, self.template.paths_with_role("impacted-services"))

    def events(self, review: Any) -> tuple[str, ...]:
        """The timeline's events (people who start one are the review's people too)."""
        table, key = self.template.table_path(TIMELINE), self.column(TIMELINE, "timeline-event")
        return self.values(review, (f"{table}[].{key}",)) if table and key else ()

    def impact_statements(self, review: Any) -> tuple[str, ...]:
        """The texts with the `impact-statement` role (the executive summary, the customer impact)."""
        return self.values(review, self.impact_paths)

    def action_refs(self, review: Any) -> list[tuple[str, str, str]]:
        """(ID, ticket, text) of each action item with a text, by role; empty without an action-text column."""
        text_key, id_key, ticket_key = self._action_keys
        if not text_key:
            return []
        rows = roles.rows(self.template, review, ACTIONS)
        return [
            (getattr(row, id_key) if id_key else "", getattr(row, ticket_key) if ticket_key else "", text)
            for row in rows if (text := getattr(row, text_key)).strip()
        ]

    @property
    def has_actions(self) -> bool:
        """Whether the template has action items with a text (what carries a lesson out)."""
        return bool(self._action_keys[0])

    @cached_property
    def _action_keys(self) -> tuple[str | None, str | None, str | None]:
        """The keys of the action items' text, ID and ticket columns."""
        text, ident, ticket = (self.column(ACTIONS, role) for role in ("action-text", "action-id", "action-ticket"))
        return text, ident, ticket

    def top_priority(self, place: Place) -> str:
        """The highest priority an action items' table offers: the first option of its column with
        the action-priority role ("P1"); "" without one."""
        field = next((field for field in place.block.fields if "action-priority" in field.roles), None)
        options = self.template.options(field) if field is not None else ()
        return options[0] if options else ""

    # -- the incident window and the timeline's times ------------------------------------------

    def window(self, review: Any) -> tuple[When | None, When | None]:
        """The incident's start and end, read from the fields with the incident-start and -end roles."""
        return parse_window(roles.text(self.template, review, "incident-start"), roles.text(self.template, review, "incident-end"))

    def times(self, review: Any, place: Place) -> list[str]:
        """Each row's time in a timeline table, as typed."""
        key = place.column_with("timeline-time")
        return [str(getattr(row, key)) for row in place.rows(review)] if key else []

    # -- what each section's hints read ----------------------------------------------------------

    def reads(self, place: Place) -> tuple[str, ...]:
        """The template paths a hint at `place` reads beyond its own place."""
        people = (*self.template.people_paths, *self.template.paths_with_role("impacted-services"))
        table = self.template.table_path(TIMELINE)
        people += (table,) if table else ()
        start = self.template.paths_with_role("incident-start")
        if place.hint in NO_ACTION_HINTS:
            actions = self.template.table_path(ACTIONS)
            return (*(other.path for other in self.of(*NO_ACTION_HINTS)), *((actions,) if actions else ()))
        if place.hint == "restates-impact":
            return self.impact_paths
        if place.hint == "timeline-gaps":
            return (*start, *self.template.paths_with_role("incident-end"), *self.impact_paths)
        if place.hint == "action-items":
            return (*people, *start)
        return people if place.hint in PEOPLE_HINTS else ()

    @cached_property
    def reads_from(self) -> dict[str, tuple[str, ...]]:
        """For each section, the other sections whose hints read it (derived from `reads`): an edit
        there re-runs their hints. In the template's order."""
        owner = self._owners
        readers: dict[str, set[str]] = {}
        for place in self.running:
            for path in self.reads(place):
                source = owner.get(path.partition("[]")[0]) or owner.get(path)
                if source and source != place.section:
                    readers.setdefault(source, set()).add(place.section)
        order = self.template.section_keys()
        return {key: tuple(k for k in order if k in readers[key]) for key in order if key in readers}

    @cached_property
    def _owners(self) -> dict[str, str]:
        """The section key owning each block path and field path."""
        found = {}
        for section in self.template.spec.sections:
            for block in section.blocks:
                if block.path:
                    found[block.path] = section.key
                for field in block.fields:
                    if block.kind == "fields" and field.path:
                        found[field.path] = section.key
        return found


@lru_cache(maxsize=16)
def places_for(template: Template) -> HintPlaces:
    """The hint places of a template, worked out once per template."""
    return HintPlaces(template)


def places_of(review: Any) -> HintPlaces:
    """The hint places of the template a review follows (the class it was generated from; the
    built-in template by default, as `sections.template_of` answers)."""
    return places_for(template_of_class(type(review)) or builtin())
