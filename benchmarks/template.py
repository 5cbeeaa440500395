"""What templates-as-data cost at start-up: reading and checking the built-in template file,
generating its models, and importing the document core in a fresh process.

    python benchmarks/template.py [--base DIR]

With --base (a checkout of the commit before templates were data, e.g. `git archive aeaee71 |
tar -x -C DIR`), the fresh-process import is timed for both trees in the same run, alternating, so
the ratio holds on a busy machine.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMPORT = (
    "import time; t = time.perf_counter(); "
    "from pirtui.core.model import Review, new_review; from pirtui.core import sections, render; "
    "render.render(new_review('INC-1', '2024-01-01')); print(time.perf_counter() - t)"
)


def in_process(rounds: int = 50) -> None:
    """Median milliseconds to read and check the template file, and to generate its models."""
    from pirtui.core.template.loader import BUILTIN_FILE, load_text

    text = BUILTIN_FILE.read_text(encoding="utf-8")
    reads, builds = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        template = load_text(text, str(BUILTIN_FILE))
        middle = time.perf_counter()
        template.models.review()
        reads.append(middle - start)
        builds.append(time.perf_counter() - middle)
    print(f"read and check builtin.toml: {statistics.median(reads) * 1000:.1f} ms (median of {rounds})")
    print(f"generate its models (create_model) and build one Review: {statistics.median(builds) * 1000:.1f} ms")


def fresh_import(tree: Path) -> float:
    """Seconds to import the core, make and render a new review, in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", IMPORT], cwd="/", env={"PYTHONPATH": str(tree)},
                         capture_output=True, text=True, check=True)
    return float(out.stdout)


def main(argv: list[str]) -> None:
    """Print the figures."""
    in_process()
    trees = {"this tree": ROOT}
    if "--base" in argv:
        trees["base"] = Path(argv[argv.index("--base") + 1])
    times: dict[str, list[float]] = {name: [] for name in trees}
    for _ in range(15):
        for name, tree in trees.items():
            times[name].append(fresh_import(tree))
    for name, values in times.items():
        print(f"fresh process, import core + new + render ({name}): {statistics.median(values) * 1000:.0f} ms (median of 15)")
    if "base" in times:
        print(f"ratio this tree / base: {statistics.median(times['this tree']) / statistics.median(times['base']):.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
