"""A review as GitHub-flavoured Markdown, in the template's structure.

The renderer walks `pirtui.core.sections.SECTIONS`: every H2 and H3 heading, table header, row label,
checkbox label and code language comes from there, so the Markdown always follows the template.
Values go through `pirtui.core.mdtext`, whose encoders keep every value inside its cell, list item or
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
  "{event} **[{milestone}]** ([evidence](<{url}>))", each suffix only when set (evidence that is not
  a URL, "PD-88412", is written as it is: "(evidence: PD-88412)"); any milestone, the
  template's or the team's own, and an event that itself ends in "**[...]**" gets its last "*" escaped.
- Every fields block and column is written as `pirtui.core.sections` says (`Block.layout`,
  `Column.encoding`); list items that Markdown would read as a rule ("---") get a backslash.
- 5 Whys: the "#" column is the row's position.
- Checkboxes: "- [x] label"; the "Other" method reads "- [ ] Other: {description}".
- Relevant Metrics: the notes, then "- Dashboard URL: {url}" and "- Prometheus query: `{query}`"
  (a query of several lines becomes a fenced block inside that list item).
- Review Meeting Notes: "**Date:** {date}" and "**Attendees:** {attendees}", joined by a hard
  line break (a trailing backslash).
- Extra sections (kept by an import) follow the section named by their `after` key; import notes
  close the document as "## Import Notes".

What a terminal would obey (escape sequences, other control characters, bidirectional overrides) is
written as the visible symbol the editor draws for it (`pirtui.core.inert`), so that `cat FILE.md` cannot
retitle the window or recolour the screen; a carriage return on its own becomes the line break that
Markdown reads it as anyway. The review keeps every character as typed; importing such Markdown
gives the symbol, not the control.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import replace

from pirtui.core import mdtext
from pirtui.core.inert import inert
from pirtui.core.tickets import ticket_link
from pirtui.core.model import Review, get_path
from pirtui.core.sections import DATE_TIME_LABEL, Block, Column, Section, computed_value, sections_for, template_of

DEFAULT_H1 = "Post-Incident Review"
"""The H1 of a review that has neither an ID nor a title."""
IMPORT_NOTES_HEADING = "Import Notes"
CODE_FIELD_LANGUAGE = "promql"
"""The fence's info string of a `code-span` field of several lines (the Prometheus query)."""
_NOT_A_ROW = frozenset({"heading", "window-end", "window-timezone"})
"""Encodings of fields carried elsewhere: by the H1, or by the Date/Time row."""
SECTION_SEPARATOR = "\n\n---\n\n"
_LONE_CR = re.compile(r"\r(?!\n)")
"""A line ending for Markdown (and for `mdtext`, which placed escapes by it), a cursor move for a terminal."""


CARD_COLUMNS = 4
"""With `cards`, tables of at least this many columns are written as one card per row."""


def render(
    review: Review, omit: Collection[str] = (), ticket_url: str = "", cards: bool = False, omit_roles: Collection[str] = (),
) -> str:
    """The review's Markdown, ending with exactly one newline; sections whose key is in `omit` are
    left out, and so are the fields with one of `omit_roles` (a block or section left with nothing,
    heading and all): the public rendering, `pirtui.core.public`. With a team's `ticket_url`
    pattern, tickets are links to the tracker. `cards` writes wide tables (action items, approvals)
    as one card per row, for reading in a narrow terminal (the editor's preview and presentation at
    80 columns); files are never written that way."""
    sections = sections_for(review)
    hidden = frozenset(path for role in omit_roles for path in template_of(review).paths_with_role(role))
    chunks = [
        _render_section(section, review, ticket_url, cards, hidden) if section.key not in omit else ""
        for section in sections
    ]
    keys = [section.key for section in sections]
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


def incident_id_of(review: Review) -> str:
    """The review's incident ID (the field with the incident-id role; "" for a template without one)."""
    return _by_role(review, "incident-id")


def title_of(review: Review) -> str:
    """The review's title (the field with the title role; "" for a template without one)."""
    return _by_role(review, "title")


def _by_role(review: Review, role: str) -> str:
    path = template_of(review).path_of(role)
    return str(get_path(review, path)) if path else ""


def h1_text(review: Review) -> str:
    """The H1's text: the incident's ID and title. The importer finds the title by removing
    `escape_cell(id) + ": "` from the front."""
    incident_id, title = incident_id_of(review), title_of(review)
    if incident_id and title:
        return f"{mdtext.escape_cell(incident_id)}: {mdtext.escape_heading(title)}"
    if incident_id or title:
        return mdtext.escape_heading(incident_id or title)
    return template_of(review).spec.title or DEFAULT_H1


def _render_section(
    section: Section, review: Review, ticket_url: str = "", cards: bool = False, hidden: frozenset[str] = frozenset(),
) -> str:
    parts = [f"## {section.heading}"]
    current_heading = ""
    blocks = [kept for kept in (_without(block, hidden) for block in section.blocks) if kept is not None]
    if section.blocks and not blocks:
        return ""
    for block in blocks:
        if block.heading and block.heading != current_heading:
            parts.append(f"### {block.heading}")
        current_heading = block.heading
        body = _render_block(section, block, review, ticket_url, cards)
        if body:
            parts.append(body)
    return "\n\n".join(parts)


def _render_block(section: Section, block: Block, review: Review, ticket_url: str = "", cards: bool = False) -> str:
    if block.kind == "fields":
        if block.layout == "items":
            return _field_items(block, review)
        if block.layout == "lines":
            return _field_lines(block, review)
        return _fields_table(block, review)
    if block.kind == "static":
        return block.static_markdown
    value = get_path(review, block.path)
    if block.kind == "text":
        return mdtext.escape_text(str(value))
    if block.kind == "code":
        return mdtext.code_block(str(value), block.language) if value else ""
    if block.kind == "list":
        items = _list_lines(value, block.numbered)
        lead = f"**{block.lead}**" if block.lead else ""
        return "\n\n".join(part for part in (lead, items) if part)
    if block.kind == "checks":
        return _checkboxes(block, value)
    if block.kind == "table" and cards and len([c for c in block.columns if c.in_markdown]) >= CARD_COLUMNS:
        return _records_cards(block, value)
    if block.kind == "table":
        return _records_table(block, value, review, ticket_url)
    raise ValueError(f"unknown block kind {block.kind!r}")


def _without(block: Block, hidden: frozenset[str]) -> Block | None:
    """The block without its fields whose template paths are `hidden` ("sharing.publish",
    "action_items[].owner"); None when that leaves it nothing to show."""
    if not hidden:
        return block
    rows = "[]" if block.kind == "table" else ""
    columns = tuple(c for c in block.columns if (c.key if block.kind == "fields" else f"{block.path}{rows}.{c.key}") not in hidden)
    boxes = tuple(box for box in block.checkboxes if f"{block.path}.{box[0]}" not in hidden)
    if (columns, boxes) == (block.columns, block.checkboxes):
        return block
    return replace(block, columns=columns, checkboxes=boxes) if columns or boxes else None


# --- tables ----------------------------------------------------------------------------------


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GFM table whose cells are already escaped; the delimiter row matches the template's."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("-" * (len(h) + 2) for h in header) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def _fields_table(block: Block, review: Review) -> str:
    """A Field | Value table, one row per field in the block's order, each cell in its encoding."""
    rows = []
    for column in block.columns:
        if column.encoding in _NOT_A_ROW:
            continue
        if column.encoding == "window-start":
            window = {c.encoding: str(get_path(review, c.key)) for c in block.columns}
            cell = mdtext.date_time_cell(window["window-start"], window["window-end"], window["window-timezone"])
            rows.append((_label(DATE_TIME_LABEL, block), cell))
        elif column.encoding == "list":
            items = get_path(review, column.key)
            rows.append((_label(column.label, block), mdtext.list_cell(items)))
        else:
            rows.append((_label(column.label, block), mdtext.escape_cell(_shown_value(column, review))))
    return table(block.header, rows)


def _label(label: str, block: Block) -> str:
    return f"**{label}**" if block.bold_labels else label


def _shown_value(column: Column, review: Review) -> str:
    """The typed value, or, left empty, the value computed from the rest of the review."""
    value = str(get_path(review, column.key))
    return value or computed_value(review, column.key) or ""


def _records_table(block: Block, records: list, review: Review, ticket_url: str = "") -> str:
    shown = [column for column in block.columns if column.in_markdown]
    riders = [column.key for column in block.columns if column.encoding == "in-event"]
    header = ([block.number_column] if block.number_column else []) + [column.label for column in shown]
    rows = []
    for position, record in enumerate(records, start=1):
        cells = [str(position)] if block.number_column else []
        for column in shown:
            value = str(getattr(record, column.key))
            if column.encoding == "event":
                cells.append(mdtext.event_cell(value, *(str(getattr(record, key)) for key in riders)))
            elif column.encoding == "ticket":
                cells.append(mdtext.ticket_cell(value, ticket_link(value, ticket_url) if ticket_url else ""))
            else:
                cells.append(mdtext.escape_cell(value))
        rows.append(cells)
    rendered = table(header, rows)
    zone = str(get_path(review, block.zone_line)) if block.zone_line else ""
    if zone:
        rendered = f"All times in {mdtext.escape_cell(zone)}.\n\n{rendered}"
    return rendered


def _records_cards(block: Block, records: list) -> str:
    """One list item per row, "**Label:** value" for each filled column, so that at 80 columns
    every owner, due date and status reads without scrolling sideways."""
    shown = [column for column in block.columns if column.in_markdown]
    cards = []
    for record in records:
        parts = [
            f"**{column.label}:** {mdtext.escape_cell(str(getattr(record, column.key)))}"
            for column in shown
            if str(getattr(record, column.key)).strip()
        ]
        cards.append("- " + (" · ".join(parts) or "(empty row)"))
    return "\n".join(cards) if cards else "(none yet)"


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


def _checkboxes(block: Block, value: object) -> str:
    if not isinstance(value, list):
        lines = []
        for key, label, described_by in block.checkboxes:
            text = label
            if described_by:
                description = mdtext.escape_item(str(getattr(value, described_by)), 2)
                text = f"{label}: {description}" if description else f"{label}:"
            lines.append(_checkbox(bool(getattr(value, key)), text))
        return "\n".join(lines)
    return "\n".join(_checkbox(item.done, mdtext.escape_item(item.text, 2)) for item in value)


# --- fields written as list items or lines ----------------------------------------------------


def _field_items(block: Block, review: Review) -> str:
    """Relevant Metrics: "- Dashboard URL: ..." and "- Prometheus query: `...`" as the template."""
    lines = []
    for column in block.columns:
        value = str(get_path(review, column.key))
        if not value:
            lines.append(f"- {column.label}:")
        elif column.encoding != "code-span":
            lines.append(f"- {column.label}: {mdtext.escape_cell(value)}")
        elif "\n" in value or "\r" in value:
            fenced = mdtext.escape_item(mdtext.code_block(value, CODE_FIELD_LANGUAGE), 2)
            lines.append(f"- {column.label}:\n\n  {fenced}")
        else:
            lines.append(f"- {column.label}: {mdtext.code_span(value)}")
    return "\n".join(lines)


def _field_lines(block: Block, review: Review) -> str:
    """Review Meeting Notes: "**Date:** ..." and "**Attendees:** ..." joined by a hard break."""
    lines = []
    for column in block.columns:
        value = mdtext.escape_cell(str(get_path(review, column.key)))
        lines.append(f"**{column.label}:**" + (f" {value}" if value else ""))
    return "\\\n".join(lines)
