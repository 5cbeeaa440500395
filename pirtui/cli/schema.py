"""`pirtui schema`: print the JSON Schema of FILE.toml (the file schema/pirtui-review.schema.json
publishes), for Taplo / Even Better TOML and other editors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pirtui.core.template.template import Template

NAME = "schema"


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The `schema` subcommand."""
    parser = commands.add_parser(NAME, help="print the JSON Schema of a review file (FILE.toml), for editors")
    parser.add_argument("--template", metavar="NAME", help="of a review following this template (default: builtin)")


def run(args: argparse.Namespace) -> int:
    """Print the schema; it is JSON with non-ASCII kept, holding no text from any review."""
    from pirtui.core.schema import schema_text

    template = None
    if getattr(args, "template", None) and args.template != "builtin":
        from pirtui.cli.command_error import CommandError
        from pirtui.core.template.discovery import find_template
        from pirtui.core.template.loader import TemplateError

        try:
            template = find_template(args.template, Path.cwd())
        except TemplateError as error:
            raise CommandError(str(error)) from None
    sys.stdout.write(schema_text(template))
    return 0


def add_directive(path: Path, template: Template | None = None) -> Path | None:
    """Point a new review at the schema (the team's `schema_directive` setting; "" for none), and
    write the schema beside it when the directive names a file that is not there yet; returns it."""
    from pirtui.core.config import load_config
    from pirtui.core.schema import add_directive as write_directive
    from pirtui.core.schema import template_target, write_schema_beside

    target = template_target(load_config(path.parent).schema_directive, template)
    if not target:
        return None
    write_directive(path, target)
    return write_schema_beside(path, target, template)
