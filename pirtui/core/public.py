"""The customer-facing version of a review (`pirtui render --public`), from the same source.

What stays internal: rows marked `internal`, the fields listed in `Review.internal_fields`, the
publish flag itself, and what `left_out` names: the `public_excludes` the review's template declares
(the built-in template's: the names of people, Relevant Logs, the Approval section and the Review
Meeting Notes), or the team's `public_excludes` setting when it sets one. A redacted copy of the
review is rendered by the ordinary renderer, so the public version has the template's layout and
escaping. Because a name or an address can still hide in free text, `private_words` says what the
rendering still holds that looks private.

Everything is asked of the review's template by role: its people are its person and people fields
(each shown as its label, an approver as the sign-off's role), the action IDs renumbered are the
column with the action-id role, the free text searched for chat handles is its text blocks, its
timeline and its communication log, and whether a review goes on the public site is the yes-no
field with the publish role (`published`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from pirtui.core.config import Config
from pirtui.core.model import Review, get_path, set_path
from pirtui.core.render import render
from pirtui.core.sections import SECTIONS_BY_KEY, sections_for, template_of
from pirtui.core.template import roles
from pirtui.core.template.spec import PEOPLE  # the entry that stands for every person's name
from pirtui.core.template.template import DeclaredField, Template

APPROVER = "Approver"
"""The word for a person named in a sign-off whose role is blank."""
PUBLISH = "publish"
"""The role of the yes-no field that puts a review on the public site (`pirtui site --public`)."""


def person_word(field: DeclaredField) -> str:
    """The word that stands for a person in the public version, by the field that names them: its
    label ("Incident Commander", "Owner"), a people field's in the singular ("Attendees" ->
    "Attendee"), and "Approver" in a sign-off (whose own role, "Team Lead", wins: `name_table`)."""
    if field.block.role == "sign-offs":
        return APPROVER
    label = field.spec.label
    return label[:-1] if field.spec.type == "people" and label.endswith("s") else label


def published(review: Review) -> bool:
    """Whether the review goes on the public site: its template's field with the publish role is
    ticked, or (a template without one, the built-in template) the review's own `publish` key is
    true. Unset is never published."""
    path = template_of(review).path_of(PUBLISH)
    value = next(roles.values_at(review, path), None) if path and "[]" not in path else getattr(review, PUBLISH, None)
    return value is True


def left_out(template: Template, config: Config) -> tuple[str, ...]:
    """What the public version of a review of `template` leaves out (`public_excludes` entries):
    the team's setting when it sets one (an empty list leaves out nothing), else what the template
    declares. The public rendering, `render --public`'s warnings and the public site's page key
    ask this, and nothing else decides it."""
    if config.public_excludes is not None:
        return config.public_excludes
    return tuple(template.spec.public_excludes)


class PublicError(ValueError):
    """The public version cannot be made safely (the team's settings cannot be read, an exclude
    names nothing): one line. `render --public` then writes nothing and exits 2: it fails closed."""


def ensure_public_config(config: Config, review: Review | None = None) -> None:
    """Raise PublicError when the settings the public version rests on are not known for sure: a
    config file that cannot be read (its excludes would silently fall back to the defaults), a
    `public_excludes` of the wrong type, or an entry of the team's that names no section, field or
    `people` of the built-in template nor of the review's (a folder's settings serve reviews of
    several). A template's own `public_excludes` is checked when the template is read."""
    for problem in config.problems:
        if "cannot be read" in problem or "not valid TOML" in problem or "public_" in problem:
            raise PublicError(f"{problem}; the public version is not written")
    unknown = [entry for entry in config.public_excludes or ()
               if not is_exclude_name(entry) and not (review is not None and is_exclude_name(entry, review))]
    if unknown:
        where = config.sources.get("public_excludes", "default")
        raise PublicError(
            f"{where}: public_excludes: unknown name{'s' * (len(unknown) > 1)} {', '.join(map(repr, unknown))} "
            "(people, a section key such as approvals, or a field such as appendix.logs); the public version is not written"
        )


def is_exclude_name(entry: str, review: Review | None = None) -> bool:
    """Whether a `public_excludes` entry names something of the review's template (the built-in
    one without a review): `people`, a section key, or a review path ("appendix.logs",
    "action_items[].owner", "timeline.3")."""
    if entry == PEOPLE or entry in (_section_keys(review) if review is not None else SECTIONS_BY_KEY):
        return True
    current: Any = type(review) if review is not None else Review  # a model class, a list's annotation, or None
    for part in entry.split("."):
        if part.isdigit():
            if get_origin(current) is not list:
                return False
            current = get_args(current)[0] if get_args(current) else None
            continue
        name, rows = (part[:-2], True) if part.endswith("[]") else (part, False)
        fields = current.model_fields if isinstance(current, type) and issubclass(current, BaseModel) else {}
        if name not in fields:
            return False
        current = fields[name].annotation
        if rows:
            if get_origin(current) is not list:
                return False
            current = get_args(current)[0] if get_args(current) else None
    return True


def public_copy(review: Review, config: Config) -> Review:
    """A copy of the review without internal rows, internal fields and the excluded paths; with
    `people` excluded, every mention of a person in its text is their role (`public_names`)."""
    copy = review.model_copy(deep=True)
    excludes = left_out(template_of(review), config)
    if PEOPLE in excludes:
        _replace_names(copy, name_table(review, config))
    paths = list(review.internal_fields)
    for entry in excludes:
        if entry == PEOPLE:
            paths.extend(template_of(review).people_paths)
        elif entry not in _section_keys(review):
            paths.append(entry)
    concrete = [each for path in paths for each in _expand(copy, path)]
    for path in sorted(set(concrete), key=_later_rows_first, reverse=True):
        _clear(copy, path)  # removing row 5 before row 3 keeps the other indices right
    _drop_internal_rows(copy)  # after: internal_fields count rows as the review does
    _renumber_actions(template_of(review), copy)
    copy.internal_fields = []
    return copy


def _renumber_actions(template: Template, copy: Review) -> None:
    """Number the action items again (`_renumbered`), by their column with the action-id role; a
    template without one keeps its rows as they are."""
    path, key = template.table_path("action-items"), template.column_of("action-items", "action-id")
    if path and key:
        set_path(copy, path, _renumbered(get_path(copy, path), key))


def _section_keys(review: Review) -> set[str]:
    """The keys of the sections of the review's template (a `public_excludes` entry may name one)."""
    return {section.key for section in sections_for(review)}


def public_heading(review: Review, config: Config) -> str:
    """The public version's title (the HTML <title>): from the public copy, never the full review."""
    from pirtui.core.render import incident_id_of, title_of

    copy = public_copy(review, config)
    return ": ".join(part for part in (incident_id_of(copy), title_of(copy)) if part)


_NUMBERED_ID = re.compile(r"^(?P<prefix>.*?)(?P<number>\d+)$")


def _renumbered(items: list, key: str) -> list:
    """Action items numbered again after internal ones left: 1, 2, 3 rather than 1, 3 (a gap tells
    a reader that something was hidden). Only when every ID (the column `key`) is a number after
    one shared prefix."""
    matches = [_NUMBERED_ID.match(getattr(item, key)) for item in items]
    if not items or not all(matches) or len({m["prefix"] for m in matches if m}) != 1:
        return items
    width = max(len(m["number"]) for m in matches if m)
    pad = width if all(m["number"].startswith("0") or len(m["number"]) == width for m in matches if m) else 1
    return [item.model_copy(update={key: f"{m['prefix']}{n:0{pad}d}"}) for n, (item, m) in enumerate(zip(items, matches), 1) if m]


# -- people in the text: replaced by their role ------------------------------------------------------


def name_table(review: Review, config: Config) -> dict[str, str]:
    """Every way the review's people are written (lower case) -> the word the public version shows:
    their role, the team's `public_aliases` entry, or the team's `public_person_word` for all."""
    table: dict[str, str] = {}
    template = template_of(review)
    for field in template.fields:
        if field.spec.type not in ("person", "people"):
            continue
        word = person_word(field)
        for concrete in _expand(review, field.path):
            try:
                value = str(get_path(review, concrete))
            except (AttributeError, IndexError, ValueError):
                continue
            role = word
            if field.block.role == "sign-offs":
                row = get_path(review, concrete.rsplit(".", 1)[0])
                role = roles.cell(template, row, "sign-offs", "approval-role") or word
            for name in value.split(","):
                for variant in _variants(name):
                    table.setdefault(variant, role)
    for word, names in config.public_aliases.items():
        for name in names:
            for variant in _variants(name):
                table[variant] = word
    if config.public_person_word:
        table = {variant: config.public_person_word for variant in table}
    return table


def _variants(name: str) -> set[str]:
    """How a chat or a log writes a person: "Priya Natarajan", "priya", "priya.natarajan", "@pnatarajan"..."""
    name = " ".join(name.split()).strip().lstrip("@")
    if len(name) < 3:
        return set()
    words = name.split(" ")
    out = {name.casefold()}
    if len(words) > 1:
        first, last = words[0].casefold(), words[-1].casefold()
        out |= {f"{first}.{last}", f"{first}_{last}", f"{first}{last}", f"{first[0]}{last}"}
        if len(first) >= 3:
            out.add(first)
    return out


def _replace_names(node: Any, table: dict[str, str]) -> None:
    """Replace every mention of a person in the text fields of `node`, at any depth."""
    if not table:
        return
    pattern = re.compile(
        r"(?<![\w@.])@?(" + "|".join(re.escape(v) for v in sorted(table, key=len, reverse=True)) + r")(?![\w])",
        re.IGNORECASE,
    )

    def swap(text: str) -> str:
        return pattern.sub(lambda match: table[match.group(1).casefold()], text)

    _map_text(node, swap)


def _map_text(node: Any, swap: Any) -> None:
    if not isinstance(node, BaseModel):
        return
    for name in type(node).model_fields:
        value = getattr(node, name)
        if isinstance(value, str):
            setattr(node, name, swap(value))
        elif isinstance(value, list):
            setattr(node, name, [swap(item) if isinstance(item, str) else item for item in value])
            for item in value:
                _map_text(item, swap)
        else:
            _map_text(value, swap)


_MENTION = re.compile(r"(?<![\w@.])@([A-Za-z][\w.-]{1,38})")
_SPEAKER = re.compile(r"^\s*([A-Za-z][\w.'-]{1,31}):\s")
"""A chat handle at the start of a typed row ("priya: paging...")."""
_IMPORTED_SPEAKER = re.compile(r"^\s*([^\s:][^:\n]{0,60}?):\s")
"""The sender at the start of a row an evidence import wrote (it keeps a link or FILE:LINE in the
row's evidence): "Priya Natarajan: paging...", as Slack's users.json or the chat named them."""
_NOT_HANDLES = frozenset(
    "http https mailto note update status fix impact cause action todo edit root summary resolution "
    "alert alerts error warning info annotated".split()
)


def unplaced_handles(review: Review, config: Config) -> list[str]:
    """Handles the public version still holds that pirtui cannot place among the review's people
    (nor the team's `public_aliases`): an `@mention`, a chat speaker at the start of a typed row,
    the sender of a row an evidence import wrote. `render --public` lists each, one line, so none is
    published without a word."""
    copy = public_copy(review, config)
    placed = {word.casefold() for word in name_table(review, config).values()} | _NOT_HANDLES
    found: list[str] = []
    rows = _free_text(template_of(review), copy)
    for text, imported in rows:
        speaker = (_IMPORTED_SPEAKER if imported else _SPEAKER).match(text)
        handles = [speaker.group(1).strip()] if speaker else []
        handles += [match.group(1) for match in _MENTION.finditer(text)]
        for handle in handles:
            if handle.casefold() not in placed and handle not in found:
                found.append(handle)
    return found


def _free_text(template: Template, copy: Review) -> list[tuple[str, bool]]:
    """The text a chat handle can hide in, each with whether an evidence import wrote it (then its
    sender may be a full name): the timeline's events, the communication log's long text, the
    text blocks."""
    timeline = "incident-timeline"
    rows = [
        (roles.cell(template, row, timeline, "timeline-event"), bool(roles.cell(template, row, timeline, "timeline-evidence").strip()))
        for row in roles.rows(template, copy, timeline)
    ]
    log = [field.spec.key for field in template.fields
           if field.block.role == "communication-log" and field.spec.type == "long-text"]
    rows += [(str(getattr(row, key)), True) for row in roles.rows(template, copy, "communication-log") for key in log]
    texts = [block.path for section in template.spec.sections for block in section.blocks if block.kind == "text"]
    rows += [(str(value), False) for path in texts for value in roles.values_at(copy, path)]
    return rows


def public_markdown(review: Review, config: Config) -> str:
    """The public version's Markdown: the redacted copy, without the sections left out (`left_out`)
    and without the field with the publish role (whether a review is published is the team's
    business, not its readers'). Raises PublicError when the team's settings cannot be trusted
    (`ensure_public_config`)."""
    ensure_public_config(config, review)
    omit = {entry for entry in left_out(template_of(review), config) if entry in _section_keys(review)}
    return render(public_copy(review, config), omit=omit, omit_roles=(PUBLISH,))


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
    return [concrete for index in range(len(rows)) for concrete in _expand(review, f"{head}.{index}{tail}")]


def _clear(review: Review, path: str) -> None:
    """Set the value at a path back to its empty default; a path that does not exist is skipped."""
    head, _, last = path.rpartition(".")
    try:
        parent = get_path(review, head) if head else review
        current = get_path(parent, last)
    except (AttributeError, IndexError, ValueError, TypeError):
        return
    if last.isdigit():  # one row or list item: removed
        del parent[int(last)]
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
