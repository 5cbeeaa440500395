"""The findings of one open review, kept up to date edit by edit, with each section's state and counts.

Owned by the `pirtui.session.Session` (per review: a new Review object gets new live checks), read
by the editor to draw the section lists, the status line and each field's findings. An edit
re-checks only its own section at once; the sections that read the changed value (the timeline
reads the incident's dates) are marked stale and re-checked when the typing pauses, since with
2,000 timeline rows that is too slow for every key. No Textual here.

Any template's review: the sections, their completeness and their findings are asked of the
review's own template (`sections.sections_for`). The built-in template's reviews keep their
incremental checker; another template's review is checked whole by `checks.check` (its declared
rules and the keys not in the template), which is quick for what a template declares.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Iterable

from pirtui.core import checks
from pirtui.core.checks import Finding, IncrementalChecker, State
from pirtui.core.model import get_path
from pirtui.core.sections import Section, editable_sections, section_by_key, sections_for, template_of
from pirtui.core.template import roles
from pirtui.core.template.loader import builtin

if TYPE_CHECKING:  # the hints load once the first screen is up
    from pirtui.core.hints import Hint, HintContext


def follows_builtin(review: object) -> bool:
    """Whether a review follows the built-in template (whose checks know each section by name)."""
    return template_of(review) is builtin()


# -- completeness, for any template --------------------------------------------------------------


def field_slots(review: object, key: str) -> list[tuple[str, str]]:
    """(review path, label) of each place of a section the user fills, in screen order (see
    `checks.field_slots`), for the review's own template."""
    if follows_builtin(review):
        return checks.field_slots(key)
    section = section_by_key(review, key)
    return _slots(section) if section is not None else []


def _slots(section: Section) -> list[tuple[str, str]]:
    slots: list[tuple[str, str]] = []
    for block in section.blocks:
        if block.kind == "fields":
            slots.extend((column.key, column.label) for column in block.columns)
        elif block.path:
            slots.append((block.path, block.label or block.heading or section.heading))
    return slots


def empty_fields(review: Any, key: str) -> list[tuple[str, str]]:
    """(review path, label) of the places of a section still empty, in screen order: where F9 goes
    next, and what F8 says an incomplete section lacks."""
    if follows_builtin(review):
        return checks.empty_fields(review, key)
    return [(path, label) for path, label in field_slots(review, key) if _empty(review, path)]


def _empty(review: Any, path: str) -> bool:
    """Nothing typed there, and nothing computed for it (the incident's duration counts as filled)."""
    if not roles.is_empty(get_path(review, path)):
        return False
    return not (path in _computed_durations(review) and duration(review))


def _computed_durations(review: Any) -> tuple[str, ...]:
    """The paths of the fields whose empty value is the incident's duration (a named rule)."""
    return tuple(f.path for f in template_of(review).fields if f.spec.computed == "incident-duration")


_FRESH: dict[int, Any] = {}


def _fresh(review: Any) -> Any:
    """What a new review of the same template starts with (its defaults, the sign-off rows), made
    once per template: a value left as it starts is not counted as typed."""
    template = template_of(review)
    if id(template) not in _FRESH:
        _FRESH[id(template)] = roles.new_review(template)
    return _FRESH[id(template)]


def _block_filled(review: Any, fresh: Any, paths: Iterable[str]) -> bool:
    for path in paths:
        value = get_path(review, path)
        if not roles.is_empty(value) and value != get_path(fresh, path):
            return True
    return False


def section_fill(review: Any, key: str) -> tuple[int, int]:
    """(blocks filled, blocks total) of a section: a block counts once it holds something typed."""
    if follows_builtin(review):
        return checks.section_fill(review, key)
    section = section_by_key(review, key)
    blocks = [block for block in section.blocks if block.kind != "static"] if section else []
    fresh = _fresh(review)
    return sum(1 for block in blocks if _block_filled(review, fresh, block.paths)), len(blocks)


def section_complete(review: Any, key: str) -> bool:
    """Whether a section is complete: every block holds something and no field of it is empty."""
    if follows_builtin(review):
        return checks.section_complete(review, key)
    filled, total = section_fill(review, key)
    return filled >= total and not empty_fields(review, key)


def section_state(review: Any, key: str, findings_of_section: list[Finding | Hint]) -> State:
    """One word for a section in the section list (see `checks.section_state`)."""
    if follows_builtin(review):
        return checks.section_state(review, key, findings_of_section)
    found = [finding for finding in findings_of_section if finding.level != "hint"]
    if any(finding.level == "error" for finding in found):
        return "errors"
    filled, total = section_fill(review, key)
    if total and not filled:
        return "empty"
    if found:
        return "warnings"
    return "complete" if section_complete(review, key) else "incomplete"


def duration(review: Any) -> str:
    """The incident's duration from the fields with the incident-start and incident-end roles, as
    `computed.computed_duration` gives it for the built-in template ("" when either is unreadable)."""
    if follows_builtin(review):
        from pirtui.core.computed import computed_duration

        return computed_duration(review)
    from pirtui.core.timeparse import format_minutes, minutes_between, parse_window

    template = template_of(review)
    start, end = parse_window(roles.text(template, review, "incident-start"), roles.text(template, review, "incident-end"))
    return format_minutes(minutes_between(start.at, end.at)) if start and end else ""


# -- the checker of another template's review ----------------------------------------------------------


class TemplateChecker:
    """The findings of a review of a template other than the built-in one, as `IncrementalChecker`
    gives them: the whole review is checked again on each change (`checks.check` runs a template's
    declared rules and names the keys not in it), each section's findings picked by its heading."""

    def __init__(self, review: Any, today: date | None = None, hints: HintContext | None = None, *, hints_apart: bool = True) -> None:
        self.review = review
        self.today = today
        self.hints = hints
        self.hints_apart = hints_apart
        self.hint_passes_taken = 0
        self._keys = tuple(section.key for section in sections_for(review))
        self._headings = {section.key: section.heading for section in sections_for(review)}
        self._hints: dict[str, list[Finding | Hint]] = {}
        self._checked: list[Finding | Hint] = []
        self.rechecked: tuple[str, ...] = ()
        self._recheck()

    def _recheck(self) -> list[Finding | Hint]:
        found = checks.check(self.review, self.today, None if self.hints_apart else self.hints)
        self._checked = [finding for finding in found if finding.level != "hint" or not self.hints_apart]
        self.rechecked = self._keys
        return self.findings

    def set_hints(self, hints: HintContext | None) -> list[Finding | Hint]:
        """Hints from now on (None: stop)."""
        self.hints = hints
        return self._recheck()

    def update(self, changed_path: str, *, dependents: bool = True) -> list[Finding | Hint]:
        """Check the review again (the whole of it: a template's rules are few)."""
        return self._recheck()

    def update_dependents(self, changed_paths: Iterable[str]) -> list[Finding | Hint]:
        """Nothing is left stale: every change re-checked the whole review."""
        self.rechecked = ()
        return self.findings

    def hint_pass(self) -> Callable[[], dict[str, list[Finding | Hint]]]:
        """A job computing the hints on a copy of the review, safe in a thread (see `take_hints`)."""
        hints, today, headings = self.hints, self.today, self._headings
        snapshot = self.review.model_copy(deep=True)

        def job() -> dict[str, list[Finding | Hint]]:
            if hints is None:
                return {}
            found = [finding for finding in checks.check(snapshot, today, hints) if finding.level == "hint"]
            return {key: [f for f in found if f.section == heading] for key, heading in headings.items()}

        return job

    def take_hints(self, found: dict[str, list[Finding | Hint]]) -> list[Finding | Hint]:
        """The hints a `hint_pass` found, shown from now on."""
        self._hints = found
        self.hint_passes_taken += 1
        self.rechecked = self._keys
        return self.findings

    @property
    def findings(self) -> list[Finding | Hint]:
        """Every finding, in the template's order of sections (those of no section last)."""
        hints = [hint for key in self._keys for hint in self._hints.get(key, ())]
        return [*self._checked, *hints]

    def for_section(self, key: str) -> list[Finding | Hint]:
        """The findings of one section."""
        heading = self._headings.get(key)
        return [finding for finding in self.findings if finding.section == heading]


Checker = IncrementalChecker | TemplateChecker
"""The checker of an open review: incremental for the built-in template, whole for another."""


class LiveChecks:
    """A checker over one Review, plus the per-section states and counts drawn from it."""

    def __init__(self, review: Any, today: date) -> None:
        # Hints run apart from the checks (the editor runs them in a thread once typing pauses).
        self.checker: Checker = (
            IncrementalChecker(review, today, hints_apart=True) if follows_builtin(review)
            else TemplateChecker(review, today, hints_apart=True)
        )
        self.states: dict[str, str] = {}
        """Each editable section's state word ("empty", "incomplete", "complete", ...)."""
        self.counts: dict[str, tuple[int, int, int]] = {}
        """Errors, warnings and hints of each editable section."""
        self.stale: set[str] = set()
        """Paths changed since the sections that read them were last re-checked."""
        self.hints_pending = True
        """Hints start once the review's first section is on screen (they read the folder)."""
        self._editable = {section.key for section in editable_sections(review)}
        self._status_sections = _sections_holding(review, template_of(review).path_of("review-status"))
        self._update_states(s.key for s in editable_sections(review))

    @property
    def findings(self) -> list[Finding | Hint]:
        """Every finding of the review, in the order of its sections."""
        return self.checker.findings

    def for_section(self, key: str) -> list[Finding | Hint]:
        """The findings of one section."""
        return self.checker.for_section(key)

    def edited(self, path: str) -> None:
        """`path` changed: re-check its own section now, the sections that read it later."""
        self.checker.update(path, dependents=False)
        self._after_check()
        self.stale.add(path)

    def start_hints(self) -> bool:
        """Whether hints are to be started now (once, when the review's first section is shown)."""
        pending, self.hints_pending = self.hints_pending, False
        return pending

    def recheck_dependents(self) -> bool:
        """Bring the sections that read what was typed up to date now; False when they were."""
        if not self.stale:
            return False
        changed, self.stale = self.stale, set()
        self.checker.update_dependents(sorted(changed))
        self._after_check()
        return True

    def set_hints(self, context: HintContext | None) -> None:
        """Hints from now on, read against `context` (the team's words and the folder's reviews)."""
        self.checker.set_hints(context)
        self._after_check()

    def take_hints(self, found: dict[str, list[Finding | Hint]]) -> None:
        """The hints a hint pass found (run apart from the checks): shown, and counted, from now on."""
        self.checker.take_hints(found)
        self._after_check()

    def totals(self) -> tuple[int, int, int, int]:
        """Errors, warnings, hints and complete sections of the whole review."""
        errors = sum(c[0] for c in self.counts.values())
        warnings = sum(c[1] for c in self.counts.values())
        hints = sum(c[2] for c in self.counts.values())
        # One answer to "is it complete" (the status line, the section list, F8, F9, the review list).
        review = self.checker.review
        return errors, warnings, hints, sum(1 for key in self.states if section_complete(review, key))

    def _after_check(self) -> None:
        # The section of the review's status too: its final-status error counts every section's errors.
        self._update_states([*self.checker.rechecked, *self._status_sections])

    def _update_states(self, keys: Iterable[str]) -> None:
        review = self.checker.review
        for key in keys:
            if key in self._editable:
                findings = self.checker.for_section(key)
                errors = sum(1 for f in findings if f.level == "error")
                hints = sum(1 for f in findings if f.level == "hint")
                self.counts[key] = (errors, len(findings) - errors - hints, hints)
                self.states[key] = section_state(review, key, findings)


def _sections_holding(review: object, path: str | None) -> tuple[str, ...]:
    """The keys of the sections that own a review path (none for None)."""
    if not path:
        return ()
    return tuple(section.key for section in sections_for(review) if path in section.paths)
