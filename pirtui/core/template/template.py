"""A loaded template: its declarations, and the questions features ask of it by role.

Features never name a field of the built-in template; they ask the template: "the path with the
incident-start role", "the table with the action-items role", "the review's people". A template
without a role answers None (or nothing), and the feature shows a blank there.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from pirtui.core.template.spec import BlockSpec, FieldSpec, SectionSpec, TemplateSpec

if TYPE_CHECKING:
    from pirtui.core.template.models import Models

PEOPLE_TYPES = ("person", "people")
"""Field types that hold people's names (left out of the public rendering by "people")."""


@dataclass(frozen=True)
class DeclaredField:
    """One field as the template declares it, with where it sits."""

    path: str
    """Dotted review path; a table's column is "action_items[].owner"."""
    spec: FieldSpec
    block: BlockSpec
    section: SectionSpec


class Template:
    """One template file, validated; read once per process (see `pirtui.core.template.loader`)."""

    def __init__(self, spec: TemplateSpec, source: Path | None = None) -> None:
        self.spec = spec
        self.source = source
        self._answers: dict[tuple[str, ...], Any] = {}

    def _once(self, question: tuple[str, ...], answer: Callable[[], Any]) -> Any:
        """The answer to a question by role, worked out once per template: the features ask on
        every keystroke, and the template does not change once read."""
        if question not in self._answers:
            self._answers[question] = answer()
        return self._answers[question]

    @property
    def name(self) -> str:
        """The template's name ("builtin", "sre-book")."""
        return self.spec.name

    @property
    def version(self) -> int:
        """The template's version; a review records "name@version"."""
        return self.spec.version

    @property
    def ref(self) -> str:
        """What a review's `template` key holds: "sre-book@1"."""
        return f"{self.name}@{self.version}"

    def vocabulary(self, name: str) -> tuple[str, ...]:
        """A vocabulary's values, in order; empty when the template has none of that name."""
        return tuple(self.spec.vocabularies.get(name, ()))

    def options(self, spec: FieldSpec) -> tuple[str, ...]:
        """The values a choice field offers."""
        return tuple(spec.options) or self.vocabulary(spec.vocabulary)

    def words(self, vocabulary: str) -> tuple[tuple[str, str], ...]:
        """Words other layouts write for a vocabulary's values, and the value each means."""
        return tuple(self.spec.words.get(vocabulary, {}).items())

    @cached_property
    def fields(self) -> tuple[DeclaredField, ...]:
        """Every declared field and column, in the template's order."""
        return tuple(self._fields())

    def _fields(self) -> Iterator[DeclaredField]:
        for section in self.spec.sections:
            for block in section.blocks:
                for spec in block.fields:
                    path = spec.path if block.kind == "fields" else f"{block.path}{'[]' if block.has_rows else ''}.{spec.key}"
                    yield DeclaredField(path, spec, block, section)

    def paths_with_role(self, role: str) -> tuple[str, ...]:
        """The dotted paths of the fields that carry `role` ("action_items[].owner")."""
        found: tuple[str, ...] = self._once(("paths", role), lambda: tuple(
            field.path for field in self.fields if role in field.spec.roles))
        return found

    def path_of(self, role: str) -> str | None:
        """The one path with `role`, or None when the template has no such field."""
        found = self.paths_with_role(role)
        return found[0] if found else None

    def table_path(self, role: str) -> str | None:
        """The path of the table with `role` ("incident-timeline"), or None."""
        found: str | None = self._once(("table", role), lambda: next(
            (block.path for section in self.spec.sections for block in section.blocks if block.role == role), None))
        return found

    def column_of(self, table_role: str, role: str) -> str | None:
        """The key of the column with `role` in the table with `table_role` ("owner"), or None."""
        table = self.table_path(table_role)
        found: str | None = self._once(("column", table_role, role), lambda: next(
            (field.spec.key for field in self.fields
             if table and field.path.startswith(f"{table}[].") and role in field.spec.roles), None))
        return found

    def metric_paths(self) -> tuple[tuple[str, str, str], ...]:
        """Each metric between two timeline milestones: (its field's path, first, last milestone)."""
        return tuple(
            (field.path, field.spec.between[0], field.spec.between[1])
            for field in self.fields
            if len(field.spec.between) == 2
        )

    def metrics(self) -> tuple[tuple[str, str, str], ...]:
        """Each metric between two timeline milestones: (its key, first milestone, last milestone)."""
        return tuple(
            (field.path.rpartition(".")[2], field.spec.between[0], field.spec.between[1])
            for field in self.fields
            if len(field.spec.between) == 2
        )

    @cached_property
    def people_paths(self) -> tuple[str, ...]:
        """Where the review's people's names are: every person or people field."""
        return tuple(field.path for field in self.fields if field.spec.type in PEOPLE_TYPES)

    def section_keys(self) -> tuple[str, ...]:
        """The sections' keys, in order."""
        return tuple(section.key for section in self.spec.sections)

    @cached_property
    def models(self) -> Models:
        """The review's pydantic models, generated on first use."""
        from pirtui.core.template.models import build_models

        return build_models(self)

    @cached_property
    def keeping_models(self) -> Models:
        """The models for a review written to another version of this template: unknown keys kept."""
        from pirtui.core.template.models import build_models

        return build_models(self, keep_unknown=True)

    def models_for(self, ref: str) -> Models:
        """The models for a review whose `template` key is `ref`: the same version refuses unknown
        keys (a typo), another version keeps them (a field renamed or removed since)."""
        return self.models if ref in ("", self.ref) else self.keeping_models

    def __repr__(self) -> str:
        return f"Template({self.ref!r}, source={str(self.source) if self.source else None!r})"
