"""Two editor commands for a team's repository: Revision History from git (command palette) and
marking a field or a table row internal (F6), which `pirtui render --public` then leaves out.

Kept out of app.py, which only lists them in the palette; both go through `apply_edit`, the one
way an edit reaches the review, so the change is checked, marked unsaved and saved with ctrl+s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pirtui.core.inert import inert

if TYPE_CHECKING:
    from pirtui.app.app import PirtuiApp
    from pirtui.screens.section import SectionScreen


def add_git_history(app: PirtuiApp) -> None:
    """Append the file's git commits that Revision History lacks (date, author, subject)."""
    from pirtui.team.git_history import GitError, git_commits, missing_commits
    from pirtui.core.model import Revision

    if app.review is None or app.path is None or app.read_only:
        app.notify(inert(app.read_only) or "Open a review first.", severity="warning", markup=False)
        return
    review = app.session.whole_review()
    try:
        missing = missing_commits(git_commits(app.path), review.revisions)
    except GitError as error:
        app.notify(inert(str(error)), severity="error", markup=False)
        return
    if not missing:
        app.notify("Revision History already lists every commit of this file.", markup=False)
        return
    rows = list(app.review.revisions) + [Revision(date=c.date, author=c.author, change=c.subject) for c in missing]
    app.apply_edit("revisions", rows)
    _show_rows(app, "revisions", rows)
    app.goto_section("revisions", f"revisions.{len(rows) - 1}")
    count = len(missing)
    app.notify(f"Added {count} commit{'s' * (count != 1)} to Revision History; ctrl+s saves.", markup=False)


def _show_rows(app: PirtuiApp, path: str, rows: list) -> None:
    """A table already built shows (and holds) what its own edits made: give it the new rows."""
    from pirtui.widgets.table_block import TableBlock

    for screen in app.section_screens():
        editor = screen.editor_for(path)
        if isinstance(editor, TableBlock) and editor.path == path:
            editor.table.items = list(rows)
            editor.table.rebuild()


def toggle_internal(app: PirtuiApp, screen: SectionScreen) -> None:
    """Mark the focused table row, or the focused field, of `screen` internal; or public again."""
    from pirtui.widgets.editable_table import EditableTable

    if app.review is None or app.read_only:
        return
    table = app.focused
    if isinstance(table, EditableTable) and table.items and hasattr(table.items[0], "internal"):
        index = table.cursor_row
        row = table.items[index].model_copy(update={"internal": not table.items[index].internal})
        table.items[index] = row
        table.rebuild(cursor=index)
        app.apply_edit(f"{table.path}.{index}", row)
        what, internal = f"Row {index + 1}", row.internal
    else:
        path = screen.focused_path()
        if not path:
            return
        fields = list(app.review.internal_fields)
        internal = path not in fields
        app.apply_edit("internal_fields", fields + [path] if internal else [f for f in fields if f != path])
        what = path
    state = "internal: render --public leaves it out" if internal else "public again"
    app.notify(f"{what} is {state}.", markup=False)
