"""The review model's path helpers, which the editor, the importer and the checks share."""

from __future__ import annotations

import pytest

from pirtui.core.model import ActionItem, Message, Review, TimelineEvent, Why, get_path, new_review, row_model, set_path
from pirtui.core.sections import SECTIONS


@pytest.mark.parametrize(
    "path, model",
    [
        ("timeline", TimelineEvent),
        ("action_items", ActionItem),
        ("root_cause.whys", Why),
        ("appendix.communication_log", Message),
    ],
)
def test_row_model_names_the_model_of_a_table_row(path, model):
    assert row_model(path) is model


def test_every_table_of_the_template_has_a_row_model_with_its_columns():
    tables = [block for section in SECTIONS for block in section.blocks if block.kind == "table"]
    assert tables
    for block in tables:
        fields = row_model(block.path).model_fields
        assert all(column.key in fields for column in block.columns), block.path


def test_get_and_set_path_reach_nested_fields_and_rows():
    review = new_review("INC-2024-001")
    review.timeline = [TimelineEvent(time="14:30", event="alert")]
    set_path(review, "incident.severity", "SEV-2")
    set_path(review, "timeline.0.event", "page")
    assert get_path(review, "incident.severity") == "SEV-2"
    assert get_path(review, "timeline.0.event") == "page"
    assert get_path(review, "incident.id") == "INC-2024-001"
    assert isinstance(get_path(review, "impact.user"), type(Review().impact.user))
