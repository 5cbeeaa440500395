"""`pirtui config`: every setting in effect for a folder's reviews, and the file it comes from.

The answer to "why does pirtui number my reviews OPS-..." without reading two files and knowing
which one wins.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from pirtui.core.inert import inert

NAME = "config"
UNSET = "(not set: each review's template's)"
"""Shown for a setting that, left unset, each review's template decides (`public_excludes`);
JSON gives null."""


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The `config` subcommand's arguments."""
    parser = commands.add_parser(NAME, help="show every setting in effect and where it comes from")
    parser.add_argument(
        "folder", nargs="?", type=Path, default=Path("."), metavar="FOLDER",
        help="the reviews folder whose .pirtui.toml applies (default: the current folder)",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text",
        help="text for people (default), json for scripts",
    )


def settings(folder: Path) -> tuple[list[dict[str, object]], list[str]]:
    """Each setting as {key, value, source}, and the problems met reading the files."""
    from dataclasses import asdict

    from pirtui.core.config import KEYS, load_config

    config = load_config(folder)
    values = asdict(config)
    rows = [
        {"key": key, "value": list(values[key]) if isinstance(values[key], tuple) else values[key],
         "source": config.sources.get(key, "default")}
        for key in KEYS
    ]
    return rows, list(config.problems)


def run(args: argparse.Namespace) -> int:
    """Print the settings as `key = value  # source` lines (TOML a person can copy) or JSON."""
    rows, problems = settings(args.folder)
    if args.format == "json":
        # ensure_ascii escapes every control and bidi character, so the JSON is exact and inert.
        print(json.dumps({"settings": rows, "problems": problems}, indent=2, ensure_ascii=True))
    else:
        for row in rows:
            line = f"{row['key']} = {toml_value(row['value'])}" if row["value"] is not None else f"# {row['key']} = {UNSET}"
            print(f"{inert(line, keep='')}  # {inert(str(row['source']), keep='')}")
    for problem in problems:
        print(f"pirtui: {inert(problem, keep='')}", file=sys.stderr)
    return 0


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def toml_value(value: object) -> str:
    """A setting's value as TOML on one line (inline tables and arrays), to copy into a file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        pairs = [f"{k if _BARE_KEY.fullmatch(k) else json.dumps(k)} = {toml_value(v)}" for k, v in value.items()]
        return "{ " + ", ".join(pairs) + " }" if pairs else "{}"
    return json.dumps(str(value))  # a JSON string is a TOML basic string
