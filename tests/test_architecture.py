"""The layers of README's Architecture section, enforced with import-linter (contracts in pyproject.toml).

`screens/` and `widgets/` install as `pirtui.screens` and `pirtui.widgets` through setuptools'
package-dir, which import-linter cannot follow: it reads the package from disk. So the tests lay
the package out as it is installed (pirtui/, pirtui/screens/, pirtui/widgets/) in a temporary
folder and run `lint-imports` on that copy.
"""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def installed_layout(folder: Path) -> Path:
    """A copy of the package's sources as installed: pirtui/ with screens/ and widgets/ inside."""
    package = folder / "pirtui"
    shutil.copytree(ROOT / "pirtui", package, ignore=shutil.ignore_patterns("__pycache__"))
    for sub in ("screens", "widgets"):
        shutil.copytree(ROOT / sub, package / sub, ignore=shutil.ignore_patterns("__pycache__"))
    return package


def lint_imports(folder: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter with the project's contracts on the package laid out in `folder`."""
    lint = Path(sys.executable).parent / "lint-imports"
    env = {"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"}
    # cwd is the copy, so that the working tree's own pirtui/ does not shadow it.
    return subprocess.run(
        [str(lint), "--no-cache", str(ROOT / "pyproject.toml")], cwd=folder, env=env, capture_output=True, text=True
    )


def test_the_layers_hold_and_no_module_imports_in_a_circle(tmp_path: Path):
    """cli -> app -> screens -> widgets -> session -> core, each module placed, no circle, Textual only above the session."""
    installed_layout(tmp_path)
    result = lint_imports(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


def test_an_import_circle_breaks_the_contracts(tmp_path: Path):
    """The check can fail: a core module importing one that imports it back is reported."""
    package = installed_layout(tmp_path)
    with (package / "core" / "model.py").open("a", encoding="utf-8") as model:
        model.write("\nimport pirtui.core.checks  # checks imports model: a circle\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "No import circle between the modules of a package (lazy imports included) BROKEN" in result.stdout


def test_a_new_module_must_be_placed_in_a_layer(tmp_path: Path):
    """A module nobody placed fails the layers contract rather than going unchecked."""
    package = installed_layout(tmp_path)
    (package / "newcomer.py").write_text('"""A module added without a place in the layers."""\n', encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "pirtui.newcomer" in result.stdout


def test_core_modules_load_without_textual():
    """Importing the CLI, the session and the core in a fresh interpreter leaves Textual unloaded (fast start-up)."""
    code = (
        "import sys, pirtui.cli.main, pirtui.session, pirtui.core.store, pirtui.core.render, pirtui.core.checks, pirtui.core.importer;"
        "print('textual' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
