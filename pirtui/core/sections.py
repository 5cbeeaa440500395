"""The template's structure, as the editor, render, import and checks read it.

It is derived from the built-in template file (`pirtui/core/template/builtin.toml`, read by
`pirtui.core.template`), which is the single description; `sections_of` gives the same view of
any other template.

Every part of pirtui that lists the template's sections reads this module: the editor's screens and
section list, the command palette, the Markdown renderer and importer, and the checks (whose findings
name a section by its H2 heading). A section is a list of blocks; each block is one thing the template
shows (a table, a paragraph, a list, checkboxes, a code block), bound to a dotted path in
`pirtui.core.model.Review`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Literal, cast

from pirtui.core.template.loader import builtin
from pirtui.core.template.models import template_of_class
from pirtui.core.template.spec import BlockSpec, FieldSpec

if TYPE_CHECKING:
    from pirtui.core.model import Review
    from pirtui.core.template.template import Template

BlockKind = Literal["fields", "text", "list", "checks", "code", "table", "static"]
Encoding = Literal[
    "plain", "list", "heading", "window-start", "window-end", "window-timezone", "code-span", "event", "in-event",
    "ticket",
]
"""How a field's value is written in the Markdown (and read back by the importer):

- plain: the value in its cell or line (`mdtext.escape_cell`).
- list: a list of short values joined by ", " (`mdtext.list_cell`: Impacted Services).
- heading: carried by the document's H1, not by a row of its table (the title).
- window-start, window-end, window-timezone: together one "Date/Time" row,
  "{start} - {end} ({timezone})" (`mdtext.date_time_cell`).
- code-span: a code span, or a fenced block when it has several lines (the Prometheus query).
- event: the timeline's Event cell, carrying the row's `in-event` values as suffixes
  (`mdtext.event_cell`: "{event} **[{milestone}]** ([evidence](<{url}>))").
- in-event: carried inside the event cell, not a column of its own.
- ticket: an action item's ticket, a link to the team's tracker when `.pirtui.toml` sets
  `ticket_url` (`mdtext.ticket_cell`).
"""
FieldsLayout = Literal["table", "items", "lines"]
"""How a fields block is written: a Field | Value table, "- Label: value" list items (Relevant
Metrics), or "**Label:** value" lines joined by hard line breaks (Review Meeting Notes)."""
DATE_TIME_LABEL = "Date/Time"
"""The template's label for the row that carries the `window-*` fields."""
"""How a block is edited and rendered:

- fields: a two-column Field/Value table of short values (Incident Information, User Impact...).
- text: free Markdown text (Executive Summary, What Happened...).
- list: a numbered or bulleted list of strings.
- checks: checkbox lines (detection methods, runbook updates).
- code: a fenced code block (verification commands, logs).
- table: rows of records (timeline, action items, 5 Whys...).
- static: text of the template that is not edited (Severity and Priority Definitions).
"""


def _duration(review: Review) -> str:
    """The incident's duration from its start and end ("" when either cannot be read)."""
    from pirtui.core.computed import computed_duration

    return computed_duration(review)


def _metric(name: str) -> Callable[[Review], str]:
    """The detection metric `name`, computed from the timeline's milestones."""

    def value(review: Review) -> str:
        from pirtui.core.computed import computed_metrics

        return computed_metrics(review)[name]

    return value


@dataclass(frozen=True)
class Column:
    """One column of a table, or one row of a Field/Value table."""

    key: str
    """Attribute of the row model (tables) or dotted path in the review (fields)."""
    label: str
    """As the template writes it."""
    options: tuple[str, ...] = ()
    """The values a Select offers; empty for free text."""
    hint: str = ""
    """What to type, shown as the input's placeholder."""
    encoding: Encoding = "plain"
    """How the value is written in the Markdown and read back; see `Encoding`."""
    aliases: tuple[str, ...] = ()
    """Other column titles that mean this column in reviews written in another layout ("Bug")."""
    words: tuple[tuple[str, str], ...] = ()
    """Words other layouts write for one of `options` (("todo", "Open")), compared case-folded.

    An import reads them as that option; any other value is kept as written."""

    @property
    def in_markdown(self) -> bool:
        """False for values carried inside another cell of the rendered table (timeline milestone)."""
        return self.encoding != "in-event"

    computed: Callable[[Review], str] | None = None
    """A value pirtui works out when the field is left empty (duration, detection metrics): the
    editor shows it in the empty field as "<value> (computed)"."""
    type: str = "text"
    """The template's field type (text, long-text, choice, date, person...)."""
    computed_by: str = ""
    """The named rule behind `computed` ("incident-duration", "detection-metrics")."""
    roles: tuple[str, ...] = ()
    """What features hang on this field (incident-start, action-owner...)."""


@dataclass(frozen=True)
class Block:
    """One editable (or static) part of a section."""

    kind: BlockKind
    path: str = ""
    """Dotted path in the review; empty for static blocks and fields blocks."""
    label: str = ""
    """Shown to the user; for lists and checks also the bold lead-in the template uses, if any."""
    heading: str = ""
    """The H3 heading this block sits under, if any."""
    columns: tuple[Column, ...] = ()
    """For tables and fields blocks."""
    header: tuple[str, str] = ("Field", "Value")
    """Column titles of a fields block."""
    bold_labels: bool = False
    """Fields blocks: whether the template writes the labels in bold."""
    numbered: bool = True
    """Lists: numbered (1. 2. 3.) or bulleted (-)."""
    lead: str = ""
    """A bold lead-in line above a list ("What went well:")."""
    language: str = ""
    """Code blocks: the fence's info string."""
    number_column: str = ""
    """Tables whose first rendered column is the row's position ("#" in the 5 Whys)."""
    static_markdown: str = ""
    """Static blocks: the template's own text."""
    hint: str = ""
    layout: FieldsLayout = "table"
    """Fields blocks: how they are written; see `FieldsLayout`."""
    zone_line: str = ""
    """Tables: the path of the timezone stated above them ("All times in UTC.")."""

    @property
    def paths(self) -> tuple[str, ...]:
        """The review paths this block edits: its fields' paths, or its own path."""
        if self.kind == "fields":
            return tuple(column.key for column in self.columns)
        return (self.path,) if self.path else ()

    sort_by_time: bool = False
    """Tables whose rows have a time the editor can sort by (`s`), read as the checks read it."""
    role: str = ""
    """What features hang on this table (incident-timeline, action-items, sign-offs...)."""
    checkboxes: tuple[tuple[str, str, str], ...] = ()
    """Checks blocks over a group: (key, label, key of the text that follows the label) per box."""


@dataclass(frozen=True)
class Section:
    """One H2 section of the template."""

    key: str
    heading: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    editable: bool = True
    reads: tuple[str, ...] = ()
    """Paths of other sections that this section's checks read (the incident window, the status).

    A change under one of them re-checks this section; `pirtui.core.checks` derives its dependency map
    from these, and a test fails when a check reads a path that is neither owned nor listed here."""

    @property
    def paths(self) -> tuple[str, ...]:
        """The review paths this section owns; a change under one of them re-checks this section."""
        return tuple(path for block in self.blocks for path in block.paths)


def _computed(template: Template, spec: FieldSpec) -> Callable[[Review], str] | None:
    """The named rule that computes an empty field's value (`pirtui.core.template.rules`)."""
    if spec.computed == "incident-duration":
        return _duration
    if spec.computed == "detection-metrics":
        return _metric(spec.path.rpartition(".")[2])
    return None


def _column(template: Template, spec: FieldSpec, kind: str) -> Column:
    """A field or column of the template as the editor, render and import use it."""
    vocabulary = spec.vocabulary if spec.type == "choice" else ""
    return Column(
        spec.path if kind == "fields" else spec.key,
        spec.label,
        options=template.options(spec) if spec.type == "choice" else (),
        hint=spec.hint,
        encoding=spec.encoding,
        aliases=tuple(spec.aliases),
        words=template.words(vocabulary) if vocabulary else (),
        computed=_computed(template, spec),
        type=spec.type,
        computed_by=spec.computed,
        roles=tuple(spec.roles),
    )


def _block(template: Template, spec: BlockSpec) -> Block:
    """A block of the template, with its columns (a checks block over a group has none: its
    checkboxes are `DETECTION_METHODS`)."""
    columns = () if spec.kind == "checks" else tuple(_column(template, field, spec.kind) for field in spec.fields)
    return Block(
        spec.kind,
        spec.path,
        spec.label,
        heading=spec.heading,
        columns=columns,
        header=(spec.header[0], spec.header[1]),
        bold_labels=spec.bold_labels,
        numbered=spec.numbered,
        lead=spec.lead,
        language=spec.language,
        number_column=spec.number_column,
        static_markdown=spec.markdown,
        hint=spec.hint,
        layout=spec.layout,
        zone_line=spec.zone_line,
        sort_by_time=spec.sort_by_time,
        role=spec.role,
        checkboxes=_boxes(spec),
    )


def _boxes(spec: BlockSpec) -> tuple[tuple[str, str, str], ...]:
    if spec.kind != "checks" or spec.rows:
        return ()
    described = {field.described_by for field in spec.fields}
    return tuple(
        (field.key, field.label, field.described_by) for field in spec.fields
        if field.type == "yes-no" and field.key not in described
    )


def sections_of(template: Template) -> tuple[Section, ...]:
    """The sections of a template, as every consumer of this module reads them."""
    return tuple(
        Section(
            section.key,
            section.heading,
            tuple(_block(template, block) for block in section.blocks),
            editable=section.editable,
            reads=tuple(section.reads),
        )
        for section in template.spec.sections
    )


def _checkboxes(template: Template) -> tuple[tuple[str, str], ...]:
    """The fixed checkboxes of the template's checks block over a group: (key, label)."""
    for section in template.spec.sections:
        for block in section.blocks:
            if block.kind == "checks" and not block.rows:
                described = {field.described_by for field in block.fields}
                return tuple(
                    (field.key, field.label) for field in block.fields
                    if field.type == "yes-no" and field.key not in described
                )
    return ()


def _static(template: Template, heading: str, section_heading: str) -> str:
    for section in template.spec.sections:
        for block in section.blocks:
            if block.kind == "static" and (block.heading == heading or (not heading and section.heading == section_heading)):
                return block.markdown
    return ""


_TEMPLATE = builtin()
SEVERITY_DEFINITIONS = _static(_TEMPLATE, "", "Severity Definitions")
PRIORITY_DEFINITIONS = _static(_TEMPLATE, "Priority Definitions", "")
ACTION_STATUS_WORDS = _TEMPLATE.words("action_status")
"""Status words of other postmortem layouts (the SRE book's DONE / TODO) and the status each means."""
DETECTION_METHODS = _checkboxes(_TEMPLATE)
"""Key in `DetectionMethods` and the template's label, in the template's order."""

SECTIONS: tuple[Section, ...] = sections_of(_TEMPLATE)
"""The built-in template's sections, read from its file (`pirtui/core/template/builtin.toml`)."""
_SECTIONS_OF: dict[int, tuple[Section, ...]] = {id(_TEMPLATE): SECTIONS}


def template_of(review: object) -> Template:
    """The template a review follows (the class it was generated from); the built-in one by default."""
    return template_of_class(type(review)) or _TEMPLATE


def sections_for(review: object) -> tuple[Section, ...]:
    """The sections of the template a review follows, derived once per template."""
    template = template_of(review)
    if id(template) not in _SECTIONS_OF:
        _SECTIONS_OF[id(template)] = sections_of(template)
    return _SECTIONS_OF[id(template)]

SECTIONS_BY_KEY: dict[str, Section] = {section.key: section for section in SECTIONS}
SECTIONS_BY_HEADING: dict[str, Section] = {section.heading: section for section in SECTIONS}
EDITABLE_SECTIONS: tuple[Section, ...] = tuple(s for s in SECTIONS if s.editable)



def _columns_by_path() -> dict[str, Column]:
    found: dict[str, Column] = {}
    for section in SECTIONS:
        for block in section.blocks:
            for column in block.columns:
                found[column.key if block.kind == "fields" else f"{block.path}.{column.key}"] = column
    return found


_COLUMNS_BY_PATH = _columns_by_path()


def column_for(path: str) -> Column | None:
    """The column (label, hint, options) of a field or a table cell: "incident.end" or
    "action_items.2.owner"; None for a path that is not one field (a whole list or block)."""
    return _COLUMNS_BY_PATH.get(".".join(part for part in path.split(".") if not part.isdigit()))


def computed_value(review: Review, path: str) -> str | None:
    """The value an empty field shows, computed from the rest of the review ("" when it cannot be
    computed yet), or None for a field that is never computed (no `Column.computed`)."""
    column = column_for(path)
    if column is None or column.computed is None or template_of(review) is not _TEMPLATE:
        return None
    return column.computed(review)


def block_with_role(role: str) -> Block:
    """The built-in template's block with a table role ("action-items", "timeline")."""
    return next(block for section in SECTIONS for block in section.blocks if block.role == role)


def section_with_role(role: str) -> Section:
    """The built-in template's section holding the block with a table role ("action-items")."""
    return next(section for section in SECTIONS if any(block.role == role for block in section.blocks))


# -- any review's template, asked by the editor (the built-in globals above are its shims) ----------


def editable_sections(review: object) -> tuple[Section, ...]:
    """The sections of a review's template that the editor shows one screen each, in order."""
    return tuple(section for section in sections_for(review) if section.editable)


def section_by_key(review: object, key: str) -> Section | None:
    """The section `key` of a review's template (None when its template has no such section)."""
    return next((section for section in sections_for(review) if section.key == key), None)


def section_by_heading(review: object, heading: str) -> Section | None:
    """The section of a review's template with this H2 heading (findings name their section so)."""
    return next((section for section in sections_for(review) if section.heading == heading), None)


def block_of(review: object, role: str) -> Block | None:
    """The block of a review's template with a table role ("action-items"); None without one."""
    return next((block for section in sections_for(review) for block in section.blocks if block.role == role), None)


def section_of(review: object, role: str) -> Section | None:
    """The section of a review's template holding the block with a table role; None without one."""
    return next((section for section in sections_for(review) if any(block.role == role for block in section.blocks)), None)


def block_at(review: object, path: str) -> Block | None:
    """The block of a review's template that edits `path` (a table's path, a list's, a text's)."""
    return next((block for section in sections_for(review) for block in section.blocks if block.path == path), None)


def row_model_for(review: object, path: str) -> type:
    """The class of one row of the list at a dotted path of this review ("timeline" -> its row
    class), read from the review's own generated class, whatever its template."""
    import typing

    from pydantic import BaseModel

    model: type = type(review)
    annotation: object = None
    for name in path.split("."):
        annotation = model.model_fields[name].annotation  # type: ignore[attr-defined]  # a pydantic class
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
    (row,) = typing.get_args(annotation)
    return cast(type, row)
