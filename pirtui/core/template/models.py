"""The review's pydantic models, generated from a template with `create_model`, the way harlequin
builds its adapters' option models from their declarations.

Each group of fields (incident, impact.user) becomes a class, each table a row class with the
`internal` flag every row has, and the review itself a class with pirtui's own keys
(`schema_version` first; extra sections, import notes, internal fields and dismissed hints last).
Every value defaults to empty text, an empty list or false unless the template gives a default.
Class names and docstrings come from the template's `[models]` table (they name the JSON Schema's
definitions). Validators are built when first used (`defer_build`).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import GenericAlias
from typing import TYPE_CHECKING, Any, Callable

from pydantic.json_schema import SkipJsonSchema
from pydantic import Field, create_model

from pirtui.core.template.base import SCHEMA_VERSION, DismissedHint, ExtraSection, KeepingPart, Part

if TYPE_CHECKING:
    from pirtui.core.template.template import Template

TEMPLATE_KEY_DOC = 'The template this review follows, as "name@version" ("sre-book@1"); absent: the built-in one.'
ROW_DOC = "Left out of the public rendering (`render --public`); omitted from the TOML when false."


@dataclass
class Models:
    """The generated classes of one template."""

    review: type[Part]
    by_name: dict[str, type[Part]]
    """Every generated class by its name ("Incident", "ActionItem")."""


class _Node:
    """A group or row class being gathered: its fields in order."""

    def __init__(self) -> None:
        self.fields: dict[str, Any] = {}


_TEMPLATE_OF: dict[type, Template] = {}
"""Each generated class (the review's, a group's, a table's row) -> the template it was generated from."""


def template_of_class(review_class: type) -> Template | None:
    """The template a review class (or a row or group class: an action item's, to ask it by role)
    was generated from (None for a class not generated here)."""
    return _TEMPLATE_OF.get(review_class)


def build_models(template: Template, keep_unknown: bool = False) -> Models:
    """Generate the review's classes from `template`; with `keep_unknown`, keys the template does
    not declare are kept rather than refused (a review written to another version of it)."""
    base = KeepingPart if keep_unknown else Part
    nodes: dict[str, _Node] = {"": _Node()}
    rows: set[str] = set()

    def node(path: str) -> _Node:
        if path not in nodes:
            parent, _, name = path.rpartition(".")
            node(parent).fields.setdefault(name, ("group", path))
            nodes[path] = _Node()
        return nodes[path]

    for section in template.spec.sections:
        for block in section.blocks:
            if block.kind == "static":
                continue
            if block.kind == "fields":
                for spec in block.fields:
                    parent, _, name = spec.path.rpartition(".")
                    node(parent).fields[name] = ("leaf", _leaf(spec.type, spec.default))
                continue
            if block.has_rows:
                parent, _, name = block.path.rpartition(".")
                node(parent).fields[name] = ("rows", block.path)
                rows.add(block.path)
                nodes[block.path] = _Node()
                for spec in block.fields:
                    nodes[block.path].fields[spec.key] = ("leaf", _leaf(spec.type, spec.default))
                continue
            if block.kind == "checks":
                group = node(block.path)
                for spec in block.fields:
                    group.fields[spec.key] = ("leaf", _leaf(spec.type, spec.default))
                continue
            parent, _, name = block.path.rpartition(".")
            node(parent).fields[name] = ("leaf", _leaf("list" if block.kind == "list" else "text", None))
    by_name: dict[str, type[Part]] = {}
    built: dict[str, type[Part]] = {}

    def build(path: str) -> type[Part]:
        if path in built:
            return built[path]
        fields: dict[str, Any] = {}
        for name, (kind, value) in nodes[path].fields.items():
            if kind == "leaf":
                fields[name] = value
            elif kind == "group":
                inner = build(value)
                fields[name] = (inner, Field(default_factory=_fresh(inner)))
            else:
                fields[name] = (GenericAlias(list, (build(value),)), Field(default_factory=_new_list))  # list[row class]
        if path in rows:
            fields["internal"] = (bool, False)
        model = template.spec.models.get(path)
        class_name = (model.class_ if model else "") or _class_name(path)
        cls = create_model(class_name, __base__=base, __doc__=(model.doc if model else "") or None,
                           __module__="pirtui.core.model", **fields)
        built[path] = by_name[class_name] = cls
        return cls

    for path in nodes:
        if path:
            build(path)
    review = _review_class(template, nodes[""], build, base)
    by_name[review.__name__] = review
    _TEMPLATE_OF.update(dict.fromkeys(by_name.values(), template))
    return Models(review=review, by_name=by_name)


def _review_class(template: Template, top: _Node, build: Any, base: type[Part]) -> type[Part]:
    order = [key for key in template.spec.review.order if key in top.fields]
    order += [key for key in top.fields if key not in order]
    fields: dict[str, Any] = {"schema_version": (int, SCHEMA_VERSION), "template": (str, Field("", description=TEMPLATE_KEY_DOC))}
    for name in order:
        kind, value = top.fields[name]
        if kind == "leaf":
            fields[name] = value
        elif kind == "group":
            inner = build(value)
            fields[name] = (inner, Field(default_factory=_fresh(inner)))
        else:
            fields[name] = (GenericAlias(list, (build(value),)), Field(default_factory=_new_list))  # list[row class]
    fields["extra_sections"] = (list[ExtraSection], Field(default_factory=_new_list))
    fields["import_notes"] = (list[str], Field(default_factory=_new_list))
    fields["internal_fields"] = (list[str], Field(default_factory=_new_list))
    fields["dismissed_hints"] = (list[DismissedHint], Field(default_factory=_new_list))
    if template.spec.name == "builtin":
        # `publish = true` puts the review on the public site (`pirtui site --public`); unset (None,
        # the default) means not published, and is not written to the TOML. The built-in template's
        # own key, kept so its reviews stay as they are; other templates declare a yes-no field with
        # the publish role instead (`public.published` asks for either).
        # pydantic types SkipJsonSchema for checkers as an Annotated alias, which mypy will not subscript here
        fields["publish"] = (bool | SkipJsonSchema[None], None)  # type: ignore[misc]  # pydantic typing gap
    spec = template.spec.review
    return create_model(spec.class_ or "Review", __base__=base, __doc__=spec.doc or None,
                        __module__="pirtui.core.model", **fields)


def _new_list() -> list[Any]:
    """A fresh empty list, as `list()` gives. A Python function rather than `list` itself: pydantic
    reads each default factory's signature when it builds the review's validator (before the first
    screen), and a built-in's signature is parsed from its text with the tokenizer, about 5 ms for
    the review's forty-odd lists."""
    return []


def _fresh(part: type[Part]) -> Callable[[], Part]:
    """A factory of empty `part`s, as `part` itself is: reading a model class's signature makes
    pydantic build it from the class's fields, where a function's is read at once."""

    def new() -> Part:
        return part()

    return new


def _leaf(kind: str, default: object) -> tuple[Any, Any]:
    if kind == "list":
        return (list[str], Field(default_factory=_new_list))
    if kind == "yes-no":
        return (bool, bool(default) if default is not None else False)
    return (str, str(default) if default is not None else "")


def _class_name(path: str) -> str:
    """A class name for a part the template names no class for: "root_cause.whys" -> "RootCauseWhys"."""
    return "".join(word.capitalize() for word in path.replace(".", "_").split("_"))
