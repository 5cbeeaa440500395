"""Hints: coaching on what makes a review useful, as the writer types.

Checks (`pirtui.core.checks`) judge form: dates, IDs, required fields. Hints judge substance, the few
things a review facilitator keeps pointing out: blame instead of the conditions that made a failure
possible, a 5 Whys chain that stops at a person, action items nobody can finish, lessons nothing
carries out, a timeline with holes. They are findings with level "hint": shown in a quieter style,
counted apart, never an error or a warning, never a reason to refuse a save or fail `pirtui check`.

Hints are guesses from words, so every one can be dismissed for its field (`DismissedHint` in the
review). The words live in `hint_words.toml` (English), which a team extends or trims in its
`.pirtui.toml` (`hint_words`, `hint_words_removed`): another language is a data file, not code.

This module holds the hint itself, the word lists and what the hints know beyond the review; the
rules live by what they read: `hint_cause` (blame, a person as the cause, the 5 Whys), `hint_actions`
(an action item's wording, target, owner), `hint_carried` (lessons, improvements and factors no action
carries out), `hint_timeline` (holes in the impact window), all reading text through `hint_text`.
Each rule is keyed by the section it reads (`_RULES`). This module imports no checks:
`pirtui.core.checks` runs `section_hints` after a section's own rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal, Protocol

from pirtui.core import hint_actions, hint_carried, hint_cause, hint_timeline
from pirtui.core.computed import is_open
from pirtui.core.hint_text import Phrases, named_people, phrases, review_people, stem, words
from pirtui.core.model import ActionItem, Review
from pirtui.core.patterns import TeamPattern, compile_patterns
from pirtui.core.sections import SECTIONS_BY_KEY
from pirtui.core.timeparse import When, parse_window

WORD_LISTS = (
    "blame_phrases",
    "blame_verbs",
    "person_words",
    "software_person_words",
    "software_names",
    "passive_auxiliaries",
    "participle_endings",
    "software_clues",
    "clause_joiners",
    "determiners",
    "cause_openers",
    "not_names",
    "tool_names",
    "software_verbs",
    "pointing_back",
    "action_verbs",
    "noun_phrase_openers",
    "topic_nouns",
    "noun_after",
    "noun_endings",
    "prepositions",
    "singular_s_endings",
    "adjective_endings",
    "vague_actions",
    "vague_targets",
    "deliverables",
    "number_words",
    "person_actions",
    "person_object_verbs",
    "person_groups",
    "awareness_words",
    "team_alias_patterns",
    "team_words",
    "no_owner_words",
    "stop_words",
    "between_subject_and_verb",
    "adverb_endings",
    "possessive_endings",
    "stem_suffixes",
    "stem_trailing",
    "stem_doubles_kept",
    "impact_words",
    "recovery_words",
    "still_affected",
    "wait_phrases",
    "estimate_words",
)
"""The lists of `hint_words.toml`, the names a team uses in `hint_words` / `hint_words_removed`."""

REPEAT_SIMILARITY = 0.6
"""Share of words two action items must have in common (of all words in either) to be the same action."""


# ---------------------------------------------------------------------------------------------
# The hint itself.


@dataclass(frozen=True)
class Hint:
    """One piece of coaching about a field: a finding with level "hint" (see `pirtui.core.checks.Finding`)."""

    section: str
    """The template's H2 heading."""
    field: str
    """Dotted review path, e.g. "action_items.2.owner"."""
    message: str
    """What was noticed, one line."""
    rule: str
    """Stable id of the rule ("blame-language"): what a dismissal names."""
    why: str
    """Why it matters, one short sentence."""
    suggestion: str
    """What to write instead, one line."""
    level: Literal["hint"] = "hint"

    def to_dict(self) -> dict[str, str]:
        """The JSON shape `pirtui check --hints --format json` prints."""
        return {
            "level": self.level,
            "section": self.section,
            "field": self.field,
            "message": self.message,
            "rule": self.rule,
            "why": self.why,
            "suggestion": self.suggestion,
        }


def is_hint(finding: object) -> bool:
    """Whether a finding is a hint (they are counted and drawn apart from errors and warnings)."""
    return getattr(finding, "level", "") == "hint"


# ---------------------------------------------------------------------------------------------
# Words.


@lru_cache(maxsize=1)
def shipped_words() -> dict[str, tuple[str, ...]]:
    """The lists of `hint_words.toml`, as shipped."""
    from importlib.resources import files

    import tomli

    data = tomli.loads(files("pirtui.core").joinpath("hint_words.toml").read_text(encoding="utf-8"))
    return {name: tuple(data.get(name, ())) for name in WORD_LISTS}


@dataclass(frozen=True, eq=False)
class HintWords:
    """The word lists in effect: the shipped ones with a team's additions and removals."""

    lists: dict[str, tuple[str, ...]]

    @classmethod
    def build(cls, added: dict[str, list[str]] | None = None, removed: dict[str, list[str]] | None = None) -> HintWords:
        """The shipped lists, plus `added` and minus `removed` (list name -> words; unknown names are ignored)."""
        lists = dict(shipped_words())
        for name, extra in (added or {}).items():
            if name in lists:
                lists[name] = lists[name] + tuple(w for w in extra if w not in lists[name])
        for name, gone in (removed or {}).items():
            if name in lists:
                dropped = {w.casefold() for w in gone}
                lists[name] = tuple(w for w in lists[name] if w.casefold() not in dropped)
        return cls(lists)

    def phrases(self, *names: str) -> Phrases:
        """One or more lists as word sequences, by first word."""
        if names not in self._phrases:
            self._phrases[names] = phrases(item for name in names for item in self.lists[name])
        return self._phrases[names]

    def set(self, name: str) -> frozenset[str]:
        """A list as a set of lower-case entries."""
        return self._sets[name]

    @cached_property
    def _phrases(self) -> dict[tuple[str, ...], Phrases]:
        return {}

    @cached_property
    def _sets(self) -> dict[str, frozenset[str]]:
        return {name: frozenset(item.casefold().strip() for item in items) for name, items in self.lists.items()}

    @cached_property
    def team_aliases(self) -> list[TeamPattern]:
        """The team-alias patterns compiled by RE2 (`pirtui.core.patterns`: linear time, whatever the
        pattern); one RE2 cannot take is skipped (the config names it when it is read)."""
        return compile_patterns(self.lists["team_alias_patterns"])

    @cached_property
    def stem_suffixes(self) -> tuple[tuple[str, str], ...]:
        """`stem_suffixes` as (ending, replacement): "ies=y" replaces, "ing" drops."""
        return tuple((entry.partition("=")[0], entry.partition("=")[2]) for entry in self.lists["stem_suffixes"] if entry.partition("=")[0])

    @cached_property
    def ignored(self) -> frozenset[str]:
        """Words that never tie two texts together: stop words and numbers written as words."""
        return self.set("stop_words") | self.set("number_words")

    def is_team(self, owner: str) -> bool:
        """Whether an owner matches one of the team-alias patterns."""
        text = " ".join(owner.split())
        return bool(text) and any(pattern.match(text) for pattern in self.team_aliases)

    def content_stems(self, text: str) -> frozenset[str]:
        """The stems of a text's meaningful words (stop words and numbers left out); hyphenated
        words count as their parts too ("non-paging" matches "page")."""
        return _content_stems(self, text)


@lru_cache(maxsize=4096)
def _content_stems(hint_words: HintWords, text: str) -> frozenset[str]:
    ignored = hint_words.ignored
    out = set()
    for word in words(text):
        for part in {word, *re.split(r"[-_']", word)}:
            if part and part not in ignored and not part.isdigit() and len(part) > 1:
                out.add(stem(part, hint_words.stem_suffixes, hint_words.lists["stem_trailing"], hint_words.lists["stem_doubles_kept"]))
    return frozenset(out)


# ---------------------------------------------------------------------------------------------
# What the hints know beyond the review.


@dataclass(frozen=True)
class EarlierItem:
    """An open action item of another review in the same folder."""

    review_id: str
    start: date | None
    """The other incident's start date (None when it cannot be read)."""
    text: str
    path: Path | None = None
    """The file it was read from."""


@dataclass
class HintContext:
    """The word lists, the team's timeline gap, and the open items of the folder's other reviews."""

    words: HintWords = field(default_factory=HintWords.build)
    gap_minutes: int = 30
    earlier_items: list[EarlierItem] = field(default_factory=list)
    _item_cache: dict[tuple[str, ...], tuple[list[tuple[str, str, str, str, str]], frozenset[str] | None]] = field(default_factory=dict, repr=False)

    def without(self, path: Path) -> HintContext:
        """The same context for the review at `path`: its own items are not earlier ones."""
        skip = path.resolve()
        items = [item for item in self.earlier_items if item.path is None or item.path.resolve() != skip]
        return HintContext(self.words, self.gap_minutes, items)


def hint_context(folder: Path | None, exclude: Path | None = None) -> HintContext:
    """The context for reviews in `folder`: the team's settings and the folder's open action items.

    `exclude` is the review being checked, whose own items are not "earlier". Other files are read
    with tomli only (no model), and one that cannot be read is skipped.
    """
    from pirtui.core.config import load_config

    config = load_config(folder)
    context = HintContext(HintWords.build(config.hint_words, config.hint_words_removed), config.timeline_gap_minutes)
    if folder is not None:
        context.earlier_items = _open_items_in(folder, exclude)
    return context.without(exclude) if exclude is not None else context


EARLIER_MAX_BYTES = 4 * 1024 * 1024
"""Reviews larger than this are not read for their open action items (a hint is not worth reading
a generated 50,000-row review for; a written review is some tens of kilobytes)."""


def _open_items_in(folder: Path, exclude: Path | None = None) -> list[EarlierItem]:
    """The open action items of the reviews in `folder`, but `exclude` (the review being checked,
    not read a second time)."""
    import tomli

    skip = exclude.resolve() if exclude is not None else None
    try:
        paths = sorted(
            p for p in folder.glob("*.toml")
            if p.is_file() and not p.name.startswith(".") and p.stat().st_size <= EARLIER_MAX_BYTES
            and p.resolve() != skip
        )
    except OSError:
        return []
    found: list[EarlierItem] = []
    for path in paths:
        try:
            data = tomli.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError):
            continue
        found_incident = data.get("incident")
        incident: dict[str, Any] = found_incident if isinstance(found_incident, dict) else {}
        start, _ = parse_window(str(incident.get("start", "")), "")
        review_id = str(incident.get("id", "")) or path.stem
        for item in data.get("action_items", ()) if isinstance(data.get("action_items"), list) else ():
            if not isinstance(item, dict) or not isinstance(item.get("action", ""), str):
                continue
            status = item.get("status", "Open")
            if is_open(ActionItem(status=status if isinstance(status, str) else "Open")) and item.get("action", "").strip():
                found.append(EarlierItem(review_id, start.at.date() if start else None, item["action"], path))
    return found


# ---------------------------------------------------------------------------------------------
# Collecting the hints of one section.


class _Facts(Protocol):
    """What `pirtui.core.checks` has already parsed: the timeline's moments and the incident window."""

    @property
    def moments(self) -> list[When | None]: ...

    @property
    def window(self) -> tuple[When | None, When | None]: ...


class _Out:
    def __init__(self, key: str) -> None:
        self.heading = SECTIONS_BY_KEY[key].heading
        self.items: list[Hint] = []

    def add(self, field: str, rule: str, message: str, why: str, suggestion: str) -> None:
        self.items.append(_hint(self.heading, field, message, rule, why, suggestion))


@lru_cache(maxsize=8192)
def _hint(section: str, field: str, message: str, rule: str, why: str, suggestion: str) -> Hint:
    """One hint, made once for the same words (a keystroke re-reports the section's unchanged hints)."""
    return Hint(section, field, message, rule, why, suggestion)


def section_hints(review: Review, key: str, facts: _Facts, context: HintContext) -> list[Hint]:
    """The hints of one section, by its key in `pirtui.core.sections.SECTIONS`, less the dismissed ones."""
    rules = _RULES.get(key)
    if rules is None:
        return []
    out = _Out(key)
    rules(review, facts, context, out)
    if not review.dismissed_hints or not out.items:
        return out.items
    dismissed = {(d.rule, d.field) for d in review.dismissed_hints}
    return [hint for hint in out.items if (hint.rule, hint.field) not in dismissed]


HINT_READS_FROM: dict[str, tuple[str, ...]] = {
    "incident": ("summary", "root_cause", "lessons", "action_items", "timeline", "detection"),
    "timeline": ("summary", "root_cause", "lessons", "action_items", "detection"),
    "action_items": ("summary", "root_cause", "lessons", "detection"),
    "approvals": ("summary", "root_cause", "lessons", "action_items", "detection"),
    "meeting": ("summary", "root_cause", "lessons", "action_items", "detection"),
    "revisions": ("summary", "root_cause", "lessons", "action_items", "detection"),
    "summary": ("root_cause", "timeline"),
    "root_cause": ("lessons", "detection"),
    "detection": ("lessons", "root_cause"),
    "lessons": ("root_cause", "detection"),
}
"""Sections whose hints read another section: people's names (for blame and owners), the summary
and impact (for a restated root cause), the action items and the other lessons, improvements and
factors (for what no action carries out)."""


# ---------------------------------------------------------------------------------------------
# The rules, by the section they read.


def _summary(review: Review, facts: _Facts, context: HintContext, out: _Out) -> None:
    people = _Once(lambda: review_people(review, context.words))
    hint_cause.blame_hints([("summary", review.summary)], context.words, people, out.add)


def _root_cause(review: Review, facts: _Facts, context: HintContext, out: _Out) -> None:
    cause, hint_words = review.root_cause, context.words
    people = review_people(review, hint_words)
    causes = [("root_cause.why_it_happened", cause.why_it_happened)]
    causes += [(f"root_cause.contributing_factors.{i}", text) for i, text in enumerate(cause.contributing_factors)]
    answers = [(f"root_cause.whys.{i}.answer", why.answer) for i, why in enumerate(cause.whys)]
    blamed = hint_cause.blame_hints([("root_cause.what_happened", cause.what_happened), *causes, *answers], hint_words, people, out.add)
    at_person = hint_cause.whys_hints(review, hint_words, people, out.add)
    asked = [(path, text) for path, text in causes + answers if path not in blamed and path != at_person]
    hint_cause.person_cause_hints(asked, hint_words, people, out.add)
    hint_cause.restated_impact(review, hint_words, out.add)
    hint_carried.carried_hints(review, "root_cause", hint_words, out.add)


def _detection(review: Review, facts: _Facts, context: HintContext, out: _Out) -> None:
    fields = [(f"detection.could_improve.{i}", text) for i, text in enumerate(review.detection.could_improve)]
    hint_cause.blame_hints(fields, context.words, _Once(lambda: review_people(review, context.words)), out.add)
    hint_carried.carried_hints(review, "detection", context.words, out.add)


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    return len(a) >= 2 and len(b) >= 2 and len(a & b) / len(a | b) >= REPEAT_SIMILARITY


def _item_hints(item: ActionItem, context: HintContext, people: _Once) -> list[tuple[str, str, str, str, str]]:
    """An action item's own hints (`hint_actions.item_hints`), cached by its text, and by the
    review's people when the rules asked for them."""
    key = (item.action, item.owner, item.priority, item.ticket)
    cached = context._item_cache.get(key)
    if cached is not None and (cached[1] is None or cached[1] == people()):
        return cached[0]
    if len(context._item_cache) > 4096:
        context._item_cache.clear()
    asked: list[frozenset[str]] = []

    def tracked() -> frozenset[str]:
        asked.append(people())
        return asked[-1]

    found = hint_actions.item_hints(item, context.words, tracked)
    context._item_cache[key] = (found, asked[0] if asked else None)
    return found


class _Once:
    """A value computed on first use, then kept (the review's people for one section's hints)."""

    def __init__(self, compute: Callable[[], frozenset[str]]) -> None:
        self._compute = compute
        self._value: frozenset[str] | None = None

    def __call__(self) -> frozenset[str]:
        if self._value is None:
            self._value = self._compute()
        return self._value


def _action_items(review: Review, facts: _Facts, context: HintContext, out: _Out) -> None:
    start, _ = facts.window
    this_start = start.at.date() if start else None
    earlier = [
        (item, context.words.content_stems(item.text))
        for item in context.earlier_items
        if this_start is None or item.start is None or item.start < this_start
    ]
    people = _Once(lambda: named_people(review, context.words))
    for index, item in enumerate(review.action_items):
        path = f"action_items.{index}"
        if not item.action.strip():
            continue  # a row still being filled in: its checks speak for it
        for suffix, rule, message, why, suggestion in _item_hints(item, context, people):
            out.add(f"{path}.{suffix}", rule, message, why, suggestion)
        if earlier and is_open(item):
            stems = context.words.content_stems(item.action)
            repeated = next((other for other, other_stems in earlier if _similar(stems, other_stems)), None)
            if repeated is not None:
                out.add(
                    f"{path}.action", "action-repeats-open",
                    f"The same action is still open in {repeated.review_id}.",
                    "An action that comes back open from review to review is a loop that does not close.",
                    "Find out why the earlier item is not done; link it, or close one of them.",
                )


def _lessons(review: Review, facts: _Facts, context: HintContext, out: _Out) -> None:
    lessons = review.lessons
    fields = [(f"lessons.learned.{i}", text) for i, text in enumerate(lessons.learned)]
    fields += [(f"lessons.process.{i}", text) for i, text in enumerate(lessons.process)]
    hint_cause.blame_hints(fields, context.words, _Once(lambda: review_people(review, context.words)), out.add)
    hint_carried.carried_hints(review, "lessons", context.words, out.add)


def _timeline(review: Review, facts: _Facts, context: HintContext, out: _Out) -> None:
    hint_timeline.timeline_hints(review, facts.moments, facts.window, context.words, context.gap_minutes, out.add)


_RULES = {
    "summary": _summary,
    "timeline": _timeline,
    "root_cause": _root_cause,
    "detection": _detection,
    "action_items": _action_items,
    "lessons": _lessons,
}
"""The hint rules of each section, by the section's key: a rule reads the fields of its own section."""
