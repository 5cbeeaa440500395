"""`pirtui site FOLDER -o DIR`: the team's reviews as a static web site (see `pirtui.site.build`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pirtui.core.inert import inert

NAME = "site"


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register `pirtui site` with the main parser."""
    parser = commands.add_parser(
        "site", help="write a static web site of a folder of reviews (index, pages, actions, trends, search)"
    )
    parser.add_argument("folder", type=Path, metavar="FOLDER", help="the folder of reviews")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="the site's folder (pirtui's own)")
    parser.add_argument(
        "--public", action="store_true",
        help="only reviews marked publish = true, each as its --public render, no TOML source; search engines may index it",
    )
    parser.add_argument("--force", action="store_true", help="write into a folder that holds files pirtui did not write")
    parser.add_argument("--base-url", default="", metavar="URL", help="the site's address, for absolute links in the Atom feed")
    parser.add_argument("--no-pagefind", action="store_true", help="search with the embedded index only, even when Pagefind is installed")


def run(args: argparse.Namespace) -> int:
    """Build or update the site; one line says what was written."""
    from pirtui.cli.command_error import CommandError
    from pirtui.core.store import ReviewFileError
    from pirtui.site.build import build_site

    folder: Path = args.folder
    if not folder.is_dir():
        raise CommandError(f"{folder}: no such folder")
    out: Path = args.output
    if out.exists() and os.path.realpath(out) == os.path.realpath(folder):
        raise CommandError(f"{out}: is the reviews folder itself; the site needs a folder of its own")
    try:
        report = build_site(folder, out, public=args.public, force=args.force, base_url=args.base_url,
                            pagefind=not args.no_pagefind)
    except ReviewFileError as error:
        raise CommandError(str(error)) from None
    for problem in report.unreadable:
        print(f"pirtui: {inert(problem, keep='')}", file=sys.stderr)
    for warning in report.warnings:
        print(f"warning: {inert(warning, keep='')}", file=sys.stderr)
    kind = "public site" if args.public else "internal site (noindex)"
    print(
        inert(
            f"{out}: {kind} of {report.reviews} review{'s' * (report.reviews != 1)}; {report.pages_written} review "
            f"page{'s' * (report.pages_written != 1)} and {len(report.written)} files written, {len(report.removed)} removed; "
            f"search: {report.search}",
            keep="",
        ),
        file=sys.stderr,
    )
    return 0
