"""Reading and writing review files: FILE.toml is the source, FILE.md its rendering beside it.

Writes are atomic (a temporary file in the same folder, flushed, fsynced and renamed over the
original, keeping its permissions), so a failure at any point leaves the previous file whole. Every
problem reaches the caller as a `ReviewFileError` whose message is one line naming the file.

Files pirtui does not own are never replaced silently: a save writes through a symbolic link (the
link stays), refuses a file whose permissions forbid writing (`ReadOnlyFile`) and a Markdown file
that is not pirtui's rendering of the review (`NotOurMarkdown`), reads only regular files (a FIFO
would hang), and keeps a BOM and hand-written comments of the TOML it replaces.
"""

from __future__ import annotations

import itertools
import os
import re
import reprlib
import stat
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import tomli
import tomli_w
from pydantic import ValidationError

from pirtui.core.model import SCHEMA_VERSION, Review
from pirtui.core.toml_comments import hand_written_comments as hand_written_comments  # for the editor and check
from pirtui.core.toml_comments import keep_comments
# pirtui's own files follow one rule, kept below the template's loader (which caches checked templates)
from pirtui.core.xdg import OWN_FILE_MAX_BYTES as OWN_FILE_MAX_BYTES
from pirtui.core.xdg import ReviewFileError as ReviewFileError
from pirtui.core.xdg import fsync_folder as _fsync_folder
from pirtui.core.xdg import kind_of as _kind
from pirtui.core.xdg import private_folder as private_folder
from pirtui.core.xdg import read_own_file as read_own_file
from pirtui.core.xdg import write_own_file as write_own_file

BOM = "\ufeff"
MAX_FILE_BYTES = 32 * 1024 * 1024
"""Larger files are refused: no real review comes near it, and reading one would hang the editor."""


class ReadOnlyFile(ReviewFileError):
    """The file's permissions forbid writing. rename() in a writable folder would replace it all
    the same, so the store refuses unless the caller says the user chose to overwrite it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.reason = "read-only (its permissions forbid writing)"
        super().__init__(f"{path}: {self.reason}; not replaced")


class NotOurMarkdown(ReviewFileError):
    """A Markdown file that is not pirtui's rendering of the review: someone wrote or edited it by
    hand, or it belongs to another review. Replacing it would lose their words."""

    def __init__(self, path: Path, toml_path: Path) -> None:
        self.path = path
        self.reason = f"not pirtui's rendering of {toml_path.name} (written or edited by hand?)"
        super().__init__(f"{path}: {self.reason}; not replaced")


class PartialSave(ReviewFileError):
    """The TOML was written but its Markdown was not. The draft is safe: the caller must take the
    TOML's new fingerprint as what is on disk, and tell the user why the Markdown was not written."""

    def __init__(self, written: Path, not_written: Path, cause: ReviewFileError) -> None:
        self.written = written
        """The TOML, saved."""
        self.not_written = not_written
        """The Markdown, left as it was."""
        self.cause = cause
        """Why: a `ReadOnlyFile`, a `NotOurMarkdown`, or the write's own error (no space left...)."""
        prefix = f"{not_written}: "
        message = str(cause)
        self.reason = getattr(cause, "reason", message[len(prefix) :] if message.startswith(prefix) else message)
        """One line without the file name, e.g. "cannot save: No space left on device"."""
        super().__init__(f"{written} saved; {not_written} not written: {self.reason}")


def markdown_path(path: Path) -> Path:
    """Where the rendered Markdown of a review source goes: FILE.md beside FILE.toml."""
    return path.with_suffix(".md")


_CONFLICT_COPY = re.compile(r"^(?P<stem>.+)\.conflict-\d{8}-\d{6}\.toml$")


def conflict_copy_path(path: Path, when: datetime) -> Path:
    """Where "save as copy" puts this editor's version when FILE.toml changed on disk meanwhile."""
    return path.with_name(f"{path.stem}.conflict-{when.year:04d}{when:%m%d-%H%M%S}.toml")


def copy_path(path: Path, when: datetime) -> Path:
    """Where "save as copy" puts the review when FILE.toml itself may not be written (read-only)."""
    return path.with_name(f"{path.stem}.copy-{when.year:04d}{when:%m%d-%H%M%S}.toml")


def conflict_copy_of(path: Path) -> str | None:
    """The file name of the review that `path` is a conflict copy of; None for any other file."""
    match = _CONFLICT_COPY.match(path.name)
    return f"{match['stem']}.toml" if match else None


def dumps(review: Review) -> str:
    """The TOML text of a review, in a stable layout: the same review always gives the same text.

    tomli-w chooses inline or [[table]] arrays by line length, which would turn one long cell into a
    large diff; here every list of records is written as [[array.of.tables]], each record a block.
    """
    return _dump_table(review.model_dump(), "").lstrip("\n")


OMITTED_WHEN_EMPTY = frozenset({"internal", "internal_fields", "dismissed_hints", "template"})
"""Keys written only when set, so files that never mark anything internal stay as they were."""


def _dump_table(data: dict[str, Any], prefix: str) -> str:
    lines: list[str] = []
    nested: list[str] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if (key in OMITTED_WHEN_EMPTY and not value) or value is None:  # None: an optional key left unset
            continue
        if isinstance(value, dict):
            nested.append(f"\n[{name}]\n" + _dump_table(value, name + ".").lstrip("\n"))
        elif _is_records(value):
            nested.extend(f"\n[[{name}]]\n" + _dump_table(record, name + ".") for record in value)
        else:
            lines.append(_simple_line(key, value) or tomli_w.dumps({key: value}, multiline_strings=True))
    return "".join(lines) + "".join(nested)


def _is_records(value: object) -> bool:
    return isinstance(value, list) and bool(value) and isinstance(value[0], dict)


_NEEDS_ESCAPE = re.compile(r'[\x00-\x08\x0a-\x1f\x7f"\\]')
_COMPACT_ESCAPES = {"\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def _escape(char: str, multiline: bool) -> str:
    if multiline and char == "\n":
        return char
    return _COMPACT_ESCAPES.get(char) or f"\\u{ord(char):04x}"


def format_string(value: str, allow_multiline: bool = True) -> str:
    """A TOML string exactly as tomli-w writes it with multiline_strings, but with one regex pass.

    tomli-w walks strings a character at a time, which made saving a 5,000-line log cost ~35 ms.
    A value holding "\\r\\n" is written on one line, because a TOML multi-line string would read
    it back as "\\n" (tests/test_store.py checks this against tomli-w itself).
    """
    multiline = allow_multiline and "\n" in value and "\r\n" not in value
    body = _NEEDS_ESCAPE.sub(lambda match: _escape(match.group(), multiline), value)
    return f'"""\n{body}"""' if multiline else f'"{body}"'


def _simple_line(key: str, value: object) -> str | None:
    """`key = value` for the value types a review holds; None for anything else (tomli-w writes it)."""
    if isinstance(value, bool):
        return f"{key} = {'true' if value else 'false'}\n"
    if isinstance(value, int):
        return f"{key} = {value}\n"
    if isinstance(value, str):
        return f"{key} = {format_string(value)}\n"
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        if not value:
            return f"{key} = []\n"
        multiline = not any("\r\n" in item for item in value)
        items = "".join(f"    {format_string(item, multiline)},\n" for item in value)
        return f"{key} = [\n{items}]\n"
    return None


def loads(text: str, source: str = "<text>", folder: Path | None = None) -> Review:
    """A review from TOML text; older layouts are migrated, newer ones refused.

    A UTF-8 byte order mark at the start (editors on Windows write one) is skipped; `save` keeps it.
    """
    text = text.removeprefix(BOM)
    try:
        # tomli is tomllib's own upstream, built with mypyc: three times faster on a large review.
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        raise ReviewFileError(f"{source}: not valid TOML: {error}") from None
    except RecursionError:
        raise ReviewFileError(f"{source}: not valid TOML: nested too deeply") from None
    except ValueError:  # an integer longer than Python will convert (4300 digits)
        raise ReviewFileError(f"{source}: not valid TOML: a number too long to read") from None
    return from_data(data, source, folder)


class TemplateMissing(ReviewFileError):
    """The review follows a template that is not found here: it is not read, so nothing is lost."""


def review_class_for(data: dict[str, Any], source: str, folder: Path | None) -> type[Review]:
    """The model of a review's data: its template's (the built-in one without a `template` key)."""
    ref = data.get("template", "")
    if not ref:
        return Review
    if not isinstance(ref, str):
        raise ReviewFileError(f"{source}: template: must be text such as \"sre-book@1\", not {reprlib.repr(ref)}")
    from pirtui.core.template.discovery import template_for
    from pirtui.core.template.loader import TemplateError

    try:
        template = template_for(ref, folder)
    except TemplateError as error:
        raise TemplateMissing(f"{source}: follows the template {ref!r}, which cannot be used here: {error}") from None
    return template.models_for(ref).review


def from_data(data: dict[str, Any], source: str = "<data>", folder: Path | None = None) -> Review:
    """A review from parsed TOML data, with a one-line error for wrong types or unknown keys."""
    version = data.get("schema_version", 1)
    if not isinstance(version, int) or isinstance(version, bool):
        raise ReviewFileError(f"{source}: schema_version must be a whole number, not {reprlib.repr(version)}")
    if version > SCHEMA_VERSION:
        raise ReviewFileError(
            f"{source}: written by a newer pirtui (schema_version {version}; this one reads up to "
            f"{SCHEMA_VERSION}); upgrade pirtui to open it"
        )
    if version < 1:
        raise ReviewFileError(f"{source}: unknown schema_version {version}")
    data = migrate(data, version)
    review_class = review_class_for(data, source, folder)
    try:
        return review_class.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(_printable(part) for part in first["loc"]) or "file"
        more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
        raise ReviewFileError(f"{source}: {where}: {first['msg']}{more}") from None


def _printable(key: object) -> str:
    """A key from the file as the one-line message may show it: no newline or escape, not huge."""
    text = str(key)
    return text if text.isprintable() and len(text) <= 60 else reprlib.repr(text)


MIGRATIONS: dict[int, Any] = {}
"""schema_version N -> a function turning version N data into version N+1 data."""


def migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    """Bring data written by an older pirtui up to the current layout, one version at a time."""
    data = dict(data)
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    data["schema_version"] = SCHEMA_VERSION
    return data


def read_text(path: Path) -> str:
    """A file's text, refusing what is missing, not a regular file, huge, binary or not UTF-8.

    A FIFO, device or socket is refused before it is opened: reading one would wait forever.
    """
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError
        if not stat.S_ISREG(mode):
            raise ReviewFileError(f"{path}: not a regular file ({_kind(mode)}); not a review")
        # O_NONBLOCK: should the file be swapped for a FIFO after the stat, open() still returns.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                raise ReviewFileError(f"{path}: not a regular file ({_kind(mode)}); not a review")
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ReviewFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ReviewFileError(f"{path}: is a folder, not a review file") from None
    except OSError as error:
        raise ReviewFileError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ReviewFileError(f"{path}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; not a review")
    if b"\0" in raw:
        raise ReviewFileError(f"{path}: binary file, not a review")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReviewFileError(f"{path}: not UTF-8 text (byte {error.start})") from None


def load(path: Path) -> Review:
    """The review stored at `path`; never modifies the file."""
    return loads(read_text(path), str(path), path.parent)


def atomic_write(path: Path, text: str | bytes, mode: int | None = None, *, durable: bool = True) -> None:
    """Replace `path` with `text` (or bytes) so that readers see the old file or the new one, never a mix.

    `durable=False` skips the fsyncs, for output that is made again from its sources (a site of
    thousands of pages): the rename still makes the write atomic, but a power cut may lose it.

    The new file keeps the old one's permissions; a new file gets `mode` or the umask's default.
    A symbolic link is written through: its target is replaced and the link stays a link. A FIFO,
    device or socket is never replaced. Permissions are not asked here: see `save`.
    """
    target = Path(os.path.realpath(path))
    folder = target.parent
    try:
        info = target.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ReviewFileError(f"{path}: not a regular file ({_kind(info.st_mode)}); not replaced")
        old_mode: int | None = stat.S_IMODE(info.st_mode)
    except FileNotFoundError:
        old_mode = None
    except OSError as error:
        raise ReviewFileError(f"{path}: cannot save: {error.strerror or error}") from None
    if old_mode is None:
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        old_mode = mode
    import tempfile  # imported by the first write, not by every command that only reads

    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp_name, old_mode)
        os.replace(tmp_name, target)
        tmp_name = None
        if durable:
            _fsync_folder(folder)
    except OSError as error:
        raise ReviewFileError(f"{path}: cannot save: {error.strerror or error}") from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def is_read_only(path: Path) -> bool:
    """Whether the file's permissions forbid writing it, as vim and emacs tell: no write bit for this
    user's class (owner, group, others), or none for anybody (which root would ignore). False for a
    missing file. Only the permissions: a read-only file system shows as a failed write instead."""
    try:
        info = os.stat(path)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):
        return False
    uid = os.geteuid()
    if uid == 0:
        return not info.st_mode & 0o222
    if info.st_uid == uid:
        return not info.st_mode & stat.S_IWUSR
    if info.st_gid == os.getegid() or info.st_gid in os.getgroups():
        return not info.st_mode & stat.S_IWGRP
    return not info.st_mode & stat.S_IWOTH


_MARKER = re.compile(
    r"\n\[//\]: # \(pirtui: rendered from (?P<name>[^\s()]+); edit that file, not this one\. "
    r"sha256:(?P<digest>[0-9a-f]{16})\)\n\Z"
)
"""The last line of a Markdown file pirtui wrote: a link reference definition, which Markdown
(GitHub, the importer) shows as nothing. It names the review's TOML and holds a digest of the text
above it, so an edit by hand shows: the file is then not pirtui's to replace."""


def _digest(markdown: str) -> str:
    import hashlib  # imported by the first rendering, not by every command that only reads

    # Line endings do not count: git may turn them into CRLF on checkout.
    return hashlib.sha256(markdown.replace("\r\n", "\n").encode("utf-8")).hexdigest()[:16]


def rendered_markdown(path: Path, review: Review) -> str:
    """The Markdown of the review at `path`, as FILE.md holds it: with the team's ticket links
    (`ticket_url` in the folder's `.pirtui.toml`)."""
    from pirtui.core.config import load_config
    from pirtui.core.render import render

    return render(review, ticket_url=load_config(path.parent).ticket_url)


def marked_markdown(markdown: str, toml_path: Path) -> str:
    """The rendered Markdown as pirtui writes it to a file: with its marker as the last line."""
    return (
        f"{markdown}\n[//]: # (pirtui: rendered from {quote(os.fsencode(toml_path.name))}; edit that file, not this one. "
        f"sha256:{_digest(markdown)})\n"
    )


def markdown_is_ours(md_path: Path, toml_path: Path, any_review: bool = False) -> bool:
    """Whether pirtui may replace `md_path` with the rendering of the review in `toml_path`.

    True when there is nothing there, when the file is pirtui's rendering of that review unchanged
    since (its marker says so), or when it is exactly what the TOML on disk renders to (Markdown
    written before markers, or by `pirtui render -o -`). False for anything else: a file written or
    edited by hand, another review's Markdown, a FIFO. With `any_review` (an output file the user
    named: `render B -o out.md` after `render A -o out.md`) pirtui's untouched rendering of any
    review may be replaced: it holds nothing its own TOML cannot render again.
    """
    try:
        text = read_text(md_path)
    except ReviewFileError:
        return not os.path.exists(md_path)
    marker = _MARKER.search(text.replace("\r\n", "\n"))
    if marker is not None:
        body = text.replace("\r\n", "\n")[: marker.start()]
        same_review = any_review or marker["name"] == quote(os.fsencode(toml_path.name))
        return same_review and marker["digest"] == _digest(body)
    try:
        return text == rendered_markdown(toml_path, load(toml_path))
    except ReviewFileError:
        return False


def ensure_markdown_replaceable(
    md_path: Path,
    toml_path: Path,
    *,
    force: bool = False,
    overwrite_read_only: bool = False,
    any_review: bool = False,
) -> None:
    """Raise `ReadOnlyFile` or `NotOurMarkdown` unless `md_path` may be replaced by the rendering
    of `toml_path`; `force` accepts any Markdown, `overwrite_read_only` a read-only one,
    `any_review` pirtui's untouched rendering of another review (see `markdown_is_ours`)."""
    if not overwrite_read_only and is_read_only(md_path):
        raise ReadOnlyFile(md_path)
    if not force and not markdown_is_ours(md_path, toml_path, any_review=any_review):
        raise NotOurMarkdown(md_path, toml_path)


_HTML_MARKER = re.compile(
    r"\n<!-- pirtui: rendered from (?P<name>[^\s<>]+); edit that file, not this one\. "
    r"sha256:(?P<digest>[0-9a-f]{16}) -->\n\Z"
)
"""The last line of an HTML page pirtui wrote (`render --format html`): a comment, after </html>,
naming the review and holding a digest of the page above it, as FILE.md's marker does."""


def marked_html(page: str, toml_path: Path) -> str:
    """An HTML rendering as pirtui writes it to a file: with its marker as the last line."""
    return (
        f"{page}<!-- pirtui: rendered from {quote(os.fsencode(toml_path.name))}; edit that file, not this one. "
        f"sha256:{_digest(page)} -->\n"
    )


def html_is_ours(html_path: Path, toml_path: Path) -> bool:
    """Whether pirtui may replace `html_path` with the HTML of the review in `toml_path`: nothing
    there, or pirtui's page of that review unchanged since (its marker says so). Anything else (a
    page written by hand, another review's page, a TOML, a FIFO) is not pirtui's to replace."""
    try:
        text = read_text(html_path)
    except ReviewFileError:
        return not os.path.lexists(html_path)
    normal = text.replace("\r\n", "\n")
    marker = _HTML_MARKER.search(normal)
    if marker is None:
        return False
    body = normal[: marker.start() + 1]
    return marker["name"] == quote(os.fsencode(toml_path.name)) and marker["digest"] == _digest(body)


def ensure_rendering_replaceable(
    out_path: Path,
    toml_path: Path,
    fmt: str,
    *,
    force: bool = False,
    overwrite_read_only: bool = False,
    any_review: bool = False,
) -> None:
    """`ensure_markdown_replaceable` for any rendering a user names with `-o` (Markdown or HTML):
    one rule, so `render --format html` overwrites nothing pirtui did not write either.
    `any_review`: pirtui's own untouched rendering of another review may be replaced too."""
    if fmt == "markdown":
        ensure_markdown_replaceable(
            out_path, toml_path, force=force, overwrite_read_only=overwrite_read_only, any_review=any_review
        )
        return
    if not overwrite_read_only and is_read_only(out_path):
        raise ReadOnlyFile(out_path)
    if not force and not html_is_ours(out_path, toml_path):
        raise NotOurMarkdown(out_path, toml_path)


def toml_text(path: Path, review: Review) -> str:
    """The text that replaces `path`: the review's TOML, with the BOM and the hand-written comments
    of the file it replaces kept."""
    text = dumps(review)
    try:
        old = read_text(path)
    except ReviewFileError:
        return text
    text = keep_comments(old, text)
    return BOM + text if old.startswith(BOM) else text


def save(path: Path, review: Review, *, overwrite_read_only: bool = False, force: bool = False) -> Path:
    """Write FILE.toml and its rendered FILE.md; returns the Markdown path.

    Raises `ReadOnlyFile` (nothing written) when FILE.toml is read-only, unless
    `overwrite_read_only`. The TOML is written first and never refused for its Markdown: when
    FILE.md is read-only, not pirtui's (unless `force`) or cannot be written, `PartialSave` says the
    TOML was saved and why the Markdown was not.
    """
    from pirtui.core.render import render

    if not overwrite_read_only and is_read_only(path):
        raise ReadOnlyFile(path)
    md_path = markdown_path(path)
    problem: ReviewFileError | None = None
    try:  # decided before the TOML changes: "ours" may mean "what the TOML on disk renders to"
        ensure_markdown_replaceable(md_path, path, force=force, overwrite_read_only=overwrite_read_only)
    except ReviewFileError as error:
        problem = error
    atomic_write(path, toml_text(path, review))
    if problem is None:
        try:
            atomic_write(md_path, marked_markdown(rendered_markdown(path, review), path))
        except ReviewFileError as error:
            problem = error
    if problem is not None:
        raise PartialSave(path, md_path, problem)
    return md_path


def keep_original(md_path: Path) -> Path:
    """Move an imported Markdown file out of the way of its rendering, to the first free name of
    FILE.orig.md, FILE.orig-2.md, ...; returns that name. Never replaces a file: the name is
    claimed with O_EXCL, the bytes copied and fsynced, and only then is `md_path` removed."""
    try:
        data = Path(md_path).read_bytes()
        mode = stat.S_IMODE(os.stat(md_path).st_mode)
    except OSError as error:
        raise ReviewFileError(f"{md_path}: cannot keep the original: {error.strerror or error}") from None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for number in itertools.count(1):
        kept = md_path.with_name(f"{md_path.stem}.orig{'' if number == 1 else f'-{number}'}.md")
        try:
            fd = os.open(kept, flags, mode)
        except FileExistsError:
            continue
        except OSError as error:
            raise ReviewFileError(f"{kept}: cannot keep the original: {error.strerror or error}") from None
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.unlink(md_path)
        except OSError as error:
            raise ReviewFileError(f"{kept}: cannot keep the original: {error.strerror or error}") from None
        _fsync_folder(md_path.parent)
        return kept
    raise AssertionError("unreachable")
