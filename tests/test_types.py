"""mypy over the editor: the app and its parts, the session, the screens and the widgets.

The files and settings are in pyproject.toml (`[tool.mypy]`); the rest of the tree is read for its
types but not yet reported. A `# type: ignore` in the checked files must name the Textual typing
gap it works around (on its line or the comment just above).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ("pirtui/app", "pirtui/session.py", "screens", "widgets", "pirtui/textual_compat.py")


def test_mypy_passes_on_the_editor() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def bare_ignores(text: str) -> list[int]:
    """Line numbers of `# type: ignore` comments that do not name Textual (after it, or just above)."""
    lines = text.splitlines()
    bare = []
    for number, line in enumerate(lines):
        if "type: ignore" in line:
            said = line.split("type: ignore", 1)[1] + (lines[number - 1] if number else "")
            if not re.search(r"Textual", said):
                bare.append(number + 1)
    return bare


def test_every_type_ignore_says_which_textual_gap_it_works_around() -> None:
    bare = []
    for place in CHECKED:
        path = ROOT / place
        for source in [path] if path.is_file() else sorted(path.glob("*.py")):
            bare += [f"{source.relative_to(ROOT)}:{n}" for n in bare_ignores(source.read_text(encoding="utf-8"))]
    assert bare == []


def test_a_bare_type_ignore_is_found() -> None:
    text = "x = f()  # type: ignore[misc]\n# Textual types it so\ny = g()  # type: ignore[misc]\n"
    assert bare_ignores(text) == [1]
