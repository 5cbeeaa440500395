"""Text the terminal would obey, made visible and harmless for display.

A review may hold an escape sequence pasted from a log, a stray control character, or a
bidirectional override (the "Trojan Source" trick) that makes text read differently from what it
is. Sent raw to a terminal these would move the cursor, change colours or reorder what the reader
sees. `inert` replaces each of them with a visible symbol, for display only: the review keeps every
character exactly as typed, and only what is drawn on screen changes.
"""

from __future__ import annotations

import html
import re

_C0_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)}
"""U+2400..U+241F: the Unicode "control pictures" for NUL..US (ESC is ␛)."""

_DEL_PICTURE = "\u2421"  # ␡

_MARKED = (
    "[\u0080-\u009f"  # C1 controls: U+009B is CSI on terminals that honour 8-bit controls
    "\u061c\u200e\u200f"  # invisible direction marks (ALM, LRM, RLM)
    "\u202a-\u202e"  # LRE, RLE, PDF, LRO, RLO: embeddings and overrides
    "\u2066-\u2069"  # LRI, RLI, FSI, PDI: isolates
    "\u2028\u2029"  # line and paragraph separators: line breaks for some widgets, not others
    "]"
)
"""Characters with no control picture, shown as a "⟦U+202E⟧" marker naming the code point."""


def _pattern(keep: str) -> re.Pattern[str]:
    controls = "".join(re.escape(chr(code)) for code in range(0x20) if chr(code) not in keep)
    return re.compile(f"[{controls}\x7f]|{_MARKED}")


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _pattern_for(keep: str) -> re.Pattern[str]:
    pattern = _PATTERNS.get(keep)
    if pattern is None:
        pattern = _PATTERNS[keep] = _pattern(keep)
    return pattern


def _picture(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return _C0_PICTURES[code]
    if code == 0x7F:
        return _DEL_PICTURE
    return f"\u27e6U+{code:04X}\u27e7"


def inert(text: str, keep: str = "\n\t") -> str:
    """The text as it may be drawn: control characters as visible symbols, nothing the terminal obeys.

    `keep` lists the C0 control characters the widget itself handles and so may pass through: a
    multi-line TextArea or a Static takes newlines and tabs (the default); a one-line cell or Input
    should pass `keep=""` so that a newline shows as ␊ instead of breaking the row.

    Only for display: never write the result back into the review, or the user's words change.
    Text without such characters is returned unchanged (and cheaply), so it is fine per keystroke.
    """
    pattern = _pattern_for(keep)
    if pattern.search(text) is None:
        return text
    return pattern.sub(_picture, text)


_REFERENCE = re.compile(r"(\\*)(&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)")
"""A character reference (&#27;, &#x202E;, &rlm;), with the backslashes before it."""


def _reference_picture(match: re.Match[str]) -> str:
    slashes, reference = match.groups()
    if len(slashes) % 2:  # an escaped "&": the reference is text, shown as typed
        return match.group()
    char = _decoded(reference)
    if not char or char in "\n\t" or not all(obeyed(c) for c in char):
        return match.group()
    return slashes + inert(char, keep="")


def _decoded(reference: str) -> str:
    """The character a reference stands for; html.unescape would drop or remap the controls."""
    if reference.startswith("&#"):
        digits = reference[2:-1]
        code = int(digits[1:], 16) if digits[:1] in "xX" else int(digits)
        return chr(code) if code <= 0x10FFFF else ""
    char = html.unescape(reference)
    return "" if char == reference else char


def inert_markdown(markdown: str) -> str:
    """Markdown that may be handed to a Markdown viewer: `inert` for the characters themselves, and
    character references to them (FILE.md writes ESC in a table cell as `&#27;`) made symbols too,
    since a viewer would decode them into the very character. Line breaks written as `&#10;` stay."""
    return _REFERENCE.sub(_reference_picture, inert(markdown))


_JSON_UNESCAPED = re.compile(f"\x7f|{_MARKED}")
"""What json.dumps(ensure_ascii=False) leaves raw that a terminal would obey (it escapes C0 itself)."""


def inert_json(dumped: str) -> str:
    """JSON text that is safe to print: DEL, C1 controls, direction marks and overrides become
    `\\uXXXX` escapes. They can only stand inside JSON strings, so every value parses back exactly."""
    return _JSON_UNESCAPED.sub(lambda match: f"\\u{ord(match.group()):04x}", dumped)


def obeyed(char: str) -> bool:
    """Whether `inert` replaces this one character (any control character, newline and tab included)."""
    return _pattern_for("").match(char) is not None


def has_controls(text: str, keep: str = "\n\t") -> bool:
    """Whether `inert` would change the text: lets an editable field warn that it holds such characters."""
    return _pattern_for(keep).search(text) is not None


_SAME_WIDTH_UNKNOWN = "\u2370"  # ⍰: one visible cell for a control that has no picture of its own


def _same_width_picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return _C0_PICTURES[code]
    if code == 0x7F:
        return _DEL_PICTURE
    return _SAME_WIDTH_UNKNOWN


def inert_same_width(text: str, keep: str = "") -> str:
    """Like `inert`, but one character for one, for the display of a widget the user edits.

    An Input or TextArea places its cursor and selection by character index in the value; `inert`'s
    "⟦U+202E⟧" markers would shift everything after them. Here ESC becomes ␛, other C0 controls their
    control pictures, DEL ␡, and C1 controls, direction marks, overrides and isolates a single ⍰, so
    `len(inert_same_width(t)) == len(t)` and index i on screen is index i of the value.
    Only for display: the value itself stays as typed.
    """
    pattern = _pattern_for(keep)
    if pattern.search(text) is None:
        return text
    return pattern.sub(_same_width_picture, text)


def shown_path(path: object) -> str:
    """A file name as a line of output may show it. A name that is not UTF-8 (Python holds its bytes
    as surrogates, which no UTF-8 output can write) shows its bytes as `\\xff` escapes; controls show
    as symbols; and a relative name that would start the line with `::` gets `./` in front, so a file
    named `::error file=README.md::...` cannot become a GitHub workflow command in a CI log."""
    text = inert(utf8_name(path), keep="")
    if text.lstrip().startswith("::"):
        text = "./" + text
    return text


def utf8_name(path: object) -> str:
    """A file name as UTF-8 text for CSV and JSON: exact when it is UTF-8, else with each byte that is
    not as a `\\xff` escape (writing the surrogates Python reads such a name into would fail)."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text
