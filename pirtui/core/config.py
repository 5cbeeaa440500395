"""What a person and a team tell pirtui: their config files, merged, each value with its source.

A person's file lives in the platform's config folder (`$XDG_CONFIG_HOME/pirtui/config.toml` on
Linux, found with platformdirs so macOS and Windows are right too): their name as the default
author, their time zone, their theme. A team commits `.pirtui.toml` in its reviews folder (or a
folder above it, up to the repository's top): the ID prefix and pattern, the default time zone,
the ticket URL pattern, the meeting's time boxes, the hint word lists, the sections a public
rendering leaves out (instead of what each review's template declares). The team's file wins over
the person's for a key both set, as a project's settings win over a user's in git and ruff.

A broken file never stops pirtui: its problem is one line in `Config.problems`, and the values it
would have given keep their defaults.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

TEAM_FILE = ".pirtui.toml"
"""The team's settings, committed in the reviews folder."""

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
    meeting_minutes: dict[str, int] = field(default_factory=dict)
    """Time box of each section (by section key) in a review meeting."""
    timeline_gap_minutes: int = 30
    """A gap between timeline events longer than this is worth a hint."""
    hint_words: dict[str, list[str]] = field(default_factory=dict)
    """Extra words per hint list (list name -> words), added to the shipped lists."""
    hint_words_removed: dict[str, list[str]] = field(default_factory=dict)
    """Words to drop from the shipped hint lists (list name -> words)."""
    public_excludes: tuple[str, ...] | None = None
    """Section keys, review paths or "people" that `render --public` leaves out. None (not set)
    leaves out what each review's template declares (its `public_excludes`); setting it replaces
    that (list those entries too to keep them), and `()` leaves out nothing."""
    public_aliases: dict[str, list[str]] = field(default_factory=dict)
    """With "people" excluded: the word the public version shows for other names and handles
    (word -> names), e.g. `"Payments on-call" = ["priya", "@pn"]`."""
    public_person_word: str = ""
    """With "people" excluded: one neutral word for every person ("a responder"); "" shows each
    person's role (Incident Commander, Owner, ...)."""
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
        converted = _convert(value, _UNSET_SHAPES.get(key, current) if current is None else current)
        if converted is None:
            config.problems.append(f"{source}: {key} has the wrong type ({type(value).__name__})")
            continue
        problem = _invalid(key, converted)
        if problem:
            config.problems.append(f"{source}: {key}: {problem}; the default is kept")
            continue
        if key == "hint_words":
            converted = _usable_patterns(converted, source, config.problems)
        if key == "meeting_minutes":
            converted = {**config.meeting_minutes, **converted}
        setattr(config, key, converted)
        config.sources[key] = source


_UNSET_SHAPES: dict[str, Any] = {"public_excludes": ()}
"""The type of value a key takes whose default is None ("not set": the template's)."""


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


# -- values checked when read: a team's file must not make pirtui format, write or link anything else


ID_FIELDS = ("prefix", "year", "number")
"""The only fields `id_pattern` may name: no attribute access, no index, no conversion."""

_NUMBER_SPEC = re.compile(r"0?[1-9]?d?")
"""A field's format: a width of up to 9, zero-padded or not (`{number:03d}`); nothing else."""

LINK_SCHEMES = ("https://", "http://", "mailto:")
"""What pirtui ever writes as a link (FILE.md, HTML, CSV, JSON): no `javascript:`, `data:`, `vscode://`."""


def _invalid(key: str, value: Any) -> str:
    """Why a value of the right type still cannot be used (one line, without the key), or ""."""
    check = _VALIDATORS.get(key)
    return check(value) if check is not None else ""


def id_pattern_problem(pattern: str) -> str:
    """"" when `id_pattern` names only {prefix}, {year} and {number} (with at most a width), else why not."""
    import string

    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as error:
        return f"not a pattern ({error})"
    named = set()
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in ID_FIELDS:
            return f"{{{name}}} is not one of {{prefix}}, {{year}}, {{number}}"
        if conversion is not None or not _NUMBER_SPEC.fullmatch(spec or ""):
            return f"{{{name}}} may only have a width such as {{number:03d}}"
        named.add(name)
    if "number" not in named:
        return "it must contain {number}, or every new review would get the same ID"
    if len(pattern) > 200 or any(not ch.isprintable() for ch in pattern):
        return "it must be one short line"
    return ""


def schema_directive_problem(directive: str) -> str:
    """"" when `schema_directive` is empty, an http(s) URL, or a relative path that stays inside the
    review's folder (and so inside its repository); else why not. Always one line."""
    if not directive:
        return ""
    if any(not ch.isprintable() for ch in directive) or len(directive) > 500:
        return "it must be one line of printable characters"
    if directive.startswith(("https://", "http://")):
        return ""
    if ":" in directive.split("/", 1)[0] or directive.startswith(("/", "\\", "~")):
        return "it must be an http(s) URL or a path relative to the review"
    if ".." in directive.replace("\\", "/").split("/"):
        return "a relative path may not leave the review's folder (..)"
    return ""


def link_problem(url: str) -> str:
    """"" when `url` is empty or may become a link (http, https, mailto), else why not."""
    if not url:
        return ""
    if any(not ch.isprintable() or ch.isspace() for ch in url):
        return "a link must be one line without spaces or control characters"
    if not url.lower().startswith(LINK_SCHEMES):
        return "a link must start with https://, http:// or mailto:"
    return ""


def _ticket_url_problem(url: str) -> str:
    problem = link_problem(url)
    if not problem and url and "{ticket}" not in url:
        return "it must contain {ticket}"
    return problem


def _id_prefix_problem(prefix: str) -> str:
    if any(not ch.isprintable() for ch in prefix) or len(prefix) > 40 or "{" in prefix or "}" in prefix:
        return "it must be a short line without braces"
    return ""


def _usable_patterns(words: dict[str, list[str]], source: str, problems: list[str]) -> dict[str, list[str]]:
    """The hint lists with each team pattern RE2 cannot take named in `problems` and left out."""
    from pirtui.core.patterns import problem

    patterns = words.get("team_alias_patterns")
    if not patterns:
        return words
    kept = []
    for pattern in patterns:
        why = problem(pattern)
        if why:
            problems.append(f"{source}: hint_words.team_alias_patterns: {why}")
        else:
            kept.append(pattern)
    return {**words, "team_alias_patterns": kept}


_VALIDATORS = {
    "id_pattern": id_pattern_problem,
    "id_prefix": _id_prefix_problem,
    "schema_directive": schema_directive_problem,
    "ticket_url": _ticket_url_problem,
}
