"""One description of the template in the code: the template file.

Outside the template package (`pirtui/core/template/`) and the modules of its named rules, no
module may hold a string literal equal to a built-in section key or dotted field path
("incident.start", "action_items", "root_cause.whys"), nor read a section as an attribute of the
review (`review.timeline`): features ask the template by role. The modules that still did when the
template became data are listed in `NOT_YET_BY_ROLE`; the list may only shrink (a listed module
that no longer offends fails this test until it is taken off).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pirtui.core.template.loader import builtin

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("pirtui", "screens", "widgets")
TEMPLATE_PACKAGE = "pirtui/core/template/"
NAMED_RULES = frozenset({"pirtui/core/computed.py"})
"""Modules of the named rules (incident duration, detection metrics): behaviour that cannot be declared."""
SHIMS = frozenset({"pirtui/core/model.py", "pirtui/core/sections.py"})
"""The built-in template's views for the code written before templates were data; derived from the file."""

NOT_YET_BY_ROLE = frozenset({
    "pirtui/app/meeting_driver.py",
    "pirtui/core/checks.py",
    "pirtui/core/config.py",
    "pirtui/core/hint_carried.py",
    "pirtui/core/hint_cause.py",
    "pirtui/core/hint_text.py",
    "pirtui/core/hint_timeline.py",
    "pirtui/core/hints.py",
    "pirtui/core/importer.py",
    "pirtui/core/public.py",
    "pirtui/evidence/cli.py",
    "pirtui/evidence/merge.py",
    "pirtui/site/entries.py",
    "screens/evidence_dialog.py",
})
"""Modules that still name the built-in template's parts (today's offenders): convert, then remove."""

LOOK_ALIKES = frozenset({
    "pirtui/cli/help.py",  # the `timeline` command's name
    "pirtui/cli/main.py",  # the `timeline` command's name
    "pirtui/evidence/gitlab.py",  # GitLab's JSON keys
    "pirtui/evidence/statuspage.py",  # Statuspage's JSON keys
    "pirtui/cli/timeline.py",  # the `timeline` command's name
    "pirtui/evidence/alertmanager.py",  # an alert's "summary" annotation
    "pirtui/evidence/pagerduty.py",  # PagerDuty's JSON keys "summary" and "incident"
    "pirtui/evidence/table.py",  # a CSV column called "summary"
    "pirtui/meeting/beacon.py",  # the meeting beacon's JSON key "meeting"
})
"""Modules whose words only look like the template's: each may instead end that line with
`# not the template` and leave this list, which may only shrink too."""


def template_words() -> tuple[frozenset[str], frozenset[str]]:
    """(literals no module may hold, review attributes no module may read)."""
    template = builtin()
    literals = set(template.section_keys())
    for section in template.spec.sections:
        for block in section.blocks:
            if block.path:
                literals.add(block.path)
            for field in block.fields:
                if field.path and "." in field.path:
                    literals.add(field.path)
    attributes = {key for key in template.section_keys() if key in template.models.review.model_fields}
    return frozenset(literals), frozenset(attributes)


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) or isinstance(node, ast.Expr):
            body = node.body if hasattr(node, "body") else None
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
                ids.add(id(node.value))
            elif body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def offences(source: str, literals: frozenset[str], attributes: frozenset[str]) -> list[str]:
    """Each string literal naming the template and each section read as an attribute, with its line."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    in_fstrings = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip | in_fstrings:
            if node.value in literals:
                found.append(f"line {node.lineno}: {node.value!r}")
        elif isinstance(node, ast.Attribute) and node.attr in attributes and _of_a_review(node.value):
            found.append(f"line {node.lineno}: .{node.attr}")
    lines = source.splitlines()
    return [each for each in found if NOT_THE_TEMPLATE not in lines[int(each.split(":")[0][5:]) - 1]]


NOT_THE_TEMPLATE = "# not the template"
"""A line ending in this comment holds a word that only looks like the template's (a PagerDuty
JSON key "summary", the `timeline` command's name)."""


def _of_a_review(node: ast.AST) -> bool:
    """Whether an expression names a review (`review`, `self.review`, `session.review`, `copy`)."""
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    return "review" in name.lower() or name in ("copy", "fresh", "draft")


def scanned_modules() -> list[str]:
    """Every module the rule covers, relative to the repository."""
    out = []
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if not name.startswith(TEMPLATE_PACKAGE) and name not in NAMED_RULES | SHIMS:
                out.append(name)
    return out


WORDS = template_words()


@pytest.mark.parametrize("module", scanned_modules())
def test_no_module_describes_the_template_again(module):
    found = offences((ROOT / module).read_text(encoding="utf-8"), *WORDS)
    if module in NOT_YET_BY_ROLE | LOOK_ALIKES:
        assert found, f"{module} names no part of the template any more: take it off its list"
    else:
        assert not found, f"{module} names the template's parts (ask the template by role): {found[:5]}"


def test_the_rule_catches_a_literal_path_and_a_section_attribute():
    literals, attributes = WORDS
    assert offences('x = "incident.start"\n', literals, attributes) == ["line 1: 'incident.start'"]
    assert offences('x = "action_items"\n', literals, attributes)
    assert offences('x = "root_cause.whys"\n', literals, attributes)
    assert offences("x = review.timeline\n", literals, attributes) == ["line 1: .timeline"]
    assert offences("self.review.incident.start = 1\n", literals, attributes) == ["line 1: .incident"]


def test_the_rule_leaves_docstrings_f_strings_and_other_words_alone():
    literals, attributes = WORDS
    source = (
        '"""incident.start in a docstring."""\nx = f"{a}.timeline"\ny = "incident start"\nz = review.title\n'
        'w = app.meeting\nv = data["summary"]  # not the template\n'
    )
    assert offences(source, literals, attributes) == []


def test_the_allow_lists_name_only_modules_that_exist():
    assert sorted((NOT_YET_BY_ROLE | LOOK_ALIKES) - set(scanned_modules())) == []
