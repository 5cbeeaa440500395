"""Hints on any template, by role: the two shipped templates and a team's own (a fixture under
tests/fixtures/hints_team/.pirtui/templates/) get each hint on one side of its boundary and not on
the other, where the template declares it and has the roles it reads; a template without those
roles gets no hint, and no error."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from pirtui.core import store
from pirtui.core.hint_places import places_of
from pirtui.core.hints import HINT_READS_FROM, HintContext, hint_context, hint_reads_from, review_hints, section_hints
from pirtui.core.model import get_path, set_path
from pirtui.core.template import roles
from pirtui.core.template.loader import SHIPPED_FOLDER, builtin, load_template
from pirtui.core.template.template import Template

ROOT = Path(__file__).resolve().parents[1]
TEAM_FOLDER = ROOT / "tests" / "fixtures" / "hints_team"
TEAM = load_template(TEAM_FOLDER / ".pirtui" / "templates" / "ops-retro.toml")
BARE = load_template(TEAM_FOLDER / ".pirtui" / "templates" / "bare-notes.toml")
SRE = load_template(SHIPPED_FOLDER / "sre-book.toml")
PAGERDUTY = load_template(SHIPPED_FOLDER / "pagerduty.toml")
TEMPLATES = [SRE, PAGERDUTY, TEAM]
SAMPLES = sorted((ROOT / "sample_reviews" / "other_templates").glob("*.toml"))


def fresh(template: Template, **texts: Any) -> Any:
    """A review of `template` with the fields with these roles (underscores for hyphens) set."""
    review: Any = template.models.review()
    for role, value in texts.items():
        path = template.path_of(role.replace("_", "-")) or template.table_path(role.replace("_", "-"))
        assert path, f"{template.name} has no {role}"
        set_path(review, path, value)
    return review


def fired(review: Any, context: HintContext | None = None) -> list[tuple[str, str]]:
    """(field, rule) of every hint of a review, in order."""
    return [(hint.field, hint.rule) for hint in review_hints(review, context or HintContext())]


def column(template: Template, table_role: str, role: str) -> str:
    """A table's cell path prefix: "todo" and "who" give "todo.{row}.who" as a format."""
    return f"{template.table_path(table_role)}.{{row}}.{template.column_of(table_role, role)}"


# -- the timeline ------------------------------------------------------------------------------


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.name)
@pytest.mark.parametrize(("second", "hinted"), [("10:30", False), ("10:31", True)])
def test_a_timeline_gap_is_a_hint_past_the_teams_gap_and_not_at_it(template, second, hinted):
    review = fresh(template, incident_start="2025-03-11 10:00")
    roles.add_rows(template, review, "incident-timeline", [
        {"timeline-time": "10:00", "timeline-event": "Error rate alert fires"},
        {"timeline-time": second, "timeline-event": "Engineer restarts the pool"},
        {"timeline-time": "10:40", "timeline-event": "Service recovered"},
    ])
    gap = (column(template, "incident-timeline", "timeline-time").format(row=1), "timeline-gap")
    assert (gap in fired(review)) is hinted


def test_a_milestone_on_the_wrong_row_is_a_hint_where_the_template_has_milestones():
    rows = [
        {"timeline-time": "10:00", "timeline-event": "Errors rise", "timeline-milestone": "first impact"},
        {"timeline-time": "10:10", "timeline-event": "Pool restarted", "timeline-milestone": "mitigated"},
        {"timeline-time": "10:20", "timeline-event": "Alert fires", "timeline-milestone": "detected"},
    ]
    review = fresh(TEAM, incident_start="2025-03-11 10:00")
    roles.add_rows(TEAM, review, "incident-timeline", rows)
    assert ("log.2.marker", "timeline-detected-after-mitigated") in fired(review)
    rows[2]["timeline-time"] = "10:05"
    review = fresh(TEAM, incident_start="2025-03-11 10:00")
    roles.add_rows(TEAM, review, "incident-timeline", rows)
    assert not any(rule == "timeline-detected-after-mitigated" for _, rule in fired(review))


# -- action items --------------------------------------------------------------------------------


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.name)
@pytest.mark.parametrize(("owner", "rule"), [("TBD", "action-no-owner"), ("Payments team", "action-team-owner"), ("Ana Costa", None)])
def test_an_action_item_without_one_person_as_its_owner_is_a_hint(template, owner, rule):
    review = fresh(template)
    roles.add_rows(template, review, "action-items", [
        {"action-text": "Alert on the age of the oldest message per partition", "action-owner": owner, "action-ticket": "OPS-1"},
    ])
    field = column(template, "action-items", "action-owner").format(row=0)
    found = [found_rule for found_field, found_rule in fired(review) if found_field == field]
    assert found == ([rule] if rule else [])


@pytest.mark.parametrize(("template", "top", "other"), [(PAGERDUTY, "P1", "P2"), (TEAM, "high", "medium")], ids=["pagerduty", "ops-retro"])
def test_the_top_priority_without_a_ticket_is_a_hint_and_a_lower_one_is_not(template, top, other):
    def hints_with(priority: str, ticket: str) -> list[str]:
        review = fresh(template)
        roles.add_rows(template, review, "action-items", [
            {"action-text": "Cap retries at 3", "action-owner": "Ana Costa", "action-priority": priority, "action-ticket": ticket},
        ])
        return [review_hint.message for review_hint in review_hints(review, HintContext()) if review_hint.rule == "action-p1-no-ticket"]

    assert hints_with(top, "") == [f"A {top} action item has no ticket."]
    assert hints_with(top, "OPS-7") == []
    assert hints_with(other, "") == []


def test_a_template_without_priorities_never_asks_for_a_ticket():
    review = fresh(SRE)
    roles.add_rows(SRE, review, "action-items", [{"action-text": "Cap retries at 3", "action-owner": "Ana Costa"}])
    assert SRE.column_of("action-items", "action-priority") is None
    assert fired(review) == []


def test_an_open_action_of_an_earlier_review_of_another_template_is_a_hint(tmp_path):
    shutil.copytree(TEAM_FOLDER / ".pirtui", tmp_path / ".pirtui")
    (tmp_path / ".git").mkdir()  # the repository's top: templates are looked for up to here
    earlier = next(path for path in SAMPLES if path.stem.startswith("pagerduty"))
    shutil.copy(earlier, tmp_path / earlier.name)
    (tmp_path / "lost.toml").write_text('template = "nowhere@1"\ntitle = "A review whose template is gone"\n', encoding="utf-8")
    review_path = tmp_path / "later.toml"
    review_path.write_text(
        'template = "ops-retro@1"\ntitle = "Webhooks late again"\n\n[facts]\nbegan = "2025-07-01 09:00"\n\n'
        '[[todo]]\nstep = "Alert on the oldest unacknowledged message per partition"\nwho = "Ana Costa"\n',
        encoding="utf-8",
    )
    review = store.load(review_path)
    context = hint_context(tmp_path, exclude=review_path)
    assert {item.review_id for item in context.earlier_items} == {"PD-48211"}
    assert ("todo.0.step", "action-repeats-open") in fired(review, context)
    review.todo[0].status = "done"
    assert ("todo.0.step", "action-repeats-open") not in fired(review, context)


# -- the words of a cause, a lesson, a summary -----------------------------------------------------


@pytest.mark.parametrize(("template", "role_text", "path"), [
    (SRE, "summary", "summary"), (PAGERDUTY, "overview", "overview"), (TEAM, "story", "story"),
], ids=lambda value: getattr(value, "name", None))
@pytest.mark.parametrize(("text", "blamed"), [
    ("Bob carelessly pushed the config and the cache emptied.", True),
    ("A config push emptied the cache.", False),
])
def test_blame_in_the_templates_summary_is_a_hint(template, role_text, path, text, blamed):
    review = fresh(template)
    set_path(review, path, text)
    assert any(field == path and rule.startswith("blame") for field, rule in fired(review)) is blamed


@pytest.mark.parametrize(("template", "path", "rule"), [
    (SRE, "lessons.went_wrong", "improvement-no-action"),
    (PAGERDUTY, "how_did_we_do.went_badly", "improvement-no-action"),
    (TEAM, "learned", "lesson-no-action"),
], ids=lambda value: getattr(value, "name", None))
@pytest.mark.parametrize("carried", [False, True])
def test_a_lesson_no_action_carries_out_is_a_hint(template, path, rule, carried):
    review = fresh(template)
    set_path(review, path, ["The resizer pool had no load shedding"])
    action = "Add load shedding to the resizer pool" if carried else "Rename the dashboard"
    roles.add_rows(template, review, "action-items", [{"action-text": action, "action-owner": "Ana Costa", "action-ticket": "OPS-2"}])
    assert ((f"{path}.0", rule) in fired(review)) is not carried


@pytest.mark.parametrize(("template", "cause", "impact"), [
    (SRE, "root_causes", ("summary", "impact")),
    (TEAM, "causes.why", ("story", "facts.felt")),
], ids=lambda value: getattr(value, "name", None))
@pytest.mark.parametrize("restated", [True, False])
def test_a_root_cause_that_restates_the_impact_is_a_hint(template, cause, impact, restated):
    review = fresh(template)
    set_path(review, impact[0], "Thumbnails failed to load on image pages for 52 minutes.")
    set_path(review, impact[1], "Customers saw broken thumbnails.")
    why = "Thumbnails failed to load on image pages." if restated else "The deploy script flushed the cache when the key prefix changed."
    set_path(review, cause, why)
    assert ((cause, "root-cause-restates-impact") in fired(review)) is restated


@pytest.mark.parametrize(("answers", "too_few"), [(2, True), (3, False)])
def test_a_team_templates_why_chain_of_fewer_than_three_answers_is_a_hint(answers, too_few):
    chain = [
        ("Why did the pages fail?", "Because the resizer pool was overloaded"),
        ("Why was the pool overloaded?", "Because the cache was empty after the deploy"),
        ("Why was the cache empty?", "Because the deploy changed the cache key prefix"),
    ][:answers]
    review = fresh(TEAM)
    roles.add_rows(TEAM, review, "whys", [{"why-question": q, "why-answer": a} for q, a in chain])
    assert (("causes.chain", "whys-too-few") in fired(review)) is too_few


def test_a_team_templates_why_chain_ending_at_a_person_is_a_hint_on_its_last_answer():
    review = fresh(TEAM)
    roles.add_rows(TEAM, review, "whys", [
        {"why-question": "Why did the pages fail?", "why-answer": "Because the resizer pool was overloaded"},
        {"why-question": "Why was the pool overloaded?", "why-answer": "Because the pool cache was empty"},
        {"why-question": "Why was the cache empty?", "why-answer": "Because the engineer flushed the cache"},
    ])
    assert ("causes.chain.2.because", "whys-end-at-person") in fired(review)


# -- a template without the roles ------------------------------------------------------------------


def test_a_template_missing_the_roles_gives_no_hint_and_no_error():
    review = fresh(BARE)
    review.notes = "Bob carelessly pushed the config."  # no hint is switched on here
    review.cause = "Bob carelessly pushed the config."  # restates-impact, but nothing tells the impact
    # the tables have no roles: their rows are made by their keys
    row = type(review).model_fields["events"].annotation.__args__[0]
    review.events = [row(when="10:00", note="Alert fires"), row(when="12:00", note="Bob carelessly restarted it")]
    task = type(review).model_fields["followups"].annotation.__args__[0]
    review.followups = [task(task="Monitoring", who="TBD")]
    review.wishes = ["The pool needs load shedding"]
    assert review_hints(review, HintContext()) == []
    assert all(section_hints(review, key, None, HintContext()) == [] for key in BARE.section_keys())
    assert hint_reads_from(review) == {}


def test_a_template_that_switches_no_hint_on_has_none():
    spec = TEAM.spec.model_copy(deep=True)
    for section in spec.sections:
        for block in section.blocks:
            block.hints = []
            for field in block.fields:
                field.hints = []
    plain = Template(spec.model_copy(update={"name": "no-hints"}))
    review = fresh(plain, title="x")
    review.story = "Bob carelessly pushed the config."
    assert review_hints(review, HintContext()) == []


# -- what each section's hints read ---------------------------------------------------------------


def test_the_built_in_templates_dependency_map_is_the_one_once_written_by_hand():
    by_hand = {
        "incident": ("summary", "root_cause", "lessons", "action_items", "timeline", "detection"),
        "timeline": ("summary", "root_cause", "lessons", "action_items", "detection"),
        "action_items": ("summary", "root_cause", "lessons", "detection"),
        "approvals": ("summary", "root_cause", "lessons", "action_items", "detection"),
        "meeting": ("summary", "root_cause", "lessons", "action_items", "detection"),
        "revisions": ("summary", "root_cause", "lessons", "action_items", "detection"),
        "summary": ("root_cause", "timeline"),
        "root_cause": ("lessons", "detection"),
        "detection": ("lessons", "root_cause"),
        "lessons": ("root_cause", "detection"),
    }
    assert {key: set(value) for key, value in HINT_READS_FROM.items()} == {key: set(value) for key, value in by_hand.items()}
    assert hint_reads_from(builtin().models.review()) == HINT_READS_FROM


def test_a_team_templates_dependency_map_follows_its_roles():
    reads = hint_reads_from(fresh(TEAM))
    assert set(reads["facts"]) == {"story", "causes", "log", "todo", "learned"}  # the lead, the window, who felt it
    assert set(reads["story"]) == {"causes", "log"}  # an impact statement: a restated cause, customers still affected
    assert set(reads["todo"]) == {"story", "causes", "learned"}  # owners are people; actions carry lessons out
    assert set(reads["log"]) == {"story", "causes", "todo", "learned"}  # who starts an event is one of the people
    assert "learned" not in reads or "todo" not in reads["learned"]


# -- the samples -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_a_samples_hints_name_fields_it_has(path):
    review = store.load(path)
    hints = review_hints(review, hint_context(path.parent, exclude=path))
    for hint in hints:
        get_path(review, hint.field)  # raises if the field is not the review's
    headings = {section.heading for section in places_of(review).template.spec.sections}
    assert all(hint.section in headings for hint in hints)
