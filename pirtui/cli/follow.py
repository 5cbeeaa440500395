"""`pirtui follow FILE.toml`: follow the review meeting's driver, read-only, in one's own terminal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pirtui.cli.command_error import CommandError

NAME = "follow"


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The `follow` subcommand's arguments."""
    parser = commands.add_parser(NAME, help="follow the meeting's driver, read-only (same host)")
    parser.add_argument("path", type=Path, metavar="FILE.toml", help="the review the meeting is about")


def run(args: argparse.Namespace) -> int:
    """Show the section the driver shows, updated as the driver moves and saves; writes nothing."""
    from pirtui.core import store

    path: Path = args.path
    if not path.is_file():
        raise CommandError(f"{path}: no such review")
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise CommandError("follow needs a terminal (stdin and stdout)")
    from pirtui.app.follow_app import FollowApp

    try:
        app = FollowApp(path)
    except store.ReviewFileError as error:
        raise CommandError(str(error)) from None
    result = app.run()
    if app.exit_line:
        try:
            print(f"pirtui: {app.exit_line}", file=sys.stderr, flush=True)
        except (OSError, ValueError):
            pass
    return result if isinstance(result, int) else 0
