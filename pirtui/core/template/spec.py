"""The template file format: what a template TOML file may hold, as pydantic models.

Unknown keys are refused (a typo in a team's template is a mistake named by file, line and key,
never silently ignored), and `template_file_schema` gives the JSON Schema that editors validate
template files with. The meaning of each part is in the README's "Templates" section.

No `from __future__ import annotations` here: pydantic reads the fields' types as objects rather
than evaluating their text, which makes importing this module (on the way to the first screen)
about 0.5 ms cheaper.
"""

import functools
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

FieldType = Literal[
    "text", "long-text", "list", "choice", "yes-no", "date", "date-time", "time", "duration",
    "person", "people", "url", "ticket",
]
"""What a field holds. All but `list` (a list of strings) and `yes-no` (true/false) are kept as the
text the user typed; the type says how it is edited, read and checked."""
BlockKind = Literal["fields", "text", "list", "checks", "code", "table", "static"]
Encoding = Literal[
    "plain", "list", "heading", "window-start", "window-end", "window-timezone", "code-span", "event", "in-event",
    "ticket",
]
FieldsLayout = Literal["table", "items", "lines"]
RuleName = Literal[
    "incident-duration", "detection-metrics", "five-whys", "approval-roles-at-final",
    "empty-sections", "summary-sentences", "impact-figures", "detection-other",
]
"""Behaviour that cannot be declared, switched on by name (the computed values in
`pirtui.core.computed`, the checks in `pirtui.core.check_rules`)."""
FieldRole = Literal[
    "impact-statement", "why-question", "why-answer",
    "title", "incident-id", "incident-start", "incident-end", "incident-zone", "incident-severity", "review-status",
    "review-date", "timeline-time", "timeline-event", "timeline-milestone", "timeline-evidence", "action-id",
    "action-text", "action-owner", "action-priority", "action-due", "action-status", "action-ticket",
    "approval-role", "approval-name", "approval-date", "approval-signed", "review-author", "revision-date",
    "revision-author", "revision-change", "impacted-services", "meeting-date", "meeting-attendees", "publish",
]
"""What features hang on a field: the incident window, the review status, the action item's owner...
(`publish`: a yes-no field that puts the review on the public site, `pirtui site --public`)."""
BlockRole = Literal[
    "impact-statement",
    "incident-timeline", "action-items", "sign-offs", "whys", "revision-log", "communication-log", "contributing-factors",
    "meeting-discussion", "meeting-decisions", "meeting-follow-ups",
]
"""What features hang on a table: the timeline (evidence, milestones), the action items (team views)..."""
KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
PATH_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"
PEOPLE = "people"
"""The `public_excludes` entry that stands for every person and people field, and every mention
of the review's people in its text (`pirtui.core.public`)."""
HintName = Literal[
    "blame", "cause-is-person", "restates-impact", "whys", "lesson-no-action", "improvement-no-action",
    "factor-no-action", "action-items", "timeline-gaps",
]
"""The hints a template switches on where they apply (`hints = [...]` on a text or list block, a
field, a table column, or a table: `pirtui.core.hint_places`). A hint reads its place and roles
(`impact-statement`: a text telling what the incident did to users; `why-question`, `why-answer`);
one whose roles the place lacks does not run."""


class Spec(BaseModel):
    """Base of the template file's parts: unknown keys are mistakes."""

    # defer_build: validators are built when a team's template is first checked; the built-in
    # template, checked by the tests, is constructed without them (`trusted`), so start-up pays nothing.
    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)


class FieldSpec(Spec):
    """One field of a fields block (`path`, a dotted review path) or one column of a table or
    checks block (`key`, the row's or group's key)."""

    path: str = Field(default="", pattern=r"^$|" + PATH_PATTERN)
    key: str = Field(default="", pattern=r"^$|" + KEY_PATTERN)
    label: str
    type: FieldType = "text"
    hint: str = ""
    vocabulary: str = ""
    """A choice's options: the name of one of the template's vocabularies."""
    options: list[str] = Field(default_factory=list)
    """A choice's options written in place (instead of `vocabulary`)."""
    encoding: Encoding = "plain"
    aliases: list[str] = Field(default_factory=list)
    """Other column titles that mean this column in reviews written in another layout ("Bug")."""
    roles: list[FieldRole] = Field(default_factory=list)
    hints: list[HintName] = Field(default_factory=list)
    """The hints that read this field, or each cell of this column (blame, cause-is-person...)."""
    default: str | bool | None = None
    computed: RuleName | Literal[""] = ""
    """The named rule that works out the value shown while the field is empty."""
    between: list[str] = Field(default_factory=list, min_length=0, max_length=2)
    """A metric's two timeline milestones (with `computed = "detection-metrics"`)."""
    described_by: str = ""
    """A checkbox whose text field (its key) follows its label: "Other: {description}"."""
    required: bool = False
    """Empty is a warning (`pirtui check`); an error once the review's status is in `required_when`."""
    required_when: list[str] = Field(default_factory=list)
    """Review statuses in which an empty value is an error ("final"); a rule of the team's templates."""
    pattern: str = ""
    """A regular expression a filled value must match (`pirtui check` errs "not in the form {hint}")."""
    unique: bool = False
    """A table column whose filled values must differ from row to row (an action item's ID)."""
    not_before_start: Literal["", "error", "warning"] = ""
    """A date that cannot lie before the incident's start: how bad it is when it does."""
    doc: str = ""


class BlockSpec(Spec):
    """One block of a section: a fields table, text, a list, checkboxes, code, a table, or static text."""

    kind: BlockKind
    path: str = Field(default="", pattern=r"^$|" + PATH_PATTERN)
    label: str = ""
    heading: str = ""
    header: list[str] = Field(default_factory=lambda: ["Field", "Value"], min_length=2, max_length=2)
    bold_labels: bool = False
    numbered: bool = True
    lead: str = ""
    language: str = ""
    number_column: str = ""
    markdown: str = ""
    """A static block's text, written as it is."""
    hint: str = ""
    placeholder: str = ""
    """The template's own bracketed guidance for the block ("[2-3 sentence summary ...]")."""
    example: str = ""
    """The template's **Example:** for the block: guidance, never content."""
    example_rows: list[list[str]] = Field(default_factory=list)
    """The template's own example rows (cells in column order; a code block's text as one cell):
    left unchanged in a review written from the template, they import as empty."""
    example_in_full: bool = False
    """The example rows count only all together and in order (the 5 Whys), not one by one."""
    layout: FieldsLayout = "table"
    zone_line: str = ""
    sort_by_time: bool = False
    role: BlockRole | Literal[""] = ""
    rows: bool = False
    """A checks block over a list of rows (done, text) rather than a fixed set of checkboxes."""
    fields: list[FieldSpec] = Field(default_factory=list)
    hints: list[HintName] = Field(default_factory=list)
    """The hints that read this block: its text or each item of its list (blame, lesson-no-action...),
    or its table as a whole (whys, action-items, timeline-gaps)."""

    @property
    def has_rows(self) -> bool:
        """Whether the block edits a list of rows (a table, or checkboxes that are rows)."""
        return self.kind == "table" or (self.kind == "checks" and self.rows)


class SectionSpec(Spec):
    """One H2 section."""

    key: str = Field(pattern=KEY_PATTERN)
    heading: str
    editable: bool = True
    reads: list[str] = Field(default_factory=list)
    """Paths of other sections its checks read; a change there re-checks this one."""
    blocks: list[BlockSpec] = Field(default_factory=list)


class ModelSpec(Spec):
    """The class name and docstring of one part of the review (they name its JSON Schema definition)."""

    class_: str = Field(default="", alias="class", pattern=r"^$|^[A-Z][A-Za-z0-9]*$")
    doc: str = ""


class ReviewSpec(ModelSpec):
    """The review as a whole: its class and the order of its own keys."""

    order: list[str] = Field(default_factory=list)


class TemplateSpec(Spec):
    """A whole template file."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    version: int = Field(default=1, ge=1)
    title: str = "Post-Incident Review"
    description: str = ""
    rules: list[RuleName] = Field(default_factory=list)
    public_excludes: list[str] = Field(default_factory=lambda: [PEOPLE])
    """What the public version of a review (`render --public`, `pirtui site --public`) leaves out:
    `people`, section keys, and paths of fields or blocks ("appendix.logs", "action_items[].owner").
    A team's `public_excludes` setting, when it sets one, replaces it."""
    review: ReviewSpec = Field(default_factory=ReviewSpec)
    vocabularies: dict[str, list[str]] = Field(default_factory=dict)
    words: dict[str, dict[str, str]] = Field(default_factory=dict)
    due_windows: dict[str, str] = Field(default_factory=dict)
    """Priority -> how long it allows ("1w", "1m", "3m", "10d")."""
    meeting: dict[str, int] = Field(default_factory=dict)
    """Section key -> minutes in a review meeting."""
    models: dict[str, ModelSpec] = Field(default_factory=dict)
    sections: list[SectionSpec] = Field(min_length=1)


_SpecT = TypeVar("_SpecT", bound=Spec)
"""A part of a template file, made by `_made`."""


def trusted(data: dict[str, Any]) -> TemplateSpec:
    """A template from parsed data without validating it: for the built-in template only, whose
    file the tests check (`tests/test_template.py` compares this with the validated result).

    The objects are made without pydantic's validators (building those costs more at start-up than
    everything else the template does), the way `model_construct` would after they were built."""

    def field(item: dict[str, Any]) -> FieldSpec:
        return _made(FieldSpec, item)

    def block(item: dict[str, Any]) -> BlockSpec:
        return _made(BlockSpec, {**item, "fields": [field(f) for f in item.get("fields", [])]})

    def section(item: dict[str, Any]) -> SectionSpec:
        return _made(SectionSpec, {**item, "blocks": [block(b) for b in item.get("blocks", [])]})

    def model(item: dict[str, Any], cls: type[ModelSpec]) -> ModelSpec:
        return _made(cls, {("class_" if key == "class" else key): value for key, value in item.items()})

    return _made(TemplateSpec, {
        **data,
        "review": model(data.get("review", {}), ReviewSpec),
        "models": {path: model(item, ModelSpec) for path, item in data.get("models", {}).items()},
        "sections": [section(item) for item in data["sections"]],
    })


def _made(cls: type[_SpecT], values: dict[str, Any]) -> _SpecT:
    """An instance of `cls` holding `values` (and the defaults of the rest), not validated."""
    made = cls.__new__(cls)
    fields = _defaults(cls)
    data = {name: values[name] if name in values else (default() if factory else default)
            for name, (factory, default) in fields.items()}
    object.__setattr__(made, "__dict__", data)
    object.__setattr__(made, "__pydantic_fields_set__", set(values) & set(fields))
    object.__setattr__(made, "__pydantic_extra__", None)
    object.__setattr__(made, "__pydantic_private__", None)
    return made


@functools.cache
def _defaults(cls: type[Spec]) -> dict[str, tuple[bool, Any]]:
    """Each field of a class: (whether its default is a factory, the default or the factory)."""
    out = {}
    for name, info in cls.__pydantic_fields__.items():
        out[name] = (True, info.default_factory) if info.default_factory is not None else (False, info.default)
    return out


def template_file_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a template file, for editors and `pirtui template check`."""
    schema = TemplateSpec.model_json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "pirtui review template (.pirtui/templates/NAME.toml)",
    }
