"""What a folder of reviews holds: the list the editor shows for `pirtui FOLDER`, and the next free ID."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

_ID = re.compile(r"^INC-(\d{4})-(\d{3,})$")


def review_files(folder: Path) -> list[Path]:
    """The review sources (*.toml) directly in a folder, by name."""
    try:
        return sorted(p for p in folder.glob("*.toml") if p.is_file() and not p.name.startswith("."))
    except OSError:
        return []


def next_incident_id(folder: Path, year: int) -> str:
    """The first INC-YYYY-NNN of `year` above every ID used by a review in the folder.

    Files that cannot be read are skipped: a broken neighbour must not stop a new review.
    """
    highest = 0
    for path in review_files(folder):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        incident = data.get("incident")
        value = incident.get("id") if isinstance(incident, dict) else None
        match = _ID.match(value.strip()) if isinstance(value, str) else None
        if match and int(match[1]) == year:
            highest = max(highest, int(match[2]))
    return f"INC-{year}-{highest + 1:03d}"
