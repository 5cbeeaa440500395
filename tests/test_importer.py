"""Importing Markdown reviews written by hand from the template (issue 5)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pirtui.core import mdtext, store
from pirtui.core.checks import check
from pirtui.core.importer import (
    NotAReview,
    heading_key,
    import_file,
    import_markdown,
    is_placeholder,
    split_date_time,
    split_event,
)
from pirtui.core.inert import has_controls
from pirtui.core.model import MILESTONES, Review, Revision, TimelineEvent, get_path, new_review, set_path
from pirtui.core.render import IMPORT_NOTES_HEADING, render
from pirtui.core.sections import SECTIONS
from pirtui.core.store import ReviewFileError
from tests.strategies import model_strategy

CASES = Path(__file__).parent / "import_cases"
FIXTURES = sorted(path.stem for path in CASES.glob("*.md"))
SAMPLES = sorted((Path(__file__).parent.parent / "sample_reviews").glob("*.toml"))


def imported(name: str):
    return import_file(CASES / f"{name}.md")


# ----- the template and drafts -----


def test_the_template_itself_imports_as_a_new_empty_review():
    result = imported("template")
    expected = new_review()
    expected.incident.timezone = "UTC"  # "All times in UTC." is the template's one real value
    expected.revisions = [Revision(author="Tyler Evans", change="Initial template creation")]
    assert store.dumps(result.review) == store.dumps(expected)
    assert result.warnings == []


def test_placeholders_left_in_a_draft_import_as_empty():
    review = imported("draft_with_placeholders").review
    incident = review.incident
    assert (incident.id, incident.start, incident.end, incident.timezone) == ("INC-2024-007", "2024-01-15 14:30", "15:15", "UTC")
    assert (incident.duration, incident.author, incident.review_date, incident.customer_impact) == ("", "", "", "")
    assert incident.impacted_services == []
    assert review.summary == ""
    assert review.root_cause.why_it_happened == ""
    assert review.root_cause.contributing_factors == ["Pool sized for average load"]
    assert [row.time for row in review.timeline] == ["14:30", "14:34", "15:15"]
    assert review.detection.went_well == ["Alert fired within a minute"]
    assert review.detection.could_improve == [] and review.detection.luck == []
    assert review.detection.methods.automated_alerting and not review.detection.methods.other
    assert review.detection.methods.other_description == ""
    assert review.resolution.verification == "" and review.resolution.permanent_fix == ""
    assert [item.action for item in review.action_items] == ["Raise default pool size"]
    assert review.action_items[0].ticket == ""
    assert review.lessons.runbook_updates == [] and review.lessons.learned == []
    assert review.appendix.logs == "" and review.appendix.metrics_notes == ""
    assert review.appendix.dashboard_url == "" and review.appendix.prometheus_query == ""
    assert review.appendix.communication_log == [] and review.appendix.references == []
    assert (review.meeting.date, review.meeting.attendees, review.meeting.discussion) == ("", "", [])


def test_example_blocks_are_guidance_and_dropped():
    review = imported("draft_with_placeholders").review
    assert review.root_cause.what_happened == "The connection pool ran dry."
    assert "Example" not in store.dumps(review)


def test_the_templates_own_5_whys_example_imports_as_empty():
    assert imported("draft_with_placeholders").review.root_cause.whys == []


# ----- a real multi-day SEV-1 -----


def test_multi_day_incident_keeps_its_window_and_timezone():
    incident = imported("multi_day_sev1").review.incident
    assert (incident.start, incident.end, incident.timezone) == ("2018-10-21 22:52", "2018-10-22 23:03", "PST")
    assert incident.severity == "SEV-1"
    assert incident.impacted_services == ["Web UI", "Git API", "Webhooks"]


def test_timeline_times_are_kept_verbatim_never_shifted():
    review = imported("multi_day_sev1").review
    assert [row.time for row in review.timeline] == [
        "10-21 22:52",
        "10-21 ~22:54",
        "10-21 23:07",
        "±23:13",
        "2018-10-22 00:05",
        "~16:24",
        "2018-10-22 23:03",
        "10-22 23:30",
    ]


def test_timeline_milestones_and_evidence_come_out_of_the_event_cell():
    timeline = imported("multi_day_sev1").review.timeline
    assert timeline[1].event == "Monitoring alerts fire for high error rates"
    assert timeline[1].milestone == "detected"
    assert timeline[1].evidence == "https://status.example.com/graphs/errors?from=2252"
    assert [row.milestone for row in timeline][:7] == [
        "first impact",
        "detected",
        "responder engaged",
        "diagnosis started",
        "root cause identified",
        "mitigated",
        "resolved",
    ]


def test_a_teams_own_milestone_is_read_as_the_milestone():
    """The renderer writes any milestone as a bold bracketed tail (and escapes an event ending so)."""
    row = imported("multi_day_sev1").review.timeline[-1]
    assert (row.event, row.milestone) == ("Watching for regressions", "later")


def test_typed_duration_that_differs_from_the_computed_one_is_kept():
    # computed from the window it is "1 day 11 minutes"; the author wrote it differently
    assert imported("multi_day_sev1").review.incident.duration == "24 hours 11 minutes"


def test_detection_metrics_equal_to_the_computed_ones_are_left_to_be_computed():
    metrics = imported("multi_day_sev1").review.detection.metrics
    assert metrics.mitigation_to_resolution == ""  # "6 hours 39 minutes" is what the milestones give
    assert metrics.response_to_mitigation == "about 17 hours"  # typed, kept
    assert metrics.detection_to_response == ""  # "[X minutes]" placeholder


def test_escaped_pipes_in_cells_are_unescaped():
    incident = imported("multi_day_sev1").review.incident
    assert incident.customer_impact == "Stale data | failed webhook deliveries for all users"


def test_checkboxes_ticked_with_x_or_capital_x_and_other_with_text():
    methods = imported("multi_day_sev1").review.detection.methods
    assert methods.automated_alerting and methods.customer_report
    assert not methods.internal_report and not methods.routine_monitoring
    assert methods.other and methods.other_description == "Status page monitors on Twitter"


def test_response_evaluation_lists_under_their_bold_leads_numbered_or_bulleted():
    detection = imported("multi_day_sev1").review.detection
    assert detection.went_well == ["Incident was declared within 20 minutes", "Status page updated every hour"]
    assert detection.could_improve == ["Restores from backup were slow", "Nobody owned the decision to pause webhooks"]
    assert detection.luck == ["The partition happened on a weekend night"]


def test_code_in_a_four_backtick_fence_is_kept_verbatim():
    verification = imported("multi_day_sev1").review.resolution.verification
    assert verification == (
        "gh api /status | jq .status\n```not a fence end```\ncurl -s https://example.com/health"
    )


def test_free_text_keeps_its_markdown_and_its_own_code_blocks():
    review = imported("multi_day_sev1").review
    assert "took **24 hours**" in review.summary
    assert review.root_cause.what_happened.endswith("```sql\nSELECT count(*) FROM writes WHERE site = 'east';\n```")


def test_relevant_metrics_text_dashboard_and_query():
    appendix = imported("multi_day_sev1").review.appendix
    assert appendix.metrics_notes == "Replication lag peaked at 40 minutes; see the dashboard annotations."
    assert appendix.dashboard_url == "https://grafana.example.com/d/mysql-lag"
    assert appendix.prometheus_query == "max(mysql_slave_lag_seconds) by (cluster)"


def test_tables_lists_meeting_and_approvals():
    review = imported("multi_day_sev1").review
    assert [(w.question, w.answer) for w in review.root_cause.whys][2] == (
        "Why did it promote across regions?",
        "Because nothing forbade it",
    )
    assert [item.status for item in review.action_items] == ["Done", "In Progress", "Open"]
    assert review.lessons.runbook_updates[0].done and not review.lessons.runbook_updates[1].done
    assert review.appendix.references[0] == "[Incident channel](https://chat.example.com/incident-42)"
    assert (review.meeting.date, review.meeting.attendees) == ("2018-10-30", "Jordan Lee, Sam Park, Alex Kim")
    assert [(a.role, a.name) for a in review.approvals] == [
        ("Incident Commander", "Jordan Lee"),
        ("Team Lead", ""),
        ("Engineering Manager", "Casey Ng"),
    ]
    assert review.status == "in review"
    assert review.title == "Split-brain in the east-coast database cluster"


def test_a_clean_review_imports_without_warnings():
    result = imported("multi_day_sev1")
    assert result.warnings == [] and result.review.import_notes == []


# ----- sections of the team's own, and what cannot be placed -----


def test_own_sections_are_kept_with_their_markdown_after_the_section_they_followed():
    extra = imported("own_sections").review.extra_sections
    assert [(s.heading, s.after) for s in extra] == [
        ("Trigger", "summary"),
        ("Leadup", "summary"),
        ("Customer Quotes", "root_cause"),
    ]
    assert extra[0].markdown == (
        "The certificate for `api.example.com` reached its *notAfter* date.\n\n"
        "### Why nobody noticed\n\n- The renewal job had been failing silently since March."
    )
    assert extra[1].markdown.startswith("1. March: the renewal job's credentials were rotated.\n2. May:")


def test_template_sections_around_own_sections_still_import():
    review = imported("own_sections").review
    assert review.root_cause.what_happened == "The renewal job could not authenticate."
    assert [row.milestone for row in review.timeline][-1] == "resolved"
    assert review.incident.timezone == "Europe/Berlin"


def test_what_cannot_be_placed_is_a_note_and_a_warning():
    result = imported("quirks")
    notes = result.review.import_notes
    assert "Incident Information: Pager rotation: search-oncall" in notes
    assert "Incident Information: extra cell" in notes
    assert any(note.endswith("### Something else\n\nA subsection the template does not have.") for note in notes)
    assert "Detection and Response / How was the incident detected: [x] Pager from a partner" in notes
    assert len(result.warnings) == len(notes)
    assert all("\n" not in warning for warning in result.warnings)


def test_text_before_the_first_section_is_kept():
    extra = imported("quirks").review.extra_sections
    assert [(s.heading, s.after, s.markdown) for s in extra] == [
        ("", "", "Written up quickly after the call; see the sections below.")
    ]


# ----- Markdown as people write it -----


def test_headings_with_extra_spaces_case_and_numbering_are_recognised():
    review = imported("quirks").review
    assert review.incident.id == "INC-2022-003"
    assert review.title == "Search results   missing"
    assert review.summary.startswith("# not a heading")  # "\#" was the escape of a leading hash


def test_plain_lower_case_labels_and_an_en_dash_in_date_time():
    incident = imported("quirks").review.incident
    assert (incident.start, incident.end, incident.timezone) == ("2022-02-10 08:00", "08:45", "CET")
    assert incident.author == "Lee"


def test_line_breaks_and_escaped_pipes_in_cells():
    review = imported("quirks").review
    assert review.incident.customer_impact == "Queries with `a|b` returned nothing\nfor 45 minutes"
    assert review.timeline[1].event == "Alert: `rate(errors[5m]) | > 0.1`"


def test_ragged_table_rows_and_a_milestone_column():
    timeline = imported("quirks").review.timeline
    assert [(row.time, row.milestone) for row in timeline] == [
        ("08:00", "first impact"),
        ("08:05", ""),
        ("08:45", "Resolved"),  # a milestone is read whatever its case, and kept as written
    ]
    assert timeline[2].event == "Old index restored"


def test_lists_with_mixed_markers_and_numbered_references():
    review = imported("quirks").review
    assert review.root_cause.contributing_factors == [
        "The swap script did not check the document count",
        "Nobody reviewed the script",
    ]
    assert review.appendix.references == ["First reference", "Second reference"]
    assert review.detection.went_well == ["Fast rollback"]


def test_a_list_lead_written_as_a_heading():
    assert imported("quirks").review.detection.could_improve == ["The alert came late"]


def test_tilde_fence_keeps_a_shorter_fence_inside():
    assert imported("quirks").review.appendix.logs == "~~~\nraw log line with | pipe"


def test_loose_detection_method_labels():
    methods = imported("quirks").review.detection.methods
    assert methods.automated_alerting and not methods.customer_report


def test_windows_line_endings_and_a_byte_order_mark_read_the_same():
    text = (CASES / "multi_day_sev1.md").read_text(encoding="utf-8")
    windows = import_markdown("\ufeff" + text.replace("\n", "\r\n")).review
    assert store.dumps(windows) == store.dumps(import_markdown(text).review)


# ----- mistakes import as written, and check reports them -----


def test_mistakes_import_as_written():
    review = imported("mistakes").review
    assert review.incident.severity == "SEV-5"
    assert review.incident.end == "2024-03-05 17:00"
    assert review.status == "finished"
    assert [item.priority for item in review.action_items] == ["P7", "P2"]
    assert review.timeline[1].time == "quarter past six"


def test_check_catches_the_mistakes_of_an_imported_review():
    findings = {(f.level, f.field) for f in check(imported("mistakes").review)}
    for field in (
        "incident.id",
        "incident.end",
        "incident.severity",
        "incident.review_date",
        "status",
        "timeline.1.time",
        "action_items.0.owner",
        "action_items.0.priority",
        "action_items.0.status",
        "action_items.0.due",
        "action_items.1.id",
    ):
        assert ("error", field) in findings, field


# ----- files that are not reviews -----


# ----- other layouts, and what a parser would drop -----


def test_another_layouts_column_names_fill_the_template_columns():
    """The SRE book's layout: "Description", "Action Item", "Bug", DONE / TODO, "(all times UTC)"."""
    review = imported("sre_book_layout").review
    assert [(row.time, row.event) for row in review.timeline][:2] == [
        ("09:12", "Newsletter with a search link goes out to 4 million readers"),
        ("09:15", "Query rate climbs to 40x normal; shard rebuilds start everywhere"),
    ]
    assert all(row.milestone == "" for row in review.timeline)  # "OUTAGE BEGINS" is not tagged for them
    assert [(a.action, a.owner, a.ticket, a.status) for a in review.action_items] == [
        ("Add jitter to shard rebuilds", "priya", "Bug 4410021", "Done"),
        ("Write a runbook for cache stampedes", "tomasz", "n/a", "Open"),
        ("Alert on rebuild fan-out", "priya", "Bug 4410022", "Done"),
        ("Load test the newsletter path", "dana", "Bug 4410023", ""),
    ]
    assert review.incident.timezone == "UTC"


def test_another_layout_never_gets_a_value_it_did_not_state():
    review = imported("sre_book_layout").review
    assert [(a.id, a.priority, a.due) for a in review.action_items] == [("", "", "")] * 4
    assert review.action_items[3].status == ""  # no status given: empty, not the model's "Open"
    assert (review.incident.start, review.incident.end, review.incident.id) == ("", "", "")


def test_what_another_layout_says_beyond_the_template_is_kept_in_the_notes():
    result = imported("sre_book_layout")
    notes = result.review.import_notes
    assert "Timeline: 2025-03-04 (all times UTC)" in notes  # the date has no field: the line is kept whole
    assert [note for note in notes if note.startswith("Action Items: Type: ")] == [
        "Action Items: Type: prevent",
        "Action Items: Type: mitigate",
        "Action Items: Type: detect",
        "Action Items: Type: prevent",
    ]
    assert len(result.warnings) == len(notes)
    # "Summary" and "Root Causes" are the template's Executive Summary and Why It Happened (layout_names)
    assert [extra.heading for extra in result.review.extra_sections] == ["", "Impact"]
    assert result.review.summary.startswith("Lantern Search returned errors")
    assert result.review.root_cause.why_it_happened.startswith("A cache stampede")


@pytest.mark.parametrize("line", ["(all times UTC)", "All times are UTC.", "all times in UTC"])
def test_a_time_zone_line_alone_above_the_timeline_sets_the_zone(line: str):
    text = f"## Timeline\n\n{line}\n\n| Time | Event |\n|---|---|\n| 14:00 | Alert |\n"
    result = import_markdown(text)
    assert result.review.incident.timezone == "UTC"
    assert result.review.import_notes == []


def test_a_table_whose_headers_match_nothing_is_read_by_position():
    text = "## Timeline\n\n| A | B |\n|---|---|\n| 14:00 | Alert fires |\n| 14:05 | Paged |\n"
    timeline = import_markdown(text).review.timeline
    assert [(row.time, row.event) for row in timeline] == [("14:00", "Alert fires"), ("14:05", "Paged")]


def _nested_summary(depth: int) -> str:
    items = "\n".join("  " * level + f"- level {level}" for level in range(depth))
    timeline = "| Time | Event |\n|---|---|\n| 14:00 | Alert fires |\n"
    return f"# INC-2024-001: Deep\n\n## Executive Summary\n\n{items}\n\n## Timeline\n\n{timeline}"


@pytest.mark.parametrize("depth", [10, 20, 49])
def test_a_deeply_nested_list_does_not_swallow_the_sections_after_it(depth: int):
    review = import_markdown(_nested_summary(depth)).review
    assert [level.strip() for level in review.summary.split("\n")][-1] == f"- level {depth - 1}"
    assert [(row.time, row.event) for row in review.timeline] == [("14:00", "Alert fires")]


def test_a_list_nested_deeper_than_the_parser_keeps_is_refused_in_one_line(tmp_path: Path):
    deep = tmp_path / "deep.md"
    deep.write_text(_nested_summary(50), encoding="utf-8")
    with pytest.raises(NotAReview) as refused:
        import_file(deep)
    assert str(refused.value).startswith(f"{deep}: lists or quotes nest more than 49 levels deep")
    assert "\n" not in str(refused.value)


def test_pirtui_import_of_a_too_deep_list_exits_2_with_one_line(tmp_path: Path):
    from tests.test_cli import run

    deep = tmp_path / "deep.md"
    deep.write_text(_nested_summary(50), encoding="utf-8")
    result = run("import", str(deep))
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and "nest more than 49 levels deep" in result.stderr
    assert not (tmp_path / "deep.toml").exists()


def test_text_with_no_template_section_is_not_a_review():
    with pytest.raises(NotAReview):
        import_markdown("# Shopping list\n\n## Groceries\n\n- milk\n")


def test_a_file_that_is_not_a_review_gets_one_line_naming_it(tmp_path: Path):
    path = tmp_path / "README.md"
    path.write_text("# My project\n\nSome text.\n", encoding="utf-8")
    with pytest.raises(NotAReview) as error:
        import_file(path)
    assert str(path) in str(error.value) and "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("binary.md", b"## Timeline\n\x00\x01\x02", "binary"),
        ("latin1.md", "## Timeline\n\nCaf\u00e9 ferm\u00e9\n".encode("latin-1"), "UTF-8"),
    ],
)
def test_binary_and_non_utf8_files_are_refused_in_one_line(tmp_path: Path, name: str, content: bytes, words: str):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReviewFileError) as error:
        import_file(path)
    message = str(error.value)
    assert words in message and str(path) in message and "\n" not in message


def test_a_missing_file_is_refused_in_one_line(tmp_path: Path):
    with pytest.raises(ReviewFileError) as error:
        import_file(tmp_path / "nope.md")
    assert "no such file" in str(error.value) and "\n" not in str(error.value)


def test_one_template_heading_is_enough_to_be_a_review():
    result = import_markdown("Notes\n\n## Executive   summary\n\nIt broke.\n")
    assert result.review.summary == "It broke."


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from([f"## {s.heading}" for s in SECTIONS] + ["### Verification", "| a | b |", "|---|---|"]),
            st.sampled_from(["- [x] Other: x", "1. item", "```", "**Example:**", "> q", "| **Date/Time** | x |"]),
            st.text(max_size=30),
        ),
        max_size=25,
    )
)
def test_import_never_fails_on_any_text_other_than_saying_it_is_not_a_review(lines: list[str]):
    try:
        result = import_markdown("\n".join(lines))
    except NotAReview:
        return
    assert store.loads(store.dumps(result.review)) == result.review


# ----- the small readers -----


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-15 14:30 - 15:15 (UTC)", ("2024-01-15 14:30", "15:15", "UTC")),
        ("2018-10-21 22:52 - 2018-10-22 23:03 (PST)", ("2018-10-21 22:52", "2018-10-22 23:03", "PST")),
        ("2024-01-15 14:30", ("2024-01-15 14:30", "", None)),
        ("2024-01-15 14:30 - (UTC)", ("2024-01-15 14:30", "", "UTC")),
        ("- 15:15 (UTC)", ("", "15:15", "UTC")),
        ("- (Europe/Berlin)", ("", "", "Europe/Berlin")),
        ("14:30 to 15:15", ("14:30", "15:15", None)),
    ],
)
def test_split_date_time(text: str, expected: tuple[str, str, str | None]):
    assert split_date_time(text) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Alert fired **[detected]**", ("Alert fired", "detected", "")),
        ("Alert **[Detected]** ([evidence](<http://g/x?a=(1)>))", ("Alert", "Detected", "http://g/x?a=(1)")),
        ("Graph ([evidence](http://g/x?a=(1)))", ("Graph", "", "http://g/x?a=(1)")),
        ("A \\| b ([evidence](<http://g/\\<x\\>>))", ("A | b", "", "http://g/<x>")),
        ("Odd **[soon]**", ("Odd", "soon", "")),
        ("Odd **[soon]*\\*", ("Odd **[soon]**", "", "")),
        ("Plain text", ("Plain text", "", "")),
    ],
)
def test_split_event(cell: str, expected: tuple[str, str, str]):
    assert split_event(cell) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("[Name]", True),
        ("  YYYY-MM-DD ", True),
        ("INC-YYYY-NNN", True),
        ("[X minutes]", True),
        ("P1/P2/P3", True),
        ("[Item 4]", True),
        ("[Factor 5 - e.g., \"Retries without backoff\"]", True),
        ("[TBD]", False),
        ("[see #incident-42]", False),
        ("[link](http://x)", False),
        ("[[wiki page]]", False),
        ("Jordan [SRE]", False),
        ("2024-01-15", False),
        ("", False),
    ],
)
def test_is_placeholder(value: str, expected: bool):
    assert is_placeholder(value) is expected


# ----- round trips -----


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_imports_renders_and_imports_again_to_the_same_review(name: str):
    first = imported(name).review
    again = import_markdown(render(first))
    assert store.dumps(again.review) == store.dumps(first)
    assert again.warnings == []


def _written_forms(review: Review) -> list[tuple[str, str]]:
    """(path, the exact text the Markdown must hold) for every value typed in a review, each in the
    encoding sections.py gives it (values that are not typed, such as computed ones, are left out)."""
    forms: list[tuple[str, str]] = []
    for section in SECTIONS:
        for block in section.blocks:
            value = get_path(review, block.path) if block.path else None
            if block.kind == "fields":
                for column in block.columns:
                    typed = get_path(review, column.key)
                    if not typed:
                        continue
                    if column.encoding == "list":
                        forms.append((column.key, mdtext.list_cell(typed)))
                    elif column.encoding == "heading":
                        forms.append((column.key, mdtext.escape_heading(typed)))
                    elif column.encoding.startswith("window-"):
                        inc = review.incident
                        forms.append((column.key, mdtext.date_time_cell(inc.start, inc.end, inc.timezone)))
                    elif column.encoding == "code-span":
                        forms.append((column.key, mdtext.code_span(typed)))
                    else:
                        forms.append((column.key, mdtext.escape_cell(typed)))
            elif block.kind == "text" and value:
                forms.append((block.path, mdtext.escape_text(value)))
            elif block.kind == "code" and value:
                forms.append((block.path, value))
            elif block.kind == "list":
                forms += [(block.path, mdtext.escape_item(item, 2 if not block.numbered else len(f"{i}. ")))
                          for i, item in enumerate(value, 1) if item]
            elif block.kind == "checks" and block.path == "lessons.runbook_updates":
                forms += [(block.path, mdtext.escape_item(item.text, 2)) for item in value if item.text]
            elif block.kind == "table":
                riders = [c.key for c in block.columns if c.encoding == "in-event"]
                for row in value:
                    for column in block.columns:
                        cell = getattr(row, column.key)
                        if column.encoding == "event":
                            cell = mdtext.event_cell(cell, *(getattr(row, key) for key in riders))
                            forms.append((block.path, cell))
                        elif column.in_markdown and cell:
                            forms.append((block.path, mdtext.escape_cell(cell)))
    extras = [extra.markdown.strip("\n") for extra in review.extra_sections if extra.markdown.strip()]
    forms += [("extra_sections", markdown) for markdown in extras]
    forms += [("import_notes", mdtext.escape_item(note, 2)) for note in review.import_notes]
    return forms


@pytest.mark.parametrize("name", FIXTURES)
def test_every_imported_value_appears_in_the_rendered_markdown(name: str):
    review = imported(name).review
    markdown = render(review)
    for path, expected in _written_forms(review):
        assert expected in markdown, (path, expected)


def test_own_sections_render_back_where_they_were():
    markdown = render(imported("own_sections").review)
    headings = [line for line in markdown.split("\n") if line.startswith("## ")]
    assert headings.index("## Trigger") == headings.index("## Executive Summary") + 1
    assert headings.index("## Leadup") == headings.index("## Trigger") + 1
    assert headings.index("## Timeline") == headings.index("## Leadup") + 1
    assert headings.index("## Customer Quotes") == headings.index("## Root Cause Analysis") + 1
    assert "### Why nobody noticed" in markdown


def test_import_notes_render_and_read_back_as_notes_not_new_warnings():
    first = imported("quirks").review
    markdown = render(first)
    assert f"## {IMPORT_NOTES_HEADING}" in markdown
    again = import_markdown(markdown)
    assert again.review.import_notes == first.import_notes and again.warnings == []


@pytest.mark.parametrize("path", SAMPLES, ids=[path.stem for path in SAMPLES])
def test_sample_review_loads_renders_and_imports_to_the_same_review(path: Path):
    review = store.load(path)
    result = import_markdown(render(review))
    assert store.dumps(result.review) == store.dumps(review)
    assert result.warnings == []


def test_there_are_sample_reviews_to_round_trip():
    assert len(SAMPLES) >= 3


_VALUE = (
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\r\x00[]"), max_size=30)
    .map(str.strip)
    .filter(lambda value: not is_placeholder(value) and not has_controls(value))
)
"""Values a user may type, minus what is outside the Markdown encoding (see the report of issue 5):
carriage returns and NULs (no Markdown parser keeps them), spaces around a value, placeholders such
as "[Name]" (import reads them as empty), and what
a terminal would obey, which free text and code show as symbols (cells keep it: test_render_props)."""


TRICKY_ITEMS = ("---", "--", "***", "* * *", "___", "-", "- x", "+", "1.", "1. x", "2)", "\\---", "#", "> q")
"""List items that Markdown would read as a rule, a nested list, a heading or a quote."""


def _renderable(review: Review) -> Review:
    """A generated review made to follow the model's rules that the Markdown relies on."""
    review.incident.impacted_services = [s for s in review.incident.impacted_services if s]
    order = ["", *(section.key for section in SECTIONS)]
    template = {heading_key(section.heading) for section in SECTIONS} | {heading_key(IMPORT_NOTES_HEADING)}
    review.extra_sections = [extra for extra in review.extra_sections if heading_key(extra.heading) not in template]
    for index, extra in enumerate(review.extra_sections):
        extra.after = order[(index * 7) % len(order)] if extra.after else ""
    review.extra_sections.sort(key=lambda extra: order.index(extra.after))
    review.dismissed_hints = []  # kept in the TOML only: the Markdown leaves them out by design
    return review


@st.composite
def _reviews(draw: st.DrawFn) -> Review:
    """Renderable reviews whose list items and checklist lines are often tricky, and whose timeline
    milestones are the template's, the team's own, or none."""
    review = _renderable(draw(model_strategy(Review, _VALUE)))
    item = st.one_of(_VALUE, st.sampled_from(TRICKY_ITEMS))
    for section in SECTIONS:
        for block in section.blocks:
            if block.kind == "list":
                set_path(review, block.path, draw(st.lists(item, max_size=3)))
    for checklist_item in review.lessons.runbook_updates:
        checklist_item.text = draw(item)
    for row in review.timeline:
        row.milestone = draw(st.one_of(st.just(""), st.sampled_from(MILESTONES), _VALUE))
    return review


@settings(max_examples=200, deadline=None)
@given(_reviews())
def test_any_review_renders_and_imports_back_unchanged(review: Review):
    assert store.dumps(import_markdown(render(review)).review) == store.dumps(review)


@pytest.mark.parametrize("item", TRICKY_ITEMS)
@pytest.mark.parametrize("path", ["appendix.references", "detection.went_well", "lessons.learned"])
def test_a_list_item_markdown_would_read_as_a_rule_or_a_list_comes_back(path: str, item: str):
    review = new_review("INC-2024-001")
    set_path(review, path, ["first", item, "last"])
    again = import_markdown(render(review))
    assert get_path(again.review, path) == ["first", item, "last"]
    assert again.warnings == []


def test_a_teams_own_milestone_comes_back_after_render_and_import():
    review = new_review("INC-2024-001")
    review.timeline = [TimelineEvent(time="14:02", event="Rolled back v42", milestone="rollback started")]
    again = import_markdown(render(review)).review
    assert (again.timeline[0].event, again.timeline[0].milestone) == ("Rolled back v42", "rollback started")


def test_bracketed_words_of_the_user_survive_render_and_import():
    """Only the template's own placeholders import as empty; "[TBD]" is the user's word."""
    from pirtui.core.model import ActionItem

    review = new_review("INC-2024-001")
    review.action_items = [ActionItem(id="1", action="[see #incident-42]", owner="[TBD]", priority="P2")]
    review.lessons.learned = ["[draft] pools need headroom"]
    again = import_markdown(render(review)).review
    assert again.action_items[0].owner == "[TBD]"
    assert again.action_items[0].action == "[see #incident-42]"
    assert again.lessons.learned == ["[draft] pools need headroom"]


TEMPLATE_SHA256 = "2df653fe0128bcf88f967cc080767c625b6e218e3d342fb900e9bfede7e0dd9d"
"""SHA-256 of the user's template (shared/template/post-incident-review-template.md) as pirtui ships it."""

SHARED_TEMPLATE = Path("template") / "post-incident-review-template.md"


def shared_template() -> Path | None:
    """The user's template: in $PIRTUI_SHARED, else in a shared/ folder beside the checkout (or above it)."""
    if os.environ.get("PIRTUI_SHARED"):
        return Path(os.environ["PIRTUI_SHARED"]) / SHARED_TEMPLATE
    checkout = Path(__file__).resolve().parents[1]
    for folder in checkout.parents:
        if (folder / "shared" / SHARED_TEMPLATE).exists():
            return folder / "shared" / SHARED_TEMPLATE
    return None


def test_the_shipped_template_has_the_recorded_hash():
    """pirtui/template.md (the placeholders' source) is byte for byte the template it was copied from."""
    from pirtui.core.guidance import TEMPLATE_PATH

    assert hashlib.sha256(TEMPLATE_PATH.read_bytes()).hexdigest() == TEMPLATE_SHA256


def test_the_shipped_template_is_the_users_template():
    """pirtui/template.md is the template in shared/, unchanged (and so the recorded hash is the user's)."""
    from pirtui.core.guidance import TEMPLATE_PATH

    shared = shared_template()
    if shared is None or not shared.exists():
        pytest.skip(
            "shared/ is not beside this checkout: clone pirtui next to shared/ (as .ci/run does) "
            "or set PIRTUI_SHARED=/path/to/shared to compare pirtui/template.md with the user's template"
        )
    assert TEMPLATE_PATH.read_bytes() == shared.read_bytes()
