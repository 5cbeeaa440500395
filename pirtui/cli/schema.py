"""`pirtui schema`: print the JSON Schema of FILE.toml (the file schema/pirtui-review.schema.json
publishes), for Taplo / Even Better TOML and other editors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "schema"


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The `schema` subcommand (no arguments)."""
    commands.add_parser(NAME, help="print the JSON Schema of a review file (FILE.toml), for editors")


def run(args: argparse.Namespace) -> int:
    """Print the schema; it is JSON with non-ASCII kept, holding no text from any review."""
    from pirtui.core.schema import schema_text

    sys.stdout.write(schema_text())
    return 0


def add_directive(path: Path) -> Path | None:
    """Point a new review at the schema (the team's `schema_directive` setting; "" for none), and
    write the schema beside it when the directive names a file that is not there yet; returns it."""
    from pirtui.core.config import load_config
    from pirtui.core.schema import add_directive as write_directive
    from pirtui.core.schema import write_schema_beside

    target = load_config(path.parent).schema_directive
    if not target:
        return None
    write_directive(path, target)
    return write_schema_beside(path, target)
