"""Settings every test shares.

- Every test runs with its own XDG folders, so no test reads or writes the developer's own config,
  cache (the review index) or state (positions, recovery copies).
- Hypothesis has no per-example deadline: on a slow or busy machine a property test must fail for its
  property, never for its timing (timings live in benchmarks/). Its example database lives in the
  user's cache folder, never in the repository; under CI=true the "ci" profile keeps none (each run
  starts fresh) and runs at least 100 examples where a test does not set its own count.
- Under CI=true a skipped test is a failed one: the tmux, disk and shared-template tests skip on a
  developer's machine that lacks tmux, root or ../shared, but a green CI must mean they ran.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import platformdirs
import pytest
from hypothesis import Phase, settings
from hypothesis.database import DirectoryBasedExampleDatabase

HYPOTHESIS_DATABASE = Path(platformdirs.user_cache_dir("pirtui-tests")) / "hypothesis"
"""Examples hypothesis found failing, replayed first on the next run on this machine (outside the repository)."""

# Test modules import the document core while they are collected, before any fixture runs, and it
# keeps the built-in template it reads in the XDG cache: this run's own folder, not the developer's.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="pirtui-tests-cache-")

settings.register_profile("pirtui", deadline=None, database=DirectoryBasedExampleDatabase(HYPOTHESIS_DATABASE))
settings.register_profile("ci", deadline=None, database=None, max_examples=100, print_blob=True)
settings.register_profile("mutation", deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate])
"""For benchmarks/mutation.py (--hypothesis-profile=mutation): a planted bug only needs to be found,
not shrunk to its smallest example, which can take minutes."""


def in_ci() -> bool:
    """Whether the suite runs in CI (CI=true, as .ci/run and the usual CI services set it)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


settings.load_profile("ci" if in_ci() else "pirtui")


@pytest.fixture(autouse=True)
def own_xdg_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """XDG_CONFIG_HOME, XDG_CACHE_HOME and XDG_STATE_HOME point into a fresh temporary folder."""
    home = tmp_path_factory.mktemp("xdg")
    for name in ("CONFIG", "CACHE", "STATE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(home / name.lower()))


def _skip_reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def _fail_instead_of_skip(report: pytest.TestReport | pytest.CollectReport) -> None:
    """Turn a skip (not an expected failure) into a failure that says why the test could not run."""
    if report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"CI=true: this test may not skip, but it did: {_skip_reason(report)}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Under CI=true a test that skips (a missing prerequisite) fails, with the skip's reason."""
    outcome = yield
    if in_ci():
        _fail_instead_of_skip(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):
    """Under CI=true a module that skips as a whole (pytest.importorskip, allow_module_level) fails too."""
    outcome = yield
    if in_ci():
        _fail_instead_of_skip(outcome.get_result())
