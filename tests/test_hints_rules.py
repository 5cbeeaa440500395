"""The hint rules of issue 29, each on both sides of its boundary: actions by shape, vague targets,
actions aimed at people, owners, what no action carries out, the impact window of the timeline,
blame that stays software, every blame in a field, a person as the cause, a 5 Whys that is not one chain.

Every test starts from the first sample completed with the action items it lacks (no hint) and
changes one thing, as tests/test_hints.py does.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pirtui.core import store
from pirtui.core.checks import check
from pirtui.core.hints import HintContext, HintWords, is_hint
from pirtui.core.model import ActionItem, Review, TimelineEvent, Why
from tests.hint_helpers import complete

SAMPLE = Path(__file__).resolve().parents[1] / "sample_reviews" / "inc-2024-001-db-pool-exhaustion.toml"
TODAY = date(2024, 1, 18)


@pytest.fixture
def review() -> Review:
    return complete(store.load(SAMPLE))


def hints(review: Review, context: HintContext | None = None) -> list:
    return [f for f in check(review, TODAY, context or HintContext()) if is_hint(f)]


def rules(review: Review, context: HintContext | None = None) -> set[tuple[str, str]]:
    return {(h.rule, h.field) for h in hints(review, context)}


def of_rule(review: Review, rule: str, context: HintContext | None = None) -> set[str]:
    """The fields with a hint of `rule`."""
    return {field for name, field in rules(review, context) if name == rule}


def team(**added: list[str]) -> HintContext:
    """A context with a team's additions to the word lists."""
    return HintContext(HintWords.build(added))


# -- actions by shape ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "action",
    [
        "Nightly verification of backup restores",
        "Gradual rollout for config changes",
        "Dashboard for snapshot sizes",
        "Monitoring of the queue depth",
        "Verification of every restore",
        "Alerts on pool waits",
        "Automated checks for the schema",
    ],
)
def test_a_noun_phrase_is_a_topic(review: Review, action: str) -> None:
    review.action_items[2].action = action
    assert "action_items.2.action" in of_rule(review, "action-no-verb")


@pytest.mark.parametrize(
    "action",
    [
        "Print the cluster name in the banner",
        "Cap retries at 3",
        "Quarantine restored replicas until their checksums match",
        "Shed load above 80% of capacity",
        "Weight failover by data age",
        "Partition the index into cells",
        "Document the restore steps in the runbook",
        "Index new texts within an hour",
        "Embed the runbook link in the alert",
        "Canary every config push for 30 minutes",
        "Separate primary and backup networks in the change tool",
        "Complete the migration to the managed queue",
    ],
)
def test_an_imperative_is_quiet_whatever_the_verb(review: Review, action: str) -> None:
    review.action_items[2].action = action
    assert rules(review) == set()


def test_a_team_names_its_own_noun_phrase_openers(review: Review) -> None:
    review.action_items[2].action = "Bigger pool panels on the backend dashboard"
    assert "action_items.2.action" not in of_rule(review, "action-no-verb")
    assert "action_items.2.action" in of_rule(review, "action-no-verb", team(noun_phrase_openers=["bigger"]))


# -- vague targets ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "action",
    [
        "Set reasonable defaults for consumer settings",
        "Make model rollbacks faster",
        "Add more checks before releases",
        "Reduce garbage collection pauses",
        "Revisit the approach to retries",
        "Alert faster on queue growth",
        "Add more runbooks",
        "Make load tests more realistic",
        "Increase test coverage",
        "Raise the default pool size",
    ],
)
def test_a_vague_target(review: Review, action: str) -> None:
    review.action_items[2].action = action
    assert "action_items.2.action" in of_rule(review, "action-vague")


@pytest.mark.parametrize(
    "action",
    [
        "Keep garbage collection pauses under 200 ms",
        "Reduce alert volume to under ten pages a week",
        "Make model rollbacks faster than 2 minutes",
        "Add more than half of the hosts to the canary",
        "Improve the failover runbook with the DNS steps",
        "Investigate slow queries and write a proposal for per-query timeouts",
        "Reduce `pool_timeout` for the backend",
        "Improve pool monitoring with an alert on connection waits",
        "Raise the default pool size to 25",
    ],
)
def test_a_number_a_threshold_or_a_named_artefact_is_not_vague(review: Review, action: str) -> None:
    review.action_items[2].action = action
    assert "action_items.2.action" not in of_rule(review, "action-vague")


# -- actions aimed at people -----------------------------------------------------------------


@pytest.mark.parametrize(
    "action",
    [
        "Remind engineers to follow the deploy checklist",
        "Talk to Sam about Friday deploys",
        "Make the support staff aware of the recall procedure",
        "Retrain the on-call rotation on failover",
        "Make sure operators double-check their inputs",
        "Retrain Lena on the pool settings",
        "Schedule a refresher on failover for the database engineers",
    ],
)
def test_an_action_aimed_at_people(review: Review, action: str) -> None:
    review.action_items[2].action = action
    assert "action_items.2.action" in of_rule(review, "action-aims-at-person")


@pytest.mark.parametrize(
    "action",
    [
        "Retrain the fraud model on clean data",
        "Teach the scheduler the maintenance freeze",
        "Make the export job refuse a second bank file",
        "Ensure the backup job pages when a restore fails",
        "Pair new on-call engineers with a senior for their first three rotations",
    ],
)
def test_an_action_aimed_at_the_system(review: Review, action: str) -> None:
    review.action_items[2].action = action
    assert "action_items.2.action" not in of_rule(review, "action-aims-at-person")


# -- owners ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "owner", ["Maria Chen", "Maria Chen (SRE)", "@jwu", "priya", "maria.chen", "jwu@example.com", "Ana", "Amara N.", "J. Smith", "lena vogel"]
)
def test_an_owner_who_is_a_person(review: Review, owner: str) -> None:
    review.action_items[1].owner = owner
    assert rules(review) == set()


@pytest.mark.parametrize(
    "owner",
    ["Payments Engineering", "Site Reliability", "Customer Operations", "ml-platform", "Storage operations", "Data Platform", "SRE", "web squad lead", "Payments"],
)
def test_an_owner_that_is_a_team_says_so(review: Review, owner: str) -> None:
    review.action_items[1].owner = owner
    (hint,) = hints(review)
    assert (hint.rule, hint.field) == ("action-team-owner", "action_items.1.owner")
    assert "team" in hint.message and owner in hint.message


def test_a_team_adds_its_group_words(review: Review) -> None:
    review.action_items[1].owner = "Tigers"
    assert rules(review) == set()  # one word: a handle or a first name
    assert ("action-team-owner", "action_items.1.owner") in rules(review, team(team_words=["tigers"]))


# -- lessons, improvements and factors carried out by an action ------------------------------


def test_a_lesson_sharing_two_words_with_an_action_is_carried_out(review: Review) -> None:
    review.lessons.learned.append("Pool saturation needs its own panel")  # action 3: pool saturation panels
    assert rules(review) == set()


def test_a_lesson_sharing_one_word_is_not(review: Review) -> None:
    review.lessons.learned.append("Saturation creeps up for weeks before it bites")  # only "saturation"
    assert of_rule(review, "lesson-no-action") == {"lessons.learned.2"}


@pytest.mark.parametrize("link", ["(action 3)", "see action item 3", "#3", "(JIRA-125)"])
def test_a_lesson_linked_to_an_action_is_carried_out(review: Review, link: str) -> None:
    review.lessons.learned.append(f"Saturation creeps up for weeks before it bites {link}")
    assert rules(review) == set()


def test_an_action_id_that_is_not_a_number_links_as_a_word(review: Review) -> None:
    review.action_items[2].id = "AI-3"
    review.lessons.learned.append("Saturation creeps up for weeks before it bites (AI-3)")
    assert rules(review) == set()
    review.lessons.learned[-1] = "Saturation creeps up for weeks before it bites (AI-9)"
    assert of_rule(review, "lesson-no-action") == {"lessons.learned.2"}


def test_word_forms_meet_their_stem(review: Review) -> None:
    from pirtui.core.hints import HintWords

    stems = HintWords.build().content_stems
    assert stems("setting") == stems("set") and stems("stopped") == stems("stop")
    assert stems("redundancy") == stems("redundant") and stems("deletions") == stems("delete")
    assert stems("success") == stems("successful") and stems("pass") != stems("pa")


def test_a_link_to_an_action_that_does_not_exist_does_not_count(review: Review) -> None:
    review.lessons.learned.append("Saturation creeps up for weeks before it bites (action 12)")
    assert of_rule(review, "lesson-no-action") == {"lessons.learned.2"}


def test_numbers_and_light_verbs_tie_nothing(review: Review) -> None:
    review.action_items.append(ActionItem(id="8", action="Keep two standby pools warm", owner="Sam Patel"))
    review.lessons.process.append("Two people on call during pool changes")  # "two" and "pool": one word
    assert "lessons.process.2" in of_rule(review, "lesson-no-action")
    review.detection.could_improve.append("The pool restart took an hour")
    review.action_items.append(ActionItem(id="9", action="Make a pool restart take under 5 minutes", owner="Sam Patel"))
    assert "detection.could_improve.3" not in of_rule(review, "improvement-no-action")  # "pool", "restart"
    review.action_items[-1].action = "Make a pool refill take under 5 minutes"  # "pool" (and "take")
    assert "detection.could_improve.3" in of_rule(review, "improvement-no-action")


def test_a_monitoring_improvement_needs_an_action(review: Review) -> None:
    review.lessons.monitoring.append("Graph replica lag beside the write rate")
    assert of_rule(review, "lesson-no-action") == {"lessons.monitoring.2"}


def test_a_could_be_improved_item_needs_an_action(review: Review) -> None:
    review.detection.could_improve.append("The incident channel was opened late")
    assert of_rule(review, "improvement-no-action") == {"detection.could_improve.3"}
    review.action_items.append(ActionItem(id="8", action="Open the incident channel from the first page automatically", owner="Sam Patel"))
    assert of_rule(review, "improvement-no-action") == set()


def test_a_contributing_factor_needs_an_action(review: Review) -> None:
    review.root_cause.contributing_factors.append("Deploys go out during the daily busy hour")
    assert of_rule(review, "factor-no-action") == {"root_cause.contributing_factors.4"}
    review.action_items.append(ActionItem(id="8", action="Hold deploys during the daily busy hour", owner="Sam Patel"))
    assert of_rule(review, "factor-no-action") == set()


def test_words_the_whole_review_uses_everywhere_tie_nothing(review: Review) -> None:
    review.action_items = [
        ActionItem(id=str(i), action=f"Raise the checkout pool {what}", owner="Sam Patel")
        for i, what in enumerate(["limit to 25", "alert threshold to 80%", "timeout to 5 s"], 1)
    ]
    review.lessons.learned = ["The checkout pool limit must follow peak traffic", "The checkout pool has no owner"]
    review.lessons.process, review.lessons.monitoring = ["Review the checkout pool every quarter"], []
    review.root_cause.contributing_factors, review.detection.could_improve = [], []
    # "checkout" and "pool" are in every action and every lesson: only "limit" ties lesson 1 to action 1
    assert of_rule(review, "lesson-no-action") == {"lessons.learned.0", "lessons.learned.1", "lessons.process.0"}
    review.lessons.learned[0] = "The checkout pool limit must follow the timeout"  # "limit" and "timeout"
    assert "lessons.learned.0" in of_rule(review, "lesson-no-action")
    review.action_items[0].action = "Raise the checkout pool limit and its timeout to 25"
    assert "lessons.learned.0" not in of_rule(review, "lesson-no-action")


# -- the timeline's impact window ------------------------------------------------------------


def worded_timeline(review: Review, rows: list[tuple[str, str]]) -> Review:
    """The review with a timeline of (time, event) rows and no milestones."""
    review.incident.start, review.incident.end = "2024-01-15 07:00", "14:30"
    review.timeline = [TimelineEvent(time=time, event=event) for time, event in rows]
    return review


CDN = [
    ("07:00", "Certificate renewal job runs and fails silently"),
    ("08:30", "Scheduled weekly cache purge completes"),
    ("09:02", "Certificate expires; first image errors in Europe and Asia"),
    ("09:06", "Alert ImageErrorRate fires"),
    ("09:10", "Maria Chen starts looking"),
    ("09:58", "Sam Patel spots the expired certificate"),
    ("10:20", "Europe failed over to the backup CDN; images load again. Asia is still affected"),
    ("12:40", "New certificate installed; all customers recovered"),
    ("14:30", "Incident closed after two hours of clean metrics"),
]


def test_without_milestones_the_window_is_read_from_the_wording(review: Review) -> None:
    worded_timeline(review, CDN)
    assert of_rule(review, "timeline-gap") == {"timeline.5.time"}  # 48 minutes in the window; not before nor after
    assert of_rule(review, "timeline-wait-after-mitigation") == {"timeline.7.time"}


def test_a_wait_after_mitigation_is_asked_about_only_while_customers_are_affected(review: Review) -> None:
    rows = list(CDN)
    rows[6] = ("10:20", "Failed over to the backup CDN; images load again")
    rows[7] = ("12:40", "New certificate installed on the main CDN")
    worded_timeline(review, rows)
    assert of_rule(review, "timeline-wait-after-mitigation") == set()
    assert "timeline.7.time" not in of_rule(review, "timeline-gap")


def test_the_summary_may_say_customers_were_still_affected(review: Review) -> None:
    rows = list(CDN)
    rows[6] = ("10:20", "Failed over to the backup CDN; images load again")
    rows[7] = ("12:40", "New certificate installed; Asian images load again")
    worded_timeline(review, rows)
    assert of_rule(review, "timeline-wait-after-mitigation") == set()
    review.summary = "Images failed after a certificate expired. Europe recovered at once; Asia stayed affected until 12:40."
    assert of_rule(review, "timeline-wait-after-mitigation") == {"timeline.7.time"}


def test_a_row_that_states_the_wait_is_no_gap(review: Review) -> None:
    rows = list(CDN)
    rows[4] = ("09:10", "Maria Chen restores the old certificate from the vault (about 45 min)")
    worded_timeline(review, rows)
    assert "timeline.5.time" not in of_rule(review, "timeline-gap")
    rows[4] = ("09:10", "Maria Chen watching the error rate while the vault answers")
    worded_timeline(review, rows)
    assert "timeline.5.time" not in of_rule(review, "timeline-gap")
    rows[4] = ("09:10", "Plan: reissue the certificate once the vendor's portal is back")
    worded_timeline(review, rows)
    assert "timeline.5.time" not in of_rule(review, "timeline-gap")


def test_a_duration_without_a_wait_word_is_still_a_gap(review: Review) -> None:
    rows = list(CDN)
    rows[4] = ("09:10", "Maria Chen lowers the cache TTL to 5 min")
    worded_timeline(review, rows)
    assert "timeline.5.time" in of_rule(review, "timeline-gap")


def test_with_milestones_a_gap_before_the_first_impact_is_quiet(review: Review) -> None:
    review.timeline.insert(0, TimelineEvent(time="13:00", event="Routine deploy of backend-api"))
    review.timeline[2].time = "14:50"  # 14:30 first impact -> 14:50 detected: 20 minutes
    assert of_rule(review, "timeline-gap", HintContext(gap_minutes=15)) == {"timeline.2.time"}


# -- blame stays software, tools are not people ----------------------------------------------


def test_an_operator_that_the_sentence_calls_software_is_not_a_person(review: Review) -> None:
    review.root_cause.contributing_factors[0] = "The operator failed to migrate the labels before reconciling"
    assert of_rule(review, "blame-person") == set()
    review.root_cause.contributing_factors[0] = "The storage operator failed to keep the volumes"
    assert of_rule(review, "blame-person") == set()
    review.root_cause.contributing_factors[0] = "The operator failed to read the runbook"
    assert of_rule(review, "blame-person") == {"root_cause.contributing_factors.0"}


def test_a_tool_starting_timeline_rows_is_not_learned_as_a_person(review: Review) -> None:
    review.timeline.append(TimelineEvent(time="15:10", event="jenkins restarted the build agents"))
    review.timeline.append(TimelineEvent(time="15:11", event="argo syncs the chart"))
    review.timeline.append(TimelineEvent(time="15:12", event="relbot merged the revert"))
    for name in ("jenkins", "argo", "relbot"):
        review.root_cause.contributing_factors[0] = f"{name} missed the webhook"
        assert of_rule(review, "blame-person") == set(), name
    review.timeline.append(TimelineEvent(time="15:13", event="tess joined the bridge"))
    review.root_cause.contributing_factors[0] = "tess missed the webhook"
    assert of_rule(review, "blame-person") == {"root_cause.contributing_factors.0"}


def test_an_impacted_service_is_never_a_person(review: Review) -> None:
    review.timeline.append(TimelineEvent(time="15:10", event="atlas answered with errors"))
    review.root_cause.contributing_factors[0] = "atlas missed the config reload"
    assert of_rule(review, "blame-person") == {"root_cause.contributing_factors.0"}
    review.incident.impacted_services.append("atlas")
    assert of_rule(review, "blame-person") == set()


@pytest.mark.parametrize(
    "text",
    [
        "The runbook was not followed",
        "The alerts were not acted upon",
        "An inexperienced responder took the page",
        "Everyone must take alerts more seriously",
        "The alert was missed by the on-call",
        "A fat-fingered command removed the volume",
        "Engineers should take more care with deploys",
        "The change was executed incorrectly",
        "Review config changes more carefully",
    ],
)
def test_passive_blame_character_words_and_exhortations(review: Review, text: str) -> None:
    review.root_cause.contributing_factors[0] = text
    assert "root_cause.contributing_factors.0" in of_rule(review, "blame-language") | of_rule(review, "blame-person")


def test_a_passive_about_a_system_is_not_blame(review: Review) -> None:
    review.root_cause.contributing_factors[0] = "Series from the new service were not capped"
    assert of_rule(review, "blame-language") | of_rule(review, "blame-person") == set()


def test_every_blame_in_a_field_is_reported(review: Review) -> None:
    review.root_cause.contributing_factors[0] = "Lena carelessly skipped the review, missed the empty feature and ignored the warning"
    found = [h for h in hints(review) if h.field == "root_cause.contributing_factors.0" and h.rule.startswith("blame")]
    assert len(found) == 3 and all(h.rule == "blame-person" for h in found)
    review.root_cause.contributing_factors[0] = "Lena carelessly skipped the review"
    assert len([h for h in hints(review) if h.field == "root_cause.contributing_factors.0" and h.rule.startswith("blame")]) == 1


def test_blame_in_what_could_be_improved(review: Review) -> None:
    review.detection.could_improve[0] = "The on-call ignored the first page for 20 minutes"
    assert "detection.could_improve.0" in of_rule(review, "blame-person")
    review.detection.could_improve[0] = "The first page went to a rotation nobody watches at night"
    assert of_rule(review, "blame-person") | of_rule(review, "blame-language") == set()


# -- a person as the cause -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["Lena Vogel entered the wrong pool size.", "An engineer ran the removal on the primary.", "Nobody double-checked the endpoint."]
)
def test_a_person_as_the_subject_of_the_cause_is_asked_about(review: Review, text: str) -> None:
    review.root_cause.why_it_happened = text
    assert of_rule(review, "cause-is-person") == {"root_cause.why_it_happened"}


@pytest.mark.parametrize(
    "text",
    [
        "The tool accepted the wrong pool size.",
        "Lena Vogel's script entered the wrong pool size.",
        "The pool size Lena Vogel entered was accepted without a check.",
        "The cluster manager promoted the replica.",
    ],
)
def test_a_thing_as_the_subject_of_the_cause_is_quiet(review: Review, text: str) -> None:
    review.root_cause.why_it_happened = text
    assert of_rule(review, "cause-is-person") == set()


def test_a_person_to_whom_something_happened_is_not_the_cause(review: Review) -> None:
    review.root_cause.contributing_factors[0] = "The on-call engineer was paged at 03:12 after a 14-hour shift"
    assert of_rule(review, "cause-is-person") == set()
    review.root_cause.contributing_factors[0] = "The on-call engineer rolled back the wrong release"
    assert of_rule(review, "cause-is-person") == {"root_cause.contributing_factors.0"}


def test_a_role_is_a_person_and_software_with_the_same_word_is_not(review: Review) -> None:
    review.root_cause.contributing_factors[0] = "The release manager failed to follow the checklist"
    assert of_rule(review, "blame-person") == {"root_cause.contributing_factors.0"}
    review.root_cause.contributing_factors[0] = "The cluster manager failed to fence the old primary"
    assert of_rule(review, "blame-person") == set()


def test_what_happened_may_tell_who_did_what(review: Review) -> None:
    review.root_cause.what_happened = "Lena Vogel entered the wrong pool size."
    assert of_rule(review, "cause-is-person") == set()


# -- the 5 Whys as one chain -----------------------------------------------------------------


def test_whys_that_jump_to_another_branch(review: Review) -> None:
    review.root_cause.whys[3] = Why(question="Why did support notice first?", answer="Because the status page shares the gateway")
    assert of_rule(review, "whys-not-a-chain") == {"root_cause.whys.3.answer"}


def test_a_question_that_points_back_follows_the_answer_before(review: Review) -> None:
    review.root_cause.whys[3] = Why(question="Why was that not caught?", answer="Because nobody reviews new recommendation features")
    review.root_cause.whys[4] = Why(question="Why is there no review of them?", answer="Because the feature review checklist has no query step")
    assert of_rule(review, "whys-not-a-chain") == set()


def test_a_number_ties_two_whys(review: Review) -> None:
    review.root_cause.whys = [
        Why(question="Why did checkout fail?", answer="Payments calls returned 404"),
        Why(question="Why 404?", answer="The endpoint was retired"),
        Why(question="Why was a retired endpoint still configured?", answer="Because configs are not checked against the registry"),
    ]
    assert of_rule(review, "whys-not-a-chain") == set()


# -- live re-checks --------------------------------------------------------------------------


def test_an_action_typed_re_checks_the_improvements_and_factors_it_carries_out(review: Review) -> None:
    from pirtui.core.checks import IncrementalChecker

    review.detection.could_improve.append("The incident channel was opened late")
    review.root_cause.contributing_factors.append("Deploys go out during the daily busy hour")
    checker = IncrementalChecker(review, TODAY, HintContext())
    assert any(f.rule == "improvement-no-action" for f in checker.for_section("detection"))
    assert any(f.rule == "factor-no-action" for f in checker.for_section("root_cause"))
    review.action_items.append(ActionItem(id="8", action="Open the incident channel from the first page automatically", owner="Sam Patel"))
    review.action_items.append(ActionItem(id="9", action="Hold deploys during the daily busy hour", owner="Sam Patel"))
    checker.update("action_items.8.action")
    assert not any(is_hint(f) for f in checker.for_section("detection"))
    assert not any(is_hint(f) for f in checker.for_section("root_cause"))


def test_a_name_typed_in_the_incident_re_checks_the_owners(review: Review) -> None:
    from pirtui.core.checks import IncrementalChecker

    review.action_items[1].owner = "maria chen"  # lower case, two words: a person only as one of the review's people
    review.incident.commander = ""
    review.approvals[0].name = ""
    review.meeting.attendees = "Daniel Okoro, Sam Patel, Lena Vogel, Aisha Rahman"
    review.timeline[2].event = "The on-call acknowledges the page"
    checker = IncrementalChecker(review, TODAY, HintContext())
    assert any(f.rule == "action-team-owner" for f in checker.for_section("action_items"))
    review.incident.commander = "Maria Chen"
    checker.update("incident.commander")
    assert not any(f.rule == "action-team-owner" for f in checker.for_section("action_items"))
