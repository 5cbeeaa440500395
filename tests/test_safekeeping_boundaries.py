"""Boundaries, both sides, of the safekeeping's rules (issue 27 items 1 and 4): which driver failure
means the terminal is gone (an OSError, any of its kinds) and which is a bug to report. The tmux tests
(`test_terminal_crash.py`) show the whole path; these hold the rule itself in this process, where
benchmarks/mutants.py can see it."""

from __future__ import annotations

import errno

import pytest
from rich.traceback import Traceback

from pirtui.app.safekeeping import _is_os_error, _plain_text


def _traceback_of(error: BaseException) -> Traceback:
    try:
        raise error
    except BaseException as raised:  # noqa: BLE001 - any error, as the driver would hand it over
        return Traceback.from_exception(type(raised), raised, raised.__traceback__)


@pytest.mark.parametrize(
    "error",
    [OSError(errno.EIO, "Input/output error"), BrokenPipeError(), ConnectionResetError(), FileNotFoundError()],
    ids=["OSError EIO", "BrokenPipeError", "ConnectionResetError", "FileNotFoundError"],
)
def test_an_os_error_of_any_kind_means_the_terminal_is_gone(error: OSError):
    assert _is_os_error((_traceback_of(error),)) is True
    assert _is_os_error(("a note", _traceback_of(error))) is True  # whichever renderable carries it


@pytest.mark.parametrize("error", [ValueError("bad"), RuntimeError("bug"), KeyError("x")])
def test_any_other_error_is_a_bug_not_a_gone_terminal(error: Exception):
    assert _is_os_error((_traceback_of(error),)) is False


def test_nothing_or_plain_text_is_no_os_error():
    assert _is_os_error(()) is False
    assert _is_os_error(("OSError: but only as text",)) is False


def test_the_crash_log_gets_the_traceback_as_plain_text_or_a_line_saying_nothing_was_said():
    text = _plain_text((_traceback_of(BrokenPipeError("pipe gone")),))
    assert "BrokenPipeError" in text and "pipe gone" in text and "\x1b[" not in text
    assert _plain_text(()) == "the terminal driver stopped without saying why"
