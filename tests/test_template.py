"""The template as data: the built-in template file, its loader, the models generated from it,
and the one-line mistakes a template file gives (file, line and key)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import tomli

from pirtui.core import sections
from pirtui.core.model import Review, new_review
from pirtui.core.template import roles
from pirtui.core.template.loader import BUILTIN_FILE, TemplateError, builtin, check_text, load_template, load_text
from pirtui.core.template.spec import template_file_schema, trusted

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_SCHEMA = ROOT / "schema" / "pirtui-template.schema.json"

SMALL = """\
name = "tiny"
version = 2

[[sections]]
key = "what"
heading = "What Happened"

[[sections.blocks]]
kind = "fields"
fields = [
    { path = "facts.when", label = "When", type = "date-time", roles = ["incident-start"] },
    { path = "facts.lead", label = "Lead", type = "person" },
]

[[sections.blocks]]
kind = "table"
path = "steps"
role = "incident-timeline"
fields = [
    { key = "time", label = "Time", type = "time" },
    { key = "event", label = "Event", type = "long-text" },
    { key = "owner", label = "Owner", type = "person" },
]
"""


def test_the_builtin_template_file_has_no_mistake_and_its_trusted_reading_is_the_checked_one():
    text = BUILTIN_FILE.read_text(encoding="utf-8")
    spec, mistakes = check_text(text, str(BUILTIN_FILE))
    assert mistakes == []
    assert trusted(tomli.loads(text)) == spec


def test_the_builtin_template_is_read_once_per_process():
    assert builtin() is builtin()
    assert load_template(BUILTIN_FILE) is builtin()
    assert builtin().ref == "builtin@1"


def test_the_review_class_is_generated_from_the_template_and_built_once():
    assert builtin().models is builtin().models
    assert builtin().models.review is Review
    assert list(Review.model_fields)[:5] == ["schema_version", "template", "title", "status", "incident"]
    assert Review.__doc__ == "A whole post-incident review, in the template's order."


def test_a_small_template_generates_its_own_models():
    template = load_text(SMALL, "tiny.toml")
    review_class = template.models.review
    review = review_class.model_validate({"facts": {"when": "2024-01-01 10:00"}, "steps": [{"time": "10:00"}]})
    assert review.facts.when == "2024-01-01 10:00"
    assert review.steps[0].internal is False
    assert list(review_class.model_fields) == [
        "schema_version", "template", "facts", "steps", "extra_sections", "import_notes", "internal_fields", "dismissed_hints",
    ]
    with pytest.raises(ValueError):
        review_class.model_validate({"facts": {"typo": "x"}})


def test_roles_are_asked_of_the_template():
    template = load_text(SMALL, "tiny.toml")
    assert template.path_of("incident-start") == "facts.when"
    assert template.path_of("incident-end") is None
    assert template.table_path("incident-timeline") == "steps"
    assert template.table_path("action-items") is None
    assert template.people_paths == ("facts.lead", "steps[].owner")
    review = template.models.review.model_validate(
        {"facts": {"lead": "Ana, Ben"}, "steps": [{"owner": "ben"}, {"owner": "Cy"}]}
    )
    assert roles.people(template, review) == ["Ana", "Ben", "Cy"]


def test_the_builtin_people_are_the_person_fields():
    review = new_review()
    review.incident.commander = "Ana"
    review.meeting.attendees = "Ben, Ana"
    assert roles.people(builtin(), review) == ["Ana", "Ben"]
    assert "approvals[].signature" in builtin().people_paths


@pytest.mark.parametrize(
    ("value", "empty"),
    [("", True), ("  ", True), ("x", False), ([], True), ([""], True), (["x"], False), (False, True), (True, False)],
)
def test_empty_has_one_definition(value, empty):
    assert roles.is_empty(value) is empty


def test_sections_are_derived_from_the_template_file():
    assert tuple(section.key for section in sections.SECTIONS) == builtin().section_keys()
    assert sections.block_with_role("action-items").path == "action_items"


def test_a_mistake_names_file_line_and_key():
    text = SMALL.replace('type = "person" }', 'type = "persn" }', 1)
    _, mistakes = check_text(text, "tiny.toml")
    assert mistakes == [
        "tiny.toml:12: sections.0.blocks.0.fields.1.type: Input should be 'text', 'long-text', 'list', 'choice', "
        "'yes-no', 'date', 'date-time', 'time', 'duration', 'person', 'people', 'url' or 'ticket'"
    ]


def test_an_unknown_key_is_a_mistake_with_its_line():
    text = SMALL.replace('kind = "table"', 'kind = "table"\ncolour = "red"')
    _, mistakes = check_text(text, "tiny.toml")
    assert mistakes == ["tiny.toml:17: sections.0.blocks.1.colour: Extra inputs are not permitted"]


def test_meaning_mistakes_are_found_too():
    text = SMALL.replace('path = "facts.lead"', 'path = "facts.when"').replace(
        'type = "time" }', 'type = "choice", vocabulary = "nope" }'
    )
    _, mistakes = check_text(text, "tiny.toml")
    assert mistakes == [
        "tiny.toml:12: sections.0.blocks.0.fields.1.path: 'facts.when' is used twice",
        "tiny.toml:20: sections.0.blocks.1.fields.0.vocabulary: no vocabulary named 'nope'",
    ]


def test_a_reserved_key_cannot_be_declared():
    text = SMALL.replace('path = "facts.lead"', 'path = "import_notes"')
    _, mistakes = check_text(text, "tiny.toml")
    assert mistakes == ["tiny.toml:12: sections.0.blocks.0.fields.1.path: 'import_notes' is a key pirtui keeps itself"]


def test_load_raises_the_first_mistake_as_one_line():
    with pytest.raises(TemplateError) as caught:
        load_text("name = 'x'\n[[sections]]\nkey = 'Bad Key'\nheading = 'h'\n", "x.toml")
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith("x.toml:3: sections.0.key: String should match pattern")


def test_invalid_toml_is_one_line():
    _, mistakes = check_text("name = \n", "x.toml")
    assert len(mistakes) == 1 and mistakes[0].startswith("x.toml: not valid TOML")


def test_a_missing_file_is_one_line(tmp_path):
    with pytest.raises(TemplateError, match="cannot read the template"):
        load_template(tmp_path / "none.toml")


def test_the_published_template_schema_is_up_to_date():
    published = json.loads(TEMPLATE_SCHEMA.read_text(encoding="utf-8"))
    assert published == template_file_schema(), "regenerate schema/pirtui-template.schema.json"


def test_the_builtin_template_is_valid_by_its_schema_and_a_mistake_is_not():
    schema = json.loads(TEMPLATE_SCHEMA.read_text(encoding="utf-8"))
    data = tomli.loads(BUILTIN_FILE.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    data["sections"][0]["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_the_readme_example_template_is_a_valid_template():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Templates", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    template = load_text(example, "README.md")
    assert template.ref == "lite@1"
    assert template.table_path("action-items") == "todo"
