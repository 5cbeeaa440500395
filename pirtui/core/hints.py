"""Hints: coaching on what makes a review useful, as the writer types.

Checks (`pirtui.core.checks`) judge form: dates, IDs, required fields. Hints judge substance, the few
things a review facilitator keeps pointing out: blame instead of the conditions that made a failure
possible, a 5 Whys chain that stops at a person, action items nobody can finish, lessons nothing
carries out, a timeline with holes. They are findings with level "hint": shown in a quieter style,
counted apart, never an error or a warning, never a reason to refuse a save or fail `pirtui check`.

Hints are guesses from words, so every one can be dismissed for its field (`DismissedHint` in the
review). The words live in `hint_words.toml` (English), which a team extends or trims in its
`.pirtui.toml` (`hint_words`, `hint_words_removed`): another language is a data file, not code.

This module holds the hint itself, the word lists and what the hints know beyond the review (the
folder's open action items, read by `hint_earlier`); the rules live by what they read: `hint_cause` (blame, a person as the cause, the 5 Whys), `hint_actions`
(an action item's wording, target, owner), `hint_carried` (lessons, improvements and factors no action
carries out), `hint_timeline` (holes in the impact window), all reading text through `hint_text`.
Which hints apply where is the template's to say (`hints = [...]` on its blocks, fields and
columns); every rule reads the review by role (`hint_places`), so the hints work on any template,
and a hint whose roles a template lacks does not run. This module imports no checks:
`pirtui.core.checks` runs `section_hints` after a section's own rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Any, Literal, Protocol

from pirtui.core import hint_actions, hint_carried, hint_cause, hint_timeline
from pirtui.core.computed import is_open, moments_of
from pirtui.core.hint_actions import ActionRow
from pirtui.core.hint_earlier import EarlierItem, open_items_in
from pirtui.core.hint_places import NO_ACTION_HINTS, TIMELINE, HintPlaces, Place, places_for, places_of
from pirtui.core.hint_text import Phrases, named_people, phrases, review_people, stem, words
from pirtui.core.hint_timeline import Timeline
from pirtui.core.patterns import TeamPattern, compile_patterns
from pirtui.core.template.loader import builtin
from pirtui.core.timeparse import When

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
        context.earlier_items = open_items_in(folder, exclude)
    return context.without(exclude) if exclude is not None else context


# ---------------------------------------------------------------------------------------------
# Collecting the hints of one section.


class _Facts(Protocol):
    """What `pirtui.core.checks` has already parsed: the timeline's moments and the incident window."""

    @property
    def moments(self) -> list[When | None]: ...

    @property
    def window(self) -> tuple[When | None, When | None]: ...


class _Out:
    def __init__(self, heading: str) -> None:
        self.heading = heading
        self.items: list[Hint] = []

    def add(self, field: str, rule: str, message: str, why: str, suggestion: str) -> None:
        self.items.append(_hint(self.heading, field, message, rule, why, suggestion))


@lru_cache(maxsize=8192)
def _hint(section: str, field: str, message: str, rule: str, why: str, suggestion: str) -> Hint:
    """One hint, made once for the same words (a keystroke re-reports the section's unchanged hints)."""
    return Hint(section, field, message, rule, why, suggestion)


def section_hints(review: Any, key: str, facts: _Facts | None, context: HintContext) -> list[Hint]:
    """The hints of one section of the review's template, by the section's key, less the dismissed
    ones: the hints its template switches on there (`pirtui.core.hint_places`), each run only where
    the roles it reads exist. `facts` (the checks' parsed window and timeline) is used for the
    built-in template; any other template's are read here by role."""
    places = places_of(review)
    if key not in places.sections:
        return []
    out = _Out(places.headings[key])
    _Rules(review, key, places, facts if places.template is builtin() else None, context, out).run()
    if not review.dismissed_hints or not out.items:
        return out.items
    dismissed = {(d.rule, d.field) for d in review.dismissed_hints}
    return [hint for hint in out.items if (hint.rule, hint.field) not in dismissed]


def review_hints(review: Any, context: HintContext, facts: _Facts | None = None) -> list[Hint]:
    """Every hint of a review of any template, section by section in the template's order."""
    places = places_of(review)
    return [hint for key in places.template.section_keys() for hint in section_hints(review, key, facts, context)]


def hint_reads_from(review: Any) -> dict[str, tuple[str, ...]]:
    """For each section of the review's template, the other sections whose hints read it: an edit
    there re-runs their hints (derived from the roles each hint reads, `HintPlaces.reads_from`)."""
    return places_of(review).reads_from


HINT_READS_FROM: dict[str, tuple[str, ...]] = places_for(builtin()).reads_from
"""`hint_reads_from` of the built-in template: sections whose hints read another section (people's
names for blame and owners, the summary and impact for a restated root cause and a timeline's
wait, the action items and the other lessons, improvements and factors for what no action
carries out). Derived from the roles each hint reads, never written by hand."""


# ---------------------------------------------------------------------------------------------
# The rules, in the order their hints are listed within a section.


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    return len(a) >= 2 and len(b) >= 2 and len(a & b) / len(a | b) >= REPEAT_SIMILARITY


class _Once:
    """A value computed on first use, then kept (the review's people for one section's hints)."""

    def __init__(self, compute: Callable[[], frozenset[str]]) -> None:
        self._compute = compute
        self._value: frozenset[str] | None = None

    def __call__(self) -> frozenset[str]:
        if self._value is None:
            self._value = self._compute()
        return self._value


class _Rules:
    """The hints of one section: each rule over the places its template switches it on in."""

    def __init__(self, review: Any, key: str, places: HintPlaces, facts: _Facts | None, context: HintContext, out: _Out) -> None:
        self.review, self.key, self.places, self.facts, self.context, self.out = review, key, places, facts, context, out
        self.words = context.words
        self.people = _Once(lambda: review_people(review, context.words))

    def run(self) -> None:
        """Blame, the 5 Whys, a person as the cause, a restated impact, what no action carries out,
        the action items, the timeline: the order the hints of a section are listed in."""
        blamed = hint_cause.blame_hints(self._texts("blame"), self.words, self.people, self.out.add)
        at_person = ""
        for place in self.places.in_section(self.key, "whys"):
            at_person = self._whys(place) or at_person
        asked = [(path, text) for path, text in self._texts("cause-is-person") if path not in blamed and path != at_person]
        if any(text.strip() for _, text in asked):
            hint_cause.person_cause_hints(asked, self.words, self.people(), self.out.add)
        for path, text in self._texts("restates-impact"):
            hint_cause.restated_impact(path, text, self.places.impact_statements(self.review), self.words, self.out.add)
        self._carried()
        for place in self.places.in_section(self.key, "action-items"):
            self._action_items(place)
        for place in self.places.in_section(self.key, "timeline-gaps"):
            self._timeline(place)

    def _texts(self, hint: str) -> list[tuple[str, str]]:
        return [text for place in self.places.in_section(self.key, hint) for text in place.texts(self.review)]

    def _window(self) -> tuple[When | None, When | None]:
        return self.facts.window if self.facts is not None else self.places.window(self.review)

    def _whys(self, place: Place) -> str:
        answer = place.column_with("why-answer")
        if not answer:
            return ""
        question = place.column_with("why-question")
        whys = [(str(getattr(row, question)) if question else "", str(getattr(row, answer))) for row in place.rows(self.review)]
        return hint_cause.whys_hints(whys, place.path, answer, self.words, self.people, self.out.add)

    def _carried(self) -> None:
        every = self.places.of(*NO_ACTION_HINTS)
        mine = [(place.hint, path, text) for place in every if place.section == self.key
                for path, text in place.texts(self.review) if text.strip()]
        if mine:
            items = [text for place in every for _, text in place.texts(self.review) if text.strip()]
            hint_carried.carried_hints(mine, items, self.places.action_refs(self.review), self.words, self.out.add)

    def _action_items(self, place: Place) -> None:
        text_key = place.column_with("action-text")
        if not text_key:
            return
        owner, priority, ticket = (place.column_with(role) for role in ("action-owner", "action-priority", "action-ticket"))
        top = (self.places.top_priority(place) if ticket else "",)
        cells = {"action-text": text_key, "action-owner": owner or text_key, "action-ticket": ticket or text_key}
        values = _getter(text_key, owner, priority, ticket)
        status_key = place.column_with("action-status")
        start, _ = self._window()
        this_start = start.at.date() if start else None
        context, add = self.context, self.out.add
        earlier = [
            (item, self.words.content_stems(item.text))
            for item in context.earlier_items
            if this_start is None or item.start is None or item.start < this_start
        ] if status_key else []
        people = _Once(lambda: named_people(self.review, self.words))
        for index, row in enumerate(place.rows(self.review)):
            item = values(row)  # an `ActionRow`'s values: a plain tuple while its hints are cached
            if not item[0].strip():
                continue  # a row still being filled in: its checks speak for it
            path = f"{place.path}.{index}"
            for role, rule, message, why, suggestion in _item_hints(item + top, context, people):
                add(f"{path}.{cells[role]}", rule, message, why, suggestion)
            if earlier and is_open(row):
                self._repeats(f"{path}.{text_key}", item[0], earlier)

    def _repeats(self, field: str, action: str, earlier: list[tuple[EarlierItem, frozenset[str]]]) -> None:
        stems = self.words.content_stems(action)
        repeated = next((other for other, other_stems in earlier if _similar(stems, other_stems)), None)
        if repeated is not None:
            self.out.add(
                field, "action-repeats-open",
                f"The same action is still open in {repeated.review_id}.",
                "An action that comes back open from review to review is a loop that does not close.",
                "Find out why the earlier item is not done; link it, or close one of them.",
            )

    def _timeline(self, place: Place) -> None:
        time, event = place.column_with("timeline-time"), place.column_with("timeline-event")
        if not time or not event:
            return
        rows = place.rows(self.review)
        milestone = place.column_with("timeline-milestone") or ""
        use_facts = self.facts is not None and place.path == self.places.template.table_path(TIMELINE)
        window = self._window()
        timeline = Timeline(
            [str(getattr(row, event)) for row in rows],
            [str(getattr(row, milestone)) for row in rows] if milestone else [],
            self.facts.moments if use_facts and self.facts is not None else _moments(self.places.times(self.review, place), window[0]),
            place.path, time, milestone,
        )
        hint_timeline.timeline_hints(
            timeline, window, self.places.impact_statements(self.review), self.words, self.context.gap_minutes, self.out.add
        )


def _moments(times: list[str], start: When | None) -> list[When | None]:
    """Each timeline row's moment, read as the checks read them (`computed.moments_of`)."""
    return moments_of(times, start.at.date() if start else None)


def _getter(*keys: str | None) -> Callable[[Any], tuple[str, ...]]:
    """A function giving a row's values in the columns `keys` ("" for a column the template lacks)."""
    present = [key for key in keys if key]
    if len(present) == len(keys):
        return attrgetter(*present) if len(present) > 1 else lambda row: (getattr(row, present[0]),)
    return lambda row: tuple(getattr(row, key) if key else "" for key in keys)


def _item_hints(key: tuple[str, ...], context: HintContext, people: _Once) -> list[tuple[str, str, str, str, str]]:
    """An action item's own hints (`hint_actions.item_hints`), cached by its texts (an `ActionRow`'s
    values), and by the review's people when the rules asked for them."""
    cached = context._item_cache.get(key)
    if cached is not None and (cached[1] is None or cached[1] == people()):
        return cached[0]
    if len(context._item_cache) > 4096:
        context._item_cache.clear()
    asked: list[frozenset[str]] = []

    def tracked() -> frozenset[str]:
        asked.append(people())
        return asked[-1]

    found = hint_actions.item_hints(ActionRow(*key), context.words, tracked)
    context._item_cache[key] = (found, asked[0] if asked else None)
    return found
