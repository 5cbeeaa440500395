"""Hypothesis strategies that build whole reviews from the model's own field types."""

from __future__ import annotations

import typing

from hypothesis import strategies as st
from pydantic import BaseModel

from pirtui.core.model import Review

TEXT = st.text(max_size=40)


def model_strategy(model: type[BaseModel], text: st.SearchStrategy[str] = TEXT) -> st.SearchStrategy:
    """Instances of a pydantic model with arbitrary text in every string field."""
    fields = {}
    for name, info in model.model_fields.items():
        if name in ("schema_version", "template", "publish"):  # the version, the template a review follows and
            # whether the site publishes it are not free text (and not in the rendered Markdown)
            continue
        fields[name] = _for_type(info.annotation, text)
    return st.builds(model, **fields)


def _for_type(annotation: typing.Any, text: st.SearchStrategy[str]) -> st.SearchStrategy:
    if annotation is str:
        return text
    if annotation is bool:
        return st.booleans()
    origin = typing.get_origin(annotation)
    if origin is list:
        (item,) = typing.get_args(annotation)
        return st.lists(_for_type(item, text), max_size=3)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_strategy(annotation, text)
    if origin is typing.Union:  # an optional key (`publish`): unset, or any of its values
        return st.one_of(*(st.none() if typing.get_origin(arg) is typing.Annotated or arg is type(None)
                           else _for_type(arg, text) for arg in typing.get_args(annotation)))
    raise TypeError(f"no strategy for {annotation!r}")


reviews = model_strategy(Review)
"""Whole reviews with arbitrary (often wrong) text everywhere: what a draft may hold."""
