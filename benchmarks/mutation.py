"""Plant realistic bugs one at a time and see which tests catch them: run before a release.

Run: python benchmarks/mutation.py [NAME ...]   (from the repository, with the test venv's python;
it is not a test: pytest does not collect benchmarks/). Several minutes: the tmux tests run too.

Each mutation is an exact text replacement in one source file. The tree is copied to a temporary
folder, the copy is mutated, and the test files that should catch the bug run against the copy; the
working tree is never touched. The copy's `pirtui/screens` and `pirtui/widgets` link to its
`screens/` and `widgets/`, and PYTHONPATH points at it, so both pytest and the `pirtui` that the
tmux tests start import the mutated copy (checked before anything runs).

First the chosen test files run on the unmutated copy (they must pass: a failure there would be
counted as a catch). Then a table: mutation, file:line, the tests that failed ("caught by"), or
SURVIVED. A target text that is no longer in its file (the code moved on) is reported as MISSING
and the script exits 1, as it does when a mutation survives: update the mutation, don't ignore it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutation:
    """One planted bug: `find` (exact text, once in `path`) becomes `replace`; `tests` should catch it."""

    name: str
    path: str
    find: str
    replace: str
    tests: tuple[str, ...]


MUTATIONS = [
    Mutation(
        "store: atomic_write drops the fsync",
        "pirtui/core/store.py",
        "            if durable:\n                os.fsync(handle.fileno())\n",
        "            if durable:\n                pass\n",
        ("tests/test_store.py", "tests/test_save_failures.py", "tests/test_safety_disk.py"),
    ),
    Mutation(
        "store: atomic_write forgets the old file's permissions",
        "pirtui/core/store.py",
        "        os.chmod(tmp_name, old_mode)\n",
        "        pass\n",
        ("tests/test_store.py",),
    ),
    Mutation(
        "checks: end before start is no longer an error (comparison flipped)",
        "pirtui/core/checks.py",
        "elif facts.start and facts.end and facts.end.at < facts.start.at:",
        "elif facts.start and facts.end and facts.end.at > facts.start.at:",
        ("tests/test_checks.py",),
    ),
    Mutation(
        "computed: overdue action items (comparison flipped)",
        "pirtui/core/computed.py",
        "if due is None or due >= today or not is_open(item, template=template):",
        "if due is None or due < today or not is_open(item, template=template):",
        ("tests/test_checks.py", "tests/test_open_overdue_by_role.py"),
    ),
    Mutation(
        "mdtext: a pipe in a table cell is not escaped",
        "pirtui/core/mdtext.py",
        '            out.append("\\\\|")\n',
        '            out.append("|")\n',
        ("tests/test_render.py", "tests/test_render_props.py", "tests/test_importer.py"),
    ),
    Mutation(
        "mdtext: escape sequences reach FILE.md (no character reference)",
        "pirtui/core/mdtext.py",
        '        elif controlled and char != "\\t" and obeyed(char):\n',
        "        elif False:\n",
        ("tests/test_render.py", "tests/test_render_props.py", "tests/test_importer.py"),
    ),
    Mutation(
        "lock: the lock of an editor that died is never stale",
        "pirtui/core/lock.py",
        "    return owner.pid == os.getpid() or not _pid_alive(owner.pid)\n",
        "    return owner.pid == os.getpid()\n",
        ("tests/test_lock.py", "tests/test_safety_two_editors.py"),
    ),
    Mutation(
        "hang-up: SIGHUP/SIGTERM exit without saving",
        "pirtui/app/safekeeping.py",
        "            line = self.host.session.save_on_hang_up()\n",
        '            line = ""\n',
        ("tests/test_terminal_signals.py",),
    ),
    Mutation(
        "hang-up: an open row form is not included in the save",
        "pirtui/app/editors.py",
        "                        rows.append(row)\n",
        "                        pass\n",
        ("tests/test_terminal_signals.py",),
    ),
    Mutation(
        "hang-up: keys read but still held are dropped",
        "pirtui/app/safekeeping.py",
        "            await self.host.apply_held_keys(KEYS_AT_HANG_UP)\n",
        "            pass\n",
        ("tests/test_terminal_signals.py",),
    ),
    Mutation(
        "importer: no positional fallback when no table header matches",
        "pirtui/core/importer.py",
        '        if not any(k not in (None, "#") for k in keys):\n',
        "        if False:\n",
        ("tests/test_importer.py",),
    ),
]


def copy_tree(into: Path) -> Path:
    """The repository (without .git, .venv and caches) in `into`, laid out as it is installed."""
    tree = into / "tree"
    ignore = shutil.ignore_patterns(".git", ".venv", "__pycache__", ".hypothesis", ".pytest_cache", "*.egg-info")
    shutil.copytree(ROOT, tree, ignore=ignore, symlinks=True)
    for package in ("screens", "widgets"):
        link = tree / "pirtui" / package
        if not link.exists():  # the repository has these links (pirtui/screens -> ../screens)
            link.symlink_to(Path("..") / package, target_is_directory=True)
    return tree


def environment(tree: Path) -> dict[str, str]:
    """The tests' environment: the copy first on the import path, for pytest and for `pirtui` in tmux."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(tree), *filter(None, [env.get("PYTHONPATH")])])
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("CI", None)  # a skip is not a catch here; the baseline run reports skips instead
    if not env.get("PIRTUI_SHARED"):  # the copy is not beside shared/: say where it is
        for folder in ROOT.parents:
            if (folder / "shared" / "template").is_dir():
                env["PIRTUI_SHARED"] = str(folder / "shared")
                break
    return env


def check_imports_the_copy(tree: Path, env: dict[str, str]) -> None:
    """Fail loudly unless both pytest's python and the `pirtui` script import the copy."""
    probe = "import pirtui, pirtui.screens, pirtui.widgets; print(pirtui.__file__, pirtui.screens.__file__)"
    script = Path(sys.executable).parent / "pirtui"
    for cwd in (tree, Path("/")):  # pytest runs in the copy; `pirtui` in tmux relies on PYTHONPATH alone
        argv = [sys.executable, "-c", probe]
        shown = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=True).stdout
        if any(not Path(path).resolve().is_relative_to(tree.resolve()) for path in shown.split()):
            sys.exit(f"mutation: the tests would not import the copy ({shown.strip()}); is the venv editable?")
    if not script.exists():
        sys.exit(f"mutation: {script} is missing: run with the python of the venv that has pirtui installed")


def plant(tree: Path, mutation: Mutation) -> tuple[str, str]:
    """Apply the mutation to the copy; its file:line, and "" or why it cannot be applied."""
    path = tree / mutation.path
    if not path.exists():
        return mutation.path, f"MISSING: {mutation.path} does not exist"
    text = path.read_text(encoding="utf-8")
    count = text.count(mutation.find)
    if count != 1:
        first = mutation.find.strip().splitlines()[0]
        return mutation.path, f"MISSING: the target occurs {count} times in {mutation.path}, not once: {first!r}"
    line = text[: text.index(mutation.find)].count("\n") + 1
    path.write_text(text.replace(mutation.find, mutation.replace), encoding="utf-8")
    return f"{mutation.path}:{line}", ""


def restore(tree: Path, mutation: Mutation) -> None:
    """Put the mutated file of the copy back as it is in the working tree."""
    shutil.copyfile(ROOT / mutation.path, tree / mutation.path)


FAILED = re.compile(r"^(?:FAILED|ERROR) (\S+?)(?: - .*)?$", re.MULTILINE)


def run_tests(tree: Path, env: dict[str, str], files: tuple[str, ...]) -> tuple[int, list[str], str]:
    """Run the test files in the copy: pytest's exit code, the failed test ids, its output's tail."""
    command = [sys.executable, "-m", "pytest", "-q", "-rfEs", "-p", "no:cacheprovider", "--hypothesis-profile=mutation"]
    command += files
    result = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)
    output = result.stdout + result.stderr
    return result.returncode, sorted(set(FAILED.findall(output))), "\n".join(output.splitlines()[-15:])


def caught_by(failed: list[str], shown: int = 3) -> str:
    """The failed tests as a table cell: the first few ids (without "tests/"), then how many more."""
    if not failed:
        return "SURVIVED"
    ids = [test_id.removeprefix("tests/") for test_id in failed]
    more = f" (+{len(ids) - shown} more)" if len(ids) > shown else ""
    return ", ".join(ids[:shown]) + more


def main(names: list[str]) -> int:
    chosen = [m for m in MUTATIONS if not names or any(n.lower() in m.name.lower() for n in names)]
    if not chosen:
        sys.exit(f"mutation: no mutation matches {names}")
    with tempfile.TemporaryDirectory(prefix="pirtui-mutation-") as folder:
        tree = copy_tree(Path(folder))
        env = environment(tree)
        check_imports_the_copy(tree, env)
        files = tuple(sorted({file for m in chosen for file in m.tests}))
        print(f"baseline: {' '.join(files)}", flush=True)
        code, failed, tail = run_tests(tree, env, files)
        if code != 0:
            sys.exit(f"mutation: the tests fail without any mutation ({', '.join(failed)}):\n{tail}")
        if " skipped" in tail:
            print(f"warning: some tests skipped (tmux, root?): a skipped test catches nothing\n{tail}")
        rows = []
        for mutation in chosen:
            where, problem = plant(tree, mutation)
            if problem:
                rows.append((mutation.name, where, problem))
            else:
                print(f"running: {mutation.name}", flush=True)
                code, failed, tail = run_tests(tree, env, mutation.tests)
                restore(tree, mutation)
                if code not in (0, 1):
                    rows.append((mutation.name, where, f"ERROR (pytest exit {code}): {tail}"))
                else:
                    rows.append((mutation.name, where, caught_by(failed)))
    print()
    print("| mutation | file:line | caught by |")
    print("|---|---|---|")
    for name, where, result in rows:
        print(f"| {name} | {where} | {result} |")
    bad = [row for row in rows if row[2] == "SURVIVED" or row[2].startswith(("MISSING", "ERROR"))]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
