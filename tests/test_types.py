"""mypy over the whole package: the core, the team folder, evidence, the meeting, the CLI, the site,
the editor app and its parts, the session, the screens and the widgets.

The files and settings are in pyproject.toml (`[tool.mypy]`). A `# type: ignore` anywhere in them
must name the library whose typing it works around (Textual, pydantic, markdown-it, shtab), on its
line or in the comment just above: an ignore for our own code is a type to fix instead.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ("pirtui", "screens", "widgets")
"""Every source directory (pirtui/screens and pirtui/widgets are links to screens/ and widgets/)."""
LIBRARIES = ("Textual", "pydantic", "markdown-it", "shtab")
"""The libraries an ignore may name: those whose typing is known to fall short where we use them."""


def test_mypy_passes_on_the_whole_package() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_mypy_is_asked_about_every_source_directory() -> None:
    import tomli

    settings = tomli.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    named = {(ROOT / place).resolve() for place in settings["files"]}
    sources = {path.resolve() for place in CHECKED for path in (ROOT / place).rglob("*.py")}
    left_out = [source for source in sources if not any(source == n or n in source.parents for n in named)]
    assert sorted(str(source.relative_to(ROOT)) for source in left_out) == []
    assert not any(override.get("ignore_errors") for override in settings.get("overrides", []))


def bare_ignores(text: str) -> list[int]:
    """Line numbers of `# type: ignore` comments that name none of `LIBRARIES` (after it, or just above)."""
    lines = text.splitlines()
    named = "|".join(re.escape(library) for library in LIBRARIES)
    bare = []
    for number, line in enumerate(lines):
        if "type: ignore" in line:
            said = line.split("type: ignore", 1)[1] + (lines[number - 1] if number else "")
            if not re.search(named, said):
                bare.append(number + 1)
    return bare


def test_every_type_ignore_says_which_library_gap_it_works_around() -> None:
    sources = {path.resolve() for place in CHECKED for path in (ROOT / place).rglob("*.py")}
    bare = []
    for source in sorted(sources):
        bare += [f"{source.relative_to(ROOT)}:{n}" for n in bare_ignores(source.read_text(encoding="utf-8"))]
    assert bare == []


def test_a_bare_type_ignore_is_found() -> None:
    text = (
        "x = f()  # type: ignore[misc]\n"
        "# Textual types it so\ny = g()  # type: ignore[misc]\n"
        "w = k()  # type: ignore[misc]  # our own mistake\n"
        "z = h()  # type: ignore[misc]  # pydantic typing gap\n"
    )
    assert bare_ignores(text) == [1, 4]
