"""The review document: every field of the post-incident review template, as typed.

Every value is kept as the text the user typed (a due date "next Friday-ish" stays exactly that),
because a draft may be incomplete and wrong and saving must never refuse it. Parsing happens in
`pirtui.core.timeparse` and judging in `pirtui.core.checks`, never here.
"""

from __future__ import annotations

import typing

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

SCHEMA_VERSION = 1
"""The version of the TOML layout this code writes; see `pirtui.core.store` for migrations."""

SEVERITIES = ("SEV-1", "SEV-2", "SEV-3")
PRIORITIES = ("P1", "P2", "P3")
ACTION_STATUSES = ("Open", "In Progress", "Blocked", "Done", "Won't Do")
REVIEW_STATUSES = ("draft", "in review", "final")
MILESTONES = (
    "first impact",
    "detected",
    "responder engaged",
    "diagnosis started",
    "root cause identified",
    "mitigated",
    "resolved",
    "closed",
)
DEFAULT_APPROVAL_ROLES = ("Incident Commander", "Team Lead", "Engineering Manager")


class Part(BaseModel):
    """Base of every part of a review: unknown keys are refused rather than silently dropped."""

    # defer_build: a class's validator is built when first used, not at import (the first screen waits for imports)
    model_config = ConfigDict(extra="forbid", validate_assignment=False, defer_build=True)


class Incident(Part):
    """The Incident Information table."""

    id: str = ""
    start: str = ""
    end: str = ""
    timezone: str = "UTC"
    duration: str = ""
    """Typed by hand; left empty, the duration is computed from start and end."""
    severity: str = ""
    impacted_services: list[str] = Field(default_factory=list)
    customer_impact: str = ""
    commander: str = ""
    author: str = ""
    review_date: str = ""


class TimelineEvent(Part):
    """One row of the timeline: when, what, and optionally which milestone it marks."""

    time: str = ""
    event: str = ""
    milestone: str = ""
    evidence: str = ""
    internal: bool = False
    """Left out of the public rendering (`render --public`); omitted from the TOML when false."""


class UserImpact(Part):
    """The User Impact table."""

    affected_users: str = ""
    failed_requests: str = ""
    error_rate: str = ""
    duration: str = ""
    regions: str = ""


class BusinessImpact(Part):
    """The Business Impact table."""

    revenue: str = ""
    sla: str = ""
    complaints: str = ""
    data_loss: str = ""
    reputation: str = ""


class Impact(Part):
    """Impact Analysis: user and business impact."""

    user: UserImpact = Field(default_factory=UserImpact)
    business: BusinessImpact = Field(default_factory=BusinessImpact)


class Why(Part):
    """One row of the 5 Whys; its number is its position."""

    question: str = ""
    answer: str = ""
    internal: bool = False
    """Left out of the public rendering (`render --public`); omitted from the TOML when false."""


class RootCause(Part):
    """Root Cause Analysis."""

    what_happened: str = ""
    why_it_happened: str = ""
    contributing_factors: list[str] = Field(default_factory=list)
    whys: list[Why] = Field(default_factory=list)


class DetectionMethods(Part):
    """The template's "How Was the Incident Detected?" checkboxes."""

    automated_alerting: bool = False
    customer_report: bool = False
    internal_report: bool = False
    routine_monitoring: bool = False
    other: bool = False
    other_description: str = ""


class DetectionMetrics(Part):
    """Detection Metrics as typed by hand; empty ones are computed from timeline milestones."""

    impact_to_detection: str = ""
    detection_to_response: str = ""
    response_to_mitigation: str = ""
    mitigation_to_resolution: str = ""


class Detection(Part):
    """Detection and Response."""

    methods: DetectionMethods = Field(default_factory=DetectionMethods)
    metrics: DetectionMetrics = Field(default_factory=DetectionMetrics)
    went_well: list[str] = Field(default_factory=list)
    could_improve: list[str] = Field(default_factory=list)
    luck: list[str] = Field(default_factory=list)


class Resolution(Part):
    """Resolution: what was done, how it was verified, what fixes it for good."""

    immediate_actions: list[str] = Field(default_factory=list)
    verification: str = ""
    permanent_fix: str = ""


class ActionItem(Part):
    """One follow-up action."""

    id: str = ""
    action: str = ""
    owner: str = ""
    priority: str = ""
    due: str = ""
    status: str = "Open"
    ticket: str = ""
    internal: bool = False
    """Left out of the public rendering (`render --public`); omitted from the TOML when false."""


class ChecklistItem(Part):
    """A checkbox line such as a runbook update."""

    done: bool = False
    text: str = ""
    internal: bool = False
    """Left out of the public rendering (`render --public`); omitted from the TOML when false."""


class Lessons(Part):
    """Lessons Learned."""

    learned: list[str] = Field(default_factory=list)
    process: list[str] = Field(default_factory=list)
    monitoring: list[str] = Field(default_factory=list)
    runbook_updates: list[ChecklistItem] = Field(default_factory=list)


class Message(Part):
    """One row of the communication log."""

    time: str = ""
    channel: str = ""
    message: str = ""
    internal: bool = False
    """Left out of the public rendering (`render --public`); omitted from the TOML when false."""


class Appendix(Part):
    """Appendix: logs, metrics, communication log, references."""

    logs: str = ""
    metrics_notes: str = ""
    dashboard_url: str = ""
    prometheus_query: str = ""
    communication_log: list[Message] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)


class Approval(Part):
    """One sign-off."""

    role: str = ""
    name: str = ""
    date: str = ""
    signature: str = ""
    internal: bool = False
    """Left out of the public rendering (`render --public`); omitted from the TOML when false."""


class Meeting(Part):
    """Review Meeting Notes."""

    date: str = ""
    attendees: str = ""
    discussion: list[str] = Field(default_factory=list)
    decisions: list[str] = Field(default_factory=list)
    follow_ups: list[str] = Field(default_factory=list)


class Revision(Part):
    """One row of the revision history."""

    date: str = ""
    author: str = ""
    change: str = ""
    internal: bool = False
    """Left out of the public rendering (`render --public`); omitted from the TOML when false."""


class ExtraSection(Part):
    """A section the template does not have (kept from an import), rendered after `after`."""

    heading: str = ""
    after: str = ""
    """Key of the template section it follows ("" for before the first one)."""
    markdown: str = ""
    internal: bool = False
    """Left out of the public rendering (`render --public`); omitted from the TOML when false."""


class DismissedHint(Part):
    """A hint the writers judged wrong for one field, and why ("not blame: the name is a service").

    Kept in the review so the hint stays quiet for everyone who opens it, and the reason is on record.
    """

    rule: str = ""
    """The hint's rule id, e.g. "blame-person"."""
    field: str = ""
    """The dotted review path the hint was about, e.g. "root_cause.whys.4.answer"."""
    reason: str = ""


class Review(Part):
    """A whole post-incident review, in the template's order."""

    schema_version: int = SCHEMA_VERSION
    title: str = ""
    status: str = "draft"
    incident: Incident = Field(default_factory=Incident)
    summary: str = ""
    timeline: list[TimelineEvent] = Field(default_factory=list)
    impact: Impact = Field(default_factory=Impact)
    root_cause: RootCause = Field(default_factory=RootCause)
    detection: Detection = Field(default_factory=Detection)
    resolution: Resolution = Field(default_factory=Resolution)
    action_items: list[ActionItem] = Field(default_factory=list)
    lessons: Lessons = Field(default_factory=Lessons)
    appendix: Appendix = Field(default_factory=Appendix)
    approvals: list[Approval] = Field(default_factory=list)
    meeting: Meeting = Field(default_factory=Meeting)
    revisions: list[Revision] = Field(default_factory=list)
    extra_sections: list[ExtraSection] = Field(default_factory=list)
    import_notes: list[str] = Field(default_factory=list)
    """What an import could not place; kept so nothing is dropped silently."""
    internal_fields: list[str] = Field(default_factory=list)
    """Dotted paths of fields left out of the public rendering (`render --public`); omitted from
    the TOML when empty."""
    dismissed_hints: list[DismissedHint] = Field(default_factory=list)
    """Hints dismissed for a field (see `pirtui.core.hints`); omitted from the TOML when empty."""
    publish: bool | SkipJsonSchema[None] = None
    """`publish = true` puts the review on the public site (`pirtui site --public`); unset (None,
    the default) means not published, and is not written to the TOML."""


def new_review(incident_id: str = "", today: str = "") -> Review:
    """A fresh draft, with the template's approval roles filled in so that only names remain."""
    review = Review(incident=Incident(id=incident_id))
    review.approvals = [Approval(role=role) for role in DEFAULT_APPROVAL_ROLES]
    if today:
        review.revisions = [Revision(date=today, change="Initial draft")]
    return review


def get_path(obj: object, path: str) -> object:
    """The value at a dotted path such as "incident.id" or "timeline.3.time"."""
    for part in path.split("."):
        obj = obj[int(part)] if part.isdigit() else getattr(obj, part)  # type: ignore[index]
    return obj


def set_path(obj: object, path: str, value: object) -> None:
    """Set the value at a dotted path; the editor's single way of writing into a review."""
    head, _, last = path.rpartition(".")
    parent = get_path(obj, head) if head else obj
    if last.isdigit():
        parent[int(last)] = value  # type: ignore[index]
    else:
        setattr(parent, last, value)


def row_model(path: str) -> type[Part]:
    """The model of one row of the list at a dotted path ("appendix.communication_log" -> Message).

    The tables of the editor and of the importer build their rows from it.
    """
    model: type[BaseModel] = Review
    annotation: object = None
    for name in path.split("."):
        annotation = model.model_fields[name].annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
    (row,) = typing.get_args(annotation)
    return row
