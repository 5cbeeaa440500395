"""The layers of README's Architecture section, enforced with import-linter (contracts in pyproject.toml).

`screens/` and `widgets/` install as `pirtui.screens` and `pirtui.widgets` through setuptools'
package-dir; `pirtui/screens` and `pirtui/widgets` are links to them, so import-linter (grimp
follows links) reads the whole package as installed. `lint-imports` runs as the README says, from a
plain `pip install -e '.[test]'`, with no PYTHONPATH and no copied layout. The failing sides run on a
copy, changed on purpose.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter with the project's contracts from `cwd`, as a person would (no PYTHONPATH)."""
    lint = Path(sys.executable).parent / "lint-imports"
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return subprocess.run(
        [str(lint), "--no-cache", "--config", str(ROOT / "pyproject.toml")], cwd=cwd, env=env, capture_output=True, text=True
    )


def changed_copy(folder: Path) -> Path:
    """A copy of the package to change (the links followed), found first from `folder` (lint-imports
    puts its working folder first on the path)."""
    package = folder / "pirtui"
    shutil.copytree(ROOT / "pirtui", package, ignore=shutil.ignore_patterns("__pycache__"))
    return package


def test_the_layers_hold_and_no_module_imports_in_a_circle(tmp_path: Path):
    """cli -> app -> screens -> widgets -> session -> core, each module placed, no circle, Textual only
    above the session: `lint-imports` on the installed package, run from anywhere."""
    for cwd in (ROOT, tmp_path):
        result = lint_imports(cwd)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "4 kept, 0 broken" in result.stdout


def test_the_linked_screens_and_widgets_are_read_with_the_package():
    """The other side of the links: without them grimp would not see screens/ and widgets/."""
    code = "import grimp; g = grimp.build_graph('pirtui', cache_dir=None); print('pirtui.screens.section' in g.modules, 'pirtui.widgets.field' in g.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="/")
    assert result.stdout.split() == ["True", "True"]
    assert (ROOT / "pirtui" / "screens").resolve() == ROOT / "screens"
    assert (ROOT / "pirtui" / "widgets").resolve() == ROOT / "widgets"


def test_an_import_circle_breaks_the_contracts(tmp_path: Path):
    """The check can fail: a core module importing one that imports it back is reported."""
    package = changed_copy(tmp_path)
    with (package / "core" / "model.py").open("a", encoding="utf-8") as model:
        model.write("\nimport pirtui.core.checks  # checks imports model: a circle\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "No import circle between the modules of a package (lazy imports included) BROKEN" in result.stdout


def test_a_new_module_must_be_placed_in_a_layer(tmp_path: Path):
    """A module nobody placed fails the layers contract rather than going unchecked."""
    package = changed_copy(tmp_path)
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


def _screen_and_widget_sources() -> list[Path]:
    return sorted([*(ROOT / "screens").glob("*.py"), *(ROOT / "widgets").glob("*.py")])


def test_no_screen_or_widget_imports_the_app_not_even_for_type_checking():
    """Messages up, data down: screens and widgets know nothing of the app package."""
    import ast

    offenders = []
    for source in _screen_and_widget_sources():
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            offenders += [f"{source.name}: {name}" for name in names if name == "pirtui.app" or name.startswith("pirtui.app.")]
    assert offenders == []


def not_textuals(tree: object) -> list[tuple[int, str]]:
    """(line, name) of every `self.app.NAME` (or `screen.app.NAME`) that Textual's App does not have."""
    import ast

    from textual.app import App

    return [
        (node.lineno, node.attr)
        for node in ast.walk(tree)  # type: ignore[arg-type]
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "app"
        and isinstance(node.value.value, ast.Name)
        and node.value.value.id in ("self", "screen")
        and not hasattr(App, node.attr)
    ]


def test_screens_and_widgets_use_only_textuals_own_members_of_the_app():
    """`self.app.X` in a screen or widget is Textual's App API (push_screen, notify, size...), never
    one of pirtui's: what a screen wants of the editor it posts as a message."""
    import ast

    offenders = []
    for source in _screen_and_widget_sources():
        tree = ast.parse(source.read_text(encoding="utf-8"))
        offenders += [f"{source.name}:{line}: self.app.{name}" for line, name in not_textuals(tree)]
    assert offenders == []


def test_the_app_member_check_can_fail():
    """The other side: pirtui's own method called on the app is found, Textual's is not."""
    import ast

    tree = ast.parse("class S:\n    def go(self):\n        self.app.open_review(1)\n        self.app.push_screen(2)\n")
    assert [name for _, name in not_textuals(tree)] == ["open_review"]
