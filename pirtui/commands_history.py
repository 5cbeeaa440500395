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
from typing import NamedTuple

from pirtui.inert import inert

NAME = "history"
_SEPARATOR = "\x1f"


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The `history` subcommand's arguments."""
    parser = commands.add_parser(NAME, help="list a review's git commits; --add puts them in Revision History")
    parser.add_argument("path", type=Path, metavar="FILE.toml", help="a review in a git repository")
    parser.add_argument(
        "--add", action="store_true",
        help="append the commits missing from the Revision History table (date, author, subject) and save",
    )


class Commit(NamedTuple):
    """One commit that changed the review file."""

    date: str
    """YYYY-MM-DD, the author date."""
    author: str
    subject: str


def git_commits(path: Path) -> list[Commit]:
    """The file's commits, oldest first, following renames (raises CommandError outside git)."""
    import subprocess

    from pirtui.cli import CommandError

    command = ["git", "-C", str(path.parent.resolve()), "log", "--follow",
               f"--format=%as{_SEPARATOR}%an{_SEPARATOR}%s", "--", path.name]
    try:
        result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=60)
    except FileNotFoundError:
        raise CommandError("git is not installed") from None
    if result.returncode != 0:
        first = (result.stderr.strip().splitlines() or ["git log failed"])[0]
        raise CommandError(f"{path}: {first}")
    commits = []
    for line in reversed(result.stdout.splitlines()):  # git cannot --follow with --reverse
        date, author, subject = (line.split(_SEPARATOR) + ["", ""])[:3]
        commits.append(Commit(date, author, subject))
    return commits


def missing_commits(commits: list[Commit], revisions: list) -> list[Commit]:
    """The commits with no Revision History row of the same date and change (the subject)."""
    have = {(row.date.strip(), row.change.strip()) for row in revisions}
    return [commit for commit in commits if (commit.date, commit.subject.strip()) not in have]


def run(args: argparse.Namespace) -> int:
    """List the commits (date, author, subject); with --add, save the missing ones as rows."""
    from pirtui import store
    from pirtui.cli import CommandError

    path: Path = args.path
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    commits = git_commits(path)
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
    from pirtui import lock, store
    from pirtui.cli import CommandError
    from pirtui.fingerprint import Fingerprint, changed_on_disk
    from pirtui.model import Revision

    held = lock.acquire(path)
    if isinstance(held, lock.Held):
        raise CommandError(f"{path}: {held.describe()}; close it there first")
    try:
        before = Fingerprint.of(path)
        review = store.load(path)
        missing = missing_commits(commits, review.revisions)
        if not missing:
            return 0
        review.revisions.extend(Revision(date=c.date, author=c.author, change=c.subject) for c in missing)
        if changed_on_disk(path, before):
            raise CommandError(f"{path}: changed on disk while adding the history; run it again")
        store.save(path, review)
        return len(missing)
    finally:
        if isinstance(held, lock.Lock):
            held.release()
