"""Importing a review that was written by hand in Markdown from the template.

Teams already keep reviews as Markdown files in wikis and repositories. This module reads such a file
with a real Markdown parser (markdown-it-py, walking its syntax tree and cutting raw source out of the
file by each node's line range) and fills a `Review`, recognising headings, fields and columns through
`pirtui.core.sections`. Nothing is refused and nothing is dropped silently: values import as written (the
checks judge them later), the template's placeholders and **Example:** guidance import as empty, a
team's own sections are kept as extra sections, and anything else that cannot be placed is kept as an
import note and reported as a warning.

Reviews in other layouts (the Google SRE book's postmortem: "Action Item", "Bug", DONE / TODO,
"(all times UTC)") fill the template's columns through the aliases and status words that
`pirtui.core.sections` declares; a field the source does not state stays empty, never a default.

It reads into the built-in template, and asks it by role where a part behaves in its own way: the
table with the timeline role (lists of times, headings per time, a Date or Who column beside the
time), the action items' and the 5 Whys' tables (written as lists), the incident's ID and zone, and
the checkboxes that are a fixed set (the detection methods) rather than rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from pirtui.core import layout_names, mdtext
from pirtui.core.guidance import EXAMPLE_LEADS, is_example, is_placeholder, squash
from pirtui.core.model import ChecklistItem, ExtraSection, Review, get_path, row_model, set_path
from pirtui.core.render import DEFAULT_H1, IMPORT_NOTES_HEADING
from pirtui.core.sections import (
    DATE_TIME_LABEL, DETECTION_METHODS, SECTIONS, Block, Column, Section, computed_value, template_of,
)
from pirtui.core.store import read_text
from pirtui.core.template import roles
from pirtui.core.timeparse import TIMEZONE_ABBREVIATIONS

MAX_NESTING = 100
"""How deep markdown-it-py may nest blocks (a list level takes two). Its CommonMark preset stops at
20 (ten list levels) and silently swallows the rest of the document into the deepest item; at this
limit the import is refused rather than lose the sections that follow."""
_PARSER = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table")

TIMELINE, ACTIONS, WHYS = "incident-timeline", "action-items", "whys"
"""The roles of the tables that other layouts write as lists or headings."""

TEMPLATE_HEADING = "Post-Incident Review Template"
"""The template's own H1: like the renderer's `DEFAULT_H1`, it means the review has no title yet."""

_TIMEZONE_LINE = re.compile(r"all times (?:are )?in (?P<tz>.+?)\.?", re.IGNORECASE)
_LOOSE_TIMEZONE = re.compile(r"\ball times (?:are )?(?:in )?(?P<tz>[A-Za-z][\w/+\-]*)", re.IGNORECASE)
"""Other layouts' time zone phrases: "2015-10-21 (all times UTC)", "All times are PST"."""
_LIST_MARKER = re.compile(r"(?P<marker> {0,3}(?:[-+*]|\d{1,9}[.)]))(?P<gap>[ \t]*)")
_CHECKBOX = re.compile(r"\[(?P<mark>[ xX])\](?:\s+|$)")
_BOLD_LABEL = re.compile(r"(\*\*|__)(?P<label>.+?)\1(?P<rest>.*)")
_NUMBERED_HEADING = re.compile(r"\d+(?:\.\d+)*\.\s+")
_WINDOW_SEPARATOR = re.compile(r"\s+(?:-|–|—|to)\s+")
_ZONE_PHRASES = [re.compile(phrase, re.IGNORECASE) for phrase in layout_names.ZONE_PHRASES]
_TIME = r"(?:\d{4}-\d{2}-\d{2}[ T])?[~≈]?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?"
_ZONE_WORD = "(?:" + "|".join(sorted(TIMEZONE_ABBREVIATIONS, key=len, reverse=True)) + r")(?![\w/])"
_TIMED = re.compile(
    rf"(?P<open>\*\*|__|`)?(?P<time>{_TIME})(?:\s+(?P<zone>{_ZONE_WORD}))?(?P=open)?"
    rf"(?:\s*(?:[-–—:|]|\s)\s*)(?P<event>\S.*)?",
    re.DOTALL,
)
"""A timeline written as a list or as headings: "- 09:47 ...", "**09:47** - ...", "* 14:02 UTC ..."."""
_ACTOR_KEYS = {" ".join(re.sub(r"[^0-9a-z]+", " ", name.casefold()).split())
               for name in layout_names.TIMELINE_ACTOR_COLUMNS}
_DATE_ONLY = re.compile(r"(?:\*\*|__)?(\d{4}-\d{2}-\d{2})(?:\*\*|__)?(?:\s*\(.*\))?")


@dataclass
class ImportResult:
    """A review read from Markdown, and one line per thing that could not be placed in it.

    Each warning is also kept, with the text it is about, in `review.import_notes`.
    """

    review: Review
    warnings: list[str] = field(default_factory=list)


class NotAReview(ValueError):
    """The text has no section of the template in it."""


class NestedTooDeep(NotAReview):
    """Lists or quotes nest deeper than `MAX_NESTING`: the parser would drop what follows them."""


def import_file(path: Path) -> ImportResult:
    """Import the Markdown review at `path`.

    Raises `pirtui.core.store.ReviewFileError` for a missing, binary or non-UTF-8 file and `NotAReview`
    for a file with no section of the template in it; both messages are one line naming the file.
    """
    text = read_text(path)
    try:
        return import_markdown(text)
    except NestedTooDeep as error:
        raise NestedTooDeep(f"{path}: {error}") from None
    except NotAReview:
        raise NotAReview(f"{path}: not a post-incident review (no section of the template in it)") from None


def import_markdown(text: str) -> ImportResult:
    """Turn the Markdown of a review into a `Review`; `NotAReview` when no template section is in it."""
    return _Reader(text).read()


def heading_key(text: str) -> str:
    """What identifies a heading or label, whatever its spacing, case, emphasis or numbering.

    "##   5 whys  ANALYSIS" and "**Incident ID:**" match "5 Whys Analysis" and "Incident ID".
    """
    text = _NUMBERED_HEADING.sub("", text.strip(), count=1)
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


def _clear_placeholder(value: str) -> str:
    return "" if is_placeholder(value) else value


def split_date_time(text: str) -> tuple[str, str, str | None]:
    """Start, end and timezone (None if not given) from "2024-01-15 14:30 - 15:15 (UTC)"."""
    rest, timezone = text.strip(), None
    if rest.endswith(")") and "(" in rest:
        cut = rest.rfind("(")
        rest, timezone = rest[:cut].strip(), rest[cut + 1 : -1].strip()
    if rest in ("-", "–", "—"):
        return "", "", timezone
    if rest[:2] in ("- ", "– ", "— "):
        return "", rest[2:].strip(), timezone
    if rest[-2:] in (" -", " –", " —"):
        return rest[:-2].strip(), "", timezone
    parts = _WINDOW_SEPARATOR.split(rest, maxsplit=1)
    return parts[0].strip(), (parts[1].strip() if len(parts) > 1 else ""), timezone


def split_event(source: str) -> tuple[str, str, str]:
    """Event text, milestone and evidence URL from the source of a timeline Event cell.

    The renderer writes "{event} **[{milestone}]** ([evidence](<{url}>))" (`pirtui.core.mdtext`), and
    escapes an event that itself ends that way, so a bold bracketed word at the end is the milestone,
    one of the template's or the team's own ("rollback started"; the checks name unknown ones).
    """
    evidence = ""
    bare = source.rfind(" ([evidence](")
    if bare >= 0 and source.endswith("))") and not source.endswith(">))"):
        # written by hand (or by an older renderer) without the angle brackets
        source, evidence = source[:bare], source[bare + len(" ([evidence](") : -2]
    event, milestone, linked = mdtext.split_event_cell(source)
    return event, milestone, evidence or linked


@dataclass
class _Part:
    """A run of block nodes under one heading, with the heading's text."""

    heading: str
    nodes: list[SyntaxTreeNode]
    heading_node: SyntaxTreeNode | None = None
    timeline_taken: bool = False


class _Reader:
    """One import: walks the syntax tree section by section and fills a fresh review."""

    def __init__(self, text: str):
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")  # BOM, Windows lines
        self.lines = text.split("\n")
        tokens = _PARSER.parse(text)
        if any(token.nesting == 1 and token.level >= MAX_NESTING - 1 for token in tokens):
            raise NestedTooDeep(
                f"lists or quotes nest more than {MAX_NESTING // 2 - 1} levels deep, which pirtui cannot "
                "import without losing what follows; flatten the deepest list and import again"
            )
        self.root = SyntaxTreeNode(tokens)
        self.review = Review()
        self.template = template_of(self.review)
        roles.set_by_role(self.template, self.review, "incident-zone", "")
        self.read_notes: list[str] = []
        self.new_notes: list[str] = []
        self.warnings: list[str] = []
        self.date_time_zone: str | None = None
        self.timeline_zone: str | None = None
        self.typed_computed: dict[str, str] = {}
        """Values typed into fields that are computed when empty; kept only where they differ."""
        self.h1_source = ""
        self.title_from_table = False
        self.seen: set[str] = set()
        """The template sections already filled (a second one with the same name goes to the notes)."""
        self.day_before: dict[int, str] = {}
        """A timeline's date heading ("### 2024-02-01"), by the id of the node that follows it."""
        self.pending_day = ""

    # ----- the tables, by role -----

    def _rows(self, role: str) -> list[Any]:
        """The rows of the table with `role` so far."""
        return roles.rows(self.template, self.review, role)

    def _columns(self, role: str) -> list[str]:
        """The keys of the columns of the table with `role`, in the template's order."""
        path = self.template.table_path(role)
        return [field.spec.key for field in self.template.fields if field.path.startswith(f"{path}[].")]

    def _by_role(self, role: str, values: dict[str, str]) -> dict[str, str]:
        """Values given by column role -> by the column's key in the table with `role`."""
        return {key: value for column_role, value in values.items()
                if (key := self.template.column_of(role, column_role))}

    def _row(self, role: str, values: dict[str, str]) -> Any:
        """A row of the table with `role`: `values` by column key, every other column empty (not its default)."""
        path = self.template.table_path(role) or ""
        return row_model(path)(**{key: "" for key in self._columns(role)} | values)

    def _add_rows(self, role: str, rows: list[Any]) -> None:
        """Append rows to the table with `role`."""
        path = self.template.table_path(role)
        if rows and path:
            set_path(self.review, path, [*get_path(self.review, path), *rows])

    # ----- the document -----

    def read(self) -> ImportResult:
        """Fill the review from the whole document."""
        self.section_tag, self.subsection_tag = self._levels()
        preamble, sections = self._split(self.root.children, self.section_tag)
        if self.section_tag == "h1" and sections and _section_for(sections[0].heading) is None \
                and _subsection_for(sections[0].heading) is None and not self.h1_source:
            title = sections.pop(0)  # "# Title" above "# Summary", "# Timeline": one level higher
            self.h1_source = title.heading
            preamble = _Part("", preamble.nodes + title.nodes)
        deeper = {"h1": "h2", "h2": "h3", "h3": "h4"}[self.section_tag]
        before, early = self._split(preamble.nodes, deeper)
        if any(_section_for(part.heading) or _subsection_for(part.heading) for part in early):
            preamble, sections = before, [*early, *sections]  # "### Summary" under the title, before any "##"
        found = False
        seen = self.seen
        own = {section.key for part in sections if not _by_alias(part.heading)
               for section in [_section_for(part.heading)] if section is not None}
        after = ""
        for node in preamble.nodes:
            if node.type == "heading" and node.tag == "h1" and not self.h1_source:
                self.h1_source = self._inline(node)
        rest = [n for n in preamble.nodes if not (n.type == "heading" and n.tag == "h1")]
        if not any(_section_for(part.heading) or _subsection_for(part.heading) for part in sections):
            body = [n for n in self.root.children if not (n.type == "heading" and n.tag == "h1")]
            left = self._timeline_headings(body)
            if self._rows(TIMELINE):  # a timeline of one heading per time, and no template heading
                found, rest, sections = True, [], []
                if self._meaningful(left):
                    self._extra("", "", left)
            else:
                found = self._timeline_anywhere(rest, sections)
                if found:
                    rest = []
        if self._meaningful(rest):
            self._extra("", after, rest)
        for part in sections:
            if part.timeline_taken:
                continue
            section = _section_for(part.heading)
            if section is not None and section.key in own and _by_alias(part.heading):
                section = None  # "Summary" beside the template's own Executive Summary: the writer's own
            sub = _subsection_for(part.heading) if section is None else None
            if sub is not None and sub[0].key in own and _by_alias(part.heading):
                sub = None  # "Trigger" beside the template's own Root Cause Analysis
            if section is not None:
                self._zone_in_heading(part.heading, section)
            if section is not None and section.key not in seen:
                found = True
                seen.add(section.key)
                self._section(section, part.nodes)
                after = section.key
            elif sub is not None:
                found = True
                self._nested(f"{sub[0].heading} / {part.heading}", part.nodes, sub[1])
                after = after or sub[0].key
            elif heading_key(part.heading) == heading_key(IMPORT_NOTES_HEADING):
                self._import_notes(part.nodes)
            elif section is not None:
                self._unplaced(f"{section.heading} (repeated)", part.nodes, heading=part.heading_node)
            else:
                self._extra(part.heading, after, part.nodes)
        if not found:
            raise NotAReview("no section of the post-incident review template in it (nor a timeline)")
        self._finish()
        self.review.import_notes = self.read_notes + self.new_notes
        return ImportResult(self.review, self.warnings)

    def _finish(self) -> None:
        """What depends on more than one section: title, timezone, computed values."""
        review = self.review
        zone = self.date_time_zone or self.timeline_zone or ""
        roles.set_by_role(self.template, review, "incident-zone",
                          layout_names.ZONE_NAMES.get(" ".join(zone.casefold().split()), zone))
        self._read_h1()
        for path, typed in self.typed_computed.items():
            computed = computed_value(review, path)
            set_path(review, path, "" if typed.strip() and typed.strip() == computed else typed)

    def _read_h1(self) -> None:
        """Title from "# {id}: {title}", "# {id}" or "# {title}" (the renderer's `h1_text`)."""
        source, incident_id = self.h1_source, roles.text(self.template, self.review, "incident-id")
        if not source or heading_key(source) in (heading_key(TEMPLATE_HEADING), heading_key(DEFAULT_H1)):
            return
        prefix = mdtext.escape_cell(incident_id) + ":"
        if incident_id and mdtext.unescape_heading(source) == incident_id:
            title = ""
        elif incident_id and source.startswith(prefix):
            title = mdtext.unescape_heading(source[len(prefix) :].strip())
        else:
            title = mdtext.unescape_heading(source)
        if self.title_from_table:
            if title and title != self.review.title:
                self._note("Title", "the first heading differs from the Title field", source)
            return
        self.review.title = title

    def _split(self, nodes: list[SyntaxTreeNode], tag: str) -> tuple[_Part, list[_Part]]:
        """The nodes before the first heading of level `tag`, and one part per such heading."""
        before = _Part("", [])
        parts: list[_Part] = []
        for node in nodes:
            if node.type == "heading" and node.tag == tag:
                parts.append(_Part(self._inline(node), [], node))
            else:
                (parts[-1] if parts else before).nodes.append(node)
        if tag == getattr(self, "section_tag", "h2"):  # the "---" that separates sections (one: a second is the writer's own)
            for part in [before, *parts]:
                if part.nodes and part.nodes[-1].type == "hr":
                    part.nodes.pop()
        return before, parts

    # ----- sections -----

    def _section(self, section: Section, nodes: list[SyntaxTreeNode]) -> None:
        """Fill one template section, H3 by H3, from the blocks that sit under each heading."""
        if _is_timeline(section):
            nodes = self._timeline_headings(nodes)
        intro, subsections = self._split(nodes, self.subsection_tag)
        by_heading: dict[str, list[Block]] = {}
        for block in section.blocks:
            by_heading.setdefault(heading_key(block.heading), []).append(block)
        for block in section.blocks:  # "### What went well" written instead of "**What went well:**"
            if block.lead:
                by_heading.setdefault(heading_key(block.lead), [replace(block, lead="")])
        for part in [intro, *subsections]:
            where = f"{section.heading} / {part.heading}" if part.heading else section.heading
            blocks = by_heading.get(heading_key(part.heading))
            elsewhere = _subsection_for(part.heading) if blocks is None and part.heading else None
            other = _section_for(part.heading) if blocks is None and elsewhere is None and part.heading else None
            if blocks is not None:
                self._fill(blocks, part.nodes, where)
            elif elsewhere is not None:
                self._fill(elsewhere[1], part.nodes, f"{elsewhere[0].heading} / {part.heading}")
            elif other is not None and other.key not in self.seen and other.key != section.key:
                self.seen.add(other.key)  # "### Chain of Events" under "## What Happened": the timeline
                self._zone_in_heading(part.heading, other)
                self._section(other, part.nodes)
            else:
                self._unplaced(where, part.nodes, heading=part.heading_node)

    def _fill(self, blocks: list[Block], nodes: list[SyntaxTreeNode], where: str) -> None:
        """Give each block of one subsection its nodes; text blocks take what the others leave."""
        left = self._without_examples(nodes)
        skipped_lines: set[int] = set()
        if any(block.zone_line for block in blocks):  # first: a zone beside a time is told apart from it
            left = self._timeline_zone(left)
        for block in blocks:
            if block.kind == "static":
                self._static(block, left, where)
                left = []
            elif block.kind == "code":
                node = _first(left, ("fence", "code_block"))
                if node is not None:
                    left.remove(node)
                    self._code(block, node)
            elif block.kind == "table":
                node = _first(left, ("table",))
                if node is not None:
                    left.remove(node)
                    self._table(block, node, where)
                elif block.role == TIMELINE:
                    left = self._timeline_lists(left)
                elif block.role == ACTIONS:
                    left = self._action_lists(left)
                elif block.role == WHYS:
                    left = self._why_lists(left)
            elif block.kind == "checks":
                node = next((n for n in left if _is_list(n) and self._is_checklist(n)), None)
                if node is not None:
                    left.remove(node)
                    self._checks(block, node, where)
        for block in blocks:
            if block.kind == "list" and block.lead:
                left = self._lead_list(block, left)
        for block in blocks:
            if block.kind == "list" and not block.lead:
                lists = _first_run(left, _is_list)
                if lists:
                    left = [n for n in left if all(n is not m for m in lists)]
                    set_path(self.review, block.path, [i for n in lists for i in self._list_items(n)])
            elif block.kind == "fields":
                beside_text = any(other.kind == "text" for other in blocks)
                left = self._fields(block, left, skipped_lines, where, beside_text)
        text_block = next((block for block in blocks if block.kind == "text"), None)
        if text_block is not None:
            text = self._source(left, skipped_lines)
            set_path(self.review, text_block.path, "" if is_placeholder(text) else mdtext.unescape_text(text))
        elif self._meaningful(left):
            self._unplaced(where, left)

    # ----- other layouts -----

    def _levels(self) -> tuple[str, str]:
        """The heading levels of sections and of their parts: ("h2", "h3") as the template writes
        them; ("h1", "h2") when its headings are one level higher; ("h3", "h4") for layouts that put
        every section under an H1 title at H3 (dastergon/postmortem-templates' Azure and Kehoe ones)."""
        headings = [n for n in self.root.children if n.type == "heading"]
        known = lambda tag: any(n.tag == tag and _section_for(self._inline(n)) for n in headings)  # noqa: E731
        named = lambda tag: any(  # noqa: E731
            n.tag == tag and (_section_for(self._inline(n)) or _subsection_for(self._inline(n))) for n in headings
        )
        if known("h1") and not known("h2"):
            return "h1", "h2"
        if not named("h1") and not named("h2") and named("h3"):
            return "h3", "h4"
        return "h2", "h3"

    def _nested(self, where: str, nodes: list[SyntaxTreeNode], blocks: list[Block]) -> None:
        """A part that fills part of a template section ("## Root Causes"), with headings of its own
        under it ("### What went well?"): each of those goes where it names, or to the notes."""
        intro, parts = self._split(nodes, self.subsection_tag)
        self._fill(blocks, intro.nodes, where)
        for part in parts:
            elsewhere = _subsection_for(part.heading)
            other = _section_for(part.heading) if elsewhere is None else None
            if elsewhere is not None:
                self._fill(elsewhere[1], part.nodes, f"{elsewhere[0].heading} / {part.heading}")
            elif other is not None and other.key not in self.seen:
                self.seen.add(other.key)  # "### Chain of Events" under "## What Happened": the timeline
                self._zone_in_heading(part.heading, other)
                self._section(other, part.nodes)
            else:
                self._unplaced(f"{where} / {part.heading}", part.nodes, heading=part.heading_node)

    def _zone_in_heading(self, heading: str, section: Section) -> None:
        """ "## Timeline (all times UTC)", "## Timeline (PST)": the zone of the timeline."""
        if not _is_timeline(section) or self.timeline_zone:
            return
        zone = _zone_named(heading)
        if zone:
            self.timeline_zone = zone

    def _timeline_anywhere(self, preamble: list[SyntaxTreeNode], parts: list[_Part]) -> bool:
        """A document with none of the template's headings but a timeline (a list or table of times):
        the timeline is read from where it is; the rest stays as the writer's own sections."""
        for part in [_Part("", preamble), *parts]:
            nodes = self._timeline_headings(part.nodes)
            timed = [n for n in nodes if (_is_list(n) and self._timed_items(n)) or n.type == "table"]
            if not timed or (timed[0].type == "table" and not _time_header(self._table_cells(timed[0], "")[0])):
                continue
            block = next(b for b in _timeline_section().blocks if b.kind == "table")
            self._zone_in_heading(part.heading, _timeline_section())
            left = self._timeline_zone(nodes)
            if timed[0].type == "table":
                left.remove(timed[0])
                self._table(block, timed[0], "Timeline")
            else:
                left = self._timeline_lists(left)
            if not self._rows(TIMELINE):
                continue
            if part.heading:
                part.timeline_taken = True
                if self._meaningful(left):
                    self._extra(part.heading, _timeline_section().key, left)
            elif self._meaningful(left):
                self._extra("", "", left)
            return True
        return False

    def _timed_items(self, node: SyntaxTreeNode) -> list[tuple[str, str]]:
        """(time, event) of the list items that start with a time; [] unless most of them do."""
        rows = []
        for item in node.children:
            source, width = self._item_source(item)
            match = _TIMED.fullmatch(source.strip())
            if match and match["event"]:
                rows.append((self._time_text(match), mdtext.unescape_item(match["event"].strip(), width)))
        return rows if rows and len(rows) * 2 >= len(node.children) else []

    def _time_text(self, match: re.Match[str]) -> str:
        """The time as written; a zone written beside it sets the timeline's zone (once) and is kept
        only when it differs from that zone."""
        time, zone = match["time"], match["zone"] or ""
        if zone and not self.timeline_zone and not self.date_time_zone:
            self.timeline_zone = zone
        if zone and zone not in (self.timeline_zone, self.date_time_zone):
            return f"{time} {zone}"
        return time

    def _why_lists(self, nodes: list[SyntaxTreeNode]) -> list[SyntaxTreeNode]:
        """The five whys written as a list ("1. Why did X fail? Because Y."): a question up to its
        question mark and the answer after it; an item without one is an answer on its own."""
        lists = _first_run(nodes, _is_list)
        if not lists:
            return nodes
        whys = []
        for node in lists:
            for item in node.children:
                text = mdtext.unescape_item(*self._item_source(item)).strip()
                if not text or is_placeholder(text):
                    continue
                question, mark, answer = text.partition("?")
                pair = (question + mark, answer.strip()) if mark else ("", text)
                question, answer = self._columns(WHYS)[:2]  # a why's two columns, in the template's order
                whys.append(self._row(WHYS, {question: pair[0].strip(), answer: pair[1]}))
        self._add_rows(WHYS, whys)
        return [n for n in nodes if all(n is not m for m in lists)]

    def _action_lists(self, nodes: list[SyntaxTreeNode]) -> list[SyntaxTreeNode]:
        """Action items written as a list ("- Improve the router's input checks", "- [x] Add an alert",
        "- **DONE** Fix X"): one action each; a status written in it is read, nothing else is made up."""
        lists = _first_run(nodes, _is_list)
        if not lists:
            return nodes
        items = []
        for node in lists:
            for item in node.children:
                source, width = self._item_source(item)
                text = source.strip()
                status, rest = _status_in_cell(text)
                box = _CHECKBOX.match(text)
                if not status and box:
                    status, rest = ("Done" if box["mark"] in "xX" else "Open"), text[box.end() :]
                action = mdtext.unescape_item(rest.strip() if status else text, width)
                if action and not is_placeholder(action):
                    items.append(self._row(ACTIONS, self._by_role(ACTIONS, {"action-text": action, "action-status": status})))
        self._add_rows(ACTIONS, items)
        return [n for n in nodes if all(n is not m for m in lists)]

    def _timeline_lists(self, nodes: list[SyntaxTreeNode]) -> list[SyntaxTreeNode]:
        """Timeline rows from lists of timed items ("- 09:47 alert fires"); a date line or heading
        above a list dates its first row. Items without a time stay, for the import notes."""
        left: list[SyntaxTreeNode] = []
        rows: list[Any] = []
        day = ""
        for node in nodes:
            day = self.day_before.pop(id(node), "") or day
            if node.type == "paragraph":
                date_line = _DATE_ONLY.fullmatch(self._inline(node).strip())
                if date_line:
                    day = date_line[1]
                    zone = _zone_named(self._inline(node))
                    if zone and not self.timeline_zone:
                        self.timeline_zone = zone
                    continue
            timed = self._timed_items(node) if _is_list(node) else []
            if not timed:
                left.append(node)
                continue
            for index, (time, event) in enumerate(timed):
                if index == 0 and day and not re.match(r"\d{4}-", time):
                    time = f"{day} {time}"
                rows.append(self._row(TIMELINE, self._by_role(TIMELINE, {"timeline-time": time, "timeline-event": event})))
            day = ""
            untimed = [item for item in node.children if not _TIMED.fullmatch(self._item_source(item)[0].strip())]
            for item in untimed:
                self._note("Timeline", "a list item without a time", self._item_source(item)[0])
        self._add_rows(TIMELINE, rows)
        return left

    def _timeline_headings(self, nodes: list[SyntaxTreeNode]) -> list[SyntaxTreeNode]:
        """A timeline of one heading per time ("### 09:47 UTC" or "### 09:47 - Alert fires", the text
        under it): each becomes a row, the text under it the event (or the rest of it)."""
        out: list[SyntaxTreeNode] = []
        rows: list[Any] = []
        index = 0
        while index < len(nodes):
            node = nodes[index]
            heading = self._inline(node).strip() if node.type == "heading" else ""
            dated = _DATE_ONLY.fullmatch(heading) if heading else None
            if dated is not None and node.tag != "h1":  # "### 2024-02-01" above that day's times
                zone = _zone_named(heading)
                if zone and not self.timeline_zone:
                    self.timeline_zone = zone
                if index + 1 < len(nodes):
                    self.day_before[id(nodes[index + 1])] = dated[1]
                else:
                    self.pending_day = dated[1]
                index += 1
                continue
            match = _TIMED.fullmatch(heading + " ") if heading else None
            if match is None or node.tag == "h1":
                out.append(node)
                index += 1
                continue
            body: list[SyntaxTreeNode] = []
            index += 1
            while index < len(nodes) and nodes[index].type != "heading":
                body.append(nodes[index])
                index += 1
            heading_event = (match["event"] or "").strip()
            text = self._source(body)
            event = "\n\n".join(part for part in (heading_event, text) if part)
            time = self._time_text(match)
            day = self.day_before.pop(id(node), "") or self.pending_day
            self.pending_day = ""
            if day and not re.match(r"\d{4}-", time):
                time = f"{day} {time}"
            rows.append(self._row(TIMELINE, self._by_role(TIMELINE, {
                "timeline-time": time, "timeline-event": mdtext.unescape_text(event)})))
        self._add_rows(TIMELINE, rows)
        return out

    def _without_examples(self, nodes: list[SyntaxTreeNode]) -> list[SyntaxTreeNode]:
        """The nodes without the template's guidance: an "**Example:**" line and the quote under it."""
        out: list[SyntaxTreeNode] = []
        index = 0
        while index < len(nodes):
            node = nodes[index]
            follow = nodes[index + 1] if index + 1 < len(nodes) else None
            lead = self._inline(node).strip() if node.type == "paragraph" else ""
            if lead in EXAMPLE_LEADS and follow is not None and follow.type == "blockquote":
                index += 2
                continue
            out.append(node)
            index += 1
        return out

    def _static(self, block: Block, nodes: list[SyntaxTreeNode], where: str) -> None:
        """Static text is the template's own; a changed copy is kept as a note rather than lost."""
        text = self._source(nodes)
        if squash(text) and squash(text) != squash(block.static_markdown):
            self._note(where, "its text differs from the template's", text)

    def _code(self, block: Block, node: SyntaxTreeNode) -> None:
        content = mdtext.code_block_content(node.content)
        if is_example(block.path, [(content.strip(),)]) or is_placeholder(content):
            content = ""
        set_path(self.review, block.path, content)

    def _lead_list(self, block: Block, nodes: list[SyntaxTreeNode]) -> list[SyntaxTreeNode]:
        """A "**What went well:**" paragraph and the list that follows it."""
        for index, node in enumerate(nodes):
            if node.type == "paragraph" and heading_key(self._inline(node)) == heading_key(block.lead):
                follow = nodes[index + 1] if index + 1 < len(nodes) else None
                if follow is not None and _is_list(follow):
                    set_path(self.review, block.path, self._list_items(follow))
                    return nodes[:index] + nodes[index + 2 :]
                return nodes[:index] + nodes[index + 1 :]
        return nodes

    def _timeline_zone(self, nodes: list[SyntaxTreeNode]) -> list[SyntaxTreeNode]:
        """The "All times in PST." line above the timeline, or another layout's "(all times UTC)".

        A line that says more than the zone (the SRE book's "2015-10-21 (all times UTC)") gives the
        zone and stays, whole, for the import notes: its date has no field to go to."""
        for node in nodes:
            if node.type != "paragraph":
                continue
            line = self._inline(node).strip()
            bold = _BOLD_LABEL.fullmatch(line)
            if bold and not bold["rest"].strip():  # "**All times in UTC**"
                line = bold["label"].strip()
            match = _TIMEZONE_LINE.fullmatch(line)
            if match:
                self.timeline_zone = mdtext.unescape_cell(_clear_placeholder(match["tz"]))
                return [n for n in nodes if n is not node]
            loose = _LOOSE_TIMEZONE.search(line)
            if loose:
                self.timeline_zone = loose["tz"]
                bare = line.strip("().").strip()
                whole = _LOOSE_TIMEZONE.fullmatch(bare)
                return [n for n in nodes if n is not node] if whole else nodes
        return nodes

    # ----- fields -----

    def _fields(
        self,
        block: Block,
        nodes: list[SyntaxTreeNode],
        skipped_lines: set[int],
        where: str,
        beside_text: bool,
    ) -> list[SyntaxTreeNode]:
        """Label/value pairs from a table, "**Label:** value" lines or "- Label: value" items.

        Beside a free-text block (Relevant Metrics) only the items ending the last list are fields,
        so that the user's own tables and paragraphs stay in the text.
        """
        labels = {heading_key(column.label): column for column in block.columns}
        if beside_text:
            last = nodes[-1] if nodes else None
            if last is not None and last.type == "bullet_list":
                if self._fields_items(labels, last, skipped_lines):
                    return nodes[:-1]
            return nodes
        out: list[SyntaxTreeNode] = []
        for node in nodes:
            if node.type == "table" and self._fields_table(block, labels, node, where):
                continue
            if node.type == "paragraph" and self._fields_paragraph(labels, node, where):
                continue
            if node.type == "bullet_list" and self._fields_items(labels, node, skipped_lines):
                continue
            out.append(node)
        return out

    def _fields_table(
        self, block: Block, labels: dict[str, Column], node: SyntaxTreeNode, where: str
    ) -> bool:
        """A Field | Value table (or any table whose rows carry this block's labels)."""
        header, rows = self._table_cells(node, where)
        header_keys = tuple(heading_key(cell) for cell in header)
        row_labels = [heading_key(row[0]) for row in rows if row]
        has_window = any(column.encoding == "window-start" for column in block.columns)
        if header_keys[:2] != tuple(heading_key(h) for h in block.header) and not any(
            label in labels for label in row_labels
        ):
            return False
        for row in rows:
            label, value = (row + ["", ""])[:2]
            key = heading_key(label)
            if has_window and key == heading_key(DATE_TIME_LABEL):
                self._date_time(block, value)
            elif key in labels:
                self._field(labels[key], value)
            elif label.strip() or value.strip():
                self._note(where, f"unknown field {label.strip()!r}", f"{label.strip()}: {value}")
        return True

    def _fields_paragraph(self, labels: dict[str, Column], node: SyntaxTreeNode, where: str) -> bool:
        """ "**Date:** X" / "**Attendees:** Y" lines; a paragraph with no known label is not fields."""
        lines = [_without_hard_break(line) for line in self._inline(node).split("\n")]
        pairs = [_label_value(line) for line in lines]
        if not any(pair and heading_key(pair[0]) in labels for pair in pairs):
            return False
        for line, pair in zip(lines, pairs):
            if pair and heading_key(pair[0]) in labels:
                self._field(labels[heading_key(pair[0])], pair[1])
            elif line.strip():
                self._note(where, "a line that is not a field", line)
        return True

    def _fields_items(self, labels: dict[str, Column], node: SyntaxTreeNode, skipped_lines: set[int]) -> bool:
        """The trailing "- Dashboard URL: X" items of a list; True when the whole list was fields.

        A value may also be a fenced block inside the item (a Prometheus query of several lines).
        """
        items = node.children
        pairs = [_label_value(self._item_source(item)[0].split("\n", 1)[0]) for item in items]
        first = len(items)
        while first > 0 and (last := pairs[first - 1]) and heading_key(last[0]) in labels:
            first -= 1
        for item, pair in zip(items[first:], pairs[first:]):
            assert pair is not None
            column = labels[heading_key(pair[0])]
            fence = _first(item.children, ("fence", "code_block"))
            if fence is not None and not pair[1]:
                set_path(self.review, column.key, mdtext.code_block_content(fence.content))
            else:
                self._field(column, pair[1])
            if item.map:
                skipped_lines.update(range(item.map[0], item.map[1]))
        return first == 0 and bool(items)

    def _field(self, column: Column, raw: str) -> None:
        """Store one field's value as typed; only placeholders and list-splitting change it."""
        value = "" if is_placeholder(raw) else mdtext.unescape_cell(raw)
        if column.encoding == "list":
            # Hand-written lists may have any spacing after a comma; placeholders are read before unescaping.
            items = [part for part in mdtext.list_cell_items(raw, loose=True) if part and not is_placeholder(part)]
            set_path(self.review, column.key, [mdtext.unescape_cell(part) for part in items])
        elif column.encoding == "code-span":
            query = mdtext.unescape_code_span(raw) if raw.startswith("`") else value
            set_path(self.review, column.key, _clear_placeholder(query))
        elif column.encoding == "window-timezone":
            self.date_time_zone = value
        elif computed_value(self.review, column.key) is not None:
            self.typed_computed[column.key] = value
        else:
            if column.encoding == "heading":
                self.title_from_table = True
            set_path(self.review, column.key, value)

    def _date_time(self, block: Block, raw: str) -> None:
        """Start, end and timezone from the rendered "{start} - {end} ({timezone})" or a hand-written form."""
        parts = mdtext.split_date_time_cell(raw)
        start, end, timezone = parts if parts is not None else split_date_time(mdtext.unescape_cell(raw))
        paths = {column.encoding: column.key for column in block.columns}
        set_path(self.review, paths["window-start"], _clear_placeholder(start))
        set_path(self.review, paths["window-end"], _clear_placeholder(end))
        if timezone is not None and timezone.strip().casefold() != "timezone":  # the template's "(timezone)"
            self.date_time_zone = _clear_placeholder(timezone)

    # ----- tables -----

    def _table(self, block: Block, node: SyntaxTreeNode, where: str) -> None:
        """Rows of a record table, columns matched by their headers (or by position if none match)."""
        header, rows = self._table_cells(node, where)
        columns = {heading_key(column.label): column.key for column in block.columns}
        for column in block.columns:
            for alias in column.aliases:
                columns.setdefault(heading_key(alias), column.key)
        for column in block.columns:
            for alias in layout_names.COLUMN_NAMES.get(column.key, ()):
                columns.setdefault(heading_key(alias), column.key)
        if block.zone_line:
            for cell in header:
                zone = _zone_named(cell)
                if zone and not self.timeline_zone:
                    self.timeline_zone = zone
        header_names = [_without_zone(cell) for cell in header]
        by_key = {column.key: column for column in block.columns}
        keys: list[str | None] = []
        for cell in header_names:
            named = heading_key(cell)
            if block.number_column and named == heading_key(block.number_column):
                keys.append("#")
            else:
                keys.append(columns.get(named))
        if not any(k not in (None, "#") for k in keys):
            shown = [column.key for column in block.columns if column.in_markdown]
            if block.number_column:
                shown.insert(0, "#")
            keys = list(shown[: len(header)]) + [None] * (len(header) - len(shown))
        model = row_model(block.path)
        records = []
        for number, row in enumerate(rows, start=1):
            values: dict[str, str] = {}
            had_placeholder = False
            status_column = next((c for c in block.columns if c.key == "status"), None)
            dated = actor = ""
            for position, (title, key, cell) in enumerate(zip(header, keys, row)):
                if status_column is not None and key not in (None, "#", "status"):
                    mark, cell = _status_in_cell(cell)
                    if mark and not values.get("status"):
                        values["status"] = mark
                if key is None and block.role == TIMELINE and heading_key(title) in ("date", "day") \
                        and "time" in keys and cell.strip():
                    dated = cell.strip()  # a Date column beside the Time column: the time gets the date
                    continue
                if key is None and block.role == TIMELINE and heading_key(title) in _ACTOR_KEYS and cell.strip():
                    actor = mdtext.unescape_cell(cell.strip())  # "Who" beside the event: "lee: Cluster rejoined"
                    continue
                if key is None and cell.strip():
                    what = f"row {number}: a column the template does not have"
                    self._note(where, what, f"{title}: {cell}")
                if key is None or key == "#":
                    continue
                had_placeholder |= is_placeholder(cell)
                if by_key[key].encoding == "ticket":
                    ticket = mdtext.split_ticket_cell(cell)
                    values[key] = values.get(key) or ("" if is_placeholder(cell) else ticket)
                elif by_key[key].encoding == "event":
                    event, milestone, evidence = split_event(cell)
                    values[key] = "" if is_placeholder(event) else event
                    values["milestone"] = values.get("milestone") or milestone
                    values["evidence"] = values.get("evidence") or evidence
                else:
                    value = "" if is_placeholder(cell) else _option_word(by_key[key], mdtext.unescape_cell(cell))
                    if key == "status" and value == mdtext.unescape_cell(cell):
                        mark, rest = _status_in_cell(cell)
                        value = mark or value if not rest.strip() else value
                    values[key] = values.get(key) or value
            if dated and values.get("time") and not re.match(r"\d{4}-", values["time"]):
                values["time"] = f"{dated} {values['time']}"
            if actor and values.get("event"):
                values["event"] = f"{actor}: {values['event']}"
            if had_placeholder and (
                _is_blank_row(model, values) or is_example(block.path, [tuple(row[: len(header)])])
            ):
                continue
            # a column the source does not have stays empty: the model's default ("Open") is no fact
            records.append(model(**({column.key: "" for column in block.columns} | values)))
        examples = [tuple(getattr(r, c.key) for c in block.columns if c.in_markdown) for r in records]
        if records and is_example(block.path, examples):
            records = []
        set_path(self.review, block.path, records)

    def _table_cells(self, node: SyntaxTreeNode, where: str) -> tuple[list[str], list[list[str]]]:
        """The header cells and body rows of a table, as raw cell source; extra cells become a note."""
        header: list[str] = []
        rows: list[list[str]] = []
        for part in node.children:
            for tr in part.children:
                cells = [cell.children[0].content if cell.children else "" for cell in tr.children]
                if part.type == "thead":
                    header = cells
                else:
                    rows.append(cells)
                    extra = self._extra_cells(tr, len(header))
                    if extra:
                        self._note(where, "cells beyond the table's columns", extra)
        return header, rows

    def _extra_cells(self, tr: SyntaxTreeNode, width: int) -> str:
        """The raw text of cells that markdown-it drops because the row is wider than the header."""
        if not tr.map:
            return ""
        line = self.lines[tr.map[0]].strip()
        cells = _row_cells(line)
        return " | ".join(cells[width:]).strip() if len(cells) > width else ""

    # ----- lists and checkboxes -----

    def _list_items(self, node: SyntaxTreeNode) -> list[str]:
        """Each item's text as written (placeholders left out)."""
        sources = [self._item_source(item) for item in node.children]
        return [
            mdtext.unescape_item(source, width) for source, width in sources if not is_placeholder(source)
        ]

    def _item_source(self, item: SyntaxTreeNode) -> tuple[str, int]:
        """The source of one list item after its marker, and the marker's width (continuation indent)."""
        if not item.children or not item.map:
            return "", 0
        start, end = item.map
        first = self.lines[start]
        marker = _LIST_MARKER.match(first)
        if marker is None:  # not where markdown-it says: fall back to the parsed text
            return self._inline(item.children[0]) if item.children[0].type == "paragraph" else "", 0
        gap = len(marker["gap"])
        width = marker.end() if 1 <= gap <= 4 and marker.end() < len(first) else marker.end("marker") + 1
        lines = [first[width:] if len(first) >= width else ""] + self.lines[start + 1 : end]
        while len(lines) > 1 and not lines[-1].strip():
            lines.pop()
        return "\n".join(lines), width

    def _is_checklist(self, node: SyntaxTreeNode) -> bool:
        items = node.children
        return bool(items) and all(_CHECKBOX.match(self._item_source(item)[0]) for item in items)

    def _checks(self, block: Block, node: SyntaxTreeNode, where: str) -> None:
        """Checkbox lines: the detection methods, or a checklist such as the runbook updates."""
        items: list[tuple[bool, str, int]] = []
        for item in node.children:
            source, width = self._item_source(item)
            match = _CHECKBOX.match(source)
            assert match is not None
            items.append((match["mark"] in "xX", source[match.end() :], width))
        if block.checkboxes:  # a fixed set of checkboxes (the detection methods), not a checklist of rows
            self._detection_methods(block, items, where)
            return
        kept = []
        for done, source, width in items:
            text = "" if is_placeholder(source) else mdtext.unescape_item(source, width)
            if done or not is_example(block.path, [(text,)]):
                kept.append(ChecklistItem(done=done, text=text))
        set_path(self.review, block.path, kept)

    def _detection_methods(self, block: Block, items: list[tuple[bool, str, int]], where: str) -> None:
        """Tick the template's detection methods, matching their labels loosely."""
        methods = get_path(self.review, block.path)
        for done, source, width in items:
            label, sep, rest = source.partition(":")
            key = _method_for(label if sep else source)
            if key == "other":
                methods.other = done
                description = rest.lstrip(" ")
                if is_placeholder(description):
                    description = ""
                methods.other_description = mdtext.unescape_item(description, width)
                continue
            text = mdtext.unescape_item(source, width)
            if key is None:
                box = "[x]" if done else "[ ]"
                self._note(where, "a detection method the template does not have", f"{box} {text}")
                continue
            setattr(methods, key, done)
            template_label = dict(DETECTION_METHODS)[key]
            short_label = template_label.split("(")[0]
            if heading_key(text) not in (heading_key(template_label), heading_key(short_label)):
                self._note(where, f"{text!r} was read as {template_label!r}", text)

    # ----- what is not the template -----

    def _extra(self, heading: str, after: str, nodes: list[SyntaxTreeNode]) -> None:
        """A section of the team's own: kept with its Markdown, after the template section it followed."""
        markdown = self._source(nodes)
        extra = ExtraSection(heading=mdtext.unescape_heading(heading), after=after, markdown=markdown)
        self.review.extra_sections.append(extra)

    def _import_notes(self, nodes: list[SyntaxTreeNode]) -> None:
        """Notes of an earlier import, rendered as a list: they read back as they were."""
        for node in nodes:
            if _is_list(node):
                for item in node.children:
                    self.read_notes.append(mdtext.unescape_item(*self._item_source(item)))
            elif self._meaningful([node]):
                self.read_notes.append(mdtext.unescape_text(self._source([node])))

    def _unplaced(
        self, where: str, nodes: list[SyntaxTreeNode], heading: SyntaxTreeNode | None = None
    ) -> None:
        """Keep what has no place in the template (with its heading, if any) as a note."""
        whole = ([heading] if heading is not None else []) + nodes
        if self._meaningful(nodes) or heading is not None:
            self._note(where, "text that has no place in the template", self._source(whole))

    def _note(self, where: str, what: str, text: str) -> None:
        """Keep `text` as an import note and report it as a one-line warning."""
        self.new_notes.append(f"{where}: {text}")
        first = text.strip().split("\n", 1)[0]
        shown = first if len(first) <= 60 else first[:57] + "..."
        self.warnings.append(f"{where}: {what}: {shown!r} (kept in the import notes)")

    # ----- raw source -----

    def _inline(self, node: SyntaxTreeNode) -> str:
        """The raw inline Markdown of a heading or paragraph."""
        return node.children[0].content if node.children else ""

    def _source(self, nodes: list[SyntaxTreeNode], skipped: frozenset[int] | set[int] = frozenset()) -> str:
        """The file's own lines for these nodes, blank lines between neighbours kept as written."""
        out: list[str] = []
        previous_end: int | None = None
        for node in nodes:
            if not node.map:
                continue
            start, end = node.map
            if previous_end is not None and start > previous_end:
                gap = self.lines[previous_end:start]
                out.extend(gap if all(not line.strip() for line in gap) else [""])
            out.extend(self.lines[number] for number in range(start, end) if number not in skipped)
            previous_end = end
        while out and not out[-1].strip():
            out.pop()
        while out and not out[0].strip():
            out.pop(0)
        return "\n".join(out)

    def _meaningful(self, nodes: list[SyntaxTreeNode]) -> bool:
        return any(node.type != "hr" for node in nodes) and bool(self._source(nodes).strip())


def _option_word(column: Column, value: str) -> str:
    """A status word of another layout ("DONE", "TODO") as the option it means; else as written."""
    folded = " ".join(value.split()).casefold()
    return next((option for word, option in column.words if word == folded), value)


def _without_zone(heading: str) -> str:
    """A heading or column title without the zone it names: "Timeline (all times UTC)" -> "Timeline"."""
    for pattern in _ZONE_PHRASES:
        match = pattern.search(heading)
        if match and heading[: match.start()].strip():
            return heading[: match.start()].strip()
    return heading


def _zone_named(text: str) -> str:
    """The zone a heading, a column title or a date line names ("all times UTC", "(PST)"), or ""."""
    for pattern in _ZONE_PHRASES:
        match = pattern.search(text)
        if match:
            return match["tz"]
    return ""


def _section_for(heading: str) -> Section | None:
    """The template section a heading names: its own heading, or another layout's name for it."""
    key = heading_key(_without_zone(heading))
    found = next((section for section in SECTIONS if heading_key(section.heading) == key), None)
    if found is not None:
        return found
    for name, aliases in layout_names.SECTION_NAMES.items():
        if key in {heading_key(alias) for alias in aliases}:
            return next((section for section in SECTIONS if section.heading == name), None)
    return None


def _by_alias(heading: str) -> bool:
    """Whether a heading names a template part only through another layout's name for it."""
    key = heading_key(_without_zone(heading))
    own = any(heading_key(section.heading) == key for section in SECTIONS) or any(
        key in (heading_key(block.heading), heading_key(block.lead)) for section in SECTIONS for block in section.blocks
    )
    return not own


def _subsection_for(heading: str) -> tuple[Section, list[Block]] | None:
    """The part of a template section a heading names (its H3, its bold lead, or another layout's
    name for it), wherever it is written, with the blocks that fill it."""
    key = heading_key(_without_zone(heading))
    if not key:
        return None
    targets = [(section_name, part) for (section_name, part), aliases in layout_names.SUBSECTION_NAMES.items()
               if key in {heading_key(alias) for alias in aliases}]
    for section in SECTIONS:
        for block in section.blocks:
            if block.heading and heading_key(block.heading) == key and block.kind != "static":
                return section, [b for b in section.blocks if heading_key(b.heading) == key]
            if block.lead and heading_key(block.lead) == key:
                return section, [replace(block, lead="")]
        for section_name, part in targets:
            if section.heading != section_name:
                continue
            part_key = heading_key(part)
            blocks = [b for b in section.blocks if heading_key(b.heading) == part_key]
            if blocks:
                return section, blocks
            leads = [replace(b, lead="") for b in section.blocks if b.lead and heading_key(b.lead) == part_key]
            if leads:
                return section, leads
    return None


def _timeline_section() -> Section:
    return next(section for section in SECTIONS if _is_timeline(section))


def _is_timeline(section: Section) -> bool:
    """Whether a section holds the table with the timeline role."""
    return any(block.role == TIMELINE for block in section.blocks)


def _time_header(header: list[str]) -> bool:
    names = {heading_key(alias) for alias in layout_names.COLUMN_NAMES["time"]}
    return bool(header) and heading_key(_without_zone(header[0])) in names


def _status_in_cell(cell: str) -> tuple[str, str]:
    """A status written in a cell ("**DONE** Bug 4410021", "TODO", "✅") and the rest of the cell."""
    text = cell.strip()
    for mark, status in layout_names.CHECK_MARKS.items():
        if text.startswith(mark):
            return status, text[len(mark) :].strip()
    bold = re.match(r"(\*\*|__)(?P<word>[^*_]+?)(\1)\s*(?P<rest>.*)", text, re.DOTALL)
    if bold and bold["word"].strip().casefold() in layout_names.STATUS_WORDS:
        return layout_names.STATUS_WORDS[bold["word"].strip().casefold()], bold["rest"]
    if text.casefold() in layout_names.STATUS_WORDS and text.isupper():
        return layout_names.STATUS_WORDS[text.casefold()], ""
    tail = re.fullmatch(r"(?P<rest>.*?)\s*(\*\*|__)(?P<word>[^*_]+?)(\2)", text, re.DOTALL)
    if tail and tail["rest"] and tail["word"].strip().casefold() in layout_names.STATUS_WORDS:
        return layout_names.STATUS_WORDS[tail["word"].strip().casefold()], tail["rest"]  # "Bug 5554823 **TODO**"
    return "", cell


def _first(nodes: list[SyntaxTreeNode], types: tuple[str, ...]) -> SyntaxTreeNode | None:
    return next((node for node in nodes if node.type in types), None)


def _first_run(nodes: list[SyntaxTreeNode], wanted) -> list[SyntaxTreeNode]:
    """The first run of neighbouring nodes that are `wanted` ("- a" then "+ b" parse as two lists)."""
    run: list[SyntaxTreeNode] = []
    for node in nodes:
        if wanted(node):
            run.append(node)
        elif run:
            break
    return run


def _is_list(node: SyntaxTreeNode) -> bool:
    return node.type in ("bullet_list", "ordered_list")


def _without_hard_break(line: str) -> str:
    """A paragraph line without the backslash or spaces that end it with a hard line break."""
    line = line.rstrip(" ")
    slashes = len(line) - len(line.rstrip("\\"))
    return line[:-1] if slashes % 2 else line


def _label_value(line: str) -> tuple[str, str] | None:
    """("Date", "X") from "**Date:** X", "**Date**: X" or "Date: X"."""
    line = line.strip()
    match = _BOLD_LABEL.fullmatch(line)
    if match:
        label, rest = match["label"].strip(), match["rest"]
        if label.endswith(":"):
            return label[:-1].strip(), rest.strip()
        if rest.startswith(":"):
            return label, rest[1:].strip()
        return None
    label, sep, value = line.partition(":")
    return (label.strip(), value.strip()) if sep and label.strip() else None


def _method_for(label: str) -> str | None:
    key = heading_key(label)
    for method, template_label in DETECTION_METHODS:
        short = heading_key(template_label.split("(")[0])
        if key in (heading_key(template_label), short) or (short and key.startswith(short + " ")):
            return method
    return None


def _is_blank_row(model: type, values: dict[str, str]) -> bool:
    """A row holding nothing but placeholders, defaults and its own number."""
    defaults = model()
    for key, value in values.items():
        if key == "id" and value.strip().isdigit():
            continue
        if value.strip() and value != getattr(defaults, key, ""):
            return False
    return True


def _row_cells(line: str) -> list[str]:
    """The cells of one table row's source, split at pipes that no backslash escapes."""
    line = line.strip()
    cells = _split_stripped(line[1:] if line.startswith("|") else line, "|")
    return cells[:-1] if cells and not cells[-1] else cells


def _split_stripped(source: str, separator: str) -> list[str]:
    """`source` split at each unescaped `separator`, each part stripped of layout spaces."""
    return [part.strip() for part in mdtext.split_unescaped(source, separator)]
