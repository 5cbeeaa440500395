"""`pirtui render`: FILE.toml to FILE.md (or HTML, or the public version), for one review, many, or
a folder; with --check, exit 1 naming each rendering that is missing or out of date, the way
`ruff format --check` does, so CI and pre-commit catch a hand-edited or forgotten FILE.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pirtui.core.inert import inert, shown_path

FORMATS = ("markdown", "html")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `render` subcommand's arguments."""
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="FILE.toml|FOLDER",
        help="reviews to render; a folder stands for every review in it",
    )
    parser.add_argument(
        "-o", "--output", metavar="OUT",
        help="where to write, for a single review; - for stdout (default: beside the source)",
    )
    parser.add_argument(
        "--check", action="store_true",
        help="write nothing; exit 1 naming each rendering that is missing or differs from its source",
    )
    parser.add_argument(
        "--fail-on-change", action="store_true",
        help="exit 1 when a rendering was written that was missing or different (the pre-commit hook)",
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="markdown",
        help="markdown: FILE.md (default); html: FILE.html, one self-contained page to share or print",
    )
    parser.add_argument(
        "--force", action="store_true",
        help="replace a read-only rendering, or a Markdown file pirtui did not write (never the review itself)",
    )
    parser.add_argument(
        "--public", action="store_true",
        help="the customer-facing version (FILE.public.md / .html): internal rows, fields and sections left out",
    )


def sources(paths: list[Path]) -> list[Path]:
    """The review files named, with each folder replaced by the reviews in it."""
    from pirtui.team.folder import review_files

    found: list[Path] = []
    for path in paths:
        found.extend(review_files(path) if path.is_dir() else [path])
    return found


def default_output(source: Path, fmt: str, public: bool) -> Path:
    """Where a rendering goes when -o is not given: beside the source."""
    suffix = (".public" if public else "") + (".html" if fmt == "html" else ".md")
    return source.with_name(source.stem + suffix)


def rendered(source: Path, fmt: str, public: bool) -> str:
    """The text of one review's rendering (raises store.ReviewFileError)."""
    from pirtui.core import store
    from pirtui.core.render import render

    from pirtui.core.render import incident_id_of, title_of

    review = store.load(source)
    heading = ": ".join(part for part in (incident_id_of(review), title_of(review)) if part)
    if public:
        from pirtui.core.config import load_config
        from pirtui.core.public import PublicError, public_heading, public_markdown

        config = load_config(source.parent)
        try:
            markdown = public_markdown(review, config)
        except PublicError as error:  # fails closed: exit 2, nothing written
            raise store.ReviewFileError(str(error)) from None
        heading = public_heading(review, config)  # the <title> too comes from the public copy
    else:
        markdown = store.rendered_markdown(source, review)
    if fmt == "html":
        from pirtui.core.html import html_page

        return html_page(markdown, title=heading or source.stem)
    return markdown


def in_file(source: Path, fmt: str, text: str) -> str:
    """A rendering as it is written to a file: Markdown and HTML end with pirtui's marker line, which
    tells a later save that the file is pirtui's own (store.markdown_is_ours, store.html_is_ours)."""
    from pirtui.core import store

    return store.marked_markdown(text, source) if fmt == "markdown" else store.marked_html(text, source)


def ensure_replaceable(source: Path, target: Path, fmt: str, force: bool, named: bool = False) -> None:
    """Refuse (store.ReviewFileError) to write over the review itself, a read-only file, or Markdown
    pirtui did not write, unless `force` (never the review itself). A file the user `named` with -o
    may hold pirtui's untouched rendering of another review: that is replaced."""
    import os

    from pirtui.core import store
    from pirtui.cli.command_error import CommandError

    if target.exists() and os.path.samefile(target, source):
        raise CommandError(f"{target}: is the review itself; its rendering must go to another file")
    store.ensure_rendering_replaceable(target, source, fmt, force=force, overwrite_read_only=force, any_review=named)


def run(args: argparse.Namespace) -> int:
    """Render (or --check) every review named; 2 if one cannot be read, 1 if --check found one stale."""
    from pirtui.core import store
    from pirtui.cli.command_error import CommandError, force_hint

    files = sources(args.paths)
    if args.output and len(files) != 1:
        raise CommandError("-o/--output takes a single review, not a folder or several files")
    unreadable = stale = written = 0
    cache = None
    if args.check:
        from pirtui.core.result_cache import ResultCache

        cache = ResultCache("render")
    for source in files:
        target = Path(args.output) if args.output and args.output != "-" else default_output(source, args.format, args.public)
        try:
            if cache is not None and unchanged(source, target, args, cache):
                continue
            text = rendered(source, args.format, args.public)
            if args.public:
                warn_about_private_words(source, text)
            if args.check:
                wanted = in_file(source, args.format, text)
                stale += not _up_to_date(source, target, (wanted, text))
                if cache is not None:  # the rendering, with its marker or without (as -o - writes it)
                    cache.put(_cache_key(source, args), [_text_digest(wanted), _text_digest(text)])
            elif args.output == "-":
                sys.stdout.write(text)  # holds nothing a terminal would obey (render, html escape it)
                sys.stdout.flush()
            else:
                wanted = in_file(source, args.format, text)
                if _on_disk(target) not in (wanted, text):  # up to date, with or without the marker
                    ensure_replaceable(source, target, args.format, args.force, named=bool(args.output))
                    store.atomic_write(target, wanted)
                    print(f"Wrote {shown_path(target)}", file=sys.stderr)
                    written += 1
        except store.ReviewFileError as error:
            print(f"pirtui: {inert(force_hint(error), keep='')}", file=sys.stderr)
            unreadable += 1
    if cache is not None:
        cache.save()
    if args.check and not unreadable:
        checked = len(files) - stale
        print(f"{stale} out of date, {checked} up to date", file=sys.stderr)
    changed = stale or (written if args.fail_on_change else 0)
    return 2 if unreadable else 1 if changed else 0


def unchanged(source: Path, target: Path, args: argparse.Namespace, cache) -> bool:
    """For --check: whether the rendering on disk is, byte for byte, what an earlier run found this
    review's content renders to (kept in the cache by the hash of the source, pirtui, the config and
    the options), so that it need not be rendered again. False means "render it and compare"."""
    kept = cache.get(_cache_key(source, args))
    if kept is None:
        return False
    try:
        on_disk = target.read_bytes()
    except OSError:
        return False
    return isinstance(kept, list) and _text_digest(on_disk) in kept


def _cache_key(source: Path, args: argparse.Namespace) -> str:
    """What a rendering depends on: the source's text and name (the marker names it), pirtui, the
    config in effect, the format and --public."""
    from pirtui.core import store
    from pirtui.core.result_cache import ResultCache, folder_context

    text = store.read_text(source)  # raises store.ReviewFileError for what cannot be read (a FIFO...)
    return ResultCache.key(folder_context(source.parent.absolute()), text, source.name, args.format, str(args.public))


def _text_digest(text: str | bytes) -> str:
    from pirtui.core.result_cache import digest

    return digest(text)


def _up_to_date(source: Path, target: Path, texts: tuple[str, ...]) -> bool:
    """Compare a rendering on disk with what the source renders (with or without pirtui's marker);
    say which and why on stdout."""
    on_disk = _on_disk(target)
    if on_disk is None and not target.exists():
        print(f"{shown_path(target)}: missing (render {shown_path(source)})")
        return False
    if on_disk not in texts:
        print(f"{shown_path(target)}: differs from what {shown_path(source)} renders")
        return False
    return True


def _on_disk(target: Path) -> str | None:
    """The text of a rendering on disk; None when there is none or it cannot be read as UTF-8."""
    try:
        return target.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def warn_about_private_words(source: Path, text: str) -> None:
    """Warn (stderr, one line each) when a public rendering still holds an e-mail address, an IP
    address or the name of one of the review's people."""
    from pirtui.core import store
    from pirtui.core.public import private_words

    from pirtui.core.config import load_config
    from pirtui.core.public import PEOPLE, left_out, unplaced_handles
    from pirtui.core.sections import template_of

    review = store.load(source)
    config = load_config(source.parent)
    for handle in unplaced_handles(review, config) if PEOPLE in left_out(template_of(review), config) else ():
        print(f"warning: {shown_path(source)}: the public version still contains the handle {inert(handle, keep='')!r}, "
              "which is none of the review's people (add it to public_aliases)", file=sys.stderr)
    for kind, word in private_words(review, text):
        print(f"warning: {shown_path(source)}: the public version still contains {kind} {inert(word, keep='')!r}",
              file=sys.stderr)
