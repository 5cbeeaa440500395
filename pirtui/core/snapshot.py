"""A snapshot of a review that later edits cannot change, made cheaply enough for every typing pause.

The hints run in a thread while the user types (`IncrementalChecker.hint_pass`), so they read a copy
of the review: a row added or deleted under them would break the parallel lists they build from the
timeline. `model_copy(deep=True)` copies every string too (about 15 ms on the 2,000-row benchmark
review); strings, numbers and dates cannot change, so only the containers holding them need to be new:
every model object, list, dict and set is copied, every immutable value is shared. Works for any
template's review (the models are generated), the keys kept from another template version
(`__pydantic_extra__`) and private attributes included. No Textual here.
"""

from __future__ import annotations

import copy
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

M = TypeVar("M", bound=BaseModel)

_IMMUTABLE = (str, bytes, int, float, complex, bool, type(None), date, datetime, time, timedelta, Decimal, Enum, frozenset)
"""Values shared between the review and its snapshot: nothing can change them in place."""
_SHARED = frozenset(_IMMUTABLE) - {Enum}
"""The same, as exact types, for the quick test on every value (a subclass goes the slow way)."""


def snapshot(model: M) -> M:
    """A copy of `model` sharing no mutable container with it, equal to it, of the same classes."""
    return _copy_model(model)


def _copy_model(model: M) -> M:
    # What pydantic's own __deepcopy__ sets, with the values copied structurally (`_copy_value`).
    cls = type(model)
    new = cls.__new__(cls)
    fields = model.__dict__.copy()  # then the few values that are not shared: quicker than a new dict
    for key, value in fields.items():
        if type(value) not in _SHARED:
            fields[key] = _copy_value(value)
    object.__setattr__(new, "__dict__", fields)
    extra = model.__pydantic_extra__
    object.__setattr__(new, "__pydantic_extra__", None if extra is None else _copy_value(extra))
    object.__setattr__(new, "__pydantic_fields_set__", set(model.__pydantic_fields_set__))
    private = model.__pydantic_private__
    kept = None if private is None else copy.deepcopy({k: v for k, v in private.items() if v is not PydanticUndefined})
    object.__setattr__(new, "__pydantic_private__", kept)
    return new


def _copy_value(value: Any) -> Any:
    kind = type(value)
    if kind in _SHARED:
        return value
    if kind is list:
        return [item if type(item) in _SHARED else _copy_value(item) for item in value]
    if isinstance(value, BaseModel):
        return _copy_model(value)
    if kind is dict:
        return {key: _copy_value(item) for key, item in value.items()}
    if kind is tuple:
        return tuple(_copy_value(item) for item in value)
    if kind is set:
        return set(value)  # a set holds only hashable values
    if isinstance(value, _IMMUTABLE):  # a subclass of one (an Enum member)
        return value
    return copy.deepcopy(value)  # anything else (none in a generated model today): the safe way
