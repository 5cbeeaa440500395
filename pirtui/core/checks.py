"""Findings about a review: what is certainly wrong (errors) and what looks suspicious or incomplete.

A draft may be incomplete and wrong, so checks never refuse anything: they describe. Errors are
things no finished review can contain (an end before its start, a due date nobody can read);
warnings are things worth a second look (a timeline out of order, an empty section). Each finding
names the template's H2 heading and the dotted review path of the field, so the editor can show it
beside the field and `pirtui check` can group it by section.

The checks run per section, because the editor re-checks on every keystroke and only the section
being typed in (and the sections that read what changed) needs to be looked at again.

Every check asks the review's template, never a field by name: the rules a template declares
(required, required when the status is X, a pattern, unique, not before the start, the timeline in
time order, due dates within their priority's window, metrics between milestones) are read by role
and type, so they hold for any template, and a template without a role skips what needs it. What
cannot be declared is a named rule in `pirtui.core.check_rules`, run where a template's `rules`
name it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from dateutil.relativedelta import relativedelta

from pirtui.core.check_rules import CHECK_RULES, at, choices, one_line, one_of, quote, rows_at
from pirtui.core.computed import MIDNIGHT_JUMP, days_overdue, moments_of
from pirtui.core.model import Review, get_path
from pirtui.core.sections import SECTIONS, Block, Section, computed_value, sections_for, sections_of, template_of
from pirtui.core.template import roles
from pirtui.core.template.loader import builtin
from pirtui.core.template.spec import BlockSpec, FieldSpec, SectionSpec
from pirtui.core.template.template import DeclaredField, Template
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

METRIC_TOLERANCE_MINUTES = 1.0
"""How far a hand-typed duration may be from the computed one before a check says so."""
APPROXIMATE_TOLERANCE = 0.1
"""A duration typed as approximate ("about 17 hours") may be off by this share of the computed one."""
OUTSIDE_WINDOW = timedelta(days=1)
"""Timeline rows further than this before the start or after the end are probably mistyped."""
EMPTY_SECTIONS = "empty-sections"
"""The named rule that warns of a section left empty."""
DATE_WORDS: dict[str, tuple[str, Level]] = {
    "review-date": ("Review date", "error"),
    "meeting-date": ("Meeting date", "warning"),
    "approval-date": ("Approval date", "warning"),
    "revision-date": ("Revision date", "warning"),
}
"""How a message names a date of each role, and how bad it is when it cannot be read (a date of
no role goes by its label, and is a warning)."""
_SPANS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}
_PATHS: dict[tuple[Template, str], str | None] = {}


def _path_of(template: Template, role: str) -> str | None:
    """`template.path_of(role)`, asked once per template and role (a check asks it per row)."""
    key = (template, role)
    if key not in _PATHS:
        _PATHS[key] = template.path_of(role)
    return _PATHS[key]


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
    """The parsed values more than one section needs (incident window, timeline moments, status),
    each asked of the review's template by role."""

    def __init__(self, review: Any, today: date | None, template: Template | None = None) -> None:
        self.review = review
        self.today = today or date.today()
        self.template = template or template_of(review)

    def text(self, role: str) -> str:
        """The text of the field with `role` ("" without one), as `roles.text` reads it."""
        path = _path_of(self.template, role)
        found: object = next(roles.values_at(self.review, path), "") if path and "[]" not in path else ""
        return "" if found is None else str(found)

    @cached_property
    def due_base(self) -> date | None:
        """The date due dates count from: the review date or the meeting's date, whichever is
        later, else the incident's start."""
        dates = [d for d in (parse_date(self.text("review-date")), parse_date(self.text("meeting-date"))) if d]
        return max(dates) if dates else self.start_date

    @cached_property
    def latest_due(self) -> dict[str, date]:
        """The last date an action item of each priority (upper case) is due by."""
        base = self.due_base
        return {priority: base + window for priority, window in _due_windows(self.template).items()} if base else {}

    @cached_property
    def window(self) -> tuple[When | None, When | None]:
        return parse_window(self.text("incident-start"), self.text("incident-end"))

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
    def status(self) -> str:
        """The review's status as typed ("" for a template without the review-status role)."""
        return self.text("review-status")

    @cached_property
    def zone(self) -> tzinfo:
        return resolve_timezone(self.text("incident-zone") or "UTC") or timezone.utc

    @cached_property
    def moments(self) -> list[When | None]:
        """Each timeline row's moment (`pirtui.core.computed.moments_of`)."""
        table = self.template.table_path("incident-timeline")
        key = self.template.column_of("incident-timeline", "timeline-time")
        if not table or not key:
            return []
        return moments_of([str(getattr(row, key)) for row in rows_at(self.review, table)], self.start_date)


class _Findings:
    """Collects the findings of one section, filling in its heading."""

    def __init__(self, section: Section) -> None:
        self.heading = section.heading
        self.items: list[Finding | Hint] = []

    def error(self, field: str, message: str) -> None:
        self.items.append(Finding("error", self.heading, field, message))

    def warning(self, field: str, message: str) -> None:
        self.items.append(Finding("warning", self.heading, field, message))

    def add(self, level: Level, field: str, message: str) -> None:
        (self.error if level == "error" else self.warning)(field, message)


def _form(template: Template, spec: FieldSpec) -> str:
    """What to type in a field: its choices, or its hint."""
    options = template.options(spec) if spec.type == "choice" else ()
    return choices(options) if options else spec.hint


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _missing_level(template: Template, spec: FieldSpec, facts: _Facts) -> Level | None:
    """How bad an empty required field is: an error in a status its `required_when` names (always,
    when it names every status), else a warning; None when the field is not required."""
    if not (spec.required or spec.required_when):
        return None
    if spec.required_when:
        if not _missing_level_depends(template, spec):
            return "error"
        if facts.status.strip().casefold() in {status.casefold() for status in spec.required_when}:
            return "error"
    return "warning"


def _date_before_incident(out: _Findings, facts: _Facts, path: str, text: str, spec: FieldSpec) -> None:
    """A date that cannot be read, or that falls before the incident started (when declared so)."""
    if not text.strip():
        return
    noun, unreadable = next((DATE_WORDS[role] for role in spec.roles if role in DATE_WORDS), (spec.label, "warning"))
    when = parse_date(text)
    if when is None:
        if unreadable == "error":
            out.error(path, f"{noun} {quote(text)} cannot be read; write YYYY-MM-DD.")
        else:
            out.warning(path, f"{noun} {quote(text)} cannot be read as a date; write YYYY-MM-DD.")
    elif spec.not_before_start and facts.start_date and when < facts.start_date:
        message = f"{noun} {when.isoformat()} is before the incident started ({facts.start_date.isoformat()})."
        out.add(spec.not_before_start, path, message)


def _duration_agrees(out: _Findings, path: str, label: str, typed: str, computed: float | None) -> None:
    """Flags a hand-typed duration that cannot be read, or disagrees with the computed one."""
    if not typed.strip():
        return
    minutes = parse_minutes(typed)
    if minutes is None:
        out.warning(path, f'{label} {quote(typed)} cannot be read as a duration; write e.g. "45 minutes".')
        return
    if computed is None or computed < 0:
        return  # nothing to compare with; a negative span has its own finding
    tolerance = METRIC_TOLERANCE_MINUTES
    if split_approximate(typed)[1]:
        tolerance = max(tolerance, computed * APPROXIMATE_TOLERANCE)
    if abs(minutes - computed) > tolerance:
        out.warning(
            path,
            f"{label} {quote(typed)} disagrees with the computed {format_minutes(computed)}; "
            "fix the value or the times it is computed from, or clear it to use the computed one.",
        )


def _rolled_far_past_midnight(start: When, end: When) -> bool:
    """Whether an end typed without a date lies before the start's time of day by more than a
    short night: "16:10 - 15:40" is a slip (read as 23 h 30), "23:30 - 00:15" crosses midnight."""
    return not end.has_date and end.at.date() > start.at.date() and end.at - start.at > MIDNIGHT_JUMP


def _instant(text: str, moment: When, zone: tzinfo) -> datetime:
    """A timeline time's instant: "01:10 EST" comes after "01:40 EDT" on the night clocks fall back."""
    return instant(text, moment.at, zone)


def _milestone_minutes(facts: _Facts, first: str, last: str) -> float | None:
    """Minutes from the first row marked `first` to the first row marked `last` (None without both)."""
    template = facts.template
    table = template.table_path("incident-timeline")
    key = template.column_of("incident-timeline", "timeline-milestone")
    if not table or not key:
        return None
    found: dict[str, When] = {}
    for row, moment in zip(rows_at(facts.review, table), facts.moments):
        tag = str(getattr(row, key)).strip().lower()
        if tag and moment is not None and tag not in found:
            found[tag] = moment
    if first not in found or last not in found:
        return None
    return minutes_between(found[first].at, found[last].at)


# ---------------------------------------------------------------------------------------------
# The declared rules of a field, asked by role and type.


def _required(template: Template, field: DeclaredField, review: Any, facts: _Facts, out: _Findings) -> None:
    level = _missing_level(template, field.spec, facts)
    if level is None or not roles.is_empty(at(review, field.path)):
        return
    form = _form(template, field.spec)
    if level == "error":
        status = facts.status.strip().casefold() or "final"
        expected = f"a {status} review needs one"
    else:
        expected = "fill it in"
    out.add(level, field.path, f"{field.spec.label} is missing; {expected}{f' ({form})' if form else ''}.")


def _field_rules(template: Template, field: DeclaredField, review: Any, facts: _Facts, out: _Findings) -> None:
    """The rules of one field of a fields block, in the order its findings are listed."""
    spec, path = field.spec, field.path
    value = at(review, path)
    if not isinstance(value, str):
        return
    text, label = value.strip(), spec.label
    if spec.pattern and text and not re.match(spec.pattern, text):
        out.error(path, f"{label} {quote(value)} is not in the form {spec.hint}.")
    if "incident-start" in spec.roles and text:
        if parse_when(text) is None:
            out.error(path, f"{label} {quote(text)} cannot be read; write {_form(template, spec)}.")
        elif facts.start is None:
            out.error(path, f"{label} {quote(text)} has no date; write {_form(template, spec)}.")
    if "incident-end" in spec.roles and text:
        _end_rules(template, path, text, spec, facts, out)
    if "incident-zone" in spec.roles:
        if not text:
            out.warning(path, f"{label} is empty; say which timezone the times are in (UTC, PST, Europe/Berlin).")
        elif resolve_timezone(text) is None:
            out.warning(
                path,
                f"{label} {quote(text)} is not one pirtui knows; use an IANA name (Europe/Berlin) or UTC, PST, CET.",
            )
    if len(spec.between) == 2:
        first, last = spec.between
        computed = _milestone_minutes(facts, first, last)
        if computed is not None and computed < 0:
            out.warning(path, f'The "{last}" milestone is before the "{first}" milestone in the timeline.')
        _duration_agrees(out, path, label, value, computed)
    elif spec.computed == "incident-duration":
        computed = minutes_between(facts.start.at, facts.end.at) if facts.start and facts.end else None
        _duration_agrees(out, path, label, value, computed)
    if spec.type == "choice":
        options = template.options(spec)
        if options and (text or "review-status" in spec.roles) and not one_of(value, options):
            out.error(path, f"{label} {quote(value)} is not {choices(options)}.")
    if spec.type == "date":
        _date_before_incident(out, facts, path, value, spec)


def _end_rules(template: Template, path: str, text: str, spec: FieldSpec, facts: _Facts, out: _Findings) -> None:
    """The incident's end: readable, and not before its start."""
    start_path = template.path_of("incident-start")
    start_label = next((f.spec.label for f in template.fields if f.path == start_path), "Start")
    start_text = facts.text("incident-start").strip()
    end = spec.label
    if parse_when(text) is None:
        out.error(path, f"{end} {quote(text)} cannot be read; write {_form(template, spec)}.")
    elif facts.start and facts.end and facts.end.at < facts.start.at:
        out.error(path, f"{end} {quote(text)} is before the start {quote(start_text)}.")
    elif facts.start and facts.end and _rolled_far_past_midnight(facts.start, facts.end):
        out.error(
            path,
            f"{end} {quote(text)} is before {start_label} {quote(start_text)}; "
            "give the end's date if the incident crossed midnight.",
        )


# ---------------------------------------------------------------------------------------------
# The declared rules of a table, asked by role.


def _columns(template: Template, block: BlockSpec) -> list[DeclaredField]:
    return [field for field in template.fields if field.block is block]


def _timeline_rules(template: Template, block: BlockSpec, review: Any, facts: _Facts, out: _Findings) -> None:
    """The incident timeline: every row has a readable time, in time order, near the incident;
    each milestone is one of the template's, marked once."""
    start, end = facts.window
    columns = _columns(template, block)
    time = next((f for f in columns if "timeline-time" in f.spec.roles), None)
    milestone = next((f for f in columns if "timeline-milestone" in f.spec.roles), None)
    noun = block.label or "Timeline"
    milestones = tuple(option.lower() for option in template.options(milestone.spec)) if milestone else ()
    rows = rows_at(review, block.path)
    moments = facts.moments if time else [None] * len(rows)
    previous: When | None = None
    previous_text = ""
    seen: dict[str, int] = {}
    for index, (row, moment) in enumerate(zip(rows, moments)):
        path = f"{block.path}.{index}"
        if not any(_text(getattr(row, f.spec.key)).strip() for f in columns):
            continue
        if time is not None:
            time_text = _text(getattr(row, time.spec.key)).strip()
            time_path, what = f"{path}.{time.spec.key}", f"{noun} {time.spec.label.lower()}"
            if not time_text:
                out.warning(time_path, f"{noun} row {index + 1} has no time; write HH:MM.")
            elif moment is None:
                out.error(time_path, f"{what} {quote(time_text)} cannot be read; write HH:MM, YYYY-MM-DD HH:MM or ~HH:MM.")
            else:
                if previous is not None and _instant(time_text, moment, facts.zone) < _instant(previous_text, previous, facts.zone):
                    out.warning(
                        time_path,
                        f"{noun} row {index + 1} ({quote(time_text)}) is earlier than the row before it "
                        f"({quote(previous_text)}); keep the timeline in order.",
                    )
                if start is not None and moment.at < start.at - OUTSIDE_WINDOW:
                    out.warning(time_path, f"{what} {quote(time_text)} is more than a day before the incident started.")
                elif end is not None and moment.at > end.at + OUTSIDE_WINDOW:
                    out.warning(time_path, f"{what} {quote(time_text)} is more than a day after the incident ended.")
                previous, previous_text = moment, time_text
        if milestone is None:
            continue
        typed = _text(getattr(row, milestone.spec.key))
        tag = typed.strip().lower()
        if not tag:
            continue
        where = f"{path}.{milestone.spec.key}"
        if milestones and tag not in milestones:
            out.warning(where, f"{milestone.spec.label} {quote(typed)} is not one of: {', '.join(milestones)}.")
        elif tag in seen:
            out.warning(where, f'{milestone.spec.label} "{tag}" is already on row {seen[tag] + 1}; the first one counts.')
        else:
            seen[tag] = index


_ACTION_ROLES = ("action-text", "action-owner", "action-priority", "action-due", "action-ticket")
"""The columns of an action item that make it more than an empty row."""


def _action_rules(template: Template, block: BlockSpec, review: Any, facts: _Facts, out: _Findings) -> None:
    """Each action item: not empty, its ID its own, what and who named, a priority and status of
    the template's, a due date that can be read, within its priority's window and not past."""
    by_role: dict[str, DeclaredField] = {role: f for f in _columns(template, block) for role in f.spec.roles}

    def cell(row: Any, role: str) -> str:
        field = by_role.get(role)
        return _text(getattr(row, field.spec.key)) if field else ""

    levels: dict[str, Level | None] = {}

    def missing(role: str) -> Level | None:
        """How bad the column with `role` is empty (asked once per check: it reads only the status)."""
        if role not in levels:
            field = by_role.get(role)
            levels[role] = _missing_level(template, field.spec, facts) if field else None
        return levels[role]

    present = [role for role in _ACTION_ROLES if role in by_role] or list(by_role)
    first_with_id: dict[str, int] = {}
    for index, row in enumerate(rows_at(review, block.path)):
        path = f"{block.path}.{index}"

        def where(role: str) -> str:
            return f"{path}.{by_role[role].spec.key}"

        if not any(cell(row, role).strip() for role in present):
            out.warning(path, f"Action item {index + 1} is empty; fill it in or delete it.")
            continue
        item_id = cell(row, "action-id").strip()
        name = f"Action item {one_line(item_id, 20) or index + 1}"
        if "action-id" in by_role:
            id_field = by_role["action-id"]
            if not item_id:
                level = missing("action-id")
                if level:
                    out.add(level, where("action-id"), f"Action item {index + 1} has no ID.")
            elif id_field.spec.unique and item_id in first_with_id:
                out.error(
                    where("action-id"),
                    f"Action item {id_field.spec.label} {quote(item_id)} is used twice (rows {first_with_id[item_id] + 1} "
                    f"and {index + 1}); give each item its own ID.",
                )
            else:
                first_with_id[item_id] = index
        for role, words in (("action-text", "says no action; write what is to be done"),
                            ("action-owner", "has no owner; name who does it")):
            level = missing(role) if role in by_role and not cell(row, role).strip() else None
            if level:
                out.add(level, where(role), f"{name} {words}.")
        priority = cell(row, "action-priority").strip().upper()
        if "action-priority" in by_role:
            options = template.options(by_role["action-priority"].spec)
            level = missing("action-priority")
            if not priority:
                if level:
                    out.add(level, where("action-priority"), f"{name} has no priority ({choices(options)}).")
            elif options and not one_of(priority, options):
                label = by_role["action-priority"].spec.label
                out.error(where("action-priority"), f"{label} {quote(cell(row, 'action-priority'))} is not {choices(options)}.")
        status = cell(row, "action-status")
        if "action-status" in by_role:
            options = template.options(by_role["action-status"].spec)
            level = missing("action-status")
            if not status.strip():
                if level:
                    out.add(level, where("action-status"), f"{name} has no status.")
            elif options and not one_of(status, options):
                out.error(where("action-status"), f"{by_role['action-status'].spec.label} {quote(status)} is not {choices(options)}.")
        if "action-due" not in by_role:
            continue
        due_text = cell(row, "action-due")
        label = by_role["action-due"].spec.label.capitalize()
        if not due_text.strip():
            level = missing("action-due")
            if level:
                out.add(level, where("action-due"), f"{name} has no due date.")
            continue
        due = parse_date(due_text)
        if due is None:
            out.error(where("action-due"), f"{label} {quote(due_text)} cannot be read; write YYYY-MM-DD.")
            continue
        limit = facts.latest_due.get(priority) if _due_windows(template) else None
        if limit is not None and due > limit:
            out.warning(
                where("action-due"),
                f"{label} {due.isoformat()} is later than {priority} allows ({limit.isoformat()}); "
                "bring it forward or lower the priority.",
            )
        if days_overdue(row, facts.today) is not None:  # the one overdue rule (computed.days_overdue)
            out.warning(where("action-due"), f"{name} is overdue (due {due.isoformat()}).")


def _due_windows(template: Template) -> dict[str, relativedelta]:
    """How long each priority allows, as the template's `due_windows` say."""
    if template not in _WINDOWS:
        _WINDOWS[template] = {
            priority.upper(): relativedelta(**{_SPANS[span[-1]]: int(span[:-1])})
            for priority, span in template.spec.due_windows.items()
            if span[:-1].isdigit() and span[-1:] in _SPANS
        }
    return _WINDOWS[template]


_WINDOWS: dict[Template, dict[str, relativedelta]] = {}


def _row_rules(template: Template, block: BlockSpec, review: Any, facts: _Facts, out: _Findings) -> None:
    """Any other table: each row's declared columns (required, unique, dates, times), then the
    rules of the table's role (a sign-off signed while the review is a draft)."""
    columns = _columns(template, block)
    draft = facts.status.strip().casefold() == "draft" if block.role == "sign-offs" else False
    seen: dict[str, dict[str, int]] = {}
    for index, row in enumerate(rows_at(review, block.path)):
        path = f"{block.path}.{index}"
        for field in columns:
            key, spec = field.spec.key, field.spec
            value = getattr(row, key)
            text = _text(value)
            if roles.is_empty(value):
                level = _missing_level(template, spec, facts)
                if level:
                    status = facts.status.strip().casefold() or "final"
                    expected = f"a {status} review needs one" if level == "error" else "fill it in"
                    out.add(level, f"{path}.{key}", f"{spec.label} is missing in row {index + 1}; {expected}.")
                continue
            if spec.unique:
                first = seen.setdefault(key, {})
                if text.strip() in first:
                    out.error(f"{path}.{key}", f"{spec.label} {quote(text)} is used twice (rows {first[text.strip()] + 1} "
                              f"and {index + 1}); give each row its own.")
                else:
                    first[text.strip()] = index
            if spec.type == "date":
                _date_before_incident(out, facts, f"{path}.{key}", text, spec)
            elif spec.type == "time" and parse_when(text, facts.start_date) is None:
                out.warning(f"{path}.{key}", f"{block.label} {spec.label.lower()} {quote(text)} cannot be read; "
                            f"write {spec.hint or 'HH:MM'}.")
        if draft:
            signed = next((
                f.spec.key for role in ("approval-signed", "approval-date") for f in columns
                if role in f.spec.roles and _text(getattr(row, f.spec.key)).strip()
            ), "")
            if signed:
                who = next((_text(getattr(row, f.spec.key)) for role in ("approval-role", "approval-name")
                            for f in columns if role in f.spec.roles and _text(getattr(row, f.spec.key))), "")
                out.warning(
                    f"{path}.{signed}",
                    f"The approval of {quote(who or f'row {index + 1}')} is signed but the review is still a draft; "
                    "approve the review once it is in review or final.",
                )


# ---------------------------------------------------------------------------------------------
# One checker per section, made from the template.

Checker = Callable[[Any, _Facts, _Findings], None]


def _section_checker(template: Template, section: SectionSpec) -> Checker:
    """The checks of one section: named rules that come first, each required field, the rules of
    each block in order (its fields, or its table by role), then the other named rules."""
    named = [CHECK_RULES[name] for name in template.spec.rules if name in CHECK_RULES]
    here = [rule for rule in named if rule.where(template) == section.key]
    fields = [f for f in template.fields if f.section is section and f.block.kind == "fields"]
    required = [f for f in fields if f.spec.required or f.spec.required_when]

    def run(review: Any, facts: _Facts, out: _Findings) -> None:
        for rule in here:
            if rule.first:
                rule.check(review, facts, out)
        for field in required:
            _required(template, field, review, facts, out)
        for block in section.blocks:
            if block.kind == "fields":
                for field in fields:
                    if field.block is block:
                        _field_rules(template, field, review, facts, out)
            elif block.has_rows and block.role == "incident-timeline":
                _timeline_rules(template, block, review, facts, out)
            elif block.has_rows and block.role == "action-items":
                _action_rules(template, block, review, facts, out)
            elif block.kind == "table":
                _row_rules(template, block, review, facts, out)
        for rule in here:
            if not rule.first:
                rule.check(review, facts, out)

    return run


def _checkers_of(template: Template) -> dict[str, Checker]:
    """Each editable section's checker, made once per template."""
    if template not in _CHECKERS_OF:
        _CHECKERS_OF[template] = {
            section.key: _section_checker(template, section) for section in template.spec.sections if section.editable
        }
    return _CHECKERS_OF[template]


_CHECKERS_OF: dict[Template, dict[str, Checker]] = {}
_CHECKERS: dict[str, Checker] = _checkers_of(builtin())
"""The built-in template's checker of each section, by key."""


def _rules_when_empty(template: Template) -> frozenset[str]:
    """Sections whose rules still run when the section is empty: those with a required field, so
    each missing one is named beside its field (the incident's ID, start, end and severity)."""
    return frozenset(
        field.section.key for field in template.fields
        if field.block.kind == "fields" and (field.spec.required or field.spec.required_when)
    )


RULES_WHEN_EMPTY = _rules_when_empty(builtin())


def _readers(template: Template) -> dict[str, tuple[str, ...]]:
    """For each section, the sections whose checks read its values: a section's declared `reads`,
    and what its declared rules read by role (`_implied_reads`)."""
    sections = _sections_of_template(template)
    found: dict[str, list[str]] = {}
    owned = {section.key: section.paths for section in sections}  # each computed once, not per path
    for section in sections:
        for path in (*section.reads, *_implied_reads(template, section.key)):
            for owner in _sections_of_path(path, owned, sections):
                if owner != section.key and section.key not in found.setdefault(owner, []):
                    found[owner].append(section.key)
    return {key: tuple(readers) for key, readers in found.items()}


def _implied_reads(template: Template, key: str) -> list[str]:
    """The paths of other sections a section's declared rules read, by role: the status for a field
    required in some statuses or a sign-off table; the incident's window for dates not before the
    start, times, durations, the timeline and the action items (with their review and meeting
    dates); the timeline for metrics between milestones."""
    fields = [f for f in template.fields if f.section.key == key]
    blocks = {f.block.role for f in fields}
    wanted: set[str] = set()
    if any(f.spec.required_when and _missing_level_depends(template, f.spec) for f in fields) or "sign-offs" in blocks:
        wanted.add("review-status")
    if blocks & {"incident-timeline", "action-items"} or any(
        f.spec.not_before_start or f.spec.type in ("time", "date") or f.spec.computed or f.spec.between for f in fields
    ):
        wanted |= {"incident-start", "incident-end", "incident-zone"}
    if "action-items" in blocks:
        wanted |= {"review-date", "meeting-date"}
    paths = [path for role in sorted(wanted) if (path := template.path_of(role))]
    timeline = template.table_path("incident-timeline")
    if timeline and any(f.spec.between for f in fields):
        paths.append(timeline)
    return paths


def _missing_level_depends(template: Template, spec: FieldSpec) -> bool:
    """Whether an empty field's level depends on the review's status (it is not required in all)."""
    every = _statuses(template)
    return not (every and every <= {status.casefold() for status in spec.required_when})


def _statuses(template: Template) -> frozenset[str]:
    """Every status the review-status field offers, case-folded (none without the role)."""
    if template not in _STATUSES:
        path = template.path_of("review-status")
        spec = next((f.spec for f in template.fields if f.path == path), None)
        _STATUSES[template] = frozenset(option.casefold() for option in template.options(spec)) if spec else frozenset()
    return _STATUSES[template]


_STATUSES: dict[Template, frozenset[str]] = {}


def _sections_of_template(template: Template) -> tuple[Section, ...]:
    """The sections of a template (the built-in template's are `pirtui.core.sections.SECTIONS`)."""
    if template not in _SECTIONS_OF:
        _SECTIONS_OF[template] = SECTIONS if template is builtin() else sections_of(template)
    return _SECTIONS_OF[template]


_SECTIONS_OF: dict[Template, tuple[Section, ...]] = {}



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

    template = builtin()
    table, role = template.table_path("sign-offs"), template.column_of("sign-offs", "approval-role")
    data = empty(Review)
    if table and role:
        data[table] = [{role: name} for name in template.vocabulary("approval_role")]
    return Review.model_validate(data)


_FRESH = _fresh_review()
_FRESH_OF: dict[Template, Any] = {builtin(): _FRESH}


def _fresh_of(review: Any) -> Any:
    """A fresh review of the template `review` follows: what a value is compared with to be typed."""
    template = template_of(review)
    if template not in _FRESH_OF:
        _FRESH_OF[template] = roles.new_review(template)
    return _FRESH_OF[template]
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
    return _filled(get_path(review, path), get_path(_fresh_of(review), path)) or bool(computed_value(review, path))


def _block_filled(review: Review, block: Block) -> bool:
    return any(_path_filled(review, path) for path in block.paths)


def field_slots(key: str, review: object = None) -> list[tuple[str, str]]:
    """(review path, label) of each place of a section the user fills, in screen order: every
    field of a fields block, and every other block (a text, a list, a table) as one. The section
    is the built-in template's, or that of the template `review` follows."""
    slots: list[tuple[str, str]] = []
    section = _section(review, key)
    for block in section.blocks:
        if block.kind == "fields":
            slots.extend((column.key, column.label) for column in block.columns)
        elif block.path:
            slots.append((block.path, block.label or block.heading or section.heading))
    return slots


def empty_fields(review: Review, key: str) -> list[tuple[str, str]]:
    """(review path, label) of the places of a section still empty (computed values count as
    filled), in screen order: where the user resumes a draft, and what an incomplete section lacks."""
    return [(path, label) for path, label in field_slots(key, review) if _slot_empty(review, path)]


def _slot_empty(review: Review, path: str) -> bool:
    # A value a fresh review starts with ("UTC") is shown in the field, so it is not empty there.
    value = get_path(review, path)
    default = get_path(_fresh_of(review), path) if isinstance(value, BaseModel) else None
    return not _filled(value, default) and not computed_value(review, path)


def section_fill(review: Review, key: str) -> tuple[int, int]:
    """(blocks filled, blocks total) of a section, for the editor's completeness display.

    A block counts as filled when it holds anything the user typed; static blocks do not count.
    """
    blocks = [block for block in _section(review, key).blocks if block.kind != "static"]
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


def _section(review: object, key: str) -> Section:
    """The section `key` of the template `review` follows (the built-in template's without one)."""
    sections = sections_for(review) if review is not None else _sections_of_template(builtin())
    return next(section for section in sections if section.key == key)


def _check_one(review: Review, key: str, facts: _Facts, hints: HintContext | None = None) -> list[Finding | Hint]:
    template = facts.template
    section = _section(review, key)
    out = _Findings(section)
    if not section.editable:
        return out.items
    if not any(_block_filled(review, block) for block in section.blocks):
        if EMPTY_SECTIONS in template.spec.rules:
            first = section.paths[0] if section.paths else ""
            notes = _import_notes_of(review, section)
            if notes:
                held = f"{notes} import note{'s hold' if notes != 1 else ' holds'} its text"
                out.warning(first, f"{section.heading} is empty, but {held} (under \"Import Notes\" at the end of "
                            "the Markdown, and in import_notes in the TOML); move it in before the review is final.")
            else:
                out.warning(first, f"{section.heading} is empty; fill it in before the review is final.")
        if key not in (RULES_WHEN_EMPTY if template is builtin() else _rules_when_empty(template)):
            return out.items
    checker = (_CHECKERS if template is builtin() else _checkers_of(template)).get(key)
    if checker is not None:
        checker(review, facts, out)
    if hints is not None:
        from pirtui.core.hints import section_hints

        out.items.extend(section_hints(review, key, facts, hints))
    return out.items


def _import_notes_of(review: Review, section: Section) -> int:
    """How many import notes were written about this section ("Timeline: ...", "Timeline / X: ...")."""
    return sum(
        1 for note in review.import_notes
        if note.startswith((f"{section.heading}: ", f"{section.heading} / "))
    )


def _status_section(review: Review) -> Section | None:
    """The section holding the review's status (None for a template without the role)."""
    path = template_of(review).path_of("review-status")
    return next((s for s in sections_for(review) if path in s.paths), None) if path else None


def _final_status_finding(review: Review, findings: list[Finding | Hint]) -> list[Finding | Hint]:
    """The error for a review marked final while other errors remain."""
    template = template_of(review)
    path = template.path_of("review-status")
    section = _status_section(review)
    if not path or section is None or roles.text(template, review, "review-status").strip().casefold() != "final":
        return []
    errors = sum(1 for finding in findings if finding.level == "error")
    if not errors:
        return []
    message = (
        f"Status is final but {errors} other error{'s remain' if errors != 1 else ' remains'}; "
        "fix them or set the status back to draft."
    )
    return [Finding("error", section.heading, path, message)]


def _in_order(per_section: dict[str, list[Finding | Hint]], review: Review) -> list[Finding | Hint]:
    sections = sections_for(review)
    ordered = [finding for section in sections for finding in per_section.get(section.key, ())]
    final = _final_status_finding(review, ordered)
    if final:
        owner = _status_section(review)
        assert owner is not None  # a final-status finding names it
        after = sum(1 for section in sections[: sections.index(owner) + 1] for _ in per_section.get(section.key, ()))
        ordered[after:after] = final
    return ordered


def check(review: Review, today: date | None = None, hints: HintContext | None = None) -> list[Finding | Hint]:
    """Every finding about a review, in the template's order. `today` decides what is overdue;
    with `hints`, each section's hints follow its errors and warnings. A review of a team's
    template is checked by its template's declared and named rules, and each value its template
    does not declare is named."""
    facts = _Facts(review, today)
    found = _in_order({section.key: _check_one(review, section.key, facts, hints) for section in sections_for(review)}, review)
    if facts.template is builtin():
        return found
    return [*found, *not_in_the_template(review)]


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


def _sections_of_path(
    path: str, paths: dict[str, tuple[str, ...]] | None = None, sections: tuple[Section, ...] | None = None
) -> list[str]:
    """Keys of the sections that own a path, or that own something under it ("timeline" -> Timeline);
    `paths`: each section's paths, when the caller has them; `sections`: the template's (the
    built-in template's by default)."""
    keys = []
    for section in sections if sections is not None else _sections_of_template(builtin()):
        for owned in section.paths if paths is None else paths[section.key]:
            if path == owned or path.startswith(owned + ".") or owned.startswith(path + "."):
                keys.append(section.key)
                break
    return keys


_READS_FROM: dict[Template, dict[str, tuple[str, ...]]] = {}


def _reads_from(template: Template) -> dict[str, tuple[str, ...]]:
    if template not in _READS_FROM:
        _READS_FROM[template] = _readers(template)
    return _READS_FROM[template]


READS_FROM: dict[str, tuple[str, ...]] = _reads_from(builtin())
"""For each section of the built-in template, the sections whose checks read its values (derived
from `Section.reads`): a change in the key section re-checks these too."""


def _hint_reads_from(template: Template) -> dict[str, tuple[str, ...]]:
    """What the hints of `template` read, imported only when hints run."""
    from pirtui.core.hint_places import places_for

    return places_for(template).reads_from


def _dependents_of(
    keys: list[str],
    hints: bool = False,
    reads_from: dict[str, tuple[str, ...]] | None = None,
    template: Template | None = None,
) -> list[str]:
    """The sections that read, directly or through another section, from the sections `keys`
    (with `hints`, also through what hints read).

    A section of `keys` is among them when it reads from another of `keys`.
    """
    reads_from = READS_FROM if reads_from is None else reads_from
    found: list[str] = []
    pending = list(keys)
    while pending:
        key = pending.pop()
        for dependent in (*reads_from.get(key, ()), *(_hint_reads_from(template or builtin()).get(key, ()) if hints else ())):
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
        self._sections = sections_for(review)
        self._reads_from = _reads_from(template_of(review))
        facts = _Facts(review, today)
        self._per_section = {
            section.key: _check_one(review, section.key, facts, self._inline_hints) for section in self._sections
        }
        self._findings = self._all()
        self.rechecked: tuple[str, ...] = tuple(self._per_section)
        """The keys of the sections the last update re-checked."""

    def _all(self) -> list[Finding | Hint]:
        found = _in_order(self._merged(), self.review)
        if template_of(self.review) is builtin():
            return found
        return [*found, *not_in_the_template(self.review)]

    def set_hints(self, hints: HintContext | None) -> list[Finding | Hint]:
        """Run hints with each section's checks from now on (None: stop), re-checking every section."""
        self.hints = hints
        return self._recheck([section.key for section in self._sections])

    def update(self, changed_path: str, *, dependents: bool = True) -> list[Finding | Hint]:
        """Re-check the section owning `changed_path` and the sections that read from it.

        With `dependents=False` only the owning section is re-checked: the editor does that per
        keystroke, so the field's own message is live, and re-checks the dependents once the typing
        pauses (`update_dependents`), because re-reading 2,000 timeline rows per key is too slow.
        """
        owners = _sections_of_path(changed_path, None, self._sections) if changed_path else []
        if not owners:
            owners = [section.key for section in self._sections]
        if dependents:
            more = _dependents_of(owners, self.hints is not None, self._reads_from, template_of(self.review))
            owners += [key for key in more if key not in owners]
        return self._recheck(owners)

    def update_dependents(self, changed_paths: Iterable[str]) -> list[Finding | Hint]:
        """Re-check the sections that read from `changed_paths`, whose own sections are up to date."""
        owners = [key for path in changed_paths for key in _sections_of_path(path, None, self._sections)]
        return self._recheck(_dependents_of(owners, self.hints is not None, self._reads_from, template_of(self.review)))

    def readers_of(self, keys: Iterable[str]) -> list[str]:
        """The sections whose checks read, directly or through another, from the sections `keys`:
        what an edit in them may change beyond their own findings (hints aside)."""
        return _dependents_of(list(keys), False, self._reads_from, template_of(self.review))

    def _recheck(self, keys: list[str]) -> list[Finding | Hint]:
        facts = _Facts(self.review, self.today)
        for key in keys:
            self._per_section[key] = _check_one(self.review, key, facts, self._inline_hints)
        self.rechecked = tuple(keys)
        self._findings = self._all()
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
        from pirtui.core.snapshot import snapshot as review_snapshot  # hints start after the first screen

        # New containers, the same immutable strings: under half a deep copy's time (typing_costs.py).
        snapshot = review_snapshot(self.review)
        today = self.today
        sections = self._sections

        def job() -> dict[str, list[Finding | Hint]]:
            if hints is None:
                return {}
            facts = _Facts(snapshot, today)
            # The checks run again beside the hints, so a hint shows exactly where it would inline.
            return {
                section.key: [f for f in _check_one(snapshot, section.key, facts, hints) if f.level == "hint"]
                for section in sections
            }

        return job

    def take_hints(self, found: dict[str, list[Finding | Hint]]) -> list[Finding | Hint]:
        """The hints a `hint_pass` found, shown from now on with each section's checks."""
        self._hints = found
        self.hint_passes_taken += 1
        self.rechecked = tuple(found) or tuple(self._per_section)
        self._findings = self._all()
        return self._findings

    @property
    def findings(self) -> list[Finding | Hint]:
        """All current findings, in the template's order."""
        return self._findings

    def for_section(self, key: str) -> list[Finding | Hint]:
        """The current findings of one section (the final-status error included in the section
        holding the status)."""
        heading = _section(self.review, key).heading
        return [finding for finding in self._findings if finding.section == heading]
