"""`pirtui template`: the templates a folder's reviews can follow.

    pirtui template list               every template found here, and where from
    pirtui template show NAME          a template's sections and fields
    pirtui template new NAME --from builtin   start a team template (.pirtui/templates/NAME.toml)
    pirtui template check FILE...      each mistake one line naming file, line and key; exit 2

Templates are found in `.pirtui/templates/` in the current folder or any folder above it up to the
repository's top, beside those shipped with pirtui and the built-in one.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from pirtui.cli.command_error import EXIT_OK, EXIT_UNREADABLE, CommandError
from pirtui.core.inert import inert

NAME = "template"


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The `template` subcommand and its four actions."""
    parser = commands.add_parser(NAME, help="list, show, start or check review templates")
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument(
        "--folder", type=Path, default=Path("."), metavar="FOLDER",
        help="the reviews folder templates are found from (default: the current folder)",
    )
    actions = parser.add_subparsers(dest="template_action", metavar="ACTION", required=True)
    actions.add_parser("list", parents=[where], help="every template found here, and its file")
    show = actions.add_parser("show", parents=[where], help="a template's sections and fields")
    show.add_argument("name", metavar="NAME")
    new = actions.add_parser("new", parents=[where], help="start a team template in .pirtui/templates/NAME.toml")
    new.add_argument("name", metavar="NAME")
    new.add_argument("--from", dest="source", default="builtin", metavar="TEMPLATE", help="copy this one (default: builtin)")
    new.add_argument("--force", action="store_true", help="overwrite an existing template file")
    check = actions.add_parser("check", help="check template files: one line per mistake (file, line, key); exit 2 on any")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE.toml")


def run(args: argparse.Namespace) -> int:
    """Do the action asked for."""
    return {"list": _list, "show": _show, "new": _new, "check": _check}[args.template_action](args)


def _list(args: argparse.Namespace) -> int:
    from pirtui.core.template.discovery import available
    from pirtui.core.template.loader import TemplateError, load_template

    for name, path in available(args.folder).items():
        try:
            template = load_template(path)
            print(inert(f"{template.ref:<20} {template.spec.title}  ({path})", keep=""))
        except TemplateError as error:
            print(inert(f"{name:<20} cannot be used: {error}", keep=""))
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from pirtui.core.template.discovery import find_template
    from pirtui.core.template.loader import TemplateError

    try:
        template = find_template(args.name, args.folder)
    except TemplateError as error:
        raise CommandError(str(error)) from None
    lines = [f"{template.ref}: {template.spec.title}  ({template.source})"]
    if template.spec.description:
        lines.append(template.spec.description)
    lines.append(f"The public version leaves out: {', '.join(template.spec.public_excludes) or 'nothing'}")
    for section in template.spec.sections:
        lines.append(f"## {section.heading}  [{section.key}]" + ("" if section.editable else "  (not edited)"))
        for block in section.blocks:
            where = f" {block.path}" if block.path else ""
            lines.append(f"  {block.kind}{where}" + (f"  ### {block.heading}" if block.heading else ""))
            for field in block.fields:
                roles = f"  roles: {', '.join(field.roles)}" if field.roles else ""
                lines.append(f"    {field.path or field.key}: {field.label} ({field.type}){roles}")
    print(inert("\n".join(lines), keep="\n"))
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from pirtui.core.store import ReviewFileError, atomic_write
    from pirtui.core.template.discovery import TEMPLATES_FOLDER, find_template
    from pirtui.core.template.loader import TemplateError

    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", args.name) or args.name == "builtin":
        raise CommandError(f"{args.name!r}: a template's name is lower-case letters, digits, - and _ (and not builtin)")
    try:
        source = find_template(args.source, args.folder)
    except TemplateError as error:
        raise CommandError(str(error)) from None
    target = args.folder / TEMPLATES_FOLDER / f"{args.name}.toml"
    if target.exists() and not args.force:
        raise CommandError(f"{target}: already exists (use --force to overwrite)")
    assert source.source is not None
    text = source.source.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^name = ".*"$', f'name = "{args.name}"', text, count=1)
    text = re.sub(r"(?m)^version = \d+$", "version = 1", text, count=1)
    text = re.sub(r"(?m)^#:schema .*\n", "", text, count=1)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, text)
    except (OSError, ReviewFileError) as error:
        raise CommandError(f"{target}: cannot write: {getattr(error, 'strerror', None) or error}") from None
    print(inert(f"Wrote {target} (from {source.ref}); `pirtui new --template {args.name} FILE.toml` uses it", keep=""))
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from pirtui.core.template.loader import check_text

    failed = False
    for path in args.files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            print(inert(f"pirtui: {path}: cannot read: {getattr(error, 'strerror', None) or error}", keep=""), file=sys.stderr)
            failed = True
            continue
        spec, mistakes = check_text(text, str(path))
        if spec is not None and spec.name != path.stem and path.parent.name == "templates":
            mistakes.append(f"{path}:1: name: {spec.name!r} differs from the file's name {path.stem!r} (reviews find it by the file's name)")
        for mistake in mistakes:
            print(inert(mistake, keep=""))
        failed = failed or bool(mistakes)
    return EXIT_UNREADABLE if failed else EXIT_OK
