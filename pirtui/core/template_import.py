"""Importing a Markdown review into a team's or a shipped template (`pirtui import --template`,
or the template whose headings the document matches best).

The built-in template keeps its own importer (`pirtui.core.importer`, which also reads other
layouts into it); this one reads any template by its declarations: each H2 is the section whose
heading it is, each H3 the blocks under that heading, and within them tables (by their column
titles or aliases), Field | Value tables (by label), lists, fenced code and text, in the order
the template gives them. What no section takes is kept as an extra section, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from pirtui.core import mdtext
from pirtui.core.model import ExtraSection, set_path
from pirtui.core.sections import Block, Column, Section, sections_of
from pirtui.core.template.template import Template

_PARSER = MarkdownIt("commonmark", {"maxNesting": 40}).enable("table")
_MARKER = re.compile(r"^\s{0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")


def heading_words(text: str) -> str:
    """What identifies a heading, whatever its case, spacing, emphasis or numbering."""
    text = re.sub(r"^\d+(?:\.\d+)*\.\s+", "", text.strip())
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


def h2_headings(markdown: str) -> list[str]:
    """The document's H2 headings, as `heading_words` gives them."""
    return [heading_words(line[3:]) for line in markdown.splitlines() if line.startswith("## ")]


def match_score(template: Template, markdown: str) -> int:
    """How many of the document's H2 headings are sections of the template."""
    wanted = {heading_words(section.heading) for section in template.spec.sections}
    return sum(1 for heading in h2_headings(markdown) if heading in wanted)


def best_template(candidates: list[Template], markdown: str) -> Template:
    """The template whose sections the document's headings match most (the first one on a tie)."""
    return max(candidates, key=lambda template: match_score(template, markdown))


@dataclass
class _Chunk:
    """The block-level tokens under one heading, with the source lines they came from."""

    heading: str
    tokens: list[list[Token]] = field(default_factory=list)
    """Each top-level node: its tokens from open to close."""


def import_into(template: Template, markdown: str) -> tuple[Any, list[str]]:
    """A review of `template` from its Markdown, and warnings for what went elsewhere."""
    lines = markdown.replace("\r\n", "\n").split("\n")
    review: Any = template.models.review()  # the generated class: its fields are known only at run time
    if template.name != "builtin":
        review.template = template.ref
    sections = {heading_words(section.heading): section for section in sections_of(template)}
    h1, parts = _split(_PARSER.parse("\n".join(lines)), lines)
    warnings: list[str] = []
    if parts and not parts[0][0]:  # what comes before the first section ("Date: ...", "Authors: ...")
        _, chunks = parts.pop(0)
        review.import_notes.extend(_source(lines, node) for chunk in chunks for node in chunk.tokens)
    previous = ""
    for heading, chunks in parts:
        section = sections.get(heading_words(heading))
        if section is None:
            body = "\n".join(_source(lines, node) for chunk in chunks for node in chunk.tokens).strip("\n")
            review.extra_sections.append(ExtraSection(heading=heading, after=previous, markdown=body))
            warnings.append(f"section {heading!r} is not in the template {template.ref}: kept as an extra section")
            continue
        previous = section.key
        _read_section(review, section, chunks, lines)
        for chunk in chunks:  # what no block of the section took is kept as a note, never dropped
            where = f"{section.heading} / {chunk.heading}" if chunk.heading else section.heading
            review.import_notes.extend(f"{where}: {_source(lines, node)}" for node in chunk.tokens)
    _read_title(template, review, h1)
    return review, warnings


def _split(tokens: list[Token], lines: list[str]) -> tuple[str, list[tuple[str, list[_Chunk]]]]:
    """The H1's source, and each H2 with its chunks (before the first H3, then one per H3)."""
    h1 = ""
    parts: list[tuple[str, list[_Chunk]]] = [("", [_Chunk("")])]
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            text = tokens[index + 1].content
            if token.tag == "h1" and not h1 and len(parts) == 1:
                h1 = lines[token.map[0]][2:].strip() if token.map else text
            elif token.tag == "h2":
                parts.append((text, [_Chunk("")]))
            elif token.tag == "h3":
                parts[-1][1].append(_Chunk(text))
            index += 3
            continue
        end = _node_end(tokens, index)
        parts[-1][1][-1].tokens.append(tokens[index:end])
        index = end
    for _, chunks in parts[1:-1]:  # the rule before the next H2 separates sections; any other is content
        last = chunks[-1].tokens
        if last and last[-1][0].type == "hr":
            last.pop()
    return h1, parts


def _node_end(tokens: list[Token], index: int) -> int:
    """The index after the top-level node that starts at `index`."""
    depth = 0
    for position in range(index, len(tokens)):
        depth += tokens[position].nesting
        if depth <= 0:
            return position + 1
    return len(tokens)


def _source(lines: list[str], node: list[Token]) -> str:
    start, end = node[0].map or (0, 0)
    return "\n".join(lines[start:end])


def _read_section(review: Any, section: Section, chunks: list[_Chunk], lines: list[str]) -> None:
    by_heading = {heading_words(chunk.heading): chunk for chunk in chunks}
    blocks = [block for block in section.blocks if block.kind != "static" and (block.kind != "checks" or block.checkboxes)]
    for index, block in enumerate(blocks):
        chunk = by_heading.get(heading_words(block.heading))
        if chunk is None:
            continue
        later = [other.kind for other in blocks[index + 1:] if heading_words(other.heading) == heading_words(block.heading)]
        if block.zone_line:
            _read_zone_line(review, block, chunk, lines)
        taken = _take(chunk, block, later)
        if taken:
            _read_block(review, block, taken, lines)


_ZONE_LINE = re.compile(r"^All times in (.*)\.$")


def _read_zone_line(review: Any, block: Block, chunk: _Chunk, lines: list[str]) -> None:
    """ "All times in UTC." above a table: the zone it names goes to the block's `zone_line` path."""
    for position, node in enumerate(chunk.tokens):
        if _kind(node) != "text":
            continue
        match = _ZONE_LINE.match(_source(lines, node).strip())
        if match:
            set_path(review, block.zone_line, mdtext.unescape_cell(match.group(1)))
            chunk.tokens.pop(position)
        return


def _kind(node: list[Token]) -> str:
    return {"table_open": "table", "bullet_list_open": "list", "ordered_list_open": "list", "fence": "code",
            "code_block": "code"}.get(node[0].type, "text")


def _take(chunk: _Chunk, block: Block, later: Sequence[str]) -> list[list[Token]]:
    """The nodes of `chunk` that `block` reads, taken off the chunk."""
    wanted = {"fields": "table", "table": "table", "list": "list", "checks": "list", "code": "code"}.get(block.kind, "text")
    nodes = chunk.tokens
    if block.kind == "list" and block.lead and nodes and _kind(nodes[0]) == "text" and block.lead in nodes[0][1].content:
        nodes.pop(0)
    if wanted != "text":
        for position, node in enumerate(nodes):
            if _kind(node) == wanted:
                return [nodes.pop(position)]
        return []
    stop = next((i for i, node in enumerate(nodes) if _kind(node) in later and _kind(node) != "text"), len(nodes))
    start = next((i for i, node in enumerate(nodes[:stop]) if _kind(node) != "table"), stop)
    taken = nodes[start:stop]
    del nodes[start:stop]
    return taken


def _read_block(review: Any, block: Block, nodes: list[list[Token]], lines: list[str]) -> None:
    if block.kind == "text":
        start = nodes[0][0].map[0] if nodes[0][0].map else 0
        end = nodes[-1][0].map[1] if nodes[-1][0].map else start
        set_path(review, block.path, mdtext.unescape_text("\n".join(lines[start:end]).strip("\n")))
    elif block.kind == "code":
        set_path(review, block.path, mdtext.code_block_content(nodes[0][0].content))
    elif block.kind == "list":
        set_path(review, block.path, _items(nodes[0], lines))
    elif block.kind == "fields":
        _fields(review, block, _rows(nodes[0], lines))
    elif block.kind == "table":
        _table(review, block, _rows(nodes[0], lines))
    elif block.kind == "checks":
        _checks(review, block, _items(nodes[0], lines))


_BOX = re.compile(r"\[(?P<mark>[ xX])\](?:\s+|$)(?P<text>.*)", re.DOTALL)


def _checks(review: Any, block: Block, items: list[str]) -> None:
    """A fixed set of checkboxes ("- [x] Publish on the team's public site"), ticked by their labels;
    "Label: text" fills the text field that follows a box's label."""
    from pirtui.core.model import get_path

    group = get_path(review, block.path)
    boxes = {heading_words(label): (key, described_by) for key, label, described_by in block.checkboxes}
    for item in items:
        match = _BOX.match(item)
        if match is None:
            continue
        label, colon, text = match["text"].partition(":")
        box = boxes.get(heading_words(match["text"])) or (boxes.get(heading_words(label)) if colon else None)
        if box is None:
            continue
        setattr(group, box[0], match["mark"] in "xX")
        if box[1] and colon:
            setattr(group, box[1], text.strip())


def _items(node: list[Token], lines: list[str]) -> list[str]:
    items = []
    depth = 0
    for token in node:
        if token.type == "list_item_open" and depth == 1 and token.map:
            source = lines[token.map[0]:token.map[1]]
            while source and not source[-1].strip():
                source.pop()
            marker = _MARKER.match(source[0])
            width = marker.end() if marker else 0
            first = source[0][width:] if marker else source[0]
            items.append(mdtext.unescape_item("\n".join([first, *source[1:]]), width))
        depth += token.nesting
    return items


def _rows(node: list[Token], lines: list[str]) -> list[list[str]]:
    """A table's rows as raw cell sources, the header first."""
    start, end = node[0].map or (0, 0)
    rows = []
    for number, line in enumerate(lines[start:end]):
        if number == 1:
            continue  # the delimiter row
        inner = line.strip()
        inner = inner[1:] if inner.startswith("|") else inner
        inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
        rows.append([cell.strip() for cell in mdtext.split_unescaped(inner, "|")])
    return rows


def _cell_value(column: Column, source: str) -> Any:
    if column.encoding == "list":
        return mdtext.split_list_cell(source)
    if column.encoding == "ticket":
        return mdtext.split_ticket_cell(source)
    value = mdtext.unescape_cell(source)
    if value not in column.options:  # another layout's word for an option ("done" for "DONE")
        value = dict(column.words).get(value.strip().casefold(), value)
    return value


def _fields(review: Any, block: Block, rows: list[list[str]]) -> None:
    labels = {heading_words(column.label): column for column in block.columns}
    for row in rows[1:]:
        if len(row) >= 2:
            column = labels.get(heading_words(row[0].strip("*")))
            if column is not None:
                set_path(review, column.key, _cell_value(column, row[1]))


def _table(review: Any, block: Block, rows: list[list[str]]) -> None:
    if not rows:
        return
    names = {heading_words(name): column for column in block.columns for name in (column.label, *column.aliases)}
    header = [names.get(heading_words(cell)) for cell in rows[0]]
    target = review
    *parents, last = block.path.split(".")
    for part in parents:
        target = getattr(target, part)
    row_class = type(target).model_fields[last].annotation.__args__[0]
    for cells in rows[1:]:
        values = {column.key: _cell_value(column, cell) for column, cell in zip(header, cells) if column is not None}
        getattr(target, last).append(row_class(**values))


def _read_title(template: Template, review: Any, h1: str) -> None:
    """The title from the H1: "{id}: {title}", or the one of them that is set."""
    title_path, id_path = template.path_of("title"), template.path_of("incident-id")
    incident_id = ""
    if id_path:
        from pirtui.core.model import get_path

        incident_id = str(get_path(review, id_path))
    text = h1
    if incident_id and text.startswith(mdtext.escape_cell(incident_id)):
        text = text[len(mdtext.escape_cell(incident_id)):].removeprefix(":").strip()
    elif not incident_id and text == mdtext.escape_heading(template.spec.title):
        text = ""
    if title_path and text:
        set_path(review, title_path, mdtext.unescape_heading(text))
