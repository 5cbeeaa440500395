"""`pirtui timeline add REVIEW.toml SOURCE...`: timeline rows from evidence files, on the command line.

It prints the rows it would add (inert: a source's escape sequences are shown, never obeyed) and adds
them the way the editor saves: under the review's lock, only if the file did not change since it was
read, TOML and Markdown written atomically. The rows go into the table with the timeline role of the
review's template; a template without one is told in one line, and the file is left as it was.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TextIO

from pirtui.core.inert import inert

ASK_ABOVE = 500
"""More rows than this are added only after a yes (or --yes)."""

LOCAL_TIME_FORMATS = ("log", "chat", "csv", "zoom")
"""Formats whose times may be written without a zone (syslog, a chat, a spreadsheet)."""


class TimelineError(Exception):
    """A failure to tell the user in one line (`pirtui.cli.main` prints it and exits 2)."""


def register(commands: argparse._SubParsersAction) -> None:
    """Add `timeline add` to the `pirtui` parser."""
    from pirtui.evidence.rows import FORMATS

    timeline = commands.add_parser("timeline", help="add timeline rows from chat, pager, alert and log exports")  # not the template
    actions = timeline.add_subparsers(dest="timeline_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add the events of evidence files to a review's timeline")
    add.add_argument("path", type=Path, metavar="REVIEW.toml")
    add.add_argument("sources", nargs="+", type=Path, metavar="SOURCE", help="a file, or a Slack export folder")
    add.add_argument("--format", choices=FORMATS, default="auto", help="the sources' format (default: detected)")
    add.add_argument("--since", default="", metavar="T", help="leave out events before T (the review's zone)")
    add.add_argument("--until", default="", metavar="T", help="leave out events after T")
    add.add_argument("--grep", default="", metavar="REGEX", help="keep only events (log lines) matching REGEX")
    add.add_argument("--source-tz", default="", metavar="TZ", help="zone of times written without one "
                     "(default: the review's)")
    add.add_argument("--date", default="", metavar="YYYY-MM-DD", help="the date of times written without "
                     "one (default: the incident's start date)")
    add.add_argument("--start", default="", metavar="T", help="WebVTT: when the recording began "
                     "(cue times are offsets from it), e.g. '2024-01-15 14:02' in the source's zone")
    add.add_argument("--time-column", default="", metavar="C", help="CSV: the column with the time")
    add.add_argument("--event-column", default="", metavar="C", help="CSV: the column with the event")
    add.add_argument("--pinned", action="store_true", help="Slack: only pinned messages")
    add.add_argument("--reaction", default="", metavar="NAME", help="Slack: only messages with this reaction")
    add.add_argument("--no-milestones", action="store_true", help="add no suggested milestones")
    add.add_argument("--dry-run", action="store_true", help="print the rows, write nothing")
    add.add_argument("--yes", action="store_true", help=f"add more than {ASK_ABOVE} rows without asking")


def run(args: argparse.Namespace) -> int:
    """Read the sources, print the rows, and add them to the review unless --dry-run."""
    from pirtui.core import store
    from pirtui.evidence.merge import merge, propose
    from pirtui.evidence.timeline_shape import NoTimeline, shape_of, timeline_rows, zone_text
    from pirtui.core.fingerprint import Fingerprint
    from pirtui.core.model import set_path

    try:
        fingerprint = Fingerprint.of(args.path)
        review = store.load(args.path)
    except store.ReviewFileError as error:
        raise TimelineError(str(error)) from None
    except OSError as error:
        raise TimelineError(f"{args.path}: cannot read: {error.strerror or error}") from None
    try:
        shape = shape_of(review)
    except NoTimeline as error:
        raise TimelineError(f"{inert(str(args.path), keep='')}: {error}") from None
    options = _options(args, review)
    sources = [_parse(source, args.format, options) for source in args.sources]
    if not args.source_tz and any(parsed.format in LOCAL_TIME_FORMATS for parsed in sources):
        zone = inert(zone_text(review), keep="")
        print(f"Times written without a zone are read as {zone} (--source-tz to change).", file=sys.stderr)
    try:
        proposal = propose(review, sources, args.since, args.until)
    except ValueError as error:
        raise TimelineError(f"--since/--until: {error}") from None
    if args.no_milestones:
        for item in proposal.items:
            item.row.milestone = ""
    _print(proposal, sources, sys.stdout)
    new = proposal.new()
    if args.dry_run or not new:
        print("Dry run: nothing written." if args.dry_run else "Nothing to add.", file=sys.stderr)
        return 0
    if len(new) > ASK_ABOVE and not args.yes and not _confirm(len(new), args.path):
        raise TimelineError(f"{len(new)} rows not added: more than {ASK_ABOVE} need --yes (or a yes at a terminal)")
    set_path(review, shape.path, merge(review, timeline_rows(review), new))
    _save(args.path, review, fingerprint)
    print(f"Added {len(new)} row{'s' * (len(new) != 1)} to {inert(str(args.path), keep='')} "
          f"and {inert(str(store.markdown_path(args.path)), keep='')}", file=sys.stderr)
    return 0


def _options(args: argparse.Namespace, review):
    from pirtui.evidence.merge import review_zone, start_date
    from pirtui.evidence.rows import Options
    from pirtui.core.timeparse import resolve_timezone

    zone = review_zone(review)
    if args.source_tz:
        named = resolve_timezone(args.source_tz)
        if named is None:
            raise TimelineError(f"--source-tz: unknown time zone {args.source_tz!r}")
        zone = named
    try:
        grep = re.compile(args.grep) if args.grep else None
    except re.error as error:
        raise TimelineError(f"--grep: not a regular expression: {error}") from None
    base = start_date(review)
    if args.date:
        from pirtui.core.timeparse import parse_date

        base = parse_date(args.date)
        if base is None:
            raise TimelineError(f"--date: {args.date!r} is not a date (YYYY-MM-DD)")
    start = None
    if args.start:
        from pirtui.evidence.clock import read_any

        start = read_any(args.start, base, zone)
        if start is None:
            raise TimelineError(f"--start: {args.start!r} is not a date and time (YYYY-MM-DD HH:MM)")
    return Options(
        source_tz=zone, base=base, start=start, grep=grep, time_column=args.time_column,
        event_column=args.event_column, pinned=args.pinned, reaction=args.reaction,
        progress=Progress() if sys.stderr.isatty() else None,
    )


class Progress:
    """Progress on stderr while a long source is read ("reading app.log: 40% of 100000 lines"), on a
    terminal only; `done` ends the line."""

    def __init__(self) -> None:
        self.source = ""
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if total < 20000:
            return
        self.shown = True
        name = inert(self.source, keep="")
        print(f"\rreading {name}: {done * 100 // total}% of {total} lines", end="", file=sys.stderr, flush=True)

    def done(self) -> None:
        """End the progress line, if one was shown."""
        if self.shown:
            print(file=sys.stderr)
        self.shown = False


def _parse(source: Path, fmt: str, options):
    from pirtui.evidence.detect import SourceError, parse_path

    progress = options.progress
    if isinstance(progress, Progress):
        progress.source = str(source)
    try:
        return parse_path(source, fmt, options)
    except SourceError as error:
        raise TimelineError(str(error)) from None
    finally:
        if isinstance(progress, Progress):
            progress.done()


def _print(proposal, sources, out: TextIO) -> None:
    """The rows (+ new, = duplicate, ? no time), then counts and the unreadable lines."""
    from pirtui.evidence.merge import DUPLICATE, NEW
    from pirtui.evidence.rows import NO_START

    marks = {NEW: "+", DUPLICATE: "=", "no time": "?"}
    for item in proposal.items:
        row = item.row
        cells = [row.time or "--:--", row.event, row.milestone and f"[{row.milestone}]", row.evidence]
        line = "  ".join(inert(cell, keep="") for cell in cells if cell)
        shown_why = item.why and (item.status != NEW or item.parts)  # a duplicate, or one page from several sources
        note = f"  ({inert(item.why, keep='')})" if shown_why else ""
        print(f"{marks[item.status]} {line}{note}", file=out)
    counts = {status: sum(1 for i in proposal.items if i.status == status) for status in marks}
    unreadable = [(parsed.source, line) for parsed in sources for line in parsed.unreadable]
    filtered = sum(parsed.filtered for parsed in sources) + proposal.outside
    print(
        f"{counts[NEW]} new, {counts[DUPLICATE]} already there, {counts['no time']} without a time (not added), "
        f"{filtered} left out, {len(unreadable)} unreadable line{'s' * (len(unreadable) != 1)}",
        file=sys.stderr,
    )
    if any(item.why == NO_START for item in proposal.items if item.status == "no time"):
        print(f"Times of day without a date: {NO_START}.", file=sys.stderr)
    for source, line in unreadable[:20]:
        where = inert(f"{source}:{line.line}" if source else f"line {line.line}", keep="")
        print(f"  unreadable {where}: {line.why}: {inert(line.text[:120], keep='')}", file=sys.stderr)
    if len(unreadable) > 20:
        print(f"  ... and {len(unreadable) - 20} more unreadable lines", file=sys.stderr)


def _confirm(count: int, path: Path) -> bool:
    if not sys.stdin.isatty():
        return False
    answer = input(f"Add {count} rows to {inert(str(path), keep='')}? [y/N] ")
    return answer.strip().lower() in ("y", "yes")


def _save(path: Path, review, fingerprint) -> None:
    """Write the review under its lock, unless someone else holds it or the file changed."""
    from pirtui.core import store
    from pirtui.core.file_edit import save_unattended

    try:
        save_unattended(path, review, fingerprint)
    except store.ReviewFileError as error:
        raise TimelineError(str(error)) from None
