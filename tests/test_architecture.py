"""The layering rules of GUIDE.md, enforced: the document core imports no Textual."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_core_imports_no_textual():
    """import-linter's contract in pyproject.toml holds (the core stays usable without a terminal)."""
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_core_modules_load_without_textual():
    """Importing the CLI and the core in a fresh interpreter leaves Textual unloaded (fast start-up)."""
    code = (
        "import sys, pirtui.cli, pirtui.store, pirtui.render, pirtui.checks, pirtui.importer;"
        "print('textual' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
