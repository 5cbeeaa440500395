"""What a folder of reviews holds: the list the editor shows for `pirtui FOLDER`, and the next free ID."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import tomli

from pirtui.core.checks import check, section_fill
from pirtui.core.computed import is_open, overdue
from pirtui.core.config import Config, load_config
from pirtui.core.hints import HintContext, hint_context
from pirtui.core.model import Review, get_path
from pirtui.core.sections import EDITABLE_SECTIONS, SECTIONS, sections_for, template_of
from pirtui.core.timeparse import parse_window
from pirtui.core.store import ReviewFileError, load
from pirtui.core.template import roles
from pirtui.core.template.loader import builtin
from pirtui.core.template.template import Template


def review_files(folder: Path) -> list[Path]:
    """The review sources (*.toml) directly in a folder, by name."""
    try:
        return sorted(p for p in folder.glob("*.toml") if p.is_file() and not p.name.startswith("."))
    except OSError:
        return []


def id_regex(config: Config) -> re.Pattern[str]:
    """The team's ID pattern (`id_prefix`, `id_pattern`) as a regular expression with the groups
    `year` and `number`, matched without regard to case (file names are usually lower case)."""
    parts = re.split(r"(\{[^{}]*\})", config.id_pattern)
    out = []
    for part in parts:
        name = part[1:-1].split(":", 1)[0] if part.startswith("{") and part.endswith("}") else None
        if name == "prefix":
            out.append(re.escape(config.id_prefix))
        elif name == "year":
            out.append(r"(?P<year>\d{4})")
        elif name == "number":
            out.append(r"(?P<number>\d+)")
        else:
            out.append(re.escape(part))
    return re.compile("^" + "".join(out) + "$", re.IGNORECASE)


def format_id(config: Config, year: int, number: int) -> str:
    """An incident ID written the team's way (`INC-2026-007` by default)."""
    return config.id_pattern.format(prefix=config.id_prefix, year=year, number=number)


def next_incident_id(folder: Path, year: int, config: Config | None = None) -> str:
    """The first ID of `year` above every ID used by a review in the folder, in the team's pattern.

    Files that cannot be read are skipped: a broken neighbour must not stop a new review.
    """
    config = config or load_config(folder)
    pattern = id_regex(config)
    highest = 0
    for path in review_files(folder):
        try:
            data = tomli.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError):
            continue
        value = _raw_incident_id(data, folder)
        match = pattern.match(value.strip()) if isinstance(value, str) else None
        if match and int(match["year"]) == year:
            highest = max(highest, int(match["number"]))
    return format_id(config, year, highest + 1)


@dataclass(frozen=True)
class ReviewSummary:
    """One row of the review list: what a person scanning a folder needs to pick a review.

    A file that cannot be read still gets a summary, with `problem` set to its one-line error, so
    the list shows it instead of hiding it.
    """

    path: Path
    id: str = ""
    title: str = ""
    severity: str = ""
    status: str = ""
    incident_date: date | None = None
    """The incident's start date, when it can be read."""
    incident_start: str = ""
    """The start as typed, shown when it cannot be read as a date."""
    sections_filled: int = 0
    sections_total: int = 0
    errors: int = 0
    warnings: int = 0
    open_actions: int = 0
    overdue_actions: int = 0
    hints: int = 0
    """Hints not dismissed, counted only for a review "in review" or "final" (a draft is still being written)."""
    modified: datetime | None = None
    problem: str = ""


HINTS_COUNTED_FROM = ("in review", "final")
"""Review statuses whose list row counts hints: the review is meant to be ready."""


def _raw_incident_id(data: dict, folder: Path) -> object:
    """The incident ID in a review's parsed TOML, at its template's incident-id path (None if none)."""
    from pirtui.core.template.discovery import template_for
    from pirtui.core.template.loader import TemplateError

    ref = data.get("template", "")
    try:
        template = template_for(ref if isinstance(ref, str) else "", folder)
    except TemplateError:
        return None
    path = template.path_of("incident-id") or ""
    value: object = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def summarize(path: Path, today: date, hints: HintContext | None = None) -> ReviewSummary:
    """The summary of one review file; a file that cannot be read gets its problem instead.

    With `hints` (the folder's context), a review in review or final has its hints counted."""
    modified = _modified(path)
    try:
        review = load(path)
    except ReviewFileError as error:
        return ReviewSummary(path=path, modified=modified, problem=str(error))
    try:
        template = template_of(review)
        ready = roles.text(template, review, "review-status").strip().lower() in HINTS_COUNTED_FROM
        findings = check(review, today, hints.without(path) if hints is not None and ready else None)
    except Exception as error:  # noqa: BLE001 - a bug in one check must not hide the whole folder
        return ReviewSummary(path=path, modified=modified, problem=f"{path}: could not be checked: {error!r}")
    start_text = roles.text(template, review, "incident-start")
    start, _ = parse_window(start_text, roles.text(template, review, "incident-end"))
    fills = section_fills(review)
    items = [
        SimpleNamespace(status=roles.cell(template, row, "action-items", "action-status"),
                        due=roles.cell(template, row, "action-items", "action-due"))
        for row in roles.rows(template, review, "action-items")
    ]
    still_open = [item for item in items if is_open(item)]  # type: ignore[arg-type]
    return ReviewSummary(
        path=path,
        id=roles.text(template, review, "incident-id"),
        title=roles.text(template, review, "title"),
        severity=roles.text(template, review, "incident-severity"),
        status=roles.text(template, review, "review-status"),
        incident_date=start.at.date() if start else None,
        incident_start=start_text,
        sections_filled=sum(1 for filled, total in fills if filled >= total),
        sections_total=len(fills),
        errors=sum(1 for finding in findings if finding.level == "error"),
        warnings=sum(1 for finding in findings if finding.level == "warning"),
        open_actions=len(still_open),
        overdue_actions=sum(1 for item in still_open if overdue(item, today)),  # type: ignore[arg-type]
        hints=sum(1 for finding in findings if finding.level == "hint"),
        modified=modified,
    )


def section_fills(review: Review) -> list[tuple[int, int]]:
    """(blocks filled, blocks) of each editable section of the review's template."""
    sections = sections_for(review)
    if sections is SECTIONS:  # the built-in template: what the editor shows as filled
        return [section_fill(review, section.key) for section in EDITABLE_SECTIONS]
    fills = []
    for section in (s for s in sections if s.editable):
        blocks = [block for block in section.blocks if block.kind != "static"]
        filled = sum(1 for block in blocks if not all(roles.is_empty(get_path(review, p)) for p in block.paths))
        fills.append((filled, len(blocks)))
    return fills


def _modified(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return None


def newest_first(summary: ReviewSummary) -> tuple[date, datetime]:
    """Sort key putting the newest incident first: by incident date, then by last change.

    Reviews with no readable date (a fresh draft, an unreadable file) count as newest, so the one
    just created and the ones that need attention are at the top.
    """
    return (summary.incident_date or date.max, summary.modified or datetime.min)


def scan(folder: Path, today: date | None = None) -> list[ReviewSummary]:
    """A summary of every review in the folder, newest first."""
    today = today or date.today()
    hints = hint_context(folder)
    summaries = [summarize(path, today, hints) for path in review_files(folder)]
    return sorted(summaries, key=newest_first, reverse=True)


def suggested_file_name(folder: Path, today: date, config: Config | None = None) -> str:
    """The file name a new review in the folder is offered: the next free ID in lower case."""
    return f"{next_incident_id(folder, today.year, config).lower()}.toml"


def create_review(
    path: Path, today: date, config: Config | None = None, incident_id: str = "", template: Template | None = None
) -> Review:
    """A fresh draft for `path` (not written yet): the one place that decides a new review's ID.

    `pirtui new`, opening a file that does not exist and `n` in the review list all come here, so
    the same file name gives the same ID. A file named after an ID in the team's pattern
    ("inc-2026-007.toml") gets that ID, so that name and ID agree; any other name gets the next free
    ID of the folder; `incident_id` (`pirtui new --id`) wins over both. The author and time zone
    come from the config (the person's name, the team's zone). `template` (`pirtui new --template`)
    is the one the review follows; the built-in one by default.
    """
    config = config or load_config(path.parent)
    if not incident_id:
        match = id_regex(config).match(path.stem)
        if match:
            incident_id = format_id(config, int(match["year"]), int(match["number"]))
        else:
            incident_id = next_incident_id(path.parent, today.year, config)
    return roles.new_review(template or builtin(), incident_id, today.isoformat(), config.author, config.timezone)
