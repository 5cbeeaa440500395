"""What the editor remembers between runs: where the user was in each review, the chosen theme, and
a note to show once when a review is next opened (what a hang-up saved).

It lives under the XDG state directory ($XDG_STATE_HOME, else ~/.local/state) as pirtui/state.json,
never inside a review, because it is about the person at this machine, not about the incident.
Losing it costs nothing but convenience, so every problem reading or writing it is swallowed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pirtui.core.store import ReviewFileError, private_folder, read_own_file, write_own_file
from pirtui.core.xdg import state_dir

MAX_REMEMBERED = 200
"""Positions kept; the oldest are forgotten so the file stays small."""


def state_file() -> Path:
    """Where the state lives, following the XDG base directory rules."""
    return state_dir() / "state.json"


@dataclass(frozen=True)
class Position:
    """Where the user was in one review: a section key and the dotted path of the focused field."""

    section: str
    field: str = ""


def _read() -> dict[str, Any]:
    raw = read_own_file(state_file())  # never through a link, never blocking on a FIFO
    try:
        data = json.loads(raw.decode("utf-8")) if raw is not None else {}
    except (ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(data: dict[str, Any]) -> None:
    path = state_file()
    try:
        private_folder(path.parent)
        write_own_file(path, json.dumps(data, indent=1), mode=0o600)
    except (OSError, ReviewFileError):
        pass  # remembering where the user was is a convenience, never a reason to fail


def _key(review_path: Path) -> str:
    try:
        return str(review_path.resolve())
    except OSError:
        return str(review_path.absolute())


def position(review_path: Path) -> Position | None:
    """The section and field the user was on last time in this review, if remembered."""
    entry = _read().get("positions", {}).get(_key(review_path))
    if not isinstance(entry, dict) or not isinstance(entry.get("section"), str):
        return None
    field = entry.get("field")
    return Position(entry["section"], field if isinstance(field, str) else "")


def remember_position(review_path: Path, where: Position) -> None:
    """Record where the user is in this review, so the next start comes back to it."""
    data = _read()
    positions = data.get("positions")
    if not isinstance(positions, dict):
        positions = {}
    key = _key(review_path)
    positions.pop(key, None)
    positions[key] = {"section": where.section, "field": where.field}
    while len(positions) > MAX_REMEMBERED:
        positions.pop(next(iter(positions)))
    data["positions"] = positions
    _write(data)


def theme() -> str | None:
    """The theme the user chose last, if any."""
    value = _read().get("theme")
    return value if isinstance(value, str) and value else None


def remember_theme(name: str) -> None:
    """Record the chosen theme for the next start."""
    data = _read()
    if data.get("theme") == name:
        return
    data["theme"] = name
    _write(data)


def remember_note(review_path: Path, text: str) -> None:
    """Keep a line to show the next time this review is opened ("Saved on hang-up at 14:32: ...")."""
    data = _read()
    notes = data.get("notes")
    if not isinstance(notes, dict):
        notes = {}
    notes[_key(review_path)] = text
    while len(notes) > MAX_REMEMBERED:
        notes.pop(next(iter(notes)))
    data["notes"] = notes
    _write(data)


def take_note(review_path: Path) -> str:
    """The line kept for this review, forgotten as it is read, so it is shown once ("" when none)."""
    data = _read()
    notes = data.get("notes")
    if not isinstance(notes, dict) or _key(review_path) not in notes:
        return ""
    text = notes.pop(_key(review_path))
    _write(data)
    return text if isinstance(text, str) else ""
