"""The palette's "Revision History from git": the file's commits that the revision log lacks.

An editor command that reads the whole review (through `Session.whole_review`) and changes it
through `PirtuiApp.apply_edit`, the one way an edit reaches the review, so the change is checked,
marked unsaved and saved with ctrl+s. The revision log is the table with the `revision-log` role
of the review's own template (date, author and change by column role); a template without one says
so in one line.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from pirtui.core.inert import inert
from pirtui.core.sections import section_of, template_of
from pirtui.core.template import roles

if TYPE_CHECKING:
    from pirtui.app.app import PirtuiApp

LOG = "revision-log"
"""The role of the table the commits go into."""


def add_git_history(app: PirtuiApp) -> None:
    """Append the file's git commits that the revision log lacks (date, author, subject)."""
    from pirtui.team.git_history import GitError, git_commits, missing_commits
    from pirtui.widgets.table_block import TableBlock

    session = app.session
    if session is None or session.read_only:
        app.notify(inert(session.read_only) if session else "Open a review first.", severity="warning", markup=False)
        return
    review = session.whole_review()
    template = template_of(review)
    table, section = template.table_path(LOG), section_of(review, LOG)
    if table is None or section is None:
        app.notify(f"The template {template.ref} has no revision log to add commits to.", severity="warning", markup=False)
        return
    rows: list[Any] = list(roles.rows(template, review, LOG))
    have = [SimpleNamespace(date=_cell(template, row, "revision-date"), change=_cell(template, row, "revision-change")) for row in rows]
    try:
        missing = missing_commits(git_commits(session.path), have)
    except GitError as error:
        app.notify(inert(str(error)), severity="error", markup=False)
        return
    if not missing:
        app.notify(f"{section.heading} already lists every commit of this file.", markup=False)
        return
    rows += _new_rows(template, review, missing)
    app.apply_edit(table, rows)
    # A table already built shows (and holds) what its own edits made: give it the new rows.
    for screen in app.section_screens():
        editor = screen.editor_for(table)
        if isinstance(editor, TableBlock) and editor.path == table:
            editor.table.show_rows(rows)
    app.goto_section(section.key, f"{table}.{len(rows) - 1}")
    count = len(missing)
    app.notify(f"Added {count} commit{'s' * (count != 1)} to {section.heading}; ctrl+s saves.", markup=False)


def _cell(template: Any, row: Any, role: str) -> str:
    return roles.cell(template, row, LOG, role).strip()


def _new_rows(template: Any, review: Any, commits: list[Any]) -> list[Any]:
    """The rows of `commits`, made by column role on a copy of the review (not the review itself:
    the edit goes through `apply_edit`)."""
    scratch = review.model_copy(deep=True)
    before = len(roles.rows(template, scratch, LOG))
    new = [{"revision-date": c.date, "revision-author": c.author, "revision-change": c.subject} for c in commits]
    roles.add_rows(template, scratch, LOG, new)
    return list(roles.rows(template, scratch, LOG))[before:]
