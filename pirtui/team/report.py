"""Command-line output of the team commands: aligned text tables, CSV and JSON.

Every string comes from a review someone typed: in a text table it goes through `inert` (the
terminal draws it, never obeys it); in JSON it stays exact, with the characters a terminal would
obey (controls, bidirectional overrides) written as \\u escapes.
"""

from __future__ import annotations

import csv
import io
import json
import re

from pirtui.core.inert import inert

_UNSAFE = re.compile("[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def safe_json(data: object) -> str:
    """JSON of `data`, exact, with nothing in it that a terminal showing it would obey."""
    text = _flat_rows_json(data)
    if text is None:
        text = json.dumps(data, indent=2, ensure_ascii=False)  # C0 controls are escaped by json itself
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _flat_rows_json(data: object) -> str | None:
    """`json.dumps(data, indent=2, ensure_ascii=False)` for a list of dicts of plain values (the
    rows of `actions --format json`), written with the C encoder value by value: with `indent`,
    json falls back to its pure-Python encoder, which took seconds for 50,000 rows. None for any
    other shape."""
    if not isinstance(data, list) or not data or not all(type(row) is dict and row for row in data):
        return None
    scalar = (str, int, float, bool, type(None))
    encode = json.JSONEncoder(ensure_ascii=False).encode
    rows = []
    for row in data:
        fields = []
        for key, value in row.items():
            if type(key) is not str or not isinstance(value, scalar):
                return None
            fields.append(f"    {encode(key)}: {encode(value)}")
        rows.append("  {\n" + ",\n".join(fields) + "\n  }")
    return "[\n" + ",\n".join(rows) + "\n]"


def text_table(headers: list[str], rows: list[list[str]], widths: dict[int, int] | None = None) -> str:
    """An aligned text table; column i is cut to widths[i] characters (with "…") when given."""
    widths = widths or {}
    cells = [[_cell(value, widths.get(i)) for i, value in enumerate(row)] for row in rows]
    sizes = [max([len(header)] + [len(row[i]) for row in cells]) for i, header in enumerate(headers)]
    lines = ["  ".join(h.ljust(sizes[i]) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("-" * size for size in sizes))
    lines.extend("  ".join(c.ljust(sizes[i]) for i, c in enumerate(row)).rstrip() for row in cells)
    return "\n".join(lines)


def _cell(value: str, width: int | None) -> str:
    value = inert(value, keep="")
    if width is not None and len(value) > width:
        return value[: width - 1] + "…"
    return value


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP's CSV injection list)."""


def inert_cell(value: object) -> object:
    """A CSV cell no spreadsheet runs: text starting with `=`, `+`, `-`, `@`, a tab or a carriage
    return gets a `'` in front, as OWASP advises (Excel, LibreOffice and Google Sheets then show the
    text, not a formula's result). Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(headers: list[str], rows: list[list[object]]) -> str:
    """CSV with a header row (RFC 4180 quoting, \\r\\n line ends, as spreadsheets and trackers expect),
    every text cell made inert for spreadsheets (`inert_cell`)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([inert_cell(header) for header in headers])
    writer.writerows([inert_cell(value) for value in row] for row in rows)
    return out.getvalue()
