"""`pirtui meet FILE.toml`: open the review in the editor and start its review meeting at once."""

from __future__ import annotations

import argparse
from pathlib import Path

from pirtui.cli.command_error import CommandError

NAME = "meet"


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The `meet` subcommand's arguments."""
    parser = commands.add_parser(NAME, help="run the review meeting: agenda, time boxes, captures")
    parser.add_argument("path", type=Path, metavar="FILE.toml", help="the review the meeting is about")


def run(args: argparse.Namespace) -> int:
    """Open the editor on the review, with the meeting started (attendees asked first)."""
    from pirtui.app.app import run_editor

    path: Path = args.path
    if not path.is_file():
        raise CommandError(f"{path}: no such review")
    return run_editor(path, meeting=True)
