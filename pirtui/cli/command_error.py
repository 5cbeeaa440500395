"""The command line's one way to fail: a message printed as one line, and an exit status.

Its own module so that the subcommands' modules can raise it without importing `pirtui.cli.main`,
which imports them.
"""

from __future__ import annotations

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


class CommandError(Exception):
    """A user-facing failure: its message is printed as one line and the command exits with `code`."""

    def __init__(self, message: str, code: int = EXIT_UNREADABLE):
        super().__init__(message)
        self.code = code


def force_hint(error: Exception) -> str:
    """The one-line error, telling how to overwrite when a file was refused only to protect it
    (read-only, or Markdown that pirtui did not write)."""
    from pirtui.core import store

    if isinstance(error, (store.ReadOnlyFile, store.NotOurMarkdown)):
        return f"{error} (use --force to replace it)"
    return str(error)
