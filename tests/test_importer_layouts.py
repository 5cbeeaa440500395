"""Reviews written in other published layouts import whole into the built-in template: timelines as
lists and as headings, zones in headings and column titles, other layouts' section and column names,
a status written in a cell, headings one level higher, and a page with only a timeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from pirtui.core import store
from pirtui.core.checks import check
from pirtui.core.importer import import_file, import_markdown
from pirtui.core.render import render

LAYOUTS = Path(__file__).parent / "import_cases" / "layouts"
NAMES = sorted(path.stem for path in LAYOUTS.glob("*.md") if path.name != "README.md")


def imported(name: str):
    return import_file(LAYOUTS / f"{name}.md")


def test_atlassians_layout():
    result = imported("atlassian_layout")
    review = result.review
    assert review.summary.startswith("Between 09:47 and 10:33 UTC")
    assert review.root_cause.why_it_happened.startswith("Build 4411 set the pool size")
    assert review.incident.timezone == "UTC"  # from "Time (UTC)"
    assert [(row.time, row.event) for row in review.timeline][0] == ("09:40", "Build 4411 deployed")
    assert [(a.action, a.owner, a.ticket, a.status) for a in review.action_items] == [
        ("Validate config keys at deploy", "Maria", "CHK-101", "Done"),  # a check mark in the Status cell
        ("Alert on pool saturation", "Daniel", "CHK-102", "Open"),  # "**TODO** CHK-102" in the Jira cell
        ("Load test the checkout path", "Sam", "CHK-103", "In Progress"),
    ]
    assert review.root_cause.what_happened == "The pool was too small for the morning peak."  # "Fault"
    assert [(why.question, why.answer) for why in review.root_cause.whys][0] == (
        "Why did checkouts fail?", "The database pool was exhausted.")  # "Five whys" as a numbered list
    assert len(review.root_cause.whys) == 3
    assert [extra.heading for extra in review.extra_sections] == ["Leadup", "Impact"]


def test_pagerdutys_layout_with_a_list_timeline_and_how_we_did():
    review = imported("pagerduty_layout").review
    assert review.summary == "Search was unavailable for 25 minutes."
    assert review.root_cause.what_happened.startswith("A node ran out of disk")
    assert review.root_cause.why_it_happened == "Log rotation was disabled on the new nodes."
    assert [(row.time, row.event) for row in review.timeline] == [
        ("14:02", "Disk alert on search-7"),
        ("14:05", "Cluster health turns red"),
        ("14:09", "Sam acknowledged the page"),
        ("14:27", "Cluster green again"),  # "* 14:27 UTC ...": the zone is the timeline's
    ]
    assert review.incident.timezone == "UTC"
    assert review.detection.went_well == ["The runbook had the right commands."]
    assert review.detection.could_improve == ["The disk alert fired late."]
    assert review.detection.luck == ["It happened on a quiet Sunday."]
    assert [(a.ticket, a.status) for a in review.action_items] == [("SRCH-9", "Done"), ("SRCH-10", "Open")]
    assert review.import_notes == [] and review.extra_sections == []


def test_the_sre_books_layout_with_a_dated_list_timeline():
    review = imported("sre_book_list_timeline").review
    assert review.summary.startswith("Shakespeare Search down for 66 minutes")
    assert review.root_cause.why_it_happened.startswith("Cascading failure")
    assert review.root_cause.what_happened.startswith("Latent bug")
    assert [row.time for row in review.timeline] == ["2015-10-21 14:51", "14:53", "14:54", "15:01"]
    assert review.timeline[2].event == "OUTAGE BEGINS — Search backends start melting down under load"
    assert review.incident.timezone == "UTC"
    assert review.detection.went_well and review.detection.could_improve and review.detection.luck
    assert [(a.ticket, a.status) for a in review.action_items] == [("n/a", "Done"), ("Bug 5554823", "Open")]


def test_a_timeline_of_one_heading_per_time_with_the_zone_in_the_heading():
    review = imported("heading_timeline").review
    assert [(row.time, row.event) for row in review.timeline] == [
        ("2024-05-02 09:10", "Consumer lag alert fires."),
        ("09:14", "Ana acknowledges"),
        ("10:05", "Lag back under a minute."),
    ]
    assert review.incident.timezone == "PST"
    assert review.import_notes == []


def test_template_headings_written_one_level_higher():
    result = imported("one_level_higher")
    review = result.review
    assert review.title == "Login outage"
    assert review.summary == "Logins failed for 12 minutes."
    assert review.root_cause.what_happened == "The certificate expired."
    assert len(review.timeline) == 2 and len(review.action_items) == 1
    assert result.warnings == [] and review.extra_sections == []


def test_a_page_with_a_timeline_and_no_template_heading_is_imported_not_refused():
    result = imported("timeline_only")
    review = result.review
    assert [row.time for row in review.timeline] == ["2024-06-11 22:58", "23:02", "23:15", "23:40"]
    assert review.title == "Notes from the cache incident"
    kept = review.extra_sections[0].markdown
    assert "We did not use a template" in kept and "Follow-up: write this up properly." in kept


def test_sections_at_h3_under_the_title_as_the_sre_book_template_writes_them():
    review = imported("srebook_h3_sections").review
    assert review.summary.startswith("Payments API returned 502s")
    assert review.root_cause.why_it_happened.startswith("A health check path")
    assert review.root_cause.what_happened == "The load balancer config rollout at 10:02."
    assert [row.time for row in review.timeline] == ["2024-04-09 10:02", "10:05", "10:33"]
    assert [(a.ticket, a.status) for a in review.action_items] == [("PAY-77", "Done")]
    assert review.appendix.references == ["Dashboard: https://grafana.example/d/pay"]
    assert [extra.heading for extra in review.extra_sections] == ["Date", "Authors", "Impact"]
    assert "Resolution: Rolled back the load balancer config." in review.import_notes


def test_every_section_at_h3_with_parts_at_h4_and_a_who_column():
    result = imported("kehoe_h3_h4")
    review = result.review
    assert [(row.time, row.event) for row in review.timeline] == [
        ("2024-08-01 13:00", "netops: Switch firmware upgrade starts"),
        ("13:04", "cache: Cluster splits into two halves"),
        ("13:44", "lee: Cluster rejoined by hand"),
    ]
    assert review.root_cause.what_happened.startswith("The firmware upgrade")
    assert review.root_cause.why_it_happened.startswith("The cluster relies on multicast")
    assert review.detection.could_improve == ["The runbook did not cover a split."]
    assert [(a.action, a.owner, a.priority, a.ticket, a.due) for a in review.action_items] == [
        ("Move membership to unicast", "lee", "P1", "CACHE-12", "2024-09-01")]


def test_a_zone_in_words_and_action_items_as_a_list():
    review = imported("google_api_infra").review
    assert review.incident.timezone == "America/Los_Angeles"  # "(all times in Pacific Time)"
    assert [row.time for row in review.timeline] == ["6:19 PM", "6:26 PM", "6:46 PM", "7:58 PM"]
    assert [(a.action, a.status) for a in review.action_items] == [("Improve the router's input checks.", "")]


def test_a_timeline_under_another_sections_heading():
    review = imported("elastic_chain_of_events").review
    assert [(row.time, row.event) for row in review.timeline][0] == ("2024-02-04 08:10", "Disk on cp-2 fills")
    assert review.incident.timezone == "UTC"
    assert review.import_notes == []


@pytest.mark.parametrize("text", [
    "# Notes\n\n## 09:47 UTC\n\nAlert fires.\n\n## 09:52 UTC - Ana acknowledges\n",
    "- 09:47 alert fires\n- 09:52 ana acknowledges\n",
    "Outage log\n\n* **09:47** - alert fires\n* **09:52** - ana acknowledges\n",
])
def test_timelines_without_any_template_heading(text: str):
    review = import_markdown(text).review
    assert [row.time for row in review.timeline] == ["09:47", "09:52"]


def test_a_page_without_times_or_template_headings_is_still_not_a_review():
    from pirtui.core.importer import NotAReview

    with pytest.raises(NotAReview):
        import_markdown("# Groceries\n\n- milk\n- 2 eggs\n")


def test_a_zone_word_that_is_no_zone_stays_in_the_event():
    review = import_markdown("## Timeline\n\n- 14:02 API errors rise\n- 14:05 SLA breached\n").review
    assert [(row.time, row.event) for row in review.timeline] == [("14:02", "API errors rise"), ("14:05", "SLA breached")]
    assert review.incident.timezone == ""


def test_a_zone_other_than_the_timelines_stays_with_its_time():
    text = "## Timeline\n\nAll times in UTC.\n\n- 14:02 alert fires\n- 09:05 EST Ana joins\n"
    review = import_markdown(text).review
    assert [row.time for row in review.timeline] == ["14:02", "09:05 EST"]


def test_check_says_where_an_empty_sections_import_notes_are():
    review = import_markdown("## Timeline\n\nWe lost track of the times, sorry.\n").review
    messages = [finding.message for finding in check(review) if finding.message.startswith("Timeline is empty")]
    assert messages == [
        'Timeline is empty, but 1 import note holds its text (under "Import Notes" at the end of the Markdown, '
        "and in import_notes in the TOML); move it in before the review is final."
    ]
    plain = import_markdown("## Timeline\n\n## Executive Summary\n\nx\n").review
    assert any(f.message == "Timeline is empty; fill it in before the review is final." for f in check(plain))


@pytest.mark.parametrize("name", NAMES)
def test_each_layout_imports_renders_and_imports_again_to_the_same_review(name: str):
    first = imported(name).review
    again = import_markdown(render(first))
    assert store.dumps(again.review) == store.dumps(first)
    assert again.warnings == []


def test_every_layout_fixture_is_in_the_readme():
    readme = (LAYOUTS / "README.md").read_text()
    assert [name for name in NAMES if f"`{name}.md`" not in readme] == []
