"""How wide each column of an editable table is drawn: the content decides, the terminal's width limits.

Every column first asks for what its longest cell needs. When that does not fit (80 columns, seven
of them), columns give up width in an order that keeps the key ones readable: the prose column
shrinks to a readable 20 first, then headers longer than their values are cut, then link columns to 6,
prose to 12, links to 4, prose to 8; short values (times, owners, dates, statuses) are cut last: the
row detail under the table shows the prose whole. Width left over goes to the
prose columns.
"""

from __future__ import annotations

from typing import Sequence

from pirtui.core.sections import Column

WIDE_COLUMNS = frozenset({"event", "action", "message", "question", "answer", "change", "text"})
"""Columns of free prose: they share the width the short columns leave."""

SHORT_MAX = 22
"""Widest a short column (time, owner, status, milestone...) grows before its text is cut."""

LINK_COLUMNS = frozenset({"evidence", "ticket"})
"""Columns of links and ticket numbers: they give up width early, the row detail shows them whole."""

LINK_MAX = 12
WIDE_READABLE = 20
WIDE_MIN = 12
WIDE_LAST = 8
SHORT_MIN = 4
PADDING = 2
"""One blank cell each side of every column."""


def natural_width(column: Column, longest: int) -> int:
    """What a column asks for when its longest cell is `longest` cells wide."""
    if column.key in WIDE_COLUMNS:
        return max(longest, len(column.label), WIDE_READABLE)
    if column.options and longest:
        longest = max(longest, *(len(option) for option in column.options))
    limit = LINK_MAX if column.key in LINK_COLUMNS else SHORT_MAX
    return min(max(len(column.label), longest, SHORT_MIN), limit)


def fit_widths(columns: Sequence[Column], longest: Sequence[int], available: int) -> list[int]:
    """The drawn width of each column (padding not included) so all fit in `available` cells."""
    widths = [natural_width(column, long) for column, long in zip(columns, longest)]
    wide = [column.key in WIDE_COLUMNS for column in columns]
    link = [column.key in LINK_COLUMNS for column in columns]
    short = [not w and not l for w, l in zip(wide, link)]
    content = [min(max(long, SHORT_MIN), width) for long, width in zip(longest, widths)]
    # Prose gives up width down to a readable 20 before any header is cut: at 120 columns the
    # Action column had room to spare while "Priority" and "Status" showed as "Pri…", "Sta…"
    # (issue 25 item 7).
    stages = [
        [WIDE_READABLE if wide[i] else None for i in range(len(columns))],
        [content[i] if short[i] or link[i] else None for i in range(len(columns))],
        [6 if link[i] else None for i in range(len(columns))],
        [WIDE_MIN if wide[i] else None for i in range(len(columns))],
        [SHORT_MIN if link[i] else None for i in range(len(columns))],
        [WIDE_LAST if wide[i] else None for i in range(len(columns))],
        [SHORT_MIN if short[i] else None for i in range(len(columns))],
    ]
    excess = sum(widths) + PADDING * len(widths) - available
    for floors in stages:
        while excess > 0:
            candidates = [i for i, floor in enumerate(floors) if floor is not None and widths[i] > floor]
            if not candidates:
                break
            widest = max(candidates, key=lambda i: widths[i])
            widths[widest] -= 1
            excess -= 1
    if excess < 0 and any(wide):
        share, rest = divmod(-excess, sum(wide))
        for i in (i for i, is_wide in enumerate(wide) if is_wide):
            widths[i] += share + (1 if rest > 0 else 0)
            rest -= 1
    return widths
