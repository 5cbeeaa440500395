"""The palette's "Revision History from git": the file's commits that Revision History lacks.

An editor command that reads the whole review (through `Session.whole_review`) and changes it
through `PirtuiApp.apply_edit`, the one way an edit reaches the review, so the change is checked,
marked unsaved and saved with ctrl+s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pirtui.core.inert import inert

if TYPE_CHECKING:
    from pirtui.app.app import PirtuiApp


def add_git_history(app: PirtuiApp) -> None:
    """Append the file's git commits that Revision History lacks (date, author, subject)."""
    from pirtui.core.model import Revision
    from pirtui.team.git_history import GitError, git_commits, missing_commits
    from pirtui.widgets.table_block import TableBlock

    session = app.session
    if session is None or session.read_only:
        app.notify(inert(session.read_only) if session else "Open a review first.", severity="warning", markup=False)
        return
    review = session.whole_review()
    try:
        missing = missing_commits(git_commits(session.path), review.revisions)
    except GitError as error:
        app.notify(inert(str(error)), severity="error", markup=False)
        return
    if not missing:
        app.notify("Revision History already lists every commit of this file.", markup=False)
        return
    rows = list(review.revisions) + [Revision(date=c.date, author=c.author, change=c.subject) for c in missing]
    app.apply_edit("revisions", rows)
    # A table already built shows (and holds) what its own edits made: give it the new rows.
    for screen in app.section_screens():
        editor = screen.editor_for("revisions")
        if isinstance(editor, TableBlock) and editor.path == "revisions":
            editor.table.show_rows(rows)
    app.goto_section("revisions", f"revisions.{len(rows) - 1}")
    count = len(missing)
    app.notify(f"Added {count} commit{'s' * (count != 1)} to Revision History; ctrl+s saves.", markup=False)
