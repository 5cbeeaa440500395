"""Reading template files: one line naming file, line and key for every mistake, and each file
read once per process.

A template is checked in two passes: the file format (`pirtui.core.template.spec`, unknown keys
refused) and its meaning (section keys unique, vocabularies that exist, paths that do not clash,
named rules that exist); `check_text` returns every mistake, `load_template` raises the first.

A template that passed is kept in the cache (`$XDG_CACHE_HOME/pirtui/templates/`, one small JSON
file per template file, written by the own-file rule), keyed by the file's content, pirtui's
version and the code that checks it: the next process builds its spec from there without parsing
the TOML or building pydantic's validators for the file format (about 17 ms for a team template).
A cache entry that is missing, stale, damaged or unreadable is ignored and made again; one that
cannot be written is left out. `check_text` (`pirtui template check`) always checks in full.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from functools import cache
from pathlib import Path
from typing import Callable

import tomli
from pydantic import ValidationError

from pirtui import __version__
from pirtui.core.template.base import RESERVED_KEYS, ROW_KEYS
from pirtui.core.template.spec import PEOPLE, TemplateSpec, trusted
from pirtui.core.template.template import Template
from pirtui.core.xdg import ReviewFileError, cache_dir, private_folder, read_own_file, write_own_file

BUILTIN_FILE = Path(__file__).with_name("builtin.toml")
"""The built-in template: every review without a `template` key follows it."""
SHIPPED_FOLDER = Path(__file__).with_name("shipped")
"""Templates shipped with pirtui beside the built-in one."""


class TemplateError(ValueError):
    """A template file that cannot be used; its message is one line: "FILE:LINE: KEY: what"."""


Mistake = tuple[tuple[object, ...], str]
"""Where (the key path inside the file) and what."""


def check_text(text: str, source: str) -> tuple[TemplateSpec | None, list[str]]:
    """The template in `text` and every mistake in it, each one line naming file, line and key."""
    try:
        data = tomli.loads(text.removeprefix("\ufeff"))
    except tomli.TOMLDecodeError as error:
        return None, [f"{source}: not valid TOML: {error}"]
    try:
        spec = TemplateSpec.model_validate(data)
    except ValidationError as error:
        return None, [_line(source, text, tuple(e["loc"]), e["msg"]) for e in error.errors()]
    return spec, [_line(source, text, where, what) for where, what in meaning_mistakes(spec)]


def load_text(text: str, source: str, path: Path | None = None) -> Template:
    """A template from its text; `TemplateError` with the first mistake."""
    spec, mistakes = check_text(text, source)
    if mistakes or spec is None:
        more = f" (and {len(mistakes) - 1} more)" if len(mistakes) > 1 else ""
        raise TemplateError(mistakes[0] + more)
    return Template(spec, path)


@cache
def _load_cached(path: Path, mtime_ns: int, size: int) -> Template:
    return read_template(path)


def read_template(path: Path) -> Template:
    """The template at `path`, checked, or from the cache when it holds this content already
    (`TemplateError` with the first mistake); not kept per process (`load_template` is)."""
    try:
        raw = path.read_bytes()
        text = _text(raw)
    except (OSError, UnicodeDecodeError) as error:
        raise TemplateError(f"{path}: cannot read the template: {getattr(error, 'strerror', None) or error}") from None
    spec = cached_spec(path, raw)
    if spec is not None:
        return Template(spec, path)
    template = load_text(text, str(path), path)
    keep_spec(path, raw, lambda: template.spec.model_dump(exclude_unset=True))
    return template


def load_template(path: Path) -> Template:
    """The template in the file at `path`, read once per process (again only if the file changed)."""
    if path == BUILTIN_FILE:
        return builtin()
    try:
        status = path.stat()
    except OSError as error:
        raise TemplateError(f"{path}: cannot read the template: {error.strerror}") from None
    return _load_cached(path, status.st_mtime_ns, status.st_size)


@cache
def builtin() -> Template:
    """The built-in template, read from its file once per process. The tests check the file
    (`check_text`), so it is constructed here without validation: start-up does not wait for it."""
    return read_builtin()


def read_builtin() -> Template:
    """The built-in template from its file, or from the cache when it holds this content (not
    kept per process: `builtin` is)."""
    raw = BUILTIN_FILE.read_bytes()
    spec = cached_spec(BUILTIN_FILE, raw)
    if spec is None:
        data = tomli.loads(_text(raw))
        spec = trusted(data)
        keep_spec(BUILTIN_FILE, raw, lambda: data)
    return Template(spec, BUILTIN_FILE)


def _text(raw: bytes) -> str:
    """A template file's text as `Path.read_text` gives it (UTF-8, every line ending as "\\n"),
    from the bytes its cache key is made of."""
    return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


CACHE_FORMAT = 1
"""Bump when what the cache holds changes shape: entries of another format are made again."""
_CHECKING_CODE = ("base.py", "spec.py", "loader.py")
"""The modules that decide what a template file means; a change to one (even at one version, in a
checkout) gives new keys."""


def cache_path(path: Path) -> Path:
    """Where the checked template from the file at `path` is kept: one entry per template file."""
    name = hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return cache_dir() / "templates" / f"{name}.json"


def cache_key(raw: bytes) -> str:
    """Everything a checked template depends on: the file's bytes, pirtui's version, this cache's
    format, Python's version and the size and time of the code that checks it."""
    parts = [hashlib.sha256(raw).hexdigest(), __version__, str(CACHE_FORMAT), sys.version, _code_fingerprint()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@cache
def _code_fingerprint() -> str:
    folder = Path(__file__).parent
    parts = []
    for name in _CHECKING_CODE:
        try:
            info = (folder / name).stat()
            parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            parts.append(f"{name}:-")
    return ";".join(parts)


def cached_spec(path: Path, raw: bytes) -> TemplateSpec | None:
    """The spec kept for the file at `path` whose bytes are `raw`; None when there is none for
    exactly this content and code, or it is damaged in any way (it is then made again)."""
    try:
        kept = read_own_file(cache_path(path))  # no home folder: RuntimeError
        if kept is None:
            return None
        head, _, body = kept.partition(b"\n")
        key, digest = head.decode("ascii").split(" ")
        if key != cache_key(raw) or digest != hashlib.sha256(body).hexdigest():
            return None
        data = json.loads(body)
        return trusted(data) if isinstance(data, dict) else None
    except Exception:  # a damaged entry of any shape is a miss, never an error
        return None


def keep_spec(path: Path, raw: bytes, data: Callable[[], object]) -> None:
    """Keep the checked template of the file at `path` (`data()`: what `trusted` builds it from);
    a cache that cannot be written, or data JSON cannot hold (a TOML date), is left out."""
    try:
        body = json.dumps(data(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        head = f"{cache_key(raw)} {hashlib.sha256(body).hexdigest()}\n".encode("ascii")
        target = cache_path(path)
        private_folder(target.parent)
        write_own_file(target, head + body, durable=False)
    except (ReviewFileError, OSError, RuntimeError, TypeError, ValueError):  # RuntimeError: no home folder
        pass


def _line(source: str, text: str, where: tuple[object, ...], what: str) -> str:
    """One line: "FILE:LINE: dotted.key: what" (the line where the key's value is written)."""
    key = ".".join(str(part) for part in where) or "file"
    line = _line_of(text, [str(part) for part in where])
    return f"{source}:{line}: {key}: {what}" if line else f"{source}: {key}: {what}"


def _line_of(text: str, parts: list[str]) -> int | None:
    """The line of a key path; a row of an inline array written one row a line counts its rows."""
    from pirtui.core.toml_lines import value_lines  # only for a template with a mistake

    lines = value_lines(text)
    for end in range(len(parts), 0, -1):
        found = lines.get(".".join(parts[:end]))
        if found is None:
            continue
        rest = parts[end:]
        if rest and rest[0].isdigit():
            return _inline_row_line(text, found, int(rest[0]), rest[1] if len(rest) > 1 else None)
        return found
    return None


def _inline_row_line(text: str, start: int, index: int, key: str | None) -> int:
    """The line of row `index` of an inline array opening on line `start` (rows one a line)."""
    rows = [number for number, line in enumerate(text.splitlines(), start=1)
            if number > start and line.lstrip().startswith("{")]
    ends = [number for number, line in enumerate(text.splitlines(), start=1) if number >= start and line.strip() == "]"]
    end = ends[0] if ends else start
    rows = [number for number in rows if number < end]
    return rows[index] if index < len(rows) else start


def meaning_mistakes(spec: TemplateSpec) -> list[tuple[tuple[object, ...], str]]:
    """What the file format cannot say: unique keys, known vocabularies, paths that do not clash."""
    out: list[tuple[tuple[object, ...], str]] = []
    keys: set[str] = set()
    leaves: dict[str, tuple[object, ...]] = {}
    containers: set[str] = set()
    for s, section in enumerate(spec.sections):
        where_s: tuple[object, ...] = ("sections", s)
        if section.key in keys:
            out.append((where_s + ("key",), f"a second section with the key {section.key!r}"))
        keys.add(section.key)
        for b, block in enumerate(section.blocks):
            where_b = where_s + ("blocks", b)
            out.extend(_block_mistakes(spec, block, where_b, leaves, containers))
    for path, where in leaves.items():
        if path in containers:
            out.append((where, f"{path!r} is a field and also holds other fields"))
        if path.split(".")[0] in RESERVED_KEYS:
            out.append((where, f"{path.split('.')[0]!r} is a key pirtui keeps itself"))
    for key in spec.meeting:
        if key not in keys:
            out.append((("meeting", key), "no section has this key"))
    for key in spec.review.order:
        if key not in {path.split(".")[0] for path in list(leaves) + list(containers)}:
            out.append((("review", "order"), f"{key!r} is not a key of the review"))
    named = keys | set(leaves) | containers | set(_column_paths(spec)) | {PEOPLE}
    for entry in spec.public_excludes:
        if entry not in named:
            out.append((("public_excludes",), f"{entry!r} is neither people, a section key nor a path of the template"))
    for vocabulary in spec.words:
        if vocabulary not in spec.vocabularies:
            out.append((("words", vocabulary), "no vocabulary has this name"))
    for priority, window in spec.due_windows.items():
        if not re.fullmatch(r"\d+[dwmy]", window):
            out.append((("due_windows", priority), f"{window!r} is not a span such as 10d, 1w, 1m or 1y"))
    return out


def _block_mistakes(spec, block, where_b, leaves, containers) -> list[tuple[tuple[object, ...], str]]:
    out: list[tuple[tuple[object, ...], str]] = []
    if block.kind not in ("fields", "static") and not block.path:
        out.append((where_b + ("path",), f"a {block.kind} block needs the path of what it edits"))
    if block.kind == "fields":
        names = [(f"fields", f, field.path, "path") for f, field in enumerate(block.fields)]
    else:
        names = [("fields", f, field.key, "key") for f, field in enumerate(block.fields)]
    if block.kind in ("fields", "table", "checks") and not block.fields:
        out.append((where_b + ("fields",), f"a {block.kind} block needs fields"))
    if block.path:
        if block.path in leaves:
            out.append((where_b + ("path",), f"{block.path!r} is used twice"))
        if block.kind in ("text", "code", "list"):
            leaves[block.path] = where_b + ("path",)
        else:
            containers.add(block.path)
        _parents(block.path, containers)
    seen: set[str] = set()
    for part, f, name, kind in names:
        where_f = where_b + (part, f)
        field = block.fields[f]
        if not name:
            out.append((where_f, f"a field of a {block.kind} block needs a {kind}"))
            continue
        if kind == "key" and name in ROW_KEYS and block.has_rows:
            out.append((where_f + ("key",), f"{name!r} is a key every row has already"))
        if name in seen:
            out.append((where_f + (kind,), f"{name!r} is used twice"))
        if kind == "path":
            if name in leaves and name not in seen:
                out.append((where_f + ("path",), f"{name!r} is used twice"))
            leaves.setdefault(name, where_f + ("path",))
            _parents(name, containers)
        seen.add(name)
        if field.vocabulary and field.vocabulary not in spec.vocabularies:
            out.append((where_f + ("vocabulary",), f"no vocabulary named {field.vocabulary!r}"))
        if field.computed and field.computed not in spec.rules:
            out.append((where_f + ("computed",), f"the rule {field.computed!r} is not switched on in `rules`"))
        if field.described_by and field.described_by not in {other.key for other in block.fields}:
            out.append((where_f + ("described_by",), f"no field {field.described_by!r} in this block"))
    return out


def _column_paths(spec: TemplateSpec) -> list[str]:
    """The paths of the columns of tables and checkboxes ("action_items[].owner", "sharing.publish")."""
    return [f"{block.path}{'[]' if block.has_rows else ''}.{field.key}"
            for section in spec.sections for block in section.blocks
            if block.kind != "fields" and block.path for field in block.fields if field.key]


def _parents(path: str, containers: set[str]) -> None:
    parts = path.split(".")
    for end in range(1, len(parts)):
        containers.add(".".join(parts[:end]))
