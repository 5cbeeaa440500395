"""Hints: each rule coaches where it should (a positive case) and stays quiet where it should not.

Every test starts from the first sample review, completed with the three action items it lacks so
that it shows no hint, and changes one thing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pirtui.core import store
from pirtui.core.checks import IncrementalChecker, check, section_state
from pirtui.core.hints import HintContext, HintWords, hint_context, is_hint, section_hints, words
from pirtui.core.model import ActionItem, DismissedHint, Review, TimelineEvent, Why
from tests.hint_helpers import complete
from tests.strategies import reviews

SAMPLE = Path(__file__).resolve().parents[1] / "sample_reviews" / "inc-2024-001-db-pool-exhaustion.toml"
TODAY = date(2024, 1, 18)


@pytest.fixture
def review() -> Review:
    return complete(store.load(SAMPLE))


def hints(review: Review, context: HintContext | None = None) -> list:
    return [f for f in check(review, TODAY, context or HintContext()) if is_hint(f)]


def rules(review: Review, context: HintContext | None = None) -> set[tuple[str, str]]:
    return {(h.rule, h.field) for h in hints(review, context)}


BLAME_RULES = {"blame-language", "blame-person", "cause-is-person", "whys-end-at-person"}


def blame(review: Review, context: HintContext | None = None) -> set[tuple[str, str]]:
    """The hints about blame and people as the cause (a changed factor may also lose its action)."""
    return {(rule, field) for rule, field in rules(review, context) if rule in BLAME_RULES}


def test_the_completed_first_sample_shows_no_hint(review: Review) -> None:
    assert hints(review) == []


def test_a_hint_has_a_rule_a_why_and_a_suggestion(review: Review) -> None:
    review.summary = "The outage was caused by human error."
    (hint,) = hints(review)
    assert (hint.level, hint.section, hint.field, hint.rule) == ("hint", "Executive Summary", "summary", "blame-language")
    assert hint.why and hint.suggestion and "human error" in hint.message
    assert hint.to_dict()["level"] == "hint" and hint.to_dict()["rule"] == "blame-language"


# -- blame language ---------------------------------------------------------------------------


@pytest.mark.parametrize("phrase", ["human error", "operator error", "was careless", "Human Error"])
def test_blame_phrases_in_the_summary(review: Review, phrase: str) -> None:
    review.summary = f"The database fell over. It was {phrase} during the deploy."
    assert ("blame-language", "summary") in rules(review)


@pytest.mark.parametrize(
    "path",
    ["root_cause.why_it_happened", "root_cause.contributing_factors.1", "root_cause.whys.2.answer", "lessons.learned.0", "lessons.process.1"],
)
def test_blame_is_found_in_every_cause_field(review: Review, path: str) -> None:
    from pirtui.core.model import get_path, set_path

    value = "Operator error while resizing the pool"
    target = path.rsplit(".", 1)[0] if path.endswith(".answer") else path
    if path.endswith(".answer"):
        get_path(review, target).answer = value  # type: ignore[union-attr]
    else:
        set_path(review, path, value)
    assert ("blame-language", path) in rules(review)


def test_a_service_named_careless_proxy_is_not_blame(review: Review) -> None:
    review.root_cause.contributing_factors[0] = "careless-proxy dropped connections under load"
    assert blame(review) == set()


def test_a_system_that_failed_to_do_something_is_not_blame(review: Review) -> None:
    review.root_cause.contributing_factors[0] = "The deploy failed to roll back"
    assert blame(review) == set()


def test_a_person_of_the_review_who_failed_to_is_blame(review: Review) -> None:
    review.action_items[0].owner = "Bob Marsh"
    review.root_cause.contributing_factors[0] = "Bob failed to roll back"
    (hint,) = [h for h in hints(review) if h.rule in BLAME_RULES]
    assert (hint.rule, hint.field) == ("blame-person", "root_cause.contributing_factors.0")
    assert "\"Bob failed to\"" in hint.message  # as typed


def test_the_commander_by_full_name_is_blame(review: Review) -> None:
    review.summary = "The pool ran out. Maria Chen forgot to raise the limit. It was raised later."
    assert ("blame-person", "summary") in rules(review)


def test_a_name_from_the_timeline_is_a_person(review: Review) -> None:
    review.timeline.append(TimelineEvent(time="15:10", event="alice restarted the pods"))
    review.root_cause.contributing_factors[0] = "Alice forgot to drain the node first"
    assert ("blame-person", "root_cause.contributing_factors.0") in rules(review)


def test_a_thing_named_like_a_person_is_not_blame(review: Review) -> None:
    review.timeline.append(TimelineEvent(time="15:10", event="alice restarted the pods"))
    review.root_cause.contributing_factors[0] = "The alice scheduler failed to place the pods"
    assert blame(review) == set()


def test_a_person_word_as_subject_is_blame(review: Review) -> None:
    review.root_cause.contributing_factors[0] = "The on-call engineer didn't follow the runbook"
    assert ("blame-person", "root_cause.contributing_factors.0") in rules(review)


def test_words_between_subject_and_verb_do_not_hide_the_person(review: Review) -> None:
    review.root_cause.contributing_factors[0] = "Daniel Okoro then quickly forgot to check the plan"
    assert ("blame-person", "root_cause.contributing_factors.0") in rules(review)


def test_a_name_elsewhere_in_the_sentence_is_not_the_subject(review: Review) -> None:
    review.root_cause.contributing_factors[0] = "The alert Maria Chen set up failed to fire"
    assert blame(review) == set()


def test_blame_is_not_looked_for_in_other_sections(review: Review) -> None:
    review.resolution.verification = "Human error ruled out"
    assert rules(review) == set()


# -- 5 Whys and root cause --------------------------------------------------------------------


def test_whys_that_end_at_a_person(review: Review) -> None:
    review.root_cause.whys[4].answer = "Because the engineer skipped the load test"
    assert ("whys-end-at-person", "root_cause.whys.4.answer") in rules(review)


def test_whys_that_end_at_a_named_person(review: Review) -> None:
    review.root_cause.whys[4].answer = "Because Lena Vogel skipped the load test"
    assert ("whys-end-at-person", "root_cause.whys.4.answer") in rules(review)


def test_whys_that_end_at_a_system_are_fine(review: Review) -> None:
    review.root_cause.whys[4].answer = "Because the engine skipped the load test"
    assert rules(review) == set()


def test_only_the_last_answer_is_judged_for_a_person(review: Review) -> None:
    review.root_cause.whys[1].answer = "Because the engineer had restarted the service"
    assert "whys-end-at-person" not in {rule for rule, _ in rules(review)}


def test_whys_that_stop_before_three_answers(review: Review) -> None:
    review.root_cause.whys = review.root_cause.whys[:2]
    assert ("whys-too-few", "root_cause.whys") in rules(review)


def test_three_answers_are_enough_and_none_is_the_checks_business(review: Review) -> None:
    review.root_cause.whys = review.root_cause.whys[:3]
    assert rules(review) == set()
    review.root_cause.whys = [Why(question="Why?")]
    assert "whys-too-few" not in {rule for rule, _ in rules(review)}


def test_a_root_cause_that_restates_the_impact(review: Review) -> None:
    review.root_cause.why_it_happened = "All API requests failed with HTTP 503 because the backend API had a complete outage."
    assert ("root-cause-restates-impact", "root_cause.why_it_happened") in rules(review)


def test_a_root_cause_that_explains_is_not_a_restatement(review: Review) -> None:
    review.root_cause.why_it_happened = "The pool was sized for average load, and a new query held connections for seconds."
    assert rules(review) == set()


# -- action items -----------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["Better alerting on the pool", "Review of the pool size", "Dashboards for the database"])
def test_an_action_without_a_verb(review: Review, action: str) -> None:
    review.action_items[2].action = action
    assert ("action-no-verb", "action_items.2.action") in rules(review)


@pytest.mark.parametrize("action", ["Add a panel", "alert on pool waits", "Prioritize the index work", "Load-test the query path"])
def test_an_action_starting_with_a_verb(review: Review, action: str) -> None:
    review.action_items[2].action = action
    assert rules(review) == set()


@pytest.mark.parametrize(
    "action", ["Improve database monitoring", "Be more careful with deploys", "Monitor better", "Look into the pool", "Investigate slow queries"]
)
def test_vague_actions(review: Review, action: str) -> None:
    review.action_items[2].action = action
    assert ("action-vague", "action_items.2.action") in rules(review)


def test_investigate_with_a_deliverable_is_fine(review: Review) -> None:
    review.action_items[2].action = "Investigate slow queries and write a proposal for per-query timeouts"
    assert rules(review) == set()


@pytest.mark.parametrize("owner", ["SRE team", "@platform-team", "backend", "Team Payments", "devops"])
def test_an_owner_that_is_a_team_alias(review: Review, owner: str) -> None:
    review.action_items[1].owner = owner
    assert ("action-team-owner", "action_items.1.owner") in rules(review)


@pytest.mark.parametrize("owner", ["Maria Chen", "Maria Chen (SRE)", "Teaman Smith"])
def test_an_owner_that_is_a_person(review: Review, owner: str) -> None:
    review.action_items[1].owner = owner
    assert rules(review) == set()


@pytest.mark.parametrize("owner", ["TBD", "someone", "?"])
def test_an_owner_that_names_nobody(review: Review, owner: str) -> None:
    review.action_items[1].owner = owner
    assert ("action-no-owner", "action_items.1.owner") in rules(review)


def test_p1_without_a_ticket(review: Review) -> None:
    review.action_items[1].ticket = ""
    assert ("action-p1-no-ticket", "action_items.1.ticket") in rules(review)
    review.action_items[1].priority = "P2"
    assert rules(review) == set()


def test_an_item_that_repeats_an_open_item_of_an_earlier_review(review: Review, tmp_path: Path) -> None:
    earlier = store.load(SAMPLE)
    earlier.incident.id, earlier.incident.start, earlier.incident.end = "INC-2023-009", "2023-05-02 10:00", "11:00"
    for item in earlier.action_items:
        item.status = "Done"
    earlier.action_items[0].action = "Extend the load test suite with the search query path at 2x peak traffic"
    earlier.action_items[0].status = "Open"
    store.atomic_write(tmp_path / "inc-2023-009.toml", store.dumps(earlier))
    store.atomic_write(tmp_path / "this.toml", store.dumps(review))
    context = hint_context(tmp_path, exclude=tmp_path / "this.toml")
    (hint,) = hints(review, context)
    assert (hint.rule, hint.field) == ("action-repeats-open", "action_items.3.action")
    assert "INC-2023-009" in hint.message


def test_a_repeat_of_a_closed_or_later_item_is_fine(review: Review, tmp_path: Path) -> None:
    other = store.load(SAMPLE)
    other.incident.id = "INC-2023-009"
    other.action_items[0].action = review.action_items[3].action
    other.action_items[0].status = "Done"
    store.atomic_write(tmp_path / "closed.toml", store.dumps(other))
    later = store.load(SAMPLE)
    later.incident.id, later.incident.start = "INC-2025-001", "2025-01-01 10:00"
    store.atomic_write(tmp_path / "later.toml", store.dumps(later))
    assert hints(review, hint_context(tmp_path)) == []


# -- lessons ----------------------------------------------------------------------------------


def test_a_lesson_with_no_action_item(review: Review) -> None:
    review.lessons.process.append("Rotate the on-call schedule weekly")
    assert ("lesson-no-action", "lessons.process.2") in rules(review)


def test_a_lesson_some_action_item_carries_out(review: Review) -> None:
    review.lessons.learned.append("Load tests must cover every new query path")
    assert rules(review) == set()


# -- timeline ---------------------------------------------------------------------------------


def test_a_gap_longer_than_the_team_allows(review: Review) -> None:
    del review.timeline[1:5]  # 14:30 first impact, then 14:52, 14:58 mitigated
    assert ("timeline-gap", "timeline.1.time") in rules(review, HintContext(gap_minutes=20))
    assert "timeline-gap" not in {rule for rule, _ in rules(review, HintContext(gap_minutes=30))}


def test_gaps_outside_the_impact_window_are_not_hinted(review: Review) -> None:
    review.timeline[-1].time = "18:15"  # three hours after resolution
    review.timeline.insert(0, TimelineEvent(time="12:00", event="Routine deploy of backend-api"))
    assert rules(review, HintContext(gap_minutes=10)) == set()


def test_detection_after_mitigation(review: Review) -> None:
    assert "timeline-detected-after-mitigated" not in {rule for rule, _ in rules(review)}
    review.timeline[1].milestone = ""
    review.timeline[5].milestone, review.timeline[6].milestone = "mitigated", "detected"  # 14:52, 14:58
    assert ("timeline-detected-after-mitigated", "timeline.6.milestone") in rules(review)


# -- hints never count as problems ------------------------------------------------------------


def test_hints_do_not_change_a_sections_state_or_counts(review: Review) -> None:
    review.summary = "Human error took the API down. It was restored after 45 minutes."
    findings = check(review, TODAY, HintContext())
    summary = [f for f in findings if f.section == "Executive Summary"]
    assert [f.level for f in summary] == ["hint"]
    assert section_state(review, "summary", summary) == section_state(review, "summary", [])
    assert [f for f in findings if not is_hint(f)] == check(review, TODAY)


def test_without_a_context_there_are_no_hints(review: Review) -> None:
    review.summary = "Human error took the API down."
    assert not any(is_hint(f) for f in check(review, TODAY))


# -- dismissals -------------------------------------------------------------------------------


def test_a_dismissed_hint_no_longer_shows(review: Review) -> None:
    review.action_items[1].owner = "SRE team"
    review.dismissed_hints.append(DismissedHint(rule="action-team-owner", field="action_items.1.owner", reason="our SRE team is one person"))
    assert rules(review) == set()


def test_a_dismissal_is_for_its_field_and_rule_only(review: Review) -> None:
    review.action_items[1].owner = "SRE team"
    review.action_items[2].owner = "SRE team"
    review.dismissed_hints.append(DismissedHint(rule="action-team-owner", field="action_items.1.owner", reason="x"))
    review.dismissed_hints.append(DismissedHint(rule="blame-language", field="action_items.2.owner", reason="x"))
    assert rules(review) == {("action-team-owner", "action_items.2.owner")}


def test_dismissals_round_trip_and_are_left_out_when_none() -> None:
    review = store.load(SAMPLE)
    assert "dismissed_hints" not in store.dumps(review)
    review.dismissed_hints.append(DismissedHint(rule="blame-person", field="summary", reason='not blame: "Bob" is a service'))
    assert store.loads(store.dumps(review)).dismissed_hints == review.dismissed_hints


# -- the word lists ---------------------------------------------------------------------------


def test_a_team_adds_and_removes_words(review: Review, tmp_path: Path) -> None:
    (tmp_path / ".pirtui.toml").write_text(
        '[hint_words]\nblame_phrases = ["dropped the ball"]\n[hint_words_removed]\nblame_phrases = ["careless"]\n',
        encoding="utf-8",
    )
    context = hint_context(tmp_path)
    review.summary = "The pool ran dry. We dropped the ball."
    assert ("blame-language", "summary") in rules(review, context)
    review.summary = "The pool ran dry because of a careless default."
    assert rules(review, context) == set()
    assert ("blame-language", "summary") in rules(review)


def test_the_teams_gap_is_used(tmp_path: Path) -> None:
    (tmp_path / ".pirtui.toml").write_text("timeline_gap_minutes = 10\n", encoding="utf-8")
    assert hint_context(tmp_path).gap_minutes == 10


def test_a_broken_team_pattern_is_skipped(review: Review) -> None:
    context = HintContext(HintWords.build({"team_alias_patterns": ["(unclosed"]}))
    review.action_items[1].owner = "SRE team"
    assert ("action-team-owner", "action_items.1.owner") in rules(review, context)


def test_words_are_whole_and_keep_hyphens() -> None:
    assert words("The careless-proxy didn’t start.") == ["the", "careless-proxy", "didn't", "start"]


# -- incremental, and never raising ---------------------------------------------------------


def test_the_incremental_checker_runs_hints_and_their_dependents(review: Review) -> None:
    checker = IncrementalChecker(review, TODAY, HintContext())
    review.lessons.process.append("Rotate the on-call schedule weekly")
    checker.update("lessons.process.2")
    assert any(f.rule == "lesson-no-action" for f in checker.for_section("lessons") if is_hint(f))
    review.action_items.append(ActionItem(id="8", action="Rotate the on-call schedule every week", owner="Maria Chen", priority="P3", due="2024-03-01"))
    checker.update("action_items.7.action")
    assert not any(is_hint(f) for f in checker.for_section("lessons"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reviews)
def test_hints_never_raise(review: Review) -> None:
    for key in ("summary", "timeline", "root_cause", "action_items", "lessons"):
        for hint in section_hints(review, key, _facts(review), HintContext()):
            assert hint.level == "hint" and hint.rule and hint.message


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.text(max_size=40))
def test_blame_search_never_raises_on_any_text(text: str, name: str) -> None:
    review = store.load(SAMPLE)
    review.incident.commander = name
    review.summary = text
    review.root_cause.whys[4].answer = text
    review.action_items[0].action = text
    review.action_items[0].owner = text
    review.lessons.learned[0] = text
    check(review, TODAY, HintContext())


def _facts(review: Review):
    from pirtui.core.checks import _Facts

    return _Facts(review, TODAY)


def test_forgetting_is_blame_whoever_forgot(review: Review) -> None:
    review.root_cause.contributing_factors[0] = "Zed forgot to raise the pool limit"
    assert ("blame-language", "root_cause.contributing_factors.0") in rules(review)
    review.root_cause.contributing_factors[0] = "Maria Chen forgot to raise the pool limit"
    assert ("blame-person", "root_cause.contributing_factors.0") in rules(review)


# -- the review list --------------------------------------------------------------------------


async def test_the_review_list_counts_hints_of_reviews_in_review_or_final(tmp_path: Path) -> None:
    """On the list itself: the detail line of a review in review or final counts its hints, a
    draft's does not (it is still being written); hints are not counted as warnings."""
    from textual.app import App
    from textual.widgets import DataTable, Static

    from pirtui.screens.review_list import ReviewListScreen
    from pirtui.team.index import review_summaries

    for name, status in (("final", "final"), ("in-review", "in review"), ("draft", "draft")):
        review = complete(store.load(SAMPLE))
        review.incident.id = f"INC-2024-{len(name):03d}"
        review.status = status
        review.summary = "Human error. The pool ran out."
        review.action_items[1].owner = "SRE team"
        store.atomic_write(tmp_path / f"{name}.toml", store.dumps(review))

    class ListApp(App[None]):
        def on_mount(self) -> None:
            self.push_screen(ReviewListScreen(tmp_path))

    app = ListApp()
    details: dict[str, str] = {}
    async with app.run_test(size=(100, 24)) as pilot:
        await app.workers.wait_for_complete()
        screen = app.screen
        assert isinstance(screen, ReviewListScreen)
        for _ in range(100):
            await pilot.pause()
            if screen.loaded and screen.query_one(DataTable).row_count == 3:
                break
        for row in range(3):
            screen.query_one(DataTable).move_cursor(row=row)
            await pilot.pause()
            summary = screen.highlighted()
            assert summary is not None
            details[summary.path.stem] = str(screen.query_one("#detail", Static).render())
    assert "2 hints" in details["final"] and "2 hints" in details["in-review"]
    assert "hint" not in details["draft"]
    final = next(s for s in review_summaries(tmp_path, TODAY) if s.path.stem == "final")
    warnings = [f for f in check(store.load(tmp_path / "final.toml"), TODAY) if f.level == "warning"]
    assert final.warnings == len(warnings)


# -- the samples (README, "Hints") ------------------------------------------------------------

SAMPLE_HINTS = {
    "inc-2024-001-db-pool-exhaustion": {
        ("factor-no-action", "root_cause.contributing_factors.1"),
        ("improvement-no-action", "detection.could_improve.2"),
        ("lesson-no-action", "lessons.process.1"),
        ("lesson-no-action", "lessons.monitoring.1"),
    },
    "inc-2024-017-orders-split-brain": {
        ("factor-no-action", "root_cause.contributing_factors.2"),
        ("improvement-no-action", "detection.could_improve.1"),
        ("lesson-no-action", "lessons.learned.0"),
        ("lesson-no-action", "lessons.learned.1"),
        ("lesson-no-action", "lessons.learned.2"),
        ("lesson-no-action", "lessons.process.0"),
        ("lesson-no-action", "lessons.monitoring.2"),
    },
    "inc-2024-042-slow-search": {
        ("whys-not-a-chain", "root_cause.whys.4.answer"),
        ("factor-no-action", "root_cause.contributing_factors.0"),
        ("factor-no-action", "root_cause.contributing_factors.1"),
        ("improvement-no-action", "detection.could_improve.0"),
        ("lesson-no-action", "lessons.learned.0"),
        ("lesson-no-action", "lessons.learned.1"),
        ("lesson-no-action", "lessons.process.0"),
        ("lesson-no-action", "lessons.monitoring.1"),
    },
}
"""What the README's Hints section says each sample shows."""


@pytest.mark.parametrize("name", sorted(SAMPLE_HINTS))
def test_the_samples_show_the_hints_the_readme_names(name: str) -> None:
    path = SAMPLE.parent / f"{name}.toml"
    assert rules(store.load(path), hint_context(path.parent, exclude=path)) == SAMPLE_HINTS[name]


IMPORT_CASE_HINTS = {
    "draft_with_placeholders": {
        ("action-p1-no-ticket", "action_items.0.ticket"),
        ("action-vague", "action_items.0.action"),
        ("timeline-gap", "timeline.2.time"),
    },
    "mistakes": set(),
    "multi_day_sev1": {
        ("action-vague", "action_items.1.action"),
        ("factor-no-action", "root_cause.contributing_factors.1"),
        ("factor-no-action", "root_cause.contributing_factors.2"),
        ("improvement-no-action", "detection.could_improve.0"),
        ("improvement-no-action", "detection.could_improve.1"),
        ("lesson-no-action", "lessons.learned.0"),
        ("lesson-no-action", "lessons.process.0"),
        ("timeline-gap", "timeline.4.time"),
        ("timeline-gap", "timeline.5.time"),
    },
    "own_sections": {("timeline-gap", "timeline.3.time")},
    "quirks": {
        ("timeline-gap", "timeline.2.time"),
        ("cause-is-person", "root_cause.contributing_factors.1"),
        ("factor-no-action", "root_cause.contributing_factors.0"),
        ("factor-no-action", "root_cause.contributing_factors.1"),
        ("improvement-no-action", "detection.could_improve.0"),
    },
    "sre_book_layout": {("timeline-gap", "timeline.4.time")},
    "template": set(),
}
"""The hints of the reviews written by hand in tests/import_cases (README, "Hints")."""


@pytest.mark.parametrize("name", sorted(IMPORT_CASE_HINTS))
def test_the_hand_written_reviews_show_the_hints_the_readme_names(name: str) -> None:
    from pirtui.core.importer import import_file

    review = import_file(SAMPLE.parents[1] / "tests" / "import_cases" / f"{name}.md").review
    assert rules(review) == IMPORT_CASE_HINTS[name]


def test_unreadable_or_odd_neighbours_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "broken.toml").write_text("not = [toml", encoding="utf-8")
    (tmp_path / "binary.toml").write_bytes(b"\xff\xfe\x00")
    (tmp_path / "odd.toml").write_text(
        'incident = "not a table"\naction_items = [{action = 3}, {action = "Add x", status = 5}, "loose"]\n',
        encoding="utf-8",
    )
    context = hint_context(tmp_path)
    assert [(item.text, item.review_id) for item in context.earlier_items] == [("Add x", "odd")]
