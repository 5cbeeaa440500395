"""Property tests: the mdtext encoders are exact inverses, and no review breaks the Markdown.

"Breaks" means what a reader or the importer would see: a table row whose cell count differs from
its header (counted with markdown-it-py's own splitter), a cell that does not read back as its
value, a heading that was not in the template, or a fence that swallows the rest of the file.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pirtui.core import mdtext
from pirtui.core.inert import inert
from pirtui.core.model import ExtraSection, Review
from pirtui.core.render import render
from tests.strategies import model_strategy
from tests.test_render import EXPECTED_HEADINGS, headings, parse, raw_cell_count, table_after

TRICKY = [
    "|", "\\", "\\|", "\n", "\r", "\r\n", "<br>", "`", "```", "~~~", "#", "# ", "## ", "===", "---",
    "-", "*", "**[", "]**", "([evidence](<", ">))", "(evidence: ", "https://", "(", ")", " - ", ",", "&#", "&#13;", " ", "\t",
    "<!--", "-->", "<pre>", "\\#", "é", "日本", "🔥", "\u3000", "\xa0", "\x00", "> ", "1. ", "- [ ] ",
]
text = st.lists(st.one_of(st.sampled_from(TRICKY), st.text(max_size=6)), max_size=8).map("".join)
"""Text built from the fragments that break Markdown, mixed with arbitrary unicode."""
one_line = text.filter(lambda s: "\n" not in s and "\r" not in s)

SETTINGS = settings(max_examples=150, deadline=None)
REVIEW_SETTINGS = settings(max_examples=40, deadline=None)
"""Whole reviews are large; fewer of them keep the suite quick while every field is exercised."""


# --- the encoders are exact inverses ------------------------------------------------------------


@SETTINGS
@given(text)
def test_cell_escape_round_trips(value: str) -> None:
    escaped = mdtext.escape_cell(value)
    assert "\n" not in escaped and "\r" not in escaped
    assert mdtext.unescape_cell(escaped) == value


@SETTINGS
@given(text)
def test_heading_escape_round_trips(value: str) -> None:
    assert mdtext.unescape_heading(mdtext.escape_heading(value)) == value


@SETTINGS
@given(text)
def test_text_escape_round_trips(value: str) -> None:
    assert mdtext.unescape_text(mdtext.escape_text(value)) == value


@SETTINGS
@given(text, st.integers(min_value=2, max_value=5))
def test_item_escape_round_trips(value: str, width: int) -> None:
    assert mdtext.unescape_item(mdtext.escape_item(value, width), width) == value


@SETTINGS
@given(one_line)
def test_code_span_round_trips(value: str) -> None:
    assert mdtext.unescape_code_span(mdtext.code_span(value)) == value


@SETTINGS
@given(text, text, text)
def test_date_time_cell_round_trips(start: str, end: str, timezone: str) -> None:
    cell = mdtext.date_time_cell(start, end, timezone)
    assert mdtext.split_date_time_cell(cell.strip(" ")) == (start, end, timezone)


@SETTINGS
@given(text, text, text)
def test_event_cell_round_trips(event: str, milestone: str, evidence: str) -> None:
    assert mdtext.split_event_cell(mdtext.event_cell(event, milestone, evidence)) == (event, milestone, evidence)


@SETTINGS
@given(st.lists(text, max_size=4))
def test_list_cell_round_trips(items: list[str]) -> None:
    expected = [] if items == [""] else items  # documented: one empty item reads back as none
    assert mdtext.split_list_cell(mdtext.list_cell(items)) == expected


# --- rendering random reviews -------------------------------------------------------------------


@st.composite
def reviews(draw: st.DrawFn) -> Review:
    """A review with tricky text in every field (cells, free text, list items, code, checkboxes).

    Extra sections hold Markdown kept verbatim from an import, so only their heading is random.
    """
    review = draw(model_strategy(Review, text))
    review.extra_sections = [ExtraSection(heading=draw(text), after="timeline", markdown="Our own *notes*.")]
    return review


@REVIEW_SETTINGS
@given(reviews())
def test_random_reviews_keep_the_templates_headings(review: Review) -> None:
    expected = list(EXPECTED_HEADINGS)
    extra = ("h2", mdtext.escape_heading(review.extra_sections[0].heading))
    expected.insert(expected.index(("h2", "Impact Analysis")), extra)
    if review.import_notes:
        expected.append(("h2", "Import Notes"))
    assert headings(render(review)) == expected


@REVIEW_SETTINGS
@given(reviews())
def test_random_reviews_keep_every_table_row_whole(review: Review) -> None:
    markdown = render(review)
    records = {
        "Timeline": [[e.time, mdtext.event_cell(e.event, e.milestone, e.evidence)] for e in review.timeline],
        "5 Whys Analysis": [[str(i), w.question, w.answer] for i, w in enumerate(review.root_cause.whys, 1)],
        "Action Items": [[a.id, a.action, a.owner, a.priority, a.due, a.status, a.ticket] for a in review.action_items],
        "Communication Log": [[m.time, m.channel, m.message] for m in review.appendix.communication_log],
        "Approval": [[a.role, a.name, a.date, a.signature] for a in review.approvals],
        "Revision History": [[v.date, v.author, v.change] for v in review.revisions],
    }
    for heading, rows in records.items():
        table = table_after(markdown, heading)
        assert len(table.rows) == len(rows), heading
        for line in table.lines:
            assert raw_cell_count(line) == len(table.header), (heading, line)
        for parsed, expected in zip(table.rows, rows):
            if heading == "Timeline":
                assert mdtext.unescape_cell(parsed[0]) == expected[0]
                assert mdtext.split_event_cell(parsed[1]) == mdtext.split_event_cell(expected[1])
            else:
                assert [mdtext.unescape_cell(cell) for cell in parsed] == expected, heading


@REVIEW_SETTINGS
@given(reviews())
def test_random_incident_information_reads_back(review: Review) -> None:
    table = table_after(render(review), "Incident Information")
    for line in table.lines:
        assert raw_cell_count(line) == 2
    cells = {row[0].strip("*"): row[1] for row in table.rows}
    inc = review.incident
    assert mdtext.split_date_time_cell(cells["Date/Time"]) == (inc.start, inc.end, inc.timezone)
    assert mdtext.unescape_cell(cells["Incident ID"]) == inc.id
    assert mdtext.unescape_cell(cells["Status"]) == review.status
    expected_services = [] if inc.impacted_services == [""] else inc.impacted_services
    assert mdtext.split_list_cell(cells["Impacted Services"]) == expected_services


@REVIEW_SETTINGS
@given(reviews())
def test_random_code_blocks_hold_their_content(review: Review) -> None:
    tokens = parse(render(review))
    start = next(i for i, t in enumerate(tokens) if t.type == "inline" and t.content == "Verification")
    end = next(i for i, t in enumerate(tokens) if t.type == "inline" and t.content == "Permanent Fix")
    fences = [t for t in tokens[start:end] if t.type == "fence" and t.level == 0]
    verification = review.resolution.verification
    # A CRLF or a lone \r is a line ending, which the parser reads as \n (also with the fence's own
    # newline); what a terminal would obey is written as its symbol (NUL as ␀, ESC as ␛).
    written = verification + "\n"
    normalised = inert(written.replace("\r\n", "\n").replace("\r", "\n"))[:-1]
    assert [mdtext.code_block_content(f.content) for f in fences] == ([normalised] if verification else [])
    assert all(f.info == "bash" for f in fences)
