"""The findings of one open review, kept up to date edit by edit, with each section's state and counts.

Owned by the `pirtui.session.Session` (per review: a new Review object gets new live checks), read
by the editor to draw the section lists, the status line and each field's findings. An edit
re-checks only its own section at once; the sections that read the changed value (the timeline
reads the incident's dates) are marked stale and re-checked when the typing pauses, since with
2,000 timeline rows that is too slow for every key. No Textual here.

Any template's review: the sections, their completeness (`checks.section_complete`, the one
answer) and their findings are asked of the review's own template (`sections.sections_for`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Iterable

from pirtui.core import checks
from pirtui.core.checks import Finding, IncrementalChecker
from pirtui.core.sections import editable_sections, sections_for, template_of

if TYPE_CHECKING:  # the hints load once the first screen is up
    from pirtui.core.hints import Hint, HintContext


def field_slots(review: object, key: str) -> list[tuple[str, str]]:
    """(review path, label) of each place of a section the user fills, in screen order, for the
    review's own template (`checks.field_slots`)."""
    return checks.field_slots(key, review)


def duration(review: Any) -> str:
    """The incident's duration from the fields with the incident-start and incident-end roles
    ("" when either is unreadable)."""
    from pirtui.core.computed import computed_duration

    return computed_duration(review)


class LiveChecks:
    """A checker over one Review, plus the per-section states and counts drawn from it."""

    def __init__(self, review: Any, today: date) -> None:
        # Hints run apart from the checks (the editor runs them in a thread once typing pauses).
        self.checker = IncrementalChecker(review, today, hints_apart=True)
        self.states: dict[str, str] = {}
        """Each editable section's state word ("empty", "incomplete", "complete", ...)."""
        self.counts: dict[str, tuple[int, int, int]] = {}
        """Errors, warnings and hints of each editable section."""
        self.complete: dict[str, bool] = {}
        """Whether each editable section is complete (`section_complete`), kept up to date edit by edit:
        the status line asks on every redraw, and asking every section costs about 1 ms on 2,000 rows."""
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
        # A section's completeness counts its computed values (the detection metrics, from the
        # timeline's milestones): the sections reading the edited one are asked again now, not later.
        self._update_complete(self.checker.readers_of(self.checker.rechecked))
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
        return errors, warnings, hints, sum(1 for key in self.states if self.complete[key])

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
                self.states[key] = checks.section_state(review, key, findings)
                self.complete[key] = checks.section_complete(review, key)

    def _update_complete(self, keys: Iterable[str]) -> None:
        review = self.checker.review
        for key in keys:
            if key in self.complete:
                self.complete[key] = checks.section_complete(review, key)


def _sections_holding(review: object, path: str | None) -> tuple[str, ...]:
    """The keys of the sections that own a review path (none for None)."""
    if not path:
        return ()
    return tuple(section.key for section in sections_for(review) if path in section.paths)
