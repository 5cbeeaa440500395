"""Hints on what no action item carries out: a lesson, a process or monitoring improvement, a
"could be improved" item, a contributing factor.

An action carries one out when it shares its meaning: at least two significant words (one when the
item has only one), or a link the team wrote ("(action 4)", "see EDGE-2003", "#2"). Stop words never
count, and neither do words the whole review uses everywhere (in more than half of the action items
and of these items alike: the service's name, "pool" in a pool incident), since they would tie
every lesson to every action.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pirtui.core.hint_text import Add, WordLists, words

_LINK = re.compile(r"(?:\baction(?:\s+item)?|\bitem|\bAI)\s*[#-]?\s*(\d+)\b|#(\d+)\b", re.IGNORECASE)
"""A link to an action item by its number: "action 4", "action item 2", "item 3", "AI-5", "#2"; an
item whose ID is not a bare number ("AI-3") is also linked by its ID as a word."""

KINDS = {
    "lesson-no-action": ("carries out", "A lesson nobody acts on is learned again in the next incident."),
    "improvement-no-action": ("carries out", "An improvement nobody is asked to make stays a wish."),
    "factor-no-action": ("addresses", "A contributing factor nothing changes contributes again next time."),
}
"""Per rule (the hint a template switches on for a list or a text): the verb of the message, and why it matters."""

ActionRef = tuple[str, str, str]
"""(ID, ticket, text) of an action item with a text: what a link or a shared meaning points at."""


def carried_hints(mine: list[tuple[str, str, str]], items: list[str], actions: list[ActionRef], hint_words: WordLists, add: Add) -> None:
    """Hint on each of `mine` (rule, field, text: one section's items) that no action item carries
    out; `items` is the text of every such item in the review, whatever its section."""
    if not mine:
        return
    texts = tuple(text for _, _, text in actions)
    everywhere = _everywhere(items, list(texts), hint_words)
    action_stems = _action_stems(hint_words, texts, everywhere)
    for rule, path, text in mine:
        verb, why = KINDS[rule]
        if _linked(text, actions):
            continue
        stems = hint_words.content_stems(text) - everywhere
        need = min(2, len(stems))
        if need == 0 or any(len(stems & other) >= need for other in action_stems):
            continue
        add(
            path, rule, f"No action item {verb} {_quote(text)}.", why,
            "Add an action item that puts it into practice (or link one: \"(action 3)\"), or say why none is needed.",
        )


@lru_cache(maxsize=16)
def _action_stems(hint_words: WordLists, actions: tuple[str, ...], everywhere: frozenset[str]) -> tuple[frozenset[str], ...]:
    """Each action's significant stems (cached: a keystroke in a lesson re-reads every action)."""
    return tuple(hint_words.content_stems(action) - everywhere for action in actions)


def _everywhere(items: list[str], actions: list[str], hint_words: WordLists) -> frozenset[str]:
    """Stems in more than half of the action items and of the items alike (at least three of each)."""
    if len(items) < 3 or len(actions) < 3:
        return frozenset()
    return _common(hint_words, tuple(actions)) & _common(hint_words, tuple(items))


@lru_cache(maxsize=16)
def _common(hint_words: WordLists, texts: tuple[str, ...]) -> frozenset[str]:
    counts: dict[str, int] = {}
    for text in texts:
        for found in hint_words.content_stems(text):
            counts[found] = counts.get(found, 0) + 1
    return frozenset(found for found, count in counts.items() if count * 2 > len(texts))


def _linked(text: str, actions: list[ActionRef]) -> bool:
    """Whether an item names an action item by its number or by its ticket."""
    ids, tickets = _link_targets(tuple((item_id, ticket) for item_id, ticket, _ in actions))
    for match in _LINK.finditer(text):
        if (match.group(1) or match.group(2)).casefold() in ids:
            return True
    named = tickets | {item_id for item_id in ids if not item_id.isdigit()}  # "AI-3", "JIRA-125"
    return bool(named) and any(word in named for word in words(text))


@lru_cache(maxsize=16)
def _link_targets(items: tuple[tuple[str, str], ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The action items' numbers and tickets, as a link would name them."""
    ids = frozenset(item_id.strip().casefold() for item_id, _ in items if item_id.strip())
    tickets = frozenset(ticket.strip().casefold() for _, ticket in items if ticket.strip())
    return ids, tickets


def _quote(text: str, limit: int = 40) -> str:
    """Typed text quoted in a message: on one line, shortened."""
    text = " ".join(text.split())
    return f'"{text[: limit - 1]}…"' if len(text) > limit else f'"{text}"'
