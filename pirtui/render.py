"""A review as GitHub-flavoured Markdown, in the template's structure.

The renderer walks `pirtui.sections.SECTIONS`: every H2 and H3 heading, table header, row label,
checkbox label and code language comes from there, so the Markdown always follows the template.
Values go through `pirtui.mdtext`, whose encoders keep every value inside its cell, list item or
paragraph and whose decoders give the importer the exact value back. Empty values render as empty
cells or nothing at all, never as the template's placeholders; its **Example:** blocks are guidance
and are never rendered.

Conventions the importer reads back (each written with an `mdtext` pair):

- H1: "# {id}: {title}", or whichever of the two is set, or "# Post-Incident Review".
- Incident Information: the template's bold-label rows, plus a final Status row. Date/Time is
  "{start} - {end} ({timezone})" with start and end exactly as typed (`mdtext.date_time_cell`);
  Impacted Services are joined by ", " (`mdtext.list_cell`). Duration and Detection Metrics show
  the typed value, else the value computed from the incident window and the timeline milestones.
- Timeline: "All times in {timezone}." then the template's two-column Time | Event table. A row's
  milestone and evidence link ride in the Event cell as suffixes (`mdtext.event_cell`):
  "{event} **[{milestone}]** ([evidence](<{url}>))", each suffix only when set.
- 5 Whys: the "#" column is the row's position.
- Checkboxes: "- [x] label"; the "Other" method reads "- [ ] Other: {description}".
- Relevant Metrics: the notes, then "- Dashboard URL: {url}" and "- Prometheus query: `{query}`"
  (a query of several lines becomes a fenced block inside that list item).
- Review Meeting Notes: "**Date:** {date}" and "**Attendees:** {attendees}", joined by a hard
  line break (a trailing backslash).
- Extra sections (kept by an import) follow the section named by their `after` key; import notes
  close the document as "## Import Notes".

What a terminal would obey (escape sequences, other control characters, bidirectional overrides) is
written as the visible symbol the editor draws for it (`pirtui.inert`), so that `cat FILE.md` cannot
retitle the window or recolour the screen; a carriage return on its own becomes the line break that
Markdown reads it as anyway. The review keeps every character as typed; importing such Markdown
gives the symbol, not the control.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence

from pirtui import computed, mdtext
from pirtui.inert import inert
from pirtui.model import DetectionMethods, Review, get_path
from pirtui.sections import DETECTION_METHODS, SECTIONS, Block, Column, Section

DEFAULT_H1 = "Post-Incident Review"
"""The H1 of a review that has neither an ID nor a title."""
DATE_TIME_LABEL = "Date/Time"
"""The template's label for the row that carries start, end and timezone."""
STATUS_KEY = "status"
"""The Incident Information column rendered as the extra last row."""
IMPORT_NOTES_HEADING = "Import Notes"
CODE_FIELDS = frozenset({"appendix.prometheus_query"})
"""Fields written as a code span."""
CODE_FIELD_LANGUAGE = "promql"
SECTION_SEPARATOR = "\n\n---\n\n"
_LONE_CR = re.compile(r"\r(?!\n)")
"""A line ending for Markdown (and for `mdtext`, which placed escapes by it), a cursor move for a terminal."""


def render(review: Review, omit: Collection[str] = ()) -> str:
    """The review's Markdown, ending with exactly one newline; sections whose key is in `omit` are
    left out (the public rendering, `pirtui.public`)."""
    chunks = [_render_section(section, review) if section.key not in omit else "" for section in SECTIONS]
    keys = [section.key for section in SECTIONS]
    placed: list[list[str]] = [[] for _ in range(len(keys) + 1)]
    for extra in review.extra_sections:
        slot = keys.index(extra.after) + 1 if extra.after in keys else (0 if not extra.after else len(keys))
        text = f"## {mdtext.escape_heading(extra.heading)}"
        if extra.markdown.strip():
            text += "\n\n" + extra.markdown.strip("\n")
        placed[slot].append(text)
    ordered = placed[0]
    for chunk, extras in zip(chunks, placed[1:]):
        ordered.extend([chunk] if chunk else [])
        ordered.extend(extras)
    if review.import_notes:
        notes = _list_lines(review.import_notes, numbered=False)
        ordered.append(f"## {IMPORT_NOTES_HEADING}\n\n{notes}")
    markdown = _LONE_CR.sub("\n", f"# {h1_text(review)}\n\n" + SECTION_SEPARATOR.join(ordered) + "\n")
    return "\r\n".join(inert(part) for part in markdown.split("\r\n"))  # CRLF line endings stay


def h1_text(review: Review) -> str:
    """The H1's text: the incident's ID and title. The importer finds the title by removing
    `escape_cell(id) + ": "` from the front."""
    incident_id, title = review.incident.id, review.title
    if incident_id and title:
        return f"{mdtext.escape_cell(incident_id)}: {mdtext.escape_heading(title)}"
    if incident_id or title:
        return mdtext.escape_heading(incident_id or title)
    return DEFAULT_H1


def _render_section(section: Section, review: Review) -> str:
    parts = [f"## {section.heading}"]
    current_heading = ""
    for block in section.blocks:
        if block.heading and block.heading != current_heading:
            parts.append(f"### {block.heading}")
        current_heading = block.heading
        body = _render_block(section, block, review)
        if body:
            parts.append(body)
    return "\n\n".join(parts)


def _render_block(section: Section, block: Block, review: Review) -> str:
    if block.kind == "fields":
        special = _FIELD_RENDERERS.get(section.key)
        return special(block, review) if special else _fields_table(block, review)
    if block.kind == "static":
        return block.static_markdown
    value = get_path(review, block.path)
    if block.kind == "text":
        return mdtext.escape_text(str(value))
    if block.kind == "code":
        return mdtext.code_block(str(value), block.language) if value else ""
    if block.kind == "list":
        items = _list_lines(value, block.numbered)  # type: ignore[arg-type]
        lead = f"**{block.lead}**" if block.lead else ""
        return "\n\n".join(part for part in (lead, items) if part)
    if block.kind == "checks":
        return _checkboxes(value)
    if block.kind == "table":
        return _records_table(block, value, review)  # type: ignore[arg-type]
    raise ValueError(f"unknown block kind {block.kind!r}")


# --- tables ----------------------------------------------------------------------------------


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GFM table whose cells are already escaped; the delimiter row matches the template's."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("-" * (len(h) + 2) for h in header) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def _fields_table(block: Block, review: Review) -> str:
    rows = [(_label(column, block), mdtext.escape_cell(_field_value(column, review))) for column in block.columns]
    return table(block.header, rows)


def _label(column: Column, block: Block) -> str:
    return f"**{column.label}**" if block.bold_labels else column.label


def _field_value(column: Column, review: Review) -> str:
    value = str(get_path(review, column.key))
    if not value and column.key.startswith("detection.metrics."):
        return computed.computed_metrics(review)[column.key.rsplit(".", 1)[1]]
    return value


def _incident_table(block: Block, review: Review) -> str:
    """The template's Incident Information rows, in its order, with Status appended."""
    columns = {column.key: column for column in block.columns}
    incident = review.incident

    def row(key: str, cell: str) -> tuple[str, str]:
        return (_label(columns[key], block), cell)

    rows = [
        row("incident.id", mdtext.escape_cell(incident.id)),
        (f"**{DATE_TIME_LABEL}**", mdtext.date_time_cell(incident.start, incident.end, incident.timezone)),
        row("incident.duration", mdtext.escape_cell(incident.duration or computed.computed_duration(review))),
        row("incident.severity", mdtext.escape_cell(incident.severity)),
        row("incident.impacted_services", mdtext.list_cell(incident.impacted_services)),
        row("incident.customer_impact", mdtext.escape_cell(incident.customer_impact)),
        row("incident.commander", mdtext.escape_cell(incident.commander)),
        row("incident.author", mdtext.escape_cell(incident.author)),
        row("incident.review_date", mdtext.escape_cell(incident.review_date)),
        row(STATUS_KEY, mdtext.escape_cell(review.status)),
    ]
    return table(block.header, rows)


def _records_table(block: Block, records: list, review: Review) -> str:
    shown = [column for column in block.columns if column.in_markdown]
    header = ([block.number_column] if block.number_column else []) + [column.label for column in shown]
    rows = []
    for position, record in enumerate(records, start=1):
        cells = [str(position)] if block.number_column else []
        for column in shown:
            if block.path == "timeline" and column.key == "event":
                cells.append(mdtext.event_cell(record.event, record.milestone, record.evidence))
            else:
                cells.append(mdtext.escape_cell(str(getattr(record, column.key))))
        rows.append(cells)
    rendered = table(header, rows)
    if block.path == "timeline" and review.incident.timezone:
        rendered = f"All times in {mdtext.escape_cell(review.incident.timezone)}.\n\n{rendered}"
    return rendered


# --- lists and checkboxes ----------------------------------------------------------------------


def _list_lines(items: list[str], numbered: bool) -> str:
    lines = []
    for position, item in enumerate(items, start=1):
        marker = f"{position}." if numbered else "-"
        text = mdtext.escape_item(item, len(marker) + 1)
        lines.append(f"{marker} {text}" if text else marker)
    return "\n".join(lines)


def _checkbox(done: bool, text: str) -> str:
    return f"- [{'x' if done else ' '}]" + (f" {text}" if text else "")


def _checkboxes(value: object) -> str:
    if isinstance(value, DetectionMethods):
        lines = []
        for key, label in DETECTION_METHODS:
            text = label
            if key == "other":
                description = mdtext.escape_item(value.other_description, 2)
                text = f"{label}: {description}" if description else f"{label}:"
            lines.append(_checkbox(bool(getattr(value, key)), text))
        return "\n".join(lines)
    return "\n".join(_checkbox(item.done, mdtext.escape_item(item.text, 2)) for item in value)  # type: ignore[attr-defined]


# --- the special fields blocks ----------------------------------------------------------------


def _metrics_links(block: Block, review: Review) -> str:
    """Relevant Metrics: "- Dashboard URL: ..." and "- Prometheus query: `...`" as the template."""
    lines = []
    for column in block.columns:
        value = str(get_path(review, column.key))
        if not value:
            lines.append(f"- {column.label}:")
        elif column.key not in CODE_FIELDS:
            lines.append(f"- {column.label}: {mdtext.escape_cell(value)}")
        elif "\n" in value or "\r" in value:
            fenced = mdtext.escape_item(mdtext.code_block(value, CODE_FIELD_LANGUAGE), 2)
            lines.append(f"- {column.label}:\n\n  {fenced}")
        else:
            lines.append(f"- {column.label}: {mdtext.code_span(value)}")
    return "\n".join(lines)


def _meeting_lines(block: Block, review: Review) -> str:
    """Review Meeting Notes: "**Date:** ..." and "**Attendees:** ..." joined by a hard break."""
    lines = []
    for column in block.columns:
        value = mdtext.escape_cell(str(get_path(review, column.key)))
        lines.append(f"**{column.label}:**" + (f" {value}" if value else ""))
    return "\\\n".join(lines)


_FIELD_RENDERERS: dict[str, Callable[[Block, Review], str]] = {
    "incident": _incident_table,
    "appendix": _metrics_links,
    "meeting": _meeting_lines,
}
"""Fields blocks the template writes as something other than a Field | Value table."""
