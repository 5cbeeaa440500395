"""A review file's history in git: its commits (date, author, subject), and those that Revision
History does not list yet. Used by `pirtui history` and the editor's palette command."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

_SEPARATOR = "\x1f"


class GitError(Exception):
    """git is missing, or the file is not in a repository: the message is one line for the user."""


class Commit(NamedTuple):
    """One commit that changed the review file."""

    date: str
    """YYYY-MM-DD, the author date."""
    author: str
    subject: str


def git_commits(path: Path) -> list[Commit]:
    """The file's commits, oldest first, following renames (raises GitError outside git or without git)."""
    import subprocess

    command = ["git", "-C", str(path.parent.resolve()), "log", "--follow",
               f"--format=%as{_SEPARATOR}%an{_SEPARATOR}%s", "--", path.name]
    try:
        result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=60)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if result.returncode != 0:
        first = (result.stderr.strip().splitlines() or ["git log failed"])[0]
        if "not a git repository" in first:
            raise GitError(f"{path}: not in a git repository (history lists the commits git has of the file)")
        # git's own words, without its "fatal:" / "error:" prefix: one line of ours (issue 25 item 13).
        reason = first.split(":", 1)[1].strip() if first.split(":", 1)[0] in ("fatal", "error") else first
        raise GitError(f"{path}: git log failed: {reason}")
    commits = []
    for line in reversed(result.stdout.splitlines()):  # git cannot --follow with --reverse
        date, author, subject = (line.split(_SEPARATOR) + ["", ""])[:3]
        commits.append(Commit(date, author, subject))
    return commits


def missing_commits(commits: list[Commit], revisions: list) -> list[Commit]:
    """The commits with no Revision History row of the same date and change (the subject)."""
    have = {(row.date.strip(), row.change.strip()) for row in revisions}
    return [commit for commit in commits if (commit.date, commit.subject.strip()) not in have]
