"""`pirtui stats [FOLDER]`: trends across a team's reviews, per month or quarter."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from pirtui.core.inert import inert


NAME = "stats"


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register `pirtui stats` with the main parser."""
    parser = commands.add_parser("stats", help="trends across the reviews of a folder")
    parser.add_argument("folder", nargs="?", type=Path, metavar="FOLDER", help="default: the current folder")
    parser.add_argument("--by", choices=("month", "quarter"), default="month", help="one row per month (default) or quarter")
    parser.add_argument(
        "--format", choices=("table", "json", "csv"), default="table", help="table for people (default), json or csv"
    )


def run(args: argparse.Namespace) -> int:
    """Print the trends; files that cannot be read are named on stderr and the rest still count."""
    from pirtui.cli.command_error import CommandError
    from pirtui.team.index import scan_records
    from pirtui.team.report import csv_text, safe_json
    from pirtui.team.stats import stats_json, stats_rows, stats_text, team_stats

    folder: Path = args.folder or Path.cwd()
    if not folder.is_dir():
        raise CommandError(f"{folder}: no such folder")
    records = scan_records(folder)
    for record in records:
        if record.problem:
            print(f"pirtui: {inert(record.problem, keep='')}", file=sys.stderr)
    stats = team_stats(records, date.today(), args.by)
    if args.format == "json":
        print(safe_json(stats_json(stats)))
    elif args.format == "csv":
        sys.stdout.write(csv_text(*stats_rows(stats)))
    else:
        print("\n".join(inert(line, keep="") for line in stats_text(stats)))
    return 0
