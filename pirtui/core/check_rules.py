"""The checks that cannot be declared: named rules a template switches on (`rules = [...]`).

A template file declares what is required, unique, in time order or not before the incident's
start, and `pirtui.core.checks` checks that for any template, by role. What is left is behaviour
tied to one template's own parts, written here once and switched on by name: the built-in template
asks for a 2-3 sentence summary, figures in its impact tables, five answered Whys, the detection
milestones its metrics need, a described "Other" detection method and its three approvals at
"final"; "empty-sections" warns of a section left empty. A template that does not name a rule
never runs it, and a rule whose part the template lacks finds nothing.

This module may name the built-in template's parts: it is one of the named-rules modules
(`NAMED_RULES` in tests/test_single_description.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from pirtui.core.template import roles
from pirtui.core.template.template import Template
from pirtui.core.timeparse import parse_minutes, split_approximate

NO_VALUE_WORDS = frozenset({"none", "no", "zero", "n/a", "na", "nil", "unknown", "-", "—", "tbd"})
"""Words that stand for "nothing" or "not known" where the template expects a count or a rate."""
WHYS_EXPECTED = 5
REQUIRED_MILESTONES = ("detected", "mitigated", "resolved")
"""Without these the built-in template's detection metrics cannot be computed."""

_COUNT = re.compile(
    r"^(?:~|≈|±|<|>|<=|>=|over|about|around|approx\.?|approximately|roughly|nearly|almost|"
    r"up to|at least|at most|more than|less than|fewer than)?\s*\d",
    re.IGNORECASE,
)
_PERCENT = re.compile(
    r"^(?:~|≈|<|>|<=|>=|about|around|approx\.?|approximately|roughly|up to|peak|peak of)?\s*"
    r"(\d+(?:[.,]\d+)?)\s*(?:[-–]\s*(\d+(?:[.,]\d+)?)\s*)?(%|percent\b|pct\b)?(.*)$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*\s+(?=\S)|[。！？]+\s*(?=\S)")


# ---------------------------------------------------------------------------------------------
# Words every check uses to quote what was typed.


def one_line(text: str, limit: int) -> str:
    """Typed text made fit for a one-line message: whitespace collapsed, long text shortened."""
    text = " ".join(text.split())
    return text[: limit - 1] + "…" if len(text) > limit else text


def quote(text: str, limit: int = 40) -> str:
    """A typed value quoted in a message."""
    return f'"{one_line(text, limit)}"'


def choices(options: tuple[str, ...]) -> str:
    """A template's options as a message lists them: "P1, P2 or P3"."""
    return ", ".join(options[:-1]) + " or " + options[-1] if len(options) > 1 else "".join(options)


def one_of(value: str, allowed: tuple[str, ...]) -> bool:
    """Whether a value is one of the template's choices, ignoring case and surrounding spaces."""
    folded = value.strip().casefold()
    return any(folded == option.casefold() for option in allowed)


def at(node: Any, path: str) -> Any:
    """The value at a plain dotted path ("impact.user.error_rate"), None where a part is missing."""
    for part in path.split("."):
        node = getattr(node, part, None)
        if node is None:
            return None
    return node


def rows_at(review: Any, table: str) -> list[Any]:
    """The rows of a table at a plain dotted path (none without the path)."""
    found = at(review, table) if table else None
    return list(found) if found is not None else []


def label_of(template: Template, path: str) -> str:
    """A field's label as the template (and the editor) shows it ("Error rate during incident")."""
    return next((field.spec.label for field in template.fields if field.path == path), path)


# ---------------------------------------------------------------------------------------------
# What a rule is handed.


class Out(Protocol):
    """Where a rule writes its findings (`pirtui.core.checks._Findings`)."""

    def error(self, field: str, message: str) -> None: ...

    def warning(self, field: str, message: str) -> None: ...


class Facts(Protocol):
    """What the checks have parsed once (`pirtui.core.checks._Facts`)."""

    @property
    def template(self) -> Template: ...

    @property
    def status(self) -> str: ...


@dataclass(frozen=True)
class NamedRule:
    """A check switched on by name: where it runs and whether before the declared checks there."""

    where: Callable[[Template], str | None]
    """The key of the section it checks (None: the template lacks the part, so it never runs)."""
    check: Callable[[Any, Facts, Out], None]
    first: bool = False
    """Runs before the section's declared checks (its findings come first)."""


def _owner_of(path: str) -> Callable[[Template], str | None]:
    def where(template: Template) -> str | None:
        for section in template.spec.sections:
            for block in section.blocks:
                if block.path == path or any(f.path == path or f.path.startswith(path + ".") for f in block.fields):
                    return section.key
        return None

    return where


def _owner_of_table(role: str) -> Callable[[Template], str | None]:
    def where(template: Template) -> str | None:
        table = template.table_path(role)
        return _owner_of(table)(template) if table else None

    return where


# ---------------------------------------------------------------------------------------------
# The built-in template's rules.


def sentence_count(text: str) -> int:
    """Sentences in free text: a break is an end mark, then space, then neither lower case nor a digit.

    The exceptions keep "e.g. the" and "Jan. 15" inside one sentence.
    """
    text = text.strip()
    count = 1
    for match in _SENTENCE_END.finditer(text):
        following = text[match.end()]
        if not (following.islower() or following.isdigit()):
            count += 1
    return count


def _summary_sentences(review: Any, facts: Facts, out: Out) -> None:
    summary = str(at(review, "summary") or "")
    if not summary.strip():
        return
    count = sentence_count(summary)
    if not 2 <= count <= 3:
        out.warning(
            "summary",
            f"The executive summary has {count} sentence{'s' if count != 1 else ''}; "
            "the template asks for 2-3 (what happened, the impact, the resolution).",
        )


def reads_as_count(text: str) -> bool:
    """Whether typed text reads as a count, or as a word for nothing ("None", "n/a")."""
    core, _ = split_approximate(text)
    return core.casefold() in NO_VALUE_WORDS or bool(_COUNT.match(core))


def _impact_figures(review: Any, facts: Facts, out: Out) -> None:
    template = facts.template
    rate = str(at(review, "impact.user.error_rate") or "").strip()
    if rate and split_approximate(rate)[0].casefold() not in NO_VALUE_WORDS:
        match = _PERCENT.match(split_approximate(rate)[0])
        numbers = [float(n.replace(",", ".")) for n in (match.groups()[:2] if match else ()) if n is not None]
        readable = match is not None and (match[3] is not None or not match[4].strip())
        if not readable or not all(0 <= n <= 100 for n in numbers):
            message = f"{label_of(template, 'impact.user.error_rate')} {quote(rate)} is not a percentage between 0 and 100."
            out.error("impact.user.error_rate", message)
    for path in ("impact.user.failed_requests", "impact.business.complaints"):
        text = str(at(review, path) or "")
        if text.strip() and not reads_as_count(text):
            out.warning(path, f'{label_of(template, path)} {quote(text)} is not a number; write a count, or "None".')
    affected = str(at(review, "impact.user.affected_users") or "").strip()
    if affected and not any(ch.isdigit() for ch in affected):
        first_word = affected.split()[0].casefold()
        if first_word not in NO_VALUE_WORDS | {"all", "every", "everyone", "nobody"}:
            label = label_of(template, "impact.user.affected_users")
            out.warning("impact.user.affected_users", f"{label} {quote(affected)} is not a number or percentage.")
    duration = str(at(review, "impact.user.duration") or "")
    if duration.strip() and parse_minutes(duration) is None:
        out.warning(
            "impact.user.duration",
            f'{label_of(template, "impact.user.duration")} {quote(duration)} cannot be read as a duration; '
            'write e.g. "45 minutes".',
        )
    _business_impact_stated(review, facts, out)


def _business_impact_stated(review: Any, facts: Facts, out: Out) -> None:
    """A review put before its readers says what the incident cost, even if that is "None"."""
    status = facts.status.strip().casefold()
    business = at(review, "impact.business")
    if status not in ("in review", "final") or business is None or not roles.is_empty(business):
        return
    first = next(f.path for f in facts.template.fields if f.path.startswith("impact.business."))
    message = f'Business Impact is empty but the review is {status}; state each impact, or "None".'
    (out.error if status == "final" else out.warning)(first, message)


def _five_whys(review: Any, facts: Facts, out: Out) -> None:
    table = facts.template.table_path("whys") or ""
    answered = sum(1 for why in rows_at(review, table) if str(getattr(why, "answer", "")).strip())
    if answered < WHYS_EXPECTED:
        out.warning(
            table,
            f"Only {answered} of the 5 Whys {'is' if answered == 1 else 'are'} answered; "
            "keep asking why until the underlying cause shows.",
        )


def _detection_other(review: Any, facts: Facts, out: Out) -> None:
    methods = at(review, "detection.methods")
    if methods is not None and methods.other and not methods.other_description.strip():
        out.warning("detection.methods.other_description", 'Detection "Other" is ticked but not described.')


def _detection_milestones(review: Any, facts: Facts, out: Out) -> None:
    """The milestones the detection metrics are computed from, each marked once in the timeline."""
    template = facts.template
    table, key = template.table_path("incident-timeline"), template.column_of("incident-timeline", "timeline-milestone")
    if not table or not key:
        return
    rows = rows_at(review, table)
    columns = [field.spec.key for field in template.fields if field.path.startswith(f"{table}[].")]
    if not any(str(getattr(row, name)).strip() for row in rows for name in columns):
        return
    seen = {str(getattr(row, key)).strip().lower() for row in rows}
    for tag in REQUIRED_MILESTONES:
        if tag not in seen:
            out.warning(table, f'No timeline row is marked as the "{tag}" milestone; mark one so the metrics can be computed.')


def _approval_roles_at_final(review: Any, facts: Facts, out: Out) -> None:
    """A final review holds a named sign-off from each of the template's approval roles."""
    template = facts.template
    if facts.status.strip().casefold() != "final":
        return
    named = {
        roles.cell(template, row, "sign-offs", "approval-role").strip().casefold()
        for row in rows_at(review, template.table_path("sign-offs") or "")
        if roles.cell(template, row, "sign-offs", "approval-name").strip()
    }
    missing = [role for role in template.vocabulary("approval_role") if role.casefold() not in named]
    if missing:
        out.error(
            template.table_path("sign-offs") or "",
            f"The review is final but has no named approval from {', '.join(missing)}; "
            "a final review needs the template's three approvals.",
        )


CHECK_RULES: dict[str, NamedRule] = {
    "summary-sentences": NamedRule(_owner_of("summary"), _summary_sentences),
    "impact-figures": NamedRule(_owner_of("impact.user"), _impact_figures),
    "five-whys": NamedRule(_owner_of_table("whys"), _five_whys),
    "detection-other": NamedRule(_owner_of("detection.methods"), _detection_other, first=True),
    "detection-metrics": NamedRule(_owner_of_table("incident-timeline"), _detection_milestones),
    "approval-roles-at-final": NamedRule(_owner_of_table("sign-offs"), _approval_roles_at_final),
}
"""The named check rules by name; "empty-sections" is `pirtui.core.checks`' own (it needs no section)."""
