"""The parts of every review that no template declares: the base of every generated model, and
the review's own bookkeeping (extra sections kept from an import, dismissed hints).

They live beside the template loader because the models generated from a template
(`pirtui.core.template.models`) are built on them; `pirtui.core.model` re-exports them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

SCHEMA_VERSION = 1
"""The version of the TOML layout this code writes; see `pirtui.core.store` for migrations."""


class Part(BaseModel):
    """Base of every part of a review: unknown keys are refused rather than silently dropped."""

    # defer_build: a class's validator is built when first used, not at import (the first screen waits for imports)
    model_config = ConfigDict(extra="forbid", validate_assignment=False, defer_build=True)


class KeepingPart(Part):
    """Base of the parts of a review written to another version of its template: keys the template
    no longer has are kept (shown, checked as "not in the template", saved), never dropped."""

    model_config = ConfigDict(extra="allow", validate_assignment=False, defer_build=True)


class ExtraSection(Part):
    """A section the template does not have (kept from an import), rendered after `after`."""

    heading: str = ""
    after: str = ""
    """Key of the template section it follows ("" for before the first one)."""
    markdown: str = ""
    internal: bool = False
    """Left out of the public rendering (`render --public`); omitted from the TOML when false."""


class DismissedHint(Part):
    """A hint the writers judged wrong for one field, and why ("not blame: the name is a service").

    Kept in the review so the hint stays quiet for everyone who opens it, and the reason is on record.
    """

    rule: str = ""
    """The hint's rule id, e.g. "blame-person"."""
    field: str = ""
    """The dotted review path the hint was about, e.g. "root_cause.whys.4.answer"."""
    reason: str = ""


RESERVED_KEYS = ("schema_version", "template", "extra_sections", "import_notes", "internal_fields", "dismissed_hints")
"""Top-level review keys pirtui itself keeps; a template may not declare them."""
ROW_KEYS = ("internal",)
"""Keys every table row has (left out of the public rendering when true); a template may not declare them."""
