"""Hints on one action item: its wording, its target, whom it aims at, its owner, its ticket.

Wording is judged by shape, not by a list of verbs: an action reads as a topic (a noun phrase) when
it opens with a word shaped like a noun or an adjective ("Nightly verification of ...", "Gradual
rollout for ...", "Dashboards for ...", "Review of ..."); anything else reads as an imperative and
stays quiet, whatever its verb ("Quarantine ...", "Cap retries at 3"). A wrong guess here costs a
facilitator nothing, a hint on a well-formed action costs the writer's trust, so unknown words pass.

The word lists and endings are data (`hint_words.toml`): a team adds the verbs its shape rules
misread (`action_verbs`), its own wishes (`vague_actions`), targets (`vague_targets`) or group names
(`team_words`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from pirtui.core.hint_text import WordLists, find, first_found, has_number, typed_words, words

ItemHint = tuple[str, str, str, str, str]
"""(role of the column, rule, message, why, suggestion) of one action item's hint: the hint names
the row's cell with that role ("action-owner")."""


class ActionRow(NamedTuple):
    """What the hints read of one action item, by role: "" where the template has no such column."""

    action: str
    owner: str = ""
    priority: str = ""
    ticket: str = ""
    top_priority: str = ""
    """The highest priority the template offers (the first of its priorities: "P1"), when it has a
    ticket column too; "" otherwise (then no priority asks for a ticket)."""

_PARENTHESES = re.compile(r"\([^)]*\)")


People = Callable[[], frozenset[str]]
"""The names of the review's people, asked for only when a rule needs them (most items never do)."""


def item_hints(item: ActionRow, hint_words: WordLists, people: People) -> list[ItemHint]:
    """The hints of one action item, by its own fields and the names of the review's people."""
    found: list[ItemHint] = []
    tokens = words(item.action)
    if tokens:
        found += _wording(item.action, tokens, hint_words, people)
    found += _owner(item.owner, hint_words, people)
    top = item.top_priority.strip().upper()
    if top and item.priority.strip().upper() == top and not item.ticket.strip():
        found.append((
            "action-ticket", "action-p1-no-ticket", f"A {item.top_priority.strip()} action item has no ticket.",
            "The most urgent fixes are the ones that must be tracked where the work is planned.",
            "File a ticket and put its ID here.",
        ))
    return found


def _wording(action: str, tokens: list[str], hint_words: WordLists, people: People) -> list[ItemHint]:
    found: list[ItemHint] = []
    if reads_as_noun_phrase(tokens, hint_words):
        found.append((
            "action-text", "action-no-verb", "The action reads as a topic, not as something to do.",
            "An action item is something someone does; a noun phrase names a subject and leaves the work open.",
            'Start with what to do: "Verify ... nightly", "Roll out ... gradually", "Add a dashboard for ...".',
        ))
    vague = vague_wording(action, tokens, hint_words)
    if vague:
        found.append((
            "action-text", "action-vague", f'"{vague}" names a wish, not a result anyone can check.',
            "Nobody can say when a vague action is done, so it stays open for years.",
            "Say what will exist or hold when it is done: a number, a threshold, an alert, a test, a written decision.",
        ))
    person = aims_at_person(tokens, hint_words, people)
    if person:
        found.append((
            "action-text", "action-aims-at-person", f'"{person}" aims at people, not at the system.',
            "Reminding or retraining people fades in weeks; the conditions that made the slip likely stay.",
            "Change what people work with: a guard, a default, a check, an alert, a tool that makes the right way the easy way.",
        ))
    return found


# -- shape ------------------------------------------------------------------------------------


def reads_as_noun_phrase(tokens: list[str], hint_words: WordLists) -> bool:
    """Whether an action opens like a noun phrase rather than an imperative.

    By the first word's shape: a word from `noun_phrase_openers` ("better", "more", "a"), a topic
    noun ("dashboard", "runbook"), a plural ("dashboards"), a gerund or participle ("monitoring",
    "automated"), an adjective ending ("nightly", "gradual"), a noun ending ("verification") before a
    preposition or at the end; or any first word followed by "of" ("Review of ..."). Otherwise words
    of `action_verbs` are verbs whatever their shape ("document", "partition").
    """
    first = tokens[0]
    after = tokens[1] if len(tokens) > 1 else ""
    if after in hint_words.set("noun_after"):
        return True
    if first in hint_words.set("action_verbs") or first.split("-")[-1] in hint_words.set("action_verbs"):
        return False
    if first in hint_words.set("noun_phrase_openers") or first in hint_words.set("topic_nouns"):
        return True
    if _plural(first, hint_words):
        return True
    if first.endswith(tuple(hint_words.lists["noun_endings"])) and (not after or after in hint_words.set("prepositions")):
        return True
    return _adjective_shaped(first, hint_words)


def _plural(word: str, hint_words: WordLists) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(tuple(hint_words.lists["singular_s_endings"]))


def _adjective_shaped(word: str, hint_words: WordLists) -> bool:
    """Whether a word is shaped like an adjective or a participle: each entry of `adjective_endings`
    is "ending" or "ending,shortest length,endings-that-do-not-count" ("ed,6,eed")."""
    for entry in hint_words.lists["adjective_endings"]:
        ending, _, rest = entry.partition(",")
        shortest, _, exceptions = rest.partition(",")
        if not word.endswith(ending) or len(word) < int(shortest or 0):
            continue
        if exceptions and word.endswith(tuple(exceptions.split())):
            continue
        return True
    return False


# -- vague ------------------------------------------------------------------------------------


def vague_wording(action: str, tokens: list[str], hint_words: WordLists) -> str:
    """The wish or vague target of an action ("improve", "faster", "reasonable"), or "" when the
    action has none, or has a number, a threshold or a named artefact that says when it is done. A
    deliverable ("write a proposal", "add an alert") answers a wish, not a vague target ("more tests")."""
    wish = first_found(tokens, hint_words.phrases("vague_actions"))
    target = first_found(tokens, hint_words.phrases("vague_targets"))
    if not (wish or target) or has_number(action, hint_words) or _names_something(action):
        return ""
    if target:
        return target  # "more checks", "reasonable defaults": naming the thing does not say how much
    return "" if any(True for _ in find(tokens[1:], hint_words.phrases("deliverables"))) else wish


def _names_something(action: str) -> bool:
    """Whether an action names an artefact by its own name: CamelCase, a path, an identifier, a quote."""
    for word in typed_words(action)[1:]:
        if any(ch.isupper() for ch in word[1:]) and not word.isupper():
            return True
        if "_" in word:
            return True
    return any(mark in action for mark in ("/", "`", '"', "“"))


# -- aimed at a person ------------------------------------------------------------------------


def aims_at_person(tokens: list[str], hint_words: WordLists, people: People) -> str:
    """What makes an action aim at people ("remind", "talk to", "make ... aware"), or ""."""
    found = first_found(tokens, hint_words.phrases("person_actions"))
    if found:
        return found
    if any(word in hint_words.set("awareness_words") for word in tokens):
        return " ".join(tokens[:3]) if len(tokens) > 3 else " ".join(tokens)
    for at, phrase in find(tokens, hint_words.phrases("person_object_verbs")):
        target = at + len(phrase)
        skipped = hint_words.set("determiners") | hint_words.set("stop_words")
        while target < len(tokens) and tokens[target] in skipped:
            target += 1
        window = tokens[target : target + 3]
        groups = hint_words.set("person_words") | hint_words.set("person_groups")
        if any(word in groups or word.rstrip("s") in groups for word in window) or any(word in people() for word in window):
            return " ".join(tokens[at : target + 1])
    return ""


# -- owner ------------------------------------------------------------------------------------


def owner_kind(owner: str, hint_words: WordLists, people: People) -> str:
    """"person", "team" (or nobody in particular), "nobody", or "" for an empty owner.

    A person is one of the review's people ("Zoe", "Amara N."), a handle ("@jwu", "priya", "maria.chen",
    "jwu@example.com": one word that is no group word and not all capitals), or a name of two or three capitalised words ("Maria
    Chen (SRE)"); a group word ("Payments Engineering", "Site Reliability", "ml-platform") or a team
    pattern ("SRE") makes a team, and so does anything else ("storage operations").
    """
    text = " ".join(owner.split())
    if not text:
        return ""
    if text.casefold() in hint_words.set("no_owner_words"):
        return "nobody"
    if hint_words.is_team(text):
        return "team"
    bare = _PARENTHESES.sub(" ", text).strip()
    lower = [part for word in words(bare) for part in {word, *word.split("-")}]
    if any(word in hint_words.set("team_words") for word in lower):
        return "team"
    if "@" in bare:
        return "person"  # a handle or an address: "@jwu", "jwu@example.com"
    typed = typed_words(bare)
    if typed and len(bare.split()) == 1 and not bare.isupper():
        return "person"  # a handle or a first name: "priya", "maria.chen", "Ana"
    if 2 <= len(typed) <= 3 and all(word[0].isupper() and not word.isupper() or len(word) == 1 for word in typed):
        return "person"
    return "person" if any(word in people() for word in lower) else "team"


def _owner(owner: str, hint_words: WordLists, people: People) -> list[ItemHint]:
    kind = owner_kind(owner, hint_words, people)
    text = " ".join(owner.split())
    if kind == "nobody":
        return [(
            "action-owner", "action-no-owner", f'Owner "{text}" names nobody.',
            "An item without a named owner is an item nobody does.",
            "Name one person who will drive it, even if others help.",
        )]
    if kind == "team":
        return [(
            "action-owner", "action-team-owner", f'Owner "{text}" names a team, a group or a role, not one person.',
            "When a whole team owns an item, each member assumes another has it.",
            "Name one person who will drive it (a full name or a handle).",
        )]
    return []

