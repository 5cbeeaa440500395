"""Comments written by hand in a review's TOML, kept through a save.

pirtui writes FILE.toml from the review alone, so a `# comment` a person added in their editor would
vanish on the next save. Here each comment is tied to what it annotates: a comment on lines of its
own to the key or table header below it, a comment after a value to that value's key. When pirtui
writes the file again, every comment goes back beside the same key; one whose key is no longer
written (a deleted row, an emptied list) goes to the end of the file, so no comment is lost.

Rows of a table are told apart by position (the third `[[timeline]]`), so a comment on a row that
was moved stays with the position, not the row. A first-line `#:schema` directive (read by Taplo and
Even Better TOML) is pirtui's own, stays the first line, and is never reported as hand-written.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import tomli

SCHEMA_DIRECTIVE = "#:schema"

_TOKENS = re.compile(
    # Written as "runs of ordinary characters between special ones", which the engine skips fast.
    r'"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"{0,2}"""'  # multi-line basic (may end in 1-2 quotes)
    r"|'''[^']*(?:'(?!'')[^']*)*'{0,2}'''"  # multi-line literal
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'  # basic string
    r"|'[^'\n]*'"  # literal string
    r"|(?P<comment>#[^\n]*)",
    re.DOTALL,
)
_ARRAY_HEADER = re.compile(r"[ \t]*\[\[[ \t]*(?P<name>[A-Za-z0-9_.-]+)[ \t]*\]\]")
_TABLE_HEADER = re.compile(r"[ \t]*\[[ \t]*(?P<name>[A-Za-z0-9_.-]+)[ \t]*\]")
_KEY = re.compile(r"[ \t]*(?P<key>[A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+)*)[ \t]*=")


@dataclass
class _Layout:
    """Where the statements (keys and table headers) and the comments of a TOML text are."""

    lines: list[str]
    statements: list[tuple[int, str]] = field(default_factory=list)
    """(line index, anchor) of each key or header, in order; the anchor names it, e.g. "timeline#2.time"."""
    comments: list[tuple[int, str, bool]] = field(default_factory=list)
    """(line index, text from '#', whether the comment has its line to itself)."""


_CANDIDATES = re.compile(r"#|\"\"\"|'''")
"""Only a line holding one of these can hold a comment or start or end a multi-line string."""


def _scan(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, int]]]:
    """The comments (offset, text from '#') and the multi-line strings (start, end) of a TOML text.

    Tokenizing every string of a large review costs more than the save itself, so only the lines
    that can matter are read: any other line leaves the scan outside every string, as it found it.
    """
    comments: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for candidate in _CANDIDATES.finditer(text):
        if candidate.start() < pos:
            continue
        pos = text.rfind("\n", 0, candidate.start()) + 1  # the line's start, outside every string
        line_end = _line_end(text, pos)
        while (token := _TOKENS.search(text, pos)) is not None and token.start() < line_end:
            pos = token.end()
            if token.group("comment") is not None:
                comments.append((token.start(), token.group("comment")))
            elif pos > line_end:  # a multi-line string: its last line is the one to finish
                spans.append((token.start(), pos))
                line_end = _line_end(text, pos)
        pos = line_end
    return comments, spans


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _line_starts(text: str) -> list[int]:
    return [0] + [match.end() for match in re.finditer("\n", text)]


def _layout(text: str, comments: list[tuple[int, str]], spans: list[tuple[int, int]]) -> _Layout:
    layout = _Layout(text.split("\n"))
    line_starts = _line_starts(text)
    for offset, comment in comments:
        at = bisect.bisect_right(line_starts, offset) - 1
        alone = not text[line_starts[at] : offset].strip()
        layout.comments.append((at, comment, alone))
    in_string = [False] * len(line_starts)
    for start, end in spans:
        first = bisect.bisect_right(line_starts, start) - 1
        last = bisect.bisect_right(line_starts, end - 1) - 1
        for index in range(first + 1, last + 1):
            in_string[index] = True  # a line that starts inside a multi-line string
    table = ""
    arrays: dict[str, int] = {}
    for index, line in enumerate(layout.lines):
        if in_string[index]:
            continue
        if array := _ARRAY_HEADER.match(line):
            name = array["name"]
            arrays[name] = arrays.get(name, -1) + 1
            table = f"{name}#{arrays[name]}"
            layout.statements.append((index, f"[[{table}]]"))
        elif header := _TABLE_HEADER.match(line):
            table = header["name"]
            layout.statements.append((index, f"[{table}]"))
        elif key := _KEY.match(line):
            name = re.sub(r"[ \t]", "", key["key"])
            layout.statements.append((index, f"{table}.{name}"))
    return layout


def _without_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def _is_directive(line_index: int, comment: str) -> bool:
    return line_index == 0 and comment.startswith(SCHEMA_DIRECTIVE)


def hand_written_comments(text: str) -> list[tuple[int, str]]:
    """Each comment of a TOML text as (line number from 1, text from '#'), so the editor and
    `pirtui check` can tell the user about them; the `#:schema` directive is not among them."""
    text = _without_bom(text)
    comments, _spans = _scan(text)
    line_starts = _line_starts(text) if comments else []
    found = []
    for offset, comment in comments:
        index = bisect.bisect_right(line_starts, offset) - 1
        if not _is_directive(index, comment):
            found.append((index + 1, comment))
    return found


def keep_comments(old: str, new: str) -> str:
    """`new` (pirtui's text of a review) with the comments of `old` (the file it replaces) put back
    beside the same keys, the ones without a key at the end; `new` itself when `old` has none.

    The result reads as exactly the same data as `new`; if it somehow would not, `new` is returned.
    """
    old = _without_bom(old)
    comments, spans = _scan(old)
    if not comments:
        return new
    directive, leading, trailing, orphans = _attach(_layout(old, comments, spans))
    after = _layout(new, *_scan(new))
    lines = list(after.lines)
    ends = _statement_ends(after)
    for (start, anchor), end in sorted(zip(after.statements, ends), reverse=True):
        if anchor in trailing:
            lines[end] += "  " + trailing.pop(anchor)
        if anchor in leading:
            lines[start:start] = leading.pop(anchor)
    left = [line for block in leading.values() for line in block] + list(trailing.values()) + orphans
    if left:
        while lines and lines[-1] == "":
            lines.pop()
        lines += ["", *left, ""]
    if new.startswith(SCHEMA_DIRECTIVE):
        directive = ""  # pirtui wrote its own
    merged = "\n".join(([directive] if directive else []) + lines)
    try:
        same = tomli.loads(merged) == tomli.loads(new)
    except tomli.TOMLDecodeError:
        same = False
    return merged if same else new


def _attach(layout: _Layout) -> tuple[str, dict[str, list[str]], dict[str, str], list[str]]:
    """The directive, comments above each anchor, the comment after each anchor, and the rest."""
    directive = ""
    leading: dict[str, list[str]] = {}
    trailing: dict[str, str] = {}
    orphans: list[str] = []
    starts = [index for index, _anchor in layout.statements]
    for index, comment, alone in layout.comments:
        if _is_directive(index, comment):
            directive = layout.lines[0].rstrip()
            continue
        if alone:
            below = bisect.bisect_left(starts, index)
            if below < len(starts):
                leading.setdefault(layout.statements[below][1], []).append(layout.lines[index].strip())
            else:
                orphans.append(layout.lines[index].strip())
        else:
            above = bisect.bisect_right(starts, index) - 1
            anchor = layout.statements[above][1] if above >= 0 else ""
            if anchor and anchor not in trailing:
                trailing[anchor] = comment
            else:
                orphans.append(comment)
    return directive, leading, trailing, orphans


def _statement_ends(layout: _Layout) -> list[int]:
    """The last non-blank line of each statement: where a comment after its value goes."""
    starts = [index for index, _anchor in layout.statements] + [len(layout.lines)]
    ends = []
    for start, following in zip(starts, starts[1:]):
        end = following - 1
        while end > start and not layout.lines[end].strip():
            end -= 1
        ends.append(end)
    return ends
