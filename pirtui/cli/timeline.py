"""`pirtui timeline add`: the command line's door to `pirtui.evidence.cli`, which reads the
sources and adds the rows; here its one-line failures become the command line's."""

from __future__ import annotations

import argparse

from pirtui.cli.command_error import CommandError

NAME = "timeline"


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The `timeline add` subcommand's arguments."""
    from pirtui.evidence.cli import register

    register(commands)


def run(args: argparse.Namespace) -> int:
    """Add timeline rows from evidence files (see `pirtui.evidence.cli.run`)."""
    from pirtui.evidence.cli import TimelineError, run

    try:
        return run(args)
    except TimelineError as error:
        raise CommandError(str(error)) from None
