"""Hints: coaching on what makes a review useful, as the writer types.

Checks (`pirtui.core.checks`) judge form: dates, IDs, required fields. Hints judge substance, the few
things a review facilitator keeps pointing out: blame instead of the conditions that made a failure
possible, a 5 Whys chain that stops at a person, action items nobody can finish, lessons nothing
carries out, a timeline with holes. They are findings with level "hint": shown in a quieter style,
counted apart, never an error or a warning, never a reason to refuse a save or fail `pirtui check`.

Hints are guesses from words, so every one can be dismissed for its field (`DismissedHint` in the
review). The words live in `hint_words.toml` (English), which a team extends or trims in its
`.pirtui.toml` (`hint_words`, `hint_words_removed`): another language is a data file, not code.

This module imports no checks: `pirtui.core.checks` runs `section_hints` after a section's own rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal, Protocol

from pirtui.core.computed import is_open, milestone_moments
from pirtui.core.model import ActionItem, Review
from pirtui.core.patterns import TeamPattern, compile_patterns
from pirtui.core.sections import SECTIONS_BY_KEY
from pirtui.core.timeparse import When, format_minutes, minutes_between, parse_window

WORD_LISTS = (
    "blame_phrases",
    "blame_verbs",
    "person_words",
    "determiners",
    "cause_openers",
    "not_names",
    "action_verbs",
    "verb_endings",
    "vague_actions",
    "deliverables",
    "team_alias_patterns",
    "no_owner_words",
    "stop_words",
    "between_subject_and_verb",
    "adverb_endings",
    "possessive_endings",
    "stem_suffixes",
    "stem_trailing",
)
"""The lists of `hint_words.toml`, the names a team uses in `hint_words` / `hint_words_removed`."""

REPEAT_SIMILARITY = 0.6
"""Share of words two action items must have in common (of all words in either) to be the same action."""
RESTATE_SHARE = 0.6
"""Share of the root cause's words that, also found in the summary and impact, make it a restatement."""
WHYS_AT_LEAST = 3
"""Fewer answered whys than this seldom reach a cause worth fixing."""

_WORD = re.compile(r"[^\W_]+(?:['’_-][^\W_]+)*")
"""A word: letters and digits, joined by hyphens, apostrophes or underscores ("careless-proxy" is one)."""
_CLAUSE_END = re.compile(r"[.;:!?,()\n]|\s[-–—]\s")


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


def words(text: str) -> list[str]:
    """The words of a text in lower case, with typographic apostrophes made plain."""
    return [w.replace("’", "'") for w in _WORD.findall(text.casefold())]


def stem(word: str, suffixes: tuple[tuple[str, str], ...], trailing: tuple[str, ...]) -> str:
    """A crude stem, enough to match "fencing" with "fence" and "queries" with "query": the first
    of `suffixes` (ending, replacement) the word ends in is replaced, then one `trailing` ending dropped.
    A word keeps at least three letters."""
    for ending, replacement in suffixes:
        if len(word) > len(ending) + 2 and word.endswith(ending):
            word = word[: -len(ending)] + replacement
            break
    for ending in trailing:
        if len(word) > len(ending) + 2 and word.endswith(ending):
            return word[: -len(ending)]
    return word


Phrases = dict[str, tuple[tuple[str, ...], ...]]
"""Word sequences by their first word, longest first: looked up per word of a text."""


def _phrases(items: Iterable[str]) -> Phrases:
    found = sorted({tuple(words(item)) for item in items} - {()}, key=len, reverse=True)
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in found:
        index.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(phrases) for first, phrases in index.items()}


def _find(tokens: list[str], phrases: Phrases) -> Iterator[tuple[int, tuple[str, ...]]]:
    """(position, phrase) of each phrase found in `tokens`, the longest at a position, not overlapping."""
    at = 0
    while at < len(tokens):
        for phrase in phrases.get(tokens[at], ()):
            if tuple(tokens[at : at + len(phrase)]) == phrase:
                yield at, phrase
                at += len(phrase)
                break
        else:
            at += 1


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
            self._phrases[names] = _phrases(item for name in names for item in self.lists[name])
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
        """Words that never tie two texts together."""
        return self.set("stop_words")

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
                out.add(stem(part, hint_words.stem_suffixes, hint_words.lists["stem_trailing"]))
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
    _item_cache: dict[tuple[str, ...], list[tuple[str, str, str, str, str]]] = field(default_factory=dict, repr=False)

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
        incident = data.get("incident") if isinstance(data.get("incident"), dict) else {}
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


def _quote(text: str, limit: int = 40) -> str:
    """Typed text quoted in a message: on one line, shortened."""
    text = " ".join(text.split())
    return f'"{text[: limit - 1]}…"' if len(text) > limit else f'"{text}"'


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
        self.items.append(Hint(self.heading, field, message, rule, why, suggestion))


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
    "incident": ("summary", "root_cause", "lessons"),
    "timeline": ("summary", "root_cause", "lessons"),
    "action_items": ("summary", "root_cause", "lessons"),
    "approvals": ("summary", "root_cause", "lessons"),
    "meeting": ("summary", "root_cause", "lessons"),
    "revisions": ("summary", "root_cause", "lessons"),
    "summary": ("root_cause",),
}
"""Sections whose hints read another section: people's names (for blame), the summary and
impact (for a restated root cause), the action items (for lessons without one)."""


# -- blame ------------------------------------------------------------------------------------


def _people(review: Review, context: HintContext) -> frozenset[str]:
    """Lower-case words of the names of the review's people: commander, author, owners,
    attendees, approvers, revision authors, and whoever starts a timeline event ("alice restarted")."""
    names = (review.incident.commander, review.incident.author, review.meeting.attendees)
    names += tuple(row.name for row in review.approvals) + tuple(row.author for row in review.revisions)
    owners = tuple(item.owner for item in review.action_items)
    events = tuple(row.event for row in review.timeline)
    return _name_words(context.words, names, owners) | _timeline_names(context.words, events)


@lru_cache(maxsize=8)
def _name_words(hint_words: HintWords, names: tuple[str, ...], owners: tuple[str, ...]) -> frozenset[str]:
    ignored = hint_words.set("not_names") | hint_words.set("person_words") | hint_words.ignored | hint_words.set("determiners")
    out = set()
    for name in names + tuple(owner for owner in set(owners) if not _is_team(owner, hint_words)):
        for part in re.split(r"[,;/&\n]| and ", name):
            for word in words(part):
                if len(word) > 1 and word not in ignored and not any(ch.isdigit() for ch in word):
                    out.add(word)
    return frozenset(out)


_EVENT_SUBJECT = re.compile(r"^\s*@?([^\W\d_][\w']+)(?:\s+([^\W\d_][\w']+))?\s*(?:\([^)]*\)\s*)?([\w']*)")


@lru_cache(maxsize=8)
def _timeline_names(hint_words: HintWords, events: tuple[str, ...]) -> frozenset[str]:
    """Names that start a timeline event, followed by a verb in the past or present tense: a full
    name ("Maria Chen (on-call) acknowledges") or a chat handle in lower case ("alice restarted").

    One capitalised word ("Config rolled back") is as likely a thing as a person, so it is left out;
    so are the words of `not_names`.
    """
    ignored = hint_words.set("not_names") | hint_words.set("person_words") | hint_words.ignored | hint_words.set("determiners")
    out = set()
    for event in events:
        match = _EVENT_SUBJECT.match(event)
        if match is None:
            continue
        first, second, verb = match.group(1), match.group(2), match.group(3).casefold()
        if second is not None and not second[0].isupper():
            verb, second = second.casefold(), None  # "alice restarted the pods"
        if not verb.endswith(("ed", "s")) or len(verb) < 4:
            continue
        if second is None and not first.islower():
            continue
        if second is not None and not first[0].isupper():
            continue
        candidates = [first] + ([second] if second else [])
        if any(w.casefold() in ignored for w in candidates):
            continue
        out.update(w.casefold() for w in candidates)
    return frozenset(out)


def _subject_before(tokens: list[str], at: int, hint_words: HintWords, people: frozenset[str]) -> int | None:
    """Where the person who is the subject of the verb at `at` starts (a name or a person word);
    None when the subject is a thing, or there is none."""
    skipped, adverb = hint_words.set("between_subject_and_verb"), tuple(hint_words.lists["adverb_endings"])
    last = at - 1
    while last >= 0 and (tokens[last] in skipped or (adverb and tokens[last].endswith(adverb))):
        last -= 1
    if last < 0:
        return None
    person_words = hint_words.set("person_words")
    if last >= 1 and f"{tokens[last - 1]} {tokens[last]}" in person_words:
        return last - 1
    word = tokens[last]
    for ending in hint_words.lists["possessive_endings"]:
        word = word.removesuffix(ending)
    if word in person_words:
        start = last
        while start >= 1 and tokens[start - 1] in person_words:
            start -= 1  # "the on-call engineer"
        return start
    if word in people:
        ahead = tokens[last - 1] if last >= 1 else ""
        if ahead in hint_words.set("determiners"):
            return None  # "the bob service": a thing named after a person
        return last - 1 if ahead in people else last
    return None


def _clauses(text: str) -> list[str]:
    return [part for part in _CLAUSE_END.split(text) if part.strip()]


def _blame(text: str, context: HintContext, people: frozenset[str]) -> tuple[str, str] | None:
    """("language", phrase) or ("person", from the person to the verb) for the first blame in a
    text, as typed; None if none."""
    hint_words = context.words
    for clause in _clauses(text):
        typed = [w.replace("’", "'") for w in _WORD.findall(clause)]
        tokens = [w.casefold() for w in typed]
        for at, phrase in _find(tokens, hint_words.phrases("blame_verbs", "blame_phrases")):
            start = _subject_before(tokens, at, hint_words, people)
            if start is not None:
                return "person", " ".join(typed[start : at + len(phrase)])
        for at, phrase in _find(tokens, hint_words.phrases("blame_phrases")):
            return "language", " ".join(typed[at : at + len(phrase)])
    return None


BLAME_WHY = "Blaming a person ends the search for what made the failure possible, and people stop telling what happened."
BLAME_SUGGESTION = "Ask what made the action possible or likely (tools, defaults, pressure, missing guard) and write that."


def _blame_hints(review: Review, context: HintContext, out: _Out, fields: Iterable[tuple[str, str]]) -> None:
    people: frozenset[str] | None = None
    for path, text in fields:
        if not text.strip():
            continue
        if people is None:
            people = _people(review, context)
        found = _blame(text, context, people)
        if found is None:
            continue
        kind, what = found
        if kind == "language":
            out.add(path, "blame-language", f'Blame language: "{what}".', BLAME_WHY, BLAME_SUGGESTION)
        else:
            out.add(path, "blame-person", f'A person is the cause: "{what}".', BLAME_WHY, BLAME_SUGGESTION)


def _summary(review: Review, facts: _Facts, context: HintContext, out: _Out) -> None:
    _blame_hints(review, context, out, [("summary", review.summary)])


# -- root cause and the 5 Whys ----------------------------------------------------------------


def _root_cause(review: Review, facts: _Facts, context: HintContext, out: _Out) -> None:
    cause = review.root_cause
    fields = [("root_cause.what_happened", cause.what_happened), ("root_cause.why_it_happened", cause.why_it_happened)]
    fields += [(f"root_cause.contributing_factors.{i}", text) for i, text in enumerate(cause.contributing_factors)]
    fields += [(f"root_cause.whys.{i}.answer", why.answer) for i, why in enumerate(cause.whys)]
    _blame_hints(review, context, out, fields)
    _whys(review, context, out)
    _restated_impact(review, context, out)


def _whys(review: Review, context: HintContext, out: _Out) -> None:
    answered = [(i, why.answer) for i, why in enumerate(review.root_cause.whys) if why.answer.strip()]
    if not answered:
        return  # an empty chain is the checks' business
    if len(answered) < WHYS_AT_LEAST:
        out.add(
            "root_cause.whys",
            "whys-too-few",
            f"The 5 Whys stop after {len(answered)} answer{'s' * (len(answered) != 1)}.",
            "The first answers describe the symptom; the conditions worth fixing usually show at the third or later.",
            "Keep asking why of the last answer until it names something the team can change.",
        )
    index, last = answered[-1]
    who = _answer_about_person(last, review, context)
    if who:
        out.add(
            f"root_cause.whys.{index}.answer",
            "whys-end-at-person",
            f'The 5 Whys end at a person ("{who}").',
            "A chain that stops at someone's action stops before the system that allowed it.",
            "Ask one more why: what made that action possible, easy or unnoticed?",
        )


def _answer_about_person(answer: str, review: Review, context: HintContext) -> str:
    """Who an answer is about, when its subject or its blame names a person; "" otherwise."""
    hint_words = context.words
    people = _people(review, context)
    found = _blame(answer, context, people)
    if found is not None:
        return found[1]
    tokens = words(answer)
    for opener in hint_words.phrases("cause_openers").get(tokens[0] if tokens else "", ()):
        if tuple(tokens[: len(opener)]) == opener:
            tokens = tokens[len(opener) :]
            break
    if not tokens:
        return ""
    person_words = hint_words.set("person_words")
    if tokens[0] in hint_words.set("determiners"):
        return next((t for t in tokens[1:3] if t in person_words), "")
    return next((t for t in tokens[:2] if t in person_words or t in people), "")


def _restated_impact(review: Review, context: HintContext, out: _Out) -> None:
    cause = context.words.content_stems(review.root_cause.why_it_happened)
    if len(cause) < 3:
        return
    impact = context.words.content_stems(review.summary) | context.words.content_stems(review.incident.customer_impact)
    if len(cause & impact) / len(cause) >= RESTATE_SHARE:
        out.add(
            "root_cause.why_it_happened",
            "root-cause-restates-impact",
            "Why it happened mostly repeats the summary and the customer impact.",
            "Restating what users saw explains nothing about why the system let it happen.",
            "Name the conditions that made it possible: the missing guard, the default, the untested path.",
        )


# -- action items -----------------------------------------------------------------------------


def _is_team(owner: str, hint_words: HintWords) -> bool:
    text = " ".join(owner.split())
    return bool(text) and any(pattern.match(text) for pattern in hint_words.team_aliases)


def _item_hints(item: ActionItem, context: HintContext) -> list[tuple[str, str, str, str, str]]:
    """(field suffix, rule, message, why, suggestion) of one action item's own hints; cached by its text."""
    key = (item.action, item.owner, item.priority, item.ticket)
    cached = context._item_cache.get(key)
    if cached is not None:
        return cached
    found: list[tuple[str, str, str, str, str]] = []
    hint_words = context.words
    tokens = words(item.action)
    vague = next((" ".join(p) for _, p in _find(tokens, hint_words.phrases("vague_actions"))), "")
    if vague and not any(True for _ in _find(tokens, hint_words.phrases("deliverables"))):
        found.append((
            "action", "action-vague", f'"{vague}" names a wish, not a deliverable.',
            "Nobody can say when a vague action is done, so it stays open for years.",
            "Say what will exist when it is done: an alert, a limit, a test, a written decision.",
        ))
    elif tokens and not _starts_with_verb(tokens[0], hint_words):
        found.append((
            "action", "action-no-verb", "The action does not start with a verb.",
            "An action item is something someone does; a noun phrase is a topic.",
            'Start with what to do: "Add ...", "Alert on ...", "Remove ...".',
        ))
    owner = " ".join(item.owner.split())
    if owner and owner.casefold() in hint_words.set("no_owner_words"):
        found.append((
            "owner", "action-no-owner", f'Owner "{owner}" names nobody.',
            "An item without a named owner is an item nobody does.",
            "Name one person who will drive it, even if others help.",
        ))
    elif _is_team(owner, hint_words):
        found.append((
            "owner", "action-team-owner", f'Owner "{owner}" is a team, not a person.',
            "When a whole team owns an item, each member assumes another has it.",
            "Name one person on that team who will drive it.",
        ))
    if item.priority.strip().upper() == "P1" and not item.ticket.strip():
        found.append((
            "ticket", "action-p1-no-ticket", "A P1 action item has no ticket.",
            "The most urgent fixes are the ones that must be tracked where the work is planned.",
            "File a ticket and put its ID here.",
        ))
    if len(context._item_cache) > 4096:
        context._item_cache.clear()
    context._item_cache[key] = found
    return found


def _starts_with_verb(word: str, hint_words: HintWords) -> bool:
    """Whether an action's first word reads as a verb; a compound by its last part ("load-test", "re-run")."""
    verbs = hint_words.set("action_verbs")
    if word in verbs or word.split("-")[-1] in verbs:
        return True
    return len(word) > 4 and word.endswith(tuple(hint_words.lists["verb_endings"]))


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    return len(a) >= 2 and len(b) >= 2 and len(a & b) / len(a | b) >= REPEAT_SIMILARITY


def _action_items(review: Review, facts: _Facts, context: HintContext, out: _Out) -> None:
    start, _ = facts.window
    this_start = start.at.date() if start else None
    earlier = [
        (item, context.words.content_stems(item.text))
        for item in context.earlier_items
        if this_start is None or item.start is None or item.start < this_start
    ]
    for index, item in enumerate(review.action_items):
        path = f"action_items.{index}"
        if item.action.strip():
            for suffix, rule, message, why, suggestion in _item_hints(item, context):
                out.add(f"{path}.{suffix}", rule, message, why, suggestion)
        if earlier and is_open(item) and item.action.strip():
            stems = context.words.content_stems(item.action)
            repeated = next((other for other, other_stems in earlier if _similar(stems, other_stems)), None)
            if repeated is not None:
                out.add(
                    f"{path}.action", "action-repeats-open",
                    f"The same action is still open in {repeated.review_id}.",
                    "An action that comes back open from review to review is a loop that does not close.",
                    "Find out why the earlier item is not done; link it, or close one of them.",
                )


# -- lessons ----------------------------------------------------------------------------------


def _lessons(review: Review, facts: _Facts, context: HintContext, out: _Out) -> None:
    lessons = review.lessons
    fields = [(f"lessons.learned.{i}", text) for i, text in enumerate(lessons.learned)]
    fields += [(f"lessons.process.{i}", text) for i, text in enumerate(lessons.process)]
    _blame_hints(review, context, out, fields)
    actions = [context.words.content_stems(item.action) for item in review.action_items if item.action.strip()]
    for path, text in fields:
        stems = context.words.content_stems(text)
        if stems and not any(stems & action for action in actions):
            out.add(
                path, "lesson-no-action", f"No action item carries out {_quote(text)}.",
                "A lesson nobody acts on is learned again in the next incident.",
                "Add an action item that puts it into practice, or say why none is needed.",
            )


# -- timeline ---------------------------------------------------------------------------------


def _timeline(review: Review, facts: _Facts, context: HintContext, out: _Out) -> None:
    moments = facts.moments
    found = milestone_moments(review, moments)
    start, end = facts.window
    window_start = found.get("first impact") or start
    window_end = found.get("mitigated") or found.get("resolved") or end
    if window_start is not None and window_end is not None and context.gap_minutes > 0:
        previous: tuple[int, When] | None = None
        for index, moment in enumerate(moments):
            if moment is None:
                continue
            if previous is not None and window_start.at <= previous[1].at and moment.at <= window_end.at:
                gap = minutes_between(previous[1].at, moment.at)
                if gap > context.gap_minutes:
                    out.add(
                        f"timeline.{index}.time", "timeline-gap",
                        f"{format_minutes(gap)} pass with nothing in the timeline (rows {previous[0] + 1}-{index + 1}).",
                        "A gap while users are affected hides the waiting, guessing and hand-offs worth learning from.",
                        "Add what happened in between: who looked at what, what was tried, what was waited for.",
                    )
            previous = (index, moment)
    detected, mitigated = found.get("detected"), found.get("mitigated")
    if detected is not None and mitigated is not None and detected.at > mitigated.at:
        row = next(i for i, r in enumerate(review.timeline) if r.milestone.strip().lower() == "detected" and moments[i] is not None)
        out.add(
            f"timeline.{row}.milestone", "timeline-detected-after-mitigated",
            "Detection comes after mitigation in the timeline.",
            "An incident mitigated before anyone detected it usually means a milestone is on the wrong row.",
            "Check which row is the first moment someone knew; mark that one \"detected\".",
        )


_RULES = {
    "summary": _summary,
    "timeline": _timeline,
    "root_cause": _root_cause,
    "action_items": _action_items,
    "lessons": _lessons,
}
