"""The `pirtui` command: the editor, and new, render, check and import for scripts and CI.

Every user mistake ends in one line on stderr and an exit status (2 for a file that cannot be read
or written), never a Python traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Sequence

from pirtui import __version__
from pirtui.inert import inert

SUBCOMMANDS = ("edit", "new", "render", "check", "import")
SUBCOMMANDS += ("actions", "stats")  # the team commands: pirtui/actions_cli.py, pirtui/stats_cli.py
EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


class CommandError(Exception):
    """A user-facing failure: its message is printed as one line and the command exits with `code`."""

    def __init__(self, message: str, code: int = EXIT_UNREADABLE):
        super().__init__(message)
        self.code = code


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; `pirtui PATH` is short for `pirtui edit PATH`."""
    parser = argparse.ArgumentParser(
        prog="pirtui",
        description="Write post-incident reviews in the terminal: TOML source, rendered Markdown.",
        epilog="pirtui FILE.toml opens a review in the editor; pirtui FOLDER (or plain pirtui) lists "
        "the reviews in a folder.",
    )
    parser.add_argument("--version", action="version", version=f"pirtui {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    edit = commands.add_parser("edit", help="open a review or a folder of reviews in the editor")
    edit.add_argument("path", nargs="?", type=Path, help="FILE.toml, a .md to import, or a folder")

    new = commands.add_parser("new", help="write a new empty review (and its Markdown)")
    new.add_argument("path", type=Path, metavar="FILE.toml")
    new.add_argument("--id", dest="incident_id", metavar="INC-YYYY-NNN", help="default: next free in the folder")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")

    render = commands.add_parser("render", help="write the Markdown of a review")
    render.add_argument("path", type=Path, metavar="FILE.toml")
    render.add_argument("-o", "--output", metavar="OUT.md", help="where to write; - for stdout (default: FILE.md)")

    check = commands.add_parser("check", help="check reviews; exit 1 on errors, 2 if a file cannot be read")
    check.add_argument("paths", nargs="+", type=Path, metavar="FILE.toml")
    check.add_argument("--format", choices=("text", "json"), default="text")

    imp = commands.add_parser("import", help="turn a Markdown review into a pirtui review")
    imp.add_argument("path", type=Path, metavar="REVIEW.md")
    imp.add_argument("-o", "--output", type=Path, metavar="REVIEW.toml", help="default: REVIEW.toml beside it")
    imp.add_argument("--force", action="store_true", help="overwrite an existing output file")

    from pirtui import actions_cli, stats_cli

    actions_cli.add_parser(commands)
    stats_cli.add_parser(commands)
    return parser


def cmd_new(args: argparse.Namespace) -> int:
    """Create a new review file with the template's defaults."""
    from pirtui import store
    from pirtui.folder import next_incident_id
    from pirtui.model import new_review

    path: Path = args.path
    if path.suffix != ".toml":
        raise CommandError(f"{path}: a review file name ends in .toml")
    if path.exists() and not args.force:
        raise CommandError(f"{path}: already exists (use --force to overwrite)")
    if not path.parent.is_dir():
        raise CommandError(f"{path.parent}: no such folder")
    today = date.today()
    incident_id = args.incident_id or next_incident_id(path.parent, today.year)
    review = new_review(incident_id, today.isoformat())
    try:
        md_path = store.save(path, review)
    except store.ReviewFileError as error:
        raise CommandError(str(error)) from None
    print(f"Wrote {path} and {md_path} ({incident_id})")
    return EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    """Render a review's Markdown to FILE.md, another file, or stdout."""
    from pirtui import store
    from pirtui.render import render

    try:
        text = render(store.load(args.path))
        if args.output == "-":
            sys.stdout.write(text)  # the Markdown holds nothing a terminal would obey (see render)
            sys.stdout.flush()
            return EXIT_OK
        out = Path(args.output) if args.output else store.markdown_path(args.path)
        store.atomic_write(out, text)
    except store.ReviewFileError as error:
        raise CommandError(str(error)) from None
    print(f"Wrote {out}", file=sys.stderr)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Check each review; text output grouped by section, or JSON for scripts."""
    from pirtui import store
    from pirtui.checks import check

    results = []
    unreadable = False
    for path in args.paths:
        try:
            results.append((path, check(store.load(path))))
        except store.ReviewFileError as error:
            print(f"pirtui: {inert(str(error), keep='')}", file=sys.stderr)
            unreadable = True
    if args.format == "json":
        items = [dict(finding.to_dict(), file=str(path)) for path, findings in results for finding in findings]
        print(json.dumps(items, indent=2, ensure_ascii=False))
    else:
        print_findings(results)
    if unreadable:
        return EXIT_UNREADABLE
    has_errors = any(f.level == "error" for _, findings in results for f in findings)
    return EXIT_FINDINGS if has_errors else EXIT_OK


def print_findings(results: list) -> None:
    """Findings as text with rich, one block per file, grouped by section."""
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False)
    for path, findings in results:
        errors = sum(1 for f in findings if f.level == "error")
        warnings = len(findings) - errors
        verdict = "[green]ok[/]" if not errors else f"[red]{errors} error{'s' * (errors != 1)}[/]"
        console.print(f"[bold]{escape(inert(str(path), keep=''))}[/]: {verdict}, {warnings} warning{'s' * (warnings != 1)}")
        section = None
        for finding in findings:
            if finding.section != section:
                section = finding.section
                console.print(f"  [bold]{escape(section)}[/]")
            style = "red" if finding.level == "error" else "yellow"
            where = f" [dim]{escape(finding.field)}[/]" if finding.field else ""
            # Messages quote what was typed, which may hold escape sequences: shown, never obeyed.
            console.print(f"    [{style}]{finding.level:<7}[/]{where} {escape(inert(finding.message, keep=''))}")


def cmd_import(args: argparse.Namespace) -> int:
    """Import a Markdown review into FILE.toml (and render its FILE.md)."""
    from pirtui import store
    from pirtui.importer import NotAReview, import_file

    out: Path = args.output or args.path.with_suffix(".toml")
    if out.suffix != ".toml":
        raise CommandError(f"{out}: the output file name ends in .toml")
    if out.exists() and not args.force:
        raise CommandError(f"{out}: already exists (use --force to overwrite)")
    try:
        result = import_file(args.path)
    except (store.ReviewFileError, NotAReview) as error:
        raise CommandError(str(error)) from None
    # Rendering FILE.md beside the source would overwrite the Markdown being imported.
    try:
        if store.markdown_path(out).resolve() == args.path.resolve():
            store.atomic_write(out, store.dumps(result.review))
        else:
            store.save(out, result.review)
    except store.ReviewFileError as error:
        raise CommandError(str(error)) from None
    for warning in result.warnings:
        print(f"warning: {inert(warning, keep='')}", file=sys.stderr)
    print(f"Wrote {out}", file=sys.stderr)
    return EXIT_OK


def cmd_edit(args: argparse.Namespace) -> int:
    """Start the editor (Textual is imported only here)."""
    path: Path | None = args.path
    if path is not None and not path.exists() and not path.parent.is_dir():
        raise CommandError(f"{path}: no such file, and no folder {path.parent} to create it in")
    from pirtui.app import run_editor

    return run_editor(path)


COMMANDS = {"edit": cmd_edit, "new": cmd_new, "render": cmd_render, "check": cmd_check, "import": cmd_import}


def cmd_team(args: argparse.Namespace) -> int:
    """The team commands over folders of reviews (actions, stats), each in its own module."""
    from pirtui import actions_cli, stats_cli

    return {"actions": actions_cli.run, "stats": stats_cli.run}[args.command](args)


COMMANDS.update(actions=cmd_team, stats=cmd_team)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `pirtui` console script."""
    # pirtui uses no pydantic plugins; without this pydantic scans every installed package's entry
    # points when the first model is built. Set before pirtui.model imports pydantic.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in SUBCOMMANDS and not argv[0].startswith("-")):
        argv.insert(0, "edit")
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command or "edit"](args)
    except CommandError as error:
        print(f"pirtui: {inert(str(error), keep='')}", file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (pirtui render -o - | head): not an error of ours.
        sys.stdout = open(os.devnull, "w")
        return EXIT_OK
    except Exception as error:  # a bug of ours: one line for the user, the details in a file
        print(f"pirtui: internal error: {error!r} (details in {write_crash_report()})", file=sys.stderr)
        return 70


def write_crash_report() -> Path:
    """Save the current traceback under the XDG state folder, for a bug report."""
    import traceback

    from pirtui.xdg import state_dir

    folder = state_dir()
    path = folder / "crash.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(traceback.format_exc(), encoding="utf-8")
    except OSError:
        return Path("(could not write crash.log)")
    return path


if __name__ == "__main__":
    sys.exit(main())
