"""The Markdown renderer: the template's structure, its conventions, and each escaping case.

Structure is checked by parsing with markdown-it-py (the parser the importer uses), never by
regular expressions over the output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_block.table import escapedSplit
from markdown_it.token import Token

from pirtui.core import mdtext
from pirtui.core.model import (
    ActionItem,
    Approval,
    ChecklistItem,
    ExtraSection,
    Message,
    Review,
    Revision,
    TimelineEvent,
    Why,
    new_review,
)
from pirtui.core.importer import import_markdown
from pirtui.core.render import render
from pirtui.core.sections import PRIORITY_DEFINITIONS, SECTIONS, SEVERITY_DEFINITIONS

TEMPLATE = Path("/work/shared/template/post-incident-review-template.md")
if not TEMPLATE.exists():  # the template also ships beside the repository in ../shared
    TEMPLATE = Path(__file__).resolve().parents[2] / "shared/template/post-incident-review-template.md"

MD = MarkdownIt("gfm-like")


# --- reading the structure back ---------------------------------------------------------------


@dataclass
class Table:
    """A parsed table: header cells, body rows (cell sources), and each body row's source line."""

    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def parse(markdown: str) -> list[Token]:
    return MD.parse(markdown)


def source_lines(markdown: str) -> list[str]:
    """The lines token maps count: markdown-it-py reads \r\n and \r as line endings too."""
    return markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def headings(markdown: str, levels: tuple[str, ...] = ("h2", "h3")) -> list[tuple[str, str]]:
    """Top-level headings as (tag, source text), in order."""
    tokens = parse(markdown)
    return [
        (token.tag, tokens[i + 1].content)
        for i, token in enumerate(tokens)
        if token.type == "heading_open" and token.level == 0 and token.tag in levels
    ]


def tables(markdown: str) -> list[Table]:
    """Every top-level table, with each cell's source as markdown-it-py hands it to the importer."""
    lines = source_lines(markdown)
    found: list[Table] = []
    current: Table | None = None
    row: list[str] | None = None
    in_head = False
    for token in parse(markdown):
        if token.type == "table_open" and token.level == 0:
            current = Table(header=[])
        elif current is None:
            continue
        elif token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            row = []
            if not in_head:
                current.lines.append(lines[token.map[0]])
        elif token.type == "inline" and row is not None:
            row.append(token.content)
        elif token.type == "tr_close":
            if in_head:
                current.header = row
            else:
                current.rows.append(row)
            row = None
        elif token.type == "table_close":
            found.append(current)
            current = None
    return found


def raw_cell_count(line: str) -> int:
    """How many cells markdown-it-py's own splitter finds in a row's source line."""
    cells = escapedSplit(line.strip())
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return len(cells)


def table_after(markdown: str, heading: str) -> Table:
    """The first table that follows the given heading."""
    tokens = parse(markdown)
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and tokens[i + 1].content == heading:
            start_line = token.map[0]
            break
    else:
        raise AssertionError(f"no heading {heading!r}")
    tail = "\n" * start_line + "\n".join(source_lines(markdown)[start_line:])
    return tables(tail)[0]


def section_source(markdown: str, heading: str) -> str:
    """The source lines between a heading and the next top-level heading or thematic break."""
    tokens = parse(markdown)
    lines = source_lines(markdown)
    start = None
    for i, token in enumerate(tokens):
        if token.level != 0 or token.map is None:
            continue
        if start is None:
            if token.type == "heading_open" and tokens[i + 1].content == heading:
                start = token.map[1]
        elif token.type in ("heading_open", "hr"):
            return "\n".join(lines[start : token.map[0]]).strip("\n")
    assert start is not None, heading
    return "\n".join(lines[start:]).strip("\n")


def items_after(markdown: str, heading: str) -> list[str]:
    """Inline contents of the first list's items after a heading."""
    tokens = parse(markdown)
    seen = False
    out: list[str] = []
    depth = None
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and tokens[i + 1].content == heading:
            seen = True
        elif seen and token.type in ("bullet_list_open", "ordered_list_open") and depth is None:
            depth = token.level
        elif depth is not None and token.type == "list_item_open" and token.level == depth + 1:
            inline = next((t for t in tokens[i:] if t.type in ("inline", "list_item_close")), None)
            out.append(inline.content if inline is not None and inline.type == "inline" else "")
        elif depth is not None and token.type in ("bullet_list_close", "ordered_list_close") and token.level == depth:
            return out
    return out


# --- a complete review ------------------------------------------------------------------------


def full_review() -> Review:
    """A review with every field filled, as the renderer's reference input."""
    review = new_review("INC-2024-001", "2024-01-20")
    review.title = "Database connection pool exhaustion"
    review.status = "in review"
    inc = review.incident
    inc.start, inc.end, inc.timezone = "2024-01-15 14:30", "15:15", "UTC"
    inc.severity = "SEV-2"
    inc.impacted_services = ["backend-api", "web"]
    inc.customer_impact = "API requests failed with 503"
    inc.commander, inc.author, inc.review_date = "Alice", "Bob", "2024-01-18"
    review.summary = "The API was down for 45 minutes. Requests failed. We restarted it."
    review.timeline = [
        TimelineEvent(time="14:30", event="Error rate rises", milestone="first impact"),
        TimelineEvent(time="14:35", event="Alert fired", milestone="detected", evidence="http://g/1"),
        TimelineEvent(time="14:40", event="On-call engaged", milestone="responder engaged"),
        TimelineEvent(time="15:00", event="Pool size raised", milestone="mitigated"),
        TimelineEvent(time="15:15", event="Recovered", milestone="resolved"),
    ]
    review.impact.user.affected_users = "100%"
    review.impact.business.revenue = "Minimal"
    review.root_cause.what_happened = "The pool ran dry."
    review.root_cause.why_it_happened = "It was sized for average load."
    review.root_cause.contributing_factors = ["Small pool", "Slow query"]
    review.root_cause.whys = [Why(question="Why 503?", answer="Timeouts")]
    review.detection.methods.automated_alerting = True
    review.detection.methods.other = True
    review.detection.methods.other_description = "A tweet"
    review.detection.went_well = ["Fast page"]
    review.detection.could_improve = ["No pool alert"]
    review.detection.luck = ["Low traffic"]
    review.resolution.immediate_actions = ["Restarted backend"]
    review.resolution.verification = "curl -f http://localhost/health"
    review.resolution.permanent_fix = "JIRA-123 optimises the query."
    review.action_items = [
        ActionItem(id="1", action="Add alert", owner="Bob", priority="P1", due="2024-01-25", ticket="JIRA-124")
    ]
    review.lessons.learned = ["Size for peak"]
    review.lessons.process = ["Query review"]
    review.lessons.monitoring = ["Pool alert"]
    review.lessons.runbook_updates = [ChecklistItem(done=True, text="DB runbook: pool steps")]
    review.appendix.logs = "ERROR pool exhausted"
    review.appendix.metrics_notes = "See the pool graph."
    review.appendix.dashboard_url = "http://localhost:3000/d/db"
    review.appendix.prometheus_query = "max(pool_in_use)"
    review.appendix.communication_log = [Message(time="14:36", channel="#incidents", message="Investigating")]
    review.appendix.references = ["https://example.com/pr/1"]
    review.approvals[0] = Approval(role="Incident Commander", name="Alice", date="2024-01-19", signature="AA")
    review.meeting.date, review.meeting.attendees = "2024-01-18", "Alice, Bob"
    review.meeting.discussion = ["Pool sizing"]
    review.meeting.decisions = ["Raise to 25"]
    review.meeting.follow_ups = ["Load test"]
    review.revisions.append(Revision(date="2024-01-18", author="Bob", change="Filled in"))
    return review


def expected_headings() -> list[tuple[str, str]]:
    """The H2/H3 sequence SECTIONS describes (consecutive blocks under one H3 share it)."""
    out: list[tuple[str, str]] = []
    for section in SECTIONS:
        out.append(("h2", section.heading))
        previous = ""
        for block in section.blocks:
            if block.heading and block.heading != previous:
                out.append(("h3", block.heading))
            previous = block.heading
    return out


EXPECTED_HEADINGS = expected_headings()

# --- the template's structure -------------------------------------------------------------------


def test_sections_describe_the_templates_headings() -> None:
    template = TEMPLATE.read_text(encoding="utf-8")
    assert headings(template) == EXPECTED_HEADINGS


def test_headings_follow_the_template_in_order() -> None:
    template_headings = headings(TEMPLATE.read_text(encoding="utf-8"))
    assert headings(render(full_review())) == template_headings
    assert headings(render(Review())) == template_headings


def test_tables_have_the_templates_headers_in_order() -> None:
    template_tables = [t.header for t in tables(TEMPLATE.read_text(encoding="utf-8"))]
    assert [t.header for t in tables(render(full_review()))] == template_tables
    assert [t.header for t in tables(render(Review()))] == template_tables


def test_field_tables_have_the_templates_labels() -> None:
    template = TEMPLATE.read_text(encoding="utf-8")
    rendered = render(full_review())
    for heading in ("User Impact", "Business Impact", "Detection Metrics"):
        expected = [row[0] for row in table_after(template, heading).rows]
        assert [row[0] for row in table_after(rendered, heading).rows] == expected
    incident = [row[0] for row in table_after(template, "Incident Information").rows]
    assert [row[0] for row in table_after(rendered, "Incident Information").rows] == incident + ["**Status**"]


def test_static_blocks_are_the_templates_text() -> None:
    template = TEMPLATE.read_text(encoding="utf-8")
    rendered = render(Review())
    assert SEVERITY_DEFINITIONS in template and SEVERITY_DEFINITIONS in rendered
    assert section_source(rendered, "Priority Definitions") == PRIORITY_DEFINITIONS
    assert section_source(template, "Priority Definitions") == PRIORITY_DEFINITIONS


def test_detection_methods_are_the_templates_checkboxes() -> None:
    template = TEMPLATE.read_text(encoding="utf-8")
    heading = "How Was the Incident Detected?"
    expected = [item.replace("Other: [Describe]", "Other:") for item in items_after(template, heading)]
    assert items_after(render(Review()), heading) == expected
    ticked = items_after(render(full_review()), heading)
    assert ticked[0] == "[x] Automated alerting (Prometheus/PagerDuty)"
    assert ticked[1] == "[ ] Customer report"
    assert ticked[-1] == "[x] Other: A tweet"


def test_sections_are_separated_by_rules_like_the_template() -> None:
    tokens = parse(render(full_review()))
    top = [t.type for t in tokens if t.level == 0 and t.type in ("hr", "heading_open") and t.tag in ("hr", "h2")]
    assert top == ["heading_open"] + ["hr", "heading_open"] * (len(SECTIONS) - 1)


def test_empty_review_shows_no_placeholder_or_example() -> None:
    rendered = render(Review())
    for placeholder in ("[Name]", "YYYY-MM-DD", "[X minutes]", "INC-YYYY-NNN", "HH:MM", "[Description]",
                        "Example:", "[List services]", "[Item 1]", "[Commands used", "[Paste relevant"):
        assert placeholder not in rendered


def test_empty_tables_are_header_and_delimiter_only() -> None:
    rendered = render(Review())
    for heading in ("Timeline", "5 Whys Analysis", "Action Items", "Communication Log", "Revision History"):
        assert table_after(rendered, heading).rows == []
    lines = rendered.split("\n")
    start = lines.index("| ID | Action | Owner | Priority | Due Date | Status | Ticket |")
    assert lines[start + 1] == "|----|--------|-------|----------|----------|--------|--------|"
    assert lines[start + 2] == ""


def test_ends_with_exactly_one_newline() -> None:
    for review in (Review(), full_review()):
        text = render(review)
        assert text.endswith("\n") and not text.endswith("\n\n")


# --- the H1 ----------------------------------------------------------------------------------------


def test_h1_names_the_incident() -> None:
    review = Review()
    assert headings(render(review), ("h1",)) == [("h1", "Post-Incident Review")]
    review.incident.id = "INC-2024-007"
    assert headings(render(review), ("h1",)) == [("h1", "INC-2024-007")]
    review.title = "Disk full #"
    assert headings(render(review), ("h1",)) == [("h1", "INC-2024-007: Disk full \\#")]
    review.incident.id = ""
    h1 = headings(render(review), ("h1",))
    assert len(h1) == 1 and mdtext.unescape_heading(h1[0][1]) == "Disk full #"


# --- Incident Information ---------------------------------------------------------------------


def incident_cells(review: Review) -> dict[str, str]:
    return {row[0].strip("*"): row[1] for row in table_after(render(review), "Incident Information").rows}


def test_date_time_keeps_start_and_end_as_typed() -> None:
    review = full_review()
    review.incident.start, review.incident.end = "~2024-01-15 14:30", "next day-ish"
    review.incident.timezone = "PST"
    cell = incident_cells(review)["Date/Time"]
    assert cell == "~2024-01-15 14:30 - next day-ish (PST)"
    assert mdtext.split_date_time_cell(cell) == ("~2024-01-15 14:30", "next day-ish", "PST")


def test_duration_is_typed_else_computed() -> None:
    review = full_review()
    assert incident_cells(review)["Duration"] == "45 minutes"
    review.incident.duration = "about an hour"
    assert incident_cells(review)["Duration"] == "about an hour"


def test_impacted_services_and_status_rows() -> None:
    cells = incident_cells(full_review())
    assert cells["Impacted Services"] == "backend-api, web"
    assert cells["Status"] == "in review"


# --- Timeline ------------------------------------------------------------------------------------


def test_timeline_states_the_timezone_and_carries_milestones_in_the_event_cell() -> None:
    rendered = render(full_review())
    assert "All times in UTC." in [t.content for t in parse(rendered) if t.type == "inline"]
    rows = table_after(rendered, "Timeline").rows
    assert rows[0] == ["14:30", "Error rate rises **[first impact]**"]
    assert rows[1] == ["14:35", "Alert fired **[detected]** ([evidence](<http://g/1>))"]
    assert mdtext.split_event_cell(rows[1][1]) == ("Alert fired", "detected", "http://g/1")


def test_evidence_that_is_not_a_url_is_written_as_it_is_not_as_a_link() -> None:
    review = full_review()
    review.timeline[0].evidence = "PD-88412"
    rows = table_after(render(review), "Timeline").rows
    assert rows[0] == ["14:30", "Error rate rises **[first impact]** (evidence: PD-88412)"]
    assert mdtext.split_event_cell(rows[0][1]) == ("Error rate rises", "first impact", "PD-88412")


def test_an_event_that_ends_like_text_evidence_is_not_read_as_evidence() -> None:
    cell = mdtext.event_cell("Paged (evidence: none)", "", "")
    assert mdtext.split_event_cell(cell) == ("Paged (evidence: none)", "", "")


def test_event_that_looks_like_a_milestone_is_not_read_as_one() -> None:
    review = Review(timeline=[TimelineEvent(time="1:00", event="We saw **[detected]**")])
    cell = table_after(render(review), "Timeline").rows[0][1]
    assert mdtext.split_event_cell(cell) == ("We saw **[detected]**", "", "")


def test_detection_metrics_are_typed_else_computed_from_milestones() -> None:
    review = full_review()
    review.detection.metrics.response_to_mitigation = "about 20 minutes"
    values = [row[1] for row in table_after(render(review), "Detection Metrics").rows]
    assert values == ["5 minutes", "5 minutes", "about 20 minutes", "15 minutes"]


def test_whys_are_numbered_by_position() -> None:
    review = Review()
    review.root_cause.whys = [Why(question="Q1", answer="A1"), Why(question="Q2", answer="")]
    assert table_after(render(review), "5 Whys Analysis").rows == [["1", "Q1", "A1"], ["2", "Q2", ""]]


# --- Escaping in tables -------------------------------------------------------------------------


def comm_log_row(message: str) -> tuple[list[str], str]:
    review = Review()
    review.appendix.communication_log = [Message(time="10:00", channel="#inc", message=message)]
    table = table_after(render(review), "Communication Log")
    assert len(table.rows) == 1
    return table.rows[0], table.lines[0]


def test_pipe_in_a_cell_stays_in_its_cell() -> None:
    row, line = comm_log_row("a | b || c")
    assert raw_cell_count(line) == 3
    assert mdtext.unescape_cell(row[2]) == "a | b || c"


def test_line_breaks_in_a_cell_become_br() -> None:
    row, line = comm_log_row("first\nsecond\r\nthird")
    assert raw_cell_count(line) == 3
    assert "first<br>second" in row[2]
    assert mdtext.unescape_cell(row[2]) == "first\nsecond\r\nthird"


def test_literal_br_typed_by_the_user_is_not_a_line_break() -> None:
    row, _ = comm_log_row("use <br> here")
    assert row[2] == "use \\<br> here"
    assert mdtext.unescape_cell(row[2]) == "use <br> here"


def test_backslashes_in_a_cell_survive() -> None:
    for value in ("C:\\path\\", "\\|", "ends with \\"):
        row, line = comm_log_row(value)
        assert raw_cell_count(line) == 3
        assert mdtext.unescape_cell(row[2]) == value


def test_spaces_around_a_cell_value_survive_the_parsers_trimming() -> None:
    row, _ = comm_log_row("  indented ")
    assert mdtext.unescape_cell(row[2]) == "  indented "


# --- Escaping in free text and lists ------------------------------------------------------------


def summary_review(text: str) -> Review:
    review = full_review()
    review.summary = text
    return review


def test_hash_line_in_free_text_is_not_a_heading() -> None:
    text = "# not a heading\n   ## nor this\nplain"
    rendered = render(summary_review(text))
    assert headings(rendered) == EXPECTED_HEADINGS
    assert mdtext.unescape_text(section_source(rendered, "Executive Summary")) == text


def test_setext_underline_in_free_text_is_not_a_heading() -> None:
    text = "Title\n=====\nSub\n---"
    rendered = render(summary_review(text))
    assert headings(rendered) == EXPECTED_HEADINGS
    assert mdtext.unescape_text(section_source(rendered, "Executive Summary")) == text


def test_unbalanced_fence_in_free_text_does_not_swallow_the_document() -> None:
    text = "Start of code:\n```python\nprint(1)"
    rendered = render(summary_review(text))
    assert headings(rendered) == EXPECTED_HEADINGS
    assert mdtext.unescape_text(section_source(rendered, "Executive Summary")) == text


def test_unclosed_html_comment_in_free_text_does_not_swallow_the_document() -> None:
    rendered = render(summary_review("<!-- todo"))
    assert headings(rendered) == EXPECTED_HEADINGS


def test_balanced_fence_in_free_text_is_kept_as_code() -> None:
    text = "Run:\n\n```bash\n# a comment\nls\n```"
    rendered = render(summary_review(text))
    assert section_source(rendered, "Executive Summary") == text
    fences = [t for t in parse(rendered) if t.type == "fence" and t.info == "bash" and "# a comment" in t.content]
    assert len(fences) == 1


def test_multi_line_list_item_stays_one_item() -> None:
    review = Review()
    review.root_cause.contributing_factors = ["Pool too small\n# for peak\nload", "Second"]
    rendered = render(review)
    assert headings(rendered) == EXPECTED_HEADINGS
    items = items_after(rendered, "Contributing Factors")
    assert len(items) == 2
    source = section_source(rendered, "Contributing Factors")
    first = source.split("\n2. ")[0].removeprefix("1. ")
    assert mdtext.unescape_item(first, 3) == "Pool too small\n# for peak\nload"


def test_response_evaluation_has_its_lead_lines_and_bullets() -> None:
    source = section_source(render(full_review()), "Response Evaluation")
    assert source.split("\n\n") == [
        "**What went well:**",
        "- Fast page",
        "**What could be improved:**",
        "- No pool alert",
        "**Luck / Near Misses:**",
        "- Low traffic",
    ]


def test_runbook_updates_are_checkboxes() -> None:
    assert items_after(render(full_review()), "Runbook Updates") == ["[x] DB runbook: pool steps"]


# --- Code ---------------------------------------------------------------------------------------


def fence_tokens(markdown: str) -> list[Token]:
    return [t for t in parse(markdown) if t.type == "fence"]


def test_verification_is_a_bash_fence() -> None:
    fences = fence_tokens(render(full_review()))
    assert fences[0].info == "bash"
    assert mdtext.code_block_content(fences[0].content) == "curl -f http://localhost/health"


def test_fence_inside_a_log_cannot_close_the_block() -> None:
    review = full_review()
    review.appendix.logs = "before\n```\n## not a heading\n````\nafter\n"
    rendered = render(review)
    assert headings(rendered) == EXPECTED_HEADINGS
    logs = [t for t in fence_tokens(rendered) if "before" in t.content]
    assert len(logs) == 1 and mdtext.code_block_content(logs[0].content) == review.appendix.logs


def test_empty_code_renders_nothing() -> None:
    assert fence_tokens(render(Review())) == []


def test_relevant_metrics_lines() -> None:
    review = full_review()
    review.appendix.prometheus_query = "sum(rate(x[5m])) by (`le`)"
    rendered = render(review)
    assert items_after(rendered, "Relevant Metrics") == [
        "Dashboard URL: http://localhost:3000/d/db",
        "Prometheus query: ``sum(rate(x[5m])) by (`le`)``",
    ]
    spans = [t for t in parse(rendered) if t.type == "inline" and t.content.startswith("Prometheus query")]
    code = [c.content for c in spans[0].children if c.type == "code_inline"]
    assert code == ["sum(rate(x[5m])) by (`le`)"]
    assert section_source(rendered, "Relevant Metrics").startswith("See the pool graph.\n\n- Dashboard URL:")


def test_multi_line_prometheus_query_is_a_fence_in_its_item() -> None:
    review = full_review()
    review.appendix.prometheus_query = "sum(rate(x[5m]))\n# by pod\nby (pod)"
    rendered = render(review)
    assert headings(rendered) == EXPECTED_HEADINGS
    fences = [t for t in fence_tokens(rendered) if t.info == "promql"]
    assert len(fences) == 1 and mdtext.code_block_content(fences[0].content) == review.appendix.prometheus_query


# --- Meeting, extras, import notes ----------------------------------------------------------------


def test_meeting_date_and_attendees_are_joined_by_a_hard_break() -> None:
    rendered = render(full_review())
    inline = next(t for t in parse(rendered) if t.type == "inline" and t.content.startswith("**Date:**"))
    kinds = [c.type for c in inline.children]
    assert "hardbreak" in kinds
    assert inline.content == "**Date:** 2024-01-18\\\n**Attendees:** Alice, Bob"


def test_extra_sections_follow_their_anchor_and_import_notes_close_the_document() -> None:
    review = full_review()
    review.extra_sections = [
        ExtraSection(heading="Leadup", after="summary", markdown="What led up to it."),
        ExtraSection(heading="Preface", after="", markdown=""),
    ]
    review.import_notes = ["Could not place: a stray table", "Second note"]
    h2 = [text for tag, text in headings(render(review)) if tag == "h2"]
    base = [s.heading for s in SECTIONS]
    assert h2 == ["Preface"] + base[:3] + ["Leadup"] + base[3:] + ["Import Notes"]
    rendered = render(review)
    assert section_source(rendered, "Leadup") == "What led up to it."
    assert items_after(rendered, "Import Notes") == ["Could not place: a stray table", "Second note"]


_OBEYED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")
"""What a terminal acts on (C0 but tab, newline and CRLF; DEL; C1) or uses to reorder text (bidi overrides)."""


def test_what_a_terminal_would_obey_is_written_as_symbols() -> None:
    review = new_review("INC-2024-001")
    review.summary = "Pasted log:\x1b]0;PWNED\x07 \x1b[31mred\u202e"
    review.appendix.logs = "\x1b[1mbold\x1b[0m\r\nnext line"
    review.timeline = [TimelineEvent(time="14:30", event="alert \x1b[31mred")]
    markdown = render(review)
    assert _OBEYED.search(markdown) is None
    assert "Pasted log:␛]0;PWNED␇ ␛[31mred⟦U+202E⟧" in markdown
    assert "␛[1mbold␛[0m\r\nnext line" in markdown  # a CRLF line ending stays one
    # A table cell keeps the character itself, as a reference the importer reads back.
    assert "| 14:30 | alert &#27;[31mred |" in markdown
    assert import_markdown(markdown).review.timeline[0].event == "alert \x1b[31mred"


def test_cards_write_each_action_item_as_one_labelled_line_for_narrow_terminals() -> None:
    review = full_review()
    review.action_items = [ActionItem(id="1", action="Add a canary", owner="Tom", priority="P1", due="2026-12-01", status="Open")]
    rendered = render(review, cards=True)
    assert "- **ID:** 1 · **Action:** Add a canary · **Owner:** Tom · **Priority:** P1 · **Due Date:** 2026-12-01 · **Status:** Open" in rendered
    assert "| Time | Event |" in rendered  # two columns stay a table
    assert "**Owner:**" not in render(review)  # files are never written as cards
