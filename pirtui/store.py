"""Reading and writing review files: FILE.toml is the source, FILE.md its rendering beside it.

Writes are atomic (a temporary file in the same folder, flushed, fsynced and renamed over the
original, keeping its permissions), so a failure at any point leaves the previous file whole. Every
problem reaches the caller as a `ReviewFileError` whose message is one line naming the file.
"""

from __future__ import annotations

import os
import re
import reprlib
import stat
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import tomli
import tomli_w
from pydantic import ValidationError

from pirtui.model import SCHEMA_VERSION, Review

MAX_FILE_BYTES = 32 * 1024 * 1024
"""Larger files are refused: no real review comes near it, and reading one would hang the editor."""


class ReviewFileError(Exception):
    """A review file cannot be read or written; the message is one line naming the file."""


def markdown_path(path: Path) -> Path:
    """Where the rendered Markdown of a review source goes: FILE.md beside FILE.toml."""
    return path.with_suffix(".md")


_CONFLICT_COPY = re.compile(r"^(?P<stem>.+)\.conflict-\d{8}-\d{6}\.toml$")


def conflict_copy_path(path: Path, when: datetime) -> Path:
    """Where "save as copy" puts this editor's version when FILE.toml changed on disk meanwhile."""
    return path.with_name(f"{path.stem}.conflict-{when:%Y%m%d-%H%M%S}.toml")


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


OMITTED_WHEN_EMPTY = frozenset({"internal", "internal_fields"})
"""Keys written only when set, so files that never mark anything internal stay as they were."""


def _dump_table(data: dict[str, Any], prefix: str) -> str:
    lines: list[str] = []
    nested: list[str] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if key in OMITTED_WHEN_EMPTY and not value:
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


def loads(text: str, source: str = "<text>") -> Review:
    """A review from TOML text; older layouts are migrated, newer ones refused."""
    try:
        # tomli is tomllib's own upstream, built with mypyc: three times faster on a large review.
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        raise ReviewFileError(f"{source}: not valid TOML: {error}") from None
    except RecursionError:
        raise ReviewFileError(f"{source}: not valid TOML: nested too deeply") from None
    except ValueError:  # an integer longer than Python will convert (4300 digits)
        raise ReviewFileError(f"{source}: not valid TOML: a number too long to read") from None
    return from_data(data, source)


def from_data(data: dict[str, Any], source: str = "<data>") -> Review:
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
    try:
        return Review.model_validate(data)
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
    """A review file's text, refusing what is missing, huge, binary or not UTF-8."""
    try:
        with path.open("rb") as handle:
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
    return loads(read_text(path), str(path))


def atomic_write(path: Path, text: str, mode: int | None = None) -> None:
    """Replace `path` with `text` so that readers see the old file or the new one, never a mix.

    The new file keeps the old one's permissions; a new file gets `mode` or the umask's default.
    """
    folder = path.parent
    try:
        old_mode: int | None = stat.S_IMODE(path.stat().st_mode)
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
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, old_mode)
        os.replace(tmp_name, path)
        tmp_name = None
        _fsync_folder(folder)
    except OSError as error:
        raise ReviewFileError(f"{path}: cannot save: {error.strerror or error}") from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _schema_directive(path: Path) -> str:
    """The `#:schema ...` first line of the file on disk (for Taplo and editors: pirtui.schema), kept
    by a save; "" when there is none."""
    try:
        with path.open("rb") as handle:
            first = handle.readline(4096)
    except OSError:
        return ""
    return first.decode("utf-8", "replace").rstrip("\r\n") + "\n" if first.startswith(b"#:schema ") else ""


def save(path: Path, review: Review) -> Path:
    """Write FILE.toml and its rendered FILE.md; returns the Markdown path.

    The TOML is written first: if the Markdown cannot be written the source is still safe.
    """
    from pirtui.render import render

    atomic_write(path, _schema_directive(path) + dumps(review))
    md_path = markdown_path(path)
    atomic_write(md_path, render(review))
    return md_path
