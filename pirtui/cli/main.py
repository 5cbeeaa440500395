"""The `pirtui` command: the editor, and new, render, check and import for scripts and CI.

Every user mistake ends in one line on stderr and an exit status (2 for a file that cannot be read
or written), never a Python traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path  # already imported by cli.help

from pirtui import __version__
from pirtui.cli import help as cli_help
from pirtui.cli.command_error import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, CommandError, force_hint

TYPE_CHECKING = False  # not typing's: importing typing costs a tenth of `pirtui --version`
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

BUILT_IN = {
    "edit": "open a review or a folder of reviews in the editor",
    "new": "write a new empty review (and its Markdown)",
    "render": "write the Markdown (or HTML) of reviews",
    "check": "check reviews; exit 1 on errors, 2 if a file cannot be read",
    "import": "turn a Markdown review into a pirtui review",
}
"""Subcommands whose arguments are declared here, with their one-line help."""

EXTRA_COMMANDS = {
    "actions": "list the action items of every review in folders",
    "stats": "trends across the reviews of a folder",
    "meet": "run the review meeting: agenda, time boxes, captures",
    "follow": "follow the meeting's driver, read-only (same host)",
    "timeline": "add timeline rows from chat, pager, alert and log exports",
    "config": "show every setting in effect and where it comes from",
    "history": "list a review's git commits; --add puts them in Revision History",
    "schema": "print the JSON Schema of a review file (FILE.toml), for editors",
    "site": "write a static web site of a folder of reviews (index, pages, actions, trends, search)",
    "completion": "print a shell completion script (bash, zsh or fish)",
    "template": "list, show, start or check review templates",
}
"""Subcommands that live in their own module `pirtui.cli.NAME` (NAME, add_parser(commands), run(args)),
with the one-line help `pirtui --help` lists. A module is imported only when its command runs (or
when the whole parser is built, for completion and the man page); tests/test_cli_lazy.py checks that
each line here is the one its module registers."""
SUBCOMMANDS = tuple(BUILT_IN) + tuple(EXTRA_COMMANDS)
WHOLE_PARSER = ("completion",)
"""Commands that describe the whole parser, so every subcommand's arguments are built for them."""


def command_module(name: str):
    """The module of a subcommand that lives in its own module, imported now."""
    import importlib

    return importlib.import_module(f"pirtui.cli.{name}")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; `pirtui PATH` is short for `pirtui edit PATH`.

    With `only`, just that subcommand's arguments are built (and its module imported); the others
    are listed with their one-line help, so `pirtui --help` still names them all. Without it, the
    whole parser, as completion scripts and the man page need.
    """
    import argparse

    parser = argparse.ArgumentParser(
        prog="pirtui",
        description="Write post-incident reviews in the terminal: TOML source, rendered Markdown.",
        epilog="pirtui FILE.toml opens a review in the editor; pirtui FOLDER (or plain pirtui) lists "
        "the reviews in a folder.",
    )
    parser.add_argument("-V", "--version", action="version", help="print pirtui's version and exit", version=f"pirtui {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        if only is not None and name != only:
            commands.add_parser(name, help=BUILT_IN.get(name) or EXTRA_COMMANDS[name])
        elif name in EXTRA_COMMANDS:
            command_module(name).add_parser(commands)
        else:
            _BUILT_IN_ARGUMENTS[name](commands.add_parser(name, help=BUILT_IN[name]))
    return cli_help.polish(parser)


def _edit_arguments(edit: argparse.ArgumentParser) -> None:
    edit.add_argument("path", nargs="?", type=Path, help="FILE.toml, a .md to import, or a folder")


def _new_arguments(new: argparse.ArgumentParser) -> None:
    new.add_argument("path", type=Path, metavar="FILE.toml", help="the review file to write")
    new.add_argument("--id", dest="incident_id", metavar="INC-YYYY-NNN", help="default: next free in the folder")
    new.add_argument("--force", action="store_true", help="overwrite an existing file and its Markdown")
    new.add_argument("--template", metavar="NAME", help="the template it follows (default: builtin; `pirtui template list`)")


def _render_arguments(render: argparse.ArgumentParser) -> None:
    from pirtui.cli import render as commands_render

    commands_render.add_arguments(render)


def _check_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument(
        "paths", nargs="+", type=Path, metavar="FILE.toml|FOLDER", help="the reviews to check; a folder stands for every review in it",
    )
    check.add_argument(
        "--format", choices=("text", "json", "github", "sarif"), default="text",
        help="text for people (default), json for scripts, github for workflow annotations, sarif for code scanning",
    )
    check.add_argument("--hints", action="store_true", help="also show hints (coaching; never change the exit status)")


def _import_arguments(imp: argparse.ArgumentParser) -> None:
    imp.add_argument("path", type=Path, metavar="REVIEW.md", help="the Markdown review to import")
    imp.add_argument("-o", "--output", type=Path, metavar="REVIEW.toml", help="default: REVIEW.toml beside it")
    imp.add_argument("--force", action="store_true", help="overwrite an existing output file and its Markdown")
    imp.add_argument(
        "--template", metavar="NAME",
        help="the template to import into (default: the one whose section headings the document matches best)",
    )


_BUILT_IN_ARGUMENTS = {
    "edit": _edit_arguments, "new": _new_arguments, "render": _render_arguments,
    "check": _check_arguments, "import": _import_arguments,
}


def cmd_new(args: argparse.Namespace) -> int:
    """Create a new review file with the template's defaults."""
    from datetime import date

    from pirtui.cli import schema as commands_schema
    from pirtui.core import store
    from pirtui.core.inert import inert, shown_path, utf8_name
    from pirtui.team.folder import create_review

    path = args.path
    if path.suffix != ".toml":
        raise CommandError(f"{path}: a review file name ends in .toml")
    if path.exists() and not args.force:
        raise CommandError(f"{path}: already exists (use --force to overwrite)")
    if not path.parent.is_dir():
        raise CommandError(f"{path.parent}: no such folder")
    template = None
    if getattr(args, "template", None):
        from pirtui.core.template.discovery import find_template
        from pirtui.core.template.loader import TemplateError

        try:
            template = find_template(args.template, path.parent)
        except TemplateError as error:
            raise CommandError(str(error)) from None
    review = create_review(path, date.today(), incident_id=args.incident_id or "", template=template)
    from pirtui.core.render import incident_id_of

    incident_id = incident_id_of(review)
    try:
        md_path = store.markdown_path(path)
        store.ensure_markdown_replaceable(md_path, path, force=args.force, overwrite_read_only=args.force)
        md_path = store.save(path, review, force=args.force, overwrite_read_only=args.force)
        schema_file = commands_schema.add_directive(path, template if template is not None and template.name != "builtin" else None)
    except store.ReviewFileError as error:
        raise CommandError(force_hint(error)) from None
    print(inert(f"Wrote {path} and {md_path} ({incident_id})", keep=""))
    if schema_file:
        print(inert(f"Wrote {schema_file} (editors validate reviews with it)", keep=""))
    from pirtui.core.config import load_config

    for problem in load_config(path.parent).problems:  # a setting not used (its default was): say so
        print(f"warning: {inert(utf8_name(problem), keep='')}", file=sys.stderr)
    # `new` only writes (scripts use it); it says how to open what it wrote (issue 25 item 13).
    import shlex

    print(inert(f"Open it in the editor: pirtui {shlex.quote(str(path))}", keep=""))
    return EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    """Render reviews to Markdown or HTML, or tell which renderings are out of date (--check)."""
    from pirtui.cli import render as commands_render

    return commands_render.run(args)


def cmd_check(args: argparse.Namespace) -> int:
    """Check each review (a folder stands for the reviews in it); text output grouped by section, or
    JSON for scripts. Without --hints, a file's findings are kept in the cache (see `checked`)."""
    from pirtui.core import store
    from pirtui.core.inert import inert, shown_path, utf8_name
    from pirtui.core.result_cache import ResultCache

    results = []
    unreadable = False
    cache = None if args.hints else ResultCache("check")
    for path in review_paths(args.paths):
        try:
            results.append((path, checked(path, store.read_text(path), args.hints, cache)))
        except store.ReviewFileError as error:
            print(f"pirtui: {inert(utf8_name(error), keep='')}", file=sys.stderr)
            unreadable = True
    if cache is not None:
        cache.save()
    if args.format in ("github", "sarif"):
        from pirtui.cli.check_formats import FORMATS

        print(FORMATS[args.format](results))
    elif args.format == "json":
        import json

        from pirtui.core.inert import inert_json

        items = [dict(finding.to_dict(), file=utf8_name(path)) for path, findings in results for finding in findings]
        print(inert_json(json.dumps(items, indent=2, ensure_ascii=False)))
    else:
        print_findings(results)
    if unreadable:
        return EXIT_UNREADABLE
    has_errors = any(f.level == "error" for _, findings in results for f in findings)
    return EXIT_FINDINGS if has_errors else EXIT_OK


def review_paths(paths: list[Path]) -> list[Path]:
    """The files named, with each folder replaced by the reviews in it."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            from pirtui.team.folder import review_files

            found.extend(review_files(path))
        else:
            found.append(path)
    return found


def checked(path: Path, text: str, hints: bool, cache) -> list:
    """The findings of one review's text (raises store.ReviewFileError).

    With a cache (no hints: they read the folder's other reviews), findings are looked up by what
    they depend on: the text, the day (what is overdue), pirtui itself and the config in effect;
    a file that did not change since the last run is neither parsed nor checked again.
    """
    import dataclasses
    from datetime import date

    from pirtui.core import store
    from pirtui.core.checks import Finding, check
    from pirtui.core.result_cache import ResultCache, folder_context

    key = ""
    if cache is not None:
        key = ResultCache.key(folder_context(path.parent.absolute()), text, date.today().isoformat(), "check")
        kept = cache.get(key)
        if isinstance(kept, list):
            return [Finding(**item) for item in kept]
    context = None
    if hints:
        from pirtui.core.hints import hint_context

        context = hint_context(path.parent, exclude=path)
    findings = check(store.loads(text, str(path), path.parent), hints=context) + comment_findings(text)
    if cache is not None:
        cache.put(key, [dataclasses.asdict(finding) for finding in findings])
    return findings


def comment_findings(text: str) -> list:
    """A warning naming the lines of comments written by hand in the TOML: pirtui keeps them, but
    beside a key, so one on a row that moves or goes away ends up elsewhere."""
    from pirtui.core import store
    from pirtui.core.checks import Finding

    lines = [str(number) for number, _comment in store.hand_written_comments(text)]
    if not lines:
        return []
    where = f"line{'s' * (len(lines) > 1)} {', '.join(lines)}"
    message = (
        f"comments written by hand on {where}: a save keeps each beside the key below it; "
        "one whose key goes away moves to the end of the file"
    )
    return [Finding("warning", "File", "", message)]


def print_findings(results: list) -> None:
    """Findings as text, one block per file, grouped by section; coloured when the terminal takes it.

    Each piece is styled with Rich's `Style.render` and the whole written at once: printing each line
    through Rich's console costs 30x more, which with tens of thousands of findings is seconds.
    """
    from pirtui.core.inert import inert, shown_path, utf8_name

    if _plain_output():
        out, paint = sys.stdout, (lambda text, style: text)
    else:
        from rich.console import Console

        console = Console(highlight=False)
        out, paint = console.file, _painter(console)
    lines = []
    for path, findings in results:
        errors = sum(1 for f in findings if f.level == "error")
        warnings = sum(1 for f in findings if f.level == "warning")
        hints = len(findings) - errors - warnings
        verdict = paint(f"{errors} error{'s' * (errors != 1)}", "red") if errors else paint("ok", "green")
        counts = f"{verdict}, {warnings} warning{'s' * (warnings != 1)}" + (f", {hints} hint{'s' * (hints != 1)}" if hints else "")
        lines.append(f"{paint(shown_path(path), 'bold')}: {counts}")
        section = None
        for finding in findings:
            if finding.section != section:
                section = finding.section
                lines.append(f"  {paint(section, 'bold')}")
            style = {"error": "red", "warning": "yellow"}.get(finding.level, "dim")
            label = f"{finding.level}:" if finding.level == "hint" else finding.level
            where = f" {paint(finding.field, 'dim')}" if finding.field else ""
            # Messages quote what was typed, which may hold escape sequences: shown, never obeyed.
            message = inert(finding.message, keep="")
            if finding.level == "hint":  # quieter, with what to do instead
                message = paint(f"{message} {inert(finding.suggestion, keep='')}", "dim")
            lines.append(f"    {paint(f'{label:<7}', style)}{where} {message}")
    if lines:
        out.write("\n".join(lines) + "\n")
        out.flush()


def _plain_output() -> bool:
    """Whether the findings go out with no escape codes, known without importing Rich: output to a
    pipe or file, and none of the variables with which Rich would colour it anyway."""
    return not sys.stdout.isatty() and not any(os.environ.get(name) for name in ("FORCE_COLOR", "TTY_COMPATIBLE"))


def _painter(console):
    """A function (text, style) -> text with the terminal's escape codes; plain text when the output
    is not a terminal, and no colour under NO_COLOR, as Rich's console decides."""
    from rich.color import ColorSystem
    from rich.style import Style

    systems = {"standard": ColorSystem.STANDARD, "256": ColorSystem.EIGHT_BIT,
               "truecolor": ColorSystem.TRUECOLOR, "windows": ColorSystem.WINDOWS}
    system = systems.get(console.color_system or "")
    if system is None:
        return lambda text, style: text

    def paint(text: str, style: str) -> str:
        rich_style = Style.parse(style)
        if console.no_color:
            rich_style = rich_style.without_color
        return rich_style.render(text, color_system=system)

    return paint


def cmd_import(args: argparse.Namespace) -> int:
    """Import a Markdown review into FILE.toml (and render its FILE.md)."""
    from pirtui.core import store
    from pirtui.core.importer import NotAReview, import_file
    from pirtui.core.inert import inert, shown_path, utf8_name

    out = args.output or args.path.with_suffix(".toml")
    if out.suffix != ".toml":
        raise CommandError(f"{out}: the output file name ends in .toml")
    if out.exists() and not args.force:
        raise CommandError(f"{out}: already exists (use --force to overwrite)")
    try:
        result = _import_by_template(args, out) or import_file(args.path)
    except (store.ReviewFileError, NotAReview) as error:
        raise CommandError(str(error)) from None
    md_path = store.markdown_path(out)
    # Importing FILE.md into FILE.toml: the source moves to FILE.orig.md (a free name) for the rendering.
    replaces_source = md_path.exists() and os.path.samefile(md_path, args.path)
    kept = None
    try:
        if not replaces_source:
            store.ensure_markdown_replaceable(md_path, out, force=args.force, overwrite_read_only=args.force)
        kept = store.keep_original(args.path) if replaces_source else None
        store.save(out, result.review, force=args.force, overwrite_read_only=args.force)
    except store.ReviewFileError as error:
        also = f" (the imported Markdown is kept as {kept})" if kept else ""
        raise CommandError(force_hint(error) + also) from None
    for warning in result.warnings:
        print(f"warning: {inert(warning, keep='')}", file=sys.stderr)
    original = f"; the original is kept as {kept}" if kept else ""
    print(inert(f"Wrote {out} and {md_path}{original}", keep=""), file=sys.stderr)
    return EXIT_OK


def _import_by_template(args: argparse.Namespace, out: Path):
    """The import into a team's or a shipped template, when `--template` names one or the
    document's headings match one better than the built-in template; None for the built-in one."""
    from types import SimpleNamespace

    from pirtui.core import store
    from pirtui.core.template.discovery import available, find_template
    from pirtui.core.template.loader import TemplateError, builtin, load_template
    from pirtui.core.template_import import best_template, import_into

    if args.template == "builtin":
        return None
    text = store.read_text(args.path)
    try:
        if args.template:
            template = find_template(args.template, out.parent)
        else:
            candidates = [builtin()]
            for name, path in available(out.parent).items():
                if name != "builtin":
                    try:
                        candidates.append(load_template(path))
                    except TemplateError:
                        continue  # a broken team template is `pirtui template check`'s to report
            template = best_template(candidates, text)
    except TemplateError as error:
        raise CommandError(str(error)) from None
    if template is builtin():
        return None
    review, warnings = import_into(template, text)
    return SimpleNamespace(review=review, warnings=warnings + [f"imported into the template {template.ref}"])


def cmd_edit(args: argparse.Namespace) -> int:
    """Start the editor (Textual is imported only here)."""
    path = args.path
    if path is not None and not path.exists() and not path.parent.is_dir():
        raise CommandError(f"{path}: no such file, and no folder {path.parent} to create it in")
    from pirtui.app.app import run_editor

    return run_editor(path)


COMMANDS = {"edit": cmd_edit, "new": cmd_new, "render": cmd_render, "check": cmd_check, "import": cmd_import}
"""The built-in subcommands; the others run their module's `run(args)`."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `pirtui` console script."""
    # pirtui uses no pydantic plugins; without this pydantic scans every installed package's entry
    # points when the first model is built. Set before pirtui.core.model imports pydantic.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # The `pirtui` command itself (tests call main with their own argv); `--version` only prints, so
    # it loads nothing more (issue 26: within 2x `python -c pass`).
    if argv is None and sys.argv[1:] not in (["--version"], ["-V"]):
        from pirtui.cli.man_page import ensure_installed
        from pirtui.core.crash import install_exit_signals

        install_exit_signals()
        ensure_installed()  # `man pirtui` after an editable install (see man_page.py)
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as ended:
        crash = sys.modules.get("pirtui.core.crash")  # not loaded: no signal handler of ours ended it
        if crash is None or not isinstance(ended, crash.EndedBySignal):
            raise
        try:
            print(f"pirtui: {crash.signal_reason(ended.number)}", file=sys.stderr, flush=True)
        except (OSError, ValueError):  # after a hang-up stderr may go nowhere
            pass
        return 128 + ended.number


def _main(argv: list[str]) -> int:
    """The command line, parsed and run; errors become one line and an exit status."""
    if not argv or (argv[0] not in SUBCOMMANDS and not argv[0].startswith("-")):
        meant = cli_help.suggest_command(argv[0], SUBCOMMANDS) if argv else None
        if meant:
            from pirtui.core.inert import inert

            print(f"pirtui: no command {inert(argv[0], keep='')!r}; did you mean {meant!r}?", file=sys.stderr)
            return EXIT_UNREADABLE
        argv.insert(0, "edit")
    named = argv[0] if argv[0] in SUBCOMMANDS else ""  # "" for an option first: --version, --help
    parser = build_parser(None if named in WHOLE_PARSER else named)
    args = parser.parse_args(argv)
    args.root_parser = parser  # the completion command describes the whole parser
    command = args.command or "edit"
    try:
        if command in COMMANDS:
            return COMMANDS[command](args)
        return command_module(command).run(args)
    except CommandError as error:
        from pirtui.core.inert import inert

        print(f"pirtui: {inert(str(error), keep='')}", file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        print("pirtui: interrupted (ctrl+c)", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (pirtui render -o - | head): not an error of ours.
        sys.stdout = open(os.devnull, "w")
        return EXIT_OK
    except Exception as error:  # a bug of ours: one line for the user, the details in a file
        from pirtui.core.crash import EXIT_CRASH, write_crash_report

        print(f"pirtui: internal error: {error!r} (details in {write_crash_report()})", file=sys.stderr)
        return EXIT_CRASH


if __name__ == "__main__":
    sys.exit(main())
