"""Team patterns (`hint_words.team_alias_patterns` in `.pirtui.toml`) on a linear-time engine.

A team's regular expression runs on every owner of every action item, in the editor as you type
and in `check --hints` in CI. Python's `re` backtracks: `^(a+)+$` against 34 a's and a "!" takes
minutes, and an innocent-looking pattern can do the same, which froze the editor for good. RE2
(Google's engine, through the maintained `google-re2` binding) matches in time linear in the text,
whatever the pattern; the price is that it refuses what needs backtracking (backreferences,
lookaround), which a team is told in one line naming the key, when the config is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

MAX_PATTERN_CHARS = 1000
"""A team pattern longer than this is refused: an alias pattern is a few words, not a program."""

MAX_PROGRAM_BYTES = 1 << 20
"""RE2's memory for one compiled pattern (a huge repetition count is refused rather than built)."""


class PatternError(ValueError):
    """A team pattern RE2 cannot take; the message is one line without the key (the caller adds it)."""


class _Compiled(Protocol):
    """What `TeamPattern` uses of a pattern compiled by RE2 (google-re2 ships no types)."""

    def match(self, text: str) -> object: ...


@dataclass(frozen=True)
class TeamPattern:
    """A compiled team pattern: `match` anchors at the start of the text, as `re.match` does."""

    source: str
    _regexp: _Compiled

    def match(self, text: str) -> bool:
        """Whether the pattern matches at the start of `text`; linear in len(text)."""
        return self._regexp.match(text) is not None


@lru_cache(maxsize=256)
def compile_pattern(pattern: str, ignore_case: bool = True) -> TeamPattern:
    """The pattern compiled by RE2, or PatternError saying in one line why it cannot be used."""
    import re2

    if len(pattern) > MAX_PATTERN_CHARS:
        raise PatternError(f"pattern longer than {MAX_PATTERN_CHARS} characters")
    options = re2.Options()
    options.case_sensitive = not ignore_case
    options.max_mem = MAX_PROGRAM_BYTES
    options.log_errors = False
    try:
        regexp = re2.compile(pattern, options)
    except re2.error as error:
        detail = error.args[0] if error.args else ""
        detail = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
        reason = " ".join(detail.split()) or "not a regular expression RE2 can run"
        raise PatternError(f"{pattern!r} cannot be used: {reason} (RE2 has no backreferences or lookaround)") from None
    return TeamPattern(pattern, regexp)


def problem(pattern: object) -> str:
    """"" when `pattern` is a team pattern RE2 takes, else the one-line reason."""
    if not isinstance(pattern, str):
        return f"{type(pattern).__name__} is not a pattern"
    try:
        compile_pattern(pattern)
    except PatternError as error:
        return str(error)
    return ""


def compile_patterns(patterns: list[str] | tuple[str, ...]) -> list[TeamPattern]:
    """The patterns RE2 takes, compiled; the others are left out (the config names them already)."""
    out = []
    for pattern in patterns:
        try:
            out.append(compile_pattern(pattern))
        except PatternError:
            continue
    return out
