"""What the editor imports before its first screen: every module there is on an allow-list, so a new
import on the way to the first screen (the cost issue 26 measured: 569 modules, 56 of them pirtui's)
fails here and has to be argued for, or made lazy. Not timed: benchmarks/editor.py times it.

The first screen is the moment the first section screen tells the app it is shown (it builds its
`SectionScreen.Shown` message): its modules are recorded then, in a fresh interpreter, before anything
the app defers until after the first paint (the hints) has run.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_reviews" / "inc-2024-042-slow-search.toml"

RECORD = """
import asyncio, json, sys
from pathlib import Path
from pirtui.app.app import PirtuiApp
from pirtui.screens.section import SectionScreen

seen = []
built = SectionScreen.Shown.__init__


def shown(self, *args, **kwargs):
    if not seen:
        seen.append(sorted(sys.modules))
    built(self, *args, **kwargs)


SectionScreen.Shown.__init__ = shown


async def main():
    app = PirtuiApp(path=Path(sys.argv[1]))
    async with app.run_test(size=(100, 30)) as pilot:
        while not seen:
            await pilot.pause()
        if sys.argv[2:] == ["--after"]:  # the other side: what comes once the screen is up
            while app.checker is None or app.checker.hints is None:
                await pilot.pause()
            seen.append(sorted(sys.modules))


asyncio.run(main())
print(json.dumps(seen[-1]))
"""

PIRTUI_BEFORE_FIRST_SCREEN = {
    "pirtui", "pirtui.app", "pirtui.app.app", "pirtui.app.editors", "pirtui.app.keys_in_order", "pirtui.app.meeting_driver",
    "pirtui.app.review_views", "pirtui.app.safekeeping",
    "pirtui.core", "pirtui.core.check_rules", "pirtui.core.checks", "pirtui.core.computed", "pirtui.core.crash", "pirtui.core.fingerprint",
    "pirtui.core.inert", "pirtui.core.live_checks", "pirtui.core.lock", "pirtui.core.model", "pirtui.core.recovery", "pirtui.core.sections",
    "pirtui.core.state", "pirtui.core.store", "pirtui.core.template", "pirtui.core.template.base",
    "pirtui.core.template.loader", "pirtui.core.template.models", "pirtui.core.template.roles",
    "pirtui.core.template.spec", "pirtui.core.template.template", "pirtui.core.timeparse", "pirtui.core.toml_comments",
    "pirtui.core.xdg",
    "pirtui.screens", "pirtui.screens.section", "pirtui.session", "pirtui.textual_compat",
    "pirtui.widgets", "pirtui.widgets.checklist", "pirtui.widgets.column_widths", "pirtui.widgets.editable_table",
    "pirtui.widgets.field", "pirtui.widgets.footer", "pirtui.widgets.list_editor", "pirtui.widgets.messages",
    "pirtui.widgets.part", "pirtui.widgets.section_list", "pirtui.widgets.status_line", "pirtui.widgets.table_block",
}
"""pirtui's own modules before the first screen, exactly. Not here on purpose: the hints, the
meeting, follow, the evidence readers, the team views, every dialog and every other screen."""

THIRD_PARTY_BEFORE_FIRST_SCREEN = {
    "annotated_types", "dateutil", "platformdirs", "pydantic", "pydantic_core", "rich", "textual", "tomli",
    "tomli_w", "typing_extensions", "typing_inspection",
}
"""Installed packages (by top-level name) before the first screen: no Markdown parser, no plotting."""

STDLIB_BEFORE_FIRST_SCREEN = {
    "abc", "array", "ast", "asyncio", "atexit", "base64", "binascii", "bisect", "builtins", "bz2", "calendar",
    "codecs", "collections", "colorsys", "concurrent", "contextlib", "contextvars", "copy", "copyreg", "csv",
    "dataclasses", "datetime", "decimal", "difflib", "dis", "email", "encodings", "enum", "errno", "fcntl",
    "fnmatch", "fractions", "functools", "gc", "genericpath", "getpass", "hashlib", "heapq", "hmac", "html",
    "importlib", "inspect", "io", "ipaddress", "itertools", "json", "keyword", "linecache", "locale", "logging",
    "lzma", "marshal", "math", "mimetypes", "ntpath", "numbers", "opcode", "operator", "os", "pathlib", "pickle",
    "platform", "posix", "posixpath", "pwd", "queue", "quopri", "random", "re", "reprlib", "secrets", "select",
    "selectors", "shutil", "signal", "site", "socket", "ssl", "stat", "string", "struct", "subprocess", "sys",
    "sysconfig", "tempfile", "termios", "textwrap", "threading", "time", "token", "tokenize", "traceback", "tty",
    "types", "typing", "unicodedata", "urllib", "uuid", "warnings", "weakref", "zipfile", "zipimport", "zlib",
    "zoneinfo",
}
"""Standard-library packages (public top-level names) before the first screen, on Python 3.11 (which
pirtui's CI runs; another version's Textual and asyncio import a few others)."""


def _installation_detail(name: str) -> bool:
    """Modules that come from how Python and pirtui are installed, not from pirtui's imports."""
    return name in ("__main__", "_distutils_hack", "sitecustomize") or name.startswith(
        ("__editable__", "_sysconfigdata")
    ) or name.endswith("__mypyc") or name.startswith("_")


def modules_at_first_screen(tmp_path: Path, *extra: str) -> set[str]:
    """The modules loaded when the first section screen of a sample review comes up (fresh process)."""
    review = Path(shutil.copy(SAMPLE, tmp_path / SAMPLE.name))
    done = subprocess.run(
        [sys.executable, "-c", RECORD, str(review), *extra], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_only_allowed_modules_are_imported_before_the_first_screen(tmp_path):
    """A pirtui module, an installed package or (on 3.11) a standard-library package that is not on
    the allow-lists fails this test."""
    loaded = modules_at_first_screen(tmp_path)
    ours = {name for name in loaded if name.split(".")[0] == "pirtui"}
    assert ours == PIRTUI_BEFORE_FIRST_SCREEN, (
        f"new: {sorted(ours - PIRTUI_BEFORE_FIRST_SCREEN)}; gone: {sorted(PIRTUI_BEFORE_FIRST_SCREEN - ours)}"
    )
    tops = {name.split(".")[0] for name in loaded if not _installation_detail(name.split(".")[0])} - {"pirtui"}
    others = {top for top in tops if top not in sys.stdlib_module_names}
    assert others <= THIRD_PARTY_BEFORE_FIRST_SCREEN, f"new: {sorted(others - THIRD_PARTY_BEFORE_FIRST_SCREEN)}"
    if sys.version_info[:2] == (3, 11):
        stdlib = tops - others
        assert stdlib <= STDLIB_BEFORE_FIRST_SCREEN, f"new: {sorted(stdlib - STDLIB_BEFORE_FIRST_SCREEN)}"


def test_no_meeting_follow_hints_or_evidence_before_the_first_screen(tmp_path):
    """The features that are not on the first screen are not imported for it."""
    loaded = modules_at_first_screen(tmp_path)
    unwanted = ("pirtui.meeting", "pirtui.app.follow_app", "pirtui.core.hints", "pirtui.evidence", "pirtui.team",
                "pirtui.cli.follow", "pirtui.screens.meeting", "pirtui.screens.dialogs")
    assert not {name for name in loaded if name.startswith(unwanted)}


def test_the_hints_come_right_after_the_first_screen(tmp_path):
    """The other side: the hints are imported and running once the first screen is up."""
    assert "pirtui.core.hints" in modules_at_first_screen(tmp_path, "--after")
