"""The JSON Schema of FILE.toml, for editors: Taplo / Even Better TOML validate and complete a
review by hand with it (VS Code, Helix, Neovim), and `pirtui new` points a review at it with a
`#:schema` directive on the first line.

It comes from the pydantic model, with each field described in the template's words from
`pirtui.core.sections` (label, hint, the values a Select offers). Those values are `examples`, not an
`enum`: a draft may hold anything, and `pirtui check` judges it, never the schema.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pirtui.core.template.template import Template

SCHEMA_FILE = "pirtui-review.schema.json"
"""The schema's file name, published in the repository's schema/ folder."""
DIRECTIVE = "#:schema "


def field_descriptions(template: Template | None = None) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Dotted review path ("incident.start", "timeline[].time") -> (description, offered values)."""
    from pirtui.core.sections import SECTIONS, sections_of

    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for section in SECTIONS if template is None else sections_of(template):
        for block in section.blocks:
            if block.kind == "fields":
                for column in block.columns:
                    out[column.key] = (_describe(column.label, column.hint, section.heading), column.options)
            elif block.path:
                out.setdefault(block.path, (_describe(block.label, block.hint, section.heading), ()))
                for column in block.columns:
                    out[f"{block.path}[].{column.key}"] = (_describe(column.label, column.hint, ""), column.options)
        for path in section.paths:
            if "." in path:
                out.setdefault(path.split(".")[0], (f"The template's {section.heading} section.", ()))
    return out


def _describe(label: str, hint: str, heading: str) -> str:
    text = label + (f" ({heading})" if heading and heading.lower() != label.lower() else "")
    return f"{text}: {hint}" if hint else text


def review_schema(template: Template | None = None) -> dict[str, Any]:
    """The JSON Schema (2020-12) of a review file (of the built-in template, or of `template`)."""
    from pirtui.core.model import Review

    review_class = Review if template is None else template.models.review
    schema = review_class.model_json_schema()
    descriptions = field_descriptions(template)
    defs = schema.get("$defs", {})
    _describe_properties(schema, "", descriptions, defs, set())
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "pirtui post-incident review (FILE.toml)" if template is None else f"pirtui review of {template.ref} (FILE.toml)",
    }


def _describe_properties(node: dict[str, Any], prefix: str, descriptions: dict, defs: dict, seen: set[str]) -> None:
    """Set each property's description from the template, following $refs into the definitions."""
    for name, prop in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        if path in descriptions:
            text, options = descriptions[path]
            prop["description"] = text
            if options:
                prop["examples"] = list(options)
        ref = prop.get("$ref") or prop.get("items", {}).get("$ref")
        if ref:
            target = ref.rsplit("/", 1)[1]
            if target not in seen:
                seen.add(target)
                inner = f"{path}[]." if "items" in prop else f"{path}."
                _describe_properties(defs[target], inner, descriptions, defs, seen)


def schema_text(template: Template | None = None) -> str:
    """The schema as the published file holds it."""
    return json.dumps(review_schema(template), indent=2, ensure_ascii=False) + "\n"


def directive_line(target: str) -> str:
    """The first line that points Taplo at the schema."""
    return f"{DIRECTIVE}{target}\n"


def add_directive(path: Path, target: str) -> None:
    """Put a `#:schema` line first in a review file (which `store.save` then keeps)."""
    from pirtui.core.config import schema_directive_problem
    from pirtui.core.store import ReviewFileError, atomic_write, read_text

    if schema_directive_problem(target):  # one line, and nowhere outside the review's folder
        raise ReviewFileError(f"{path}: schema_directive {target!r}: {schema_directive_problem(target)}")
    text = read_text(path)
    if not text.startswith(DIRECTIVE):
        atomic_write(path, directive_line(target) + text)


def template_target(target: str, template: Template | None) -> str:
    """The directive's target for a review of a team's template: "pirtui-review.lite.schema.json"."""
    if template is None or "://" in target or not target.endswith(".schema.json"):
        return target
    return target.removesuffix(".schema.json") + f".{template.name}.schema.json"


def write_schema_beside(path: Path, target: str, template: Template | None = None) -> Path | None:
    """Write the schema file a relative directive names, when it is not there yet; its path or None."""
    from pirtui.core.store import atomic_write

    from pirtui.core.config import schema_directive_problem

    if "://" in target or Path(target).is_absolute() or schema_directive_problem(target):
        return None
    schema_path = path.parent / target
    if schema_path.exists():
        return None
    atomic_write(schema_path, schema_text(template))
    return schema_path
