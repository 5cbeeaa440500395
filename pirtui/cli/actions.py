"""`pirtui actions [FOLDER...]`: every action item of a team's reviews, for people, scripts and CI.

A weekly CI job can run `pirtui actions reviews/ --overdue --fail-on-overdue` to nag: the exit
status is 1 when an item shown is overdue. Files that cannot be read are named on stderr, one line
each, and every other review still counts.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from pirtui.core.inert import inert

EXIT_OK, EXIT_OVERDUE, EXIT_UNREADABLE = 0, 1, 2


NAME = "actions"


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register `pirtui actions` with the main parser."""
    parser = commands.add_parser("actions", help="list the action items of every review in folders")
    parser.add_argument("folders", nargs="*", type=Path, metavar="FOLDER", help="default: the current folder")
    parser.add_argument(
        "--format", choices=("table", "csv", "json"), default="table",
        help="table for people (default), csv for a tracker's import, json for scripts",
    )
    parser.add_argument("--owner", default="", help="only items whose owner contains this (any case)")
    parser.add_argument("--status", default="", help="only items with this status (several: Open,Blocked)")
    parser.add_argument("--overdue", action="store_true", help="only open items past their due date")
    parser.add_argument("--due-before", default="", metavar="DATE", help="only items due before DATE (YYYY-MM-DD)")
    parser.add_argument("--fail-on-overdue", action="store_true", help="exit 1 when an item listed is overdue")


def run(args: argparse.Namespace) -> int:
    """List the action items; the exit status says whether any listed one is overdue (if asked)."""
    from pirtui.team.actions import CSV_COLUMNS, ActionFilter, action_rows, csv_values, json_value
    from pirtui.cli.command_error import CommandError
    from pirtui.core.config import load_config
    from pirtui.team.index import scan_records
    from pirtui.team.report import csv_text, safe_json
    from pirtui.core.timeparse import parse_date

    folders: list[Path] = args.folders or [Path.cwd()]
    for folder in folders:
        if not folder.is_dir():
            raise CommandError(f"{folder}: no such folder")
    due_before = None
    if args.due_before:
        due_before = parse_date(args.due_before)
        if due_before is None:
            raise CommandError(f"--due-before {args.due_before!r}: not a date; write YYYY-MM-DD")
    today = date.today()
    rows = []
    for folder in folders:
        records = scan_records(folder)
        for record in records:
            if record.problem:
                print(f"pirtui: {inert(record.problem, keep='')}", file=sys.stderr)
        rows.extend(action_rows(records, today, load_config(folder).ticket_url))
    wanted = ActionFilter(owner=args.owner, status=args.status, overdue=args.overdue, due_before=due_before)
    rows = [row for row in rows if wanted.keeps(row)]
    if args.format == "json":
        print(safe_json([json_value(row) for row in rows]))
    elif args.format == "csv":
        text = csv_text([header for header, _ in CSV_COLUMNS], [csv_values(row) for row in rows])
        # Exact for a file or a pipe; on a terminal, what it would obey is drawn as symbols.
        sys.stdout.write(inert(text) if sys.stdout.isatty() else text)
    else:
        print(table(rows, terminal_width()))
    if args.fail_on_overdue and any(row.overdue for row in rows):
        return EXIT_OVERDUE
    return EXIT_OK


def table(rows: list, width: int | None = None) -> str:
    """The items as an aligned text table, overdue ones marked "!" in the Late column; fitted to
    `width` columns when given (a terminal)."""
    headers = ["Review", "Item", "Action", "Owner", "Pri", "Due", "Status", "Ticket", "Late"]
    body = [
        [
            row.review_id,
            row.item_id,
            row.action,
            row.owner,
            row.priority,
            row.due,
            row.status,
            row.ticket_url or row.ticket,
            f"!{row.days_overdue}d" if row.overdue else "",
        ]
        for row in rows
    ]
    overdue = sum(1 for row in rows if row.overdue)
    return fitted_table(headers, body, width) + f"\n{len(rows)} items, {overdue} overdue"


def fitted_table(headers: list[str], body: list[list[str]], width: int | None) -> str:
    """The aligned table, fitted to `width` columns when given (issue 25 item 7: at 80 columns each
    row of ~125 wrapped). In turn: the Action, Owner and Ticket columns are cut (to 16, 10, 10), the
    Ticket column is left out (`--format csv` or `json` has it), the gaps narrow to one space, and
    the Action and Owner are cut further."""
    from pirtui.team.report import text_table

    limits = {2: 40, 3: 18, 7: 30}
    if width is None:
        return text_table(headers, body, limits)
    steps: list[tuple[str, int, int]] = [
        ("cut", 2, 16), ("cut", 3, 10), ("cut", 7, 10), ("drop", 7, 0), ("gap", 0, 1), ("cut", 2, 10), ("cut", 3, 7),
    ]
    columns, gap = list(range(len(headers))), 2

    def size(i: int) -> int:
        natural = max([len(headers[i])] + [len(inert(row[i], keep="")) for row in body])
        return min(natural, limits.get(i, natural))

    for kind, column, value in steps:
        if sum(size(i) for i in columns) + gap * (len(columns) - 1) <= width:
            break
        if kind == "cut":
            limits[column] = min(size(column), value)
        elif kind == "drop":
            columns.remove(column)
        else:
            gap = value
    cells = [[_cut(row[i], limits.get(i)) for i in columns] for row in body]
    sizes = [size(i) for i in columns]
    space = " " * gap
    lines = [space.join(headers[i].ljust(n) for i, n in zip(columns, sizes)).rstrip()]
    lines.append(space.join("-" * n for n in sizes))
    lines.extend(space.join(c.ljust(n) for c, n in zip(row, sizes)).rstrip() for row in cells)
    return "\n".join(lines)


def _cut(value: str, width: int | None) -> str:
    value = inert(value, keep="")
    return value[: width - 1] + "…" if width is not None and len(value) > width else value


def terminal_width() -> int | None:
    """The terminal's width when stdout is one; None for a file or a pipe (no fitting)."""
    import shutil

    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size((80, 24)).columns
