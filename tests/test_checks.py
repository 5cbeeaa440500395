"""The checks: each rule flags what it should (a failing case) and leaves a good review alone (a passing case).

Every test starts from `complete_review()`, a review the checks find nothing in, and changes one thing.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pydantic import BaseModel

from pirtui.core import checks
from pirtui.core.checks import (
    Finding,
    IncrementalChecker,
    check,
    section_fill,
    section_state,
)
from pirtui.core.model import (
    ActionItem,
    Approval,
    ChecklistItem,
    Message,
    Review,
    Revision,
    TimelineEvent,
    Why,
    get_path,
    new_review,
    set_path,
)
from pirtui.core.sections import EDITABLE_SECTIONS, SECTIONS, SECTIONS_BY_KEY
from tests.strategies import reviews

TODAY = date(2024, 1, 22)


def complete_review() -> Review:
    """The template's own example, every section filled, consistent throughout."""
    review = new_review("INC-2024-001")
    review.title = "Database connection pool exhaustion"
    review.status = "in review"
    incident = review.incident
    incident.start = "2024-01-15 14:00"
    incident.end = "2024-01-15 14:45"
    incident.timezone = "UTC"
    incident.duration = "45 minutes"
    incident.severity = "SEV-1"
    incident.impacted_services = ["backend API"]
    incident.customer_impact = "All API requests failed."
    incident.commander = "Ana"
    incident.author = "Ben"
    incident.review_date = "2024-01-20"
    review.summary = (
        "On January 15, 2024, the backend API was down for 45 minutes because its database connection "
        "pool was exhausted. About 5,000 API requests failed. Restarting the service and enlarging the "
        "pool resolved it."
    )
    review.timeline = [
        TimelineEvent(time="14:00", event="Error rate rises", milestone="first impact"),
        TimelineEvent(time="14:05", event="Alert fires", milestone="detected"),
        TimelineEvent(time="14:10", event="On-call engaged", milestone="responder engaged"),
        TimelineEvent(time="14:20", event="Pool exhaustion found", milestone="root cause identified"),
        TimelineEvent(time="14:30", event="Service restarted", milestone="mitigated"),
        TimelineEvent(time="14:45", event="Metrics recovered", milestone="resolved"),
        TimelineEvent(time="15:00", event="Incident closed", milestone="closed"),
    ]
    user, business = review.impact.user, review.impact.business
    user.affected_users = "All"
    user.failed_requests = "~5,000"
    user.error_rate = "100%"
    user.duration = "45 minutes"
    user.regions = "All"
    business.revenue = "Minimal"
    business.sla = "Monthly SLA missed"
    business.complaints = "12"
    business.data_loss = "None"
    business.reputation = "Low"
    cause = review.root_cause
    cause.what_happened = "The pool of 10 connections was exhausted."
    cause.why_it_happened = "The pool was sized for average load."
    cause.contributing_factors = ["Pool too small", "Slow query"]
    cause.whys = [Why(question=f"Why {n}?", answer=f"Because {n}.") for n in range(1, 6)]
    detection = review.detection
    detection.methods.automated_alerting = True
    detection.metrics.impact_to_detection = "5 minutes"
    detection.metrics.detection_to_response = "5 minutes"
    detection.metrics.response_to_mitigation = "20 minutes"
    detection.metrics.mitigation_to_resolution = "15 minutes"
    detection.went_well = ["The alert fired quickly"]
    detection.could_improve = ["Pool utilisation was not monitored"]
    detection.luck = ["Low traffic hour"]
    review.resolution.immediate_actions = ["Restarted the backend"]
    review.resolution.verification = "curl -f https://api.example.com/health"
    review.resolution.permanent_fix = "JIRA-123 optimises the slow query."
    review.action_items = [
        ActionItem(id="1", action="Optimise the query", owner="Ana", priority="P1", due="2024-01-27", ticket="JIRA-123"),
        ActionItem(id="2", action="Alert on pool use", owner="Ben", priority="P2", due="2024-02-20", status="In Progress"),
        ActionItem(id="3", action="Load test", owner="Cy", priority="P3", due="2024-01-21", status="Done"),
    ]
    review.lessons.learned = ["Size pools for peak load"]
    review.lessons.process = ["Query review in PRs"]
    review.lessons.monitoring = ["Alert on pool > 80%"]
    review.lessons.runbook_updates = [ChecklistItem(text="Backend runbook: pool exhaustion")]
    appendix = review.appendix
    appendix.logs = "ERROR pool: timeout acquiring connection"
    appendix.metrics_notes = "Pool saturated from 14:00."
    appendix.dashboard_url = "http://localhost:3000/d/pool"
    appendix.prometheus_query = "pool_in_use / pool_size"
    appendix.communication_log = [Message(time="14:07", channel="#incidents", message="Investigating")]
    appendix.references = ["https://example.com/postmortems/41"]
    for approval in review.approvals:
        approval.name = "Dee"
        approval.date = "2024-01-21"
    review.meeting.date = "2024-01-19"
    review.meeting.attendees = "Ana, Ben"
    review.meeting.discussion = ["Pool sizing"]
    review.meeting.decisions = ["Raise the pool to 25"]
    review.meeting.follow_ups = ["Check other services"]
    review.revisions = [Revision(date="2024-01-16", author="Ben", change="First draft")]
    return review


def at(review: Review, field: str, today: date = TODAY) -> list[str]:
    """The levels of the findings about one field."""
    return [finding.level for finding in check(review, today) if finding.field == field]


def messages(review: Review, field: str) -> list[str]:
    return [finding.message for finding in check(review, TODAY) if finding.field == field]


# --- The whole review -------------------------------------------------------------------------


def test_a_complete_consistent_review_has_no_findings():
    assert check(complete_review(), TODAY) == []


def test_a_complete_review_may_be_final():
    review = complete_review()
    review.status = "final"
    assert check(review, TODAY) == []


def test_a_fresh_draft_has_no_errors():
    for review in (new_review(), new_review("INC-2024-001", "2024-01-20")):
        assert [f for f in check(review, TODAY) if f.level == "error"] == []


def test_one_empty_warning_per_empty_editable_section():
    findings = check(new_review(), TODAY)
    empty = [f.section for f in findings if f.message.endswith("is empty; fill it in before the review is final.")]
    assert empty == [section.heading for section in EDITABLE_SECTIONS]


def test_filled_sections_are_not_called_empty():
    findings = check(complete_review(), TODAY)
    assert not any("is empty" in f.message for f in findings)


def test_findings_come_in_template_order():
    review = new_review()
    review.incident.id = "bad"
    review.action_items = [ActionItem(id="1", action="x")]
    review.timeline = [TimelineEvent(time="soon", event="x")]
    order = [section.heading for section in SECTIONS]
    positions = [order.index(f.section) for f in check(review, TODAY)]
    assert positions == sorted(positions)


def test_to_dict_has_the_json_keys():
    finding = Finding("error", "Action Items", "action_items.0.owner", "No owner.")
    assert finding.to_dict() == {
        "level": "error",
        "section": "Action Items",
        "field": "action_items.0.owner",
        "message": "No owner.",
    }


# --- Incident Information -----------------------------------------------------------------------


@pytest.mark.parametrize("value", ["INC-24-001", "INC-2024-01", "2024-001", "INC 2024 001", "INC-2024-001x"])
def test_incident_id_not_in_the_form_is_an_error(value):
    review = complete_review()
    review.incident.id = value
    assert at(review, "incident.id") == ["error"]


@pytest.mark.parametrize("value", ["INC-2024-001", "INC-2024-1234", " INC-2024-042 "])
def test_incident_id_in_the_form_passes(value):
    review = complete_review()
    review.incident.id = value
    assert at(review, "incident.id") == []


def test_missing_incident_id_is_a_warning_in_a_draft_and_an_error_when_final():
    review = complete_review()
    review.incident.id = ""
    assert at(review, "incident.id") == ["warning"]
    review.status = "final"
    assert at(review, "incident.id") == ["error"]


@pytest.mark.parametrize("field", ["incident.start", "incident.end", "incident.severity"])
def test_missing_start_end_severity_are_warnings(field):
    review = complete_review()
    review.incident.__setattr__(field.split(".")[1], "")
    assert "warning" in at(review, field)
    assert "error" not in at(review, field)


@pytest.mark.parametrize("value", ["SEV-4", "critical", "SEV 1", "P1"])
def test_unknown_severity_is_an_error(value):
    review = complete_review()
    review.incident.severity = value
    assert at(review, "incident.severity") == ["error"]


@pytest.mark.parametrize("value", ["SEV-1", "SEV-2", "SEV-3", "sev-2"])
def test_known_severity_passes(value):
    review = complete_review()
    review.incident.severity = value
    assert at(review, "incident.severity") == []


@pytest.mark.parametrize("value", ["yesterday afternoon", "2024-01-32 10:00"])
def test_unreadable_start_is_an_error(value):
    review = complete_review()
    review.incident.start = value
    assert at(review, "incident.start") == ["error"]


def test_start_without_a_date_is_an_error():
    review = complete_review()
    review.incident.start = "14:00"
    assert at(review, "incident.start") == ["error"]
    assert "date" in messages(review, "incident.start")[0]


def test_unreadable_end_is_an_error():
    review = complete_review()
    review.incident.end = "when it stopped"
    assert at(review, "incident.end") == ["error"]


def test_end_before_start_is_an_error():
    review = complete_review()
    review.incident.end = "2024-01-15 13:00"
    assert at(review, "incident.end") == ["error"]
    assert at(review, "incident.duration") == []  # a negative span is not compared with the typed one


@pytest.mark.parametrize(("start", "end"), [("2024-01-15 14:00", "14:45"), ("2024-01-15 23:30", "00:15")])
def test_end_as_a_bare_time_passes(start, end):
    review = complete_review()
    review.incident.start, review.incident.end, review.incident.duration = start, end, ""
    assert at(review, "incident.end") == []


def test_a_bare_end_hours_before_the_start_is_an_error_not_a_day_long_incident():
    review = complete_review()
    review.incident.start, review.incident.end, review.incident.duration = "2024-01-15 16:10", "15:40", ""
    assert at(review, "incident.end") == ["error"]
    assert messages(review, "incident.end") == [
        'End "15:40" is before Start "2024-01-15 16:10"; give the end\'s date if the incident crossed midnight.'
    ]


def test_a_bare_end_long_after_a_same_day_start_is_no_midnight_slip():
    review = complete_review()
    review.incident.start, review.incident.end, review.incident.duration = "2024-01-15 01:00", "14:00", ""
    assert at(review, "incident.end") == []


def test_missing_fields_are_named_with_the_labels_and_hints_of_sections():
    review = complete_review()
    review.incident.end = ""
    review.incident.severity = ""
    assert messages(review, "incident.end") == ["End is missing; fill it in (YYYY-MM-DD HH:MM or HH:MM)."]
    assert messages(review, "incident.severity") == ["Severity is missing; fill it in (SEV-1, SEV-2 or SEV-3)."]


def test_review_date_before_the_incident_is_an_error():
    review = complete_review()
    review.incident.review_date = "2024-01-14"
    assert at(review, "incident.review_date") == ["error"]


def test_unreadable_review_date_is_an_error():
    review = complete_review()
    review.incident.review_date = "after the holidays"
    assert at(review, "incident.review_date") == ["error"]


def test_review_date_on_the_incident_day_passes():
    review = complete_review()
    review.incident.review_date = "2024-01-15"
    assert at(review, "incident.review_date") == []


@pytest.mark.parametrize("value", ["Mars/Olympus", "Berlin time"])
def test_unknown_timezone_is_a_warning(value):
    review = complete_review()
    review.incident.timezone = value
    assert at(review, "incident.timezone") == ["warning"]


def test_empty_timezone_is_a_warning():
    review = complete_review()
    review.incident.timezone = ""
    assert at(review, "incident.timezone") == ["warning"]


@pytest.mark.parametrize("value", ["UTC", "PST", "cet", "Europe/Berlin", "America/Los_Angeles"])
def test_known_timezone_passes(value):
    review = complete_review()
    review.incident.timezone = value
    assert at(review, "incident.timezone") == []


def test_typed_duration_that_disagrees_is_a_warning():
    review = complete_review()
    review.incident.duration = "2 hours"
    assert at(review, "incident.duration") == ["warning"]
    assert "45 minutes" in messages(review, "incident.duration")[0]


def test_typed_duration_that_cannot_be_read_is_a_warning():
    review = complete_review()
    review.incident.duration = "most of the afternoon"
    assert at(review, "incident.duration") == ["warning"]


@pytest.mark.parametrize("value", ["45 minutes", "45 min", "46 minutes", "~44m", "0:45", ""])
def test_typed_duration_within_a_minute_or_empty_passes(value):
    review = complete_review()
    review.incident.duration = value
    assert at(review, "incident.duration") == []


def test_unknown_status_is_an_error():
    review = complete_review()
    review.status = "done"
    assert at(review, "status") == ["error"]


def test_final_status_while_an_error_remains_is_an_error():
    review = complete_review()
    review.status = "final"
    review.action_items[0].owner = ""
    assert at(review, "status") == ["error"]
    assert messages(review, "status") == ["Status is final but 1 other error remains; fix them or set the status back to draft."]
    review.status = "draft"
    assert at(review, "status") == []


# --- Executive Summary --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The API was down.",
        "The API was down. Requests failed. Users complained. A restart fixed it.",
    ],
)
def test_summary_not_two_or_three_sentences_is_a_warning(text):
    review = complete_review()
    review.summary = text
    assert at(review, "summary") == ["warning"]


@pytest.mark.parametrize(
    "text",
    [
        "The API was down. A restart fixed it.",
        "The API was down for 45 min., e.g. for all users. About 5,000 requests failed. A restart fixed it.",
        "On Jan. 15 the API failed. A restart fixed it!",
        "API 停止了。重启后恢复。",
    ],
)
def test_summary_of_two_or_three_sentences_passes(text):
    review = complete_review()
    review.summary = text
    assert at(review, "summary") == []


# --- Timeline ------------------------------------------------------------------------------------


def test_unreadable_timeline_time_is_an_error():
    review = complete_review()
    review.timeline[3].time = "a bit later"
    assert at(review, "timeline.3.time") == ["error"]


def test_timeline_row_without_a_time_is_a_warning():
    review = complete_review()
    review.timeline[3].time = ""
    assert at(review, "timeline.3.time") == ["warning"]


@pytest.mark.parametrize("value", ["14:20", "~14:20", "2024-01-15 14:20", "±14:20"])
def test_readable_timeline_times_pass(value):
    review = complete_review()
    review.timeline[3].time = value
    assert at(review, "timeline.3.time") == []


def test_timeline_out_of_order_is_a_warning():
    review = complete_review()
    review.timeline[3].time = "14:08"
    assert at(review, "timeline.3.time") == ["warning"]


def test_timeline_crossing_midnight_in_bare_times_is_in_order():
    review = complete_review()
    review.incident.start, review.incident.end, review.incident.duration = "2024-01-15 23:50", "2024-01-16 00:40", ""
    times = ["23:50", "23:55", "23:58", "00:05", "00:20", "00:40", "00:45"]
    for row, value in zip(review.timeline, times):
        row.time = value
    review.detection.metrics = type(review.detection.metrics)()
    assert [f for f in check(review, TODAY) if f.section == "Timeline"] == []


def test_timeline_row_more_than_a_day_before_the_start_is_a_warning():
    review = complete_review()
    review.timeline.insert(0, TimelineEvent(time="2024-01-13 09:00", event="Deploy"))
    assert at(review, "timeline.0.time") == ["warning"]


def test_timeline_row_more_than_a_day_after_the_end_is_a_warning():
    review = complete_review()
    review.timeline.append(TimelineEvent(time="2024-01-17 09:00", event="Postmortem scheduled"))
    assert at(review, f"timeline.{len(review.timeline) - 1}.time") == ["warning"]


def test_timeline_rows_within_a_day_of_the_window_pass():
    review = complete_review()
    review.timeline.insert(0, TimelineEvent(time="2024-01-14 16:00", event="Deploy"))
    review.timeline.append(TimelineEvent(time="2024-01-16 09:00", event="Follow-up"))
    assert at(review, "timeline.0.time") == []
    assert at(review, f"timeline.{len(review.timeline) - 1}.time") == []


@pytest.mark.parametrize("milestone", ["detected", "mitigated", "resolved"])
def test_missing_required_milestone_is_a_warning(milestone):
    review = complete_review()
    for row in review.timeline:
        if row.milestone == milestone:
            row.milestone = ""
    review.detection.metrics = type(review.detection.metrics)()
    assert [m for m in messages(review, "timeline") if f'"{milestone}"' in m]
    assert at(review, "timeline") == ["warning"]


def test_unknown_milestone_is_a_warning():
    review = complete_review()
    review.timeline[3].milestone = "coffee"
    assert at(review, "timeline.3.milestone") == ["warning"]


def test_milestone_tagged_twice_is_a_warning():
    review = complete_review()
    review.timeline[3].milestone = "detected"
    assert at(review, "timeline.3.milestone") == ["warning"]


# --- Impact Analysis -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["150%", "-5%", "high", "lots of errors", "5-120%"])
def test_error_rate_not_a_percentage_between_0_and_100_is_an_error(value):
    review = complete_review()
    review.impact.user.error_rate = value
    assert at(review, "impact.user.error_rate") == ["error"]


@pytest.mark.parametrize("value", ["45%", "0.5%", "~12 %", "5-10%", "100", "30 percent", "40% at peak", "2,5 %", "None"])
def test_error_rate_as_a_percentage_passes(value):
    review = complete_review()
    review.impact.user.error_rate = value
    assert at(review, "impact.user.error_rate") == []


@pytest.mark.parametrize(("field", "value"), [("failed_requests", "lots"), ("failed_requests", "many thousands")])
def test_failed_requests_not_a_number_is_a_warning(field, value):
    review = complete_review()
    setattr(review.impact.user, field, value)
    assert at(review, f"impact.user.{field}") == ["warning"]


@pytest.mark.parametrize("value", ["5000", "~5,000", "about 5k", "approximately 5,000", "> 10000", "None", "0"])
def test_failed_requests_as_a_number_passes(value):
    review = complete_review()
    review.impact.user.failed_requests = value
    assert at(review, "impact.user.failed_requests") == []


def test_customer_complaints_not_a_number_is_a_warning():
    review = complete_review()
    review.impact.business.complaints = "several"
    assert at(review, "impact.business.complaints") == ["warning"]


@pytest.mark.parametrize("value", ["None", "none", "12", "~30"])
def test_customer_complaints_as_a_count_or_none_passes(value):
    review = complete_review()
    review.impact.business.complaints = value
    assert at(review, "impact.business.complaints") == []


def test_affected_users_without_a_number_is_a_warning():
    review = complete_review()
    review.impact.user.affected_users = "most of them"
    assert at(review, "impact.user.affected_users") == ["warning"]


@pytest.mark.parametrize("value", ["All", "all EU users", "~30%", "1,200"])
def test_affected_users_as_number_percentage_or_all_passes(value):
    review = complete_review()
    review.impact.user.affected_users = value
    assert at(review, "impact.user.affected_users") == []


def test_duration_of_impact_that_cannot_be_read_is_a_warning():
    review = complete_review()
    review.impact.user.duration = "a long time"
    assert at(review, "impact.user.duration") == ["warning"]


# --- Root Cause Analysis -------------------------------------------------------------------------


def test_fewer_than_five_answered_whys_is_a_warning():
    review = complete_review()
    review.root_cause.whys[4].answer = ""
    assert at(review, "root_cause.whys") == ["warning"]
    assert "4 of the 5" in messages(review, "root_cause.whys")[0]


def test_five_answered_whys_pass():
    review = complete_review()
    review.root_cause.whys.append(Why(question="Why 6?", answer=""))
    assert at(review, "root_cause.whys") == []


# --- Detection and Response ----------------------------------------------------------------------


def test_typed_metric_that_disagrees_with_the_timeline_is_a_warning():
    review = complete_review()
    review.detection.metrics.impact_to_detection = "15 minutes"
    assert at(review, "detection.metrics.impact_to_detection") == ["warning"]
    assert "5 minutes" in messages(review, "detection.metrics.impact_to_detection")[0]


def test_typed_metric_that_cannot_be_read_is_a_warning():
    review = complete_review()
    review.detection.metrics.detection_to_response = "quickly"
    assert at(review, "detection.metrics.detection_to_response") == ["warning"]


@pytest.mark.parametrize("value", ["5 minutes", "5m", "~6 min", "", "0:05"])
def test_typed_metric_that_agrees_or_is_empty_passes(value):
    review = complete_review()
    review.detection.metrics.impact_to_detection = value
    assert at(review, "detection.metrics.impact_to_detection") == []


def test_approximate_typed_metric_gets_ten_percent_of_slack():
    review = complete_review()
    review.timeline[5].time = "15:01"  # mitigated 14:30 -> resolved 15:01: 31 minutes
    review.incident.end, review.incident.duration = "2024-01-15 15:01", ""
    review.detection.metrics.mitigation_to_resolution = "about 29 minutes"
    assert at(review, "detection.metrics.mitigation_to_resolution") == []
    review.detection.metrics.mitigation_to_resolution = "about 25 minutes"
    assert at(review, "detection.metrics.mitigation_to_resolution") == ["warning"]
    review.detection.metrics.mitigation_to_resolution = "29 minutes"
    assert at(review, "detection.metrics.mitigation_to_resolution") == ["warning"]


def test_typed_metric_without_milestones_is_not_compared():
    review = complete_review()
    for row in review.timeline:
        row.milestone = ""
    review.detection.metrics.impact_to_detection = "3 hours"
    assert at(review, "detection.metrics.impact_to_detection") == []


def test_milestones_in_the_wrong_order_are_a_warning():
    review = complete_review()
    review.timeline[1].milestone, review.timeline[2].milestone = "responder engaged", "detected"
    review.detection.metrics = type(review.detection.metrics)()
    assert at(review, "detection.metrics.detection_to_response") == ["warning"]


def test_other_detection_method_without_a_description_is_a_warning():
    review = complete_review()
    review.detection.methods.other = True
    assert at(review, "detection.methods.other_description") == ["warning"]
    review.detection.methods.other_description = "A tweet"
    assert at(review, "detection.methods.other_description") == []


# --- Action Items --------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["action", "owner"])
def test_action_item_without_action_or_owner_is_an_error(field):
    review = complete_review()
    setattr(review.action_items[1], field, "  ")
    assert at(review, f"action_items.1.{field}") == ["error"]


@pytest.mark.parametrize("value", ["P4", "high", "urgent"])
def test_unknown_priority_is_an_error(value):
    review = complete_review()
    review.action_items[1].priority = value
    assert at(review, "action_items.1.priority") == ["error"]


def test_missing_priority_is_a_warning():
    review = complete_review()
    review.action_items[1].priority = ""
    assert at(review, "action_items.1.priority") == ["warning"]


@pytest.mark.parametrize("value", ["P1", "P2", "p2"])
def test_known_priority_passes(value):
    review = complete_review()
    review.action_items[1].priority = value
    review.action_items[1].due = "2024-01-26"
    assert at(review, "action_items.1.priority") == []


@pytest.mark.parametrize("value", ["Closed", "WIP"])
def test_unknown_action_status_is_an_error(value):
    review = complete_review()
    review.action_items[1].status = value
    assert at(review, "action_items.1.status") == ["error"]


@pytest.mark.parametrize("value", ["Open", "In Progress", "Blocked", "Done", "Won't Do", "in progress"])
def test_known_action_status_passes(value):
    review = complete_review()
    review.action_items[1].status = value
    assert at(review, "action_items.1.status") == []


def test_unreadable_due_date_is_an_error_and_kept_as_typed():
    review = complete_review()
    review.action_items[1].due = "next Friday-ish"
    assert at(review, "action_items.1.due") == ["error"]
    assert review.action_items[1].due == "next Friday-ish"


def test_missing_due_date_is_a_warning():
    review = complete_review()
    review.action_items[1].due = ""
    assert at(review, "action_items.1.due") == ["warning"]


def test_duplicate_action_item_id_is_an_error():
    review = complete_review()
    review.action_items[2].id = "1"
    assert at(review, "action_items.2.id") == ["error"]
    assert at(review, "action_items.0.id") == []


def test_due_date_beyond_the_priority_window_is_a_warning():
    review = complete_review()
    review.action_items[0].due = "2024-02-10"  # P1 allows one week from the review date: 2024-01-27
    assert at(review, "action_items.0.due") == ["warning"]


def test_due_date_on_the_last_day_of_the_window_passes():
    review = complete_review()
    review.action_items[1].due = "2024-02-20"  # P2: one month from 2024-01-20
    assert at(review, "action_items.1.due") == []


def test_open_action_item_past_its_due_date_is_a_warning():
    review = complete_review()
    assert at(review, "action_items.0.due", today=date(2024, 1, 28)) == ["warning"]
    assert at(review, "action_items.0.due", today=date(2024, 1, 27)) == []


def test_done_action_item_past_its_due_date_passes():
    review = complete_review()
    assert review.action_items[2].status == "Done"
    assert at(review, "action_items.2.due", today=date(2024, 3, 1)) == []


def test_blank_action_item_is_one_warning_not_errors():
    review = complete_review()
    review.action_items.append(ActionItem(id="4"))
    assert at(review, "action_items.3") == ["warning"]
    assert not [f for f in check(review, TODAY) if f.field.startswith("action_items.3.")]


# --- Appendix, Approval, Meeting, Revisions ------------------------------------------------------


def test_unreadable_communication_log_time_is_a_warning():
    review = complete_review()
    review.appendix.communication_log[0].time = "lunchtime"
    assert at(review, "appendix.communication_log.0.time") == ["warning"]


def test_approval_dated_before_the_incident_is_an_error():
    review = complete_review()
    review.approvals[1].date = "2024-01-10"
    assert at(review, "approvals.1.date") == ["error"]


@pytest.mark.parametrize("signed_with", ["date", "signature"])
def test_an_approval_signed_while_the_review_is_a_draft_is_a_warning(signed_with):
    review = complete_review()
    review.status = "draft"
    for approval in review.approvals:
        approval.date = ""
    setattr(review.approvals[1], signed_with, "2024-01-21")
    assert at(review, f"approvals.1.{signed_with}") == ["warning"]
    assert [f.field for f in check(review, TODAY) if f.section == "Approval"] == [f"approvals.1.{signed_with}"]


def test_named_but_unsigned_approvals_of_a_draft_pass():
    review = complete_review()
    review.status = "draft"
    for approval in review.approvals:
        approval.date = ""
    assert [f for f in check(review, TODAY) if f.section == "Approval"] == []


def test_a_final_review_without_the_three_approval_roles_is_an_error():
    review = complete_review()
    review.status = "final"
    review.approvals[2].name = ""
    del review.approvals[1]
    assert at(review, "approvals") == ["error"]
    assert messages(review, "approvals") == [
        "The review is final but has no named approval from Team Lead, Engineering Manager; "
        "a final review needs the template's three approvals."
    ]


def test_a_final_review_with_the_three_approvals_passes():
    review = complete_review()
    review.status = "final"
    assert check(review, TODAY) == []


@pytest.mark.parametrize(("status", "level"), [("in review", "warning"), ("final", "error")])
def test_business_impact_left_empty_in_a_review_put_to_readers(status, level):
    review = complete_review()
    review.status = status
    review.impact.business = type(review.impact.business)()
    assert at(review, "impact.business.revenue") == [level]


def test_business_impact_left_empty_in_a_draft_passes():
    review = complete_review()
    review.status = "draft"
    review.impact.business = type(review.impact.business)()
    assert at(review, "impact.business.revenue") == []


def test_unreadable_approval_date_is_a_warning():
    review = complete_review()
    review.approvals[1].date = "soon"
    assert at(review, "approvals.1.date") == ["warning"]


def test_approval_on_the_incident_day_or_undated_passes():
    review = complete_review()
    review.approvals[0].date = "2024-01-15"
    review.approvals[1].date = ""
    assert at(review, "approvals.0.date") == []
    assert at(review, "approvals.1.date") == []


def test_revision_dated_before_the_incident_is_an_error():
    review = complete_review()
    review.revisions.insert(0, Revision(date="2023-12-01", author="Tyler Evans", change="Template"))
    assert at(review, "revisions.0.date") == ["error"]


def test_revision_after_the_incident_passes():
    review = complete_review()
    review.revisions.append(Revision(date="2024-01-21", author="Ben", change="Review notes"))
    assert at(review, "revisions.1.date") == []


def test_meeting_dated_before_the_incident_is_a_warning():
    review = complete_review()
    review.meeting.date = "2024-01-01"
    assert at(review, "meeting.date") == ["warning"]


# --- a section's findings and the incremental checker -------------------------------------------


def check_section(review: Review, key: str, today=None) -> list[Finding]:
    """A section's share of `check`: what the incremental checker must equal, section by section."""
    heading = SECTIONS_BY_KEY[key].heading
    return [f for f in check(review, today) if f.section == heading]


def broken_review() -> Review:
    """A final review with something wrong in several sections."""
    review = complete_review()
    review.status = "final"
    review.incident.start = "2024-01-21 10:00"
    review.incident.end = "2024-01-21 11:00"
    review.timeline[2].time = "whenever"
    review.action_items[0].owner = ""
    review.impact.user.error_rate = "300%"
    return review


@pytest.mark.parametrize("key", [section.key for section in SECTIONS])
def test_the_incremental_checker_gives_each_sections_share_of_check(key):
    review = broken_review()
    assert IncrementalChecker(review, TODAY).for_section(key) == check_section(review, key, TODAY)


def test_incremental_checker_starts_with_every_finding():
    review = broken_review()
    checker = IncrementalChecker(review, TODAY)
    assert checker.findings == check(review, TODAY)
    assert checker.for_section("action_items") == check_section(review, "action_items", TODAY)


EDITS = [
    ("action_items.0.owner", lambda r: setattr(r.action_items[0], "owner", "Ana")),
    ("timeline.2.time", lambda r: setattr(r.timeline[2], "time", "14:10")),
    ("impact.user.error_rate", lambda r: setattr(r.impact.user, "error_rate", "30%")),
    ("incident.start", lambda r: setattr(r.incident, "start", "2024-01-15 14:00")),
    ("incident.end", lambda r: setattr(r.incident, "end", "2024-01-15 14:45")),
    ("timeline.5.milestone", lambda r: setattr(r.timeline[5], "milestone", "")),
    ("incident.review_date", lambda r: setattr(r.incident, "review_date", "2024-01-10")),
    ("status", lambda r: setattr(r, "status", "draft")),
    ("action_items", lambda r: r.action_items.append(ActionItem(id="1", action="Dup"))),
    ("summary", lambda r: setattr(r, "summary", "")),
]


def test_incremental_checker_agrees_with_a_full_check_after_each_edit():
    review = broken_review()
    checker = IncrementalChecker(review, TODAY)
    for path, edit in EDITS:
        edit(review)
        assert checker.update(path) == check(review, TODAY), path
        assert checker.findings == check(review, TODAY)


def test_an_incident_change_rechecks_the_sections_that_read_its_dates():
    review = complete_review()
    checker = IncrementalChecker(review, TODAY)
    review.incident.start = "2024-01-22 10:00"
    review.incident.end = "2024-01-22 11:00"
    checker.update("incident.start")
    fields = {f.field for f in checker.findings}
    assert {"approvals.0.date", "revisions.0.date", "incident.review_date"} <= fields


def test_a_timeline_change_rechecks_the_detection_metrics():
    review = complete_review()
    checker = IncrementalChecker(review, TODAY)
    review.timeline[1].time = "14:30"
    checker.update("timeline.1.time")
    assert "detection.metrics.impact_to_detection" in {f.field for f in checker.findings}


def test_the_final_status_error_follows_errors_in_any_section():
    review = complete_review()
    review.status = "final"
    checker = IncrementalChecker(review, TODAY)
    assert checker.findings == []
    review.action_items[1].owner = ""
    checker.update("action_items.1.owner")
    assert [f.field for f in checker.for_section("incident")] == ["status"]
    review.action_items[1].owner = "Ben"
    assert checker.update("action_items.1.owner") == []


def test_an_unknown_path_rechecks_everything():
    review = complete_review()
    checker = IncrementalChecker(review, TODAY)
    review.summary = "Too short."
    review.incident.id = "nope"
    assert checker.update("extra_sections.0") == check(review, TODAY)


# --- Completeness ------------------------------------------------------------------------------


def test_a_fresh_review_has_every_section_empty():
    review = new_review("", "2024-01-20")
    for section in EDITABLE_SECTIONS:
        filled, total = section_fill(review, section.key)
        if section.key == "revisions":
            assert filled == total == 1  # new_review records the initial draft
            continue
        assert filled == 0 and total >= 1, section.key
        assert section_state(review, section.key, check_section(review, section.key, TODAY)) == "empty"


def test_a_complete_review_has_every_section_complete():
    review = complete_review()
    for section in EDITABLE_SECTIONS:
        filled, total = section_fill(review, section.key)
        assert filled == total, section.key
        assert section_state(review, section.key, check_section(review, section.key, TODAY)) == "complete"


def test_a_partly_filled_section_is_incomplete():
    review = complete_review()
    review.resolution.verification = ""
    assert section_fill(review, "resolution") == (2, 3)
    assert section_state(review, "resolution", check_section(review, "resolution", TODAY)) == "incomplete"


def test_section_state_shows_warnings_and_errors():
    review = complete_review()
    review.summary = "One sentence only."
    assert section_state(review, "summary", check_section(review, "summary", TODAY)) == "warnings"
    review.action_items[0].owner = ""
    assert section_state(review, "action_items", check_section(review, "action_items", TODAY)) == "errors"


def test_static_sections_are_complete_and_count_no_blocks():
    review = new_review()
    assert section_fill(review, "severity_definitions") == (0, 0)
    assert section_state(review, "severity_definitions", []) == "complete"


def test_template_rows_the_user_did_not_touch_do_not_count_as_filled():
    review = new_review()
    assert [a.role for a in review.approvals]  # the roles are filled in by new_review
    assert section_fill(review, "approvals") == (0, 1)
    review.approvals[0] = Approval(role="Incident Commander", name="Ana")
    assert section_fill(review, "approvals") == (1, 1)


# --- Properties and speed ------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reviews)
def test_any_review_checks_without_raising_and_findings_are_well_formed(review):
    findings = check(review, TODAY)
    headings = {section.heading for section in SECTIONS}
    for finding in findings:
        assert finding.level in ("error", "warning")
        assert finding.section in headings
        assert "\n" not in finding.message and "\r" not in finding.message
        if finding.field:
            get_path(review, finding.field)  # names a real place in the review
    assert IncrementalChecker(review, TODAY).findings == findings


def test_an_incident_change_can_leave_its_dependents_until_the_typing_pauses():
    review = complete_review()
    checker = IncrementalChecker(review, TODAY)
    review.incident.start = "2024-01-22 10:00"
    review.incident.end = "2024-01-22 11:00"
    checker.update("incident.start", dependents=False)
    assert checker.rechecked == ("incident",)
    assert checker.for_section("incident") == check_section(review, "incident", TODAY)
    assert "approvals.0.date" not in {f.field for f in checker.findings}  # Approvals not re-read yet
    checker.update_dependents(["incident.start", "incident.end"])
    assert checker.findings == check(review, TODAY)


def test_dependents_are_rechecked_after_edits_in_any_order():
    review = complete_review()
    checker = IncrementalChecker(review, TODAY)
    review.timeline[1].time = "14:30"
    checker.update("timeline.1.time", dependents=False)
    review.incident.start = "2024-01-22 10:00"
    checker.update("incident.start", dependents=False)
    checker.update_dependents(["timeline.1.time", "incident.start"])
    assert checker.findings == check(review, TODAY)


# --- what each section's checks read is declared in sections.py ----------------------------------


class _Recorder:
    """A review (or a part, or a list of parts) that writes down every path read through it."""

    def __init__(self, value, path: str, seen: set[str]):
        self._value, self._path, self._seen = value, path, seen

    def _wrap(self, value, path: str):
        self._seen.add(path)
        return _Recorder(value, path, self._seen) if isinstance(value, (BaseModel, list)) else value

    def __getattr__(self, name: str):
        path = f"{self._path}.{name}" if self._path else name
        return self._wrap(getattr(self._value, name), path)

    def __iter__(self):
        return (self._wrap(item, self._path) for item in self._value)

    def __len__(self):
        return len(self._value)

    def __getitem__(self, index):
        return self._wrap(self._value[index], self._path)


def _paths_read(review: Review, key: str) -> set[str]:
    seen: set[str] = set()
    recorder = _Recorder(review, "", seen)
    checks._CHECKERS[key](recorder, checks._Facts(recorder, TODAY), checks._Findings(SECTIONS_BY_KEY[key]))
    return seen


def _declared(section, path: str) -> bool:
    allowed = section.paths + section.reads
    return any(path == a or path.startswith(a + ".") or a.startswith(path + ".") for a in allowed)


def _reviews_that_reach_every_rule() -> list[Review]:
    final = complete_review()
    final.status = "final"
    draft = complete_review()
    draft.status = "draft"
    messy = complete_review()
    messy.incident.end = "13:00"
    messy.action_items[0].due = "2023-01-01"
    return [complete_review(), final, draft, messy, new_review()]


@pytest.mark.parametrize("key", sorted(checks._CHECKERS))
def test_a_sections_checks_read_only_its_own_paths_and_what_it_declares(key):
    section = SECTIONS_BY_KEY[key]
    for review in _reviews_that_reach_every_rule():
        undeclared = {path for path in _paths_read(review, key) if not _declared(section, path)}
        assert undeclared == set(), f"add these to Section({key!r}).reads in pirtui/core/sections.py"


def test_the_recorder_sees_a_read_of_another_sections_path(monkeypatch):
    def reads_the_timeline(review, facts, out):
        len(review.timeline)

    monkeypatch.setitem(checks._CHECKERS, "summary", reads_the_timeline)
    assert not _declared(SECTIONS_BY_KEY["summary"], "timeline")
    assert "timeline" in _paths_read(complete_review(), "summary")


def test_a_change_to_what_a_section_reads_rechecks_it():
    review = complete_review()
    checker = IncrementalChecker(review, TODAY)
    review.status = "final"
    review.approvals[2].name = ""
    checker.update("status")
    assert checker.findings == check(review, TODAY)
    assert "approvals" in checker.rechecked


_OWNED_PATHS = [path for section in EDITABLE_SECTIONS for path in section.paths]
_READ_PATHS = sorted({path for section in SECTIONS for path in section.reads})
"""Paths other sections read: drawn half of the time, as a missing dependency shows only there."""


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reviews, reviews, st.one_of(st.sampled_from(_READ_PATHS), st.sampled_from(_OWNED_PATHS)))
def test_after_any_one_change_the_incremental_findings_equal_a_full_check(review, other, path):
    """Copy one path's value from another review: only the derived dependents are re-checked."""
    review.status, other.status = "final", "in review"  # so the status-dependent rules take part
    checker = IncrementalChecker(review, TODAY)
    set_path(review, path, get_path(other, path))
    checker.update(path)
    assert checker.findings == check(review, TODAY)


def test_detection_is_complete_when_its_metrics_are_computed_from_the_timeline() -> None:
    from pirtui.core.checks import empty_fields, section_state
    from tests.editor_helpers import filled_review

    review = filled_review()
    review.detection.luck = ["The on-call was at the desk"]
    assert review.detection.metrics.impact_to_detection == ""  # nothing typed: computed
    assert section_state(review, "detection", []) == "complete"
    assert empty_fields(review, "detection") == []


def test_empty_fields_name_what_an_incomplete_section_lacks_in_screen_order() -> None:
    from pirtui.core.checks import empty_fields
    from tests.editor_helpers import filled_review

    review = filled_review()
    assert empty_fields(review, "detection") == [("detection.luck", "Luck / near misses")]
    review.incident.severity = ""
    assert [path for path, _ in empty_fields(review, "incident")][:1] == ["incident.severity"]
