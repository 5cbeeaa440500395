"""Where a value of a review sits in its TOML text: the line a CI annotation points at.

tomli gives no positions, so the text is scanned: table headers (`[incident]`, `[[timeline]]`,
counted per name so the fourth `[[timeline]]` is `timeline.3`) and `key =` lines, skipping what is
inside multi-line strings. It reads the layout pirtui writes and ordinary hand-written TOML; a value
it cannot place (an inline table, a dotted key) falls back to the nearest table or to no line.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\- ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")
_DELIMITERS = ('"""', "'''")


def value_lines(text: str) -> dict[str, int]:
    """Every table and key of the text by dotted review path ("timeline.3.time"), with its 1-based line."""
    lines: dict[str, int] = {}
    counts: dict[str, int] = {}
    table = ""
    open_string = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if open_string:
            if line.count(open_string) % 2:
                open_string = ""
            continue
        header = _HEADER.match(line)
        if header:
            name = re.sub(r"\s*\.\s*", ".", header[2])
            if header[1] == "[[":
                counts[name] = counts.get(name, 0) + 1
                table = f"{name}.{counts[name] - 1}"
            else:
                table = name
            # a nested array's rows sit under the latest row of their parent: [[a.b]] after [[a]]
            table = _under_latest_rows(table, counts)
            lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            lines.setdefault(f"{table}.{key[1]}" if table else key[1], number)
        for delimiter in _DELIMITERS:
            if line.count(delimiter) % 2:
                open_string = delimiter
                break
    return lines


def _under_latest_rows(table: str, counts: dict[str, int]) -> str:
    """`appendix.communication_log.0` stays; `a.b.0` under the second `[[a]]` is `a.1.b.0`."""
    parts = table.split(".")
    for end in range(len(parts) - 1, 0, -1):
        parent = ".".join(parts[:end])
        if parent in counts and not parts[end].isdigit():
            return f"{parent}.{counts[parent] - 1}." + ".".join(parts[end:])
    return table


def line_of(text: str, path: str, lines: dict[str, int] | None = None) -> int | None:
    """The line of the value at a review path ("timeline.3.time", "incident.start", or the
    bracketed "timeline[3].time"), else of the nearest enclosing table or list; None if none."""
    lines = value_lines(text) if lines is None else lines
    parts = re.sub(r"\[(\d+)\]", r".\1", path).split(".")
    for end in range(len(parts), 0, -1):
        found = lines.get(".".join(parts[:end]))
        if found is not None:
            return found
    return None
