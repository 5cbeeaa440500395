"""Hints on how a review tells the cause: blame, a person as the cause, and the 5 Whys.

Blame is found clause by clause, so every blame in a field is reported, not only the first: a
wording that judges whoever did it ("careless", "was not followed", "should be more careful"), or a
blame verb whose subject is a person ("Bob failed to", "the engineer ignored"). A subject that is
software stays software: a word like "operator" is a person only when nothing in the sentence says
it is a program ("the operator's reconcile loop"), and tools and impacted services are never people.

A person's name (or "an engineer", "nobody") as the subject of a cause sentence with no blame word
is asked about, not judged: the review may need to say what made that action possible.

The 5 Whys are one chain: each answer follows from the answer before (they share a meaningful
word, or the question points back at it: "Why was that ...?"). A chain that jumps to another
branch is a hint; so are one that stops at a person and one of fewer than three answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from pirtui.core.hint_text import Add, WordLists, clauses, find, sentences, typed_words, words

WHYS_AT_LEAST = 3
"""Fewer answered whys than this seldom reach a cause worth fixing."""
RESTATE_SHARE = 0.6
"""Share of the root cause's words that, also found in the summary and impact, make it a restatement."""

BLAME_WHY = "Blaming a person ends the search for what made the failure possible, and people stop telling what happened."
BLAME_SUGGESTION = "Ask what made the action possible or likely (tools, defaults, pressure, missing guard) and write that."


# -- blame ------------------------------------------------------------------------------------


def blames(text: str, hint_words: WordLists, people: frozenset[str] | Callable[[], frozenset[str]]) -> list[tuple[str, str]]:
    """("language", phrase) or ("person", from the person to the verb) of every blame in a text,
    as typed, at most one per clause. `people` may be a function, called only when a blame word is there."""
    if not any(True for _ in find(words(text), hint_words.phrases("blame_verbs", "blame_phrases"))):
        return []
    if callable(people):
        people = people()
    found: list[tuple[str, str]] = []
    software = _software_stems(hint_words)
    for sentence in sentences(text):
        is_software = bool(hint_words.content_stems(sentence) & software)
        subject = ""
        for clause in _blame_clauses(sentence, hint_words):
            typed = typed_words(clause)
            tokens = [w.casefold() for w in typed]
            start = _subject_before(tokens, len(tokens), hint_words, people, is_software, at_start=True)
            blame = _clause_blame(typed, tokens, hint_words, people, is_software, subject)
            if start is not None and start == 0:
                subject = " ".join(typed[: _subject_end(tokens, hint_words, people) + 1])
            if blame is not None:
                found.append(blame)
    return found


def _clause_blame(
    typed: list[str], tokens: list[str], hint_words: WordLists, people: frozenset[str], is_software: bool, subject: str
) -> tuple[str, str] | None:
    for at, phrase in find(tokens, hint_words.phrases("blame_verbs", "blame_phrases")):
        start = _subject_before(tokens, at, hint_words, people, is_software)
        if start is not None:
            return "person", " ".join(typed[start : at + len(phrase)])
        if subject and _nothing_before(tokens, at, hint_words):
            return "person", f"{subject} … {' '.join(typed[at : at + len(phrase)])}"  # "Paolo skipped ..., missed ..."
    for at, phrase in find(tokens, hint_words.phrases("blame_phrases")):
        return "language", " ".join(typed[at : at + len(phrase)])
    return None


def _blame_clauses(sentence: str, hint_words: WordLists) -> list[str]:
    """A sentence cut into clauses, and each clause at the words that join two verbs ("and", "but")."""
    joiners = hint_words.set("clause_joiners")
    out = []
    for clause in clauses(sentence):
        part: list[str] = []
        for word in clause.split():
            if word.casefold() in joiners and part:
                out.append(" ".join(part))
                part = []
            else:
                part.append(word)
        if part:
            out.append(" ".join(part))
    return out


def _nothing_before(tokens: list[str], at: int, hint_words: WordLists) -> bool:
    skipped = hint_words.set("between_subject_and_verb")
    adverb = tuple(hint_words.lists["adverb_endings"])
    return all(t in skipped or (adverb and t.endswith(adverb)) for t in tokens[:at])


@lru_cache(maxsize=8)
def _software_stems(hint_words: WordLists) -> frozenset[str]:
    return hint_words.content_stems(" ".join(hint_words.lists["software_clues"]))


def _subject_before(
    tokens: list[str], at: int, hint_words: WordLists, people: frozenset[str], is_software: bool, at_start: bool = False
) -> int | None:
    """Where the person who is the subject of the verb at `at` starts (a name or a person word);
    None when the subject is a thing, or there is none. With `at_start`, the clause's first words
    are tried as the subject instead."""
    if at_start:
        end = _subject_end(tokens, hint_words, people)
        return 0 if end >= 0 and _is_person_at(tokens, end, hint_words, people, is_software) else None
    skipped, adverb = hint_words.set("between_subject_and_verb"), tuple(hint_words.lists["adverb_endings"])
    last = at - 1
    while last >= 0 and (tokens[last] in skipped or (adverb and tokens[last].endswith(adverb))):
        last -= 1
    if last < 0:
        return None
    person_words = hint_words.set("person_words")
    if last >= 1 and f"{tokens[last - 1]} {tokens[last]}" in person_words:
        return last - 1
    if not _is_person_at(tokens, last, hint_words, people, is_software):
        return None
    word = _without_possessive(tokens[last], hint_words)
    if word in person_words:
        start = last
        while start >= 1 and tokens[start - 1] in person_words:
            start -= 1  # "the on-call engineer"
        return start
    ahead = tokens[last - 1] if last >= 1 else ""
    if ahead in hint_words.set("determiners"):
        return None  # "the bob service": a thing named after a person
    return last - 1 if ahead in people else last


def _without_possessive(word: str, hint_words: WordLists) -> str:
    for ending in hint_words.lists["possessive_endings"]:
        word = word.removesuffix(ending)
    return word


def _is_person_at(tokens: list[str], at: int, hint_words: WordLists, people: frozenset[str], is_software: bool) -> bool:
    word = _without_possessive(tokens[at], hint_words)
    if at >= 1 and f"{tokens[at - 1]} {word}" in hint_words.set("software_names"):
        return False  # "the cluster manager"
    if word in hint_words.set("software_person_words"):
        modified = at >= 1 and tokens[at - 1] not in hint_words.set("determiners") | hint_words.set("person_words")
        return not is_software and not modified  # "the storage operator", "the operator's reconcile loop"
    return word in hint_words.set("person_words") or word in people


def _subject_end(tokens: list[str], hint_words: WordLists, people: frozenset[str]) -> int:
    """The last word of a person named at the start of a clause (after a cause opener and a
    determiner, allowing one adjective: "a junior engineer"), or -1."""
    at = _after_opener(tokens, hint_words)
    opened = at
    while at < len(tokens) and tokens[at] in hint_words.set("determiners"):
        at += 1
    person_words = hint_words.set("person_words")
    if at > opened:
        people = frozenset()  # "the alice scheduler": after a determiner a name is a thing
    if at + 1 < len(tokens) and f"{tokens[at]} {tokens[at + 1]}" in person_words:
        return at + 1
    if at + 1 < len(tokens) and tokens[at] not in person_words | people and tokens[at + 1] in person_words:
        at += 1  # "a junior engineer"
    if at >= len(tokens) or tokens[at] not in person_words | people:
        return -1
    while at + 1 < len(tokens) and _without_possessive(tokens[at + 1], hint_words) in person_words | people:
        at += 1  # "Maria Chen", "the on-call engineer", "Maria Chen's"
    return at


def _after_opener(tokens: list[str], hint_words: WordLists) -> int:
    for opener in hint_words.phrases("cause_openers").get(tokens[0] if tokens else "", ()):
        if tuple(tokens[: len(opener)]) == opener:
            return len(opener)
    return 0


def blame_hints(
    fields: Iterable[tuple[str, str]], hint_words: WordLists, people: frozenset[str] | Callable[[], frozenset[str]], add: Add
) -> set[str]:
    """Every blame of every field; the fields that had one."""
    blamed = set()
    for path, text in fields:
        if not text.strip():
            continue
        for kind, what in blames(text, hint_words, people):
            blamed.add(path)
            if kind == "language":
                add(path, "blame-language", f'Blame language: "{what}".', BLAME_WHY, BLAME_SUGGESTION)
            else:
                add(path, "blame-person", f'A person is the cause: "{what}".', BLAME_WHY, BLAME_SUGGESTION)
    return blamed


# -- a person as the cause --------------------------------------------------------------------


def person_as_cause(text: str, hint_words: WordLists, people: frozenset[str]) -> str:
    """The person a cause sentence opens with as its subject ("Henrik Dahl entered ...", "An
    engineer ran ..."), as typed with the verb after it; "" when no sentence does."""
    software = _software_stems(hint_words)
    for sentence in sentences(text):
        typed = typed_words(sentence)
        tokens = [w.casefold() for w in typed]
        end = _subject_end(tokens, hint_words, people)
        if end < 0 or end + 1 >= len(tokens) or tokens[end] != _without_possessive(tokens[end], hint_words):
            continue
        if _passive(tokens, end + 1, hint_words):
            continue  # "The on-call engineer was paged at 03:12": the person is not the one acting
        if not _is_person_at(tokens, end, hint_words, people, bool(hint_words.content_stems(sentence) & software)):
            continue
        return " ".join(typed[_after_opener(tokens, hint_words) : end + 2])
    return ""


def _passive(tokens: list[str], at: int, hint_words: WordLists) -> bool:
    """Whether the verb at `at` is passive ("was paged", "were woken"), by `passive_auxiliaries`
    and `participle_endings`."""
    if tokens[at] not in hint_words.set("passive_auxiliaries") or at + 1 >= len(tokens):
        return False
    return tokens[at + 1].endswith(tuple(hint_words.lists["participle_endings"]))


def person_cause_hints(fields: Iterable[tuple[str, str]], hint_words: WordLists, people: frozenset[str], add: Add) -> None:
    """Ask about each cause field whose sentence makes a person its subject."""
    for path, text in fields:
        who = person_as_cause(text, hint_words, people) if text.strip() else ""
        if who:
            add(
                path, "cause-is-person", f'Is a person the cause here? "{who}"',
                "A cause told as what someone did stops before the conditions that let it happen.",
                "Say what made the action possible or likely: the tool, the default, the missing check, the pressure.",
            )


# -- 5 Whys -----------------------------------------------------------------------------------


def whys_hints(
    whys: list[tuple[str, str]], path: str, answer: str, hint_words: WordLists, people: Callable[[], frozenset[str]], add: Add
) -> str:
    """The 5 Whys hints of a chain of (question, answer) rows, the table at `path` whose answers are
    in the column `answer`; the field of the last answer when it ends at a person ("" otherwise)."""
    answered = [(i, question, text) for i, (question, text) in enumerate(whys) if text.strip()]
    if not answered:
        return ""  # an empty chain is the checks' business
    if len(answered) < WHYS_AT_LEAST:
        add(
            path, "whys-too-few",
            f"The 5 Whys stop after {len(answered)} answer{'s' * (len(answered) != 1)}.",
            "The first answers describe the symptom; the conditions worth fixing usually show at the third or later.",
            "Keep asking why of the last answer until it names something the team can change.",
        )
    broken = _chain_break(answered, hint_words)
    if broken is not None:
        add(
            f"{path}.{broken}.{answer}", "whys-not-a-chain",
            f"Why {broken + 1} does not follow from the answer before it.",
            "A 5 Whys that jumps to another branch never reaches the condition under the first answer.",
            "Ask the next why of the answer just before; give another branch its own chain or a contributing factor.",
        )
    index, _, last = answered[-1]
    who = _answer_about_person(last, hint_words, people())
    if who:
        add(
            f"{path}.{index}.{answer}", "whys-end-at-person",
            f'The 5 Whys end at a person ("{who}").',
            "A chain that stops at someone's action stops before the system that allowed it.",
            "Ask one more why: what made that action possible, easy or unnoticed?",
        )
        return f"{path}.{index}.{answer}"
    return ""


def _chain_break(answered: list[tuple[int, str, str]], hint_words: WordLists) -> int | None:
    """The index of the first answer that does not follow from the one before, or None."""
    pointers = hint_words.set("pointing_back")
    for (_, _, before), (index, question, answer) in zip(answered, answered[1:]):
        if any(word in pointers for word in words(question)):
            continue  # "Why was that not caught?"
        earlier = _chain_words(before, hint_words)
        if not earlier or (_chain_words(question, hint_words) | _chain_words(answer, hint_words)) & earlier:
            continue
        return index
    return None


def _chain_words(text: str, hint_words: WordLists) -> frozenset[str]:
    """What ties two whys together: meaningful stems, and numbers ("404", "v58")."""
    return hint_words.content_stems(text) | {word for word in words(text) if word.isdigit() and len(word) > 1}


def _answer_about_person(answer: str, hint_words: WordLists, people: frozenset[str]) -> str:
    """Who an answer is about, when its subject or its blame names a person; "" otherwise."""
    found = blames(answer, hint_words, people)
    if found:
        return found[0][1]
    tokens = words(answer)
    tokens = tokens[_after_opener(tokens, hint_words) :]
    if not tokens:
        return ""
    person_words = hint_words.set("person_words")
    if tokens[0] in hint_words.set("determiners"):
        return next((t for t in tokens[1:3] if t in person_words), "")
    return next((t for t in tokens[:2] if t in person_words or t in people), "")


# -- the root cause restates the impact -------------------------------------------------------


def restated_impact(path: str, text: str, impact: Iterable[str], hint_words: WordLists, add: Add) -> None:
    """Hint when a root cause (Why It Happened, at `path`) mostly repeats the texts that tell the
    impact (the summary and the customer impact: the `impact-statement` role)."""
    cause = hint_words.content_stems(text)
    if len(cause) < 3:
        return
    told = frozenset().union(*(hint_words.content_stems(statement) for statement in impact))
    if len(cause & told) / len(cause) >= RESTATE_SHARE:
        add(
            path, "root-cause-restates-impact",
            "Why it happened mostly repeats the summary and the customer impact.",
            "Restating what users saw explains nothing about why the system let it happen.",
            "Name the conditions that made it possible: the missing guard, the default, the untested path.",
        )
