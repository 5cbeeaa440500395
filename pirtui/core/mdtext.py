"""Reversible Markdown encodings of the values a review holds.

The renderer writes every value through one of these encoders so that no value can break the
document's structure (a `|` ending a table cell early, a line starting with `#` becoming a heading,
a code fence in a log swallowing the rest of the file). The importer reads the values back with the
matching decoder. Each pair is an exact inverse: `unescape_x(escape_x(value)) == value` for every
string, which the hypothesis tests check.

The decoders take the Markdown *source* of the value as markdown-it-py hands it over: a table cell's
`inline` token `.content`, the source lines of a paragraph or list item, a fence token's `.content`.
Two things no Markdown parser keeps are outside any encoding: a carriage return or NUL inside free
text or code (markdown-it-py turns `\\r` into a line ending and NUL into U+FFFD before parsing), and
blank lines or spaces around a whole block of free text (layout, not words). The renderer writes
these, and every other character a terminal would obey, in free text and code as visible symbols
(`pirtui.core.render`); `escape_cell` writes them as character references, which read back exactly.
"""

from __future__ import annotations

import re

from pirtui.core.inert import has_controls, obeyed

# ---------------------------------------------------------------------------------------------
# Single-line values: table cells, and short fields written inside a line (dates, names, URLs)
# ---------------------------------------------------------------------------------------------

_CELL_DECODE = re.compile(r"\\(.)|&#(\d{1,7});|<br>", re.DOTALL)
_CELL_SPECIAL = re.compile(r"[\\|\n<&]")
"""Characters `escape_cell` may rewrite; a value with none of them (nor controls, nor blank ends) stays as is."""


def _is_edge_blank(char: str) -> bool:
    """Characters a Markdown parser trims from both ends of a cell, heading or inline value."""
    return char.isspace() or char in "\ufeff\u200b"


def _opens_html(value: str, index: int) -> bool:
    """Whether the `<` at `index` starts a tag, a declaration or an autolink in CommonMark."""
    follow = value[index + 1 : index + 2]
    return bool(follow) and follow.isascii() and (follow.isalpha() or follow in "/!?")


def escape_cell(value: str) -> str:
    """A value as the text of one table cell (or any single-line spot): it stays on one line.

    Backslash doubles, `|` becomes `\\|`, a line break becomes `<br>` (a literal `<br>` typed by
    the user becomes `\\<br>`), a carriage return, NUL or anything else a terminal would obey (an
    escape sequence, a bidirectional override: see `pirtui.core.inert`) becomes a character reference,
    a `<` that would open raw HTML or an autolink ("<b>", "<!here>", "<https://x|y>") becomes `\\<`,
    so a cell shows the text it holds (evidence from Slack or a log is never HTML in FILE.md),
    and spaces at either end become character references because the table parser trims them. `&#`
    typed by the user becomes `\\&#` so that references written here are never confused with the user's.
    """
    if not value:
        return ""
    controlled = has_controls(value, keep="\n\t")
    if not controlled and not _CELL_SPECIAL.search(value) and not _is_edge_blank(value[0]) and not _is_edge_blank(value[-1]):
        return value  # the common case, and the one a 50,000-row timeline must not pay a loop a character for
    length = len(value)
    lead = 0
    while lead < length and _is_edge_blank(value[lead]):
        lead += 1
    trail = length
    while trail > lead and _is_edge_blank(value[trail - 1]):
        trail -= 1
    out: list[str] = []
    for index, char in enumerate(value):
        if char == "\\":
            out.append("\\\\")
        elif char == "|":
            out.append("\\|")
        elif char == "\n":
            out.append("<br>")
        elif controlled and char != "\t" and obeyed(char):
            out.append(f"&#{ord(char)};")
        elif char == "<" and _opens_html(value, index):
            out.append("\\<")
        elif char == "&" and value.startswith("&#", index):
            out.append("\\&")
        elif index < lead or index >= trail:
            out.append(f"&#{ord(char)};")
        else:
            out.append(char)
    return "".join(out)


def unescape_cell(source: str) -> str:
    """The value `escape_cell` (or `escape_heading`, `escape_punctuation`) wrote.

    Reads a backslash as "the next character literally", `&#N;` as character N and `<br>` as a
    line break. markdown-it-py's table rule has already turned `\\|` into `|`; both forms read back.
    """

    def decode(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return match.group(1)
        if match.group(2) is not None:
            code = int(match.group(2))
            return chr(code) if code <= 0x10FFFF else match.group(0)
        return "\n"

    return _CELL_DECODE.sub(decode, source)


_CELL_TOKEN = re.compile(r"\\.|&#\d{1,7};|<br>|.", re.DOTALL)


def escape_punctuation(value: str, characters: str) -> str:
    """`escape_cell`, with the given ASCII punctuation also backslash-escaped (reads back with
    `unescape_cell`); used where a character has a meaning in the surrounding syntax.

    When `characters` holds "<" (a link destination in angle brackets, which cannot hold `<`),
    a line break is written `&#10;` instead of `<br>`.
    """
    out: list[str] = []
    for token in _CELL_TOKEN.findall(escape_cell(value)):
        if token == "<br>" and "<" in characters:
            out.append("&#10;")
        elif len(token) == 1 and token in characters:
            out.append("\\" + token)
        else:
            out.append(token)
    return "".join(out)


def escape_heading(value: str) -> str:
    """A value as heading text: `escape_cell`, plus a final `#` escaped so that it is not read as
    the heading's closing sequence. Reads back with `unescape_cell`."""
    escaped = escape_cell(value)
    if escaped.endswith("#"):
        escaped = escaped[:-1] + "\\#"
    return escaped


unescape_heading = unescape_cell
"""The inverse of `escape_heading`."""


def split_unescaped(source: str, separator: str) -> list[str]:
    """`source` split at each `separator` character not preceded by an escaping backslash."""
    parts: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(source):
        char = source[index]
        if char == "\\" and index + 1 < len(source):
            current.append(source[index : index + 2])
            index += 2
            continue
        if char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return parts


def list_cell(items: list[str]) -> str:
    """A list of short values in one cell, joined by ", " (Impacted Services).

    Commas inside an item are escaped. A list holding a single empty item reads back as no items.
    """
    return ", ".join(escape_punctuation(item, ",") for item in items)


def split_list_cell(source: str) -> list[str]:
    """The items `list_cell` wrote; a hand-written "api, db,web" reads as ["api", "db", "web"]."""
    return [unescape_cell(item) for item in list_cell_items(source)]


def list_cell_items(source: str, loose: bool = False) -> list[str]:
    """The items of a list cell as written (still escaped): split at unescaped commas, the space
    `list_cell` puts after each comma dropped; `loose` (hand-written Markdown, any spacing) strips
    every item of its layout spaces."""
    if not source:
        return []
    parts = split_unescaped(source, ",")
    if loose:
        return [part.strip() for part in parts]
    return [parts[0]] + [part[1:] if part.startswith(" ") else part for part in parts[1:]]


# ---------------------------------------------------------------------------------------------
# The Incident Information "Date/Time" cell: "{start} - {end} ({timezone})"
# ---------------------------------------------------------------------------------------------

_LONE_DASH = re.compile(r"(?:(?<= )|^)-(?= |$)")
_TIMEZONE_ONLY = re.compile(r"^\(((?:\\.|[^\\()])*)\)\Z", re.DOTALL)
_TIMEZONE_TAIL = re.compile(r"^(.*) \(((?:\\.|[^\\()])*)\)\Z", re.DOTALL)


def _escape_window_part(value: str) -> str:
    return _LONE_DASH.sub(r"\\-", escape_cell(value))


def date_time_cell(start: str, end: str, timezone: str) -> str:
    """The template's Date/Time value, with start and end exactly as typed.

    A "-" standing alone between spaces inside start or end is escaped, so the first unescaped
    " - " is the separator; parentheses in the timezone are escaped, so the last "(...)" is it.
    """
    if not (start or end or timezone):
        return ""
    zone = _LONE_DASH.sub(r"\\-", escape_punctuation(timezone, "()"))
    if not (start or end):
        return f"({zone})"
    return f"{_escape_window_part(start)} - {_escape_window_part(end)} ({zone})"


def split_date_time_cell(source: str) -> tuple[str, str, str] | None:
    """(start, end, timezone) from a Date/Time cell, or None when it does not have that shape.

    A cell holding only "(timezone)" has neither start nor end. Also reads what people type by
    hand: "2024-01-15 14:30 - 15:15 (UTC)".
    """
    if not source:
        return ("", "", "")
    zone_only = _TIMEZONE_ONLY.match(source)
    if zone_only:
        return ("", "", unescape_cell(zone_only.group(1)))
    separator = _first_unescaped(source, " - ")
    if separator is not None:
        start, rest = source[:separator], source[separator + 3 :]
    elif source.startswith("- "):
        # The start was empty and the table parser trimmed the space before the dash.
        start, rest = "", source[2:]
    else:
        return None
    match = _TIMEZONE_TAIL.match(rest)
    if match is None:
        return unescape_cell(start), unescape_cell(rest), ""
    return unescape_cell(start), unescape_cell(match.group(1)), unescape_cell(match.group(2))


def _first_unescaped(source: str, needle: str) -> int | None:
    """Index of the first occurrence of `needle` that is not inside a backslash escape."""
    index = 0
    while index < len(source):
        if source[index] == "\\":
            index += 2
            continue
        if source.startswith(needle, index):
            return index
        index += 1
    return None


# ---------------------------------------------------------------------------------------------
# The Timeline "Event" cell: event, then " **[milestone]**", then " ([evidence](<url>))" for a URL
# or " (evidence: PD-88412)" for anything else
# ---------------------------------------------------------------------------------------------

_MILESTONE_TAIL = re.compile(r"(?:^| )\*\*\[((?:\\.|[^\\*\[\]])*)\]\*\*\Z", re.DOTALL)
_EVIDENCE_TAIL = re.compile(r"(?:^| )\(\[evidence\]\(<((?:\\.|[^\\<>])*)>\)\)\Z", re.DOTALL)
_EVIDENCE_TEXT_TAIL = re.compile(r"(?:^| )\(evidence: ((?:\\.|[^\\()])*)\)\Z", re.DOTALL)
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+\Z")


def is_url(value: str) -> bool:
    """Whether evidence is a web address (a link) rather than a ticket, a file:line or a note."""
    return bool(_URL.match(value))


def event_cell(event: str, milestone: str, evidence: str) -> str:
    """A timeline row's Event cell carrying its milestone and evidence link as suffixes.

    When an event's own text ends like one of the suffixes, its last character is escaped so the
    importer does not read it as a milestone or a link.
    """
    text = escape_cell(event)
    if not milestone and _MILESTONE_TAIL.search(text):
        text = text[:-1] + "\\*"
    if not milestone and not evidence and (_EVIDENCE_TAIL.search(text) or _EVIDENCE_TEXT_TAIL.search(text)):
        text = text[:-1] + "\\)"
    parts = [text] if text else []
    if milestone:
        parts.append(f"**[{escape_punctuation(milestone, '*[]')}]**")
    if evidence and is_url(evidence):
        parts.append(f"([evidence](<{escape_punctuation(evidence, '<>')}>))")
    elif evidence:
        # Only a URL makes a working link; "PD-88412" as a link would point nowhere.
        parts.append(f"(evidence: {escape_punctuation(evidence, '()')})")
    return " ".join(parts)


_TICKET_LINK = re.compile(r"\A\[((?:\\.|[^\\\[\]])*)\]\(<((?:\\.|[^\\<>])*)>\)\Z", re.DOTALL)


def ticket_cell(ticket: str, url: str) -> str:
    """An action item's Ticket cell: a link to the tracker when the team gave a `ticket_url`
    pattern (`pirtui.core.tickets.ticket_link`), else the ticket as typed."""
    if not url or not ticket.strip():
        return escape_cell(ticket)
    return f"[{escape_punctuation(ticket, '[]')}](<{escape_punctuation(url, '<>')}>)"


def split_ticket_cell(source: str) -> str:
    """The ticket `ticket_cell` wrote. A link is read as its text only when its address ends with
    that text (as a tracker's URL pattern makes it); any other link is kept whole, as written."""
    match = _TICKET_LINK.match(source)
    if match is None:
        return unescape_cell(source)
    text, url = unescape_cell(match.group(1)), unescape_cell(match.group(2))
    from urllib.parse import quote

    return text if text.strip() and url.endswith((text.strip(), quote(text.strip(), safe=""))) else unescape_cell(source)


def split_event_cell(source: str) -> tuple[str, str, str]:
    """(event, milestone, evidence) from an Event cell; plain hand-written events read as events."""
    evidence = milestone = ""
    match = _EVIDENCE_TAIL.search(source) or _EVIDENCE_TEXT_TAIL.search(source)
    if match:
        evidence = unescape_cell(match.group(1))
        source = source[: match.start()]
    match = _MILESTONE_TAIL.search(source)
    if match:
        milestone = unescape_cell(match.group(1))
        source = source[: match.start()]
    return unescape_cell(source), milestone, evidence


# ---------------------------------------------------------------------------------------------
# Free text (paragraphs the user writes) and list items
# ---------------------------------------------------------------------------------------------

_LINE_ENDING = re.compile(r"(\r\n|\r|\n)")
_LINE_START = re.compile(r"^( {0,3})(\\*)(.*)$", re.DOTALL)
_SETEXT = re.compile(r"^(?:=+|-+)[ \t]*$")
_FENCE = re.compile(r"^(`{3,}|~{3,})(.*)$", re.DOTALL)
_HTML_UNTIL_CLOSED = (
    (re.compile(r"^<(?:script|pre|style|textarea)(?=\s|>|$)", re.I), re.compile(r"</(?:script|pre|style|textarea)>", re.I)),
    (re.compile(r"^<!--"), re.compile(r"-->")),
    (re.compile(r"^<\?"), re.compile(r"\?>")),
    (re.compile(r"^<![A-Za-z]"), re.compile(r">")),
    (re.compile(r"^<!\[CDATA\["), re.compile(r"\]\]>")),
)
"""HTML blocks that run to the end of the document unless their end marker appears."""


def _split_lines(text: str) -> tuple[list[str], list[str]]:
    parts = _LINE_ENDING.split(text)
    return parts[0::2], parts[1::2]


def _join_lines(lines: list[str], endings: list[str]) -> str:
    out = [lines[0]]
    for ending, line in zip(endings, lines[1:]):
        out.append(ending)
        out.append(line)
    return "".join(out)


def _opens_block(rest: str) -> bool:
    """Whether a line (after its indent) opens a fence or an HTML block that needs closing."""
    fence = _FENCE.match(rest)
    if fence and not (fence.group(1)[0] == "`" and "`" in fence.group(2)):
        return True
    return any(start.match(rest) for start, _ in _HTML_UNTIL_CLOSED)


def _block_end(lines: list[str], index: int, rest: str) -> int | None:
    """The line that closes the block opened on `lines[index]`, or None if nothing closes it."""
    fence = _FENCE.match(rest)
    if fence:
        marker = fence.group(1)
        closer = re.compile("^ {0,3}" + re.escape(marker[0]) + "{" + str(len(marker)) + r",}[ \t]*$")
        for later in range(index + 1, len(lines)):
            if closer.match(lines[later]):
                return later
        return None
    for start, end in _HTML_UNTIL_CLOSED:
        if start.match(rest):
            for later in range(index, len(lines)):
                if end.search(lines[later]):
                    return later
            return None
    return None


def _always_escaped(rest: str, previous: str | None) -> bool:
    """A line that becomes a heading wherever it is: ATX `#`, or a setext underline under text."""
    if rest.startswith("#"):
        return True
    return previous is not None and previous.strip() != "" and bool(_SETEXT.match(rest))


def escape_text(text: str) -> str:
    """Free Markdown text made safe to place between the review's headings.

    Outside code fences and closed HTML blocks, a line that would become a heading (`#` after up
    to 3 spaces, or a setext underline of `=` or `-` under a line of text) and a code fence or
    HTML block that is never closed (it would swallow the rest of the document) get a backslash
    after their indent. A line that already starts with backslashes before such text gets one
    more, so that `unescape_text` can tell the user's backslashes from ours. Everything else,
    including balanced code fences, is left exactly as written.
    """
    if not text:
        return ""
    lines, endings = _split_lines(text)
    out = list(lines)
    index = 0
    while index < len(lines):
        indent, slashes, rest = _line_start(lines[index])
        previous = lines[index - 1] if index else None
        if _opens_block(rest) and not slashes:
            end = _block_end(lines, index, rest)
            if end is not None:
                index = end + 1
                continue
            out[index] = f"{indent}\\{rest}"
        elif _always_escaped(rest, previous) or _opens_block(rest):
            out[index] = f"{indent}\\{slashes}{rest}"
        index += 1
    return _join_lines(out, endings)


def _line_start(line: str) -> tuple[str, str, str]:
    """A line's indent (up to 3 spaces), the backslashes after it, and the rest: `_LINE_START`
    matches every line (each part may be empty)."""
    match = _LINE_START.match(line)
    assert match is not None
    return match[1], match[2], match[3]


def unescape_text(source: str) -> str:
    """The text `escape_text` wrote."""
    if not source:
        return ""
    lines, endings = _split_lines(source)
    out = list(lines)
    index = 0
    while index < len(lines):
        indent, slashes, rest = _line_start(lines[index])
        previous = lines[index - 1] if index else None
        if not slashes:
            if _opens_block(rest):
                end = _block_end(lines, index, rest)
                if end is not None:
                    index = end + 1
                    continue
        elif _always_escaped(rest, previous) or _opens_block(rest):
            out[index] = f"{indent}{slashes[1:]}{rest}"
        index += 1
    return _join_lines(out, endings)


_RULE_AFTER_MARKER = re.compile(r"^( {0,3})(\\*)((?:-[ \t]*){2,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
"""An item's first line that would make the item's whole line a thematic break ("- ---", "- --")
or hold one ("- ***"): after a "-" marker two dashes are enough."""


def escape_item(text: str, width: int) -> str:
    """A list item's text after its marker: `escape_text`, with every following non-empty line
    indented by `width` (the marker's width, e.g. 3 for "1. ") so it stays inside the item.

    A first line that reads as a rule ("---", "***") gets a backslash after its indent (one more
    when it starts with backslashes already), so the item stays an item holding that text."""
    lines, endings = _split_lines(escape_text(text))
    rule = _RULE_AFTER_MARKER.match(lines[0])
    if rule:
        lines[0] = f"{rule.group(1)}\\{rule.group(2)}{rule.group(3)}"
    pad = " " * width
    return _join_lines([lines[0]] + [pad + line if line else "" for line in lines[1:]], endings)


def unescape_item(source: str, width: int) -> str:
    """The text `escape_item` wrote; hand-written items indented less than `width` read too."""
    lines, endings = _split_lines(source)
    rule = _RULE_AFTER_MARKER.match(lines[0])
    if rule and rule.group(2):
        lines[0] = f"{rule.group(1)}{rule.group(2)[1:]}{rule.group(3)}"
    dedented = [lines[0]]
    for line in lines[1:]:
        strip = 0
        while strip < width and strip < len(line) and line[strip] == " ":
            strip += 1
        dedented.append(line[strip:])
    return unescape_text(_join_lines(dedented, endings))


# ---------------------------------------------------------------------------------------------
# Code: fenced blocks and code spans
# ---------------------------------------------------------------------------------------------

_FENCE_RUN = re.compile(r"^ {0,3}(`+)")
_BACKTICK_RUN = re.compile(r"`+")


def code_block(content: str, language: str = "") -> str:
    """A fenced code block holding `content` exactly.

    The fence is one backtick longer than any backtick run starting a line of the content, so a
    fence inside a log cannot close it.
    """
    longest = 0
    for line in _LINE_ENDING.split(content)[0::2]:
        match = _FENCE_RUN.match(line)
        if match:
            longest = max(longest, len(match.group(1)))
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{content}\n{fence}"


def code_block_content(parsed: str) -> str:
    """The content `code_block` wrote, from markdown-it-py's fence token `.content`."""
    return parsed[:-1] if parsed.endswith("\n") else parsed


def code_span(text: str) -> str:
    """`text` as an inline code span (for one line: a line break would end the span's line).

    The delimiter is the shortest backtick run that does not occur in the text; a space is added
    on both sides where CommonMark would otherwise eat one or merge backticks.
    """
    runs = {len(run) for run in _BACKTICK_RUN.findall(text)}
    length = 1
    while length in runs:
        length += 1
    ticks = "`" * length
    if text.startswith("`") or text.endswith("`") or (
        text.startswith(" ") and text.endswith(" ") and text.strip(" ")
    ):
        text = f" {text} "
    return f"{ticks}{text}{ticks}"


def unescape_code_span(source: str) -> str:
    """The text of a code span's source as written by `code_span` (or by hand)."""
    ticks = len(source) - len(source.lstrip("`"))
    inner = source[ticks : len(source) - ticks] if ticks and source.endswith("`" * ticks) else source
    if len(inner) >= 2 and inner.startswith(" ") and inner.endswith(" ") and inner.strip(" "):
        inner = inner[1:-1]
    return inner
