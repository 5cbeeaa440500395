"""What a folder of reviews holds: its review files, the review list's row type, and the next free ID.

The rows themselves come from the folder's index (`pirtui.team.index.review_summaries`), the one scanner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import tomli

from pirtui.core.checks import section_fill
from pirtui.core.config import Config, load_config
from pirtui.core.model import Review, get_path
from pirtui.core.sections import EDITABLE_SECTIONS, SECTIONS, sections_for
from pirtui.core.template import roles
from pirtui.core.template.loader import builtin
from pirtui.core.template.template import Template


def review_files(folder: Path) -> list[Path]:
    """The review sources (*.toml) directly in a folder, by name.

    Listed with `os.scandir` and sorted by name before any Path is made: a folder of 10,000 reviews
    took a third of a second in `Path.glob` and in comparing Paths."""
    import os

    try:
        with os.scandir(folder) as entries:
            names = sorted(
                entry.name for entry in entries
                if entry.name.endswith(".toml") and not entry.name.startswith(".") and entry.is_file()
            )
    except OSError:
        return []
    return [folder / name for name in names]


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
    """An incident ID written the team's way (`INC-2026-007` by default). Built field by field, never
    with str.format on the team's text: only {prefix}, {year} and {number} with a width are read
    (`config.id_pattern_problem` refuses anything else when the file is read), and the year always
    has four digits (0999, not 999)."""
    import string

    out = []
    for literal, name, spec, _conversion in string.Formatter().parse(config.id_pattern):
        out.append(literal)
        if name == "prefix":
            out.append(config.id_prefix)
        elif name == "year":
            out.append(f"{year:04d}")  # a year is four digits, whatever width is asked
        elif name == "number":
            out.append(format(number, spec or "d"))
    return "".join(out)


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


def newest_first(summary: ReviewSummary) -> tuple[date, datetime]:
    """Sort key putting the newest incident first: by incident date, then by last change.

    Reviews with no readable date (a fresh draft, an unreadable file) count as newest, so the one
    just created and the ones that need attention are at the top.
    """
    return (summary.incident_date or date.max, summary.modified or datetime.min)


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
