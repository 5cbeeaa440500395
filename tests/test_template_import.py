"""Importing Markdown into a team's or a shipped template: every review of such a template
renders and imports back unchanged, a document picks the template whose headings it matches, and
a section no template has is kept, never dropped."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pirtui.core import store
from pirtui.core.inert import has_controls
from pirtui.core.render import render
from pirtui.core.template.loader import SHIPPED_FOLDER, builtin, load_template
from pirtui.core.template_import import best_template, import_into, match_score
from tests.strategies import model_strategy

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = [load_template(path) for path in sorted(SHIPPED_FOLDER.glob("*.toml"))] + [
    load_template(ROOT / "tests" / "template_cases" / ".pirtui" / "templates" / "lite.toml")
]
TEXT = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp", "Co", "Cn")), max_size=30)
    .map(str.strip)
    .filter(lambda value: not has_controls(value)),
    st.sampled_from(["a | b", "two\nlines", "- item", "1. one", "# hash", "**bold**", "`code`", "---", "x\\", "[link](u)"]),
)
"""What a user may type, minus what is outside the Markdown encoding for every template (see
tests/test_importer.py): carriage returns, NULs, spaces around a value, terminal controls."""


@st.composite
def reviews(draw, template):
    review = draw(model_strategy(template.models.review, TEXT))
    review.template = template.ref
    review.extra_sections = []
    review.import_notes = []
    review.internal_fields = []
    review.dismissed_hints = []
    for name, info in type(review).model_fields.items():
        value = getattr(review, name)
        if isinstance(value, list) and value and hasattr(value[0], "internal"):
            for row in value:
                row.internal = False  # the Markdown does not carry it (render --public leaves such rows out)
    return review


def _round_trip(template, review):
    back, _ = import_into(template, render(review))
    assert store.dumps(back) == store.dumps(review)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_review_of_a_shipped_or_team_template_imports_back_unchanged(data):
    template = data.draw(st.sampled_from(TEMPLATES))
    _round_trip(template, data.draw(reviews(template)))


def test_the_samples_import_back_unchanged():
    for path in sorted((ROOT / "sample_reviews" / "other_templates").glob("*.toml")):
        review = store.load(path)
        template = next(t for t in TEMPLATES if t.ref == review.template)
        _round_trip(template, review)


def test_a_document_picks_the_template_whose_headings_it_matches():
    sre = next(t for t in TEMPLATES if t.name == "sre-book")
    markdown = render(store.load(ROOT / "sample_reviews" / "other_templates" / "sre-book-thumbnail-stampede.toml"))
    assert match_score(sre, markdown) == 11
    assert best_template([builtin(), *TEMPLATES], markdown) is sre
    builtin_markdown = (ROOT / "sample_reviews" / "inc-2024-001-db-pool-exhaustion.md").read_text(encoding="utf-8")
    assert best_template([builtin(), *TEMPLATES], builtin_markdown) is builtin()


def test_a_section_the_template_lacks_is_kept():
    lite = TEMPLATES[-1]
    review, warnings = import_into(lite, "# X\n\n## Facts\n\n## Postscript\n\nKeep me.\n")
    assert review.extra_sections[0].heading == "Postscript" and review.extra_sections[0].markdown == "Keep me."
    assert warnings == ["section 'Postscript' is not in the template lite@2: kept as an extra section"]


def test_a_review_in_the_sre_book_layout_imports_into_that_template_losing_nothing():
    sre = next(t for t in TEMPLATES if t.name == "sre-book")
    text = (ROOT / "tests" / "import_cases" / "sre_book_layout.md").read_text(encoding="utf-8")
    assert best_template([builtin(), *TEMPLATES], text) is sre
    review, _ = import_into(sre, text)
    assert [row.time for row in review.timeline] == ["09:12", "09:15", "09:16", "09:18", "10:08"]
    assert [item.status for item in review.action_items] == ["DONE", "TODO", "DONE", ""]
    assert review.action_items[0].type == "prevent" and review.action_items[0].bug == "Bug 4410021"
    assert review.lessons.went_wrong == ["The shard rebuild had no jitter."]
    assert review.import_notes[:3] == ["Date: 2025-03-04", "Authors: priya, tomasz", "Status: Complete, action items in progress"]
    saved = store.dumps(review)
    for line in text.splitlines():  # every word of the document is somewhere in the review
        for word in re.findall(r"[A-Za-z]{4,}", line):
            assert word in saved or word in {"Postmortem", "Summary", "Impact", "Root", "Causes", "Lessons", "Learned",
                                             "What", "went", "well", "wrong", "Action", "Items", "Item", "Type", "Owner",
                                             "Status", "Timeline", "Time", "Description"}, word


def test_another_layouts_status_word_reads_as_the_templates_option():
    sre = next(t for t in TEMPLATES if t.name == "sre-book")
    markdown = "# X\n\n## Action Items\n\n| Action Item | Status |\n|---|---|\n| a | done |\n| b | wip |\n| c | Parked |\n"
    review, _ = import_into(sre, markdown)
    assert [item.status for item in review.action_items] == ["DONE", "IN PROGRESS", "Parked"]


def test_pirtui_import_picks_the_shipped_template_and_round_trips_a_sample(tmp_path, monkeypatch):
    from pirtui.cli.main import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    sample = ROOT / "sample_reviews" / "other_templates" / "pagerduty-webhook-delays"
    (tmp_path / "in.md").write_text(sample.with_suffix(".md").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["import", "in.md", "-o", "out.toml"]) == 0
    assert (tmp_path / "out.toml").read_text(encoding="utf-8") == sample.with_suffix(".toml").read_text(encoding="utf-8")
    assert main(["import", "in.md", "-o", "plain.toml", "--template", "builtin"]) == 0
    assert "template =" not in (tmp_path / "plain.toml").read_text(encoding="utf-8")
    assert main(["import", "in.md", "-o", "x.toml", "--template", "nope"]) == 2
