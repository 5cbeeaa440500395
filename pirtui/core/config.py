"""What a person and a team tell pirtui: their config files, merged, each value with its source.

A person's file lives in the platform's config folder (`$XDG_CONFIG_HOME/pirtui/config.toml` on
Linux, found with platformdirs so macOS and Windows are right too): their name as the default
author, their time zone, their theme. A team commits `.pirtui.toml` in its reviews folder (or a
folder above it, up to the repository's top): the ID prefix and pattern, the default time zone,
the ticket URL pattern, the meeting's time boxes, the hint word lists, the sections a public
rendering leaves out. The team's file wins over the person's for a key both set, as a project's
settings win over a user's in git and ruff.

A broken file never stops pirtui: its problem is one line in `Config.problems`, and the values it
would have given keep their defaults.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

TEAM_FILE = ".pirtui.toml"
"""The team's settings, committed in the reviews folder."""

DEFAULT_MEETING_MINUTES: dict[str, int] = {
    "incident": 3,
    "summary": 3,
    "timeline": 8,
    "impact": 3,
    "root_cause": 8,
    "detection": 5,
    "resolution": 3,
    "action_items": 7,
    "lessons": 3,
    "appendix": 0,
    "approvals": 1,
    "meeting": 1,
    "revisions": 0,
}
"""Minutes per section in a review meeting: 45 in all."""

DEFAULT_PUBLIC_EXCLUDES: tuple[str, ...] = ("people", "appendix.logs", "approvals", "meeting")
"""What `render --public` leaves out unless the team says otherwise: names of people, Relevant
Logs, the Approval section and the Review Meeting Notes."""


@dataclass
class Config:
    """Settings in effect, with where each came from (`sources`: key -> file path or "default")."""

    author: str = ""
    """The person's name: the default Author of a new review."""
    timezone: str = ""
    """Time zone of a new review ("" leaves it empty)."""
    theme: str = ""
    """A Textual theme name; "" keeps the one remembered from the last run."""
    id_prefix: str = "INC"
    """The first part of a new review's ID."""
    id_pattern: str = "{prefix}-{year}-{number:03d}"
    """How a new review's ID is written; `{prefix}`, `{year}` and `{number}` are filled in."""
    ticket_url: str = ""
    """A URL with `{ticket}` in it that turns ticket IDs into links ("" for none)."""
    meeting_minutes: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_MEETING_MINUTES))
    """Time box of each section (by section key) in a review meeting."""
    timeline_gap_minutes: int = 30
    """A gap between timeline events longer than this is worth a hint."""
    hint_words: dict[str, list[str]] = field(default_factory=dict)
    """Extra words per hint list (list name -> words), added to the shipped lists."""
    hint_words_removed: dict[str, list[str]] = field(default_factory=dict)
    """Words to drop from the shipped hint lists (list name -> words)."""
    public_excludes: tuple[str, ...] = DEFAULT_PUBLIC_EXCLUDES
    """Section keys, review paths or "people" that `render --public` leaves out."""
    schema_directive: str = "pirtui-review.schema.json"
    """What `pirtui new` writes after `#:schema` on a review's first line, for Taplo and editors: a
    path relative to the review (written beside it when missing: offline, and the schema of the
    pirtui the team uses) or a URL; "" writes no directive."""
    template_paths: tuple[str, ...] = ()
    """Template files, or folders of them, beside `.pirtui/templates/` (relative to the folder)."""
    sources: dict[str, str] = field(default_factory=dict)
    """Where each key's value comes from: a file's path, or "default"."""
    problems: list[str] = field(default_factory=list)
    """One line per file or value that could not be used."""


KEYS: tuple[str, ...] = tuple(f.name for f in fields(Config) if f.name not in ("sources", "problems"))
"""The keys a config file may set."""


def user_config_path() -> Path:
    """The person's config file: `$XDG_CONFIG_HOME/pirtui/config.toml` on Linux, the platform's
    own folder elsewhere."""
    base = os.environ.get("XDG_CONFIG_HOME", "").strip()
    if base and Path(base).is_absolute():
        return Path(base) / "pirtui" / "config.toml"
    import platformdirs

    return Path(platformdirs.user_config_dir("pirtui", appauthor=False)) / "config.toml"


def team_config_path(folder: Path) -> Path | None:
    """The team's `.pirtui.toml` in `folder` or the nearest folder above it, stopping at a
    repository's top (a folder with `.git`); None when there is none."""
    try:
        current = folder.resolve()
    except OSError:
        return None
    for candidate in (current, *current.parents):
        path = candidate / TEAM_FILE
        if path.is_file():
            return path
        if (candidate / ".git").exists():
            return None
    return None


def load_config(folder: Path | None = None) -> Config:
    """The settings in effect for reviews in `folder` (the person's file, then the team's)."""
    config = Config()
    config.sources = {key: "default" for key in KEYS}
    files = [user_config_path()]
    team = team_config_path(folder) if folder is not None else None
    if team is not None:
        files.append(team)
    for path in files:
        data = _read(path, config.problems)
        if data:
            _apply(config, data, str(path))
    return config


def _read(path: Path, problems: list[str]) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as error:
        problems.append(f"{path}: cannot be read ({error.strerror or error})")
        return {}
    import tomli

    try:
        return tomli.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomli.TOMLDecodeError) as error:
        problems.append(f"{path}: not valid TOML ({error}); its settings are ignored")
        return {}


def _apply(config: Config, data: dict[str, Any], source: str) -> None:
    """Take each known key of `data` whose value has the right type; name the others in problems."""
    for key, value in data.items():
        if key not in KEYS:
            config.problems.append(f"{source}: unknown setting {key!r}")
            continue
        current = getattr(config, key)
        converted = _convert(value, current)
        if converted is None:
            config.problems.append(f"{source}: {key} has the wrong type ({type(value).__name__})")
            continue
        if key == "meeting_minutes":
            converted = {**config.meeting_minutes, **converted}
        setattr(config, key, converted)
        config.sources[key] = source


def _convert(value: Any, current: Any) -> Any:
    """`value` in the type of `current`, or None when it does not fit."""
    if isinstance(current, bool):
        return value if isinstance(value, bool) else None
    if isinstance(current, int):
        return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None
    if isinstance(current, str):
        return value if isinstance(value, str) else None
    if isinstance(current, tuple):
        ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        return tuple(value) if ok else None
    if isinstance(current, dict):
        if not isinstance(value, dict):
            return None
        if all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value.values()):
            return dict(value)
        if all(isinstance(v, list) and all(isinstance(w, str) for w in v) for v in value.values()):
            return {k: list(v) for k, v in value.items()}
        return None
    return None
