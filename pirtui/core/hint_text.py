"""Reading a review's text the way the hints need it: words, crude stems, phrases, sentences,
numbers, and who the review's people are.

Every rule module of the hints (`hint_actions`, `hint_cause`, `hint_carried`, `hint_timeline`) reads
text through these functions, so that "a word", "a sentence" and "a person" mean the same everywhere.
The word lists themselves come from `hint_words.toml` through `pirtui.core.hints.HintWords`; this
module sees them only as `WordLists`. No regular expression here is built from a team's input.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any, Protocol

from pirtui.core.hint_places import places_of

_WORD = re.compile(r"[^\W_]+(?:['’_-][^\W_]+)*")
"""A word: letters and digits, joined by hyphens, apostrophes or underscores ("careless-proxy" is one)."""
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
_CLAUSE_END = re.compile(r"[.;:!?,()\n]|\s[-–—]\s")
_DIGIT = re.compile(r"\d")


Add = Callable[[str, str, str, str, str], None]
"""How a rule reports a hint: field, rule, message, why, suggestion."""


class WordLists(Protocol):
    """What a rule needs of the word lists in effect (`pirtui.core.hints.HintWords`): read-only, and
    hashable, since the rules cache their work per word lists (`lru_cache`)."""

    @property
    def lists(self) -> dict[str, tuple[str, ...]]: ...

    def __hash__(self) -> int: ...

    def set(self, name: str) -> frozenset[str]: ...

    def phrases(self, *names: str) -> Phrases: ...

    def content_stems(self, text: str) -> frozenset[str]: ...

    def is_team(self, owner: str) -> bool: ...


# ---------------------------------------------------------------------------------------------
# Words, stems and phrases.


def words(text: str) -> list[str]:
    """The words of a text in lower case, with typographic apostrophes made plain."""
    return [w.replace("’", "'") for w in _WORD.findall(text.casefold())]


def typed_words(text: str) -> list[str]:
    """The words of a text as typed (case kept), with typographic apostrophes made plain."""
    return [w.replace("’", "'") for w in _WORD.findall(text)]


def stem(word: str, suffixes: tuple[tuple[str, str], ...], trailing: tuple[str, ...], doubles_kept: tuple[str, ...] = ()) -> str:
    """A crude stem, enough to match "fencing" with "fence", "queries" with "query" and "setting"
    with "set": the first of `suffixes` (ending, replacement) the word ends in is replaced (a doubled
    last letter left by a removed ending is made single, but for `doubles_kept`), then one
    `trailing` ending dropped. A word keeps at least three letters."""
    for ending, replacement in suffixes:
        if len(word) > len(ending) + 2 and word.endswith(ending):
            word = word[: -len(ending)] + replacement
            if not replacement and len(word) > 3 and word[-1] == word[-2] and word[-1] not in doubles_kept and word[-1].isalpha():
                word = word[:-1]
            break
    for ending in trailing:
        if len(word) > len(ending) + 2 and word.endswith(ending):
            return word[: -len(ending)]
    return word


Phrases = dict[str, tuple[tuple[str, ...], ...]]
"""Word sequences by their first word, longest first: looked up per word of a text."""


def phrases(items: Iterable[str]) -> Phrases:
    """Phrases (each a text) as word sequences indexed by their first word, longest first."""
    found = sorted({tuple(words(item)) for item in items} - {()}, key=len, reverse=True)
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in found:
        index.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(phrases) for first, phrases in index.items()}


def find(tokens: list[str], phrases: Phrases) -> Iterator[tuple[int, tuple[str, ...]]]:
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


def first_found(tokens: list[str], phrases: Phrases) -> str:
    """The first phrase of `phrases` in `tokens`, as words joined by spaces; "" if none."""
    return next((" ".join(phrase) for _, phrase in find(tokens, phrases)), "")


# ---------------------------------------------------------------------------------------------
# Sentences, clauses, numbers.


def sentences(text: str) -> list[str]:
    """A text's sentences (ended by ".", "!", "?" or ";" and a space, or by a line break)."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def clauses(text: str) -> list[str]:
    """A text's clauses: its sentences cut at commas, brackets, colons and dashes."""
    return [part for part in _CLAUSE_END.split(text) if part.strip()]


def has_number(text: str, hint_words: WordLists) -> bool:
    """Whether a text states a quantity: a digit ("3", "80%", "2x") or a number word ("half", "twice")."""
    return bool(_DIGIT.search(text)) or any(word in hint_words.set("number_words") for word in words(text))


# ---------------------------------------------------------------------------------------------
# People.


def review_people(review: Any, hint_words: WordLists) -> frozenset[str]:
    """Lower-case words of the names of the review's people: every person and people field of its
    template (commander, author, attendees, approvers, revision authors...), whoever starts a timeline
    event ("alice restarted"), and action owners that read as people. Tool and service names are
    never among them. All asked of the template by role (`pirtui.core.hint_places`)."""
    places = places_of(review)
    services = places.services(review)
    names, owners = places.names(review), places.owners(review)
    return _name_words(hint_words, names, owners, services) | _timeline_names(hint_words, places.events(review), services)


def named_people(review: Any, hint_words: WordLists) -> frozenset[str]:
    """Like `review_people`, but without the action owners: the people an owner is checked against."""
    places = places_of(review)
    services = places.services(review)
    return _name_words(hint_words, places.names(review), (), services) | _timeline_names(hint_words, places.events(review), services)


def _not_a_name(hint_words: WordLists) -> frozenset[str]:
    return (
        hint_words.set("not_names") | hint_words.set("person_words") | hint_words.set("stop_words")
        | hint_words.set("determiners") | hint_words.set("tool_names")
    )


def service_words(services: Iterable[str]) -> frozenset[str]:
    """The words of the impacted services' names ("orders-db" gives "orders-db", "orders" and "db")."""
    out = set()
    for service in services:
        for word in words(service):
            out.add(word)
            out.update(part for part in re.split(r"[-_.]", word) if part)
    return frozenset(out)


@lru_cache(maxsize=8)
def _name_words(hint_words: WordLists, names: tuple[str, ...], owners: tuple[str, ...], services: tuple[str, ...]) -> frozenset[str]:
    ignored = _not_a_name(hint_words) | service_words(services)
    out = set()
    for name in names + tuple(owner for owner in set(owners) if not hint_words.is_team(owner)):
        for part in re.split(r"[,;/&\n]| and ", name):
            for word in words(part.lstrip("@")):
                word = word.lstrip("@")
                if len(word) > 1 and word not in ignored and not any(ch.isdigit() for ch in word):
                    out.add(word)
    return frozenset(out)


_EVENT_SUBJECT = re.compile(r"^\s*@?([^\W\d_][\w']+)(?:\s+([^\W\d_][\w']+))?\s*(?:\([^)]*\)\s*)?([\w']*)")


@lru_cache(maxsize=8)
def _timeline_names(hint_words: WordLists, events: tuple[str, ...], services: tuple[str, ...]) -> frozenset[str]:
    """Names that start a timeline event, followed by a verb in the past or present tense: a full
    name ("Maria Chen (on-call) acknowledges") or a chat handle in lower case ("alice restarted").

    One capitalised word ("Config rolled back") is as likely a thing as a person, so it is left out;
    so are the words of `not_names`, tools (`tool_names`, a name ending in "bot"), the impacted
    services, and a lower-case name whose verb only software does ("argo syncs": `software_verbs`).
    """
    ignored = _not_a_name(hint_words) | service_words(services)
    software_verbs = hint_words.set("software_verbs")
    out: set[str] = set()
    for event in events:
        match = _EVENT_SUBJECT.match(event)
        if match is None:
            continue
        first, second, verb = match.group(1), match.group(2), match.group(3).casefold()
        if second is not None and not second[0].isupper():
            verb, second = second.casefold(), None  # "alice restarted the pods"
        if not verb.endswith(("ed", "s")) or len(verb) < 4:
            continue
        if second is None and (not first.islower() or verb in software_verbs or first.endswith("bot")):
            continue
        if second is not None and not first[0].isupper():
            continue
        candidates = [first] + ([second] if second else [])
        if any(w.casefold() in ignored for w in candidates):
            continue
        out.update(w.casefold() for w in candidates)
    return frozenset(out)
