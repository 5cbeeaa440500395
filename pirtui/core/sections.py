"""The template's structure, written down once.

Every part of pirtui that lists the template's sections reads this module: the editor's screens and
section list, the command palette, the Markdown renderer and importer, and the checks (whose findings
name a section by its H2 heading). A section is a list of blocks; each block is one thing the template
shows (a table, a paragraph, a list, checkboxes, a code block), bound to a dotted path in
`pirtui.core.model.Review`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Literal

from pirtui.core.model import ACTION_STATUSES, MILESTONES, PRIORITIES, REVIEW_STATUSES, SEVERITIES

if TYPE_CHECKING:
    from pirtui.core.model import Review

BlockKind = Literal["fields", "text", "list", "checks", "code", "table", "static"]
Encoding = Literal[
    "plain", "list", "heading", "window-start", "window-end", "window-timezone", "code-span", "event", "in-event",
    "ticket",
]
"""How a field's value is written in the Markdown (and read back by the importer):

- plain: the value in its cell or line (`mdtext.escape_cell`).
- list: a list of short values joined by ", " (`mdtext.list_cell`: Impacted Services).
- heading: carried by the document's H1, not by a row of its table (the title).
- window-start, window-end, window-timezone: together one "Date/Time" row,
  "{start} - {end} ({timezone})" (`mdtext.date_time_cell`).
- code-span: a code span, or a fenced block when it has several lines (the Prometheus query).
- event: the timeline's Event cell, carrying the row's `in-event` values as suffixes
  (`mdtext.event_cell`: "{event} **[{milestone}]** ([evidence](<{url}>))").
- in-event: carried inside the event cell, not a column of its own.
- ticket: an action item's ticket, a link to the team's tracker when `.pirtui.toml` sets
  `ticket_url` (`mdtext.ticket_cell`).
"""
FieldsLayout = Literal["table", "items", "lines"]
"""How a fields block is written: a Field | Value table, "- Label: value" list items (Relevant
Metrics), or "**Label:** value" lines joined by hard line breaks (Review Meeting Notes)."""
DATE_TIME_LABEL = "Date/Time"
"""The template's label for the row that carries the `window-*` fields."""
"""How a block is edited and rendered:

- fields: a two-column Field/Value table of short values (Incident Information, User Impact...).
- text: free Markdown text (Executive Summary, What Happened...).
- list: a numbered or bulleted list of strings.
- checks: checkbox lines (detection methods, runbook updates).
- code: a fenced code block (verification commands, logs).
- table: rows of records (timeline, action items, 5 Whys...).
- static: text of the template that is not edited (Severity and Priority Definitions).
"""


def _duration(review: Review) -> str:
    """The incident's duration from its start and end ("" when either cannot be read)."""
    from pirtui.core.computed import computed_duration

    return computed_duration(review)


def _metric(name: str) -> Callable[[Review], str]:
    """The detection metric `name`, computed from the timeline's milestones."""

    def value(review: Review) -> str:
        from pirtui.core.computed import computed_metrics

        return computed_metrics(review)[name]

    return value


@dataclass(frozen=True)
class Column:
    """One column of a table, or one row of a Field/Value table."""

    key: str
    """Attribute of the row model (tables) or dotted path in the review (fields)."""
    label: str
    """As the template writes it."""
    options: tuple[str, ...] = ()
    """The values a Select offers; empty for free text."""
    hint: str = ""
    """What to type, shown as the input's placeholder."""
    encoding: Encoding = "plain"
    """How the value is written in the Markdown and read back; see `Encoding`."""
    aliases: tuple[str, ...] = ()
    """Other column titles that mean this column in reviews written in another layout ("Bug")."""
    words: tuple[tuple[str, str], ...] = ()
    """Words other layouts write for one of `options` (("todo", "Open")), compared case-folded.

    An import reads them as that option; any other value is kept as written."""

    @property
    def in_markdown(self) -> bool:
        """False for values carried inside another cell of the rendered table (timeline milestone)."""
        return self.encoding != "in-event"

    computed: Callable[[Review], str] | None = None
    """A value pirtui works out when the field is left empty (duration, detection metrics): the
    editor shows it in the empty field as "<value> (computed)"."""


@dataclass(frozen=True)
class Block:
    """One editable (or static) part of a section."""

    kind: BlockKind
    path: str = ""
    """Dotted path in the review; empty for static blocks and fields blocks."""
    label: str = ""
    """Shown to the user; for lists and checks also the bold lead-in the template uses, if any."""
    heading: str = ""
    """The H3 heading this block sits under, if any."""
    columns: tuple[Column, ...] = ()
    """For tables and fields blocks."""
    header: tuple[str, str] = ("Field", "Value")
    """Column titles of a fields block."""
    bold_labels: bool = False
    """Fields blocks: whether the template writes the labels in bold."""
    numbered: bool = True
    """Lists: numbered (1. 2. 3.) or bulleted (-)."""
    lead: str = ""
    """A bold lead-in line above a list ("What went well:")."""
    language: str = ""
    """Code blocks: the fence's info string."""
    number_column: str = ""
    """Tables whose first rendered column is the row's position ("#" in the 5 Whys)."""
    static_markdown: str = ""
    """Static blocks: the template's own text."""
    hint: str = ""
    layout: FieldsLayout = "table"
    """Fields blocks: how they are written; see `FieldsLayout`."""
    zone_line: str = ""
    """Tables: the path of the timezone stated above them ("All times in UTC.")."""

    @property
    def paths(self) -> tuple[str, ...]:
        """The review paths this block edits: its fields' paths, or its own path."""
        if self.kind == "fields":
            return tuple(column.key for column in self.columns)
        return (self.path,) if self.path else ()

    sort_by_time: bool = False
    """Tables whose rows have a time the editor can sort by (`s`), read as the checks read it."""


@dataclass(frozen=True)
class Section:
    """One H2 section of the template."""

    key: str
    heading: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    editable: bool = True
    reads: tuple[str, ...] = ()
    """Paths of other sections that this section's checks read (the incident window, the status).

    A change under one of them re-checks this section; `pirtui.core.checks` derives its dependency map
    from these, and a test fails when a check reads a path that is neither owned nor listed here."""

    @property
    def paths(self) -> tuple[str, ...]:
        """The review paths this section owns; a change under one of them re-checks this section."""
        return tuple(path for block in self.blocks for path in block.paths)


SEVERITY_DEFINITIONS = """\
| Severity | Definition | Examples |
|----------|------------|----------|
| **SEV-1** | Critical impact. Complete service outage or data loss affecting all users | Backend down, database corruption |
| **SEV-2** | High impact. Major feature unavailable or significant degradation | Authentication broken, high error rate |
| **SEV-3** | Medium impact. Minor feature unavailable or slight degradation | Slow queries, partial functionality loss |"""

PRIORITY_DEFINITIONS = """\
- **P1**: Must be completed within 1 week. Directly prevents recurrence.
- **P2**: Should be completed within 1 month. Improves detection/response.
- **P3**: Complete within quarter. General improvement."""

ACTION_STATUS_WORDS = (
    ("todo", "Open"),
    ("to do", "Open"),
    ("done", "Done"),
    ("wip", "In Progress"),
    ("in progress", "In Progress"),
    ("blocked", "Blocked"),
    ("won't do", "Won't Do"),
    ("wont do", "Won't Do"),
    ("won't fix", "Won't Do"),
    ("wontfix", "Won't Do"),
)
"""Status words of other postmortem layouts (the SRE book's DONE / TODO) and the status each means."""

DETECTION_METHODS = (
    ("automated_alerting", "Automated alerting (Prometheus/PagerDuty)"),
    ("customer_report", "Customer report"),
    ("internal_report", "Internal user report"),
    ("routine_monitoring", "Routine monitoring review"),
    ("other", "Other"),
)
"""Key in `DetectionMethods` and the template's label, in the template's order."""

SECTIONS: tuple[Section, ...] = (
    Section(
        "incident",
        "Incident Information",
        (
            Block(
                "fields",
                bold_labels=True,
                columns=(
                    Column("title", "Title", hint="Short name of the incident", encoding="heading"),
                    Column("incident.id", "Incident ID", hint="INC-YYYY-NNN"),
                    Column("incident.start", "Start", hint="YYYY-MM-DD HH:MM", encoding="window-start"),
                    Column("incident.end", "End", hint="YYYY-MM-DD HH:MM or HH:MM", encoding="window-end"),
                    Column(
                        "incident.timezone", "Timezone", hint="UTC, PST, Europe/Berlin...", encoding="window-timezone"
                    ),
                    Column("incident.duration", "Duration", hint="computed from start and end", computed=_duration),
                    Column("incident.severity", "Severity", options=SEVERITIES),
                    Column(
                        "incident.impacted_services", "Impacted Services", hint="comma-separated", encoding="list"
                    ),
                    Column("incident.customer_impact", "Customer Impact"),
                    Column("incident.commander", "Incident Commander", hint="Name"),
                    Column("incident.author", "Author", hint="Name"),
                    Column("incident.review_date", "Review Date", hint="YYYY-MM-DD"),
                    Column("status", "Status", options=REVIEW_STATUSES),
                ),
            ),
        ),
    ),
    Section(
        "severity_definitions",
        "Severity Definitions",
        (Block("static", static_markdown=SEVERITY_DEFINITIONS),),
        editable=False,
    ),
    Section(
        "summary",
        "Executive Summary",
        (
            Block(
                "text",
                "summary",
                "Executive summary",
                hint="2-3 sentences: what happened, impact, resolution, for non-technical readers.",
            ),
        ),
    ),
    Section(
        "timeline",
        "Timeline",
        (
            Block(
                "table",
                "timeline",
                "Timeline",
                zone_line="incident.timezone",
                columns=(
                    Column("time", "Time", hint="HH:MM, YYYY-MM-DD HH:MM, ~23:00", aliases=("When", "Timestamp")),
                    Column("event", "Event", encoding="event", aliases=("Description", "What happened", "Details")),
                    Column("milestone", "Milestone", options=MILESTONES, encoding="in-event"),
                    Column("evidence", "Evidence", hint="link to a graph, log or chat", encoding="in-event"),
                ),
                sort_by_time=True,
            ),
        ),
        reads=("incident.start", "incident.end", "incident.timezone"),
    ),
    Section(
        "impact",
        "Impact Analysis",
        (
            Block(
                "fields",
                heading="User Impact",
                header=("Metric", "Value"),
                columns=(
                    Column("impact.user.affected_users", "Affected users", hint="Number or percentage"),
                    Column("impact.user.failed_requests", "Failed requests", hint="Count"),
                    Column("impact.user.error_rate", "Error rate during incident", hint="Percentage"),
                    Column("impact.user.duration", "Duration of impact", hint="Minutes/hours"),
                    Column("impact.user.regions", "Regions affected", hint='List or "All"'),
                ),
            ),
            Block(
                "fields",
                heading="Business Impact",
                header=("Area", "Impact"),
                columns=(
                    Column("impact.business.revenue", "Revenue impact", hint='Estimated $ or "None"'),
                    Column("impact.business.sla", "SLA impact", hint="Describe SLA breach if any"),
                    Column("impact.business.complaints", "Customer complaints", hint='Count or "None"'),
                    Column("impact.business.data_loss", "Data loss", hint='Describe or "None"'),
                    Column("impact.business.reputation", "Reputation impact", hint="Assessment"),
                ),
            ),
        ),
        reads=("status",),
    ),
    Section(
        "root_cause",
        "Root Cause Analysis",
        (
            Block(
                "text",
                "root_cause.what_happened",
                "What happened",
                heading="What Happened",
                hint="The failure mechanism: what broke and how.",
            ),
            Block(
                "text",
                "root_cause.why_it_happened",
                "Why it happened",
                heading="Why It Happened",
                hint="The underlying cause, not just the trigger.",
            ),
            Block(
                "list",
                "root_cause.contributing_factors",
                "Contributing factors",
                heading="Contributing Factors",
            ),
            Block(
                "table",
                "root_cause.whys",
                "5 Whys",
                heading="5 Whys Analysis",
                number_column="#",
                columns=(Column("question", "Question"), Column("answer", "Answer")),
            ),
        ),
    ),
    Section(
        "detection",
        "Detection and Response",
        (
            Block(
                "checks",
                "detection.methods",
                "Detection methods",
                heading="How Was the Incident Detected?",
            ),
            Block(
                "fields",
                heading="Detection Metrics",
                header=("Metric", "Value"),
                columns=(
                    Column(
                        "detection.metrics.impact_to_detection",
                        "Time from first impact to detection",
                        hint="computed from the timeline",
                        computed=_metric("impact_to_detection"),
                    ),
                    Column(
                        "detection.metrics.detection_to_response",
                        "Time from detection to first responder",
                        hint="computed from the timeline",
                        computed=_metric("detection_to_response"),
                    ),
                    Column(
                        "detection.metrics.response_to_mitigation",
                        "Time from first responder to mitigation",
                        hint="computed from the timeline",
                        computed=_metric("response_to_mitigation"),
                    ),
                    Column(
                        "detection.metrics.mitigation_to_resolution",
                        "Time from mitigation to resolution",
                        hint="computed from the timeline",
                        computed=_metric("mitigation_to_resolution"),
                    ),
                ),
            ),
            Block(
                "list",
                "detection.went_well",
                "What went well",
                heading="Response Evaluation",
                numbered=False,
                lead="What went well:",
            ),
            Block(
                "list",
                "detection.could_improve",
                "What could be improved",
                heading="Response Evaluation",
                numbered=False,
                lead="What could be improved:",
            ),
            Block(
                "list",
                "detection.luck",
                "Luck / near misses",
                heading="Response Evaluation",
                numbered=False,
                lead="Luck / Near Misses:",
            ),
        ),
        reads=("timeline", "incident.start", "incident.end"),
    ),
    Section(
        "resolution",
        "Resolution",
        (
            Block(
                "list",
                "resolution.immediate_actions",
                "Immediate actions taken",
                heading="Immediate Actions Taken",
            ),
            Block(
                "code",
                "resolution.verification",
                "Verification commands",
                heading="Verification",
                language="bash",
            ),
            Block(
                "text",
                "resolution.permanent_fix",
                "Permanent fix",
                heading="Permanent Fix",
                hint="The permanent solution, or the ticket that tracks it.",
            ),
        ),
    ),
    Section(
        "action_items",
        "Action Items",
        (
            Block(
                "table",
                "action_items",
                "Action items",
                columns=(
                    Column("id", "ID", hint="numbered automatically"),
                    Column("action", "Action", aliases=("Action Item", "Description", "Task")),
                    Column("owner", "Owner", hint="Name", aliases=("Assignee", "Who")),
                    Column("priority", "Priority", options=PRIORITIES),
                    Column("due", "Due Date", hint="YYYY-MM-DD (suggested from priority)", aliases=("Due", "Deadline")),
                    Column("status", "Status", options=ACTION_STATUSES, aliases=("State",), words=ACTION_STATUS_WORDS),
                    Column("ticket", "Ticket", hint="JIRA-123", aliases=("Bug", "Issue", "Link"), encoding="ticket"),
                ),
            ),
            Block("static", heading="Priority Definitions", static_markdown=PRIORITY_DEFINITIONS),
        ),
        reads=("incident.review_date", "meeting.date", "incident.start", "incident.end"),
    ),
    Section(
        "lessons",
        "Lessons Learned",
        (
            Block("list", "lessons.learned", "What we learned", heading="What We Learned"),
            Block("list", "lessons.process", "Process improvements", heading="Process Improvements"),
            Block(
                "list",
                "lessons.monitoring",
                "Monitoring improvements",
                heading="Monitoring Improvements",
            ),
            Block("checks", "lessons.runbook_updates", "Runbook updates", heading="Runbook Updates"),
        ),
    ),
    Section(
        "appendix",
        "Appendix",
        (
            Block("code", "appendix.logs", "Relevant logs", heading="Relevant Logs"),
            Block(
                "text",
                "appendix.metrics_notes",
                "Metrics notes",
                heading="Relevant Metrics",
                hint="Screenshots or links to dashboards; annotate key moments.",
            ),
            Block(
                "fields",
                heading="Relevant Metrics",
                layout="items",
                columns=(
                    Column("appendix.dashboard_url", "Dashboard URL", hint="http://..."),
                    Column("appendix.prometheus_query", "Prometheus query", encoding="code-span"),
                ),
            ),
            Block(
                "table",
                "appendix.communication_log",
                "Communication log",
                heading="Communication Log",
                columns=(
                    Column("time", "Time", hint="HH:MM"),
                    Column("channel", "Channel", hint="#incidents, Status Page"),
                    Column("message", "Message"),
                ),
            ),
            Block("list", "appendix.references", "References", heading="References", numbered=False),
        ),
        reads=("incident.start", "incident.end"),
    ),
    Section(
        "approvals",
        "Approval",
        (
            Block(
                "table",
                "approvals",
                "Approvals",
                columns=(
                    Column("role", "Role"),
                    Column("name", "Name"),
                    Column("date", "Date", hint="YYYY-MM-DD"),
                    Column("signature", "Signature"),
                ),
            ),
        ),
        reads=("incident.start", "incident.end", "status"),
    ),
    Section(
        "meeting",
        "Review Meeting Notes",
        (
            Block(
                "fields",
                layout="lines",
                columns=(
                    Column("meeting.date", "Date", hint="YYYY-MM-DD"),
                    Column("meeting.attendees", "Attendees", hint="comma-separated"),
                ),
            ),
            Block("list", "meeting.discussion", "Discussion points", heading="Discussion Points"),
            Block("list", "meeting.decisions", "Decisions made", heading="Decisions Made"),
            Block("list", "meeting.follow_ups", "Follow-up required", heading="Follow-up Required"),
        ),
        reads=("incident.start", "incident.end"),
    ),
    Section(
        "revisions",
        "Revision History",
        (
            Block(
                "table",
                "revisions",
                "Revisions",
                columns=(
                    Column("date", "Date", hint="YYYY-MM-DD"),
                    Column("author", "Author"),
                    Column("change", "Change"),
                ),
            ),
        ),
        reads=("incident.start", "incident.end"),
    ),
)

SECTIONS_BY_KEY: dict[str, Section] = {section.key: section for section in SECTIONS}
SECTIONS_BY_HEADING: dict[str, Section] = {section.heading: section for section in SECTIONS}
EDITABLE_SECTIONS: tuple[Section, ...] = tuple(s for s in SECTIONS if s.editable)



def _columns_by_path() -> dict[str, Column]:
    found: dict[str, Column] = {}
    for section in SECTIONS:
        for block in section.blocks:
            for column in block.columns:
                found[column.key if block.kind == "fields" else f"{block.path}.{column.key}"] = column
    return found


_COLUMNS_BY_PATH = _columns_by_path()


def column_for(path: str) -> Column | None:
    """The column (label, hint, options) of a field or a table cell: "incident.end" or
    "action_items.2.owner"; None for a path that is not one field (a whole list or block)."""
    return _COLUMNS_BY_PATH.get(".".join(part for part in path.split(".") if not part.isdigit()))


def computed_value(review: Review, path: str) -> str | None:
    """The value an empty field shows, computed from the rest of the review ("" when it cannot be
    computed yet), or None for a field that is never computed (no `Column.computed`)."""
    column = column_for(path)
    if column is None or column.computed is None:
        return None
    return column.computed(review)
