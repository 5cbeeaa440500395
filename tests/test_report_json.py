"""`safe_json`'s fast way for rows of plain values writes exactly what `json.dumps(indent=2)` writes."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from pirtui.team.report import _flat_rows_json, safe_json

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text())
rows = st.lists(st.dictionaries(st.text(), scalars, min_size=1), min_size=1)


@given(rows)
def test_rows_of_plain_values_are_written_as_json_dumps_writes_them(data):
    assert _flat_rows_json(data) == json.dumps(data, indent=2, ensure_ascii=False)


@given(st.one_of(st.just([]), st.just([{}]), st.lists(st.dictionaries(st.text(), st.lists(st.integers()), min_size=1), min_size=1),
                 st.dictionaries(st.text(), scalars), st.lists(scalars, min_size=1)))
def test_any_other_shape_takes_the_plain_way(data):
    assert _flat_rows_json(data) is None
    assert safe_json(data) == json.dumps(data, indent=2, ensure_ascii=False) or "\\u" in safe_json(data)


def test_what_a_terminal_would_obey_is_escaped_either_way():
    assert safe_json([{"a": "x\u202ey\u0085"}]) == '[\n  {\n    "a": "x\\u202ey\\u0085"\n  }\n]'
    assert safe_json({"a": "x\u202ey"}) == '{\n  "a": "x\\u202ey"\n}'
