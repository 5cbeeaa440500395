"""The customer-facing version of a review (`pirtui render --public`), from the same source.

What stays internal: rows marked `internal`, the fields listed in `Review.internal_fields`, and
what the team's `public_excludes` setting names (by default the names of people, Relevant Logs,
the Approval section and the Review Meeting Notes). A redacted copy of the review is rendered by
the ordinary renderer, so the public version has the template's layout and escaping. Because a
name or an address can still hide in free text, `private_words` says what the rendering still
holds that looks private.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from pirtui.core.config import Config
from pirtui.core.model import Review, get_path, set_path
from pirtui.core.render import render
from pirtui.core.sections import sections_for, template_of
from pirtui.core.template import roles
from pirtui.core.template.loader import builtin

PEOPLE = "people"
"""The `public_excludes` entry that stands for every field holding a person's name."""
PEOPLE_FIELDS: tuple[str, ...] = builtin().people_paths
"""Where the template puts people's names (its person and people fields); `[]` stands for every row of a table."""


def public_copy(review: Review, config: Config) -> Review:
    """A copy of the review without internal rows, internal fields and the excluded paths."""
    copy = review.model_copy(deep=True)
    paths = list(review.internal_fields)
    for entry in config.public_excludes:
        if entry == PEOPLE:
            paths.extend(template_of(review).people_paths)
        elif entry not in _section_keys(review):
            paths.append(entry)
    concrete = [each for path in paths for each in _expand(copy, path)]
    for path in sorted(set(concrete), key=_later_rows_first, reverse=True):
        _clear(copy, path)  # removing row 5 before row 3 keeps the other indices right
    _drop_internal_rows(copy)  # after: internal_fields count rows as the review does
    copy.internal_fields = []
    return copy


def _section_keys(review: Review) -> set[str]:
    """The keys of the sections of the review's template (a `public_excludes` entry may name one)."""
    return {section.key for section in sections_for(review)}


def public_markdown(review: Review, config: Config) -> str:
    """The public version's Markdown: the redacted copy, without the sections the team excludes."""
    omit = {entry for entry in config.public_excludes if entry in _section_keys(review)}
    return render(public_copy(review, config), omit=omit)


def _drop_internal_rows(node: Any) -> None:
    """Remove every row marked internal, in every table of the review, at any depth."""
    if not isinstance(node, BaseModel):
        return
    for name in type(node).model_fields:
        value = getattr(node, name)
        if isinstance(value, list):
            kept = [row for row in value if not getattr(row, "internal", False)]
            if len(kept) != len(value):
                setattr(node, name, kept)
            for row in kept:
                _drop_internal_rows(row)
        else:
            _drop_internal_rows(value)


def _later_rows_first(path: str) -> tuple:
    return tuple((1, int(part)) if part.isdigit() else (0, part) for part in path.split("."))


def _expand(review: Review, path: str) -> list[str]:
    """The concrete dotted paths a path stands for ("approvals[].name" -> "approvals.0.name", ...)."""
    head, marker, tail = path.partition("[]")
    if not marker:
        return [path]
    try:
        rows = get_path(review, head)
    except (AttributeError, IndexError, ValueError):
        return []
    return [concrete for index in range(len(rows)) for concrete in _expand(review, f"{head}.{index}{tail}")]  # type: ignore[arg-type]


def _clear(review: Review, path: str) -> None:
    """Set the value at a path back to its empty default; a path that does not exist is skipped."""
    head, _, last = path.rpartition(".")
    try:
        parent = get_path(review, head) if head else review
        current = get_path(parent, last)
    except (AttributeError, IndexError, ValueError, TypeError):
        return
    if last.isdigit():  # one row or list item: removed
        del parent[int(last)]  # type: ignore[union-attr]
        return
    if isinstance(parent, BaseModel) and last in type(parent).model_fields:
        empty = type(parent).model_fields[last].get_default(call_default_factory=True)
        set_path(review, path, empty if not isinstance(current, str) else "")


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
IPV4 = re.compile(r"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b")
IPV6_CANDIDATE = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")
"""Words with two colons or more made of hex digits; `ipaddress` decides which are addresses."""


def _is_ipv6(word: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(word).version == 6
    except ValueError:
        return False


def people(review: Review) -> list[str]:
    """The names of the review's people (`roles.people`) long enough to look for, longest first."""
    names = set(roles.people(template_of(review), review))
    return sorted((name for name in names if len(name) >= 3), key=lambda n: (-len(n), n))


def private_words(review: Review, text: str) -> Iterator[tuple[str, str]]:
    """("an e-mail address" | "an IP address" | "the name", word) for each private-looking word in a
    public rendering; `review` is the full review, whose people are looked for."""
    seen: set[str] = set()
    for kind, pattern in (("an e-mail address", EMAIL), ("an IP address", IPV4), ("an IP address", IPV6_CANDIDATE)):
        for match in pattern.finditer(text):
            if pattern is IPV6_CANDIDATE and not _is_ipv6(match.group()):
                continue
            if match.group() not in seen:
                seen.add(match.group())
                yield kind, match.group()
    for name in people(review):
        if name not in seen and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            seen.add(name)
            yield "the name", name
