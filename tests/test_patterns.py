"""Team patterns on RE2 (issue 24): a pattern that backtracks for minutes in Python's `re` matches in
linear time, and one RE2 cannot take is refused in one line naming the key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pirtui.core.model import ActionItem, new_review
from pirtui.core import store
from pirtui.core.patterns import PatternError, compile_pattern

EVIL = "^(a+)+$"
VICTIM = "a" * 34 + "!"


def test_a_catastrophic_pattern_matches_in_linear_time_and_still_means_what_it_says() -> None:
    pattern = compile_pattern(EVIL)
    assert not pattern.match(VICTIM)  # python's re takes minutes over this one
    assert pattern.match("a" * 34) and pattern.match("AAA")  # case is ignored, as before


@pytest.mark.parametrize("bad", ["(a)\\1", "(?=sre)", "(?<!x)sre", "x" * 1001])
def test_a_pattern_re2_cannot_take_is_one_line(bad: str) -> None:
    with pytest.raises(PatternError) as raised:
        compile_pattern(bad)
    assert "\n" not in str(raised.value)


def test_check_hints_with_a_catastrophic_team_pattern_ends(tmp_path: Path) -> None:
    """The attack of issue 24: `check --hints` hung past a minute (the editor for good). Run in a child
    process so that a hang fails this test instead of hanging the suite."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".pirtui.toml").write_text(f'[hint_words]\nteam_alias_patterns = ["{EVIL}"]\n', encoding="utf-8")
    review = new_review("INC-2026-001", "2026-03-01")
    review.action_items = [ActionItem(action="Add an alert on pool saturation", owner=VICTIM, priority="P2")]
    store.save(tmp_path / "r.toml", review)
    done = subprocess.run(
        [sys.executable, "-m", "pirtui", "check", "--hints", str(tmp_path / "r.toml")],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
