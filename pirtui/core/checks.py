"""Findings about a review: what is certainly wrong (errors) and what looks suspicious or incomplete.

A draft may be incomplete and wrong, so checks never refuse anything: they describe. Errors are
things no finished review can contain (an end before its start, a due date nobody can read);
warnings are things worth a second look (a timeline out of order, an empty section). Each finding
names the template's H2 heading and the dotted review path of the field, so the editor can show it
beside the field and `pirtui check` can group it by section.

The checks run per section, because the editor re-checks on every keystroke and only the section
being typed in (and the sections that read what changed) needs to be looked at again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from pirtui.core.computed import (
    METRICS,
    MIDNIGHT_JUMP,
    PRIORITY_WINDOWS,
    latest_due,
    metric_minutes,
    overdue,
    timeline_moments,
)
from pirtui.core.model import (
    ACTION_STATUSES,
    MILESTONES,
    PRIORITIES,
    DEFAULT_APPROVAL_ROLES,
    REVIEW_STATUSES,
    SEVERITIES,
    Review,
    get_path,
)
from pirtui.core.sections import SECTIONS, SECTIONS_BY_KEY, Block, Section, column_for, computed_value, sections_for, template_of
from pirtui.core.template import roles
from pirtui.core.template.loader import builtin
from pirtui.core.timeparse import (
    When,
    format_minutes,
    instant,
    minutes_between,
    parse_date,
    parse_minutes,
    parse_when,
    parse_window,
    resolve_timezone,
    split_approximate,
)

if TYPE_CHECKING:  # the hints are imported when a check runs with them (not by `pirtui check` alone)
    from pirtui.core.hints import Hint, HintContext

Level = Literal["error", "warning", "hint"]
"""A hint (`pirtui.core.hints.Hint`) coaches; it never counts as a problem, blocks a save or fails a check."""
State = Literal["empty", "incomplete", "complete", "warnings", "errors"]

INCIDENT_ID = re.compile(r"^INC-\d{4}-\d{3,}$", re.IGNORECASE)
"""INC-YYYY-NNN; more than three digits are allowed for teams with over 999 incidents a year."""
METRIC_TOLERANCE_MINUTES = 1.0
"""How far a hand-typed duration may be from the computed one before a check says so."""
APPROXIMATE_TOLERANCE = 0.1
"""A duration typed as approximate ("about 17 hours") may be off by this share of the computed one."""
OUTSIDE_WINDOW = timedelta(days=1)
"""Timeline rows further than this before the start or after the end are probably mistyped."""
REQUIRED_MILESTONES = ("detected", "mitigated", "resolved")
"""Without these the detection metrics cannot be computed."""
WHYS_EXPECTED = 5
BUSINESS_IMPACT_PATHS = next(
    block.paths for block in SECTIONS_BY_KEY["impact"].blocks if block.heading == "Business Impact"
)
"""The Business Impact fields, which a review in review or final must fill."""
NO_VALUE_WORDS = frozenset({"none", "no", "zero", "n/a", "na", "nil", "unknown", "-", "—", "tbd"})
"""Words that stand for "nothing" or "not known" where the template expects a count or a rate."""
REQUIRED_INCIDENT_FIELDS = ("incident.id", "incident.start", "incident.end", "incident.severity")
"""The incident facts a review needs; missing is a warning in a draft and an error once final."""

_COUNT = re.compile(
    r"^(?:~|≈|±|<|>|<=|>=|over|about|around|approx\.?|approximately|roughly|nearly|almost|"
    r"up to|at least|at most|more than|less than|fewer than)?\s*\d",
    re.IGNORECASE,
)
_PERCENT = re.compile(
    r"^(?:~|≈|<|>|<=|>=|about|around|approx\.?|approximately|roughly|up to|peak|peak of)?\s*"
    r"(\d+(?:[.,]\d+)?)\s*(?:[-–]\s*(\d+(?:[.,]\d+)?)\s*)?(%|percent\b|pct\b)?(.*)$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*\s+(?=\S)|[。！？]+\s*(?=\S)")


@dataclass(frozen=True)
class Finding:
    """One thing a check noticed, addressed to the template section and the field it is about."""

    level: Level
    section: str
    """The template's H2 heading, e.g. "Action Items"."""
    field: str
    """Dotted review path, e.g. "action_items.2.owner"; a section's first path for the whole section."""
    message: str
    """One line of plain English: what is wrong and what is expected."""

    def to_dict(self) -> dict[str, str]:
        """The JSON shape `pirtui check --format json` prints."""
        return {"level": self.level, "section": self.section, "field": self.field, "message": self.message}


# ---------------------------------------------------------------------------------------------
# What several sections read, parsed once per check.


class _Facts:
    """The parsed values more than one section needs (incident window, timeline moments)."""

    def __init__(self, review: Review, today: date | None) -> None:
        self.review = review
        self.today = today or date.today()

    @cached_property
    def window(self) -> tuple[When | None, When | None]:
        return parse_window(self.review.incident.start, self.review.incident.end)

    @property
    def start(self) -> When | None:
        return self.window[0]

    @property
    def end(self) -> When | None:
        return self.window[1]

    @cached_property
    def start_date(self) -> date | None:
        return self.start.at.date() if self.start else None

    @cached_property
    def moments(self) -> list[When | None]:
        return timeline_moments(self.review)


class _Findings:
    """Collects the findings of one section, filling in its heading."""

    def __init__(self, section: Section) -> None:
        self.heading = section.heading
        self.items: list[Finding | Hint] = []

    def error(self, field: str, message: str) -> None:
        self.items.append(Finding("error", self.heading, field, message))

    def warning(self, field: str, message: str) -> None:
        self.items.append(Finding("warning", self.heading, field, message))


def _is_final(review: Review) -> bool:
    return review.status.strip().lower() == "final"


def _one_of(value: str, allowed: tuple[str, ...]) -> bool:
    """Whether a value is one of the template's choices, ignoring case and surrounding spaces."""
    folded = value.strip().casefold()
    return any(folded == option.casefold() for option in allowed)


def _one_line(text: str, limit: int) -> str:
    """Typed text made fit for a one-line message: whitespace collapsed, long text shortened."""
    text = " ".join(text.split())
    return text[: limit - 1] + "…" if len(text) > limit else text


def _quote(text: str, limit: int = 40) -> str:
    """A typed value quoted in a message."""
    return f'"{_one_line(text, limit)}"'


def _choices(options: tuple[str, ...]) -> str:
    return ", ".join(options[:-1]) + " or " + options[-1]


def _label(path: str) -> str:
    """The field's label as the template (and the editor) shows it, from `pirtui.core.sections`."""
    column = column_for(path)
    return column.label if column else path


def _form(path: str) -> str:
    """What to type in a field: its hint, or its choices, from `pirtui.core.sections`."""
    column = column_for(path)
    if column is None:
        return ""
    return _choices(column.options) if column.options else column.hint


def _date_before_incident(out: _Findings, facts: _Facts, path: str, text: str, what: str, level: Level) -> None:
    """Flags a date that cannot be read (warning) or falls before the incident started (`level`)."""
    if not text.strip():
        return
    when = parse_date(text)
    if when is None:
        out.warning(path, f"{what} {_quote(text)} cannot be read as a date; write YYYY-MM-DD.")
    elif facts.start_date and when < facts.start_date:
        message = f"{what} {when.isoformat()} is before the incident started ({facts.start_date.isoformat()})."
        (out.error if level == "error" else out.warning)(path, message)


def _duration_agrees(out: _Findings, path: str, label: str, typed: str, computed: float | None) -> None:
    """Flags a hand-typed duration that cannot be read, or disagrees with the computed one."""
    if not typed.strip():
        return
    minutes = parse_minutes(typed)
    if minutes is None:
        out.warning(path, f'{label} {_quote(typed)} cannot be read as a duration; write e.g. "45 minutes".')
        return
    if computed is None or computed < 0:
        return  # nothing to compare with; a negative span has its own finding
    tolerance = METRIC_TOLERANCE_MINUTES
    if split_approximate(typed)[1]:
        tolerance = max(tolerance, computed * APPROXIMATE_TOLERANCE)
    if abs(minutes - computed) > tolerance:
        out.warning(
            path,
            f"{label} {_quote(typed)} disagrees with the computed {format_minutes(computed)}; "
            "fix the value or the times it is computed from, or clear it to use the computed one.",
        )


def _reads_as_count(text: str) -> bool:
    core, _ = split_approximate(text)
    return core.casefold() in NO_VALUE_WORDS or bool(_COUNT.match(core))


# ---------------------------------------------------------------------------------------------
# One checker per section.


def _check_incident(review: Review, facts: _Facts, out: _Findings) -> None:
    incident = review.incident
    final = _is_final(review)
    for path in REQUIRED_INCIDENT_FIELDS:
        if not str(get_path(review, path)).strip():
            form = _form(path)
            expected = f"a final review needs one ({form})" if final else f"fill it in ({form})"
            (out.error if final else out.warning)(path, f"{_label(path)} is missing; {expected}.")

    if incident.id.strip() and not INCIDENT_ID.match(incident.id.strip()):
        out.error("incident.id", f"Incident ID {_quote(incident.id)} is not in the form INC-YYYY-NNN.")

    start_text, end_text = incident.start.strip(), incident.end.strip()
    start, end = _label("incident.start"), _label("incident.end")
    if start_text:
        typed = parse_when(start_text)
        if typed is None:
            message = f"{start} {_quote(start_text)} cannot be read; write {_form('incident.start')}."
            out.error("incident.start", message)
        elif facts.start is None:
            out.error("incident.start", f"{start} {_quote(start_text)} has no date; write {_form('incident.start')}.")
    if end_text:
        if parse_when(end_text) is None:
            out.error("incident.end", f"{end} {_quote(end_text)} cannot be read; write {_form('incident.end')}.")
        elif facts.start and facts.end and facts.end.at < facts.start.at:
            out.error("incident.end", f"{end} {_quote(end_text)} is before the start {_quote(start_text)}.")
        elif facts.start and facts.end and _rolled_far_past_midnight(facts.start, facts.end):
            out.error(
                "incident.end",
                f"{end} {_quote(end_text)} is before {start} {_quote(start_text)}; "
                "give the end's date if the incident crossed midnight.",
            )

    zone = incident.timezone.strip()
    if not zone:
        out.warning("incident.timezone", "Timezone is empty; say which timezone the times are in (UTC, PST, Europe/Berlin).")
    elif resolve_timezone(zone) is None:
        out.warning(
            "incident.timezone",
            f"Timezone {_quote(zone)} is not one pirtui knows; use an IANA name (Europe/Berlin) or UTC, PST, CET.",
        )

    computed = minutes_between(facts.start.at, facts.end.at) if facts.start and facts.end else None
    _duration_agrees(out, "incident.duration", _label("incident.duration"), incident.duration, computed)

    if incident.severity.strip() and not _one_of(incident.severity, SEVERITIES):
        out.error("incident.severity", f"Severity {_quote(incident.severity)} is not {_choices(SEVERITIES)}.")

    reviewed_text = incident.review_date.strip()
    if reviewed_text:
        reviewed = parse_date(reviewed_text)
        if reviewed is None:
            out.error("incident.review_date", f"Review date {_quote(reviewed_text)} cannot be read; write YYYY-MM-DD.")
        elif facts.start_date and reviewed < facts.start_date:
            out.error(
                "incident.review_date",
                f"Review date {reviewed.isoformat()} is before the incident started ({facts.start_date.isoformat()}).",
            )

    if not _one_of(review.status, REVIEW_STATUSES):
        out.error("status", f"Status {_quote(review.status)} is not {_choices(REVIEW_STATUSES)}.")


def _rolled_far_past_midnight(start: When, end: When) -> bool:
    """Whether an end typed without a date lies before the start's time of day by more than a
    short night: "16:10 - 15:40" is a slip (read as 23 h 30), "23:30 - 00:15" crosses midnight."""
    return not end.has_date and end.at.date() > start.at.date() and end.at - start.at > MIDNIGHT_JUMP


def _sentence_count(text: str) -> int:
    """Sentences in free text: a break is an end mark, then space, then neither lower case nor a digit.

    The exceptions keep "e.g. the" and "Jan. 15" inside one sentence.
    """
    text = text.strip()
    count = 1
    for match in _SENTENCE_END.finditer(text):
        following = text[match.end()]
        if not (following.islower() or following.isdigit()):
            count += 1
    return count


def _check_summary(review: Review, facts: _Facts, out: _Findings) -> None:
    if not review.summary.strip():
        return
    count = _sentence_count(review.summary)
    if not 2 <= count <= 3:
        out.warning(
            "summary",
            f"The executive summary has {count} sentence{'s' if count != 1 else ''}; "
            "the template asks for 2-3 (what happened, the impact, the resolution).",
        )


def _check_timeline(review: Review, facts: _Facts, out: _Findings) -> None:
    start, end = facts.window
    zone = resolve_timezone(review.incident.timezone or "UTC") or timezone.utc
    previous: When | None = None
    previous_text = ""
    seen_milestones: dict[str, int] = {}
    any_row = False
    for index, (row, moment) in enumerate(zip(review.timeline, facts.moments)):
        time_text = row.time.strip()
        path = f"timeline.{index}"
        if not (time_text or row.event.strip() or row.milestone.strip() or row.evidence.strip()):
            continue
        any_row = True
        if not time_text:
            out.warning(f"{path}.time", f"Timeline row {index + 1} has no time; write HH:MM.")
        elif moment is None:
            out.error(
                f"{path}.time",
                f"Timeline time {_quote(time_text)} cannot be read; write HH:MM, YYYY-MM-DD HH:MM or ~HH:MM.",
            )
        else:
            if previous is not None and _instant(time_text, moment, zone) < _instant(previous_text, previous, zone):
                out.warning(
                    f"{path}.time",
                    f"Timeline row {index + 1} ({_quote(time_text)}) is earlier than the row before it "
                    f"({_quote(previous_text)}); keep the timeline in order.",
                )
            if start is not None and moment.at < start.at - OUTSIDE_WINDOW:
                out.warning(f"{path}.time", f"Timeline time {_quote(time_text)} is more than a day before the incident started.")
            elif end is not None and moment.at > end.at + OUTSIDE_WINDOW:
                out.warning(f"{path}.time", f"Timeline time {_quote(time_text)} is more than a day after the incident ended.")
            previous, previous_text = moment, time_text
        tag = row.milestone.strip().lower()
        if tag:
            if tag not in MILESTONES:
                out.warning(f"{path}.milestone", f"Milestone {_quote(row.milestone)} is not one of: {', '.join(MILESTONES)}.")
            elif tag in seen_milestones:
                out.warning(
                    f"{path}.milestone",
                    f'Milestone "{tag}" is already on row {seen_milestones[tag] + 1}; the first one counts.',
                )
            else:
                seen_milestones[tag] = index
    if not any_row:
        return
    for tag in REQUIRED_MILESTONES:
        if tag not in seen_milestones:
            out.warning("timeline", f'No timeline row is marked as the "{tag}" milestone; mark one so the metrics can be computed.')


def _check_impact(review: Review, facts: _Facts, out: _Findings) -> None:
    user, business = review.impact.user, review.impact.business
    rate = user.error_rate.strip()
    if rate and split_approximate(rate)[0].casefold() not in NO_VALUE_WORDS:
        match = _PERCENT.match(split_approximate(rate)[0])
        numbers = [float(n.replace(",", ".")) for n in (match.groups()[:2] if match else ()) if n is not None]
        readable = match is not None and (match[3] is not None or not match[4].strip())
        if not readable or not all(0 <= n <= 100 for n in numbers):
            message = f"{_label('impact.user.error_rate')} {_quote(rate)} is not a percentage between 0 and 100."
            out.error("impact.user.error_rate", message)
    for path in ("impact.user.failed_requests", "impact.business.complaints"):
        text = str(get_path(review, path))
        if text.strip() and not _reads_as_count(text):
            out.warning(path, f'{_label(path)} {_quote(text)} is not a number; write a count, or "None".')
    affected = user.affected_users.strip()
    if affected and not any(ch.isdigit() for ch in affected):
        first_word = affected.split()[0].casefold()
        if first_word not in NO_VALUE_WORDS | {"all", "every", "everyone", "nobody"}:
            label = _label("impact.user.affected_users")
            out.warning("impact.user.affected_users", f"{label} {_quote(affected)} is not a number or percentage.")
    if user.duration.strip() and parse_minutes(user.duration) is None:
        out.warning(
            "impact.user.duration",
            f'{_label("impact.user.duration")} {_quote(user.duration)} cannot be read as a duration; '
            'write e.g. "45 minutes".',
        )
    _business_impact_stated(review, out)


def _business_impact_stated(review: Review, out: _Findings) -> None:
    """A review put before its readers says what the incident cost, even if that is "None"."""
    status = review.status.strip().casefold()
    if status not in ("in review", "final") or _filled(review.impact.business):
        return
    first = BUSINESS_IMPACT_PATHS[0]
    message = f'Business Impact is empty but the review is {status}; state each impact, or "None".'
    (out.error if status == "final" else out.warning)(first, message)


def _check_root_cause(review: Review, facts: _Facts, out: _Findings) -> None:
    answered = sum(1 for why in review.root_cause.whys if why.answer.strip())
    if answered < WHYS_EXPECTED:
        out.warning(
            "root_cause.whys",
            f"Only {answered} of the 5 Whys {'is' if answered == 1 else 'are'} answered; "
            "keep asking why until the underlying cause shows.",
        )


def _check_detection(review: Review, facts: _Facts, out: _Findings) -> None:
    methods = review.detection.methods
    if methods.other and not methods.other_description.strip():
        out.warning("detection.methods.other_description", 'Detection "Other" is ticked but not described.')
    minutes = metric_minutes(review, facts.moments)
    for key, first, last in METRICS:
        path = f"detection.metrics.{key}"
        computed = minutes[key]
        if computed is not None and computed < 0:
            out.warning(path, f'The "{last}" milestone is before the "{first}" milestone in the timeline.')
        typed = getattr(review.detection.metrics, key)
        _duration_agrees(out, path, _label(path), typed, computed)


def _check_action_items(review: Review, facts: _Facts, out: _Findings) -> None:
    latest = {priority: latest_due(review, priority) for priority in PRIORITY_WINDOWS}
    first_with_id: dict[str, int] = {}
    for index, item in enumerate(review.action_items):
        path = f"action_items.{index}"
        if not any(value.strip() for value in (item.action, item.owner, item.priority, item.due, item.ticket)):
            out.warning(path, f"Action item {index + 1} is empty; fill it in or delete it.")
            continue
        item_id = item.id.strip()
        name = f"Action item {_one_line(item_id, 20) or index + 1}"
        if not item_id:
            out.warning(f"{path}.id", f"Action item {index + 1} has no ID.")
        elif item_id in first_with_id:
            out.error(
                f"{path}.id",
                f"Action item ID {_quote(item_id)} is used twice (rows {first_with_id[item_id] + 1} "
                f"and {index + 1}); give each item its own ID.",
            )
        else:
            first_with_id[item_id] = index
        if not item.action.strip():
            out.error(f"{path}.action", f"{name} says no action; write what is to be done.")
        if not item.owner.strip():
            out.error(f"{path}.owner", f"{name} has no owner; name who does it.")
        priority = item.priority.strip().upper()
        if not priority:
            out.warning(f"{path}.priority", f"{name} has no priority ({_choices(PRIORITIES)}).")
        elif priority not in PRIORITIES:
            out.error(f"{path}.priority", f"Priority {_quote(item.priority)} is not {_choices(PRIORITIES)}.")
        if not item.status.strip():
            out.warning(f"{path}.status", f"{name} has no status.")
        elif not _one_of(item.status, ACTION_STATUSES):
            out.error(f"{path}.status", f"Status {_quote(item.status)} is not {_choices(ACTION_STATUSES)}.")
        if not item.due.strip():
            out.warning(f"{path}.due", f"{name} has no due date.")
            continue
        due = parse_date(item.due)
        if due is None:
            out.error(f"{path}.due", f"Due date {_quote(item.due)} cannot be read; write YYYY-MM-DD.")
            continue
        limit = latest.get(priority)
        if limit is not None and due > limit:
            out.warning(
                f"{path}.due",
                f"Due date {due.isoformat()} is later than {priority} allows ({limit.isoformat()}); "
                "bring it forward or lower the priority.",
            )
        if overdue(item, facts.today):  # the one overdue rule (computed.days_overdue)
            out.warning(f"{path}.due", f"{name} is overdue (due {due.isoformat()}).")


def _check_appendix(review: Review, facts: _Facts, out: _Findings) -> None:
    for index, row in enumerate(review.appendix.communication_log):
        if row.time.strip() and parse_when(row.time, facts.start_date) is None:
            out.warning(
                f"appendix.communication_log.{index}.time",
                f"Communication log time {_quote(row.time)} cannot be read; write HH:MM.",
            )


def _check_approvals(review: Review, facts: _Facts, out: _Findings) -> None:
    draft = review.status.strip().casefold() == "draft"
    for index, row in enumerate(review.approvals):
        _date_before_incident(out, facts, f"approvals.{index}.date", row.date, "Approval date", "error")
        signed = "signature" if row.signature.strip() else "date" if row.date.strip() else ""
        if draft and signed:
            who = _quote(row.role or row.name or f"row {index + 1}")
            out.warning(
                f"approvals.{index}.{signed}",
                f"The approval of {who} is signed but the review is still a draft; "
                "approve the review once it is in review or final.",
            )
    if _is_final(review):
        named = {row.role.strip().casefold() for row in review.approvals if row.name.strip()}
        missing = [role for role in DEFAULT_APPROVAL_ROLES if role.casefold() not in named]
        if missing:
            out.error(
                "approvals",
                f"The review is final but has no named approval from {', '.join(missing)}; "
                "a final review needs the template's three approvals.",
            )


def _check_meeting(review: Review, facts: _Facts, out: _Findings) -> None:
    _date_before_incident(out, facts, "meeting.date", review.meeting.date, "Meeting date", "warning")


def _check_revisions(review: Review, facts: _Facts, out: _Findings) -> None:
    for index, row in enumerate(review.revisions):
        _date_before_incident(out, facts, f"revisions.{index}.date", row.date, "Revision date", "error")


_CHECKERS: dict[str, Callable[[Review, _Facts, _Findings], None]] = {
    "incident": _check_incident,
    "summary": _check_summary,
    "timeline": _check_timeline,
    "impact": _check_impact,
    "root_cause": _check_root_cause,
    "detection": _check_detection,
    "action_items": _check_action_items,
    "appendix": _check_appendix,
    "approvals": _check_approvals,
    "meeting": _check_meeting,
    "revisions": _check_revisions,
}
"""The rules of each section; sections not listed only get the "empty section" warning."""

RULES_WHEN_EMPTY = frozenset({"incident"})
"""Sections whose rules still run when the section is empty: the incident's missing ID, start, end
and severity are named one by one, beside their fields."""



def _readers() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    owned = {section.key: section.paths for section in SECTIONS}  # each computed once, not per path
    for section in SECTIONS:
        for path in section.reads:
            for owner in _sections_of_path(path, owned):
                if owner != section.key and section.key not in found.setdefault(owner, []):
                    found[owner].append(section.key)
    return {key: tuple(readers) for key, readers in found.items()}


# ---------------------------------------------------------------------------------------------
# Completeness: which blocks hold something the user typed.


def _fresh_review() -> Review:
    """`new_review()`, validated by the Review model's one validator: constructing each part as
    `new_review` does builds each part's own pydantic validator, 13 more builds at every start-up."""

    def empty(model: type[BaseModel]) -> dict[str, Any]:
        return {
            name: empty(info.annotation) for name, info in model.model_fields.items()
            if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel)
        }

    data = empty(Review) | {"approvals": [{"role": role} for role in DEFAULT_APPROVAL_ROLES]}
    return Review.model_validate(data)


_FRESH = _fresh_review()
_DEFAULTS: dict[type, dict[str, Any]] = {}


def _model_defaults(model: BaseModel) -> dict[str, Any]:
    cls = type(model)
    if cls not in _DEFAULTS:
        _DEFAULTS[cls] = {
            name: info.get_default(call_default_factory=True) for name, info in cls.model_fields.items()
        }
    return _DEFAULTS[cls]


def _filled(value: Any, default: Any = None) -> bool:
    """Whether a value holds something typed: not blank, and not what a fresh review starts with."""
    if isinstance(value, str):
        return bool(value.strip()) and value != default
    if isinstance(value, bool):
        return value and value != default
    if isinstance(value, BaseModel):
        defaults = _model_defaults(value)
        return any(_filled(getattr(value, name), defaults[name]) for name in defaults)
    if isinstance(value, list):
        fresh = default or []
        return any(item not in fresh and _filled(item) for item in value)
    return value is not None and value != default


def _path_filled(review: Review, path: str) -> bool:
    """Typed by the user, or computed from the rest of the review (a detection metric, the duration)."""
    return _filled(get_path(review, path), get_path(_FRESH, path)) or bool(computed_value(review, path))


def _block_filled(review: Review, block: Block) -> bool:
    return any(_path_filled(review, path) for path in block.paths)


def field_slots(key: str) -> list[tuple[str, str]]:
    """(review path, label) of each place of a section the user fills, in screen order: every
    field of a fields block, and every other block (a text, a list, a table) as one."""
    slots: list[tuple[str, str]] = []
    section = SECTIONS_BY_KEY[key]
    for block in section.blocks:
        if block.kind == "fields":
            slots.extend((column.key, column.label) for column in block.columns)
        elif block.path:
            slots.append((block.path, block.label or block.heading or section.heading))
    return slots


def empty_fields(review: Review, key: str) -> list[tuple[str, str]]:
    """(review path, label) of the places of a section still empty (computed values count as
    filled), in screen order: where the user resumes a draft, and what an incomplete section lacks."""
    return [(path, label) for path, label in field_slots(key) if _slot_empty(review, path)]


def _slot_empty(review: Review, path: str) -> bool:
    # A value a fresh review starts with ("UTC") is shown in the field, so it is not empty there.
    value = get_path(review, path)
    default = get_path(_FRESH, path) if isinstance(value, BaseModel) else None
    return not _filled(value, default) and not computed_value(review, path)


def section_fill(review: Review, key: str) -> tuple[int, int]:
    """(blocks filled, blocks total) of a section, for the editor's completeness display.

    A block counts as filled when it holds anything the user typed; static blocks do not count.
    """
    blocks = [block for block in SECTIONS_BY_KEY[key].blocks if block.kind != "static"]
    return sum(1 for block in blocks if _block_filled(review, block)), len(blocks)


def section_complete(review: Review, key: str) -> bool:
    """Whether a section is complete: every block holds something and no field of it is empty.

    The one answer to "is it complete" (issue 25 item 11): the status line's count, the section
    list's ✓, F8's incomplete sections, F9 and the review list's Filled column all ask this. A
    section with warnings can be complete; warnings are counted on their own."""
    filled, total = section_fill(review, key)
    return filled >= total and not empty_fields(review, key)


def section_state(review: Review, key: str, findings_of_section: list[Finding | Hint]) -> State:
    """One word for a section in the section list: errors win, then empty, warnings, incomplete.

    Hints do not change it."""
    findings_of_section = [finding for finding in findings_of_section if finding.level != "hint"]
    if any(finding.level == "error" for finding in findings_of_section):
        return "errors"
    filled, total = section_fill(review, key)
    if total and not filled:
        return "empty"
    if findings_of_section:
        return "warnings"
    return "complete" if section_complete(review, key) else "incomplete"


# ---------------------------------------------------------------------------------------------
# Running the checks.


def _check_one(review: Review, key: str, facts: _Facts, hints: HintContext | None = None) -> list[Finding | Hint]:
    section = SECTIONS_BY_KEY[key]
    out = _Findings(section)
    if not section.editable:
        return out.items
    if not any(_block_filled(review, block) for block in section.blocks):
        first = section.paths[0] if section.paths else ""
        notes = _import_notes_of(review, section)
        if notes:
            held = f"{notes} import note{'s hold' if notes != 1 else ' holds'} its text"
            out.warning(first, f"{section.heading} is empty, but {held} (under \"Import Notes\" at the end of "
                        "the Markdown, and in import_notes in the TOML); move it in before the review is final.")
        else:
            out.warning(first, f"{section.heading} is empty; fill it in before the review is final.")
        if key not in RULES_WHEN_EMPTY:
            return out.items
    checker = _CHECKERS.get(key)
    if checker is not None:
        checker(review, facts, out)
    if hints is not None:
        from pirtui.core.hints import section_hints

        out.items.extend(section_hints(review, key, facts, hints))
    return out.items


def _instant(text: str, moment: When, zone: tzinfo) -> datetime:
    """A timeline time's instant: "01:10 EST" comes after "01:40 EDT" on the night clocks fall back."""
    return instant(text, moment.at, zone)


def _import_notes_of(review: Review, section: Section) -> int:
    """How many import notes were written about this section ("Timeline: ...", "Timeline / X: ...")."""
    return sum(
        1 for note in review.import_notes
        if note.startswith((f"{section.heading}: ", f"{section.heading} / "))
    )


def _final_status_finding(review: Review, findings: list[Finding | Hint]) -> list[Finding | Hint]:
    """The error for a review marked final while other errors remain."""
    if not _is_final(review):
        return []
    errors = sum(1 for finding in findings if finding.level == "error")
    if not errors:
        return []
    heading = SECTIONS_BY_KEY["incident"].heading
    message = (
        f"Status is final but {errors} other error{'s remain' if errors != 1 else ' remains'}; "
        "fix them or set the status back to draft."
    )
    return [Finding("error", heading, "status", message)]


def _in_order(per_section: dict[str, list[Finding | Hint]], review: Review) -> list[Finding | Hint]:
    ordered = [finding for section in SECTIONS for finding in per_section.get(section.key, ())]
    final = _final_status_finding(review, ordered)
    if final:
        incident = SECTIONS_BY_KEY["incident"]
        after = sum(1 for section in SECTIONS[: SECTIONS.index(incident) + 1] for _ in per_section.get(section.key, ()))
        ordered[after:after] = final
    return ordered


def check(review: Review, today: date | None = None, hints: HintContext | None = None) -> list[Finding | Hint]:
    """Every finding about a review, in the template's order. `today` decides what is overdue;
    with `hints`, each section's hints follow its errors and warnings."""
    if template_of(review) is not builtin():
        return [*declared_rules(review), *not_in_the_template(review)]
    facts = _Facts(review, today)
    return _in_order({section.key: _check_one(review, section.key, facts, hints) for section in SECTIONS}, review)


def declared_rules(review: Review) -> list[Finding]:
    """A team template's declared rules: a required field left empty is a warning, and an error
    once the review's status is one the field names in `required_when`; a table's required column
    is checked in each row."""
    template = template_of(review)
    status = roles.text(template, review, "review-status").strip().casefold()
    headings = {section.key: section.heading for section in sections_for(review)}
    findings = []
    for field in template.fields:
        spec = field.spec
        if not (spec.required or spec.required_when):
            continue
        strict = status in {value.casefold() for value in spec.required_when}
        table, _, column = field.path.partition("[].")
        places = (
            [(f"{table}.{i}.{column}", getattr(row, column)) for i, row in enumerate(get_path(review, table))]
            if column else [(field.path, get_path(review, field.path))]
        )
        for path, value in places:
            if roles.is_empty(value):
                when = f" (required once the review is {status})" if strict else ""
                findings.append(Finding("error" if strict else "warning", headings[field.section.key], path,
                                        f"{spec.label} is empty{when}"))
    return findings + _time_order(review, template, headings)


def _time_order(review: Review, template: Any, headings: dict[str, str]) -> list[Finding]:
    """A team template's timeline (the table with the incident-timeline role) in time order."""
    from pirtui.core.computed import moments_of

    table = template.table_path("incident-timeline")
    column = template.column_of("incident-timeline", "timeline-time")
    if not table or not column:
        return []
    start = parse_window(roles.text(template, review, "incident-start"), roles.text(template, review, "incident-end"))[0]
    rows = roles.rows(template, review, "incident-timeline")
    moments = moments_of([str(getattr(row, column)) for row in rows], start.at.date() if start else None)
    heading = next((headings[f.section.key] for f in template.fields if f.path.startswith(f"{table}[].")), "")
    findings, latest = [], None
    for index, moment in enumerate(moments):
        if moment is None:
            continue
        if latest is not None and moment.at < latest:
            findings.append(Finding("warning", heading, f"{table}.{index}.{column}",
                                    f"row {index + 1} is earlier than the row before it (press s to sort)"))
        latest = moment.at if latest is None else max(latest, moment.at)
    return findings


def not_in_the_template(review: Review) -> list[Finding]:
    """A review of a team's template: each value under a key its template (this version of it)
    does not declare, kept as written and saved, until someone moves it or removes it."""
    sections = sections_for(review)
    findings = []
    for path in unknown_paths(review):
        top = path.split(".")[0]
        owner = next((s for s in sections if any(p.split(".")[0] == top for p in s.paths)), None)
        heading = owner.heading if owner else "Review"
        findings.append(Finding("warning", heading, path, f"{path}: not in the template (kept as written)"))
    return findings


def unknown_paths(node: BaseModel, prefix: str = "") -> list[str]:
    """Dotted paths of the values kept under keys the review's template does not declare."""
    found = [f"{prefix}{key}" for key in (node.model_extra or {})]
    for name in type(node).model_fields:
        value = getattr(node, name)
        if isinstance(value, BaseModel):
            found += unknown_paths(value, f"{prefix}{name}.")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    found += unknown_paths(item, f"{prefix}{name}.{index}.")
    return found


def _sections_of_path(path: str, paths: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """Keys of the sections that own a path, or that own something under it ("timeline" -> Timeline);
    `paths`: each section's paths, when the caller has them."""
    keys = []
    for section in SECTIONS:
        for owned in section.paths if paths is None else paths[section.key]:
            if path == owned or path.startswith(owned + ".") or owned.startswith(path + "."):
                keys.append(section.key)
                break
    return keys


READS_FROM: dict[str, tuple[str, ...]] = _readers()
"""For each section, the sections whose checks read its values (derived from `Section.reads`):
a change in the key section re-checks these too."""


def _hint_reads_from() -> dict[str, tuple[str, ...]]:
    """What the hints read, imported only when hints run."""
    from pirtui.core.hints import HINT_READS_FROM

    return HINT_READS_FROM


def _dependents_of(keys: list[str], hints: bool = False) -> list[str]:
    """The sections that read, directly or through another section, from the sections `keys`
    (with `hints`, also through what hints read).

    A section of `keys` is among them when it reads from another of `keys`.
    """
    found: list[str] = []
    pending = list(keys)
    while pending:
        key = pending.pop()
        for dependent in (*READS_FROM.get(key, ()), *(_hint_reads_from().get(key, ()) if hints else ())):
            if dependent not in found:
                found.append(dependent)
                pending.append(dependent)
    return found


class IncrementalChecker:
    """Keeps findings per section, so the editor can re-check only what a keystroke changed."""

    def __init__(
        self, review: Review, today: date | None = None, hints: HintContext | None = None, *, hints_apart: bool = False
    ) -> None:
        self.review = review
        self.today = today
        self.hints = hints
        """What the hints need (None: no hints)."""
        self.hints_apart = hints_apart
        """True: the checks never run hints themselves; `hint_pass` computes them (in a thread, so
        the editor never waits on them, and a hang-up saves while one runs) and `take_hints` adds them."""
        self._hints: dict[str, list[Finding | Hint]] = {}
        self.hint_passes_taken = 0
        """How many hint passes' results have been taken: a pass is done once this moves."""
        facts = _Facts(review, today)
        self._per_section = {section.key: _check_one(review, section.key, facts, self._inline_hints) for section in SECTIONS}
        self._findings = _in_order(self._merged(), review)
        self.rechecked: tuple[str, ...] = tuple(self._per_section)
        """The keys of the sections the last update re-checked."""

    def set_hints(self, hints: HintContext | None) -> list[Finding | Hint]:
        """Run hints with each section's checks from now on (None: stop), re-checking every section."""
        self.hints = hints
        return self._recheck([section.key for section in SECTIONS])

    def update(self, changed_path: str, *, dependents: bool = True) -> list[Finding | Hint]:
        """Re-check the section owning `changed_path` and the sections that read from it.

        With `dependents=False` only the owning section is re-checked: the editor does that per
        keystroke, so the field's own message is live, and re-checks the dependents once the typing
        pauses (`update_dependents`), because re-reading 2,000 timeline rows per key is too slow.
        """
        owners = _sections_of_path(changed_path) if changed_path else []
        if not owners:
            owners = [section.key for section in SECTIONS]
        if dependents:
            owners += [key for key in _dependents_of(owners, self.hints is not None) if key not in owners]
        return self._recheck(owners)

    def update_dependents(self, changed_paths: Iterable[str]) -> list[Finding | Hint]:
        """Re-check the sections that read from `changed_paths`, whose own sections are up to date."""
        owners = [key for path in changed_paths for key in _sections_of_path(path)]
        return self._recheck(_dependents_of(owners, self.hints is not None))

    def _recheck(self, keys: list[str]) -> list[Finding | Hint]:
        facts = _Facts(self.review, self.today)
        for key in keys:
            self._per_section[key] = _check_one(self.review, key, facts, self._inline_hints)
        self.rechecked = tuple(keys)
        self._findings = _in_order(self._merged(), self.review)
        return self._findings

    @property
    def _inline_hints(self) -> HintContext | None:
        return None if self.hints_apart else self.hints

    def _merged(self) -> dict[str, list[Finding | Hint]]:
        if not self._hints:
            return self._per_section
        return {key: [*found, *self._hints.get(key, ())] for key, found in self._per_section.items()}

    def hint_pass(self) -> Callable[[], dict[str, list[Finding | Hint]]]:
        """A job computing every section's hints on a copy of the review as it is now, safe to run
        in a thread (it reads only the copy); hand its result to `take_hints`."""
        hints = self.hints
        snapshot = self.review.model_copy(deep=True)
        today = self.today

        def job() -> dict[str, list[Finding | Hint]]:
            if hints is None:
                return {}
            facts = _Facts(snapshot, today)
            # The checks run again beside the hints, so a hint shows exactly where it would inline.
            return {
                section.key: [f for f in _check_one(snapshot, section.key, facts, hints) if f.level == "hint"]
                for section in SECTIONS
            }

        return job

    def take_hints(self, found: dict[str, list[Finding | Hint]]) -> list[Finding | Hint]:
        """The hints a `hint_pass` found, shown from now on with each section's checks."""
        self._hints = found
        self.hint_passes_taken += 1
        self.rechecked = tuple(found) or tuple(self._per_section)
        self._findings = _in_order(self._merged(), self.review)
        return self._findings

    @property
    def findings(self) -> list[Finding | Hint]:
        """All current findings, in the template's order."""
        return self._findings

    def for_section(self, key: str) -> list[Finding | Hint]:
        """The current findings of one section (the final-status error included in Incident Information)."""
        heading = SECTIONS_BY_KEY[key].heading
        return [finding for finding in self._findings if finding.section == heading]
