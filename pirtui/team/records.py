"""What the team views need of one review file: its record, read from the file itself.

`pirtui.team.index` keeps these records in its database so that a folder is not read again each time;
`plain_records` reads them straight from the files, which is what the index must always equal.
A file that cannot be read still gets a record, with its one-line problem.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pirtui.core.template.roles import is_empty
from pirtui.team.folder import ReviewSummary, review_files, section_fills

if TYPE_CHECKING:
    from pirtui.core.hints import HintContext
    from pirtui.core.model import Review


@dataclass(frozen=True)
class ActionRecord:
    """One action item as the team views read it; `position` is its row in the review."""

    position: int
    id: str = ""
    action: str = ""
    owner: str = ""
    priority: str = ""
    due: str = ""
    status: str = ""
    ticket: str = ""
    closed: bool | None = None
    """Whether its review's template calls its status closed (`computed.is_open`, asked when the
    review was read: the record outlives the template); None when not asked (the built-in
    template's words decide)."""


@dataclass(frozen=True)
class ReviewRecord:
    """What the team views need of one review file, or the one-line reason it cannot be read."""

    path: Path
    problem: str = ""
    sha256: str = ""
    """Of the file as indexed: a status change refuses to write over anything else."""
    modified_ns: int = 0
    id: str = ""
    title: str = ""
    status: str = ""
    severity: str = ""
    start_date: str = ""
    """The incident's start date (ISO), "" when it cannot be read."""
    start_text: str = ""
    """The start as typed."""
    sections_filled: int = 0
    sections_total: int = 0
    errors: int = 0
    warnings: int = 0
    """Warnings that do not depend on the day; overdue action items add theirs when read."""
    hints: int = 0
    """Hints not dismissed, counted only for a review "in review" or "final" (a draft is still
    being written), with the team's words (`list_hint_context`)."""
    services: tuple[str, ...] = ()
    factors: tuple[str, ...] = ()
    """The contributing factors, as typed."""
    metrics: dict[str, float | None] = field(default_factory=dict)
    """Each detection metric in minutes (typed by hand, else computed); None when unknown."""
    approximate: tuple[str, ...] = ()
    """The metrics that rest on an approximate time ("~14:30") or a typed "~".."""
    actions: tuple[ActionRecord, ...] = ()

    @property
    def incident_date(self) -> date | None:
        """The start date as a date."""
        return date.fromisoformat(self.start_date) if self.start_date else None

    @property
    def name(self) -> str:
        """How the views name the review: its ID, else its file name."""
        return self.id.strip() or self.path.name


def read_record(path: Path, stat: os.stat_result | None = None) -> tuple[ReviewRecord, list[tuple[str, str]]]:
    """The record of one file and its searchable texts ((field path, text), empty for a problem)."""
    return record_from_text(path, *read_file(path), stat.st_mtime_ns if stat is not None else _mtime_ns(path))


def read_file(path: Path) -> tuple[str | None, str]:
    """A review file's text and its content hash; (None, problem) when it cannot be read."""
    from pirtui.core.store import ReviewFileError, read_text

    try:
        text = read_text(path)
    except ReviewFileError as error:
        return None, str(error)
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_from_text(
    path: Path, text: str | None, digest_or_problem: str, modified_ns: int
) -> tuple[ReviewRecord, list[tuple[str, str]]]:
    """The record and searchable texts of a file's text (`read_file`'s answer)."""
    from pirtui.core.store import ReviewFileError, loads

    if text is None:
        return ReviewRecord(path=path, problem=digest_or_problem, modified_ns=modified_ns), []
    try:
        review = loads(text, str(path), path.parent)
        record = record_of(path, review, digest_or_problem, modified_ns)
    except ReviewFileError as error:
        return ReviewRecord(path=path, problem=str(error), modified_ns=modified_ns), []
    except Exception as error:  # noqa: BLE001 - a bug in one check must not hide the whole folder
        return ReviewRecord(path=path, problem=f"{path}: could not be checked: {error!r}", modified_ns=modified_ns), []
    return record, searchable_texts(review.model_dump())


HINTS_COUNTED_FROM = ("in review", "final")
"""Review statuses whose list row counts hints: the review is meant to be ready."""


@functools.lru_cache(maxsize=16)
def list_hint_context(folder: Path) -> HintContext:
    """The hints the folder's records count: the team's words and timeline gap. The other reviews'
    open items (the "repeats an earlier action item" hint) are left out: a count kept in the index
    per file must not change when another file does."""
    from pirtui.core.config import load_config
    from pirtui.core.hints import HintContext, HintWords

    config = load_config(folder)
    return HintContext(HintWords.build(config.hint_words, config.hint_words_removed), config.timeline_gap_minutes)


def record_of(path: Path, review: Review, sha256: str = "", modified_ns: int = 0) -> ReviewRecord:
    """The record of a loaded review, asked of its template by role: a template without a role (no
    severity, no metrics) leaves that part of the record blank."""
    from pirtui.core.checks import check, section_complete
    from pirtui.core.computed import milestone_moments
    from pirtui.core.sections import EDITABLE_SECTIONS, SECTIONS, sections_for, template_of
    from pirtui.core.template import roles
    from pirtui.core.timeparse import parse_window

    template = template_of(review)
    # date.min: no due date is before it, so no "overdue" warning; those are added per day when read.
    ready = roles.text(template, review, "review-status").strip().lower() in HINTS_COUNTED_FROM
    findings = check(review, date.min, list_hint_context(path.parent) if ready else None)
    fills = section_fills(review)
    if sections_for(review) is SECTIONS:  # the built-in template: one answer to "complete" (issue 25)
        filled = sum(1 for section in EDITABLE_SECTIONS if section_complete(review, section.key))
    else:
        filled = sum(1 for done, total in fills if done >= total)
    start_text = roles.text(template, review, "incident-start")
    start, _ = parse_window(start_text, roles.text(template, review, "incident-end"))
    metrics, approximate = _metrics(review, template, milestone_moments(review) if template.metric_paths() else {})
    return ReviewRecord(
        path=path,
        sha256=sha256,
        modified_ns=modified_ns,
        id=roles.text(template, review, "incident-id"),
        title=roles.text(template, review, "title"),
        status=roles.text(template, review, "review-status"),
        severity=roles.text(template, review, "incident-severity"),
        start_date=start.at.date().isoformat() if start else "",
        start_text=start_text,
        sections_filled=filled,
        sections_total=len(fills),
        errors=sum(1 for finding in findings if finding.level == "error"),
        warnings=sum(1 for finding in findings if finding.level == "warning"),
        hints=sum(1 for finding in findings if finding.level == "hint"),
        services=tuple(s for s in roles.texts(template, review, "impacted-services") if not roles.is_empty(s)),
        factors=tuple(f for f in roles.texts(template, review, "contributing-factors") if not roles.is_empty(f)),
        metrics=metrics,
        approximate=tuple(approximate),
        actions=_actions(review, template),
    )


def _text(review: Review, path: str | None) -> str:
    """The text at a path ("" for a template without the role)."""
    from pirtui.core.model import get_path

    return str(get_path(review, path)) if path else ""


def _metrics(review: Review, template, moments: dict) -> tuple[dict[str, float | None], list[str]]:
    """Each metric in minutes (typed by hand, else computed from the milestones) and the rough ones."""
    from pirtui.core.template import roles
    from pirtui.core.timeparse import parse_minutes, split_approximate

    metrics: dict[str, float | None] = {}
    approximate: list[str] = []
    for path, first, last in template.metric_paths():
        key = path.rpartition(".")[2]
        typed = _text(review, path)
        minutes = None if roles.is_empty(typed) else parse_minutes(typed)
        if minutes is not None:
            rough = split_approximate(typed)[1]
        elif first in moments and last in moments:
            minutes = (moments[last].at - moments[first].at).total_seconds() / 60
            rough = moments[first].approximate or moments[last].approximate
        else:
            rough = False
        metrics[key] = minutes
        if minutes is not None and rough:
            approximate.append(key)
    return metrics, approximate


ACTION_ROLES = ("action-id", "action-text", "action-owner", "action-priority", "action-due", "action-status", "action-ticket")
"""The columns of an `ActionRecord`, by role, in its order."""


def _actions(review: Review, template) -> tuple[ActionRecord, ...]:
    """The action items, each column found by its role (blank where the template has none), and
    whether the template calls each closed."""
    from pirtui.core.computed import is_open
    from pirtui.core.template import roles

    records = []
    for i, row in enumerate(roles.rows(template, review, "action-items")):
        cell = functools.partial(roles.cell, template, row, "action-items")
        id_, action, owner, priority, due, status, ticket = (cell(role) for role in ACTION_ROLES)
        closed = not is_open(row, template=template)
        records.append(ActionRecord(i, id_, action, owner, priority, due, status, ticket, closed))
    return tuple(records)


def searchable_texts(data: object, prefix: str = "") -> list[tuple[str, str]]:
    """Every non-empty text of a review's data with its dotted field path ("timeline.3.event")."""
    out: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            out.extend(searchable_texts(value, f"{prefix}{key}."))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out.extend(searchable_texts(value, f"{prefix}{i}."))
    elif isinstance(data, str) and not is_empty(data):
        out.append((prefix.rstrip("."), data))
    return out


def _mtime_ns(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def record_to_json(record: ReviewRecord) -> str:
    """A record as the index stores it (its path, hash and mtime are columns of their own).

    Built field by field rather than with `dataclasses.asdict`, which deep-copies every value: a
    first index of 10,000 reviews spent a second in it."""
    data = {name: getattr(record, name) for name in _STORED_FIELDS}
    data["actions"] = [{name: getattr(item, name) for name in _ACTION_FIELDS} for item in record.actions]
    return json.dumps(data, ensure_ascii=False)


def _action_from_json(item: dict) -> ActionRecord:
    """An ActionRecord from the index's JSON, its fields set directly: a frozen dataclass's
    `__init__` sets each through `object.__setattr__`, and a warm read of 10,000 reviews makes
    50,000 of them. Unknown or missing keys (an index of another layout) go the checked way."""
    if item.keys() != _ACTION_KEYS:
        return ActionRecord(**item)
    action = object.__new__(ActionRecord)
    action.__dict__.update(item)
    return action


_STORED_FIELDS = tuple(f.name for f in fields(ReviewRecord) if f.name not in ("path", "sha256", "modified_ns"))
_ACTION_FIELDS = tuple(f.name for f in fields(ActionRecord))
_ACTION_KEYS = frozenset(_ACTION_FIELDS)


def record_from_json(path: str, sha256: str, modified_ns: int, text: str) -> ReviewRecord:
    """A record as the index stored it."""
    data = json.loads(text)
    data["actions"] = tuple(_action_from_json(item) for item in data["actions"])
    for key in ("services", "factors", "approximate"):
        data[key] = tuple(data[key])
    return ReviewRecord(path=Path(path), sha256=sha256, modified_ns=modified_ns, **data)


def plain_records(folder: Path) -> list[ReviewRecord]:
    """Every review's record read straight from the files, without the index (what it must equal)."""
    records = []
    for path in review_files(folder):
        try:
            stat: os.stat_result | None = path.stat()
        except OSError:
            stat = None
        records.append(read_record(path, stat)[0])
    return records


def summary_of(record: ReviewRecord, today: date) -> ReviewSummary:
    """The review list's row for a record, with today's overdue count (and its warnings)."""
    from datetime import datetime

    from pirtui.core.computed import is_open, overdue

    modified = datetime.fromtimestamp(record.modified_ns / 1e9) if record.modified_ns else None
    if record.problem:
        return ReviewSummary(path=record.path, modified=modified, problem=record.problem)
    # The one "open" and "overdue" (computed): an ActionRecord carries its due date and whether its
    # template calls its status closed.
    still_open = [item for item in record.actions if is_open(item)]
    late = len([item for item in still_open if overdue(item, today)])
    return ReviewSummary(
        path=record.path,
        id=record.id,
        title=record.title,
        severity=record.severity,
        status=record.status,
        incident_date=record.incident_date,
        incident_start=record.start_text,
        sections_filled=record.sections_filled,
        sections_total=record.sections_total,
        errors=record.errors,
        warnings=record.warnings + late,
        hints=record.hints,
        open_actions=len(still_open),
        overdue_actions=late,
        modified=modified,
    )
