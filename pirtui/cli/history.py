"""`pirtui history FILE.toml [--add]`: the review's commits from git, as Revision History rows.

A team that keeps its reviews in git already has the revision history: who changed the review,
when, and why (the commit subject). This lists it, and --add appends the commits the Revision
History table does not have yet, saved the way the editor saves (lock, changed-on-disk check,
atomic write of FILE.toml and FILE.md).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from pirtui.team.git_history import Commit, GitError, git_commits, missing_commits
from pirtui.core.inert import inert

NAME = "history"


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The `history` subcommand's arguments."""
    parser = commands.add_parser(NAME, help="list a review's git commits; --add puts them in Revision History")
    parser.add_argument("path", type=Path, metavar="FILE.toml", help="a review in a git repository")
    parser.add_argument(
        "--add", action="store_true",
        help="append the commits missing from the Revision History table (date, author, subject) and save",
    )


def run(args: argparse.Namespace) -> int:
    """List the commits (date, author, subject); with --add, save the missing ones as rows."""
    from pirtui.core import store
    from pirtui.cli.command_error import CommandError

    path: Path = args.path
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    try:
        commits = git_commits(path)
    except GitError as error:
        raise CommandError(str(error)) from None
    for commit in commits:
        print(inert(f"{commit.date}  {commit.author}  {commit.subject}", keep=""))
    if not args.add:
        return 0
    try:
        added = add_revisions(path, commits)
    except store.ReviewFileError as error:
        raise CommandError(str(error)) from None
    print(f"Added {added} revision{'s' * (added != 1)} to {inert(str(path), keep='')}", file=sys.stderr)
    return 0


def add_revisions(path: Path, commits: list[Commit]) -> int:
    """Append the missing commits as Revision History rows and save, as the editor would.

    Refuses (CommandError) while an editor holds the review, or when the file changes between
    reading and writing; returns the number of rows added.
    """
    from pirtui.core import store
    from pirtui.cli.command_error import CommandError
    from pirtui.core.file_edit import save_unattended
    from pirtui.core.fingerprint import fingerprint_of
    from types import SimpleNamespace

    from pirtui.core.sections import template_of
    from pirtui.core.template import roles

    read_as = fingerprint_of(path)
    review = store.load(path)
    template = template_of(review)
    missing = missing_commits(commits, [
        SimpleNamespace(date=roles.cell(template, row, "revision-log", "revision-date"),
                        change=roles.cell(template, row, "revision-log", "revision-change"))
        for row in roles.rows(template, review, "revision-log")
    ])
    if not missing:
        return 0
    roles.add_rows(template, review, "revision-log", [
        {"revision-date": c.date, "revision-author": c.author, "revision-change": c.subject} for c in missing
    ])
    try:
        save_unattended(path, review, read_as)
    except store.ReviewFileError as error:
        raise CommandError(str(error)) from None
    return len(missing)
