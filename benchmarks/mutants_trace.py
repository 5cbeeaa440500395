"""A pytest plugin for benchmarks/mutants.py: which tests run which lines of one module.

Why: running every test file that imports a module against each of its mutants takes hours on two
shared cores; a test that never runs a line cannot catch a bug planted on it, so mutants.py runs only
the tests that do. Loaded with `-p benchmarks.mutants_trace`; MUTANTS_TRACE_FILE names the module's
source file, MUTANTS_TRACE_OUT the JSON file written at the end: {"lines": {line: [test ids]},
"failed": [test ids], "seconds": {test id: seconds}} (the tests that fail on the unmutated code,
which mutants.py leaves out, and how long each took: mutants.py runs the quickest first, so a
caught mutant costs the quickest test that catches it).

Lines run while no test is running (imports during collection) are recorded under the test id "*".
Only this process is traced: a test that runs pirtui in a subprocess (tmux) counts for no line, so a
mutant only such a test would catch is reported as a survivor (the score errs low, never high).
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Generator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

_TARGETS: set[str] = set()
_HITS: dict[int, set[str]] = {}
_FAILED: set[str] = set()
_SECONDS: dict[str, float] = {}
_current = "*"


def _local(frame: FrameType, event: str, arg: Any) -> Any:
    if event == "line":
        _HITS.setdefault(frame.f_lineno, set()).add(_current)
    return _local


def _global(frame: FrameType, event: str, arg: Any) -> Any:
    if frame.f_code.co_filename not in _TARGETS:
        return None
    _HITS.setdefault(frame.f_lineno, set()).add(_current)
    return _local


def pytest_configure(config: pytest.Config) -> None:
    """Start tracing before collection imports the module."""
    target = os.environ.get("MUTANTS_TRACE_FILE")
    if not target:
        return
    _TARGETS.update({target, os.path.realpath(target), str(Path(target).resolve())})
    threading.settrace(_global)
    sys.settrace(_global)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, None, None]:
    """Lines run during a test's setup, call and teardown belong to that test."""
    global _current
    _current = item.nodeid
    yield
    _current = "*"


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """A test failing on the unmutated code would 'catch' every mutant: mutants.py leaves it out."""
    if report.failed:
        _FAILED.add(report.nodeid)
    _SECONDS[report.nodeid] = _SECONDS.get(report.nodeid, 0.0) + report.duration


def pytest_unconfigure(config: pytest.Config) -> None:
    """Write what was seen."""
    sys.settrace(None)
    threading.settrace(None)  # type: ignore[arg-type]
    out = os.environ.get("MUTANTS_TRACE_OUT")
    if out:
        lines = {str(line): sorted(tests) for line, tests in sorted(_HITS.items())}
        Path(out).write_text(json.dumps({"lines": lines, "failed": sorted(_FAILED), "seconds": _SECONDS}), encoding="utf-8")
