"""A mutation score: plant one small bug at each decision of a module, run the tests that import
it, and count the bugs they catch. Run before a release; it is not a test and not part of CI.

Run: python benchmarks/mutants.py [MODULE ...] [--jobs 2] [--busy 2] [--timeout 300]
(from the repository, with the test venv's python). MODULE is a dotted name such as
pirtui.core.store; without one, the modules that keep words and times (WORD_KEEPERS) are mutated.

Where `benchmarks/mutation.py` plants eleven realistic bugs written by hand, this script finds its
mutation sites itself, in the module's syntax tree, at the decisions:
- comparison operators (`<` and `<=`, `>` and `>=`, `==` and `!=`, `in` and `not in`, `is` and `is not`);
- boundary constants (a whole number compared with something becomes one more);
- boolean operators (`and` and `or`);
- conditions (the test of an `if`, `while`, conditional expression or `assert`-free guard negated);
- returned booleans (`return True` and `return False` swapped).
Each mutant is planted in a copy of the tree (laid out as mutation.py lays it out: the working tree is
never touched) and tests run against it with `-x`. Which tests: the test files that import the module
(or those WORD_KEEPERS or --tests name) run once, unmutated, under a line tracer (benchmarks/mutants_trace.py);
each mutant then gets only the tests that ran its lines, the quickest (as traced) first, so a
caught mutant costs one short pytest run. A mutant at module or class level (run once, at import)
gets every file. A test that fails on the unmutated code is left out and named (it would "catch"
everything). A mutant no chosen test runs is reported NOT RUN, a survivor. Tests that run pirtui in a
subprocess (tmux) count for no line: the score errs low, never high.
--lines N,M rechecks the mutants of some lines; --verbose prints each result as it comes; --markdown
ends with the scores and the judged survivors as Markdown tables (for the README). A mutant is
caught when a test fails, survives when they all pass, and times out after --timeout seconds (a hang
counts as caught: a user would notice). A mutant that stops a test file from importing pirtui
(pytest's "ERROR collecting", exit 2 or 4) is caught too, as "import": every command would fail.
Survivors that cannot be caught because the mutant behaves exactly like the original (equivalent)
or that are accepted are listed, with why, in benchmarks/mutants_accepted.toml, keyed by module and
the mutant's description; the score is caught / (all - equivalent). Exit status 1 when a survivor is neither caught nor listed.
"""

from __future__ import annotations

import argparse
import ast
import shutil
import json
import os
import subprocess
import sys
import tempfile
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.mutation import ROOT, check_imports_the_copy, copy_tree, environment  # noqa: E402

_SESSION_TESTS = (
    "test_session", "test_save_failures", "test_whole_document_reads", "test_safety_recovery",
    "test_safety_two_editors", "test_editor_saving", "test_safety_disk", "test_hints_apart",
    "test_template_cli", "test_session_boundaries",
)
_EVIDENCE_TESTS = (
    "test_evidence_cli", "test_evidence_clock_boundaries", "test_evidence_dialog", "test_evidence_formats",
    "test_evidence_merge", "test_evidence_merge_boundaries", "test_evidence_parsers", "test_evidence_props",
    "test_evidence_same",
)

WORD_KEEPERS: dict[str, tuple[str, ...]] = {
    "pirtui.core.store": (
        "test_store", "test_store_files", "test_store_own_files", "test_save_failures", "test_boundaries_core",
        "test_recovery", "test_loader_fuzz", "test_safety_bad_input", "test_schema", "test_session",
    ),
    "pirtui.core.xdg": (
        "test_store_own_files", "test_store_files", "test_template_cache", "test_boundaries_core",
        "test_recovery", "test_lock", "test_store",
    ),
    "pirtui.session": _SESSION_TESTS,
    "pirtui.app.safekeeping": (
        "test_safety_exits", "test_safety_disk", "test_safety_recovery", "test_safety_two_editors",
        "test_editor_saving", "test_hints_apart", "test_editor_registration", "test_safekeeping_boundaries",
    ),
    "pirtui.core.recovery": ("test_recovery", "test_safety_recovery", "test_boundaries_core", "test_store_own_files"),
    "pirtui.core.lock": ("test_lock", "test_boundaries_core", "test_store_own_files", "test_safety_two_editors", "test_actions"),
    "pirtui.core.timeparse": (),
    "pirtui.evidence.clock": _EVIDENCE_TESTS,
    "pirtui.evidence.merge": _EVIDENCE_TESTS,
    "pirtui.core.toml_comments": (),
    "pirtui.core.fingerprint": ("test_fingerprint", "test_boundaries_core", "test_store_files"),
}
"""The modules that keep words and times (the issue asks 100% of their non-equivalent mutants
caught), each with the test files that drive it; () means every test file that imports it. Tracing
every importing file of store or session would take longer than the mutants themselves."""

ACCEPTED = Path(__file__).with_name("mutants_accepted.toml")

SWAPS: dict[type[ast.cmpop], tuple[str, str]] = {
    ast.Lt: ("<", "<="),
    ast.LtE: ("<=", "<"),
    ast.Gt: (">", ">="),
    ast.GtE: (">=", ">"),
    ast.Eq: ("==", "!="),
    ast.NotEq: ("!=", "=="),
    ast.In: ("in", "not in"),
    ast.NotIn: ("not in", "in"),
    ast.Is: ("is", "is not"),
    ast.IsNot: ("is not", "is"),
}


@dataclass(frozen=True)
class Mutant:
    """One planted bug: the text between two (line, column) positions of the module becomes `new`."""

    line: int
    start: tuple[int, int]
    end: tuple[int, int]
    new: str
    what: str
    lines: tuple[int, ...] = ()
    """The lines a test must run for the mutant to matter (the node's and its statement's first)."""
    in_function: bool = True
    """False at module or class level, which runs once at import: then every chosen test file runs."""

    def describe(self) -> str:
        return f"line {self.line}: {self.what}"


def _offset(lines: list[str], position: tuple[int, int]) -> int:
    """A (1-based line, 0-based UTF-8 byte column) position as an index into the joined text."""
    line, column = position
    before = sum(len(text) for text in lines[: line - 1])
    return before + len(lines[line - 1].encode("utf-8")[:column].decode("utf-8", errors="ignore"))


def _segment(lines: list[str], node: ast.AST) -> str:
    text = "".join(lines)
    return text[_offset(lines, (node.lineno, node.col_offset)) : _offset(lines, (node.end_lineno, node.end_col_offset))]  # type: ignore[attr-defined,arg-type]


def _span(node: ast.AST) -> tuple[tuple[int, int], tuple[int, int]]:
    return (node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined,return-value]


def _in_docstring_or_typing(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Annotations and `if TYPE_CHECKING:` change nothing at run time: no mutant there."""
    while node in parents:
        parent = parents[node]
        if isinstance(parent, ast.If) and isinstance(parent.test, ast.Name) and parent.test.id == "TYPE_CHECKING":
            return True
        if isinstance(parent, (ast.arg, ast.AnnAssign)) and node is getattr(parent, "annotation", None):
            return True
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)) and node is parent.returns:
            return True
        node = parent
    return False


def find_mutants(source: str) -> list[Mutant]:
    """Every mutation site of a module's source, in source order."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    found: list[Mutant] = []
    for node in ast.walk(tree):
        if _in_docstring_or_typing(node, parents):
            continue
        if isinstance(node, ast.Compare):
            left = node.left
            for op, right in zip(node.ops, node.comparators):
                old, new = SWAPS[type(op)]
                start, end = (left.end_lineno, left.end_col_offset), (right.lineno, right.col_offset)  # type: ignore[attr-defined]
                between = "".join(lines)[_offset(lines, start) : _offset(lines, end)]  # type: ignore[arg-type]
                replaced = between.replace(f" {old} ", f" {new} ", 1)
                if replaced != between:
                    found.append(_placed(Mutant(node.lineno, start, end, replaced, f"`{old}` becomes `{new}`"), node, parents))  # type: ignore[arg-type]
                if isinstance(right, ast.Constant) and type(right.value) is int:
                    found.append(_placed(Mutant(right.lineno, *_span(right), str(right.value + 1), f"boundary {right.value} becomes {right.value + 1}"), node, parents))
                left = right
        elif isinstance(node, ast.BoolOp):
            old, new = ("and", "or") if isinstance(node.op, ast.And) else ("or", "and")
            text = _segment(lines, node)
            first, second = node.values[0], node.values[1]
            start, end = (first.end_lineno, first.end_col_offset), (second.lineno, second.col_offset)  # type: ignore[attr-defined]
            between = "".join(lines)[_offset(lines, start) : _offset(lines, end)]  # type: ignore[arg-type]
            if f" {old} " in f" {between.strip()} " and text:
                found.append(_placed(Mutant(node.lineno, start, end, between.replace(old, new, 1), f"`{old}` becomes `{new}`"), node, parents))  # type: ignore[arg-type]
        elif isinstance(node, (ast.If, ast.While, ast.IfExp)):
            test = node.test
            found.append(_placed(Mutant(test.lineno, *_span(test), f"(not ({_segment(lines, test)}))", "condition negated"), node, parents))
        elif isinstance(node, ast.Return) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, bool):
            flipped = str(not node.value.value)
            found.append(_placed(Mutant(node.lineno, *_span(node.value), flipped, f"returns {flipped}"), node, parents))
    numbered: list[Mutant] = []
    seen: dict[str, int] = {}
    for mutant in sorted(found, key=lambda m: (m.start, m.what)):
        seen[mutant.describe()] = seen.get(mutant.describe(), 0) + 1
        if seen[mutant.describe()] > 1:  # the same change twice on one line: tell them apart
            mutant = replace(mutant, what=f"{mutant.what} (#{seen[mutant.describe()]})")
        numbered.append(mutant)
    return numbered


def _placed(mutant: Mutant, node: ast.AST, parents: dict[ast.AST, ast.AST]) -> Mutant:
    """The mutant with the lines a test must run to reach it, and whether it sits in a function."""
    lines = set(range(mutant.start[0], mutant.end[0] + 1))
    in_function = False
    current: ast.AST | None = node
    while current is not None:
        if isinstance(current, ast.stmt):
            lines.add(current.lineno)
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            in_function = True
            break
        current = parents.get(current)
    return Mutant(mutant.line, mutant.start, mutant.end, mutant.new, mutant.what, tuple(sorted(lines)), in_function)


def plant(source: str, mutant: Mutant) -> str:
    """The module's source with one mutant in it."""
    lines = source.splitlines(keepends=True)
    text = "".join(lines)
    return text[: _offset(lines, mutant.start)] + mutant.new + text[_offset(lines, mutant.end) :]


def module_path(module: str) -> Path:
    """Where a dotted module's source lives in the repository (screens and widgets are top level)."""
    parts = module.split(".")
    if parts[:2] in (["pirtui", "screens"], ["pirtui", "widgets"]):
        return Path(*parts[1:]).with_suffix(".py")
    return Path(*parts).with_suffix(".py")


def tests_for(module: str) -> list[str]:
    """The test files that import the module: the tests that can catch its bugs."""
    package, _, name = module.rpartition(".")
    needles = (f"{module} import", f"import {module}", f"from {package} import {name}", f"{package} import {name},", f", {name}\n")
    chosen = []
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        if any(needle in text for needle in needles[:4]) or (f"from {package} import" in text and f" {name}" in text):
            chosen.append(f"tests/{path.name}")
    return sorted(chosen, key=lambda test: not test.startswith(f"tests/test_{name}"))  # its own tests first


def trace(tree: Path, env: dict[str, str], relative: Path, tests: list[str], timeout: float) -> tuple[dict[int, list[str]], list[str], dict[str, float]]:
    """Run the chosen test files once on the unmutated copy: which tests run each line, which fail,
    and how long each took."""
    with tempfile.TemporaryDirectory(prefix="pirtui-trace-") as folder:
        out = Path(folder) / "trace.json"
        env = dict(env, MUTANTS_TRACE_FILE=str(tree / relative), MUTANTS_TRACE_OUT=str(out))
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "benchmarks.mutants_trace", "--hypothesis-profile=mutation", *tests]
        subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, timeout=timeout * 4)
        if not out.exists():
            sys.exit(f"mutants: the tracing run of {' '.join(tests)} wrote nothing")
        data = json.loads(out.read_text(encoding="utf-8"))
    return {int(line): ids for line, ids in data["lines"].items()}, data["failed"], data["seconds"]


def select(mutant: Mutant, hits: dict[int, list[str]], failed: list[str], seconds: dict[str, float], tests: list[str]) -> list[str]:
    """The tests to run against one mutant: those that run its lines (whole files at import level),
    the quickest first (pytest runs them in the order given, and -x stops at the first failure)."""
    if not mutant.in_function:
        return tests
    chosen = {test for line in mutant.lines for test in hits.get(line, ()) if test != "*" and test not in failed}
    return sorted(chosen, key=lambda test: (seconds.get(test, 0.0), test))


def accepted() -> dict[str, dict[str, str]]:
    """Survivors judged equivalent or accepted: {module: {description: why}}."""
    if not ACCEPTED.exists():
        return {}
    data = tomllib.loads(ACCEPTED.read_text(encoding="utf-8"))
    return {module: dict(entries) for module, entries in data.items()}


def run_one(tree: Path, env: dict[str, str], relative: Path, source: str, mutant: Mutant, tests: list[str], timeout: float) -> str:
    """Plant the mutant in its own copy of the module and run the tests: caught, survived or timeout."""
    if not tests:
        return "not run"
    with tempfile.TemporaryDirectory(prefix="pirtui-mutant-") as folder:
        copy = copy_tree_light(tree, Path(folder))
        (copy / relative).write_text(plant(source, mutant), encoding="utf-8")
        env = dict(env)
        env["PYTHONPATH"] = env["PYTHONPATH"].replace(str(tree), str(copy), 1)
        command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "--hypothesis-profile=mutation", *tests]
        try:
            result = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return "timeout"
        if result.returncode == 1:
            return "caught"
        if result.returncode == 0:
            return "survived"
        if result.returncode in (2, 4) and "ERROR collecting tests/" in result.stdout:
            # A test file could not even be imported (pytest stops: 2, or 4 when the chosen test ids
            # are then not found): the mutant breaks importing pirtui, which every user would see.
            return "import"
        return f"error {result.returncode}"


def copy_tree_light(tree: Path, into: Path) -> Path:
    """A copy of the prepared tree for one mutant (jobs run side by side, each in its own copy)."""
    copy = into / "tree"
    shutil.copytree(tree, copy, symlinks=True)
    return copy


def main() -> int:
    """Mutate each module, print one line per survivor and a score per module, then the total."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", default=list(WORD_KEEPERS))
    parser.add_argument("--busy", type=int, default=0, help="keep N busy loops running through the run (the loaded run)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--list", action="store_true", help="only list the mutants")
    parser.add_argument("--lines", default="", help="only the mutants on these lines (comma-separated), to recheck survivors")
    parser.add_argument("--tests", default="", help="these test files (comma-separated) instead of every file that imports the module")
    parser.add_argument("--verbose", action="store_true", help="print each mutant's result as it comes")
    parser.add_argument("--markdown", action="store_true", help="end with the scores and judged survivors as a Markdown table")
    args = parser.parse_args()
    known = accepted()
    only = {int(n) for n in args.lines.split(",") if n.strip()}
    rows: list[str] = []
    judged_rows: list[str] = []
    started = time.monotonic()
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)]
    try:
        scores = _run_all(args, known, only, rows, judged_rows)
    finally:
        for loop in busy:
            loop.kill()
            loop.wait()
    total_caught, total_judged, unexplained = scores
    if args.list:
        return 0
    overall = 100.0 * total_caught / total_judged if total_judged else 100.0
    print(f"\noverall: {total_caught}/{total_judged} = {overall:.1f}% of non-equivalent mutants caught "
          f"in {(time.monotonic() - started) / 60:.0f} minutes ({args.busy} busy loops, --jobs {args.jobs})")
    if args.markdown:
        print("\n| Module | Mutants | Equivalent | Caught | Score |\n|---|---|---|---|---|")
        print("\n".join(rows))
        if judged_rows:
            print("\n| Module | Survivor | Why |\n|---|---|---|")
            print("\n".join(judged_rows))
    return 1 if unexplained else 0


def _test_file(name: str) -> str:
    """`test_store` or `tests/test_store.py` as pytest's path, tests/test_store.py."""
    name = name.strip()
    name = name if name.startswith("tests/") else f"tests/{name}"
    return name if name.endswith(".py") else f"{name}.py"


def _run_all(args: argparse.Namespace, known: dict[str, dict[str, str]], only: set[int], rows: list[str], judged_rows: list[str]) -> tuple[int, int, int]:
    """Mutate each module in turn; returns (caught, non-equivalent, unexplained survivors) over all."""
    total_caught = total_judged = unexplained = 0
    with tempfile.TemporaryDirectory(prefix="pirtui-mutants-") as folder:
        tree = copy_tree(Path(folder))
        env = environment(tree)
        check_imports_the_copy(tree, env)
        for module in args.modules:
            relative = module_path(module)
            source = (ROOT / relative).read_text(encoding="utf-8")
            mutants = [m for m in find_mutants(source) if not only or m.line in only]
            named = [t for t in args.tests.split(",") if t.strip()] or list(WORD_KEEPERS.get(module, ()))
            tests = [_test_file(t) for t in named] or tests_for(module)
            began = time.monotonic()
            print(f"\n{module}: {len(mutants)} mutants, test files: {' '.join(t.removeprefix('tests/') for t in tests)}", flush=True)
            if args.list:
                for mutant in mutants:
                    print(f"  {mutant.describe()}")
                continue
            if not tests:
                print("  no test imports this module: every mutant survives")
            hits, failed, seconds = trace(tree, env, relative, tests, args.timeout) if tests else ({}, [], {})
            for test in failed:
                print(f"  left out, fails on the unmutated code: {test}")
            results = []
            with ThreadPoolExecutor(max_workers=args.jobs) as pool:
                runs = pool.map(lambda m: run_one(tree, env, relative, source, m, select(m, hits, failed, seconds, tests), args.timeout), mutants)
                for done, (mutant, result) in enumerate(zip(mutants, runs), 1):
                    results.append(result)
                    if args.verbose:
                        print(f"  [{done}/{len(mutants)}] {result:<8} {mutant.describe()}", flush=True)
            equivalent = 0
            caught = 0
            for mutant, result in zip(mutants, results):
                if result in ("caught", "timeout", "import"):
                    caught += 1
                    continue
                why = known.get(module, {}).get(mutant.describe())
                if why is not None and why.startswith("equivalent"):
                    equivalent += 1
                    print(f"  equivalent  {mutant.describe()}: {why}")
                elif why is not None:
                    print(f"  accepted    {mutant.describe()}: {why}")
                else:
                    unexplained += 1
                    print(f"  {result.upper():<11} {mutant.describe()}")
                if why is not None:
                    judged_rows.append(f"| {module} | {mutant.describe()} | {why} |")
            judged = len(mutants) - equivalent
            total_caught += caught
            total_judged += judged
            score = 100.0 * caught / judged if judged else 100.0
            minutes = (time.monotonic() - began) / 60
            print(f"  score {caught}/{judged} = {score:.1f}% of non-equivalent mutants caught ({len(mutants)} mutants, {equivalent} equivalent)", flush=True)
            print(f"  {minutes:.1f} minutes, load average {os.getloadavg()[0]:.1f} at the end", flush=True)
            rows.append(f"| {module} | {len(mutants)} | {equivalent} | {caught} | {score:.1f}% |")
    return total_caught, total_judged, unexplained


if __name__ == "__main__":
    sys.exit(main())
