"""The review snapshot a hint pass reads (`pirtui.core.snapshot`): equal to the review, sharing no
mutable container with it, so typing during the pass cannot change what the pass reads."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, PrivateAttr

from benchmarks.large_review import large_review
from pirtui.core.checks import IncrementalChecker
from pirtui.core.hints import HintContext
from pirtui.core.model import Review, TimelineEvent
from pirtui.core.snapshot import snapshot
from pirtui.core.template.loader import SHIPPED_FOLDER, builtin, load_template
from tests.strategies import model_strategy

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = [builtin(), *(load_template(path) for path in sorted(SHIPPED_FOLDER.glob("*.toml"))),
             load_template(ROOT / "tests" / "template_cases" / ".pirtui" / "templates" / "lite.toml")]
TODAY = date(2024, 2, 1)

EXTRA_VALUES = st.recursive(
    st.one_of(st.text(max_size=10), st.integers(), st.booleans(), st.floats(allow_nan=False)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=8,
)
"""What a TOML key unknown to the template may hold (kept for a review of another template version)."""


def containers(value: Any) -> Iterator[object]:
    """Every mutable container inside `value` (itself included): models, lists, dicts, sets."""
    if isinstance(value, BaseModel):
        yield value
        yield value.__dict__
        if value.__pydantic_extra__ is not None:
            yield value.__pydantic_extra__
            yield from containers(value.__pydantic_extra__)
        yield value.__pydantic_fields_set__
        for item in value.__dict__.values():
            yield from containers(item)
    elif isinstance(value, (list, dict, set)):
        yield value
        for item in value.values() if isinstance(value, dict) else value:
            yield from containers(item)


def lists_in(value: Any) -> Iterator[list]:
    """Every list inside `value`, to add and remove rows in."""
    for found in containers(value):
        if isinstance(found, list):
            yield found


def models_in(value: Any) -> Iterator[BaseModel]:
    """Every model object inside `value`, to edit the text of."""
    for found in containers(value):
        if isinstance(found, BaseModel):
            yield found


@st.composite
def reviews(draw: st.DrawFn) -> BaseModel:
    """A review of any template with arbitrary text, some with keys its template does not know."""
    template = draw(st.sampled_from(TEMPLATES))
    review = draw(model_strategy(template.models.review))
    extra = draw(st.dictionaries(st.text(min_size=1, max_size=8).map(lambda key: f"old_{key}"), EXTRA_VALUES, max_size=3))
    if extra:  # what loading a review written to another version of the template keeps
        review = template.keeping_models.review.model_validate({**review.model_dump(), **extra})
    return review


@given(reviews())
def test_a_snapshot_equals_the_review_and_shares_no_container_with_it(review: BaseModel) -> None:
    copy = snapshot(review)
    assert copy == review
    assert type(copy) is type(review)
    assert copy.__pydantic_extra__ == review.__pydantic_extra__
    assert copy.__pydantic_fields_set__ == review.__pydantic_fields_set__
    original = {id(found) for found in containers(review)}
    assert not [found for found in containers(copy) if id(found) in original]


@given(reviews(), st.data())
def test_changing_the_review_leaves_its_snapshot_as_it_was(review: BaseModel, data: st.DataObject) -> None:
    before = review.model_copy(deep=True)
    copy = snapshot(review)
    for _ in range(data.draw(st.integers(1, 5))):
        lists = list(lists_in(review))
        models = [m for m in models_in(review) if any(isinstance(v, str) for v in m.__dict__.values())]
        change = data.draw(st.sampled_from(["add", "remove", "text", "extra"]))
        if change in ("add", "remove") and lists:
            rows = data.draw(st.sampled_from(lists))
            if change == "remove" and rows:
                del rows[data.draw(st.integers(0, len(rows) - 1))]
            else:
                rows.append(rows[0].model_copy(deep=True) if rows and isinstance(rows[0], BaseModel) else "added")
        elif change == "text" and models:
            model = data.draw(st.sampled_from(models))
            name = data.draw(st.sampled_from([k for k, v in model.__dict__.items() if isinstance(v, str)]))
            setattr(model, name, getattr(model, name) + " typed")
        elif review.__pydantic_extra__ is not None:
            review.__pydantic_extra__["old_added"] = ["a", {"b": 1}]
    assert copy == before
    assert copy.__pydantic_extra__ == before.__pydantic_extra__


def test_the_keys_of_another_template_version_are_copied_not_shared() -> None:
    template = builtin()
    review = template.keeping_models.review.model_validate(
        {"title": "Outage", "old_owner": {"names": ["Ana", "Bo"]}, "incident": {"start": "2024-01-15 09:00", "old_zone": ["UTC"]}}
    )
    copy = snapshot(review)
    review.__pydantic_extra__["old_owner"]["names"].append("Cy")
    review.incident.__pydantic_extra__["old_zone"].clear()
    assert copy.__pydantic_extra__ == {"old_owner": {"names": ["Ana", "Bo"]}}
    assert copy.incident.__pydantic_extra__ == {"old_zone": ["UTC"]}
    assert copy.model_dump() != review.model_dump()


class WithPrivate(BaseModel):
    """A model with a private attribute (no generated review has one today; the snapshot is general)."""

    rows: list[str] = []
    _seen: list[str] = PrivateAttr(default_factory=list)


def test_private_attributes_are_copied_not_shared() -> None:
    model = WithPrivate(rows=["a"])
    model._seen.append("a")
    copy = snapshot(model)
    model._seen.append("b")
    assert copy._seen == ["a"]
    assert copy.rows == ["a"] and copy.rows is not model.rows


def test_a_review_without_unknown_keys_keeps_none_for_them() -> None:
    review = Review(title="Outage")
    assert review.__pydantic_extra__ is None
    assert snapshot(review).__pydantic_extra__ is None


def test_a_hint_pass_racing_with_edits_reads_the_review_as_it_was_when_asked() -> None:
    review = large_review(timeline_rows=400, action_items=40, log_lines=50)
    checker = IncrementalChecker(review, TODAY, HintContext(), hints_apart=True)
    for round_ in range(3):
        as_asked = review.model_copy(deep=True)
        job = checker.hint_pass()
        found: list[dict] = []
        failed: list[BaseException] = []

        def run() -> None:
            try:
                found.append(job())
            except BaseException as error:  # noqa: BLE001 - handed to the test below
                failed.append(error)

        thread = threading.Thread(target=run)
        thread.start()
        edits = 0
        while thread.is_alive() or edits < 50:  # the typing goes on while the pass runs
            row = edits % len(review.timeline)
            if edits % 3 == 0:
                review.timeline.insert(row, TimelineEvent(time="2024-01-15 10:00", event=f"typed {edits}", milestone="detected"))
            elif edits % 3 == 1:
                del review.timeline[row]
                review.action_items.append(review.action_items.pop(0))
            else:
                review.timeline[row].event += " more"
                review.summary += " blame Bob"
            edits += 1
        thread.join()
        assert not failed, failed
        # What the pass found is what the review held when the pass was asked for.
        quiet = IncrementalChecker(as_asked, TODAY, HintContext(), hints_apart=True)
        assert found[0] == quiet.hint_pass()(), round_
        assert review != as_asked
