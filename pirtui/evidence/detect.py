"""Which format a source is, and reading it: a file, a Slack export folder, or pasted text.

`--format auto` tries the formats that can apply and keeps the one that reads the most rows; when
none reads any, the error names each format tried and why it failed, in one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from dataclasses import replace

from pirtui.evidence import (
    alertmanager, chat, gitlab, grafana, journald, jsonlog, logs, opsgenie, pagerduty, slack, statuspage, table, webvtt, zoom,
)
from pirtui.evidence.rows import NotThisFormat, Options, Parsed, Refused

MAX_SOURCE_BYTES = 256 * 1024 * 1024
SNIFF_LINES = 400
"""Auto detection of a line-based text reads this many lines with each format, then the whole with one."""

Parser = Callable[[str, str, Options], Parsed]

JSON_PARSERS: tuple[tuple[str, Parser], ...] = (
    ("slack", slack.parse),
    ("pagerduty", pagerduty.parse),
    ("alertmanager", alertmanager.parse),
    ("opsgenie", opsgenie.parse),
    ("statuspage", statuspage.parse),
    ("gitlab", gitlab.parse),
    ("grafana", grafana.parse),
    ("journald", journald.parse),
    ("jsonlog", jsonlog.parse),
)
LINE_PARSERS: tuple[tuple[str, Parser], ...] = (
    ("webvtt", webvtt.parse),
    ("pagerduty", pagerduty.parse_csv),
    ("log", logs.parse),
    ("zoom", zoom.parse),
    ("chat", chat.parse),
    ("csv", table.parse),
)


KNOWN_BINARIES = (
    (b"PK\x03\x04", "a ZIP archive (an .xlsx workbook or a zipped export: unzip it, or save the sheet as CSV)"),
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "a gzip-compressed file (decompress it first)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.xls: save the sheet as CSV)"),
    (b"SQLite format 3", "an SQLite database"),
)
"""Files people reach for that are no text: named in the one-line refusal."""


class SourceError(Exception):
    """A source that cannot be read as evidence: one line for the user."""


def read_file(path: Path) -> str:
    """A source file's text; SourceError for a missing, huge or binary file.

    Bytes that are not UTF-8 (a log line in Latin-1) become U+FFFD rather than failing the whole file.
    """
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_SOURCE_BYTES + 1)
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except OSError as error:
        raise SourceError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(raw) > MAX_SOURCE_BYTES:
        raise SourceError(f"{path}: larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MiB")
    for magic, what in KNOWN_BINARIES:
        if raw.startswith(magic):
            raise SourceError(f"{path}: {what}, not evidence pirtui can read (export it as CSV, JSON or text)")
    if b"\0" in raw[:65536]:
        raise SourceError(f"{path}: binary file, not evidence pirtui can read")
    return raw.decode("utf-8", errors="replace").removeprefix("\ufeff")


def parse_path(path: Path, fmt: str, options: Options) -> Parsed:
    """A file or a Slack export folder, in the given format or the one detected."""
    if path.is_dir():
        if fmt not in ("auto", "slack"):
            raise SourceError(f"{path}: a folder; only a Slack export is read from a folder")
        try:
            return slack.parse_export(path, options, read_file)
        except NotThisFormat as error:
            raise SourceError(f"{path}: not a Slack export folder: {error}") from None
    return parse_text(read_file(path), str(path), fmt, options)


def parse_text(text: str, source: str, fmt: str, options: Options) -> Parsed:
    """Text (a file's or a paste's) in the given format or the one that reads the most rows.

    `source` names it in the evidence column and in errors ("" for a paste).
    """
    where = source or "the pasted text"
    if not text.strip():
        raise SourceError(f"{where}: empty")
    tried = _candidates(text, fmt)
    if len(tried) == 1:
        name, parser = tried[0]
        try:
            return parser(text, source, options)
        except Refused as error:
            raise SourceError(f"{where}: {error}") from None
        except NotThisFormat as error:
            raise SourceError(f"{where}: not {name}: {error}") from None
    best = _best(text, source, options, tried, where)
    try:
        return best[1](text, source, options)
    except Refused as error:
        raise SourceError(f"{where}: {error}") from None


def _candidates(text: str, fmt: str) -> list[tuple[str, Parser]]:
    every = [*JSON_PARSERS, *LINE_PARSERS]
    if fmt != "auto":
        if fmt == "pagerduty":  # the API's JSON or the web app's CSV
            return [("pagerduty", pagerduty.parse if text.lstrip().startswith(("{", "[")) else pagerduty.parse_csv)]
        return [(name, parser) for name, parser in every if name == fmt]
    # "[14:32] alice: ..." starts like JSON too: the line formats are always tried.
    return [*JSON_PARSERS, *LINE_PARSERS] if text.lstrip().startswith(("{", "[")) else list(LINE_PARSERS)


def _best(text: str, source: str, options: Options, tried: list[tuple[str, Parser]], where: str) -> tuple[str, Parser]:
    """The format that reads the most rows from the start of the text (JSON: from the whole)."""
    head = "\n".join(text.splitlines()[:SNIFF_LINES])
    quiet = replace(options, grep=None, pinned=False, reaction="", progress=None)
    reasons: list[str] = []
    best: tuple[int, str, Parser] | None = None
    for name, parser in tried:
        try:
            parsed = parser(text if (name, parser) in JSON_PARSERS else head, source, quiet)
        except Refused as error:
            raise SourceError(f"{where}: {error}") from None
        except NotThisFormat as error:
            reasons.append(f"{name}: {error}")
            continue
        if not parsed.rows:
            reasons.append(f"{name}: no event read")
            continue
        score = len(parsed.rows) - len(parsed.unreadable)
        if best is None or score > best[0]:
            best = (score, name, parser)
    if best is None:
        raise SourceError(f"{where}: not evidence pirtui can read (tried {'; '.join(reasons)})")
    return best[1], best[2]
